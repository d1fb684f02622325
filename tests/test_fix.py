"""--fix, --unsafe-fixes and --diff: nothing lost, nothing half-written, stable results."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import libcst as cst
import pytest

from fitlint.diagnostics import Applicability, Diagnostic, Edit, Fix, Location
from fitlint.fix import apply_edits, fix_source, write_atomically
from fitlint.results import FileResult
from tests.conftest import RunFitlint, finding_lines, write

SCRIPT = """
from tensorflow import keras

model = keras.Sequential([keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit_generator(generator=batches(), steps_per_epoch=10, epochs=2, workers=4, use_multiprocessing=True)
loss = model.evaluate_generator(val(), steps=3)
""".lstrip()


def _codes(invoke_fitlint: RunFitlint, *args: str) -> list[str]:
    completed = invoke_fitlint(*args, "--output-format", "concise", "--no-cache")
    return [line.split(": ")[1].split()[0] for line in finding_lines(completed.stdout)]


def test_diff_writes_nothing_and_shows_the_rename(
    tmp_path: Path, invoke_fitlint: RunFitlint
) -> None:
    target = write(tmp_path / "train.py", SCRIPT)
    before = target.read_bytes()
    completed = invoke_fitlint("--diff", "train.py")
    assert completed.returncode == 1
    assert target.read_bytes() == before
    assert "-model.fit_generator(generator=batches()" in completed.stdout
    assert (
        "+model.fit(x=batches(), steps_per_epoch=10, epochs=2, workers=4, use_multiprocessing=True)"
        in completed.stdout
    )
    assert "+loss = model.evaluate(val(), steps=3, verbose=0)" in completed.stdout
    assert "Would fix 2 findings in 1 file." in completed.stderr


def test_fix_removes_every_fl003_finding_and_is_stable(
    tmp_path: Path, invoke_fitlint: RunFitlint
) -> None:
    target = write(tmp_path / "train.py", SCRIPT)
    completed = invoke_fitlint("--fix", "train.py")
    assert completed.stdout.startswith("Fixed 2 findings in 1 file.\n")
    fixed = target.read_bytes()
    cst.parse_module(fixed)  # the result parses
    # The rename keeps `workers=`, which Keras 3's fit rejects: that is still reported.
    assert completed.returncode == 1, completed.stdout
    assert _codes(invoke_fitlint, "train.py") == ["FL101"]
    assert invoke_fitlint("--fix", "train.py").returncode == 1
    assert target.read_bytes() == fixed  # a second --fix changes nothing
    assert invoke_fitlint("--fix", "--unsafe-fixes", "train.py").returncode == 0


def test_crlf_latin1_and_bom_are_kept(tmp_path: Path, invoke_fitlint: RunFitlint) -> None:
    crlf = tmp_path / "crlf.py"
    crlf.write_bytes(SCRIPT.replace("\n", "\r\n").encode())
    latin = tmp_path / "latin.py"
    latin.write_bytes(("# -*- coding: latin-1 -*-\n# café\n" + SCRIPT).encode("latin-1"))
    bom = tmp_path / "bom.py"
    bom.write_bytes(b"\xef\xbb\xbf" + SCRIPT.encode())
    assert invoke_fitlint("--fix", ".").returncode == 1  # FL101: `workers=` stays reported
    assert crlf.read_bytes().count(b"\r\n") == SCRIPT.count("\n")
    assert b"\n" not in crlf.read_bytes().replace(b"\r\n", b"")
    assert b"model.fit(x=batches()" in crlf.read_bytes()
    assert latin.read_bytes().decode("latin-1").startswith("# -*- coding: latin-1 -*-\n# café\n")
    assert "model.fit(x=batches()" in latin.read_bytes().decode("latin-1")
    assert bom.read_bytes().startswith(b"\xef\xbb\xbf")
    assert b"model.evaluate(val(), steps=3, verbose=0)" in bom.read_bytes()


def test_unsafe_fixes_also_remove_keras3_rejected_arguments(
    tmp_path: Path, invoke_fitlint: RunFitlint
) -> None:
    target = write(tmp_path / "train.py", SCRIPT)
    assert invoke_fitlint("--fix", "--unsafe-fixes", "train.py").returncode == 0
    text = target.read_text()
    assert "model.fit(x=batches(), steps_per_epoch=10, epochs=2)" in text
    cst.parse_module(text)


def test_keras2_has_no_unsafe_removal(tmp_path: Path, invoke_fitlint: RunFitlint) -> None:
    write(tmp_path / "fitlint.toml", "keras-version = 2\n")
    target = write(tmp_path / "train.py", SCRIPT)
    completed = invoke_fitlint("--fix", "--unsafe-fixes", "train.py")
    assert "workers=4, use_multiprocessing=True" in target.read_text()
    # What the upgrade to Keras 3 will break is still said, as a warning.
    assert completed.returncode == 1
    assert "FL101 `workers`, `use_multiprocessing` are accepted by Keras 2" in completed.stdout


def test_permissions_are_kept(tmp_path: Path, invoke_fitlint: RunFitlint) -> None:
    target = write(tmp_path / "train.py", SCRIPT)
    target.chmod(0o754)
    assert invoke_fitlint("--fix", "train.py").returncode == 1  # FL101 remains
    assert stat.S_IMODE(target.stat().st_mode) == 0o754
    assert list(tmp_path.glob(".train.py.*")) == []  # no temporary file left behind


def test_exit_non_zero_on_fix(tmp_path: Path, invoke_fitlint: RunFitlint) -> None:
    write(tmp_path / "train.py", SCRIPT)
    assert (
        invoke_fitlint("--fix", "--exit-non-zero-on-fix", "--show-fixes", "train.py").returncode
        == 1
    )


def test_read_only_file_is_an_error_and_unchanged(
    tmp_path: Path, invoke_fitlint: RunFitlint
) -> None:
    if os.geteuid() == 0:
        pytest.skip(
            "root can write read-only files; test_failed_write_leaves_the_file_whole covers it"
        )
    target = write(tmp_path / "train.py", SCRIPT)
    target.chmod(0o444)
    completed = invoke_fitlint("--fix", "train.py")
    assert completed.returncode == 2
    assert "train.py: not fixed: the file is not writable" in completed.stderr
    assert target.read_text() == SCRIPT


def test_failed_write_leaves_the_file_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = write(tmp_path / "train.py", SCRIPT)

    def refuse(source: str, destination: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    problem = write_atomically(target, b"new content")
    assert problem == f"{target.as_posix()}: not fixed: No space left on device"
    assert target.read_text() == SCRIPT
    assert [p.name for p in tmp_path.iterdir()] == ["train.py"]


def test_overlapping_fixes_apply_the_first_only() -> None:
    def fix(row: int, start: int, end: int, content: str) -> Fix:
        edit = Edit(content, Location(row, start), Location(row, end))
        return Fix(Applicability.SAFE, "m", (edit,))

    text, applied = apply_edits(
        "abcdef\nxyz\n", [fix(1, 1, 4, "X"), fix(1, 3, 5, "Y"), fix(2, 1, 2, "Z")]
    )
    assert text == "Xdef\nZyz\n"
    assert applied == [0, 2]


class _BreakingLinter:
    """Offers a fix whose result does not parse."""

    def lint_bytes(
        self, data: bytes, filename: str, path: object = None, **_: object
    ) -> FileResult:
        edit = Edit("(", Location(1, 1), Location(1, 1))
        diagnostic = Diagnostic(
            "FL003",
            "deprecated-fit-generator",
            "m",
            filename,
            Location(1, 1),
            Location(1, 2),
            fix=Fix(Applicability.SAFE, "m", (edit,)),
        )
        result = FileResult(filename)
        if not data.startswith(b"("):
            result.diagnostics.append(diagnostic)
        return result


def test_a_fix_that_would_not_parse_is_not_applied() -> None:
    outcome = fix_source(_BreakingLinter(), b"x = 1\n", "f.py", None, False)  # type: ignore[arg-type]
    assert not outcome.changed
    assert outcome.error is not None and "the result would not parse" in outcome.error

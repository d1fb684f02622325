"""Bad input: each case gives a clear diagnostic or a one-line error, the documented exit
code, every other file still linted, nothing written, nothing executed."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

from fitlint.batch import lint_files
from fitlint.config import Settings
from tests.conftest import BAD_TRAINING_SCRIPT, RunFitlint, finding_lines, write

BAD_LINE = "train.py:5:7: FL003"


def _run(run_fitlint: RunFitlint, tmp_path: Path, *args: str) -> tuple[int, str, str]:
    write(tmp_path / "train.py", BAD_TRAINING_SCRIPT)  # the file that must still be linted
    completed = run_fitlint(*args, "--output-format", "concise", "--no-cache")
    assert "Traceback" not in completed.stderr + completed.stdout
    return completed.returncode, completed.stdout, completed.stderr


@pytest.mark.parametrize(
    ("name", "content", "expected_code", "expected_text"),
    [
        ("empty.py", b"", 1, None),
        ("bom_only.py", b"\xef\xbb\xbf", 1, None),
        (
            "nul.py",
            b"import keras\x00\nmodel.fit_generator(g)\n",
            2,
            "FL000 file contains a NUL byte",
        ),
        (
            "latin1.py",
            "# -*- coding: latin-1 -*-\n# é\nimport keras\nm = keras.Sequential()\nm.fit_generator(g)\n".encode(
                "latin-1"
            ),
            1,
            "latin1.py:5:3: FL003",
        ),
        (
            "invalid_utf8.py",
            b"import keras\nx = '\xc3\x28'\nm.fit_generator(g)\n",
            2,
            "FL000 file is not valid utf-8",
        ),
        (
            "python2.py",
            b'import keras\nprint "x"\nm.fit_generator(g)\n',
            2,
            "FL000 syntax error: Missing parentheses",
        ),
        ("deep.py", ("x = " + "(" * 1000 + "1" + ")" * 1000 + "\n").encode(), 1, None),
    ],
)
def test_bad_files_named_explicitly(
    tmp_path: Path,
    run_fitlint: RunFitlint,
    name: str,
    content: bytes,
    expected_code: int,
    expected_text: str | None,
) -> None:
    (tmp_path / name).write_bytes(content)
    before = content
    code, out, _ = _run(run_fitlint, tmp_path, name, "train.py")
    assert code == expected_code
    assert BAD_LINE in out
    if expected_text is not None:
        assert expected_text in out
    assert (tmp_path / name).read_bytes() == before


def test_ten_megabyte_file(tmp_path: Path, run_fitlint: RunFitlint) -> None:
    filler = "".join(f"value_{i} = {i}  # fit the data later\n" for i in range(300_000))
    (tmp_path / "big.py").write_text(filler)
    assert (tmp_path / "big.py").stat().st_size > 10_000_000
    code, out, _ = _run(run_fitlint, tmp_path, ".")
    assert code == 1
    assert out.startswith(BAD_LINE)
    assert "(2 files checked)" in out


def test_directory_named_like_a_file_and_symlink_loop(
    tmp_path: Path, run_fitlint: RunFitlint
) -> None:
    write(tmp_path / "x.py" / "inner.py", BAD_TRAINING_SCRIPT)
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    code, out, _ = _run(run_fitlint, tmp_path, ".")
    assert code == 1
    assert sorted(line.split(":")[0] for line in finding_lines(out)) == [
        "train.py",
        "x.py/inner.py",
    ]


def test_non_utf8_file_name(tmp_path: Path, run_fitlint: RunFitlint) -> None:
    name = os.fsdecode(b"caf\xe9.py")
    (tmp_path / name).write_text(BAD_TRAINING_SCRIPT)
    code, out, _ = _run(run_fitlint, tmp_path, ".")
    assert code == 1
    assert len(finding_lines(out)) == 2


def test_unreadable_and_vanished_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "train.py", BAD_TRAINING_SCRIPT)
    write(tmp_path / "secret.py", BAD_TRAINING_SCRIPT)
    original = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "secret.py":
            raise PermissionError(13, "Permission denied")
        return original(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    monkeypatch.chdir(tmp_path)
    files = [
        Path("gone.py"),
        Path("secret.py"),
        Path("train.py"),
    ]  # gone.py: deleted after discovery
    results = lint_files(files, frozenset(files), Settings(project_root=tmp_path), jobs=1)
    assert results[0].errors == ["gone.py: cannot read file: No such file or directory"]
    assert results[1].errors == ["secret.py: cannot read file: Permission denied"]
    assert [d.code for d in results[2].diagnostics] == ["FL003"]


def test_linting_never_executes_the_code(tmp_path: Path, run_fitlint: RunFitlint) -> None:
    marker = tmp_path / "executed"
    write(
        tmp_path / "evil.py",
        f"""
        import pathlib
        pathlib.Path({str(marker)!r}).write_text("ran")
        while True:
            pass
        import keras
        model = keras.Sequential()
        model.fit_generator(g, steps_per_epoch=1)
        """,
    )
    started = time.monotonic()
    code, out, _ = _run(run_fitlint, tmp_path, "evil.py", "train.py")
    assert time.monotonic() - started < 60
    assert code == 1
    assert "evil.py:7:7: FL003" in out
    assert not marker.exists()
    assert "evil" not in "".join(sys.modules)

"""Discovery: which files a run lints (in-process, `invoke_fitlint`, except what needs the real
process: standard input, and a walk that could hang)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.conftest import BAD_TRAINING_SCRIPT, RunFitlint, finding_lines, write
from tests.notebooks import notebook_json


def _linted(run: RunFitlint, *args: str, cwd: Path | None = None) -> list[str]:
    completed = run(*args, "--output-format", "concise", cwd=cwd)
    assert completed.returncode in (0, 1), completed.stderr
    return sorted(line.split(":")[0] for line in finding_lines(completed.stdout))


def test_py_and_pyi_are_discovered_other_suffixes_are_not(
    tmp_path: Path, invoke_fitlint: RunFitlint
) -> None:
    write(tmp_path / "a.py", BAD_TRAINING_SCRIPT)
    write(tmp_path / "b.pyi", BAD_TRAINING_SCRIPT)
    write(tmp_path / "c.txt", BAD_TRAINING_SCRIPT)
    write(tmp_path / "d.pyc.bak", BAD_TRAINING_SCRIPT)
    assert _linted(invoke_fitlint, ".") == ["a.py", "b.pyi"]


def test_explicit_file_is_linted_whatever_its_suffix(
    tmp_path: Path, invoke_fitlint: RunFitlint
) -> None:
    write(tmp_path / "train", BAD_TRAINING_SCRIPT)
    assert _linted(invoke_fitlint, "train") == ["train"]


def test_a_notebook_named_explicitly_is_linted_as_a_notebook(
    tmp_path: Path, invoke_fitlint: RunFitlint
) -> None:
    # Its JSON would parse as a Python dict literal: it must be read as a notebook instead.
    notebook = notebook_json([BAD_TRAINING_SCRIPT.strip()])
    (tmp_path / "train.ipynb").write_text(notebook)
    write(tmp_path / "train.py", BAD_TRAINING_SCRIPT)
    completed = invoke_fitlint("train.ipynb", "train.py", "--output-format", "concise")
    assert completed.returncode == 1
    assert completed.stdout.startswith("train.ipynb:cell 1:5:7: FL003")
    assert "train.py:5:7: FL003" in completed.stdout
    assert "(2 files checked)" in completed.stdout


def test_gitignore_is_honoured_in_a_repository(tmp_path: Path, invoke_fitlint: RunFitlint) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    write(tmp_path / ".gitignore", "generated/\n*_autogen.py\n!keep_autogen.py\n")
    write(tmp_path / "generated" / "train.py", BAD_TRAINING_SCRIPT)
    write(tmp_path / "src" / "x_autogen.py", BAD_TRAINING_SCRIPT)
    write(tmp_path / "src" / "keep_autogen.py", BAD_TRAINING_SCRIPT)
    write(tmp_path / "src" / "nested" / ".gitignore", "local.py\n")
    write(tmp_path / "src" / "nested" / "local.py", BAD_TRAINING_SCRIPT)
    write(tmp_path / "src" / "train.py", BAD_TRAINING_SCRIPT)
    assert _linted(invoke_fitlint, ".") == ["src/keep_autogen.py", "src/train.py"]
    # Walking a subdirectory still applies the repository root's .gitignore.
    assert _linted(invoke_fitlint, ".", cwd=tmp_path / "src") == ["keep_autogen.py", "train.py"]


def test_explicit_excluded_file_is_linted_unless_force_exclude(
    tmp_path: Path, invoke_fitlint: RunFitlint, run_fitlint: RunFitlint
) -> None:
    write(tmp_path / "fitlint.toml", 'extend-exclude = ["legacy.py"]\n')
    write(tmp_path / "legacy.py", BAD_TRAINING_SCRIPT)
    assert _linted(invoke_fitlint, "legacy.py") == ["legacy.py"]
    assert _linted(invoke_fitlint, "--force-exclude", "legacy.py") == []
    # Standard input goes through the real process.
    completed = run_fitlint(
        "--force-exclude", "--stdin-filename", "legacy.py", "-", stdin=BAD_TRAINING_SCRIPT
    )
    assert completed.returncode == 0
    assert completed.stdout == "All checks passed (0 files checked).\n"


def test_symlinked_directory_loop_does_not_hang(tmp_path: Path, run_fitlint: RunFitlint) -> None:
    # The installed command, with its timeout: a hang fails this test, not the whole suite.
    write(tmp_path / "pkg" / "train.py", BAD_TRAINING_SCRIPT)
    (tmp_path / "pkg" / "loop").symlink_to(tmp_path / "pkg", target_is_directory=True)
    assert _linted(run_fitlint, ".") == ["pkg/train.py"]


def test_duplicate_paths_are_linted_once(tmp_path: Path, invoke_fitlint: RunFitlint) -> None:
    write(tmp_path / "train.py", BAD_TRAINING_SCRIPT)
    assert _linted(invoke_fitlint, "train.py", ".", "./train.py") == ["train.py"]

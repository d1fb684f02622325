"""The pre-commit hook, run by real pre-commit against this repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import BAD_TRAINING_SCRIPT, CLEAN_TRAINING_SCRIPT, REPO_ROOT, write

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="pre-commit needs git")


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # One hook environment for the module: pre-commit builds it once per repository revision.
    return tmp_path_factory.mktemp("pre-commit-home")


def _git_repository(path: Path, files: dict[str, str]) -> Path:
    path.mkdir()
    subprocess.run(["git", "init", "-q"], cwd=path, check=True)
    for name, source in files.items():
        write(path / name, source)
    subprocess.run(["git", "add", "."], cwd=path, check=True)
    return path


def _try_repo(repository: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PRE_COMMIT_HOME=str(home), PRE_COMMIT_COLOR="never")
    env.pop("FITLINT_OUTPUT_FORMAT", None)
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(REPO_ROOT), "fitlint", "--all-files"],
        cwd=repository,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def test_hook_fails_on_a_bad_training_script(tmp_path: Path, pre_commit_home: Path) -> None:
    repository = _git_repository(
        tmp_path / "bad",
        {"train.py": BAD_TRAINING_SCRIPT, "notes.txt": "model.fit_generator(x)\n"},
    )
    completed = _try_repo(repository, pre_commit_home)
    output = completed.stdout + completed.stderr
    assert completed.returncode == 1, output
    assert "fitlint" in output and "Failed" in output
    assert "train.py:5:7: FL003" in output
    assert "notes.txt" not in output


def test_hook_passes_on_a_clean_repository(tmp_path: Path, pre_commit_home: Path) -> None:
    repository = _git_repository(
        tmp_path / "clean",
        {"train.py": CLEAN_TRAINING_SCRIPT, "stubs.pyi": "def fit_generator() -> None: ...\n"},
    )
    completed = _try_repo(repository, pre_commit_home)
    output = completed.stdout + completed.stderr
    assert completed.returncode == 0, output
    assert "Passed" in output

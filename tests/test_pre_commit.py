"""The pre-commit hook, run by real pre-commit against this repository."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import BAD_TRAINING_SCRIPT, CLEAN_TRAINING_SCRIPT, REPO_ROOT, write
from tests.notebooks import notebook_json

# A notebook whose second cell (after a markdown cell) calls fit_generator.
BAD_NOTEBOOK = notebook_json(
    [("markdown", "# Experiment"), BAD_TRAINING_SCRIPT.strip(), "%matplotlib inline"]
)
CLEAN_NOTEBOOK = notebook_json([CLEAN_TRAINING_SCRIPT.strip(), "!nvidia-smi"])

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="pre-commit needs git")


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # One hook environment for the module: pre-commit builds it once per repository revision.
    return tmp_path_factory.mktemp("pre-commit-home")


def _git(*args: str, cwd: Path, env: dict[str, str] | None = None) -> str:
    completed = subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True
    )
    return completed.stdout.strip()


@pytest.fixture(scope="module")
def hook_config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A `.pre-commit-config.yaml` using the `fitlint` hook of this checkout's working tree at
    one fixed revision, so that the module's runs share one hook environment. The revision
    is made the way `pre-commit try-repo` makes one for a checkout with uncommitted changes:
    a clone at HEAD, the working tree's changes added to the clone's index and objects (this
    checkout's own are left alone), committed; new files not ignored by git are added too."""
    base = tmp_path_factory.mktemp("hook-repository")
    shadow = base / "shadow-repo"
    subprocess.run(["git", "clone", "-q", str(REPO_ROOT), str(shadow)], check=True)
    head = _git("rev-parse", "HEAD", cwd=REPO_ROOT)
    _git("checkout", "-q", head, "-b", "_pc_tmp", cwd=shadow)
    env = dict(
        os.environ,
        GIT_INDEX_FILE=_git(
            "rev-parse", "--path-format=absolute", "--git-path", "index", cwd=shadow
        ),
        GIT_OBJECT_DIRECTORY=_git(
            "rev-parse", "--path-format=absolute", "--git-path", "objects", cwd=shadow
        ),
    )
    _git("add", "--all", cwd=REPO_ROOT, env=env)
    _git(
        "-c",
        "user.name=fitlint tests",
        "-c",
        "user.email=tests@fitlint.invalid",
        "commit",
        "-q",
        "--no-verify",
        "--no-gpg-sign",
        "--allow-empty",
        "-m",
        "the working tree under test",
        cwd=shadow,
    )
    revision = _git("rev-parse", "HEAD", cwd=shadow)
    config = base / ".pre-commit-config.yaml"
    config.write_text(
        f"repos:\n- repo: {json.dumps(str(shadow))}\n  rev: {revision}\n  hooks:\n  - id: fitlint\n",
        encoding="utf-8",
    )
    return config


def _git_repository(path: Path, files: dict[str, str]) -> Path:
    path.mkdir()
    subprocess.run(["git", "init", "-q"], cwd=path, check=True)
    for name, source in files.items():
        write(path / name, source)
    subprocess.run(["git", "add", "."], cwd=path, check=True)
    return path


def _run_hook(repository: Path, config: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PRE_COMMIT_HOME=str(home), PRE_COMMIT_COLOR="never")
    env.pop("FITLINT_OUTPUT_FORMAT", None)
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--config", str(config), "--all-files"],
        cwd=repository,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def test_hook_fails_on_a_bad_training_script(
    tmp_path: Path, hook_config: Path, pre_commit_home: Path
) -> None:
    repository = _git_repository(
        tmp_path / "bad",
        {
            "train.py": BAD_TRAINING_SCRIPT,
            "notes.txt": "model.fit_generator(x)\n",
            "experiment.ipynb": BAD_NOTEBOOK,
        },
    )
    completed = _run_hook(repository, hook_config, pre_commit_home)
    output = completed.stdout + completed.stderr
    assert completed.returncode == 1, output
    assert "fitlint" in output and "Failed" in output
    assert "train.py:5:7: FL003" in output
    assert "experiment.ipynb:cell 2:5:7: FL003" in output  # pre-commit hands it notebooks
    # One run (require_serial), so one summary, not one per batch of files.
    assert output.count("file checked)") + output.count("files checked)") == 1
    assert "notes.txt" not in output


def test_hook_passes_on_a_clean_repository(
    tmp_path: Path, hook_config: Path, pre_commit_home: Path
) -> None:
    repository = _git_repository(
        tmp_path / "clean",
        {
            "train.py": CLEAN_TRAINING_SCRIPT,
            "stubs.pyi": "def fit_generator() -> None: ...\n",
            "clean.ipynb": CLEAN_NOTEBOOK,
        },
    )
    completed = _run_hook(repository, hook_config, pre_commit_home)
    output = completed.stdout + completed.stderr
    assert completed.returncode == 0, output
    assert "Passed" in output


def test_the_readmes_local_hook_works_as_written(tmp_path: Path, pre_commit_home: Path) -> None:
    """The README's `repo: local` snippet, copied from the README, with fitlint installed."""
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## pre-commit", 1)[1]
    snippet = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    assert "repo: local" in snippet
    repository = _git_repository(tmp_path / "local", {"train.py": BAD_TRAINING_SCRIPT})
    config = repository / ".pre-commit-config.yaml"
    config.write_text(snippet, encoding="utf-8")
    env_bin = str(Path(sys.executable).parent)
    completed = subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--config", str(config), "--all-files"],
        cwd=repository,
        env=dict(
            os.environ,
            PRE_COMMIT_HOME=str(pre_commit_home),
            PRE_COMMIT_COLOR="never",
            PATH=env_bin + os.pathsep + os.environ.get("PATH", ""),
        ),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    output = completed.stdout + completed.stderr
    assert completed.returncode == 1, output
    assert "train.py:5:7: FL003" in output

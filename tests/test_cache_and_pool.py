"""The cache, the prefilter and the process pool change speed, never findings."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import BAD_TRAINING_SCRIPT, CLEAN_TRAINING_SCRIPT, REPO_ROOT, RunFitlint, write


def _corpus(root: Path) -> Path:
    """A project with many files: the rule catalog's examples several times over, clean
    files, files no rule could fire on, and a broken file."""
    for copy in range(4):
        for rule_dir in sorted((REPO_ROOT / "rules").iterdir()):
            if not (rule_dir / "bad.py").is_file():
                continue  # not a rule folder, or FL000's (a page only)
            for name in ("bad.py", "good.py"):
                target = root / f"copy{copy}" / rule_dir.name.replace("-", "_") / name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes((rule_dir / name).read_bytes())
    for index in range(20):
        write(
            root / "plain" / f"module{index}.py",
            f"def helper_{index}(a):\n    return a + {index}\n",
        )
        write(root / "train" / f"clean{index}.py", CLEAN_TRAINING_SCRIPT)
    write(root / "train" / "broken.py", "import keras\nmodel.fit_generator(\n")
    return root


def _findings(run_fitlint: RunFitlint, root: Path, *args: str) -> list[dict[str, object]]:
    completed = run_fitlint(".", "--output-format", "json", *args, cwd=root)
    assert completed.returncode == 2, completed.stderr  # the broken file
    items = json.loads(completed.stdout)
    for item in items:
        item.pop("filename")  # absolute paths differ between temporary directories
    return items


def test_identical_findings_with_and_without_cache_prefilter_and_pool(
    tmp_path: Path, run_fitlint: RunFitlint
) -> None:
    root = _corpus(tmp_path / "project")
    baseline = _findings(run_fitlint, root, "--no-cache", "--jobs", "1")
    assert len(baseline) > 100
    assert _findings(run_fitlint, root, "--no-cache", "--jobs", "4") == baseline
    assert _findings(run_fitlint, root, "--jobs", "2") == baseline  # cold, fills the cache
    assert _findings(run_fitlint, root, "--jobs", "2") == baseline  # warm
    assert _findings(run_fitlint, root, "--jobs", "1") == baseline  # warm, other job count
    # Without the prefilter (every file named explicitly) the rule findings are the same.
    files = sorted(str(p.relative_to(root)) for p in root.rglob("*.py"))
    completed = run_fitlint(*files, "--output-format", "json", "--no-cache", cwd=root)
    everything = json.loads(completed.stdout)
    for item in everything:
        item.pop("filename")
    assert [i for i in everything if i["code"] != "FL000"] == [
        i for i in baseline if i["code"] != "FL000"
    ]


def test_cache_directory_is_tagged_and_ignored(tmp_path: Path, run_fitlint: RunFitlint) -> None:
    write(tmp_path / "train.py", BAD_TRAINING_SCRIPT)
    assert run_fitlint(".").returncode == 1
    cache = tmp_path / ".fitlint_cache"
    assert (
        (cache / "CACHEDIR.TAG")
        .read_text()
        .startswith("Signature: 8a477f597d28d172789f06886806bc55")
    )
    assert (cache / ".gitignore").read_text() == "*\n"
    assert len(list(cache.glob("*.json"))) == 1


def test_no_cache_writes_nothing_and_cache_dir_options(
    tmp_path: Path, run_fitlint: RunFitlint
) -> None:
    write(tmp_path / "train.py", BAD_TRAINING_SCRIPT)
    assert run_fitlint("--no-cache", ".").returncode == 1
    assert not (tmp_path / ".fitlint_cache").exists()
    assert run_fitlint("--cache-dir", "elsewhere", ".").returncode == 1
    assert (tmp_path / "elsewhere" / "CACHEDIR.TAG").exists()
    env = dict(os.environ, FITLINT_CACHE_DIR=str(tmp_path / "from-env"))
    completed = subprocess.run(
        [sys.executable, "-m", "fitlint", "."],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        check=False,
    )
    assert completed.returncode == 1
    assert (tmp_path / "from-env" / "CACHEDIR.TAG").exists()


def test_a_changed_file_is_linted_again(tmp_path: Path, run_fitlint: RunFitlint) -> None:
    target = write(tmp_path / "train.py", BAD_TRAINING_SCRIPT)
    assert run_fitlint(".").returncode == 1
    target.write_text(CLEAN_TRAINING_SCRIPT)
    assert run_fitlint(".").returncode == 0
    target.write_text(BAD_TRAINING_SCRIPT)
    assert run_fitlint(".").returncode == 1


def test_changed_settings_do_not_reuse_results(tmp_path: Path, run_fitlint: RunFitlint) -> None:
    write(tmp_path / "train.py", BAD_TRAINING_SCRIPT)
    assert run_fitlint(".").returncode == 1
    write(tmp_path / "fitlint.toml", 'ignore = ["FL003"]\n')
    assert run_fitlint(".").returncode == 0


def test_a_fully_cached_run_does_not_import_libcst(tmp_path: Path, run_fitlint: RunFitlint) -> None:
    write(tmp_path / "train.py", BAD_TRAINING_SCRIPT)
    write(tmp_path / "other.py", CLEAN_TRAINING_SCRIPT)
    assert run_fitlint(".").returncode == 1  # fills the cache
    probe = (
        "import sys\nfrom fitlint.cli import main\nsys.argv = ['fitlint', '.', '-q']\n"
        "try:\n    main()\nexcept SystemExit as exit:\n    code = exit.code\n"
        "print(code, 'libcst' in sys.modules, file=sys.stderr)\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert completed.stderr.strip().splitlines()[-1] == "1 False"
    assert "train.py:5:7: FL003" in completed.stdout


def test_corrupt_cache_is_ignored(tmp_path: Path, run_fitlint: RunFitlint) -> None:
    write(tmp_path / "train.py", BAD_TRAINING_SCRIPT)
    assert run_fitlint(".").returncode == 1
    for cache_file in (tmp_path / ".fitlint_cache").glob("*.json"):
        cache_file.write_text("{not json")
    completed = run_fitlint(".")
    assert completed.returncode == 1
    assert "Traceback" not in completed.stderr


def test_files_are_linted_a_window_at_a_time_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With windows of a few files, results are the same and in file order, and the pool
    started for the first window serves the later ones."""
    import fitlint.batch as batch
    from fitlint.config import Settings

    files = []
    for index in range(60):
        script = BAD_TRAINING_SCRIPT if index % 3 == 0 else CLEAN_TRAINING_SCRIPT
        files.append(write(tmp_path / f"train_{index:02d}.py", script))
    settings = Settings(project_root=tmp_path)
    whole = batch.lint_files(files, frozenset(), settings, jobs=1)
    started: list[int] = []
    real_start = batch._Workers.lint

    def counting(self: batch._Workers, work: list[batch.Job]) -> list[batch.FileResult]:
        started.append(len(work))
        return real_start(self, work)

    monkeypatch.setattr(batch, "WINDOW_BYTES", 30 * len(BAD_TRAINING_SCRIPT))
    monkeypatch.setattr(batch._Workers, "lint", counting)
    windowed = batch.lint_files(files, frozenset(), settings, jobs=2)
    assert len(started) >= 2  # more than one window
    assert [r.filename for r in windowed] == [f.as_posix() for f in files]
    assert [[d.to_dict() for d in r.diagnostics] for r in windowed] == [
        [d.to_dict() for d in r.diagnostics] for r in whole
    ]
    assert sum(1 for r in windowed if r.diagnostics) == 20


def test_runs_from_another_directory_share_the_cache(
    tmp_path: Path, invoke_fitlint: RunFitlint
) -> None:
    # Entries are named by the path from the project root (where the config is), so a run
    # from src/ finds what a run from the root kept, and reports the name it was given.
    write(tmp_path / "fitlint.toml", "")
    write(tmp_path / "src" / "train.py", BAD_TRAINING_SCRIPT)
    assert invoke_fitlint(".", cwd=tmp_path).returncode == 1
    (cache_file,) = (tmp_path / ".fitlint_cache").glob("*.json")
    entries = json.loads(cache_file.read_text())
    assert list(entries) == ["src/train.py"]
    entries["src/train.py"]["diagnostics"][0]["message"] = "remembered"
    cache_file.write_text(json.dumps(entries))
    completed = invoke_fitlint("train.py", "--output-format", "concise", cwd=tmp_path / "src")
    assert completed.stdout.splitlines()[0] == "train.py:5:7: FL003 [*] remembered"


def test_what_the_cache_holds_never_changes_a_walk_or_an_explicit_file(
    tmp_path: Path, invoke_fitlint: RunFitlint
) -> None:
    # A broken file no rule could fire on: a walk prefilters it away (clean), naming it
    # parses it (FL000), whichever of the two runs first and fills the cache.
    write(tmp_path / "helper.py", "def f(:\n    pass\n")
    for order in (("explicit", "walk", "explicit"), ("walk", "explicit", "walk")):
        for cache_dir in tmp_path.glob(".fitlint_cache"):
            for item in cache_dir.iterdir():
                item.unlink()
        for how in order:
            completed = invoke_fitlint("helper.py" if how == "explicit" else ".", cwd=tmp_path)
            assert completed.returncode == (2 if how == "explicit" else 0), (order, how)

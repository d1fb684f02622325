"""Run records: an unchanged `fitlint check` is replayed before click or LibCST is imported,
and any change to what the run consulted makes it run for real again, with the same output
as a run without any cache."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from fitlint import replay
from tests.conftest import BAD_TRAINING_SCRIPT, CLEAN_TRAINING_SCRIPT, fitlint_executable, write

# A record is written only for inputs older than the run's start minus this (racy files).
SETTLE = replay.RACY_SECONDS + 0.2


class Outcome:
    def __init__(self, completed: subprocess.CompletedProcess[bytes]) -> None:
        lines = completed.stderr.decode().splitlines(keepends=True)
        imported = [line for line in lines if line.startswith("import time:")]
        self.stdout = completed.stdout.decode()
        self.stderr = "".join(line for line in lines if not line.startswith("import time:"))
        self.code = completed.returncode
        self.modules = {line.split("|")[-1].strip() for line in imported}

    @property
    def replayed(self) -> bool:
        assert self.modules, "PYTHONPROFILEIMPORTTIME did not report any import"
        return "fitlint.replay" in self.modules and "click" not in self.modules

    def shown(self) -> tuple[str, str, int]:
        return self.stdout, self.stderr, self.code


Run = Callable[..., Outcome]


def _run(cwd: Path, *args: str, **environment: str) -> Outcome:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FITLINT_")}
    env.update(environment, PYTHONPROFILEIMPORTTIME="1")
    completed = subprocess.run(
        [fitlint_executable(), *args], cwd=cwd, capture_output=True, env=env, timeout=120
    )
    return Outcome(completed)


def _project(root: Path) -> Path:
    write(root / "train" / "bad.py", BAD_TRAINING_SCRIPT)
    write(root / "train" / "clean.py", CLEAN_TRAINING_SCRIPT)
    write(root / "lib" / "util.py", "def add(a, b):\n    return a + b\n")
    write(root / "lib" / "deeper" / "more.py", "VALUE = 1\n")
    return root


CASES = (
    "unchanged",
    "formats",
    "edited",
    "added",
    "removed",
    "gitignore",
    "parent_config",
    "environment",
    "cwd",
    "default_cache",
    "damaged",
    "dependency",
)


@pytest.fixture(scope="module")
def projects(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One project per test, all created at once and left to settle once."""
    base = tmp_path_factory.mktemp("replay")
    made = {case: _project(base / case / "project") for case in CASES}
    # A training script whose model class lives in another module of the project.
    write(made["dependency"] / "nets.py", "def UNet():\n    return build()\n")
    write(
        made["dependency"] / "train" / "unet.py",
        "import keras\nfrom nets import UNet\nmodel = UNet()\n"
        "model.fit_generator(batches, steps_per_epoch=10)\n",
    )
    time.sleep(SETTLE)
    return made


def _fresh(project: Path, *args: str, **environment: str) -> tuple[str, str, int]:
    """What a run with no cache and no record prints."""
    return _run(project, *args, "--no-cache", **environment).shown()


def _recorded(project: Path, *args: str, **environment: str) -> Outcome:
    """Record a run, then check that repeating it is a replay with the same output."""
    first = _run(project, *args, **environment)
    assert not first.replayed
    again = _run(project, *args, **environment)
    assert again.replayed, again.stderr
    assert again.shown() == first.shown()
    return again


def test_an_unchanged_run_is_replayed_without_click_or_libcst(projects: dict[str, Path]) -> None:
    project = projects["unchanged"]
    args = (".", "--cache-dir", "../cache")
    expected = _fresh(project, *args)
    assert expected[2] == 1 and "FL003" in expected[0]
    replayed = _recorded(project, *args)
    assert replayed.shown() == expected
    assert not any(
        module.startswith(("libcst", "click", "pathspec")) for module in replayed.modules
    )
    assert (project.parent / "cache" / replay.RUNS_DIR).is_dir()


@pytest.mark.parametrize(
    "options",
    [
        ("--output-format", "concise"),
        ("--output-format", "json"),
        ("--output-format", "sarif"),
        ("--output-format", "github"),
        ("--statistics",),
        ("-q", "--exit-zero"),
    ],
)
def test_every_output_format_replays_exactly(
    projects: dict[str, Path], options: tuple[str, ...]
) -> None:
    project = projects["formats"]
    args = (*options, "--cache-dir", "../cache")
    assert _recorded(project, *args).shown() == _fresh(project, *args)


def test_an_edited_file_is_linted_again_even_with_its_size_and_mtime_kept(
    projects: dict[str, Path],
) -> None:
    project = projects["edited"]
    args = (".", "--cache-dir", "../cache")
    _recorded(project, *args)
    bad = project / "train" / "bad.py"
    status = bad.stat()
    text = bad.read_text()
    # Same length, same mtime: only the ctime (which cannot be set back) tells.
    bad.write_text(text.replace("fit_generator(", "fit_gener8tor("))
    os.utime(bad, ns=(status.st_atime_ns, status.st_mtime_ns))
    assert bad.stat().st_size == status.st_size
    after = _run(project, *args)
    assert not after.replayed
    assert after.shown() == _fresh(project, *args)
    assert after.code == 0


def test_a_new_file_in_a_walked_directory_is_linted(projects: dict[str, Path]) -> None:
    project = projects["added"]
    args = ("--cache-dir", "../cache", "--output-format", "concise")
    _recorded(project, *args)
    write(project / "lib" / "deeper" / "new_train.py", BAD_TRAINING_SCRIPT)
    after = _run(project, *args)
    assert not after.replayed
    assert "new_train.py" in after.stdout
    assert after.shown() == _fresh(project, *args)


def test_a_removed_file_is_no_longer_reported(projects: dict[str, Path]) -> None:
    project = projects["removed"]
    args = ("--cache-dir", "../cache")
    _recorded(project, *args)
    (project / "train" / "bad.py").unlink()
    after = _run(project, *args)
    assert not after.replayed
    assert after.code == 0 and after.shown() == _fresh(project, *args)


def test_a_new_gitignore_is_honoured(projects: dict[str, Path]) -> None:
    project = projects["gitignore"]
    args = ("--cache-dir", "../cache")
    _recorded(project, *args)
    (project / "train" / ".gitignore").write_text("bad.py\n")
    after = _run(project, *args)
    assert not after.replayed
    assert after.code == 0 and after.shown() == _fresh(project, *args)


def test_a_config_file_created_above_the_project_is_found(projects: dict[str, Path]) -> None:
    project = projects["parent_config"]
    args = ("--cache-dir", "../cache")
    _recorded(project, *args)
    (project.parent / "fitlint.toml").write_text('ignore = ["FL003"]\n')
    after = _run(project, *args)
    assert not after.replayed
    assert after.code == 0 and after.shown() == _fresh(project, *args)


def test_the_environment_and_the_working_directory_are_part_of_the_key(
    projects: dict[str, Path],
) -> None:
    project = projects["environment"]
    args = ("train", "--cache-dir", "../cache")
    _recorded(project, *args)
    as_json = _run(project, *args, FITLINT_OUTPUT_FORMAT="json")
    assert not as_json.replayed
    assert as_json.stdout.startswith("[")
    assert as_json.shown() == _fresh(project, *args, FITLINT_OUTPUT_FORMAT="json")

    elsewhere = projects["cwd"]
    _recorded(elsewhere / "train", "bad.py", "--cache-dir", "../../cache")
    from_parent = _run(elsewhere, "bad.py", "--cache-dir", "../cache")
    assert not from_parent.replayed
    assert from_parent.code == 2 and "bad.py: no such file or directory" in from_parent.stderr


def test_a_changed_module_the_result_looked_into_is_noticed(projects: dict[str, Path]) -> None:
    project = projects["dependency"]
    args = ("train/unet.py", "--cache-dir", "../cache", "--output-format", "concise")
    assert "FL003" in _recorded(project, *args).stdout  # UNet is a builder function
    # The same name as a class with its own fit_generator: the call is not Keras's.
    (project / "nets.py").write_text(
        "class UNet:\n    def fit_generator(self, batches, **kwargs):\n        pass\n"
    )
    after = _run(project, *args)
    assert not after.replayed
    assert "FL003" not in after.stdout
    assert after.shown() == _fresh(project, *args)


def test_a_run_over_just_written_files_keeps_no_record(tmp_path: Path) -> None:
    # A file edited in the same timestamp tick as a run read it could later look unchanged
    # (git's racy-clean problem): a run that started within RACY_SECONDS of any signature it
    # took keeps no record, and one that started later does. The clock is the recorder's.
    source = write(tmp_path / "train.py", BAD_TRAINING_SCRIPT)
    status = os.stat(source)
    written = max(status.st_mtime_ns, status.st_ctime_ns)
    window = replay.RACY_SECONDS * 1_000_000_000
    cache = tmp_path / "cache"
    runs = cache / replay.RUNS_DIR
    for started, kept in ((written + window - 1, False), (written + window + 1, True)):
        recorder = replay.Recorder(["train.py"], started_ns=started)
        recorder.observe(source)
        recorder.echo("train.py:5:7: FL003 ...\n", False)
        recorder.save(str(cache), 1)
        assert runs.is_dir() is kept
    assert len(list(runs.iterdir())) == 1


def test_the_replay_scanner_knows_every_option_of_check() -> None:
    # An option the scanner does not know makes a run real (safe, but never replayed): each
    # of `check`'s options is either replayable (a value or a flag, part of the run's key)
    # or one that always runs for real.
    import click

    from fitlint.cli import check, cli

    options = {
        name
        for parameter in check.params
        if isinstance(parameter, click.Option)
        for name in (*parameter.opts, *parameter.secondary_opts)
    }
    value_options = {
        name
        for parameter in check.params
        if isinstance(parameter, click.Option) and not parameter.is_flag
        for name in parameter.opts
    }
    known = replay._VALUE_OPTIONS | replay._REPLAYABLE_FLAGS | replay._NEVER_REPLAYED
    assert options | {"-h", "--help"} == known
    assert value_options - replay._NEVER_REPLAYED == replay._VALUE_OPTIONS
    assert set(cli.commands) == replay._SUBCOMMANDS


def test_the_default_cache_beside_the_project_replays_from_the_third_run(
    projects: dict[str, Path],
) -> None:
    project = projects["default_cache"]
    args = (".",)
    first = _run(project, *args)  # creates .fitlint_cache, which changes the project's mtime
    assert (project / ".fitlint_cache").is_dir()
    time.sleep(SETTLE)
    second = _run(project, *args)
    third = _run(project, *args)
    assert not first.replayed and not second.replayed and third.replayed
    assert first.shown() == second.shown() == third.shown() == _fresh(project, *args)


@pytest.mark.parametrize(
    "argv",
    [
        ["--fix"],
        ["--diff"],
        ["--no-cache"],
        ["--debug"],
        ["-"],
        ["--stdin-filename", "x.py"],
        ["rule", "FL003"],
        ["rules"],
        ["confirm", "x.py"],
        ["--version"],
        ["--help"],
        ["src", "--unknown-option"],
        ["src", "--select"],
        ["src", "--", "x.py"],
    ],
)
def test_runs_that_do_more_than_print_are_never_replayed(argv: list[str]) -> None:
    assert replay.plan(argv) is None


def test_the_argument_scanner_finds_paths_cache_dir_and_config() -> None:
    found = replay.plan(
        ["check", "src", "--select=FL003", "-j2", "--cache-dir", "c", "tests", "--config", "f.toml"]
    )
    assert found is not None
    assert (found.paths, found.cache_dir, found.config) == (["src", "tests"], "c", "f.toml")
    assert replay.plan([]) is not None


def test_a_damaged_record_is_ignored(projects: dict[str, Path]) -> None:
    project = projects["damaged"]
    args = ("--cache-dir", "../cache", "--output-format", "concise")
    _recorded(project, *args)
    records = list((project.parent / "cache" / replay.RUNS_DIR).iterdir())
    assert len(records) == 1
    for damage in (b"", b"\x00garbage", records[0].read_bytes()[:-7]):
        records[0].write_bytes(damage)
        after = _run(project, *args)
        assert not after.replayed
        assert after.shown() == _fresh(project, *args)


def test_only_the_newest_records_are_kept(tmp_path: Path) -> None:
    for index in range(replay.MAX_RECORDS + 6):
        record = tmp_path / f"record{index:03}"
        record.write_bytes(b"")
        os.utime(record, ns=(index * 10**9, index * 10**9))
    replay._prune(str(tmp_path))
    kept = sorted(path.name for path in tmp_path.iterdir())
    assert kept == [f"record{index:03}" for index in range(6, replay.MAX_RECORDS + 6)]

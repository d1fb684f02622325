"""Shared test helpers: run the installed `fitlint` command the way users do."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent


def fitlint_executable() -> str:
    """The console script installed beside the interpreter running the tests."""
    candidate = Path(sys.executable).parent / ("fitlint.exe" if os.name == "nt" else "fitlint")
    if candidate.exists():
        return str(candidate)
    found = shutil.which("fitlint")
    if found is None:
        pytest.fail("the `fitlint` command is not installed: pip install '.[test]'")
    return found


RunFitlint = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def run_fitlint(tmp_path: Path) -> RunFitlint:
    """Run `fitlint ARGS...` in `cwd` (default: a fresh temporary directory)."""

    def run(
        *args: str, cwd: Path | None = None, stdin: str | bytes | None = None
    ) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("FITLINT_")}
        completed = subprocess.run(
            [fitlint_executable(), *args],
            cwd=cwd or tmp_path,
            input=stdin.encode() if isinstance(stdin, str) else stdin,
            capture_output=True,
            env=env,
            timeout=120,
            check=False,
        )
        return subprocess.CompletedProcess(
            completed.args,
            completed.returncode,
            completed.stdout.decode("utf-8", "replace"),
            completed.stderr.decode("utf-8", "replace"),
        )

    return run


def write(path: Path, source: str) -> Path:
    """Write dedented `source` to `path`, creating parent directories."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(source).lstrip("\n"), encoding="utf-8")
    return path


BAD_TRAINING_SCRIPT = """
from tensorflow import keras

model = keras.Sequential([keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit_generator(batches(), steps_per_epoch=10, epochs=2)
"""

CLEAN_TRAINING_SCRIPT = """
from tensorflow import keras

model = keras.Sequential([keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit(batches(), steps_per_epoch=10, epochs=2)
"""


@pytest.fixture
def invoke_fitlint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> RunFitlint:
    """Run `fitlint ARGS...` in this process (click's CliRunner on `fitlint.cli.cli`), in `cwd`
    (default: a fresh temporary directory), with FITLINT_* variables cleared as `run_fitlint`
    does. It answers like `run_fitlint` (returncode, stdout, stderr); for what only the real
    process shows (the console script, tracebacks on its streams, stdin, signals, start-up,
    the streams' encodings, a run that could hang) use `run_fitlint`. An exception escaping
    the command is raised here, never mistaken for an exit code."""
    from click.testing import CliRunner

    from fitlint.cli import cli

    for name in list(os.environ):
        if name.startswith("FITLINT_"):
            monkeypatch.delenv(name)

    def run(
        *args: str, cwd: Path | None = None, stdin: str | bytes | None = None
    ) -> subprocess.CompletedProcess[str]:
        with monkeypatch.context() as scoped:
            scoped.chdir(cwd or tmp_path)
            result = CliRunner().invoke(
                cli, list(args), input=stdin, prog_name="fitlint", catch_exceptions=False
            )
        return subprocess.CompletedProcess(
            ["fitlint", *args], result.exit_code, result.stdout, result.stderr
        )

    return run


# The lines ruff-style text output ends with: the summary and the fixable count.
_SUMMARY_LINE = re.compile(
    r"All checks passed \(|No findings; |Found \d+ findings? in |\d+ (?:files?|notebook cells?) could not be"
    r" parsed|\[\*\] \d+ fixable with |\d+ hidden fix|Fixed \d+ findings? in "
)


def finding_lines(stdout: str) -> list[str]:
    """The text output's lines without the summary lines that end it."""
    return [line for line in stdout.splitlines() if not _SUMMARY_LINE.match(line)]


def summary_lines(stdout: str) -> list[str]:
    """Only the summary lines (the run's count, then the fixable count) of text output."""
    return [line for line in stdout.splitlines() if _SUMMARY_LINE.match(line)]


# A small regression model and an endless batch generator over its data, for scripts
# that run it (confirmation) or lint it (FL002).
ENDLESS_GENERATOR_SCRIPT = """
import numpy as np
from tensorflow import keras

x = np.random.rand(320, 10).astype("float32")
y = np.random.rand(320, 1).astype("float32")
model = keras.Sequential([keras.Input((10,)), keras.layers.Dense(1)])
model.compile(optimizer="sgd", loss="mse")


def forever(x, y, batch_size=32):
    while True:
        for i in range(0, len(x), batch_size):
            yield x[i:i + batch_size], y[i:i + batch_size]
"""

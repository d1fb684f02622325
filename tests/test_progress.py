"""The progress bar of long runs: on standard error when it is a terminal, drawn once a run
has lasted `DELAY_SECONDS`, cleared at the end; never with -q, never when stderr is a file
or a pipe (every other test's runs, whose stderr is checked, show that)."""

from __future__ import annotations

import fcntl
import io
import os
import pty
import struct
import subprocess
import termios
from pathlib import Path

import pytest

from fitlint import progress
from tests.conftest import BAD_TRAINING_SCRIPT, fitlint_executable, write


def _terminal() -> tuple[int, int]:
    """A pseudo-terminal 100 columns wide (a new one is 0 wide: tqdm would draw nothing)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    return master, slave


def _read_all(master: int) -> str:
    drawn = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the other side closed
            break
        if not chunk:
            break
        drawn += chunk
    os.close(master)
    return drawn.decode("utf-8", "replace")


def test_a_long_run_on_a_terminal_draws_the_bar_on_stderr_and_clears_it(tmp_path: Path) -> None:
    # Files long enough that linting 160 of them on one core takes a few seconds.
    body = "".join(f"layer_{i} = keras.layers.Dense({i + 1})(layer_{i - 1})\n" for i in range(60))
    for index in range(160):
        write(tmp_path / f"train_{index:03}.py", BAD_TRAINING_SCRIPT + body)
    master, slave = _terminal()
    with (tmp_path / "out.txt").open("wb") as stdout:
        process = subprocess.Popen(
            [fitlint_executable(), ".", "--no-cache", "-j", "1", "--output-format", "concise"],
            cwd=tmp_path,
            stdout=stdout,
            stderr=slave,
        )
    os.close(slave)
    drawn = _read_all(master)
    assert process.wait(timeout=120) == 1
    # The run lasts over a second on one core: the bar counts files, then is erased.
    assert "\rLinting:" in drawn
    assert "/160 [" in drawn
    assert drawn.endswith("\r")
    assert drawn.rstrip("\r").rsplit("\r", 1)[-1].strip() == ""
    # Standard output has the findings and the summary only.
    findings = (tmp_path / "out.txt").read_text()
    assert "Linting" not in findings
    assert findings.splitlines()[-2] == "Found 160 findings in 160 files (160 files checked)."


def test_the_bar_waits_for_the_delay_and_respects_quiet(monkeypatch: pytest.MonkeyPatch) -> None:
    master, slave = _terminal()
    stream = os.fdopen(slave, "w", encoding="utf-8")
    monkeypatch.setattr(progress, "DELAY_SECONDS", 3600.0)
    with progress.TerminalProgress(stream, "Linting") as waiting:
        waiting.start(10)
        waiting.advance(10)  # a run this short never reaches the delay
    monkeypatch.setattr(progress, "DELAY_SECONDS", 0.0)
    with progress.TerminalProgress(stream, "Linting", enabled=False) as quiet:
        quiet.start(10)
        quiet.advance(10)
    with progress.TerminalProgress(stream, "Fixing") as shown:
        shown.start(10)
        shown.advance(10)
    stream.close()
    drawn = _read_all(master)
    assert drawn.count("Fixing") >= 1
    assert "Linting" not in drawn


def test_no_bar_when_stderr_is_not_a_terminal() -> None:
    stream = io.StringIO()
    with progress.TerminalProgress(stream, "Linting") as bar:
        bar.start(10)
        bar.advance(10)
    assert stream.getvalue() == ""

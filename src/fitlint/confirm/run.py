"""Running a script for `fitlint confirm`: Keras's training calls patched to record and stop,
then each static finding marked confirmed, refuted or inconclusive.

This runs the user's code (everything before its first training call runs for real), in a
subprocess of its own process group, with GPUs hidden and a timeout that kills the group.
It never writes into the user's tree: facts travel through a temporary directory.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from fitlint.confirm.match import verdict, watch_lines
from fitlint.diagnostics import Diagnostic

RUNNER_MODULE = "fitlint.confirm.runner"


@dataclass(frozen=True)
class ConfirmOptions:
    timeout: float = 120.0
    calls: int = 20
    probe_batches: int = 200
    probe_seconds: float = 5.0
    python: str | None = None  # another interpreter (the project's environment)
    script_args: tuple[str, ...] = ()


@dataclass(frozen=True)
class RunResult:
    facts: dict[str, Any]
    seconds: float


def tensorflow_available(python: str | None = None) -> bool:
    """Whether the interpreter can import TensorFlow/Keras, checked without importing it here."""
    if python is None:
        import importlib.util

        return any(importlib.util.find_spec(name) for name in ("keras", "tf_keras", "tensorflow"))
    probe = subprocess.run(
        [
            python,
            "-c",
            "import importlib.util as u, sys; "
            "sys.exit(0 if any(u.find_spec(n) for n in ('keras','tf_keras','tensorflow')) else 1)",
        ],
        capture_output=True,
        check=False,
    )
    return probe.returncode == 0


def run_script(
    script: Path,
    diagnostics: Sequence[Diagnostic],
    options: ConfirmOptions,
    *,
    cwd: Path | None = None,
) -> RunResult:
    """Run `script` under the runner (in `cwd`, by default the script's directory)."""
    with tempfile.TemporaryDirectory(prefix="fitlint-confirm-") as scratch:
        facts_path = Path(scratch) / "facts.json"
        output_path = Path(scratch) / "output.txt"
        if options.python is None:
            command = [sys.executable, "-m", RUNNER_MODULE]
        else:
            # The runner uses only the standard library, so any interpreter can run it by path.
            command = [options.python, str(Path(__file__).with_name("runner.py"))]
        lines = watch_lines(diagnostics)
        command += [
            "--facts",
            str(facts_path),
            "--calls",
            str(options.calls),
            "--probe-batches",
            str(options.probe_batches),
            "--probe-seconds",
            str(options.probe_seconds),
            "--watch-lines",
            ",".join(str(n) for n in lines),
            str(script.resolve()),
            *options.script_args,
        ]
        environment = dict(os.environ)
        environment.update(
            CUDA_VISIBLE_DEVICES="-1",  # never train on (or even claim) a GPU
            TF_CPP_MIN_LOG_LEVEL="3",
            PYTHONUNBUFFERED="1",
            MPLBACKEND="Agg",
        )
        started = time.monotonic()
        with output_path.open("wb") as output:
            process = subprocess.Popen(
                command,
                cwd=cwd or script.resolve().parent,
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                env=environment,
                start_new_session=True,
            )
            timed_out = False
            try:
                process.wait(timeout=options.timeout)
            except subprocess.TimeoutExpired:
                timed_out = True
            finally:
                _kill_group(process)
        seconds = time.monotonic() - started
        tail = output_path.read_text(encoding="utf-8", errors="replace")[-2000:]
        if timed_out:
            facts = _read_facts(facts_path)
            facts["outcome"] = {"status": "timeout", "seconds": round(seconds, 3)}
        elif facts_path.exists():
            facts = _read_facts(facts_path)
        else:
            facts = {
                "outcome": {
                    "status": "error",
                    "type": "RunnerFailed",
                    "message": f"the runner exited with code {process.returncode}: "
                    + tail.strip().splitlines()[-1:][0]
                    if tail.strip()
                    else f"the runner exited with code {process.returncode}",
                    "line": None,
                },
                "events": [],
            }
        return RunResult(facts=facts, seconds=seconds)


def _read_facts(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"outcome": {}, "events": []}
    return data if isinstance(data, dict) else {"outcome": {}, "events": []}


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    """Kill the script's whole process group (data-loader workers included)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=10)


def confirm_diagnostics(
    script: Path,
    diagnostics: Sequence[Diagnostic],
    options: ConfirmOptions,
    *,
    cwd: Path | None = None,
    line_name: Callable[[int], str] = "line {}".format,
) -> tuple[list[Diagnostic], RunResult]:
    """Run the script and judge each finding; `line_name` names a line of the script in
    what the verdicts say (a notebook's joined cells: "cell 4, line 2")."""
    result = run_script(script, diagnostics, options, cwd=cwd)
    confirmed = [
        replace(d, confirmation=verdict(d, result.facts, options.timeout, line_name))
        for d in diagnostics
    ]
    return confirmed, result

"""Migration benchmark: how many Keras 2-style training scripts run on Keras 3 before and
after `fitlint --fix --unsafe-fixes`. A benchmark, not a test.

    python benchmarks/migration_bench.py [--jobs N] [--only PATTERN ...] [--json]
        [--fitlint PATH] [--keep]

It copies `benchmarks/migration/scripts/` (each script a small synthetic-data Keras 2-style
training run; the `*_control_*` ones already run on Keras 3) to a temporary directory and
then:

1. runs every script with this Python (`sys.executable`, so the installed Keras and
   TensorFlow decide), 120 s each, recording pass/fail and the last line of stderr (the
   exception line of the last traceback, when a message spans several lines);
2. runs `fitlint --fix --unsafe-fixes` on the copy (with `keras-version = 3`, no cache);
3. runs every script again;
4. runs `fitlint --output-format json` on the fixed copy and records the codes still
   reported for each script.

It prints one row per script (before, after, whether the fix changed the file, the
remaining codes, and the last stderr line of the failing run: the run after the fix when
that failed, else the run before) and the totals. A script failing after the fix with no
finding left is a fitlint miss. `--json` prints everything, both error lines included, as
one JSON document instead.

The scripts write only under the temporary directory (TMPDIR points into it) and never
download anything. Exit status: 0, whatever the scripts do; 2 when fitlint itself cannot
be run, exits with an error (status 2 or more) or prints JSON that does not parse.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

SCRIPTS_DIR = Path(__file__).resolve().parent / "migration" / "scripts"
TIMEOUT = 120.0
ERROR_WIDTH = 110


@dataclass
class Run:
    ok: bool
    seconds: float
    error: str = ""


@dataclass
class Result:
    script: str
    patterns: str
    before: Run | None = None
    after: Run | None = None
    changed: bool = False
    remaining: list[str] = field(default_factory=list)


class FitlintError(Exception):
    """fitlint could not be run, or failed: the benchmark has no result."""


def select_scripts(patterns: Sequence[str] | None) -> list[Path]:
    scripts = sorted(SCRIPTS_DIR.glob("*.py"))
    if not patterns:
        return scripts

    def matches(name: str, pattern: str) -> bool:
        if any(char in pattern for char in "*?["):
            return fnmatch.fnmatch(name, pattern)
        return pattern in name

    return [path for path in scripts if any(matches(path.name, p) for p in patterns)]


def header_patterns(script: Path) -> str:
    """The script's leading comment block, joined into one line."""
    lines = []
    for line in script.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        lines.append(line.lstrip("#").strip())
    return " ".join(lines)


def fitlint_command(explicit: str | None) -> list[str]:
    if explicit:
        return [explicit]
    bindir = Path(sys.executable).parent
    for name in ("fitlint", "fitlint.exe"):
        candidate = bindir / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return [str(candidate)]
    return [sys.executable, "-m", "fitlint"]


def last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else ""


def error_line(stderr: str) -> str:
    """The exception line of the last traceback (`ValueError: ...`, its first line when the
    message spans several), else the last line of stderr."""
    lines = stderr.splitlines()
    starts = [i for i, line in enumerate(lines) if line.startswith("Traceback (most recent")]
    if starts:
        for line in lines[starts[-1] + 1 :]:
            if line.strip() and not line[0].isspace():
                return line.strip()
    return last_line(stderr)


def run_script(script: Path, root: Path, env: dict[str, str]) -> Run:
    """Run one script in a fresh working directory under `root`; kill its whole process
    group on timeout (scripts may start loader processes)."""
    cwd = Path(tempfile.mkdtemp(prefix=f"{script.stem}-", dir=root))
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, str(script)],
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        errors="replace",
        start_new_session=True,
    )
    try:
        _, stderr = process.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        if hasattr(os, "killpg"):
            os.killpg(process.pid, signal.SIGKILL)
        else:  # pragma: no cover - Windows
            process.kill()
        process.communicate()
        return Run(False, time.perf_counter() - start, f"timeout after {TIMEOUT:.0f} s")
    seconds = time.perf_counter() - start
    if process.returncode == 0:
        return Run(True, seconds)
    error = error_line(stderr) or f"exit status {process.returncode}, no stderr"
    return Run(False, seconds, error)


def run_all(scripts: list[Path], root: Path, env: dict[str, str], jobs: int) -> list[Run]:
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        return list(pool.map(lambda script: run_script(script, root, env), scripts))


def fitlint(command: list[str], args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            [*command, *args], cwd=cwd, capture_output=True, text=True, check=False
        )
    except OSError as error:
        raise FitlintError(f"cannot run {' '.join(command)}: {error}") from None


def fix(command: list[str], config: Path, directory: Path) -> None:
    result = fitlint(
        command,
        [
            "check",
            "--fix",
            "--unsafe-fixes",
            "--no-cache",
            "--quiet",
            "--config",
            str(config),
            str(directory),
        ],
        directory.parent,
    )
    if result.returncode not in (0, 1):
        raise FitlintError(f"fitlint --fix exited {result.returncode}: {last_line(result.stderr)}")


def findings(command: list[str], config: Path, directory: Path) -> dict[str, list[str]]:
    """The sorted, distinct codes fitlint reports for each file name."""
    result = fitlint(
        command,
        [
            "check",
            "--output-format",
            "json",
            "--exit-zero",
            "--no-cache",
            "--config",
            str(config),
            str(directory),
        ],
        directory.parent,
    )
    if result.returncode != 0:
        raise FitlintError(
            f"fitlint --output-format json exited {result.returncode}: {last_line(result.stderr)}"
        )
    try:
        diagnostics = json.loads(result.stdout)
    except json.JSONDecodeError as error:
        raise FitlintError(f"fitlint printed JSON that does not parse: {error}") from None
    codes: dict[str, set[str]] = {}
    for diagnostic in diagnostics:
        codes.setdefault(Path(diagnostic["filename"]).name, set()).add(diagnostic["code"])
    return {name: sorted(found) for name, found in codes.items()}


def script_env(root: Path) -> dict[str, str]:
    tmp = root / "tmp"
    tmp.mkdir()
    env = dict(os.environ)
    env.update(
        TMPDIR=str(tmp),
        TEMP=str(tmp),
        TMP=str(tmp),
        TF_CPP_MIN_LOG_LEVEL="3",
        PYTHONDONTWRITEBYTECODE="1",
        PYTHONUNBUFFERED="1",
    )
    return env


def benchmark(
    scripts: list[Path], jobs: int, command: list[str], root: Path
) -> tuple[list[Result], dict[str, float]]:
    copy = root / "scripts"
    copy.mkdir()
    for script in scripts:
        shutil.copy2(script, copy / script.name)
    copies = [copy / script.name for script in scripts]
    config = root / "fitlint.toml"
    config.write_text("keras-version = 3\n", encoding="utf-8")
    env = script_env(root)
    results = [Result(path.name, header_patterns(path)) for path in copies]
    originals = [path.read_bytes() for path in copies]
    timings: dict[str, float] = {}

    start = time.perf_counter()
    for result, run in zip(results, run_all(copies, root, env, jobs), strict=True):
        result.before = run
    timings["run before"] = time.perf_counter() - start

    start = time.perf_counter()
    fix(command, config, copy)
    timings["fitlint --fix"] = time.perf_counter() - start
    for result, path, original in zip(results, copies, originals, strict=True):
        result.changed = path.read_bytes() != original

    start = time.perf_counter()
    for result, run in zip(results, run_all(copies, root, env, jobs), strict=True):
        result.after = run
    timings["run after"] = time.perf_counter() - start

    start = time.perf_counter()
    remaining = findings(command, config, copy)
    timings["fitlint json"] = time.perf_counter() - start
    for result in results:
        result.remaining = remaining.get(result.script, [])
    return results, timings


def totals(results: list[Result]) -> dict[str, int]:
    failing_after = [r for r in results if r.after is not None and not r.after.ok]
    return {
        "scripts": len(results),
        "ran_before": sum(1 for r in results if r.before is not None and r.before.ok),
        "ran_after": sum(1 for r in results if r.after is not None and r.after.ok),
        "failing_after_with_finding": sum(1 for r in failing_after if r.remaining),
        "failing_after_without_finding": sum(1 for r in failing_after if not r.remaining),
        "broken_by_fix": sum(1 for r in failing_after if r.before is not None and r.before.ok),
        "changed_by_fix": sum(1 for r in results if r.changed),
    }


def status(run: Run | None) -> str:
    if run is None:
        return "-"
    return "ok" if run.ok else "FAIL"


def shown_error(result: Result) -> str:
    if result.after is not None and not result.after.ok:
        return result.after.error
    if result.before is not None and not result.before.ok:
        return f"(before) {result.before.error}"
    return ""


def clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def print_table(results: list[Result], counts: dict[str, int], timings: dict[str, float]) -> None:
    name_width = max([len("script"), *(len(r.script) for r in results)])
    codes = [",".join(r.remaining) or "-" for r in results]
    code_width = max([len("remaining"), *(len(c) for c in codes)])
    header = f"{'script':<{name_width}}  before  after  fixed  {'remaining':<{code_width}}  error"
    print(header)
    print("-" * len(header))
    for result, code in zip(results, codes, strict=True):
        print(
            f"{result.script:<{name_width}}  {status(result.before):<6}  "
            f"{status(result.after):<5}  {'yes' if result.changed else 'no':<5}  "
            f"{code:<{code_width}}  {clip(shown_error(result), ERROR_WIDTH)}"
        )
    n = counts["scripts"]
    print()
    print(
        f"ran before: {counts['ran_before']}/{n}, ran after: {counts['ran_after']}/{n}; "
        f"failing after with a remaining finding: {counts['failing_after_with_finding']}; "
        f"failing after with no finding: {counts['failing_after_without_finding']} "
        "(these are fitlint misses)"
    )
    print(
        f"changed by the fix: {counts['changed_by_fix']}/{n}; "
        f"ran before but not after (broken by the fix): {counts['broken_by_fix']}"
    )
    print("time: " + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in timings.items()))


def as_json(
    results: list[Result], counts: dict[str, int], timings: dict[str, float]
) -> dict[str, Any]:
    return {
        "python": sys.executable,
        "timeout_seconds": TIMEOUT,
        "totals": counts,
        "timings_seconds": {name: round(seconds, 2) for name, seconds in timings.items()},
        "scripts": [asdict(result) for result in results],
    }


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Run Keras 2-style scripts on Keras 3 before and after "
        "`fitlint --fix --unsafe-fixes`."
    )
    parser.add_argument("--jobs", type=int, default=2, help="scripts run in parallel (default: 2)")
    parser.add_argument(
        "--only",
        action="append",
        metavar="PATTERN",
        help="only scripts whose file name contains PATTERN (or matches it, as a glob); repeatable",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    parser.add_argument(
        "--fitlint",
        metavar="PATH",
        help="the fitlint executable (default: the one beside this Python, else "
        "`python -m fitlint`)",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary directory and print its path"
    )
    args = parser.parse_args(argv)
    if args.jobs < 1:
        parser.error("--jobs must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    scripts = select_scripts(args.only)
    if not scripts:
        print(f"no scripts in {SCRIPTS_DIR} match {args.only}", file=sys.stderr)
        return 2
    command = fitlint_command(args.fitlint)
    root = Path(tempfile.mkdtemp(prefix="fitlint-migration-"))
    start = time.perf_counter()
    try:
        results, timings = benchmark(scripts, args.jobs, command, root)
    except FitlintError as error:
        print(f"migration_bench: {error}", file=sys.stderr)
        return 2
    finally:
        if args.keep:
            print(f"kept {root}", file=sys.stderr)
        else:
            shutil.rmtree(root, ignore_errors=True)
    timings["total"] = time.perf_counter() - start
    counts = totals(results)
    if args.json:
        print(json.dumps(as_json(results, counts, timings), indent=2))
    else:
        print_table(results, counts, timings)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark fitlint against the floors (read bytes, ast.parse, libcst.parse_module) and its
peers (ruff, Fixit), on real code, all in one run. A benchmark, not a test.

    python benchmarks/bench.py [CORPUS_DIR ...] [--repeat N] [--fitlint PATH]

Without corpus directories it uses the `.py` files of the installed `keras` and
`tensorflow` packages when present (`pip install '.[confirm]'` brings both), else the
standard library. For each corpus it prints files, lines and MB, then the median wall and
CPU seconds of each measurement over the repeats, each also as a ratio to the LibCST parse
floor and to ruff, and the peak memory of each command.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import importlib.util
import json
import os
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Measurement:
    name: str
    wall: float
    cpu: float
    peak_mb: float | None = None
    note: str = ""


def default_corpora() -> list[Path]:
    corpora = []
    for package in ("keras", "tensorflow"):
        spec = importlib.util.find_spec(package)
        if spec is not None and spec.submodule_search_locations:
            corpora.append(Path(next(iter(spec.submodule_search_locations))))
    return corpora or [Path(sysconfig.get_paths()["stdlib"])]


def python_files(root: Path) -> list[Path]:
    return sorted(
        path
        for path in root.rglob("*.py")
        if path.is_file() and "site-packages" not in path.relative_to(root).parts
    )


def in_process(name: str, repeat: int, work: Callable[[], object]) -> Measurement:
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        work()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return Measurement(name, statistics.median(walls), statistics.median(cpus))


def command(
    name: str,
    repeat: int,
    argv: list[str],
    cwd: Path,
    prepare: Callable[[], None] | None = None,
    env: dict[str, str] | None = None,
) -> Measurement:
    walls, cpus, peaks = [], [], []
    environment = {**os.environ, **env} if env else None
    for _ in range(repeat):
        if prepare is not None:
            prepare()
        start = time.perf_counter()
        process = subprocess.Popen(
            argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=environment
        )
        _, _, usage = os.wait4(process.pid, 0)
        walls.append(time.perf_counter() - start)
        # CPU of the command and every child it waited for (pool workers included).
        cpus.append(usage.ru_utime + usage.ru_stime)
        peaks.append(usage.ru_maxrss / 1024)
    return Measurement(name, statistics.median(walls), statistics.median(cpus), max(peaks))


def floors(root: Path, repeat: int) -> list[Measurement]:
    files = python_files(root)
    blobs = [path.read_bytes() for path in files]

    def read_all() -> None:
        for path in files:
            path.read_bytes()

    def parse_ast() -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for blob in blobs:
                with contextlib.suppress(SyntaxError, ValueError, RecursionError):
                    ast.parse(blob)

    def parse_libcst() -> None:
        import libcst

        for blob in blobs:
            # Unparsable files cost what they cost.
            with contextlib.suppress(Exception):
                libcst.parse_module(blob)

    return [
        in_process("read bytes", repeat, read_all),
        in_process("ast.parse", repeat, parse_ast),
        in_process("libcst.parse_module", repeat, parse_libcst),
    ]


def bench_corpus(root: Path, repeat: int, fitlint: str, fixit_max_files: int) -> list[Measurement]:
    files = python_files(root)
    blobs = [path.read_bytes() for path in files]
    lines = sum(blob.count(b"\n") for blob in blobs)
    megabytes = sum(len(blob) for blob in blobs) / 1e6
    print(f"\n## {root}\n{len(files)} files, {lines:,} lines, {megabytes:.1f} MB")

    # The corpus is linted as a copy-free directory walk, the way CI runs fitlint.
    cache_dir = Path(tempfile.mkdtemp(prefix="fitlint-bench-cache-"))
    base = [fitlint, str(root), "--exit-zero", "-q", "--output-format", "concise"]
    results = [command("fitlint cold, 1 process", repeat, [*base, "--no-cache", "-j", "1"], root)]
    results.append(command("fitlint cold, default jobs", repeat, [*base, "--no-cache"], root))
    warm = [*base, "--cache-dir", str(cache_dir)]
    subprocess.run(warm, cwd=root, capture_output=True, check=False)  # fill the cache
    # A run record is kept only for inputs older than 2 s (fitlint.replay): a corpus unpacked
    # just now gets its record from a second filling run.
    time.sleep(2.2)
    subprocess.run(warm, cwd=root, capture_output=True, check=False)
    results.append(command("fitlint warm, unchanged (replay)", repeat, warm, root))
    results.append(
        command(
            "fitlint warm, per-file cache",
            repeat,
            warm,
            root,
            env={"FITLINT_NO_REPLAY": "1"},
        )
    )

    ruff = shutil.which("ruff")
    if ruff is not None:
        ruff_cache = Path(tempfile.mkdtemp(prefix="fitlint-bench-ruff-"))
        ruff_base = [ruff, "check", str(root), "--exit-zero", "--quiet", "--isolated"]
        results.append(
            command(
                "ruff --select ALL --no-cache",
                repeat,
                [*ruff_base, "--select", "ALL", "--no-cache"],
                root,
            )
        )
        ruff_warm = [*ruff_base, "--cache-dir", str(ruff_cache)]
        subprocess.run(ruff_warm, cwd=root, capture_output=True, check=False)
        results.append(command("ruff default, warm cache", repeat, ruff_warm, root))
    fixit = shutil.which("fixit")
    if fixit is not None and len(files) > fixit_max_files:
        print(f"(Fixit skipped: {len(files)} files > --fixit-max-files {fixit_max_files})")
    elif fixit is not None:
        config_dir = Path(tempfile.mkdtemp(prefix="fitlint-bench-fixit-"))
        (config_dir / "fixit.toml").write_text(
            '[tool.fixit]\nroot = true\nenable = ["fixit.rules:NoRedundantFString"]\n'
            'disable = ["fixit.rules"]\n'
        )
        results.append(
            command(
                "fixit, one rule",
                1,
                [fixit, "--config-file", str(config_dir / "fixit.toml"), "lint", str(root)],
                root,
            )
        )
    shutil.rmtree(cache_dir, ignore_errors=True)
    # The floors run in a fresh process of their own: forked after a big parse, a command
    # would count the parsed trees' pages in its peak memory.
    measured = subprocess.run(
        [sys.executable, __file__, "--floors", str(root), "--repeat", str(repeat)],
        capture_output=True,
        text=True,
        check=True,
    )
    floors = [Measurement(**item) for item in json.loads(measured.stdout)]
    return floors + results


def report(results: list[Measurement]) -> None:
    floor = next(r for r in results if r.name == "libcst.parse_module").wall
    ruff_all = next((r for r in results if r.name.startswith("ruff --select ALL")), None)
    ruff_warm = next((r for r in results if r.name.startswith("ruff default, warm")), None)
    header = (
        f"{'measurement':32} {'wall s':>8} {'cpu s':>8} {'÷ libcst':>9} {'÷ ruff':>8} "
        f"{'peak MB':>8}"
    )
    print(header)
    print("-" * len(header))
    for result in results:
        peer = ruff_warm if "warm" in result.name else ruff_all
        versus_ruff = f"{result.wall / peer.wall:8.2f}" if peer is not None else f"{'-':>8}"
        peak = f"{result.peak_mb:8.0f}" if result.peak_mb is not None else f"{'-':>8}"
        print(
            f"{result.name:32} {result.wall:8.3f} {result.cpu:8.3f} {result.wall / floor:9.2f} "
            f"{versus_ruff} {peak}"
        )
    print("(÷ ruff: warm runs against ruff's warm default run, the rest against ruff --select ALL)")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("corpora", nargs="*", type=Path)
    parser.add_argument("--floors", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--fitlint", default=shutil.which("fitlint") or "fitlint")
    parser.add_argument(
        "--fixit-max-files",
        type=int,
        default=1000,
        help="skip Fixit on larger corpora (it takes minutes per thousand files)",
    )
    options = parser.parse_args()
    if options.floors is not None:
        print(json.dumps([vars(m) for m in floors(options.floors, options.repeat)]))
        return 0
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, fitlint at {options.fitlint}")
    for corpus in options.corpora or default_corpora():
        results = bench_corpus(
            corpus.resolve(), options.repeat, options.fitlint, options.fixit_max_files
        )
        report(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Notebooks against the same code as `.py`: what reading a notebook costs on top of linting
its code, in process and as whole commands, with LibCST's parse of the code as the floor
and ruff (which also lints notebooks) as the peer.

    python benchmarks/notebooks.py DIR [DIR ...] [--repeat N]

Every `.ipynb` under the directories is linted as a notebook and its Python code cells
(joined as fitlint joins them) as a `.py` file. In process each pair is linted with every
file parsed (no prefilter), alternating which goes first; the commands run `fitlint
--no-cache` on a directory of the notebooks and on a directory of the `.py` copies (the
prefilter on, as in CI), and `ruff check --no-cache` on the notebooks when ruff is on PATH.
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import libcst

from fitlint.config import Settings
from fitlint.engine import Linter
from fitlint.notebook import join_cells, read_notebook
from fitlint.source import SourceError


def pairs(roots: list[Path]) -> list[tuple[Path, bytes, bytes]]:
    """(notebook, its bytes, its code cells as `.py` bytes) for every readable notebook."""
    found = []
    for path in sorted({p for root in roots for p in root.rglob("*.ipynb") if p.is_file()}):
        data = path.read_bytes()
        try:
            cells, _ = read_notebook(data).python_cells()
        except SourceError:
            continue
        found.append((path, data, join_cells(cells).text.encode("utf-8", "surrogatepass")))
    return found


def in_process(found: list[tuple[Path, bytes, bytes]], repeat: int) -> None:
    linter = Linter(Settings())
    for path, data, code in found[:20]:  # warm up imports and caches
        linter.lint_bytes(data, path.name)
        linter.lint_bytes(code, path.with_suffix(".py").name)
    notebook_total = code_total = parse_total = 0.0
    ratios = []
    for turn in range(repeat):
        for index, (path, data, code) in enumerate(found):
            jobs = [(data, path.name), (code, path.with_suffix(".py").name)]
            if (index + turn) % 2:
                jobs.reverse()
            seconds = {}
            for payload, name in jobs:
                started = time.perf_counter()
                linter.lint_bytes(payload, name)
                seconds[name.endswith(".ipynb")] = time.perf_counter() - started
            notebook_total += seconds[True]
            code_total += seconds[False]
            ratios.append(seconds[True] / max(seconds[False], 1e-9))
            started = time.perf_counter()
            with contextlib.suppress(Exception):
                libcst.parse_module(code.decode("utf-8", "replace"))
            parse_total += time.perf_counter() - started
    print(
        f"in process, {len(found)} notebooks × {repeat}: notebook {notebook_total / repeat:.2f} s, "
        f"same code as .py {code_total / repeat:.2f} s (ratio {notebook_total / code_total:.2f}; "
        f"median per file {statistics.median(ratios):.2f}); LibCST parse of the code "
        f"{parse_total / repeat:.2f} s (notebook / parse {notebook_total / parse_total:.2f})"
    )


def commands(found: list[tuple[Path, bytes, bytes]], repeat: int) -> None:
    fitlint = shutil.which("fitlint") or "fitlint"
    with tempfile.TemporaryDirectory(prefix="fitlint-notebooks-") as scratch:
        notebooks, scripts = Path(scratch) / "notebooks", Path(scratch) / "scripts"
        for index, (path, data, code) in enumerate(found):
            for folder, payload, suffix in ((notebooks, data, ".ipynb"), (scripts, code, ".py")):
                folder.mkdir(exist_ok=True)
                (folder / f"{index:05d}_{path.stem}{suffix}").write_bytes(payload)
        runs = {
            "fitlint notebooks": [fitlint, "--no-cache", "-q", "--exit-zero", str(notebooks)],
            "fitlint same code as .py": [fitlint, "--no-cache", "-q", "--exit-zero", str(scripts)],
        }
        if shutil.which("ruff"):
            runs["ruff check notebooks"] = [
                "ruff",
                "check",
                "--no-cache",
                "--isolated",
                "--exit-zero",
                "-q",
                str(notebooks),
            ]
        medians = {}
        for name, argv in runs.items():
            times = []
            for _ in range(repeat):
                started = time.perf_counter()
                subprocess.run(argv, capture_output=True, check=False)
                times.append(time.perf_counter() - started)
            medians[name] = statistics.median(times)
        base = medians["fitlint same code as .py"]
        for name, seconds in medians.items():
            print(f"command {name:<28} {seconds:6.2f} s  ({seconds / base:.2f} × the .py run)")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("roots", nargs="+", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    found = pairs(options.roots)
    if not found:
        print("no notebooks found", file=sys.stderr)
        return 1
    megabytes = sum(len(data) for _, data, _ in found) / 1e6
    code = sum(len(code) for *_, code in found) / 1e6
    print(f"{len(found)} notebooks: {megabytes:.0f} MB of JSON, {code:.1f} MB of code cells")
    in_process(found, options.repeat)
    commands(found, options.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Crash sweep: lint every `.py` file and Jupyter notebook of the installed site-packages (or
of the directories given) with every file parsed (no prefilter), and report files, findings
and internal errors. Internal errors must be 0.

    python benchmarks/crash_sweep.py [DIR ...] [--jobs N]

Without directories it sweeps this interpreter's site-packages (purelib and platlib).
Exit code 1 when any internal error occurred.
"""

from __future__ import annotations

import argparse
import collections
import sys
import sysconfig
import time
from pathlib import Path

from fitlint.batch import lint_files
from fitlint.config import Settings


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("roots", nargs="*", type=Path)
    parser.add_argument("--jobs", type=int, default=None)
    options = parser.parse_args()
    roots = options.roots or sorted(
        {Path(sysconfig.get_paths()[key]) for key in ("purelib", "platlib")}
    )
    files = sorted(
        {
            path
            for root in roots
            for pattern in ("*.py", "*.ipynb")
            for path in root.rglob(pattern)
            if path.is_file()
        }
    )
    started = time.perf_counter()
    # Every file counts as named explicitly: all of them are parsed and analysed.
    results = lint_files(files, frozenset(files), Settings(select=("ALL",)), jobs=options.jobs)
    seconds = time.perf_counter() - started
    findings = collections.Counter(d.code for r in results for d in r.diagnostics)
    internal = [error for r in results for error in r.internal_errors]
    read_errors = [error for r in results for error in r.errors]
    print(f"roots: {', '.join(str(root) for root in roots)}")
    print(f"files: {len(files)}  seconds: {seconds:.1f}")
    print(f"findings: {dict(sorted(findings.items())) or 0}")
    print(f"read errors: {len(read_errors)}")
    print(f"internal errors: {len(internal)}")
    for error in internal[:20]:
        print(f"  {error.describe()}")
    return 1 if internal else 0


if __name__ == "__main__":
    sys.exit(main())

"""Compare two installed fitlint versions' JSON output on directories, byte for byte. A check
for refactors that must not change behaviour, not a test.

    python benchmarks/compare_versions.py --before OLD_FITLINT --after NEW_FITLINT DIR [DIR ...]
        [--keras-version 2] [--jobs N] [-- EXTRA FITLINT ARGS]

OLD_FITLINT and NEW_FITLINT are `fitlint` executables (e.g. the console scripts of two
virtual environments). Each directory is linted by both with `--no-cache --output-format
json --exit-zero` and every rule selected; the outputs, exit codes and error lines must be
equal. For each directory it prints its `.py` files, the findings per code, whether the
two outputs are identical, and both run times; for a difference, the first differing
findings. Exit status: 0 when every directory gives identical output, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path


def run(
    executable: str, directory: Path, extra: list[str], cwd: Path
) -> tuple[float, str, str, int]:
    command = [
        executable,
        str(directory),
        "--no-cache",
        "--output-format",
        "json",
        "--exit-zero",
        "--select",
        "ALL",
        *extra,
    ]
    environment = {k: v for k, v in os.environ.items() if not k.startswith("FITLINT_")}
    environment["FITLINT_NO_REPLAY"] = "1"
    started = time.perf_counter()
    completed = subprocess.run(
        command, cwd=cwd, capture_output=True, env=environment, check=False, timeout=3600
    )
    seconds = time.perf_counter() - started
    stderr = completed.stderr.decode("utf-8", "replace")
    # The summary line names no version; error lines name files: both must match too.
    return seconds, completed.stdout.decode("utf-8", "replace"), stderr, completed.returncode


def first_differences(before: str, after: str, limit: int = 5) -> list[str]:
    try:
        old, new = json.loads(before), json.loads(after)
    except ValueError:
        return ["(output is not JSON)"]
    old_set = {json.dumps(item, sort_keys=True) for item in old}
    new_set = {json.dumps(item, sort_keys=True) for item in new}
    lines = [f"- {item}" for item in sorted(old_set - new_set)[:limit]]
    lines += [f"+ {item}" for item in sorted(new_set - old_set)[:limit]]
    if not lines:
        lines.append("(same findings, different order or formatting)")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", required=True, help="the old `fitlint` executable")
    parser.add_argument("--after", required=True, help="the new `fitlint` executable")
    parser.add_argument("--keras-version", type=int, choices=(2, 3), default=3)
    parser.add_argument("directories", nargs="+", type=Path)
    arguments, extra = parser.parse_known_args()
    extra = [item for item in extra if item != "--"]
    failures = 0
    totals: Counter[str] = Counter()
    with tempfile.TemporaryDirectory(prefix="fitlint-compare-") as scratch:
        cwd = Path(scratch)
        if arguments.keras_version == 2:
            config = cwd / "fitlint.toml"
            config.write_text("keras-version = 2\n", encoding="utf-8")
            extra = ["--config", str(config), *extra]
        print(f"{'directory':<48} {'.py':>6} {'findings':>8}  same   before   after")
        for directory in arguments.directories:
            directory = directory.resolve()
            old = run(arguments.before, directory, extra, cwd)
            new = run(arguments.after, directory, extra, cwd)
            same = old[1:] == new[1:]
            findings = json.loads(new[1]) if new[1].strip().startswith("[") else []
            codes = Counter(item["code"] for item in findings)
            totals.update(codes)
            checked = sum(1 for _ in directory.rglob("*.py"))
            print(
                f"{directory.name[:48]:<48} {checked:>6} {len(findings):>8}  "
                f"{'yes' if same else 'NO':<5} {old[0]:6.2f}s {new[0]:6.2f}s"
            )
            if not same:
                failures += 1
                if old[3] != new[3]:
                    print(f"    exit code {old[3]} -> {new[3]}")
                if old[2] != new[2]:
                    print(f"    stderr differs:\n      {old[2][-300:]!r}\n      {new[2][-300:]!r}")
                for line in first_differences(old[1], new[1]):
                    print(f"    {line[:400]}")
    print(f"findings by code: {dict(sorted(totals.items()))}")
    print(f"{len(arguments.directories) - failures} of {len(arguments.directories)} identical")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

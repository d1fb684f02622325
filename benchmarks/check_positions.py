"""Check `fitlint.positions.node_positions` against LibCST's `PositionProvider` on whole
corpora, and time both against the parse. A check, not a test (the test suite runs the same
comparison on its own sources: tests/test_positions.py).

    python benchmarks/check_positions.py DIR [DIR ...] [--subsets N]

For every `.py` file LibCST parses, every node's position is compared when all nodes are
asked for at once, then in N random sets of 1-4 nodes (as findings ask). Prints the files,
nodes and mismatches, and seconds for parse_module, PositionProvider over the whole module,
and node_positions for each file's first and last statement (the cost a finding near the
end pays). Exit status 1 on any mismatch.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from fitlint.analysis.cst_util import walk
from fitlint.positions import node_positions


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directories", nargs="+", type=Path)
    parser.add_argument("--subsets", type=int, default=20)
    arguments = parser.parse_args()
    rng = random.Random(0)
    files = nodes_checked = mismatches = 0
    parse_seconds = provider_seconds = ours_seconds = 0.0
    for directory in arguments.directories:
        for path in sorted(directory.rglob("*.py")):
            try:
                text = path.read_text(encoding="utf-8")
                started = time.perf_counter()
                module = cst.parse_module(text)
                parse_seconds += time.perf_counter() - started
            except Exception:
                continue  # not UTF-8, or not Python 3: fitlint reports FL000 for it
            if not module.body:
                continue
            files += 1
            started = time.perf_counter()
            expected = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
            provider_seconds += time.perf_counter() - started
            started = time.perf_counter()
            node_positions(module, [module.body[0], module.body[-1]])
            ours_seconds += time.perf_counter() - started
            nodes = list(walk(module))
            asked = [
                nodes,
                *(
                    rng.sample(nodes, min(len(nodes), rng.randint(1, 4)))
                    for _ in range(arguments.subsets)
                ),
            ]
            for wanted in asked:
                found = node_positions(module, wanted)
                for node in wanted:
                    nodes_checked += 1
                    if found[node] != expected[node]:
                        mismatches += 1
                        if mismatches <= 10:
                            print(
                                f"{path}: {type(node).__name__} {found[node]} != {expected[node]}"
                            )
    print(f"{files} files, {nodes_checked:,} node positions checked, {mismatches} mismatches")
    print(
        f"parse_module {parse_seconds:.2f} s; PositionProvider {provider_seconds:.2f} s "
        f"({provider_seconds / parse_seconds:.2f}x the parse); node_positions up to the last "
        f"statement {ours_seconds:.2f} s ({ours_seconds / parse_seconds:.2f}x)"
    )
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())

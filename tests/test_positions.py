"""`fitlint.positions.node_positions` gives exactly what LibCST's `PositionProvider` gives, for
every node of every source the tests use (their Python files, the inline sources they lint,
the rule catalog), asked all at once and in small random sets as findings ask for them.
`benchmarks/check_positions.py` runs the same check over whole corpora."""

from __future__ import annotations

import ast
import random
import textwrap
from functools import cache
from pathlib import Path

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, PositionProvider

from fitlint.analysis.cst_util import walk
from fitlint.positions import node_positions
from tests.conftest import REPO_ROOT


def _inline_sources(path: Path) -> list[str]:
    """String constants of a test module that are Python sources of a few lines."""
    sources = []
    for node in ast.walk(ast.parse(path.read_bytes())):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = textwrap.dedent(node.value)
            if text.count("\n") >= 2:
                sources.append(text)
    return sources


@cache
def sources() -> dict[str, str]:
    found: dict[str, str] = {}
    for folder in ("rules", "tests"):
        for path in sorted((REPO_ROOT / folder).rglob("*.py")):
            name = path.relative_to(REPO_ROOT).as_posix()
            found[name] = path.read_text(encoding="utf-8")
            if folder == "tests":
                for index, text in enumerate(_inline_sources(path)):
                    found[f"{name}[{index}]"] = text
    parsable = {}
    for name, text in found.items():
        try:
            cst.parse_module(text)
        except Exception:
            continue  # fixtures that are not Python on purpose
        parsable[name] = text
    return parsable


def test_there_are_sources_to_check() -> None:
    assert len(sources()) > 250


@pytest.mark.parametrize("chunk", range(4))
def test_positions_equal_position_provider(chunk: int) -> None:
    rng = random.Random(chunk)
    names = sorted(sources())[chunk::4]
    mismatches = []
    for name in names:
        module = cst.parse_module(sources()[name])
        expected = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
        nodes = list(walk(module))
        everything = node_positions(module, nodes)
        mismatches += [(name, n) for n in nodes if everything[n] != expected[n]]
        for _ in range(5):
            wanted = rng.sample(nodes, min(len(nodes), rng.randint(1, 4)))
            found = node_positions(module, wanted)
            mismatches += [(name, n) for n in wanted if found[n] != expected[n]]
    assert mismatches == []


def test_no_nodes_and_a_foreign_node() -> None:
    module = cst.parse_module("x = 1\n")
    assert node_positions(module, []) == {}
    with pytest.raises(KeyError):
        node_positions(module, [cst.Name("y")])

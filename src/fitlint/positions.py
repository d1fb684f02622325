"""Where the reported nodes are: the rows and columns LibCST's `PositionProvider` gives them,
computed for a handful of nodes instead of every node of the module.

`PositionProvider` generates the module's code once and, for every node, turns the tokens
so far into a line and column and stores a `CodeRange`: about twice the cost of the parse.
Here the code is generated with a state that notes token indices only, and only inside the
wanted nodes (their hoisted `start_node`/`end_node` are descendants, so a wanted node's
whole subtree is noted); generation stops after the last wanted node ends. Token indices
become character offsets and then rows and columns with one join and one regular-expression
scan of the text generated so far. `tests/test_positions.py` holds it equal to
`PositionProvider` on every test source and the rule catalog; the sweep corpora were
checked with `benchmarks/check_positions.py`.
"""

from __future__ import annotations

import bisect
from collections.abc import Collection, Iterator
from contextlib import contextmanager, suppress
from itertools import accumulate

import libcst as cst
from libcst._nodes.internal import CodegenState
from libcst.metadata import CodePosition, CodeRange
from libcst.metadata.position_provider import NEWLINE_RE


class _Done(Exception):
    """Every wanted node has its position: stop generating code."""


class _NotingState(CodegenState):
    """A codegen state that notes the token span of the wanted nodes and their subtrees, with
    `PositionProvider`'s rules: a syntactic span (`record_syntactic_position`, possibly
    hoisted from a child) wins over the whitespace-inclusive one `after_codegen` gives."""

    def __init__(self, module: cst.Module, wanted: Collection[cst.CSTNode]) -> None:
        super().__init__(
            default_indent=module.default_indent, default_newline=module.default_newline
        )
        self.wanted = {id(node) for node in wanted}
        self.pending = len(self.wanted)
        self.spans: dict[int, tuple[int, int]] = {}  # id(node) -> (first token, end token)
        self.noting = 0  # > 0 inside a wanted node
        self._starts: list[int] = []

    def before_codegen(self, node: cst.CSTNode) -> None:
        if id(node) in self.wanted:
            self.noting += 1
        if self.noting:
            self._starts.append(len(self.tokens))

    def after_codegen(self, node: cst.CSTNode) -> None:
        if not self.noting:
            return
        start = self._starts.pop()
        key = id(node)
        if key not in self.spans:
            self.spans[key] = (start, len(self.tokens))
        if key in self.wanted:
            self.noting -= 1
            self.pending -= 1
            if not self.pending:
                raise _Done

    def pop_trailing_newline(self) -> None:
        # PositionProvider's line and column stay past the popped newline; keep the token so
        # that offsets do too.
        return None

    @contextmanager
    def record_syntactic_position(
        self,
        node: cst.CSTNode,
        *,
        start_node: cst.CSTNode | None = None,
        end_node: cst.CSTNode | None = None,
    ) -> Iterator[None]:
        if not self.noting:
            yield
            return
        start = len(self.tokens)
        yield
        end = len(self.tokens)
        if start_node is not None:
            start = self.spans[id(start_node)][0]
        if end_node is not None:
            end = self.spans[id(end_node)][1]
        self.spans[id(node)] = (start, end)


def node_positions(
    module: cst.Module, nodes: Collection[cst.CSTNode]
) -> dict[cst.CSTNode, CodeRange]:
    """The `CodeRange` (1-based lines, 0-based columns in characters) of each node of
    `module` in `nodes`, equal to what `PositionProvider` gives. Raises KeyError for a node
    that is not in the module."""
    state = _NotingState(module, nodes)
    if state.pending:
        with suppress(_Done):
            module._codegen(state)
    by_id = {id(node): node for node in nodes}
    spans = {by_id[key]: state.spans[key] for key in by_id}
    last = max((end for _, end in spans.values()), default=0)
    tokens = state.tokens[:last]
    offsets = list(accumulate(map(len, tokens), initial=0))
    line_ends = [match.end() for match in NEWLINE_RE.finditer("".join(tokens))]

    def position(token_index: int) -> CodePosition:
        offset = offsets[token_index]
        line = bisect.bisect_right(line_ends, offset)
        return CodePosition(line + 1, offset - (line_ends[line - 1] if line else 0))

    return {node: CodeRange(position(start), position(end)) for node, (start, end) in spans.items()}

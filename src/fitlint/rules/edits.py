"""Edits that fixes share: removing arguments from a call with their commas, renaming a
keyword."""

from __future__ import annotations

import libcst as cst

from fitlint.rules.base import NodeEdit


def argument_removals(args: list[cst.Arg], doomed: list[int]) -> list[NodeEdit]:
    """Delete runs of arguments with their commas: up to the next kept argument, or, for a
    run at the end, from the end of the argument before it."""
    runs: list[list[int]] = []
    for index in doomed:
        if runs and runs[-1][-1] == index - 1:
            runs[-1].append(index)
        else:
            runs.append([index])
    edits = []
    for run in runs:
        first, last = run[0], run[-1]
        if last + 1 < len(args):
            edits.append(NodeEdit("", args[first], args[last + 1], "start", "start"))
        elif first > 0:
            edits.append(NodeEdit("", args[first - 1], args[last], "end", "end"))
        else:
            edits.append(NodeEdit("", args[first], args[last], "start", "end"))
    return edits


def keyword_rename(arg: cst.Arg, name: str) -> NodeEdit:
    """`lr=0.01` → `learning_rate=0.01`: the keyword only, the value and spacing kept."""
    assert arg.keyword is not None
    return NodeEdit(name, arg.keyword)

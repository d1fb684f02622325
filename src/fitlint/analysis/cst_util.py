"""Small readers of LibCST nodes shared by the model and the rules: dotted names, a node's code
on one line, a call's arguments, number literals, subtree walks."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import libcst as cst

_CODE = cst.Module(body=())

# Calls that iterate their first argument itself: `tqdm(it)`, `enumerate(it)`,
# `tqdm.notebook(it)`.
PROGRESS_WRAPPERS = frozenset({"tqdm", "enumerate", "notebook"})


def dotted_name(node: cst.BaseExpression) -> str | None:
    """`a.b.c` for a chain of Name/Attribute nodes, else None."""
    parts: list[str] = []
    while isinstance(node, cst.Attribute):
        parts.append(node.attr.value)
        node = node.value
    if not isinstance(node, cst.Name):
        return None
    parts.append(node.value)
    return ".".join(reversed(parts))


def import_from_module(node: cst.ImportFrom) -> str | None:
    """The absolute module name of `from X import ...`; None for relative imports."""
    if node.relative or node.module is None:
        return None
    return dotted_name(node.module)


def code_of(node: cst.CSTNode) -> str:
    """The node's source code, exactly as written."""
    return _CODE.code_for_node(node)


def source_text(node: cst.CSTNode, limit: int = 60) -> str:
    """The node's code on one line (whitespace runs collapsed), shortened to `limit`
    characters with "..." for a message."""
    text = " ".join(code_of(node).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def keyword_argument(call: cst.Call, name: str) -> cst.Arg | None:
    """The `name=...` argument of `call`."""
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == name:
            return arg
    return None


def positional_arguments(call: cst.Call) -> list[cst.Arg]:
    """The arguments passed by position (`*args` excluded)."""
    return [arg for arg in call.args if arg.keyword is None and not arg.star]


def argument(call: cst.Call, name: str, position: int | None) -> cst.Arg | None:
    """The argument for parameter `name`: by keyword, else the `position`-th positional one
    (None: the parameter is matched by keyword only)."""
    found = keyword_argument(call, name)
    if found is not None or position is None:
        return found
    positional = positional_arguments(call)
    return positional[position] if 0 <= position < len(positional) else None


def argument_value(call: cst.Call, name: str, position: int | None) -> cst.BaseExpression | None:
    """The expression passed for parameter `name` (see `argument`)."""
    found = argument(call, name, position)
    return found.value if found is not None else None


def keyword_value(call: cst.Call, name: str) -> cst.BaseExpression | None:
    """The expression passed as `name=...`."""
    found = keyword_argument(call, name)
    return found.value if found is not None else None


def positional_values(call: cst.Call) -> list[cst.BaseExpression]:
    """The expressions passed by position (`*args` excluded)."""
    return [arg.value for arg in positional_arguments(call)]


def number_literal(node: cst.BaseExpression) -> float | None:
    """`3`, `0.5`, `-1` → their value; None for anything else."""
    if isinstance(node, cst.Integer):
        return float(node.evaluated_value)
    if isinstance(node, cst.Float):
        return node.evaluated_value
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Minus):
        inner = number_literal(node.expression)
        return None if inner is None else -inner
    return None


def single_index(expr: cst.Subscript) -> cst.BaseExpression | None:
    """`x[i]` → `i`; None for slices and multi-dimensional subscripts."""
    if len(expr.slice) != 1:
        return None
    element = expr.slice[0].slice
    return element.value if isinstance(element, cst.Index) else None


def unwrap_progress(iterable: cst.BaseExpression) -> cst.BaseExpression:
    """`tqdm(range(n))`, `enumerate(it)`, `tqdm(iterable=it)` → what they iterate."""
    while (
        isinstance(iterable, cst.Call)
        and (dotted_name(iterable.func) or "").rsplit(".", 1)[-1] in PROGRESS_WRAPPERS
    ):
        inner = argument_value(iterable, "iterable", 0)
        if inner is None:
            break
        iterable = inner
    return iterable


# Parts of the names of fields that hold only whitespace, punctuation, operators and
# comments: nothing a reader of the code needs (`whitespace_before`, `lpar`, `comma`...).
LAYOUT_FIELD_PARTS = (
    "whitespace",
    "lpar",
    "rpar",
    "lbracket",
    "rbracket",
    "lbrace",
    "rbrace",
    "comma",
    "semicolon",
    "header",
    "footer",
    "leading_lines",
    "lines_after_decorators",
    "newline",
    "colon",
    "equal",
    "operator",
    "dot",
    "star",
    "trailing",
)
_CHILD_FIELDS: dict[type, tuple[str, ...]] = {}


def _child_fields(node_type: type) -> tuple[str, ...]:
    fields = _CHILD_FIELDS.get(node_type)
    if fields is None:
        fields = tuple(
            field.name
            for field in dataclasses.fields(node_type)
            if not any(part in field.name for part in LAYOUT_FIELD_PARTS)
        )
        _CHILD_FIELDS[node_type] = fields
    return fields


def children(node: cst.CSTNode) -> list[cst.CSTNode]:
    """The node's children that are not whitespace, punctuation or comments, in source
    order. Reads the node's fields directly: LibCST's `children` rebuilds every child and
    costs several times more."""
    found: list[cst.CSTNode] = []
    for name in _child_fields(type(node)):
        child = getattr(node, name)
        if isinstance(child, cst.CSTNode):
            found.append(child)
        elif isinstance(child, tuple | list):
            found.extend(item for item in child if isinstance(item, cst.CSTNode))
    return found


def walk(root: cst.CSTNode) -> Iterator[cst.CSTNode]:
    """`root` and every node below it that is not whitespace, punctuation or a comment
    (pre-order on each branch, siblings in reverse)."""
    stack = [root]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(children(node))


def contains(root: cst.CSTNode, target: cst.CSTNode) -> bool:
    """Whether `target` (by identity) is `root` or below it."""
    return any(node is target for node in walk(root))


def names_in(target: cst.BaseExpression) -> Iterator[cst.Name]:
    """The names an assignment or `for` target binds: `a`, `(a, (b, c))`, `[a, b]`."""
    if isinstance(target, cst.Name):
        yield target
    elif isinstance(target, cst.Tuple | cst.List):
        for element in target.elements:
            yield from names_in(element.value)

"""Dotted names: turning `tf.keras.Model` into a string and imports into qualified names."""

from __future__ import annotations

import libcst as cst


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

"""A fast depth-first walk over a LibCST tree, for passes that read the tree and never change
it. It knows nothing of Keras."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import libcst as cst

from fitlint.analysis.cst_util import LAYOUT_FIELD_PARTS

_Plan = tuple[tuple[str, ...], Callable[..., object] | None, Callable[..., object] | None]


class Walker:
    """Calls `visit_<Type>` / `leave_<Type>` methods like LibCST's `CSTVisitor` (a visit
    returning False skips the children), but reads children straight from the node's fields:
    LibCST's own `visit` rebuilds every node on the way back and costs twice the parse.

    `ordinal` counts the nodes visited so far: it orders bindings and uses in source order.
    Each subclass keeps its own cache of walk plans (declare `_plans = {}` on it)."""

    _plans: dict[type, _Plan]
    ordinal: int = 0

    def walk(self, node: cst.CSTNode) -> None:
        self.ordinal += 1
        plan = self._plans.get(type(node))
        if plan is None:
            plan = self._plan(type(node))
        fields, visit, leave = plan
        if visit is None or visit(self, node) is not False:
            for name in fields:
                child = getattr(node, name)
                if isinstance(child, cst.CSTNode):
                    self.walk(child)
                elif isinstance(child, tuple | list):
                    for item in child:
                        if isinstance(item, cst.CSTNode):
                            self.walk(item)
        if leave is not None:
            leave(self, node)

    @classmethod
    def _plan(cls, node_type: type) -> _Plan:
        fields = tuple(
            field.name
            for field in dataclasses.fields(node_type)
            if not any(part in field.name for part in LAYOUT_FIELD_PARTS)
        )
        plan: _Plan = (
            fields,
            getattr(cls, f"visit_{node_type.__name__}", None),
            getattr(cls, f"leave_{node_type.__name__}", None),
        )
        cls._plans[node_type] = plan
        return plan

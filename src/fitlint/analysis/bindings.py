"""Name resolution: which binding a name refers to at a point of the module, and the
qualified name an expression stands for through the module's imports and aliases."""

from __future__ import annotations

import libcst as cst

from fitlint.analysis.cst_util import dotted_name
from fitlint.analysis.scopes import Binding, ClassInfo, LoopInfo, Scope

# How deep analysis follows chains: a = b; b = c; base classes; calls of local functions.
MAX_DEPTH = 24
# How many aliases `qualified_name` follows (`mnist = tf.keras.datasets.mnist`).
_MAX_ALIASES = 8


class Bindings:
    """Queries over the scopes and bindings of one module."""

    def __init__(self, module_scope: Scope) -> None:
        self.module_scope = module_scope

    def lookup(self, name: str, scope: Scope, ordinal: int) -> Binding | None:
        """The binding `name` refers to when read in `scope` at `ordinal`."""
        current: Scope | None = scope
        own = True
        while current is not None:
            if own or current.kind != "class":
                candidates = current.bindings.get(name)
                if candidates:
                    if not own:
                        # An enclosing scope's name is read when the function runs,
                        # which is after the enclosing scope has finished binding it.
                        return candidates[-1]
                    before = [b for b in candidates if b.ordinal < ordinal]
                    # Nothing before the use: a loop body reading last iteration's value.
                    return before[-1] if before else candidates[-1]
            current = current.parent
            own = False
        return None

    def head_binding(self, expr: cst.BaseExpression, scope: Scope, ordinal: int) -> Binding | None:
        """The binding of the name an attribute chain starts from (`a` in `a.b.c`)."""
        while isinstance(expr, cst.Attribute):
            expr = expr.value
        if not isinstance(expr, cst.Name):
            return None
        return self.lookup(expr.value, scope, ordinal)

    def qualified_name(
        self, expr: cst.BaseExpression, scope: Scope, ordinal: int, depth: int = 0
    ) -> str | None:
        """`tf.keras.Model` → `tensorflow.keras.Model` through the module's imports, and
        through aliases such as `mnist = tf.keras.datasets.mnist`."""
        dotted = dotted_name(expr)
        if dotted is None or depth > _MAX_ALIASES:
            return None
        head, _, rest = dotted.partition(".")
        binding = self.lookup(head, scope, ordinal)
        if binding is None:
            return None
        if binding.kind == "import" and binding.qualname is not None:
            base: str | None = binding.qualname
        elif (
            binding.kind == "assign"
            and not binding.unpack_path
            and isinstance(binding.value_expr, cst.Name | cst.Attribute)
        ):
            base = self.qualified_name(
                binding.value_expr, binding.scope, binding.ordinal, depth + 1
            )
        else:
            return None
        if base is None:
            return None
        return f"{base}.{rest}" if rest else base

    def bindings_in_loop(self, name: str, scope: Scope, loop: LoopInfo) -> list[Binding]:
        """Bindings of `name` in `scope` that happen inside `loop` (at any depth)."""
        return [
            binding
            for binding in scope.bindings.get(name, [])
            if binding.loop is not None and loop in binding.loop.chain()
        ]

    def local_class(self, name: str) -> ClassInfo | None:
        """The class a module-level name last binds, when it is a class of this module."""
        bindings = self.module_scope.bindings.get(name)
        if bindings and bindings[-1].kind == "class":
            return bindings[-1].class_info
        return None

"""One walk over a module records its facts: imports, scopes, bindings, classes, functions,
loops and calls. The walk is rule-agnostic: it records every call by its called name, and
Keras-like training calls with their loop context.

Values are computed lazily after the walk (analysis/evaluate.py), so a function may use a
module-level name bound below it, as Python allows, and each rule pays only for the facts
it asks for.
"""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from fitlint.analysis.bindings import Bindings
from fitlint.analysis.cst_util import dotted_name, import_from_module
from fitlint.analysis.libraries import keras
from fitlint.analysis.libraries.testing import expected_errors
from fitlint.analysis.scopes import (
    Binding,
    BindingKind,
    CallSite,
    ClassInfo,
    FunctionInfo,
    LoopInfo,
    ModuleFacts,
    Scope,
    TrainingCall,
)
from fitlint.analysis.walker import Walker


class _Builder(Walker):
    _plans = {}  # noqa: RUF012 - a per-class cache of walk plans

    def __init__(self, module: cst.Module) -> None:
        self.facts = ModuleFacts(module, Scope("module", "<module>", None))
        self.bindings = Bindings(self.facts.module_scope)
        self.scope = self.facts.module_scope
        self.ordinal = 0
        self.functions: list[FunctionInfo | None] = []
        self.class_methods: list[set[str]] = []
        self.loop: LoopInfo | None = None
        # The exceptions the enclosing `with pytest.raises(...)`-like blocks expect.
        self.expected_errors: list[tuple[str, ...]] = []
        # (generator function, innermost loop) for each `yield` inside a `while True:` loop.
        self.yields_in_while_true: list[tuple[FunctionInfo, LoopInfo]] = []

    # --- binding helpers -------------------------------------------------------------

    def _bind(self, name: str, kind: BindingKind, **extra: object) -> Binding:
        binding = Binding(
            name=name,
            kind=kind,
            ordinal=self.ordinal,
            scope=self.scope,
            loop=self.loop,
            **extra,  # type: ignore[arg-type]
        )
        self.scope.add(binding)
        return binding

    def _bind_target(
        self,
        target: cst.BaseExpression,
        value: cst.BaseExpression | None,
        path: tuple[int, ...] = (),
    ) -> None:
        if isinstance(target, cst.Name):
            kind: BindingKind = "assign" if value is not None else "opaque"
            self._bind(target.value, kind, value_expr=value, unpack_path=path)
        elif isinstance(target, cst.Tuple | cst.List):
            starred = any(isinstance(e, cst.StarredElement) for e in target.elements)
            for index, element in enumerate(target.elements):
                if isinstance(element, cst.StarredElement) or starred:
                    self._bind_target(element.value, None)
                else:
                    self._bind_target(element.value, value, (*path, index))
        elif isinstance(target, cst.StarredElement):
            self._bind_target(target.value, None)
        elif (
            isinstance(target, cst.Attribute)
            and isinstance(target.value, cst.Name)
            and target.value.value == "self"
        ):
            class_scope = self.scope.enclosing_class_scope()
            if class_scope is not None:
                class_scope.add(
                    Binding(
                        name=f"self.{target.attr.value}",
                        kind="assign" if value is not None else "opaque",
                        ordinal=self.ordinal,
                        scope=self.scope,
                        value_expr=value,
                        unpack_path=path,
                        loop=self.loop,
                    )
                )
        elif isinstance(target, cst.Attribute) and isinstance(target.value, cst.Name):
            # `tf.model = tf.keras.Sequential()`: an object's attribute, read back as `tf.model`.
            self._bind(
                f"{target.value.value}.{target.attr.value}",
                "assign" if value is not None else "opaque",
                value_expr=value,
                unpack_path=path,
            )

    # --- imports ---------------------------------------------------------------------

    def visit_Import(self, node: cst.Import) -> bool:
        for alias in node.names:
            full = dotted_name(alias.name)
            if full is None:
                continue
            self._note_import(full)
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                self._bind(alias.asname.name.value, "import", qualname=full, module_import=True)
            else:
                head = full.split(".", 1)[0]
                self._bind(head, "import", qualname=head, module_import=True)
        return False

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        module = import_from_module(node)
        if module is not None:
            self._note_import(module)
        if isinstance(node.names, cst.ImportStar):
            return False
        for alias in node.names:
            imported = dotted_name(alias.name)
            if imported is None:
                continue
            local = imported
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                local = alias.asname.name.value
            self.facts.imported_names.add(imported)
            qualname = f"{module}.{imported}" if module is not None else None
            # `from . import training` imports a sibling module of a package.
            is_module = len(node.relative) > 0 and node.module is None
            self._bind(local, "import", qualname=qualname, module_import=is_module)
        return False

    def _note_import(self, module: str) -> None:
        root = module.split(".", 1)[0]
        if root in keras.KERAS_ROOTS or root in keras.KERAS_FAMILY_ROOTS:
            self.facts.imports_keras = True

    # --- definitions and scopes ------------------------------------------------------

    def _enter_function(
        self, name: str, info: FunctionInfo | None
    ) -> tuple[Scope, LoopInfo | None]:
        saved = (self.scope, self.loop)
        self.scope = info.scope if info is not None else Scope("function", name, self.scope)
        self.functions.append(info)
        self.loop = None  # loops outside a function body do not run its body
        return saved

    def visit_With(self, node: cst.With) -> None:
        expected = tuple(name for item in node.items for name in expected_errors(item.item))
        self.expected_errors.append(expected)

    def leave_With(self, original_node: cst.With) -> None:
        self.expected_errors.pop()

    def _leave_function(self, saved: tuple[Scope, LoopInfo | None]) -> None:
        self.functions.pop()
        self.scope, self.loop = saved

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        # Decorators and defaults are evaluated in the enclosing scope.
        for decorator in node.decorators:
            self.walk(decorator)
        for param in _all_params(node.params):
            if param.default is not None:
                self.walk(param.default)
        info = FunctionInfo(node.name.value, Scope("function", node.name.value, self.scope))
        info.scope.function = info
        info.node = node
        info.is_method = self.scope.kind == "class"
        stars = {node.params.star_kwarg}
        if isinstance(node.params.star_arg, cst.Param):
            stars.add(node.params.star_arg)
        for param in _all_params(node.params):
            info.parameters.append(param.name.value)
            if param in stars:
                info.star_parameters.add(param.name.value)
            if param.default is not None:
                info.defaults[param.name.value] = (param.default, self.scope, self.ordinal)
        self._bind(node.name.value, "function", function=info)
        if self.class_methods and self.scope.kind == "class":
            self.class_methods[-1].add(node.name.value)
        saved = self._enter_function(node.name.value, info)
        for param in _all_params(node.params):
            if param.name.value in info.star_parameters:
                self._bind(param.name.value, "opaque")
            else:
                self._bind(param.name.value, "parameter", function=info)
        self.walk(node.body)
        self._leave_function(saved)
        return False

    def visit_Lambda(self, node: cst.Lambda) -> bool:
        for param in _all_params(node.params):
            if param.default is not None:
                self.walk(param.default)
        saved = self._enter_function("<lambda>", None)
        for param in _all_params(node.params):
            self._bind(param.name.value, "opaque")
        self.walk(node.body)
        self._leave_function(saved)
        return False

    def visit_ClassDef(self, node: cst.ClassDef) -> bool:
        for decorator in node.decorators:
            self.walk(decorator)
        for arg in node.bases:
            self.walk(arg)
        bases = tuple(
            self._base_name(arg.value) for arg in node.bases if arg.keyword is None and not arg.star
        )
        class_scope = Scope("class", node.name.value, self.scope)
        saved = (self.scope, self.loop)
        self.scope = class_scope
        self.loop = None
        self.class_methods.append(set())
        self.functions.append(None)
        self.walk(node.body)
        self.functions.pop()
        methods = self.class_methods.pop()
        self.scope, self.loop = saved
        info = ClassInfo(node.name.value, bases, frozenset(methods), class_scope)
        class_scope.class_info = info
        self._bind(node.name.value, "class", class_info=info)
        return False

    def _base_name(self, expr: cst.BaseExpression) -> str | None:
        qualname = self.bindings.qualified_name(expr, self.scope, self.ordinal)
        if qualname is not None:
            return qualname
        return dotted_name(expr)

    def visit_Return(self, node: cst.Return) -> None:
        function = self.functions[-1] if self.functions else None
        if function is not None and node.value is not None:
            function.returns.append((node.value, self.ordinal))
        for loop in self.loop.chain() if self.loop is not None else ():
            loop.has_return = True

    def visit_Yield(self, node: cst.Yield) -> None:
        function = self.functions[-1] if self.functions else None
        if function is None:
            return
        function.is_generator = True
        function.yield_loops.append(tuple(self.loop.chain()) if self.loop is not None else ())
        if self.loop is not None and any(loop.is_while_true for loop in self.loop.chain()):
            self.yields_in_while_true.append((function, self.loop))

    # --- loops -----------------------------------------------------------------------

    def _enter_loop(self, node: cst.For | cst.While) -> LoopInfo:
        loop = LoopInfo(node=node, parent=self.loop, scope=self.scope, ordinal=self.ordinal)
        if isinstance(node, cst.While):
            test = node.test
            loop.is_while_true = (isinstance(test, cst.Name) and test.value == "True") or (
                isinstance(test, cst.Integer) and test.evaluated_value != 0
            )
        self.facts.loops.append(loop)
        self.loop = loop
        return loop

    def _leave_loop(self, loop: LoopInfo) -> None:
        self.loop = loop.parent

    def visit_For(self, node: cst.For) -> bool:
        self.walk(node.iter)
        loop = self._enter_loop(node)
        self._bind_target(node.target, None)
        self.walk(node.body)
        self._leave_loop(loop)
        if node.orelse is not None:
            self.walk(node.orelse)
        return False

    def visit_While(self, node: cst.While) -> bool:
        loop = self._enter_loop(node)
        self.walk(node.test)
        self.walk(node.body)
        self._leave_loop(loop)
        if node.orelse is not None:
            self.walk(node.orelse)
        return False

    def visit_Break(self, node: cst.Break) -> None:
        if self.loop is not None:
            self.loop.has_break = True

    # --- assignments -----------------------------------------------------------------

    def leave_Assign(self, original_node: cst.Assign) -> None:
        for target in original_node.targets:
            self._note_item_assignment(target.target)
            self._bind_target(target.target, original_node.value)

    def _note_item_assignment(self, target: cst.BaseExpression) -> None:
        if isinstance(target, cst.Tuple | cst.List):
            for element in target.elements:
                self._note_item_assignment(element.value)
        elif isinstance(target, cst.Subscript):
            root: cst.BaseExpression = target.value
            while isinstance(root, cst.Subscript | cst.Attribute):
                root = root.value
            if isinstance(root, cst.Name):
                self.facts.item_assigned.add(root.value)

    def leave_AnnAssign(self, original_node: cst.AnnAssign) -> None:
        self._bind_target(original_node.target, original_node.value)

    def leave_AugAssign(self, original_node: cst.AugAssign) -> None:
        target = original_node.target
        self._note_item_assignment(target)
        if isinstance(target, cst.Name):
            self._bind(
                target.value,
                "augassign",
                value_expr=original_node.value,
                aug_operator=original_node.operator,
            )
        else:
            self._bind_target(target, None)

    def leave_NamedExpr(self, original_node: cst.NamedExpr) -> None:
        self._bind_target(original_node.target, original_node.value)

    def visit_CompFor(self, node: cst.CompFor) -> None:
        self._bind_target(node.target, None)

    def leave_WithItem(self, original_node: cst.WithItem) -> None:
        if original_node.asname is not None:
            self._bind_target(original_node.asname.name, None)

    def leave_ExceptHandler(self, original_node: cst.ExceptHandler) -> None:
        if original_node.name is not None:
            self._bind_target(original_node.name.name, None)

    def visit_Global(self, node: cst.Global) -> None:
        # `global x` makes x's assignments here module-level: they are not followed.
        for item in node.names:
            self._bind(item.name.value, "opaque")

    # --- calls -----------------------------------------------------------------------

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        called = (
            func.attr.value
            if isinstance(func, cst.Attribute)
            else (func.value if isinstance(func, cst.Name) else None)
        )
        if called is not None:
            self.facts.calls_by_name.setdefault(called, []).append(
                CallSite(node, self.scope, self.ordinal, self.loop)
            )
        if isinstance(func, cst.Attribute):
            method = func.attr.value
            if method in keras.TRAINING_METHODS:
                call = TrainingCall(
                    node=node,
                    method=method,
                    method_name_node=func.attr,
                    receiver=func.value,
                    scope=self.scope,
                    ordinal=self.ordinal,
                    loop=self.loop,
                    expected_errors=tuple(name for names in self.expected_errors for name in names),
                )
                self.facts.training_calls.append(call)
                if self.loop is not None:
                    self.loop.direct_training_calls.append(call)
                    for outer in self.loop.chain():
                        if outer is not self.loop:
                            outer.inner_training_calls.append(call)


def _all_params(params: cst.Parameters) -> Iterator[cst.Param]:
    yield from params.posonly_params
    yield from params.params
    if isinstance(params.star_arg, cst.Param):
        yield params.star_arg
    yield from params.kwonly_params
    if params.star_kwarg is not None:
        yield params.star_kwarg


def build_facts(module: cst.Module) -> ModuleFacts:
    """One walk over `module`: its scopes, bindings, loops and calls."""
    builder = _Builder(module)
    builder.walk(module)
    # A generator is infinite when a `yield` sits in a `while True:` loop that neither
    # `break`s nor `return`s (judged after the pass, when each loop's flags are complete).
    for function, loop in builder.yields_in_while_true:
        for enclosing in loop.chain():
            if enclosing.is_while_true and not enclosing.has_break and not enclosing.has_return:
                function.is_infinite_generator = True
                break
    return builder.facts

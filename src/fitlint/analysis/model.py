"""One pass over a module builds its training model: imports, scopes, bindings, classes and
training calls.

Values are computed lazily after the pass, so a function may use a module-level name
bound below it (as Python allows), and each rule pays only for the facts it asks for.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

import libcst as cst

from fitlint.analysis import keras
from fitlint.analysis.names import dotted_name, import_from_module
from fitlint.analysis.values import (
    UNKNOWN,
    ClassInfo,
    Foreign,
    Instance,
    KerasModel,
    Value,
)

ScopeKind = Literal["module", "class", "function"]
BindingKind = Literal["assign", "import", "function", "class", "opaque"]

# How deep value resolution may recurse (a = b; b = c; ... and calls of local functions).
_MAX_DEPTH = 24


@dataclass(eq=False)
class FunctionInfo:
    name: str
    scope: Scope
    returns: list[tuple[cst.BaseExpression, int]] = field(default_factory=list)


@dataclass(eq=False)
class Binding:
    """One binding of a name (or of `self.attr`) in a scope, at a point in source order."""

    name: str
    kind: BindingKind
    ordinal: int
    scope: Scope
    value_expr: cst.BaseExpression | None = None
    # For `a, (b, c) = expr`: the path of tuple indexes from `expr` to this name.
    unpack_path: tuple[int, ...] = ()
    qualname: str | None = None  # imports
    function: FunctionInfo | None = None
    class_info: ClassInfo | None = None


@dataclass(eq=False)
class Scope:
    kind: ScopeKind
    name: str
    parent: Scope | None
    bindings: dict[str, list[Binding]] = field(default_factory=dict)
    class_info: ClassInfo | None = None

    def add(self, binding: Binding) -> None:
        self.bindings.setdefault(binding.name, []).append(binding)

    def enclosing_class_scope(self) -> Scope | None:
        """For a method's scope, the scope of the class it is defined in."""
        if self.kind == "function" and self.parent is not None and self.parent.kind == "class":
            return self.parent
        return None


@dataclass(frozen=True, eq=False)
class TrainingCall:
    """A call of a Keras-like training method (`x.fit(...)`, `x.fit_generator(...)`, ...)."""

    node: cst.Call
    method: str
    method_name_node: cst.Name
    receiver: cst.BaseExpression
    scope: Scope
    ordinal: int

    def keyword(self, name: str) -> cst.Arg | None:
        for arg in self.node.args:
            if arg.keyword is not None and arg.keyword.value == name:
                return arg
        return None

    def keywords(self) -> Iterator[str]:
        for arg in self.node.args:
            if arg.keyword is not None:
                yield arg.keyword.value

    def has_star_kwargs(self) -> bool:
        return any(arg.star == "**" for arg in self.node.args)


class ModuleModel:
    """Facts about one module, shared by all rules. Rules read it and never change it."""

    def __init__(self, module: cst.Module) -> None:
        self.module = module
        self.module_scope = Scope("module", "<module>", None)
        self.training_calls: list[TrainingCall] = []
        self.imports_keras = False
        self._value_cache: dict[int, Value] = {}

    # --- name resolution -------------------------------------------------------------

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

    def qualified_name(self, expr: cst.BaseExpression, scope: Scope, ordinal: int) -> str | None:
        """`tf.keras.Model` → `tensorflow.keras.Model` through the module's imports."""
        dotted = dotted_name(expr)
        if dotted is None:
            return None
        head, _, rest = dotted.partition(".")
        binding = self.lookup(head, scope, ordinal)
        if binding is None or binding.kind != "import" or binding.qualname is None:
            return None
        return f"{binding.qualname}.{rest}" if rest else binding.qualname

    # --- values ----------------------------------------------------------------------

    def value_of(
        self, expr: cst.BaseExpression, scope: Scope, ordinal: int, depth: int = 0
    ) -> Value:
        if depth > _MAX_DEPTH:
            return UNKNOWN
        if isinstance(expr, cst.Name):
            binding = self.lookup(expr.value, scope, ordinal)
            return UNKNOWN if binding is None else self.binding_value(binding, depth + 1)
        if isinstance(expr, cst.Attribute):
            return self._attribute_value(expr, scope, ordinal, depth)
        if isinstance(expr, cst.Call):
            return self._call_value(expr, scope, ordinal, depth)
        return UNKNOWN

    def binding_value(self, binding: Binding, depth: int = 0) -> Value:
        key = id(binding)
        cached = self._value_cache.get(key)
        if cached is not None:
            return cached
        self._value_cache[key] = UNKNOWN  # guards against a = a cycles
        value: Value = UNKNOWN
        if binding.kind == "assign" and binding.value_expr is not None and not binding.unpack_path:
            value = self.value_of(binding.value_expr, binding.scope, binding.ordinal, depth + 1)
        self._value_cache[key] = value
        return value

    def _attribute_value(
        self, expr: cst.Attribute, scope: Scope, ordinal: int, depth: int
    ) -> Value:
        # `self.model` inside a method: the class's `self.model = ...` assignments.
        if isinstance(expr.value, cst.Name) and expr.value.value == "self":
            class_scope = scope.enclosing_class_scope()
            if class_scope is not None:
                bindings = class_scope.bindings.get(f"self.{expr.attr.value}")
                if bindings:
                    values = {self.binding_value(b, depth + 1) for b in bindings}
                    return values.pop() if len(values) == 1 else UNKNOWN
        return UNKNOWN

    def _call_value(self, expr: cst.Call, scope: Scope, ordinal: int, depth: int) -> Value:
        func = expr.func
        qualname = self.qualified_name(func, scope, ordinal)
        if qualname is not None:
            if keras.is_keras_model_constructor(qualname):
                last = qualname.rsplit(".", 1)[-1]
                class_name = {"Sequential": "Sequential", "Model": "Functional"}.get(last)
                return KerasModel(class_name)
            if keras.is_foreign_qualname(qualname):
                return Foreign(qualname)
            return UNKNOWN
        if isinstance(func, cst.Name):
            binding = self.lookup(func.value, scope, ordinal)
            if binding is None:
                return UNKNOWN
            if binding.kind == "class" and binding.class_info is not None:
                return Instance(binding.class_info)
            if binding.kind == "function" and binding.function is not None:
                return self._function_result(binding.function, depth + 1)
        return UNKNOWN

    def _function_result(self, function: FunctionInfo, depth: int) -> Value:
        values = {self.value_of(expr, function.scope, o, depth + 1) for expr, o in function.returns}
        if len(values) == 1:
            return values.pop()
        models = {v for v in values if isinstance(v, KerasModel)}
        # Different returns of different Keras models are still a Keras model.
        if models and len(models) == len(values):
            return KerasModel(None)
        return UNKNOWN

    def class_is_keras_model(self, info: ClassInfo, depth: int = 0) -> bool | None:
        """True for `class Net(keras.Model)`, False for a class with known non-Keras bases,
        None when a base comes from elsewhere and cannot be judged."""
        if depth > _MAX_DEPTH:
            return None
        verdict: bool | None = False
        for base in info.base_qualnames:
            if base is None:
                verdict = None
                continue
            if keras.is_keras_model_class(base):
                return True
            local = self._local_class(base)
            if local is not None:
                inner = self.class_is_keras_model(local, depth + 1)
                if inner:
                    return True
                if inner is None:
                    verdict = None
            elif base != "object":
                verdict = None
        return verdict

    def _local_class(self, name: str) -> ClassInfo | None:
        bindings = self.module_scope.bindings.get(name)
        if bindings and bindings[-1].kind == "class":
            return bindings[-1].class_info
        return None

    def class_defining(self, info: ClassInfo, method: str, depth: int = 0) -> bool | None:
        """Whether `info` or a local base class defines `method` (None: a base is unknown)."""
        if method in info.methods:
            return True
        if depth > _MAX_DEPTH:
            return None
        verdict: bool | None = False
        for base in info.base_qualnames:
            local = self._local_class(base) if base is not None else None
            if local is not None:
                inner = self.class_defining(local, method, depth + 1)
                if inner:
                    return True
                if inner is None:
                    verdict = None
            elif base not in (None, "object") and not keras.is_keras_model_class(base):
                verdict = None
        return verdict

    # --- Keras receivers -------------------------------------------------------------

    def receiver_class_name(self, call: TrainingCall) -> str | None:
        """What `type(receiver).__name__` would print, when known."""
        class_scope = call.scope.enclosing_class_scope()
        if isinstance(call.receiver, cst.Name) and call.receiver.value == "self" and class_scope:
            return class_scope.class_info.name if class_scope.class_info else None
        value = self.value_of(call.receiver, call.scope, call.ordinal)
        if isinstance(value, KerasModel):
            return value.class_name
        if isinstance(value, Instance):
            return value.class_info.name
        return None

    def receiver_is_keras_model(self, call: TrainingCall) -> bool | None:
        """True when the object a training method is called on is a Keras model, False when
        it is shown not to be (sklearn, a local class with its own method), None if unknown."""
        receiver = call.receiver
        class_scope = call.scope.enclosing_class_scope()
        if isinstance(receiver, cst.Name) and receiver.value == "self" and class_scope is not None:
            return self._instance_verdict(class_scope.class_info, call.method)
        if (
            isinstance(receiver, cst.Call)
            and isinstance(receiver.func, cst.Name)
            and receiver.func.value == "super"
            and class_scope is not None
            and class_scope.class_info is not None
        ):
            return self.class_is_keras_model(class_scope.class_info) or False
        value = self.value_of(receiver, call.scope, call.ordinal)
        if isinstance(value, KerasModel):
            return True
        if isinstance(value, Foreign):
            return False
        if isinstance(value, Instance):
            return self._instance_verdict(value.class_info, call.method)
        return None

    def _instance_verdict(self, info: ClassInfo | None, method: str) -> bool | None:
        if info is None:
            return None
        if self.class_defining(info, method):
            return False  # the user's own method of that name
        # A plain class (or one whose bases are not known) is not shown to be a model.
        return bool(self.class_is_keras_model(info))


class _Builder(cst.CSTVisitor):
    def __init__(self, model: ModuleModel) -> None:
        self.model = model
        self.scope = model.module_scope
        self.ordinal = 0
        self.functions: list[FunctionInfo | None] = []
        self.class_methods: list[set[str]] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        self.ordinal += 1
        return super().on_visit(node)

    # --- binding helpers -------------------------------------------------------------

    def _bind(self, name: str, kind: BindingKind, **extra: object) -> Binding:
        binding = Binding(name=name, kind=kind, ordinal=self.ordinal, scope=self.scope, **extra)  # type: ignore[arg-type]
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
            for index, element in enumerate(target.elements):
                inner = element.value
                if isinstance(element, cst.StarredElement):
                    self._bind_target(inner, None)
                else:
                    self._bind_target(inner, value, (*path, index))
        elif isinstance(target, cst.StarredElement):
            self._bind_target(target.value, None)
        elif (
            isinstance(target, cst.Attribute)
            and isinstance(target.value, cst.Name)
            and target.value.value == "self"
        ):
            class_scope = self.scope.enclosing_class_scope()
            if class_scope is not None:
                binding = Binding(
                    name=f"self.{target.attr.value}",
                    kind="assign" if value is not None and not path else "opaque",
                    ordinal=self.ordinal,
                    scope=self.scope,
                    value_expr=value,
                    unpack_path=path,
                )
                class_scope.add(binding)

    # --- imports ---------------------------------------------------------------------

    def visit_Import(self, node: cst.Import) -> bool:
        for alias in node.names:
            full = dotted_name(alias.name)
            if full is None:
                continue
            self._note_import(full)
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                self._bind(alias.asname.name.value, "import", qualname=full)
            else:
                head = full.split(".", 1)[0]
                self._bind(head, "import", qualname=head)
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
            qualname = f"{module}.{imported}" if module is not None else None
            self._bind(local, "import", qualname=qualname)
        return False

    def _note_import(self, module: str) -> None:
        if module.split(".", 1)[0] in keras.KERAS_ROOTS:
            self.model.imports_keras = True

    # --- definitions and scopes ------------------------------------------------------

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        # Decorators and defaults are evaluated in the enclosing scope.
        for decorator in node.decorators:
            decorator.visit(self)
        for param in _all_params(node.params):
            if param.default is not None:
                param.default.visit(self)
        function_scope = Scope("function", node.name.value, self.scope)
        info = FunctionInfo(node.name.value, function_scope)
        self._bind(node.name.value, "function", function=info)
        if self.class_methods and self.scope.kind == "class":
            self.class_methods[-1].add(node.name.value)
        self.scope = function_scope
        self.functions.append(info)
        for param in _all_params(node.params):
            self._bind(param.name.value, "opaque")
        node.body.visit(self)
        self.functions.pop()
        assert self.scope.parent is not None
        self.scope = self.scope.parent
        return False

    def visit_Lambda(self, node: cst.Lambda) -> bool:
        for param in _all_params(node.params):
            if param.default is not None:
                param.default.visit(self)
        self.scope = Scope("function", "<lambda>", self.scope)
        self.functions.append(None)
        for param in _all_params(node.params):
            self._bind(param.name.value, "opaque")
        node.body.visit(self)
        self.functions.pop()
        assert self.scope.parent is not None
        self.scope = self.scope.parent
        return False

    def visit_ClassDef(self, node: cst.ClassDef) -> bool:
        for decorator in node.decorators:
            decorator.visit(self)
        for arg in node.bases:
            arg.visit(self)
        bases = tuple(
            self._base_name(arg.value) for arg in node.bases if arg.keyword is None and not arg.star
        )
        class_scope = Scope("class", node.name.value, self.scope)
        self.scope = class_scope
        self.class_methods.append(set())
        self.functions.append(None)
        node.body.visit(self)
        self.functions.pop()
        methods = self.class_methods.pop()
        assert class_scope.parent is not None
        self.scope = class_scope.parent
        info = ClassInfo(node.name.value, bases, frozenset(methods))
        class_scope.class_info = info
        self._bind(node.name.value, "class", class_info=info)
        return False

    def _base_name(self, expr: cst.BaseExpression) -> str | None:
        qualname = self.model.qualified_name(expr, self.scope, self.ordinal)
        if qualname is not None:
            return qualname
        return dotted_name(expr)

    def visit_Return(self, node: cst.Return) -> None:
        if self.functions and self.functions[-1] is not None and node.value is not None:
            self.functions[-1].returns.append((node.value, self.ordinal))

    # --- assignments -----------------------------------------------------------------

    def leave_Assign(self, original_node: cst.Assign) -> None:
        for target in original_node.targets:
            self._bind_target(target.target, original_node.value)

    def leave_AnnAssign(self, original_node: cst.AnnAssign) -> None:
        self._bind_target(original_node.target, original_node.value)

    def leave_AugAssign(self, original_node: cst.AugAssign) -> None:
        self._bind_target(original_node.target, None)

    def leave_NamedExpr(self, original_node: cst.NamedExpr) -> None:
        self._bind_target(original_node.target, original_node.value)

    def visit_For(self, node: cst.For) -> bool:
        node.iter.visit(self)
        self._bind_target(node.target, None)
        node.body.visit(self)
        if node.orelse is not None:
            node.orelse.visit(self)
        return False

    def visit_CompFor(self, node: cst.CompFor) -> None:
        self._bind_target(node.target, None)

    def leave_WithItem(self, original_node: cst.WithItem) -> None:
        if original_node.asname is not None:
            self._bind_target(original_node.asname.name, None)

    def leave_ExceptHandler(self, original_node: cst.ExceptHandler) -> None:
        if original_node.name is not None:
            self._bind_target(original_node.name.name, None)

    # --- training calls --------------------------------------------------------------

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if isinstance(func, cst.Attribute) and func.attr.value in keras.TRAINING_METHODS:
            self.model.training_calls.append(
                TrainingCall(
                    node=node,
                    method=func.attr.value,
                    method_name_node=func.attr,
                    receiver=func.value,
                    scope=self.scope,
                    ordinal=self.ordinal,
                )
            )


def _all_params(params: cst.Parameters) -> Iterator[cst.Param]:
    yield from params.posonly_params
    yield from params.params
    if isinstance(params.star_arg, cst.Param):
        yield params.star_arg
    yield from params.kwonly_params
    if params.star_kwarg is not None:
        yield params.star_kwarg


def build_model(module: cst.Module) -> ModuleModel:
    model = ModuleModel(module)
    module.visit(_Builder(model))
    return model

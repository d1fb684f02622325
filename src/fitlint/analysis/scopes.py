"""The facts one pass over a module records: scopes, bindings, classes, functions, loops and
calls (every call by its called name, Keras-like training calls in particular)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

import libcst as cst

from fitlint.analysis import cst_util
from fitlint.analysis.libraries.keras import PARAMETERS

ScopeKind = Literal["module", "class", "function"]
BindingKind = Literal["assign", "augassign", "import", "function", "class", "parameter", "opaque"]


@dataclass(eq=False)
class LoopInfo:
    """A `for` or `while` loop; `parent` is the loop around it in the same function."""

    node: cst.For | cst.While
    parent: LoopInfo | None
    scope: Scope
    ordinal: int
    is_while_true: bool = False
    has_break: bool = False  # a `break` that ends this loop (not an inner one)
    has_return: bool = False  # a `return` anywhere inside
    # Training calls directly in this loop (not in an inner loop), and in inner loops.
    direct_training_calls: list[TrainingCall] = field(default_factory=list)
    inner_training_calls: list[TrainingCall] = field(default_factory=list)

    def chain(self) -> Iterator[LoopInfo]:
        """This loop and every loop around it, innermost first."""
        loop: LoopInfo | None = self
        while loop is not None:
            yield loop
            loop = loop.parent


@dataclass(eq=False)
class FunctionInfo:
    name: str
    scope: Scope
    returns: list[tuple[cst.BaseExpression, int]] = field(default_factory=list)
    is_generator: bool = False
    # A `yield` inside a `while True:` loop that has no `break` and no `return`.
    is_infinite_generator: bool = False
    # For each `yield`: the loops around it inside this function, innermost first.
    yield_loops: list[tuple[LoopInfo, ...]] = field(default_factory=list)
    # Parameter names in order, and the defaults given (evaluated in the enclosing scope).
    parameters: list[str] = field(default_factory=list)
    defaults: dict[str, tuple[cst.BaseExpression, Scope, int]] = field(default_factory=dict)
    # `*args` and `**kwargs`: no single argument gives them a value.
    star_parameters: set[str] = field(default_factory=set)
    is_method: bool = False
    node: cst.FunctionDef | None = None

    def argument_for(self, call: cst.Call, name: str) -> cst.Arg | Literal["unknown"] | None:
        """The argument `call` passes for parameter `name` (by keyword or by position; a
        method's `self` is not counted), None when it passes none, "unknown" when `*args`
        or `**kwargs` at the call may pass it."""
        if any(arg.star for arg in call.args):
            return "unknown"
        for arg in call.args:
            if arg.keyword is not None and arg.keyword.value == name:
                return arg
        if name in self.star_parameters or name not in self.parameters:
            return None
        position = self.parameters.index(name) - (1 if self.is_method else 0)
        positional = [arg for arg in call.args if arg.keyword is None]
        return positional[position] if 0 <= position < len(positional) else None


@dataclass(frozen=True)
class ClassInfo:
    """A class defined in the module being linted."""

    name: str
    base_qualnames: tuple[str | None, ...]
    methods: frozenset[str] = field(default_factory=frozenset)
    # The class body's scope, to find its methods' definitions.
    scope: Scope | None = field(default=None, compare=False, repr=False)

    def method_function(self, method: str) -> FunctionInfo | None:
        """The `def` of `method` in this class's body (not in its bases), when every binding of
        that name there is a `def`."""
        if method not in self.methods or self.scope is None:
            return None
        bindings = self.scope.bindings.get(method, [])
        functions = [
            b.function for b in bindings if b.kind == "function" and b.function is not None
        ]
        return functions[-1] if len(functions) == len(bindings) and functions else None


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
    # `import x` or `from . import x`: the name holds a module, never a model.
    module_import: bool = False
    function: FunctionInfo | None = None  # a `def`'s, or the function a parameter is of
    class_info: ClassInfo | None = None
    aug_operator: cst.BaseAugOp | None = None
    loop: LoopInfo | None = None  # the innermost loop the binding happens in


@dataclass(eq=False)
class Scope:
    kind: ScopeKind
    name: str
    parent: Scope | None
    bindings: dict[str, list[Binding]] = field(default_factory=dict)
    class_info: ClassInfo | None = None  # of a class scope
    function: FunctionInfo | None = None  # the function of a function scope

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
    loop: LoopInfo | None
    # Inside `with pytest.raises(E)` / `self.assertRaises(E)`: the names of the expected
    # exceptions ("?" when they cannot be read). The error is the point of such a call.
    expected_errors: tuple[str, ...] = ()

    @property
    def expects_error(self) -> bool:
        return bool(self.expected_errors)

    def keyword(self, name: str) -> cst.Arg | None:
        return cst_util.keyword_argument(self.node, name)

    def keywords(self) -> Iterator[str]:
        for arg in self.node.args:
            if arg.keyword is not None:
                yield arg.keyword.value

    def argument(self, name: str, position: int | None) -> cst.Arg | None:
        """The argument for parameter `name`, by keyword or by position."""
        return cst_util.argument(self.node, name, position)

    def param(self, role: str) -> cst.Arg | None:
        """The argument playing `role` ("x", "steps", "validation_data"...) in this method."""
        spec = PARAMETERS.get(self.method, {}).get(role)
        return None if spec is None else self.argument(*spec)

    def has_star_args(self) -> bool:
        return any(arg.star in ("*", "**") for arg in self.node.args)


@dataclass(frozen=True, eq=False)
class CallSite:
    """A call of a function or method by its called name (`train(...)`, `gan.train(...)`)."""

    node: cst.Call
    scope: Scope
    ordinal: int
    loop: LoopInfo | None  # the innermost loop the call is in


@dataclass(eq=False)
class ModuleFacts:
    """What one walk over a module records (see analysis/builder.py)."""

    module: cst.Module
    module_scope: Scope
    training_calls: list[TrainingCall] = field(default_factory=list)
    loops: list[LoopInfo] = field(default_factory=list)
    # Every call of a name or method by the called name (`train(...)`, `gan.train(...)`).
    calls_by_name: dict[str, list[CallSite]] = field(default_factory=dict)
    # Whether the module imports Keras or TensorFlow (or a Keras model library).
    imports_keras: bool = False
    # The names imported with `from ... import name` anywhere in the module.
    imported_names: set[str] = field(default_factory=set)
    # Names whose items are assigned somewhere (`y[y == 3] = 0`, `y[i] += 1`): their values
    # change in place, which the bindings do not show.
    item_assigned: set[str] = field(default_factory=set)

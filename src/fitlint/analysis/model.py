"""One pass over a module builds its training model: imports, scopes, bindings, classes,
loops and the calls rules look at.

Values are computed lazily after the pass (analysis/evaluate.py), so a function may use a
module-level name bound below it, as Python allows, and each rule pays only for the facts
it asks for.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator

import libcst as cst

from fitlint.analysis import keras
from fitlint.analysis.evaluate import MAX_DEPTH, ValueEvaluator, code_of
from fitlint.analysis.imports import ModuleResolver
from fitlint.analysis.names import dotted_name, import_from_module
from fitlint.analysis.scopes import (
    Binding,
    BindingKind,
    CallSite,
    FunctionInfo,
    LoopInfo,
    LoopIteration,
    NextCall,
    Scope,
    TrainingCall,
)
from fitlint.analysis.values import (
    ClassInfo,
    Foreign,
    ImportedInstance,
    Instance,
    KerasModel,
    Number,
    Unknown,
    Value,
)

# Layers and helpers that scale or normalise raw pixels inside or before the model.
_INPUT_SCALING_NAMES = frozenset(
    {
        "Rescaling",
        "Normalization",
        "Lambda",
        "preprocess_input",
        "per_image_standardization",
        "LayerNormalization",
        "BatchNormalization",
    }
)

# "epoch", "n_epochs", "ep" — but not "steps_per_epoch", which counts steps.
EPOCH_WORD = re.compile(r"(?<!per_)epoch|(^|_)ep(s)?($|_)", re.IGNORECASE)

# A loop counted in thousands is a loop over iterations/steps, whatever its variable's name.
_ITERATION_LOOP_THRESHOLD = 1000


class ModuleModel(ValueEvaluator):
    """Facts about one module, shared by all rules. Rules read it and never change it."""

    def __init__(self, module: cst.Module) -> None:
        self.module = module
        self.module_scope = Scope("module", "<module>", None)
        self.training_calls: list[TrainingCall] = []
        self.next_calls: list[NextCall] = []
        self.loop_iterations: list[LoopIteration] = []
        self.loops: list[LoopInfo] = []
        # Calls by the called name (`train(...)`, `gan.train(...)`), to read arguments.
        self.calls_by_name: dict[str, list[CallSite]] = {}
        self.imports_keras = False
        # Whether the module mentions a layer or helper that scales inputs (Rescaling...).
        self.mentions_input_scaling = False
        self._value_cache: dict[int, Value] = {}
        self._epoch_loops: dict[int, bool] = {}
        self._application_networks: list[str] | None = None
        # Looks into the project's modules for imported names; set per file by the engine.
        self.resolver = ModuleResolver(None, None)

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

    def application_networks(self) -> list[str]:
        """The `keras.applications` networks this module builds (`VGG16`, ...), in order."""
        if self._application_networks is None:
            found: list[str] = []
            for name, sites in self.calls_by_name.items():
                if not name[:1].isupper():
                    continue
                for site in sites:
                    qualname = self.qualified_name(site.node.func, site.scope, site.ordinal)
                    if qualname is not None and keras.is_application_network(qualname):
                        found.append(name)
                        break
            self._application_networks = found
        return self._application_networks

    def qualified_name(
        self, expr: cst.BaseExpression, scope: Scope, ordinal: int, depth: int = 0
    ) -> str | None:
        """`tf.keras.Model` → `tensorflow.keras.Model` through the module's imports, and
        through aliases such as `mnist = tf.keras.datasets.mnist`."""
        dotted = dotted_name(expr)
        if dotted is None or depth > 8:
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

    # --- classes ---------------------------------------------------------------------

    def _local_class(self, name: str) -> ClassInfo | None:
        bindings = self.module_scope.bindings.get(name)
        if (
            bindings
            and bindings[-1].kind == "class"
            and isinstance(bindings[-1].class_info, ClassInfo)
        ):
            return bindings[-1].class_info
        return None

    def class_has_base(
        self, info: ClassInfo, predicate: Callable[[str], bool], depth: int = 0
    ) -> bool:
        """Whether a base of `info` (followed through local classes) satisfies `predicate`."""
        if depth > MAX_DEPTH:
            return False
        for base in info.base_qualnames:
            if base is None:
                continue
            if predicate(base):
                return True
            local = self._local_class(base)
            if (
                local is not None
                and local is not info
                and self.class_has_base(local, predicate, depth + 1)
            ):
                return True
        return False

    def class_is_keras_model(self, info: ClassInfo, depth: int = 0) -> bool | None:
        """True for `class Net(keras.Model)`, False for a class with known non-Keras bases,
        None when a base comes from elsewhere and cannot be judged."""
        if depth > MAX_DEPTH:
            return None
        verdict: bool | None = False
        for base in info.base_qualnames:
            if base is None:
                verdict = None
                continue
            if keras.is_keras_model_class(base):
                return True
            local = self._local_class(base)
            if local is not None and local is not info:
                inner = self.class_is_keras_model(local, depth + 1)
                if inner:
                    return True
                if inner is None:
                    verdict = None
            elif base != "object":
                verdict = None
        return verdict

    def class_defining(self, info: ClassInfo, method: str, depth: int = 0) -> bool | None:
        """Whether `info` or a local base class defines `method` (None: a base is unknown)."""
        if method in info.methods:
            return True
        if depth > MAX_DEPTH:
            return None
        verdict: bool | None = False
        for base in info.base_qualnames:
            local = self._local_class(base) if base is not None else None
            if local is not None and local is not info:
                inner = self.class_defining(local, method, depth + 1)
                if inner:
                    return True
                if inner is None:
                    verdict = None
            elif base not in (None, "object") and not keras.is_keras_model_class(base):
                verdict = None
        return verdict

    # --- Keras receivers -------------------------------------------------------------

    def receiver_value(self, call: TrainingCall) -> Value:
        """The model a training method is called on (`self` in a Keras subclass included)."""
        class_scope = call.scope.enclosing_class_scope()
        receiver = call.receiver
        if isinstance(receiver, cst.Name) and receiver.value == "self" and class_scope is not None:
            info = class_scope.class_info
            if isinstance(info, ClassInfo) and self.class_is_keras_model(info):
                return KerasModel(info.name, built_here=True)
            return Instance(info) if isinstance(info, ClassInfo) else KerasModel(None)
        value = self.value_of(receiver, call.scope, call.ordinal)
        if (
            isinstance(value, Instance)
            and self.class_is_keras_model(value.class_info)
            and not self.class_defining(value.class_info, call.method)
        ):
            return KerasModel(value.class_info.name, built_here=True)
        return value

    def receiver_class_name(self, call: TrainingCall) -> str | None:
        """What `type(receiver).__name__` would print, when known: not for a name bound
        more than once before the call (a branch may have bound something else)."""
        receiver = call.receiver
        if isinstance(receiver, cst.Name):
            binding = self.lookup(receiver.value, call.scope, call.ordinal)
            if binding is not None:
                earlier = [
                    other
                    for other in binding.scope.bindings.get(receiver.value, [])
                    if other.ordinal <= call.ordinal
                ]
                if len(earlier) > 1:
                    return None
        value = self.receiver_value(call)
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
            info = class_scope.class_info
            return self._instance_verdict(
                info if isinstance(info, ClassInfo) else None, call.method
            )
        if (
            isinstance(receiver, cst.Call)
            and isinstance(receiver.func, cst.Name)
            and receiver.func.value == "super"
            and class_scope is not None
            and isinstance(class_scope.class_info, ClassInfo)
        ):
            return self.class_is_keras_model(class_scope.class_info) or False
        if isinstance(receiver, cst.Name):
            binding = self.lookup(receiver.value, call.scope, call.ordinal)
            if binding is not None and binding.module_import:
                return False  # `training.fit_generator(...)`: a module's function
        value = self.value_of(receiver, call.scope, call.ordinal)
        if isinstance(value, KerasModel):
            return True
        if isinstance(value, Foreign):
            return False
        if isinstance(value, Instance):
            return self._instance_verdict(value.class_info, call.method)
        if not isinstance(value, Unknown | ImportedInstance):
            return False  # an array, a dataset, a number...: not a model
        return None

    def is_keras_training_call(self, call: TrainingCall, *, in_error_tests: bool = False) -> bool:
        """A call rules may treat as Keras's: shown to be, or unknown in a file using Keras.
        A call inside `with pytest.raises(...)` tests an error and is not a finding, unless
        the rule asks for `in_error_tests` (its error is not the one expected)."""
        if call.expects_error and not in_error_tests:
            return False
        verdict = self.receiver_is_keras_model(call)
        if verdict is not None:
            return verdict
        value = self.receiver_value(call)
        if isinstance(value, ImportedInstance):
            verdict = self._imported_verdict(value, call)
            if verdict is not None:
                return verdict
        if self.imports_keras or _passes_keras_only_keyword(call):
            return True
        # Another training call on the same object shows it is a Keras model.
        binding = self._receiver_binding(call)
        return any(
            other is not call
            and other.method in keras.TRAINING_METHODS
            and code_of(other.receiver) == code_of(call.receiver)
            and self._receiver_binding(other) is binding
            and _passes_keras_only_keyword(other)
            for other in self.training_calls
        )

    def _imported_verdict(self, value: ImportedInstance, call: TrainingCall) -> bool | None:
        """`UNet(...)` imported from the project: a builder function's result is as unknown
        as any (None); a class with its own method of that name is not a Keras model; a
        class not shown to be one (perhaps a wrapper passing Keras arguments on) is one only
        when the file compiles it like a Keras model."""
        definition = self.resolver.definition(value.qualname)
        if definition is not None and definition.kind == "function":
            return None
        if definition is not None:
            if call.method in definition.methods:
                return False
            if any(base.rsplit(".", 1)[-1] in ("Model", "Sequential") for base in definition.bases):
                return True
        return self._compiled_with_keras_arguments(call)

    def _compiled_with_keras_arguments(self, call: TrainingCall) -> bool:
        """`net.compile(optimizer=..., loss=...)` on the same object, before or after."""
        binding = self._receiver_binding(call)
        receiver = code_of(call.receiver)
        for site in self.calls_by_name.get("compile", []):
            func = site.node.func
            if not (isinstance(func, cst.Attribute) and code_of(func.value) == receiver):
                continue
            if self._head_binding(func.value, site.scope, site.ordinal) is not binding:
                continue
            args = site.node.args
            keywords = {arg.keyword.value for arg in args if arg.keyword is not None}
            if keywords & {"optimizer", "loss", "metrics"}:
                return True
            first = args[0].value if args and args[0].keyword is None else None
            if isinstance(first, cst.SimpleString) and (
                first.evaluated_value.lower() in _KERAS_OPTIMIZER_NAMES
            ):
                return True  # model.compile("adam", "mse")
        return False

    def _receiver_binding(self, call: TrainingCall) -> Binding | None:
        return self._head_binding(call.receiver, call.scope, call.ordinal)

    def _head_binding(self, expr: cst.BaseExpression, scope: Scope, ordinal: int) -> Binding | None:
        """The binding of the name an attribute chain starts from (`a` in `a.b.c`)."""
        while isinstance(expr, cst.Attribute):
            expr = expr.value
        if not isinstance(expr, cst.Name):
            return None
        return self.lookup(expr.value, scope, ordinal)

    def _instance_verdict(self, info: ClassInfo | None, method: str) -> bool | None:
        if info is None:
            return None
        if self.class_defining(info, method):
            return False  # the user's own method of that name
        # A plain class (or one whose bases are not known) is not shown to be a model.
        return bool(self.class_is_keras_model(info))

    # --- loops -----------------------------------------------------------------------

    def is_epoch_loop(self, loop: LoopInfo) -> bool:
        """`for epoch in range(EPOCHS)`, `while ep < n_epochs`, `for i in range(n):
        model.fit(..., epochs=1)`; not a loop counted in thousands (iterations), and not a
        loop inside an epoch loop (that one iterates steps)."""
        key = id(loop)
        if key not in self._epoch_loops:
            self._epoch_loops[key] = False  # a loop never encloses itself; guards recursion
            inside_epoch = loop.parent is not None and any(
                self.is_epoch_loop(outer) for outer in loop.parent.chain()
            )
            self._epoch_loops[key] = not inside_epoch and self._looks_like_epoch_loop(loop)
        return self._epoch_loops[key]

    def _looks_like_epoch_loop(self, loop: LoopInfo) -> bool:
        node = loop.node
        if isinstance(node, cst.While):
            return _mentions_epoch(node.test)
        target_names = [name.value for name in _names_in(node.target)]
        bound = self._range_bound(node.iter, loop.scope, loop.ordinal)
        if (
            bound is not None
            and bound.value is not None
            and bound.value >= _ITERATION_LOOP_THRESHOLD
        ):
            return False
        if any(EPOCH_WORD.search(name) for name in target_names):
            return True
        if _is_range_like(node.iter) and _mentions_epoch(node.iter):
            return True
        # A loop whose body trains one epoch per iteration.
        return _is_range_like(node.iter) and any(
            _passes_epochs_one(call) for call in loop.direct_training_calls
        )

    def _range_bound(
        self, iterable: cst.BaseExpression, scope: Scope, ordinal: int
    ) -> Number | None:
        call = _unwrap_progress(iterable)
        if not (isinstance(call, cst.Call) and isinstance(call.func, cst.Name)):
            return None
        if call.func.value not in ("range", "trange"):
            return None
        positional = [arg.value for arg in call.args if arg.keyword is None and not arg.star]
        if not positional:
            return None
        stop = positional[1] if len(positional) > 1 else positional[0]
        number = self.number_of(stop, scope, ordinal)
        if number is None or number.value is None:
            return self._parameter_bound(stop, scope, ordinal) or number
        return number

    def _parameter_bound(
        self, expr: cst.BaseExpression, scope: Scope, ordinal: int
    ) -> Number | None:
        """`for epoch in range(epochs)` inside `def train(self, epochs=30000)` or a function
        called as `gan.train(epochs=30000)`: the largest value the file passes or defaults."""
        if not isinstance(expr, cst.Name) or scope.function is None:
            return None
        function = scope.function
        name = expr.value
        binding = self.lookup(name, scope, ordinal)
        if binding is None or binding.scope is not scope or name not in function.parameters:
            return None
        candidates: list[Number] = []
        default = function.defaults.get(name)
        if default is not None:
            value = self.number_of(*default)
            if value is not None:
                candidates.append(value)
        position = function.parameters.index(name) - (1 if function.is_method else 0)
        for site in self.calls_by_name.get(function.name, []):
            argument = _call_argument(site.node, name, position)
            if argument is not None:
                value = self.number_of(argument, site.scope, site.ordinal)
                if value is not None:
                    candidates.append(value)
        known = [c for c in candidates if c.value is not None]
        return max(known, key=lambda c: c.value or 0) if known else None

    def epoch_count_text(self, loop: LoopInfo) -> str | None:
        node = loop.node
        if isinstance(node, cst.For):
            bound = self._range_bound(node.iter, loop.scope, loop.ordinal)
            if bound is not None and bound.value is not None:
                return str(int(bound.value))
        return None


def _call_argument(call: cst.Call, name: str, position: int) -> cst.BaseExpression | None:
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == name:
            return arg.value
    positional = [arg.value for arg in call.args if arg.keyword is None and not arg.star]
    return positional[position] if 0 <= position < len(positional) else None


def _names_in(target: cst.BaseExpression) -> Iterator[cst.Name]:
    if isinstance(target, cst.Name):
        yield target
    elif isinstance(target, cst.Tuple | cst.List):
        for element in target.elements:
            yield from _names_in(element.value)


def _mentions_epoch(node: cst.CSTNode) -> bool:
    return bool(EPOCH_WORD.search(code_of(node)))


def _unwrap_progress(iterable: cst.BaseExpression) -> cst.BaseExpression:
    """`tqdm(range(n))`, `enumerate(range(n))` → `range(n)`."""
    while (
        isinstance(iterable, cst.Call)
        and isinstance(iterable.func, cst.Name | cst.Attribute)
        and (dotted_name(iterable.func) or "").rsplit(".", 1)[-1]
        in ("tqdm", "enumerate", "notebook")
        and iterable.args
    ):
        iterable = iterable.args[0].value
    return iterable


def _is_range_like(iterable: cst.BaseExpression) -> bool:
    call = _unwrap_progress(iterable)
    return (
        isinstance(call, cst.Call)
        and isinstance(call.func, cst.Name)
        and call.func.value in ("range", "trange")
    )


def _passes_epochs_one(call: TrainingCall) -> bool:
    if call.method not in ("fit", "fit_generator"):
        return False
    epochs = call.keyword("epochs")
    return (
        epochs is not None
        and isinstance(epochs.value, cst.Integer)
        and epochs.value.evaluated_value == 1
    )


class _Walker:
    """A depth-first walk over LibCST nodes that calls `visit_<Type>` / `leave_<Type>`
    methods like `CSTVisitor`, but reads children straight from the node's fields: LibCST's
    own `visit` rebuilds every node on the way back and costs twice the parse."""

    _plans: dict[
        type, tuple[tuple[str, ...], Callable[..., object] | None, Callable[..., object] | None]
    ]

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

    ordinal: int

    @classmethod
    def _plan(
        cls, node_type: type
    ) -> tuple[tuple[str, ...], Callable[..., object] | None, Callable[..., object] | None]:
        fields = tuple(
            field.name
            for field in dataclasses.fields(node_type)
            if not any(part in field.name for part in _LAYOUT_FIELDS)
        )
        plan = (
            fields,
            getattr(cls, f"visit_{node_type.__name__}", None),
            getattr(cls, f"leave_{node_type.__name__}", None),
        )
        cls._plans[node_type] = plan
        return plan


# Fields that hold only whitespace, punctuation and comments: nothing a rule reads.
_LAYOUT_FIELDS = (
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
    "semicolon",
    "trailing",
)


class _Builder(_Walker):
    _plans = {}  # noqa: RUF012 - a per-class cache of walk plans

    def __init__(self, model: ModuleModel) -> None:
        self.model = model
        self.scope = model.module_scope
        self.ordinal = 0
        self.functions: list[FunctionInfo | None] = []
        self.class_methods: list[set[str]] = []
        self.loop: LoopInfo | None = None
        # Per function: the `while True` loops it is inside, to judge its yields.
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
            if imported in _INPUT_SCALING_NAMES:
                self.model.mentions_input_scaling = True
            qualname = f"{module}.{imported}" if module is not None else None
            # `from . import training` imports a sibling module of a package.
            is_module = len(node.relative) > 0 and node.module is None
            self._bind(local, "import", qualname=qualname, module_import=is_module)
        return False

    def _note_import(self, module: str) -> None:
        root = module.split(".", 1)[0]
        if root in keras.KERAS_ROOTS or root in keras.KERAS_FAMILY_ROOTS:
            self.model.imports_keras = True

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
        expected = tuple(name for item in node.items for name in _expected_errors(item.item))
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
        info.is_method = self.scope.kind == "class"
        for param in _all_params(node.params):
            info.parameters.append(param.name.value)
            if param.default is not None:
                info.defaults[param.name.value] = (param.default, self.scope, self.ordinal)
        self._bind(node.name.value, "function", function=info)
        if self.class_methods and self.scope.kind == "class":
            self.class_methods[-1].add(node.name.value)
        saved = self._enter_function(node.name.value, info)
        for param in _all_params(node.params):
            self._bind(param.name.value, "opaque")
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
        qualname = self.model.qualified_name(expr, self.scope, self.ordinal)
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
        self.model.loops.append(loop)
        self.loop = loop
        return loop

    def _leave_loop(self, loop: LoopInfo) -> None:
        loop.end_ordinal = self.ordinal
        self.loop = loop.parent

    def visit_For(self, node: cst.For) -> bool:
        self.walk(node.iter)
        loop = self._enter_loop(node)
        self.model.loop_iterations.append(LoopIteration(loop, node.iter, self.scope, self.ordinal))
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
            self._bind_target(target.target, original_node.value)

    def leave_AnnAssign(self, original_node: cst.AnnAssign) -> None:
        self._bind_target(original_node.target, original_node.value)

    def leave_AugAssign(self, original_node: cst.AugAssign) -> None:
        target = original_node.target
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
            self.model.calls_by_name.setdefault(called, []).append(
                CallSite(node, self.scope, self.ordinal)
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
                self.model.training_calls.append(call)
                if self.loop is not None:
                    self.loop.direct_training_calls.append(call)
                    for outer in self.loop.chain():
                        if outer is not self.loop:
                            outer.inner_training_calls.append(call)
            elif method in ("__next__", "next") and not node.args:
                self._note_next(node, func.value, builtin=False)
            if method in _INPUT_SCALING_NAMES:
                self.model.mentions_input_scaling = True
        elif isinstance(func, cst.Name):
            if func.value == "next" and node.args and node.args[0].keyword is None:
                self._note_next(node, node.args[0].value, builtin=True)
            if func.value in _INPUT_SCALING_NAMES:
                self.model.mentions_input_scaling = True

    def _note_next(self, node: cst.Call, iterator: cst.BaseExpression, *, builtin: bool) -> None:
        self.model.next_calls.append(
            NextCall(node, iterator, self.scope, self.ordinal, self.loop, builtin)
        )


# `compile("adam", ...)`: the optimizer names Keras accepts as strings.
_KERAS_OPTIMIZER_NAMES = frozenset(
    {"adam", "adamw", "sgd", "rmsprop", "adagrad", "adadelta", "adamax", "nadam", "ftrl", "lion"}
)


def _passes_keras_only_keyword(call: TrainingCall) -> bool:
    keywords = set(call.keywords())
    if keywords & keras.KERAS_ONLY_KEYWORDS:
        return True
    # `generator=` is the first parameter of Keras 2's fit/evaluate/predict_generator.
    return call.method in keras.DEPRECATED_GENERATOR_METHODS and "generator" in keywords


_RAISES_HELPERS = frozenset(
    {"raises", "assertRaises", "assertRaisesRegex", "assertRaisesRegexp", "assertRaisesOpError"}
)


def _expected_errors(item: cst.BaseExpression) -> tuple[str, ...]:
    """For `pytest.raises(ValueError)`, `self.assertRaises((A, B))` and friends, the names of
    the exceptions expected ("?" where not readable); () for any other context manager."""
    if not isinstance(item, cst.Call):
        return ()
    name = dotted_name(item.func)
    if name is None or name.rsplit(".", 1)[-1] not in _RAISES_HELPERS:
        return ()
    if not item.args:
        return ("?",)
    first = item.args[0].value
    candidates = [e.value for e in first.elements] if isinstance(first, cst.Tuple) else [first]
    names = []
    for candidate in candidates:
        dotted = dotted_name(candidate)
        names.append(dotted.rsplit(".", 1)[-1] if dotted else "?")
    return tuple(names)


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
    builder = _Builder(model)
    builder.walk(module)
    # A generator is infinite when a `yield` sits in a `while True:` loop that neither
    # `break`s nor `return`s (judged after the pass, when each loop's flags are complete).
    for function, loop in builder.yields_in_while_true:
        for enclosing in loop.chain():
            if enclosing.is_while_true and not enclosing.has_break and not enclosing.has_return:
                function.is_infinite_generator = True
                break
    return model

"""Which training calls are Keras's: what a `fit`/`fit_generator`/`predict`... is called on, and
whether that object is shown to be a Keras model, shown not to be (sklearn, torch, a class of
the project's own with that method), or unknown in a file that uses Keras."""

from __future__ import annotations

import libcst as cst

from fitlint.analysis.bindings import Bindings
from fitlint.analysis.classes import Classes
from fitlint.analysis.cst_util import code_of, walk
from fitlint.analysis.evaluate import Evaluator
from fitlint.analysis.imports import ModuleResolver
from fitlint.analysis.libraries import keras
from fitlint.analysis.scopes import (
    Binding,
    CallSite,
    ClassInfo,
    FunctionInfo,
    LoopInfo,
    ModuleFacts,
    TrainingCall,
)
from fitlint.analysis.values import (
    Foreign,
    ImportedInstance,
    Instance,
    KerasModel,
    Unknown,
    Value,
)

# Methods whose call runs one optimisation step (a custom GradientTape loop's
# `optimizer.apply_gradients`, TF1's `minimize`, Keras's own).
_STEP_METHODS = frozenset({"apply_gradients", "minimize", "train_on_batch", "fit"})
# How deep `trains` follows calls of the module's functions.
_MAX_STEP_DEPTH = 3


class KerasCalls:
    def __init__(
        self,
        facts: ModuleFacts,
        bindings: Bindings,
        classes: Classes,
        evaluator: Evaluator,
        resolver: ModuleResolver,
    ) -> None:
        self.facts = facts
        self.bindings = bindings
        self.classes = classes
        self.evaluator = evaluator
        self.resolver = resolver
        self._trains: dict[int, bool] = {}

    def receiver_value(self, call: TrainingCall) -> Value:
        """The model a training method is called on (`self` in a Keras subclass included)."""
        class_scope = call.scope.enclosing_class_scope()
        receiver = call.receiver
        if isinstance(receiver, cst.Name) and receiver.value == "self" and class_scope is not None:
            info = class_scope.class_info
            if info is not None and self.classes.is_keras_model(info):
                return KerasModel(info.name, built_here=True)
            return Instance(info) if info is not None else KerasModel(None)
        value = self.evaluator.value_of(receiver, call.scope, call.ordinal)
        if (
            isinstance(value, Instance)
            and self.classes.is_keras_model(value.class_info)
            and not self.classes.defines(value.class_info, call.method)
        ):
            return KerasModel(value.class_info.name, built_here=True)
        return value

    def receiver_class_name(self, call: TrainingCall) -> str | None:
        """What `type(receiver).__name__` would print, when known: not for a name bound
        more than once before the call (a branch may have bound something else)."""
        receiver = call.receiver
        if isinstance(receiver, cst.Name):
            binding = self.bindings.lookup(receiver.value, call.scope, call.ordinal)
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
            return self._instance_verdict(class_scope.class_info, call.method)
        if (
            isinstance(receiver, cst.Call)
            and isinstance(receiver.func, cst.Name)
            and receiver.func.value == "super"
            and class_scope is not None
            and class_scope.class_info is not None
        ):
            return self.classes.is_keras_model(class_scope.class_info) or False
        if isinstance(receiver, cst.Name):
            binding = self.bindings.lookup(receiver.value, call.scope, call.ordinal)
            if binding is not None and binding.module_import:
                return False  # `training.fit_generator(...)`: a module's function
        value = self.evaluator.value_of(receiver, call.scope, call.ordinal)
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
        if self.facts.imports_keras or _passes_keras_only_keyword(call):
            return True
        # Another training call on the same object shows it is a Keras model.
        binding = self._receiver_binding(call)
        return any(
            other is not call
            and other.method in keras.TRAINING_METHODS
            and code_of(other.receiver) == code_of(call.receiver)
            and self._receiver_binding(other) is binding
            and _passes_keras_only_keyword(other)
            for other in self.facts.training_calls
        )

    def trains(self, function: FunctionInfo, depth: int = 0) -> bool:
        """Whether calling `function` (of this module) runs a training step: its body calls
        `apply_gradients`, `minimize`, `train_on_batch` or `fit`, directly or through another
        function of the module (the custom training step of a GradientTape loop)."""
        key = id(function)
        if key in self._trains:
            return self._trains[key]
        self._trains[key] = False  # recursion
        found = False
        if function.node is not None and depth < _MAX_STEP_DEPTH:
            for node in walk(function.node.body):
                if not isinstance(node, cst.Call):
                    continue
                func = node.func
                if isinstance(func, cst.Attribute) and func.attr.value in _STEP_METHODS:
                    found = True
                    break
                site = CallSite(node, function.scope, 1 << 62, None)
                callee = self._called_function(site)
                if callee is not None and self.trains(callee, depth + 1):
                    found = True
                    break
        self._trains[key] = found
        return found

    def training_step_calls(self, loop: LoopInfo) -> list[CallSite]:
        """Calls directly in `loop` of a function of this module that trains (`trains`)."""
        found = []
        for sites in self.facts.calls_by_name.values():
            for site in sites:
                if site.loop is not loop:
                    continue
                function = self._called_function(site)
                if function is not None and self.trains(function):
                    found.append(site)
        return found

    def _called_function(self, site: CallSite) -> FunctionInfo | None:
        """The module's function a call runs: `step(...)`, or `self.step(...)` in a method."""
        func = site.node.func
        if isinstance(func, cst.Name):
            binding = self.bindings.lookup(func.value, site.scope, site.ordinal)
            if binding is not None and binding.kind == "function":
                return binding.function
            return None
        class_scope = site.scope.enclosing_class_scope()
        if (
            isinstance(func, cst.Attribute)
            and isinstance(func.value, cst.Name)
            and func.value.value == "self"
            and class_scope is not None
            and class_scope.class_info is not None
        ):
            return class_scope.class_info.method_function(func.attr.value)
        return None

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
            if any(base.rsplit(".", 1)[-1] in keras.MODEL_BASE_NAMES for base in definition.bases):
                return True
        return self._compiled_with_keras_arguments(call)

    def _compiled_with_keras_arguments(self, call: TrainingCall) -> bool:
        """`net.compile(optimizer=..., loss=...)` on the same object, before or after."""
        binding = self._receiver_binding(call)
        receiver = code_of(call.receiver)
        for site in self.facts.calls_by_name.get("compile", []):
            func = site.node.func
            if not (isinstance(func, cst.Attribute) and code_of(func.value) == receiver):
                continue
            if self.bindings.head_binding(func.value, site.scope, site.ordinal) is not binding:
                continue
            args = site.node.args
            keywords = {arg.keyword.value for arg in args if arg.keyword is not None}
            if keywords & keras.COMPILE_KEYWORDS:
                return True
            first = args[0].value if args and args[0].keyword is None else None
            if isinstance(first, cst.SimpleString) and (
                first.evaluated_value.lower() in keras.OPTIMIZER_NAMES
            ):
                return True  # model.compile("adam", "mse")
        return False

    def _receiver_binding(self, call: TrainingCall) -> Binding | None:
        return self.bindings.head_binding(call.receiver, call.scope, call.ordinal)

    def _instance_verdict(self, info: ClassInfo | None, method: str) -> bool | None:
        if info is None:
            return None
        if self.classes.defines(info, method):
            return False  # the user's own method of that name
        # A plain class (or one whose bases are not known) is not shown to be a model.
        return bool(self.classes.is_keras_model(info))


def _passes_keras_only_keyword(call: TrainingCall) -> bool:
    keywords = set(call.keywords())
    if keywords & keras.KERAS_ONLY_KEYWORDS:
        return True
    # `generator=` is the first parameter of Keras 2's fit/evaluate/predict_generator.
    return call.method in keras.DEPRECATED_GENERATOR_METHODS and "generator" in keywords

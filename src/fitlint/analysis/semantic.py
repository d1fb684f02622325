"""The semantic model of one module: the facts its walk recorded and the queries every rule
shares (what a name holds, which calls are Keras training calls, which loops iterate
epochs). Rules read it and never change it."""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from fitlint.analysis.bindings import Bindings
from fitlint.analysis.builder import build_facts
from fitlint.analysis.classes import Classes
from fitlint.analysis.epochs import EpochLoops
from fitlint.analysis.evaluate import Evaluator
from fitlint.analysis.imports import ModuleResolver
from fitlint.analysis.keras_calls import KerasCalls
from fitlint.analysis.models import BuiltModel, Models
from fitlint.analysis.scopes import (
    Binding,
    CallSite,
    LoopInfo,
    ModuleFacts,
    Scope,
    TrainingCall,
)
from fitlint.analysis.values import Number, Value


class SemanticModel:
    """Facts about one module, and the queries over them. Its parts: `bindings` (name
    resolution), `classes` (the module's classes), `evaluator` (values of expressions),
    `keras` (which training calls are Keras's), `epochs` (epoch loops), `models` (the
    models the file builds: layers, compile, loss)."""

    def __init__(self, facts: ModuleFacts, resolver: ModuleResolver) -> None:
        self.facts = facts
        self.bindings = Bindings(facts.module_scope)
        self.classes = Classes(self.bindings)
        self.evaluator = Evaluator(self.bindings, self.classes, facts.calls_by_name)
        self.keras = KerasCalls(facts, self.bindings, self.classes, self.evaluator, resolver)
        self.epochs = EpochLoops(facts, self.bindings, self.evaluator)
        self.models = Models(facts, self.bindings, self.evaluator)

    # --- the facts -------------------------------------------------------------------

    @property
    def module(self) -> cst.Module:
        return self.facts.module

    @property
    def training_calls(self) -> list[TrainingCall]:
        """Calls of `fit`, `fit_generator`, `evaluate`, `predict`, `train_on_batch`... on
        anything, in source order; `is_keras_training_call` says which are Keras's."""
        return self.facts.training_calls

    @property
    def loops(self) -> list[LoopInfo]:
        return self.facts.loops

    def calls_named(self, name: str) -> list[CallSite]:
        """Calls of a function or method called `name`, in source order."""
        return self.facts.calls_by_name.get(name, [])

    @property
    def called_names(self) -> tuple[str, ...]:
        """Every name the module calls (`f(...)` and `x.f(...)` both give `f`), in the order
        of their first call."""
        return tuple(self.facts.calls_by_name)

    @property
    def imported_names(self) -> frozenset[str]:
        """The names the module imports with `from ... import name`."""
        return frozenset(self.facts.imported_names)

    # --- the queries rules use most --------------------------------------------------

    def lookup(self, name: str, scope: Scope, ordinal: int) -> Binding | None:
        return self.bindings.lookup(name, scope, ordinal)

    def qualified_name(self, expr: cst.BaseExpression, scope: Scope, ordinal: int) -> str | None:
        return self.bindings.qualified_name(expr, scope, ordinal)

    def value_of(self, expr: cst.BaseExpression, scope: Scope, ordinal: int) -> Value:
        return self.evaluator.value_of(expr, scope, ordinal)

    def number_of(self, expr: cst.BaseExpression, scope: Scope, ordinal: int) -> Number | None:
        return self.evaluator.number_of(expr, scope, ordinal)

    def is_keras_training_call(self, call: TrainingCall, *, in_error_tests: bool = False) -> bool:
        return self.keras.is_keras_training_call(call, in_error_tests=in_error_tests)

    def receiver_value(self, call: TrainingCall) -> Value:
        return self.keras.receiver_value(call)

    def is_epoch_loop(self, loop: LoopInfo) -> bool:
        return self.epochs.is_epoch_loop(loop)

    def training_calls_on(
        self, model: BuiltModel, methods: frozenset[str]
    ) -> Iterator[TrainingCall]:
        """The calls of `methods` on the model (`model.fit(...)` where `model` is still that
        model, or `net.fit(...)` with `net = build()` for a function that returns it),
        without `*args` / `**kwargs`, in source order."""
        holders = {id(model.binding)} | {id(b) for b in self.models.returned_as(model)}
        for call in self.training_calls:
            if call.method not in methods or call.has_star_args():
                continue
            receiver = call.receiver
            if isinstance(receiver, cst.Name):
                held = self.lookup(receiver.value, call.scope, call.ordinal)
                if held is not None and id(held) in holders:
                    yield call


def build_semantic_model(
    module: cst.Module, resolver: ModuleResolver | None = None
) -> SemanticModel:
    """Walk `module` once and return its semantic model. `resolver` looks into the project's
    other modules (the engine supplies one per file; without it nothing else is read)."""
    return SemanticModel(build_facts(module), resolver or ModuleResolver(None, None))

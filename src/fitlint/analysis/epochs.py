"""Epoch loops: which loops iterate epochs (`for epoch in range(EPOCHS)`, `while ep < n_epochs`,
a loop whose body calls `fit(..., epochs=1)`) rather than steps or GAN iterations, and how
many epochs they run when the file shows it."""

from __future__ import annotations

import re

import libcst as cst

from fitlint.analysis.bindings import Bindings
from fitlint.analysis.cst_util import argument_value, code_of, names_in, unwrap_progress
from fitlint.analysis.evaluate import Evaluator
from fitlint.analysis.libraries.keras import FIT_METHODS
from fitlint.analysis.scopes import LoopInfo, ModuleFacts, Scope, TrainingCall
from fitlint.analysis.values import Number

# "epoch", "n_epochs", "ep" — but not "steps_per_epoch", which counts steps.
EPOCH_WORD = re.compile(r"(?<!per_)epoch|(^|_)ep(s)?($|_)", re.IGNORECASE)

# A loop counted in thousands is a loop over iterations/steps, whatever its variable's name.
ITERATION_LOOP_THRESHOLD = 1000

# Calls whose result a `for` loop counts through.
_RANGE_FUNCTIONS = ("range", "trange")


class EpochLoops:
    def __init__(self, facts: ModuleFacts, bindings: Bindings, evaluator: Evaluator) -> None:
        self.facts = facts
        self.bindings = bindings
        self.evaluator = evaluator
        self._verdicts: dict[int, bool] = {}

    def is_epoch_loop(self, loop: LoopInfo) -> bool:
        """`for epoch in range(EPOCHS)`, `while ep < n_epochs`, `for i in range(n):
        model.fit(..., epochs=1)`; not a loop counted in thousands (iterations), and not a
        loop inside an epoch loop (that one iterates steps)."""
        key = id(loop)
        if key not in self._verdicts:
            self._verdicts[key] = False  # a loop never encloses itself; guards recursion
            inside_epoch = loop.parent is not None and any(
                self.is_epoch_loop(outer) for outer in loop.parent.chain()
            )
            self._verdicts[key] = not inside_epoch and self._looks_like_epoch_loop(loop)
        return self._verdicts[key]

    def enclosing_epoch_loop(self, loop: LoopInfo | None) -> LoopInfo | None:
        """`loop` or the innermost loop around it that iterates epochs."""
        if loop is None:
            return None
        for candidate in loop.chain():
            if self.is_epoch_loop(candidate):
                return candidate
        return None

    def epoch_count_text(self, loop: LoopInfo) -> str | None:
        """How many times a `for ... in range(n)` loop runs, when the file shows n."""
        node = loop.node
        if not isinstance(node, cst.For):
            return None
        bound = self._range_bound(node.iter, loop.scope, loop.ordinal)
        if bound is None or bound.value is None:
            return None
        call = unwrap_progress(node.iter)
        assert isinstance(call, cst.Call)
        positional = [arg.value for arg in call.args if arg.keyword is None and not arg.star]
        stop_index = 1 if len(positional) > 1 else 0
        numbers = []
        for index, expr in enumerate(positional):
            number = bound if index == stop_index else None
            if number is None:
                number = self.evaluator.number_of(expr, loop.scope, loop.ordinal)
            if number is None or number.value is None:
                return None
            numbers.append(int(number.value))
        if len(numbers) == 3 and numbers[2] == 0:
            return None
        return str(len(range(*numbers)))  # range(1, EPOCHS + 1) runs EPOCHS times

    def _looks_like_epoch_loop(self, loop: LoopInfo) -> bool:
        node = loop.node
        if isinstance(node, cst.While):
            return _mentions_epoch(node.test)
        target_names = [name.value for name in names_in(node.target)]
        bound = self._range_bound(node.iter, loop.scope, loop.ordinal)
        if (
            bound is not None
            and bound.value is not None
            and bound.value >= ITERATION_LOOP_THRESHOLD
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
        call = unwrap_progress(iterable)
        if not (isinstance(call, cst.Call) and isinstance(call.func, cst.Name)):
            return None
        if call.func.value not in _RANGE_FUNCTIONS:
            return None
        positional = [arg.value for arg in call.args if arg.keyword is None and not arg.star]
        if not positional:
            return None
        stop = positional[1] if len(positional) > 1 else positional[0]
        number = self.evaluator.number_of(stop, scope, ordinal)
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
        binding = self.bindings.lookup(name, scope, ordinal)
        if binding is None or binding.scope is not scope or name not in function.parameters:
            return None
        candidates: list[Number] = []
        default = function.defaults.get(name)
        if default is not None:
            value = self.evaluator.number_of(*default)
            if value is not None:
                candidates.append(value)
        position = function.parameters.index(name) - (1 if function.is_method else 0)
        for site in self.facts.calls_by_name.get(function.name, []):
            argument = argument_value(site.node, name, position)
            if argument is not None:
                value = self.evaluator.number_of(argument, site.scope, site.ordinal)
                if value is not None:
                    candidates.append(value)
        known = [c for c in candidates if c.value is not None]
        return max(known, key=lambda c: c.value or 0) if known else None


def _mentions_epoch(node: cst.CSTNode) -> bool:
    return bool(EPOCH_WORD.search(code_of(node)))


def _is_range_like(iterable: cst.BaseExpression) -> bool:
    call = unwrap_progress(iterable)
    return (
        isinstance(call, cst.Call)
        and isinstance(call.func, cst.Name)
        and call.func.value in _RANGE_FUNCTIONS
    )


def _passes_epochs_one(call: TrainingCall) -> bool:
    if call.method not in FIT_METHODS:
        return False
    epochs = call.keyword("epochs")
    return (
        epochs is not None
        and isinstance(epochs.value, cst.Integer)
        and epochs.value.evaluated_value == 1
    )

"""FL001 next-reused-across-epochs: an iterator made once and drawn from once per epoch
(`next(gen)` in the epoch loop), or a one-shot iterator exhausted by the first epoch."""

from __future__ import annotations

import re
from collections.abc import Iterator

import libcst as cst

from fitlint.analysis import LoopInfo, ModuleModel, NextCall, TrainingCall
from fitlint.analysis.keras import EPOCH_METHODS
from fitlint.analysis.model import EPOCH_WORD
from fitlint.analysis.names import dotted_name
from fitlint.analysis.scopes import Scope
from fitlint.analysis.values import Array, Dataset, KerasSequence, OneShot, ReIterable, Value
from fitlint.prefilter import CodeFacts
from fitlint.rules.base import (
    TRAINING_CALL_TOKENS,
    Finding,
    Rule,
    RuleContext,
    calls_training_method,
    source_text,
)

# Calls that train on the batch they are given (evaluate/predict on one batch per epoch is a
# common, deliberate way to monitor training).
_TRAINING_STEPS = frozenset({"fit", "fit_generator", "train_on_batch"})


# Calls that make or draw from one-shot iterators.
_ONE_SHOT_MAKERS = (
    "next",
    "__next__",
    "iter",
    "zip",
    "map",
    "filter",
    "enumerate",
    "reversed",
    "as_numpy_iterator",
    "islice",
    "cycle",
    "count",
    "repeat",
    "chain",
    "tee",
)


class NextReusedAcrossEpochs(Rule):
    code = "FL001"
    required_tokens = (
        (b"epoch", re.compile(rb"\beps?\b|_eps?\b|\beps?_")),
        (b"next", b"yield", b"iter(", b"zip(", b"map(", b"filter(", b"islice", b" for "),
        TRAINING_CALL_TOKENS,
    )

    @classmethod
    def may_fire_on(cls, facts: CodeFacts) -> bool:
        return (
            calls_training_method(facts)
            and any(EPOCH_WORD.search(word) for word in facts.identifiers | facts.keywords)
            and (
                facts.has_yield or facts.has_generator_expression or facts.calls(*_ONE_SHOT_MAKERS)
            )
        )

    def check(self, context: RuleContext) -> Iterator[Finding]:
        model = context.model
        yield from self._next_once_per_epoch(model)
        yield from self._exhausted_in_later_epochs(model)

    def _next_once_per_epoch(self, model: ModuleModel) -> Iterator[Finding]:
        for call in model.next_calls:
            loop = call.loop
            if loop is None or not model.is_epoch_loop(loop):
                continue
            fresh_source = _fresh_iterator_source(call)
            if fresh_source is not None and model.lookup("iter", call.scope, call.ordinal):
                fresh_source = None  # a user-defined `iter`
            if fresh_source is None and not isinstance(call.iterator, cst.Name):
                continue
            # The epoch's training happens right here, on the batch `next()` returned, and
            # not in an inner loop over steps.
            if not any(
                c.method in _TRAINING_STEPS
                and model.is_keras_training_call(c)
                and _feeds(model, call, c)
                for c in loop.direct_training_calls
            ):
                continue
            if any(model.is_keras_training_call(c) for c in loop.inner_training_calls):
                continue
            epochs = model.epoch_count_text(loop)
            total = f", {epochs} batches in all," if epochs else ""
            if fresh_source is not None:
                source = model.value_of(fresh_source, call.scope, call.ordinal)
                if not isinstance(source, Dataset | ReIterable | KerasSequence | Array):
                    continue
                data = source_text(fresh_source)
                yield Finding(
                    call.node,
                    f"`{source_text(call.node)}` runs once per epoch of `{_loop_header(loop)}` "
                    f"and makes a new iterator each time: every epoch trains on the first batch "
                    f"of `{data}` only{total} (a random one if it reshuffles), never a pass over "
                    f"the data. Loop over the batches inside the epoch (`for x, y in {data}:`), "
                    f"or call `model.fit({data}, epochs=...)`.",
                )
                continue
            assert isinstance(call.iterator, cst.Name)
            name = call.iterator.value
            value = model.value_of(call.iterator, call.scope, call.ordinal)
            if not (
                isinstance(value, OneShot) or (isinstance(value, KerasSequence) and value.is_flow)
            ):
                continue
            if _rebound_in_loop(model, name, call.scope, loop):
                continue
            yield Finding(
                call.node,
                f"`{source_text(call.node)}` runs once per epoch of `{_loop_header(loop)}` and "
                f"nothing else in the epoch draws from `{name}` (made before the loop): each "
                f"epoch trains on a single batch{total} instead of a pass over the data. Loop "
                "over the batches inside the epoch (`for step in range(steps_per_epoch): "
                f"x, y = next({name})`), or call `model.fit({name}, steps_per_epoch=..., "
                "epochs=...)`.",
            )

    def _exhausted_in_later_epochs(self, model: ModuleModel) -> Iterator[Finding]:
        for iteration in model.loop_iterations:
            outer = _enclosing_epoch_loop(model, iteration.loop.parent)
            iterable = _unwrap_enumeration(iteration.iterable)
            if outer is None or not isinstance(iterable, cst.Name):
                continue
            trains = iteration.loop.direct_training_calls + iteration.loop.inner_training_calls
            if not any(model.is_keras_training_call(c) for c in trains):
                continue
            finding = self._exhausted(
                model, iterable, iteration.scope, iteration.ordinal, outer, "for", None
            )
            if finding is not None:
                yield finding
        for call in model.training_calls:
            if call.method not in EPOCH_METHODS or call.loop is None:
                continue
            outer = _enclosing_epoch_loop(model, call.loop)
            data = call.param("x")
            if outer is None or data is None or not isinstance(data.value, cst.Name):
                continue
            if not model.is_keras_training_call(call):
                continue
            finding = self._exhausted(
                model, data.value, call.scope, call.ordinal, outer, call.method, call.node
            )
            if finding is not None:
                yield finding

    def _exhausted(
        self,
        model: ModuleModel,
        name_node: cst.Name,
        scope: Scope,
        ordinal: int,
        epoch_loop: LoopInfo,
        user: str,
        anchor: cst.CSTNode | None,
    ) -> Finding | None:
        value: Value = model.value_of(name_node, scope, ordinal)
        if not (isinstance(value, OneShot) and value.infinite is False):
            return None
        name = name_node.value
        if _rebound_in_loop(model, name, scope, epoch_loop):
            return None
        what = "a generator object" if value.kind == "generator" else "a one-shot iterator"
        header = _loop_header(epoch_loop)
        if user == "for":
            consequence = (
                "the first epoch exhausts it, so every later epoch loops over nothing and "
                "trains on no data"
            )
        else:
            consequence = (
                f"the first `{user}()` exhausts it, and the next epoch's call finds it empty "
                '(Keras 3 raises ValueError "... Received an empty generator"; Keras 2 stops '
                "with StopIteration)"
            )
        return Finding(
            name_node,
            f"`{name}` is {what} (`{value.origin}`) made before `{header}`: {consequence}. "
            f"Create it inside the epoch loop, or use a re-iterable (a list, a "
            "`tf.data.Dataset`, a `keras.utils.PyDataset`).",
            anchor=anchor,
        )


def _fresh_iterator_source(call: NextCall) -> cst.BaseExpression | None:
    """`next(iter(ds))`: the `ds` a brand-new iterator is made from."""
    iterator = call.iterator
    if (
        call.builtin
        and isinstance(iterator, cst.Call)
        and isinstance(iterator.func, cst.Name)
        and iterator.func.value == "iter"
        and len(iterator.args) == 1
        and iterator.args[0].keyword is None
        and not iterator.args[0].star
    ):
        return iterator.args[0].value
    return None


def _unwrap_enumeration(iterable: cst.BaseExpression) -> cst.BaseExpression:
    """`enumerate(it)`, `tqdm(it)` iterate `it` itself."""
    while (
        isinstance(iterable, cst.Call)
        and iterable.args
        and iterable.args[0].keyword is None
        and not iterable.args[0].star
        and (dotted_name(iterable.func) or "").rsplit(".", 1)[-1] in ("enumerate", "tqdm")
    ):
        iterable = iterable.args[0].value
    return iterable


def _contains(root: cst.CSTNode, target: cst.CSTNode) -> bool:
    return any(node is target for node in _walk(root))


def _feeds(model: ModuleModel, next_call: NextCall, training: TrainingCall) -> bool:
    """Whether the batch `next_call` returns reaches `training`'s arguments, directly
    (`train_on_batch(*next(it))`) or through names (`x, y = next(it)`)."""
    if _contains(training.node, next_call.node):
        return True
    fed_names = {
        binding.name
        for bindings in next_call.scope.bindings.values()
        for binding in bindings
        if binding.value_expr is not None
        and next_call.ordinal <= binding.ordinal <= training.ordinal
        and _contains(binding.value_expr, next_call.node)
    }
    if not fed_names:
        return False
    return any(
        isinstance(node, cst.Name) and node.value in fed_names
        for arg in training.node.args
        for node in _walk(arg.value)
    )


def _walk(root: cst.CSTNode) -> Iterator[cst.CSTNode]:
    stack = [root]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(node.children)


def _enclosing_epoch_loop(model: ModuleModel, loop: LoopInfo | None) -> LoopInfo | None:
    if loop is None:
        return None
    for candidate in loop.chain():
        if model.is_epoch_loop(candidate):
            return candidate
    return None


def _rebound_in_loop(model: ModuleModel, name: str, scope: Scope, loop: LoopInfo) -> bool:
    binding = model.lookup(name, scope, loop.ordinal)
    owner = binding.scope if binding is not None else scope
    return bool(model.bindings_in_loop(name, owner, loop))


def _loop_header(loop: LoopInfo) -> str:
    node = loop.node
    if isinstance(node, cst.For):
        text = f"for {source_text(node.target, 30)} in {source_text(node.iter, 40)}"
    else:
        text = f"while {source_text(node.test, 50)}"
    return text

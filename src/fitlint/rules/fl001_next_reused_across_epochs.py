"""FL001 next-reused-across-epochs: an iterator made once and drawn from once per epoch
(`next(gen)` in the epoch loop), or a one-shot iterator exhausted by the first epoch."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import libcst as cst

from fitlint.analysis import (
    EPOCH_WORD,
    Array,
    Dataset,
    KerasSequence,
    LoopInfo,
    OneShot,
    ReIterable,
    Scope,
    SemanticModel,
    Value,
    keras,
)
from fitlint.analysis.cst_util import contains, source_text, unwrap_progress, walk
from fitlint.confirm.verdicts import (
    CONFIRMED,
    INCONCLUSIVE,
    REFUTED,
    Facts,
    events_at,
    ordinal,
    rows,
)
from fitlint.diagnostics import Confirmation, Diagnostic
from fitlint.prefilter import CodeFacts
from fitlint.rules.base import (
    TRAINING_CALL_TOKENS,
    Finding,
    Rule,
    RuleContext,
    calls_training_method,
    is_none_literal,
)

# Calls that train on the batch they are given (evaluate/predict on one batch per epoch is a
# common, deliberate way to monitor training).
_TRAINING_STEPS = frozenset({"fit", "fit_generator", "train_on_batch"})


@dataclass(frozen=True)
class _NextCall:
    """`next(it)`, `it.__next__()` or `it.next()`."""

    node: cst.Call
    iterator: cst.BaseExpression
    scope: Scope
    ordinal: int
    loop: LoopInfo | None
    builtin: bool  # `next(it)` rather than a method


def _next_calls(semantic: SemanticModel) -> list[_NextCall]:
    """Every `next()` call of the module, in source order."""
    found = []
    for name in ("next", "__next__"):
        for site in semantic.calls_named(name):
            node, func = site.node, site.node.func
            if isinstance(func, cst.Attribute):
                if not node.args:
                    found.append(
                        _NextCall(node, func.value, site.scope, site.ordinal, site.loop, False)
                    )
            elif name == "next" and node.args and node.args[0].keyword is None:
                found.append(
                    _NextCall(node, node.args[0].value, site.scope, site.ordinal, site.loop, True)
                )
    return sorted(found, key=lambda call: call.ordinal)


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


# A custom training step (`optimizer.apply_gradients(...)` in a GradientTape loop).
_STEP_CALLS = ("apply_gradients", "minimize")
_STEP_TOKENS = tuple(name.encode() for name in _STEP_CALLS)


class NextReusedAcrossEpochs(Rule):
    code = "FL001"
    required_tokens = (
        (b"epoch", re.compile(rb"\beps?\b|_eps?\b|\beps?_")),
        (b"next", b"yield", b"iter(", b"zip(", b"map(", b"filter(", b"islice", b" for "),
        (*TRAINING_CALL_TOKENS, *_STEP_TOKENS),
    )

    @classmethod
    def may_fire_on(cls, facts: CodeFacts) -> bool:
        return (
            (calls_training_method(facts) or facts.calls(*_STEP_CALLS))
            and any(EPOCH_WORD.search(word) for word in facts.identifiers | facts.keywords)
            and (
                facts.has_yield or facts.has_generator_expression or facts.calls(*_ONE_SHOT_MAKERS)
            )
        )

    def check(self, context: RuleContext) -> Iterator[Finding]:
        semantic = context.semantic
        yield from self._next_once_per_epoch(semantic)
        yield from self._exhausted_in_later_epochs(semantic)
        yield from self._exhausted_by_fit_epochs(semantic, context.settings.keras_version)

    def _exhausted_by_fit_epochs(
        self, semantic: SemanticModel, keras_version: int
    ) -> Iterator[Finding]:
        """`fit(gen, epochs=8)` of a generator object that ends, with no step count: the
        first epoch exhausts it (measured on Keras 3.15.1 and tf_keras 2.21)."""
        for call in semantic.training_calls:
            if call.method not in keras.FIT_METHODS or call.has_star_args():
                continue
            if semantic.epochs.enclosing_epoch_loop(call.loop) is not None:
                continue  # `_exhausted_in_later_epochs` judges fits inside epoch loops
            epochs_arg = call.param("epochs")
            epochs = (
                semantic.number_of(epochs_arg.value, call.scope, call.ordinal)
                if epochs_arg is not None
                else None
            )
            if epochs is None or epochs.value is None or epochs.value < 2:
                continue
            if not semantic.is_keras_training_call(call):
                continue
            total = int(epochs.value)
            for data_role, steps_role in (("x", "steps"), ("validation_data", "validation_steps")):
                data = call.param(data_role)
                steps = call.param(steps_role)
                if data is None or (steps is not None and not is_none_literal(steps.value)):
                    continue
                value = semantic.value_of(data.value, call.scope, call.ordinal)
                if not (isinstance(value, OneShot) and value.infinite is False):
                    continue
                yield Finding(
                    data.value,
                    _exhausted_by_fit_message(
                        source_text(data.value, 40), value, data_role, total, keras_version
                    ),
                    anchor=call.node,
                )

    def judge(self, diagnostic: Diagnostic, facts: Facts) -> Confirmation | None:
        span = rows(diagnostic)
        draws = events_at(facts, "next", span)
        if draws:
            by_iterator: dict[int, int] = {}
            for event in draws:
                by_iterator[event["iterator"]] = by_iterator.get(event["iterator"], 0) + 1
            trained = [
                e
                for e in facts.get("events", [])
                if e.get("kind") == "call"
                and e.get("method") in ("train_on_batch", "fit", "fit_generator")
            ]
            most = max(by_iterator.values())
            if most >= 2:
                return Confirmation(
                    CONFIRMED,
                    f"next() on line {draws[0]['line']} drew from the same "
                    f"{draws[0]['type']} object {most} times, one batch per epoch, across "
                    f"{len(trained)} training calls",
                    {
                        "draws": len(draws),
                        "same_iterator_draws": most,
                        "training_calls": len(trained),
                    },
                )
            if len(by_iterator) >= 2:
                return Confirmation(
                    REFUTED,
                    f"next() on line {draws[0]['line']} drew from a new iterator each time "
                    f"({len(by_iterator)} different objects)",
                    {"draws": len(draws)},
                )
            return Confirmation(
                INCONCLUSIVE, "next() ran only once before the run stopped", {"draws": len(draws)}
            )
        loop_starts = events_at(facts, "loop", span)
        exhausted = [
            e for e in loop_starts if e.get("hit", 0) >= 2 and e.get("state") == "GEN_CLOSED"
        ]
        if exhausted:
            event = exhausted[0]
            return Confirmation(
                CONFIRMED,
                f"when the loop on line {event['line']} started for the "
                f"{ordinal(event['hit'])} time, the generator was already exhausted "
                "(GEN_CLOSED): that epoch trained on nothing",
                {"line": event["line"], "loop_starts": len(loop_starts)},
            )
        repeats = [e for e in loop_starts if e.get("hit", 0) >= 2]
        calls = events_at(facts, "call", span)
        later = [call for call in calls[1:] if call.get("x", {}).get("state") == "GEN_CLOSED"]
        if later:
            return Confirmation(
                CONFIRMED,
                f"call {calls.index(later[0]) + 1} of {calls[0]['method']}() on line "
                f"{later[0]['line']} received the same generator object, already exhausted",
                {"calls": len(calls)},
            )
        if repeats:
            if repeats[0].get("state") is not None:
                return Confirmation(
                    REFUTED,
                    f"when the loop on line {repeats[0]['line']} started again, the generator was "
                    f"{repeats[0]['state']}, not exhausted",
                    {"line": repeats[0]["line"]},
                )
            return Confirmation(
                INCONCLUSIVE,
                f"the loop on line {repeats[0]['line']} started again over a "
                f"{repeats[0].get('type')}, whose state cannot be read",
                {"line": repeats[0]["line"]},
            )
        return None

    def watch_rows(self, diagnostic: Diagnostic) -> tuple[int, ...]:
        """The loop that starts over an exhausted iterator: the runner records its starts."""
        return (rows(diagnostic)[0],)

    def _next_once_per_epoch(self, semantic: SemanticModel) -> Iterator[Finding]:
        for call in _next_calls(semantic):
            loop = call.loop
            if loop is None or not semantic.is_epoch_loop(loop):
                continue
            fresh_source = _fresh_iterator_source(call)
            if fresh_source is not None and semantic.lookup("iter", call.scope, call.ordinal):
                fresh_source = None  # a user-defined `iter`
            if fresh_source is None and not isinstance(call.iterator, cst.Name):
                continue
            # The epoch's training happens right here, on the batch `next()` returned (by a
            # Keras training call or the module's own training step), not in an inner loop.
            trainers = [
                (c.node, c.ordinal)
                for c in loop.direct_training_calls
                if c.method in _TRAINING_STEPS and semantic.is_keras_training_call(c)
            ] + [(site.node, site.ordinal) for site in semantic.keras.training_step_calls(loop)]
            if not any(_feeds(call, node, ordinal) for node, ordinal in trainers):
                continue
            if any(semantic.is_keras_training_call(c) for c in loop.inner_training_calls):
                continue
            epochs = semantic.epochs.epoch_count_text(loop)
            total = f", {epochs} batches in all," if epochs else ""
            if fresh_source is not None:
                source = semantic.value_of(fresh_source, call.scope, call.ordinal)
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
            value = semantic.value_of(call.iterator, call.scope, call.ordinal)
            if not (
                isinstance(value, OneShot) or (isinstance(value, KerasSequence) and value.is_flow)
            ):
                continue
            if _rebound_in_loop(semantic, name, call.scope, loop):
                continue
            binding = semantic.lookup(name, call.scope, call.ordinal)
            made = (
                f"passed in as `{value.origin}`"
                if binding is not None and binding.kind == "parameter"
                else "made before the loop"
            )
            yield Finding(
                call.node,
                f"`{source_text(call.node)}` runs once per epoch of `{_loop_header(loop)}` and "
                f"nothing else in the epoch draws from `{name}` ({made}): each "
                f"epoch trains on a single batch{total} instead of a pass over the data. Loop "
                "over the batches inside the epoch (`for step in range(steps_per_epoch): "
                f"x, y = next({name})`), or call `model.fit({name}, steps_per_epoch=..., "
                "epochs=...)`.",
            )

    def _exhausted_in_later_epochs(self, semantic: SemanticModel) -> Iterator[Finding]:
        for loop in semantic.loops:
            if not isinstance(loop.node, cst.For):
                continue
            outer = semantic.epochs.enclosing_epoch_loop(loop.parent)
            iterable = unwrap_progress(loop.node.iter)
            if outer is None or not isinstance(iterable, cst.Name):
                continue
            trains = loop.direct_training_calls + loop.inner_training_calls
            if not any(semantic.is_keras_training_call(c) for c in trains):
                continue
            finding = self._exhausted(
                semantic, iterable, loop.scope, loop.ordinal, outer, "for", None
            )
            if finding is not None:
                yield finding
        for call in semantic.training_calls:
            if call.method not in keras.EPOCH_METHODS or call.loop is None:
                continue
            outer = semantic.epochs.enclosing_epoch_loop(call.loop)
            data = call.param("x")
            if outer is None or data is None or not isinstance(data.value, cst.Name):
                continue
            if not semantic.is_keras_training_call(call):
                continue
            finding = self._exhausted(
                semantic, data.value, call.scope, call.ordinal, outer, call.method, call.node
            )
            if finding is not None:
                yield finding

    def _exhausted(
        self,
        semantic: SemanticModel,
        name_node: cst.Name,
        scope: Scope,
        ordinal: int,
        epoch_loop: LoopInfo,
        user: str,
        anchor: cst.CSTNode | None,
    ) -> Finding | None:
        value: Value = semantic.value_of(name_node, scope, ordinal)
        if not (isinstance(value, OneShot) and value.infinite is False):
            return None
        name = name_node.value
        if _rebound_in_loop(semantic, name, scope, epoch_loop):
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


def _exhausted_by_fit_message(
    text: str, value: OneShot, role: str, epochs: int, keras_version: int
) -> str:
    what = "a generator object" if value.kind == "generator" else "a one-shot iterator"
    items = f" that yields {value.length} items once" if value.length is not None else ""
    made = f" (`{value.origin}`)" if value.origin != text else ""
    later = "epoch 2" if epochs == 2 else f"epochs 2-{epochs}"
    if role == "x":
        if keras_version >= 3:
            outcome = (
                f"{later} {'gets' if epochs == 2 else 'get'} no new data: "
                f'{"it warns" if epochs == 2 else "each warns"} "Your input ran out of data" '
                "and trains again on the few batches Keras read ahead"
            )
        else:
            outcome = 'training stops with "Your input ran out of data" after epoch 1'
        head = f"`{text}` is {what}{made}{items}: fit(epochs={epochs}) exhausts it in epoch 1"
    else:
        if keras_version >= 3:
            outcome = (
                f"the validations of {later} see only the few batches Keras read ahead "
                'and warn "Your input ran out of data"'
            )
        else:
            outcome = f"the validations of {later} get no data"
        head = (
            f"validation_data `{text}` is {what}{made}{items}: the first validation of "
            f"fit(epochs={epochs}) exhausts it"
        )
    return (
        f"{head}, and {outcome}. Pass something Keras can iterate once per epoch: "
        "arrays, a `tf.data.Dataset` (`Dataset.from_generator(make_gen, ...)` calls the "
        "function again each epoch), or a `keras.utils.PyDataset`."
    )


def _fresh_iterator_source(call: _NextCall) -> cst.BaseExpression | None:
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


def _feeds(next_call: _NextCall, training: cst.Call, training_ordinal: int) -> bool:
    """Whether the batch `next_call` returns reaches the arguments of the `training` call,
    directly (`train_on_batch(*next(it))`) or through names (`x, y = next(it)`)."""
    if contains(training, next_call.node):
        return True
    fed_names = {
        binding.name
        for bindings in next_call.scope.bindings.values()
        for binding in bindings
        if binding.value_expr is not None
        and next_call.ordinal <= binding.ordinal <= training_ordinal
        and contains(binding.value_expr, next_call.node)
    }
    if not fed_names:
        return False
    return any(
        isinstance(node, cst.Name) and node.value in fed_names
        for arg in training.args
        for node in walk(arg.value)
    )


def _rebound_in_loop(semantic: SemanticModel, name: str, scope: Scope, loop: LoopInfo) -> bool:
    binding = semantic.lookup(name, scope, loop.ordinal)
    owner = binding.scope if binding is not None else scope
    return bool(semantic.bindings.bindings_in_loop(name, owner, loop))


def _loop_header(loop: LoopInfo) -> str:
    node = loop.node
    if isinstance(node, cst.For):
        text = f"for {source_text(node.target, 30)} in {source_text(node.iter, 40)}"
    else:
        text = f"while {source_text(node.test, 50)}"
    return text

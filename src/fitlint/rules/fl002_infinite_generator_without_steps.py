"""FL002 infinite-generator-without-steps: endless data reaches fit/evaluate/predict with no
step count, so the first epoch (or validation, or evaluation) never ends."""

from __future__ import annotations

import re
from collections.abc import Iterator

import libcst as cst

from fitlint.analysis import Dataset, OneShot, Value, is_infinite, keras
from fitlint.analysis.cst_util import source_text
from fitlint.confirm.verdicts import CONFIRMED, INCONCLUSIVE, REFUTED, Facts, events_at, rows
from fitlint.diagnostics import Confirmation, Diagnostic
from fitlint.prefilter import CodeFacts
from fitlint.rules.base import (
    TRAINING_CALL_TOKENS,
    Finding,
    Rule,
    RuleContext,
    is_none_literal,
)

# Keras 1 spelled the step counts in samples; Keras 2.0-2.3 accept and convert them.
_LEGACY_STEPS = {
    "steps": ("samples_per_epoch", "val_samples"),
    "validation_steps": ("nb_val_samples",),
}


class InfiniteGeneratorWithoutSteps(Rule):
    code = "FL002"
    required_tokens = (
        (re.compile(rb"while\s*\(?\s*(true|1)\b"), b"repeat(", b"cycle(", b"count("),
        TRAINING_CALL_TOKENS,
    )

    @classmethod
    def may_fire_on(cls, facts: CodeFacts) -> bool:
        endless = facts.has_while_true or facts.calls("repeat", "cycle", "count")
        return endless and not facts.attribute_calls.isdisjoint(keras.EPOCH_METHODS)

    def check(self, context: RuleContext) -> Iterator[Finding]:
        semantic = context.semantic
        for call in semantic.training_calls:
            if call.method not in keras.EPOCH_METHODS or call.has_star_args():
                continue
            if not semantic.is_keras_training_call(call):
                continue
            pairs = [("x", "steps")]
            if call.method in keras.FIT_METHODS:
                pairs.append(("validation_data", "validation_steps"))
            for data_role, steps_role in pairs:
                data = call.param(data_role)
                if data is None:
                    continue
                steps = call.param(steps_role)
                if steps is not None and not is_none_literal(steps.value):
                    continue
                if any(call.keyword(name) is not None for name in _LEGACY_STEPS[steps_role]):
                    continue  # Keras 1's names for the step count (Keras 2.0-2.3 renames them)
                value = semantic.value_of(data.value, call.scope, call.ordinal)
                if not is_infinite(value):
                    continue
                made = data.value  # `train_gen` made by `forever(x, y)`: the call
                if isinstance(made, cst.Name):
                    held = semantic.lookup(made.value, call.scope, call.ordinal)
                    if held is not None and isinstance(held.value_expr, cst.Call):
                        made = held.value_expr if not held.unpack_path else made
                message = _message(call.method, data_role, source_text(data.value), value, made)
                if (
                    call.method.endswith("_generator")
                    and context.settings.keras_version < 3
                    and not isinstance(value, Dataset)
                ):
                    message += (
                        " (Standalone Keras 2.0-2.3 refuses this at once with ValueError: "
                        "`steps_per_epoch=None` is only valid for a generator based on the "
                        "`keras.utils.Sequence` class.)"
                    )
                if isinstance(value, Dataset) and context.settings.keras_version < 3:
                    message += (
                        ' (tf.keras 2 refuses an endless dataset with ValueError: "When '
                        "passing an infinitely repeating dataset, please specify a "
                        '`steps_per_epoch` value"; Keras 3 just never finishes.)'
                    )
                yield Finding(data.value, message, anchor=call.node)

    def judge(self, diagnostic: Diagnostic, facts: Facts) -> Confirmation | None:
        calls = events_at(facts, "call", rows(diagnostic))
        if not calls:
            return None
        call = calls[0]
        validation = diagnostic.message.startswith("validation_data")
        probe = call.get("validation_probe" if validation else "probe")
        data = call.get("validation_data" if validation else "x", {})
        if data.get("cardinality") is not None:
            cardinality = data["cardinality"]
            if cardinality == -1:
                return Confirmation(
                    CONFIRMED,
                    "the dataset's cardinality is -1 (INFINITE) and no step count was passed",
                    {"cardinality": cardinality},
                )
            if cardinality >= 0:
                return Confirmation(
                    REFUTED,
                    f"the dataset is finite: cardinality {cardinality}",
                    {"cardinality": cardinality},
                )
        if probe is None:
            return Confirmation(
                INCONCLUSIVE, "the data passed was not a generator fitlint could probe", {"x": data}
            )
        if "error" in probe:
            return Confirmation(INCONCLUSIVE, f"probing the data failed: {probe['error']}", probe)
        if probe.get("exhausted"):
            return Confirmation(
                REFUTED, f"the generator ended after {probe['batches']} batches", probe
            )
        return Confirmation(
            CONFIRMED,
            f"probe pulled {probe['batches']} batches in {probe.get('seconds', 0):g} s without "
            "exhaustion: it does not end on its own",
            probe,
        )


def _why(value: Value) -> str:
    if isinstance(value, Dataset):
        if value.infinite_reason == "repeat":
            return "the dataset is `.repeat()`ed with no count"
        return f"`{value.origin}` wraps a generator whose `while` loop never ends"
    assert isinstance(value, OneShot)
    if value.kind == "generator":
        return f"`{value.origin}` yields inside an endless `while` loop (no `break` or `return`)"
    return f"`{value.origin}` never runs out"


def _steps_example(expr: cst.BaseExpression, value: Value, default_name: str) -> str:
    """`math.ceil(len(x) / 64)` in the file's own names: the data the generator is given
    (its first argument, when a name) and its batch size, when the generator shows one."""
    name = default_name
    first = expr.args[0] if isinstance(expr, cst.Call) and expr.args else None
    if first is not None and first.keyword is None and isinstance(first.value, cst.Name):
        name = first.value.value
    batch = "batch_size"
    if isinstance(value, OneShot) and value.batch_size is not None:
        batch = str(value.batch_size)
    return f"`math.ceil(len({name}) / {batch})`"


def _message(method: str, role: str, data_text: str, value: Value, expr: cst.BaseExpression) -> str:
    why = _why(value)
    if role == "validation_data":
        example = _steps_example(expr, value, "x_val")
        return (
            f"validation_data `{data_text}` is endless ({why}) and `{method}()` has no "
            "`validation_steps`: the first validation pass never ends, so epoch 1 never "
            f"finishes. Pass `validation_steps=` the number of validation batches, e.g. "
            f"{example}."
        )
    if method in keras.FIT_METHODS:
        example = _steps_example(expr, value, "x_train")
        return (
            f"`{data_text}` is endless ({why}) and `{method}()` has no `steps_per_epoch`: "
            "epoch 1 never ends, silently, so later epochs, validation and epoch-end "
            "callbacks never run. Pass `steps_per_epoch=` the number of batches in one pass "
            f"over the data, e.g. {example}."
        )
    example = _steps_example(expr, value, "x_test")
    return (
        f"`{data_text}` is endless ({why}) and `{method}()` has no `steps`: the call never "
        f"returns. Pass `steps=` the number of batches to use, e.g. {example}."
    )

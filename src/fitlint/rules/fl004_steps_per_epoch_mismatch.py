"""FL004 steps-per-epoch-mismatch: `steps_per_epoch` / `validation_steps` that disagree with
the data the file shows (more steps than batches, a sample count used as a step count,
an array epoch that covers a fraction of the data)."""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from fitlint.analysis import (
    Array,
    Dataset,
    KerasSequence,
    Number,
    OneShot,
    SemanticModel,
    TrainingCall,
    TupleValue,
    Value,
    is_finite,
    is_infinite,
    keras,
)
from fitlint.analysis.cst_util import source_text
from fitlint.confirm.verdicts import CONFIRMED, INCONCLUSIVE, REFUTED, Facts, events_at, rows
from fitlint.diagnostics import Confirmation, Diagnostic
from fitlint.prefilter import CodeFacts
from fitlint.rules.base import Finding, Rule, RuleContext, is_none_literal


@dataclass(frozen=True)
class Batches:
    """How many batches one pass over the data yields, and how fitlint worked it out."""

    count: int
    explanation: str  # "x_train holds 1000 samples: ceil(1000 / 32) = 32 batches"
    from_arrays: bool
    samples: int | None = None
    batch_size: int | None = None


class StepsPerEpochMismatch(Rule):
    code = "FL004"
    # `fit_generator(gen, 100)` passes steps_per_epoch by position.
    required_tokens = ((b"steps_per_epoch", b"validation_steps", b"fit_generator"),)

    @classmethod
    def may_fire_on(cls, facts: CodeFacts) -> bool:
        return bool(facts.keywords & {"steps_per_epoch", "validation_steps"}) or (
            "fit_generator" in facts.attribute_calls
        )

    def check(self, context: RuleContext) -> Iterator[Finding]:
        semantic = context.semantic
        for call in semantic.training_calls:
            if call.method not in keras.FIT_METHODS or call.has_star_args():
                continue
            if not semantic.is_keras_training_call(call):
                continue
            for data_role, steps_role in (("x", "steps"), ("validation_data", "validation_steps")):
                finding = self._check_pair(
                    semantic, call, data_role, steps_role, context.settings.keras_version
                )
                if finding is not None:
                    yield finding

    def judge(self, diagnostic: Diagnostic, facts: Facts) -> Confirmation | None:
        calls = events_at(facts, "call", rows(diagnostic))
        if not calls:
            return None
        call = calls[0]
        arguments = call.get("arguments", {})
        validation = diagnostic.message.startswith("validation_steps")
        steps = arguments.get("validation_steps" if validation else "steps_per_epoch")
        if steps is None:
            return Confirmation(
                INCONCLUSIVE, "the step count was not a plain number at run time", {}
            )
        data = call.get("validation_data", {}) if validation else call.get("x", {})
        if validation and data.get("items"):
            data = data["items"][0]
        observed: dict[str, Any] = {"steps": steps}
        if data.get("cardinality") is not None:
            cardinality = data["cardinality"]
            observed["cardinality"] = cardinality
            if cardinality >= 0 and steps > cardinality:
                return Confirmation(
                    CONFIRMED, f"cardinality {cardinality} < steps {steps}", observed
                )
            if cardinality < 0:
                return Confirmation(
                    INCONCLUSIVE, f"the dataset's cardinality is {cardinality}", observed
                )
            return Confirmation(REFUTED, f"cardinality {cardinality} ≥ steps {steps}", observed)
        shape = data.get("shape")
        if shape:
            samples = shape[0]
            batch_size = arguments.get("batch_size")
            observed.update(samples=samples, batch_size=batch_size)
            if batch_size is None:
                inferred = math.ceil(samples / steps) if steps else None
                if inferred == 1 and steps >= samples:
                    return Confirmation(
                        CONFIRMED,
                        f"{samples} samples and steps {steps} make Keras infer batch_size 1",
                        observed,
                    )
                return Confirmation(
                    REFUTED,
                    f"with no batch_size Keras infers batch_size {inferred}: {steps} steps "
                    f"cover the {samples} samples",
                    observed,
                )
            available = math.ceil(samples / batch_size)
            if steps > available:
                return Confirmation(
                    CONFIRMED,
                    f"{samples} samples / batch_size {batch_size} = {available} batches "
                    f"< steps {steps}",
                    observed,
                )
            if steps < samples // batch_size:
                return Confirmation(
                    CONFIRMED,
                    f"steps {steps} × batch_size {batch_size} = {steps * batch_size} of {samples} "
                    "samples per epoch",
                    observed,
                )
            return Confirmation(
                REFUTED, f"{steps} steps match {available} batches of {samples} samples", observed
            )
        if data.get("len") is not None and data.get("sequence"):
            return Confirmation(
                CONFIRMED if steps > data["len"] else REFUTED,
                f"the Sequence has {data['len']} batches, steps {steps}",
                {**observed, "len": data["len"]},
            )
        return Confirmation(INCONCLUSIVE, "the data's size could not be read at run time", observed)

    def _check_pair(
        self,
        semantic: SemanticModel,
        call: TrainingCall,
        data_role: str,
        steps_role: str,
        keras_version: int,
    ) -> Finding | None:
        steps_arg = call.param(steps_role)
        data_arg = call.param(data_role)
        if steps_arg is None or data_arg is None or is_none_literal(steps_arg.value):
            return None
        steps = semantic.number_of(steps_arg.value, call.scope, call.ordinal)
        if steps is None:
            return None
        data = semantic.value_of(data_arg.value, call.scope, call.ordinal)
        if is_infinite(data):
            return None  # with endless data, any step count is the user's own epoch
        keyword = "steps_per_epoch" if steps_role == "steps" else "validation_steps"
        data_text = source_text(data_arg.value, 40)
        batches = _batches(semantic, call, data_role, data)
        if steps.sample_count_of is not None:
            if not _is_known_finite_input(data):
                return None
            if batches is None and _arrays_without_batch_size(call, data_role, data):
                return Finding(
                    steps_arg.value,
                    _inferred_batch_of_one_message(keyword, steps),
                    anchor=call.node,
                )
            return Finding(
                steps_arg.value,
                _sample_count_message(keyword, steps, data_text, batches, keras_version),
                anchor=call.node,
            )
        if steps.value is None or batches is None:
            return None
        requested = int(steps.value)
        if requested > batches.count:
            return Finding(
                steps_arg.value,
                f"{keyword}={requested} but {batches.explanation}: "
                f"{_ran_out(batches.count, requested, steps_role, keras_version)}. "
                f"Use {keyword}={batches.count} or drop it."
                + (
                    " (Add `.repeat()` to the dataset if you want fixed-length epochs.)"
                    if not batches.from_arrays
                    else ""
                ),
                anchor=call.node,
            )
        if (
            steps_role == "steps"
            and batches.from_arrays
            and batches.samples is not None
            and batches.batch_size is not None
            and requested < batches.samples // batches.batch_size
        ):
            seen = requested * batches.batch_size
            return Finding(
                steps_arg.value,
                f"{keyword}={requested} but {batches.explanation}: each epoch trains on only "
                f"{requested} × {batches.batch_size} = {seen} of the {batches.samples} samples "
                "(the next epoch resumes where this one stopped), so epochs are not passes "
                "over the data and per-epoch metrics, callbacks and `epochs=` mean something "
                f"else. Drop {keyword} (Keras then uses all {batches.count} batches).",
                anchor=call.node,
            )
        return None


def _is_known_finite_input(value: Value) -> bool:
    if isinstance(value, Array | KerasSequence | TupleValue):
        return True
    if isinstance(value, Dataset | OneShot):
        return is_finite(value) is True
    return False


def _arrays_without_batch_size(call: TrainingCall, role: str, data: Value) -> bool:
    if call.method != "fit":
        return False
    if role == "x":
        return isinstance(data, Array) and call.param("batch_size") is None
    return (
        isinstance(data, TupleValue)
        and call.param("batch_size") is None
        and call.param("validation_batch_size") is None
    )


def _inferred_batch_of_one_message(keyword: str, steps: Number) -> str:
    counted = steps.sample_count_of
    if steps.value is not None:
        samples = int(steps.value)
        inferred = f"ceil({samples} / {samples}) = 1"
    else:
        inferred = "1"
    return (
        f"{keyword}={counted} counts samples, not batches: with no batch_size, Keras infers "
        f"batch_size = {inferred} from it, so every epoch runs one single-sample step per "
        "sample (slow, noisy updates) instead of batches of 32. Drop "
        f"{keyword}, or pass batch_size and {keyword}=math.ceil({counted} / batch_size)."
    )


def _ran_out(available: int, requested: int, steps_role: str, keras_version: int) -> str:
    """What Keras does when asked for more batches than the data has (measured: TF 2.21)."""
    if steps_role != "steps":
        return (
            f'Keras warns "Your input ran out of data" and each validation stops after '
            f"{available} of the {requested} steps"
        )
    if keras_version >= 3:
        return (
            f'Keras warns "Your input ran out of data; interrupting training" and every '
            f"epoch ends after {available} steps, not {requested}"
        )
    return (
        f'training stops with "Your input ran out of data" after the {available} steps of epoch 1'
    )


def _sample_count_message(
    keyword: str, steps: Number, data_text: str, batches: Batches | None, keras_version: int
) -> str:
    counted = steps.sample_count_of
    value = f" = {int(steps.value)}" if steps.value is not None else ""
    if batches is not None and steps.value is not None:
        return (
            f"{keyword}={counted}{value} counts samples, not batches: {batches.explanation}, "
            f"so each epoch asks for {int(steps.value)} batches where one pass has "
            f"{batches.count}: "
            f"{_ran_out(batches.count, int(steps.value), 'steps', keras_version)}. "
            f"Use {keyword}=math.ceil({counted} / batch_size) (= {batches.count}) or drop it."
        )
    unit = "each validation pass" if keyword == "validation_steps" else "each epoch"
    return (
        f"{keyword}={counted}{value} counts samples, not batches: {unit} asks for as many "
        f"batches as `{data_text}` has samples, batch_size times one pass over the data. "
        f"Use {keyword}=len({data_text}) (the number of batches) or {counted} // batch_size."
    )


def _batch_size(semantic: SemanticModel, call: TrainingCall, role: str) -> int | None:
    argument = call.param(role)
    if argument is None or is_none_literal(argument.value):
        # With arrays and a step count but no batch_size, Keras infers
        # batch_size = ceil(samples / steps): the steps then always cover the data.
        return None
    number = semantic.number_of(argument.value, call.scope, call.ordinal)
    if number is None or number.value is None or number.value <= 0:
        return None
    return int(number.value)


def _batches(semantic: SemanticModel, call: TrainingCall, role: str, data: Value) -> Batches | None:
    """Batches in one pass over `data` as `fit` will batch it, when the file shows it."""
    argument = call.param(role)
    data_text = source_text(argument.value, 40) if argument is not None else "the data"
    if isinstance(data, Dataset):
        if data.infinite or data.count is None or not data.batched:
            return None
        return Batches(data.count, f"`{data_text}` yields {data.count_text} batches", False)
    if call.method != "fit":
        return None
    arrays: Array | None = None
    if role == "x" and isinstance(data, Array):
        arrays = data
    elif role == "validation_data" and isinstance(data, TupleValue) and data.elements:
        first = data.elements[0]
        arrays = first if isinstance(first, Array) else None
    if arrays is None or arrays.sample_count is None:
        return None
    samples = arrays.sample_count
    if role == "x":
        batch_size = _batch_size(semantic, call, "batch_size")
        split = call.param("validation_split")
        if split is not None:
            fraction = semantic.number_of(split.value, call.scope, call.ordinal)
            if fraction is None or fraction.value is None or not 0 <= fraction.value < 1:
                return None
            samples = math.floor(samples * (1 - fraction.value))
            holds = (
                f"`{data_text}` keeps {samples} training samples after "
                f"validation_split={fraction.text}"
            )
        else:
            holds = f"`{data_text}` holds {samples} samples"
    else:
        batch_size = (
            _batch_size(semantic, call, "validation_batch_size")
            if call.param("validation_batch_size") is not None
            else _batch_size(semantic, call, "batch_size")
        )
        holds = f"the validation data holds {samples} samples"
    if batch_size is None:
        return None
    count = math.ceil(samples / batch_size)
    return Batches(
        count,
        f"{holds}, which batch_size={batch_size} splits into "
        f"ceil({samples} / {batch_size}) = {count} batches",
        True,
        samples,
        batch_size,
    )

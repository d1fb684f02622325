"""FL004 steps-per-epoch-mismatch: `steps_per_epoch` / `validation_steps` that disagree with
the data the file shows (more steps than batches, a sample count used as a step count,
an array epoch that covers a fraction of the data)."""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import libcst as cst

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
    is_infinite,
    keras,
)
from fitlint.analysis.cst_util import source_text
from fitlint.confirm.verdicts import CONFIRMED, INCONCLUSIVE, REFUTED, Facts, events_at, rows
from fitlint.diagnostics import Confirmation, Diagnostic, Severity
from fitlint.prefilter import CodeFacts
from fitlint.rules.base import Finding, Rule, RuleContext, is_none_literal


@dataclass(frozen=True)
class Batches:
    """How many batches one pass over the data yields, and how fitlint worked it out."""

    count: int
    explanation: str  # "`x_train` holds 1000 samples, which batch_size=32 splits into ..."
    kind: str  # "dataset", "arrays" or "sequence" (a flow iterator, a PyDataset): see `_plan`
    samples: int | None = None
    batch_size: int | None = None

    def covered_by(self, steps: float) -> bool:
        """Whether `steps` is this data's number of batches, with or without the last partial
        batch (`len(x) // 32`, `len(x) / 32` and `math.ceil(len(x) / 32)` all are)."""
        lowest = self.count
        if self.samples is not None and self.batch_size:
            lowest = self.samples // self.batch_size
        return lowest <= steps <= self.count


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
            if call.method not in keras.EPOCH_METHODS or call.has_star_args():
                continue
            if not semantic.is_keras_training_call(call):
                continue
            pairs = [("x", "steps")]
            if call.method in keras.FIT_METHODS:
                pairs.append(("validation_data", "validation_steps"))
            for data_role, steps_role in pairs:
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
        keyword = diagnostic.message.split("=", 1)[0]
        steps = arguments.get(
            keyword if keyword in ("steps", "validation_steps") else "steps_per_epoch"
        )
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
            if steps < cardinality:
                return Confirmation(
                    CONFIRMED,
                    f"cardinality {cardinality} > steps {steps}: a step count below the "
                    "batches of one pass",
                    observed,
                )
            return Confirmation(REFUTED, f"cardinality {cardinality} = steps {steps}", observed)
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
                CONFIRMED if steps != data["len"] else REFUTED,
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
        role = _role(call, steps_role)
        data_text = source_text(data_arg.value, 40)
        batches = _batches(semantic, call, data_role, data)
        epochs = _epochs(semantic, call)
        if steps.sample_count_of is not None:
            return self._samples_as_steps(
                call,
                steps_arg,
                steps,
                data,
                data_role,
                data_text,
                batches,
                role,
                epochs,
                keras_version,
            )
        if steps.value is None or batches is None or is_infinite(data):
            # With endless input a literal step count is the user's own epoch; a count of
            # batches of another size than the data's is still a slip.
            if steps.batches_of is None or role.name == "evaluate":
                return None
            if data_role == "x":
                array_batch = _batch_size(semantic, call, "batch_size")
            else:
                array_batch = _batch_size(
                    semantic,
                    call,
                    "validation_batch_size"
                    if call.param("validation_batch_size") is not None
                    else "batch_size",
                )
            fed = _data_batch_size(data_role, data, array_batch)
            return _other_batch_size(
                call, steps_arg, steps, data, fed, data_text, role, keras_version
            )
        requested = steps.value
        if batches.covered_by(requested):
            return None
        requested_int = math.ceil(requested)
        if requested_int > batches.count:
            if role.name == "evaluate":
                return None  # evaluate/predict run the batches there are; a warning at most
            plan = _more_steps(batches, requested_int, role, epochs, keras_version)
            return Finding(
                steps_arg.value,
                f"{role.keyword}={requested_int} but {batches.explanation}: {plan}. "
                f"Use {role.keyword}={batches.count} or drop it."
                + (
                    " (Add `.repeat()` to the dataset if you want fixed-length epochs.)"
                    if batches.kind == "dataset" and role.name == "steps_per_epoch"
                    else ""
                ),
                anchor=call.node,
            )
        return Finding(
            steps_arg.value,
            _fewer_steps_message(batches, requested_int, role, epochs, keras_version),
            severity=Severity.WARNING,
            anchor=call.node,
        )

    def _samples_as_steps(
        self,
        call: TrainingCall,
        steps_arg: cst.Arg,
        steps: Number,
        data: Value,
        data_role: str,
        data_text: str,
        batches: Batches | None,
        role: _Role,
        epochs: int | None,
        keras_version: int,
    ) -> Finding | None:
        """`steps_per_epoch=len(x_train)` where batches of a visible size B > 1 are fed."""
        counted = steps.sample_count_of
        value = f" = {int(steps.value)}" if steps.value is not None else ""
        keyword = role.keyword
        if batches is None and _arrays_without_batch_size(call, data_role, data):
            return Finding(
                steps_arg.value, _inferred_batch_of_one_message(keyword, steps), anchor=call.node
            )
        if role.name == "evaluate":
            return None  # evaluate/predict stop at the end of the data
        if batches is not None and steps.value is not None:
            requested = int(steps.value)
            if batches.covered_by(requested):
                return None
            plan = _more_steps(batches, requested, role, epochs, keras_version)
            return Finding(
                steps_arg.value,
                f"{keyword}={counted}{value} counts samples, not batches: "
                f"{batches.explanation}, so {role.unit} asks for {requested} batches where one "
                f"pass has {batches.count}: {plan}. "
                f"Use {keyword}=math.ceil({counted} / batch_size) (= {batches.count}) or drop it.",
                anchor=call.node,
            )
        endless_batch = _endless_batch_size(data)
        if endless_batch is not None:
            samples = f"the {int(steps.value)} samples" if steps.value is not None else "the data"
            return Finding(
                steps_arg.value,
                f"{keyword}={counted}{value} counts samples, not batches: `{data_text}` yields "
                f"batches of {endless_batch} and never runs out, so {role.unit} runs "
                f"{endless_batch} passes over {samples}, and nothing warns. Use "
                f"{keyword}=math.ceil({counted} / {endless_batch}).",
                anchor=call.node,
            )
        if isinstance(data, KerasSequence) and data.batch_size is not None and data.batch_size > 1:
            # flow_from_directory(...): its number of batches is not in the file, but steps that
            # count its samples are batch_size times too many.
            size = data.batch_size
            what = _sequence_overrun(role, keras_version)
            return Finding(
                steps_arg.value,
                f"{keyword}={counted}{value} counts samples, not batches: `{data_text}` yields "
                f"batches of {size}, so {role.unit} asks for {size} times more batches than one "
                f"pass has: {what}. Use {keyword}=math.ceil({counted} / {size}) (or len() of the "
                "iterator, its number of batches) or drop it.",
                anchor=call.node,
            )
        return None


def _data_batch_size(data_role: str, data: Value, array_batch: int | None) -> int | None:
    """The size of the batches `data` yields, when the file shows it (`array_batch`: the
    call's batch size, for arrays)."""
    if isinstance(data, Dataset):
        return data.batch_size if data.batched else None
    if isinstance(data, KerasSequence | OneShot):
        return data.batch_size
    if (isinstance(data, Array) and data_role == "x") or (
        isinstance(data, TupleValue) and data_role == "validation_data"
    ):
        return array_batch
    return None


def _other_batch_size(
    call: TrainingCall,
    steps_arg: cst.Arg,
    steps: Number,
    data: Value,
    fed: int | None,
    data_text: str,
    role: _Role,
    keras_version: int,
) -> Finding | None:
    """`steps_per_epoch=len(paths) // 256` for data batched by 128 (`fed`): each epoch is half
    a pass (or two passes, or runs out), whatever N is."""
    assert steps.batches_of is not None
    counted, size = steps.batches_of
    if fed is None or fed == size or fed < 1:
        return None
    ratio = fed / size
    share = f"{ratio:.2g} of a pass" if ratio < 1 else f"{ratio:.2g} passes"
    keyword = role.keyword
    head = (
        f"{keyword}={steps.text} counts batches of {size}, but `{data_text}` yields batches of "
        f"{fed}: {role.unit} "
    )
    fix = f"Use {keyword}=math.ceil({counted} / {fed})."
    if is_infinite(data):
        return Finding(
            steps_arg.value,
            head + f"covers {share} over the data, not one, and nothing warns. {fix}",
            severity=Severity.WARNING,
            anchor=call.node,
        )
    if fed < size:
        unit = "each validation uses" if role.name == "validation_steps" else "each epoch trains on"
        return Finding(
            steps_arg.value,
            f"{keyword}={steps.text} counts batches of {size}, but `{data_text}` yields batches "
            f"of {fed}: {unit} {share} (fewer steps than the data has batches"
            + (
                ", and one iterator runs on across epochs"
                + (
                    "; Keras 2 stops training when it runs out"
                    if keras_version < 3 and isinstance(data, Dataset)
                    else ""
                )
                if role.name == "steps_per_epoch"
                else ""
            )
            + f"). {fix}",
            severity=Severity.WARNING,
            anchor=call.node,
        )
    if isinstance(data, KerasSequence):
        outcome = _sequence_overrun(role, keras_version)
    elif role.name == "validation_steps":
        outcome = 'the data runs out in every validation ("Your input ran out of data")'
    elif keras_version >= 3:
        outcome = (
            'Keras warns "Your input ran out of data; interrupting training" and every epoch '
            "ends after one pass"
        )
    else:
        outcome = 'training stops with "Your input ran out of data" in epoch 1'
    return Finding(
        steps_arg.value,
        head + f"asks for {share} where the data has one: {outcome}. {fix}",
        anchor=call.node,
    )


@dataclass(frozen=True)
class _Role:
    """Which step count is judged: `steps_per_epoch` of fit, `validation_steps`, or the
    `steps` of evaluate/predict."""

    name: str  # "steps_per_epoch", "validation_steps", "evaluate"
    keyword: str
    method: str

    @property
    def unit(self) -> str:
        return {
            "steps_per_epoch": "each epoch",
            "validation_steps": "each validation",
        }.get(self.name, f"{self.method}()")


def _role(call: TrainingCall, steps_role: str) -> _Role:
    if steps_role == "validation_steps":
        return _Role("validation_steps", "validation_steps", call.method)
    if call.method in keras.FIT_METHODS:
        return _Role("steps_per_epoch", "steps_per_epoch", call.method)
    return _Role("evaluate", "steps", call.method)


def _epochs(semantic: SemanticModel, call: TrainingCall) -> int | None:
    """The call's `epochs` (1 when not given), when known."""
    argument = call.param("epochs")
    if argument is None:
        return 1 if call.method in keras.FIT_METHODS else None
    number = semantic.number_of(argument.value, call.scope, call.ordinal)
    if number is None or number.value is None or number.value < 1:
        return None
    return int(number.value)


def _endless_batch_size(data: Value) -> int | None:
    """The batch size of endless input whose batch size the file shows (> 1)."""
    if isinstance(data, OneShot) and data.infinite is True and data.batch_size:
        return data.batch_size
    if isinstance(data, Dataset) and data.infinite and data.batch_size and data.batch_size > 1:
        return data.batch_size
    return None


def _sequence_overrun(role: _Role, keras_version: int) -> str:
    """What asking a flow/Sequence for more batches than it has does (measured)."""
    if role.name == "validation_steps":
        if keras_version >= 3:
            return (
                'Keras runs the batches there are and warns "Your input ran out of data" '
                "at every validation"
            )
        return "the first validation runs the batches there are and every later one gets no data"
    if keras_version >= 3:
        return (
            'Keras runs one pass per epoch and warns "Your input ran out of data; '
            'interrupting training" every epoch'
        )
    return 'training stops with "Your input ran out of data" after one pass, in epoch 1'


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


def _plan(kind: str, batches: int, steps: int, epochs: int, keras_version: int) -> list[int]:
    """Batches trained in each epoch of `fit(..., steps_per_epoch=steps, epochs=epochs)` on
    finite input of `batches` batches per pass; the list ends early when training stops.

    Measured on Keras 3.15.1 (TF 2.21) and tf_keras 2.21 with 10 batches (scripts in
    rules/FL004-steps-per-epoch-mismatch/README.md):
    - Keras 3, every kind: one iterator runs on across epochs; an epoch that reaches the end
      of the data stops there ("Your input ran out of data") and the next starts a new pass
      (10 batches, 3 steps: 3, 3, 3, 1, 3; 9 batches: 3, 3, 3, 3, 3).
    - Keras 2, datasets: one iterator across epochs, and training stops when it runs out
      (3, 3, 3, 1 then stop; 9 batches: 3, 3, 3, then an empty epoch 4 and stop).
    - Keras 2, arrays: the arrays are fed `epochs` times over in all, `steps` per epoch
      (12 steps, 3 epochs: 12, 12, 6).
    - Keras 2, Sequences and flow iterators: each epoch starts the Sequence again (3 steps:
      3 batches every epoch); more steps than batches stop training after epoch 1.
    """
    done: list[int] = []
    if keras_version >= 3:
        position = 0
        for _ in range(epochs):
            left = batches - position
            taken = min(steps, left)
            done.append(taken)
            position = 0 if taken == left else position + taken
        return done
    if kind == "arrays":
        left = batches * epochs
        for _ in range(epochs):
            if left == 0:
                break
            taken = min(steps, left)
            done.append(taken)
            left -= taken
        return done
    if kind == "sequence":
        return [min(steps, batches)] * (epochs if steps <= batches else 1)
    position = 0
    for _ in range(epochs):
        taken = min(steps, batches - position)
        done.append(taken)
        position += taken
        if taken < steps:
            break
    return done


def _epoch_list(numbers: list[int]) -> str:
    """[1, 2, 3, 5] -> "1-3 and 5"."""
    spans: list[str] = []
    start = previous = numbers[0]
    for number in [*numbers[1:], None]:
        if number is not None and number == previous + 1:
            previous = number
            continue
        spans.append(str(start) if start == previous else f"{start}-{previous}")
        if number is not None:
            start = previous = number
    return spans[0] if len(spans) == 1 else ", ".join(spans[:-1]) + " and " + spans[-1]


def _first(count: int) -> str:
    """1 -> "first batch", 3 -> "first 3"."""
    return "first batch" if count == 1 else f"first {count}"


def _counted(numbers: list[int] | list[str], noun: str) -> str:
    """[38] "batch" -> "38 batches"; [1] -> "1 batch"; [38, 12] -> "38 or 12 batches"."""
    plural = noun + ("es" if noun.endswith(("s", "ch")) else "s")
    text = " or ".join(str(n) for n in numbers)
    return f"{text} {noun if len(numbers) == 1 and str(numbers[0]) == '1' else plural}"


def _passes(total: int, batches: int) -> str:
    """Passes over the data, to one decimal, or two significant digits below 0.1
    (15 of 938 batches: 0.016)."""
    passes = total / batches
    if passes == int(passes):
        return f"{passes:.0f}"
    return f"{passes:.2g}" if passes < 0.1 else f"{passes:.1f}"


def _more_steps(
    batches: Batches, requested: int, role: _Role, epochs: int | None, keras_version: int
) -> str:
    """What asking for more batches than one pass has does (measured, see `_plan`)."""
    available = batches.count
    if role.name == "validation_steps":
        if keras_version >= 3:
            return (
                f'Keras warns "Your input ran out of data" and each validation stops after '
                f"{available} of the {requested} steps"
            )
        return (
            f"the first validation runs the {available} batches there are and every later "
            "validation gets no data (val_loss is computed on nothing)"
        )
    if keras_version >= 3:
        return (
            f'Keras warns "Your input ran out of data; interrupting training" and every '
            f"epoch ends after {available} steps, not {requested}"
        )
    if batches.kind == "arrays" and epochs is not None and epochs > 1:
        plan = _plan("arrays", available, requested, epochs, keras_version)
        short = [i + 1 for i, taken in enumerate(plan) if taken < requested]
        if len(plan) < epochs:
            stop = f"training stops after epoch {len(plan)} of {epochs}"
        else:
            stop = f"epoch {short[0]} is cut short"
        return (
            f"Keras 2 feeds the arrays {epochs} times in all, {requested} batches per epoch, "
            f'so epochs run into each other and {stop} with "Your input ran out of data"'
        )
    return (
        f'training stops with "Your input ran out of data" after the {available} steps of epoch 1'
    )


def _fewer_steps_message(
    batches: Batches, requested: int, role: _Role, epochs: int | None, keras_version: int
) -> str:
    keyword, available = role.keyword, batches.count
    head = f"{keyword}={requested} but {batches.explanation}"
    seen = ""
    if batches.samples is not None and batches.batch_size is not None:
        seen = (
            f" ({requested} × {batches.batch_size} = {requested * batches.batch_size} of the "
            f"{batches.samples} samples)"
        )
    if role.name == "validation_steps":
        return (
            f"{head}: every validation uses the same {_first(requested)} of the {available} "
            f"batches{seen}, so val_loss, val metrics and the callbacks that watch them judge "
            f"the model on part of the validation data. Drop {keyword} (Keras then validates "
            f"on all {available} batches)."
        )
    if role.name == "evaluate":
        return (
            f"{head}: {role.method}() runs only the {_first(requested)} of the {available} "
            f"batches{seen}. Drop steps (Keras then runs all {available})."
        )
    fix = f"Drop {keyword} (each epoch is then one pass over the data)"
    if batches.kind == "dataset":
        fix += ", or `.repeat()` the dataset to make fixed-length epochs deliberate"
    if keras_version < 3 and batches.kind == "sequence":
        return (
            f"{head}: Keras 2 starts the Sequence again every epoch and trains on only "
            f"{requested} of its {available} batches{seen}: a new random choice each epoch "
            f"with shuffle=True, else always the first {requested}. Epochs are not passes over "
            f"the data. {fix}."
        )
    if epochs is None:
        return (
            f"{head}: each epoch trains on {requested} of the {available} batches{seen} and the "
            f"next resumes where it stopped, so epochs are not passes over the data. {fix}."
        )
    if epochs == 1:
        return (
            f"{head}: the run's single epoch trains on {requested} of the {available} "
            f"batches{seen}, {_passes(requested, available)} of a pass over the data. {fix}."
        )
    plan = _plan(batches.kind, available, requested, epochs, keras_version)
    total = _passes(sum(plan), available)
    short = [i + 1 for i, taken in enumerate(plan) if taken < requested]
    story = (
        f"one iterator runs on across epochs, so each epoch trains on {requested} of the "
        f"{available} batches{seen}"
    )
    if len(plan) < epochs or (keras_version < 3 and short and batches.kind == "dataset"):
        last = len(plan)
        got = f"gets {plan[-1]}" if plan[-1] else "gets none"
        story += (
            f'; epoch {last} {got} and training stops there with "Your input ran out of '
            f'data", after {last} of the {epochs} epochs and one pass over the data'
        )
        return f"{head}: {story}. {fix}."
    elif short:
        story += (
            f"; epoch{'s' if len(short) > 1 else ''} {_epoch_list(short)} "
            f"get{'s' if len(short) == 1 else ''} the rest of a pass "
            f"({_counted(sorted({plan[i - 1] for i in short}), 'batch')}) and "
            f'end{"s" if len(short) == 1 else ""} with "Your input ran out of data"'
        )
    story += f", and epochs={epochs} makes {_counted([total], 'pass')} over the data, not {epochs}"
    return f"{head}: {story}. {fix}."


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
    """Batches in one pass over `data` as the call will batch it, when the file shows it."""
    argument = call.param(role)
    data_text = source_text(argument.value, 40) if argument is not None else "the data"
    if isinstance(data, Dataset):
        if data.infinite or data.count is None or not data.batched:
            return None
        return Batches(
            data.count,
            f"`{data_text}` yields {data.count_text} batches",
            "dataset",
            data.samples,
            data.batch_size,
        )
    if isinstance(data, KerasSequence):
        if data.batch_count is None:
            return None
        if data.sample_count is not None and data.batch_size is not None:
            explanation = (
                f"`{data_text}` yields ceil({data.sample_count} / {data.batch_size}) = "
                f"{data.batch_count} batches"
            )
        else:
            explanation = f"`{data_text}` yields {data.batch_count} batches"
        return Batches(
            data.batch_count, explanation, "sequence", data.sample_count, data.batch_size
        )
    if call.method not in ("fit", "evaluate", "predict"):
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
        "arrays",
        samples,
        batch_size,
    )

"""FL010 input-shape-mismatch: the samples `fit` / `evaluate` / `predict` / `*_on_batch` (or
`validation_data`) receive do not have the shape the model's input declares.

Measured on Keras 3.15.1 (TensorFlow 2.21) and tf_keras 2.21, 64 float32 samples, every case
the same in `fit`, `evaluate`, `predict`, `train_on_batch`, on a batched
`tf.data.Dataset.from_tensor_slices((x, y))` and on `model(x)`; a wrong `validation_data`
raises the same error when validation first runs, after the first epoch:
- Keras 3 first adjusts the rank, one trailing axis at most (`Functional._adjust_input_rank`):
  samples with one axis more than the input whose last size is 1 are squeezed, samples with
  one axis fewer are given a last axis of 1 when the input's last size is 1; any other rank
  difference is `ValueError: Invalid input shape for input ... Expected shape (None, 784),
  but input has incompatible shape (32, 28, 28)`, whatever the layers are. So (28, 28) into
  `Conv2D(..., input_shape=(28, 28, 1))` and (28, 28, 1) into `Input((28, 28))` train.
- A functional `Model(inputs, outputs)` then checks every size of its input
  (`InputSpec(shape, allow_last_axis_squeeze=True)`): `ValueError: Input 0 ... of layer
  'functional' is incompatible with the layer: expected shape=(None, 28, 28, 1), found
  shape=(32, 32, 32, 3)`; a Sequential model does not (its inner graph is called without
  the check), so only its first layer's own check remains: Dense and convolutions check
  the last axis (`expected axis -1 of input shape to have value 10, but received input with
  shape (32, 20)`), a Dense after a first `Flatten` the flattened size; a Sequential fed
  (64, 64, 3) into `Input((32, 32, 3))` → Conv2D → GlobalAveragePooling2D trains silently.
- tf_keras (Keras 2) squeezes or expands one trailing axis of 1 and checks the whole shape
  of Sequential and functional models alike.
dtype never matters (inputs are cast to the input's dtype first) and the batch axis is
never checked.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import libcst as cst

from fitlint.analysis import Array, BuiltModel, Dataset, Number, SemanticModel, TrainingCall, keras
from fitlint.analysis.cst_util import code_of
from fitlint.confirm.verdicts import CONFIRMED, INCONCLUSIVE, REFUTED, Facts, events_at, rows
from fitlint.diagnostics import Confirmation, Diagnostic, Severity
from fitlint.prefilter import CodeFacts
from fitlint.rules.base import TRAINING_CALL_TOKENS, Finding, Rule, RuleContext

# The calls whose first argument is the model's input.
_INPUT_METHODS = frozenset(
    {"fit", "evaluate", "predict", "train_on_batch", "test_on_batch", "predict_on_batch"}
)
# Keras's default batch size, the first batch's size when none is given.
_DEFAULT_BATCH = 32
# What a finding about `validation_data` says of when it fails (the judge reads it back).
VALIDATION_WHEN = "when validation first runs, after the whole first epoch has trained"
# Recurrent layers whose kernel takes the input's last axis (measured: LSTM).
_RECURRENT_LAYERS = frozenset({"LSTM", "GRU", "SimpleRNN"})

Shape = tuple[int | None, ...]
Sizes = tuple[int, ...]


@dataclass(frozen=True)
class Mismatch:
    """Why samples of one shape do not fit a declared input: the error Keras raises (its
    distinctive words), and the shape the samples have once Keras adjusted their rank."""

    error: str
    adjusted: Sizes | None = None


def mismatch(
    sample: Sizes,
    declared: Shape,
    *,
    functional: bool,
    first_layers: Sequence[str] = (),
    keras_version: int = 3,
    batch: str = "32",
) -> Mismatch | None:
    """Whether Keras rejects samples of shape `sample` for a model declaring `declared`
    (both without the batch axis; None in `declared` is any size), and how; None when it
    trains (or when fitlint cannot tell). `first_layers`: a Sequential's first layers' class
    names, for the checks only those layers make. `batch`: the first batch's size as Keras
    prints it."""
    if keras_version < 3:
        return _keras2(sample, declared, batch)
    found = _shape_text(batch, sample)
    expected = _shape_text("None", declared)
    if functional:
        squeezed_sample = sample[:-1] if sample and sample[-1] == 1 else sample
        squeezed_declared = declared[:-1] if declared and declared[-1] == 1 else declared
        if any(
            want is not None and want != got
            for want, got in zip(squeezed_declared, squeezed_sample, strict=False)
        ):
            return Mismatch(
                f"Input 0 ... is incompatible with the layer: expected shape={expected}, "
                f"found shape={_shape_text(batch, squeezed_sample)}"
            )
    adjusted = _adjusted_rank(sample, declared)
    if adjusted is None:
        return Mismatch(
            f"Invalid input shape for input ... Expected shape {expected}, but input has "
            f"incompatible shape {found}"
        )
    if functional:
        return None  # every size was compared above
    layers = list(first_layers)
    if not layers or declared[-1:] == (None,):
        return None
    if layers[0] in keras.UNIT_LAYERS:
        want, got = declared[-1], adjusted[-1]
        if want is not None and want != got:
            return Mismatch(_axis_error(want, _shape_text(batch, adjusted)), adjusted)
        return None
    if layers[0] in _RECURRENT_LAYERS:
        # An RNN's input spec checks only the rank; its kernel's matmul then fails.
        want, got = declared[-1], adjusted[-1]
        if want is not None and want != got:
            return Mismatch(f"Dimensions must be equal, but are {got} and {want}", adjusted)
        return None
    if layers[0] == "Flatten" and layers[1:2] == ["Dense"] and None not in declared:
        want_size = math.prod(size for size in declared if size is not None)
        got_size = math.prod(adjusted)
        if want_size != got_size:
            return Mismatch(_axis_error(want_size, f"({batch}, {got_size})"), adjusted)
    return None


def _keras2(sample: Sizes, declared: Shape, batch: str) -> Mismatch | None:
    """tf_keras: one trailing axis of 1 squeezed or added, then the whole shape checked."""
    adjusted: Shape = sample
    if len(sample) == len(declared) + 1 and sample[-1] == 1:
        adjusted = sample[:-1]
    elif len(sample) == len(declared) - 1 and declared and declared[-1] == 1:
        adjusted = (*sample, 1)
    # tf_keras squeezes once more and lets a later layer absorb it: (28, 28, 1, 1) into
    # (28, 28) trains, so every trailing 1 is dropped before comparing.
    if _strip_ones(adjusted) == _strip_ones(declared) or _compatible(adjusted, declared):
        return None
    return Mismatch(
        f"Input 0 of layer ... is incompatible with the layer: expected shape="
        f"{_shape_text('None', declared)}, found shape={_shape_text(batch, sample)}"
    )


def _strip_ones(shape: Shape) -> Shape:
    while shape and shape[-1] == 1:
        shape = shape[:-1]
    return shape


def _compatible(sample: Shape, declared: Shape) -> bool:
    return len(sample) == len(declared) and all(
        want is None or want == got for want, got in zip(declared, sample, strict=True)
    )


def _adjusted_rank(sample: Sizes, declared: Shape) -> Sizes | None:
    """Keras 3's `_adjust_input_rank`: the samples' shape after it, None when it raises."""
    if len(sample) == len(declared):
        return sample
    if len(sample) == len(declared) + 1 and sample[-1] == 1:
        return sample[:-1]
    if len(sample) == len(declared) - 1 and declared[-1] == 1:
        return (*sample, 1)
    return None


def _axis_error(want: int, received: str) -> str:
    return (
        f"expected axis -1 of input shape to have value {want}, but received input with "
        f"shape {received}"
    )


def _shape_text(batch: str, shape: Shape) -> str:
    """A batch's shape as Keras prints it: (32, 28, 28), (None, 784)."""
    return shape_text((batch, *shape))


def shape_text(shape: Sequence[int | str | None]) -> str:
    """(28, 28), (784,), (None, 8)."""
    sizes = ["None" if size is None else str(size) for size in shape]
    return f"({sizes[0]},)" if len(sizes) == 1 else f"({', '.join(sizes)})"


class InputShapeMismatch(Rule):
    """See the module docstring; `judge` applies `mismatch` to the shapes the run recorded."""

    code = "FL010"
    required_tokens = (
        TRAINING_CALL_TOKENS,
        (b"input", b"shape", b"dim"),
    )

    @classmethod
    def may_fire_on(cls, facts: CodeFacts) -> bool:
        return bool(facts.attribute_calls & _INPUT_METHODS) and (
            facts.calls("Input", "InputLayer")
            or "input_shape" in facts.keywords
            or "input_dim" in facts.keywords
        )

    def check(self, context: RuleContext) -> Iterator[Finding]:
        semantic = context.semantic
        version = context.settings.keras_version
        for model in semantic.models.models:
            if model.input is None:
                continue
            for call in semantic.training_calls_on(model, _INPUT_METHODS):
                for argument, validation in _inputs(call):
                    finding = _finding(semantic, model, call, argument, validation, version)
                    if finding is not None:
                        yield finding
                        break  # the call fails on x before validation runs

    def judge(self, diagnostic: Diagnostic, facts: Facts) -> Confirmation | None:
        here = events_at(facts, "call", rows(diagnostic))
        if not here:
            return None
        validation = VALIDATION_WHEN in diagnostic.message
        for call in here:
            model = call.get("model") or {}
            declared = model.get("input_shape")
            data = call.get("validation_x" if validation else "x") or {}
            shape = data.get("shape") or data.get("element_shape")
            if not declared or not shape:
                continue
            sample = tuple(shape[1:])
            wanted = tuple(declared[1:])
            observed = {
                "x_shape": shape,
                "input_shape": declared,
                "model": model.get("class"),
            }
            if any(size is None for size in sample):
                continue
            found = mismatch(
                tuple(int(size) for size in sample),
                wanted,
                functional=model.get("class") != "Sequential",
                first_layers=[
                    name for name in model.get("first_layers", []) if name != "InputLayer"
                ],
            )
            if found is not None:
                return Confirmation(
                    CONFIRMED,
                    f"{call['method']}() received samples of shape {shape_text(sample)} for a "
                    f"{model.get('class')} model whose input is {shape_text(wanted)}",
                    observed,
                )
            return Confirmation(
                REFUTED,
                f"the samples' shape {shape_text(sample)} fits the model's input "
                f"{shape_text(wanted)}",
                observed,
            )
        return Confirmation(INCONCLUSIVE, "the run did not record both shapes", {})


def _inputs(call: TrainingCall) -> Iterator[tuple[cst.BaseExpression, bool]]:
    """The expressions holding model inputs: x, and the x of `validation_data=(x, y)`."""
    x = call.param("x")
    if x is not None:
        yield x.value, False
    if call.method == "fit":
        validation = call.keyword("validation_data")
        if validation is not None and isinstance(validation.value, cst.Tuple | cst.List):
            elements = validation.value.elements
            if elements and not isinstance(elements[0], cst.StarredElement):
                yield elements[0].value, True


def _finding(
    semantic: SemanticModel,
    model: BuiltModel,
    call: TrainingCall,
    expr: cst.BaseExpression,
    validation: bool,
    version: int,
) -> Finding | None:
    assert model.input is not None
    value = semantic.value_of(expr, call.scope, call.ordinal)
    sample: tuple[int, ...] | None = None
    batch = "None"
    source: Array | None = None
    if isinstance(value, Array):
        source, sample = value, value.sample_shape
        batch = _batch_text(semantic, call, value, validation)
    elif isinstance(value, Dataset) and value.batched and value.features is not None:
        source, sample = value.features, value.features.sample_shape
    if sample is None or source is None:
        return None
    declared = model.input.shape
    found = mismatch(
        sample,
        declared,
        functional=model.functional,
        first_layers=[layer.kind for layer in model.first_layers],
        keras_version=version,
        batch=batch,
    )
    if found is None:
        return None
    shown = code_of(expr)
    name = code_of(call.receiver)  # the model's name here (`d = build_discriminator()`)
    notes = ["the validation data"] if validation else []
    if source.origin not in shown:
        notes.append(f"from {source.origin}")
    about = f" ({', '.join(notes)})" if notes else ""
    kind = "a functional model" if model.functional else "a Sequential model"
    when = (
        VALIDATION_WHEN
        if validation
        else "at the first batch, after the data is loaded and the model built"
    )
    one = _one_sample(semantic, call, expr)
    if isinstance(value, Dataset):
        advice = _dataset_advice(sample, declared, model)
    elif one:
        advice = _one_sample_advice(expr)
    else:
        advice = _advice(shown, sample, declared, model)
    held = f"holds samples of shape {shape_text(sample)},"
    if one and isinstance(value, Array) and value.sample_count is not None:
        held = f"is one sample, of shape {shape_text((value.sample_count, *sample))},"
    message = (
        f"`{shown}`{about} {held} but `{name}`, "
        f"{kind}, takes inputs of shape {shape_text(declared)} (`{model.input.text}`): "
        f"`{call.method}()` raises ValueError {when}: "
        f'"{found.error}". {advice}'
    )
    return Finding(expr, message, severity=Severity.ERROR, anchor=call.node)


def _batch_text(semantic: SemanticModel, call: TrainingCall, value: Array, validation: bool) -> str:
    """The first batch's size as Keras prints it: `batch_size` (32 by default), all of `x`
    for `*_on_batch`, fewer when there are fewer samples."""
    if call.method.endswith("_on_batch"):
        return str(value.sample_count) if value.sample_count is not None else "N"
    if validation:
        return "None"  # Keras makes a dataset of the validation arrays: no fixed batch
    size: int | None = _DEFAULT_BATCH
    argument = call.keyword("batch_size")
    if argument is not None:
        number = semantic.number_of(argument.value, call.scope, call.ordinal)
        size = int(number.value) if number is not None and number.value else None
    # Keras traces the batches with a fixed size only when they all have it: otherwise the
    # last, partial batch makes it None (60000 samples in batches of 128: None); fewer
    # samples than a batch make one batch of them all.
    count = value.sample_count
    if size is None or count is None:
        return "None"
    if count <= size:
        return str(count)
    return "None" if count % size else str(size)


def _advice(shown: str, sample: Sizes, declared: Shape, model: BuiltModel) -> str:
    """The fix, in the user's names: a reshape when the sizes agree, a new axis, or the
    shape to declare."""
    simple = shown if shown.isidentifier() else f"({shown})"
    known = None not in declared
    sample_size = math.prod(size for size in sample if size is not None)
    declared_size = math.prod(size for size in declared if size is not None)
    for axis in range(len(sample) + 1):
        if (*sample[:axis], 1, *sample[axis:]) == declared:
            return f"Add the missing axis, `np.expand_dims({shown}, {axis + 1})`."
    if known and sample_size == declared_size and len(sample) != len(declared):
        sizes = ", ".join(str(size) for size in declared)
        advice = f"Reshape the samples, `{simple}.reshape(-1, {sizes})`"
        if len(declared) == 1 and not model.functional:
            advice += (
                f", or start the model with `Flatten()` after `Input(shape={shape_text(sample)})`"
            )
        return advice + "."
    return (
        f"Declare the samples' shape, `{_declaration(sample, model)}`, or bring the "
        f"samples to {shape_text(declared)}."
    )


def _declaration(sample: Sizes, model: BuiltModel) -> str:
    """The model's input declared for these samples, as the model declares it now:
    `Input(shape=(28, 28, 1))`, `input_shape=(28, 28, 1)`, `input_dim=20`."""
    assert model.input is not None
    written = model.input.text
    if "input_dim=" in written and len(sample) == 1:
        return f"input_dim={sample[0]}"
    if "input_shape=" in written:
        return f"input_shape={shape_text(sample)}"
    return f"Input(shape={shape_text(sample)})"


def _dataset_advice(sample: Sizes, declared: Shape, model: BuiltModel) -> str:
    """A dataset has no `reshape`: the arrays it is made from do."""
    sizes = ", ".join("None" if size is None else str(size) for size in declared)
    return (
        f"Reshape the arrays before `from_tensor_slices` (`.reshape(-1, {sizes})`), or map "
        f"the dataset (`.map(lambda x, y: (tf.reshape(x, (-1, {sizes})), y))`), or declare "
        f"`{_declaration(sample, model)}`."
    )


def _one_sample(semantic: SemanticModel, call: TrainingCall, expr: cst.BaseExpression) -> bool:
    """`x_test[1]`, `x[i]`: one sample, its batch axis indexed away by a number."""
    if not (
        isinstance(expr, cst.Subscript)
        and len(expr.slice) == 1
        and isinstance(expr.slice[0].slice, cst.Index)
    ):
        return False
    index = expr.slice[0].slice.value
    return isinstance(semantic.value_of(index, call.scope, call.ordinal), Number)


def _one_sample_advice(expr: cst.BaseExpression) -> str:
    assert isinstance(expr, cst.Subscript)
    index = expr.slice[0].slice
    assert isinstance(index, cst.Index)
    array, position = code_of(expr.value), code_of(index.value)
    following = (
        str(int(index.value.value) + 1)
        if isinstance(index.value, cst.Integer)
        else f"{position} + 1"
    )
    return (
        f"`{code_of(expr)}` is one sample without its batch axis, so Keras reads its first "
        f"axis as the batch: pass `{array}[{position}:{following}]` or "
        f"`{array}[{position}][None]`."
    )

"""FL007 loss-output-mismatch: the compiled loss disagrees with the model's output units or
with the labels `fit` receives.

Measured on Keras 3.15.1 (TensorFlow 2.21) and tf_keras 2.21, 512 samples, 8 features:
- `categorical_crossentropy` on a 1-unit output (sigmoid or softmax): the loss is 0.0 in
  every epoch on both, with a warning ("In loss categorical_crossentropy, expected
  y_pred.shape to be (batch_size, num_classes) with num_classes > 1. Received:
  y_pred.shape=(32, 1). ...").
- `binary_crossentropy` on a 1-unit sigmoid output with labels of 10 classes (0..9): it
  trains without a word and the loss goes negative (Keras 3: 0.19 → -0.11 → -0.42;
  tf_keras: -5.62 → -6.18); accuracy 0.12.
- `sparse_categorical_crossentropy` with one-hot labels: Keras 3 `ValueError: Argument
  `output` must have rank (ndim) `target.ndim - 1`. Received: target.shape=(32, 10),
  output.shape=(32, 10)` at the first batch (tf_keras: a ValueError there too).
- `categorical_crossentropy` with class indices: Keras 3 `ValueError: Arguments `target` and
  `output` must have the same rank (ndim). Received: target.shape=(32,),
  output.shape=(32, 10)` (labels of shape (N, 1): `... must have the same shape`), at the
  first batch (tf_keras: a ValueError there too).
"""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from fitlint.analysis import Array, BuiltModel, Labels, SemanticModel, TrainingCall
from fitlint.analysis.cst_util import code_of
from fitlint.confirm.verdicts import CONFIRMED, INCONCLUSIVE, REFUTED, Facts, events_at, rows
from fitlint.diagnostics import Confirmation, Diagnostic, Severity
from fitlint.prefilter import CodeFacts
from fitlint.rules.base import Finding, Rule, RuleContext

_LOSS_TOKENS = (b"crossentropy",)
_FIT_METHODS = frozenset({"fit", "train_on_batch"})
# What each kind of finding says (its message holds the text; the judge reads it back).
ONE_UNIT = "but its output has 1 unit"
BINARY_CLASSES = "with binary_crossentropy on 1 output unit"
ONE_HOT = "holds one-hot rows"
INDICES = "holds class indices:"


class LossOutputMismatch(Rule):
    """See the module docstring; `judge` reads the loss, the output shape and the labels the
    run's training calls received."""

    code = "FL007"
    required_tokens = (_LOSS_TOKENS,)

    @classmethod
    def may_fire_on(cls, facts: CodeFacts) -> bool:
        return facts.calls("compile")

    def judge(self, diagnostic: Diagnostic, facts: Facts) -> Confirmation | None:
        calls = [event for event in facts.get("events", []) if event.get("kind") == "call"]
        here = events_at(facts, "call", rows(diagnostic))
        if not calls:
            return None
        message = diagnostic.message
        judged = False
        for call in here or calls:
            model = call.get("model") or {}
            loss, shape = model.get("loss"), model.get("output_shape")
            y = call.get("y") or {}
            observed = {
                "loss": loss,
                "output_shape": shape,
                "y_shape": y.get("shape"),
                "y_max": y.get("max"),
            }
            if not shape:
                continue
            units = shape[-1]
            judged = judged or ONE_UNIT in message
            if ONE_UNIT in message and loss == "categorical_crossentropy" and units == 1:
                return Confirmation(
                    CONFIRMED,
                    f"{call['method']}() trained a model compiled with {loss} whose output has "
                    f"shape {tuple(shape)}",
                    observed,
                )
            if not y.get("shape"):
                continue
            judged = True
            y_shape = tuple(y["shape"])
            if BINARY_CLASSES in message and units == 1 and (y.get("max") or 0) > 1:
                return Confirmation(
                    CONFIRMED,
                    f"y reached {call['method']}() with labels up to {y['max']:g} for a 1-unit "
                    f"output compiled with {loss}",
                    observed,
                )
            if ONE_HOT in message and len(y_shape) == 2 and y_shape[-1] == units and units > 1:
                return Confirmation(
                    CONFIRMED,
                    f"y reached {call['method']}() as rows of shape {y_shape} (one-hot) for a "
                    f"model compiled with {loss}",
                    observed,
                )
            if INDICES in message and units > 1 and (len(y_shape) == 1 or y_shape[-1] == 1):
                return Confirmation(
                    CONFIRMED,
                    f"y reached {call['method']}() with shape {y_shape} (class indices) for an "
                    f"output of shape {tuple(shape)} compiled with {loss}",
                    observed,
                )
        if here and judged:
            return Confirmation(
                REFUTED, "the run's loss, output and labels agree", {"calls": len(here)}
            )
        return Confirmation(INCONCLUSIVE, "no training call of this model showed its facts", {})

    def check(self, context: RuleContext) -> Iterator[Finding]:
        semantic = context.semantic
        version = context.settings.keras_version
        for model in semantic.models.models:
            if model.loss is None or model.outputs != 1 or model.compile is None:
                continue
            units = output_units(model)
            if model.loss.name == "categorical_crossentropy" and units == 1:
                yield _one_unit_cce(model)
                continue
            yield from _label_findings(semantic, model, units, version)


def output_units(model: BuiltModel) -> int | None:
    """The size of the output's last axis: the last layer's units, or the units of the layer
    an output Activation / Softmax follows."""
    layers = model.layers or ()
    if not layers:
        return None
    last = layers[-1]
    if last.sizes_last_axis:
        return last.units
    if last.is_activation and len(layers) >= 2 and layers[-2].sizes_last_axis:
        return layers[-2].units
    return None


def _loss_anchor(model: BuiltModel) -> cst.CSTNode:
    assert model.loss is not None and model.compile is not None
    return model.loss.node


def _one_unit_cce(model: BuiltModel) -> Finding:
    assert model.loss is not None and model.compile is not None
    message = (
        f"`{model.binding.name}` is compiled with categorical_crossentropy {ONE_UNIT}: the "
        "loss is 0.0 in every epoch and nothing is learned (Keras only warns "
        '"expected y_pred.shape to be (batch_size, num_classes) with num_classes > 1"). For two '
        'classes use binary_crossentropy with `Dense(1, activation="sigmoid")`; for N classes, '
        '`Dense(N, activation="softmax")`.'
    )
    return Finding(_loss_anchor(model), message, severity=Severity.ERROR, anchor=model.compile)


def _label_findings(
    semantic: SemanticModel, model: BuiltModel, units: int | None, version: int
) -> Iterator[Finding]:
    """Findings from the labels of the model's `fit` calls (the first call that shows them)."""
    assert model.loss is not None
    for call in semantic.training_calls_on(model, _FIT_METHODS):
        target = call.param("y")
        if target is None:
            continue
        value = semantic.value_of(target.value, call.scope, call.ordinal)
        if not isinstance(value, Array) or value.labels is None:
            continue
        if _root_name(target.value) in semantic.facts.item_assigned:
            continue  # `y[y == 3] = 0` changed the labels in place
        finding = _judge(model, units, value.labels, code_of(target.value), call, version)
        if finding is not None:
            yield finding
            return


def _root_name(expr: cst.BaseExpression) -> str | None:
    while isinstance(expr, cst.Subscript | cst.Attribute | cst.Call):
        expr = expr.func if isinstance(expr, cst.Call) else expr.value
    return expr.value if isinstance(expr, cst.Name) else None


def _judge(
    model: BuiltModel,
    units: int | None,
    labels: Labels,
    shown: str,
    call: TrainingCall,
    version: int,
) -> Finding | None:
    assert model.loss is not None
    loss = model.loss.name
    classes = f"{labels.classes} classes" if labels.classes else "several classes"
    where = f"`{shown}`" + (f" (from {labels.origin})" if labels.origin != shown else "")
    first_batch = (
        "at the first batch"
        if version >= 3
        else "at the first batch (after the data is loaded and the model built)"
    )
    if loss == "binary_crossentropy" and units == 1 and labels.encoding == "integer":
        if labels.classes is None or labels.classes <= 2:
            return None
        message = (
            f"`{model.binding.name}` is compiled {BINARY_CLASSES}, but "
            f"{where} holds class indices 0–{labels.classes - 1} of {classes}: binary "
            "crossentropy expects 0/1 targets, so Keras trains without a word while the loss "
            "goes negative and the model learns nothing useful. Use "
            f'`Dense({labels.classes}, activation="softmax")` with '
            "sparse_categorical_crossentropy."
        )
        return Finding(_loss_anchor(model), message, severity=Severity.ERROR, anchor=call.node)
    if loss == "sparse_categorical_crossentropy" and labels.encoding == "one-hot":
        error = (
            "ValueError: Argument `output` must have rank (ndim) `target.ndim - 1`"
            if version >= 3
            else "ValueError (the one-hot targets have one axis too many)"
        )
        message = (
            f"`{model.binding.name}` is compiled with sparse_categorical_crossentropy, which "
            f"takes class indices, but {where} {ONE_HOT}: `{call.method}()` raises "
            f"{error} {first_batch}. Use categorical_crossentropy, or pass the class indices "
            "(without `to_categorical`)."
        )
        return Finding(_loss_anchor(model), message, severity=Severity.ERROR, anchor=call.node)
    if (
        loss == "categorical_crossentropy"
        and labels.encoding == "integer"
        and units is not None
        and units > 1
    ):
        same = "shape" if labels.column else "rank (ndim)"
        error = (
            f"ValueError: Arguments `target` and `output` must have the same {same}"
            if version >= 3
            else "ValueError (the class indices do not have the output's shape)"
        )
        sparse = (
            "`keras.losses.SparseCategoricalCrossentropy(from_logits=True)`"
            if model.loss.from_logits
            else "sparse_categorical_crossentropy"
        )
        message = (
            f"`{model.binding.name}` is compiled with categorical_crossentropy, which takes "
            f"one-hot rows, but {where} {INDICES} `{call.method}()` raises {error} "
            f"{first_batch}. Use {sparse}, or one-hot the labels with "
            f"`keras.utils.to_categorical({shown}, {units})`."
        )
        return Finding(_loss_anchor(model), message, severity=Severity.ERROR, anchor=call.node)
    return None

"""FL006 single-unit-softmax: a softmax over an axis of one unit, which always outputs 1.0.

Measured on Keras 3.15.1 (TensorFlow 2.21) and tf_keras 2.21, a binary problem of 256
samples (52.3 % positive), `Dense(1, activation="softmax")`:
- every prediction is 1.0 and the accuracy stays at the positive rate (0.5234 in each of 3
  epochs) on both;
- with `binary_crossentropy` the loss still falls (Keras 3: 1.0044 → 0.9754; tf_keras:
  0.7047 → 0.6988), so the training log looks like a model learning; Keras 3 prints one
  UserWarning, "You are using a softmax over axis -1 of a tensor of shape (32, 1). This axis
  has size 1. The softmax operation will always return the value 1, ...", tf_keras nothing;
- with `categorical_crossentropy` the loss is 0.0 in every epoch on both.
The same holds for `Activation("softmax")` / `Softmax()` right after a one-unit layer, and for
a convolution with one filter (channels last).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import libcst as cst

from fitlint.analysis import BuiltModel, Layer, SemanticModel, keras
from fitlint.analysis.cst_util import source_text
from fitlint.confirm.verdicts import CONFIRMED, INCONCLUSIVE, REFUTED, Facts
from fitlint.diagnostics import Confirmation, Diagnostic, Severity
from fitlint.prefilter import CodeFacts
from fitlint.rules.base import Finding, NodeEdit, NodeFix, Rule, RuleContext


class SingleUnitSoftmax(Rule):
    code = "FL006"
    required_tokens = ((b"softmax",),)

    @classmethod
    def may_fire_on(cls, facts: CodeFacts) -> bool:
        return (
            "softmax" in facts.strings or "softmax" in facts.identifiers or facts.calls("Softmax")
        )

    def check(self, context: RuleContext) -> Iterator[Finding]:
        semantic = context.semantic
        reported: set[int] = set()
        for name in _layer_call_names(semantic):
            for site in semantic.calls_named(name):
                layer = semantic.models.layer(site.node, site.scope, site.ordinal)
                if layer is None or not _softmax_over_one(layer):
                    continue
                reported.add(id(layer.node))
                yield _finding(semantic, layer, None)
        for model in semantic.models.models:
            layers = [layer for layer in model.layers or () if layer.kind not in _SAME_SHAPE]
            for before, after in itertools.pairwise(layers):
                if (
                    after.is_activation
                    and after.activation == "softmax"
                    and before.sizes_last_axis
                    and before.units == 1
                    and before.activation == "linear"
                    and id(after.node) not in reported
                ):
                    reported.add(id(after.node))
                    yield _finding(semantic, after, before, model)

    def judge(self, diagnostic: Diagnostic, facts: Facts) -> Confirmation | None:
        """The layer is built before any training call, so the run's first training call shows
        its model: a softmax over an output of size 1 confirms, none in any trained model
        refutes."""
        calls = [event for event in facts.get("events", []) if event.get("kind") == "call"]
        if not calls:
            return None
        for call in calls:
            found = (call.get("model") or {}).get("softmax_over_one") or []
            if found:
                layer = found[0]
                shape = tuple(layer["output_shape"])
                return Confirmation(
                    CONFIRMED,
                    f"the model {call['method']}() received has {layer['class']} layer "
                    f"'{layer['layer']}' applying softmax to an output of shape {shape}",
                    {"softmax_over_one": found},
                )
        if all("softmax_over_one" in (call.get("model") or {}) for call in calls):
            return Confirmation(REFUTED, "no model the run trained has a softmax over one unit", {})
        return Confirmation(INCONCLUSIVE, "the run recorded no layer facts", {})


# Layers that keep their input's shape: a softmax after them sees the layer before's units.
_SAME_SHAPE = frozenset(
    {"Dropout", "BatchNormalization", "GaussianNoise", "GaussianDropout", "LayerNormalization"}
)


def _layer_call_names(semantic: SemanticModel) -> list[str]:
    """The names layer calls go by in this file: Keras's (`Dense`, `layers.Dense`) and the
    aliases an import gives them (`from keras.layers import Dense as FC`)."""
    names = list(keras.UNIT_LAYERS)
    scope = semantic.facts.module_scope
    for name, bindings in scope.bindings.items():
        qualname = next((b.qualname for b in bindings if b.kind == "import"), None)
        if name not in names and qualname and qualname.rsplit(".", 1)[-1] in keras.UNIT_LAYERS:
            names.append(name)
    return names


def _softmax_over_one(layer: Layer) -> bool:
    return layer.sizes_last_axis and layer.units == 1 and layer.activation == "softmax"


def _finding(
    semantic: SemanticModel, layer: Layer, unit_layer: Layer | None, model: BuiltModel | None = None
) -> Finding:
    if model is None:
        model = semantic.models.model_holding(layer.node)
    shown = source_text(layer.node, 70)
    unit = (unit_layer or layer).size_word
    if unit_layer is None:
        what = f"`{shown}` is a softmax over 1 {unit}"
    else:
        what = f"`{shown}` right after the 1-{unit} `{unit_layer.kind}` is a softmax over 1 {unit}"
    loss = model.loss if model is not None else None
    outcome = (
        "so every prediction is 1.0 and nothing is learned (accuracy stays at the share of the "
        "class labelled 1)"
    )
    advice = (
        'For two classes use `activation="sigmoid"` with binary_crossentropy; for N classes, '
        "N units with softmax and a categorical loss."
    )
    consequence = ""
    if loss is not None and loss.name == "binary_crossentropy":
        consequence = (
            " With binary_crossentropy the loss still falls as if the model learned, so the "
            "training log hides it."
        )
        if loss.from_logits:
            advice = "The loss is from logits: drop the activation (the loss applies the sigmoid)."
    elif loss is not None and loss.name == "categorical_crossentropy":
        consequence = " With categorical_crossentropy the loss is 0.0 in every epoch."
    elif loss is not None and loss.name == "sparse_categorical_crossentropy":
        outcome = (
            "and with sparse_categorical_crossentropy any label above 0 is out of range for "
            "one unit, so fit() fails at the first batch"
        )
    message = f"{what}: it outputs 1.0 for every input, {outcome}.{consequence} {advice}"
    fix = None
    if loss is not None and loss.name == "binary_crossentropy" and not loss.from_logits:
        target = layer.activation_node
        if isinstance(target, cst.SimpleString):
            quote = target.value[-1]
            fix = NodeFix(
                'Use `"sigmoid"` (unsafe: the model then learns, and its outputs change)',
                (NodeEdit(f"{quote}sigmoid{quote}", target),),
            )
    anchor = layer.activation_node if layer.activation_node is not None else layer.node
    return Finding(
        anchor,
        message,
        severity=Severity.ERROR,
        anchor=layer.node,
        unsafe_fix=fix,
    )

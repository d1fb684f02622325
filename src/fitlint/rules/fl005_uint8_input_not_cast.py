"""FL005 uint8-input-not-cast: raw uint8 pixels (0-255) reach a model that never rescales them."""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from fitlint.analysis import (
    Array,
    Dataset,
    KerasModel,
    SemanticModel,
    TrainingCall,
    TupleValue,
    Value,
    keras,
)
from fitlint.analysis.cst_util import source_text
from fitlint.confirm.verdicts import CONFIRMED, INCONCLUSIVE, REFUTED, Facts, events_at, rows
from fitlint.diagnostics import Confirmation, Diagnostic
from fitlint.prefilter import CodeFacts
from fitlint.rules.base import (
    TRAINING_CALL_TOKENS,
    Finding,
    Rule,
    RuleContext,
    calls_training_method,
)

# Layers and helpers that scale or normalise raw pixels inside or before the model: a module
# that imports or calls one may do the scaling where fitlint cannot follow it.
INPUT_SCALING_NAMES = frozenset(
    {
        "Rescaling",
        "Normalization",
        "Lambda",
        "preprocess_input",
        "per_image_standardization",
        "LayerNormalization",
        "BatchNormalization",
    }
)


class Uint8InputNotCast(Rule):
    code = "FL005"
    required_tokens = ((b"load_data", b"uint8"), TRAINING_CALL_TOKENS)

    @classmethod
    def may_fire_on(cls, facts: CodeFacts) -> bool:
        uint8 = facts.calls("load_data") or "uint8" in facts.identifiers or "uint8" in facts.strings
        return uint8 and calls_training_method(facts)

    def check(self, context: RuleContext) -> Iterator[Finding]:
        semantic = context.semantic
        if _mentions_input_scaling(semantic):
            return  # a Rescaling/Normalization layer or preprocess_input may do the scaling
        networks = _application_networks(semantic)
        if any(keras.expects_raw_pixels(network) for network in networks):
            return  # a pretrained network that takes 0-255 pixels (EfficientNet, VGG16...)
        for call in semantic.training_calls:
            if call.method not in keras.TRAINING_METHODS or call.expects_error:
                continue
            inputs = [("x", call.param("x"))]
            if call.method in keras.FIT_METHODS:
                inputs.append(("validation_data", call.param("validation_data")))
            raw = [
                (role, argument.value, array)
                for role, argument in inputs
                if argument is not None
                and (array := _raw_pixels(semantic, argument.value, call, role)) is not None
            ]
            if not raw:
                continue
            receiver = semantic.receiver_value(call)
            if not (isinstance(receiver, KerasModel) and receiver.built_here):
                continue  # a loaded or foreign model may scale its own inputs
            for role, node, array in raw:
                text = source_text(node, 40)
                what = f"`{text}`" if role == "x" else f"validation_data `{text}`"
                yield Finding(
                    node,
                    f"{what} holds uint8 pixel values 0–255 (from {array.origin}) and reaches "
                    f"`{call.method}()` unscaled: Keras casts them to float32 but keeps the "
                    "0–255 range, which saturates activations and can leave accuracy at chance "
                    f"level. {_advice(text if role == 'x' else _images(node), networks)}",
                    anchor=call.node,
                )

    def judge(self, diagnostic: Diagnostic, facts: Facts) -> Confirmation | None:
        calls = events_at(facts, "call", rows(diagnostic))
        if not calls:
            return None
        call = calls[0]
        x = call.get("x", {})
        model = call.get("model", {})
        observed = {
            "dtype": x.get("dtype"),
            "max": x.get("max"),
            "first_layers": model.get("first_layers"),
        }
        if x.get("dtype") is None:
            if x.get("cardinality") is not None:
                return Confirmation(
                    INCONCLUSIVE, "x is a dataset; its elements were not read", observed
                )
            return Confirmation(INCONCLUSIVE, f"x is a {x.get('type')}, not an array", observed)
        if model.get("scales_inputs"):
            return Confirmation(
                REFUTED,
                f"the model starts with {', '.join(model['first_layers'])}, which rescales inputs",
                observed,
            )
        if x["dtype"] == "uint8" and (x.get("max") or 0) > 1:
            layers = ", ".join(model.get("first_layers") or []) or "no layers"
            return Confirmation(
                CONFIRMED,
                f"x reached {call['method']}() as uint8 with max {x['max']:g}; the model's first "
                f"layers are {layers}",
                observed,
            )
        return Confirmation(
            REFUTED,
            f"x reached {call['method']}() as {x['dtype']} with max {x.get('max', 0):g}",
            observed,
        )


def _mentions_input_scaling(semantic: SemanticModel) -> bool:
    """Whether the module imports or calls a layer or helper that scales inputs."""
    return not INPUT_SCALING_NAMES.isdisjoint(semantic.imported_names) or not (
        INPUT_SCALING_NAMES.isdisjoint(semantic.called_names)
    )


def _application_networks(semantic: SemanticModel) -> list[str]:
    """The `keras.applications` networks the module builds (`VGG16`, ...), by first call."""
    found: list[str] = []
    for name in semantic.called_names:
        if not name[:1].isupper():
            continue
        for site in semantic.calls_named(name):
            qualname = semantic.qualified_name(site.node.func, site.scope, site.ordinal)
            if qualname is not None and keras.is_application_network(qualname):
                found.append(name)
                break
    return found


def _images(validation: cst.BaseExpression) -> str:
    """The images of `validation_data=`: `x_test` in `(x_test, y_test)`, else `val[0]`."""
    if isinstance(validation, cst.Tuple) and validation.elements:
        return source_text(validation.elements[0].value, 40)
    return f"{source_text(validation, 36)}[0]"


def _raw_pixels(
    semantic: SemanticModel, node: cst.BaseExpression, call: TrainingCall, role: str
) -> Array | None:
    value: Value = semantic.value_of(node, call.scope, call.ordinal)
    if role == "validation_data":
        # validation_data=(x_val, y_val): the images are the first element.
        if not (isinstance(value, TupleValue) and value.elements):
            return None
        value = value.elements[0]
    array = value.element if isinstance(value, Dataset) else value
    if (
        isinstance(array, Array)
        and array.dtype == "uint8"
        and array.pixels
        and not array.cast_or_scaled
    ):
        return array
    return None


def _advice(x_text: str, networks: list[str]) -> str:
    for network in networks:
        module = keras.preprocess_module(network)
        if module is not None:
            return (
                f"The `{network}` this file builds expects the input its "
                f"`keras.applications.{module}.preprocess_input` produces: apply it to every "
                f"input the model sees (`{_preprocessed_example(x_text, module)}`)."
            )
    return (
        "Start the model with `keras.layers.Rescaling(1 / 255)`, or scale every input the "
        "model sees, training, validation and test alike "
        f"(`{_scaled_example(x_text)}`)."
    )


def _preprocessed_example(x_text: str, module: str) -> str:
    name = x_text if x_text.isidentifier() else "x"
    return f"{name} = keras.applications.{module}.preprocess_input({name})"


def _scaled_example(x_text: str) -> str:
    if x_text.isidentifier():
        return f'{x_text} = {x_text}.astype("float32") / 255'
    return 'x = x.astype("float32") / 255'

"""FL005 uint8-input-not-cast: raw uint8 pixels (0-255) reach a model that never rescales them."""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from fitlint.analysis import ModuleModel, TrainingCall
from fitlint.analysis.keras import TRAINING_METHODS, expects_raw_pixels, preprocess_module
from fitlint.analysis.values import Array, Dataset, KerasModel, TupleValue, Value
from fitlint.prefilter import CodeFacts
from fitlint.rules.base import (
    TRAINING_CALL_TOKENS,
    Finding,
    Rule,
    RuleContext,
    calls_training_method,
    source_text,
)


class Uint8InputNotCast(Rule):
    code = "FL005"
    required_tokens = ((b"load_data", b"uint8"), TRAINING_CALL_TOKENS)

    @classmethod
    def may_fire_on(cls, facts: CodeFacts) -> bool:
        uint8 = facts.calls("load_data") or "uint8" in facts.identifiers or "uint8" in facts.strings
        return uint8 and calls_training_method(facts)

    def check(self, context: RuleContext) -> Iterator[Finding]:
        model = context.model
        if model.mentions_input_scaling:
            return  # a Rescaling/Normalization layer or preprocess_input may do the scaling
        networks = model.application_networks()
        if any(expects_raw_pixels(network) for network in networks):
            return  # a pretrained network that takes 0-255 pixels (EfficientNet, VGG16...)
        for call in model.training_calls:
            if call.method not in TRAINING_METHODS or call.expects_error:
                continue
            inputs = [("x", call.param("x"))]
            if call.method in ("fit", "fit_generator"):
                inputs.append(("validation_data", call.param("validation_data")))
            raw = [
                (role, argument.value, array)
                for role, argument in inputs
                if argument is not None
                and (array := _raw_pixels(model, argument.value, call, role)) is not None
            ]
            if not raw:
                continue
            receiver = model.receiver_value(call)
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
                    f"level. {_fix(text if role == 'x' else 'x_val', networks)}",
                    anchor=call.node,
                )


def _raw_pixels(
    model: ModuleModel, node: cst.BaseExpression, call: TrainingCall, role: str
) -> Array | None:
    value: Value = model.value_of(node, call.scope, call.ordinal)
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


def _fix(x_text: str, networks: list[str]) -> str:
    for network in networks:
        module = preprocess_module(network)
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

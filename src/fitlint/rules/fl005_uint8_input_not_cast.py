"""FL005 uint8-input-not-cast: raw uint8 pixels (0-255) reach a model that never rescales them."""

from __future__ import annotations

from collections.abc import Iterator

from fitlint.analysis.values import Array, Dataset, KerasModel
from fitlint.rules.base import Finding, Rule, RuleContext, source_text

_INPUT_METHODS = frozenset(
    {
        "fit",
        "fit_generator",
        "evaluate",
        "evaluate_generator",
        "predict",
        "predict_generator",
        "train_on_batch",
        "test_on_batch",
        "predict_on_batch",
    }
)


class Uint8InputNotCast(Rule):
    code = "FL005"
    name = "uint8-input-not-cast"
    summary = (
        "uint8 pixel values 0-255 reach the model with no cast, no scaling and no "
        "`Rescaling`/`Normalization` layer"
    )
    required_tokens = (b"load_data", b"uint8")

    def check(self, context: RuleContext) -> Iterator[Finding]:
        model = context.model
        if model.mentions_input_scaling:
            return  # a Rescaling/Normalization layer or preprocess_input may do the scaling
        for call in model.training_calls:
            if call.method not in _INPUT_METHODS:
                continue
            x = call.param("x")
            if x is None:
                continue
            value = model.value_of(x.value, call.scope, call.ordinal)
            array = value.element if isinstance(value, Dataset) else value
            if not (
                isinstance(array, Array)
                and array.dtype == "uint8"
                and array.pixels
                and not array.cast_or_scaled
            ):
                continue
            if call.expects_error:
                continue
            receiver = model.receiver_value(call)
            if not (isinstance(receiver, KerasModel) and receiver.built_here):
                continue  # a loaded or foreign model may scale its own inputs
            x_text = source_text(x.value, 40)
            yield Finding(
                x.value,
                f"`{x_text}` holds uint8 pixel values 0–255 (from {array.origin}) and reaches "
                f"`{call.method}()` unscaled: Keras casts them to float32 but keeps the 0–255 "
                "range, which saturates activations and typically leaves accuracy near chance. "
                f"Scale them first (`{_scaled_example(x_text)}`) or start the model with "
                "`keras.layers.Rescaling(1 / 255)`.",
                anchor=call.node,
            )


def _scaled_example(x_text: str) -> str:
    if x_text.isidentifier():
        return f'{x_text} = {x_text}.astype("float32") / 255'
    return 'x = x.astype("float32") / 255'

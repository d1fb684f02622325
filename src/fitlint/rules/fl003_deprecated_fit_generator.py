"""FL003 deprecated-fit-generator: `fit_generator`/`evaluate_generator`/`predict_generator`."""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from fitlint.analysis import TrainingCall
from fitlint.analysis.keras import (
    DEPRECATED_GENERATOR_METHODS,
    KERAS3_REMOVED_LOADER_ARGS,
)
from fitlint.diagnostics import Severity
from fitlint.prefilter import CodeFacts
from fitlint.rules.base import Finding, Rule, RuleContext


class DeprecatedFitGenerator(Rule):
    code = "FL003"
    required_tokens = ((b"_generator",),)

    @classmethod
    def may_fire_on(cls, facts: CodeFacts) -> bool:
        return not facts.attribute_calls.isdisjoint(DEPRECATED_GENERATOR_METHODS)

    def check(self, context: RuleContext) -> Iterator[Finding]:
        model = context.model
        for call in model.training_calls:
            replacement = DEPRECATED_GENERATOR_METHODS.get(call.method)
            if replacement is None:
                continue
            # A test expecting some other error fails on Keras 3 with AttributeError too.
            expected = call.expected_errors
            if "AttributeError" in expected or "Exception" in expected or "?" in expected:
                continue
            if not model.is_keras_training_call(call, in_error_tests=True):
                continue
            yield Finding(
                node=call.method_name_node,
                message=self._message(call, replacement, context),
                severity=Severity.ERROR
                if context.settings.keras_version >= 3
                else Severity.WARNING,
                anchor=call.node,
            )

    def _message(self, call: TrainingCall, replacement: str, context: RuleContext) -> str:
        receiver = _receiver_text(call)
        method = call.method
        class_name = context.model.receiver_class_name(call)
        removed = [name for name in KERAS3_REMOVED_LOADER_ARGS if call.keyword(name) is not None]
        generator_kw = call.keyword("generator") is not None
        if context.settings.keras_version >= 3:
            if class_name is not None:
                error = f"AttributeError: '{class_name}' object has no attribute '{method}'"
            else:
                error = f"AttributeError (no attribute '{method}')"
            first = f"`{receiver}.{method}()` was removed in Keras 3: this line raises {error}."
        else:
            first = (
                f"`{receiver}.{method}()` is deprecated (tf.keras warns on every call) and removed "
                "in Keras 3, where it raises AttributeError."
            )
        parts = [
            first,
            f"Call `{receiver}.{replacement}(...)`, which takes generators and datasets directly",
        ]
        if generator_kw:
            parts[-1] += ", passing the data as `x=` instead of `generator=`"
        parts[-1] += "."
        if removed:
            listed = ", ".join(f"`{name}`" for name in removed)
            verb = "is" if len(removed) == 1 else "are"
            if context.settings.keras_version >= 3:
                parts.append(
                    f"{listed} {verb} not accepted by `{replacement}()` in Keras 3 (TypeError): "
                    "set them on a `keras.utils.PyDataset` instead."
                )
            else:
                parts.append(
                    f"{listed} {verb} removed from `{replacement}()` in Keras 3: "
                    "they move to `keras.utils.PyDataset`."
                )
        return " ".join(parts)


def _receiver_text(call: TrainingCall) -> str:
    text = cst.Module(body=()).code_for_node(call.receiver)
    return text if len(text) <= 40 and "\n" not in text else "model"

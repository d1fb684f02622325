"""FL003 deprecated-fit-generator: `fit_generator`/`evaluate_generator`/`predict_generator`."""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from fitlint.analysis import SemanticModel, TrainingCall, keras
from fitlint.analysis.cst_util import code_of, walk
from fitlint.confirm.verdicts import CONFIRMED, INCONCLUSIVE, Facts, events_at, rows
from fitlint.diagnostics import Confirmation, Diagnostic, Severity
from fitlint.prefilter import CodeFacts
from fitlint.rules.base import Finding, NodeEdit, NodeFix, Rule, RuleContext
from fitlint.rules.edits import argument_removals


class DeprecatedFitGenerator(Rule):
    code = "FL003"
    required_tokens = ((b"_generator",),)

    @classmethod
    def may_fire_on(cls, facts: CodeFacts) -> bool:
        return not facts.attribute_calls.isdisjoint(keras.DEPRECATED_GENERATOR_METHODS)

    def check(self, context: RuleContext) -> Iterator[Finding]:
        semantic = context.semantic
        for call in semantic.training_calls:
            replacement = keras.DEPRECATED_GENERATOR_METHODS.get(call.method)
            if replacement is None:
                continue
            # A test expecting some other error fails on Keras 3 with AttributeError too.
            expected = call.expected_errors
            if "AttributeError" in expected or "Exception" in expected or "?" in expected:
                continue
            if not semantic.is_keras_training_call(call, in_error_tests=True):
                continue
            safe, unsafe = _fixes(call, replacement, context.settings.keras_version)
            if _yields_bare_batches(semantic, call):
                # Keras 3's evaluate/predict want `(x,)` tuples from a Python generator.
                safe = unsafe = None
            yield Finding(
                node=call.method_name_node,
                message=self._message(call, replacement, context),
                severity=Severity.ERROR
                if context.settings.keras_version >= 3
                else Severity.WARNING,
                anchor=call.node,
                fix=safe,
                unsafe_fix=unsafe,
            )

    def judge(self, diagnostic: Diagnostic, facts: Facts) -> Confirmation | None:
        start, end = rows(diagnostic)
        outcome = facts.get("outcome", {})
        line = outcome.get("line")
        if (
            outcome.get("status") == "error"
            and outcome.get("type") == "AttributeError"
            and line is not None
            and start <= line <= end
        ):
            return Confirmation(
                CONFIRMED,
                f"Keras raised AttributeError: {outcome.get('message')}",
                {"outcome": outcome},
            )
        calls = [
            c for c in events_at(facts, "call", (start, end)) if c["method"].endswith("_generator")
        ]
        if calls:
            flavours = ", ".join(outcome.get("keras", []))
            return Confirmation(
                INCONCLUSIVE,
                f"this environment runs Keras 2 ({flavours}), "
                f"where {calls[0]['method']} still exists; Keras 3 removed it",
                {"keras": outcome.get("keras")},
            )
        return None

    def _message(self, call: TrainingCall, replacement: str, context: RuleContext) -> str:
        receiver = _receiver_text(call)
        method = call.method
        class_name = context.semantic.keras.receiver_class_name(call)
        keras3 = context.settings.keras_version >= 3
        # Keras 1's loader arguments (`max_q_size`...) are rejected by Keras 3 like their
        # Keras 2 names: on Keras 3 they are listed with those, not renamed.
        loaders = (*keras.KERAS3_REMOVED_LOADER_ARGS, *(_KERAS1_LOADER_ARGUMENTS if keras3 else ()))
        removed = [name for name in loaders if call.keyword(name) is not None]
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
        legacy = [
            name
            for name in _KERAS1_ARGUMENTS
            if call.keyword(name) is not None and name not in removed
        ]
        if legacy:
            mapped = ", ".join(f"`{name}` → {_KERAS1_ARGUMENTS[name]}" for name in legacy)
            parts.append(f"`{replacement}()` does not take Keras 1's arguments: {mapped}.")
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


# The Keras 2 parameters after `generator`, where every Keras 2 release (standalone 2.0-2.3
# and tf.keras) agrees on their order. `fit`/`evaluate`/`predict` take `y` or `batch_size`
# second, so a positional step count must become a keyword in the rename.
_STABLE_POSITIONAL = {
    "fit_generator": (
        "steps_per_epoch",
        "epochs",
        "verbose",
        "callbacks",
        "validation_data",
        "validation_steps",
    ),
    "evaluate_generator": ("steps",),
    "predict_generator": ("steps",),
}

# Keras 1 spellings that the Keras 2 `*_generator` methods still translated and `fit` does
# not, with what replaces each.
_KERAS1_ARGUMENTS = {
    "samples_per_epoch": "`steps_per_epoch` (counted in batches)",
    "nb_epoch": "`epochs`",
    "nb_val_samples": "`validation_steps` (counted in batches)",
    "val_samples": "`steps` (counted in batches)",
    "max_q_size": "`max_queue_size`",
    "nb_worker": "`workers`",
    "pickle_safe": "`use_multiprocessing`",
}
_KERAS1_LOADER_ARGUMENTS = ("max_q_size", "nb_worker", "pickle_safe")


def _fixes(
    call: TrainingCall, replacement: str, keras_version: int
) -> tuple[NodeFix | None, NodeFix | None]:
    """Safe: the rename (and `generator=` → `x=`, positional step counts → keywords), which
    Keras 2.1+ and 3 both accept. Unsafe: also drop the arguments Keras 3's `fit` rejects,
    which stops their parallel loading: that needs a `keras.utils.PyDataset` the fix cannot
    write. No fix when the rename cannot keep the call's meaning: Keras 1 arguments,
    `*args`, or positional arguments past those whose place every Keras 2 agrees on."""
    args = list(call.node.args)
    positional = [arg for arg in args if arg.keyword is None]
    stable = _STABLE_POSITIONAL[call.method]
    if (
        any(arg.star for arg in args)
        or len(positional) > 1 + len(stable)
        or any(arg.keyword.value in _KERAS1_ARGUMENTS for arg in args if arg.keyword)
    ):
        return None, None
    renames = [NodeEdit(replacement, call.method_name_node)]
    generator = call.keyword("generator")
    if generator is not None and generator.keyword is not None:
        renames.append(NodeEdit("x", generator.keyword))
    for name, arg in zip(stable, positional[1:], strict=False):
        renames.append(NodeEdit(f"{name}=", arg.value, arg.value, "start", "start"))
    if call.method != "fit_generator" and call.keyword("verbose") is None and args:
        # evaluate/predict_generator default to verbose=0, evaluate/predict to "auto".
        last = args[-1]  # its end is before any trailing comma
        renames.append(NodeEdit(", verbose=0", last.value, last.value, "end", "end"))
    safe = NodeFix(f"Rename `{call.method}` to `{replacement}`", tuple(renames))
    doomed = [
        index
        for index, arg in enumerate(args)
        if arg.keyword is not None and arg.keyword.value in keras.KERAS3_REMOVED_LOADER_ARGS
    ]
    if keras_version < 3 or not doomed:
        return safe, None
    names = ", ".join(f"`{keyword.value}`" for i in doomed if (keyword := args[i].keyword))
    unsafe = NodeFix(
        f"Rename `{call.method}` to `{replacement}` and remove {names} (unsafe: data loading "
        "stops running in parallel; move those settings to a keras.utils.PyDataset)",
        (*renames, *argument_removals(args, doomed)),
    )
    return safe, unsafe


def _yields_bare_batches(semantic: SemanticModel, call: TrainingCall) -> bool:
    """`predict_generator(gen())` where the file's `gen` yields something other than a tuple:
    Keras 2 took bare input batches, Keras 3 raises "the generator must return a tuple"
    (measured on 3.15)."""
    if call.method == "fit_generator":
        return False
    data = call.param("x")
    if data is None or not isinstance(data.value, cst.Call):
        return False
    func = data.value.func
    if not isinstance(func, cst.Name):
        return False
    binding = semantic.lookup(func.value, call.scope, call.ordinal)
    function = binding.function if binding is not None and binding.kind == "function" else None
    if function is None or function.node is None or not function.is_generator:
        return False
    yielded = [node.value for node in walk(function.node.body) if isinstance(node, cst.Yield)]
    return any(not isinstance(value, cst.Tuple) for value in yielded)


def _receiver_text(call: TrainingCall) -> str:
    """The receiver as written, or `model` when it is long or spans lines."""
    text = code_of(call.receiver)
    return text if len(text) <= 40 and "\n" not in text else "model"

"""FL101 removed-training-argument: arguments of `fit`/`evaluate`/`predict` that Keras 3
rejects: the data-loading ones (`workers`, `use_multiprocessing`, `max_queue_size`) and
Keras 1's names (`nb_epoch`, `samples_per_epoch`, `nb_val_samples`).

Measured on Keras 3.15.1 (TensorFlow 2.21) and tf_keras 2.21:
- Keras 3 `fit(x, y, workers=4)`: `TypeError: TensorFlowTrainer.fit() got an unexpected
  keyword argument 'workers'` (the same for `use_multiprocessing`, `max_queue_size`,
  `nb_epoch`, `samples_per_epoch`, `nb_val_samples`, and `predict()`); `evaluate(...,
  workers=4)`: `ValueError: Arguments not recognized: {'workers': 4}`.
- tf_keras 2.21 accepts the three loader arguments, and rejects Keras 1's names with
  `TypeError: Model.fit() got an unexpected keyword argument 'nb_epoch'`.
"""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from fitlint.analysis import SemanticModel, TrainingCall, keras
from fitlint.diagnostics import Severity
from fitlint.prefilter import CodeFacts
from fitlint.rules.base import Finding, NodeFix, Rule, RuleContext
from fitlint.rules.edits import argument_removals, keyword_rename

# The methods whose arguments are checked (the `*_generator` forms are FL003's; after its
# rename, the arguments they keep are checked here).
_METHODS = frozenset({"fit", "evaluate", "predict"})
# Keras 1 names: the Keras 2/3 name when the rename is exact, else None (the units differ).
_KERAS1_NAMES = {
    "nb_epoch": "epochs",
    "samples_per_epoch": None,
    "nb_val_samples": None,
}
_KERAS1_ADVICE = {
    "samples_per_epoch": "`steps_per_epoch`, counted in batches: "
    "math.ceil(samples_per_epoch / batch_size)",
    "nb_val_samples": "`validation_steps`, counted in batches",
}


class RemovedTrainingArgument(Rule):
    code = "FL101"
    required_tokens = (
        (
            b"workers",
            b"use_multiprocessing",
            b"max_queue_size",
            b"nb_epoch",
            b"samples_per_epoch",
            b"nb_val_samples",
            b"period",
        ),
    )

    @classmethod
    def may_fire_on(cls, facts: CodeFacts) -> bool:
        return bool(
            facts.keywords
            & {
                *keras.KERAS3_REMOVED_LOADER_ARGS,
                *_KERAS1_NAMES,
                "period",
            }
        )

    def check(self, context: RuleContext) -> Iterator[Finding]:
        semantic = context.semantic
        version = context.settings.keras_version
        for call in semantic.training_calls:
            if call.method not in _METHODS or not _is_keras(semantic, call):
                continue
            yield from self._loader_arguments(call, version)
            yield from self._keras1_arguments(call, version)
        for site in semantic.calls_named("ModelCheckpoint"):
            qualname = semantic.qualified_name(site.node.func, site.scope, site.ordinal)
            if qualname is None or not qualname.endswith("callbacks.ModelCheckpoint"):
                continue
            if qualname.split(".")[0] not in ("keras", "tensorflow") or qualname.startswith(
                "tensorflow.python."
            ):
                continue
            period = next(
                (
                    arg
                    for arg in site.node.args
                    if arg.keyword is not None and arg.keyword.value == "period"
                ),
                None,
            )
            if period is not None and period.keyword is not None:
                yield _period_finding(site.node, period, version)

    def _loader_arguments(self, call: TrainingCall, version: int) -> Iterator[Finding]:
        args = list(call.node.args)
        doomed = [
            index
            for index, arg in enumerate(args)
            if arg.keyword is not None and arg.keyword.value in keras.KERAS3_REMOVED_LOADER_ARGS
        ]
        if not doomed:
            return
        names = [keyword.value for i in doomed if (keyword := args[i].keyword) is not None]
        listed = ", ".join(f"`{name}`" for name in names)
        first = args[doomed[0]]
        assert first.keyword is not None
        error = _error(call.method, names[0], args[doomed[0]])
        move = (
            "Loading in parallel moved to the data in Keras 3: pass `workers=`, "
            "`use_multiprocessing=` and `max_queue_size=` to a `keras.utils.PyDataset`'s "
            "`super().__init__(...)`, or build a `tf.data` pipeline with `.prefetch()`."
        )
        if version >= 3:
            message = (
                f"{listed} {'is' if len(names) == 1 else 'are'} not accepted by `{call.method}()` "
                f"in Keras 3: this call raises {error}. {move}"
            )
        else:
            message = (
                f"{listed} {'is' if len(names) == 1 else 'are'} accepted by Keras 2's "
                f"`{call.method}()` but removed in Keras 3, where this call raises {error}. {move}"
            )
        # Keras 2 accepts them: under `keras-version = 2` there is nothing to remove yet.
        unsafe = (
            NodeFix(
                f"Remove {listed} (unsafe: the data is no longer loaded in parallel; move "
                "those settings to a keras.utils.PyDataset)",
                tuple(argument_removals(args, doomed)),
            )
            if version >= 3
            else None
        )
        yield Finding(
            first.keyword,
            message,
            severity=Severity.ERROR if version >= 3 else Severity.WARNING,
            anchor=call.node,
            unsafe_fix=unsafe,
        )

    def _keras1_arguments(self, call: TrainingCall, version: int) -> Iterator[Finding]:
        for arg in call.node.args:
            if arg.keyword is None or arg.keyword.value not in _KERAS1_NAMES:
                continue
            name = arg.keyword.value
            new = _KERAS1_NAMES[name]
            error = _error(call.method, name, arg)
            where = "Keras 3 and tf.keras 2" if version >= 3 else "tf.keras 2 and Keras 3"
            if new is not None and call.keyword(new) is None:
                yield Finding(
                    arg.keyword,
                    f"`{name}` is Keras 1's name for `{new}`; {where} reject it: this call "
                    f"raises {error}. Use `{new}=`.",
                    anchor=call.node,
                    fix=NodeFix(f"Rename `{name}` to `{new}`", (keyword_rename(arg, new),)),
                )
            elif new is None:
                yield Finding(
                    arg.keyword,
                    f"`{name}` is Keras 1's argument, counted in samples; {where} reject it: "
                    f"this call raises {error}. Use {_KERAS1_ADVICE[name]} (no automatic fix: "
                    "the units differ).",
                    anchor=call.node,
                )


def _period_finding(call: cst.Call, period: cst.Arg, version: int) -> Finding:
    """`ModelCheckpoint(..., period=5)`: Keras 2's save-every-N-epochs, removed in Keras 3
    (measured: `TypeError: ModelCheckpoint.__init__() got an unexpected keyword argument
    'period'`). `save_freq` counts batches, so the replacement depends on the steps per
    epoch: no fix."""
    assert period.keyword is not None
    error = "TypeError: ModelCheckpoint.__init__() got an unexpected keyword argument 'period'"
    advice = (
        "Use `save_freq=` (in batches: N × steps per epoch) or save every epoch; there is no "
        "automatic fix, as the steps per epoch decide the value."
    )
    if version >= 3:
        message = f"`ModelCheckpoint(period=...)` raises {error} in Keras 3. {advice}"
    else:
        message = (
            f"`period=` is deprecated in Keras 2 and removed in Keras 3, where "
            f"`ModelCheckpoint(period=...)` raises {error}. {advice}"
        )
    return Finding(
        period.keyword,
        message,
        severity=Severity.ERROR if version >= 3 else Severity.WARNING,
        anchor=call,
    )


def _is_keras(semantic: SemanticModel, call: TrainingCall) -> bool:
    return not call.has_star_args() and semantic.is_keras_training_call(call)


def _error(method: str, name: str, arg: cst.Arg) -> str:
    """The exception Keras 3.15 (TensorFlow backend) raises for `name` passed to `method`."""
    if method == "evaluate":
        value = arg.value
        shown = value.value if isinstance(value, cst.Integer | cst.Name) else "..."
        return f"ValueError: Arguments not recognized: {{'{name}': {shown}}}"
    return f"TypeError: TensorFlowTrainer.{method}() got an unexpected keyword argument '{name}'"

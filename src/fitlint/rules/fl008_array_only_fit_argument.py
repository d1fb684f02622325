"""FL008 array-only-fit-argument: `fit`/`evaluate`/`predict` arguments that only work when `x`
is an array, passed with a `tf.data.Dataset`, a Python generator or a `PyDataset`.

Measured on Keras 3.15.1 (TensorFlow 2.21) and tf_keras 2.21, `x` of 256 samples:
- `validation_split=0.2` with a dataset, a generator or a `keras.utils.Sequence`: Keras 3
  `ValueError: Argument `validation_split` is only supported for tensors or NumPy
  arrays.Found incompatible type in the input: [<class '...'>]`; tf_keras 2 the same
  (`ValueError: `validation_split` is only supported for Tensors or NumPy arrays, found
  following types in the input: [...]`). `validation_split=0.0` is accepted.
- `sample_weight=` with a dataset, a generator or a `Sequence`: Keras 3 `ValueError: When
  providing `x` as a tf.data.Dataset, `sample_weights` should not be passed. Instead, the
  sample weights should be included as part of the tf.data.Dataset.` (`... as a generator`,
  `... as a PyDataset`); tf_keras 2 `ValueError: `sample_weight` argument is not supported
  when using dataset as input.` `evaluate` the same.
- `class_weight=` with a Python generator: Keras 3 `ValueError: Argument `class_weight` is
  not supported for Python generator inputs. Received: class_weight={0: 1.0, 1: 10.0}`;
  tf_keras 2 trains. With a dataset or a `Sequence` both train.
- `batch_size=` with a batched dataset, a generator or a `Sequence`: both ignore it without
  a word (the batches are the data's); `evaluate` and `predict` too.
"""

from __future__ import annotations

from collections.abc import Iterator

from fitlint.analysis import Dataset, KerasSequence, OneShot, SemanticModel, TrainingCall, Value
from fitlint.analysis.cst_util import code_of
from fitlint.diagnostics import Severity
from fitlint.prefilter import CodeFacts
from fitlint.rules.base import Finding, NodeFix, Rule, RuleContext, is_none_literal
from fitlint.rules.edits import argument_removals

_ARGUMENTS = ("validation_split", "sample_weight", "class_weight", "batch_size")
# The methods taking each argument.
_METHODS = {
    "validation_split": frozenset({"fit"}),
    "sample_weight": frozenset({"fit", "evaluate"}),
    "class_weight": frozenset({"fit"}),
    "batch_size": frozenset({"fit", "evaluate", "predict"}),
}


class ArrayOnlyFitArgument(Rule):
    code = "FL008"
    required_tokens = (tuple(name.encode() for name in _ARGUMENTS),)

    @classmethod
    def may_fire_on(cls, facts: CodeFacts) -> bool:
        return bool(facts.keywords & set(_ARGUMENTS))

    def check(self, context: RuleContext) -> Iterator[Finding]:
        semantic = context.semantic
        version = context.settings.keras_version
        for call in semantic.training_calls:
            if call.method not in _METHODS["batch_size"] or call.has_star_args():
                continue
            present = [
                name
                for name in _ARGUMENTS
                if call.method in _METHODS[name] and call.keyword(name) is not None
            ]
            if not present or not semantic.is_keras_training_call(call):
                continue
            data = call.param("x")
            if data is None:
                continue
            value = semantic.value_of(data.value, call.scope, call.ordinal)
            kind = _kind(value)
            if kind is None:
                continue
            for name in present:
                finding = _finding(semantic, call, name, kind, code_of(data.value), version)
                if finding is not None:
                    yield finding


def _kind(value: Value) -> str | None:
    """What `x` is, in the words of Keras's errors: "dataset", "generator", "PyDataset";
    None for arrays and anything unknown."""
    if isinstance(value, Dataset):
        return "dataset"
    if isinstance(value, OneShot) and value.kind == "generator":
        return "generator"
    if isinstance(value, KerasSequence):
        return "PyDataset"
    return None


_DESCRIBED = {
    "dataset": "a tf.data.Dataset",
    "generator": "a Python generator",
    "PyDataset": "a keras.utils.Sequence / PyDataset",
}


def _finding(
    semantic: SemanticModel, call: TrainingCall, name: str, kind: str, data: str, version: int
) -> Finding | None:
    arg = call.keyword(name)
    assert arg is not None and arg.keyword is not None
    if is_none_literal(arg.value):
        return None
    described = f"`{data}` is {_DESCRIBED[kind]}"
    method = call.method
    if name == "validation_split":
        number = semantic.number_of(arg.value, call.scope, call.ordinal)
        if number is None or number.value is None or number.value <= 0:
            return None  # 0 is accepted; an unknown fraction is not judged
        error = (
            "ValueError: Argument `validation_split` is only supported for tensors or NumPy arrays"
            if version >= 3
            else "ValueError: `validation_split` is only supported for Tensors or NumPy arrays"
        )
        advice = {
            "dataset": f"take the validation batches from the dataset (`{data}.take(n)` for "
            f"`validation_data=`, `{data}.skip(n)` to train on)",
            "generator": "pass a second generator of held-out data as `validation_data=`",
            "PyDataset": "pass held-out data as `validation_data=` (with ImageDataGenerator: "
            "`ImageDataGenerator(validation_split=...)` and `subset='validation'`)",
        }[kind]
        message = (
            f"`validation_split={code_of(arg.value)}` works only when `x` is an array, and "
            f"{described}: `{method}()` raises {error}, after the data and the model are "
            f"built. Instead, {advice}."
        )
        return Finding(arg.keyword, message, severity=Severity.ERROR, anchor=call.node)
    if name == "sample_weight":
        if version >= 3:
            shown = {"dataset": "a tf.data.Dataset", "generator": "a generator"}.get(
                kind, "a PyDataset"
            )
            error = (
                f"ValueError: When providing `x` as {shown}, `sample_weights` should not be passed"
            )
        else:
            shown = {"dataset": "dataset", "generator": "python generator"}.get(
                kind, "`keras.utils.Sequence`"
            )
            error = (
                f"ValueError: `sample_weight` argument is not supported when using {shown} as input"
            )
        message = (
            f"`sample_weight=` works only when `x` is an array, and {described}: `{method}()` "
            f"raises {error}. Make the data yield (x, y, sample_weight) triples instead."
        )
        return Finding(arg.keyword, message, severity=Severity.ERROR, anchor=call.node)
    if name == "class_weight":
        if kind != "generator":
            return None  # datasets and PyDatasets take class_weight
        error = "ValueError: Argument `class_weight` is not supported for Python generator inputs"
        instead = (
            "Wrap the generator in `tf.data.Dataset.from_generator(...)` (which takes "
            "`class_weight`), or yield (x, y, sample_weight) with the weights applied."
        )
        if version >= 3:
            message = (
                f"`class_weight=` works with arrays, datasets and PyDatasets but not with a "
                f"Python generator, and {described}: `{method}()` raises {error}. {instead}"
            )
            return Finding(arg.keyword, message, severity=Severity.ERROR, anchor=call.node)
        message = (
            f"`class_weight=` with a Python generator works in Keras 2 but raises {error} in "
            f"Keras 3 ({described}). {instead}"
        )
        return Finding(arg.keyword, message, severity=Severity.WARNING, anchor=call.node)
    # batch_size: judged only as a known number (a constant None is no argument at all)
    size = semantic.number_of(arg.value, call.scope, call.ordinal)
    if size is None or size.value is None:
        return None
    value = semantic.value_of(call.param("x").value, call.scope, call.ordinal)  # type: ignore[union-attr]
    if isinstance(value, Dataset) and not value.batched:
        return None  # an unbatched dataset fails otherwise; not judged here
    if isinstance(value, OneShot) and not value.batch_size:
        return None  # a generator of single samples fails otherwise; not judged here
    sizes = {
        "dataset": f" (its batches are of {value.batch_size})"
        if isinstance(value, Dataset) and value.batch_size
        else "",
        "generator": f" (it yields batches of {value.batch_size})"
        if isinstance(value, OneShot) and value.batch_size
        else "",
        "PyDataset": f" (its batches are of {value.batch_size})"
        if isinstance(value, KerasSequence) and value.batch_size
        else "",
    }[kind]
    message = (
        f"`batch_size={code_of(arg.value)}` has no effect: {described}, which makes its own "
        f"batches{sizes}, and `{method}()` ignores `batch_size` without a word. Set the batch "
        "size where the batches are made, and drop this argument."
    )
    args = list(call.node.args)
    index = next(i for i, candidate in enumerate(args) if candidate is arg)
    fix = NodeFix("Remove `batch_size` (it has no effect)", tuple(argument_removals(args, [index])))
    return Finding(arg.keyword, message, severity=Severity.WARNING, anchor=call.node, fix=fix)

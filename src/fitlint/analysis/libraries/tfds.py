"""TensorFlow Datasets: `tfds.load(name, split=...)` of the common datasets, with the number of
examples of each split as the TFDS catalog lists it (tensorflow.org/datasets/catalog)."""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

import libcst as cst

from fitlint.analysis.cst_util import argument_value, keyword_value, source_text
from fitlint.analysis.libraries.keras import KERAS_DATASETS
from fitlint.analysis.values import UNKNOWN, Dataset, Splits, TupleValue, Value

if TYPE_CHECKING:
    from fitlint.analysis.evaluate import Evaluator
    from fitlint.analysis.scopes import Scope

# Examples per split (TFDS catalog pages, tensorflow.org/datasets/catalog/<name>).
# The datasets `keras.datasets` also has are split the same way.
SPLITS: dict[str, dict[str, int]] = {
    **{name: {"train": train, "test": test} for name, (train, test, _) in KERAS_DATASETS.items()},
    "imdb_reviews": {"train": 25000, "test": 25000, "unsupervised": 50000},
    "rock_paper_scissors": {"train": 2520, "test": 372},
    "horses_or_humans": {"test": 256},
    "oxford_iiit_pet": {"train": 3680, "test": 3669},
    "tf_flowers": {"train": 3670},
}
# A split with a slice: "train", "train[:80%]", "test[10%:]", "train[:1000]".
_SPLIT = re.compile(r"(\w+)(?:\[(-?\d*)(%?):(-?\d*)(%?)\])?")


def call(
    evaluator: Evaluator, parts: list[str], expr: cst.Call, scope: Scope, ordinal: int, depth: int
) -> Value | None:
    """`tfds.load("cifar10", split="train")`: a dataset of 50,000 examples (batches of
    `batch_size=` when given); `split=["train", "test"]` gives one per split."""
    if parts[-1] != "load":
        return None
    name = argument_value(expr, "name", 0)
    split = keyword_value(expr, "split")
    if not isinstance(name, cst.SimpleString):
        return UNKNOWN
    dataset = str(name.evaluated_value).split(":")[0].split("/")[0]
    counts = SPLITS.get(dataset)
    if counts is None:
        return UNKNOWN
    batch_size = None
    batch = keyword_value(expr, "batch_size")
    if batch is not None:
        number = evaluator.number_of(batch, scope, ordinal)
        if number is None or number.value is None or number.value < 1:
            return UNKNOWN  # -1 is the whole split as one batch; unknown sizes stay unknown
        batch_size = int(number.value)
    origin = source_text(expr, 48)

    def one(node: cst.BaseExpression) -> Value:
        if not isinstance(node, cst.SimpleString):
            return UNKNOWN
        return sized(split_examples(str(node.evaluated_value), counts))

    def sized(examples: int | None) -> Value:
        if examples is None:
            return Dataset(None, "unknown", origin=origin)
        if batch_size is None:
            return Dataset(examples, str(examples), origin=origin)
        count = math.ceil(examples / batch_size)
        return Dataset(
            count,
            f"ceil({examples} / {batch_size}) = {count}",
            batched=True,
            batch_size=batch_size,
            origin=origin,
            samples=examples,
        )

    result: Value
    if split is None:
        result = Splits(tuple((key, sized(value)) for key, value in counts.items()))
    elif isinstance(split, cst.List | cst.Tuple):
        result = TupleValue(tuple(one(element.value) for element in split.elements))
    else:
        result = one(split)
    with_info = keyword_value(expr, "with_info")
    if with_info is None or (isinstance(with_info, cst.Name) and with_info.value == "False"):
        return result
    if isinstance(with_info, cst.Name) and with_info.value == "True":
        return TupleValue((result, UNKNOWN))  # (dataset, info)
    return UNKNOWN


def split_examples(text: str, counts: dict[str, int]) -> int | None:
    """Examples in a split string: `train` (the catalog's count), `train[:80%]` (percent
    boundaries rounded to the closest example, TFDS's default `rounding="closest"`),
    `train[:1000]` (absolute); None for anything else (`train+test`, unknown splits)."""
    match = _SPLIT.fullmatch(text.replace(" ", ""))
    if match is None:
        return None
    name, start, start_pct, stop, stop_pct = match.groups()
    total = counts.get(name)
    if total is None:
        return None
    if start is None:
        return total

    def boundary(value: str, percent: str, default: int) -> int:
        if value == "":
            return default
        number = int(value)
        if percent:
            number = round(total * number / 100)
        if number < 0:
            number += total
        return max(0, min(number, total))

    return max(boundary(stop, stop_pct, total) - boundary(start, start_pct, 0), 0)

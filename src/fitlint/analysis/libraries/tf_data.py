"""`tf.data.Dataset`: the cardinality each constructor and method gives (as TensorFlow's
`dataset.cardinality()` reports it: counted, infinite after `.repeat()`, unknown after
`.filter()` or `from_generator`), the batch size, and the images a dataset yields."""

from __future__ import annotations

import math
from dataclasses import replace
from typing import TYPE_CHECKING

import libcst as cst

from fitlint.analysis.cst_util import (
    argument_value,
    keyword_value,
    positional_values,
    source_text,
)
from fitlint.analysis.values import (
    UNKNOWN,
    Array,
    Dataset,
    GeneratorFunction,
    OneShot,
    TupleValue,
    Value,
)

if TYPE_CHECKING:
    from fitlint.analysis.evaluate import Evaluator
    from fitlint.analysis.scopes import Scope

# Methods that keep the number of elements.
_SAME_COUNT = frozenset(
    {"shuffle", "prefetch", "cache", "with_options", "map", "apply", "enumerate", "ignore_errors"}
)
# Methods after which the number of elements is not known.
_UNKNOWN_COUNT = frozenset(
    {
        "filter",
        "unbatch",
        "rebatch",
        "interleave",
        "flat_map",
        "window",
        "bucket_by_sequence_length",
        "shard",
        "concatenate",
    }
)


def constructor(
    evaluator: Evaluator, last: str, expr: cst.Call, scope: Scope, ordinal: int, depth: int
) -> Value:
    """`tf.data.Dataset.<last>(...)`."""
    origin = source_text(expr, 48)
    if last == "from_tensor_slices":
        source = evaluator.first_argument_value(expr, scope, ordinal, depth)
        arrays = _leading_arrays(source)
        if not arrays:
            return Dataset(None, "unknown", origin=origin)
        count = arrays[0].sample_count
        images = arrays[0]
        text = str(count) if count is not None else "unknown"
        # x alone, or (x, y) / (x, y, weights) with x one array: the model's one input.
        single = isinstance(source, Array) or (
            isinstance(source, TupleValue) and source.elements[0] is images
        )
        features = images if single else None
        return Dataset(count, text, origin=origin, element=images, features=features)
    if last == "from_generator":
        producer = argument_value(expr, "generator", 0)
        if isinstance(producer, cst.Lambda):
            # from_generator(lambda: batches(x, y)): what the lambda returns.
            made = evaluator.value_of(producer.body, scope, ordinal, depth)
            infinite = isinstance(made, OneShot) and made.infinite is True
        else:
            function = (
                evaluator.value_of(producer, scope, ordinal, depth)
                if producer is not None
                else UNKNOWN
            )
            infinite = isinstance(function, GeneratorFunction) and function.infinite
        return Dataset(
            None,
            "unknown",
            infinite=infinite,
            origin=origin,
            infinite_reason="generator" if infinite else None,
        )
    if last == "range":
        positional = positional_values(expr)
        numbers = [evaluator.number_of(arg, scope, ordinal) for arg in positional[:2]]
        if len(numbers) == 1 and numbers[0] is not None and numbers[0].value is not None:
            count = int(numbers[0].value)
            return Dataset(count, str(count), origin=origin)
        return Dataset(None, "unknown", origin=origin)
    if last == "zip":
        return Dataset(None, "unknown", origin=origin)
    return UNKNOWN


def dataset_method(
    evaluator: Evaluator, dataset: Dataset, method: str, expr: cst.Call, scope: Scope, ordinal: int
) -> Value:
    """`dataset.<method>(...)`."""
    positional = positional_values(expr)

    def number(keyword: str) -> float | None:
        node = keyword_value(expr, keyword)
        if node is None and positional:
            node = positional[0]
        if node is None:
            return None
        value = evaluator.number_of(node, scope, ordinal)
        return value.value if value is not None else None

    unknown_count = replace(dataset, count=None, count_text="unknown", samples=None)
    if method in _SAME_COUNT:
        if method in ("map", "apply"):
            return replace(dataset, element=None, features=None)  # the elements are transformed
        return dataset
    if method in ("batch", "padded_batch"):
        batch_size = number("batch_size")
        drop = keyword_value(expr, "drop_remainder")
        if drop is not None and not (
            isinstance(drop, cst.Name) and drop.value in ("True", "False")
        ):
            batch_size = None  # whether the last partial batch is kept is not known
        drop_remainder = isinstance(drop, cst.Name) and drop.value == "True"
        size = int(batch_size) if batch_size and batch_size > 0 else None
        if dataset.count is None or size is None or dataset.infinite:
            return replace(unknown_count, batched=True, batch_size=size)
        if drop_remainder:
            count = dataset.count // size
            text = f"{dataset.count_text} // {size} = {count}"
        else:
            count = math.ceil(dataset.count / size)
            text = f"ceil({dataset.count_text} / {size}) = {count}"
        samples = None if dataset.batched else dataset.count
        return replace(
            dataset,
            count=count,
            count_text=text,
            batched=True,
            batch_size=size,
            samples=samples,
        )
    if method == "repeat":
        times = number("count")
        given = keyword_value(expr, "count") or (positional[0] if positional else None)
        if (
            given is None
            or (isinstance(given, cst.Name) and given.value == "None")
            or (times is not None and times < 0)
        ):
            return replace(unknown_count, infinite=True, infinite_reason="repeat")
        if times is None or dataset.count is None:
            return unknown_count
        count = dataset.count * int(times)
        return replace(
            dataset,
            count=count,
            count_text=f"{int(times)} × {dataset.count}",
            samples=None,
        )
    if method == "take":
        taken = number("count")
        if taken is None or taken < 0:
            return replace(unknown_count, infinite=dataset.infinite and taken is not None)
        limit = int(taken)
        if dataset.infinite:
            taken_count = limit
        elif dataset.count is not None:
            taken_count = min(limit, dataset.count)
        else:
            return unknown_count
        return replace(
            dataset,
            count=taken_count,
            count_text=str(taken_count),
            infinite=False,
            infinite_reason=None,
            samples=None,
        )
    if method == "skip":
        skipped = number("count")
        if skipped is None or dataset.count is None:
            return unknown_count
        count = max(dataset.count - int(skipped), 0)
        return replace(dataset, count=count, count_text=str(count), samples=None)
    if method in _UNKNOWN_COUNT:
        return replace(
            unknown_count,
            batched=method != "unbatch" and dataset.batched,
            batch_size=None,
            element=None,
            features=None,
        )
    if method in ("as_numpy_iterator", "__iter__"):
        origin = f"{dataset.origin}.{method}()" if len(dataset.origin) < 60 else dataset.origin
        return OneShot("iterator", dataset.infinite, origin)
    return UNKNOWN


def _leading_arrays(value: Value) -> list[Array]:
    """`x` or `(x, y)` or `((x1, x2), y)`: the arrays, images first."""
    if isinstance(value, Array):
        return [value]
    if isinstance(value, TupleValue) and value.elements:
        first = value.elements[0]
        if isinstance(first, Array):
            return [e for e in value.elements if isinstance(e, Array)]
        return _leading_arrays(first)
    return []

"""scikit-learn's `train_test_split`: how many samples each part of the split holds."""

from __future__ import annotations

import math
from dataclasses import replace
from typing import TYPE_CHECKING

import libcst as cst

from fitlint.analysis.cst_util import keyword_value, positional_values
from fitlint.analysis.values import UNKNOWN, Array, TupleValue, Value

if TYPE_CHECKING:
    from fitlint.analysis.evaluate import Evaluator
    from fitlint.analysis.scopes import Scope

# sklearn's default when neither test_size nor train_size is given.
DEFAULT_TEST_SIZE = 0.25


def is_train_test_split(qualname: str) -> bool:
    """`sklearn.model_selection.train_test_split` (and look-alikes with that path)."""
    return qualname.endswith("model_selection.train_test_split")


def train_test_split(
    evaluator: Evaluator, expr: cst.Call, scope: Scope, ordinal: int, depth: int
) -> Value:
    """`train_test_split(x, y, test_size=0.2)` → (x_train, x_test, y_train, y_test), each
    with its sample count: the test part gets ceil(test_size * n) samples."""
    arrays = [evaluator.value_of(arg, scope, ordinal, depth) for arg in positional_values(expr)]
    if not arrays:
        return UNKNOWN
    fraction = None
    test_size = keyword_value(expr, "test_size")
    train_size = keyword_value(expr, "train_size")
    if test_size is not None:
        number = evaluator.number_of(test_size, scope, ordinal)
        fraction = number.value if number is not None else None
    elif train_size is None:
        fraction = DEFAULT_TEST_SIZE
    elements: list[Value] = []
    for value in arrays:
        if not isinstance(value, Array):
            elements.extend([UNKNOWN, UNKNOWN])
            continue
        train_count = test_count = None
        if value.sample_count is not None and fraction is not None:
            if 0 < fraction < 1:
                test_count = math.ceil(fraction * value.sample_count)
            else:
                test_count = int(fraction)
            train_count = value.sample_count - test_count
        elements.append(replace(value, sample_count=train_count))
        elements.append(replace(value, sample_count=test_count))
    return TupleValue(tuple(elements))

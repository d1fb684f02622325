"""scikit-learn: how many samples each part of `train_test_split` holds, and the scalers that
keep an array's shape (`StandardScaler().fit_transform(x)`)."""

from __future__ import annotations

import math
from dataclasses import replace
from typing import TYPE_CHECKING

import libcst as cst

from fitlint.analysis.cst_util import keyword_value, positional_values
from fitlint.analysis.values import UNKNOWN, Array, Foreign, TupleValue, Value

if TYPE_CHECKING:
    from fitlint.analysis.evaluate import Evaluator
    from fitlint.analysis.scopes import Scope

# sklearn's default when neither test_size nor train_size is given.
DEFAULT_TEST_SIZE = 0.25


def is_train_test_split(qualname: str) -> bool:
    """`sklearn.model_selection.train_test_split`, or `sklearn.cross_validation`'s before 0.20."""
    return qualname.endswith(
        ("model_selection.train_test_split", "cross_validation.train_test_split")
    )


def train_test_split(
    evaluator: Evaluator, expr: cst.Call, scope: Scope, ordinal: int, depth: int
) -> Value:
    """`train_test_split(x, y, test_size=0.2)` → (x_train, x_test, y_train, y_test), each
    with its sample count: the test part gets ceil(test_size * n) samples."""
    arrays = [evaluator.value_of(arg, scope, ordinal, depth) for arg in positional_values(expr)]
    if not arrays:
        return UNKNOWN
    test_size = keyword_value(expr, "test_size")
    train_size = keyword_value(expr, "train_size")

    def size(node: cst.BaseExpression | None) -> float | None:
        number = evaluator.number_of(node, scope, ordinal) if node is not None else None
        return number.value if number is not None else None

    test, train = size(test_size), size(train_size)
    elements: list[Value] = []
    for value in arrays:
        if not isinstance(value, Array):
            elements.extend([UNKNOWN, UNKNOWN])
            continue
        train_count = test_count = None
        if value.sample_count is not None:
            test_count, train_count = split_counts(
                value.sample_count,
                test,
                train,
                test_size is not None,
                train_size is not None,
            )
        elements.append(replace(value, sample_count=train_count))
        elements.append(replace(value, sample_count=test_count))
    return TupleValue(tuple(elements))


def split_counts(
    samples: int, test: float | None, train: float | None, test_given: bool, train_given: bool
) -> tuple[int | None, int | None]:
    """(test, train) sample counts as sklearn's `_validate_shuffle_split` works them out:
    a float in (0, 1) is a fraction (test rounds up, train down), an integer a count; the
    part not given is the rest; neither given means test_size=0.25."""

    def count(value: float, round_up: bool) -> int | None:
        if 0 < value < 1 and not float(value).is_integer():
            exact = value * samples
            return math.ceil(exact) if round_up else math.floor(exact)
        if float(value).is_integer() and 1 < value < samples:  # 1 or 1.0: not known which
            return int(value)
        return None

    if not test_given and not train_given:
        test, test_given = DEFAULT_TEST_SIZE, True
    if (test_given and test is None) or (train_given and train is None):
        return None, None
    test_count = count(test, True) if test is not None else None
    train_count = count(train, False) if train is not None else None
    if (test_given and test_count is None) or (train_given and train_count is None):
        return None, None
    if test_count is None:
        assert train_count is not None
        test_count = samples - train_count
    if train_count is None:
        train_count = samples - test_count
    if test_count + train_count > samples:
        return None, None
    return test_count, train_count


# Transformers whose output has the input's shape (one value out per value in).
SHAPE_KEEPING_TRANSFORMERS = frozenset(
    {
        "StandardScaler",
        "MinMaxScaler",
        "MaxAbsScaler",
        "RobustScaler",
        "Normalizer",
        "QuantileTransformer",
        "PowerTransformer",
    }
)
SHAPE_KEEPING_METHODS = frozenset({"fit_transform", "transform", "inverse_transform"})


def transformed(
    evaluator: Evaluator,
    transformer: Foreign,
    expr: cst.Call,
    scope: Scope,
    ordinal: int,
    depth: int,
) -> Value:
    """`scaler.fit_transform(x)`: floats of x's shape, rescaled."""
    if not transformer.qualname.startswith("sklearn.") or (
        transformer.qualname.rsplit(".", 1)[-1] not in SHAPE_KEEPING_TRANSFORMERS
    ):
        return UNKNOWN
    inner = evaluator.first_argument_value(expr, scope, ordinal, depth)
    if not isinstance(inner, Array):
        return UNKNOWN
    return Array(
        "float64",
        inner.sample_count,
        inner.origin,
        cast_or_scaled=True,
        sample_shape=inner.sample_shape,
    )

"""analysis/libraries/sklearn.py: `train_test_split` gives each part of the split its sample
count (the test part gets ceil(test_size * n) samples)."""

from __future__ import annotations

import pytest

from fitlint.analysis.values import UNKNOWN, Array, TupleValue, Value
from tests.analysis.helpers import evaluate

# 1000 samples of features and labels.
PREAMBLE = """\
import numpy as np
from sklearn.model_selection import train_test_split
X = np.zeros((1000, 8))
y = np.zeros(1000)
"""


def part(count: int | None) -> Array:
    return Array("float64", count, "np.zeros(...)", cast_or_scaled=True)


def split(train: int | None, test: int | None, arrays: int = 2) -> TupleValue:
    """(x_train, x_test, y_train, y_test, ...) for `arrays` arrays of 1000 samples."""
    return TupleValue((part(train), part(test)) * arrays)


CASES = [
    pytest.param(
        "",
        "train_test_split(X, y, test_size=0.2)",
        split(800, 200),
        id="test-size-fraction",
    ),
    pytest.param("", "train_test_split(X, y)", split(750, 250), id="default-test-size-0.25"),
    pytest.param(
        "", "train_test_split(X, y, test_size=300)", split(700, 300), id="test-size-count"
    ),
    pytest.param(
        "",
        "train_test_split(X, y, test_size=0.333)",
        split(667, 333),
        id="test-size-rounds-up",
    ),
    pytest.param(
        "",
        "train_test_split(X, y, test_size=1.0)",
        # sklearn rejects a float 1.0 and takes an int 1 as one sample: Number values do not
        # tell them apart, so the counts stay unknown.
        split(None, None),
        id="test-size-float-one",
    ),
    pytest.param(
        "",
        "train_test_split(X, y, train_size=0.8)",
        split(800, 200),
        id="train-size-only-counts-unknown",
    ),
    pytest.param(
        "",
        "train_test_split(X, y, test_size=ts)",
        split(None, None),
        id="test-size-unknown",
    ),
    pytest.param(
        "", "train_test_split(X, test_size=0.25)", split(750, 250, arrays=1), id="one-array"
    ),
    pytest.param(
        "",
        "train_test_split(X, labels, test_size=0.2)",
        TupleValue((part(800), part(200), UNKNOWN, UNKNOWN)),
        id="non-array-argument",
    ),
    pytest.param("", "train_test_split(test_size=0.2)", UNKNOWN, id="no-arrays"),
    pytest.param(
        "import sklearn\n",
        "sklearn.model_selection.train_test_split(X, y, test_size=0.1)",
        split(900, 100),
        id="dotted-name",
    ),
    pytest.param(
        "from sklearn.cross_validation import train_test_split\n",
        "train_test_split(X, y, test_size=0.2)",
        split(800, 200),  # the pre-0.20 module, common in old Keras scripts
        id="old-cross-validation-module",
    ),
    pytest.param(
        "X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2)\n",
        "X_test",
        part(200),
        id="unpacked-x-test",
    ),
    pytest.param(
        "X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2)\n",
        "y_train",
        part(800),
        id="unpacked-y-train",
    ),
]


@pytest.mark.parametrize(("source", "expression", "expected"), CASES)
def test_sklearn(source: str, expression: str, expected: Value) -> None:
    assert evaluate(source, expression, preamble=PREAMBLE) == expected

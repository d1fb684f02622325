"""analysis/libraries/stdlib.py: Python's builtins, `math` and `itertools`: counts (`len`, `int`,
`math.ceil`) and iterators (`iter`, `zip`, `itertools.cycle`...), finite or endless."""

from __future__ import annotations

import pytest

from fitlint.analysis.values import UNKNOWN, Number, OneShot, ReIterable, Value
from tests.analysis.helpers import evaluate

# x: 60000 arrays; flow: 938 batches of them; ds: an endless dataset; endless() and finite():
# generator functions; files: unknown.
PREAMBLE = """\
import itertools
import math
import numpy as np
from itertools import cycle, repeat
from tensorflow import keras
import tensorflow as tf
from keras.preprocessing.image import ImageDataGenerator
(x, y), (x_test, y_test) = keras.datasets.mnist.load_data()
flow = ImageDataGenerator().flow(x, y, batch_size=64)
ds = tf.data.Dataset.from_tensor_slices(x).repeat()

def endless():
    while True:
        yield 1

def finite():
    for i in range(3):
        yield i
"""

CASES = [
    # --- len --------------------------------------------------------------------------------------
    pytest.param("len(x)", Number(60000, "len(x)", sample_count_of="len(x)"), id="len-array"),
    pytest.param(
        "len(x[:100])",
        Number(100, "len(x[:100])", sample_count_of="len(x[:100])"),
        id="len-slice",
    ),
    pytest.param("len(flow)", Number(938, "len(flow)"), id="len-flow-counts-batches"),
    pytest.param("len(ds)", UNKNOWN, id="len-dataset"),
    pytest.param("len(files)", UNKNOWN, id="len-unknown"),
    # --- int / round / abs / float ------------------------------------------------------------
    pytest.param("int(2.7)", Number(2.0, "int(2.7)"), id="int-truncates"),
    pytest.param(
        "int(len(x) / 32)",
        Number(1875.0, "int(len(x) / 32)", batches_of=("len(x)", 32)),
        id="int-of-batches",
    ),
    pytest.param("int(n)", UNKNOWN, id="int-unknown"),
    pytest.param("int(x)", UNKNOWN, id="int-of-array"),
    pytest.param("round(7 / 2)", Number(4.0, "round(7 / 2)"), id="round"),
    pytest.param("round(2.5)", Number(2.0, "round(2.5)"), id="round-half-to-even"),
    pytest.param(
        "round(len(x) * 0.8)", Number(48000.0, "round(len(x) * 0.8)"), id="round-of-fraction"
    ),
    pytest.param("abs(-3)", Number(3.0, "abs(-3)"), id="abs"),
    pytest.param(
        "abs(len(x))",
        Number(60000, "abs(len(x))", sample_count_of="len(x)"),
        id="abs-keeps-sample-count",
    ),
    pytest.param(
        "float(len(x))",
        Number(60000, "len(x)", sample_count_of="len(x)"),
        id="float-is-its-argument",
    ),
    pytest.param("float('3')", UNKNOWN, id="float-of-string"),
    # --- math.ceil / math.floor / np.ceil ------------------------------------------------------
    pytest.param(
        "math.ceil(len(x) / 32)",
        Number(1875.0, "math.ceil(len(x) / 32)", batches_of=("len(x)", 32)),
        id="math-ceil",
    ),
    pytest.param(
        "math.floor(len(x) / 64)",
        Number(937.0, "math.floor(len(x) / 64)", batches_of=("len(x)", 64)),
        id="math-floor",
    ),
    pytest.param(
        "math.ceil(len(x))",
        Number(60000.0, "math.ceil(len(x))", sample_count_of="len(x)"),
        id="math-ceil-keeps-sample-count",
    ),
    pytest.param("math.ceil(n)", UNKNOWN, id="math-ceil-unknown"),
    pytest.param("math.sqrt(4)", UNKNOWN, id="math-other-function"),
    pytest.param(
        "max(1, len(x) // 32)",
        Number(1875.0, "max(1, len(x) // 32)", batches_of=("len(x)", 32)),
        id="max-keeps-the-batch-count",
    ),
    pytest.param("max(1, 2)", Number(2.0, "max(1, 2)"), id="max-of-numbers"),
    pytest.param("max(x)", UNKNOWN, id="max-of-an-array"),
    pytest.param(
        "np.ceil(len(x) / 64)",
        Number(938.0, "np.ceil(len(x) / 64)", batches_of=("len(x)", 64)),
        id="np-ceil",
    ),
    # --- iter / zip / map / filter / enumerate / reversed ------------------------------------
    pytest.param("iter(x)", OneShot("iterator", False, "iter(x)"), id="iter-array"),
    pytest.param("iter(flow)", OneShot("iterator", True, "iter(flow)"), id="iter-flow-endless"),
    pytest.param("iter(ds)", OneShot("iterator", True, "iter(ds)"), id="iter-endless-dataset"),
    pytest.param(
        "iter(endless())",
        OneShot("iterator", True, "iter(endless())"),
        id="iter-endless-generator",
    ),
    pytest.param(
        "iter(finite())",
        OneShot("iterator", False, "iter(finite())"),
        id="iter-finite-generator",
    ),
    pytest.param("iter(files)", OneShot("iterator", None, "iter(files)"), id="iter-unknown"),
    pytest.param("iter([1, 2])", OneShot("iterator", False, "iter([1, 2])"), id="iter-list"),
    pytest.param("zip(x, y)", OneShot("iterator", False, "zip(x, y)"), id="zip-finite"),
    pytest.param(
        "zip(endless(), endless())",
        OneShot("iterator", True, "zip(endless(), endless())"),
        id="zip-all-endless",
    ),
    pytest.param(
        "zip(endless(), x)",
        OneShot("iterator", False, "zip(endless(), x)"),
        id="zip-ends-with-shortest",
    ),
    pytest.param(
        "zip(endless(), files)",
        OneShot("iterator", None, "zip(endless(), files)"),
        id="zip-endless-and-unknown",
    ),
    pytest.param(
        "zip(flow, flow)", OneShot("iterator", None, "zip(flow, flow)"), id="zip-of-flows"
    ),
    pytest.param("map(f, x)", OneShot("iterator", False, "map(f, x)"), id="map-finite"),
    pytest.param(
        "map(f, endless())",
        OneShot("iterator", True, "map(f, endless())"),
        id="map-endless",
    ),
    pytest.param(
        "filter(None, ds)", OneShot("iterator", True, "filter(None, ds)"), id="filter-endless"
    ),
    pytest.param("enumerate(x)", OneShot("iterator", False, "enumerate(x)"), id="enumerate-finite"),
    pytest.param(
        "enumerate(endless())",
        OneShot("iterator", True, "enumerate(endless())"),
        id="enumerate-endless",
    ),
    pytest.param("reversed([1, 2])", OneShot("iterator", False, "reversed([1, 2])"), id="reversed"),
    pytest.param(
        "(i for i in x)", OneShot("iterator", False, "(i for i in x)"), id="genexp-finite"
    ),
    pytest.param(
        "(i for i in endless())",
        OneShot("iterator", True, "(i for i in endless())"),
        id="genexp-endless",
    ),
    # --- itertools -------------------------------------------------------------------------------
    pytest.param("itertools.cycle(x)", OneShot("cycle", True, "itertools.cycle(x)"), id="cycle"),
    pytest.param(
        "cycle([1, 2])",
        OneShot("cycle", True, "itertools.cycle([1, 2])"),
        id="cycle-imported",
    ),
    pytest.param(
        "cycle(np.arange(3))",
        # questionable: the origin is cut at the argument's first dot ("itertools." + the text
        # after it) when `cycle` is imported by name.
        OneShot("cycle", True, "itertools.arange(3))"),
        id="cycle-imported-origin-with-dot",
    ),
    pytest.param("itertools.count()", OneShot("iterator", True, "itertools.count()"), id="count"),
    pytest.param(
        "itertools.repeat(x)", OneShot("iterator", True, "itertools.repeat(x)"), id="repeat"
    ),
    pytest.param(
        "itertools.repeat(x, 3)",
        OneShot("iterator", False, "itertools.repeat(x, 3)"),
        id="repeat-three-times",
    ),
    pytest.param(
        "itertools.repeat(x, times=3)",
        OneShot("iterator", False, "itertools.repeat(x, times=3)"),
        id="repeat-times-keyword",
    ),
    pytest.param(
        "repeat(0.5)",
        # questionable: as for cycle, the origin is cut at the first dot: "itertools.5)".
        OneShot("iterator", True, "itertools.5)"),
        id="repeat-imported-origin-with-dot",
    ),
    pytest.param(
        "itertools.islice(endless(), 10)",
        OneShot("iterator", False, "itertools.islice(endless(), 10)"),
        id="islice",
    ),
    pytest.param(
        "itertools.islice(endless(), None)",
        # questionable: islice(it, None) has no stop and never ends on an endless iterator.
        OneShot("iterator", False, "itertools.islice(endless(), None)"),
        id="islice-without-stop",
    ),
    pytest.param(
        "itertools.chain(x, y)",
        OneShot("iterator", None, "itertools.chain(x, y)"),
        id="chain",
    ),
    pytest.param("itertools.groupby(x)", UNKNOWN, id="itertools-other"),
    # --- containers ------------------------------------------------------------------------------
    pytest.param("range(10)", ReIterable("range(10)", 10), id="range"),
    pytest.param("range(len(x))", ReIterable("range(len(x))", 60000), id="range-len"),
    pytest.param("list(x)", ReIterable("list(x)"), id="list"),
    pytest.param("list(endless())", ReIterable("list(endless())"), id="list-of-endless"),
    pytest.param("sorted(x)", ReIterable("sorted(x)"), id="sorted"),
    pytest.param("[i for i in x]", ReIterable("listcomp", 60000), id="list-comprehension"),
    pytest.param(
        "[f'{i}.png' for i in range(2000)]", ReIterable("listcomp", 2000), id="listcomp-over-range"
    ),
    pytest.param("[i for i in x if i]", ReIterable("listcomp"), id="listcomp-with-if-unknown"),
    pytest.param(
        "len([f'{i}.png' for i in range(2000)])",
        Number(
            2000, "len([f'{i}.png' for i in range(2000)])", "len([f'{i}.png' for i in range(2000)])"
        ),
        id="len-of-list-counts-samples",
    ),
    pytest.param("{1: 2}", ReIterable("dict"), id="dict-display"),
    pytest.param("sum(x)", UNKNOWN, id="other-builtin"),
]


@pytest.mark.parametrize(("expression", "expected"), CASES)
def test_stdlib(expression: str, expected: Value) -> None:
    assert evaluate("", expression, preamble=PREAMBLE) == expected

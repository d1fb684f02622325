"""analysis/libraries/numpy.py: what NumPy's constructors, functions and array methods return
(dtype, number of samples, whether the values were scaled or cast on the way)."""

from __future__ import annotations

import pytest

from fitlint.analysis.values import UNKNOWN, Array, Labels, Number, ReIterable, Value
from tests.analysis.helpers import evaluate

PREAMBLE = "import numpy as np\nfrom tensorflow import keras\n"

MNIST = "keras.datasets.mnist.load_data()"
# x: MNIST's raw training images; a, b: its training and test images.
LOADED = "(x, y), (x_test, y_test) = keras.datasets.mnist.load_data()\na, b = x, x_test\n"
PIXELS = Array("uint8", 60000, MNIST, pixels=True)
FLOATS = "f = np.zeros((10, 2))\n"

CASES = [
    # --- constructors: the first dimension is the number of samples ---------------------
    pytest.param(
        "",
        "np.zeros((100, 28, 28))",
        Array("float64", 100, "np.zeros(...)", cast_or_scaled=True),
        id="zeros-tuple-shape-float64",
    ),
    pytest.param(
        "",
        "np.zeros((100, 28, 28), dtype=np.uint8)",
        Array("uint8", 100, "np.zeros(...)"),
        id="zeros-uint8-is-not-pixels",
    ),
    pytest.param(
        "",
        "np.zeros([100, 10], dtype='float32')",
        Array("float32", 100, "np.zeros(...)", cast_or_scaled=True),
        id="zeros-list-shape-string-dtype",
    ),
    pytest.param(
        "",
        "np.zeros(100)",
        Array("float64", 100, "np.zeros(...)", cast_or_scaled=True),
        id="zeros-int-shape",
    ),
    pytest.param(
        "",
        "np.zeros(shape=(5, 2))",
        Array("float64", 5, "np.zeros(...)", cast_or_scaled=True),
        id="zeros-shape-keyword",
    ),
    pytest.param(
        "n = 64\n",
        "np.zeros((n, 2))",
        Array("float64", 64, "np.zeros(...)", cast_or_scaled=True),
        id="zeros-shape-from-name",
    ),
    pytest.param(
        "",
        "np.zeros(())",
        Array("float64", None, "np.zeros(...)", cast_or_scaled=True),
        id="zeros-empty-shape",
    ),
    pytest.param(
        "",
        "np.ones((10, 3), dtype=np.int32)",
        Array("int32", 10, "np.ones(...)", cast_or_scaled=True),
        id="ones-int32",
    ),
    pytest.param(
        "",
        "np.empty((7, 3))",
        Array("float64", 7, "np.empty(...)", cast_or_scaled=True),
        id="empty",
    ),
    pytest.param(
        "",
        "np.full((4, 2), 255)",
        Array(None, 4, "np.full(...)", cast_or_scaled=True),
        id="full-dtype-unknown",
    ),
    pytest.param(
        "",
        "np.full((4, 2), 255, dtype=np.uint8)",
        Array("uint8", 4, "np.full(...)"),
        id="full-uint8",
    ),
    # --- np.random ------------------------------------------------------------------------
    pytest.param(
        "",
        "np.random.rand(100, 32)",
        Array("float64", 100, "np.random.rand(...)", cast_or_scaled=True),
        id="random-rand",
    ),
    pytest.param(
        "",
        "np.random.randn(50)",
        Array("float64", 50, "np.random.randn(...)", cast_or_scaled=True),
        id="random-randn",
    ),
    pytest.param(
        "",
        "np.random.rand()",
        Number(None, "np.random.rand()"),  # a Python float, not an array
        id="random-rand-scalar",
    ),
    pytest.param(
        "",
        "np.random.randint(0, 256, size=(100, 28, 28))",
        Array("int64", 100, "np.random.randint(...)"),
        id="random-randint-size",
    ),
    pytest.param(
        "",
        "np.random.randint(0, 256, size=(100, 28, 28), dtype=np.uint8)",
        Array("uint8", 100, "np.random.randint(...)", pixels=True),  # values 0-255
        id="random-randint-uint8",
    ),
    pytest.param(
        "",
        "np.random.randint(0, 10)",
        Number(None, "np.random.randint(0, 10)"),  # without `size`, one int
        id="random-randint-scalar",
    ),
    pytest.param(
        "",
        "np.random.randint(0, 3, size=(100,))",
        Array(
            "int64",
            100,
            "np.random.randint(...)",
            labels=Labels("integer", 3, "np.random.randint(0, 3, size=(100,))"),
        ),
        id="random-randint-class-labels",
    ),
    pytest.param(
        "",
        "np.random.randint(5, size=(100, 1))",
        Array(
            "int64",
            100,
            "np.random.randint(...)",
            labels=Labels("integer", 5, "np.random.randint(5, size=(100, 1))", column=True),
        ),
        id="random-randint-label-column",
    ),
    pytest.param(
        "",
        "np.random.randint(1, 11, size=100)",
        Array("int64", 100, "np.random.randint(...)"),  # 1..10: not class indices from 0
        id="random-randint-not-from-zero",
    ),
    pytest.param(
        "",
        "np.random.uniform(-1, 1, size=(200, 100))",
        Array("float64", 200, "np.random.uniform(...)", cast_or_scaled=True),
        id="random-uniform-size",
    ),
    pytest.param(
        "",
        "np.random.normal(0, 1, (200, 100))",
        Array("float64", 200, "np.random.normal(...)", cast_or_scaled=True),  # size by position
        id="random-normal-positional-size",
    ),
    pytest.param("", "np.random.shuffle(x)", UNKNOWN, id="random-shuffle"),
    # --- array / asarray / stack / concatenate / vstack -----------------------------------
    pytest.param(
        FLOATS,
        "np.array(f)",
        Array("float64", 10, "np.zeros(...)", cast_or_scaled=True),
        id="array-of-array-is-that-array",
    ),
    pytest.param(
        FLOATS,
        "np.asarray(f)",
        Array("float64", 10, "np.zeros(...)", cast_or_scaled=True),
        id="asarray-of-array",
    ),
    pytest.param(
        FLOATS,
        "np.array(f, dtype=np.uint8)",
        Array("uint8", 10, "np.array(...)", pixels=True),
        id="array-dtype-uint8-is-pixels",
    ),
    pytest.param(
        FLOATS,
        "np.array(f, dtype='float32')",
        Array("float32", 10, "np.array(...)", cast_or_scaled=True),
        id="array-dtype-float32",
    ),
    # A literal: its samples are counted (their shape: test_shapes.py).
    pytest.param(
        "",
        "np.array([1, 2, 3])",
        Array(None, 3, "np.array(...)", cast_or_scaled=True),
        id="array-of-list",
    ),
    pytest.param(
        "",
        "np.array([1, 2, 3], dtype=np.float32)",
        Array("float32", None, "np.array(...)", cast_or_scaled=True),
        id="array-of-list-with-dtype",
    ),
    pytest.param(FLOATS, "np.stack([f, f])", UNKNOWN, id="stack-without-dtype"),
    pytest.param(
        FLOATS,
        "np.stack(f, dtype=np.uint8)",
        Array("uint8", 10, "np.stack(...)", pixels=True),
        id="stack-dtype-uint8",
    ),
    pytest.param(
        FLOATS,
        "np.concatenate((f, f), dtype=np.float32)",
        Array("float32", None, "np.concatenate(...)", cast_or_scaled=True),
        id="concatenate-with-dtype-count-unknown",
    ),
    # Arrays joined along the samples: their samples' shape is kept (test_shapes.py).
    pytest.param(
        FLOATS,
        "np.concatenate((f, f))",
        Array("float64", None, "np.zeros(...)", cast_or_scaled=True),
        id="concatenate-float-arrays",
    ),
    pytest.param(
        LOADED,
        "np.concatenate((a, b))",
        Array("uint8", None, MNIST, pixels=True),
        id="concatenate-raw-pixels",
    ),
    pytest.param(
        LOADED,
        "np.vstack([a, b])",
        Array("uint8", None, MNIST, pixels=True),
        id="vstack-raw-pixels",
    ),
    pytest.param(
        LOADED,
        "np.vstack((a, b), dtype=np.uint8)",
        Array("uint8", None, "np.vstack(...)", pixels=True),
        id="vstack-with-dtype-uint8",
    ),
    pytest.param(
        FLOATS,
        "np.vstack((f, f))",
        Array("float64", None, "np.zeros(...)", cast_or_scaled=True),
        id="vstack-float-arrays",
    ),
    # A scaled part: no longer raw pixels, but still images of one shape.
    pytest.param(
        LOADED,
        "np.concatenate((a, b / 255))",
        Array(None, None, "keras.datasets.mnist.load_data()", cast_or_scaled=True),
        id="concatenate-scaled-part",
    ),
    pytest.param(LOADED, "np.concatenate((a, c))", UNKNOWN, id="concatenate-unknown-part"),
    pytest.param(LOADED, "np.concatenate((a, *b))", UNKNOWN, id="concatenate-starred-part"),
    pytest.param(LOADED, "np.concatenate(parts)", UNKNOWN, id="concatenate-of-a-name"),
    # --- reshape and friends ----------------------------------------------------------------
    pytest.param(LOADED, "x", PIXELS, id="mnist-images"),
    pytest.param(LOADED, "x.reshape(-1, 784)", PIXELS, id="reshape-minus-one-keeps-samples"),
    pytest.param(
        LOADED, "x.reshape(-1, 28, 28, 1)", PIXELS, id="reshape-minus-one-4d-keeps-samples"
    ),
    pytest.param(
        LOADED,
        "x.reshape(-1)",
        Array("uint8", None, MNIST, pixels=True),
        id="reshape-flatten-loses-samples",
    ),
    pytest.param(
        LOADED,
        "x.reshape((-1, 28, 28, 1))",
        PIXELS,  # the same as x.reshape(-1, 28, 28, 1)
        id="reshape-minus-one-tuple",
    ),
    pytest.param(LOADED, "x.reshape(len(x), 784)", PIXELS, id="reshape-len-x"),
    pytest.param(LOADED, "x.reshape(x.shape[0], 28, 28, 1)", PIXELS, id="reshape-shape-0"),
    pytest.param(LOADED, "x.reshape(60000, 784)", PIXELS, id="reshape-literal-count"),
    pytest.param(
        LOADED,
        "x.reshape(100, 784)",
        Array("uint8", 100, MNIST, pixels=True),
        id="reshape-other-leading-dimension",
    ),
    pytest.param(
        LOADED,
        "x.reshape(shape)",
        Array("uint8", None, MNIST, pixels=True),
        id="reshape-unknown-shape",
    ),
    pytest.param(
        LOADED,
        "np.reshape(x, (-1, 784))",
        PIXELS,  # as x.reshape(-1, 784)
        id="np-reshape-minus-one",
    ),
    pytest.param(LOADED, "np.expand_dims(x, -1)", PIXELS, id="expand-dims-last-axis"),
    pytest.param(LOADED, "np.expand_dims(x, axis=3)", PIXELS, id="expand-dims-axis-keyword"),
    pytest.param(
        LOADED,
        "np.transpose(x)",
        Array("uint8", None, MNIST, pixels=True),
        id="np-transpose-loses-samples",
    ),
    pytest.param(
        LOADED,
        "np.squeeze(x)",
        Array("uint8", None, MNIST, pixels=True),
        id="np-squeeze-loses-samples",
    ),
    pytest.param(LOADED, "x.squeeze()", PIXELS, id="squeeze-method-keeps-samples"),
    pytest.param(LOADED, "x.copy()", PIXELS, id="copy-method"),
    pytest.param(LOADED, "x.view()", PIXELS, id="view-method"),
    pytest.param(
        LOADED,
        "x.transpose()",
        Array("uint8", None, MNIST, pixels=True),  # the samples move to the last axis
        id="transpose-method-loses-samples",
    ),
    pytest.param(
        LOADED,
        "x.swapaxes(0, 1)",
        Array("uint8", None, MNIST, pixels=True),
        id="swapaxes-method-loses-samples",
    ),
    pytest.param(
        LOADED,
        "np.expand_dims(x, axis=0)",
        Array("uint8", None, MNIST, pixels=True),  # a new first axis of 1
        id="expand-dims-axis-zero",
    ),
    pytest.param(
        LOADED,
        "np.expand_dims(x, -1)",
        PIXELS,
        id="expand-dims-last-axis",
    ),
    pytest.param(LOADED, "x.T", Array("uint8", None, MNIST, pixels=True), id="transpose-attribute"),
    pytest.param(LOADED, "x.mean()", Number(None, "x.mean()"), id="reduction-method"),
    pytest.param(LOADED, "x.mean(axis=0)", UNKNOWN, id="reduction-along-an-axis"),
    pytest.param(LOADED, "np.std(x)", Number(None, "np.std(x)"), id="reduction-function"),
    pytest.param(
        LOADED,
        "np.random.randint(0, 2, size=(100, 28, 28), dtype=np.uint8)",
        Array("uint8", 100, "np.random.randint(...)"),  # 0/1 flags, not pixels
        id="random-randint-uint8-flags",
    ),
    pytest.param(
        LOADED,
        "np.random.randint(256, size=(100, 28, 28), dtype='uint8')",
        Array("uint8", 100, "np.random.randint(...)", pixels=True),
        id="random-randint-high-by-position",
    ),
    pytest.param(
        "rng = np.random.default_rng(0)\n",
        "rng.random((500, 8))",
        Array("float64", 500, "rng.random(...)", cast_or_scaled=True),
        id="default-rng-random",
    ),
    pytest.param(
        "rng = np.random.default_rng(0)\n",
        "rng.integers(0, 256, (64, 32, 32, 3), dtype=np.uint8)",
        Array("uint8", 64, "rng.integers(...)", pixels=True),
        id="default-rng-integers-pixels",
    ),
    pytest.param(
        "rng = np.random.default_rng(0)\n",
        "rng.normal(size=(10, 2))",
        Array("float64", 10, "rng.normal(...)", cast_or_scaled=True),
        id="default-rng-normal",
    ),
    pytest.param(
        "",
        "np.arange(320)",
        Array("int64", 320, "np.arange(...)", cast_or_scaled=True),
        id="arange",
    ),
    pytest.param(
        "",
        "np.arange(320).reshape(320, 1) * np.ones((1, 8))",
        Array(None, 320, "np.arange(...)", cast_or_scaled=True),
        id="broadcast-keeps-the-larger-first-dimension",
    ),
    pytest.param(
        "",
        "np.ones((1, 8)) * np.arange(320).reshape(320, 1)",
        Array("float64", 320, "np.ones(...)", cast_or_scaled=True),
        id="broadcast-either-order",
    ),
    pytest.param(
        "",
        "np.ones((10, 8)) * np.ones((20, 8))",
        Array("float64", None, "np.ones(...)", cast_or_scaled=True),
        id="broadcast-disagreeing-counts-unknown",
    ),
    pytest.param(
        LOADED,
        "x * weights",
        Array(None, None, MNIST, cast_or_scaled=True),
        id="operand-of-unknown-shape-makes-count-unknown",
    ),
    pytest.param(
        LOADED,
        "(x - x.mean()) / x.std()",
        Array(None, 60000, MNIST, cast_or_scaled=True),
        id="scalar-statistics-keep-count",
    ),
    pytest.param(
        "",
        "np.sin(np.arange(1000) / 10.0)",
        Array(None, 1000, "np.arange(...)", cast_or_scaled=True),
        id="elementwise-function-keeps-count",
    ),
    # --- astype, arithmetic, np.float32 ----------------------------------------------------
    pytest.param(
        LOADED,
        "x.astype('uint8')",
        Array("uint8", 60000, 'x.astype("uint8")', pixels=True),
        id="astype-uint8-string",
    ),
    pytest.param(
        LOADED,
        "x.astype(np.uint8)",
        Array("uint8", 60000, 'x.astype("uint8")', pixels=True),
        id="astype-np-uint8",
    ),
    pytest.param(
        LOADED,
        "(x / 255.0).astype('uint8')",
        Array("uint8", 60000, '(x / 255.0).astype("uint8")', pixels=True),
        id="astype-uint8-after-scaling",
    ),
    pytest.param(
        LOADED,
        "x.astype('float32')",
        Array("float32", 60000, MNIST, cast_or_scaled=True),
        id="astype-float32-string",
    ),
    pytest.param(
        LOADED,
        "x.astype(dtype=np.float32)",
        Array("float32", 60000, MNIST, cast_or_scaled=True),
        id="astype-dtype-keyword",
    ),
    pytest.param(
        LOADED,
        "x.astype(float)",
        Array("float", 60000, MNIST, cast_or_scaled=True),
        id="astype-builtin-float",
    ),
    pytest.param(
        LOADED,
        "x.astype(dt)",
        Array(None, 60000, MNIST, cast_or_scaled=True),
        id="astype-unknown-dtype",
    ),
    pytest.param(
        LOADED, "x / 255", Array(None, 60000, MNIST, cast_or_scaled=True), id="divide-by-255"
    ),
    pytest.param(
        LOADED,
        "255 - x",
        Array(None, 60000, MNIST, cast_or_scaled=True),
        id="array-on-the-right",
    ),
    pytest.param(
        LOADED,
        "x.astype('float32') / 255",
        Array("float32", 60000, MNIST, cast_or_scaled=True),
        id="float-array-scaled-keeps-dtype",
    ),
    pytest.param(
        LOADED,
        "np.float32(x)",
        Array("float32", 60000, MNIST, cast_or_scaled=True),
        id="np-float32-of-array",
    ),
    pytest.param(LOADED, "np.float32(3)", UNKNOWN, id="np-float32-of-number"),
    # --- splits and rounding ---------------------------------------------------------------
    pytest.param(
        LOADED,
        "np.array_split(x, 10)",
        ReIterable("np.array_split(...)"),
        id="array-split-is-a-list",
    ),
    pytest.param(LOADED, "np.split(x, 4)", ReIterable("np.split(...)"), id="split-is-a-list"),
    pytest.param(
        LOADED,
        "np.floor(len(x) / 32)",
        Number(1875.0, "np.floor(len(x) / 32)", batches_of=("len(x)", 32)),
        id="np-floor-of-batches",
    ),
    pytest.param("", "np.ceil(7 / 2)", Number(4.0, "np.ceil(7 / 2)"), id="np-ceil"),
]


@pytest.mark.parametrize(("source", "expression", "expected"), CASES)
def test_numpy(source: str, expression: str, expected: Value) -> None:
    assert evaluate(source, expression, preamble=PREAMBLE) == expected

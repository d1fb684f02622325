"""analysis/libraries/tf_data.py: the cardinality each `tf.data.Dataset` constructor and
method gives, the batch size, whether it never ends and why, and the images it yields."""

from __future__ import annotations

import pytest

from fitlint.analysis.values import UNKNOWN, Array, Dataset, OneShot, Value
from tests.analysis.helpers import evaluate

PREAMBLE = (
    "import tensorflow as tf\n"
    "from tensorflow import keras\n"
    "(x, y), (x_test, y_test) = keras.datasets.mnist.load_data()\n"
)

MNIST = "keras.datasets.mnist.load_data()"
PIXELS = Array("uint8", 60000, MNIST, pixels=True)
# `ds`: MNIST's 60000 training images and labels, not yet batched.
SLICES = "ds = tf.data.Dataset.from_tensor_slices((x, y))\n"
DS = "tf.data.Dataset.from_tensor_slices((x, y))"
ENDLESS = """
def gen():
    while True:
        yield 1
"""
FINITE = """
def fin():
    for i in range(3):
        yield i
"""

CASES = [
    # --- from_tensor_slices ------------------------------------------------------------------
    pytest.param(
        "",
        "tf.data.Dataset.from_tensor_slices(x)",
        Dataset(60000, "60000", origin="tf.data.Dataset.from_tensor_slices(x)", element=PIXELS),
        id="from-tensor-slices-array",
    ),
    pytest.param(
        "",
        "tf.data.Dataset.from_tensor_slices((x, y))",
        Dataset(60000, "60000", origin=DS, element=PIXELS),
        id="from-tensor-slices-tuple",
    ),
    pytest.param(
        "",
        "tf.data.Dataset.from_tensor_slices(((x, x), y))",
        Dataset(
            60000,
            "60000",
            origin="tf.data.Dataset.from_tensor_slices(((x, x), y))",
            element=PIXELS,
        ),
        id="from-tensor-slices-nested-inputs",
    ),
    pytest.param(
        "",
        "tf.data.Dataset.from_tensor_slices((x / 255.0, y))",
        Dataset(
            60000,
            "60000",
            origin="tf.data.Dataset.from_tensor_slices((x / 255.0...",
            element=Array(None, 60000, MNIST, cast_or_scaled=True),
        ),
        id="from-tensor-slices-scaled-origin-shortened",
    ),
    pytest.param(
        "",
        "tf.data.Dataset.from_tensor_slices(files)",
        Dataset(None, "unknown", origin="tf.data.Dataset.from_tensor_slices(files)"),
        id="from-tensor-slices-unknown",
    ),
    pytest.param(
        "",
        "tf.data.Dataset.from_tensor_slices((x[::2], y))",
        Dataset(
            None,
            "unknown",
            origin="tf.data.Dataset.from_tensor_slices((x[::2], y))",
            element=Array("uint8", None, MNIST, pixels=True),
        ),
        id="from-tensor-slices-uncounted-array",
    ),
    pytest.param(
        "D = tf.data.Dataset\n",
        "D.from_tensor_slices(x)",
        Dataset(60000, "60000", origin="D.from_tensor_slices(x)", element=PIXELS),
        id="from-tensor-slices-through-alias",
    ),
    pytest.param(SLICES, "ds", Dataset(60000, "60000", origin=DS, element=PIXELS), id="by-name"),
    # --- batch / padded_batch -----------------------------------------------------------------
    pytest.param(
        SLICES,
        "ds.batch(32)",
        Dataset(
            1875,
            "ceil(60000 / 32) = 1875",
            batched=True,
            samples=60000,
            batch_size=32,
            origin=DS,
            element=PIXELS,
        ),
        id="batch",
    ),
    pytest.param(
        SLICES,
        "ds.batch(batch_size=100)",
        Dataset(
            600,
            "ceil(60000 / 100) = 600",
            batched=True,
            samples=60000,
            batch_size=100,
            origin=DS,
            element=PIXELS,
        ),
        id="batch-size-keyword",
    ),
    pytest.param(
        SLICES,
        "ds.batch(64, drop_remainder=True)",
        Dataset(
            937,
            "60000 // 64 = 937",
            batched=True,
            samples=60000,
            batch_size=64,
            origin=DS,
            element=PIXELS,
        ),
        id="batch-drop-remainder-true",
    ),
    pytest.param(
        SLICES,
        "ds.batch(64, drop_remainder=False)",
        Dataset(
            938,
            "ceil(60000 / 64) = 938",
            batched=True,
            samples=60000,
            batch_size=64,
            origin=DS,
            element=PIXELS,
        ),
        id="batch-drop-remainder-false",
    ),
    pytest.param(
        SLICES,
        "ds.batch(64, drop_remainder=drop)",
        Dataset(None, "unknown", batched=True, origin=DS, element=PIXELS),
        id="batch-drop-remainder-unknown",
    ),
    pytest.param(
        SLICES,
        "ds.batch(bs)",
        Dataset(None, "unknown", batched=True, origin=DS, element=PIXELS),
        id="batch-size-unknown",
    ),
    pytest.param(
        SLICES,
        "ds.batch(0)",
        Dataset(None, "unknown", batched=True, origin=DS, element=PIXELS),
        id="batch-size-zero",
    ),
    pytest.param(
        SLICES,
        "ds.padded_batch(64)",
        Dataset(
            938,
            "ceil(60000 / 64) = 938",
            batched=True,
            samples=60000,
            batch_size=64,
            origin=DS,
            element=PIXELS,
        ),
        id="padded-batch",
    ),
    pytest.param(
        SLICES,
        "ds.padded_batch(64, drop_remainder=True)",
        Dataset(
            937,
            "60000 // 64 = 937",
            batched=True,
            samples=60000,
            batch_size=64,
            origin=DS,
            element=PIXELS,
        ),
        id="padded-batch-drop-remainder",
    ),
    # --- repeat --------------------------------------------------------------------------------
    pytest.param(
        SLICES,
        "ds.repeat()",
        Dataset(
            None,
            "unknown",
            infinite=True,
            origin=DS,
            infinite_reason="repeat",
            element=PIXELS,
        ),
        id="repeat-forever",
    ),
    pytest.param(
        SLICES,
        "ds.repeat(-1)",
        Dataset(
            None,
            "unknown",
            infinite=True,
            origin=DS,
            infinite_reason="repeat",
            element=PIXELS,
        ),
        id="repeat-minus-one",
    ),
    pytest.param(
        SLICES,
        "ds.repeat(3)",
        Dataset(180000, "3 × 60000", origin=DS, element=PIXELS),
        id="repeat-three",
    ),
    pytest.param(
        SLICES,
        "ds.repeat(count=2)",
        Dataset(120000, "2 × 60000", origin=DS, element=PIXELS),
        id="repeat-count-keyword",
    ),
    pytest.param(
        SLICES,
        "ds.repeat(n)",
        Dataset(None, "unknown", origin=DS, element=PIXELS),
        id="repeat-unknown-count",
    ),
    pytest.param(
        SLICES,
        "ds.repeat(None)",
        # None is the default count: forever.
        Dataset(
            None, "unknown", origin=DS, element=PIXELS, infinite=True, infinite_reason="repeat"
        ),
        id="repeat-none",
    ),
    pytest.param(
        SLICES,
        "ds.batch(32).repeat(3)",
        Dataset(
            5625,
            "3 × 1875",
            batched=True,
            batch_size=32,
            origin=DS,
            element=PIXELS,
        ),
        id="batch-then-repeat-three",
    ),
    pytest.param(
        SLICES,
        "ds.repeat().batch(32)",
        Dataset(
            None,
            "unknown",
            batched=True,
            batch_size=32,
            infinite=True,
            origin=DS,
            infinite_reason="repeat",
            element=PIXELS,
        ),
        id="repeat-then-batch-stays-infinite",
    ),
    # --- take / skip ---------------------------------------------------------------------------
    pytest.param(SLICES, "ds.take(100)", Dataset(100, "100", origin=DS, element=PIXELS), id="take"),
    pytest.param(
        SLICES,
        "ds.take(100000)",
        Dataset(60000, "60000", origin=DS, element=PIXELS),
        id="take-more-than-there-is",
    ),
    pytest.param(
        SLICES,
        "ds.take(-1)",
        Dataset(None, "unknown", origin=DS, element=PIXELS),
        id="take-all-of-finite",
    ),
    pytest.param(
        SLICES,
        "ds.repeat().take(500)",
        Dataset(500, "500", origin=DS, element=PIXELS),
        id="take-ends-a-repeat",
    ),
    pytest.param(
        SLICES,
        "ds.repeat().take(-1)",
        Dataset(
            None,
            "unknown",
            infinite=True,
            origin=DS,
            infinite_reason="repeat",
            element=PIXELS,
        ),
        id="take-all-of-infinite",
    ),
    pytest.param(
        SLICES,
        "ds.repeat().take(n)",
        # questionable: infinite is False (not known) yet infinite_reason still says "repeat".
        Dataset(None, "unknown", origin=DS, infinite_reason="repeat", element=PIXELS),
        id="take-unknown-of-infinite",
    ),
    pytest.param(
        SLICES, "ds.skip(1000)", Dataset(59000, "59000", origin=DS, element=PIXELS), id="skip"
    ),
    pytest.param(
        SLICES,
        "ds.skip(100000)",
        Dataset(0, "0", origin=DS, element=PIXELS),
        id="skip-everything",
    ),
    pytest.param(
        SLICES,
        "ds.skip(n)",
        Dataset(None, "unknown", origin=DS, element=PIXELS),
        id="skip-unknown",
    ),
    pytest.param(
        SLICES,
        "ds.repeat().skip(10)",
        Dataset(
            None,
            "unknown",
            infinite=True,
            origin=DS,
            infinite_reason="repeat",
            element=PIXELS,
        ),
        id="skip-of-infinite",
    ),
    # --- count-keeping methods ----------------------------------------------------------------
    pytest.param(
        SLICES,
        "ds.shuffle(1000)",
        Dataset(60000, "60000", origin=DS, element=PIXELS),
        id="shuffle",
    ),
    pytest.param(
        SLICES,
        "ds.prefetch(tf.data.AUTOTUNE)",
        Dataset(60000, "60000", origin=DS, element=PIXELS),
        id="prefetch",
    ),
    pytest.param(
        SLICES, "ds.cache()", Dataset(60000, "60000", origin=DS, element=PIXELS), id="cache"
    ),
    pytest.param(
        SLICES,
        "ds.shuffle(1000).batch(64).prefetch(1)",
        Dataset(
            938,
            "ceil(60000 / 64) = 938",
            batched=True,
            samples=60000,
            batch_size=64,
            origin=DS,
            element=PIXELS,
        ),
        id="shuffle-batch-prefetch",
    ),
    pytest.param(SLICES, "ds.map(f)", Dataset(60000, "60000", origin=DS), id="map-drops-element"),
    pytest.param(
        SLICES,
        "ds.batch(32).map(f)",
        Dataset(
            1875, "ceil(60000 / 32) = 1875", batched=True, samples=60000, batch_size=32, origin=DS
        ),
        id="map-after-batch",
    ),
    pytest.param(
        SLICES, "ds.apply(f)", Dataset(60000, "60000", origin=DS), id="apply-drops-element"
    ),
    # --- methods after which the count is unknown ---------------------------------------------
    pytest.param(SLICES, "ds.filter(f)", Dataset(None, "unknown", origin=DS), id="filter"),
    pytest.param(
        SLICES,
        "ds.batch(32).filter(f)",
        Dataset(None, "unknown", batched=True, origin=DS),
        id="filter-after-batch-stays-batched",
    ),
    pytest.param(
        SLICES,
        "ds.batch(32).unbatch()",
        Dataset(None, "unknown", origin=DS),
        id="unbatch",
    ),
    pytest.param(SLICES, "ds.interleave(f)", Dataset(None, "unknown", origin=DS), id="interleave"),
    pytest.param(
        SLICES,
        "ds.repeat().filter(f)",
        Dataset(None, "unknown", infinite=True, origin=DS, infinite_reason="repeat"),
        id="filter-of-infinite",
    ),
    pytest.param(SLICES, "ds.cardinality()", UNKNOWN, id="other-method"),
    # --- iterators ------------------------------------------------------------------------------
    pytest.param(
        SLICES,
        "ds.as_numpy_iterator()",
        OneShot("iterator", False, f"{DS}.as_numpy_iterator()"),
        id="as-numpy-iterator",
    ),
    pytest.param(
        SLICES,
        "ds.repeat().as_numpy_iterator()",
        OneShot("iterator", True, f"{DS}.as_numpy_iterator()"),
        id="as-numpy-iterator-of-infinite",
    ),
    pytest.param(
        SLICES,
        "ds.__iter__()",
        OneShot("iterator", False, f"{DS}.__iter__()"),
        id="dunder-iter",
    ),
    # --- from_generator -------------------------------------------------------------------------
    pytest.param(
        ENDLESS,
        "tf.data.Dataset.from_generator(gen, output_types=tf.float32)",
        Dataset(
            None,
            "unknown",
            infinite=True,
            origin="tf.data.Dataset.from_generator(gen, output_ty...",
            infinite_reason="generator",
        ),
        id="from-generator-endless-function",
    ),
    pytest.param(
        ENDLESS,
        "tf.data.Dataset.from_generator(generator=gen)",
        Dataset(
            None,
            "unknown",
            infinite=True,
            origin="tf.data.Dataset.from_generator(generator=gen)",
            infinite_reason="generator",
        ),
        id="from-generator-keyword",
    ),
    pytest.param(
        FINITE,
        "tf.data.Dataset.from_generator(fin)",
        Dataset(None, "unknown", origin="tf.data.Dataset.from_generator(fin)"),
        id="from-generator-finite-function",
    ),
    pytest.param(
        ENDLESS,
        "tf.data.Dataset.from_generator(lambda: gen())",
        Dataset(
            None,
            "unknown",
            infinite=True,
            origin="tf.data.Dataset.from_generator(lambda: gen())",
            infinite_reason="generator",
        ),
        id="from-generator-lambda-endless",
    ),
    pytest.param(
        FINITE,
        "tf.data.Dataset.from_generator(lambda: fin())",
        Dataset(None, "unknown", origin="tf.data.Dataset.from_generator(lambda: fin())"),
        id="from-generator-lambda-finite",
    ),
    pytest.param(
        ENDLESS,
        "tf.data.Dataset.from_generator(gen).take(10)",
        Dataset(10, "10", origin="tf.data.Dataset.from_generator(gen)"),
        id="from-generator-endless-take",
    ),
    pytest.param(
        ENDLESS,
        "tf.data.Dataset.from_generator(gen).batch(10)",
        Dataset(
            None,
            "unknown",
            batched=True,
            batch_size=10,
            infinite=True,
            origin="tf.data.Dataset.from_generator(gen)",
            infinite_reason="generator",
        ),
        id="from-generator-endless-batch",
    ),
    # --- range / zip ----------------------------------------------------------------------------
    pytest.param(
        "",
        "tf.data.Dataset.range(100)",
        Dataset(100, "100", origin="tf.data.Dataset.range(100)"),
        id="range",
    ),
    pytest.param(
        "",
        "tf.data.Dataset.range(100).batch(8)",
        Dataset(
            13,
            "ceil(100 / 8) = 13",
            batched=True,
            samples=100,
            batch_size=8,
            origin="tf.data.Dataset.range(100)",
        ),
        id="range-batch",
    ),
    pytest.param(
        "",
        "tf.data.Dataset.range(10, 100)",
        Dataset(None, "unknown", origin="tf.data.Dataset.range(10, 100)"),
        id="range-start-stop",
    ),
    pytest.param(
        "from tensorflow.data import Dataset\n",
        "Dataset.range(5)",
        Dataset(5, "5", origin="Dataset.range(5)"),
        id="range-imported-class",
    ),
    pytest.param(
        SLICES,
        "tf.data.Dataset.zip((ds, ds))",
        Dataset(None, "unknown", origin="tf.data.Dataset.zip((ds, ds))"),
        id="zip",
    ),
]


@pytest.mark.parametrize(("source", "expression", "expected"), CASES)
def test_tf_data(source: str, expression: str, expected: Value) -> None:
    assert evaluate(source, expression, preamble=PREAMBLE) == expected

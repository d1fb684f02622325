"""FL008 array-only-fit-argument: arguments that need `x` to be an array."""

from __future__ import annotations

import pytest

from fitlint.config import Settings
from fitlint.engine import Linter
from fitlint.fix import fix_source
from tests.rules.helpers import Case, assert_case, lint

PREAMBLE = """\
import numpy as np
import tensorflow as tf
from tensorflow import keras

x = np.random.rand(256, 8).astype("float32")
y = np.random.randint(0, 2, size=(256,))
model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1, activation="sigmoid")])
model.compile(optimizer="adam", loss="binary_crossentropy")
ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(32)


def gen(batch_size=32):
    while True:
        for i in range(0, 256, batch_size):
            yield x[i : i + batch_size], y[i : i + batch_size]


class Seq(keras.utils.Sequence):
    def __len__(self):
        return 8

    def __getitem__(self, i):
        return x[i * 32 : (i + 1) * 32], y[i * 32 : (i + 1) * 32]


"""
ROW = PREAMBLE.count("\n") + 1


def fl008(source: str, keras_version: int = 3) -> list[str]:
    found = lint(PREAMBLE + source, keras_version=keras_version)
    return [d.message for d in found if d.code == "FL008"]


POSITIVE_CASES: dict[str, Case] = {
    "validation_split_dataset": Case(
        "model.fit(ds, validation_split=0.2)\n",
        [(ROW, 15)],
        "`validation_split=0.2` works only when `x` is an array, and `ds` is a tf.data.Dataset: "
        "`fit()` raises ValueError: Argument `validation_split` is only supported for tensors "
        "or NumPy arrays",
    ),
    "validation_split_generator": Case(
        "model.fit(gen(), steps_per_epoch=8, validation_split=0.25)\n",
        [(ROW, 37)],
        "`gen()` is a Python generator",
    ),
    "validation_split_sequence": Case(
        "model.fit(Seq(), validation_split=0.1)\n",
        [(ROW, 18)],
        "`Seq()` is a keras.utils.Sequence / PyDataset",
    ),
    "sample_weight_dataset": Case(
        "model.fit(ds, sample_weight=np.ones(256))\n",
        [(ROW, 15)],
        "raises ValueError: When providing `x` as a tf.data.Dataset, `sample_weights` should "
        "not be passed",
    ),
    "sample_weight_generator_evaluate": Case(
        "model.evaluate(gen(), steps=8, sample_weight=np.ones(256))\n",
        [(ROW, 32)],
        "`evaluate()` raises ValueError: When providing `x` as a generator",
    ),
    "class_weight_generator": Case(
        "model.fit(gen(), steps_per_epoch=8, class_weight={0: 1.0, 1: 10.0})\n",
        [(ROW, 37)],
        "raises ValueError: Argument `class_weight` is not supported for Python generator inputs",
    ),
    "batch_size_dataset": Case(
        "model.fit(ds, batch_size=64)\n",
        [(ROW, 15)],
        "`batch_size=64` has no effect: `ds` is a tf.data.Dataset, which makes its own batches "
        "(its batches are of 32)",
    ),
    "batch_size_generator_predict": Case(
        "model.predict(gen(), steps=8, batch_size=16)\n",
        [(ROW, 31)],
        "`predict()` ignores `batch_size` without a word",
    ),
}


@pytest.mark.parametrize("name", POSITIVE_CASES)
def test_flags(name: str) -> None:
    case = POSITIVE_CASES[name]
    assert_case([d for d in lint(PREAMBLE + case.source) if d.code == "FL008"], case, "FL008")


FALSE_POSITIVE_TRAPS = {
    "arrays": "model.fit(x, y, validation_split=0.2, sample_weight=np.ones(256), batch_size=64, class_weight={0: 1, 1: 2})\n",
    "class_weight_dataset": "model.fit(ds, class_weight={0: 1.0, 1: 10.0})\n",
    "class_weight_sequence": "model.fit(Seq(), class_weight={0: 1.0, 1: 10.0})\n",
    "validation_split_zero": "model.fit(ds, validation_split=0.0)\n",
    "validation_split_unknown": "def go(split):\n    model.fit(ds, validation_split=split)\n",
    "batch_size_none": "model.fit(ds, batch_size=None)\n",
    "unbatched_dataset": (
        "raw = tf.data.Dataset.from_tensor_slices((x, y))\nmodel.fit(raw, batch_size=32)\n"
    ),
    "unknown_data": "def go(data):\n    model.fit(data, validation_split=0.2, batch_size=32)\n",
    "list_of_arrays": "model.fit([x, x], y, validation_split=0.2)\n",
    "sklearn": (
        "from sklearn.linear_model import LogisticRegression\n"
        "LogisticRegression().fit(ds, y, sample_weight=np.ones(256))\n"
    ),
    "own_class": (
        "class Trainer:\n    def fit(self, data, batch_size=1):\n        pass\n"
        "Trainer().fit(ds, batch_size=64)\n"
    ),
    "kwargs": "opts = {}\nmodel.fit(ds, batch_size=64, **opts)\n",
}


@pytest.mark.parametrize("name", FALSE_POSITIVE_TRAPS)
def test_stays_silent(name: str) -> None:
    assert fl008(FALSE_POSITIVE_TRAPS[name]) == []


def test_class_weight_with_a_generator_is_a_keras3_problem() -> None:
    source = "model.fit(gen(), steps_per_epoch=8, class_weight={0: 1.0, 1: 10.0})\n"
    (diagnostic,) = [d for d in lint(PREAMBLE + source, keras_version=2) if d.code == "FL008"]
    assert diagnostic.severity.value == "warning"
    assert "works in Keras 2 but raises ValueError" in diagnostic.message


def test_keras2_wording_for_sample_weight() -> None:
    (message,) = fl008("model.fit(ds, sample_weight=np.ones(256))\n", keras_version=2)
    assert "`sample_weight` argument is not supported when using dataset as input" in message


def test_the_batch_size_fix_removes_the_argument() -> None:
    source = PREAMBLE + "model.fit(ds, batch_size=64, epochs=2)\n"
    outcome = fix_source(Linter(Settings()), source.encode(), "t.py", None, unsafe=False)
    assert outcome.fixed.decode() == PREAMBLE + "model.fit(ds, epochs=2)\n"

"""FL007 loss-output-mismatch: loss, output units and labels that disagree."""

from __future__ import annotations

import pytest

from tests.rules.helpers import Case, assert_case, lint

PREAMBLE = """\
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

(x, y), (x_test, y_test) = keras.datasets.mnist.load_data()
x = x.reshape(-1, 784) / 255
"""


def fl007(source: str, keras_version: int = 3) -> list[str]:
    found = lint(PREAMBLE + source, keras_version=keras_version)
    return [d.message for d in found if d.code == "FL007"]


def model(units: int, activation: str, loss: str, name: str = "m") -> str:
    return (
        f"{name} = keras.Sequential([keras.Input((784,)), "
        f"layers.Dense({units}, activation={activation!r})])\n"
        f"{name}.compile(optimizer='adam', loss={loss})\n"
    )


POSITIVE_CASES: dict[str, Case] = {
    "cce_one_unit": Case(
        model(1, "sigmoid", "'categorical_crossentropy'"),
        [(8, 34)],
        "`m` is compiled with categorical_crossentropy but its output has 1 unit: the loss is "
        "0.0 in every epoch and nothing is learned",
    ),
    "cce_one_unit_then_activation": Case(
        "m = keras.Sequential()\nm.add(layers.Dense(1, input_shape=(784,)))\n"
        "m.add(layers.Activation('softmax'))\n"
        "m.compile(optimizer='adam', loss=keras.losses.CategoricalCrossentropy(from_logits=True))\n",
        [(10, 34)],
        "its output has 1 unit",
    ),
    "bce_ten_classes": Case(
        model(1, "sigmoid", "'binary_crossentropy'") + "m.fit(x, y, epochs=2)\n",
        [(8, 34)],
        "`m` is compiled with binary_crossentropy on 1 output unit, but `y` (from "
        "keras.datasets.mnist.load_data()) holds class indices 0–9 of 10 classes: binary "
        "crossentropy expects 0/1 targets, so Keras trains without a word while the loss goes "
        'negative and the model learns nothing useful. Use `Dense(10, activation="softmax")` '
        "with sparse_categorical_crossentropy.",
    ),
    "sparse_one_hot": Case(
        model(10, "softmax", "'sparse_categorical_crossentropy'")
        + "m.fit(x, keras.utils.to_categorical(y), epochs=2)\n",
        [(8, 34)],
        "`m` is compiled with sparse_categorical_crossentropy, which takes class indices, but "
        "`keras.utils.to_categorical(y)` holds one-hot rows: `fit()` raises ValueError: "
        "Argument `output` must have rank (ndim) `target.ndim - 1` at the first batch.",
    ),
    "sparse_eye_rows": Case(
        model(3, "softmax", "'sparse_categorical_crossentropy'")
        + "t = np.random.randint(0, 3, size=(100,))\nm.fit(x[:100], np.eye(3)[t])\n",
        [(8, 34)],
        "holds one-hot rows",
    ),
    "cce_indices": Case(
        model(10, "softmax", "'categorical_crossentropy'") + "m.fit(x, y[:1000], epochs=2)\n",
        [(8, 34)],
        "`m` is compiled with categorical_crossentropy, which takes one-hot rows, but "
        "`y[:1000]` (from keras.datasets.mnist.load_data()) holds class indices: `fit()` "
        "raises ValueError: Arguments `target` and `output` must have the same rank (ndim) at "
        "the first batch. Use sparse_categorical_crossentropy, or one-hot the labels with "
        "`keras.utils.to_categorical(y[:1000], 10)`.",
    ),
    "bce_cifar100": Case(
        "(a, b), _ = keras.datasets.cifar100.load_data()\n"
        + model(1, "sigmoid", "'binary_crossentropy'")
        + "m.fit(a.reshape(-1, 784), b.ravel())\n",
        [(9, 34)],
        "holds class indices 0–99 of 100 classes",
    ),
    "cce_index_column_wording": Case(
        model(10, "softmax", "'categorical_crossentropy'") + "m.fit(x, y.reshape(-1, 1))\n",
        [(8, 34)],
        "raises ValueError: Arguments `target` and `output` must have the same shape at the "
        "first batch",
    ),
    "cce_from_logits_advice": Case(
        model(10, "linear", "keras.losses.CategoricalCrossentropy(from_logits=True)")
        + "m.fit(x, y)\n",
        [(8, 34)],
        "Use `keras.losses.SparseCategoricalCrossentropy(from_logits=True)`",
    ),
    "loss_in_a_variable": Case(
        "loss_fn = keras.losses.CategoricalCrossentropy()\n" + model(1, "sigmoid", "loss_fn"),
        [(9, 34)],
        "its output has 1 unit",
    ),
    "add_input_first": Case(
        "m = keras.Sequential()\nm.add(keras.Input((784,)))\n"
        "m.add(layers.Dense(10, activation='softmax'))\n"
        "m.compile(optimizer='adam', loss='categorical_crossentropy')\nm.fit(x, y)\n",
        [(10, 34)],
        "holds class indices",
    ),
    "cce_indices_functional": Case(
        "i = keras.Input((784,))\nh = layers.Dense(64, activation='relu')(i)\n"
        "o = layers.Dense(10, activation='softmax')(h)\nf = keras.Model(i, o)\n"
        "f.compile('adam', 'categorical_crossentropy')\nf.fit(x, y.reshape(-1, 1))\n",
        [(11, 19)],
        "holds class indices",
    ),
}


@pytest.mark.parametrize("name", POSITIVE_CASES)
def test_flags(name: str) -> None:
    case = POSITIVE_CASES[name]
    assert_case([d for d in lint(PREAMBLE + case.source) if d.code == "FL007"], case, "FL007")


FALSE_POSITIVE_TRAPS = {
    "sparse_indices": model(10, "softmax", "'sparse_categorical_crossentropy'") + "m.fit(x, y)\n",
    "cce_one_hot": model(10, "softmax", "'categorical_crossentropy'")
    + "m.fit(x, keras.utils.to_categorical(y, 10))\n",
    "bce_binary_labels": model(1, "sigmoid", "'binary_crossentropy'")
    + "m.fit(x[:100], np.random.randint(0, 2, size=(100,)))\n",
    "bce_multi_label": model(5, "sigmoid", "'binary_crossentropy'"),
    "unknown_labels": model(10, "softmax", "'categorical_crossentropy'")
    + "def go(labels):\n    m.fit(x, labels)\n",
    "custom_loss": "def my_loss(t, p):\n    return p\n" + model(1, "sigmoid", "my_loss"),
    "compiled_twice": model(1, "sigmoid", "'categorical_crossentropy'")
    + "m.compile(optimizer='adam', loss='binary_crossentropy')\n",
    "multi_output": (
        "i = keras.Input((784,))\na = layers.Dense(1)(i)\nb = layers.Dense(10)(i)\n"
        "f = keras.Model(i, [a, b])\nf.compile('adam', 'categorical_crossentropy')\n"
    ),
    "column_of_one_hot": model(10, "softmax", "'sparse_categorical_crossentropy'")
    + "m.fit(x, keras.utils.to_categorical(y)[:, 3])\n",
    "unknown_output": (
        "base = keras.applications.MobileNetV2(include_top=False)\n"
        "m = keras.Sequential([base])\nm.compile('adam', 'categorical_crossentropy')\nm.fit(x, y)\n"
    ),
    "cifar100_bce_unknown_label_mode": (
        "(a, b), _ = keras.datasets.cifar100.load_data(label_mode=MODE)\n"
        + model(1, "sigmoid", "'binary_crossentropy'")
        + "m.fit(a.reshape(-1, 784), b)\n"
    ),
    "binary_subset_by_mask": model(1, "sigmoid", "'binary_crossentropy'")
    + "keep = y < 2\nm.fit(x[keep], y[keep])\n",
    "binary_subset_by_filter": model(1, "sigmoid", "'binary_crossentropy'")
    + "y2 = y[y < 2]\nm.fit(x[: len(y2)], y2)\n",
    "labels_changed_in_place": model(1, "sigmoid", "'binary_crossentropy'")
    + "y[y == 3] = 0\ny[y == 8] = 1\nm.fit(x, y)\n",
}


@pytest.mark.parametrize("name", FALSE_POSITIVE_TRAPS)
def test_stays_silent(name: str) -> None:
    assert fl007(FALSE_POSITIVE_TRAPS[name]) == []


def test_keras2_wording() -> None:
    (message,) = fl007(
        model(10, "softmax", "'categorical_crossentropy'") + "m.fit(x, y)\n", keras_version=2
    )
    assert "raises ValueError (the class indices do not have the output's shape)" in message

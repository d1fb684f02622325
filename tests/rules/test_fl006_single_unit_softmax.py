"""FL006 single-unit-softmax: a softmax over one unit outputs 1.0 whatever the input."""

from __future__ import annotations

import pytest

from fitlint.config import Settings
from fitlint.engine import Linter
from fitlint.fix import fix_source
from tests.rules.helpers import Case, assert_case, lint

PREAMBLE = """\
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers
"""


def fl006(source: str, keras_version: int = 3) -> list[str]:
    found = lint(PREAMBLE + source, keras_version=keras_version)
    return [d.message for d in found if d.code == "FL006"]


POSITIVE_CASES: dict[str, Case] = {
    "dense_bce": Case(
        'm = keras.Sequential([keras.Input((8,)), layers.Dense(1, activation="softmax")])\n'
        'm.compile(optimizer="adam", loss="binary_crossentropy")\n',
        [(4, 69)],
        '`layers.Dense(1, activation="softmax")` is a softmax over 1 unit: it outputs 1.0 for '
        "every input, so every prediction is 1.0 and nothing is learned (accuracy stays at the "
        "share of the class labelled 1). With binary_crossentropy the loss still falls as if "
        "the model learned, so the training log hides it.",
    ),
    "dense_cce_class_loss": Case(
        "m = keras.Sequential([keras.Input((8,)), layers.Dense(1, activation='softmax')])\n"
        "m.compile(optimizer='adam', loss=keras.losses.CategoricalCrossentropy())\n",
        [(4, 69)],
        "With categorical_crossentropy the loss is 0.0 in every epoch.",
    ),
    "units_keyword_and_activation_function": Case(
        "out = layers.Dense(units=1, activation=keras.activations.softmax)\n",
        [(4, 40)],
        "is a softmax over 1 unit",
    ),
    "tf_nn_softmax": Case(
        "out = layers.Dense(1, activation=tf.nn.softmax)\n", [(4, 34)], "over 1 unit"
    ),
    "add_chain_activation": Case(
        "m = keras.Sequential()\nm.add(layers.Dense(1, input_shape=(8,)))\n"
        "m.add(layers.Activation('softmax'))\n",
        [(6, 25)],
        "`layers.Activation('softmax')` right after the 1-unit `Dense` is a softmax over 1 unit",
    ),
    "functional_softmax_layer": Case(
        "i = keras.Input((8,))\nh = layers.Dense(1)(i)\no = layers.Softmax()(h)\n"
        "m = keras.Model(i, o)\n",
        [(6, 5)],
        "`layers.Softmax()` right after the 1-unit `Dense`",
    ),
    "one_filter_convolution": Case(
        "mask = layers.Conv2D(1, (1, 1), activation='softmax')\n",
        [(4, 44)],
        "is a softmax over 1 filter",
    ),
    "import_alias": Case(
        "from tensorflow.keras.layers import Dense as FC\nout = FC(1, activation='softmax')\n",
        [(5, 24)],
        "`FC(1, activation='softmax')` is a softmax over 1 unit",
    ),
    "positional_activation": Case("out = layers.Dense(1, 'softmax')\n", [(4, 23)], "over 1 unit"),
    "constants": Case(
        "N = 1\nACT = 'softmax'\nout = layers.Dense(N, activation=ACT)\n",
        [(6, 34)],
        "over 1 unit",
    ),
    "dropout_between": Case(
        "m = keras.Sequential([keras.Input((8,)), layers.Dense(1), layers.Dropout(0.5), "
        "layers.Activation('softmax')])\n",
        [(4, 98)],
        "right after the 1-unit `Dense`",
    ),
    "from_logits_advice": Case(
        "m = keras.Sequential([keras.Input((8,)), layers.Dense(1, activation='softmax')])\n"
        "m.compile(optimizer='adam', loss=keras.losses.BinaryCrossentropy(from_logits=True))\n",
        [(4, 69)],
        "The loss is from logits: drop the activation (the loss applies the sigmoid).",
    ),
    "sparse_loss_wording": Case(
        "m = keras.Sequential([keras.Input((8,)), layers.Dense(1, activation='softmax')])\n"
        "m.compile(optimizer='adam', loss='sparse_categorical_crossentropy')\n",
        [(4, 69)],
        "with sparse_categorical_crossentropy any label above 0 is out of range for one unit, "
        "so fit() fails at the first batch",
    ),
    "time_distributed": Case(
        "head = layers.TimeDistributed(layers.Dense(1, activation='softmax'))\n",
        [(4, 58)],
        "over 1 unit",
    ),
}


@pytest.mark.parametrize("name", POSITIVE_CASES)
def test_flags(name: str) -> None:
    case = POSITIVE_CASES[name]
    assert_case([d for d in lint(PREAMBLE + case.source) if d.code == "FL006"], case, "FL006")


FALSE_POSITIVE_TRAPS = {
    "sigmoid": "m = keras.Sequential([keras.Input((8,)), layers.Dense(1, activation='sigmoid')])\n",
    "two_units": "m = keras.Sequential([keras.Input((8,)), layers.Dense(2, activation='softmax')])\n",
    "unknown_units": "def head(n):\n    return layers.Dense(n, activation='softmax')\n",
    "attention_over_time": (
        "t = keras.Input((50, 32))\ns = layers.Dense(1, activation='tanh')(t)\n"
        "w = layers.Softmax(axis=1)(s)\n"
    ),
    "activation_after_many_units": (
        "m = keras.Sequential([keras.Input((8,)), layers.Dense(4), layers.Activation('softmax')])\n"
    ),
    "activation_after_activated_layer": (
        "m = keras.Sequential([keras.Input((8,)), layers.Dense(1, activation='relu'), "
        "layers.Activation('softmax')])\n"
    ),
    "channels_first": "c = layers.Conv2D(1, 1, activation='softmax', data_format='channels_first')\n",
    "channels_first_for_the_whole_file": (
        "keras.backend.set_image_data_format('channels_first')\n"
        "c = layers.Conv2D(1, 1, activation='softmax')\n"
    ),
    "own_dense": "def Dense(units, activation=None):\n    return units\nDense(1, activation='softmax')\n",
    "torch": "import torch\nsoft = torch.nn.Softmax(dim=1)\nlin = torch.nn.Linear(4, 1)\n",
}


@pytest.mark.parametrize("name", FALSE_POSITIVE_TRAPS)
def test_stays_silent(name: str) -> None:
    assert fl006(FALSE_POSITIVE_TRAPS[name]) == []


def test_keras2_is_the_same_error() -> None:
    source = "out = layers.Dense(1, activation='softmax')\n"
    (diagnostic,) = [d for d in lint(PREAMBLE + source, keras_version=2) if d.code == "FL006"]
    assert diagnostic.severity.value == "error"


def test_the_unsafe_fix_writes_sigmoid_when_the_loss_is_binary() -> None:
    source = (
        PREAMBLE
        + 'm = keras.Sequential([keras.Input((8,)), layers.Dense(1, activation="softmax")])\n'
        + 'm.compile(optimizer="adam", loss="binary_crossentropy")\n'
    )
    linter = Linter(Settings())
    assert not fix_source(linter, source.encode(), "t.py", None, unsafe=False).changed
    outcome = fix_source(linter, source.encode(), "t.py", None, unsafe=True)
    assert outcome.fixed.decode() == source.replace('"softmax"', '"sigmoid"')


def test_no_fix_without_a_binary_loss() -> None:
    source = (
        PREAMBLE
        + "m = keras.Sequential([keras.Input((8,)), layers.Dense(1, activation='softmax')])\n"
    )
    outcome = fix_source(Linter(Settings()), source.encode(), "t.py", None, unsafe=True)
    assert not outcome.changed

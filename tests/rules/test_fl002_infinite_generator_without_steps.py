"""FL002 infinite-generator-without-steps: endless data without a step count."""

from __future__ import annotations

import pytest

from tests.rules.helpers import Case, assert_case, lint

PREAMBLE = """
import itertools
import numpy as np
import tensorflow as tf
from tensorflow import keras

model = keras.Sequential([keras.layers.Dense(1)])
x = np.random.rand(1000, 10)
y = np.random.rand(1000, 1)

def forever(x, y, batch_size=32):
    while True:
        for i in range(0, len(x), batch_size):
            yield x[i:i + batch_size], y[i:i + batch_size]

def once(x, y, batch_size=32):
    for i in range(0, len(x), batch_size):
        yield x[i:i + batch_size], y[i:i + batch_size]
"""

STREAM_CLASS = """
class Stream:
    def endless(self):
        while True:
            yield x[:32], y[:32]

stream = Stream()
"""

# Why `forever()` is endless, as the messages say it.
FOREVER = "is endless (`forever()` yields inside an endless `while` loop (no `break` or `return`))"

POSITIVE_CASES: dict[str, Case] = {
    "method_generator_of_a_local_class": Case(
        STREAM_CLASS + "model.fit(stream.endless(), epochs=3)\n",
        [(25, 11)],
        "`stream.endless()` is endless (`endless()` yields inside an endless `while` loop (no "
        "`break` or `return`)) and `fit()` has no `steps_per_epoch`",
    ),
    "generator_object": Case(
        "gen = forever(x, y)\nmodel.fit(gen, epochs=3)\n",
        [(19, 11)],
        f"`gen` {FOREVER} and `fit()` has no `steps_per_epoch`",
    ),
    "generator_call_inline": Case(
        "model.fit(forever(x, y), epochs=3)\n",
        [(18, 11)],
        f"`forever(x, y)` {FOREVER} and `fit()` has no `steps_per_epoch`",
    ),
    "steps_none": Case(
        "model.fit(forever(x, y), steps_per_epoch=None, epochs=3)\n",
        [(18, 11)],
        f"`forever(x, y)` {FOREVER} and `fit()` has no `steps_per_epoch`",
    ),
    "fit_generator": Case(
        "model.fit_generator(forever(x, y), epochs=3)\n",
        [(18, 21)],
        f"`forever(x, y)` {FOREVER} and `fit_generator()` has no `steps_per_epoch`",
    ),
    "validation_data": Case(
        "model.fit(forever(x, y), steps_per_epoch=32, validation_data=forever(x, y))\n",
        [(18, 62)],
        f"validation_data `forever(x, y)` {FOREVER} and `fit()` has no `validation_steps`",
    ),
    "repeated_dataset": Case(
        "ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(32).repeat()\n"
        "model.fit(ds, epochs=2)\n",
        [(19, 11)],
        "`ds` is endless (the dataset is `.repeat()`ed with no count) and `fit()` has no "
        "`steps_per_epoch`",
    ),
    "repeat_minus_one": Case(
        "ds = tf.data.Dataset.from_tensor_slices((x, y)).repeat(-1).batch(32)\n"
        "model.fit(ds, epochs=2)\n",
        [(19, 11)],
        "`ds` is endless (the dataset is `.repeat()`ed with no count) and `fit()` has no "
        "`steps_per_epoch`",
    ),
    "cycle": Case(
        "model.fit(itertools.cycle([(x, y)]), epochs=2)\n",
        [(18, 11)],
        "`itertools.cycle([(x, y)])` is endless (`itertools.cycle([(x, y)])` never runs out) and "
        "`fit()` has no `steps_per_epoch`",
    ),
    "evaluate_without_steps": Case(
        "model.evaluate(forever(x, y))\n",
        [(18, 16)],
        f"`forever(x, y)` {FOREVER} and `evaluate()` has no `steps`: the call never returns",
    ),
    "predict_without_steps": Case(
        "model.predict(forever(x, y))\n",
        [(18, 15)],
        f"`forever(x, y)` {FOREVER} and `predict()` has no `steps`: the call never returns",
    ),
    "while_one": Case(
        "def gen2():\n    while 1:\n        yield x, y\nmodel.fit(gen2(), epochs=2)\n",
        [(21, 11)],
        "`gen2()` is endless (`gen2()` yields inside an endless `while` loop (no `break` or "
        "`return`)) and `fit()` has no `steps_per_epoch`",
    ),
    "from_generator_of_endless_function": Case(
        "ds = tf.data.Dataset.from_generator(forever, output_signature=None)\n"
        "model.fit(ds, epochs=2)\n",
        [(19, 11)],
        "`ds` is endless (`tf.data.Dataset.from_generator(forever, outpu...` wraps a generator "
        "whose `while` loop never ends) and `fit()` has no `steps_per_epoch`",
    ),
    "from_generator_lambda": Case(
        "ds = tf.data.Dataset.from_generator(lambda: forever(x, y), output_types=(tf.float32, tf.float32))\n"
        "model.fit(ds.batch(4), epochs=2)\n",
        [(19, 11)],
        "`ds.batch(4)` is endless (`tf.data.Dataset.from_generator(lambda: foreve...` wraps a "
        "generator whose `while` loop never ends) and `fit()` has no `steps_per_epoch`",
    ),
    "in_a_function_with_module_generator": Case(
        "train_gen = forever(x, y)\ndef train():\n    model.fit(train_gen, epochs=10)\n",
        [(20, 15)],
        f"`train_gen` {FOREVER} and `fit()` has no `steps_per_epoch`",
    ),
    "keras2_fit_generator_validation": Case(
        "model.fit_generator(forever(x, y), 100, 5, validation_data=forever(x, y))\n",
        [(18, 60)],
        f"validation_data `forever(x, y)` {FOREVER} and `fit_generator()` has no "
        "`validation_steps`",
    ),
}


@pytest.mark.parametrize("name", POSITIVE_CASES)
def test_flags_endless_data_without_steps(name: str) -> None:
    case = POSITIVE_CASES[name]
    diagnostics = [d for d in lint(PREAMBLE + case.source) if d.code == "FL002"]
    assert_case(diagnostics, case, "FL002")


FALSE_POSITIVE_TRAPS = {
    "method_generator_with_steps": (
        STREAM_CLASS + "model.fit(stream.endless(), steps_per_epoch=30, epochs=3)\n"
    ),
    "generator_with_steps": "model.fit(forever(x, y), steps_per_epoch=31, epochs=3)\n",
    "steps_by_position_fit_generator": "model.fit_generator(forever(x, y), 31, 3)\n",
    "validation_with_steps": (
        "model.fit(forever(x, y), steps_per_epoch=31, validation_data=forever(x, y), "
        "validation_steps=5)\n"
    ),
    "finite_generator": "model.fit(once(x, y), epochs=1)\n",
    "repeat_with_steps": (
        "ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(32).repeat()\n"
        "model.fit(ds, steps_per_epoch=31, epochs=2)\n"
    ),
    "repeat_with_count": (
        "ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(32).repeat(3)\n"
        "model.fit(ds, epochs=2)\n"
    ),
    "repeat_then_take": (
        "ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(32).repeat().take(31)\n"
        "model.fit(ds, epochs=2)\n"
    ),
    "plain_dataset": (
        "ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(32)\nmodel.fit(ds, epochs=2)\n"
    ),
    "while_true_with_break": (
        "def g():\n    while True:\n        yield x, y\n        if np.random.rand() > 0.5:\n"
        "            break\nmodel.fit(g(), epochs=1)\n"
    ),
    "while_true_with_return": (
        "def g():\n    while True:\n        yield x, y\n        return\nmodel.fit(g(), epochs=1)\n"
    ),
    "kwargs_may_carry_steps": "opts = {'steps_per_epoch': 10}\nmodel.fit(forever(x, y), **opts)\n",
    "sklearn_fit": (
        "from sklearn.linear_model import SGDRegressor\nreg = SGDRegressor()\n"
        "reg.fit(forever(x, y))\n"
    ),
    "from_generator_lambda_of_finite": (
        "ds = tf.data.Dataset.from_generator(lambda: once(x, y), output_types=(tf.float32, tf.float32))\n"
        "model.fit(ds, epochs=2)\n"
    ),
    "user_class_fit": (
        "class Trainer:\n    def fit(self, data):\n        for batch in data:\n            break\n"
        "Trainer().fit(forever(x, y))\n"
    ),
    "parameter_generator_unknown": "def train(gen):\n    model.fit(gen, epochs=2)\n",
    "evaluate_with_steps": "model.evaluate(forever(x, y), steps=10)\n",
    "flow_is_a_sequence": (
        "from tensorflow.keras.preprocessing.image import ImageDataGenerator\n"
        "flow = ImageDataGenerator().flow(x, y, batch_size=32)\nmodel.fit(flow, epochs=3)\n"
    ),
    "generator_rebound_to_list": "gen = forever(x, y)\ngen = [(x, y)]\nmodel.fit(gen, epochs=2)\n",
    "keras1_samples_per_epoch": (
        "model.fit_generator(forever(x, y), samples_per_epoch=1000, nb_epoch=2, "
        "validation_data=forever(x, y), nb_val_samples=100)\n"
    ),
    "keras1_val_samples": "model.evaluate_generator(forever(x, y), val_samples=100)\n",
    "train_on_batch_from_endless": "xb, yb = next(forever(x, y))\nmodel.train_on_batch(xb, yb)\n",
}


@pytest.mark.parametrize("name", FALSE_POSITIVE_TRAPS)
def test_stays_silent(name: str) -> None:
    assert [d for d in lint(PREAMBLE + FALSE_POSITIVE_TRAPS[name]) if d.code == "FL002"] == []


def test_message_for_fit() -> None:
    (diagnostic,) = lint(PREAMBLE + "train_gen = forever(x, y)\nmodel.fit(train_gen, epochs=3)\n")
    assert diagnostic.message.startswith(
        "`train_gen` is endless (`forever()` yields inside an endless `while` loop (no `break` "
        "or `return`)) and `fit()` has no `steps_per_epoch`: epoch 1 never ends"
    )
    # The steps in the file's own names: the generator's data and its batch size.
    assert diagnostic.message.endswith(
        "Pass `steps_per_epoch=` the number of batches in one pass over the data, e.g. "
        "`math.ceil(len(x) / 32)`."
    )
    # Located at the data argument.
    assert (diagnostic.location.row, diagnostic.location.column) == (19, 11)


def test_message_for_validation_and_dataset() -> None:
    source = PREAMBLE + (
        "val = tf.data.Dataset.from_tensor_slices((x, y)).batch(32).repeat()\n"
        "model.fit(x, y, validation_data=val)\n"
    )
    (diagnostic,) = lint(source)
    assert diagnostic.message.startswith(
        "validation_data `val` is endless (the dataset is `.repeat()`ed with no count) and "
        "`fit()` has no `validation_steps`: the first validation pass never ends"
    )
    # No generator call to read names from: placeholders.
    assert diagnostic.message.endswith("e.g. `math.ceil(len(x_val) / batch_size)`.")


def test_keras2_dataset_message_names_the_value_error() -> None:
    source = PREAMBLE + (
        "ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(32).repeat()\nmodel.fit(ds)\n"
    )
    (diagnostic,) = lint(source, keras_version=2)
    assert "tf.keras 2 refuses an endless dataset with ValueError" in diagnostic.message


def test_expected_error_in_a_test_is_silent() -> None:
    source = PREAMBLE + (
        "import unittest\nclass T(unittest.TestCase):\n    def test(self):\n"
        "        with self.assertRaises(ValueError):\n            model.fit(forever(x, y))\n"
    )
    assert lint(source) == []


def test_keras2_fit_generator_message_names_standalone_keras_value_error() -> None:
    (diagnostic,) = [
        d
        for d in lint(PREAMBLE + "model.fit_generator(forever(x, y))\n", keras_version=2)
        if d.code == "FL002"
    ]
    assert "Standalone Keras 2.0-2.3 refuses this at once with ValueError" in diagnostic.message


def test_message_for_evaluate() -> None:
    (diagnostic,) = lint(PREAMBLE + "model.evaluate(forever(x, y))\n")
    assert "`evaluate()` has no `steps`: the call never returns" in diagnostic.message

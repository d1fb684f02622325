"""FL004 steps-per-epoch-mismatch: step counts that disagree with the data the file shows."""

from __future__ import annotations

import pytest

from tests.rules.helpers import Case, assert_case, lint

PREAMBLE = """
import math
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras.preprocessing.image import ImageDataGenerator

model = keras.Sequential([keras.layers.Dense(1)])
x = np.random.rand(1000, 10)
y = np.random.rand(1000, 1)
x_val = np.random.rand(200, 10)
y_val = np.random.rand(200, 1)
batch_size = 32

def forever(x, y):
    while True:
        yield x[:32], y[:32]
"""


def fl004(source: str) -> list[str]:
    return [d.message for d in lint(PREAMBLE + source) if d.code == "FL004"]


POSITIVE_CASES: dict[str, Case] = {
    "array_too_many_steps": Case(
        "model.fit(x, y, batch_size=32, steps_per_epoch=50)\n",
        [(17, 48)],
        "steps_per_epoch=50 but `x` holds 1000 samples, which batch_size=32 splits into "
        'ceil(1000 / 32) = 32 batches: Keras warns "Your input ran out of data; interrupting '
        'training" and every epoch ends after 32 steps, not 50. Use steps_per_epoch=32 or drop '
        "it.",
    ),
    "len_as_steps_without_batch_size": Case(
        "model.fit(x, y, steps_per_epoch=len(x))\n",
        [(17, 33)],
        "steps_per_epoch=len(x) counts samples, not batches: with no batch_size, Keras infers "
        "batch_size = ceil(1000 / 1000) = 1 from it",
    ),
    "array_too_few_steps": Case(
        "model.fit(x, y, batch_size=32, steps_per_epoch=5)\n",
        [(17, 48)],
        "steps_per_epoch=5 but `x` holds 1000 samples, which batch_size=32 splits into "
        "ceil(1000 / 32) = 32 batches: each epoch trains on only 5 × 32 = 160 of the 1000 samples",
    ),
    "len_as_steps": Case(
        "model.fit(x, y, batch_size=batch_size, steps_per_epoch=len(x))\n",
        [(17, 56)],
        "steps_per_epoch=len(x) = 1000 counts samples, not batches: `x` holds 1000 samples, "
        "which batch_size=32 splits into ceil(1000 / 32) = 32 batches, so each epoch asks for "
        "1000 batches where one pass has 32",
    ),
    "shape_as_steps": Case(
        "model.fit(x, y, steps_per_epoch=x.shape[0])\n",
        [(17, 33)],
        "steps_per_epoch=x.shape[0] counts samples, not batches: with no batch_size, Keras "
        "infers batch_size = ceil(1000 / 1000) = 1 from it",
    ),
    "dataset_too_many_steps": Case(
        "ds = tf.data.Dataset.from_tensor_slices((x, y)).shuffle(100).batch(32)\n"
        "model.fit(ds, steps_per_epoch=50, epochs=3)\n",
        [(18, 31)],
        'steps_per_epoch=50 but `ds` yields ceil(1000 / 32) = 32 batches: Keras warns "Your '
        'input ran out of data; interrupting training" and every epoch ends after 32 steps, not '
        "50. Use steps_per_epoch=32 or drop it.",
    ),
    "dataset_drop_remainder": Case(
        "ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(32, drop_remainder=True)\n"
        "model.fit(ds, steps_per_epoch=32, epochs=3)\n",
        [(18, 31)],
        'steps_per_epoch=32 but `ds` yields 1000 // 32 = 31 batches: Keras warns "Your input ran '
        'out of data; interrupting training" and every epoch ends after 31 steps, not 32. Use '
        "steps_per_epoch=31 or drop it.",
    ),
    "validation_steps_too_many_arrays": Case(
        "model.fit(x, y, batch_size=32, validation_data=(x_val, y_val), validation_steps=10)\n",
        [(17, 81)],
        "validation_steps=10 but the validation data holds 200 samples, which batch_size=32 "
        'splits into ceil(200 / 32) = 7 batches: Keras warns "Your input ran out of data" and '
        "each validation stops after 7 of the 10 steps. Use validation_steps=7 or drop it.",
    ),
    "validation_dataset": Case(
        "val = tf.data.Dataset.from_tensor_slices((x_val, y_val)).batch(50)\n"
        "model.fit(forever(x, y), steps_per_epoch=10, validation_data=val, validation_steps=5)\n",
        [(18, 84)],
        'validation_steps=5 but `val` yields ceil(200 / 50) = 4 batches: Keras warns "Your input '
        'ran out of data" and each validation stops after 4 of the 5 steps. Use '
        "validation_steps=4 or drop it.",
    ),
    "flow_samples": Case(
        "train = ImageDataGenerator(rescale=1 / 255).flow_from_directory('data/train')\n"
        "model.fit(train, steps_per_epoch=train.samples, epochs=5)\n",
        [(18, 34)],
        "steps_per_epoch=train.samples counts samples, not batches: each epoch asks for as many "
        "batches as `train` has samples",
    ),
    "flow_samples_in_variable": Case(
        "train = ImageDataGenerator().flow_from_directory('data/train')\n"
        "n_steps = train.samples\n"
        "model.fit_generator(train, steps_per_epoch=n_steps, epochs=5)\n",
        [(19, 44)],
        "steps_per_epoch=train.samples counts samples, not batches: each epoch asks for as many "
        "batches as `train` has samples",
    ),
    "sample_count_by_name": Case(
        "nb_train_samples = 2000\n"
        "train = ImageDataGenerator(rescale=1 / 255).flow_from_directory('data/train')\n"
        "model.fit_generator(train, steps_per_epoch=nb_train_samples, epochs=50)\n",
        [(19, 44)],
        "steps_per_epoch=nb_train_samples = 2000 counts samples, not batches: each epoch asks "
        "for as many batches as `train` has samples",
    ),
    "validation_split": Case(
        "model.fit(x, y, batch_size=100, validation_split=0.2, steps_per_epoch=10)\n",
        [(17, 71)],
        "steps_per_epoch=10 but `x` keeps 800 training samples after validation_split=0.2, which "
        'batch_size=100 splits into ceil(800 / 100) = 8 batches: Keras warns "Your input ran out '
        'of data; interrupting training" and every epoch ends after 8 steps, not 10. Use '
        "steps_per_epoch=8 or drop it.",
    ),
    "take_limits": Case(
        "ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(10).take(20)\n"
        "model.fit(ds, steps_per_epoch=25)\n",
        [(18, 31)],
        'steps_per_epoch=25 but `ds` yields 20 batches: Keras warns "Your input ran out of data; '
        'interrupting training" and every epoch ends after 20 steps, not 25. Use '
        "steps_per_epoch=20 or drop it.",
    ),
    "slice_of_array": Case(
        "model.fit(x[:320], y[:320], batch_size=10, steps_per_epoch=40)\n",
        [(17, 60)],
        "steps_per_epoch=40 but `x[:320]` holds 320 samples, which batch_size=10 splits into "
        'ceil(320 / 10) = 32 batches: Keras warns "Your input ran out of data; interrupting '
        'training" and every epoch ends after 32 steps, not 40. Use steps_per_epoch=32 or drop '
        "it.",
    ),
}


@pytest.mark.parametrize("name", POSITIVE_CASES)
def test_flags_mismatched_steps(name: str) -> None:
    case = POSITIVE_CASES[name]
    assert_case([d for d in lint(PREAMBLE + case.source) if d.code == "FL004"], case, "FL004")


FALSE_POSITIVE_TRAPS = {
    # With no batch_size Keras infers batch_size = ceil(samples / steps).
    "array_steps_without_batch_size": "model.fit(x, y, steps_per_epoch=40)\n",
    "array_few_steps_without_batch_size": "model.fit(x, y, steps_per_epoch=5)\n",
    "validation_steps_without_batch_size": (
        "model.fit(x, y, validation_data=(x_val, y_val), validation_steps=10)\n"
    ),
    "expected_error_in_a_test": (
        "import pytest\nwith pytest.raises(ValueError):\n"
        "    model.fit(x, y, batch_size=32, steps_per_epoch=500)\n"
    ),
    "floor_division": "model.fit(x, y, batch_size=32, steps_per_epoch=len(x) // 32)\n",
    "floor_with_name": "model.fit(x, y, batch_size=batch_size, steps_per_epoch=len(x) // batch_size)\n",
    "math_ceil": "model.fit(x, y, steps_per_epoch=math.ceil(len(x) / batch_size))\n",
    "int_division": "model.fit(x, y, steps_per_epoch=int(x.shape[0] / 32))\n",
    "exact_literal": "model.fit(x, y, batch_size=32, steps_per_epoch=32)\n",
    "floor_literal": "model.fit(x, y, batch_size=32, steps_per_epoch=31)\n",
    "endless_generator_any_steps": "model.fit(forever(x, y), steps_per_epoch=len(x))\n",
    "repeated_dataset_any_steps": (
        "ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(32).repeat()\n"
        "model.fit(ds, steps_per_epoch=500)\n"
    ),
    "flow_samples_divided": (
        "train = ImageDataGenerator().flow_from_directory('d')\n"
        "model.fit(train, steps_per_epoch=train.samples // train.batch_size)\n"
    ),
    "flow_len": (
        "train = ImageDataGenerator().flow(x, y, batch_size=32)\n"
        "model.fit(train, steps_per_epoch=len(train))\n"
    ),
    "sample_count_name_divided": (
        "nb_train_samples = 2000\n"
        "train = ImageDataGenerator().flow_from_directory('data/train', batch_size=16)\n"
        "model.fit_generator(train, steps_per_epoch=nb_train_samples // 16, epochs=50)\n"
    ),
    "image_size_is_not_a_sample_count": (
        "image_size = 64\ntrain = ImageDataGenerator().flow_from_directory('d')\n"
        "model.fit(train, steps_per_epoch=image_size)\n"
    ),
    "sample_named_with_unknown_data": (
        "n_samples = 2000\ndef go(gen):\n    model.fit(gen, steps_per_epoch=n_samples)\n"
    ),
    "unknown_data_hard_coded_steps": (
        "def train(data):\n    model.fit(data, steps_per_epoch=100, epochs=5)\n"
    ),
    "unknown_batch_size": (
        "import sys\nbs = int(sys.argv[1])\nmodel.fit(x, y, batch_size=bs, steps_per_epoch=50)\n"
    ),
    "filtered_dataset_unknown_count": (
        "ds = tf.data.Dataset.from_tensor_slices((x, y)).filter(lambda a, b: True).batch(32)\n"
        "model.fit(ds, steps_per_epoch=100)\n"
    ),
    "dataset_fewer_steps_is_not_judged": (
        "ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(32)\n"
        "model.fit(ds, steps_per_epoch=10)\n"
    ),
    "sklearn_like_fit": (
        "class Booster:\n    def fit(self, x, y, steps_per_epoch):\n        pass\n"
        "Booster().fit(x, y, steps_per_epoch=len(x))\n"
    ),
    "kwargs": "kw = {}\nmodel.fit(x, y, steps_per_epoch=50, **kw)\n",
    "steps_none": "model.fit(x, y, steps_per_epoch=None)\n",
    "validation_steps_exact": (
        "model.fit(x, y, validation_data=(x_val, y_val), validation_steps=7)\n"
    ),
    "augmented_rebinding_unknown": (
        "steps = 10\nsteps *= int(input())\nmodel.fit(x, y, steps_per_epoch=steps)\n"
    ),
}


@pytest.mark.parametrize("name", FALSE_POSITIVE_TRAPS)
def test_stays_silent(name: str) -> None:
    assert fl004(FALSE_POSITIVE_TRAPS[name]) == []


def test_message_more_steps_than_array_batches() -> None:
    (message,) = fl004("model.fit(x, y, batch_size=32, steps_per_epoch=50)\n")
    assert message == (
        "steps_per_epoch=50 but `x` holds 1000 samples, which batch_size=32 splits into "
        'ceil(1000 / 32) = 32 batches: Keras warns "Your input ran out of data; interrupting '
        'training" and every epoch ends after 32 steps, not 50. Use steps_per_epoch=32 or drop it.'
    )


def test_message_more_steps_keras2() -> None:
    messages = [
        d.message
        for d in lint(
            PREAMBLE + "model.fit(x, y, batch_size=32, steps_per_epoch=50)\n", keras_version=2
        )
        if d.code == "FL004"
    ]
    assert messages == [
        "steps_per_epoch=50 but `x` holds 1000 samples, which batch_size=32 splits into "
        'ceil(1000 / 32) = 32 batches: training stops with "Your input ran out of data" after '
        "the 32 steps of epoch 1. Use steps_per_epoch=32 or drop it."
    ]


def test_message_dataset() -> None:
    source = (
        "ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(32)\n"
        "model.fit(ds, steps_per_epoch=50)\n"
    )
    (message,) = fl004(source)
    assert message.startswith(
        'steps_per_epoch=50 but `ds` yields ceil(1000 / 32) = 32 batches: Keras warns "Your '
        'input ran out of data; interrupting training" and every epoch ends after 32 steps, not 50.'
    )
    assert "`.repeat()`" in message


def test_message_sample_count_without_batch_size() -> None:
    (message,) = fl004("model.fit(x, y, steps_per_epoch=len(x))\n")
    assert message.startswith(
        "steps_per_epoch=len(x) counts samples, not batches: with no batch_size, Keras infers "
        "batch_size = ceil(1000 / 1000) = 1 from it, so every epoch runs one single-sample step "
        "per sample"
    )


def test_message_sample_count() -> None:
    (message,) = fl004("model.fit(x, y, batch_size=32, steps_per_epoch=len(x))\n")
    assert message.startswith(
        "steps_per_epoch=len(x) = 1000 counts samples, not batches: `x` holds 1000 samples, "
        "which batch_size=32 splits into ceil(1000 / 32) = 32 batches, so each epoch asks for "
        "1000 batches where one pass has 32"
    )


def test_message_too_few_steps() -> None:
    (message,) = fl004("model.fit(x, y, batch_size=32, steps_per_epoch=5)\n")
    assert "each epoch trains on only 5 × 32 = 160 of the 1000 samples" in message


def test_message_validation_split_and_validation_steps() -> None:
    (message,) = fl004(
        "model.fit(x, y, batch_size=100, validation_split=0.2, steps_per_epoch=10)\n"
    )
    assert "keeps 800 training samples after validation_split=0.2" in message
    assert "ceil(800 / 100) = 8 batches" in message
    (message,) = fl004(
        "model.fit(x, y, batch_size=32, validation_data=(x_val, y_val), validation_steps=10)\n"
    )
    assert message.startswith(
        "validation_steps=10 but the validation data holds 200 samples, which batch_size=32 "
        "splits into ceil(200 / 32) = 7 batches"
    )


def test_message_sample_count_by_name_for_training_and_validation() -> None:
    source = (
        "nb_train_samples = 2000\nnb_validation_samples = 800\n"
        "train = ImageDataGenerator().flow_from_directory('data/train', batch_size=16)\n"
        "val = ImageDataGenerator().flow_from_directory('data/val', batch_size=16)\n"
        "model.fit_generator(train, steps_per_epoch=nb_train_samples, epochs=50,\n"
        "    validation_data=val, validation_steps=nb_validation_samples)\n"
    )
    training, validation = fl004(source)
    assert training.startswith(
        "steps_per_epoch=nb_train_samples = 2000 counts samples, not batches: each epoch asks "
        "for as many batches as `train` has samples"
    )
    assert validation.startswith(
        "validation_steps=nb_validation_samples = 800 counts samples, not batches: each "
        "validation pass asks for as many batches as `val` has samples"
    )


def test_location_is_the_steps_value() -> None:
    (diagnostic,) = [
        d
        for d in lint(PREAMBLE + "model.fit(x, y, batch_size=32, steps_per_epoch=50)\n")
        if d.code == "FL004"
    ]
    assert (diagnostic.location.row, diagnostic.location.column) == (17, 48)

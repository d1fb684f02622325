"""FL004 steps-per-epoch-mismatch: step counts that disagree with the data the file shows."""

from __future__ import annotations

import pytest

from fitlint.diagnostics import Diagnostic, Severity
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
        "ceil(1000 / 32) = 32 batches: the run's single epoch trains on 5 of the 32 batches "
        "(5 × 32 = 160 of the 1000 samples), 0.2 of a pass over the data. Drop steps_per_epoch",
    ),
    "array_fewer_steps_many_epochs": Case(
        "model.fit(x, y, batch_size=100, steps_per_epoch=3, epochs=4)\n",
        [(17, 49)],
        "steps_per_epoch=3 but `x` holds 1000 samples, which batch_size=100 splits into "
        "ceil(1000 / 100) = 10 batches: one iterator runs on across epochs, so each epoch trains "
        "on 3 of the 10 batches (3 × 100 = 300 of the 1000 samples); epoch 4 gets the rest of a "
        'pass (1 batch) and ends with "Your input ran out of data", and epochs=4 makes 1 pass over '
        "the data, not 4.",
    ),
    "dataset_fewer_steps": Case(
        "ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(32)\n"
        "model.fit(ds, steps_per_epoch=10, epochs=5)\n",
        [(18, 31)],
        "steps_per_epoch=10 but `ds` yields ceil(1000 / 32) = 32 batches: one iterator runs on "
        "across epochs, so each epoch trains on 10 of the 32 batches (10 × 32 = 320 of the 1000 "
        'samples); epoch 4 gets the rest of a pass (2 batches) and ends with "Your input ran out '
        'of data", and epochs=5 makes 1.3 passes over the data, not 5. Drop steps_per_epoch '
        "(each epoch is then one pass over the data), or `.repeat()` the dataset",
    ),
    "dataset_fewer_steps_exact_fraction": Case(
        "ds = tf.data.Dataset.from_tensor_slices((x[:960], y[:960])).batch(32)\n"
        "model.fit(ds, steps_per_epoch=10, epochs=6)\n",
        [(18, 31)],
        "`ds` yields ceil(960 / 32) = 30 batches: one iterator runs on across epochs, so each "
        "epoch trains on 10 of the 30 batches (10 × 32 = 320 of the 960 samples), and epochs=6 "
        "makes 2 passes over the data, not 6.",
    ),
    "flow_fewer_steps": Case(
        "train = ImageDataGenerator().flow(x, y, batch_size=32)\n"
        "model.fit(train, steps_per_epoch=10, epochs=3)\n",
        [(18, 34)],
        "steps_per_epoch=10 but `train` yields ceil(1000 / 32) = 32 batches: one iterator runs "
        "on across epochs, so each epoch trains on 10 of the 32 batches (10 × 32 = 320 of the "
        "1000 samples), and epochs=3 makes 0.9 passes over the data, not 3.",
    ),
    "validation_dataset_fewer_steps": Case(
        "val = tf.data.Dataset.from_tensor_slices((x_val, y_val)).batch(20)\n"
        "model.fit(x, y, epochs=3, validation_data=val, validation_steps=2)\n",
        [(18, 65)],
        "validation_steps=2 but `val` yields ceil(200 / 20) = 10 batches: every validation uses "
        "the same first 2 of the 10 batches (2 × 20 = 40 of the 200 samples), so val_loss, val "
        "metrics and the callbacks that watch them judge the model on part of the validation "
        "data. Drop validation_steps (Keras then validates on all 10 batches).",
    ),
    "validation_arrays_fewer_steps": Case(
        "model.fit(x, y, batch_size=20, epochs=3, validation_data=(x_val, y_val), "
        "validation_steps=2)\n",
        [(17, 91)],
        "validation_steps=2 but the validation data holds 200 samples, which batch_size=20 "
        "splits into ceil(200 / 20) = 10 batches: every validation uses the same first 2 of the "
        "10 batches (2 × 20 = 40 of the 200 samples)",
    ),
    "evaluate_fewer_steps": Case(
        "ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(32)\nmodel.evaluate(ds, steps=5)\n",
        [(18, 26)],
        "steps=5 but `ds` yields ceil(1000 / 32) = 32 batches: evaluate() runs only the first 5 "
        "of the 32 batches (5 × 32 = 160 of the 1000 samples). Drop steps (Keras then runs all "
        "32).",
    ),
    "tfds_split_by_name_one_validation_step": Case(
        "import tensorflow_datasets as tfds\n"
        "data = tfds.load('rock_paper_scissors', as_supervised=True)\n"
        "model.fit(data['train'].batch(32), epochs=5, validation_data=data['test'].batch(32),\n"
        "          validation_steps=1)\n",
        [(20, 28)],
        "validation_steps=1 but `data['test'].batch(32)` yields ceil(372 / 32) = 12 batches: "
        "every validation uses the same first batch of the 12 batches (1 × 32 = 32 of the 372 "
        "samples)",
    ),
    "tfds_percent_slice": Case(
        "import tensorflow_datasets as tfds\n"
        "train = tfds.load('mnist', split='train[:80%]', batch_size=64)\n"
        "model.fit(train, steps_per_epoch=1000, epochs=2)\n",
        [(19, 34)],
        "steps_per_epoch=1000 but `train` yields ceil(48000 / 64) = 750 batches",
    ),
    "batches_of_another_size_repeated": Case(
        "import glob\npaths = glob.glob('*.png')\n"
        "ds = tf.data.Dataset.from_tensor_slices(paths).batch(128).repeat()\n"
        "model.fit(ds, steps_per_epoch=len(paths) // 256, epochs=3)\n",
        [(20, 31)],
        "steps_per_epoch=len(paths) // 256 counts batches of 256, but `ds` yields batches of "
        "128: each epoch covers 0.5 of a pass over the data, not one, and nothing warns. Use "
        "steps_per_epoch=math.ceil(len(paths) / 128).",
    ),
    "batches_of_another_size_finite_fewer": Case(
        "import glob\npaths = glob.glob('*.png')\n"
        "ds = tf.data.Dataset.from_tensor_slices(paths).batch(16)\n"
        "model.fit(ds, steps_per_epoch=len(paths) // 32, epochs=3)\n",
        [(20, 31)],
        "counts batches of 32, but `ds` yields batches of 16: each epoch trains on 0.5 of a pass",
    ),
    "batches_of_another_size_finite_more": Case(
        "import os\npaths = sorted(os.listdir('d'))\n"
        "ds = tf.data.Dataset.from_tensor_slices(paths).batch(64)\n"
        "model.fit(ds, steps_per_epoch=len(paths) // 32, epochs=3)\n",
        [(20, 31)],
        "counts batches of 32, but `ds` yields batches of 64: each epoch asks for 2 passes where "
        'the data has one: Keras warns "Your input ran out of data; interrupting training"',
    ),
    "batches_of_another_size_flow_from_directory": Case(
        "train = ImageDataGenerator().flow_from_directory('d', batch_size=16)\n"
        "model.fit(train, steps_per_epoch=max(1, train.samples // 32), epochs=3)\n",
        [(18, 34)],
        "steps_per_epoch=max(1, train.samples // 32) counts batches of 32, but `train` yields "
        "batches of 16",
    ),
    "predict_fewer_steps": Case(
        "model.predict(x, batch_size=100, steps=4)\n",
        [(17, 40)],
        "steps=4 but `x` holds 1000 samples, which batch_size=100 splits into ceil(1000 / 100) = "
        "10 batches: predict() runs only the first 4 of the 10 batches (4 × 100 = 400 of the "
        "1000 samples).",
    ),
    "samples_as_steps_endless_generator": Case(
        "def gen(rows, batch_size=16):\n    while True:\n        yield rows[:batch_size]\n"
        "model.fit(gen(x), steps_per_epoch=len(x), epochs=2)\n",
        [(20, 35)],
        "steps_per_epoch=len(x) = 1000 counts samples, not batches: `gen(x)` yields batches of 16 "
        "and never runs out, so each epoch runs 16 passes over the 1000 samples, and nothing "
        "warns. Use steps_per_epoch=math.ceil(len(x) / 16).",
    ),
    "samples_as_steps_generator_reads_global_batch_size": Case(
        "BATCH_SIZE = 50\ndef gen(paths):\n    while True:\n"
        "        for i in range(0, len(paths), BATCH_SIZE):\n"
        "            yield paths[i : i + BATCH_SIZE]\n"
        "files = [f'{i}.png' for i in range(400)]\n"
        "model.fit(gen(files), steps_per_epoch=len(files), epochs=2)\n",
        [(23, 39)],
        "steps_per_epoch=len(files) = 400 counts samples, not batches: `gen(files)` yields "
        "batches of 50 and never runs out, so each epoch runs 50 passes over the 400 samples",
    ),
    "samples_as_steps_repeated_dataset": Case(
        "ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(50).repeat()\n"
        "model.fit(ds, steps_per_epoch=x.shape[0], epochs=2)\n",
        [(18, 31)],
        "steps_per_epoch=x.shape[0] = 1000 counts samples, not batches: `ds` yields batches of 50 "
        "and never runs out, so each epoch runs 50 passes over the 1000 samples",
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
        "steps_per_epoch=train.samples counts samples, not batches: `train` yields batches of 32, "
        "so each epoch asks for 32 times more batches than one pass has: Keras runs one pass per "
        'epoch and warns "Your input ran out of data; interrupting training" every epoch. Use '
        "steps_per_epoch=math.ceil(train.samples / 32)",
    ),
    "flow_samples_in_variable": Case(
        "train = ImageDataGenerator().flow_from_directory('data/train')\n"
        "n_steps = train.samples\n"
        "model.fit_generator(train, steps_per_epoch=n_steps, epochs=5)\n",
        [(19, 44)],
        "steps_per_epoch=train.samples counts samples, not batches: `train` yields batches of 32",
    ),
    "sample_count_by_name": Case(
        "nb_train_samples = 2000\n"
        "train = ImageDataGenerator(rescale=1 / 255).flow_from_directory('data/train')\n"
        "model.fit_generator(train, steps_per_epoch=nb_train_samples, epochs=50)\n",
        [(19, 44)],
        "steps_per_epoch=nb_train_samples = 2000 counts samples, not batches: `train` yields "
        "batches of 32, so each epoch asks for 32 times more batches than one pass has",
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
    "dataset_floor_division_drops_last_batch": (
        "ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(32)\n"
        "model.fit(ds, steps_per_epoch=len(x) // 32, epochs=5)\n"
    ),
    "dataset_true_division": (
        "ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(32)\n"
        "model.fit(ds, steps_per_epoch=len(x) / 32, epochs=5)\n"
    ),
    "dataset_math_ceil": (
        "ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(batch_size)\n"
        "model.fit(ds, steps_per_epoch=math.ceil(len(x) / batch_size), epochs=5)\n"
    ),
    "repeated_dataset_small_literal_steps": (
        "ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(32).repeat()\n"
        "model.fit(ds, steps_per_epoch=5, epochs=5)\n"
    ),
    "repeated_then_taken_is_finite_and_exact": (
        "ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(32).repeat().take(10)\n"
        "model.fit(ds, steps_per_epoch=10, epochs=5)\n"
    ),
    "endless_generator_literal_steps": (
        "def gen(rows, batch_size=16):\n    while True:\n        yield rows[:batch_size]\n"
        "model.fit(gen(x), steps_per_epoch=20, epochs=2)\n"
    ),
    "endless_generator_batch_size_unknown": (
        "import sys\ndef gen(rows, batch_size):\n    while True:\n        yield rows[:batch_size]\n"
        "model.fit(gen(x, int(sys.argv[1])), steps_per_epoch=len(x), epochs=2)\n"
    ),
    "endless_generator_of_single_samples_per_batch_item": (
        "def gen(rows, batch_size=32):\n    while True:\n        for i in range(batch_size):\n"
        "            yield rows[i]\n"
        "model.fit(gen(x), steps_per_epoch=len(x), epochs=2)\n"
    ),
    "endless_generator_of_single_samples": (
        "def gen(rows):\n    while True:\n        for row in rows:\n            yield row\n"
        "model.fit(gen(x), steps_per_epoch=len(x), epochs=2)\n"
    ),
    "batches_of_the_same_size_repeated": (
        "import glob\npaths = glob.glob('*.png')\nBATCH = 32\n"
        "ds = tf.data.Dataset.from_tensor_slices(paths).batch(BATCH).repeat()\n"
        "model.fit(ds, steps_per_epoch=len(paths) // BATCH, epochs=3)\n"
    ),
    "batches_of_another_size_unknown_data": (
        "import sys\nxs = np.load(sys.argv[1])\n"
        "model.fit(xs, xs, batch_size=64, steps_per_epoch=len(xs) // 32, epochs=3)\n"
    ),
    "batches_of_a_size_with_unknown_data_batch": (
        "import glob, sys\npaths = glob.glob('*.png')\n"
        "ds = tf.data.Dataset.from_tensor_slices(paths).batch(int(sys.argv[1])).repeat()\n"
        "model.fit(ds, steps_per_epoch=len(paths) // 32, epochs=3)\n"
    ),
    "evaluate_more_steps_than_batches": (
        "ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(32)\nmodel.evaluate(ds, steps=50)\n"
    ),
    "evaluate_steps_without_batch_size": "model.evaluate(x, y, steps=len(x))\n",
    "predict_flow_len": (
        "flow = ImageDataGenerator().flow(x, batch_size=32, shuffle=False)\n"
        "model.predict(flow, steps=len(flow))\n"
    ),
    "flow_from_directory_samples_divided_by_batch": (
        "train = ImageDataGenerator().flow_from_directory('d', batch_size=16)\n"
        "model.fit(train, steps_per_epoch=train.samples // 16, epochs=3)\n"
    ),
    "unknown_epochs_fewer_steps_still_sized": (
        "ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(32)\n"
        "model.fit(ds, steps_per_epoch=len(x) // 32, epochs=int(input()))\n"
    ),
    "broadcast_counts_rows": (
        "features = np.arange(320).reshape(320, 1) * np.ones((1, 8))\n"
        "ds = tf.data.Dataset.from_tensor_slices((features, features)).batch(32)\n"
        "model.fit(ds, epochs=2, steps_per_epoch=10)\n"
    ),
    "sklearn_fit_with_steps_names": (
        "from sklearn.linear_model import SGDClassifier\nclf = SGDClassifier()\n"
        "ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(32)\n"
        "clf.fit(ds, steps_per_epoch=3)\n"
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


def fl004_diagnostics(source: str, keras_version: int = 3) -> list[Diagnostic]:
    return [d for d in lint(PREAMBLE + source, keras_version=keras_version) if d.code == "FL004"]


def test_fewer_steps_is_a_warning_more_steps_an_error() -> None:
    (fewer,) = fl004_diagnostics("model.fit(x, y, batch_size=32, steps_per_epoch=5)\n")
    (more,) = fl004_diagnostics("model.fit(x, y, batch_size=32, steps_per_epoch=50)\n")
    assert (fewer.severity, more.severity) == (Severity.WARNING, Severity.ERROR)


def test_fewer_steps_keras2_dataset_stops_training() -> None:
    source = (
        "ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(32)\n"
        "model.fit(ds, steps_per_epoch=10, epochs=5)\n"
    )
    (diagnostic,) = fl004_diagnostics(source, keras_version=2)
    assert (diagnostic.location.row, diagnostic.location.column) == (18, 31)
    assert (
        'epoch 4 gets 2 and training stops there with "Your input ran out of data", after 4 '
        "of the 5 epochs and one pass over the data" in diagnostic.message
    )


def test_fewer_steps_keras2_flow_restarts_each_epoch() -> None:
    source = (
        "train = ImageDataGenerator().flow(x, y, batch_size=32)\n"
        "model.fit(train, steps_per_epoch=10, epochs=3)\n"
    )
    (diagnostic,) = fl004_diagnostics(source, keras_version=2)
    assert diagnostic.message.startswith(
        "steps_per_epoch=10 but `train` yields ceil(1000 / 32) = 32 batches: Keras 2 starts the "
        "Sequence again every epoch and trains on only 10 of its 32 batches (10 × 32 = 320 of "
        "the 1000 samples): a new random choice each epoch with shuffle=True, else always the "
        "first 10."
    )


def test_fewer_steps_keras2_arrays_wrap_around() -> None:
    (diagnostic,) = fl004_diagnostics(
        "model.fit(x, y, batch_size=100, steps_per_epoch=3, epochs=4)\n", keras_version=2
    )
    assert (
        "each epoch trains on 3 of the 10 batches (3 × 100 = 300 of the 1000 samples), and "
        "epochs=4 makes 1.2 passes over the data, not 4." in diagnostic.message
    )


def test_more_steps_keras2_arrays_feed_epochs_passes() -> None:
    (diagnostic,) = fl004_diagnostics(
        "model.fit(x, y, batch_size=32, steps_per_epoch=50, epochs=3)\n", keras_version=2
    )
    assert (
        "Keras 2 feeds the arrays 3 times in all, 50 batches per epoch, so epochs run into "
        'each other and training stops after epoch 2 of 3 with "Your input ran out of data"'
        in diagnostic.message
    )


def test_more_validation_steps_keras2_later_validations_get_nothing() -> None:
    (diagnostic,) = fl004_diagnostics(
        "model.fit(x, y, batch_size=32, validation_data=(x_val, y_val), validation_steps=10)\n",
        keras_version=2,
    )
    assert (
        "the first validation runs the 7 batches there are and every later validation gets "
        "no data" in diagnostic.message
    )


def test_batches_of_another_size_keras2_dataset_stops() -> None:
    source = (
        "import os\npaths = sorted(os.listdir('d'))\n"
        "ds = tf.data.Dataset.from_tensor_slices(paths).batch(64)\n"
        "model.fit(ds, steps_per_epoch=len(paths) // 32, epochs=3)\n"
    )
    (diagnostic,) = fl004_diagnostics(source, keras_version=2)
    assert (diagnostic.severity, diagnostic.location.row) == (Severity.ERROR, 20)
    assert 'training stops with "Your input ran out of data" in epoch 1' in diagnostic.message


def test_flow_sample_count_keras2_stops_after_one_pass() -> None:
    source = (
        "train = ImageDataGenerator().flow_from_directory('d')\n"
        "model.fit(train, steps_per_epoch=train.samples, epochs=5)\n"
    )
    (diagnostic,) = fl004_diagnostics(source, keras_version=2)
    assert 'training stops with "Your input ran out of data" after one pass, in epoch 1' in (
        diagnostic.message
    )


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
        "steps_per_epoch=nb_train_samples = 2000 counts samples, not batches: `train` yields "
        "batches of 16, so each epoch asks for 16 times more batches than one pass has"
    )
    assert validation.startswith(
        "validation_steps=nb_validation_samples = 800 counts samples, not batches: `val` yields "
        "batches of 16, so each validation asks for 16 times more batches than one pass has: "
        'Keras runs the batches there are and warns "Your input ran out of data" at every '
        "validation."
    )


def test_location_is_the_steps_value() -> None:
    (diagnostic,) = [
        d
        for d in lint(PREAMBLE + "model.fit(x, y, batch_size=32, steps_per_epoch=50)\n")
        if d.code == "FL004"
    ]
    assert (diagnostic.location.row, diagnostic.location.column) == (17, 48)

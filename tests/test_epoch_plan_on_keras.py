"""FL004's epoch plan (`_plan`) against real Keras 3: for finite data of B batches and
`steps_per_epoch=S`, the batches each epoch trains on, measured by a callback in one
TensorFlow subprocess. Keras 2 (tf_keras) is not a dependency; its plans were measured by
hand on tf_keras 2.21 (see the FL004 rule page)."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys

import pytest

from fitlint.rules.fl004_steps_per_epoch_mismatch import _plan

if importlib.util.find_spec("tensorflow") is None:
    if os.environ.get("CI"):
        pytest.fail("CI must install the confirm extra: pip install '.[test,confirm]'")
    pytest.skip("TensorFlow is not installed (pip install '.[confirm]')", allow_module_level=True)

# (kind, batches per pass, steps_per_epoch, epochs)
CASES = [
    ("dataset", 10, 3, 5),
    ("dataset", 9, 3, 5),
    ("dataset", 10, 12, 3),
    ("arrays", 10, 3, 5),
    ("arrays", 10, 12, 3),
    ("sequence", 10, 3, 5),
    ("sequence", 10, 25, 2),
]

SCRIPT = """
import json, os, sys, warnings
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
warnings.simplefilter("ignore")
import numpy as np
import tensorflow as tf
from tensorflow import keras

class Count(keras.callbacks.Callback):
    def on_epoch_begin(self, epoch, logs=None):
        self.per.append(0)
    def on_train_batch_end(self, batch, logs=None):
        self.per[-1] += 1

class Batches(keras.utils.PyDataset):
    def __init__(self, x, y):
        super().__init__()
        self.x, self.y = x, y
    def __len__(self):
        return len(self.x) // 32
    def __getitem__(self, i):
        return self.x[i * 32:(i + 1) * 32], self.y[i * 32:(i + 1) * 32]

results = []
for kind, batches, steps, epochs in json.loads(sys.argv[1]):
    x = np.zeros((batches * 32, 1), "float32")
    y = np.zeros((batches * 32, 1), "float32")
    model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)])
    model.compile("sgd", "mse")
    count = Count()
    count.per = []
    if kind == "dataset":
        data, extra = tf.data.Dataset.from_tensor_slices((x, y)).batch(32), {}
    elif kind == "arrays":
        data, extra = x, {"y": y, "batch_size": 32}
    else:
        data, extra = Batches(x, y), {}
    model.fit(data, steps_per_epoch=steps, epochs=epochs, verbose=0, callbacks=[count], **extra)
    results.append(count.per)
print(json.dumps(results))
"""


def test_plans_match_keras3() -> None:
    completed = subprocess.run(
        [sys.executable, "-c", SCRIPT, json.dumps(CASES)],
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    measured = json.loads(completed.stdout.strip().splitlines()[-1])
    expected = [_plan(kind, batches, steps, epochs, 3) for kind, batches, steps, epochs in CASES]
    assert measured == expected
    # The measured facts the messages quote (keras3-facts.md, row 12): 3, 3, 3, 1, 3.
    assert measured[0] == [3, 3, 3, 1, 3]

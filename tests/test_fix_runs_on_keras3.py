"""What `fitlint --fix` writes for a Keras 2 script runs on real Keras 3 (TensorFlow 2.21):
the rename alone would turn positional step counts into `y` / `batch_size`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import RunFitlint, write


def _tensorflow_installed() -> bool:
    import importlib.util

    return importlib.util.find_spec("tensorflow") is not None


if not _tensorflow_installed():
    if os.environ.get("CI"):
        pytest.fail("CI must install the confirm extra: pip install '.[test,confirm]'")
    pytest.skip("TensorFlow is not installed (pip install '.[confirm]')", allow_module_level=True)

KERAS2_SCRIPT = """
import numpy as np
from tensorflow import keras


def batches():
    while True:
        yield np.zeros((4, 3), "float32"), np.zeros((4, 1), "float32")


model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
model.compile(optimizer="sgd", loss="mse")
model.fit_generator(batches(), 2, 1, 0)
loss = model.evaluate_generator(batches(), 2)
predictions = model.predict_generator(batches(), 3)
assert predictions.shape == (12, 1), predictions.shape
print("ran", loss)
"""


def _run(script: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CUDA_VISIBLE_DEVICES": "-1", "TF_CPP_MIN_LOG_LEVEL": "3"}
    return subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, env=env, timeout=300
    )


def test_fixed_keras2_script_runs_on_keras3(tmp_path: Path, run_fitlint: RunFitlint) -> None:
    script = write(tmp_path / "train.py", KERAS2_SCRIPT)
    before = _run(script)
    assert before.returncode != 0
    assert "has no attribute 'fit_generator'" in before.stderr

    fixed = run_fitlint("--fix", "train.py", cwd=tmp_path)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    text = script.read_text()
    assert "model.fit(batches(), steps_per_epoch=2, epochs=1, verbose=0)" in text
    assert "model.evaluate(batches(), steps=2)" in text
    assert "model.predict(batches(), steps=3)" in text

    after = _run(script)
    assert after.returncode == 0, after.stderr[-2000:]
    assert after.stdout.splitlines()[-1].startswith("ran "), after.stdout[-500:]

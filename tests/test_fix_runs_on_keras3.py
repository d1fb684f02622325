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


def _start(script: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "CUDA_VISIBLE_DEVICES": "-1", "TF_CPP_MIN_LOG_LEVEL": "3"}
    return subprocess.Popen(
        [sys.executable, str(script)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _finish(process: subprocess.Popen[str]) -> subprocess.CompletedProcess[str]:
    try:
        stdout, stderr = process.communicate(timeout=300)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        raise
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


def test_fixed_keras2_script_runs_on_keras3(tmp_path: Path, run_fitlint: RunFitlint) -> None:
    script = write(tmp_path / "train.py", KERAS2_SCRIPT)
    # The unfixed script runs from a copy while the original is fixed and run: each run
    # spends seconds starting TensorFlow, and the two overlap.
    unfixed = _start(write(tmp_path / "unfixed" / "train.py", KERAS2_SCRIPT))
    try:
        fixed = run_fitlint("--fix", "train.py", cwd=tmp_path)
        text = script.read_text()
        after = _finish(_start(script)) if fixed.returncode == 0 else None
    finally:
        before = _finish(unfixed)
    assert before.returncode != 0
    assert "has no attribute 'fit_generator'" in before.stderr

    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert "model.fit(batches(), steps_per_epoch=2, epochs=1, verbose=0)" in text
    assert "model.evaluate(batches(), steps=2, verbose=0)" in text  # their old default
    assert "model.predict(batches(), steps=3, verbose=0)" in text

    assert after is not None
    assert after.returncode == 0, after.stderr[-2000:]
    assert after.stdout.splitlines()[-1].startswith("ran "), after.stdout[-500:]

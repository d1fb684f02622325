"""`fitlint confirm` with real TensorFlow: each core rule confirmed, a refuted finding,
inconclusive runs (an error before fit, a timeout), no process left behind."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
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

COMMON = """
import numpy as np
from tensorflow import keras

x = np.random.rand(320, 10).astype("float32")
y = np.random.rand(320, 1).astype("float32")
model = keras.Sequential([keras.Input((10,)), keras.layers.Dense(1)])
model.compile(optimizer="sgd", loss="mse")


def forever(x, y, batch_size=32):
    while True:
        for i in range(0, len(x), batch_size):
            yield x[i:i + batch_size], y[i:i + batch_size]


def once(x, y, batch_size=32):
    for i in range(0, len(x), batch_size):
        yield x[i:i + batch_size], y[i:i + batch_size]
"""

CONFIRMED_SCRIPTS = {
    "FL001": COMMON
    + """
gen = forever(x, y)
for epoch in range(5):
    xb, yb = next(gen)
    model.train_on_batch(xb, yb)
""",
    "FL001-exhausted": COMMON
    + """
data = once(x, y)
for epoch in range(3):
    for xb, yb in data:
        model.train_on_batch(xb, yb)
""",
    "FL002": COMMON + "model.fit(forever(x, y), epochs=2)\n",
    "FL003": COMMON + "model.fit_generator(forever(x, y), steps_per_epoch=5, epochs=1)\n",
    "FL004": COMMON
    + """
import tensorflow as tf
ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(32)
model.fit(ds, steps_per_epoch=50, epochs=3)
""",
    "FL005": """
import numpy as np
from tensorflow import keras

images = (np.random.rand(200, 28, 28) * 255).astype("uint8")
labels = np.random.randint(0, 10, size=(200,))
model = keras.Sequential([keras.Input((28, 28)), keras.layers.Flatten(), keras.layers.Dense(10)])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(images, labels, epochs=2)
""",
}

EXPECTED_DETAIL = {
    "FL001": "drew from the same generator object 5 times, one batch per epoch",
    "FL001-exhausted": "started for the 2nd time, the generator was already exhausted",
    "FL002": "probe pulled 200 batches in",
    "FL003": "Keras raised AttributeError: 'Sequential' object has no attribute 'fit_generator'",
    "FL004": "cardinality 10 < steps 50",
    "FL005": "x reached fit() as uint8 with max",
}


def _confirm(
    run_fitlint: RunFitlint, path: Path, *args: str
) -> tuple[int, list[dict[str, object]], str]:
    completed = run_fitlint("confirm", str(path), "--output-format", "json", *args, cwd=path.parent)
    assert "Traceback" not in completed.stderr, completed.stderr
    return completed.returncode, json.loads(completed.stdout or "[]"), completed.stderr


@pytest.mark.parametrize("case", CONFIRMED_SCRIPTS)
def test_core_rule_findings_are_confirmed(
    tmp_path: Path, run_fitlint: RunFitlint, case: str
) -> None:
    script = write(tmp_path / "train.py", CONFIRMED_SCRIPTS[case])
    code, items, stderr = _confirm(run_fitlint, script, "--timeout", "90")
    assert code == 1, stderr
    (item,) = items
    assert item["code"] == case.split("-")[0]
    confirmation = item["confirmation"]
    assert confirmation["status"] == "confirmed", confirmation
    assert EXPECTED_DETAIL[case] in confirmation["detail"]


def test_refuted_when_the_run_contradicts_the_finding(
    tmp_path: Path, run_fitlint: RunFitlint
) -> None:
    # Statically a uint8 conversion looks like pixels; at run time it is a 0/1 mask.
    script = write(
        tmp_path / "train.py",
        """
import numpy as np
from tensorflow import keras

mask = np.random.randint(0, 2, size=(64, 8)).astype("uint8")
target = np.random.rand(64, 1).astype("float32")
model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1)])
model.compile(optimizer="sgd", loss="mse")
model.fit(mask, target, epochs=1)
""",
    )
    code, items, _ = _confirm(run_fitlint, script, "--timeout", "90")
    (item,) = items
    assert item["code"] == "FL005"
    assert item["confirmation"]["status"] == "refuted"
    assert item["confirmation"]["detail"] == "x reached fit() as uint8 with max 1"
    assert code == 0  # a refuted finding does not fail the run


def test_error_before_fit_is_inconclusive(tmp_path: Path, run_fitlint: RunFitlint) -> None:
    script = write(
        tmp_path / "train.py",
        COMMON
        + "raise RuntimeError('data directory missing')\nmodel.fit(forever(x, y), epochs=2)\n",
    )
    code, items, _ = _confirm(run_fitlint, script, "--timeout", "90")
    (item,) = items
    assert item["confirmation"]["status"] == "inconclusive"
    assert item["confirmation"]["detail"].startswith(
        "the script raised RuntimeError at line 19 before reaching this line"
    )
    assert code == 1


def test_timeout_is_inconclusive_and_leaves_no_process(
    tmp_path: Path, run_fitlint: RunFitlint
) -> None:
    pid_file = tmp_path / "child.pid"
    script = write(
        tmp_path / "train.py",
        """
import subprocess, sys, time
child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)"])
open(sys.argv[1], "w").write(str(child.pid))
time.sleep(300)
from tensorflow import keras
model = keras.Sequential([keras.layers.Dense(1)])
model.fit_generator(None, steps_per_epoch=1)
""",
    )
    started = time.monotonic()
    completed = run_fitlint(
        "confirm",
        str(script),
        "--timeout",
        "5",
        "--output-format",
        "json",
        "--",
        str(pid_file),
        cwd=tmp_path,
    )
    elapsed = time.monotonic() - started
    (item,) = json.loads(completed.stdout)
    assert item["confirmation"]["status"] == "inconclusive"
    assert "within the 5 s timeout" in item["confirmation"]["detail"]
    assert elapsed < 30
    child = int(pid_file.read_text())
    time.sleep(0.5)
    assert not _alive(child), "the script's child process survived the timeout"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is dead for our purposes; only a running process counts.
    status = Path(f"/proc/{pid}/status")
    return status.exists() and "State:\tZ" not in status.read_text()


def test_text_output_shows_the_verdict(tmp_path: Path, run_fitlint: RunFitlint) -> None:
    write(tmp_path / "train.py", CONFIRMED_SCRIPTS["FL003"])
    completed = run_fitlint("confirm", "train.py", "--output-format", "concise", cwd=tmp_path)
    assert completed.returncode == 1
    assert completed.stdout.rstrip().endswith(
        "[confirmed: Keras raised AttributeError: 'Sequential' object has no attribute 'fit_generator']"
    )
    assert "train.py: ran in" in completed.stderr


def test_confirm_writes_nothing_into_the_tree(tmp_path: Path, run_fitlint: RunFitlint) -> None:
    script = write(tmp_path / "train.py", CONFIRMED_SCRIPTS["FL002"])
    before = sorted(p.name for p in tmp_path.iterdir())
    _confirm(run_fitlint, script, "--timeout", "90")
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_help_says_the_code_runs(run_fitlint: RunFitlint) -> None:
    completed = run_fitlint("confirm", "--help")
    assert "this RUNS the scripts in PATHS" in completed.stdout


def test_static_lint_never_imports_tensorflow(tmp_path: Path) -> None:
    write(tmp_path / "train.py", CONFIRMED_SCRIPTS["FL004"])
    probe = (
        "import sys\n"
        "from fitlint.cli import main\n"
        "sys.argv = ['fitlint', 'train.py', '--output-format', 'json']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('tensorflow', 'keras', 'tf_keras'))\n"
        "print('LOADED', loaded, file=sys.stderr)\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert "LOADED []" in completed.stderr, completed.stderr
    assert json.loads(completed.stdout)[0]["code"] == "FL004"

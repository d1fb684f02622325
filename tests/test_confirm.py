"""`fitlint confirm` with real TensorFlow: each core rule confirmed, a refuted finding,
inconclusive runs (an error before fit, a timeout), no process left behind.

Each `fitlint confirm` run imports TensorFlow in a subprocess (seconds each), so the module
runs TensorFlow as few times as it can: one script holds every core rule's scenario (each on
lines of its own: verdicts match events by the rows of the finding), and the runs the tests
need are started together, once, by a module fixture; the tests check what each run gave."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import (
    ENDLESS_GENERATOR_SCRIPT,
    RunFitlint,
    finding_lines,
    fitlint_executable,
    write,
)
from tests.notebooks import notebook_json


def _tensorflow_installed() -> bool:
    import importlib.util

    return importlib.util.find_spec("tensorflow") is not None


if not _tensorflow_installed():
    if os.environ.get("CI"):
        pytest.fail("CI must install the confirm extra: pip install '.[test,confirm]'")
    pytest.skip("TensorFlow is not installed (pip install '.[confirm]')", allow_module_level=True)

COMMON = (
    ENDLESS_GENERATOR_SCRIPT
    + """

def once(x, y, batch_size=32):
    for i in range(0, len(x), batch_size):
        yield x[i:i + batch_size], y[i:i + batch_size]
"""
)

# Each core rule's scenario, run after COMMON. On Keras 3 `fit_generator` raises
# AttributeError and ends the script, so the combined script puts FL003 last.
SCENARIOS = {
    "FL001": """
gen = forever(x, y)
for epoch in range(5):
    xb, yb = next(gen)
    model.train_on_batch(xb, yb)
""",
    "FL001-exhausted": """
data = once(x, y)
for epoch in range(3):
    for xb, yb in data:
        model.train_on_batch(xb, yb)
""",
    "FL002": "model.fit(forever(x, y), epochs=2)\n",
    "FL003": "model.fit_generator(forever(x, y), steps_per_epoch=5, epochs=1)\n",
    "FL004": """
import tensorflow as tf
ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(32)
model.fit(ds, steps_per_epoch=50, epochs=3)
""",
    "FL004-fewer": """
import tensorflow as tf
few = tf.data.Dataset.from_tensor_slices((x, y)).batch(32)
model.fit(few, steps_per_epoch=3, epochs=2)
""",
    "FL006": """
soft = keras.Sequential([keras.Input((10,)), keras.layers.Dense(1, activation="softmax")])
soft.compile(optimizer="sgd", loss="binary_crossentropy")
soft.fit(x, (y > 0.5).astype("float32"), epochs=1)
""",
    "FL007": """
digits = keras.Sequential([keras.Input((10,)), keras.layers.Dense(10, activation="softmax")])
digits.compile(optimizer="sgd", loss="categorical_crossentropy")
digits.fit(x, np.random.randint(0, 10, size=(320,)), epochs=1)
""",
    "FL005": """
images = (np.random.rand(200, 28, 28) * 255).astype("uint8")
labels = np.random.randint(0, 10, size=(200,))
classifier = keras.Sequential([keras.Input((28, 28)), keras.layers.Flatten(), keras.layers.Dense(10)])
classifier.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
classifier.fit(images, labels, epochs=2)
""",
    "FL010": """
flat = keras.Sequential([keras.Input((784,)), keras.layers.Dense(10)])
flat.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
flat.fit(np.random.rand(64, 28, 28), np.random.randint(0, 10, size=(64,)), epochs=1)
""",
}

CONFIRMED_SCRIPTS = {case: COMMON + scenario for case, scenario in SCENARIOS.items()}

EXPECTED_DETAIL = {
    "FL001": "drew from the same generator object 5 times, one batch per epoch",
    "FL001-exhausted": "started for the 2nd time, the generator was already exhausted",
    "FL002": "probe pulled 200 batches in",
    "FL003": "Keras raised AttributeError: 'Sequential' object has no attribute 'fit_generator'",
    "FL004": "cardinality 10 < steps 50",
    "FL004-fewer": "cardinality 10 > steps 3",
    "FL005": "x reached fit() as uint8 with max",
    "FL006": "has Dense layer 'dense_1' applying softmax to an output of shape (None, 1)",
    "FL007": "y reached fit() with shape (320,) (class indices) for an output of shape "
    "(None, 10) compiled with categorical_crossentropy",
    "FL010": "fit() received samples of shape (28, 28) for a Sequential model whose input is "
    "(784,)",
}


def _combined_script() -> tuple[str, dict[str, tuple[int, int]]]:
    """COMMON, then every scenario (FL003 last) after a blank line; each scenario's rows."""
    text = COMMON.lstrip("\n")
    spans: dict[str, tuple[int, int]] = {}
    for case in sorted(SCENARIOS, key=lambda case: case == "FL003"):
        first = text.count("\n") + 2
        text += "\n" + SCENARIOS[case].strip("\n") + "\n"
        spans[case] = (first, text.count("\n"))
    return text, spans


COMBINED_SCRIPT, SPANS = _combined_script()

REFUTED_SCRIPT = """
import numpy as np
from tensorflow import keras

mask = np.random.randint(0, 2, size=(64, 8)).astype("uint8")
target = np.random.rand(64, 1).astype("float32")
model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1)])
model.compile(optimizer="sgd", loss="mse")
model.fit(mask, target, epochs=1)
"""

ERROR_BEFORE_FIT_SCRIPT = (
    COMMON + "raise RuntimeError('data directory missing')\nmodel.fit(forever(x, y), epochs=2)\n"
)

TIMEOUT_SCRIPT = """
import subprocess, sys, time
child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)"])
open(sys.argv[1], "w").write(str(child.pid))
time.sleep(300)
from tensorflow import keras
model = keras.Sequential([keras.layers.Dense(1)])
model.fit_generator(None, steps_per_epoch=1)
"""


@dataclass
class Run:
    """One `fitlint confirm` run of the installed command: what it printed and returned, how
    long it took, and the names in its directory before and after."""

    directory: Path
    completed: subprocess.CompletedProcess[str]
    elapsed: float
    before: list[str]
    after: list[str]

    def json(self) -> tuple[int, list[dict[str, object]], str]:
        completed = self.completed
        assert "Traceback" not in completed.stderr, completed.stderr
        return completed.returncode, json.loads(completed.stdout or "[]"), completed.stderr


def _confirm_run(directory: Path, *args: str) -> Run:
    """`fitlint confirm ARGS...` in `directory`, as `run_fitlint` runs the command."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FITLINT_")}
    before = sorted(p.name for p in directory.iterdir())
    started = time.monotonic()
    completed = subprocess.run(
        [fitlint_executable(), "confirm", *args],
        cwd=directory,
        capture_output=True,
        env=env,
        timeout=120,
        check=False,
    )
    elapsed = time.monotonic() - started
    after = sorted(p.name for p in directory.iterdir())
    decoded = subprocess.CompletedProcess(
        completed.args,
        completed.returncode,
        completed.stdout.decode("utf-8", "replace"),
        completed.stderr.decode("utf-8", "replace"),
    )
    return Run(directory, decoded, elapsed, before, after)


# A notebook: a markdown cell, magics and shell commands (never run), and in cells 5 and 6
# FL005 and FL003, confirmed from the run of its cells as one script.
NOTEBOOK = notebook_json(
    [
        ("markdown", "# Confirm a notebook"),
        "%matplotlib inline\n!pip install -q nothing-to-install",
        COMMON.strip(),
        "files = !ls\nimages = (np.random.rand(200, 28, 28) * 255).astype('uint8')",
        "labels = np.random.randint(0, 10, size=(200,))\n"
        "classifier = keras.Sequential([keras.Input((28, 28)), keras.layers.Flatten(), keras.layers.Dense(10)])\n"
        "classifier.compile(optimizer='adam', loss='sparse_categorical_crossentropy')\n"
        "%time classifier.fit(images, labels, epochs=2)",
        "model.fit_generator(forever(x, y), steps_per_epoch=5, epochs=1)",
    ]
)

# Each run: its fixture's name -> (the script, the `fitlint confirm` arguments after it;
# `{directory}` is the run's directory; the script's file name when it is not train.py).
RUNS: dict[str, tuple[str, tuple[str, ...]] | tuple[str, tuple[str, ...], str]] = {
    # --calls above the script's 18 training calls: nothing stops it before FL003.
    "combined_run": (
        COMBINED_SCRIPT,
        ("--output-format", "json", "--timeout", "90", "--calls", "100"),
    ),
    "refuted_run": (REFUTED_SCRIPT, ("--output-format", "json", "--timeout", "90")),
    "error_before_fit_run": (
        ERROR_BEFORE_FIT_SCRIPT,
        ("--output-format", "json", "--timeout", "90"),
    ),
    "timeout_run": (
        TIMEOUT_SCRIPT,
        ("--timeout", "5", "--output-format", "json", "--", "{directory}/child.pid"),
    ),
    "text_run": (CONFIRMED_SCRIPTS["FL003"], ("--output-format", "concise")),
    "notebook_run": (NOTEBOOK, ("--output-format", "json", "--timeout", "90"), "train.ipynb"),
}


class ConfirmRuns:
    """The module's `fitlint confirm` runs, each started at most once, in a thread of its own
    (each script is `train.py` in a directory of its own)."""

    def __init__(self, pool: ThreadPoolExecutor, factory: pytest.TempPathFactory) -> None:
        self.pool = pool
        self.factory = factory
        self.futures: dict[str, Future[Run]] = {}

    def start(self, name: str) -> None:
        if name not in self.futures:
            script, args, *named = RUNS[name]
            filename = named[0] if named else "train.py"
            directory = self.factory.mktemp(name)
            write(directory / filename, script)
            arguments = [arg.format(directory=directory) for arg in args]
            self.futures[name] = self.pool.submit(_confirm_run, directory, filename, *arguments)

    def result(self, name: str) -> Run:
        self.start(name)
        return self.futures[name].result()


@pytest.fixture(scope="module")
def confirm_runs(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ConfirmRuns]:
    """Starts together the runs the selected tests of this module use: each is seconds of
    TensorFlow start-up in a process of its own (the timeout run mostly sleeps), so they
    overlap on the machine's cores instead of waiting for one another."""
    wanted = {
        name
        for item in request.session.items
        if getattr(item, "module", None) is request.module
        for name in getattr(item, "fixturenames", ())
        if name in RUNS
    }
    with ThreadPoolExecutor(max_workers=len(RUNS)) as pool:
        runs = ConfirmRuns(pool, tmp_path_factory)
        for name in sorted(wanted):
            runs.start(name)
        yield runs


@pytest.fixture(scope="module")
def combined_run(confirm_runs: ConfirmRuns) -> Run:
    return confirm_runs.result("combined_run")


@pytest.fixture(scope="module")
def refuted_run(confirm_runs: ConfirmRuns) -> Run:
    return confirm_runs.result("refuted_run")


@pytest.fixture(scope="module")
def error_before_fit_run(confirm_runs: ConfirmRuns) -> Run:
    return confirm_runs.result("error_before_fit_run")


@pytest.fixture(scope="module")
def timeout_run(confirm_runs: ConfirmRuns) -> Run:
    return confirm_runs.result("timeout_run")


@pytest.fixture(scope="module")
def text_run(confirm_runs: ConfirmRuns) -> Run:
    return confirm_runs.result("text_run")


@pytest.fixture(scope="module")
def notebook_run(confirm_runs: ConfirmRuns) -> Run:
    return confirm_runs.result("notebook_run")


def test_a_notebook_runs_as_its_cells_in_order(notebook_run: Run) -> None:
    code, items, stderr = notebook_run.json()
    assert code == 1, stderr
    found = {item["code"]: item for item in items}
    assert sorted(found) == ["FL003", "FL005"]
    assert (found["FL005"]["cell"], found["FL005"]["location"]) == (5, {"row": 4, "column": 22})
    assert found["FL005"]["confirmation"]["status"] == "confirmed", found["FL005"]
    assert EXPECTED_DETAIL["FL005"] in found["FL005"]["confirmation"]["detail"]
    assert found["FL003"]["cell"] == 6
    assert found["FL003"]["confirmation"]["status"] == "confirmed", found["FL003"]
    assert (
        "train.ipynb: not run (IPython only): 1 × magic (cell 2); 2 × shell command (cells 2, 4)"
        in stderr
    )
    assert notebook_run.after == notebook_run.before == ["train.ipynb"]


def test_the_combined_script_has_one_finding_per_scenario(combined_run: Run) -> None:
    _, items, _ = combined_run.json()
    rows = sorted(item["location"]["row"] for item in items)
    assert len(rows) == len(SCENARIOS), items
    for case, (first, last) in SPANS.items():
        assert len([row for row in rows if first <= row <= last]) == 1, case


@pytest.mark.parametrize("case", SCENARIOS)
def test_core_rule_findings_are_confirmed(combined_run: Run, case: str) -> None:
    code, items, stderr = combined_run.json()
    assert code == 1, stderr
    first, last = SPANS[case]
    (item,) = [i for i in items if first <= i["location"]["row"] <= last]
    assert item["code"] == case.split("-")[0]
    confirmation = item["confirmation"]
    assert confirmation["status"] == "confirmed", confirmation
    assert EXPECTED_DETAIL[case] in confirmation["detail"]


def test_refuted_when_the_run_contradicts_the_finding(refuted_run: Run) -> None:
    # Statically a uint8 conversion looks like pixels; at run time it is a 0/1 mask.
    code, items, _ = refuted_run.json()
    (item,) = items
    assert item["code"] == "FL005"
    assert item["confirmation"]["status"] == "refuted"
    assert item["confirmation"]["detail"] == "x reached fit() as uint8 with max 1"
    assert code == 0  # a refuted finding does not fail the run


def test_error_before_fit_is_inconclusive(error_before_fit_run: Run) -> None:
    code, items, _ = error_before_fit_run.json()
    (item,) = items
    assert item["confirmation"]["status"] == "inconclusive"
    assert item["confirmation"]["detail"].startswith(
        "the script raised RuntimeError at line 19 before reaching this line"
    )
    assert code == 1


def test_timeout_is_inconclusive_and_leaves_no_process(timeout_run: Run) -> None:
    (item,) = json.loads(timeout_run.completed.stdout)
    assert item["confirmation"]["status"] == "inconclusive"
    assert "within the 5 s timeout" in item["confirmation"]["detail"]
    assert timeout_run.elapsed < 30
    child = int((timeout_run.directory / "child.pid").read_text())
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


def test_text_output_shows_the_verdict(text_run: Run) -> None:
    completed = text_run.completed
    assert completed.returncode == 1
    assert finding_lines(completed.stdout)[-1].endswith(
        "[confirmed: Keras raised AttributeError: 'Sequential' object has no attribute 'fit_generator']"
    )
    assert "train.py: ran in" in completed.stderr


def test_confirm_writes_nothing_into_the_tree(combined_run: Run) -> None:
    combined_run.json()
    assert combined_run.before == ["train.py"]
    assert combined_run.after == combined_run.before


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

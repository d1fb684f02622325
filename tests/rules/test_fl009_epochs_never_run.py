"""FL009 epochs-never-run: `initial_epoch >= epochs` trains nothing."""

from __future__ import annotations

import pytest

from fitlint.config import Settings
from fitlint.engine import Linter
from fitlint.fix import fix_source
from tests.rules.helpers import Case, assert_case, lint

PREAMBLE = """\
import numpy as np
from tensorflow import keras

x = np.random.rand(64, 8)
y = np.random.rand(64, 1)
model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
"""


def fl009(source: str, keras_version: int = 3) -> list[str]:
    found = lint(PREAMBLE + source, keras_version=keras_version)
    return [d.message for d in found if d.code == "FL009"]


POSITIVE_CASES: dict[str, Case] = {
    "equal": Case(
        "model.fit(x, y, epochs=5, initial_epoch=5)\n",
        [(8, 27)],
        "`fit(..., initial_epoch=5, epochs=5)` trains nothing: Keras runs the epochs in "
        "range(5, 5), which is empty, because `epochs` is the number of the epoch to stop at, "
        "not how many to run; `history.history` is {} and nothing warns. To run 5 epochs "
        "after epoch 5, pass `epochs=10`.",
    ),
    "default_epochs": Case(
        "model.fit(x, y, initial_epoch=2)\n",
        [(8, 17)],
        "`epochs` defaults to 1, and Keras runs the epochs in range(2, 1)",
    ),
    "constants": Case(
        "START = 20\nEPOCHS = 10\nmodel.fit(x, y, epochs=EPOCHS, initial_epoch=START)\n",
        [(10, 32)],
        "`fit(..., initial_epoch=START (20), epochs=EPOCHS (10))` trains nothing",
    ),
    "fit_generator_positional_epochs": Case(
        "model.fit_generator(g, 10, 3, initial_epoch=3)\n",
        [(8, 31)],
        "To run 3 epochs after epoch 3, pass `epochs=6`.",
    ),
    "epoch_loop": Case(
        "for epoch in range(10):\n    model.fit(x, y, epochs=1, initial_epoch=epoch)\n",
        [(9, 31)],
        "`fit(..., initial_epoch=epoch, epochs=1)` in `for epoch in range(10)` trains only "
        "while epoch < 1: `epochs` is the number of the epoch to stop at, not how many to run, "
        "so 9 of the 10 calls train nothing",
    ),
    "no_call_trains": Case(
        "for i in range(1, 11):\n    model.fit(x, y, initial_epoch=i)\n",
        [(9, 21)],
        "`fit(..., initial_epoch=i)` (`epochs` defaults to 1) in `for i in range(1, 11)` trains "
        "only while i < 1: `epochs` is the number of the epoch to stop at, not how many to run, "
        "so none of the 10 calls trains",
    ),
    "epoch_loop_with_start": Case(
        "for e in range(2, 8, 2):\n    model.fit(x, y, epochs=4, initial_epoch=e)\n",
        [(9, 31)],
        "trains only while e < 4: `epochs` is the number of the epoch to stop at, not how many "
        "to run, so 2 of the 3 calls train nothing",
    ),
}


@pytest.mark.parametrize("name", POSITIVE_CASES)
def test_flags(name: str) -> None:
    case = POSITIVE_CASES[name]
    assert_case([d for d in lint(PREAMBLE + case.source) if d.code == "FL009"], case, "FL009")


FALSE_POSITIVE_TRAPS = {
    "resume_correctly": "model.fit(x, y, epochs=10, initial_epoch=5)\n",
    "no_initial_epoch": "model.fit(x, y, epochs=1)\n",
    "unknown_start": "def go(start):\n    model.fit(x, y, epochs=5, initial_epoch=start)\n",
    "unknown_epochs": "def go(n):\n    model.fit(x, y, epochs=n, initial_epoch=3)\n",
    "loop_with_growing_epochs": (
        "for epoch in range(10):\n    model.fit(x, y, epochs=epoch + 1, initial_epoch=epoch)\n"
    ),
    "loop_bound_is_epochs": (
        "for epoch in range(5):\n    model.fit(x, y, epochs=5, initial_epoch=epoch)\n"
    ),
    "loop_variable_rebound": (
        "for epoch in range(10):\n    epoch = 0\n    model.fit(x, y, epochs=1, initial_epoch=epoch)\n"
    ),
    "one_iteration": "for epoch in range(1):\n    model.fit(x, y, epochs=1, initial_epoch=epoch)\n",
    "conditional_call_in_loop": (
        "for epoch in range(100):\n    if epoch % 10 == 0:\n"
        "        model.fit(x, y, epochs=1, initial_epoch=epoch)\n"
    ),
    "kwargs": "opts = {}\nmodel.fit(x, y, initial_epoch=9, **opts)\n",
    "own_class": (
        "class T:\n    def fit(self, x, y, epochs=1, initial_epoch=0):\n        pass\n"
        "T().fit(x, y, epochs=1, initial_epoch=3)\n"
    ),
    "sklearn": (
        "from sklearn.neural_network import MLPRegressor\n"
        "reg = MLPRegressor()\nreg.fit(x, y, initial_epoch=3)\n"
    ),
}


@pytest.mark.parametrize("name", FALSE_POSITIVE_TRAPS)
def test_stays_silent(name: str) -> None:
    assert fl009(FALSE_POSITIVE_TRAPS[name]) == []


def test_keras2_is_the_same_error() -> None:
    (diagnostic,) = [
        d
        for d in lint(PREAMBLE + "model.fit(x, y, epochs=5, initial_epoch=5)\n", keras_version=2)
        if d.code == "FL009"
    ]
    assert diagnostic.severity.value == "error"
    assert "trains nothing" in diagnostic.message


@pytest.mark.parametrize(
    ("line", "fixed"),
    [
        (
            "model.fit(x, y, epochs=5, initial_epoch=5)\n",
            "model.fit(x, y, epochs=10, initial_epoch=5)\n",
        ),
        (
            "for epoch in range(10):\n    model.fit(x, y, epochs=1, initial_epoch=epoch)\n",
            "for epoch in range(10):\n    model.fit(x, y, epochs=epoch + 1, initial_epoch=epoch)\n",
        ),
        (
            "START = 20\nEPOCHS = 10\nmodel.fit(x, y, epochs=EPOCHS, initial_epoch=START)\n",
            "START = 20\nEPOCHS = 10\nmodel.fit(x, y, epochs=START + EPOCHS, initial_epoch=START)\n",
        ),
    ],
)
def test_the_unsafe_fix_runs_the_epochs_meant(line: str, fixed: str) -> None:
    linter = Linter(Settings())
    safe = fix_source(linter, (PREAMBLE + line).encode(), "t.py", None, unsafe=False)
    assert not safe.changed  # the fix changes what runs: unsafe only
    outcome = fix_source(linter, (PREAMBLE + line).encode(), "t.py", None, unsafe=True)
    assert outcome.fixed.decode() == PREAMBLE + fixed
    assert fl009(fixed) == []

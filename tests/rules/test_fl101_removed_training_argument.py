"""FL101 removed-training-argument: `fit`/`evaluate`/`predict` arguments Keras 3 rejects."""

from __future__ import annotations

import textwrap
from dataclasses import replace

import pytest

from fitlint.config import Settings
from fitlint.diagnostics import Severity
from fitlint.engine import Linter
from fitlint.fix import fix_source
from tests.rules.helpers import Case, assert_case, lint

PREAMBLE = """
import numpy as np
from tensorflow import keras

model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1)])
x = np.random.rand(64, 8)
y = np.random.rand(64, 1)
"""


def fl101(source: str, keras_version: int = 3) -> list[str]:
    return [
        d.message for d in lint(PREAMBLE + source, keras_version=keras_version) if d.code == "FL101"
    ]


POSITIVE_CASES: dict[str, Case] = {
    "fit_loader_arguments": Case(
        "model.fit(x, y, workers=4, use_multiprocessing=True, max_queue_size=10)\n",
        [(7, 17)],
        "`workers`, `use_multiprocessing`, `max_queue_size` are not accepted by `fit()` in "
        "Keras 3: this call raises TypeError: TensorFlowTrainer.fit() got an unexpected keyword "
        "argument 'workers'. Loading in parallel moved to the data in Keras 3",
    ),
    "evaluate_value_error": Case(
        "model.evaluate(x, y, workers=4)\n",
        [(7, 22)],
        "`workers` is not accepted by `evaluate()` in Keras 3: this call raises ValueError: "
        "Arguments not recognized: {'workers': 4}.",
    ),
    "predict": Case(
        "model.predict(x, max_queue_size=2)\n",
        [(7, 18)],
        "this call raises TypeError: TensorFlowTrainer.predict() got an unexpected keyword "
        "argument 'max_queue_size'",
    ),
    "nb_epoch": Case(
        "model.fit(x, y, nb_epoch=3)\n",
        [(7, 17)],
        "`nb_epoch` is Keras 1's name for `epochs`; Keras 3 and tf.keras 2 reject it: this call "
        "raises TypeError: TensorFlowTrainer.fit() got an unexpected keyword argument "
        "'nb_epoch'. Use `epochs=`.",
    ),
    "samples_per_epoch": Case(
        "model.fit(x, y, samples_per_epoch=64)\n",
        [(7, 17)],
        "`samples_per_epoch` is Keras 1's argument, counted in samples",
    ),
    "model_from_a_function": Case(
        "def build():\n    return keras.Sequential()\nbuild().fit(x, y, workers=2)\n",
        [(9, 19)],
        "`workers` is not accepted by `fit()` in Keras 3",
    ),
}


@pytest.mark.parametrize("name", POSITIVE_CASES)
def test_flags(name: str) -> None:
    case = POSITIVE_CASES[name]
    assert_case([d for d in lint(PREAMBLE + case.source) if d.code == "FL101"], case, "FL101")


FALSE_POSITIVE_TRAPS = {
    "sklearn": (
        "from sklearn.linear_model import LogisticRegression\n"
        "LogisticRegression().fit(x, y, workers=2)\n"
    ),
    "own_class": (
        "class Trainer:\n    def fit(self, data, workers=1):\n        pass\n"
        "Trainer().fit(x, workers=4, nb_epoch=2)\n"
    ),
    "pydataset_settings": (
        "class Data(keras.utils.PyDataset):\n"
        "    def __init__(self):\n        super().__init__(workers=4, use_multiprocessing=True)\n"
        "model.fit(Data(), epochs=2)\n"
    ),
    "kwargs": "options = {'workers': 2}\nmodel.fit(x, y, **options)\n",
    "generator_method_is_fl003s": "model.fit_generator(x, steps_per_epoch=2, workers=4)\n",
    "epochs_and_nb_epoch_both": "model.fit(x, y, epochs=2)\n",
}


@pytest.mark.parametrize("name", FALSE_POSITIVE_TRAPS)
def test_stays_silent(name: str) -> None:
    assert fl101(FALSE_POSITIVE_TRAPS[name]) == []


def test_keras2_warns_what_the_upgrade_breaks() -> None:
    diagnostics = [
        d
        for d in lint(PREAMBLE + "model.fit(x, y, workers=4)\n", keras_version=2)
        if d.code == "FL101"
    ]
    assert [d.severity for d in diagnostics] == [Severity.WARNING]
    assert diagnostics[0].message.startswith(
        "`workers` is accepted by Keras 2's `fit()` but removed in Keras 3, where this call "
        "raises TypeError"
    )


def _fix(source: str, unsafe: bool) -> str:
    linter = Linter(replace(Settings(), select=("FL",)))
    data = textwrap.dedent(source).lstrip("\n").encode()
    return fix_source(linter, data, "t.py", None, unsafe).fixed.decode()


GENERATOR = PREAMBLE + (
    "def gen():\n    while True:\n        yield x, y\n"
    "model.fit_generator(gen(), steps_per_epoch=2, epochs=1, workers=4,\n"
    "                    use_multiprocessing=True, max_queue_size=10)\n"
    "model.fit(x, y, nb_epoch=2)\n"
)


def test_safe_fix_leaves_the_loader_arguments_reported() -> None:
    fixed = _fix(GENERATOR, unsafe=False)
    assert "model.fit(gen(), steps_per_epoch=2, epochs=1, workers=4," in fixed
    assert "model.fit(x, y, epochs=2)" in fixed
    remaining = [(d.code, d.location.row) for d in lint(fixed)]
    assert remaining == [("FL101", 10)]


def test_unsafe_fix_removes_them() -> None:
    fixed = _fix(GENERATOR, unsafe=True)
    assert "model.fit(gen(), steps_per_epoch=2, epochs=1)\n" in fixed
    assert lint(fixed) == []


def test_model_checkpoint_period() -> None:
    source = PREAMBLE + (
        "ckpt = keras.callbacks.ModelCheckpoint('m.keras', period=5)\n"
        "model.fit(x, y, epochs=10, callbacks=[ckpt])\n"
    )
    (diagnostic,) = [d for d in lint(source) if d.code == "FL101"]
    assert (diagnostic.location.row, diagnostic.location.column) == (7, 51)
    assert diagnostic.message.startswith(
        "`ModelCheckpoint(period=...)` raises TypeError: ModelCheckpoint.__init__() got an "
        "unexpected keyword argument 'period' in Keras 3."
    )
    assert diagnostic.fix is None and diagnostic.unsafe_fix is None


def test_other_model_checkpoints_keep_their_period() -> None:
    source = PREAMBLE + (
        "from pytorch_lightning.callbacks import ModelCheckpoint\n"
        "ckpt = ModelCheckpoint(dirpath='.', period=5)\n"
    )
    assert [d for d in lint(source) if d.code == "FL101"] == []

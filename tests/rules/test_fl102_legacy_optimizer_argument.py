"""FL102 legacy-optimizer-argument: `lr=`, `decay=`, `epsilon=None`, `optimizer.lr`."""

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
import keras
from keras import backend as K
from keras.optimizers import Adam

model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1)])
"""


def fl102(source: str, keras_version: int = 3) -> list[str]:
    return [
        d.message for d in lint(PREAMBLE + source, keras_version=keras_version) if d.code == "FL102"
    ]


POSITIVE_CASES: dict[str, Case] = {
    "lr": Case(
        "opt = Adam(lr=0.01)\n",
        [(6, 12)],
        "`Adam(lr=...)` raises ValueError: Argument(s) not recognized: {'lr': 0.01} in Keras 3, "
        "at construction. Use `learning_rate=`.",
    ),
    "lr_through_tf_keras": Case(
        "import tensorflow as tf\nopt = tf.keras.optimizers.SGD(lr=0.1, momentum=0.9)\n",
        [(7, 31)],
        "`SGD(lr=...)` raises ValueError: Argument(s) not recognized: {'lr': 0.1}",
    ),
    "decay": Case(
        "opt = keras.optimizers.SGD(learning_rate=0.1, decay=1e-6)\n",
        [(6, 47)],
        '`decay=1e-6` is ignored by Keras 3 (it warns "Argument `decay` is no longer supported '
        'and will be ignored."): the learning rate stays 0.1 for the whole run',
    ),
    "epsilon_none": Case(
        "opt = keras.optimizers.RMSprop(0.001, epsilon=None)\n",
        [(6, 39)],
        "`RMSprop(epsilon=None)` builds, then `fit` raises ValueError: None values not supported.",
    ),
    "lr_read": Case(
        "print(model.optimizer.lr)\n",
        [(6, 23)],
        "`model.optimizer.lr` raises AttributeError in Keras 3 (the optimizer has no attribute "
        "'lr'). Use `model.optimizer.learning_rate`.",
    ),
    "lr_write_does_nothing": Case(
        "model.optimizer.lr = 0.5\n",
        [(6, 17)],
        "`model.optimizer.lr = ...` does not change the learning rate in Keras 3",
    ),
    "set_value": Case(
        "K.set_value(model.optimizer.lr, 0.001)\n",
        [(6, 29)],
        "`K.set_value(model.optimizer.lr, ...)` fails in Keras 3: the optimizer has no attribute "
        "'lr' (AttributeError), and Keras 3's `keras.backend` has no `set_value`/`get_value`. Use "
        "`model.optimizer.learning_rate.assign(0.001)`.",
    ),
    "hasattr_lr_is_always_false": Case(
        "class Schedule(keras.callbacks.Callback):\n"
        "    def on_epoch_begin(self, epoch, logs=None):\n"
        "        if not hasattr(self.model.optimizer, 'lr'):\n"
        "            raise ValueError('no lr')\n",
        [(8, 46)],
        '`hasattr(self.model.optimizer, "lr")` is always False in Keras 3',
    ),
    "tf_keras_backend_get_value": Case(
        "import tensorflow as tf\nprint(tf.keras.backend.get_value(model.optimizer.lr))\n",
        [(7, 50)],
        "`tf.keras.backend.get_value(model.optimizer.lr)` fails in Keras 3: the optimizer has "
        "no attribute 'lr' (AttributeError). Use `model.optimizer.learning_rate.numpy()`.",
    ),
    "decay_with_a_scheduler_callback": Case(
        "opt = keras.optimizers.SGD(0.01, decay=1e-4)\n"
        "cb = keras.callbacks.LearningRateScheduler(lambda epoch, lr: lr * 0.9)\n",
        [(6, 34)],
        "the per-step decay Keras 2 applied on top of this file's `LearningRateScheduler` is "
        "gone. Fold it into the callback's schedule",
    ),
}


@pytest.mark.parametrize("name", POSITIVE_CASES)
def test_flags(name: str) -> None:
    case = POSITIVE_CASES[name]
    assert_case([d for d in lint(PREAMBLE + case.source) if d.code == "FL102"], case, "FL102")


FALSE_POSITIVE_TRAPS = {
    "torch_adam": (
        "import torch\nnet = torch.nn.Linear(2, 1)\n"
        "opt = torch.optim.Adam(net.parameters(), lr=0.01)\nprint(opt.lr if False else 0)\n"
    ),
    "learning_rate": "opt = Adam(learning_rate=0.01, epsilon=1e-8)\n",
    "decay_zero": "opt = keras.optimizers.SGD(0.01, decay=0.0)\n",
    "own_optimizer_class": (
        "class Adam2:\n    def __init__(self, lr):\n        self.lr = lr\nopt = Adam2(lr=0.1)\n"
    ),
    "learning_rate_attribute": "model.optimizer.learning_rate.assign(0.001)\n",
    "epsilon_none_on_sgd_is_not_judged": "opt = keras.optimizers.SGD(0.01, epsilon=None)\n",
    "decay_zero_from_every_call": (
        "def make(rate, decay):\n    return keras.optimizers.SGD(learning_rate=rate, decay=decay)\n"
        "a = make(0.1, 0.0)\nb = make(0.01, decay=0)\n"
    ),
}


@pytest.mark.parametrize("name", FALSE_POSITIVE_TRAPS)
def test_stays_silent(name: str) -> None:
    assert fl102(FALSE_POSITIVE_TRAPS[name]) == []


def test_keras2_lr_message_says_it_is_ignored() -> None:
    diagnostics = [
        d for d in lint(PREAMBLE + "opt = Adam(lr=0.01)\n", keras_version=2) if d.code == "FL102"
    ]
    assert [d.severity for d in diagnostics] == [Severity.WARNING]
    assert (
        'tf.keras 2.11+ logs "`lr` is deprecated" and ignores it, so this Adam trains at '
        "the default 0.001, not 0.01" in diagnostics[0].message
    )


def _fix(source: str, unsafe: bool) -> str:
    linter = Linter(replace(Settings(), select=("FL",)))
    data = textwrap.dedent(source).lstrip("\n").encode()
    return fix_source(linter, data, "t.py", None, unsafe).fixed.decode()


SCRIPT = PREAMBLE + (
    "model.compile(optimizer=keras.optimizers.SGD(lr=0.1, decay=1e-3, momentum=0.9), loss='mse')\n"
    "model.compile(optimizer=Adam(lr=0.01, epsilon=None), loss='mse')\n"
    "K.set_value(model.optimizer.lr, 0.005)\n"
    "print(K.get_value(model.optimizer.lr))\n"
    "model.optimizer.lr = 0.001\n"
)


def test_safe_fixes() -> None:
    fixed = _fix(SCRIPT, unsafe=False)
    assert "keras.optimizers.SGD(learning_rate=0.1, decay=1e-3, momentum=0.9)" in fixed
    assert "Adam(learning_rate=0.01)" in fixed
    assert "model.optimizer.learning_rate.assign(0.005)\n" in fixed
    assert "print(model.optimizer.learning_rate.numpy())\n" in fixed
    assert "model.optimizer.learning_rate = 0.001\n" in fixed
    # The decay still needs the unsafe fix: it stays reported.
    assert [d.code for d in lint(fixed)] == ["FL102"]


def test_unsafe_fix_turns_decay_into_the_equivalent_schedule() -> None:
    fixed = _fix(SCRIPT, unsafe=True)
    assert (
        "keras.optimizers.SGD(learning_rate=keras.optimizers.schedules.InverseTimeDecay(0.1, "
        "decay_steps=1, decay_rate=1e-3), momentum=0.9)"
    ) in fixed
    assert lint(fixed) == []


def test_no_schedule_fix_next_to_a_scheduler_callback() -> None:
    source = PREAMBLE + (
        "opt = keras.optimizers.SGD(0.01, decay=1e-4)\n"
        "cb = keras.callbacks.LearningRateScheduler(lambda epoch, lr: lr * 0.9)\n"
    )
    (diagnostic,) = [d for d in lint(source) if d.code == "FL102"]
    assert diagnostic.unsafe_fix is None


def test_hasattr_fix_keeps_the_quotes() -> None:
    fixed = _fix(PREAMBLE + "ok = hasattr(model.optimizer, 'lr')\n", unsafe=False)
    assert "ok = hasattr(model.optimizer, 'learning_rate')\n" in fixed

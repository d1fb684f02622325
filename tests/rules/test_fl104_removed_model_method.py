"""FL104 removed-model-method: `predict_classes`, `predict_proba`, Keras 1 layer arguments."""

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
from keras.layers import Conv2D, Dense, Input
from keras.models import Model, Sequential

x = np.random.rand(64, 20)
model = Sequential([Input((20,)), Dense(3, activation="softmax")])
"""


def fl104(source: str, keras_version: int = 3) -> list[str]:
    return [
        d.message for d in lint(PREAMBLE + source, keras_version=keras_version) if d.code == "FL104"
    ]


POSITIVE_CASES: dict[str, Case] = {
    "predict_classes": Case(
        "classes = model.predict_classes(x)\n",
        [(7, 17)],
        "`model.predict_classes()` was removed in Keras 3: this line raises AttributeError: "
        "'Sequential' object has no attribute 'predict_classes'. Use "
        "`model.predict(x).argmax(axis=-1)` for a softmax over several classes",
    ),
    "predict_proba": Case(
        "p = model.predict_proba(x)\n",
        [(7, 11)],
        "`model.predict_proba()` was removed in Keras 3: this line raises AttributeError: "
        "'Sequential' object has no attribute 'predict_proba'. Call `model.predict(...)`",
    ),
    "predict_classes_on_a_trained_unknown": Case(
        "import keras\nnet = keras.models.load_model('m.keras')\nnet.predict_classes(x)\n",
        [(9, 5)],
        "`net.predict_classes()` was removed in Keras 3: this line raises AttributeError",
    ),
    "init": Case(
        "layer = Dense(8, init='uniform')\n",
        [(7, 18)],
        "`Dense(...)` takes Keras 1's argument names: Keras 3 raises ValueError: Unrecognized "
        "keyword arguments passed to Dense: {'init': 'uniform'}. Rename `init` → "
        "`kernel_initializer`.",
    ),
    "conv_border_mode_subsample": Case(
        "conv = Conv2D(8, 3, border_mode='same', subsample=(2, 2))\n",
        [(7, 21)],
        "Unrecognized keyword arguments passed to Conv2D: {'border_mode': 'same', 'subsample': "
        "(2, 2)}. Rename `border_mode` → `padding`, `subsample` → `strides`.",
    ),
    "model_input_output": Case(
        "i = Input((4,))\nm = Model(input=i, output=Dense(1)(i))\n",
        [(8, 11)],
        "Unrecognized keyword arguments passed to Model: {'input': i, 'output': Dense(1)(i)}. "
        "Rename `input` → `inputs`, `output` → `outputs`.",
    ),
    "dense_output_dim_missing_units": Case(
        "layer = Dense(output_dim=1, input_dim=1)\n",
        [(7, 15)],
        "`Dense(...)` takes Keras 1's argument names: Keras 3 raises TypeError: "
        "Dense.__init__() missing 1 required positional argument: 'units'. Rename `output_dim` "
        "→ `units`.",
    ),
    "embedding_keras1_initializer": Case(
        "from keras.layers import Embedding\nlayer = Embedding(1000, 64, init='uniform')\n",
        [(8, 29)],
        "Rename `init` → `embeddings_initializer`.",
    ),
    "loop_variable_trained_as_keras": Case(
        "for net in [model]:\n    net.fit(x, x, steps_per_epoch=2)\n    p = net.predict_proba(x)\n",
        [(9, 13)],
        "`net.predict_proba()` was removed in Keras 3",
    ),
    "keras1_positional_kernel_has_no_fix": Case(
        "from keras.layers import Convolution2D\n"
        "conv = Convolution2D(64, 3, 3, border_mode='same')\n",
        [(8, 32)],
        "The positional `3, 3` are Keras 1's kernel size: Keras 2 and 3 read the third "
        "argument as `strides`, so write `kernel_size=(3, 3)`.",
    ),
}


@pytest.mark.parametrize("name", POSITIVE_CASES)
def test_flags(name: str) -> None:
    case = POSITIVE_CASES[name]
    assert_case([d for d in lint(PREAMBLE + case.source) if d.code == "FL104"], case, "FL104")


FALSE_POSITIVE_TRAPS = {
    "sklearn_predict_proba": (
        "from sklearn.linear_model import LogisticRegression\n"
        "clf = LogisticRegression()\nclf.predict_proba(x)\n"
    ),
    "own_class": (
        "class Ensemble:\n    def predict_classes(self, x):\n        return x\n"
        "Ensemble().predict_classes(x)\n"
    ),
    "unknown_object_not_trained_with_keras": "def f(m):\n    return m.predict_proba(x)\n",
    "new_names": "layer = Dense(8, kernel_initializer='uniform', padding=None)\n",
    # An ensemble loop: the loop variable holds scikit-learn estimators (and maybe a
    # KerasClassifier wrapper), which all have predict_proba.
    "loop_over_sklearn_estimators": (
        "from sklearn.ensemble import RandomForestClassifier\n"
        "models = [RandomForestClassifier(), make_classifier()]\n"
        "for j, clf in enumerate(models):\n    clf.fit(x, x)\n    p = clf.predict_proba(x)\n"
    ),
    "not_a_keras_layer": "def Dense2(units, init=None):\n    pass\nDense2(3, init='x')\n",
    "torch_module_init": "import torch\nlayer = torch.nn.Linear(3, 3)\n",
    "embedding_output_dim_is_its_own": (
        "from tensorflow.keras import layers\ne = layers.Embedding(input_dim=5000, output_dim=16)\n"
    ),
    "layer_keras3_does_not_have": (
        "from keras.layers import Deconvolution2D\nd = Deconvolution2D(8, 3, 3, border_mode='same')\n"
    ),
}


@pytest.mark.parametrize("name", FALSE_POSITIVE_TRAPS)
def test_stays_silent(name: str) -> None:
    assert fl104(FALSE_POSITIVE_TRAPS[name]) == []


def test_keras2_warns() -> None:
    diagnostics = [
        d
        for d in lint(PREAMBLE + "model.predict_classes(x)\n", keras_version=2)
        if d.code == "FL104"
    ]
    assert [d.severity for d in diagnostics] == [Severity.WARNING]
    assert "is gone from tf.keras 2.6+ and Keras 3" in diagnostics[0].message


def _fix(source: str, unsafe: bool) -> str:
    linter = Linter(replace(Settings(), select=("FL",)))
    data = textwrap.dedent(source).lstrip("\n").encode()
    return fix_source(linter, data, "t.py", None, unsafe).fixed.decode()


SCRIPT = PREAMBLE + (
    "layer = Dense(8, init='uniform', W_regularizer=None)\n"
    "classes = model.predict_classes(x)\n"
    "p = model.predict_proba(x)\n"
)


def test_safe_fixes_keep_predict_classes_reported() -> None:
    fixed = _fix(SCRIPT, unsafe=False)
    assert "Dense(8, kernel_initializer='uniform', kernel_regularizer=None)" in fixed
    assert "p = model.predict(x)\n" in fixed
    assert [d.code for d in lint(fixed)] == ["FL104"]


def test_unsafe_fix_uses_argmax_for_several_units() -> None:
    fixed = _fix(SCRIPT, unsafe=True)
    assert "classes = model.predict(x).argmax(axis=-1)\n" in fixed
    assert lint(fixed) == []


def test_no_argmax_fix_for_one_unit() -> None:
    source = PREAMBLE.replace('Dense(3, activation="softmax")', 'Dense(1, activation="sigmoid")')
    fixed = _fix(source + "classes = model.predict_classes(x)\n", unsafe=True)
    assert "predict_classes" in fixed


def test_no_fix_when_a_positional_kernel_would_become_strides() -> None:
    source = (
        PREAMBLE
        + "from keras.layers import Convolution2D\nconv = Convolution2D(64, 3, 3, border_mode='same')\n"
    )
    (diagnostic,) = [d for d in lint(source) if d.code == "FL104"]
    assert diagnostic.fix is None


def test_no_fix_when_an_argument_has_no_one_name_replacement() -> None:
    source = PREAMBLE + "conv = Conv2D(8, 3, nb_row=3, border_mode='same')\n"
    (diagnostic,) = [d for d in lint(source) if d.code == "FL104"]
    assert diagnostic.fix is None
    assert "`nb_row` has no one-name replacement" in diagnostic.message

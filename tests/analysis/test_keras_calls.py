"""analysis/keras_calls.py: which `fit`/`predict`/... calls are Keras's: shown to be (a Keras
model, a keras.Model subclass), shown not to be (sklearn, torch, a class with its own method,
an array), or unknown in a file that uses Keras (or passes a Keras-only keyword)."""

from __future__ import annotations

import pytest

from tests.analysis.helpers import semantic_model, training_call

KERAS_FILE = """
import keras
from sklearn.ensemble import RandomForestClassifier
import torch
clf = RandomForestClassifier()
clf.fit(X, y)
net = torch.nn.Linear(2, 3)
net.fit(X)
model = keras.Sequential()
model.fit(X, y)
loaded = keras.models.load_model("m.keras")
loaded.predict(X)
unknown.fit(X, y)
"""

NO_KERAS_IMPORT = """
from sklearn.linear_model import LinearRegression
reg = LinearRegression()
reg.fit(X, y)
other.fit(X, y)
other2.fit(X, y, steps_per_epoch=10)
m.fit_generator(generator=gen)
m.fit_generator(gen)
"""

USER_CLASSES = """
import keras

class Trainer:
    def fit(self, x):
        pass

class Plain:
    pass

class Net(keras.Model):
    def train_step(self, data):
        pass

class OwnFit(keras.Model):
    def fit(self, x):
        return super().fit(x)

class Sub(Base):
    pass

class Evaluating(keras.Model):
    def run(self):
        self.evaluate(x)

t = Trainer()
t.fit(x)
p = Plain()
p.fit(x)
n = Net()
n.fit(x)
o = OwnFit()
o.fit(x)
s = Sub()
s.fit(x)
"""

NOT_MODELS = """
import keras
import numpy as np
from . import training
x = np.zeros((10, 2))
x.predict(1)
training.fit_generator(gen)
ds = keras.utils.image_dataset_from_directory("d")
ds.evaluate()
"""

IMPORTED = """
from nets import Wrapper
w = Wrapper(3)
w.compile(optimizer="adam", loss="mse")
w.fit(x, y)
v = Wrapper(4)
v.fit(x, y)
u = Wrapper(5)
u.compile("sgd", "mse")
u.fit(x, y)
"""

CASES = [
    pytest.param(KERAS_FILE, "clf.fit(X, y)", False, id="sklearn-estimator"),
    pytest.param(KERAS_FILE, "net.fit(X)", False, id="torch-module"),
    pytest.param(KERAS_FILE, "model.fit(X, y)", True, id="keras-sequential"),
    pytest.param(KERAS_FILE, "loaded.predict(X)", True, id="keras-loaded-model"),
    pytest.param(KERAS_FILE, "unknown.fit(X, y)", True, id="unknown-in-keras-file"),
    pytest.param(NO_KERAS_IMPORT, "reg.fit(X, y)", False, id="sklearn-without-keras-import"),
    pytest.param(NO_KERAS_IMPORT, "other.fit(X, y)", False, id="unknown-without-keras-import"),
    pytest.param(
        NO_KERAS_IMPORT,
        "other2.fit(X, y, steps_per_epoch=10)",
        True,
        id="unknown-passing-keras-only-keyword",
    ),
    pytest.param(
        NO_KERAS_IMPORT,
        "m.fit_generator(generator=gen)",
        True,
        id="fit-generator-keyword-generator-is-keras-only",
    ),
    pytest.param(
        NO_KERAS_IMPORT,
        "m.fit_generator(gen)",
        True,
        id="another-call-on-the-same-object-shows-keras",
    ),
    pytest.param(USER_CLASSES, "t.fit(x)", False, id="user-class-with-own-fit"),
    pytest.param(USER_CLASSES, "p.fit(x)", False, id="plain-user-class"),
    pytest.param(USER_CLASSES, "n.fit(x)", True, id="keras-model-subclass"),
    pytest.param(USER_CLASSES, "o.fit(x)", False, id="keras-subclass-overriding-fit"),
    pytest.param(USER_CLASSES, "super().fit(x)", True, id="super-fit-in-keras-subclass"),
    pytest.param(USER_CLASSES, "s.fit(x)", False, id="user-class-with-unknown-base"),
    pytest.param(USER_CLASSES, "self.evaluate(x)", True, id="self-in-keras-subclass"),
    pytest.param(NOT_MODELS, "x.predict(1)", False, id="numpy-array"),
    pytest.param(NOT_MODELS, "training.fit_generator(gen)", False, id="module-function"),
    pytest.param(NOT_MODELS, "ds.evaluate()", False, id="dataset"),
    pytest.param(IMPORTED, "w.fit(x, y)", True, id="imported-class-compiled-with-keywords"),
    pytest.param(IMPORTED, "v.fit(x, y)", False, id="imported-class-never-compiled"),
    pytest.param(IMPORTED, "u.fit(x, y)", True, id="imported-class-compiled-with-optimizer-name"),
]


@pytest.mark.parametrize(("source", "call", "expected"), CASES)
def test_is_keras_training_call(source: str, call: str, expected: bool) -> None:
    semantic = semantic_model(source)
    assert semantic.is_keras_training_call(training_call(semantic, call)) is expected

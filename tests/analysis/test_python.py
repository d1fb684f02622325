"""analysis/evaluate.py: Python's own semantics: names (flow-sensitive), tuples and unpacking,
arithmetic, subscripts and slices, `x.shape[0]`, augmented assignment, names that say they
count samples, calls of the module's own functions, generators and classes, `self.attr` in a
method, and objects of other libraries (Foreign) or of unknown imported classes."""

from __future__ import annotations

from typing import Any

import pytest

from fitlint.analysis.scopes import ClassInfo
from fitlint.analysis.values import (
    UNKNOWN,
    Array,
    Foreign,
    GeneratorFunction,
    ImportedInstance,
    Instance,
    KerasModel,
    Labels,
    Number,
    OneShot,
    ReIterable,
    TupleValue,
    Value,
)
from tests.analysis.helpers import evaluate

PREAMBLE = "import numpy as np\nfrom tensorflow import keras\n"

MNIST = "keras.datasets.mnist.load_data()"
LOADED = "(x, y), (x_test, y_test) = keras.datasets.mnist.load_data()\n"
PIXELS = Array("uint8", 60000, MNIST, pixels=True)
HUNDRED = "x = np.zeros((100, 2))\n"


def case(source: str, expression: str, expected: Value, id: str, scope: str | None = None) -> Any:
    """A row: `expression` evaluated at the end of the module, or of the function `scope`."""
    return pytest.param(source, expression, scope, expected, id=id)


GENERATORS = """
def finite(n):
    for i in range(n):
        yield i

def endless(x):
    while True:
        for i in range(10):
            yield x[i]

def breaks():
    while True:
        yield 1
        if done:
            break

def over_unknown(files):
    for f in files:
        yield f

def over_zip(a, b):
    for pair in zip(a, b):
        yield pair

def straight():
    yield 1
    yield 2
"""

MODELS = """
def build():
    model = keras.Sequential()
    model.add(keras.layers.Dense(1))
    return model

def pick(flag):
    if flag:
        return keras.Sequential()
    return keras.models.load_model("m.h5")

def mixed(flag):
    if flag:
        return keras.Sequential()
    return None

def nothing():
    pass

def answer():
    return 42

model = build()
"""

CLASSES = """
class Loader:
    def __init__(self, x):
        self.x = x
        self.model = keras.Sequential()
        self.steps = 100
        self.twice = 1
        self.twice = 2

    def batches(self):
        while True:
            yield self.x

    def epoch(self):
        for i in range(3):
            yield i

    def train(self):
        pass

    def plain(self):
        return 1

class Net(keras.Model):
    pass

loader = Loader(x)
"""
LOADER = ClassInfo("Loader", (), frozenset({"__init__", "batches", "epoch", "train", "plain"}))

FOREIGN = """
from sklearn.ensemble import RandomForestClassifier
import sklearn.linear_model as lm
import torch
import xgboost as xgb
from mylib.models import Wrapper, build_net, CONFIG
import segmentation_models as sm
from .nets import UNet
"""

CASES = [
    # --- names: the binding before the point of use ------------------------------------------
    case("a = 1\nb = a\na = 2\n", "a", Number(2.0, "2"), id="name-last-binding"),
    case("a = 1\nb = a\na = 2\n", "b", Number(1.0, "1"), id="name-bound-before-rebinding"),
    case("a = 1\nb = a * 10\na = 2\n", "b", Number(10.0, "a * 10"), id="expression-of-earlier-a"),
    case(
        "n = 1\ndef f():\n    return n\nn = 2\n",
        "n",
        Number(2.0, "2"),
        id="function-reads-enclosing-last-binding",
        scope="f",
    ),
    case("a = b\nb = a\n", "a", UNKNOWN, id="cycle-is-unknown"),
    case("x: int = 5\n", "x", Number(5.0, "5"), id="annotated-assignment"),
    case("if (n := 5):\n    pass\n", "n", Number(5.0, "5"), id="walrus"),
    case("for i in range(10):\n    pass\n", "i", UNKNOWN, id="loop-target"),
    case("with open(f) as fh:\n    pass\n", "fh", UNKNOWN, id="with-target"),
    case("", "undefined", UNKNOWN, id="unbound-name"),
    # --- tuples and unpacking --------------------------------------------------------------------
    case("a, b = 3, 4\n", "b", Number(4.0, "4"), id="tuple-unpacking"),
    case("a, (b, c) = 1, (2, 3)\n", "c", Number(3.0, "3"), id="nested-unpacking"),
    case("[a, b] = 1, 2\n", "b", Number(2.0, "2"), id="list-target"),
    case("a, *b = 1, 2, 3\n", "a", UNKNOWN, id="starred-target-unknown"),
    case("a, b, c = 1, 2\n", "c", UNKNOWN, id="unpacking-past-the-end"),
    case("a, b = pair\n", "a", UNKNOWN, id="unpacking-unknown"),
    case("", "(1, 2)", TupleValue((Number(1.0, "1"), Number(2.0, "2"))), id="tuple-display"),
    case("", "(*a, b)", ReIterable("tuple"), id="starred-tuple-display"),
    case(LOADED, "x", PIXELS, id="load-data-unpacked-images"),
    case(
        LOADED,
        "y",
        Array("uint8", 60000, f"{MNIST} labels", labels=Labels("integer", 10, MNIST)),
        id="load-data-unpacked-labels",
    ),
    case(
        LOADED,
        "x_test",
        Array("uint8", 10000, MNIST, pixels=True),
        id="load-data-unpacked-test-images",
    ),
    case(
        "train, test = keras.datasets.mnist.load_data()\nx, y = train\n",
        "x",
        PIXELS,
        id="load-data-unpacked-in-two-steps",
    ),
    case(
        "data = keras.datasets.mnist.load_data()\n",
        "data[0][0]",
        PIXELS,
        id="load-data-indexed",
    ),
    case("data = keras.datasets.mnist.load_data()\n", "data[5]", UNKNOWN, id="index-past-end"),
    case("data = keras.datasets.mnist.load_data()\n", "data[i]", UNKNOWN, id="index-unknown"),
    # --- subscripts and slices -------------------------------------------------------------------
    case(LOADED, "x[:500]", Array("uint8", 500, MNIST, pixels=True), id="slice-head"),
    case(LOADED, "x[100:]", Array("uint8", 59900, MNIST, pixels=True), id="slice-tail"),
    case(LOADED, "x[-1000:]", Array("uint8", 1000, MNIST, pixels=True), id="slice-negative-start"),
    case(
        LOADED,
        "x[1000:2000, 0]",
        Array("uint8", 1000, MNIST, pixels=True),
        id="slice-then-index",
    ),
    case(LOADED, "x[...]", PIXELS, id="ellipsis"),
    case(LOADED, "x[..., None]", PIXELS, id="ellipsis-new-axis"),
    case(LOADED, "x[:, :, :, None]", PIXELS, id="full-slice-new-axis"),
    case(LOADED, "x[::2]", Array("uint8", None, MNIST, pixels=True), id="slice-with-step"),
    case(LOADED, "x[a:b]", Array("uint8", None, MNIST, pixels=True), id="slice-unknown-bounds"),
    # One sample: what takes batches reads its first axis (28 rows) as the samples.
    case(LOADED, "x[0]", Array("uint8", 28, MNIST, pixels=True), id="index-one-sample"),
    case(LOADED, "x[idx]", Array("uint8", None, MNIST, pixels=True), id="fancy-index"),
    case(
        HUNDRED,
        "x.shape[0]",
        Number(100, "x.shape[0]", sample_count_of="x.shape[0]"),
        id="shape-0",
    ),
    # A sample's size: a number, not a count of samples.
    case(HUNDRED, "x.shape[-1]", Number(2, "x.shape[-1]"), id="shape-last"),
    case(HUNDRED, "x.shape[2]", UNKNOWN, id="shape-past-the-last"),
    case(HUNDRED, "x.shape", UNKNOWN, id="shape"),
    case(HUNDRED, "z.shape[0]", UNKNOWN, id="shape-0-of-unknown"),
    # --- numbers: what names say they count ----------------------------------------------------
    case(
        "nb_train_samples = 2000\n",
        "nb_train_samples",
        Number(2000.0, "nb_train_samples", sample_count_of="nb_train_samples"),
        id="samples-name-counts-samples",
    ),
    case(
        "num_images = 500\n",
        "num_images",
        Number(500.0, "num_images", sample_count_of="num_images"),
        id="images-name-counts-samples",
    ),
    case("image_size = 2000\n", "image_size", Number(2000.0, "2000"), id="image-size-is-not"),
    case(
        "samples_per_epoch = 500\n",
        "samples_per_epoch",
        Number(500.0, "500"),
        id="samples-per-epoch-is-not",
    ),
    case("n = 2000\n", "n", Number(2000.0, "2000"), id="plain-name"),
    case(
        HUNDRED + "nb_samples = len(x)\n",
        "nb_samples",
        Number(100, "len(x)", sample_count_of="len(x)"),
        id="name-of-len-keeps-len",
    ),
    # --- arithmetic --------------------------------------------------------------------------------
    case("", "7 // 2", Number(3.0, "7 // 2"), id="floor-divide"),
    case("", "7 / 2", Number(3.5, "7 / 2"), id="divide"),
    case("", "3 * 4", Number(12.0, "3 * 4"), id="multiply"),
    case("", "7 % 3", Number(1.0, "7 % 3"), id="modulo"),
    case("", "2 ** 10", Number(1024.0, "2 ** 10"), id="power"),
    case("", "2 ** 100", Number(None, "2 ** 100"), id="power-too-large"),
    case("", "2 - 5", Number(-3.0, "2 - 5"), id="subtract"),
    case("", "10 + 5", Number(15.0, "10 + 5"), id="add"),
    case("", "1 / 0", Number(None, "1 / 0"), id="divide-by-zero"),
    case("", "1 << 3", Number(None, "1 << 3"), id="other-operator"),
    case("", "-3", Number(-3.0, "-3"), id="negative-literal"),
    case("", "1.5", Number(1.5, "1.5"), id="float-literal"),
    case("", "n * 2", UNKNOWN, id="unknown-operand"),
    case(
        HUNDRED,
        "len(x) - 1",
        Number(99.0, "len(x) - 1", sample_count_of="len(x)"),
        id="samples-minus-one-still-samples",
    ),
    case(
        HUNDRED,
        "len(x) + 10",
        Number(110.0, "len(x) + 10", sample_count_of="len(x)"),
        id="samples-plus-still-samples",
    ),
    case(
        HUNDRED,
        "len(x) // 32",
        Number(3.0, "len(x) // 32", batches_of=("len(x)", 32)),
        id="samples-divided-are-batches",
    ),
    case(HUNDRED, "len(x) * 2", Number(200.0, "len(x) * 2"), id="samples-times-not-samples"),
    case(
        HUNDRED,
        "x.shape[0] // 10",
        Number(10.0, "x.shape[0] // 10", batches_of=("x.shape[0]", 10)),
        id="shape-0-divided",
    ),
    # --- augmented assignment ----------------------------------------------------------------------
    # questionable: an augmented assignment's text names LibCST's operator ("10 Add 5")
    # where a binary operation's text is the code ("10 + 5"); messages quote the text.
    case("n = 10\nn += 5\n", "n", Number(15.0, "10 Add 5"), id="augmented-add"),
    case("n = 10\nn *= 3\n", "n", Number(30.0, "10 Multiply 3"), id="augmented-multiply"),
    case("n = 10\nn //= 3\n", "n", Number(3.0, "10 FloorDivide 3"), id="augmented-floor-divide"),
    case("n = 10\nn -= m\n", "n", UNKNOWN, id="augmented-unknown-operand"),
    case("n += 5\n", "n", UNKNOWN, id="augmented-without-earlier-binding"),
    case(
        LOADED + "x = x / 255.0\n",
        "x",
        Array(None, 60000, MNIST, cast_or_scaled=True),
        id="array-rebound-scaled",
    ),
    case(
        LOADED + "x = x.astype('float32')\nx /= 255\n",
        "x",
        Array("float32", 60000, MNIST, cast_or_scaled=True),
        id="augmented-divide-float-array",
    ),
    case(
        LOADED + "x /= 255\n",
        "x",
        Array(None, 60000, MNIST, cast_or_scaled=True),
        id="augmented-divide-pixels",
    ),
    case(
        LOADED + "x -= 1\n",
        "x",
        Array(None, 60000, MNIST, cast_or_scaled=True),
        id="augmented-subtract-array",
    ),
    # --- displays ----------------------------------------------------------------------------------
    case("", "[1, 2]", ReIterable("list", 2), id="list-display"),
    case(
        "batches = [x[i : i + 32] for i in range(0, 320, 32)]\n",
        "len(batches)",
        Number(10, "len(batches)"),  # a list of batches: its length is not a sample count
        id="len-of-a-list-of-batches",
    ),
    case(
        "paths = [f'{i}.png' for i in range(320)]\n",
        "len(paths)",
        Number(320, "len(paths)", sample_count_of="len(paths)"),
        id="len-of-a-list-of-paths-counts-samples",
    ),
    case("", "{1, 2}", ReIterable("set"), id="set-display"),
    case("", "(i for i in files)", OneShot("iterator", None, "(i for i in files)"), id="genexp"),
    # --- generator functions -----------------------------------------------------------------------
    case(GENERATORS, "finite", GeneratorFunction("finite", False), id="generator-function"),
    case(
        GENERATORS, "endless", GeneratorFunction("endless", True), id="endless-generator-function"
    ),
    case(
        GENERATORS,
        "finite(10)",
        OneShot("generator", False, "finite()", length=10),
        id="generator-over-range-ends",
    ),
    case(
        GENERATORS,
        "endless(x)",
        OneShot("generator", True, "endless()"),
        id="generator-while-true-never-ends",
    ),
    case(
        GENERATORS,
        "breaks()",
        OneShot("generator", None, "breaks()"),
        id="generator-while-true-with-break",
    ),
    case(
        GENERATORS,
        "over_unknown(files)",
        OneShot("generator", None, "over_unknown()"),
        id="generator-over-unknown",
    ),
    case(
        GENERATORS,
        "over_zip(a, b)",
        OneShot("generator", None, "over_zip()"),
        id="generator-over-zip-of-unknowns",
    ),
    case(
        GENERATORS,
        "straight()",
        OneShot("generator", False, "straight()"),
        id="generator-without-loops",
    ),
    # --- functions ---------------------------------------------------------------------------------
    case(MODELS, "build()", KerasModel("Sequential", built_here=True), id="function-builds-model"),
    case(
        MODELS,
        "model",
        KerasModel("Sequential", built_here=True),
        id="name-bound-to-built-model",
    ),
    case(MODELS, "pick(True)", KerasModel(None, built_here=False), id="returns-two-kinds-of-model"),
    case(MODELS, "mixed(True)", UNKNOWN, id="returns-model-or-none"),
    case(MODELS, "nothing()", UNKNOWN, id="returns-nothing"),
    case(MODELS, "answer()", Number(42.0, "42"), id="returns-number"),
    # --- classes of the module -----------------------------------------------------------------------
    case(CLASSES, "loader", Instance(LOADER), id="instance"),
    case(
        CLASSES,
        "loader.batches()",
        OneShot("generator", True, "batches()"),
        id="endless-generator-method",
    ),
    case(
        CLASSES,
        "loader.epoch()",
        OneShot("generator", False, "epoch()", length=3),
        id="finite-generator-method",
    ),
    case(CLASSES, "loader.plain()", UNKNOWN, id="plain-method"),
    case(CLASSES, "loader.missing()", UNKNOWN, id="missing-method"),
    case(
        CLASSES,
        "Net()",
        Instance(ClassInfo("Net", ("tensorflow.keras.Model",), frozenset())),
        id="keras-model-subclass-is-an-instance",
    ),
    case(
        CLASSES,
        "self.model",
        KerasModel("Sequential", built_here=True),
        id="self-attribute-in-method",
        scope="Loader.train",
    ),
    case(CLASSES, "self.steps", Number(100.0, "100"), id="self-number", scope="Loader.train"),
    case(CLASSES, "self.twice", UNKNOWN, id="self-attribute-bound-twice", scope="Loader.train"),
    case(CLASSES, "self.x", UNKNOWN, id="self-attribute-from-parameter", scope="Loader.train"),
    case(CLASSES, "self.missing", UNKNOWN, id="self-attribute-never-set", scope="Loader.train"),
    case(
        CLASSES,
        "self.batches()",
        UNKNOWN,
        id="self-generator-method-not-followed",
        scope="Loader.train",
    ),
    case(CLASSES, "self.model", UNKNOWN, id="self-outside-a-method"),
    # --- other libraries' objects --------------------------------------------------------------------
    case(
        FOREIGN,
        "RandomForestClassifier(n_estimators=10)",
        Foreign("sklearn.ensemble.RandomForestClassifier"),
        id="sklearn-estimator",
    ),
    case(
        FOREIGN,
        "lm.LogisticRegression()",
        Foreign("sklearn.linear_model.LogisticRegression"),
        id="sklearn-through-module-alias",
    ),
    case(FOREIGN, "torch.nn.Linear(2, 3)", Foreign("torch.nn.Linear"), id="torch-module"),
    case(FOREIGN, "torch.zeros(3)", Foreign("torch.zeros"), id="torch-function"),
    case(FOREIGN, "xgb.XGBClassifier()", Foreign("xgboost.XGBClassifier"), id="xgboost"),
    case(
        FOREIGN,
        "Wrapper(3)",
        ImportedInstance("mylib.models.Wrapper"),
        id="capitalised-name-from-unknown-module",
    ),
    case(FOREIGN, "build_net(3)", UNKNOWN, id="function-from-unknown-module"),
    case(FOREIGN, "CONFIG(1)", UNKNOWN, id="constant-from-unknown-module"),
    case(FOREIGN, "sm.Unet('resnet34')", UNKNOWN, id="keras-model-library"),
    case(FOREIGN, "UNet(3)", UNKNOWN, id="relative-import"),
    case(FOREIGN, "np.linalg.norm(x)", UNKNOWN, id="numpy-function-not-foreign"),
]


@pytest.mark.parametrize(("source", "expression", "scope", "expected"), CASES)
def test_python(source: str, expression: str, scope: str | None, expected: Value) -> None:
    assert evaluate(source, expression, scope, preamble=PREAMBLE) == expected

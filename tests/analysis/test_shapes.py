"""One sample's shape (`Array.sample_shape`) through the sources and transformations the
semantic model follows; unknown stays unknown (None)."""

from __future__ import annotations

import pytest

from fitlint.analysis.values import Array, Dataset
from tests.analysis.helpers import evaluate

PREAMBLE = (
    "import numpy as np\nimport tensorflow as tf\nfrom tensorflow import keras\n"
    "from sklearn.model_selection import train_test_split\n"
)
MNIST = "(x, y), (x_test, y_test) = keras.datasets.mnist.load_data()\n"
CIFAR = "(x, y), (x_test, y_test) = keras.datasets.cifar10.load_data()\n"


def _shape(source: str, expression: str) -> tuple[int, ...] | None:
    value = evaluate(source, expression, preamble=PREAMBLE, shapes=True)
    if isinstance(value, Dataset):
        return value.features.sample_shape if value.features is not None else None
    return value.sample_shape if isinstance(value, Array) else None


@pytest.mark.parametrize(
    ("source", "expression", "expected"),
    [
        # Sources.
        (MNIST, "x", (28, 28)),
        (MNIST, "y", ()),
        (CIFAR, "x", (32, 32, 3)),
        (CIFAR, "y", (1,)),
        ("", "np.random.rand(100, 20)", (20,)),
        ("", "np.random.randn(100, 28, 28)", (28, 28)),
        ("", "np.random.random((64, 10))", (10,)),
        ("", "np.random.uniform(0, 1, size=(64, 5))", (5,)),
        ("", "np.random.normal(size=(64, 5, 2))", (5, 2)),
        ("", "np.random.randint(0, 10, size=(64,))", ()),
        ("", "np.zeros((64, 32, 32, 3))", (32, 32, 3)),
        ("", "np.ones([10, 4], dtype=np.float32)", (4,)),
        ("N = 500\nD = 12\n", "np.zeros((N, D))", (12,)),
        ("", "np.zeros(64)", ()),
        ("", "keras.utils.to_categorical(np.random.randint(0, 10, 64), 10)", (10,)),
        # Kept: casts, scaling, arithmetic with numbers, slicing the samples, splits.
        (MNIST, "x.astype('float32') / 255.0", (28, 28)),
        (MNIST, "np.float32(x)", (28, 28)),
        (MNIST, "tf.cast(x, tf.float32)", (28, 28)),
        (MNIST, "x[:1000]", (28, 28)),
        (MNIST, "x[y < 5]", (28, 28)),
        (MNIST, "np.array(x)", (28, 28)),
        (MNIST + "a, b, c, d = train_test_split(x, y)\n", "a", (28, 28)),
        (MNIST, "np.concatenate((x, x_test))", (28, 28)),
        (MNIST, "(x - x.mean()) / x.std()", (28, 28)),
        # Changed: reshape, expand_dims, new axes, squeeze.
        (MNIST, "x.reshape(-1, 784)", (784,)),
        (MNIST, "x.reshape((-1, 28, 28, 1))", (28, 28, 1)),
        (MNIST, "x.reshape(x.shape[0], 28, 28, 1)", (28, 28, 1)),
        (MNIST, "x.reshape(len(x), -1)", (784,)),
        (MNIST, "x.reshape(60000, 784)", (784,)),
        (MNIST, "np.reshape(x, (-1, 784))", (784,)),
        (MNIST, "tf.reshape(x, (-1, 28, 28, 1))", (28, 28, 1)),
        (MNIST, "np.expand_dims(x, -1)", (28, 28, 1)),
        (MNIST, "np.expand_dims(x, axis=3)", (28, 28, 1)),
        (MNIST, "np.expand_dims(x, 1)", (1, 28, 28)),
        (MNIST, "tf.expand_dims(x, -1)", (28, 28, 1)),
        (MNIST, "x[..., np.newaxis]", (28, 28, 1)),
        (MNIST, "x[..., None]", (28, 28, 1)),
        (MNIST, "x[:, :, :, np.newaxis]", (28, 28, 1)),
        (MNIST, "x[:500, ..., None]", (28, 28, 1)),
        (CIFAR, "x[:, :, :, 0]", (32, 32)),
        # Columns picked by known bounds (tabular data: features, then the target).
        ("data = np.random.rand(506, 14)\n", "data[:, :-1]", (13,)),
        ("data = np.random.rand(506, 14)\n", "data[:, -1]", ()),
        ("data = np.random.rand(506, 14)\n", "data[:400, 2:10]", (8,)),
        (MNIST, "x[:, 2:10]", (8, 28)),
        ("", "np.zeros((n, 10))[:, :5]", (5,)),
        # One sample: Keras reads its first axis as the batch, the rest as a sample.
        (MNIST, "x[0]", (28,)),
        (CIFAR, "np.squeeze(y)", ()),
        (CIFAR, "y.squeeze()", ()),
        (MNIST, "np.expand_dims(x, -1).squeeze(-1)", (28, 28)),
        # Sizes after an unknown count of samples, or from another array's shape.
        ("seqs = load()\n", "np.zeros((len(seqs), 10000))", (10000,)),
        (MNIST, "np.random.normal(0, 1, size=x.shape)", (28, 28)),
        (MNIST, "x + np.random.normal(0, 0.1, x.shape)", (28, 28)),
        (MNIST, "np.zeros_like(x)", (28, 28)),
        # Samples picked by drawn indices; joined with np.append.
        (MNIST, "x[np.random.choice(60000, 64)]", (28, 28)),
        (MNIST + "perm = np.random.permutation(len(x))\n", "x[perm]", (28, 28)),
        (MNIST, "np.append(x, x_test, axis=0)", (28, 28)),
        # scikit-learn's scalers keep the shape.
        (
            MNIST + "from sklearn.preprocessing import StandardScaler\n",
            "StandardScaler().fit_transform(x.reshape(-1, 784))",
            (784,),
        ),
        # A reshape of data from elsewhere writes the sizes of its samples.
        ("data = load()\n", "data.reshape(-1, 28, 28, 1)", (28, 28, 1)),
        ("data = load()\n", "data.reshape(50000, 32, 32, 3)", (32, 32, 3)),
        # Shapes written as tuple arithmetic.
        (MNIST + "img_shape = (28, 28, 1)\n", "x.reshape((x.shape[0],) + img_shape)", (28, 28, 1)),
        (MNIST + "img_shape = (28, 28, 1)\n", "x.reshape((-1, *img_shape))", (28, 28, 1)),
        # Sizes read from another array, literals.
        (MNIST, "x.reshape((len(x), np.prod(x.shape[1:])))", (784,)),
        (MNIST, "np.reshape(x, (x.shape[0], 1, x.shape[1] * x.shape[2]))", (1, 784)),
        ("", "np.array([[0.5, 1.5]])", (2,)),
        ("", "np.array([1, 2, 3])", ()),
        # Datasets of (x, y): one element's x.
        (MNIST, "tf.data.Dataset.from_tensor_slices((x, y)).shuffle(100).batch(32)", (28, 28)),
        (MNIST, "tf.data.Dataset.from_tensor_slices(x.reshape(-1, 784)).batch(8)", (784,)),
    ],
)
def test_followed(source: str, expression: str, expected: tuple[int, ...]) -> None:
    assert _shape(source, expression) == expected


@pytest.mark.parametrize(
    ("source", "expression"),
    [
        (MNIST, "x.T"),
        (MNIST, "x.transpose(0, 2, 1)"),
        (MNIST, "np.expand_dims(x, 0)"),  # the samples move to the second axis
        (MNIST, "x[None]"),
        (MNIST, "x[:, a:b]"),  # a part of each sample, bounds unknown
        (MNIST, "x[x > 0]"),  # a mask of every value: a flat vector
        (MNIST, "x.reshape(n, -1)"),  # n unknown: the -1 is not known
        ("", "np.array([[1, 2], [3]])"),  # ragged
        ("data = load()\n", "data.reshape(len(data), -1)"),
        (MNIST, "np.append(x, x_test)"),  # no axis: flattened
        (MNIST, "np.random.choice(60000, (64, 2))"),
        (MNIST + "from sklearn.decomposition import PCA\n", "PCA(10).fit_transform(x)"),
        (MNIST, "x.reshape(-1, k)"),
        ("shape = (64, 3)\n", "np.zeros(shape)"),  # a shape held in a name
        ("", "np.zeros((n, 10))[:, :k]"),
        (MNIST, "x * np.ones((28, 1))"),  # broadcast with an array: not followed
        (MNIST, "np.concatenate((x, x_test), axis=1)"),
        ("v = np.zeros(10)\n", "np.vstack((v, v))"),  # vectors become rows
        (MNIST, "tf.data.Dataset.from_tensor_slices(((x, x), y)).batch(32)"),  # two inputs
        (MNIST, "tf.data.Dataset.from_tensor_slices((x, y)).map(f).batch(32)"),
    ],
)
def test_unknown(source: str, expression: str) -> None:
    assert _shape(source, expression) is None

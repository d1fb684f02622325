"""FL010 input-shape-mismatch: samples whose shape the model's declared input rejects."""

from __future__ import annotations

import pytest

from fitlint.rules.fl010_input_shape_mismatch import mismatch
from tests.rules.helpers import Case, assert_case, lint

PREAMBLE = """\
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
"""
# Rows of the preamble: a case's first line is row 7.
FIRST = 7


def fl010(source: str, keras_version: int = 3) -> list[str]:
    return [
        d.message for d in lint(PREAMBLE + source, keras_version=keras_version) if d.code == "FL010"
    ]


POSITIVE_CASES: dict[str, Case] = {
    "mnist_into_a_flat_input": Case(
        "model = keras.Sequential([keras.Input(shape=(784,)), layers.Dense(10)])\n"
        "model.fit(x_train, y_train, epochs=2)\n",
        [(FIRST + 1, 11)],
        "`x_train` (from keras.datasets.mnist.load_data()) holds samples of shape (28, 28), "
        "but `model`, a Sequential model, takes inputs of shape (784,) "
        "(`Input(shape=(784,))`): `fit()` raises ValueError at the first batch, after the "
        'data is loaded and the model built: "Invalid input shape for input ... Expected '
        'shape (None, 784), but input has incompatible shape (32, 28, 28)". Reshape the '
        "samples, `x_train.reshape(-1, 784)`, or start the model with `Flatten()` after "
        "`Input(shape=(28, 28))`.",
    ),
    "input_dim_of_the_first_dense": Case(
        "x = np.random.rand(200, 20)\n"
        "model = keras.Sequential([layers.Dense(16, input_dim=10), layers.Dense(1)])\n"
        "model.fit(x, np.zeros(200), batch_size=64)\n",
        [(FIRST + 2, 11)],
        "`x` (from np.random.rand(...)) holds samples of shape (20,), but `model`, a "
        "Sequential model, takes inputs of shape (10,) (`Dense(..., input_dim=10)`): `fit()` "
        'raises ValueError at the first batch, after the data is loaded and the model built: "'
        "expected axis -1 of input shape to have value 10, but received input with shape "
        "(None, 20)\". Declare the samples' shape, `input_dim=20`, or bring the samples to "
        "(10,).",
    ),
    "cifar_into_a_functional_mnist_model": Case(
        "(cx, cy), _ = keras.datasets.cifar10.load_data()\n"
        "inputs = keras.Input((28, 28, 1))\n"
        "outputs = layers.Dense(10)(layers.Flatten()(layers.Conv2D(8, 3)(inputs)))\n"
        "net = keras.Model(inputs, outputs)\n"
        "net.fit(cx / 255.0, cy)\n",
        [(FIRST + 4, 9)],
        '"Input 0 ... is incompatible with the layer: expected shape=(None, 28, 28, 1), '
        "found shape=(None, 32, 32, 3)\". Declare the samples' shape, "
        "`Input(shape=(32, 32, 3))`, or bring the samples to (28, 28, 1).",
    ),
    "validation_data_only": Case(
        "flat = x_train.reshape(-1, 784)\n"
        "model = keras.Sequential([keras.Input((784,)), layers.Dense(10)])\n"
        "model.fit(flat, y_train, batch_size=128, validation_data=(x_test, y_test))\n",
        [(FIRST + 2, 59)],
        "`x_test` (the validation data, from keras.datasets.mnist.load_data()) holds samples "
        "of shape (28, 28), but `model`, a Sequential model, takes inputs of shape (784,) "
        "(`Input(shape=(784,))`): `fit()` raises ValueError when validation first runs, after "
        "the whole first epoch has trained",
    ),
    "a_batched_dataset": Case(
        "ds = tf.data.Dataset.from_tensor_slices((x_train / 255, y_train)).shuffle(100).batch(64)\n"
        "model = keras.Sequential([keras.Input((784,)), layers.Dense(10)])\n"
        "model.fit(ds, epochs=3)\n",
        [(FIRST + 2, 11)],
        "but input has incompatible shape (None, 28, 28)",
    ),
    "predict_evaluate_and_train_on_batch": Case(
        "model = keras.Sequential([keras.Input((784,)), layers.Dense(10)])\n"
        "model.predict(x_test)\n"
        "model.evaluate(x_test, y_test, batch_size=10)\n"
        "model.train_on_batch(x_train[:16], y_train[:16])\n",
        [(FIRST + 1, 15), (FIRST + 2, 16), (FIRST + 3, 22)],
        "`predict()` raises ValueError",
        "incompatible shape (10, 28, 28)",
        "incompatible shape (16, 28, 28)",
    ),
    "flatten_then_dense_of_another_size": Case(
        "big = np.random.rand(64, 32, 32)\n"
        "model = keras.Sequential([layers.Flatten(input_shape=(28, 28)), layers.Dense(10)])\n"
        "model.fit(big, np.zeros(64))\n",
        [(FIRST + 2, 11)],
        '"expected axis -1 of input shape to have value 784, but received input with shape '
        '(32, 1024)"',
    ),
    "a_channel_axis_first": Case(
        "inputs = keras.Input((1, 28, 28))\n"
        "net = keras.Model(inputs, layers.Dense(10)(layers.Flatten()(inputs)))\n"
        "net.predict(x_test)\n",
        [(FIRST + 2, 13)],
        "Add the missing axis, `np.expand_dims(x_test, 1)`.",
    ),
    "two_trailing_axes_of_one": Case(
        "x4 = x_train[..., None, None]\n"
        "model = keras.Sequential([keras.Input((28, 28)), layers.Flatten(), layers.Dense(10)])\n"
        "model.fit(x4, y_train)\n",
        [(FIRST + 2, 11)],
        "holds samples of shape (28, 28, 1, 1)",
    ),
    "a_starred_shape": Case(
        "img_size = (32, 32)\n"
        "inputs = keras.Input(shape=(*img_size, 3))\n"
        "net = keras.Model(inputs, layers.Dense(1)(layers.Flatten()(inputs)))\n"
        "net.fit(x_train[..., None], y_train)\n",
        [(FIRST + 3, 9)],
        "takes inputs of shape (32, 32, 3) (`Input(shape=(*img_size, 3))`)",
    ),
    "the_target_column_left_out": Case(
        "data = np.random.rand(506, 14)\n"
        "features, target = data[:, :-1], data[:, -1]\n"
        "model = keras.Sequential([layers.Dense(1, input_shape=(14,))])\n"
        "model.fit(features, target)\n",
        [(FIRST + 3, 11)],
        "holds samples of shape (13,), but `model`, a Sequential model, takes inputs of shape "
        "(14,)",
    ),
    "the_shape_held_in_a_name": Case(
        "INPUT_SHAPE = (784,)\n"
        "model = keras.Sequential()\n"
        "model.add(layers.Dense(64, input_shape=INPUT_SHAPE))\n"
        "model.add(layers.Dense(10))\n"
        "model.fit(x_train, y_train)\n",
        [(FIRST + 4, 11)],
        "takes inputs of shape (784,) (`Dense(..., input_shape=INPUT_SHAPE)`)",
    ),
}


@pytest.mark.parametrize("name", POSITIVE_CASES)
def test_flags(name: str) -> None:
    case = POSITIVE_CASES[name]
    found = [d for d in lint(PREAMBLE + case.source) if d.code == "FL010"]
    assert_case(found, case, "FL010")
    assert all(d.severity.value == "error" for d in found)
    assert all(d.fix is None and d.unsafe_fix is None for d in found)  # intent decides


FALSE_POSITIVE_TRAPS = {
    # Keras adds or drops one trailing axis of size 1.
    "one_axis_added": (
        "model = keras.Sequential([layers.Conv2D(8, 3, input_shape=(28, 28, 1)), "
        "layers.Flatten(), layers.Dense(10)])\nmodel.fit(x_train, y_train)\n"
    ),
    "one_axis_dropped": (
        "model = keras.Sequential([keras.Input((28, 28)), layers.Flatten(), layers.Dense(10)])\n"
        "model.fit(np.expand_dims(x_train, -1), y_train)\n"
    ),
    "rescaling_first": (
        "model = keras.Sequential([keras.Input((28, 28, 1)), layers.Rescaling(1 / 255), "
        "layers.Conv2D(8, 3), layers.Flatten(), layers.Dense(10)])\nmodel.fit(x_train, y_train)\n"
    ),
    "reshaped_first": (
        "x = x_train.reshape(x_train.shape[0], 28, 28, 1).astype('float32') / 255\n"
        "model = keras.Sequential([layers.Conv2D(8, 3, input_shape=(28, 28, 1)), "
        "layers.Flatten(), layers.Dense(10)])\nmodel.fit(x, y_train, validation_split=0.1)\n"
    ),
    "none_sizes": (
        "seq = np.random.rand(64, 50, 8)\n"
        "inputs = keras.Input((None, 8))\n"
        "net = keras.Model(inputs, layers.Dense(1)(layers.LSTM(4)(inputs)))\n"
        "net.fit(seq, np.zeros(64))\n"
    ),
    "any_image_size": (
        "inputs = keras.Input((None, None, 1))\n"
        "net = keras.Model(inputs, layers.GlobalAveragePooling2D()(layers.Conv2D(4, 3)(inputs)))\n"
        "net.fit(x_train, y_train)\n"
    ),
    # Keras 3's Sequential checks only its first layer's axis: a fully convolutional model
    # fed larger images trains.
    "sequential_ignores_spatial_sizes": (
        "big = np.random.rand(64, 64, 64, 3)\n"
        "model = keras.Sequential([keras.Input((32, 32, 3)), layers.Conv2D(4, 3), "
        "layers.GlobalAveragePooling2D(), layers.Dense(1)])\nmodel.fit(big, np.zeros(64))\n"
    ),
    # What fitlint cannot know.
    "shape_from_the_data": (
        "model = keras.Sequential([keras.Input(shape=x_train.shape[1:]), layers.Flatten(), "
        "layers.Dense(10)])\nmodel.fit(x_train, y_train)\n"
    ),
    "loaded_model": ("model = keras.models.load_model('m.keras')\nmodel.fit(x_train, y_train)\n"),
    "pretrained_base": (
        "base = keras.applications.MobileNetV2(include_top=False, weights='imagenet')\n"
        "model = keras.Sequential([base, layers.GlobalAveragePooling2D(), layers.Dense(10)])\n"
        "model.fit(x_train, y_train)\n"
    ),
    "two_inputs": (
        "a = keras.Input((10,))\nb = keras.Input((5,))\n"
        "net = keras.Model([a, b], layers.Dense(1)(layers.Concatenate()([a, b])))\n"
        "net.fit([np.zeros((8, 3)), np.zeros((8, 5))], np.zeros(8))\n"
    ),
    "data_from_an_unknown_loader": (
        "from mydata import load\nx, y = load()\n"
        "model = keras.Sequential([keras.Input((784,)), layers.Dense(10)])\nmodel.fit(x, y)\n"
    ),
    "data_passed_in": (
        "model = keras.Sequential([keras.Input((784,)), layers.Dense(10)])\n"
        "def train(x, y):\n    model.fit(x, y)\n"
    ),
    "built_again": (
        "model = keras.Sequential([layers.Dense(10, input_dim=3)])\n"
        "model.build((None, 784))\nmodel.fit(x_train.reshape(-1, 784), y_train)\n"
    ),
    "embedding_vocabulary": (
        "seqs = np.random.randint(0, 1000, size=(64, 100))\n"
        "model = keras.Sequential([layers.Embedding(input_dim=1000, output_dim=8), "
        "layers.GlobalAveragePooling1D(), layers.Dense(1)])\nmodel.fit(seqs, np.zeros(64))\n"
    ),
    "unbatched_dataset": (
        "ds = tf.data.Dataset.from_tensor_slices((x_train, y_train))\n"
        "model = keras.Sequential([keras.Input((784,)), layers.Dense(10)])\nmodel.fit(ds)\n"
    ),
    "mapped_dataset": (
        "ds = tf.data.Dataset.from_tensor_slices((x_train, y_train)).map(f).batch(32)\n"
        "model = keras.Sequential([keras.Input((784,)), layers.Dense(10)])\nmodel.fit(ds)\n"
    ),
    # A functional model reads its channels (3) from a layer fitlint does not see.
    "functional_trailing_one_hole": (
        "inputs = keras.Input((28, 28, 3))\n"
        "net = keras.Model(inputs, layers.Dense(1)(layers.GlobalAveragePooling2D()(inputs)))\n"
        "net.fit(np.expand_dims(x_train, -1), y_train)\n"
    ),
    # Keras's own MNIST example: the data and the input follow one image_data_format.
    "channels_first_or_last": (
        "img_rows, img_cols = 28, 28\n"
        "if keras.backend.image_data_format() == 'channels_first':\n"
        "    x = x_train.reshape(x_train.shape[0], 1, img_rows, img_cols)\n"
        "    input_shape = (1, img_rows, img_cols)\n"
        "else:\n"
        "    x = x_train.reshape(x_train.shape[0], img_rows, img_cols, 1)\n"
        "    input_shape = (img_rows, img_cols, 1)\n"
        "model = keras.Sequential([layers.Conv2D(32, (3, 3), input_shape=input_shape), "
        "layers.Flatten(), layers.Dense(10)])\nmodel.fit(x, y_train)\n"
    ),
    # Keras 2's input_length with input_dim: the input is (3, 1), not (1,).
    "rnn_input_length": (
        "x = np.array([[1, 2, 3], [2, 3, 4]]).reshape(2, 3, 1)\n"
        "model = keras.Sequential([layers.SimpleRNN(16, input_length=3, input_dim=1), "
        "layers.Dense(1)])\nmodel.fit(x, np.zeros(2))\n"
    ),
    "gan_shapes_agree": (
        "img_shape = (28, 28, 1)\n"
        "imgs = x_train.reshape((x_train.shape[0],) + img_shape) / 127.5 - 1\n"
        "d = keras.Sequential([keras.Input(shape=img_shape), layers.Flatten(), layers.Dense(1)])\n"
        "idx = np.random.randint(0, imgs.shape[0], 32)\n"
        "d.train_on_batch(imgs[idx], np.ones((32, 1)))\n"
    ),
    # The data's shape from a name bound in both branches; the model's written out.
    "shape_chosen_by_a_branch": (
        "if keras.backend.image_data_format() == 'channels_last':\n"
        "    shape_ord = (28, 28, 1)\nelse:\n    shape_ord = (1, 28, 28)\n"
        "x = np.reshape(x_train, (x_train.shape[0],) + shape_ord)\n"
        "inputs = keras.Input(shape=(28, 28, 1))\n"
        "net = keras.Model(inputs, layers.Dense(1)(layers.Flatten()(inputs)))\n"
        "net.fit(x, x)\n"
    ),
    "not_keras": (
        "from sklearn.neural_network import MLPClassifier\n"
        "clf = MLPClassifier()\nclf.fit(x_train, y_train)\n"
    ),
    "own_class_named_sequential": (
        "class Sequential:\n    def __init__(self, layers):\n        pass\n"
        "    def fit(self, x, y):\n        pass\n"
        "model = Sequential([keras.Input((784,))])\nmodel.fit(x_train, y_train)\n"
    ),
    "a_sample_part_sliced": (
        "model = keras.Sequential([keras.Input((10,)), layers.Dense(1)])\n"
        "model.fit(x_train[:, 0, :10], y_train)\n"
    ),
}


@pytest.mark.parametrize("name", FALSE_POSITIVE_TRAPS)
def test_stays_silent(name: str) -> None:
    assert fl010(FALSE_POSITIVE_TRAPS[name]) == []


def test_keras2_checks_the_whole_shape_of_a_sequential() -> None:
    source = FALSE_POSITIVE_TRAPS["sequential_ignores_spatial_sizes"]
    (message,) = fl010(source, keras_version=2)
    assert (
        '"Input 0 of layer ... is incompatible with the layer: expected shape=(None, 32, 32, 3), '
        'found shape=(32, 64, 64, 3)"'
    ) in message
    # Two trailing axes of one: tf_keras squeezes and lets Flatten absorb the rest.
    assert fl010(POSITIVE_CASES["two_trailing_axes_of_one"].source, keras_version=2) == []


@pytest.mark.parametrize(
    ("sample", "declared", "functional", "layers", "raises"),
    [
        # The measured cases of the issue and of Keras 3.15's shape rules.
        ((28, 28), (784,), False, ["Dense"], True),
        ((20,), (10,), False, ["Dense"], True),
        ((32, 32, 3), (28, 28, 1), True, [], True),
        ((28, 28), (28, 28, 1), False, ["Conv2D"], False),
        ((28, 28, 1), (28, 28), True, [], False),
        ((28, 28, 1), (784,), True, [], True),
        ((784,), (28, 28), False, ["Flatten", "Dense"], True),
        ((28, 28), (28, 28, 3), True, [], True),
        ((28, 28, 1, 1), (28, 28), False, ["Flatten"], True),
        ((28,), (28, 1), True, [], False),
        ((28, 1), (28,), False, ["Dense"], False),
        ((), (1,), True, [], False),
        ((), (3,), True, [], True),
        ((50, 8), (None, 8), True, [], False),
        ((28, 28), (None, None, 1), True, [], False),
        ((10,), (12,), True, [], True),
        ((10,), (12,), False, ["Dense"], True),
        ((64, 64, 3), (32, 32, 3), True, [], True),
        ((64, 64, 3), (32, 32, 3), False, ["Conv2D", "GlobalAveragePooling2D"], False),
        ((64, 64, 3), (32, 32, 3), False, ["Flatten", "Dense"], True),
        ((50, 8), (40, 8), False, ["LSTM"], False),
        ((28, 20), (28, 28), False, ["Dense"], True),
        ((20, 28), (28, 28), False, ["Dense"], False),
        ((28, 28, 1), (28, 28, 3), True, [], False),  # the squeezed last axis is not compared
        ((28, 28, 1), (28, 28, 3), False, ["Conv2D"], True),
        ((1, 10), (10,), False, ["Dense"], True),
        ((10, 1), (10,), False, ["Dense"], False),
    ],
)
def test_keras3_rules(
    sample: tuple[int, ...],
    declared: tuple[int | None, ...],
    functional: bool,
    layers: list[str],
    raises: bool,
) -> None:
    found = mismatch(sample, declared, functional=functional, first_layers=layers)
    assert (found is not None) == raises, found


def test_the_first_rnn_layer_checks_the_features() -> None:
    (message,) = fl010(
        "series = np.random.rand(64, 40, 5)\n"
        "model = keras.Sequential([keras.Input((40, 8)), layers.LSTM(4), layers.Dense(1)])\n"
        "model.fit(series, np.zeros(64))\n"
    )
    assert '"Dimensions must be equal, but are 5 and 8"' in message


def test_keras3_sequential_rnn_ignores_the_time_steps() -> None:
    assert (
        fl010(
            "series = np.random.rand(64, 50, 8)\n"
            "model = keras.Sequential([keras.Input((40, 8)), layers.LSTM(4), layers.Dense(1)])\n"
            "model.fit(series, np.zeros(64))\n"
        )
        == []
    )


def test_batches_as_keras_prints_them() -> None:
    # Picked samples count their indices; validation arrays become a dataset (no batch size).
    (picked,) = fl010(
        "model = keras.Sequential([keras.Input((784,)), layers.Dense(10)])\n"
        "idx = np.random.randint(0, 60000, 64)\n"
        "model.train_on_batch(x_train[idx], y_train[idx])\n"
    )
    assert "incompatible shape (64, 28, 28)" in picked
    (validation,) = fl010(
        "model = keras.Sequential([keras.Input((784,)), layers.Dense(10)])\n"
        "model.fit(x_train.reshape(-1, 784), y_train, validation_data=(x_test, y_test))\n"
    )
    assert "incompatible shape (None, 28, 28)" in validation


def test_a_keras1_first_layer_fails_before_any_data() -> None:
    # Dense(output_dim=...) is a TypeError when the model is made (FL104's business).
    assert (
        fl010(
            "model = keras.Sequential([layers.Dense(output_dim=10, input_dim=100)])\n"
            "model.fit(x_train, y_train)\n"
        )
        == []
    )


def test_a_model_from_a_builder_function() -> None:
    (message,) = fl010(
        "def build_discriminator():\n"
        "    model = keras.Sequential([keras.Input((784,)), layers.Dense(1)])\n"
        "    model.compile('adam', 'binary_crossentropy')\n"
        "    return model\n"
        "d = build_discriminator()\n"
        "idx = np.random.randint(0, 60000, 32)\n"
        "d.train_on_batch(x_train[idx], np.ones((32, 1)))\n"
    )
    assert message.startswith(
        "`x_train[idx]` (from keras.datasets.mnist.load_data()) holds samples of shape "
        "(28, 28), but `d`, a Sequential model, takes inputs of shape (784,)"
    )
    assert "incompatible shape (32, 28, 28)" in message


@pytest.mark.parametrize(
    "source",
    [
        # The shape is the caller's: not known inside the builder.
        "def build(shape):\n"
        "    model = keras.Sequential([keras.Input(shape), layers.Dense(1)])\n"
        "    return model\n"
        "m = build((28, 28))\nm.fit(x_train, y_train)\n",
        # Not every return is that model.
        "def build(flat):\n"
        "    model = keras.Sequential([keras.Input((784,)), layers.Dense(1)])\n"
        "    if flat:\n        return model\n"
        "    return keras.models.load_model('m.keras')\n"
        "m = build(False)\nm.fit(x_train, y_train)\n",
    ],
)
def test_builders_fitlint_cannot_follow(source: str) -> None:
    assert fl010(source) == []


def test_one_sample_without_its_batch_axis() -> None:
    (message,) = fl010(
        "model = keras.Sequential([layers.Flatten(input_shape=(28, 28)), layers.Dense(10)])\n"
        "model.predict(x_test[1])\n"
    )
    # Keras reads the image's 28 rows as 28 samples of shape (28,).
    assert message.startswith(
        "`x_test[1]` (from keras.datasets.mnist.load_data()) is one sample, of shape "
        "(28, 28), but `model`, a Sequential model, takes inputs of shape (28, 28)"
    )
    assert "but input has incompatible shape (28, 28)" in message
    assert message.endswith("pass `x_test[1:2]` or `x_test[1][None]`.")


def test_a_dataset_is_reshaped_through_its_arrays() -> None:
    (message,) = fl010(
        "ds = tf.data.Dataset.from_tensor_slices((x_train, y_train)).batch(64)\n"
        "model = keras.Sequential([keras.Input((784,)), layers.Dense(10)])\n"
        "model.fit(ds)\n"
    )
    assert message.endswith(
        "Reshape the arrays before `from_tensor_slices` (`.reshape(-1, 784)`), or map the "
        "dataset (`.map(lambda x, y: (tf.reshape(x, (-1, 784)), y))`), or declare "
        "`Input(shape=(28, 28))`."
    )


def test_the_declaration_proposed_is_written_as_the_model_writes_it() -> None:
    (message,) = fl010(
        "gray = x_train[..., np.newaxis]\n"
        "model = keras.Sequential([layers.Conv2D(8, 3, input_shape=(28, 28, 3)), "
        "layers.Flatten(), layers.Dense(10)])\nmodel.fit(gray, y_train, batch_size=100)\n"
    )
    assert "Declare the samples' shape, `input_shape=(28, 28, 1)`" in message
    # 60000 samples in batches of 100: every batch has 100.
    assert "but received input with shape (100, 28, 28, 1)" in message


def test_the_judge_reads_the_validation_data_of_a_validation_finding() -> None:
    from fitlint.rules import RULES_BY_CODE

    source = (
        "model = keras.Sequential([keras.Input((784,)), layers.Dense(10)])\n"
        "model.fit(x_train.reshape(-1, 784), y_train, validation_data=(x_test, y_test))\n"
    )
    (diagnostic,) = [d for d in lint(PREAMBLE + source) if d.code == "FL010"]
    row = FIRST + 1
    model = {"class": "Sequential", "input_shape": [None, 784], "first_layers": ["Dense"]}
    facts = {
        "events": [
            {
                "kind": "call",
                "method": "fit",
                "line": row,
                "model": model,
                "x": {"shape": [60000, 784]},  # fits: not what the finding is about
                "validation_x": {"shape": [10000, 28, 28]},
            }
        ]
    }
    confirmation = RULES_BY_CODE["FL010"].judge(diagnostic, facts)
    assert confirmation is not None
    assert confirmation.status == "confirmed"
    assert confirmation.detail == (
        "fit() received samples of shape (28, 28) for a Sequential model whose input is (784,)"
    )

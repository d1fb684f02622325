"""FL005 uint8-input-not-cast: raw 0-255 pixels reaching a model that never rescales them."""

from __future__ import annotations

import pytest

from tests.rules.helpers import Case, assert_case, assert_findings, lint

MNIST = """
import numpy as np
import tensorflow as tf
from tensorflow import keras

(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
model = keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10, activation="softmax")])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
"""


def fl005(source: str, preamble: str = MNIST) -> list[str]:
    return [d.message for d in lint(preamble + source) if d.code == "FL005"]


POSITIVE_CASES: dict[str, Case] = {
    "fit_raw": Case(
        "model.fit(x_train, y_train, epochs=5)\n",
        [(8, 11)],
        "`x_train` holds uint8 pixel values 0–255 (from keras.datasets.mnist.load_data()) and "
        "reaches `fit()` unscaled",
    ),
    "keyword_x": Case(
        "model.fit(x=x_train, y=y_train)\n",
        [(8, 13)],
        "`x_train` holds uint8 pixel values 0–255 (from keras.datasets.mnist.load_data()) and "
        "reaches `fit()` unscaled",
    ),
    "dataset_module_alias": Case(
        "mnist = tf.keras.datasets.mnist\n(a, b), (c, d) = mnist.load_data()\nmodel.fit(a, b)\n",
        [(10, 11)],
        "`a` holds uint8 pixel values 0–255 (from keras.datasets.mnist.load_data()) and reaches "
        "`fit()` unscaled",
    ),
    "validation_data_only": Case(
        "model.fit(x_train / 255.0, y_train, validation_data=(x_test, y_test))\n",
        [(8, 54)],
        "validation_data `(x_test, y_test)` holds uint8 pixel values 0–255 (from "
        "keras.datasets.mnist.load_data()) and reaches `fit()` unscaled",
    ),
    "validation_advice_names_the_images": Case(
        "model.fit(x_train / 255.0, y_train, validation_data=(x_test, y_test))\n",
        [(8, 54)],
        '(`x_test = x_test.astype("float32") / 255`)',
    ),
    "evaluate_raw": Case(
        "model.evaluate(x_test, y_test)\n",
        [(8, 16)],
        "`x_test` holds uint8 pixel values 0–255 (from keras.datasets.mnist.load_data()) and "
        "reaches `evaluate()` unscaled",
    ),
    "predict_raw": Case(
        "model.predict(x_test[:10])\n",
        [(8, 15)],
        "`x_test[:10]` holds uint8 pixel values 0–255 (from keras.datasets.mnist.load_data()) "
        "and reaches `predict()` unscaled",
    ),
    "reshape_keeps_uint8": Case(
        "x = x_train.reshape(-1, 28, 28, 1)\nmodel.fit(x, y_train)\n",
        [(9, 11)],
        "`x` holds uint8 pixel values 0–255 (from keras.datasets.mnist.load_data()) and reaches "
        "`fit()` unscaled",
    ),
    "expand_dims_keeps_uint8": Case(
        "x = np.expand_dims(x_train, -1)\nmodel.fit(x, y_train)\n",
        [(9, 11)],
        "`x` holds uint8 pixel values 0–255 (from keras.datasets.mnist.load_data()) and reaches "
        "`fit()` unscaled",
    ),
    "train_on_batch_slice": Case(
        "for epoch in range(3):\n    for i in range(0, 60000, 32):\n"
        "        model.train_on_batch(x_train[i:i + 32], y_train[i:i + 32])\n",
        [(10, 30)],
        "`x_train[i:i + 32]` holds uint8 pixel values 0–255 (from "
        "keras.datasets.mnist.load_data()) and reaches `train_on_batch()` unscaled",
    ),
    "astype_uint8": Case(
        "x = np.random.rand(100, 8, 8) * 255\nx8 = x.astype('uint8')\nmodel.fit(x8, y_train[:100])\n",
        [(10, 11)],
        '`x8` holds uint8 pixel values 0–255 (from x.astype("uint8")) and reaches `fit()` unscaled',
    ),
    "cifar_alias": Case(
        "from tensorflow.keras.datasets import cifar10\n"
        "(a, b), (c, d) = cifar10.load_data()\nmodel.fit(a, b)\n",
        [(10, 11)],
        "`a` holds uint8 pixel values 0–255 (from keras.datasets.cifar10.load_data()) and "
        "reaches `fit()` unscaled",
    ),
    "dataset_of_uint8": Case(
        "ds = tf.data.Dataset.from_tensor_slices((x_train, y_train)).shuffle(1000).batch(64)\n"
        "model.fit(ds, epochs=2)\n",
        [(9, 11)],
        "`ds` holds uint8 pixel values 0–255 (from keras.datasets.mnist.load_data()) and reaches "
        "`fit()` unscaled",
    ),
    "built_by_local_function": Case(
        "def build():\n    return keras.Sequential([keras.layers.Dense(10)])\n"
        "net = build()\nnet.fit(x_train, y_train)\n",
        [(11, 9)],
        "`x_train` holds uint8 pixel values 0–255 (from keras.datasets.mnist.load_data()) and "
        "reaches `fit()` unscaled",
    ),
    "subclassed_model": Case(
        "class Net(keras.Model):\n    def call(self, inputs):\n        return inputs\n"
        "Net().fit(x_train, y_train)\n",
        [(11, 11)],
        "`x_train` holds uint8 pixel values 0–255 (from keras.datasets.mnist.load_data()) and "
        "reaches `fit()` unscaled",
    ),
    "train_and_test_joined": Case(
        "x_all = np.concatenate((x_train, x_test))\ny_all = np.concatenate((y_train, y_test))\n"
        "model.fit(x_all.reshape(-1, 784), y_all)\n",
        [(10, 11)],
        "`x_all.reshape(-1, 784)` holds uint8 pixel values 0–255 (from "
        "keras.datasets.mnist.load_data()) and reaches `fit()` unscaled",
    ),
    "mobilenet_v2_backbone": Case(
        "base = keras.applications.MobileNetV2(include_top=False, input_shape=(32, 32, 3))\n"
        "net = keras.Sequential([base, keras.layers.Flatten()])\nnet.fit(x_train, y_train)\n",
        [(10, 9)],
        "`x_train` holds uint8 pixel values 0–255 (from keras.datasets.mnist.load_data()) and "
        "reaches `fit()` unscaled: Keras casts them to float32 but keeps the 0–255 range, which "
        "saturates activations and can leave accuracy at chance level. The `MobileNetV2` this "
        "file builds expects the input its `keras.applications.mobilenet_v2.preprocess_input` "
        "produces",
    ),
    "fashion_mnist_in_function": Case(
        "def main():\n    (xt, yt), _ = keras.datasets.fashion_mnist.load_data()\n"
        "    model.fit(xt, yt, epochs=1)\n",
        [(10, 15)],
        "`xt` holds uint8 pixel values 0–255 (from keras.datasets.fashion_mnist.load_data()) and "
        "reaches `fit()` unscaled",
    ),
}

POSITIVE_CASES.update(
    {
        "model_in_a_module_attribute": Case(
            "tf.model = tf.keras.Sequential()\ntf.model.compile('adam', 'mse')\n"
            "tf.model.fit(x_train.reshape(-1, 784), y_train, epochs=5)\n",
            [(10, 14)],
            "`x_train.reshape(-1, 784)` holds uint8 pixel values 0–255",
        ),
        "model_and_data_in_self_attributes": Case(
            "class Run:\n    def __init__(self):\n        self.net = keras.Sequential()\n"
            "        (self.x, self.y), _ = keras.datasets.cifar10.load_data()\n"
            "    def go(self):\n        self.net.fit(self.x, self.y, epochs=2)\n",
            [(13, 22)],
            "`self.x` holds uint8 pixel values 0–255 (from keras.datasets.cifar10.load_data())",
        ),
        "randint_pixels": Case(
            "noise = np.random.randint(0, 256, size=(500, 28, 28), dtype=np.uint8)\n"
            "model.fit(noise, y_train[:500], epochs=1)\n",
            [(9, 11)],
            "`noise` holds uint8 pixel values 0–255 (from np.random.randint(...))",
        ),
        "default_rng_integers_pixels": Case(
            "rng = np.random.default_rng(0)\n"
            "images = rng.integers(0, 256, (64, 28, 28), dtype=np.uint8)\n"
            "model.predict(images)\n",
            [(10, 15)],
            "`images` holds uint8 pixel values 0–255 (from rng.integers(...))",
        ),
        "pixels_passed_into_a_function": Case(
            "def train(features, labels):\n    model.fit(features, labels, epochs=3)\n"
            "train(x_train, y_train)\n",
            [(9, 15)],
            "`features` holds uint8 pixel values 0–255 (from keras.datasets.mnist.load_data())",
        ),
    }
)


@pytest.mark.parametrize("name", POSITIVE_CASES)
def test_flags_raw_uint8(name: str) -> None:
    case = POSITIVE_CASES[name]
    assert_case([d for d in lint(MNIST + case.source) if d.code == "FL005"], case, "FL005")


FALSE_POSITIVE_TRAPS = {
    "randint_flags_are_not_pixels": (
        "flags = np.random.randint(0, 2, size=(500, 28, 28), dtype=np.uint8)\n"
        "model.predict(flags)\n"
    ),
    "randint_pixels_int64": (
        "noise = np.random.randint(0, 256, size=(500, 28, 28))\nmodel.predict(noise)\n"
    ),
    "function_called_with_scaled_and_raw": (
        "def train(features):\n    model.fit(features, y_train, epochs=3)\n"
        "train(x_train / 255.0)\ntrain(x_train)\n"
    ),
    "attribute_of_another_object": (
        "class Box:\n    pass\nbox = Box()\nbox.data = x_train / 255.0\nmodel.fit(box.data, y_train)\n"
    ),
    "divided": "x_train = x_train / 255.0\nmodel.fit(x_train, y_train)\n",
    "astype_float_then_divide": "x = x_train.astype('float32') / 255\nmodel.fit(x, y_train)\n",
    "astype_float_only": "x = x_train.astype(np.float32)\nmodel.fit(x, y_train)\n",
    "in_place_division": "x_train = x_train.astype('float32')\nx_train /= 255\nmodel.fit(x_train, y_train)\n",
    "tf_cast": "x = tf.cast(x_train, tf.float32) / 255.0\nmodel.fit(x, y_train)\n",
    "standardized": "x = (x_train - x_train.mean()) / x_train.std()\nmodel.fit(x, y_train)\n",
    "rescaling_layer": (
        "m2 = keras.Sequential([keras.layers.Rescaling(1 / 255), keras.layers.Dense(10)])\n"
        "m2.fit(x_train, y_train)\n"
    ),
    "nested_rescaling_block": (
        "augment = keras.Sequential([keras.layers.RandomFlip(), keras.layers.Rescaling(1./255)])\n"
        "m2 = keras.Sequential([augment, keras.layers.Dense(10)])\nm2.fit(x_train, y_train)\n"
    ),
    "normalization_layer": (
        "norm = keras.layers.Normalization()\nnorm.adapt(x_train)\n"
        "m2 = keras.Sequential([norm, keras.layers.Dense(10)])\nm2.fit(x_train, y_train)\n"
    ),
    "labels_only": "model.fit(np.random.rand(60000, 28, 28), y_train)\n",
    "loaded_model": "m2 = keras.models.load_model('m.keras')\nm2.fit(x_train, y_train)\n",
    "unknown_model_parameter": "def train(net):\n    net.fit(x_train, y_train)\n",
    "sklearn": (
        "from sklearn.linear_model import LogisticRegression\n"
        "clf = LogisticRegression()\nclf.fit(x_train.reshape(-1, 784), y_train)\n"
    ),
    "zeros_buffer_uint8_of_unknown_meaning": (
        "x = np.zeros((100, 50), dtype=np.uint8)\nmodel.fit(x, y_train[:100])\n"
    ),
    "mapped_dataset": (
        "ds = tf.data.Dataset.from_tensor_slices((x_train, y_train))\n"
        "ds = ds.map(lambda a, b: (tf.cast(a, tf.float32) / 255., b)).batch(32)\nmodel.fit(ds)\n"
    ),
    "passed_through_unknown_function": (
        "from utils import preprocess\nmodel.fit(preprocess(x_train), y_train)\n"
    ),
    "user_class_fit": (
        "class Trainer:\n    def fit(self, x, y):\n        return x\nTrainer().fit(x_train, y_train)\n"
    ),
    "efficientnet_as_first_layer": (
        "base = keras.applications.EfficientNetB0(include_top=False, input_shape=(32, 32, 3))\n"
        "net = keras.Sequential([base, keras.layers.GlobalAveragePooling2D()])\n"
        "net.fit(x_train, y_train)\n"
    ),
    "vgg16_added_to_sequential": (
        "from tensorflow.keras.applications import VGG16\nnet = keras.Sequential()\n"
        "net.add(VGG16(include_top=False, input_shape=(32, 32, 3)))\nnet.fit(x_train, y_train)\n"
    ),
    "resnet50_in_a_functional_model": (
        "inputs = keras.Input((32, 32, 3))\n"
        "features = keras.applications.resnet50.ResNet50(include_top=False)(inputs)\n"
        "net = keras.Model(inputs, keras.layers.Flatten()(features))\nnet.fit(x_train, y_train)\n"
    ),
    "joined_with_a_scaled_part": (
        "x_aug = x_train[:100] / 255.0\nx = np.concatenate((x_train, x_aug))\nmodel.fit(x, y_train)\n"
    ),
    "joined_with_unknown_data": (
        "x = np.concatenate([x_train, load_more()])\nmodel.fit(x, y_train)\n"
    ),
    "scaled_in_a_branch": (
        "import sys\nif '--scale' in sys.argv:\n    x_train = x_train / 255.\n"
        "model.fit(x_train, y_train)\n"
    ),
}


@pytest.mark.parametrize("name", FALSE_POSITIVE_TRAPS)
def test_stays_silent(name: str) -> None:
    assert fl005(FALSE_POSITIVE_TRAPS[name]) == []


def test_message_names_source_and_fix() -> None:
    (message,) = fl005("model.fit(x_train, y_train, epochs=5)\n")
    assert message == (
        "`x_train` holds uint8 pixel values 0–255 (from keras.datasets.mnist.load_data()) and "
        "reaches `fit()` unscaled: Keras casts them to float32 but keeps the 0–255 range, which "
        "saturates activations and can leave accuracy at chance level. Start the model with "
        "`keras.layers.Rescaling(1 / 255)`, or scale every input the model sees, training, "
        'validation and test alike (`x_train = x_train.astype("float32") / 255`).'
    )


def test_raw_training_and_validation_data_are_two_findings() -> None:
    source = MNIST + "model.fit(x_train, y_train, validation_data=(x_test, y_test))\n"
    assert_findings(
        [d for d in lint(source) if d.code == "FL005"],
        # The tuple's span starts inside its parentheses, at `x_test`.
        [(8, 11, "FL005"), (8, 46, "FL005")],
        "`x_train` holds uint8 pixel values 0–255 (from keras.datasets.mnist.load_data()) and "
        "reaches `fit()` unscaled",
        "validation_data `(x_test, y_test)` holds uint8 pixel values 0–255 (from "
        "keras.datasets.mnist.load_data()) and reaches `fit()` unscaled",
    )


def test_location_is_the_x_argument() -> None:
    (diagnostic,) = [d for d in lint(MNIST + "model.fit(x_train, y_train)\n") if d.code == "FL005"]
    assert (diagnostic.location.row, diagnostic.location.column) == (8, 11)
    assert (diagnostic.end_location.row, diagnostic.end_location.column) == (8, 18)


def test_a_backbone_expecting_its_own_preprocessing_gets_that_fix() -> None:
    (message,) = fl005(
        "base = keras.applications.DenseNet121(include_top=False, input_shape=(32, 32, 3))\n"
        "net = keras.Sequential([base, keras.layers.Flatten()])\nnet.fit(x_train, y_train)\n"
    )
    assert message.endswith(
        "level. The `DenseNet121` this file builds expects the input its "
        "`keras.applications.densenet.preprocess_input` produces: apply it to every input the "
        "model sees (`x_train = keras.applications.densenet.preprocess_input(x_train)`)."
    )

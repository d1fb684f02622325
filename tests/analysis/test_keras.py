"""analysis/libraries/keras.py: what Keras and TensorFlow calls return: `keras.datasets`
arrays, models (their class name, whether built in the file), casts, `to_categorical`, batched
datasets from directories, `ImageDataGenerator` flows and `keras.utils.Sequence` instances."""

from __future__ import annotations

import pytest

from fitlint.analysis.values import (
    UNKNOWN,
    Array,
    Dataset,
    KerasModel,
    KerasObject,
    KerasSequence,
    Labels,
    Number,
    TupleValue,
    Value,
)
from tests.analysis.helpers import evaluate

PREAMBLE = "import numpy as np\nimport tensorflow as tf\nfrom tensorflow import keras\n"

MNIST = "keras.datasets.mnist.load_data()"
LOADED = "(x, y), (x_test, y_test) = keras.datasets.mnist.load_data()\n"
PIXELS = Array("uint8", 60000, MNIST, pixels=True)
MNIST_LABELS = Labels("integer", 10, MNIST)
FLOW = LOADED + (
    "from keras.preprocessing.image import ImageDataGenerator\n"
    "datagen = ImageDataGenerator(rotation_range=10)\n"
)


def load_data(
    name: str, train: int, test: int, classes: int | None = 10, column: bool = False
) -> TupleValue:
    """What `keras.datasets.<name>.load_data()` gives: ((x_train, y_train), (x_test, y_test)),
    the labels class indices (CIFAR's as a column of shape (N, 1))."""
    source = f"keras.datasets.{name}.load_data()"
    labels = Labels("integer", classes, source, column=column)

    def split(count: int) -> TupleValue:
        return TupleValue(
            (
                Array("uint8", count, source, pixels=True),
                Array("uint8", count, f"{source} labels", labels=labels),
            )
        )

    return TupleValue((split(train), split(test)))


CASES = [
    # --- keras.datasets -------------------------------------------------------------------------
    pytest.param(
        "",
        "keras.datasets.mnist.load_data()",
        load_data("mnist", 60000, 10000),
        id="load-data-mnist",
    ),
    pytest.param(
        "",
        "keras.datasets.fashion_mnist.load_data()",
        load_data("fashion_mnist", 60000, 10000),
        id="load-data-fashion-mnist",
    ),
    pytest.param(
        "",
        "keras.datasets.cifar10.load_data()",
        load_data("cifar10", 50000, 10000, column=True),
        id="load-data-cifar10",
    ),
    pytest.param(
        "",
        "keras.datasets.cifar100.load_data()",
        load_data("cifar100", 50000, 10000, classes=100, column=True),  # label_mode="fine"
        id="load-data-cifar100",
    ),
    pytest.param("", "keras.datasets.imdb.load_data()", UNKNOWN, id="load-data-unknown-dataset"),
    pytest.param(
        "from keras.datasets import mnist\n",
        "mnist.load_data()",
        load_data("mnist", 60000, 10000),
        id="load-data-imported-module",
    ),
    pytest.param(
        "cifar10 = tf.keras.datasets.cifar10\n",
        "cifar10.load_data()",
        load_data("cifar10", 50000, 10000, column=True),
        id="load-data-through-alias",
    ),
    pytest.param(
        "",
        "keras.datasets.cifar100.load_data(label_mode='coarse')[0][1]",
        Array(
            "uint8",
            50000,
            "keras.datasets.cifar100.load_data() labels",
            labels=Labels("integer", 20, "keras.datasets.cifar100.load_data()", column=True),
        ),
        id="load-data-cifar100-coarse-labels",
    ),
    pytest.param(LOADED, "x", PIXELS, id="load-data-images"),
    pytest.param(
        LOADED,
        "y_test",
        Array("uint8", 10000, f"{MNIST} labels", labels=MNIST_LABELS),
        id="load-data-test-labels",
    ),
    # --- models -----------------------------------------------------------------------------------
    pytest.param(
        "",
        "keras.Sequential([keras.layers.Dense(1)])",
        KerasModel("Sequential", built_here=True),
        id="sequential",
    ),
    pytest.param(
        "",
        "keras.models.Sequential()",
        KerasModel("Sequential", built_here=True),
        id="sequential-from-models",
    ),
    pytest.param(
        "",
        "tf.keras.Model(inputs, outputs)",
        KerasModel("Functional", built_here=True),
        id="functional-model",
    ),
    pytest.param(
        "from keras.models import Model\n",
        "Model(inputs=i, outputs=o)",
        KerasModel("Functional", built_here=True),
        id="functional-model-imported",
    ),
    pytest.param(
        "",
        "keras.models.load_model('model.h5')",
        KerasModel(None, built_here=False),
        id="load-model",
    ),
    pytest.param(
        "from tensorflow.keras.models import load_model\n",
        "load_model('model.h5')",
        KerasModel(None, built_here=False),
        id="load-model-imported",
    ),
    pytest.param(
        "",
        "keras.models.model_from_json(text)",
        KerasModel(None, built_here=False),
        id="model-from-json",
    ),
    pytest.param(
        "", "keras.models.clone_model(m)", KerasModel(None, built_here=False), id="clone-model"
    ),
    pytest.param(
        "",
        "keras.applications.ResNet50(weights='imagenet')",
        KerasModel(None, built_here=False),
        id="applications-network",
    ),
    pytest.param(
        "",
        "tf.keras.applications.efficientnet.EfficientNetB0()",
        KerasModel(None, built_here=False),
        id="applications-submodule-network",
    ),
    pytest.param(
        "from keras.applications import VGG16\n",
        "VGG16(include_top=False)",
        KerasModel(None, built_here=False),
        id="applications-imported-network",
    ),
    pytest.param(
        "",
        "keras.applications.resnet50.preprocess_input(x)",
        UNKNOWN,
        id="applications-function",
    ),
    pytest.param("", "keras.layers.Dense(10)", UNKNOWN, id="layer"),
    pytest.param("", "keras.Input((28, 28))", UNKNOWN, id="input"),
    # --- casts and conversions ------------------------------------------------------------------
    pytest.param(
        LOADED,
        "tf.cast(x, tf.float32)",
        Array("float32", 60000, MNIST, cast_or_scaled=True),
        id="tf-cast-float32",
    ),
    pytest.param(
        LOADED,
        "tf.cast(x, dtype='float32')",
        Array("float32", 60000, MNIST, cast_or_scaled=True),
        id="tf-cast-dtype-keyword",
    ),
    pytest.param(
        LOADED,
        "tf.cast(x, tf.uint8)",
        # questionable: a cast to uint8 counts as cast (not raw pixels), whereas NumPy's
        # x.astype("uint8") gives uint8 pixels not cast or scaled.
        Array("uint8", 60000, MNIST, cast_or_scaled=True),
        id="tf-cast-uint8",
    ),
    pytest.param(LOADED, "tf.cast(z, tf.float32)", UNKNOWN, id="tf-cast-unknown"),
    pytest.param(
        LOADED,
        "tf.image.convert_image_dtype(x, tf.float32)",
        Array("float32", 60000, MNIST, cast_or_scaled=True),
        id="convert-image-dtype",
    ),
    pytest.param(
        LOADED,
        "tf.image.convert_image_dtype(x, dtype=tf.float32)",
        Array("float32", 60000, MNIST, cast_or_scaled=True),
        id="convert-image-dtype-keyword",
    ),
    pytest.param(LOADED, "tf.expand_dims(x, -1)", PIXELS, id="tf-expand-dims"),
    pytest.param(
        LOADED,
        "tf.expand_dims(x, 0)",
        Array("uint8", None, MNIST, pixels=True),
        id="tf-expand-dims-new-first-axis",
    ),
    pytest.param(
        LOADED,
        "tf.reshape(x, (-1, 784))",
        PIXELS,  # -1 first: the samples stay on the first axis
        id="tf-reshape-minus-one-keeps-samples",
    ),
    pytest.param(
        LOADED,
        "tf.reshape(x, (28, -1))",
        Array("uint8", 28, MNIST, pixels=True),  # the first dimension is what the shape says
        id="tf-reshape-new-first-dimension",
    ),
    pytest.param(LOADED, "tf.convert_to_tensor(x)", PIXELS, id="convert-to-tensor"),
    pytest.param(
        LOADED,
        "tf.convert_to_tensor(x, dtype=tf.float32)",
        UNKNOWN,
        id="convert-to-tensor-with-dtype",
    ),
    pytest.param(LOADED, "tf.constant(x)", PIXELS, id="tf-constant"),
    pytest.param(
        LOADED,
        "keras.utils.to_categorical(y, 10)",
        Array(
            "float32",
            60000,
            "to_categorical(...)",
            cast_or_scaled=True,
            labels=Labels("one-hot", 10, "keras.utils.to_categorical(y, 10)"),
        ),
        id="to-categorical",
    ),
    pytest.param(
        LOADED,
        "keras.utils.to_categorical(y[:100])",
        Array(
            "float32",
            100,
            "to_categorical(...)",
            cast_or_scaled=True,
            # The classes of MNIST's labels, as to_categorical counts them.
            labels=Labels("one-hot", 10, "keras.utils.to_categorical(y[:100])"),
        ),
        id="to-categorical-of-slice",
    ),
    pytest.param(
        "from keras.utils import to_categorical\n",
        "to_categorical(labels)",
        Array(
            "float32",
            None,
            "to_categorical(...)",
            cast_or_scaled=True,
            labels=Labels("one-hot", None, "to_categorical(labels)"),
        ),
        id="to-categorical-unknown-labels",
    ),
    pytest.param(
        "import numpy as np\n",
        "np.eye(3)[np.random.randint(0, 3, size=50)]",
        Array(
            "float64",
            50,  # one row per index
            "np.eye(...)",
            cast_or_scaled=True,
            labels=Labels("one-hot", 3, "np.eye(3)"),
        ),
        id="eye-rows-one-hot",
    ),
    pytest.param(
        LOADED,
        "y.reshape(-1, 1).astype('float32')[:10]",
        Array(
            "float32",
            10,
            f"{MNIST} labels",
            cast_or_scaled=True,
            labels=Labels("integer", 10, MNIST, column=True),
        ),
        id="labels-through-reshape-astype-slice",
    ),
    pytest.param(
        LOADED,
        "keras.utils.to_categorical(y)[:, 0]",
        Array("float32", 60000, "to_categorical(...)", cast_or_scaled=True),
        id="a-column-of-one-hot-rows-is-not-labels",
    ),
    # --- batched datasets from files --------------------------------------------------------------
    pytest.param(
        "",
        "keras.utils.image_dataset_from_directory('data', batch_size=64)",
        Dataset(None, "unknown", batched=True, origin="image_dataset_from_directory(...)"),
        id="image-dataset-from-directory",
    ),
    pytest.param(
        "",
        "tf.keras.preprocessing.image_dataset_from_directory('data')",
        Dataset(None, "unknown", batched=True, origin="image_dataset_from_directory(...)"),
        id="image-dataset-from-directory-preprocessing",
    ),
    pytest.param(
        "",
        "keras.utils.timeseries_dataset_from_array(a, b, 10)",
        Dataset(None, "unknown", batched=True, origin="timeseries_dataset_from_array(...)"),
        id="timeseries-dataset-from-array",
    ),
    # --- ImageDataGenerator -------------------------------------------------------------------------
    pytest.param(
        "",
        "keras.preprocessing.image.ImageDataGenerator(rescale=1 / 255)",
        KerasObject("ImageDataGenerator"),
        id="image-data-generator",
    ),
    pytest.param(
        FLOW,
        "datagen.flow(x, y, batch_size=64)",
        KerasSequence(
            "datagen.flow(x, y, batch_size=64)",
            batch_count=938,
            sample_count=60000,
            is_flow=True,
            batch_size=64,
        ),
        id="flow-batch-count",
    ),
    pytest.param(
        FLOW,
        "datagen.flow(x, y)",
        KerasSequence(
            "datagen.flow(x, y)", batch_count=1875, sample_count=60000, is_flow=True, batch_size=32
        ),
        id="flow-default-batch-size-32",
    ),
    pytest.param(
        FLOW,
        "datagen.flow(x, y, 64)",
        KerasSequence(
            "datagen.flow(x, y, 64)",
            batch_count=938,
            sample_count=60000,
            is_flow=True,
            batch_size=64,
        ),
        id="flow-positional-batch-size",
    ),
    pytest.param(
        FLOW,
        "datagen.flow(x[:1000], y[:1000], batch_size=100)",
        KerasSequence(
            "datagen.flow(x[:1000], y[:1000], batch_size=100)",
            batch_count=10,
            sample_count=1000,
            is_flow=True,
            batch_size=100,
        ),
        id="flow-of-slice",
    ),
    pytest.param(
        FLOW,
        "datagen.flow(x, y, batch_size=bs)",
        KerasSequence("datagen.flow(x, y, batch_size=bs)", sample_count=60000, is_flow=True),
        id="flow-unknown-batch-size",
    ),
    pytest.param(
        FLOW,
        "datagen.flow(z, batch_size=64)",
        KerasSequence("datagen.flow(z, batch_size=64)", is_flow=True, batch_size=64),
        id="flow-unknown-data",
    ),
    pytest.param(
        FLOW,
        "ImageDataGenerator().flow(x, batch_size=50)",
        KerasSequence(
            "ImageDataGenerator().flow(x, batch_size=50)",
            batch_count=1200,
            sample_count=60000,
            is_flow=True,
            batch_size=50,
        ),
        id="flow-of-inline-generator",
    ),
    pytest.param(
        FLOW,
        "datagen.flow_from_directory('d', batch_size=8)",
        KerasSequence("datagen.flow_from_directory('d', batch_size=8)", is_flow=True, batch_size=8),
        id="flow-from-directory",
    ),
    pytest.param(
        FLOW,
        "datagen.flow_from_dataframe(df)",
        KerasSequence("datagen.flow_from_dataframe(df)", is_flow=True, batch_size=32),
        id="flow-from-dataframe",
    ),
    pytest.param(
        FLOW,
        "other.flow_from_directory('train')",
        KerasSequence("other.flow_from_directory('train')", is_flow=True),
        id="flow-from-directory-on-unknown-receiver",
    ),
    pytest.param(FLOW, "datagen.standardize(x)", UNKNOWN, id="other-generator-method"),
    pytest.param(
        FLOW + "train_flow = datagen.flow(x, y, batch_size=64)\n",
        "train_flow.samples",
        Number(60000, "train_flow.samples", sample_count_of="train_flow.samples"),
        id="flow-samples",
    ),
    pytest.param(
        FLOW + "train_flow = datagen.flow(x, y, batch_size=64)\n",
        "train_flow.n",
        Number(60000, "train_flow.n", sample_count_of="train_flow.n"),
        id="flow-n",
    ),
    pytest.param(
        FLOW + "train_flow = datagen.flow_from_directory('train')\n",
        "train_flow.samples",
        Number(None, "train_flow.samples", sample_count_of="train_flow.samples"),
        id="flow-from-directory-samples",
    ),
    pytest.param(FLOW, "x.samples", UNKNOWN, id="samples-of-an-array"),
    # --- keras.utils.Sequence ------------------------------------------------------------------------
    pytest.param(
        """
        class Batches(keras.utils.Sequence):
            def __len__(self):
                return 10
        """,
        "Batches(x, y)",
        KerasSequence("Batches(...)"),
        id="sequence-subclass-instance",
    ),
    pytest.param(
        """
        class Batches(tf.keras.utils.PyDataset):
            pass
        """,
        "Batches()",
        KerasSequence("Batches(...)"),
        id="pydataset-subclass-instance",
    ),
    pytest.param(
        """
        from keras.utils import Sequence
        class Base(Sequence):
            pass
        class Batches(Base):
            pass
        """,
        "Batches()",
        KerasSequence("Batches(...)"),
        id="sequence-through-local-base",
    ),
]


@pytest.mark.parametrize(("source", "expression", "expected"), CASES)
def test_keras(source: str, expression: str, expected: Value) -> None:
    assert evaluate(source, expression, preamble=PREAMBLE) == expected


# --- the models a file builds (analysis/models.py) ----------------------------------------

MODELS_SOURCE = """
from tensorflow import keras
from tensorflow.keras import layers

base = keras.applications.MobileNetV2(include_top=False)
seq = keras.Sequential([keras.Input((8,)), layers.Dense(4, activation="relu"), layers.Dense(1)])
seq.compile(optimizer="adam", loss="binary_crossentropy")
stacked = keras.Sequential([base, layers.Flatten()])
stacked.add(layers.Dense(10, activation=keras.activations.softmax))
stacked.compile("adam", loss=keras.losses.SparseCategoricalCrossentropy(from_logits=False))
inputs = keras.Input((8,))
hidden = layers.Dense(1)(inputs)
outputs = layers.Activation("sigmoid")(hidden)
functional = keras.Model(inputs, outputs)
functional.compile("adam", "mse")
twice = keras.Sequential([layers.Dense(1)])
twice.compile("adam", "binary_crossentropy")
twice.compile("adam", "categorical_crossentropy")
multi = keras.Model(inputs, [hidden, outputs])
"""


def test_the_models_a_file_builds() -> None:
    import libcst as cst

    from fitlint.analysis import build_semantic_model

    semantic = build_semantic_model(cst.parse_module(MODELS_SOURCE))
    found = {
        model.binding.name: (
            [(layer.kind, layer.units, layer.activation) for layer in model.layers or ()],
            model.complete,
            (model.loss.name, model.loss.from_logits) if model.loss else None,
            model.outputs,
        )
        for model in semantic.models.models
    }
    assert found == {
        "seq": (
            [("Dense", 4, "relu"), ("Dense", 1, "linear")],
            True,
            ("binary_crossentropy", None),
            1,
        ),
        "stacked": (
            [("", None, None), ("Flatten", None, None), ("Dense", 10, "softmax")],
            False,
            ("sparse_categorical_crossentropy", False),
            1,
        ),
        "functional": ([("Dense", 1, "linear"), ("Activation", None, "sigmoid")], False, None, 1),
        "twice": ([("Dense", 1, "linear")], True, None, 1),  # compiled twice: no one loss
        "multi": ([], False, None, 2),
    }

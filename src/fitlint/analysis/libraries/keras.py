"""Keras and TensorFlow: module names, model constructors and training methods, their
parameters, the datasets `keras.datasets` ships, `keras.applications` networks, and what
calls of Keras and TensorFlow functions return."""

from __future__ import annotations

import math
from dataclasses import replace
from typing import TYPE_CHECKING

import libcst as cst

from fitlint.analysis.cst_util import argument_value, code_of, keyword_value, source_text
from fitlint.analysis.libraries import tf_data
from fitlint.analysis.libraries.numpy import (
    axis_is_zero,
    dtype_name,
    expanded,
    reshape_count,
    reshaped,
    squeezed,
)
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

if TYPE_CHECKING:
    from fitlint.analysis.evaluate import Evaluator
    from fitlint.analysis.scopes import Scope

# Top-level modules through which Keras is reached. `tensorflow` counts because
# `tf.keras` is Keras; `tensorflow.python.keras` is the old private copy.
KERAS_ROOTS = ("keras", "tensorflow", "tf_keras")
# Keras's own libraries of models: a file importing one is Keras code.
KERAS_FAMILY_ROOTS = ("keras_hub", "keras_cv", "keras_nlp")

# Prefixes of qualified names that belong to Keras proper.
KERAS_PREFIXES = (
    "keras.",
    "tensorflow.keras.",
    "tensorflow.python.keras.",
    "tf_keras.",
)

# Names that, when called, return a Keras model.
MODEL_CLASS_NAMES = frozenset({"Sequential", "Model", "Functional"})
MODEL_FACTORY_NAMES = frozenset({"load_model", "model_from_json", "model_from_yaml", "clone_model"})

# Libraries whose objects have `.fit`/`.predict` of their own and are never Keras models.
FOREIGN_ROOTS = frozenset(
    {
        "sklearn",
        "xgboost",
        "lightgbm",
        "catboost",
        "torch",
        "statsmodels",
        "scipy",
        "pandas",
        "numpy",
        "gensim",
        "prophet",
        "fbprophet",
        "pmdarima",
        "hmmlearn",
        "umap",
        "imblearn",
        "jax",
        "flax",
        "optax",
        "pytorch_lightning",
        "lightning",
        "transformers",
        # Keras-like APIs that are not Keras: their fit/fit_generator take steps_per_epoch too.
        "poutyne",
        "skorch",
        "kerasy",
        "microkeras",
    }
)

# Libraries whose capitalised factories build Keras models (`sm.Unet(...)`): a call of one
# is an unknown object, not an instance of some unrelated class.
KERAS_MODEL_LIBRARIES = frozenset(
    {
        "keras_cv",
        "keras_hub",
        "keras_nlp",
        "segmentation_models",
        "efficientnet",
        "classification_models",
        "keras_unet",
        "keras_unet_collection",
        "tensorflow_hub",
        "tensorflow_addons",
        "official",
    }
)

TRAINING_METHODS = frozenset(
    {
        "fit",
        "fit_generator",
        "evaluate",
        "evaluate_generator",
        "predict",
        "predict_generator",
        "train_on_batch",
        "test_on_batch",
        "predict_on_batch",
    }
)

# The Keras 2 generator methods and the Keras 3 method that replaced each.
DEPRECATED_GENERATOR_METHODS = {
    "fit_generator": "fit",
    "evaluate_generator": "evaluate",
    "predict_generator": "predict",
}

# Arguments Keras 3 removed from fit/evaluate/predict (they moved to PyDataset).
KERAS3_REMOVED_LOADER_ARGS = ("workers", "use_multiprocessing", "max_queue_size")

# Keyword arguments that only Keras's training methods take; a call passing one is
# a Keras call even when the file never imports Keras (the model came from elsewhere).
KERAS_ONLY_KEYWORDS = frozenset(
    {
        "steps_per_epoch",
        "validation_steps",
        "validation_freq",
        "initial_epoch",
        "use_multiprocessing",
        "max_queue_size",
        "workers",
        "class_weight",
        "nb_epoch",
        "samples_per_epoch",
        "nb_val_samples",
    }
)


def is_keras_qualname(qualname: str) -> bool:
    return (
        qualname in KERAS_ROOTS
        or qualname.startswith(KERAS_PREFIXES)
        or (qualname.startswith("tensorflow.") and ".keras." in qualname)
    )


def is_keras_model_constructor(qualname: str) -> bool:
    """`keras.Sequential`, `tf.keras.models.Model`, `keras.models.load_model`,
    `keras.applications.X`..."""
    if not is_keras_qualname(qualname):
        return False
    last = qualname.rsplit(".", 1)[-1]
    if last in MODEL_CLASS_NAMES or last in MODEL_FACTORY_NAMES:
        return True
    parts = qualname.split(".")
    # keras.applications.ResNet50(...), keras.applications.resnet50.ResNet50(...)
    return "applications" in parts and last[:1].isupper()


def is_keras_model_class(qualname: str) -> bool:
    """A base class that makes a subclass a Keras model (`class Net(keras.Model)`)."""
    return is_keras_qualname(qualname) and qualname.rsplit(".", 1)[-1] in MODEL_CLASS_NAMES


def is_foreign_qualname(qualname: str) -> bool:
    return qualname.split(".", 1)[0] in FOREIGN_ROOTS


def builds_keras_models(qualname: str) -> bool:
    """A library known to build Keras models: keras_hub, segmentation_models... (not any
    `keras_*` package: keras_uncertainty's classifiers wrap models, they are not models)."""
    return qualname.split(".", 1)[0] in KERAS_MODEL_LIBRARIES


def is_keras_sequence_class(qualname: str) -> bool:
    """`keras.utils.Sequence`, `keras.utils.PyDataset` and their older spellings."""
    if not is_keras_qualname(qualname):
        return False
    return qualname.rsplit(".", 1)[-1] in ("Sequence", "PyDataset")


# Where each training method takes the arguments rules read: role -> (keyword, position).
# Positions past the first few are rarely used positionally and are matched by keyword only.
PARAMETERS: dict[str, dict[str, tuple[str, int | None]]] = {
    "fit": {
        "x": ("x", 0),
        "y": ("y", 1),
        "batch_size": ("batch_size", 2),
        "epochs": ("epochs", 3),
        "validation_split": ("validation_split", 6),
        "validation_data": ("validation_data", 7),
        "steps": ("steps_per_epoch", None),
        "validation_steps": ("validation_steps", None),
        "validation_batch_size": ("validation_batch_size", None),
    },
    "fit_generator": {
        "x": ("generator", 0),
        "steps": ("steps_per_epoch", 1),
        "epochs": ("epochs", 2),
        "validation_data": ("validation_data", 5),
        "validation_steps": ("validation_steps", 6),
    },
    "evaluate": {
        "x": ("x", 0),
        "y": ("y", 1),
        "batch_size": ("batch_size", 2),
        "steps": ("steps", 5),
    },
    "evaluate_generator": {"x": ("generator", 0), "steps": ("steps", 1)},
    "predict": {"x": ("x", 0), "batch_size": ("batch_size", 1), "steps": ("steps", 3)},
    "predict_generator": {"x": ("generator", 0), "steps": ("steps", 1)},
    "train_on_batch": {"x": ("x", 0), "y": ("y", 1)},
    "test_on_batch": {"x": ("x", 0), "y": ("y", 1)},
    "predict_on_batch": {"x": ("x", 0)},
}

FIT_METHODS = frozenset({"fit", "fit_generator"})
EPOCH_METHODS = frozenset(
    {"fit", "fit_generator", "evaluate", "evaluate_generator", "predict", "predict_generator"}
)


# keras.applications networks whose weights expect pixels in 0-255: those with the scaling
# built in (EfficientNet, EfficientNetV2, ConvNeXt, RegNet, ResNetRS, MobileNetV3) and the
# "caffe"-style ones (VGG, ResNet v1) that subtract a mean but never divide by 255.
_RAW_PIXEL_NETWORK_PREFIXES = ("EfficientNet", "ConvNeXt", "RegNet", "ResNetRS", "MobileNetV3")
_RAW_PIXEL_NETWORKS = frozenset({"VGG16", "VGG19", "ResNet50", "ResNet101", "ResNet152"})

# The `keras.applications` module whose preprocess_input prepares each other network's input.
_PREPROCESS_MODULES = {
    "MobileNet": "mobilenet",
    "MobileNetV2": "mobilenet_v2",
    "InceptionV3": "inception_v3",
    "InceptionResNetV2": "inception_resnet_v2",
    "Xception": "xception",
    "ResNet50V2": "resnet_v2",
    "ResNet101V2": "resnet_v2",
    "ResNet152V2": "resnet_v2",
    "DenseNet121": "densenet",
    "DenseNet169": "densenet",
    "DenseNet201": "densenet",
    "NASNetMobile": "nasnet",
    "NASNetLarge": "nasnet",
}


def is_application_network(qualname: str) -> bool:
    """`keras.applications.VGG16`, `tf.keras.applications.efficientnet.EfficientNetB0`..."""
    last = qualname.rsplit(".", 1)[-1]
    return (
        is_keras_qualname(qualname) and "applications" in qualname.split(".") and last[:1].isupper()
    )


def expects_raw_pixels(network: str) -> bool:
    """Whether a keras.applications network's weights expect 0-255 pixels."""
    return network in _RAW_PIXEL_NETWORKS or network.startswith(_RAW_PIXEL_NETWORK_PREFIXES)


def preprocess_module(network: str) -> str | None:
    return _PREPROCESS_MODULES.get(network)


# Base-class names that make a class of the project's own a Keras model.
# Layer classes whose first argument is the size of the last axis of their output.
UNIT_LAYERS = {
    "Dense": "units",
    "Conv1D": "filters",
    "Conv2D": "filters",
    "Conv3D": "filters",
    "Conv1DTranspose": "filters",
    "Conv2DTranspose": "filters",
    "Conv3DTranspose": "filters",
    "SeparableConv1D": "filters",
    "SeparableConv2D": "filters",
    "Convolution1D": "filters",
    "Convolution2D": "filters",
    "Convolution3D": "filters",
}
ACTIVATION_LAYERS = frozenset({"Activation", "Softmax"})

MODEL_BASE_NAMES = ("Model", "Sequential")
# `compile` keywords that only a Keras-style model takes together.
COMPILE_KEYWORDS = frozenset({"optimizer", "loss", "metrics"})

# `model.compile("adam", ...)`: the optimizer names Keras accepts as strings.
OPTIMIZER_NAMES = frozenset(
    {"adam", "adamw", "sgd", "rmsprop", "adagrad", "adadelta", "adamax", "nadam", "ftrl", "lion"}
)

# keras.datasets.<name>.load_data(): the number of classes its labels index (cifar100's
# `label_mode`: "fine", the default, 100; "coarse" 20), and whether they come as a column.
DATASET_CLASSES = {"mnist": 10, "fashion_mnist": 10, "cifar10": 10, "cifar100": 100}
COLUMN_LABELS = frozenset({"cifar10", "cifar100"})
# keras.datasets.<name>.load_data(): ((x_train, y_train), (x_test, y_test)) sizes and dtypes.
KERAS_DATASETS = {
    "mnist": (60000, 10000, "uint8"),
    "fashion_mnist": (60000, 10000, "uint8"),
    "cifar10": (50000, 10000, "uint8"),
    "cifar100": (50000, 10000, "uint8"),
}
# ... and the shape of one image (Keras's documentation of each dataset: MNIST and
# Fashion-MNIST 28x28 grayscale without a channel axis, CIFAR 32x32 RGB).
DATASET_IMAGE_SHAPES = {
    "mnist": (28, 28),
    "fashion_mnist": (28, 28),
    "cifar10": (32, 32, 3),
    "cifar100": (32, 32, 3),
}

# ImageDataGenerator's methods that read images from disk.
FLOW_FROM_METHODS = frozenset({"flow_from_directory", "flow_from_dataframe"})
# ImageDataGenerator's default batch size.
FLOW_BATCH_SIZE = 32
# Attributes of a flow iterator that count its samples (`train_generator.samples`).
SEQUENCE_ATTRIBUTES = frozenset({"samples", "n"})

# Functions that build a `tf.data.Dataset` of batches from files or arrays.
_BATCHED_DATASET_UTILITIES = frozenset(
    {
        "image_dataset_from_directory",
        "text_dataset_from_directory",
        "timeseries_dataset_from_array",
        "audio_dataset_from_directory",
    }
)


def call(
    evaluator: Evaluator, parts: list[str], expr: cst.Call, scope: Scope, ordinal: int, depth: int
) -> Value:
    """A call of a Keras or TensorFlow function or class (`keras.Sequential(...)`,
    `tf.data.Dataset.from_tensor_slices(...)`, `mnist.load_data()`...)."""
    qualname = ".".join(parts)
    last = parts[-1]
    if is_keras_model_constructor(qualname):
        class_name = {"Sequential": "Sequential", "Model": "Functional"}.get(last)
        return KerasModel(class_name, built_here=last in ("Sequential", "Model"))
    if last == "load_data" and len(parts) >= 3 and parts[-3] == "datasets":
        mode = keyword_value(expr, "label_mode")
        coarse = None
        if mode is not None:
            coarse = isinstance(mode, cst.SimpleString) and mode.evaluated_value == "coarse"
            if not isinstance(mode, cst.SimpleString):
                coarse = None
        return _load_data(parts[-2], coarse if mode is not None else False)
    if last == "cast" or last == "convert_image_dtype":
        inner = evaluator.first_argument_value(expr, scope, ordinal, depth)
        if isinstance(inner, Array):
            cast_dtype = dtype_name(argument_value(expr, "dtype", 1))
            return Array(
                cast_dtype,
                inner.sample_count,
                inner.origin,
                cast_or_scaled=True,
                sample_shape=inner.sample_shape,
            )
        return UNKNOWN
    if last in ("expand_dims", "reshape", "squeeze", "convert_to_tensor", "constant"):
        inner = evaluator.first_argument_value(expr, scope, ordinal, depth)
        if isinstance(inner, Array) and keyword_value(expr, "dtype") is None:
            count = inner.sample_count
            sample_shape = inner.sample_shape
            if last == "reshape":
                shape = argument_value(expr, "shape", 1)
                count = reshape_count(evaluator, [shape], inner, scope, ordinal) if shape else None
                sample_shape = (
                    reshaped(evaluator, [shape], inner, scope, ordinal) if shape else None
                )
            elif last == "expand_dims":
                if axis_is_zero(evaluator, expr, scope, ordinal):
                    count = None
                sample_shape = expanded(evaluator, expr, inner, scope, ordinal)
            elif last == "squeeze":
                sample_shape = squeezed(evaluator, expr, inner, scope, ordinal, 1)
            return replace(inner, sample_count=count, sample_shape=sample_shape)
        return UNKNOWN
    if "Dataset" in parts:
        return tf_data.constructor(evaluator, last, expr, scope, ordinal, depth)
    if last == "ImageDataGenerator":
        return KerasObject("ImageDataGenerator")
    if last == "to_categorical":
        inner = evaluator.first_argument_value(expr, scope, ordinal, depth)
        count = inner.sample_count if isinstance(inner, Array) else None
        classes_arg = argument_value(expr, "num_classes", 1)
        number = evaluator.number_of(classes_arg, scope, ordinal) if classes_arg else None
        classes = None
        if number is not None and number.value is not None and number.value == int(number.value):
            classes = int(number.value)
        elif classes_arg is None and isinstance(inner, Array) and inner.labels is not None:
            classes = inner.labels.classes
        labels = Labels("one-hot", classes, source_text(expr, 48))
        return Array(
            "float32",
            count,
            "to_categorical(...)",
            cast_or_scaled=True,
            labels=labels,
            sample_shape=(classes,) if classes is not None else None,
        )
    if last in _BATCHED_DATASET_UTILITIES:
        return Dataset(None, "unknown", batched=True, origin=f"{last}(...)")
    return UNKNOWN


def _load_data(name: str, coarse: bool | None = False) -> Value:
    """`keras.datasets.<name>.load_data()`: ((x_train, y_train), (x_test, y_test)).
    `coarse`: cifar100's `label_mode="coarse"` (None: a mode the file does not show)."""
    known = KERAS_DATASETS.get(name)
    if known is None:
        return UNKNOWN
    train, test, dtype = known
    source = f"keras.datasets.{name}.load_data()"
    classes = DATASET_CLASSES.get(name)
    if name == "cifar100":
        classes = None if coarse is None else (20 if coarse else 100)
    labels = Labels("integer", classes, source, column=name in COLUMN_LABELS)
    image = DATASET_IMAGE_SHAPES[name]
    label: tuple[int, ...] = (1,) if name in COLUMN_LABELS else ()

    def split(count: int) -> TupleValue:
        return TupleValue(
            (
                Array(dtype, count, source, pixels=True, sample_shape=image),
                Array(dtype, count, f"{source} labels", labels=labels, sample_shape=label),
            )
        )

    return TupleValue((split(train), split(test)))


def flow(
    evaluator: Evaluator, method: str, expr: cst.Call, scope: Scope, ordinal: int, depth: int
) -> Value:
    """`ImageDataGenerator(...).<method>(...)`: `flow(x, batch_size=B)` yields ceil(N / B)
    batches per pass, and loops over its data forever when drawn from with `next()`."""
    origin = source_text(expr, 48)
    if method not in FLOW_FROM_METHODS and method != "flow":
        return UNKNOWN
    # flow(x, y, batch_size) and flow_from_directory(directory, target_size, color_mode,
    # classes, class_mode, batch_size): the default batch size is 32.
    batch = argument_value(expr, "batch_size", 2 if method == "flow" else 5)
    if method == "flow_from_dataframe":
        batch = keyword_value(expr, "batch_size")
    batch_size: int | None = FLOW_BATCH_SIZE
    if batch is not None:
        number = evaluator.number_of(batch, scope, ordinal)
        value = number.value if number is not None else None
        batch_size = int(value) if value is not None and value >= 1 else None
    if method != "flow":
        return KerasSequence(origin, is_flow=True, batch_size=batch_size)
    data = evaluator.first_argument_value(expr, scope, ordinal, depth)
    count = data.sample_count if isinstance(data, Array) else None
    batches = math.ceil(count / batch_size) if count is not None and batch_size else None
    return KerasSequence(
        origin, batch_count=batches, sample_count=count, is_flow=True, batch_size=batch_size
    )


def sequence_attribute(owner: Value, expr: cst.Attribute) -> Value:
    """`flow.samples` / `flow.n`: the number of samples a flow iterator reads."""
    if isinstance(owner, KerasSequence) and owner.is_flow:
        text = code_of(expr)
        return Number(owner.sample_count, text, sample_count_of=text)
    return UNKNOWN

"""What fitlint knows about Keras itself: its module names, model constructors and methods."""

from __future__ import annotations

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

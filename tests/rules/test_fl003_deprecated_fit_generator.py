"""FL003 deprecated-fit-generator: real Keras calls are flagged, look-alikes are not."""

from __future__ import annotations

import pytest

from tests.rules.helpers import Case, assert_case, assert_findings, lint

POSITIVE_CASES: dict[str, Case] = {
    "sequential_from_tf_keras": Case(
        """
            import tensorflow as tf
            model = tf.keras.Sequential([tf.keras.layers.Dense(1)])
            model.fit_generator(gen, steps_per_epoch=10)
        """,
        [(3, 7)],
        "`model.fit_generator()` was removed in Keras 3: this line raises AttributeError: "
        "'Sequential' object has no attribute 'fit_generator'. Call `model.fit(...)`, which "
        "takes generators and datasets directly",
    ),
    "from_import_sequential": Case(
        """
            from keras.models import Sequential
            model = Sequential()
            model.fit_generator(gen, steps_per_epoch=10)
        """,
        [(3, 7)],
        "`model.fit_generator()` was removed in Keras 3: this line raises AttributeError: "
        "'Sequential' object has no attribute 'fit_generator'. Call `model.fit(...)`, which "
        "takes generators and datasets directly",
    ),
    "aliased_keras_module": Case(
        """
            import keras as K
            net = K.models.Sequential()
            net.evaluate_generator(gen, steps=5)
        """,
        [(3, 5)],
        "`net.evaluate_generator()` was removed in Keras 3: this line raises AttributeError: "
        "'Sequential' object has no attribute 'evaluate_generator'. Call `net.evaluate(...)`, "
        "which takes generators and datasets directly",
    ),
    "functional_model": Case(
        """
            from tensorflow.keras import Model, Input, layers
            inputs = Input((4,))
            model = Model(inputs, layers.Dense(1)(inputs))
            model.predict_generator(gen, steps=5)
        """,
        [(4, 7)],
        "`model.predict_generator()` was removed in Keras 3: this line raises AttributeError: "
        "'Functional' object has no attribute 'predict_generator'. Call `model.predict(...)`, "
        "which takes generators and datasets directly",
    ),
    "load_model": Case(
        """
            from tensorflow.keras.models import load_model
            model = load_model("m.h5")
            model.predict_generator(gen, steps=5)
        """,
        [(3, 7)],
        "`model.predict_generator()` was removed in Keras 3: this line raises AttributeError (no "
        "attribute 'predict_generator'). Call `model.predict(...)`, which takes generators and "
        "datasets directly",
    ),
    "applications": Case(
        """
            from tensorflow.keras.applications import ResNet50
            base = ResNet50(weights=None)
            base.fit_generator(gen, steps_per_epoch=3)
        """,
        [(3, 6)],
        "`base.fit_generator()` was removed in Keras 3: this line raises AttributeError (no "
        "attribute 'fit_generator'). Call `base.fit(...)`, which takes generators and datasets "
        "directly",
    ),
    "factory_function": Case(
        """
            from tensorflow import keras
            def get_model():
                m = keras.Sequential()
                m.compile("adam", "mse")
                return m
            model = get_model()
            model.fit_generator(gen, steps_per_epoch=3)
        """,
        [(7, 7)],
        "`model.fit_generator()` was removed in Keras 3: this line raises AttributeError: "
        "'Sequential' object has no attribute 'fit_generator'. Call `model.fit(...)`, which "
        "takes generators and datasets directly",
    ),
    "parameter_in_keras_file": Case(
        """
            import keras
            def train(model, gen):
                model.fit_generator(gen, steps_per_epoch=100, epochs=5)
        """,
        [(3, 11)],
        "`model.fit_generator()` was removed in Keras 3: this line raises AttributeError (no "
        "attribute 'fit_generator'). Call `model.fit(...)`, which takes generators and datasets "
        "directly",
    ),
    "self_model_attribute": Case(
        """
            from keras.models import Sequential
            class Trainer:
                def __init__(self):
                    self.model = Sequential()
                def train(self, gen):
                    self.model.fit_generator(gen, steps_per_epoch=10)
        """,
        [(6, 20)],
        "`self.model.fit_generator()` was removed in Keras 3: this line raises AttributeError: "
        "'Sequential' object has no attribute 'fit_generator'. Call `self.model.fit(...)`, which "
        "takes generators and datasets directly",
    ),
    "subclassed_model_self_call": Case(
        """
            import tensorflow as tf
            class Net(tf.keras.Model):
                def train(self, gen):
                    self.fit_generator(gen, steps_per_epoch=10)
        """,
        [(4, 14)],
        "`self.fit_generator()` was removed in Keras 3: this line raises AttributeError: 'Net' "
        "object has no attribute 'fit_generator'. Call `self.fit(...)`, which takes generators "
        "and datasets directly",
    ),
    "local_subclass_instance": Case(
        """
            from tensorflow import keras
            class Net(keras.Model):
                pass
            class Deeper(Net):
                pass
            Deeper().fit_generator(gen, steps_per_epoch=10)
        """,
        [(6, 10)],
        "`Deeper().fit_generator()` was removed in Keras 3: this line raises AttributeError: "
        "'Deeper' object has no attribute 'fit_generator'. Call `Deeper().fit(...)`, which takes "
        "generators and datasets directly",
    ),
    "no_keras_import_but_keras_keywords": Case(
        """
            from models import build
            model = build()
            model.fit_generator(train_gen, steps_per_epoch=100, validation_steps=10)
        """,
        [(3, 7)],
        "`model.fit_generator()` was removed in Keras 3: this line raises AttributeError (no "
        "attribute 'fit_generator'). Call `model.fit(...)`, which takes generators and datasets "
        "directly",
    ),
    "tf_keras_legacy_package": Case(
        """
            import tf_keras
            model = tf_keras.Sequential()
            model.fit_generator(gen, steps_per_epoch=1)
        """,
        [(3, 7)],
        "`model.fit_generator()` was removed in Keras 3: this line raises AttributeError: "
        "'Sequential' object has no attribute 'fit_generator'. Call `model.fit(...)`, which "
        "takes generators and datasets directly",
    ),
    "generator_keyword_without_keras_import": Case(
        """
            class Trainer:
                def __init__(self, model):
                    self._model = model
                def train(self, data):
                    self._model.fit_generator(generator=data, epochs=3)
        """,
        [(5, 21)],
        "`self._model.fit_generator()` was removed in Keras 3: this line raises AttributeError "
        "(no attribute 'fit_generator'). Call `self._model.fit(...)`, which takes generators and "
        "datasets directly, passing the data as `x=` instead of `generator=`.",
    ),
    "sibling_call_shows_keras": Case(
        """
            from model import *
            model = unet()
            model.fit_generator(train_gen, steps_per_epoch=300, epochs=1)
            results = model.predict_generator(test_gen, 30, verbose=1)
        """,
        [(3, 7), (4, 17)],
        "`model.fit_generator()` was removed in Keras 3: this line raises AttributeError (no "
        "attribute 'fit_generator'). Call `model.fit(...)`, which takes generators and datasets "
        "directly",
        "`model.predict_generator()` was removed in Keras 3: this line raises AttributeError (no "
        "attribute 'predict_generator'). Call `model.predict(...)`, which takes generators and "
        "datasets directly",
    ),
    "inside_a_test_expecting_another_error": Case(
        """
            import pytest
            from keras.models import Sequential
            model = Sequential()
            with pytest.raises(ValueError):
                model.fit_generator(gen, steps_per_epoch=10, workers=4)
        """,
        [(5, 11)],
        "`model.fit_generator()` was removed in Keras 3: this line raises AttributeError: "
        "'Sequential' object has no attribute 'fit_generator'. Call `model.fit(...)`, which "
        "takes generators and datasets directly. `workers` is not accepted by `fit()` in Keras 3 "
        "(TypeError)",
    ),
    "imported_project_model_class_compiled_with_a_loss": Case(
        """
            import keras
            from nets import UNet
            model = UNet(classes=3)
            model.compile(optimizer="adam", loss="categorical_crossentropy")
            model.fit_generator(batches, 50, 10)
        """,
        [(5, 7)],
        "`model.fit_generator()` was removed in Keras 3: this line raises AttributeError (no "
        "attribute 'fit_generator'). Call `model.fit(...)`, which takes generators and datasets "
        "directly",
    ),
    "imported_model_class_compiled_without_a_keras_import": Case(
        """
            from nets import SiameseNet
            model = SiameseNet()
            model.compile(optimizer=optimizer, loss="binary_crossentropy")
            model.fit_generator(pairs, steps_per_epoch=100, workers=2)
        """,
        [(4, 7)],
        "`model.fit_generator()` was removed in Keras 3: this line raises AttributeError (no "
        "attribute 'fit_generator'). Call `model.fit(...)`, which takes generators and datasets "
        "directly. `workers` is not accepted by `fit()` in Keras 3 (TypeError)",
    ),
    "imported_project_model_class_compiled_positionally": Case(
        """
            from tensorflow import keras
            from nets import UNet
            model = UNet(classes=3)
            model.compile("Adam", "mse")
            model.fit_generator(batches, 50, 10)
        """,
        [(5, 7)],
        "`model.fit_generator()` was removed in Keras 3: this line raises AttributeError (no "
        "attribute 'fit_generator'). Call `model.fit(...)`, which takes generators and datasets "
        "directly",
    ),
    "attribute_of_an_imported_instance_in_a_keras_file": Case(
        """
            import keras
            from yolo import YOLO
            detector = YOLO()
            detector.model.fit_generator(batches, 50)
        """,
        [(4, 16)],
        "`detector.model.fit_generator()` was removed in Keras 3: this line raises "
        "AttributeError (no attribute 'fit_generator'). Call `detector.model.fit(...)`, which "
        "takes generators and datasets directly",
    ),
    "model_of_keras_hub": Case(
        """
            import keras_hub
            model = keras_hub.models.BertClassifier.from_preset("bert_base_en", num_classes=2)
            model.fit_generator(batches, 50)
        """,
        [(3, 7)],
        "`model.fit_generator()` was removed in Keras 3: this line raises AttributeError (no "
        "attribute 'fit_generator'). Call `model.fit(...)`, which takes generators and datasets "
        "directly",
    ),
    "application_factory_of_a_keras_model_library": Case(
        """
            import keras
            import segmentation_models as sm
            model = sm.Unet("resnet34")
            model.fit_generator(batches, 50)
        """,
        [(4, 7)],
        "`model.fit_generator()` was removed in Keras 3: this line raises AttributeError (no "
        "attribute 'fit_generator'). Call `model.fit(...)`, which takes generators and datasets "
        "directly",
    ),
    "multiline_call": Case(
        """
            from keras.models import Sequential
            model = Sequential()
            history = model.fit_generator(
                gen,
                steps_per_epoch=10,
            )
        """,
        [(3, 17)],
        "`model.fit_generator()` was removed in Keras 3: this line raises AttributeError: "
        "'Sequential' object has no attribute 'fit_generator'. Call `model.fit(...)`, which "
        "takes generators and datasets directly",
    ),
}

POSITIVE_CASES["model_in_a_module_attribute"] = Case(
    """
        import tensorflow as tf
        tf.model = tf.keras.Sequential()
        tf.model.fit_generator(gen, steps_per_epoch=10)
    """,
    [(3, 10)],
    "`tf.model.fit_generator()` was removed in Keras 3: this line raises AttributeError: "
    "'Sequential' object has no attribute 'fit_generator'.",
)


@pytest.mark.parametrize("name", POSITIVE_CASES)
def test_flags_deprecated_generator_methods(name: str) -> None:
    case = POSITIVE_CASES[name]
    assert_case(lint(case.source, select="FL003"), case, "FL003")


FALSE_POSITIVE_TRAPS = {
    "test_expecting_the_attribute_error": """
        import pytest
        import keras
        model = keras.Sequential()
        with pytest.raises(AttributeError):
            model.fit_generator(gen)
    """,
    "module_function_of_that_name": """
        import keras
        from . import training_generator
        def fit_generator(self, generator, steps_per_epoch=None, workers=1):
            return training_generator.fit_generator(self, generator, steps_per_epoch=steps_per_epoch, workers=workers)
    """,
    "imported_module_receiver": """
        import keras
        import cnn
        cnn.fit_generator(model, gen, steps_per_epoch=10)
    """,
    "user_class_own_method": """
        import keras
        class Loader:
            def fit_generator(self, data):
                return data
        Loader().fit_generator([1])
    """,
    "self_call_of_own_method": """
        import keras
        class Pipeline:
            def fit_generator(self, data):
                return data
            def run(self):
                return self.fit_generator([1])
    """,
    "inherited_own_method": """
        import keras
        class Base:
            def predict_generator(self, data):
                return data
        class Child(Base):
            pass
        child = Child()
        child.predict_generator([1])
    """,
    "keras_model_overriding_method": """
        from tensorflow import keras
        class Compat(keras.Model):
            def fit_generator(self, *args, **kwargs):
                return self.fit(*args, **kwargs)
        Compat().fit_generator(gen, steps_per_epoch=2)
    """,
    "plain_local_class_without_method": """
        import keras
        class Helper:
            pass
        Helper().fit_generator(gen)
    """,
    "sklearn_estimator": """
        import keras
        from sklearn.ensemble import RandomForestClassifier
        clf = RandomForestClassifier()
        clf.fit_generator(x)
    """,
    "no_keras_anywhere": """
        from mylib import Estimator
        est = Estimator()
        est.fit_generator(data)
    """,
    "definition_only": """
        import keras
        def fit_generator(model, gen):
            return model.fit(gen)
    """,
    "comment_and_string": """
        import keras
        # model.fit_generator(gen, steps_per_epoch=10)
        doc = "model.fit_generator(gen)"
    """,
    "plain_function_call": """
        import keras
        from utils import fit_generator
        fit_generator(model, gen, steps_per_epoch=10)
    """,
    "modern_fit": """
        import keras
        model = keras.Sequential()
        model.fit(gen, steps_per_epoch=10)
        model.evaluate(gen, steps=10)
        model.predict(gen, steps=10)
    """,
    "torch_module": """
        import torch
        import keras
        net = torch.nn.Linear(2, 2)
        net.fit_generator(data)
    """,
    "class_from_unknown_base": """
        import keras
        from framework import BaseTrainer
        class Trainer(BaseTrainer):
            def run(self):
                self.fit_generator(self.data)
    """,
    "other_generator_suffix_methods": """
        import keras
        model = keras.Sequential()
        model.flow_generator(x)
        datagen.flow_from_directory_generator("d")
    """,
    "attribute_named_like_method": """
        import keras
        model = keras.Sequential()
        method = model.fit_generator
    """,
    "imported_project_class_with_its_own_method": """
        from keras import layers
        from wrappers import SequenceTrainer
        def make():
            return SequenceTrainer(layers.Dense(4))
        trainer = make()
        trainer.fit_generator(train_batches, val_batches, 0.001, 5)
    """,
    "imported_class_through_module_attribute": """
        import tensorflow as tf
        import trainers
        runner = trainers.CtcRunner()
        runner.evaluate_generator(test_batches)
    """,
    "imported_wrapper_passing_keras_arguments_on": """
        from keras.preprocessing.image import ImageDataGenerator
        from ensembles import EnsembleClassifier
        ensemble = EnsembleClassifier(build_member, 5)
        flow = ImageDataGenerator().flow(x_train, y_train)
        ensemble.fit_generator(flow, epochs=5, steps_per_epoch=100, workers=4)
    """,
    "wrapper_from_a_keras_named_package": """
        import keras
        from keras_uncertainty.models import DeepEnsembleClassifier
        model = DeepEnsembleClassifier(make_model, 5)
        model.fit_generator(flow, epochs=5, workers=4)
    """,
    "imported_class_compiled_without_keras_arguments": """
        import keras
        from wrappers import SequenceTrainer
        trainer = SequenceTrainer()
        trainer.compile("fast")
        trainer.fit_generator(train_batches, val_batches, 0.001, 5)
    """,
    "poutyne_model_with_keras_like_keywords": """
        import torch
        from poutyne import Model
        net = Model(torch.nn.Linear(4, 1), "sgd", "mse")
        net.fit_generator(loader, loader, epochs=5, steps_per_epoch=10)
    """,
}


@pytest.mark.parametrize("name", FALSE_POSITIVE_TRAPS)
def test_stays_silent_on_look_alikes(name: str) -> None:
    assert lint(FALSE_POSITIVE_TRAPS[name], select="FL003") == []


def test_message_names_keras3_attribute_error_and_removed_arguments() -> None:
    source = """
        from tensorflow import keras
        model = keras.Sequential()
        model.fit_generator(generator=gen, steps_per_epoch=10, workers=4, use_multiprocessing=True)
    """
    (diagnostic,) = lint(source, select="FL003")
    assert diagnostic.severity.value == "error"
    assert (
        "AttributeError: 'Sequential' object has no attribute 'fit_generator'" in diagnostic.message
    )
    assert "`model.fit(...)`" in diagnostic.message
    assert "`x=` instead of `generator=`" in diagnostic.message
    assert (
        "`workers`, `use_multiprocessing` are not accepted by `fit()` in Keras 3"
        in diagnostic.message
    )
    assert "max_queue_size" not in diagnostic.message


def test_message_for_functional_model_and_evaluate() -> None:
    source = """
        from keras import Model
        model = Model(inputs, outputs)
        model.evaluate_generator(gen, steps=3, max_queue_size=20)
    """
    (diagnostic,) = lint(source, select="FL003")
    assert "'Functional' object has no attribute 'evaluate_generator'" in diagnostic.message
    assert "`model.evaluate(...)`" in diagnostic.message
    assert "`max_queue_size` is not accepted by `evaluate()`" in diagnostic.message


def test_keras2_setting_makes_it_a_warning_about_the_upgrade() -> None:
    source = """
        import keras
        model = keras.Sequential()
        model.fit_generator(gen, steps_per_epoch=10, workers=2)
    """
    (diagnostic,) = lint(source, select="FL003", keras_version=2)
    assert diagnostic.severity.value == "warning"
    assert "deprecated" in diagnostic.message
    assert "removed in Keras 3, where it raises AttributeError" in diagnostic.message
    assert "`workers` is removed from `fit()` in Keras 3" in diagnostic.message


def test_location_is_the_method_name() -> None:
    source = """
        import keras
        model = keras.Sequential()
        history = model.fit_generator(gen, steps_per_epoch=10)
    """
    (diagnostic,) = lint(source, select="FL003")
    assert (diagnostic.location.row, diagnostic.location.column) == (3, 17)
    assert (diagnostic.end_location.row, diagnostic.end_location.column) == (3, 30)


def test_flow_sensitive_rebinding_to_non_keras_object() -> None:
    source = """
        import keras
        from sklearn.svm import SVC
        model = keras.Sequential()
        model.fit_generator(gen, steps_per_epoch=1)
        model = SVC()
        model.fit_generator(gen)
    """
    assert_findings(
        lint(source, select="FL003"),
        [(4, 7, "FL003")],
        "`model.fit_generator()` was removed in Keras 3: this line raises AttributeError: "
        "'Sequential' object has no attribute 'fit_generator'.",
    )


def _fixed(call: str, *, unsafe: bool = False) -> str:
    """The last line of a small Keras file after `--fix` (or `--fix --unsafe-fixes`)."""
    from fitlint.config import Settings
    from fitlint.engine import Linter
    from fitlint.fix import fix_source

    source = f"from tensorflow import keras\nmodel = keras.Sequential()\n{call}\n"
    outcome = fix_source(Linter(Settings()), source.encode(), "train.py", None, unsafe)
    assert outcome.error is None
    return outcome.fixed.decode().splitlines()[-1]


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        # Keras 3 takes `y` (fit, evaluate) or `batch_size` (predict) second: a positional
        # step count must become a keyword, or it would be read as labels / a batch size.
        ("model.fit_generator(gen, 100)", "model.fit(gen, steps_per_epoch=100)"),
        (
            "model.fit_generator(gen, 100, 5, 2, None, val, 10)",
            "model.fit(gen, steps_per_epoch=100, epochs=5, verbose=2, callbacks=None, "
            "validation_data=val, validation_steps=10)",
        ),
        # evaluate_generator defaulted to verbose=0, evaluate to "auto": the fix keeps 0.
        ("model.evaluate_generator(gen, 20)", "model.evaluate(gen, steps=20, verbose=0)"),
        ("model.predict_generator(gen, 5,)", "model.predict(gen, steps=5, verbose=0,)"),
        ("model.predict_generator(gen, 50, verbose=1)", "model.predict(gen, steps=50, verbose=1)"),
        ("model.fit_generator(generator=gen, epochs=3)", "model.fit(x=gen, epochs=3)"),
    ],
)
def test_fix_keeps_what_each_argument_means(call: str, expected: str) -> None:
    assert _fixed(call) == expected


@pytest.mark.parametrize(
    ("call", "fragment"),
    [
        # Position 8 is class_weight in Keras 2.0-2.2 and validation_freq in 2.3 / tf.keras.
        (
            "model.fit_generator(gen, 100, 5, 2, None, val, 10, 1)",
            "`model.fit_generator()` was removed in Keras 3: this line raises AttributeError "
            "(no attribute 'fit_generator'). Call `model.fit(...)`",
        ),
        (
            "model.fit_generator(*arguments)",
            "`model.fit_generator()` was removed in Keras 3: this line raises AttributeError "
            "(no attribute 'fit_generator'). Call `model.fit(...)`",
        ),
        # Keras 1 spellings the old method translated and `fit` rejects.
        (
            "model.fit_generator(gen, samples_per_epoch=2000, nb_epoch=10)",
            "Call `model.fit(...)`, which takes generators and datasets directly. `fit()` does "
            "not take Keras 1's arguments: `samples_per_epoch` → `steps_per_epoch` (counted in "
            "batches), `nb_epoch` → `epochs`.",
        ),
        (
            "model.predict_generator(gen, val_samples=100)",
            "Call `model.predict(...)`, which takes generators and datasets directly. "
            "`predict()` does not take Keras 1's arguments: `val_samples` → `steps` (counted "
            "in batches).",
        ),
        (
            "model.fit_generator(gen, 100, max_q_size=10)",
            "Call `model.fit(...)`, which takes generators and datasets directly. `max_q_size` "
            "is not accepted by `fit()` in Keras 3 (TypeError)",
        ),
    ],
)
def test_no_fix_when_the_rename_cannot_keep_the_meaning(call: str, fragment: str) -> None:
    assert _fixed(call) == call
    assert _fixed(call, unsafe=True) == call
    # Still reported, at the method name.
    assert_findings(lint(f"import keras\n{call}\n", select="FL003"), [(2, 7, "FL003")], fragment)


def test_unsafe_fix_also_converts_positional_steps() -> None:
    assert _fixed("model.fit_generator(gen, 100, workers=4)", unsafe=True) == (
        "model.fit(gen, steps_per_epoch=100)"
    )


def test_message_maps_keras1_arguments() -> None:
    (diagnostic,) = lint(
        "import keras\nmodel = keras.Sequential()\n"
        "model.fit_generator(gen, samples_per_epoch=2000, nb_epoch=10)\n",
        select="FL003",
    )
    assert diagnostic.message.endswith(
        "`fit()` does not take Keras 1's arguments: `samples_per_epoch` → `steps_per_epoch` "
        "(counted in batches), `nb_epoch` → `epochs`."
    )
    assert diagnostic.fix is None


def test_keras1_loader_arguments_are_listed_with_the_keras3_rejected_ones() -> None:
    call = "model.fit_generator(gen, 10, max_q_size=10, workers=1)\n"
    source = "import keras\nmodel = keras.Sequential()\n" + call
    (keras3,) = lint(source, select="FL003")
    assert keras3.message.endswith(
        "`workers`, `max_q_size` are not accepted by `fit()` in Keras 3 (TypeError): set them "
        "on a `keras.utils.PyDataset` instead."
    )
    (keras2,) = lint(source, select="FL003", keras_version=2)
    assert "`max_q_size` → `max_queue_size`" in keras2.message


def test_message_names_no_class_when_a_branch_may_have_bound_another_object() -> None:
    (diagnostic,) = lint(
        """
        import sys
        from tensorflow import keras
        from mylib import make_parallel
        base = keras.Sequential([keras.layers.Dense(1)])
        if len(sys.argv) > 1:
            model = make_parallel(base, 2)
        else:
            model = base
        model.fit_generator(train_gen, steps_per_epoch=10)
        """,
        select="FL003",
    )
    assert "this line raises AttributeError (no attribute 'fit_generator')" in diagnostic.message


def test_no_fix_when_the_generator_yields_bare_batches() -> None:
    source = (
        "import numpy as np\nfrom tensorflow import keras\n"
        "model = keras.Sequential([keras.layers.Dense(1)])\n"
        "def inputs():\n    while True:\n        yield np.zeros((8, 4))\n"
        "model.predict_generator(inputs(), steps=2)\n"
    )
    (diagnostic,) = [d for d in lint(source, select="FL003")]
    # Keras 3's predict raises "the generator must return a tuple" on bare batches.
    assert diagnostic.fix is None

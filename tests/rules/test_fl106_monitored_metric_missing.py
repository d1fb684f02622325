"""FL106 monitored-metric-missing: history keys and callback monitors the compiled metrics
never log are flagged; consistent names, unknown metrics and untied models are not."""

from __future__ import annotations

import textwrap

import pytest

from fitlint.config import Settings
from fitlint.diagnostics import Severity
from fitlint.engine import Linter
from fitlint.fix import fix_source
from tests.rules.helpers import Case, assert_case, lint

HEADER = """
    import matplotlib.pyplot as plt
    from tensorflow import keras
    from tensorflow.keras.callbacks import EarlyStopping, ModelCheckpoint, ReduceLROnPlateau
"""
# A model compiled with metrics=["accuracy"]: its keys are accuracy, loss and their val_.
ACCURACY_MODEL = """
    model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
"""
ACCURACY_LOGS = (
    '`model.compile(metrics=["accuracy"])` logs the keys accuracy, loss, val_accuracy, val_loss'
)


def _source(body: str, model: str = ACCURACY_MODEL) -> str:
    """HEADER (rows 1-3), the model (rows 4-5), then `body` from row 6."""
    parts = (HEADER, model, body)
    return "".join(textwrap.dedent(part).lstrip("\n") for part in parts)


POSITIVE_CASES: dict[str, Case] = {
    "history_acc_with_accuracy": Case(
        _source(
            """
            history = model.fit(x, y, validation_split=0.2, epochs=10)
            plt.plot(history.history["acc"])
            """
        ),
        [(7, 26)],
        "`history.history[\"acc\"]` raises KeyError: 'acc' after the whole run on Keras 3 (as on "
        f'tf.keras 2) because {ACCURACY_LOGS}, not "acc". Read `history.history["accuracy"]`.',
    ),
    "history_val_acc_single_quotes": Case(
        _source(
            """
            history = model.fit(x, y, validation_data=(xv, yv))
            plt.plot(history.history['val_acc'])
            """
        ),
        [(7, 26)],
        "`history.history['val_acc']` raises KeyError: 'val_acc' after the whole run on Keras 3",
    ),
    "reverse_acc_reads_accuracy": Case(
        _source(
            """
            history = model.fit(x, y, validation_split=0.2)
            print(history.history["val_accuracy"][-1])
            """,
            model="""
            model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
            model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["acc"])
            """,
        ),
        [(7, 23)],
        '`model.compile(metrics=["acc"])` logs the keys acc, loss, val_acc, val_loss, not '
        '"val_accuracy". Read `history.history["val_acc"]`.',
    ),
    "history_dict_bound_to_a_name": Case(
        _source(
            """
            history = model.fit(x, y, validation_split=0.2)
            logs = history.history
            print(logs["acc"], logs["loss"], logs["val_loss"])
            """
        ),
        [(8, 12)],
        "`logs[\"acc\"]` raises KeyError: 'acc' after the whole run on Keras 3 (as on tf.keras 2) "
        f'because {ACCURACY_LOGS}, not "acc". Read `logs["accuracy"]`.',
    ),
    "history_of_the_fit_call_itself": Case(
        _source(
            """
            acc = model.fit(x, y).history["acc"]
            """
        ),
        [(6, 31)],
        '`model.compile(metrics=["accuracy"])` logs the keys accuracy, loss, not "acc"',
    ),
    "early_stopping_auto_mode_raises": Case(
        _source(
            """
            stop = EarlyStopping(monitor="val_acc", patience=3)
            model.fit(x, y, validation_split=0.2, callbacks=[stop])
            """
        ),
        [(6, 30)],
        '`EarlyStopping(monitor="val_acc", ...)` raises ValueError at the end of the first epoch '
        "on Keras 3 (\"EarlyStopping callback received monitor=val_acc, but Keras isn't able to "
        'automatically determine whether that metric should be maximized or minimized") '
        f'because {ACCURACY_LOGS}, not "val_acc". Monitor "val_accuracy".',
    ),
    "early_stopping_max_mode_never_stops": Case(
        _source(
            """
            model.fit(x, y, validation_split=0.2, callbacks=[EarlyStopping(monitor='val_acc', mode='max')])
            """
        ),
        [(6, 72)],
        "`EarlyStopping(monitor='val_acc', mode='max')` never stops training on Keras 3 (every "
        'epoch warns "Early stopping conditioned on metric `val_acc` which is not available", '
        f'and all epochs run) because {ACCURACY_LOGS}, not "val_acc". Monitor "val_accuracy".',
    ),
    "early_stopping_mode_from_a_variable": Case(
        _source(
            """
            stop = EarlyStopping(monitor="val_acc", mode=MODE)
            model.fit(x, y, validation_split=0.2, callbacks=[stop])
            """
        ),
        [(6, 30)],
        "raises ValueError at the end of the first epoch on Keras 3",
    ),
    "model_checkpoint_best_only_saves_every_epoch": Case(
        _source(
            """
            best = ModelCheckpoint("best.keras", monitor="val_acc", save_best_only=True, mode="max")
            model.fit(x, y, validation_split=0.2, callbacks=[best])
            """
        ),
        [(6, 46)],
        '`ModelCheckpoint(monitor="val_acc", save_best_only=True, mode="max", ...)` saves the '
        "model after every epoch on Keras 3, so the file it keeps is the last epoch's, not the "
        'best one (every epoch warns "Can save best model only with val_acc available.")',
    ),
    "model_checkpoint_auto_mode_raises_even_without_best_only": Case(
        _source(
            """
            model.fit(x, y, validation_split=0.2, callbacks=[ModelCheckpoint("m.keras", "val_acc")])
            """
        ),
        [(6, 77)],
        "\"ModelCheckpoint callback received monitor=val_acc, but Keras isn't able to",
    ),
    "reduce_lr_on_plateau_never_reduces": Case(
        _source(
            """
            callbacks = [ReduceLROnPlateau(monitor="val_acc", factor=0.5, mode="max")]
            model.fit(x, y, validation_split=0.2, callbacks=callbacks)
            """
        ),
        [(6, 40)],
        '`ReduceLROnPlateau(monitor="val_acc", mode="max", ...)` never reduces the learning rate '
        'on Keras 3 (every epoch warns "Learning rate reduction is conditioned on metric '
        '`val_acc` which is not available")',
    ),
    "callback_appended_to_the_list": Case(
        _source(
            """
            callbacks = []
            callbacks.append(keras.callbacks.EarlyStopping("val_acc", mode="max"))
            model.fit(x, y, validation_split=0.2, callbacks=callbacks)
            """
        ),
        [(7, 48)],
        'never stops training on Keras 3 (every epoch warns "Early stopping conditioned on '
        'metric `val_acc` which is not available"',
    ),
    "default_monitor_without_validation": Case(
        _source(
            """
            model.fit(x, y, epochs=100, callbacks=[EarlyStopping(patience=5)])
            """
        ),
        [(6, 40)],
        '`EarlyStopping(...)` (it monitors "val_loss" by default) never stops training on Keras 3 '
        '(every epoch warns "Early stopping conditioned on metric `val_loss` which is not '
        'available", and all epochs run) because `model.fit(...)` is passed no validation_data '
        'or validation_split, so no "val_" key is logged (the logs hold accuracy, loss). Pass '
        'validation data to fit, or monitor "loss".',
    ),
    "checkpoint_val_accuracy_without_validation": Case(
        _source(
            """
            best = ModelCheckpoint("best.keras", monitor="val_accuracy", save_best_only=True)
            model.fit(x, y, epochs=5, callbacks=[best])
            """
        ),
        [(6, 46)],
        "saves the model after every epoch on Keras 3",
    ),
    "history_val_loss_without_validation": Case(
        _source(
            """
            history = model.fit(x, y, epochs=5, validation_data=None)
            plt.plot(history.history["val_loss"])
            """
        ),
        [(7, 26)],
        "`history.history[\"val_loss\"]` raises KeyError: 'val_loss' after the whole run on "
        "Keras 3 (as on tf.keras 2) because `model.fit(...)` is passed no validation_data or "
        'validation_split, so no "val_" key is logged (the logs hold accuracy, loss). Pass '
        'validation data to fit, or read `history.history["loss"]`.',
    ),
    "wrong_name_and_no_validation": Case(
        _source(
            """
            history = model.fit(x, y, epochs=5)
            plt.plot(history.history["val_acc"])
            """
        ),
        [(7, 26)],
        '`model.compile(metrics=["accuracy"])` logs the keys accuracy, loss, not "val_acc", and '
        '`model.fit(...)` is passed no validation_data or validation_split, so no "val_" key is '
        'logged. Pass validation data to fit and read `history.history["val_accuracy"]`.',
    ),
    "model_from_a_builder_function": Case(
        _source(
            """
            def build():
                net = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
                net.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
                return net
            classifier = build()
            history = classifier.fit(x, y, validation_split=0.1)
            plt.plot(history.history["acc"])
            """,
            model="",
        ),
        [(10, 26)],
        '`net.compile(metrics=["accuracy"])` logs the keys accuracy, loss, val_accuracy, '
        'val_loss, not "acc"',
    ),
    "functional_model_with_one_output": Case(
        _source(
            """
            inputs = keras.Input((4,))
            outputs = keras.layers.Dense(3, activation="softmax")(inputs)
            net = keras.Model(inputs=inputs, outputs=outputs)
            net.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
            history = net.fit(x, y, validation_split=0.1)
            print(history.history["val_acc"])
            """,
            model="",
        ),
        [(9, 23)],
        '`net.compile(metrics=["accuracy"])` logs the keys accuracy, loss, val_accuracy, '
        'val_loss, not "val_acc"',
    ),
    "metric_object_default_name": Case(
        _source(
            """
            model.compile("adam", "binary_crossentropy", metrics=[keras.metrics.BinaryAccuracy()])
            history = model.fit(x, y, validation_split=0.1)
            print(history.history["accuracy"])
            """,
            model="""
            model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
            """,
        ),
        [(7, 23)],
        'logs the keys binary_accuracy, loss, val_binary_accuracy, val_loss, not "accuracy". '
        "Use one of the logged keys.",
    ),
    "metric_object_named_acc": Case(
        _source(
            """
            model.compile("adam", "mse", metrics=[keras.metrics.BinaryAccuracy(name="acc")])
            history = model.fit(x, y, validation_split=0.1)
            print(history.history["accuracy"])
            """,
            model="""
            model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
            """,
        ),
        [(7, 23)],
        'logs the keys acc, loss, val_acc, val_loss, not "accuracy". Read '
        '`history.history["acc"]`.',
    ),
    "numbered_metric_object": Case(
        _source(
            """
            model.compile("adam", "mse", metrics=["accuracy", keras.metrics.AUC()])
            history = model.fit(x, y, validation_split=0.1)
            print(history.history["val_auc"], history.history["val_acc"])
            """,
            model="""
            model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
            """,
        ),
        [(7, 51)],
        'logs the keys accuracy, auc, loss, val_accuracy, val_auc, val_loss, not "val_acc"',
    ),
    "metric_function_of_the_file": Case(
        _source(
            """
            def f1(y_true, y_pred):
                return y_pred
            model.compile("adam", "mse", metrics=["accuracy", f1])
            history = model.fit(x, y, validation_split=0.1)
            print(history.history["val_f1"], history.history["acc"])
            """,
            model="""
            model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
            """,
        ),
        [(9, 50)],
        'logs the keys accuracy, f1, loss, val_accuracy, val_f1, val_loss, not "acc"',
    ),
    "metrics_list_bound_to_a_name": Case(
        _source(
            """
            METRICS = ["mae"]
            model.compile("adam", "mse", metrics=METRICS)
            history = model.fit(x, y, validation_split=0.1)
            print(history.history["val_mean_absolute_error"])
            """,
            model="""
            model = keras.Sequential([keras.layers.Dense(1)])
            """,
        ),
        [(8, 23)],
        "`model.compile(metrics=METRICS)` logs the keys loss, mae, val_loss, val_mae, not "
        '"val_mean_absolute_error". Read `history.history["val_mae"]`.',
    ),
    "history_reused_for_a_second_model": Case(
        _source(
            """
            history = model.fit(x, y, validation_split=0.1)
            plt.plot(history.history["accuracy"])
            other = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
            other.compile("adam", "binary_crossentropy", metrics=["acc"])
            history = other.fit(x, y, validation_split=0.1)
            plt.plot(history.history["accuracy"])
            """
        ),
        [(11, 26)],
        '`other.compile(metrics=["acc"])` logs the keys acc, loss, val_acc, val_loss, not '
        '"accuracy"',
    ),
    "history_passed_to_a_plotting_function": Case(
        _source(
            """
            def plot_history(history):
                plt.plot(history.history["acc"])
                plt.plot(history.history["loss"])
            history = model.fit(x, y, validation_split=0.2)
            plot_history(history)
            """
        ),
        [(7, 30)],
        "`history.history[\"acc\"]` raises KeyError: 'acc' after the whole run on Keras 3 (as on "
        f'tf.keras 2) because {ACCURACY_LOGS}, not "acc". Read `history.history["accuracy"]`.',
    ),
    "history_dict_passed_to_a_function": Case(
        _source(
            """
            def best(logs, key="val_acc"):
                return max(logs["val_acc"])
            print(best(model.fit(x, y, validation_split=0.2).history))
            """
        ),
        [(7, 21)],
        f'because {ACCURACY_LOGS}, not "val_acc". Read `logs["val_accuracy"]`.',
    ),
    "keras3_standalone_import": Case(
        """
            import keras
            from keras.callbacks import EarlyStopping
            model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
            model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["acc"])
            model.fit(x, y, validation_split=0.2, callbacks=[EarlyStopping(monitor="val_accuracy")])
        """,
        [(5, 72)],
        '`EarlyStopping(monitor="val_accuracy")` raises ValueError at the end of the first epoch '
        "on Keras 3",
    ),
}


@pytest.mark.parametrize("name", POSITIVE_CASES)
def test_flags(name: str) -> None:
    case = POSITIVE_CASES[name]
    diagnostics = lint(case.source, select="FL106")
    assert_case(diagnostics, case, "FL106")
    assert all(d.severity is Severity.ERROR for d in diagnostics)


KERAS2_CASES: dict[str, Case] = {
    "history_key": Case(
        _source(
            """
            history = model.fit(x, y, validation_split=0.2)
            plt.plot(history.history["acc"])
            """
        ),
        [(7, 26)],
        "`history.history[\"acc\"]` raises KeyError: 'acc' after the whole run on tf.keras 2 (as "
        f'on Keras 3) because {ACCURACY_LOGS}, not "acc". Read `history.history["accuracy"]`.',
    ),
    "early_stopping_auto_mode_never_stops": Case(
        _source(
            """
            stop = EarlyStopping(monitor="val_acc", patience=3)
            model.fit(x, y, validation_split=0.2, callbacks=[stop])
            """
        ),
        [(6, 30)],
        '`EarlyStopping(monitor="val_acc", ...)` never stops training on tf.keras 2 (every epoch '
        'warns "Early stopping conditioned on metric `val_acc` which is not available", and all '
        f'epochs run) because {ACCURACY_LOGS}, not "val_acc". Monitor "val_accuracy".',
    ),
    "model_checkpoint_never_saves": Case(
        _source(
            """
            best = ModelCheckpoint("best.h5", monitor="val_acc", save_best_only=True)
            model.fit(x, y, validation_split=0.2, callbacks=[best])
            """
        ),
        [(6, 43)],
        '`ModelCheckpoint(monitor="val_acc", save_best_only=True, ...)` never saves the model on '
        'tf.keras 2 (every epoch logs "Can save best model only with val_acc available, '
        'skipping.")',
    ),
    "reduce_lr_on_plateau": Case(
        _source(
            """
            model.fit(x, y, validation_split=0.2, callbacks=[ReduceLROnPlateau("val_acc")])
            """
        ),
        [(6, 68)],
        "never reduces the learning rate on tf.keras 2",
    ),
}


@pytest.mark.parametrize("name", KERAS2_CASES)
def test_flags_with_keras2_messages(name: str) -> None:
    case = KERAS2_CASES[name]
    diagnostics = lint(case.source, select="FL106", keras_version=2)
    assert_case(diagnostics, case, "FL106")
    assert all(d.severity is Severity.ERROR for d in diagnostics)


SILENT_CASES: dict[str, str] = {
    "acc_with_val_acc": _source(
        """
        history = model.fit(x, y, validation_split=0.2, callbacks=[EarlyStopping(monitor="val_acc")])
        plt.plot(history.history["acc"], history.history["val_acc"])
        """,
        model="""
        model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
        model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["acc"])
        """,
    ),
    "accuracy_with_val_accuracy": _source(
        """
        best = ModelCheckpoint("m.keras", monitor="val_accuracy", save_best_only=True)
        history = model.fit(x, y, validation_split=0.2, callbacks=[best])
        plt.plot(history.history["accuracy"], history.history["val_accuracy"])
        """
    ),
    "val_loss_with_validation": _source(
        """
        history = model.fit(x, y, validation_data=(xv, yv), callbacks=[EarlyStopping()])
        plt.plot(history.history["loss"], history.history["val_loss"])
        """
    ),
    "validation_from_a_variable": _source(
        """
        history = model.fit(x, y, validation_data=val, callbacks=[EarlyStopping()])
        plt.plot(history.history["val_loss"])
        """
    ),
    "plain_dict_named_history": _source(
        """
        model.fit(x, y, validation_split=0.2)
        history = {"acc": [0.5], "val_acc": [0.4]}
        history["acc"]
        """
    ),
    "history_loaded_from_json": _source(
        """
        import json
        model.fit(x, y, validation_split=0.2)
        with open("h.json") as handle:
            history = json.load(handle)
        print(history["acc"])
        """
    ),
    "history_parameter_of_an_uncalled_function": _source(
        """
        def plot(history):
            plt.plot(history.history["acc"])
        model.fit(x, y, validation_split=0.2)
        """
    ),
    "history_parameter_also_given_a_loaded_dict": _source(
        """
        import json
        def plot(logs):
            plt.plot(logs["acc"])
        plot(model.fit(x, y, validation_split=0.2).history)
        plot(json.load(open("old_history.json")))
        """
    ),
    "dict_get": _source(
        """
        history = model.fit(x, y, validation_split=0.2)
        plt.plot(history.history.get("acc"))
        plt.plot(history.history.get("val_acc", history.history.get("val_accuracy")))
        """
    ),
    "membership_test": _source(
        """
        history = model.fit(x, y, validation_split=0.2)
        key = "acc" if "acc" in history.history else "accuracy"
        plt.plot(history.history["acc"] if "acc" in history.history else history.history["accuracy"])
        """
    ),
    "try_except_key_error": _source(
        """
        history = model.fit(x, y, validation_split=0.2)
        try:
            plt.plot(history.history["acc"])
        except KeyError:
            plt.plot(history.history["accuracy"])
        """
    ),
    "two_models_callback_not_tied": _source(
        """
        other = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
        other.compile(optimizer="adam", loss="binary_crossentropy", metrics=["acc"])
        stop = EarlyStopping(monitor="val_acc", mode="max")
        for net in (model, other):
            net.fit(x, y, validation_split=0.2, callbacks=[stop])
        """
    ),
    "callback_shared_by_two_models_one_consistent": _source(
        """
        other = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
        other.compile(optimizer="adam", loss="binary_crossentropy", metrics=["acc"])
        stop = EarlyStopping(monitor="val_acc", mode="max")
        model.fit(x, y, validation_split=0.2, callbacks=[stop])
        other.fit(x, y, validation_split=0.2, callbacks=[stop])
        """
    ),
    "callback_passed_to_no_visible_fit": _source(
        """
        stop = EarlyStopping(monitor="val_acc", mode="max")
        trainer.fit(model, callbacks=get_callbacks(stop))
        """
    ),
    "metrics_from_a_function": _source(
        """
        history = model.fit(x, y, validation_split=0.2)
        plt.plot(history.history["acc"])
        """,
        model="""
        model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
        model.compile(optimizer="adam", loss="binary_crossentropy", metrics=make_metrics())
        """,
    ),
    "metrics_list_grown_elsewhere": _source(
        """
        history = model.fit(x, y, validation_split=0.2)
        plt.plot(history.history["acc"])
        """,
        model="""
        model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
        METRICS = ["accuracy"]
        METRICS.append(extra_metric)
        model.compile(optimizer="adam", loss="binary_crossentropy", metrics=METRICS)
        """,
    ),
    "custom_metric_of_unknown_name": _source(
        """
        stop = EarlyStopping(monitor="val_f1", mode="max")
        history = model.fit(x, y, validation_split=0.2, callbacks=[stop])
        plt.plot(history.history["val_f1"])
        """,
        model="""
        from metrics import f1
        model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
        model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy", f1])
        """,
    ),
    "metric_function_with_a_decorator": _source(
        """
        history = model.fit(x, y, validation_split=0.2)
        plt.plot(history.history["acc"])
        """,
        model="""
        @register
        def acc(y_true, y_pred):
            return y_pred
        model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
        model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy", acc])
        """,
    ),
    "numbered_metric_read_numbered": _source(
        """
        history = model.fit(x, y, validation_split=0.2)
        plt.plot(history.history["auc_1"], history.history["val_auc"])
        """,
        model="""
        model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
        model.compile(optimizer="adam", loss="binary_crossentropy", metrics=[keras.metrics.AUC()])
        """,
    ),
    "two_outputs": _source(
        """
        history = model.fit(x, [y, y], validation_split=0.2)
        plt.plot(history.history["acc"])
        """,
        model="""
        inputs = keras.Input((4,))
        first = keras.layers.Dense(1)(inputs)
        second = keras.layers.Dense(1)(inputs)
        model = keras.Model(inputs, [first, second])
        model.compile(optimizer="adam", loss="mse", metrics=["accuracy"])
        """,
    ),
    "outputs_not_shown": _source(
        """
        history = model.fit(x, y, validation_split=0.2)
        plt.plot(history.history["acc"])
        """,
        model="""
        model = keras.Model(inputs, heads)
        model.compile(optimizer="adam", loss="mse", metrics=["accuracy"])
        """,
    ),
    "loaded_model": _source(
        """
        history = model.fit(x, y, validation_split=0.2)
        plt.plot(history.history["acc"])
        """,
        model="""
        model = keras.models.load_model("m.keras")
        model.compile(optimizer="adam", loss="mse", metrics=["accuracy"])
        """,
    ),
    "loss_weights": _source(
        """
        history = model.fit(x, y, validation_split=0.2)
        plt.plot(history.history["acc"])
        """,
        model="""
        model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
        model.compile(optimizer="adam", loss="mse", metrics=["accuracy"], loss_weights=[1.0])
        """,
    ),
    "weighted_metrics": _source(
        """
        history = model.fit(x, y, validation_split=0.2)
        plt.plot(history.history["acc"])
        """,
        model="""
        model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
        model.compile(optimizer="adam", loss="mse", metrics=["accuracy"], weighted_metrics=["acc"])
        """,
    ),
    "third_positional_compile_argument": _source(
        """
        history = model.fit(x, y, validation_split=0.2)
        plt.plot(history.history["acc"])
        """,
        model="""
        model = keras.Sequential([keras.layers.Dense(1, activation="sigmoid")])
        model.compile("adam", "mse", ["accuracy"])
        """,
    ),
    "compiled_twice_differently": _source(
        """
        history = model.fit(x, y, validation_split=0.2)
        plt.plot(history.history["acc"])
        model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["acc"])
        """
    ),
    "callback_writing_logs": _source(
        """
        class ValAcc(keras.callbacks.Callback):
            def on_epoch_end(self, epoch, logs=None):
                logs["val_acc"] = 0.0
        history = model.fit(x, y, validation_split=0.2, callbacks=[ValAcc()])
        plt.plot(history.history["val_acc"])
        """
    ),
    "imported_callback": _source(
        """
        from project.callbacks import F1Logger
        stop = EarlyStopping(monitor="val_f1", mode="max")
        history = model.fit(x, y, validation_split=0.2, callbacks=[F1Logger(), stop])
        plt.plot(history.history["val_f1"])
        """
    ),
    "fit_with_kwargs": _source(
        """
        history = model.fit(x, y, **fit_args)
        plt.plot(history.history["val_loss"])
        """
    ),
    "learning_rate_logged_by_a_callback": _source(
        """
        history = model.fit(x, y, validation_split=0.2, callbacks=[ReduceLROnPlateau()])
        plt.plot(history.history["lr"], history.history["learning_rate"])
        """
    ),
    "checkpoint_without_best_only_max_mode": _source(
        """
        model.fit(x, y, validation_split=0.2, callbacks=[ModelCheckpoint("m.keras", monitor="val_acc", mode="max")])
        """
    ),
    "checkpoint_best_only_from_a_variable": _source(
        """
        model.fit(x, y, validation_split=0.2, callbacks=[ModelCheckpoint("m.keras", monitor="val_acc", mode="max", save_best_only=BEST)])
        """
    ),
    "checkpoint_saving_every_n_batches": _source(
        """
        model.fit(x, y, validation_split=0.2, callbacks=[ModelCheckpoint("m.keras", monitor="val_acc", mode="max", save_best_only=True, save_freq=100)])
        """
    ),
    "monitor_from_a_variable": _source(
        """
        model.fit(x, y, validation_split=0.2, callbacks=[EarlyStopping(monitor=MONITOR)])
        """
    ),
    "not_keras_early_stopping": _source(
        """
        from pytorch_lightning.callbacks import EarlyStopping as LightningStopping
        model.fit(x, y, validation_split=0.2, callbacks=[LightningStopping(monitor="val_acc")])
        """
    ),
    "add_metric_in_the_file": _source(
        """
        model.add_metric(score, name="acc")
        history = model.fit(x, y, validation_split=0.2)
        plt.plot(history.history["acc"])
        """
    ),
    "model_of_self": _source(
        """
        class Trainer:
            def run(self):
                history = self.model.fit(x, y, validation_split=0.2)
                plt.plot(history.history["acc"])
        """
    ),
    "sklearn_fit": """
        from sklearn.linear_model import SGDClassifier
        from keras.callbacks import EarlyStopping
        clf = SGDClassifier()
        clf.compile = None
        history = clf.fit(x, y)
        print(history.history["acc"])
    """,
}


@pytest.mark.parametrize("name", SILENT_CASES)
def test_stays_silent(name: str) -> None:
    assert lint(SILENT_CASES[name], select="FL106") == []


def test_checkpoint_without_best_only_is_fine_on_keras2() -> None:
    source = _source(
        """
        model.fit(x, y, validation_split=0.2, callbacks=[ModelCheckpoint("m.h5", monitor="val_acc")])
        """
    )
    assert lint(source, select="FL106", keras_version=2) == []
    # The same callback raises ValueError on Keras 3 (mode="auto" cannot find "acc").
    assert [d.location.row for d in lint(source, select="FL106")] == [6]


def _fixed(source: str) -> str:
    data = textwrap.dedent(source).lstrip("\n").encode()
    outcome = fix_source(Linter(Settings()), data, "train.py", None, False)
    assert outcome.error is None
    return outcome.fixed.decode()


def test_fix_renames_to_the_compiled_name_keeping_the_quotes() -> None:
    source = _source(
        """
        stop = EarlyStopping(monitor='val_acc', mode='max')
        history = model.fit(x, y, validation_split=0.2, callbacks=[stop])
        plt.plot(history.history["acc"], history.history['val_acc'])
        """
    )
    fixed = _fixed(source)
    assert "stop = EarlyStopping(monitor='val_accuracy', mode='max')" in fixed
    assert """plt.plot(history.history["accuracy"], history.history['val_accuracy'])""" in fixed
    assert lint(fixed, select="FL106") == []


def test_no_fix_when_the_file_compiles_more_than_once() -> None:
    source = _source(
        """
        other = keras.Sequential([keras.layers.Dense(1)])
        other.compile(optimizer="adam", loss="mse")
        history = model.fit(x, y, validation_split=0.2)
        plt.plot(history.history["acc"])
        """
    )
    diagnostics = lint(source, select="FL106")
    assert [d.location.row for d in diagnostics] == [9]
    assert diagnostics[0].fix is None


def test_no_fix_without_validation_data_or_for_an_unknown_name() -> None:
    source = _source(
        """
        history = model.fit(x, y)
        plt.plot(history.history["val_loss"], history.history["val_acc"], history.history["f1"])
        """
    )
    diagnostics = lint(source, select="FL106")
    assert [d.location.column for d in diagnostics] == [26, 55, 83]
    assert all(d.fix is None for d in diagnostics)


def test_a_regex_compile_does_not_block_the_fix() -> None:
    source = _source(
        """
        import re
        pattern = re.compile("x")
        history = model.fit(x, y, validation_split=0.2)
        plt.plot(history.history["acc"])
        """
    )
    assert 'plt.plot(history.history["accuracy"])' in _fixed(source)


def test_checkpoint_file_name_placeholder_that_the_logs_lack() -> None:
    source = _source(
        """
        save = ModelCheckpoint("w.{epoch:02d}-{val_acc:.2f}.keras", monitor="val_accuracy", mode="max")
        model.fit(x, y, validation_split=0.2, epochs=3, callbacks=[save])
        """
    )
    (diagnostic,) = [d for d in lint(source) if d.code == "FL106"]
    assert (diagnostic.location.row, diagnostic.location.column) == (6, 24)
    assert diagnostic.message.startswith(
        "`{val_acc}` in the checkpoint's file name is not a key the logs have: the first save "
        "raises KeyError: 'Failed to format this callback filepath: ... Reason: 'val_acc''"
    )
    assert diagnostic.message.endswith("The compile logs `val_accuracy`.")
    fixed = _fixed(source)
    assert 'ModelCheckpoint("w.{epoch:02d}-{val_accuracy:.2f}.keras"' in fixed
    assert [d.code for d in lint(fixed)] == []


def test_checkpoint_file_name_with_logged_keys_is_silent() -> None:
    source = _source(
        """
        save = ModelCheckpoint("w.{epoch:02d}-{val_loss:.3f}-{accuracy:.2f}.keras")
        model.fit(x, y, validation_split=0.2, epochs=3, callbacks=[save])
        """
    )
    assert [d for d in lint(source) if d.code == "FL106"] == []

"""FL105 keras3-save-path: save paths Keras 3 rejects are flagged with Keras's own error, the
paths are folded from constants, and look-alikes (other libraries' `save`, unknown paths,
files pinned to Keras 2) stay silent. The last test runs the quoted errors and the fix's
paths on real Keras 3."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import textwrap

import pytest

from fitlint.config import Settings
from fitlint.diagnostics import Diagnostic, Severity
from fitlint.engine import Linter
from fitlint.fix import fix_source
from fitlint.rules.fl105_keras3_save_path import (
    CHECKPOINT_MODEL_ERROR,
    CHECKPOINT_WEIGHTS_ERROR,
    SAVE_ERROR,
    SAVE_FORMAT_ERROR,
    SAVE_WEIGHTS_ERROR,
    SAVE_WEIGHTS_FORMAT_ERROR,
    _renamed,
)
from tests.rules.helpers import Case, assert_case, assert_findings, lint

HEADER = """
from tensorflow import keras
model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
"""


def _keras(body: str) -> str:
    """A small Keras file: `model` is a Sequential built on line 2; `body` starts on line 3."""
    return HEADER + textwrap.dedent(body).lstrip("\n")


def _lint(source: str, *, keras_version: int = 3) -> list[Diagnostic]:
    return lint(source, select="FL105", keras_version=keras_version)


SAVE_WEIGHTS_H5 = (
    'In Keras 3, `model.save_weights()` raises ValueError: "The filename must end in '
    '`.weights.h5`. Received: filepath=w.h5", and nothing is saved. Save to a path ending in '
    "`.weights.h5` (such as 'w.weights.h5') and load the weights from there."
)

POSITIVE_CASES: dict[str, Case] = {
    "save_weights_h5": Case(_keras('model.save_weights("w.h5")'), [(3, 20)], SAVE_WEIGHTS_H5),
    "save_weights_ckpt_after_fit": Case(
        _keras(
            """
            model.fit(x, y, epochs=2)
            model.save_weights("ckpt/model.ckpt")
            """
        ),
        [(4, 20)],
        'In Keras 3, `model.save_weights()` raises ValueError: "The filename must end in '
        '`.weights.h5`. Received: filepath=ckpt/model.ckpt": the weights `fit` just trained '
        "are not saved. Save to a path ending in `.weights.h5` (such as "
        "'ckpt/model.weights.h5')",
    ),
    "save_weights_no_suffix": Case(
        _keras('model.save_weights("weights")'),
        [(3, 20)],
        'Received: filepath=weights", and nothing is saved. Save to a path ending in '
        "`.weights.h5` (such as 'weights.weights.h5')",
    ),
    "save_weights_keras_suffix": Case(
        _keras('model.save_weights("w.keras")'),
        [(3, 20)],
        'Received: filepath=w.keras"',
    ),
    "save_weights_keyword_filepath": Case(
        _keras('model.save_weights(filepath="w.hdf5", overwrite=True)'),
        [(3, 29)],
        'Received: filepath=w.hdf5"',
    ),
    "save_no_suffix": Case(
        _keras('model.save("saved_model")'),
        [(3, 12)],
        'In Keras 3, `model.save()` raises ValueError: "Invalid filepath extension for saving. '
        "Please add either a `.keras` extension for the native Keras format (recommended) or "
        'a `.h5` extension. Received: filepath=saved_model", and nothing is saved. Save to a '
        "path ending in `.keras` (such as 'saved_model.keras') and load it with "
        "`keras.models.load_model`; for a SavedModel (TF Serving, TFLite), Keras 3 has "
        "`model.export(...)`.",
    ),
    "save_tf_suffix": Case(_keras('model.save("model.tf")'), [(3, 12)], "(such as 'model.keras')"),
    "save_upper_case_suffix": Case(
        _keras('model.save("model.H5")'), [(3, 12)], "(such as 'model.h5')"
    ),
    "save_format_tf": Case(
        _keras('model.save("export", save_format="tf")'),
        [(3, 12)],
        'In Keras 3, `model.save()` raises ValueError: "The `save_format` argument is '
        "deprecated in Keras 3. Please remove this argument and pass a file path with either "
        '`.keras` or `.h5` extension.", and nothing is saved. Drop `save_format=`, save to a '
        "path ending in `.keras` (such as 'export.keras') and load it with "
        "`keras.models.load_model`",
    ),
    "save_weights_save_format": Case(
        _keras('model.save_weights("w.weights.h5", save_format="h5")'),
        [(3, 20)],
        'In Keras 3, `model.save_weights()` raises TypeError: "Model.save_weights() got an '
        "unexpected keyword argument 'save_format'\", and nothing is saved. Drop "
        "`save_format=`; Keras 3 writes only `.weights.h5` files.",
    ),
    "save_weights_save_format_and_h5": Case(
        _keras('model.save_weights("w.h5", save_format="h5")'),
        [(3, 20)],
        'raises TypeError: "Model.save_weights() got an unexpected keyword argument '
        "'save_format'\", and nothing is saved. Drop `save_format=`, save to a path ending in "
        "`.weights.h5` (such as 'w.weights.h5') and load the weights from there.",
    ),
    "save_weights_save_format_unknown_path": Case(
        _keras(
            """
            import sys
            model.save_weights(sys.argv[1], save_format="tf")
            """
        ),
        [(4, 20)],
        'raises TypeError: "Model.save_weights() got an unexpected keyword argument '
        "'save_format'\"",
    ),
    "save_model_function": Case(
        _keras('keras.models.save_model(model, "exported")'),
        [(3, 32)],
        'In Keras 3, `keras.models.save_model()` raises ValueError: "Invalid filepath '
        "extension for saving.",
    ),
    "checkpoint_weights_only_h5": Case(
        """
        from tensorflow.keras.callbacks import ModelCheckpoint
        best = ModelCheckpoint(filepath="best.h5", save_weights_only=True)
        """,
        [(2, 33)],
        'In Keras 3, `ModelCheckpoint(...)` raises ValueError: "When using '
        "`save_weights_only=True` in `ModelCheckpoint`, the filepath provided must end in "
        '`.weights.h5` (Keras weights format). Received: filepath=best.h5" when the callback '
        "is created, before training starts. Use a path ending in `.weights.h5` (such as "
        "'best.weights.h5').",
    ),
    "checkpoint_full_model_hdf5_fstring": Case(
        """
        import tensorflow as tf
        run = "runs/1"
        cb = tf.keras.callbacks.ModelCheckpoint(f"{run}/model_{{epoch:02d}}.hdf5")
        """,
        [(3, 41)],
        'In Keras 3, `tf.keras.callbacks.ModelCheckpoint(...)` raises ValueError: "The '
        "filepath provided must end in `.keras` (Keras model format). Received: "
        'filepath=runs/1/model_{epoch:02d}.hdf5" when the callback is created, before training '
        "starts. Use a path ending in `.keras` or `.h5` (such as "
        "'runs/1/model_{epoch:02d}.h5'); `model.save` takes `.hdf5`, `ModelCheckpoint` does "
        "not.",
    ),
    "checkpoint_unknown_directory_fstring": Case(
        """
        import sys
        import keras
        cb = keras.callbacks.ModelCheckpoint(f"{sys.argv[1]}/model_{{epoch:02d}}.hdf5")
        """,
        [(3, 38)],
        'raises ValueError (the path ends in `.hdf5`): "The filepath provided must end in '
        '`.keras` (Keras model format)." when the callback is created',
    ),
    "checkpoint_no_suffix": Case(
        """
        from keras.callbacks import ModelCheckpoint
        cb = ModelCheckpoint("checkpoints/model-{epoch:02d}")
        """,
        [(2, 22)],
        'Received: filepath=checkpoints/model-{epoch:02d}" when the callback is created, '
        "before training starts. Use a path ending in `.keras` or `.h5` (such as "
        "'checkpoints/model-{epoch:02d}.keras').",
    ),
    "checkpoint_weights_only_positional": Case(
        """
        from keras.callbacks import ModelCheckpoint
        cb = ModelCheckpoint("w.h5", "val_loss", 1, True, True)
        """,
        [(2, 22)],
        "`save_weights_only=True` in `ModelCheckpoint`",
    ),
    "checkpoint_weights_only_from_a_constant": Case(
        """
        from keras.callbacks import ModelCheckpoint
        WEIGHTS_ONLY = 1
        cb = ModelCheckpoint("w-{epoch:02d}.ckpt", save_weights_only=WEIGHTS_ONLY)
        """,
        [(3, 22)],
        'Received: filepath=w-{epoch:02d}.ckpt"',
    ),
    "checkpoint_weights_only_unknown_but_both_fail": Case(
        """
        import sys
        from keras.callbacks import ModelCheckpoint
        cb = ModelCheckpoint("best.hdf5", save_weights_only=sys.argv[1] == "w")
        """,
        [(3, 22)],
        "raises ValueError whatever `save_weights_only` is (a weights checkpoint needs a path "
        "ending in `.weights.h5`, a full-model one `.keras` or `.h5`) when the callback is "
        "created, before training starts. Use `.weights.h5` with `save_weights_only=True`, "
        "`.keras` without.",
    ),
}


@pytest.mark.parametrize("name", list(POSITIVE_CASES))
def test_positive(name: str) -> None:
    case = POSITIVE_CASES[name]
    assert_case(_lint(case.source), case, "FL105")


# Paths folded from constants: each must end, once folded, in a suffix Keras 3 rejects.
FOLDED_CASES: dict[str, Case] = {
    "name_bound_to_a_literal": Case(
        _keras(
            """
            WEIGHTS = "model_weights.h5"
            model.save_weights(WEIGHTS)
            """
        ),
        [(4, 20)],
        'Received: filepath=model_weights.h5"',
    ),
    "os_path_join_last_literal": Case(
        _keras(
            """
            import os, sys
            model.save(os.path.join(sys.argv[1], "final_model"))
            """
        ),
        [(4, 12)],
        'raises ValueError (the path ends in `/final_model`): "Invalid filepath extension',
    ),
    "os_path_join_all_known": Case(
        _keras(
            """
            import os
            out = "runs"
            model.save(os.path.join(out, "exp", "model"))
            """
        ),
        [(5, 12)],
        'Received: filepath=runs/exp/model"',
    ),
    "concatenation_with_literal_end": Case(
        _keras(
            """
            import sys
            model.save_weights(sys.argv[1] + "/weights.h5")
            """
        ),
        [(4, 20)],
        "(the path ends in `.h5`)",
    ),
    "augmented_assignment": Case(
        _keras(
            """
            path = "checkpoints/model"
            path += ".ckpt"
            model.save_weights(path)
            """
        ),
        [(5, 20)],
        'Received: filepath=checkpoints/model.ckpt"',
    ),
    "percent_format_number": Case(
        _keras(
            """
            epoch = 3
            model.save_weights("weights_%03d.h5" % epoch)
            """
        ),
        [(4, 20)],
        "(the path ends in `.h5`)",
    ),
    "str_format_template": Case(
        _keras(
            """
            import sys
            model.save("{}/model_{:02d}.tf".format(sys.argv[1], 3))
            """
        ),
        [(4, 12)],
        "(the path ends in `.tf`)",
    ),
    "fstring_number_before_h5": Case(
        _keras(
            """
            for epoch in range(3):
                model.save_weights(f"{epoch:02d}.h5")
            """
        ),
        [(4, 24)],
        "(the path ends in `.h5`)",
    ),
    "pathlib_division": Case(
        _keras(
            """
            import sys
            from pathlib import Path
            out = Path(sys.argv[1])
            model.save(out / "model")
            """
        ),
        [(6, 12)],
        "(the path ends in `/model`)",
    ),
    "pathlib_known": Case(
        _keras(
            """
            from pathlib import Path
            model.save(str(Path("runs") / "model.tf"))
            """
        ),
        [(4, 12)],
        'Received: filepath=runs/model.tf"',
    ),
    "parameter_every_call_agrees": Case(
        _keras(
            """
            def save(net, path="best.h5"):
                net.save_weights(path)
            save(model)
            save(model, path="best.h5")
            """
        ),
        [(4, 22)],
        'Received: filepath=best.h5"',
    ),
    "attribute_of_self": Case(
        _keras(
            """
            class Trainer:
                def __init__(self):
                    self.model = keras.Sequential()
                    self.weights_path = "trainer.h5"
                def finish(self):
                    self.model.save_weights(self.weights_path)
            """
        ),
        [(8, 33)],
        '`self.model.save_weights()` raises ValueError: "The filename must end in '
        '`.weights.h5`. Received: filepath=trainer.h5"',
    ),
}


@pytest.mark.parametrize("name", list(FOLDED_CASES))
def test_folded_paths(name: str) -> None:
    case = FOLDED_CASES[name]
    assert_case(_lint(case.source), case, "FL105")


# What a Keras model is: shown by value, or unknown in a Keras file that trains or compiles it.
RECEIVER_CASES: dict[str, Case] = {
    "load_model": Case(
        """
        from tensorflow.keras.models import load_model
        model = load_model("old.h5")
        model.save("converted")
        """,
        [(3, 12)],
        'Received: filepath=converted"',
    ),
    "functional_model": Case(
        """
        import keras
        inputs = keras.Input((4,))
        net = keras.Model(inputs, keras.layers.Dense(1)(inputs))
        net.save_weights("net.h5")
        """,
        [(4, 18)],
        "`net.save_weights()`",
    ),
    "model_subclass_saves_itself": Case(
        """
        import keras
        class Net(keras.Model):
            def checkpoint(self):
                self.save_weights("net.h5")
        """,
        [(4, 27)],
        "`self.save_weights()`",
    ),
    "unknown_model_that_is_fit": Case(
        """
        import keras
        from nets import build
        net = build()
        net.fit(x, y)
        net.save_weights("net.h5")
        """,
        [(5, 18)],
        "the weights `fit` just trained are not saved",
    ),
    "unknown_model_that_is_compiled": Case(
        """
        import tensorflow as tf
        import nets
        net = nets.UNet(3)
        net.compile(optimizer="adam", loss="mse")
        net.save("unet")
        """,
        [(5, 10)],
        "`net.save()` raises ValueError",
    ),
    "callback_model": Case(
        """
        from tensorflow import keras
        class Snapshot(keras.callbacks.Callback):
            def on_epoch_end(self, epoch, logs=None):
                self.model.save_weights("snapshot.h5")
        """,
        [(4, 33)],
        "`self.model.save_weights()`",
    ),
}


@pytest.mark.parametrize("name", list(RECEIVER_CASES))
def test_keras_receivers(name: str) -> None:
    case = RECEIVER_CASES[name]
    assert_case(_lint(case.source), case, "FL105")


TRAPS: dict[str, str] = {
    "right_suffixes": _keras(
        """
        from keras.callbacks import ModelCheckpoint
        model.save_weights("w.weights.h5")
        model.save("m.keras")
        model.save("m.h5")
        model.save("m.hdf5")
        model.save("m.weights.h5")
        model.save(filepath="m.keras", save_format="keras")
        ModelCheckpoint("w.weights.h5", save_weights_only=True)
        ModelCheckpoint("m_{epoch:02d}.keras")
        ModelCheckpoint("m.h5", save_weights_only=False)
        ModelCheckpoint("m.weights.h5")
        """
    ),
    "unknown_paths": _keras(
        """
        import argparse, os, sys
        from pathlib import Path
        args = argparse.ArgumentParser().parse_args()
        model.save(args.output)
        model.save_weights(os.path.join(args.output_dir, args.name))
        model.save_weights(f"{args.name}.h5")  # the name may end in `.weights`
        model.save_weights(sys.argv[1] + ".h5")
        model.save(Path(args.output))
        model.save("{}".format(args.output))
        model.save("{}/model_{}".format(args.output, 3))  # ends in whatever `3` formats as
        def save(net, path):
            net.save(path)
        """
    ),
    "other_libraries_save": _keras(
        """
        import numpy as np
        import pandas as pd
        import torch
        import pickle
        from PIL import Image
        np.save("features", np.zeros(3))
        torch.save(model_state, "checkpoint")
        Image.open("a.jpg").save("b.png")
        image = Image.open("a.jpg")
        image.save("thumbnail")
        frame = pd.read_csv("table.csv")
        frame.save("table")
        frame.to_csv("table.csv")
        pickle.dump(model_state, open("state", "wb"))
        """
    ),
    "tensorflow_checkpoints": _keras(
        """
        import tensorflow as tf
        checkpoint = tf.train.Checkpoint(model=model)
        checkpoint.save("ckpt/prefix")
        manager = tf.train.CheckpointManager(checkpoint, "ckpt", max_to_keep=3)
        manager.save()
        saver = tf.compat.v1.train.Saver()
        saver.save(sess, "model.ckpt")
        tf.saved_model.save(model, "exported")
        """
    ),
    "user_class_with_own_save": _keras(
        """
        class Recorder:
            def save(self, path):
                pass
        recorder = Recorder()
        recorder.save("history")
        class Net(keras.Model):
            def save(self, path):
                pass
        net = Net()
        net.save("net")
        """
    ),
    "gensim_model": """
        import keras
        from gensim.models import Word2Vec
        w2v = Word2Vec(sentences)
        w2v.save("word2vec.model")
    """,
    "unknown_object_never_trained": """
        import keras
        from storage import open_store
        store = open_store()
        store.save("snapshot")
    """,
    "file_without_keras": """
        from nets import build
        model = build()
        model.fit(x, y)
        model.save("model_dir")
    """,
    "lightning_checkpoint": """
        import keras
        from pytorch_lightning.callbacks import ModelCheckpoint
        cb = ModelCheckpoint(dirpath="checkpoints", filename="best")
    """,
    "tf_keras_checkpoint": """
        import tf_keras
        cb = tf_keras.callbacks.ModelCheckpoint("best.h5", save_weights_only=True)
    """,
    "tf_keras_pins_keras2": """
        import tf_keras as keras
        model = keras.Sequential()
        model.save("saved_model")
    """,
    "legacy_keras_variable": """
        import os
        os.environ["TF_USE_LEGACY_KERAS"] = "1"
        import tensorflow as tf
        model = tf.keras.Sequential()
        model.save_weights("w.h5")
        cb = tf.keras.callbacks.ModelCheckpoint("best.h5", save_weights_only=True)
    """,
    "legacy_keras_setdefault": """
        import os
        os.environ.setdefault("TF_USE_LEGACY_KERAS", "1")
        import tensorflow as tf
        model = tf.keras.Sequential()
        model.save("saved_model")
    """,
    "error_test": _keras(
        """
        import pytest
        def test_rejects_h5():
            with pytest.raises(ValueError):
                model.save_weights("w.h5")
        """
    ),
    "keras3_only_arguments": _keras(
        """
        model.save("model_dir", zipped=False)
        model.save("hf://user/model")
        model.save_weights("sharded.weights.json", max_shard_size=1)
        """
    ),
    "checkpoint_weights_only_unknown": _keras(
        """
        import sys
        from keras.callbacks import ModelCheckpoint
        ModelCheckpoint("best.h5", save_weights_only=sys.argv[1] == "w")
        ModelCheckpoint(*sys.argv[1:])
        ModelCheckpoint("best.h5", **options)
        """
    ),
    "bytes_path": _keras('model.save(b"model")'),
    "local_class_named_model_checkpoint": """
        import keras
        class ModelCheckpoint:
            def __init__(self, path):
                self.path = path
        cb = ModelCheckpoint("best")
    """,
}


@pytest.mark.parametrize("name", list(TRAPS))
def test_trap_is_silent(name: str) -> None:
    assert _lint(TRAPS[name]) == []


def test_keras2_warns_and_says_what_keras2_wrote() -> None:
    source = _keras(
        """
        from keras.callbacks import ModelCheckpoint
        model.save_weights("w.h5")
        model.save_weights("w.ckpt")
        model.save("saved_model")
        ModelCheckpoint("best.h5", save_weights_only=True)
        ModelCheckpoint("model-{epoch:02d}")
        """
    )
    keras2 = _lint(source, keras_version=2)
    assert_findings(
        keras2,
        [(4, 20, "FL105"), (5, 20, "FL105"), (6, 12, "FL105"), (7, 17, "FL105"), (8, 17, "FL105")],
        "`model.save_weights()` writes 'w.h5' as an HDF5 file in Keras 2, but Keras 3 raises "
        'ValueError: "The filename must end in `.weights.h5`. Received: filepath=w.h5", and '
        "nothing is saved. Save to a path ending in `.weights.h5` (such as 'w.weights.h5') and "
        "load the weights from there (Keras 2 writes HDF5 to such a path too).",
        "`model.save_weights()` writes 'w.ckpt' as a TensorFlow checkpoint (`w.ckpt.index`, "
        "`w.ckpt.data-00000-of-00001`) in Keras 2, but Keras 3 raises ValueError",
        "`model.save()` writes 'saved_model' as a SavedModel directory in Keras 2, but Keras 3 "
        'raises ValueError: "Invalid filepath extension for saving.',
        "`ModelCheckpoint(...)` writes HDF5 weights files to 'best.h5' in Keras 2, but Keras 3 "
        'raises ValueError: "When using `save_weights_only=True`',
        "`ModelCheckpoint(...)` writes SavedModel directories to 'model-{epoch:02d}' in "
        "Keras 2, but Keras 3 raises ValueError",
    )
    assert {d.severity for d in keras2} == {Severity.WARNING}
    assert {d.severity for d in _lint(source)} == {Severity.ERROR}


def _fixed(line: str, *, unsafe: bool = True) -> str:
    """`line` after `--fix` (with `--unsafe-fixes` by default) in a small Keras file."""
    source = _keras(f"from keras.callbacks import ModelCheckpoint\n{line}\n").lstrip("\n")
    outcome = fix_source(Linter(Settings()), source.encode(), "train.py", None, unsafe)
    assert outcome.error is None
    return outcome.fixed.decode().splitlines()[-1]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('model.save_weights("w.h5")', 'model.save_weights("w.weights.h5")'),
        ("model.save_weights('ckpt/w.ckpt')", "model.save_weights('ckpt/w.weights.h5')"),
        ('model.save_weights("weights")', 'model.save_weights("weights.weights.h5")'),
        ('model.save_weights("w.WEIGHTS.H5")', 'model.save_weights("w.weights.h5")'),
        ('model.save("model")', 'model.save("model.keras")'),
        ('model.save("saved_model/")', 'model.save("saved_model.keras")'),
        ('model.save("model.tf")', 'model.save("model.keras")'),
        ('model.save("model.H5")', 'model.save("model.h5")'),
        ('model.save(r"C:\\runs\\model")', 'model.save(r"C:\\runs\\model.keras")'),
        (
            'ModelCheckpoint("best.h5", save_weights_only=True)',
            'ModelCheckpoint("best.weights.h5", save_weights_only=True)',
        ),
        ('ModelCheckpoint("m-{epoch:02d}.hdf5")', 'ModelCheckpoint("m-{epoch:02d}.h5")'),
        ('ModelCheckpoint("m-{epoch:02d}")', 'ModelCheckpoint("m-{epoch:02d}.keras")'),
    ],
)
def test_unsafe_fix_renames_plain_literals(line: str, expected: str) -> None:
    assert _fixed(line) == expected
    assert _fixed(line, unsafe=False) == line  # no safe fix: the file's name changes


@pytest.mark.parametrize(
    "line",
    [
        'model.save_weights(f"{run}/w.h5")',  # an f-string
        "model.save_weights(WEIGHTS)",  # a name: other code may read it
        'model.save_weights("w.weights.h5", save_format="h5")',  # the TypeError stays
        'model.save("model" ".tf")',  # implicit concatenation
        'ModelCheckpoint("best.hdf5", save_weights_only=flag)',  # which suffix is unknown
        'model.save("./")',  # only a directory
    ],
)
def test_no_fix(line: str) -> None:
    prefix = 'run = "runs"\nWEIGHTS = "w.h5"\nflag = bool(len(__file__) % 2)\n'
    assert _fixed(prefix + line) == line


def test_fix_message_says_the_file_name_changes() -> None:
    (diagnostic,) = _lint(_keras('model.save_weights("w.h5")'))
    assert diagnostic.fix is None
    assert diagnostic.unsafe_fix is not None
    assert diagnostic.unsafe_fix.message == (
        "Save to 'w.weights.h5' (unsafe: the file gets another name, so code that loads "
        "'w.h5' must change too)"
    )


# --- on real Keras 3 ------------------------------------------------------------------------

RUNTIME_SCRIPT = """
import json, os, sys, warnings
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
warnings.simplefilter("ignore")
import keras
import tensorflow as tf

model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
model.compile("sgd", "mse")
cases = json.loads(sys.argv[1])
calls = {
    "save_weights": lambda path, **kw: model.save_weights(path, **kw),
    "save": lambda path, **kw: model.save(path, **kw),
    "save_model": lambda path, **kw: keras.models.save_model(model, path, **kw),
    "checkpoint": lambda path, **kw: keras.callbacks.ModelCheckpoint(path, **kw),
    "tf_checkpoint": lambda path, **kw: tf.keras.callbacks.ModelCheckpoint(path, **kw),
}
results = []
for kind, path, kwargs in cases:
    try:
        calls[kind](path, **kwargs)
        results.append(None)
    except Exception as error:
        results.append([type(error).__name__, str(error)])
print(json.dumps(results))
"""

# (call, path, keyword arguments, the error FL105 quotes: (type, start) or None for a save
# that works). The rule's messages quote these texts; the fixes' paths must all work.
RUNTIME_CASES: list[tuple[str, str, dict[str, object], tuple[str, str] | None]] = [
    ("save_weights", "w.h5", {}, ("ValueError", f"{SAVE_WEIGHTS_ERROR} Received: filepath=w.h5")),
    ("save_weights", "w.ckpt", {}, ("ValueError", SAVE_WEIGHTS_ERROR)),
    ("save_weights", "w.WEIGHTS.H5", {}, ("ValueError", SAVE_WEIGHTS_ERROR)),
    ("save_weights", "w.keras", {}, ("ValueError", SAVE_WEIGHTS_ERROR)),
    (
        "save_weights",
        "w.weights.h5",
        {"save_format": "h5"},
        ("TypeError", SAVE_WEIGHTS_FORMAT_ERROR),
    ),
    ("save", "saved_model", {}, ("ValueError", SAVE_ERROR)),
    ("save", "model.tf", {}, ("ValueError", SAVE_ERROR)),
    ("save", "model.H5", {}, ("ValueError", SAVE_ERROR)),
    ("save", "exported", {"save_format": "tf"}, ("ValueError", SAVE_FORMAT_ERROR)),
    ("save", "exported.h5", {"save_format": "h5"}, None),
    ("save_model", "exported_dir", {}, ("ValueError", SAVE_ERROR)),
    ("save", "m.h5", {}, None),
    ("save", "m.hdf5", {}, None),
    ("save", "m.keras", {}, None),
    ("save", "m.weights.h5", {}, None),
    (
        "checkpoint",
        "best.h5",
        {"save_weights_only": True},
        ("ValueError", f"{CHECKPOINT_WEIGHTS_ERROR} Received: filepath=best.h5"),
    ),
    ("tf_checkpoint", "best.h5", {"save_weights_only": True}, ("ValueError", "When using")),
    (
        "checkpoint",
        "m-{epoch:02d}.hdf5",
        {},
        ("ValueError", f"{CHECKPOINT_MODEL_ERROR} Received: filepath=m-{{epoch:02d}}.hdf5"),
    ),
    ("checkpoint", "model-{epoch:02d}", {}, ("ValueError", CHECKPOINT_MODEL_ERROR)),
    ("checkpoint", "m.H5", {}, ("ValueError", CHECKPOINT_MODEL_ERROR)),
    ("checkpoint", "m.h5", {}, None),
    ("checkpoint", "m.keras", {}, None),
    ("checkpoint", "m.weights.h5", {}, None),
    ("checkpoint", "w.weights.h5", {"save_weights_only": True}, None),
]
# What the unsafe fix writes for each rejected path must be accepted.
RUNTIME_CASES += [
    (kind, renamed, kwargs, None)
    for kind, path, kwargs, error in list(RUNTIME_CASES)
    if error is not None
    and "save_format" not in kwargs
    and (
        renamed := _renamed(
            path,
            "weights"
            if kind == "save_weights" or kwargs.get("save_weights_only")
            else "checkpoint"
            if kind.endswith("checkpoint")
            else "model",
        )
    )
    is not None
]


def test_quoted_errors_and_fixed_paths_on_keras3(tmp_path: os.PathLike[str]) -> None:
    if importlib.util.find_spec("tensorflow") is None:
        if os.environ.get("CI"):
            pytest.fail("CI must install the confirm extra: pip install '.[test,confirm]'")
        pytest.skip("TensorFlow is not installed (pip install '.[confirm]')")
    cases = [[kind, path, kwargs] for kind, path, kwargs, _ in RUNTIME_CASES]
    completed = subprocess.run(
        [sys.executable, "-c", RUNTIME_SCRIPT, json.dumps(cases)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "CUDA_VISIBLE_DEVICES": "-1"},
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-3000:]
    results = json.loads(completed.stdout.splitlines()[-1])
    for (kind, path, kwargs, expected), result in zip(RUNTIME_CASES, results, strict=True):
        where = (kind, path, kwargs)
        if expected is None:
            assert result is None, (where, result)
        else:
            assert result is not None, where
            assert result[0] == expected[0], (where, result)
            assert result[1].startswith(expected[1]), (where, result)


def test_tensorflow_private_keras2_copy_is_silent() -> None:
    source = (
        "from tensorflow.python.keras.models import Sequential\n"
        "model = Sequential()\n"
        "model.compile('adam', 'mse')\n"
        "model.fit(x, y)\n"
        "model.save_weights('w.h5')\n"
    )
    assert [d for d in lint(source) if d.code == "FL105"] == []


def test_a_converted_model_that_only_predicts_is_not_keras() -> None:
    source = (
        "import coremltools\nimport keras\n"
        "mlmodel = coremltools.models.MLModel('m.mlmodel')\n"
        "print(mlmodel.predict({'x': 1}))\n"
        "mlmodel.save('./kds.mlmodel')\n"
    )
    assert [d for d in lint(source) if d.code == "FL105"] == []

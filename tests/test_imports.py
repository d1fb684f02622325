"""Looking into the project's own modules: `model = UNet(...)` imported from `nets.py` is a
Keras model when `UNet` is a builder function, the project's own wrapper when it is a class
with its own `fit_generator`. The result cache knows when such a module changes."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import RunFitlint, write

TRAIN = """
import keras
from nets import UNet

model = UNet(3)
model.fit_generator(batches, steps_per_epoch=10)
"""

BUILDER = """
import keras

def UNet(classes):
    inputs = keras.Input((64, 64, 3))
    return keras.Model(inputs, keras.layers.Conv2D(classes, 1)(inputs))
"""

WRAPPER = """
class UNet:
    def __init__(self, classes):
        self.members = [build(classes) for _ in range(5)]

    def fit_generator(self, generator, **kwargs):
        for member in self.members:
            member.fit(generator, **kwargs)
"""

SUBCLASS = """
from tensorflow import keras

class UNet(keras.Model):
    def __init__(self, classes):
        super().__init__()
"""


def _fl003_rows(run: RunFitlint, project: Path, *args: str) -> list[str]:
    completed = run(".", "--output-format", "concise", *args, cwd=project)
    assert completed.returncode in (0, 1), completed.stderr
    return [line.split(" FL003")[0] for line in completed.stdout.splitlines() if "FL003" in line]


def test_a_builder_function_gives_a_model_a_class_with_its_own_method_does_not(
    tmp_path: Path, invoke_fitlint: RunFitlint
) -> None:
    write(tmp_path / "train" / "train.py", TRAIN)
    write(tmp_path / "nets.py", BUILDER)  # found from train/ by searching up to the root
    assert _fl003_rows(invoke_fitlint, tmp_path, "--no-cache") == ["train/train.py:5:7:"]
    write(tmp_path / "nets.py", WRAPPER)
    assert _fl003_rows(invoke_fitlint, tmp_path, "--no-cache") == []
    write(tmp_path / "nets.py", SUBCLASS)
    assert _fl003_rows(invoke_fitlint, tmp_path, "--no-cache") == ["train/train.py:5:7:"]


def test_a_class_re_exported_by_a_package_is_followed(
    tmp_path: Path, invoke_fitlint: RunFitlint
) -> None:
    write(tmp_path / "train.py", TRAIN.replace("from nets import", "from lib.models import"))
    write(tmp_path / "lib" / "__init__.py", "")
    write(tmp_path / "lib" / "models" / "__init__.py", "from .ensembles import UNet\n")
    write(tmp_path / "lib" / "models" / "ensembles.py", WRAPPER)
    assert _fl003_rows(invoke_fitlint, tmp_path, "--no-cache") == []
    write(tmp_path / "lib" / "models" / "ensembles.py", BUILDER)
    assert _fl003_rows(invoke_fitlint, tmp_path, "--no-cache") == ["train.py:5:7:"]


def test_an_imported_class_that_cannot_be_found_needs_a_keras_compile(
    tmp_path: Path, invoke_fitlint: RunFitlint
) -> None:
    write(tmp_path / "train.py", TRAIN)  # nets is nowhere: an installed library, perhaps
    assert _fl003_rows(invoke_fitlint, tmp_path, "--no-cache") == []
    write(
        tmp_path / "train.py",
        TRAIN.replace("model.fit_generator", 'model.compile("adam", "mse")\nmodel.fit_generator'),
    )
    assert _fl003_rows(invoke_fitlint, tmp_path, "--no-cache") == ["train.py:6:7:"]


def test_the_cache_notices_a_changed_module(tmp_path: Path, invoke_fitlint: RunFitlint) -> None:
    write(tmp_path / "train.py", TRAIN)
    write(tmp_path / "nets.py", BUILDER)
    assert _fl003_rows(invoke_fitlint, tmp_path) == ["train.py:5:7:"]  # fills the cache
    assert _fl003_rows(invoke_fitlint, tmp_path) == ["train.py:5:7:"]  # from the cache
    write(tmp_path / "nets.py", WRAPPER)  # train.py itself is unchanged
    assert _fl003_rows(invoke_fitlint, tmp_path) == []
    (tmp_path / "nets.py").unlink()
    assert _fl003_rows(invoke_fitlint, tmp_path) == []
    write(tmp_path / "nets.py", BUILDER)  # a module that appears is noticed too
    assert _fl003_rows(invoke_fitlint, tmp_path) == ["train.py:5:7:"]


def test_a_fifo_or_directory_named_like_the_module_is_not_read(
    tmp_path: Path, run_fitlint: RunFitlint
) -> None:
    import os

    # The installed command, with its timeout: a read that blocks fails this test, not the
    # whole suite.
    write(tmp_path / "train.py", TRAIN)
    os.mkfifo(tmp_path / "nets.py")  # reading it would block forever
    (tmp_path / "nets").mkdir()  # a directory without __init__.py
    assert _fl003_rows(run_fitlint, tmp_path) == []  # UNet stays unknown: no compile, silent
    assert _fl003_rows(run_fitlint, tmp_path) == []  # and the cached result is checked alike

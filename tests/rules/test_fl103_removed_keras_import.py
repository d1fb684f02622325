"""FL103 removed-keras-import: Keras 2 imports and attributes Keras 3 removed."""

from __future__ import annotations

import textwrap
from dataclasses import replace

import pytest

from fitlint.config import Settings
from fitlint.diagnostics import Severity
from fitlint.engine import Linter
from fitlint.fix import fix_source
from tests.rules.helpers import Case, assert_case, lint


def fl103(source: str, keras_version: int = 3) -> list[str]:
    return [d.message for d in lint(source, keras_version=keras_version) if d.code == "FL103"]


POSITIVE_CASES: dict[str, Case] = {
    "np_utils_import": Case(
        "from keras.utils import np_utils\n",
        [(1, 25)],
        "`from keras.utils import np_utils` fails in Keras 3: ImportError: cannot import name "
        "'np_utils' from 'keras.utils'. Use `keras.utils.to_categorical`.",
    ),
    "np_utils_through_tf_keras": Case(
        "from tensorflow.keras.utils import np_utils\n",
        [(1, 36)],
        "ImportError: cannot import name 'np_utils' from 'tensorflow.keras.utils'",
    ),
    "np_utils_attribute": Case(
        "import keras\ny = keras.utils.np_utils.to_categorical([0, 1], 2)\n",
        [(2, 17)],
        "`keras.utils.np_utils.to_categorical` fails in Keras 3: AttributeError: module "
        "'keras.utils' has no attribute 'np_utils'.",
    ),
    "layer_submodule": Case(
        "from keras.layers.core import Dense, Dropout\n",
        [(1, 6)],
        "`from keras.layers.core import Dense, Dropout` fails in Keras 3: ModuleNotFoundError: "
        "No module named 'keras.layers.core'. The layers are in `keras.layers`.",
    ),
    "layer_submodule_tf_keras": Case(
        "from tensorflow.keras.layers.convolutional import Conv2D\n",
        [(1, 6)],
        "ModuleNotFoundError: No module named 'tensorflow.keras.layers.convolutional'",
    ),
    "layer_submodule_attribute_tf": Case(
        "import tensorflow as tf\nlayer = tf.keras.layers.core.Dense(3)\n",
        [(2, 25)],
        "AttributeError: module 'keras._tf_keras.keras.layers' has no attribute 'core'",
    ),
    "import_statement": Case(
        "import keras.layers.recurrent\n",
        [(1, 8)],
        "`import keras.layers.recurrent` fails in Keras 3: ModuleNotFoundError: No module named "
        "'keras.layers.recurrent'.",
    ),
    "engine_topology": Case(
        "from keras.engine.topology import Layer\n",
        [(1, 6)],
        "ModuleNotFoundError: No module named 'keras.engine'. Use `keras.layers.Layer`",
    ),
    "engine_as_a_base_class": Case(
        "import keras\nclass MyLayer(keras.engine.topology.Layer):\n    pass\n",
        [(2, 21)],
        "AttributeError: module 'keras' has no attribute 'engine'",
    ),
    "image_data_generator": Case(
        "from keras.preprocessing.image import ImageDataGenerator\n",
        [(1, 39)],
        "ImportError: cannot import name 'ImageDataGenerator' from 'keras.preprocessing.image'. "
        "Import it from `tensorflow.keras.preprocessing.image`",
    ),
    "tokenizer": Case(
        "from keras.preprocessing.text import Tokenizer\n",
        [(1, 6)],
        "No module named 'keras.preprocessing.text'. Use a `keras.layers.TextVectorization`",
    ),
    "scikit_learn_wrapper": Case(
        "from keras.wrappers.scikit_learn import KerasClassifier\n",
        [(1, 6)],
        "Use `scikeras.wrappers.KerasClassifier`",
    ),
    "multi_gpu_model": Case(
        "from keras.utils import multi_gpu_model\n",
        [(1, 25)],
        "cannot import name 'multi_gpu_model' from 'keras.utils'",
    ),
    "cudnn_layers": Case(
        "from keras.layers import CuDNNLSTM, Dense, CuDNNGRU\n",
        [(1, 26), (1, 44)],
        "Use `keras.layers.LSTM`.",
        "Use `keras.layers.GRU`.",
    ),
    "set_session_any_alias": Case(
        "from keras import backend as KB\nKB.set_session(None)\n",
        [(2, 4)],
        "`KB.set_session` fails in Keras 3: AttributeError: module 'keras.backend' has no "
        "attribute 'set_session'. Keras 3 has no TensorFlow session",
    ),
    "set_value_standalone": Case(
        "import keras\nkeras.backend.set_value(v, 1.0)\n",
        [(2, 15)],
        "module 'keras.backend' has no attribute 'set_value'",
    ),
    "image_dim_ordering": Case(
        "import keras.backend as K\nif K.image_dim_ordering() == 'th':\n    pass\n",
        [(2, 6)],
        "Use `keras.backend.image_data_format()`",
    ),
    "merge_function": Case(
        "from keras.layers import merge\n",
        [(1, 26)],
        "cannot import name 'merge' from 'keras.layers'. Keras 1's `merge(..., mode=...)`",
    ),
    "keras1_merge_layer": Case(
        "from keras.layers import Dense, Merge\nimport keras\nm = keras.layers.Merge([a, b])\n",
        [(1, 33), (3, 18)],
        "`from keras.layers import Merge` fails in Keras 3: ImportError: cannot import name "
        "'Merge' from 'keras.layers'. Keras 1's `Merge` layer (gone since Keras 2.2) is one "
        "layer per mode",
        "`keras.layers.Merge` fails in Keras 3: AttributeError: module 'keras.layers' has no "
        "attribute 'Merge'",
    ),
    "lowercase_optimizer": Case(
        "import keras\nopt = keras.optimizers.rmsprop(lr=0.001)\n",
        [(2, 24)],
        "`keras.optimizers.rmsprop` fails in Keras 3: AttributeError: module 'keras.optimizers' "
        "has no attribute 'rmsprop'. Use `keras.optimizers.RMSprop`.",
    ),
    "lowercase_optimizer_import": Case(
        "from keras.optimizers import adam\n",
        [(1, 30)],
        "cannot import name 'adam' from 'keras.optimizers'",
    ),
    "inside_a_function": Case(
        "def build():\n    from keras import backend\n    backend.get_session()\n",
        [(3, 13)],
        "module 'keras.backend' has no attribute 'get_session'",
    ),
}


@pytest.mark.parametrize("name", POSITIVE_CASES)
def test_flags(name: str) -> None:
    case = POSITIVE_CASES[name]
    assert_case([d for d in lint(case.source) if d.code == "FL103"], case, "FL103")


FALSE_POSITIVE_TRAPS = {
    "tf_keras_image_data_generator": (
        "from tensorflow.keras.preprocessing.image import ImageDataGenerator\n"
    ),
    "pad_sequences": "from keras.preprocessing.sequence import pad_sequences\n",
    "img_to_array": "from keras.preprocessing.image import img_to_array, load_img\n",
    "resnet50": (
        "import keras\nfrom keras.applications.resnet50 import ResNet50\n"
        "net = keras.applications.resnet50.ResNet50(weights=None)\n"
    ),
    "tf_keras_is_keras_2": "from tf_keras.layers.core import Dense\nimport tf_keras\n",
    "keras_preprocessing_package": "import keras_preprocessing\nfrom keras_utils import np_utils\n",
    "local_keras_utils_module": "import keras_utils\ny = keras_utils.np_utils.to_categorical(x)\n",
    "tf_keras_set_value_still_exists": (
        "import tensorflow as tf\ntf.keras.backend.set_value(v, 1.0)\n"
        "from tensorflow.keras.preprocessing.text import Tokenizer\n"
    ),
    "new_spellings": (
        "import keras\nfrom keras.layers import Dense, LSTM\nfrom keras.utils import to_categorical\n"
        "opt = keras.optimizers.RMSprop(learning_rate=0.001)\n"
    ),
    "try_with_a_working_fallback": (
        "try:\n    from keras.layers.core import Dense\nexcept ImportError:\n"
        "    from keras.layers import Dense\n"
    ),
    "fallback_for_old_keras": (
        "try:\n    from keras.utils import to_categorical\nexcept ImportError:\n"
        "    from keras.utils.np_utils import to_categorical\n"
    ),
    "shadowed_backend": (
        "import keras\ndef run(K):\n    K.set_session(None)\n"
        "class Fake:\n    def set_session(self, s):\n        pass\n"
    ),
    "set_value_of_optimizer_lr_is_fl102s": (
        "from keras import backend as K\nK.set_value(model.optimizer.lr, 0.1)\n"
    ),
    "relative_import": "from .layers.core import Dense\n",
}


@pytest.mark.parametrize("name", FALSE_POSITIVE_TRAPS)
def test_stays_silent(name: str) -> None:
    assert fl103(FALSE_POSITIVE_TRAPS[name]) == []


def test_try_branch_is_flagged_when_the_fallback_is_broken_too() -> None:
    source = (
        "try:\n    from keras.utils import np_utils\nexcept ImportError:\n"
        "    from tensorflow.keras.utils import np_utils\n"
    )
    assert len(fl103(source)) == 2


def test_keras2_warns_what_the_upgrade_breaks() -> None:
    diagnostics = [
        d for d in lint("from keras.utils import np_utils\n", keras_version=2) if d.code == "FL103"
    ]
    assert [d.severity for d in diagnostics] == [Severity.WARNING]
    assert diagnostics[0].message.startswith(
        "Upgrading to Keras 3 breaks `from keras.utils import np_utils`: it raises ImportError: "
        "cannot import name 'np_utils' from 'keras.utils'."
    )


def _fix(source: str, unsafe: bool = False, select: str = "FL103") -> str:
    linter = Linter(replace(Settings(), select=(select,)))
    data = textwrap.dedent(source).lstrip("\n").encode()
    return fix_source(linter, data, "t.py", None, unsafe).fixed.decode()


def test_layer_submodule_fixes() -> None:
    fixed = _fix(
        "import keras\n"
        "import tensorflow.keras.layers.core\n"
        "from keras.layers.core import Dense, Dropout\n"
        "from tensorflow.keras.layers.pooling import MaxPooling2D as Pool\n"
        "layer = keras.layers.convolutional.Conv2D(3, 3)\n"
    )
    assert fixed == (
        "import keras\n"
        "import tensorflow.keras.layers\n"
        "from keras.layers import Dense, Dropout\n"
        "from tensorflow.keras.layers import MaxPooling2D as Pool\n"
        "layer = keras.layers.Conv2D(3, 3)\n"
    )
    assert fl103(fixed) == []


def test_no_fix_for_a_name_keras_3_lacks() -> None:
    source = "from keras.layers.convolutional import Deconvolution2D\n"
    (diagnostic,) = [d for d in lint(source) if d.code == "FL103"]
    assert diagnostic.fix is None and diagnostic.unsafe_fix is None


def test_np_utils_fix_changes_the_import_and_every_use() -> None:
    fixed = _fix(
        "from keras.utils import np_utils, plot_model\n"
        "y = np_utils.to_categorical(labels, 10)\n"
        "z = np_utils.normalize(y)\n"
        "w = np_utils.to_categorical(other)\n"
    )
    assert fixed == (
        "from keras.utils import normalize, to_categorical, plot_model\n"
        "y = to_categorical(labels, 10)\n"
        "z = normalize(y)\n"
        "w = to_categorical(other)\n"
    )
    assert fl103(fixed) == []


def test_np_utils_module_fixes() -> None:
    fixed = _fix(
        "import keras\nfrom keras.utils.np_utils import to_categorical\n"
        "y = keras.utils.np_utils.to_categorical(labels)\n"
    )
    assert fixed == (
        "import keras\nfrom keras.utils import to_categorical\n"
        "y = keras.utils.to_categorical(labels)\n"
    )


@pytest.mark.parametrize(
    "source",
    [
        # The module is passed around: its uses cannot all be rewritten.
        "from keras.utils import np_utils\nhelpers = np_utils\n",
        # `to_categorical` already means something else here.
        "from keras.utils import np_utils\ndef to_categorical(y):\n    return y\n"
        "y = np_utils.to_categorical(labels)\n",
        # Never used: nothing tells which name to import instead.
        "from keras.utils import np_utils\n",
    ],
)
def test_no_np_utils_fix_that_would_leave_a_dangling_name(source: str) -> None:
    (diagnostic,) = [d for d in lint(source) if d.code == "FL103"]
    assert diagnostic.fix is None


def test_optimizer_alias_fixes() -> None:
    fixed = _fix(
        "import keras\nfrom keras.optimizers import rmsprop, adagrad as ada\n"
        "a = keras.optimizers.adam(0.01, 0.9)\n"
        "b = keras.optimizers.adadelta()\n"
        "c = keras.optimizers.nadam(beta_1=0.8)\n"
        "d = rmsprop(lr=0.01)\n"
        "e = ada()\n"
    )
    assert fixed == (
        "import keras\nfrom keras.optimizers import RMSprop, Adagrad as ada\n"
        "a = keras.optimizers.Adam(0.01, 0.9)\n"
        # Keras 2's default learning rates differ from Keras 3's: kept explicitly.
        "b = keras.optimizers.Adadelta(learning_rate=1.0)\n"
        "c = keras.optimizers.Nadam(learning_rate=0.002, beta_1=0.8)\n"
        "d = RMSprop(lr=0.01)\n"
        "e = ada(learning_rate=0.01)\n"
    )
    # `lr=` is FL102's, which renames it on its own.
    assert [d.code for d in lint(fixed)] == ["FL102"]


@pytest.mark.parametrize(
    "call",
    [
        # Keras 2's third positional parameter was `epsilon`; Keras 3's is `momentum`.
        "keras.optimizers.rmsprop(0.001, 0.9, 1e-6)",
        # Nadam's `schedule_decay` does not exist in Keras 3.
        "keras.optimizers.nadam(schedule_decay=0.004)",
    ],
)
def test_no_optimizer_fix_that_changes_the_arguments_meaning(call: str) -> None:
    (diagnostic,) = [d for d in lint(f"import keras\nopt = {call}\n") if d.code == "FL103"]
    assert diagnostic.fix is None


def test_image_data_generator_fix_is_safe_when_the_file_imports_tensorflow() -> None:
    source = (
        "import tensorflow as tf\n"
        "from keras.preprocessing.image import ImageDataGenerator, img_to_array\n"
    )
    assert _fix(source) == (
        "import tensorflow as tf\n"
        "from tensorflow.keras.preprocessing.image import ImageDataGenerator, img_to_array\n"
    )


def test_image_data_generator_fix_is_unsafe_without_tensorflow() -> None:
    source = "from keras.preprocessing.image import ImageDataGenerator\n"
    assert _fix(source) == source
    assert _fix(source, unsafe=True) == (
        "from tensorflow.keras.preprocessing.image import ImageDataGenerator\n"
    )


def test_no_fix_for_the_rest() -> None:
    source = (
        "from keras import backend as K\nfrom keras.layers import CuDNNLSTM, merge\n"
        "from keras.wrappers.scikit_learn import KerasClassifier\nK.set_session(None)\n"
    )
    assert _fix(source, unsafe=True) == source


def test_optional_import_with_a_do_nothing_handler_is_silent() -> None:
    source = (
        "from keras.layers import LSTM\n"
        "try:\n"
        "    from keras.layers import CuDNNLSTM as LSTM\n"
        "except:\n"
        "    pass\n"
        "layer = LSTM(8)\n"
    )
    assert [d for d in lint(source) if d.code == "FL103"] == []


def test_layer_submodule_advice_names_what_keras3_lacks() -> None:
    source = (
        "from keras.layers.convolutional import Deconvolution2D, Conv2D\n"
        "from keras.layers.merge import _Merge\n"
    )
    first, second = [d.message for d in lint(source) if d.code == "FL103"]
    assert first.endswith(
        "Import `Conv2D` from `keras.layers`; `Deconvolution2D` is "
        "`keras.layers.Conv2DTranspose` in Keras 3."
    )
    assert second.endswith("Keras 3 has no private `_Merge`: subclass `keras.layers.Layer`.")

"""FL103's table against the installed Keras 3: every row's old spelling fails, under the
roots the row names, with the error the rule renders (and works under the others), and
every replacement exists, so the table cannot rot. One subprocess runs all the probes."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from functools import cache

import pytest

from fitlint.rules.fl103_removed_keras_import import (
    KERAS3_DEFAULT_RATES,
    KERAS3_LAYER_NAMES,
    KERAS3_OPTIMIZER_KEYWORDS,
    NP_UTILS_NAMES,
    OPTIMIZER_ALIASES,
    REMOVED,
    TF_KERAS_IMAGE_NAMES,
    RemovedImport,
    cannot_import,
    module_not_found,
    no_attribute,
    removed_at,
)

if importlib.util.find_spec("tensorflow") is None:
    if os.environ.get("CI"):
        pytest.fail("CI must install TensorFlow to check FL103's table")
    pytest.skip("TensorFlow is not installed", allow_module_level=True)

ROOTS = ("keras", "tensorflow.keras")

# Runs each probe (a statement, then optionally an expression to evaluate) and prints what
# it gave: "OK", or "<ErrorType>: <message>" without the file path an ImportError appends.
PROBE = r"""
import json, os, re, sys
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
results = []
for code in json.load(sys.stdin):
    try:
        exec(code, {})
        results.append("OK")
    except Exception as error:
        message = re.sub(r" \(/[^)]*\)$", "", str(error))
        results.append(f"{type(error).__name__}: {message}")
print("RESULTS" + json.dumps(results))
"""

# Keras 2.2.4's signatures of the classes the lowercase aliases named (keras/optimizers.py).
KERAS2_PARAMETERS = {
    "sgd": ("lr", "momentum", "decay", "nesterov"),
    "rmsprop": ("lr", "rho", "epsilon", "decay"),
    "adagrad": ("lr", "epsilon", "decay"),
    "adadelta": ("lr", "rho", "epsilon", "decay"),
    "adam": ("lr", "beta_1", "beta_2", "epsilon", "decay", "amsgrad"),
    "adamax": ("lr", "beta_1", "beta_2", "epsilon", "decay"),
    "nadam": ("lr", "beta_1", "beta_2", "epsilon", "schedule_decay"),
}

# Spellings that still work on Keras 3.15 and that the rule must leave alone.
STILL_WORKING = (
    "from tensorflow.keras.preprocessing.image import ImageDataGenerator",
    "from keras.preprocessing.sequence import pad_sequences",
    "from keras.preprocessing.image import img_to_array, load_img",
    "from keras.applications.resnet50 import ResNet50",
    "from tensorflow.keras.preprocessing.text import Tokenizer",
    "from tensorflow.keras.backend import set_value, get_value",
    "from keras.utils import to_categorical, normalize",
    "from keras.wrappers import SKLearnClassifier",
)


def _forms(row: RemovedImport, root: str) -> dict[str, tuple[str, str]]:
    """The spellings of `row` under `root`: form → (code, the error the rule renders)."""
    parent, _, last = f"{root}.{row.path}".rpartition(".")
    failing = f"{root}.{row.path}"
    head = root.split(".")[0]
    forms = {
        "from-import": (f"from {parent} import {last}", cannot_import(last, parent)),
        "attribute": (f"import {head}\n{failing}", no_attribute(failing)),
    }
    if row.is_module:
        forms["import"] = (f"import {failing}", module_not_found(failing))
        forms["from-module"] = (f"from {failing} import *", module_not_found(failing))
    return forms


def _replacement_probe(dotted: str) -> str:
    """Import the package, then read each name, importing a submodule it does not expose."""
    parts = dotted.split(".")
    return (
        "import importlib\n"
        f"parts = {parts!r}\n"
        "value = importlib.import_module(parts[0])\n"
        "for end in range(1, len(parts)):\n"
        "    if hasattr(value, parts[end]):\n"
        "        value = getattr(value, parts[end])\n"
        "    else:\n"
        "        value = importlib.import_module('.'.join(parts[: end + 1]))\n"
    )


def _introspection() -> str:
    return (
        "import inspect, json, keras, tensorflow as tf\n"
        "import tensorflow.keras.preprocessing.image as tf_image\n"
        "names = {\n"
        "    'layers': sorted(set(dir(keras.layers)) & set(dir(tf.keras.layers))),\n"
        "    'utils': sorted(set(dir(keras.utils)) & set(dir(tf.keras.utils))),\n"
        "    'tf_image': sorted(dir(tf_image)),\n"
        "    'optimizers': {\n"
        "        name: [[p.name, repr(p.default)] for p in inspect.signature(\n"
        "            getattr(keras.optimizers, name)).parameters.values()]\n"
        f"        for name in {sorted(KERAS3_DEFAULT_RATES)!r}\n"
        "    },\n"
        "}\n"
        "raise RuntimeError('NAMES' + json.dumps(names))\n"
    )


def _run(codes: list[str]) -> dict[str, str]:
    completed = subprocess.run(
        [sys.executable, "-c", PROBE],
        input=json.dumps(codes),
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    line = next(x for x in completed.stdout.splitlines() if x.startswith("RESULTS"))
    results = json.loads(line.removeprefix("RESULTS"))
    return dict(zip(codes, results, strict=True))


@cache
def _probes() -> dict[str, str]:
    # Attribute reads run in a process of their own: once a `from tensorflow.keras.x import`
    # has run, `tensorflow.keras.x`'s AttributeErrors name it differently.
    attributes: list[str] = []
    codes: list[str] = []
    for row in REMOVED:
        codes.append(row.spelling)
        for root in ROOTS:
            for form, (code, _) in _forms(row, root).items():
                (attributes if form == "attribute" else codes).append(code)
        if row.replacement is not None:
            codes.append(_replacement_probe(row.replacement))
    codes.extend(STILL_WORKING)
    codes.append(_introspection())
    return {
        **_run(list(dict.fromkeys(attributes))),
        **_run(list(dict.fromkeys(codes))),
    }


def _introspected() -> dict[str, object]:
    result = _probes()[_introspection()]
    payload = result.split("NAMES", 1)[1]
    names: dict[str, object] = json.loads(payload)
    return names


@pytest.mark.parametrize("row", REMOVED, ids=lambda row: row.path)
def test_the_measured_spelling_fails_with_the_tabled_error(row: RemovedImport) -> None:
    assert _probes()[row.spelling] == row.error


@pytest.mark.parametrize("row", REMOVED, ids=lambda row: row.path)
@pytest.mark.parametrize("root", ROOTS)
def test_every_form_fails_as_rendered_under_the_failing_roots_only(
    row: RemovedImport, root: str
) -> None:
    for form, (code, rendered) in _forms(row, root).items():
        expected = rendered if root in row.roots else "OK"
        assert _probes()[code] == expected, (form, code)


@pytest.mark.parametrize("row", REMOVED, ids=lambda row: row.path)
def test_the_replacement_works(row: RemovedImport) -> None:
    if row.replacement is None:
        assert row.path == "backend.get_session"  # Keras 3 has no session to get
        return
    assert _probes()[_replacement_probe(row.replacement)] == "OK"


@pytest.mark.parametrize("code", STILL_WORKING)
def test_the_traps_still_work_and_are_not_in_the_table(code: str) -> None:
    assert _probes()[code] == "OK"
    module, _, names = code.removeprefix("from ").partition(" import ")
    for name in names.split(", "):
        assert removed_at(f"{module}.{name}") is None
        assert removed_at(module) is None


def test_the_name_sets_the_fixes_rely_on_exist_in_keras_3() -> None:
    names = _introspected()
    assert isinstance(names["layers"], list) and set(names["layers"]) >= KERAS3_LAYER_NAMES
    assert isinstance(names["utils"], list) and set(names["utils"]) >= NP_UTILS_NAMES
    assert isinstance(names["tf_image"], list) and set(names["tf_image"]) >= TF_KERAS_IMAGE_NAMES


def test_the_optimizer_facts_match_keras_3() -> None:
    optimizers = _introspected()["optimizers"]
    assert isinstance(optimizers, dict)
    for alias, (name, keras2_rate, agreeing) in OPTIMIZER_ALIASES.items():
        parameters = dict(optimizers[name])
        order = list(parameters)
        assert parameters["learning_rate"] == KERAS3_DEFAULT_RATES[name]
        assert KERAS3_OPTIMIZER_KEYWORDS[name] - {"lr", "decay"} <= set(order)
        keras2 = ["learning_rate" if p == "lr" else p for p in KERAS2_PARAMETERS[alias]]
        same = 0
        while same < min(len(keras2), len(order)) and keras2[same] == order[same]:
            same += 1
        assert same == agreeing, alias
        assert float(keras2_rate) > 0


def test_renamed_layers_exist_under_their_new_names() -> None:
    from fitlint.rules.fl103_removed_keras_import import _RENAMED_LAYERS

    names = sorted(
        {text.strip("`").split("(")[0].rsplit(".", 1)[-1] for text in _RENAMED_LAYERS.values()}
    )
    old = sorted(_RENAMED_LAYERS)
    probe = (
        "import keras, json, sys\n"
        f"new = {names!r}\nold = {old!r}\n"
        "print(json.dumps([[n for n in new if not hasattr(keras.layers, n)],"
        " [n for n in old if hasattr(keras.layers, n)]]))\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=300, check=True
    )
    missing_new, present_old = json.loads(completed.stdout.strip().splitlines()[-1])
    assert (missing_new, present_old) == ([], [])

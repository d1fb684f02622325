"""FL103 removed-keras-import: Keras 2 import paths and names that Keras 3 no longer has
(`keras.utils.np_utils`, `keras.layers.core` and the other layer submodules, `keras.engine`,
`ImageDataGenerator` from standalone `keras.preprocessing.image`, `keras.backend.set_session`,
lowercase optimizer aliases, ...), in imports and in attribute uses.

`REMOVED` is the one table of what fails, under which import root, with which error and
what replaces it. Every row was measured on Keras 3.15.1 (TensorFlow 2.21), and
tests/test_keras3_import_table.py re-checks each row against the installed Keras: the old
spelling fails with the error this module renders, and the replacement works.

Policy choices:
- `tf_keras` is Keras 2 and never flagged (tf_keras 2.21 lacks most of these too, which is a
  Keras 2 matter, not this rule's).
- In `try: <import> except ImportError: <import>`, an import is silent when the other branch
  binds the same names with a spelling this rule does not flag (the fallback runs).
- `K.set_value(model.optimizer.lr, v)` / `K.get_value(model.optimizer.lr)` are left to FL102,
  which replaces the whole call.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

import libcst as cst

from fitlint.analysis import CallSite, Scope, SemanticModel
from fitlint.analysis.cst_util import children, code_of, dotted_name, source_text, walk
from fitlint.diagnostics import Severity
from fitlint.prefilter import CodeFacts
from fitlint.rules.base import Finding, NodeEdit, NodeFix, Rule, RuleContext

Root = Literal["keras", "tensorflow.keras"]
FixKind = Literal["layer_submodule", "np_utils", "optimizer_alias", "image_generator"]
_BOTH: tuple[Root, ...] = ("keras", "tensorflow.keras")
_KERAS: tuple[Root, ...] = ("keras",)


@dataclass(frozen=True)
class RemovedImport:
    """One Keras 2 spelling that fails on Keras 3.15.

    `path` is relative to the import root: a module Keras 3 lacks (`layers.core`) or a name
    its module lacks (`preprocessing.image.ImageDataGenerator`, `is_module=False`). `spelling`
    is the Keras 2 statement measured and `error` what Keras 3.15 raises on it (the file path
    Python appends to an ImportError left out). `replacement` is a dotted name that works on
    Keras 3 (checked by the table test); `advice` is the message's last sentence."""

    path: str
    roots: tuple[Root, ...]
    spelling: str
    error: str
    advice: str
    replacement: str | None = None
    is_module: bool = True
    fix: FixKind | None = None


def _layer_submodule(name: str) -> RemovedImport:
    return RemovedImport(
        f"layers.{name}",
        _BOTH,
        f"from keras.layers.{name} import *",
        f"ModuleNotFoundError: No module named 'keras.layers.{name}'",
        "The layers are in `keras.layers`.",
        replacement="keras.layers",
        fix="layer_submodule",
    )


def _optimizer_alias(alias: str, name: str) -> RemovedImport:
    return RemovedImport(
        f"optimizers.{alias}",
        _BOTH,
        f"from keras.optimizers import {alias}",
        f"ImportError: cannot import name '{alias}' from 'keras.optimizers'",
        f"Use `keras.optimizers.{name}`.",
        replacement=f"keras.optimizers.{name}",
        is_module=False,
        fix="optimizer_alias",
    )


def _backend_function(
    name: str, roots: tuple[Root, ...], advice: str, new: str | None
) -> RemovedImport:
    return RemovedImport(
        f"backend.{name}",
        roots,
        f"from keras.backend import {name}",
        f"ImportError: cannot import name '{name}' from 'keras.backend'",
        advice,
        replacement=new,
        is_module=False,
    )


_LAYER_SUBMODULES = (
    "core",
    "convolutional",
    "convolutional_recurrent",
    "recurrent",
    "pooling",
    "normalization",
    "embeddings",
    "advanced_activations",
    "wrappers",
    "noise",
    "local",
    "cudnn_recurrent",
)
# Keras 2's lowercase optimizer aliases (`keras/optimizers.py` of Keras 2.2.4), the class each
# named, that class's Keras 2 default learning rate, and how many leading positional
# parameters mean the same in Keras 2 and Keras 3 (`lr`→`learning_rate` counted as the same).
OPTIMIZER_ALIASES: dict[str, tuple[str, str, int]] = {
    "sgd": ("SGD", "0.01", 2),
    "rmsprop": ("RMSprop", "0.001", 2),
    "adagrad": ("Adagrad", "0.01", 1),
    "adadelta": ("Adadelta", "1.0", 3),
    "adam": ("Adam", "0.001", 4),
    "adamax": ("Adamax", "0.002", 4),
    "nadam": ("Nadam", "0.002", 4),
}
# Keras 3.15's default learning rates of those classes.
KERAS3_DEFAULT_RATES = {
    "SGD": "0.01",
    "RMSprop": "0.001",
    "Adagrad": "0.001",
    "Adadelta": "0.001",
    "Adam": "0.001",
    "Adamax": "0.001",
    "Nadam": "0.001",
}
# Keyword arguments of Keras 3.15's optimizer constructors (FL102 handles `lr` and `decay`).
KERAS3_OPTIMIZER_KEYWORDS: dict[str, frozenset[str]] = {
    name: frozenset(
        (
            "learning_rate weight_decay clipnorm clipvalue global_clipnorm use_ema "
            "ema_momentum ema_overwrite_frequency loss_scale_factor "
            f"gradient_accumulation_steps name lr decay {extra}"
        ).split()
    )
    for name, extra in {
        "SGD": "momentum nesterov",
        "RMSprop": "rho momentum epsilon centered",
        "Adagrad": "initial_accumulator_value epsilon",
        "Adadelta": "rho epsilon",
        "Adam": "beta_1 beta_2 epsilon amsgrad",
        "Adamax": "beta_1 beta_2 epsilon",
        "Nadam": "beta_1 beta_2 epsilon",
    }.items()
}

REMOVED: tuple[RemovedImport, ...] = (
    RemovedImport(
        "utils.np_utils",
        _BOTH,
        "from keras.utils import np_utils",
        "ImportError: cannot import name 'np_utils' from 'keras.utils'",
        "Use `keras.utils.to_categorical`.",
        replacement="keras.utils.to_categorical",
        fix="np_utils",
    ),
    *(_layer_submodule(name) for name in _LAYER_SUBMODULES),
    RemovedImport(
        "layers.merge",
        _BOTH,
        "from keras.layers import merge",
        "ImportError: cannot import name 'merge' from 'keras.layers'",
        "Keras 1's `merge(..., mode=...)` is now one function per mode "
        "(`keras.layers.concatenate`, `add`, `multiply`, `average`, `maximum`, `dot`), and "
        "the merge layers (`Concatenate`, `Add`, ...) are in `keras.layers`.",
        replacement="keras.layers.concatenate",
        fix="layer_submodule",
    ),
    RemovedImport(
        "layers.Merge",
        _BOTH,
        "from keras.layers import Merge",
        "ImportError: cannot import name 'Merge' from 'keras.layers'",
        "Keras 1's `Merge` layer (gone since Keras 2.2) is one layer per mode in "
        "`keras.layers` (`Concatenate`, `Add`, `Multiply`, `Average`, `Maximum`, `Dot`), "
        "and a `Sequential` model cannot merge branches: build it with the functional API.",
        replacement="keras.layers.Concatenate",
    ),
    RemovedImport(
        "engine",
        _BOTH,
        "from keras.engine.topology import Layer",
        "ModuleNotFoundError: No module named 'keras.engine'",
        "Use `keras.layers.Layer`, `keras.layers.InputSpec`, `keras.Model` and `keras.Input`.",
        replacement="keras.layers.Layer",
    ),
    RemovedImport(
        "preprocessing.text",
        _KERAS,
        "from keras.preprocessing.text import Tokenizer",
        "ModuleNotFoundError: No module named 'keras.preprocessing.text'",
        "Use a `keras.layers.TextVectorization` layer (the deprecated `Tokenizer` is still in "
        "`tensorflow.keras.preprocessing.text`).",
        replacement="keras.layers.TextVectorization",
    ),
    RemovedImport(
        "wrappers.scikit_learn",
        _BOTH,
        "from keras.wrappers.scikit_learn import KerasClassifier",
        "ModuleNotFoundError: No module named 'keras.wrappers.scikit_learn'",
        "Use `scikeras.wrappers.KerasClassifier` / `KerasRegressor` (pip install scikeras), "
        "or Keras 3's `keras.wrappers.SKLearnClassifier` / `SKLearnRegressor`.",
        replacement="keras.wrappers.SKLearnClassifier",
    ),
    RemovedImport(
        "preprocessing.image.ImageDataGenerator",
        _KERAS,
        "from keras.preprocessing.image import ImageDataGenerator",
        "ImportError: cannot import name 'ImageDataGenerator' from 'keras.preprocessing.image'",
        "Import it from `tensorflow.keras.preprocessing.image` (deprecated, needs TensorFlow), "
        "or load with `keras.utils.image_dataset_from_directory` and augment with layers "
        "(`keras.layers.RandomFlip`, `RandomRotation`, ...).",
        replacement="tensorflow.keras.preprocessing.image.ImageDataGenerator",
        is_module=False,
        fix="image_generator",
    ),
    RemovedImport(
        "utils.multi_gpu_model",
        _BOTH,
        "from keras.utils import multi_gpu_model",
        "ImportError: cannot import name 'multi_gpu_model' from 'keras.utils'",
        "Build and compile the model inside `tf.distribute.MirroredStrategy().scope()`.",
        replacement="tensorflow.distribute.MirroredStrategy",
        is_module=False,
    ),
    RemovedImport(
        "layers.CuDNNLSTM",
        _BOTH,
        "from keras.layers import CuDNNLSTM",
        "ImportError: cannot import name 'CuDNNLSTM' from 'keras.layers'",
        "Use `keras.layers.LSTM`.",
        replacement="keras.layers.LSTM",
        is_module=False,
    ),
    RemovedImport(
        "layers.CuDNNGRU",
        _BOTH,
        "from keras.layers import CuDNNGRU",
        "ImportError: cannot import name 'CuDNNGRU' from 'keras.layers'",
        "Use `keras.layers.GRU`.",
        replacement="keras.layers.GRU",
        is_module=False,
    ),
    _backend_function(
        "set_session",
        _BOTH,
        "Keras 3 has no TensorFlow session: remove the call (for GPU memory growth, use "
        "`tf.config.experimental.set_memory_growth`).",
        "tensorflow.config.experimental.set_memory_growth",
    ),
    _backend_function(
        "get_session",
        _BOTH,
        "Keras 3 has no TensorFlow session: run TensorFlow 2 code eagerly instead.",
        None,
    ),
    _backend_function(
        "set_value",
        _KERAS,
        "Use the variable's `.assign(value)` (`tensorflow.keras.backend` still has it).",
        "keras.Variable.assign",
    ),
    _backend_function(
        "get_value",
        _KERAS,
        "Use `keras.ops.convert_to_numpy(x)` (`tensorflow.keras.backend` still has it).",
        "keras.ops.convert_to_numpy",
    ),
    _backend_function(
        "set_image_dim_ordering",
        _BOTH,
        "Use `keras.backend.set_image_data_format('channels_first')` ('th') or "
        "`('channels_last')` ('tf').",
        "keras.backend.set_image_data_format",
    ),
    _backend_function(
        "image_dim_ordering",
        _BOTH,
        "Use `keras.backend.image_data_format()`, which returns 'channels_last' or "
        "'channels_first' (not 'tf' or 'th').",
        "keras.backend.image_data_format",
    ),
    *(_optimizer_alias(alias, entry[0]) for alias, entry in OPTIMIZER_ALIASES.items()),
)

# The table by root-relative path.
BY_PATH: dict[str, RemovedImport] = {row.path: row for row in REMOVED}

# Keras 3.15's `keras.layers` names (also in `tensorflow.keras.layers`): what a layer
# submodule import may be rewritten to.
_LAYER_NAMES = """
Activation ActivityRegularization AdaptiveAveragePooling1D AdaptiveAveragePooling2D
AdaptiveAveragePooling3D AdaptiveMaxPooling1D AdaptiveMaxPooling2D AdaptiveMaxPooling3D Add
AdditiveAttention AlphaDropout Attention AugMix AutoContrast Average AveragePooling1D
AveragePooling2D AveragePooling3D AvgPool1D AvgPool2D AvgPool3D BatchNormalization
Bidirectional CategoryEncoding CenterCrop Concatenate Conv1D Conv1DTranspose Conv2D
Conv2DTranspose Conv3D Conv3DTranspose ConvLSTM1D ConvLSTM2D ConvLSTM3D Convolution1D
Convolution1DTranspose Convolution2D Convolution2DTranspose Convolution3D
Convolution3DTranspose Cropping1D Cropping2D Cropping3D CutMix Dense DepthwiseConv1D
DepthwiseConv2D Discretization Dot Dropout ELU EinsumDense Embedding Equalization Flatten
GRU GRUCell GaussianDropout GaussianNoise GlobalAveragePooling1D GlobalAveragePooling2D
GlobalAveragePooling3D GlobalAvgPool1D GlobalAvgPool2D GlobalAvgPool3D GlobalMaxPool1D
GlobalMaxPool2D GlobalMaxPool3D GlobalMaxPooling1D GlobalMaxPooling2D GlobalMaxPooling3D
GroupNormalization GroupQueryAttention HashedCrossing Hashing Identity Input InputLayer
InputSpec IntegerLookup LSTM LSTMCell Lambda Layer LayerNormalization LeakyReLU Masking
MaxPool1D MaxPool2D MaxPool3D MaxPooling1D MaxPooling2D MaxPooling3D Maximum Minimum MixUp
MultiHeadAttention Multiply Normalization PReLU Permute RNN RandomBrightness RandomContrast
RandomCrop RandomFlip RandomRotation RandomTranslation RandomZoom ReLU RepeatVector
Rescaling Reshape Resizing SeparableConv1D SeparableConv2D SeparableConvolution1D
SeparableConvolution2D SimpleRNN SimpleRNNCell Softmax SpatialDropout1D SpatialDropout2D
SpatialDropout3D SpectralNormalization StackedRNNCells StringLookup Subtract
TextVectorization TimeDistributed UnitNormalization UpSampling1D UpSampling2D UpSampling3D
Wrapper ZeroPadding1D ZeroPadding2D ZeroPadding3D add average concatenate dot maximum
minimum multiply subtract
"""
KERAS3_LAYER_NAMES = frozenset(_LAYER_NAMES.split())
# What `keras.utils.np_utils` offered that `keras.utils` still has.
NP_UTILS_NAMES = frozenset({"to_categorical", "normalize"})
# Names of standalone `keras.preprocessing.image` (Keras 2) that
# `tensorflow.keras.preprocessing.image` has on Keras 3.15.
TF_KERAS_IMAGE_NAMES = frozenset(
    {"ImageDataGenerator", "array_to_img", "img_to_array", "load_img", "save_img", "smart_resize"}
)
# The `__name__` of `tensorflow.keras` modules on Keras 3.15, which AttributeErrors quote.
TF_KERAS_RUNTIME_NAMES = {
    "tensorflow.keras": "keras._tf_keras.keras",
    "tensorflow.keras.layers": "keras._tf_keras.keras.layers",
    "tensorflow.keras.backend": "keras._tf_keras.keras.backend",
    "tensorflow.keras.preprocessing": "keras._tf_keras.keras.preprocessing",
    "tensorflow.keras.preprocessing.image": "keras._tf_keras.keras.preprocessing.image",
    "tensorflow.keras.utils": "keras.utils",
    "tensorflow.keras.optimizers": "keras.optimizers",
    "tensorflow.keras.wrappers": "keras.wrappers",
}
_IMPORT_ERRORS = frozenset({"ImportError", "ModuleNotFoundError", "Exception", "BaseException"})


def split_root(qualname: str) -> tuple[Root, str] | None:
    """`tensorflow.keras.layers.core` → ("tensorflow.keras", "layers.core")."""
    if qualname.startswith("tensorflow.keras."):
        return "tensorflow.keras", qualname.removeprefix("tensorflow.keras.")
    if qualname.startswith("keras."):
        return "keras", qualname.removeprefix("keras.")
    return None


def removed_at(qualname: str) -> tuple[RemovedImport, str] | None:
    """The row a qualified name runs into, and the failing name as written from the root
    (`keras.engine.topology.Layer` → the `engine` row and "keras.engine")."""
    split = split_root(qualname)
    if split is None:
        return None
    root, rest = split
    parts = rest.split(".")
    for end in range(1, len(parts) + 1):
        row = BY_PATH.get(".".join(parts[:end]))
        if row is not None:
            return (row, f"{root}.{row.path}") if root in row.roots else None
    return None


def module_not_found(failing: str) -> str:
    return f"ModuleNotFoundError: No module named '{failing}'"


def cannot_import(name: str, module: str) -> str:
    return f"ImportError: cannot import name '{name}' from '{module}'"


def no_attribute(failing: str) -> str:
    parent, _, name = failing.rpartition(".")
    shown = TF_KERAS_RUNTIME_NAMES.get(parent, parent)
    return f"AttributeError: module '{shown}' has no attribute '{name}'"


# Every part of every removed path (`layers.core` -> "layers", "core"), less the parts every
# Keras file has: a file without any of the others cannot hold a finding.
_LAST_NAMES = frozenset(
    part
    for row in REMOVED
    for part in row.path.split(".")
    if part not in ("layers", "utils", "backend", "optimizers", "preprocessing", "image")
)


class RemovedKerasImport(Rule):
    code = "FL103"
    required_tokens = ((b"keras",),)

    @classmethod
    def may_fire_on(cls, facts: CodeFacts) -> bool:
        """Only files that import or read one of the table's last names (`core`,
        `np_utils`, `set_session`, `rmsprop`...)."""
        return not _LAST_NAMES.isdisjoint(facts.import_parts | facts.identifiers)

    def check(self, context: RuleContext) -> Iterator[Finding]:
        checker = _Checker(context.semantic, context.settings.keras_version)
        yield from checker.imports()
        yield from checker.attributes()


@dataclass(frozen=True)
class _Problem:
    """One failing spelling in an import statement: where to report, what fails, the local
    names it binds (for the try/except policy)."""

    node: cst.CSTNode
    row: RemovedImport
    spelling: str
    error: str
    locals: tuple[str, ...]
    fix: NodeFix | None = None
    unsafe_fix: NodeFix | None = None


class _Checker:
    def __init__(self, semantic: SemanticModel, version: int) -> None:
        self.semantic = semantic
        self.version = version
        self.module = semantic.module
        self._parents: dict[int, cst.CSTNode] | None = None
        self.imports_tensorflow = False
        self.statements: list[cst.Import | cst.ImportFrom] = []
        for node in walk(self.module):
            if isinstance(node, cst.Import | cst.ImportFrom):
                self.statements.append(node)
                if any(name.split(".")[0] == "tensorflow" for name in _imported_modules(node)):
                    self.imports_tensorflow = True
        self.statements.reverse()  # `walk` visits siblings last-first

    # --- findings --------------------------------------------------------------------

    def finding(
        self,
        node: cst.CSTNode,
        spelling: str,
        error: str,
        row: RemovedImport,
        *,
        anchor: cst.CSTNode | None = None,
        fix: NodeFix | None = None,
        unsafe_fix: NodeFix | None = None,
    ) -> Finding:
        advice = _layer_advice(spelling) if row.fix == "layer_submodule" else None
        advice = advice or row.advice
        if self.version >= 3:
            message = f"`{spelling}` fails in Keras 3: {error}. {advice}"
        else:
            message = f"Upgrading to Keras 3 breaks `{spelling}`: it raises {error}. {advice}"
        return Finding(
            node,
            message,
            severity=Severity.ERROR if self.version >= 3 else Severity.WARNING,
            anchor=anchor,
            fix=fix,
            unsafe_fix=unsafe_fix,
        )

    def imports(self) -> Iterator[Finding]:
        problems = {id(statement): self.problems(statement) for statement in self.statements}
        covered = self._covered_by_fallback(problems)
        for statement in self.statements:
            for problem in problems[id(statement)]:
                if all(name in covered.get(id(statement), ()) for name in problem.locals):
                    continue
                yield self.finding(
                    problem.node,
                    problem.spelling,
                    problem.error,
                    problem.row,
                    anchor=statement,
                    fix=problem.fix,
                    unsafe_fix=problem.unsafe_fix,
                )

    def problems(self, statement: cst.Import | cst.ImportFrom) -> list[_Problem]:
        if isinstance(statement, cst.Import):
            return list(self._import_problems(statement))
        return list(self._from_import_problems(statement))

    def _import_problems(self, statement: cst.Import) -> Iterator[_Problem]:
        for alias in statement.names:
            full = dotted_name(alias.name)
            found = removed_at(full) if full is not None else None
            if full is None or found is None or not found[0].is_module:
                continue
            row, failing = found
            asname = _asname(alias)
            local = asname or full.split(".")[0]
            fix = None
            if row.fix in ("layer_submodule", "np_utils") and full == failing and asname is None:
                assert isinstance(alias.name, cst.Attribute)
                parent = code_of(alias.name.value)
                fix = NodeFix(f"Import `{parent}` instead", (NodeEdit(parent, alias.name),))
            spelling = f"import {full}" + (f" as {asname}" if asname else "")
            yield _Problem(alias.name, row, spelling, module_not_found(failing), (local,), fix)

    def _from_import_problems(self, statement: cst.ImportFrom) -> Iterator[_Problem]:
        if statement.relative or statement.module is None:
            return
        module = dotted_name(statement.module)
        if module is None:
            return
        aliases = [] if isinstance(statement.names, cst.ImportStar) else list(statement.names)
        locals_ = tuple(_asname(alias) or code_of(alias.name) for alias in aliases)
        found = removed_at(module)
        if found is not None:
            row, failing = found
            names = ", ".join(code_of(alias.name) for alias in aliases) or "*"
            fix = None
            allowed = KERAS3_LAYER_NAMES if row.fix == "layer_submodule" else NP_UTILS_NAMES
            if (
                row.fix in ("layer_submodule", "np_utils")
                and module == failing
                and aliases
                and all(code_of(alias.name) in allowed for alias in aliases)
            ):
                assert isinstance(statement.module, cst.Attribute)
                parent = code_of(statement.module.value)
                fix = NodeFix(f"Import from `{parent}`", (NodeEdit(parent, statement.module),))
            yield _Problem(
                statement.module,
                row,
                f"from {module} import {names}",
                module_not_found(failing),
                locals_ or ("*",),
                fix,
            )
            return
        for alias, local in zip(aliases, locals_, strict=True):
            name = code_of(alias.name)
            found = removed_at(f"{module}.{name}")
            if found is None:
                continue
            row = found[0]
            fix, unsafe = self._from_import_fix(statement, alias, row, module, local)
            yield _Problem(
                alias.name,
                row,
                f"from {module} import {name}",
                cannot_import(name, module),
                (local,),
                fix,
                unsafe,
            )

    def _from_import_fix(
        self,
        statement: cst.ImportFrom,
        alias: cst.ImportAlias,
        row: RemovedImport,
        module: str,
        local: str,
    ) -> tuple[NodeFix | None, NodeFix | None]:
        if row.fix == "np_utils":
            return self._np_utils_fix(alias, local), None
        if row.fix == "optimizer_alias":
            return self._optimizer_import_fix(alias, row, local), None
        if row.fix == "image_generator":
            assert not isinstance(statement.names, cst.ImportStar)
            if not all(code_of(other.name) in TF_KERAS_IMAGE_NAMES for other in statement.names):
                return None, None
            assert statement.module is not None
            new = f"tensorflow.{module}"
            edit = (NodeEdit(new, statement.module),)
            if self.imports_tensorflow:
                return NodeFix(f"Import from `{new}`", edit), None
            return None, NodeFix(
                f"Import from `{new}` (unsafe: this file does not import TensorFlow, which "
                "must then be installed)",
                edit,
            )
        return None, None

    # --- fixes that rename a local name ----------------------------------------------

    def _np_utils_fix(self, alias: cst.ImportAlias, local: str) -> NodeFix | None:
        """`from keras.utils import np_utils` + `np_utils.to_categorical(y)` →
        `from keras.utils import to_categorical` + `to_categorical(y)`."""
        references = self._references(local)
        if references is None or not references:
            return None
        used: list[str] = []
        edits: list[NodeEdit] = []
        for reference in references:
            parent = self.parents().get(id(reference))
            if not (
                isinstance(parent, cst.Attribute)
                and parent.value is reference
                and parent.attr.value in NP_UTILS_NAMES
            ):
                return None
            if parent.attr.value not in used:
                used.append(parent.attr.value)
            edits.append(NodeEdit(parent.attr.value, parent))
        if any(not self._is_free(name) for name in used):
            return None
        names = ", ".join(sorted(used))
        return NodeFix(
            f"Import `{names}` from `keras.utils` and call {'it' if len(used) == 1 else 'them'} "
            "directly",
            (NodeEdit(names, alias), *edits),
        )

    def _optimizer_import_fix(
        self, alias: cst.ImportAlias, row: RemovedImport, local: str
    ) -> NodeFix | None:
        """`from keras.optimizers import rmsprop` → `... import RMSprop`, and every use."""
        lowercase = row.path.rpartition(".")[2]
        name = OPTIMIZER_ALIASES[lowercase][0]
        renamed = _asname(alias) is not None
        references = self._references(local)
        if references is None or (not renamed and not self._is_free(name)):
            return None
        edits = [NodeEdit(name, alias.name)]
        for reference in references:
            parent = self.parents().get(id(reference))
            call = parent if isinstance(parent, cst.Call) and parent.func is reference else None
            call_edits = _optimizer_call_edits(call, lowercase, reference, renamed)
            if call_edits is None:
                return None
            edits.extend(call_edits)
        return NodeFix(f"Use `{name}`", tuple(edits))

    def _references(self, local: str) -> list[cst.Name] | None:
        """The loads of `local` outside import statements, when its only binding in the
        module is one import; else None (a fix could not be sure to rename them all)."""
        bindings = [b for scope in self._scopes() for b in scope.bindings.get(local, [])]
        if len(bindings) != 1 or bindings[0].kind != "import":
            return None
        found = []
        for node in walk(self.module):
            if isinstance(node, cst.Name) and node.value == local and not self._is_label(node):
                found.append(node)
        return found

    def _is_free(self, name: str) -> bool:
        """Nothing in the module binds or reads `name` yet."""
        if any(name in scope.bindings for scope in self._scopes()):
            return False
        return not any(
            isinstance(node, cst.Name) and node.value == name and not self._is_label(node)
            for node in walk(self.module)
        )

    def _is_label(self, name: cst.Name) -> bool:
        """An attribute's name, a keyword's name, or a name inside an import statement."""
        parent = self.parents().get(id(name))
        if isinstance(parent, cst.Attribute) and parent.attr is name:
            return True
        if isinstance(parent, cst.Arg) and parent.keyword is name:
            return True
        node: cst.CSTNode | None = name
        while node is not None:
            if isinstance(node, cst.Import | cst.ImportFrom):
                return True
            node = self.parents().get(id(node))
        return False

    def _scopes(self) -> list[Scope]:
        scopes = [self.semantic.facts.module_scope]
        index = 0
        while index < len(scopes):
            for bindings in scopes[index].bindings.values():
                for binding in bindings:
                    if binding.function is not None and binding.kind == "function":
                        scopes.append(binding.function.scope)
                    elif binding.class_info is not None and binding.class_info.scope is not None:
                        scopes.append(binding.class_info.scope)
            index += 1
        return scopes

    def parents(self) -> dict[int, cst.CSTNode]:
        if self._parents is None:
            self._parents = {
                id(child): node for node in walk(self.module) for child in children(node)
            }
        return self._parents

    def _covered_by_fallback(
        self, problems: dict[int, list[_Problem]]
    ) -> dict[int, frozenset[str]]:
        """For imports in `try:`/`except ImportError:` branches: the names the other branch
        binds with a spelling this rule does not flag."""
        covered: dict[int, frozenset[str]] = {}
        for node in walk(self.module):
            if not isinstance(node, cst.Try) or not any(
                _catches_import_error(handler) for handler in node.handlers
            ):
                continue
            body = _direct_imports(node.body)
            handlers = [
                statement
                for handler in node.handlers
                if _catches_import_error(handler)
                for statement in _direct_imports(handler.body)
            ]
            for side, other in ((body, handlers), (handlers, body)):
                working = frozenset(
                    name for statement in other for name in _working_names(statement, problems)
                )
                for statement in side:
                    covered[id(statement)] = covered.get(id(statement), frozenset()) | working
            if any(
                _catches_import_error(handler) and _only_pass(handler.body)
                for handler in node.handlers
            ):
                # `try: from keras.layers import CuDNNLSTM as LSTM` / `except: pass`: an
                # optional import the file expects may fail; what it binds before stays.
                for statement in body:
                    covered[id(statement)] = covered.get(id(statement), frozenset()) | frozenset(
                        _bound_names(statement)
                    )
        return covered

    # --- attribute uses --------------------------------------------------------------

    def attributes(self) -> Iterator[Finding]:
        sites: dict[int, CallSite] = {}
        for name in self.semantic.called_names:
            for site in self.semantic.calls_named(name):
                sites[id(site.node)] = site
        yield from self._visit(self.module, self.semantic.facts.module_scope, None, sites)

    def _visit(
        self,
        node: cst.CSTNode,
        scope: Scope,
        site: CallSite | None,
        sites: dict[int, CallSite],
    ) -> Iterator[Finding]:
        stack: list[tuple[cst.CSTNode, Scope, CallSite | None]] = [(node, scope, site)]
        function_scopes = self._function_scopes()
        while stack:
            current, scope, site = stack.pop()
            if isinstance(current, cst.Import | cst.ImportFrom):
                continue
            if isinstance(current, cst.Attribute) and dotted_name(current) is not None:
                finding = self._attribute_finding(current, scope, site)
                if finding is not None:
                    yield finding
                continue
            if isinstance(current, cst.Call) and id(current) in sites:
                site = sites[id(current)]
                scope = site.scope
            elif isinstance(current, cst.FunctionDef | cst.ClassDef):
                inner = function_scopes.get(id(current))
                if inner is not None:
                    # Decorators, bases and defaults belong to the enclosing scope: an
                    # approximation that only matters if they shadow a Keras import.
                    scope = inner
                    site = None
            stack.extend((child, scope, site) for child in reversed(children(current)))

    def _function_scopes(self) -> dict[int, Scope]:
        found: dict[int, Scope] = {}
        for scope in self._scopes():
            for bindings in scope.bindings.values():
                for binding in bindings:
                    function = binding.function
                    if binding.kind == "function" and function is not None and function.node:
                        found[id(function.node)] = function.scope
        return found

    def _attribute_finding(
        self, chain: cst.Attribute, scope: Scope, site: CallSite | None
    ) -> Finding | None:
        ordinal = site.ordinal if site is not None else 1 << 62
        qualname = self.semantic.qualified_name(chain, scope, ordinal)
        found = removed_at(qualname) if qualname is not None else None
        if found is None:
            return None
        row, failing = found
        # The prefix of the chain that names the missing module or name.
        prefixes: list[cst.BaseExpression] = []
        expr: cst.BaseExpression = chain
        while isinstance(expr, cst.Attribute):
            prefixes.append(expr)
            expr = expr.value
        prefixes.reverse()
        failing_node: cst.Attribute | None = None
        for prefix in prefixes:
            if self.semantic.qualified_name(prefix, scope, ordinal) == failing:
                assert isinstance(prefix, cst.Attribute)
                failing_node = prefix
                break
        if failing_node is None:
            return None  # the chain's head is itself a flagged import (or an alias of one)
        call = site.node if site is not None and site.node.func is chain else None
        if row.path in ("backend.set_value", "backend.get_value") and _is_optimizer_lr_call(call):
            return None  # FL102 reports and fixes these calls
        index = prefixes.index(failing_node)
        following = prefixes[index + 1] if index + 1 < len(prefixes) else None
        fix = _attribute_fix(row, failing_node, following, chain, call)
        return self.finding(
            failing_node.attr,
            source_text(chain),
            no_attribute(failing),
            row,
            anchor=call or chain,
            fix=fix,
        )


def _attribute_fix(
    row: RemovedImport,
    failing: cst.Attribute,
    following: cst.BaseExpression | None,
    chain: cst.Attribute,
    call: cst.Call | None,
) -> NodeFix | None:
    if row.fix in ("layer_submodule", "np_utils"):
        allowed = KERAS3_LAYER_NAMES if row.fix == "layer_submodule" else NP_UTILS_NAMES
        if not isinstance(following, cst.Attribute) or following.attr.value not in allowed:
            return None
        drop = NodeEdit("", failing.value, failing.attr, "end", "end")
        return NodeFix(f"Remove `.{failing.attr.value}`", (drop,))
    if row.fix == "optimizer_alias" and failing is chain:
        lowercase = failing.attr.value
        edits = _optimizer_call_edits(call, lowercase, failing.attr, renamed=False)
        if edits is None:
            return None
        return NodeFix(f"Use `{OPTIMIZER_ALIASES[lowercase][0]}`", tuple(edits))
    return None


def _optimizer_call_edits(
    call: cst.Call | None, lowercase: str, name_node: cst.Name, renamed: bool
) -> list[NodeEdit] | None:
    """The edits that turn a use of a lowercase alias into its class with the same meaning:
    the name (unless imported under another name), and Keras 2's default learning rate when
    Keras 3's differs and the call passes none. None when the call's arguments would not
    mean the same (more positional ones than agree, a keyword Keras 3 lacks)."""
    name, keras2_rate, agreeing = OPTIMIZER_ALIASES[lowercase]
    edits = [] if renamed else [NodeEdit(name, name_node)]
    same_default = keras2_rate == KERAS3_DEFAULT_RATES[name]
    if call is None:
        return edits if same_default else None
    args = list(call.args)
    if any(arg.star for arg in args):
        return None
    positional = [arg for arg in args if arg.keyword is None]
    keywords = {arg.keyword.value for arg in args if arg.keyword is not None}
    if len(positional) > agreeing or not keywords <= KERAS3_OPTIMIZER_KEYWORDS[name]:
        return None
    if same_default or positional or keywords & {"lr", "learning_rate"}:
        return edits
    rate = f"learning_rate={keras2_rate}"
    if args:
        return [*edits, NodeEdit(f"{rate}, ", args[0], args[0], "start", "start")]
    # No argument to insert before: rewrite the whole call (its name edit included).
    func = code_of(call.func) if renamed else _renamed_call_func(call, name)
    return [NodeEdit(f"{func}({rate})", call)]


def _renamed_call_func(call: cst.Call, name: str) -> str:
    func = call.func
    if isinstance(func, cst.Attribute):
        return f"{code_of(func.value)}.{name}"
    return name


def _is_optimizer_lr_call(call: cst.Call | None) -> bool:
    if call is None or not call.args:
        return False
    first = call.args[0].value
    return (
        isinstance(first, cst.Attribute)
        and first.attr.value == "lr"
        and isinstance(first.value, cst.Attribute)
        and first.value.attr.value == "optimizer"
    )


def _asname(alias: cst.ImportAlias) -> str | None:
    if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
        return alias.asname.name.value
    return None


def _imported_modules(statement: cst.Import | cst.ImportFrom) -> Iterator[str]:
    if isinstance(statement, cst.Import):
        for alias in statement.names:
            name = dotted_name(alias.name)
            if name is not None:
                yield name
    elif not statement.relative and statement.module is not None:
        name = dotted_name(statement.module)
        if name is not None:
            yield name


def _bound_names(statement: cst.Import | cst.ImportFrom) -> Iterator[str]:
    if isinstance(statement, cst.ImportFrom) and isinstance(statement.names, cst.ImportStar):
        yield "*"
        return
    assert not isinstance(statement.names, cst.ImportStar)
    for alias in statement.names:
        asname = _asname(alias)
        if asname is not None:
            yield asname
        elif isinstance(statement, cst.Import):
            yield code_of(alias.name).split(".")[0]
        else:
            yield code_of(alias.name)


def _working_names(
    statement: cst.Import | cst.ImportFrom, problems: dict[int, list[_Problem]]
) -> Iterator[str]:
    broken = {name for problem in problems.get(id(statement), []) for name in problem.locals}
    for name in _bound_names(statement):
        if name not in broken:
            yield name


# Keras 1/2 layers Keras 3 has under another name (checked: Keras 3.15 has the new ones).
_RENAMED_LAYERS = {
    "Deconvolution2D": "`keras.layers.Conv2DTranspose`",
    "Deconv2D": "`keras.layers.Conv2DTranspose`",
    "Deconvolution3D": "`keras.layers.Conv3DTranspose`",
    "Deconv3D": "`keras.layers.Conv3DTranspose`",
    "AtrousConvolution2D": "`keras.layers.Conv2D(..., dilation_rate=...)`",
    "AtrousConv2D": "`keras.layers.Conv2D(..., dilation_rate=...)`",
}


def _layer_advice(spelling: str) -> str | None:
    """For `from keras.layers.convolutional import Deconvolution2D`: the names that are not
    in Keras 3's `keras.layers` either, and what replaces them."""
    if " import " not in spelling or not spelling.startswith("from "):
        return None
    module = spelling[len("from ") :].split(" import ", 1)[0]
    if module.rsplit(".", 1)[-1] == "layers":
        return None  # `from keras.layers import merge`: the row's own advice says it
    imported = [
        part.strip().split(" as ")[0].strip("() ")
        for part in spelling.split(" import ", 1)[1].split(",")
    ]
    missing = [name for name in imported if name and name != "*" and name not in KERAS3_LAYER_NAMES]
    if not missing:
        return None
    notes = []
    for name in missing:
        if name in _RENAMED_LAYERS:
            notes.append(f"`{name}` is {_RENAMED_LAYERS[name]} in Keras 3")
        elif name.startswith("_"):
            notes.append(f"Keras 3 has no private `{name}`: subclass `keras.layers.Layer`")
        else:
            notes.append(f"`{name}` is not in Keras 3's `keras.layers`")
    present = [name for name in imported if name not in missing and name != "*"]
    head = f"Import {', '.join(f'`{n}`' for n in present)} from `keras.layers`; " if present else ""
    return head + "; ".join(notes) + "."


def _only_pass(block: cst.BaseSuite) -> bool:
    """A handler that does nothing: `pass` (or `...`) only."""
    if not isinstance(block, cst.IndentedBlock):
        return False
    for statement in block.body:
        if not isinstance(statement, cst.SimpleStatementLine):
            return False
        for small in statement.body:
            if isinstance(small, cst.Pass):
                continue
            if isinstance(small, cst.Expr) and isinstance(small.value, cst.Ellipsis):
                continue
            return False
    return True


def _catches_import_error(handler: cst.ExceptHandler) -> bool:
    if handler.type is None:
        return True
    types = (
        [element.value for element in handler.type.elements]
        if isinstance(handler.type, cst.Tuple)
        else [handler.type]
    )
    return any((dotted_name(kind) or "").split(".")[-1] in _IMPORT_ERRORS for kind in types)


def _direct_imports(block: cst.BaseSuite) -> list[cst.Import | cst.ImportFrom]:
    found: list[cst.Import | cst.ImportFrom] = []
    if not isinstance(block, cst.IndentedBlock):
        return found
    for statement in block.body:
        if isinstance(statement, cst.SimpleStatementLine):
            found.extend(
                small for small in statement.body if isinstance(small, cst.Import | cst.ImportFrom)
            )
    return found

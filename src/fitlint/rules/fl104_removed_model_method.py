"""FL104 removed-model-method: Keras 2 model methods and Keras 1 layer arguments that Keras 3
removed: `predict_classes`, `predict_proba`, `Dense(init=...)`, `W_regularizer=`,
`border_mode=`, `subsample=`, `output_dim=`, `Model(input=..., output=...)`...

Measured on Keras 3.15.1 (TensorFlow 2.21):
- `model.predict_classes(x)`: `AttributeError: 'Sequential' object has no attribute
  'predict_classes'`; `predict_proba` likewise. Keras 2's `predict_proba` returned
  `predict(x)`; its `predict_classes` returned `predict(x).argmax(axis=-1)` when the output
  had more than one unit, else `(predict(x) > 0.5).astype("int32")`.
- `Dense(3, init="uniform")`: `ValueError: Unrecognized keyword arguments passed to Dense:
  {'init': 'uniform'}` (the same for `W_regularizer`, `b_regularizer`, `W_constraint`,
  `output_dim`, and `Conv2D(border_mode=..., subsample=...)`, `Model(input=..., output=...)`).
  Keras 3's initializer names keep Keras 1's meaning: "uniform" is RandomUniform(-0.05,
  0.05), "normal" RandomNormal(0, 0.05).
"""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from fitlint.analysis import (
    UNKNOWN,
    Binding,
    CallSite,
    KerasModel,
    SemanticModel,
    TrainingCall,
    keras,
)
from fitlint.analysis.cst_util import code_of, walk
from fitlint.diagnostics import Severity
from fitlint.prefilter import CodeFacts
from fitlint.rules.base import Finding, NodeEdit, NodeFix, Rule, RuleContext
from fitlint.rules.edits import keyword_rename

_REMOVED_METHODS = ("predict_classes", "predict_proba")
# Keras 1 keyword → Keras 2/3 keyword, by layer family (the same meaning for the values
# Keras 1 took); None: no exact rename (the call is reported without a fix).
_COMMON: dict[str, str | None] = {
    "init": "kernel_initializer",
    "W_regularizer": "kernel_regularizer",
    "b_regularizer": "bias_regularizer",
    "W_constraint": "kernel_constraint",
    "b_constraint": "bias_constraint",
    "bias": "use_bias",
}
_DENSE: dict[str, str | None] = {**_COMMON, "output_dim": "units"}
_RECURRENT: dict[str, str | None] = {
    **_DENSE,
    "inner_init": "recurrent_initializer",
    "U_regularizer": "recurrent_regularizer",
    "dropout_W": "dropout",
    "dropout_U": "recurrent_dropout",
    "consume_less": None,
}
_CONVOLUTION: dict[str, str | None] = {
    **_COMMON,
    "nb_filter": "filters",
    "border_mode": "padding",
    "subsample": "strides",
    "filter_length": "kernel_size",
    "subsample_length": "strides",
    "nb_row": None,
    "nb_col": None,
    "dim_ordering": None,
}
_EMBEDDING: dict[str, str | None] = {
    "init": "embeddings_initializer",
    "W_regularizer": "embeddings_regularizer",
    "W_constraint": "embeddings_constraint",
}
# Keras 3 layers that Keras 1 code builds with its own argument names. `output_dim` stays
# Embedding's own argument.
_LAYER_KEYWORDS: dict[str, dict[str, str | None]] = {
    "Dense": _DENSE,
    "LSTM": _RECURRENT,
    "GRU": _RECURRENT,
    "SimpleRNN": _RECURRENT,
    "Embedding": _EMBEDDING,
    **{
        name: _CONVOLUTION
        for name in (
            "Conv1D",
            "Conv2D",
            "Conv3D",
            "Convolution1D",
            "Convolution2D",
            "Convolution3D",
            "SeparableConv1D",
            "SeparableConv2D",
            "Conv2DTranspose",
        )
    },
}
# The arguments each family cannot do without (Keras 3 raises TypeError when they are
# missing: "Dense.__init__() missing 1 required positional argument: 'units'").
_REQUIRED: dict[str, tuple[str, ...]] = {
    "Dense": ("units",),
    "LSTM": ("units",),
    "GRU": ("units",),
    "SimpleRNN": ("units",),
}
_REQUIRED.update(
    {
        name: ("filters", "kernel_size")
        for name, table in _LAYER_KEYWORDS.items()
        if table is _CONVOLUTION
    }
)
# Keras 1's positional kernel rows and columns: Conv2D(64, 3, 3) reads the third as strides.
_KERNEL_DIMENSIONS = {"Conv2D": 2, "Convolution2D": 2, "Conv3D": 3, "Convolution3D": 3}
_KERAS1_KEYWORDS = frozenset(name for table in _LAYER_KEYWORDS.values() for name in table)
_MODEL_KEYWORDS = {"input": "inputs", "output": "outputs"}


class RemovedModelMethod(Rule):
    code = "FL104"
    required_tokens = (
        (
            b"predict_classes",
            b"predict_proba",
            *(name.encode() + b"=" for name in _KERAS1_KEYWORDS),
            b"input=",
        ),
    )

    @classmethod
    def may_fire_on(cls, facts: CodeFacts) -> bool:
        return facts.calls(*_REMOVED_METHODS) or bool(
            facts.keywords & {*_KERAS1_KEYWORDS, *_MODEL_KEYWORDS}
        )

    def check(self, context: RuleContext) -> Iterator[Finding]:
        semantic = context.semantic
        version = context.settings.keras_version
        for method in _REMOVED_METHODS:
            for site in semantic.calls_named(method):
                if _is_keras_model_method(semantic, site):
                    yield _method_finding(semantic, site, method, version)
        for sites in list(semantic.facts.calls_by_name.values()):
            for site in sites:
                finding = _keras1_keywords(semantic, site, version)
                if finding is not None:
                    yield finding


def _severity(version: int) -> Severity:
    return Severity.ERROR if version >= 3 else Severity.WARNING


def _is_keras_model_method(semantic: SemanticModel, site: CallSite) -> bool:
    """`x.predict_classes(...)` where `x` is a Keras model, or an object the file trains
    with Keras (`x.fit(...)` on the same name)."""
    func = site.node.func
    if not isinstance(func, cst.Attribute) or any(arg.star for arg in site.node.args):
        return False
    value = semantic.value_of(func.value, site.scope, site.ordinal)
    if isinstance(value, KerasModel):
        return True
    if value != UNKNOWN:
        return False  # sklearn, a class of the file, a number...
    binding = semantic.bindings.head_binding(func.value, site.scope, site.ordinal)
    if binding is None:
        return False
    receiver = code_of(func.value)
    # A loop variable (`for model in models:`) may hold scikit-learn estimators, which have
    # `predict_proba` too: it counts as Keras only when its training call shows it.
    needs_proof = _is_loop_variable(binding)
    return any(
        code_of(call.receiver) == receiver
        and semantic.bindings.head_binding(call.receiver, call.scope, call.ordinal) is binding
        and semantic.is_keras_training_call(call)
        and (not needs_proof or _shown_keras(semantic, call))
        for call in semantic.training_calls
    )


def _is_loop_variable(binding: Binding) -> bool:
    """The name a `for` loop binds on each iteration."""
    loop = binding.loop
    if binding.kind != "opaque" or loop is None or not isinstance(loop.node, cst.For):
        return False
    return any(
        isinstance(node, cst.Name) and node.value == binding.name for node in walk(loop.node.target)
    )


def _shown_keras(semantic: SemanticModel, call: TrainingCall) -> bool:
    """The call is shown to be Keras's: on a Keras model, or with a keyword only Keras's
    training methods take (`epochs=`, `batch_size=`...)."""
    if semantic.keras.receiver_is_keras_model(call):
        return True
    return bool(set(call.keywords()) & keras.KERAS_ONLY_KEYWORDS)


def _method_finding(semantic: SemanticModel, site: CallSite, method: str, version: int) -> Finding:
    func = site.node.func
    assert isinstance(func, cst.Attribute)
    receiver = code_of(func.value)
    value = semantic.value_of(func.value, site.scope, site.ordinal)
    class_name = value.class_name if isinstance(value, KerasModel) else None
    error = (
        f"AttributeError: '{class_name}' object has no attribute '{method}'"
        if class_name
        else f"AttributeError (no attribute '{method}')"
    )
    fix = unsafe = None
    if method == "predict_proba":
        advice = f"Call `{receiver}.predict(...)`: Keras 2's `predict_proba` returned exactly that."
        fix = NodeFix("Rename `predict_proba` to `predict`", (NodeEdit("predict", func.attr),))
    else:
        units = _output_units(semantic, func.value, site)
        advice = (
            f"Use `{receiver}.predict(x).argmax(axis=-1)` for a softmax over several classes, "
            f'or `({receiver}.predict(x) > 0.5).astype("int32")` for one sigmoid unit (what '
            "Keras 2 did, by the output's width)."
        )
        if units is not None and units > 1:
            unsafe = NodeFix(
                "Replace with `predict(...).argmax(axis=-1)` (unsafe: relies on the model's "
                f"last layer as this file builds it, {units} units)",
                (
                    NodeEdit("predict", func.attr),
                    NodeEdit(".argmax(axis=-1)", site.node, site.node, "end", "end"),
                ),
            )
    if version >= 3:
        message = f"`{receiver}.{method}()` was removed in Keras 3: this line raises {error}. "
    else:
        message = (
            f"`{receiver}.{method}()` is gone from tf.keras 2.6+ and Keras 3, where it raises "
            "AttributeError. "
        )
    return Finding(
        func.attr,
        message + advice,
        severity=_severity(version),
        anchor=site.node,
        fix=fix,
        unsafe_fix=unsafe,
    )


def _output_units(
    semantic: SemanticModel, receiver: cst.BaseExpression, site: CallSite
) -> int | None:
    """The units of the model's last layer when the file builds it as
    `Sequential([..., Dense(n, ...)])` or ends its `model.add(...)` calls with a Dense."""
    if not isinstance(receiver, cst.Name):
        return None
    binding = semantic.lookup(receiver.value, site.scope, site.ordinal)
    for model in semantic.models.models:
        if model.binding is binding and model.layers:
            last = model.layers[-1]
            return last.units if last.kind == "Dense" else None
    return None


def _keras1_keywords(semantic: SemanticModel, site: CallSite, version: int) -> Finding | None:
    call = site.node
    qualname = _qualname(semantic, site)
    if qualname is None or qualname.split(".")[0] not in keras.KERAS_ROOTS:
        return None
    name = qualname.rsplit(".", 1)[-1]
    if name == "Model":
        renames: dict[str, str | None] = dict(_MODEL_KEYWORDS)
    elif "layers" in qualname.split(".")[1:-1] and name in _LAYER_KEYWORDS:
        renames = _LAYER_KEYWORDS[name]
    else:
        return None
    if any(arg.star for arg in call.args):
        return None
    old = [arg for arg in call.args if arg.keyword is not None and arg.keyword.value in renames]
    if not old:
        return None
    present = {arg.keyword.value for arg in call.args if arg.keyword is not None}
    positional = [arg for arg in call.args if arg.keyword is None]
    shown = ", ".join(f"'{arg.keyword.value}': {_short(arg.value)}" for arg in old if arg.keyword)
    mapping = ", ".join(
        f"`{arg.keyword.value}` → `{renames[arg.keyword.value]}`"
        for arg in old
        if arg.keyword and renames[arg.keyword.value]
    )
    unmapped = [
        arg.keyword.value for arg in old if arg.keyword and renames[arg.keyword.value] is None
    ]
    missing = [
        required
        for index, required in enumerate(_REQUIRED.get(name, ()))
        if required not in present and len(positional) <= index
    ]
    if missing:
        listed = " and ".join(f"'{m}'" for m in missing)
        plural = "s" if len(missing) > 1 else ""
        error = (
            f"TypeError: {name}.__init__() missing {len(missing)} required positional "
            f"argument{plural}: {listed}"
        )
    else:
        error = f"ValueError: Unrecognized keyword arguments passed to {name}: {{{shown}}}"
    kernel = _KERNEL_DIMENSIONS.get(name)
    keras1_kernel = kernel is not None and len(positional) > 2
    fixable = (
        not unmapped
        and not keras1_kernel
        and all(
            arg.keyword is not None
            and renames[arg.keyword.value] not in present
            and (
                arg.keyword.value not in ("init", "inner_init")
                or isinstance(arg.value, cst.SimpleString)
            )
            for arg in old
        )
    )
    fix = (
        NodeFix(
            f"Rename {mapping}",
            tuple(
                keyword_rename(arg, target)
                for arg in old
                if arg.keyword and (target := renames[arg.keyword.value]) is not None
            ),
        )
        if fixable
        else None
    )
    advice = [f"Rename {mapping}." if mapping else ""]
    if unmapped:
        advice.append(
            ", ".join(f"`{u}`" for u in unmapped) + " has no one-name replacement (see the "
            "layer's Keras 3 arguments)."
        )
    if keras1_kernel and kernel is not None:
        sizes = ", ".join(code_of(arg.value) for arg in positional[1 : 1 + kernel])
        advice.append(
            f"The positional `{sizes}` are Keras 1's kernel size: Keras 2 and 3 read the "
            f"third argument as `strides`, so write `kernel_size=({sizes})`."
        )
    text = " ".join(part for part in advice if part)
    if version >= 3:
        message = f"`{name}(...)` takes Keras 1's argument names: Keras 3 raises {error}. {text}"
    else:
        message = (
            f"`{name}(...)` takes Keras 1's argument names, which tf.keras 2 and Keras 3 "
            f"reject (Keras 3: {error}). {text}"
        )
    first = old[0]
    assert first.keyword is not None
    return Finding(first.keyword, message, severity=_severity(version), anchor=call, fix=fix)


def _short(node: cst.BaseExpression) -> str:
    """The value as Keras prints it in the error (`'uniform'`), or `...` when long."""
    if isinstance(node, cst.SimpleString):
        return repr(node.evaluated_value)
    text = code_of(node)
    return text if len(text) <= 24 and "\n" not in text else "..."


def _qualname(semantic: SemanticModel, site: CallSite) -> str | None:
    return semantic.qualified_name(site.node.func, site.scope, site.ordinal)

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

from fitlint.analysis import UNKNOWN, CallSite, KerasModel, SemanticModel
from fitlint.analysis.cst_util import code_of, keyword_argument
from fitlint.diagnostics import Severity
from fitlint.prefilter import CodeFacts
from fitlint.rules.base import Finding, NodeEdit, NodeFix, Rule, RuleContext
from fitlint.rules.edits import keyword_rename

_REMOVED_METHODS = ("predict_classes", "predict_proba")
# Keras 1 keyword → Keras 2/3 keyword (the same meaning for the values Keras 1 took).
_KERAS1_KEYWORDS = {
    "init": "kernel_initializer",
    "W_regularizer": "kernel_regularizer",
    "b_regularizer": "bias_regularizer",
    "W_constraint": "kernel_constraint",
    "b_constraint": "bias_constraint",
    "border_mode": "padding",
    "subsample": "strides",
    "output_dim": "units",
    "nb_filter": "filters",
}
_MODEL_KEYWORDS = {"input": "inputs", "output": "outputs"}
_KERAS_ROOTS = ("keras", "tensorflow", "tf_keras")


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
    return any(
        code_of(call.receiver) == receiver
        and semantic.bindings.head_binding(call.receiver, call.scope, call.ordinal) is binding
        and semantic.is_keras_training_call(call)
        for call in semantic.training_calls
    )


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
    if binding is None or not isinstance(binding.value_expr, cst.Call):
        return None
    last: cst.BaseExpression | None = None
    built = binding.value_expr
    if built.args and isinstance(built.args[0].value, cst.List) and built.args[0].value.elements:
        last = built.args[0].value.elements[-1].value
    for add in semantic.calls_named("add"):
        func = add.node.func
        if (
            isinstance(func, cst.Attribute)
            and isinstance(func.value, cst.Name)
            and func.value.value == receiver.value
            and semantic.lookup(receiver.value, add.scope, add.ordinal) is binding
            and add.ordinal < site.ordinal
            and add.node.args
        ):
            last = add.node.args[0].value
    if not isinstance(last, cst.Call):
        return None
    qualname = semantic.qualified_name(last.func, site.scope, site.ordinal)
    if qualname is None or not qualname.endswith("layers.Dense"):
        return None
    units = keyword_argument(last, "units")
    node = units.value if units is not None else (last.args[0].value if last.args else None)
    if isinstance(node, cst.Integer) and (units is not None or last.args[0].keyword is None):
        return int(node.value)
    return None


def _keras1_keywords(semantic: SemanticModel, site: CallSite, version: int) -> Finding | None:
    call = site.node
    renames = _MODEL_KEYWORDS if _is_model_constructor(semantic, site) else _KERAS1_KEYWORDS
    old = [arg for arg in call.args if arg.keyword is not None and arg.keyword.value in renames]
    if not old or not _is_keras_layer_or_model(semantic, site):
        return None
    if any(arg.star for arg in call.args):
        return None
    name = code_of(call.func).rsplit(".", 1)[-1]
    shown = ", ".join(f"'{arg.keyword.value}': {_short(arg.value)}" for arg in old if arg.keyword)
    mapping = ", ".join(
        f"`{arg.keyword.value}` → `{renames[arg.keyword.value]}`" for arg in old if arg.keyword
    )
    present = {arg.keyword.value for arg in call.args if arg.keyword is not None}
    fixable = all(
        arg.keyword is not None
        and renames[arg.keyword.value] not in present
        and (arg.keyword.value != "init" or isinstance(arg.value, cst.SimpleString))
        for arg in old
    )
    fix = (
        NodeFix(
            f"Rename {mapping}",
            tuple(keyword_rename(arg, renames[arg.keyword.value]) for arg in old if arg.keyword),
        )
        if fixable
        else None
    )
    if version >= 3:
        message = (
            f"`{name}(...)` takes Keras 1's argument names: Keras 3 raises ValueError: "
            f"Unrecognized keyword arguments passed to {name}: {{{shown}}}. Rename {mapping}."
        )
    else:
        message = (
            f"`{name}(...)` takes Keras 1's argument names, which tf.keras 2 and Keras 3 "
            f"reject (Keras 3: ValueError: Unrecognized keyword arguments passed to {name}). "
            f"Rename {mapping}."
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


def _is_model_constructor(semantic: SemanticModel, site: CallSite) -> bool:
    qualname = _qualname(semantic, site)
    return (
        qualname is not None
        and qualname.split(".")[0] in _KERAS_ROOTS
        and qualname.rsplit(".", 1)[-1] == "Model"
    )


def _is_keras_layer_or_model(semantic: SemanticModel, site: CallSite) -> bool:
    qualname = _qualname(semantic, site)
    if qualname is None:
        return False
    parts = qualname.split(".")
    return parts[0] in _KERAS_ROOTS and ("layers" in parts[1:-1] or parts[-1] == "Model")

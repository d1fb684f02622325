"""FL106 monitored-metric-missing: a `history.history[...]` key or a callback's `monitor` that
the model's `compile(metrics=...)` never logs (`"val_acc"` read when the metric is named
`"accuracy"`, `val_*` with no validation data)."""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal

import libcst as cst

from fitlint.analysis import (
    Binding,
    CallSite,
    ClassInfo,
    FunctionInfo,
    Scope,
    SemanticModel,
    TrainingCall,
    Walker,
    keras,
)
from fitlint.analysis.cst_util import (
    code_of,
    keyword_argument,
    single_index,
    source_text,
    walk,
)
from fitlint.diagnostics import Severity
from fitlint.prefilter import CodeFacts
from fitlint.rules.base import Finding, NodeEdit, NodeFix, Rule, RuleContext

# The callbacks that read `monitor` from the epoch's logs, and where each takes `monitor`,
# `mode` and (ModelCheckpoint) `save_best_only` by position: the same in tf.keras 2 and
# Keras 3.
_MONITOR_CALLBACKS: dict[str, dict[str, int]] = {
    "EarlyStopping": {"monitor": 0, "mode": 4},
    "ModelCheckpoint": {"monitor": 1, "save_best_only": 3, "mode": 5, "save_freq": 6},
    "ReduceLROnPlateau": {"monitor": 0, "mode": 4},
}
# Keras callbacks that write no key of their own into the epoch's logs.
_QUIET_CALLBACKS = frozenset(
    {
        "EarlyStopping",
        "ModelCheckpoint",
        "TensorBoard",
        "CSVLogger",
        "TerminateOnNaN",
        "ProgbarLogger",
        "History",
        "BackupAndRestore",
        "RemoteMonitor",
        "SwapEMAWeights",
    }
)
# Keras callbacks that log the learning rate: `learning_rate` in Keras 3, `lr` in tf.keras 2.
_LEARNING_RATE_CALLBACKS = frozenset({"ReduceLROnPlateau", "LearningRateScheduler"})
_LEARNING_RATE_KEYS = frozenset({"learning_rate", "lr"})

# Keras metric classes and the name they log when built without `name=` (measured on Keras
# 3.15 and tf_keras 2.21, which agree; KLDivergence's differs between them and is left out).
_FIXED_METRIC_NAMES = {
    "Accuracy": "accuracy",
    "BinaryAccuracy": "binary_accuracy",
    "CategoricalAccuracy": "categorical_accuracy",
    "SparseCategoricalAccuracy": "sparse_categorical_accuracy",
    "TopKCategoricalAccuracy": "top_k_categorical_accuracy",
    "SparseTopKCategoricalAccuracy": "sparse_top_k_categorical_accuracy",
    "BinaryCrossentropy": "binary_crossentropy",
    "CategoricalCrossentropy": "categorical_crossentropy",
    "SparseCategoricalCrossentropy": "sparse_categorical_crossentropy",
    "MeanAbsoluteError": "mean_absolute_error",
    "MeanSquaredError": "mean_squared_error",
    "RootMeanSquaredError": "root_mean_squared_error",
    "MeanAbsolutePercentageError": "mean_absolute_percentage_error",
    "MeanSquaredLogarithmicError": "mean_squared_logarithmic_error",
    "CosineSimilarity": "cosine_similarity",
    "LogCoshError": "logcosh",
    "Hinge": "hinge",
    "SquaredHinge": "squared_hinge",
    "CategoricalHinge": "categorical_hinge",
    "Poisson": "poisson",
    "F1Score": "f1_score",
    "FBetaScore": "fbeta_score",
    "R2Score": "r2_score",
}
# Metric classes whose default name Keras numbers per process: the second `AUC()` logs
# `auc_1` (measured on both versions).
_NUMBERED_METRIC_NAMES = {
    "AUC": "auc",
    "Precision": "precision",
    "Recall": "recall",
    "TruePositives": "true_positives",
    "TrueNegatives": "true_negatives",
    "FalsePositives": "false_positives",
    "FalseNegatives": "false_negatives",
}
# Spellings of one metric: a key read in one spelling while compiled in another is a rename.
_ALIASES = (
    frozenset({"acc", "accuracy"}),
    frozenset({"mae", "mean_absolute_error"}),
    frozenset({"mse", "mean_squared_error"}),
    frozenset({"mape", "mean_absolute_percentage_error"}),
    frozenset({"msle", "mean_squared_logarithmic_error"}),
)
_KEY_ERROR_CATCHERS = frozenset({"KeyError", "LookupError", "Exception", "BaseException"})

Mode = Literal["auto", "min", "max"]
Outcome = Literal["value_error", "never_stops", "saves_every_epoch", "never_saves", "never_reduces"]


@dataclass(frozen=True)
class _Metrics:
    """What one `compile` logs besides `loss`: exact names, and names Keras may number."""

    names: frozenset[str]
    numbered: frozenset[str]
    text: str  # `model.compile(metrics=[...])` for messages


@dataclass(frozen=True)
class _Logs:
    """The keys one `fit` call logs each epoch, when the file shows them all."""

    names: frozenset[str]
    numbered: frozenset[str]
    validation: bool | None  # False: no validation argument at all; None: not known
    extra: frozenset[str]
    compile_text: str
    compile_count: int
    fit_text: str

    def has_base(self, name: str) -> bool:
        return (
            name == "loss"
            or name in self.names
            or any(re.fullmatch(rf"{re.escape(base)}(_\d+)?", name) for base in self.numbered)
        )

    def base_is_exact(self, name: str) -> bool:
        return name == "loss" or name in self.names

    def has(self, key: str) -> bool:
        if key in self.extra or self.has_base(key):
            return True
        return key.startswith("val_") and self.validation is not False and self.has_base(key[4:])

    def listing(self) -> str:
        bases = sorted({"loss", *self.names, *self.numbered})
        keys = bases if self.validation is False else [*bases, *(f"val_{b}" for b in bases)]
        return ", ".join(sorted(keys))


@dataclass(frozen=True)
class _Verdict:
    """Why a key is surely not logged: no validation data for a `val_` key, or a metric name
    the compile does not log (`alias`: its other spelling that the compile does log)."""

    no_validation: bool
    base_logged: bool
    alias: str | None
    # The key to read or monitor instead, when it is surely logged.
    replacement: str | None


class MonitoredMetricMissing(Rule):
    code = "FL106"
    required_tokens = (
        (b"compile",),
        (b"fit",),
        (b"history", b"earlystopping", b"modelcheckpoint", b"reducelronplateau"),
    )

    @classmethod
    def may_fire_on(cls, facts: CodeFacts) -> bool:
        return (
            "compile" in facts.attribute_calls
            and facts.calls(*keras.FIT_METHODS)
            and ("history" in facts.identifiers or facts.calls(*_MONITOR_CALLBACKS))
        )

    def check(self, context: RuleContext) -> Iterator[Finding]:
        analysis = _Analysis(context.semantic)
        keras3 = context.settings.keras_version >= 3
        yield from _monitor_findings(analysis, keras3)
        yield from _history_findings(analysis, keras3)


class _Analysis:
    """The fits of a module, what each logs, and the callbacks passed to each."""

    def __init__(self, semantic: SemanticModel) -> None:
        self.semantic = semantic
        self.fits = [
            call
            for call in semantic.training_calls
            if call.method in keras.FIT_METHODS and semantic.is_keras_training_call(call)
        ]
        self.fit_by_node = {id(call.node): call for call in self.fits}
        self._logs: dict[int, _Logs | None] = {}
        self._callbacks: dict[int, list[tuple[cst.Call, Scope, int]] | None] = {}
        self._fits_by_callback: dict[int, list[TrainingCall]] | None = None
        self._compiles: dict[int, list[CallSite]] | None = None
        # `model.compile(...)` calls (not `re.compile`): a rename is safe when there is one.
        self.compile_count = sum(
            isinstance(site.node.func, cst.Attribute) and not _on_module(semantic, site)
            for site in semantic.calls_named("compile")
        )
        # A layer or model may add a metric of any name (tf.keras 2's `add_metric`).
        self.adds_metrics = bool(semantic.calls_named("add_metric"))

    # --- callbacks -------------------------------------------------------------------

    def callbacks(self, fit: TrainingCall) -> list[tuple[cst.Call, Scope, int]] | None:
        """The callback constructor calls `fit` is passed, None when some cannot be seen."""
        key = id(fit.node)
        if key not in self._callbacks:
            self._callbacks[key] = self._resolve_callbacks(fit)
        return self._callbacks[key]

    def _resolve_callbacks(self, fit: TrainingCall) -> list[tuple[cst.Call, Scope, int]] | None:
        argument = fit.argument("callbacks", 5 if fit.method == "fit" else 4)
        if argument is None:
            return []
        value = argument.value
        if _is_none(value):
            return []
        scope, ordinal = fit.scope, fit.ordinal
        elements: list[tuple[cst.BaseExpression, Scope, int]]
        if isinstance(value, cst.List | cst.Tuple):
            if any(isinstance(e, cst.StarredElement) for e in value.elements):
                return None
            elements = [(e.value, scope, ordinal) for e in value.elements]
        elif isinstance(value, cst.Name):
            binding = self.semantic.lookup(value.value, scope, ordinal)
            listed = self._literal_list(binding)
            if binding is None or listed is None:
                return None
            elements = [(e, binding.scope, binding.ordinal) for e in listed]
            appended = self._appended(binding, fit)
            if appended is None:
                return None
            elements.extend(appended)
        else:
            return None
        found = []
        for element, element_scope, element_ordinal in elements:
            call = self._callback_call(element, element_scope, element_ordinal)
            if call is None:
                return None
            found.append(call)
        return found

    def _literal_list(self, binding: Binding | None) -> list[cst.BaseExpression] | None:
        if (
            binding is None
            or binding.kind != "assign"
            or binding.unpack_path
            or not isinstance(binding.value_expr, cst.List | cst.Tuple)
            or any(isinstance(e, cst.StarredElement) for e in binding.value_expr.elements)
        ):
            return None
        return [e.value for e in binding.value_expr.elements]

    def _appended(
        self, binding: Binding, fit: TrainingCall
    ) -> list[tuple[cst.BaseExpression, Scope, int]] | None:
        """`callbacks.append(cb)` on the list before `fit`: the appended callbacks; None when
        the list is changed some other way (`extend`, `insert`, `+=`...)."""
        found: list[tuple[cst.BaseExpression, Scope, int]] = []
        for method in ("append", "extend", "insert", "__setitem__"):
            for site in self.semantic.calls_named(method):
                func = site.node.func
                if not (isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name)):
                    continue
                if self.semantic.lookup(func.value.value, site.scope, site.ordinal) is not binding:
                    continue
                if site.scope is fit.scope and site.ordinal > fit.ordinal:
                    continue  # appended after this fit ran
                args = site.node.args
                if method != "append" or len(args) != 1 or args[0].keyword or args[0].star:
                    return None
                found.append((args[0].value, site.scope, site.ordinal))
        return found

    def _callback_call(
        self, element: cst.BaseExpression, scope: Scope, ordinal: int
    ) -> tuple[cst.Call, Scope, int] | None:
        if isinstance(element, cst.Name):
            binding = self.semantic.lookup(element.value, scope, ordinal)
            if (
                binding is None
                or binding.kind != "assign"
                or binding.unpack_path
                or not isinstance(binding.value_expr, cst.Call)
            ):
                return None
            return binding.value_expr, binding.scope, binding.ordinal
        if isinstance(element, cst.Call):
            return element, scope, ordinal
        return None

    def callback_class(self, call: cst.Call, scope: Scope, ordinal: int) -> str | None:
        """`EarlyStopping` for a Keras callback constructor, else None."""
        qualname = self.semantic.qualified_name(call.func, scope, ordinal)
        if qualname is None or not keras.is_keras_qualname(qualname):
            return None
        parts = qualname.split(".")
        return parts[-1] if "callbacks" in parts else None

    def _writes_no_logs(self, call: cst.Call, scope: Scope, ordinal: int) -> bool:
        """A callback class of this module whose methods never store into a dict (`logs`)."""
        if not isinstance(call.func, cst.Name):
            return False
        binding = self.semantic.lookup(call.func.value, scope, ordinal)
        if binding is None or binding.kind != "class" or binding.class_info is None:
            return False
        info = binding.class_info
        if (
            not all(
                base is not None and keras.is_keras_qualname(base) and base.endswith(".Callback")
                for base in info.base_qualnames
            )
            or not info.base_qualnames
        ):
            return False
        return all(_stores_nothing(function) for function in _methods(info))

    def extra_keys(self, fit: TrainingCall) -> frozenset[str] | None:
        """The keys the callbacks add to the logs, None when a callback may add any."""
        callbacks = self.callbacks(fit)
        if callbacks is None:
            return None
        extra: set[str] = set()
        for call, scope, ordinal in callbacks:
            name = self.callback_class(call, scope, ordinal)
            if name in _LEARNING_RATE_CALLBACKS:
                extra |= _LEARNING_RATE_KEYS
            elif name not in _QUIET_CALLBACKS and not self._writes_no_logs(call, scope, ordinal):
                return None
        return frozenset(extra)

    # --- what a fit logs -------------------------------------------------------------

    def logs(self, fit: TrainingCall) -> _Logs | None:
        key = id(fit.node)
        if key not in self._logs:
            self._logs[key] = self._fit_logs(fit)
        return self._logs[key]

    def _fit_logs(self, fit: TrainingCall) -> _Logs | None:
        if fit.has_star_args() or self.adds_metrics or not isinstance(fit.receiver, cst.Name):
            return None
        binding = self.semantic.lookup(fit.receiver.value, fit.scope, fit.ordinal)
        model = self._model_bindings(binding, 0)
        if model is None:
            return None
        bindings, single_output = model
        if not single_output:
            return None  # several outputs log `<output>_accuracy`...
        metrics = []
        for site in (site for binding in bindings for site in self._compiles_of(binding)):
            compiled = _compiled_metrics(self.semantic, site.node, site.scope, site.ordinal)
            if compiled is None:
                return None
            metrics.append(compiled)
        if not metrics or any(
            (m.names, m.numbered) != (metrics[0].names, metrics[0].numbered) for m in metrics
        ):
            return None  # not compiled here, or compiled differently
        extra = self.extra_keys(fit)
        if extra is None:
            return None
        return _Logs(
            names=metrics[0].names,
            numbered=metrics[0].numbered,
            validation=_validation(fit),
            extra=extra,
            compile_text=metrics[0].text,
            compile_count=len(metrics),
            fit_text=f"{code_of(fit.receiver)}.{fit.method}(...)",
        )

    def _model_bindings(
        self, binding: Binding | None, depth: int
    ) -> tuple[list[Binding], bool] | None:
        """The bindings a model passes through (`m` in its builder function, `model` where it
        is called) and whether it has a single output; None when the file doesn't show it."""
        if (
            binding is None
            or depth > 3
            or binding.kind != "assign"
            or binding.unpack_path
            or not isinstance(binding.value_expr, cst.Call)
        ):
            return None
        call = binding.value_expr
        qualname = self.semantic.qualified_name(call.func, binding.scope, binding.ordinal)
        if qualname is not None and keras.is_keras_model_constructor(qualname):
            return [binding], self._single_output(call, qualname, binding.scope, binding.ordinal)
        if not isinstance(call.func, cst.Name):
            return None
        builder = self.semantic.lookup(call.func.value, binding.scope, binding.ordinal)
        function = builder.function if builder is not None and builder.kind == "function" else None
        if function is None or len(function.returns) != 1:
            return None
        returned, ordinal = function.returns[0]
        if not isinstance(returned, cst.Name):
            return None
        inner = self._model_bindings(
            self.semantic.lookup(returned.value, function.scope, ordinal), depth + 1
        )
        if inner is None:
            return None
        return [binding, *inner[0]], inner[1]

    def _single_output(self, call: cst.Call, qualname: str, scope: Scope, ordinal: int) -> bool:
        last = qualname.rsplit(".", 1)[-1]
        if last == "Sequential" or keras.is_application_network(qualname):
            return True
        if last not in ("Model", "Functional"):
            return False  # load_model, clone_model...: outputs not shown
        # `output=` is Keras 1's spelling, which Keras 3 rejects (another rule's finding).
        outputs = keyword_argument(call, "outputs") or keyword_argument(call, "output")
        if outputs is None:
            positional = [arg for arg in call.args if arg.keyword is None and not arg.star]
            outputs = positional[1] if len(positional) > 1 else None
        if outputs is None:
            return False
        value: cst.BaseExpression | None = outputs.value
        if isinstance(value, cst.Name):
            binding = self.semantic.lookup(value.value, scope, ordinal)
            if binding is None or binding.kind != "assign" or binding.unpack_path:
                return False
            value = binding.value_expr
        # `Dense(1)(x)`: a layer called on a tensor is one tensor (unless it returns its
        # states too).
        return (
            isinstance(value, cst.Call)
            and isinstance(value.func, cst.Call)
            and keyword_argument(value.func, "return_state") is None
        )

    def fits_passed(self, callback: cst.Call) -> list[TrainingCall]:
        """The fits the callback built by `callback` is passed to."""
        if self._fits_by_callback is None:
            self._fits_by_callback = {}
            for fit in self.fits:
                for call, _, _ in self.callbacks(fit) or ():
                    self._fits_by_callback.setdefault(id(call), []).append(fit)
        return self._fits_by_callback.get(id(callback), [])

    def _compiles_of(self, binding: Binding) -> list[CallSite]:
        """The `name.compile(...)` calls whose `name` is `binding`."""
        if self._compiles is None:
            self._compiles = {}
            for site in self.semantic.calls_named("compile"):
                func = site.node.func
                if isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name):
                    target = self.semantic.lookup(func.value.value, site.scope, site.ordinal)
                    if target is not None:
                        self._compiles.setdefault(id(target), []).append(site)
        return self._compiles.get(id(binding), [])


def _on_module(semantic: SemanticModel, site: CallSite) -> bool:
    """`re.compile(...)`: a method called on an imported module."""
    func = site.node.func
    if not (isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name)):
        return False
    binding = semantic.lookup(func.value.value, site.scope, site.ordinal)
    return binding is not None and binding.kind == "import"


def _methods(info: ClassInfo) -> Iterator[FunctionInfo]:
    if info.scope is None:
        return
    for bindings in info.scope.bindings.values():
        for binding in bindings:
            if binding.kind == "function" and binding.function is not None:
                yield binding.function


def _stores_nothing(function: FunctionInfo) -> bool:
    if function.node is None:
        return False
    for node in walk(function.node.body):
        if isinstance(node, cst.Assign | cst.AugAssign | cst.AnnAssign):
            targets = (
                [t.target for t in node.targets] if isinstance(node, cst.Assign) else [node.target]
            )
            if any(isinstance(t, cst.Subscript) for t in targets):
                return False
        if (
            isinstance(node, cst.Call)
            and isinstance(node.func, cst.Attribute)
            and node.func.attr.value in ("update", "setdefault", "__setitem__")
        ):
            return False
    return True


def _compiled_metrics(
    semantic: SemanticModel, call: cst.Call, scope: Scope, ordinal: int
) -> _Metrics | None:
    """The metric names one `compile` call logs, None when the file doesn't show them all."""
    args = call.args
    positional = [arg for arg in args if arg.keyword is None]
    # The third positional parameter is `metrics` in tf.keras 2 but `loss_weights` in
    # Keras 3; weighted metrics and per-output losses name more keys.
    if any(arg.star for arg in args) or len(positional) > 2:
        return None
    for name in ("loss_weights", "weighted_metrics"):
        if keyword_argument(call, name) is not None:
            return None
    loss = keyword_argument(call, "loss") or (positional[1] if len(positional) > 1 else None)
    if loss is not None and isinstance(loss.value, cst.List | cst.Tuple | cst.Dict):
        return None
    receiver = code_of(call.func.value) if isinstance(call.func, cst.Attribute) else "model"
    metrics = keyword_argument(call, "metrics")
    if metrics is None or _is_none(metrics.value):
        return _Metrics(frozenset(), frozenset(), f"`{receiver}.compile(...)` (no metrics)")
    elements: list[cst.BaseExpression] | None = None
    element_scope, element_ordinal = scope, ordinal
    value = metrics.value
    if isinstance(value, cst.List | cst.Tuple):
        if not any(isinstance(e, cst.StarredElement) for e in value.elements):
            elements = [e.value for e in value.elements]
    elif isinstance(value, cst.Name):
        binding = semantic.lookup(value.value, scope, ordinal)
        if (
            binding is not None
            and binding.kind == "assign"
            and not binding.unpack_path
            and isinstance(binding.value_expr, cst.List | cst.Tuple)
            and len(binding.scope.bindings.get(value.value, [])) == 1
            and not _mutated(semantic, binding)
        ):
            listed = binding.value_expr.elements
            if not any(isinstance(e, cst.StarredElement) for e in listed):
                elements = [e.value for e in listed]
                element_scope, element_ordinal = binding.scope, binding.ordinal
    if elements is None:
        return None
    names: set[str] = set()
    numbered: set[str] = set()
    for element in elements:
        found = _metric_name(semantic, element, element_scope, element_ordinal)
        if found is None:
            return None
        name, is_numbered = found
        (numbered if is_numbered else names).add(name)
    text = f"`{receiver}.compile(metrics={source_text(value, 50)})`"
    return _Metrics(frozenset(names), frozenset(numbered), text)


def _mutated(semantic: SemanticModel, binding: Binding) -> bool:
    for method in ("append", "extend", "insert", "remove", "pop", "clear", "__setitem__"):
        for site in semantic.calls_named(method):
            func = site.node.func
            if (
                isinstance(func, cst.Attribute)
                and isinstance(func.value, cst.Name)
                and semantic.lookup(func.value.value, site.scope, site.ordinal) is binding
            ):
                return True
    return False


def _metric_name(
    semantic: SemanticModel, element: cst.BaseExpression, scope: Scope, ordinal: int
) -> tuple[str, bool] | None:
    """The key one entry of `metrics` logs, and whether Keras may number it (`auc_1`)."""
    if isinstance(element, cst.SimpleString):
        text = _string_value(element)
        # A string metric logs under the string as written ("acc" → `acc`, "accuracy" →
        # `accuracy`), in tf.keras 2 and in Keras 3 alike.
        return None if text is None else (text, False)
    if isinstance(element, cst.Name):
        binding = semantic.lookup(element.value, scope, ordinal)
        function = binding.function if binding is not None else None
        if (
            binding is not None
            and binding.kind == "function"
            and function is not None
            and function.node is not None
            and not function.node.decorators
            and len(binding.scope.bindings.get(element.value, [])) == 1
        ):
            return function.name, False  # a metric function logs under its `__name__`
        return None
    if not isinstance(element, cst.Call):
        return None
    qualname = semantic.qualified_name(element.func, scope, ordinal)
    if qualname is None or not keras.is_keras_qualname(qualname):
        return None
    parts = qualname.split(".")
    if "metrics" not in parts:
        return None
    last = parts[-1]
    if last not in _FIXED_METRIC_NAMES and last not in _NUMBERED_METRIC_NAMES:
        return None
    if any(arg.star for arg in element.args):
        return None
    named = keyword_argument(element, "name")
    if named is not None:
        if not isinstance(named.value, cst.SimpleString):
            return None
        text = _string_value(named.value)
        return None if text is None else (text, False)
    if any(arg.keyword is None for arg in element.args):
        return None  # a positional argument may be the name
    if last in _FIXED_METRIC_NAMES:
        return _FIXED_METRIC_NAMES[last], False
    return _NUMBERED_METRIC_NAMES[last], True


def _validation(fit: TrainingCall) -> bool | None:
    """False when `fit` is passed no validation data at all (no `val_` keys then), True when
    it is, None when `validation_freq` may skip every epoch."""
    passed = False
    for role in ("validation_data", "validation_split"):
        argument = fit.param(role)
        if argument is None:
            continue
        value = argument.value
        if _is_none(value) or (isinstance(value, cst.Integer | cst.Float) and not _number(value)):
            continue
        passed = True
    if not passed:
        return False
    freq = keyword_argument(fit.node, "validation_freq")
    if freq is not None and not (isinstance(freq.value, cst.Integer) and freq.value.value == "1"):
        return None
    return True


def _number(node: cst.Integer | cst.Float) -> float:
    return float(node.evaluated_value)


def _is_none(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Name) and node.value == "None"


def _string_value(node: cst.SimpleString) -> str | None:
    """The text of a plain string literal (no bytes, no escapes needed for a key)."""
    if "b" in node.prefix.lower():
        return None
    value = node.evaluated_value
    return value if isinstance(value, str) else None


def _verdict(logs: _Logs, key: str) -> _Verdict | None:
    """Why `key` is surely not logged, or None when it is or may be."""
    if logs.has(key):
        return None
    base = key.removeprefix("val_")
    prefix = key[: len(key) - len(base)]
    no_validation = bool(prefix) and logs.validation is False
    base_logged = logs.has_base(base)
    if base_logged and not no_validation:
        return None  # cannot happen (`has` said no), kept for the type checker
    aliases = [
        name for group in _ALIASES if base in group for name in sorted(group) if name in logs.names
    ]
    alias = aliases[0] if len(aliases) == 1 and not base_logged else None
    replacement = prefix + alias if alias is not None else None
    if replacement is not None and not logs.has(replacement):
        replacement = None
    return _Verdict(no_validation, base_logged, alias, replacement)


def _explanation(
    logs: _Logs, verdict: _Verdict, key: str, instead: Callable[[str], str]
) -> tuple[str, str]:
    """Why `key` is missing, and what to do: `instead(k)` says "read/monitor `k`"."""
    no_validation = (
        f"`{logs.fit_text}` is passed no validation_data or validation_split, so no "
        '"val_" key is logged'
    )
    if verdict.no_validation and verdict.base_logged:
        return (
            f"{no_validation} (the logs hold {logs.listing()})",
            f"Pass validation data to fit, or {instead(key[4:])}.",
        )
    why = f'{logs.compile_text} logs the keys {logs.listing()}, not "{key}"'
    if verdict.no_validation:
        why = f"{why}, and {no_validation}"
        if verdict.alias is not None:
            return why, f"Pass validation data to fit and {instead('val_' + verdict.alias)}."
    if verdict.replacement is not None:
        return why, f"{_capitalized(instead(verdict.replacement))}."
    return why, "Use one of the logged keys."


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def _requoted(node: cst.SimpleString, text: str) -> str:
    """`text` as a string literal with `node`'s prefix and quotes."""
    body_start = len(node.prefix)
    quote = node.value[body_start : body_start + 3]
    if quote not in ('"""', "'''"):
        quote = quote[0]
    return f"{node.prefix}{quote}{text}{quote}"


def _rename_fix(
    analysis: _Analysis, logs: _Logs, node: cst.SimpleString, old: str, new: str | None
) -> NodeFix | None:
    # Safe when the file compiles one model once: the intended metric is that one.
    if new is None or analysis.compile_count != 1 or logs.compile_count != 1:
        return None
    return NodeFix(f'Rename "{old}" to "{new}"', (NodeEdit(_requoted(node, new), node),))


def _on(keras3: bool) -> str:
    return "on Keras 3" if keras3 else "on tf.keras 2"


# --- history reads ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Read:
    subscript: cst.Subscript
    key_node: cst.SimpleString
    key: str
    scope: Scope
    index: int


class _SourceOrder(Walker):
    """One walk of the module in source order: where each node is, the `history[...]`-like
    reads outside `try: ... except KeyError`, and the keys the module tests with `in` or
    stores (a file that does either handles a missing key itself)."""

    _plans = {}  # noqa: RUF012 - a per-class cache of walk plans

    def __init__(self, semantic: SemanticModel) -> None:
        self.index: dict[int, int] = {}
        self.reads: list[_Read] = []
        self.handled_keys: set[str] = set()
        self._function_scopes = _function_scopes(semantic.facts.module_scope)
        # The scope reads are resolved in (None inside a lambda or a class body), and
        # whether they sit in a `try` body that catches KeyError.
        self._scopes: list[Scope | None] = [semantic.facts.module_scope]
        self._guarded = 0
        self._targets: set[int] = set()
        self.walk(semantic.module)

    def walk(self, node: cst.CSTNode) -> None:
        self.index[id(node)] = self.ordinal
        super().walk(node)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self._scopes.append(self._function_scopes.get(id(node)))

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self._scopes.pop()

    def visit_Lambda(self, node: cst.Lambda) -> None:
        self._scopes.append(None)

    def leave_Lambda(self, original_node: cst.Lambda) -> None:
        self._scopes.pop()

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self._scopes.append(None)

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self._scopes.pop()

    def visit_Try(self, node: cst.Try) -> bool:
        self._walk_try(node)
        return False

    def visit_TryStar(self, node: cst.TryStar) -> bool:
        self._walk_try(node)
        return False

    def _walk_try(self, node: cst.Try | cst.TryStar) -> None:
        catches = _catches_key_error(node)
        self._guarded += catches
        self.walk(node.body)
        self._guarded -= catches
        for handler in node.handlers:
            self.walk(handler)
        for block in (node.orelse, node.finalbody):
            if block is not None:
                self.walk(block)

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            self._note_stored(target.target)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self._note_stored(node.target)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self._note_stored(node.target)

    def visit_Del(self, node: cst.Del) -> None:
        self._note_stored(node.target)

    def visit_Comparison(self, node: cst.Comparison) -> None:
        if isinstance(node.left, cst.SimpleString) and any(
            isinstance(t.operator, cst.In | cst.NotIn) for t in node.comparisons
        ):
            key = _string_value(node.left)
            if key is not None:
                self.handled_keys.add(key)

    def visit_Subscript(self, node: cst.Subscript) -> None:
        scope = self._scopes[-1]
        if id(node) in self._targets or scope is None or self._guarded:
            return
        index = single_index(node)
        if isinstance(index, cst.SimpleString) and isinstance(node.value, cst.Name | cst.Attribute):
            key = _string_value(index)
            if key is not None:
                self.reads.append(_Read(node, index, key, scope, self.index[id(node)]))

    def _note_stored(self, target: cst.BaseExpression) -> None:
        self._targets.add(id(target))
        if isinstance(target, cst.Subscript):
            index = single_index(target)
            if isinstance(index, cst.SimpleString):
                key = _string_value(index)
                if key is not None:
                    self.handled_keys.add(key)


def _function_scopes(module_scope: Scope) -> dict[int, Scope]:
    found: dict[int, Scope] = {}
    pending = [module_scope]
    while pending:
        scope = pending.pop()
        for bindings in scope.bindings.values():
            for binding in bindings:
                if binding.kind == "function" and binding.function is not None:
                    function = binding.function
                    if function.node is not None and id(function.node) not in found:
                        found[id(function.node)] = function.scope
                        pending.append(function.scope)
                elif (
                    binding.kind == "class"
                    and binding.class_info is not None
                    and binding.class_info.scope is not None
                ):
                    pending.append(binding.class_info.scope)
    return found


def _catches_key_error(node: cst.Try | cst.TryStar) -> bool:
    for handler in node.handlers:
        if handler.type is None:
            return True
        kinds = handler.type.elements if isinstance(handler.type, cst.Tuple) else None
        types = [e.value for e in kinds] if kinds is not None else [handler.type]
        for kind in types:
            name = kind.attr.value if isinstance(kind, cst.Attribute) else None
            if isinstance(kind, cst.Name):
                name = kind.value
            if name is None or name in _KEY_ERROR_CATCHERS:
                return True
    return False


def _binding_at(order: _SourceOrder, name: str, scope: Scope, index: int) -> Binding | None:
    """The assignment (or parameter) `name` reads at source position `index` in `scope`,
    found by the position of the assigned value; None when a binding of it cannot be
    placed (a `for` target, an unpacking, an import...)."""
    current: Scope | None = scope
    own = True
    while current is not None:
        if own or current.kind != "class":
            candidates = current.bindings.get(name)
            if candidates:
                if not own:
                    return candidates[0] if len(candidates) == 1 else None
                placed = []
                for binding in candidates:
                    if binding.kind == "parameter":
                        placed.append((-1, binding))
                    elif binding.kind == "assign" and not binding.unpack_path:
                        position = order.index.get(id(binding.value_expr))
                        if position is None:
                            return None
                        placed.append((position, binding))
                    else:
                        return None
                before = [binding for position, binding in placed if position < index]
                return before[-1] if before else None
        current = current.parent
        own = False
    return None


Wanted = Literal["history", "dict"]


def _history_fits(
    analysis: _Analysis,
    order: _SourceOrder,
    expr: cst.BaseExpression,
    scope: Scope,
    index: int,
    wanted: Wanted,
    depth: int = 0,
) -> list[TrainingCall] | None:
    """The `fit` calls whose `History` object (`wanted="history"`) or `History.history` dict
    (`"dict"`) `expr` is: `model.fit(...)`, `history.history`, a name bound to one, or a
    function parameter every call passes one to. None when that is not shown."""
    if depth > 6:
        return None
    if wanted == "history" and isinstance(expr, cst.Call):
        fit = analysis.fit_by_node.get(id(expr))
        return None if fit is None else [fit]
    if wanted == "dict" and isinstance(expr, cst.Attribute) and expr.attr.value == "history":
        return _history_fits(analysis, order, expr.value, scope, index, "history", depth + 1)
    if not isinstance(expr, cst.Name):
        return None
    binding = _binding_at(order, expr.value, scope, index)
    if binding is None:
        return None
    if binding.kind == "parameter":
        return _passed_fits(analysis, order, binding, wanted, depth)
    value = binding.value_expr
    position = order.index.get(id(value)) if value is not None else None
    if value is None or position is None:
        return None
    return _history_fits(analysis, order, value, binding.scope, position, wanted, depth + 1)


def _passed_fits(
    analysis: _Analysis, order: _SourceOrder, parameter: Binding, wanted: Wanted, depth: int
) -> list[TrainingCall] | None:
    """`def plot(history): ...`: the fits of what every call of the function passes."""
    function = parameter.function
    if function is None or function.is_method:
        return None
    sites = analysis.semantic.evaluator.call_sites(function)
    if not sites:
        return None
    found: list[TrainingCall] = []
    for site in sites:
        argument = function.argument_for(site.node, parameter.name)
        index = order.index.get(id(site.node))
        if not isinstance(argument, cst.Arg) or index is None:
            return None
        fits = _history_fits(analysis, order, argument.value, site.scope, index, wanted, depth + 1)
        if fits is None:
            return None
        found.extend(fits)
    return found


def _judge_all(
    analysis: _Analysis, fits: list[TrainingCall], key: str
) -> tuple[_Logs, _Verdict] | None:
    """The first fit's logs and verdict, when `key` is surely missing from every fit's logs."""
    judged = []
    for fit in fits:
        logs = analysis.logs(fit)
        verdict = _verdict(logs, key) if logs is not None else None
        if logs is None or verdict is None:
            return None
        judged.append((logs, verdict))
    return judged[0] if judged else None


def _history_findings(analysis: _Analysis, keras3: bool) -> Iterator[Finding]:
    if not analysis.fits:
        return
    order = _SourceOrder(analysis.semantic)
    for read in order.reads:
        if read.key in order.handled_keys:
            continue
        fits = _history_fits(analysis, order, read.subscript.value, read.scope, read.index, "dict")
        judged = _judge_all(analysis, fits or [], read.key)
        if judged is None:
            continue
        logs, verdict = judged
        yield Finding(
            node=read.key_node,
            message=_history_message(read, logs, verdict, keras3),
            severity=Severity.ERROR,
            anchor=read.subscript,
            fix=_rename_fix(analysis, logs, read.key_node, read.key, verdict.replacement),
        )


def _history_message(read: _Read, logs: _Logs, verdict: _Verdict, keras3: bool) -> str:
    text = source_text(read.subscript, 60)
    on = "on Keras 3 (as on tf.keras 2)" if keras3 else "on tf.keras 2 (as on Keras 3)"
    container = code_of(read.subscript.value)
    if len(container) > 40 or "\n" in container:
        container = "history.history"

    def instead(key: str) -> str:
        return f"read `{container}[{_requoted(read.key_node, key)}]`"

    why, fix = _explanation(logs, verdict, read.key, instead)
    return f"`{text}` raises KeyError: {read.key!r} after the whole run {on} because {why}. {fix}"


# --- callbacks' `monitor` -------------------------------------------------------------------


@dataclass(frozen=True)
class _Monitor:
    call: cst.Call
    class_name: str
    key: str
    node: cst.SimpleString | None  # None: the default "val_loss"
    modes: tuple[Mode, ...]  # the modes the argument may be
    mode_text: str | None  # `mode=` as written, when it is a string
    save_best_only: bool | None


def _monitor_findings(analysis: _Analysis, keras3: bool) -> Iterator[Finding]:
    semantic = analysis.semantic
    for class_name in _MONITOR_CALLBACKS:
        for site in semantic.calls_named(class_name):
            call = site.node
            if analysis.callback_class(call, site.scope, site.ordinal) != class_name:
                continue
            monitor = _read_monitor(call, class_name)
            if monitor is None:
                continue
            fits = analysis.fits_passed(call)
            if not fits:
                continue  # not tied to a fit this file shows
            judged = _judge_all(analysis, fits, monitor.key)
            if judged is not None:
                finding = _monitor_finding(analysis, monitor, *judged, keras3)
                if finding is not None:
                    yield finding
            if class_name == "ModelCheckpoint":
                yield from _file_name_findings(analysis, call, fits)


def _file_name_findings(
    analysis: _Analysis, call: cst.Call, fits: list[TrainingCall]
) -> Iterator[Finding]:
    """`ModelCheckpoint("w.{epoch:02d}-{val_acc:.2f}.h5")`: Keras fills the name with
    `filepath.format(epoch=..., **logs)`, so a key the logs lack raises at the first save,
    on Keras 3 and tf.keras 2 alike (measured on 3.15: `KeyError: 'Failed to format this
    callback filepath: "w.{epoch:02d}-{val_acc:.2f}.keras". Reason: 'val_acc''`)."""
    path = keyword_argument(call, "filepath")
    if path is None:
        positional = [arg for arg in call.args if arg.keyword is None]
        path = positional[0] if positional else None
    if path is None or not isinstance(path.value, cst.SimpleString):
        return
    text = _string_value(path.value)
    if text is None:
        return
    try:
        fields = [field for _, field, _, _ in string.Formatter().parse(text) if field]
    except ValueError:
        return
    for field in dict.fromkeys(fields):
        key = re.split(r"[.\[]", field, maxsplit=1)[0]
        if key in ("epoch", "batch") or not key.isidentifier():
            continue
        judged = _judge_all(analysis, fits, key)
        if judged is None:
            continue
        logs, verdict = judged
        instead = f" The compile logs `{verdict.replacement}`." if verdict.replacement else ""
        fix = None
        raw = path.value.raw_value  # the text as written: escapes would not survive a rename
        if (
            verdict.replacement is not None
            and analysis.compile_count == 1
            and logs.compile_count == 1
            and raw == text
        ):
            renamed = re.sub(
                r"\{" + re.escape(key) + r"(?=[:!}.\[])", "{" + verdict.replacement, text
            )
            fix = NodeFix(
                f'Rename "{key}" to "{verdict.replacement}" in the file name',
                (NodeEdit(_requoted(path.value, renamed), path.value),),
            )
        yield Finding(
            path.value,
            f"`{{{key}}}` in the checkpoint's file name is not a key the logs have: the first "
            "save raises KeyError: 'Failed to format this callback filepath: ... Reason: "
            f"'{key}'' (Keras 3 and tf.keras 2), after a whole epoch.{instead}",
            severity=Severity.ERROR,
            anchor=call,
            fix=fix,
        )


def _read_monitor(call: cst.Call, class_name: str) -> _Monitor | None:
    if any(arg.star for arg in call.args):
        return None
    positions = _MONITOR_CALLBACKS[class_name]

    def argument(name: str) -> cst.Arg | None:
        found = keyword_argument(call, name)
        if found is not None:
            return found
        positional = [arg for arg in call.args if arg.keyword is None]
        position = positions.get(name)
        return positional[position] if position is not None and position < len(positional) else None

    monitor = argument("monitor")
    node: cst.SimpleString | None = None
    key = "val_loss"
    if monitor is not None:
        if not isinstance(monitor.value, cst.SimpleString):
            return None
        node = monitor.value
        text = _string_value(node)
        if text is None:
            return None
        key = text
    mode = argument("mode")
    modes: tuple[Mode, ...] = ("auto",)
    if mode is not None and not isinstance(mode.value, cst.SimpleString):
        modes = ("auto", "max")
    elif mode is not None and isinstance(mode.value, cst.SimpleString):
        # Keras warns about an unknown mode and falls back to "auto".
        text = _string_value(mode.value)
        if text == "min":
            modes = ("min",)
        elif text == "max":
            modes = ("max",)
    save_best_only: bool | None = False
    best = argument("save_best_only") if class_name == "ModelCheckpoint" else None
    if best is not None:
        value = best.value
        literal = isinstance(value, cst.Name) and value.value in ("True", "False")
        save_best_only = isinstance(value, cst.Name) and value.value == "True" if literal else None
    frequency = argument("save_freq") if class_name == "ModelCheckpoint" else None
    if frequency is not None and save_best_only is not False:
        every_epoch = isinstance(frequency.value, cst.SimpleString) and (
            _string_value(frequency.value) == "epoch"
        )
        if not every_epoch:
            save_best_only = None  # saving every N batches reads the batch's logs
    mode_text = (
        code_of(mode.value)
        if mode is not None and isinstance(mode.value, cst.SimpleString)
        else None
    )
    return _Monitor(call, class_name, key, node, modes, mode_text, save_best_only)


def _outcome(monitor: _Monitor, logs: _Logs, mode: Mode, keras3: bool) -> Outcome | None:
    """What the callback does with a missing monitor, measured on each version; None when
    nothing goes wrong (a ModelCheckpoint that saves every epoch anyway)."""
    base = monitor.key.removeprefix("val_")
    if keras3 and mode == "auto" and not logs.has_base(base):
        return "value_error"  # no metric of that name to tell max from min
    if keras3 and mode == "auto" and not logs.base_is_exact(base):
        return None  # `auc` or `auc_1`: whether Keras finds it is not known
    if monitor.class_name == "EarlyStopping":
        return "never_stops"
    if monitor.class_name == "ReduceLROnPlateau":
        return "never_reduces"
    if monitor.save_best_only:
        return "saves_every_epoch" if keras3 else "never_saves"
    return None


def _outcome_text(outcome: Outcome, monitor: _Monitor, keras3: bool) -> str:
    key = monitor.key
    on = _on(keras3)
    if outcome == "value_error":
        return (
            f"raises ValueError at the end of the first epoch on Keras 3 "
            f"(\"{monitor.class_name} callback received monitor={key}, but Keras isn't able to "
            'automatically determine whether that metric should be maximized or minimized")'
        )
    if outcome == "never_stops":
        return (
            f"never stops training {on} (every epoch warns "
            f'"Early stopping conditioned on metric `{key}` which is not available", and all '
            "epochs run)"
        )
    if outcome == "never_reduces":
        return (
            f"never reduces the learning rate {on} (every epoch warns "
            f'"Learning rate reduction is conditioned on metric `{key}` which is not '
            'available")'
        )
    if outcome == "saves_every_epoch":
        return (
            "saves the model after every epoch on Keras 3, so the file it keeps is the last "
            f"epoch's, not the best one (every epoch warns \"Can save best model only with {key} "
            'available.")'
        )
    return (
        "never saves the model on tf.keras 2 (every epoch logs "
        f'"Can save best model only with {key} available, skipping.")'
    )


def _monitor_finding(
    analysis: _Analysis, monitor: _Monitor, logs: _Logs, verdict: _Verdict, keras3: bool
) -> Finding | None:
    outcomes = [_outcome(monitor, logs, mode, keras3) for mode in monitor.modes]
    if any(outcome is None for outcome in outcomes):
        return None
    texts = list(dict.fromkeys(_outcome_text(o, monitor, keras3) for o in outcomes if o))
    if len(texts) == 1:
        happens = texts[0]
    else:
        happens = f'{texts[0]} with mode="auto", and {texts[1]} with mode="max"'
    shown_args = [] if monitor.node is None else [f"monitor={code_of(monitor.node)}"]
    if monitor.save_best_only:
        shown_args.append("save_best_only=True")
    if monitor.mode_text is not None:
        shown_args.append(f"mode={monitor.mode_text}")
    if len(monitor.call.args) > len(shown_args):
        shown_args.append("...")
    shown = f"{monitor.class_name}({', '.join(shown_args)})"

    def instead(key: str) -> str:
        return f'monitor "{key}"'

    why, fix = _explanation(logs, verdict, monitor.key, instead)
    default = "" if monitor.node is not None else ' (it monitors "val_loss" by default)'
    message = f"`{shown}`{default} {happens} because {why}. {fix}"
    node: cst.CSTNode = monitor.node if monitor.node is not None else _callee_name(monitor.call)
    fix_edit = None
    if monitor.node is not None:
        fix_edit = _rename_fix(analysis, logs, monitor.node, monitor.key, verdict.replacement)
    return Finding(
        node=node,
        message=message,
        severity=Severity.ERROR,
        anchor=monitor.call,
        fix=fix_edit,
    )


def _callee_name(call: cst.Call) -> cst.CSTNode:
    return call.func.attr if isinstance(call.func, cst.Attribute) else call.func

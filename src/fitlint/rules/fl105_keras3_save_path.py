"""FL105 keras3-save-path: `save_weights` / `save` / `ModelCheckpoint` paths Keras 3 rejects."""

from __future__ import annotations

import ast
import posixpath
import re
import string
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Literal

import libcst as cst

from fitlint.analysis import (
    CallSite,
    ImportedInstance,
    Scope,
    SemanticModel,
    TrainingCall,
    expected_errors,
    keras,
)
from fitlint.analysis.cst_util import (
    argument,
    code_of,
    contains,
    keyword_argument,
    positional_arguments,
    single_index,
)
from fitlint.diagnostics import Severity
from fitlint.prefilter import CodeFacts
from fitlint.rules.base import Finding, NodeEdit, NodeFix, Rule, RuleContext

if TYPE_CHECKING:
    from fitlint.analysis.scopes import Binding

# How deep folding follows names, calls and parameters (as the semantic model does).
MAX_DEPTH = 24

# What Keras 3.15 accepts (case-sensitive: `m.H5` is rejected), measured with one script per
# path (shared/design/keras3-facts.md, case 14, and the rule's page).
WEIGHTS_SUFFIX = ".weights.h5"
SAVE_SUFFIXES = (".keras", ".h5", ".hdf5")  # model.save / keras.saving.save_model
CHECKPOINT_SUFFIXES = (".keras", ".h5")  # ModelCheckpoint(save_weights_only=False): no .hdf5
# Suffixes Keras 2 writes HDF5 to (tf_keras's `is_hdf5_filepath`), anything else a TensorFlow
# checkpoint (weights) or a SavedModel directory (models).
KERAS2_HDF5_SUFFIXES = (".h5", ".hdf5", ".keras")

SAVE_WEIGHTS_ERROR = "The filename must end in `.weights.h5`."
SAVE_ERROR = (
    "Invalid filepath extension for saving. Please add either a `.keras` extension for the "
    "native Keras format (recommended) or a `.h5` extension."
)
SAVE_FORMAT_ERROR = (
    "The `save_format` argument is deprecated in Keras 3. Please remove this argument and pass "
    "a file path with either `.keras` or `.h5` extension."
)
SAVE_WEIGHTS_FORMAT_ERROR = "Model.save_weights() got an unexpected keyword argument 'save_format'"
CHECKPOINT_WEIGHTS_ERROR = (
    "When using `save_weights_only=True` in `ModelCheckpoint`, the filepath provided must end "
    "in `.weights.h5` (Keras weights format)."
)
CHECKPOINT_MODEL_ERROR = "The filepath provided must end in `.keras` (Keras model format)."

# A format spec with a numeric type (`02d`, `.2f`, `x`...): the text it makes ends in a digit
# (or `%`, `inf`, `nan`), never in `.weights`.
_NUMBER_SPEC = re.compile(r"[<>=^]?[+\- ]?#?0?\d*[,_]?(\.\d+)?[bdoxXneEfFgG%]")
_PERCENT_SPEC = re.compile(r"%(\([^)]*\))?[#0\- +]*(\*|\d+)?(\.(\*|\d+))?[hlL]?([a-zA-Z%])")
# Extensions a fix replaces rather than extends: Keras's own, TensorFlow checkpoint and
# SavedModel names (`w.ckpt` -> `w.weights.h5`, `m.tf` -> `m.keras`).
_WEIGHTS_EXTENSIONS_REPLACED = (".h5", ".hdf5", ".keras", ".ckpt", ".tf")
_MODEL_EXTENSIONS_REPLACED = (".tf", ".pb", ".model", ".savedmodel")

Kind = Literal["weights", "model", "checkpoint"]


@dataclass(frozen=True)
class PathText:
    """What is known of a path string: all of it (`complete`), or only how it ends (`tail`),
    and then what comes right before that end: a path separator or the string's start
    ("separator", as `os.path.join` puts one), a formatted number ("number"), or anything."""

    tail: str
    complete: bool
    before: Literal["separator", "number", "unknown"] = "unknown"
    is_path_object: bool = False  # a `pathlib.Path`, so `/` joins

    def ends_with(self, suffix: str) -> bool | None:
        """Whether the whole string ends with `suffix`; None when the unknown part decides."""
        if self.tail.endswith(suffix):
            return True
        if self.complete or not suffix.endswith(self.tail):
            return False
        missing = suffix[: len(suffix) - len(self.tail)]
        if self.before == "separator":
            return None if missing.endswith(("/", "\\")) else False
        if self.before == "number":
            return None if missing[-1].isdigit() else False
        return None

    def ends_with_any(self, suffixes: tuple[str, ...]) -> bool | None:
        verdicts = [self.ends_with(suffix) for suffix in suffixes]
        if True in verdicts:
            return True
        return None if None in verdicts else False

    def shown(self) -> str:
        """The end to quote when the whole path is unknown: its file name's extension
        (`.h5`), else its last characters (`/model`)."""
        name = self.tail.rsplit("/", 1)[-1]
        literal = name[name.rfind("}") + 1 :]  # after the last `{epoch:02d}`
        if "." in literal:
            return literal[literal.rfind(".") :][-24:]
        separator = "/" if self.before == "separator" and self.tail else ""
        return (separator + self.tail)[-24:]


def concat(left: PathText | None, right: PathText | None) -> PathText | None:
    """`left + right`: a known end survives an unknown start."""
    if right is None:
        return None
    if not right.complete:
        return right
    if left is None:
        return PathText(right.tail, False, is_path_object=right.is_path_object)
    return PathText(
        left.tail + right.tail,
        left.complete,
        left.before,
        left.is_path_object or right.is_path_object,
    )


def join(parts: list[PathText | None], is_path_object: bool) -> PathText | None:
    """`os.path.join(*parts)` / `Path(*parts)`: the last part's end, after a separator."""
    if not parts:
        return PathText(".", True, is_path_object=is_path_object) if is_path_object else None
    last = parts[-1]
    if last is None:
        # `Path(args.out)` is still a Path: `/ "model.h5"` gives it a known end.
        return PathText("", False, is_path_object=True) if is_path_object else None
    if all(part is not None and part.complete for part in parts):
        joined = posixpath.join(*(part.tail for part in parts if part is not None))
        if is_path_object:
            joined = str(PurePosixPath(joined))
        return PathText(joined, True, is_path_object=is_path_object)
    if last.complete:
        if last.tail.startswith("/"):
            return PathText(last.tail, True, is_path_object=is_path_object)
        return PathText(last.tail, False, "separator", is_path_object)
    return replace(last, is_path_object=is_path_object)


class PathFolder:
    """Folds the constant parts of path expressions: literals, names bound to them, f-strings,
    `+`, `%`, `str.format`, `os.path.join`, `pathlib.Path`. None: nothing known."""

    def __init__(self, semantic: SemanticModel) -> None:
        self.semantic = semantic

    def fold(
        self, expr: cst.BaseExpression, scope: Scope, ordinal: int, depth: int = 0
    ) -> PathText | None:
        if depth > MAX_DEPTH:
            return None
        depth += 1
        if isinstance(expr, cst.SimpleString):
            value = expr.evaluated_value
            return PathText(value, True) if isinstance(value, str) else None
        if isinstance(expr, cst.ConcatenatedString):
            left = self.fold(expr.left, scope, ordinal, depth)
            return concat(left, self.fold(expr.right, scope, ordinal, depth))
        if isinstance(expr, cst.FormattedString):
            return self._formatted(expr, scope, ordinal, depth)
        if isinstance(expr, cst.Name):
            binding = self.semantic.lookup(expr.value, scope, ordinal)
            return None if binding is None else self._binding(binding, depth)
        if isinstance(expr, cst.Attribute):
            return self._attribute(expr, scope, ordinal, depth)
        if isinstance(expr, cst.BinaryOperation):
            return self._binary(expr, scope, ordinal, depth)
        if isinstance(expr, cst.Call):
            return self._call(expr, scope, ordinal, depth)
        return None

    def _binding(self, binding: Binding, depth: int) -> PathText | None:
        if binding.kind == "assign" and binding.value_expr is not None:
            if binding.unpack_path:
                return None
            return self.fold(binding.value_expr, binding.scope, binding.ordinal, depth)
        if binding.kind == "augassign" and binding.value_expr is not None:
            if not isinstance(binding.aug_operator, cst.AddAssign):
                return None
            previous = self.semantic.lookup(binding.name, binding.scope, binding.ordinal)
            if previous is None or previous.ordinal >= binding.ordinal:
                return None
            before = self._binding(previous, depth + 1)
            added = self.fold(binding.value_expr, binding.scope, binding.ordinal, depth)
            return concat(before, added)
        if binding.kind == "parameter" and binding.function is not None:
            return self._parameter(binding, depth)
        return None

    def _parameter(self, binding: Binding, depth: int) -> PathText | None:
        """What every call of the function in this module passes (or leaves to the default);
        nothing when the module never calls it."""
        function = binding.function
        assert function is not None
        sites = self.semantic.evaluator.call_sites(function)
        if not sites:
            return None
        folds = set()
        for site in sites:
            passed = function.argument_for(site.node, binding.name)
            if passed == "unknown":
                return None
            if passed is not None:
                folds.add(self.fold(passed.value, site.scope, site.ordinal, depth + 1))
                continue
            default = function.defaults.get(binding.name)
            if default is None:
                return None
            folds.add(self.fold(default[0], default[1], default[2], depth + 1))
        return folds.pop() if len(folds) == 1 else None

    def _attribute(
        self, expr: cst.Attribute, scope: Scope, ordinal: int, depth: int
    ) -> PathText | None:
        bindings: list[Binding] = []
        if isinstance(expr.value, cst.Name) and expr.value.value == "self":
            class_scope = scope.enclosing_class_scope()
            if class_scope is not None:
                bindings = class_scope.bindings.get(f"self.{expr.attr.value}", [])
        elif isinstance(expr.value, cst.Name):
            found = self.semantic.lookup(f"{expr.value.value}.{expr.attr.value}", scope, ordinal)
            bindings = [found] if found is not None else []
        folds = {self._binding(binding, depth) for binding in bindings}
        return folds.pop() if len(folds) == 1 else None

    def _binary(
        self, expr: cst.BinaryOperation, scope: Scope, ordinal: int, depth: int
    ) -> PathText | None:
        operator = expr.operator
        if isinstance(operator, cst.Add):
            left = self.fold(expr.left, scope, ordinal, depth)
            return concat(left, self.fold(expr.right, scope, ordinal, depth))
        if isinstance(operator, cst.Modulo):
            template = self.fold(expr.left, scope, ordinal, depth)
            if template is None or not template.complete:
                return None
            return _percent_formatted(template.tail)
        if isinstance(operator, cst.Divide):
            left = self.fold(expr.left, scope, ordinal, depth)
            if left is None or not left.is_path_object:
                return None
            return join([left, self.fold(expr.right, scope, ordinal, depth)], True)
        return None

    def _call(self, expr: cst.Call, scope: Scope, ordinal: int, depth: int) -> PathText | None:
        if any(arg.star for arg in expr.args):
            return None
        func = expr.func
        qualname = self.semantic.qualified_name(func, scope, ordinal)
        positional = [arg.value for arg in positional_arguments(expr)]
        if qualname in ("os.path.join", "posixpath.join", "ntpath.join") or (
            qualname is not None
            and qualname.startswith("pathlib.")
            and qualname.rsplit(".", 1)[-1] in ("Path", "PurePath", "PosixPath", "PurePosixPath")
        ):
            if len(positional) != len(expr.args):
                return None
            parts = [self.fold(value, scope, ordinal, depth) for value in positional]
            return join(parts, is_path_object=not qualname.endswith(".join"))
        is_str = isinstance(func, cst.Name) and func.value == "str" and qualname is None
        if is_str or qualname == "os.fspath":
            if len(positional) != 1 or len(expr.args) != 1:
                return None
            inner = self.fold(positional[0], scope, ordinal, depth)
            return None if inner is None else replace(inner, is_path_object=False)
        if isinstance(func, cst.Attribute) and func.attr.value == "format":
            template = self.fold(func.value, scope, ordinal, depth)
            if template is None or not template.complete:
                return None
            return _str_formatted(template.tail)
        if isinstance(func, cst.Attribute) and func.attr.value == "with_suffix":
            if len(positional) != 1 or len(expr.args) != 1:
                return None
            suffix = self.fold(positional[0], scope, ordinal, depth)
            if suffix is None or not suffix.complete or not suffix.tail:
                return None
            owner = self.fold(func.value, scope, ordinal, depth)
            if owner is not None and owner.complete and owner.is_path_object:
                try:
                    made = str(PurePosixPath(owner.tail).with_suffix(suffix.tail))
                except ValueError:
                    return None
                return PathText(made, True, is_path_object=True)
            return PathText(suffix.tail, False, is_path_object=True)
        return None

    def _formatted(
        self, expr: cst.FormattedString, scope: Scope, ordinal: int, depth: int
    ) -> PathText | None:
        quote = expr.start[len(expr.prefix) :]
        raw = "r" in expr.prefix.lower()
        folded: PathText | None = PathText("", True)
        for part in expr.parts:
            if isinstance(part, cst.FormattedStringText):
                text = _decoded(part.value, quote, raw)
                if text is None:
                    return None
                folded = concat(folded, PathText(text, True))
                continue
            if not isinstance(part, cst.FormattedStringExpression):
                return None
            inner = None
            if part.conversion is None and part.format_spec is None:
                inner = self.fold(part.expression, scope, ordinal, depth)
            if inner is not None:
                folded = concat(folded, replace(inner, is_path_object=False))
                continue
            before: Literal["number", "unknown"] = "unknown"
            spec = part.format_spec
            if (
                part.conversion is None
                and spec is not None
                and len(spec) == 1
                and isinstance(spec[0], cst.FormattedStringText)
                and _NUMBER_SPEC.fullmatch(spec[0].value)
            ):
                before = "number"
            folded = PathText("", False, before)
        return folded


def _decoded(text: str, quote: str, raw: bool) -> str | None:
    """An f-string's literal text as Python reads it: escapes decoded, `{{` and `}}` halved."""
    try:
        value = text if raw else ast.literal_eval(quote + text + quote)
    except (SyntaxError, ValueError):
        return None
    if not isinstance(value, str):
        return None
    return value.replace("{{", "{").replace("}}", "}")


def _percent_formatted(template: str) -> PathText | None:
    """`"w_%03d.h5" % epoch`: the text after the last conversion."""
    last = None
    for match in _PERCENT_SPEC.finditer(template):
        if match.group(5) != "%":
            last = match
    if last is None:
        return PathText(template.replace("%%", "%"), True)
    tail = template[last.end() :].replace("%%", "%")
    kind = last.group(5)
    before: Literal["number", "unknown"] = "number" if kind in "diouxXeEfFgG" else "unknown"
    return PathText(tail, False, before)


def _str_formatted(template: str) -> PathText | None:
    """`"{}/model_{}.h5".format(d, e)`: the literal text after the last replacement field."""
    try:
        pieces = list(string.Formatter().parse(template))
    except ValueError:
        return None
    tail: list[str] = []
    before: Literal["number", "unknown"] = "unknown"
    fields = False
    for literal, field_name, spec, conversion in pieces:
        if field_name is None:
            tail.append(literal)
            continue
        fields = True
        tail = []
        numeric = conversion is None and spec and _NUMBER_SPEC.fullmatch(spec)
        before = "number" if numeric else "unknown"
    if not fields:
        return PathText("".join(tail), True)
    return PathText("".join(tail), False, before)


@dataclass(frozen=True)
class _Target:
    """One call that saves: what it saves (`kind`), its path argument and what is known of it."""

    kind: Kind
    call: cst.Call
    path: cst.BaseExpression
    folded: PathText
    callee: str  # `model.save_weights()`, `ModelCheckpoint(...)`
    save_format: cst.Arg | None = None
    # ModelCheckpoint: True/False when `save_weights_only` is known, None when not.
    weights_only: bool | None = False
    after_fit: bool = False


class Keras3SavePath(Rule):
    code = "FL105"
    # Every call it flags needs Keras imported: `keras`, `tensorflow`, `tf_keras`, `keras_hub`...
    required_tokens = ((b"save", b"modelcheckpoint"), (b"keras", b"tensorflow"))

    @classmethod
    def may_fire_on(cls, facts: CodeFacts) -> bool:
        return facts.calls("save", "save_weights", "save_model", "ModelCheckpoint")

    def check(self, context: RuleContext) -> Iterator[Finding]:
        keras3 = context.settings.keras_version >= 3
        findings = [
            finding
            for target in _targets(context.semantic)
            if (finding := _finding(target, keras3)) is not None
        ]
        if not findings:
            return
        # Read the whole module only for a file with findings.
        if _pins_keras2(context.semantic):
            return
        tests = _error_test_blocks(context.semantic.module)
        for finding in findings:
            if not any(contains(block.body, finding.anchor or finding.node) for block in tests):
                yield finding  # inside `with pytest.raises(...)` the error is the point


def _targets(semantic: SemanticModel) -> Iterator[_Target]:
    folder = PathFolder(semantic)
    for method in ("save_weights", "save"):
        for site in semantic.calls_named(method):
            func = site.node.func
            if not isinstance(func, cst.Attribute):
                continue
            path = _path_argument(site.node, 0)
            if path is None:
                continue
            folded = folder.fold(path, site.scope, site.ordinal)
            save_format = keyword_argument(site.node, "save_format")
            if folded is None:
                if method == "save" or save_format is None:
                    continue
                folded = PathText("", False)  # `save_weights` rejects `save_format` anyway
            if not _saves_a_keras_model(semantic, _as_training_call(site, func)):
                continue
            yield _Target(
                "weights" if method == "save_weights" else "model",
                site.node,
                path,
                folded,
                f"{_short(func.value)}.{method}()",
                save_format=save_format,
                after_fit=_after_fit(semantic, site, func.value),
            )
    for site in semantic.calls_named("save_model"):
        qualname = semantic.qualified_name(site.node.func, site.scope, site.ordinal)
        if not _is_keras_name(qualname, "save_model"):
            continue
        path = _path_argument(site.node, 1)
        folded = folder.fold(path, site.scope, site.ordinal) if path is not None else None
        if path is None or folded is None:
            continue
        yield _Target(
            "model",
            site.node,
            path,
            folded,
            f"{_short(site.node.func)}()",
            save_format=keyword_argument(site.node, "save_format"),
        )
    for site in semantic.calls_named("ModelCheckpoint"):
        qualname = semantic.qualified_name(site.node.func, site.scope, site.ordinal)
        if not _is_keras_name(qualname, "ModelCheckpoint"):
            continue
        path = _path_argument(site.node, 0)
        folded = folder.fold(path, site.scope, site.ordinal) if path is not None else None
        if path is None or folded is None:
            continue
        yield _Target(
            "checkpoint",
            site.node,
            path,
            folded,
            f"{_short(site.node.func)}(...)",
            weights_only=_weights_only(semantic, site),
        )


def _finding(target: _Target, keras3: bool) -> Finding | None:
    folded = target.folded
    if target.kind == "weights":
        if keyword_argument(target.call, "max_shard_size") is not None:
            return None  # Keras 3's sharded weights: `.weights.json` is right there
        verdict = folded.ends_with(WEIGHTS_SUFFIX)
        if verdict is not False and target.save_format is None:
            return None
    elif target.kind == "model":
        if keyword_argument(target.call, "zipped") is not None:
            return None  # Keras 3's unzipped directory format takes any path
        if folded.complete and folded.tail.startswith("hf://"):
            return None  # saved unzipped to the Hugging Face Hub
        if folded.ends_with_any(SAVE_SUFFIXES) is not False:
            return None  # with `save_format`, a right suffix only logs a warning
    else:
        weights = folded.ends_with(WEIGHTS_SUFFIX)
        model = folded.ends_with_any(CHECKPOINT_SUFFIXES)
        if target.weights_only is True and weights is not False:
            return None
        if target.weights_only is False and model is not False:
            return None
        if target.weights_only is None and (weights is not False or model is not False):
            return None
    severity = Severity.ERROR if keras3 else Severity.WARNING
    return Finding(
        node=target.path,
        message=_message(target, keras3),
        severity=severity,
        anchor=target.call,
        unsafe_fix=_fix(target),
    )


# --- messages ----------------------------------------------------------------------------


def _message(target: _Target, keras3: bool) -> str:
    if target.kind == "weights":
        return _weights_message(target, keras3)
    if target.kind == "model":
        return _model_message(target, keras3)
    return _checkpoint_message(target, keras3)


def _raises(error: str, text: str, folded: PathText, keras3: bool) -> str:
    """`ValueError: "... Received: filepath=w.h5"` as Keras prints it for a known path; for a
    path known only by its end, which end (the Keras 2 message has said it already)."""
    if folded.complete:
        return f'{error}: "{text} Received: filepath={folded.tail}"'
    shown = folded.shown()
    where = f" (the path ends in `{shown}`)" if shown and keras3 else ""
    return f'{error}{where}: "{text}"'


def _path_words(folded: PathText) -> str:
    """How a message names the path: `'w.h5'`, or `a path ending in `.h5``."""
    if folded.complete:
        return f"'{folded.tail}'" if len(folded.tail) <= 48 else "the path"
    shown = folded.shown()
    return f"a path ending in `{shown}`" if shown else "the path"


def _example(target: _Target) -> str:
    if not target.folded.complete:
        return ""
    renamed = _renamed(target.folded.tail, _fix_kind(target))
    return f" (such as '{renamed}')" if renamed is not None else ""


def _weights_message(target: _Target, keras3: bool) -> str:
    folded = target.folded
    renamed = folded.ends_with(WEIGHTS_SUFFIX) is not True
    if target.save_format is not None:
        error = f'TypeError: "{SAVE_WEIGHTS_FORMAT_ERROR}"'
        advice = "Drop `save_format=`" + (", save" if renamed else "; Keras 3 writes only")
    else:
        error = _raises("ValueError", SAVE_WEIGHTS_ERROR, folded, keras3)
        advice = "Save"
    if renamed:
        advice += " to a path ending in `.weights.h5`" + _example(target)
        advice += " and load the weights from there"
        advice += "." if keras3 else " (Keras 2 writes HDF5 to such a path too)."
    else:
        advice += " `.weights.h5` files."
    lost = "the weights `fit` just trained are not saved"
    return _raises_sentence(target, keras3, error, lost, _keras2_weights_format(target), advice)


def _raises_sentence(
    target: _Target, keras3: bool, error: str, lost: str, keras2_format: str, advice: str
) -> str:
    """What the call does: on Keras 3 it raises `error`; on Keras 2 it writes the path in
    `keras2_format`, and Keras 3 will raise; then what is lost, then the advice."""
    cost = f": {lost}." if target.after_fit else ", and nothing is saved."
    if keras3:
        first = f"In Keras 3, `{target.callee}` raises {error}{cost}"
    else:
        first = (
            f"`{target.callee}` writes {_path_words(target.folded)} as {keras2_format} in "
            f"Keras 2, but Keras 3 raises {error}{cost}"
        )
    return f"{first} {advice}"


def _keras2_weights_format(target: _Target) -> str:
    save_format = _literal_text(target.save_format.value) if target.save_format else None
    folded = target.folded
    if save_format == "h5":
        return "an HDF5 file"
    if save_format != "tf" and folded.ends_with_any(KERAS2_HDF5_SUFFIXES) is True:
        return "an HDF5 file"
    if save_format != "tf" and folded.ends_with_any(KERAS2_HDF5_SUFFIXES) is None:
        return "HDF5 or a TensorFlow checkpoint"
    if folded.complete:
        return (
            f"a TensorFlow checkpoint (`{folded.tail}.index`, `{folded.tail}.data-00000-of-00001`)"
        )
    return "a TensorFlow checkpoint"


def _model_message(target: _Target, keras3: bool) -> str:
    folded = target.folded
    if target.save_format is not None:
        error = f'ValueError: "{SAVE_FORMAT_ERROR}"'
        advice = "Drop `save_format=`, save to a path ending in `.keras`"
    else:
        error = _raises("ValueError", SAVE_ERROR, folded, keras3)
        advice = "Save to a path ending in `.keras`"
    advice += (
        _example(target) + " and load it with `keras.models.load_model`; for a SavedModel "
        "(TF Serving, TFLite), Keras 3 has `model.export(...)`."
    )
    lost = "the model `fit` just trained is not saved"
    return _raises_sentence(target, keras3, error, lost, _keras2_model_format(target), advice)


def _keras2_model_format(target: _Target) -> str:
    save_format = _literal_text(target.save_format.value) if target.save_format else None
    if save_format == "h5":
        return "an HDF5 file"
    if save_format in ("keras", "keras_v3"):
        return "a `.keras` file"
    return "a SavedModel directory"


def _checkpoint_message(target: _Target, keras3: bool) -> str:
    folded = target.folded
    weights = target.weights_only
    if weights is None:
        error = (
            "ValueError whatever `save_weights_only` is (a weights checkpoint needs a path "
            "ending in `.weights.h5`, a full-model one `.keras` or `.h5`)"
        )
        advice = "Use `.weights.h5` with `save_weights_only=True`, `.keras` without."
    elif weights:
        error = _raises("ValueError", CHECKPOINT_WEIGHTS_ERROR, folded, keras3)
        advice = "Use a path ending in `.weights.h5`" + _example(target) + "."
    else:
        error = _raises("ValueError", CHECKPOINT_MODEL_ERROR, folded, keras3)
        advice = "Use a path ending in `.keras` or `.h5`" + _example(target)
        if folded.ends_with(".hdf5") is True:
            advice += "; `model.save` takes `.hdf5`, `ModelCheckpoint` does not"
        advice += "."
    when = "when the callback is created, before training starts"
    if keras3:
        return f"In Keras 3, `{target.callee}` raises {error} {when}. {advice}"
    if weights is None:
        written = "checkpoints"
    elif weights:
        hdf5 = folded.ends_with_any(KERAS2_HDF5_SUFFIXES) is True
        written = "HDF5 weights files" if hdf5 else "TensorFlow checkpoints"
    else:
        hdf5 = folded.ends_with_any((".h5", ".hdf5")) is True
        written = "HDF5 model files" if hdf5 else "SavedModel directories"
    return (
        f"`{target.callee}` writes {written} to {_path_words(folded)} in Keras 2, but Keras 3 "
        f"raises {error} {when}. {advice}"
    )


# --- the unsafe fix ----------------------------------------------------------------------


def _fix_kind(target: _Target) -> Kind | None:
    if target.kind == "checkpoint":
        if target.weights_only is None:
            return None
        return "weights" if target.weights_only else "checkpoint"
    return target.kind


def _renamed(value: str, kind: Kind | None) -> str | None:
    """The path with the suffix Keras 3 wants: `w.h5` -> `w.weights.h5`, `model` ->
    `model.keras`, `best.hdf5` -> `best.h5` for a full-model checkpoint."""
    if kind is None:
        return None
    body = value.rstrip("/")
    name = body.rsplit("/", 1)[-1]
    if not name or name in (".", ".."):
        return None
    lower = body.lower()
    dot = name.rfind(".")
    extension = name[dot:].lower() if dot > 0 else ""
    stem = body[: len(body) - len(extension)] if extension else body
    if kind == "weights":
        if lower.endswith(WEIGHTS_SUFFIX):
            return body[: -len(WEIGHTS_SUFFIX)] + WEIGHTS_SUFFIX
        if lower.endswith(".weights"):
            return body[: -len(".weights")] + WEIGHTS_SUFFIX
        if extension in _WEIGHTS_EXTENSIONS_REPLACED:
            return stem + WEIGHTS_SUFFIX
        return body + WEIGHTS_SUFFIX
    accepted = SAVE_SUFFIXES if kind == "model" else CHECKPOINT_SUFFIXES
    if extension in accepted:
        return stem + extension  # `m.H5` -> `m.h5`
    if kind == "checkpoint" and extension == ".hdf5":
        return stem + ".h5"  # still HDF5, as Keras 2 wrote it
    if extension in _MODEL_EXTENSIONS_REPLACED:
        return stem + ".keras"
    return body + ".keras"


def _fix(target: _Target) -> NodeFix | None:
    """Only for a plain string literal at the call, and only when the new path is one Keras 3
    takes: the file's name changes, so whatever loads it must change too (hence unsafe)."""
    node = target.path
    kind = _fix_kind(target)
    if not isinstance(node, cst.SimpleString) or kind is None:
        return None
    if target.kind == "weights" and target.save_format is not None:
        return None  # the TypeError stays: `save_format` must go too
    value = node.evaluated_value
    if not isinstance(value, str):
        return None
    renamed = _renamed(value, kind)
    if renamed is None or renamed == value:
        return None
    common = len(posixpath.commonprefix([value, renamed]))
    old_tail, new_tail = value[common:], renamed[common:]
    raw = node.raw_value
    if not raw.endswith(old_tail) or any(c in new_tail for c in "\\'\"\n"):
        return None
    literal = f"{node.prefix}{node.quote}{raw[: len(raw) - len(old_tail)]}{new_tail}{node.quote}"
    return NodeFix(
        f"Save to '{renamed}' (unsafe: the file gets another name, so code that loads "
        f"'{value}' must change too)",
        (NodeEdit(literal, node),),
    )


# --- which calls save a Keras model ------------------------------------------------------


def _as_training_call(site: CallSite, func: cst.Attribute) -> TrainingCall:
    """A `model.save(...)` call in the shape the model's Keras-call queries take."""
    return TrainingCall(
        node=site.node,
        method=func.attr.value,
        method_name_node=func.attr,
        receiver=func.value,
        scope=site.scope,
        ordinal=site.ordinal,
        loop=site.loop,
    )


def _saves_a_keras_model(semantic: SemanticModel, call: TrainingCall) -> bool:
    """The receiver is shown to be a Keras model, or it is unknown in a file that imports
    Keras and trains or compiles the same object (`model.fit(...)`, `model.compile(...)`).
    `self.model` in a `keras.callbacks.Callback` subclass is the model being trained."""
    verdict = semantic.keras.receiver_is_keras_model(call)
    if verdict is not None:
        return verdict
    if not semantic.facts.imports_keras:
        return False
    if _is_callback_model(semantic, call):
        return True
    receiver = code_of(call.receiver)
    same = _same_object(semantic, call.receiver, call.scope, call.ordinal)
    value = semantic.value_of(call.receiver, call.scope, call.ordinal)
    # An instance of another library's class (`coremltools.models.MLModel(...)`) may have
    # its own `predict` and `save`: only training or compiling it shows a Keras model.
    methods = (
        _TRAINS
        if isinstance(value, ImportedInstance) and not keras.is_keras_qualname(value.qualname)
        else keras.TRAINING_METHODS
    )
    for other in semantic.training_calls:
        if (
            other.method in methods
            and code_of(other.receiver) == receiver
            and same(other.receiver, other.scope, other.ordinal)
            and semantic.is_keras_training_call(other)
        ):
            return True
    for site in semantic.calls_named("compile"):
        func = site.node.func
        if (
            isinstance(func, cst.Attribute)
            and code_of(func.value) == receiver
            and same(func.value, site.scope, site.ordinal)
        ):
            return True
    return False


SameObject = Callable[[cst.BaseExpression, Scope, int], bool]
_TRAINS = frozenset({"fit", "fit_generator", "train_on_batch"})


def _same_object(
    semantic: SemanticModel, receiver: cst.BaseExpression, scope: Scope, ordinal: int
) -> SameObject:
    """A test that another expression of the same text names the same object: the same
    binding of its first name, or `self.x` in a method of the same class."""
    head = receiver
    while isinstance(head, cst.Attribute):
        head = head.value
    if isinstance(head, cst.Name) and head.value == "self":
        class_scope = scope.enclosing_class_scope()

        def same_class(expr: cst.BaseExpression, other_scope: Scope, other_ordinal: int) -> bool:
            return class_scope is not None and other_scope.enclosing_class_scope() is class_scope

        return same_class
    binding = semantic.bindings.head_binding(receiver, scope, ordinal)

    def same_binding(expr: cst.BaseExpression, other_scope: Scope, other_ordinal: int) -> bool:
        return (
            binding is not None
            and semantic.bindings.head_binding(expr, other_scope, other_ordinal) is binding
        )

    return same_binding


def _is_callback_model(semantic: SemanticModel, call: TrainingCall) -> bool:
    receiver = call.receiver
    if not (
        isinstance(receiver, cst.Attribute)
        and receiver.attr.value == "model"
        and isinstance(receiver.value, cst.Name)
        and receiver.value.value == "self"
    ):
        return False
    class_scope = call.scope.enclosing_class_scope()
    info = class_scope.class_info if class_scope is not None else None
    if info is None:
        return False
    return semantic.classes.has_base(
        info, lambda base: keras.is_keras_qualname(base) and base.endswith(".Callback")
    )


def _after_fit(semantic: SemanticModel, site: CallSite, receiver: cst.BaseExpression) -> bool:
    """A `fit` on the same object earlier in the same function (or module body)."""
    text = code_of(receiver)
    return any(
        call.method in keras.FIT_METHODS
        and call.scope is site.scope
        and call.ordinal < site.ordinal
        and code_of(call.receiver) == text
        for call in semantic.training_calls
    )


def _is_keras_name(qualname: str | None, last: str) -> bool:
    """`keras.callbacks.ModelCheckpoint`, `tensorflow.keras.models.save_model`...; not
    `tf_keras` (always Keras 2) nor TensorFlow's old private copy."""
    if qualname is None or qualname.rsplit(".", 1)[-1] != last:
        return False
    if qualname.startswith(("tf_keras.", "tensorflow.python.")):
        return False
    return keras.is_keras_qualname(qualname)


_LEGACY_KERAS_VARIABLE = "TF_USE_LEGACY_KERAS"


def _imports_models(statement: cst.ImportFrom) -> bool:
    """`from tensorflow.python.keras.models import Sequential` (not `... import activations`)."""
    assert statement.module is not None
    if code_of(statement.module).endswith(".models"):
        return True
    if isinstance(statement.names, cst.ImportStar):
        return False
    return any(
        code_of(alias.name) in ("Sequential", "Model", "load_model", "models")
        for alias in statement.names
    )


def _pins_keras2(semantic: SemanticModel) -> bool:
    """The file runs Keras 2 whatever is installed: it imports `tf_keras`, or sets
    TF_USE_LEGACY_KERAS (which makes `tf.keras` tf_keras) with `os.environ[...] = ...` or
    `os.environ.setdefault(...)`. Statements are read, not every expression."""
    for statement in _statements(semantic.module.body):
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            if isinstance(small, cst.Import) and any(
                code_of(alias.name).split(".")[0] == "tf_keras" for alias in small.names
            ):
                return True
            if (
                isinstance(small, cst.ImportFrom)
                and small.module is not None
                and not small.relative
                and (
                    code_of(small.module).split(".")[0] == "tf_keras"
                    # Models from TensorFlow's private Keras 2 copy.
                    or (
                        code_of(small.module).startswith("tensorflow.python.keras")
                        and _imports_models(small)
                    )
                )
            ):
                return True
            if isinstance(small, cst.Assign) and any(
                isinstance(target.target, cst.Subscript)
                and _is_legacy_variable(single_index(target.target))
                for target in small.targets
            ):
                return True
    return any(
        _is_legacy_variable(site.node.args[0].value if site.node.args else None)
        for name in ("setdefault", "putenv")
        for site in semantic.calls_named(name)
    )


def _is_legacy_variable(node: cst.BaseExpression | None) -> bool:
    return isinstance(node, cst.SimpleString) and node.evaluated_value == _LEGACY_KERAS_VARIABLE


def _statements(body: Sequence[cst.CSTNode]) -> Iterator[cst.CSTNode]:
    """Every statement in `body`, and in the bodies of its compound statements (functions and
    classes included), without descending into expressions."""
    for statement in body:
        yield statement
        if isinstance(statement, cst.SimpleStatementLine):
            continue
        for block in _blocks(statement):
            yield from _statements(block)


def _blocks(statement: cst.CSTNode) -> Iterator[Sequence[cst.CSTNode]]:
    """The statement lists a compound statement holds: its body, `else`, `except`, `finally`."""
    for name in ("body", "orelse", "finalbody"):
        part = getattr(statement, name, None)
        if isinstance(part, cst.If | cst.Else | cst.Finally):
            if isinstance(part, cst.If):
                yield [part]
            else:
                yield from _blocks(part)
        elif isinstance(part, cst.IndentedBlock):
            yield part.body
        elif isinstance(part, cst.SimpleStatementSuite):
            yield [cst.SimpleStatementLine(part.body)]
    for handler in getattr(statement, "handlers", ()):
        yield from _blocks(handler)
    for case in getattr(statement, "cases", ()):
        yield from _blocks(case)


def _error_test_blocks(module: cst.Module) -> list[cst.With]:
    """`with pytest.raises(...)` / `self.assertRaises(...)` blocks."""
    return [
        statement
        for statement in _statements(module.body)
        if isinstance(statement, cst.With)
        and any(expected_errors(item.item) for item in statement.items)
    ]


def _path_argument(call: cst.Call, position: int) -> cst.BaseExpression | None:
    if any(arg.star for arg in call.args[: position + 1]):
        return None
    found = argument(call, "filepath", position)
    return found.value if found is not None else None


def _weights_only(semantic: SemanticModel, site: CallSite) -> bool | None:
    """ModelCheckpoint's `save_weights_only` (keyword or fifth positional): None when it
    cannot be read."""
    call = site.node
    found = argument(call, "save_weights_only", 4)
    if found is None:
        return None if any(arg.star for arg in call.args) else False
    return _truth(semantic, found.value, site.scope, site.ordinal, 0)


def _truth(
    semantic: SemanticModel, expr: cst.BaseExpression, scope: Scope, ordinal: int, depth: int
) -> bool | None:
    if depth > MAX_DEPTH:
        return None
    if isinstance(expr, cst.Name):
        if expr.value in ("True", "False", "None"):
            return expr.value == "True"
        binding = semantic.lookup(expr.value, scope, ordinal)
        if binding is None or binding.kind != "assign" or binding.value_expr is None:
            return None
        if binding.unpack_path:
            return None
        return _truth(semantic, binding.value_expr, binding.scope, binding.ordinal, depth + 1)
    if isinstance(expr, cst.Integer):
        return expr.evaluated_value != 0
    return None


def _literal_text(expr: cst.BaseExpression) -> str | None:
    if isinstance(expr, cst.SimpleString):
        value = expr.evaluated_value
        return value.lower() if isinstance(value, str) else None
    return None


def _short(node: cst.BaseExpression) -> str:
    """The expression as written, or `model` when it is long or spans lines."""
    text = code_of(node)
    return text if len(text) <= 40 and "\n" not in text else "model"

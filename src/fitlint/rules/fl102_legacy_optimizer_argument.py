"""FL102 legacy-optimizer-argument: Keras 2 optimizer spellings that Keras 3 rejects or
ignores: `lr=`, `decay=`, `epsilon=None`, and the `optimizer.lr` attribute.

Measured on Keras 3.15.1 (TensorFlow 2.21) and tf_keras 2.21 (scripts in the rule page):
- `Adam(lr=0.01)`: Keras 3 `ValueError: Argument(s) not recognized: {'lr': 0.01}`; tf_keras
  2.21 logs "`lr` is deprecated in TF-Keras optimizer" and trains at the default 0.001.
- `SGD(learning_rate=0.1, decay=0.5)`: Keras 3 warns "Argument `decay` is no longer
  supported and will be ignored." and the rate stays 0.1; tf_keras's new optimizers raise
  `ValueError: decay is deprecated in the new TF-Keras optimizer`. Keras 2's legacy decay
  gives 0.1, 0.0667, 0.05, 0.04 over the first steps, exactly as Keras 3's
  `schedules.InverseTimeDecay(0.1, decay_steps=1, decay_rate=0.5)`.
- `Adam(epsilon=None)`: constructs, then `fit` raises `ValueError: None values not
  supported.` (Keras 3 and tf_keras 2.21); every Keras 3 optimizer with an epsilon
  defaults it to 1e-07, the backend epsilon Keras 2 read None as.
- `model.optimizer.lr`: Keras 3 `AttributeError: 'Adam' object has no attribute 'lr'`;
  `model.optimizer.lr = 0.5` silently adds an attribute and the learning rate does not
  change; `optimizer.learning_rate` reads, `= v` and `.assign(v)` work.
"""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from fitlint.analysis import CallSite, SemanticModel, keras
from fitlint.analysis.cst_util import code_of, keyword_argument, walk
from fitlint.diagnostics import Severity
from fitlint.prefilter import CodeFacts
from fitlint.rules.base import Finding, NodeEdit, NodeFix, Rule, RuleContext
from fitlint.rules.edits import argument_removals, keyword_rename

# Keras optimizers and their default learning rate (Keras 3.15 and tf_keras 2.21 agree).
OPTIMIZERS = {
    "SGD": "0.01",
    "Adam": "0.001",
    "RMSprop": "0.001",
    "Adagrad": "0.001",
    "Adadelta": "0.001",
    "Adamax": "0.001",
    "Nadam": "0.001",
    "AdamW": "0.001",
    "Ftrl": "0.001",
}
# The optimizers whose `epsilon` defaults to 1e-07 in Keras 3.
_EPSILON_1E7 = frozenset({"Adam", "RMSprop", "Adagrad", "Adadelta", "Adamax", "Nadam", "AdamW"})
# Callbacks that set the learning rate themselves.
_RATE_CALLBACKS = ("LearningRateScheduler", "ReduceLROnPlateau")


class LegacyOptimizerArgument(Rule):
    code = "FL102"
    required_tokens = ((b"lr", b"decay", b"epsilon"),)

    @classmethod
    def may_fire_on(cls, facts: CodeFacts) -> bool:
        return (
            bool(facts.keywords & {"lr", "decay", "epsilon"})
            or "lr" in facts.identifiers
            or facts.calls("hasattr")
        )

    def check(self, context: RuleContext) -> Iterator[Finding]:
        semantic = context.semantic
        version = context.settings.keras_version
        for name in OPTIMIZERS:
            for site in semantic.calls_named(name):
                qualname = semantic.qualified_name(site.node.func, site.scope, site.ordinal)
                if not _is_keras_optimizer(qualname):
                    continue
                yield from _constructor_findings(semantic, site, name, version)
        yield from _lr_attributes(semantic, version)


def _is_keras_optimizer(qualname: str | None) -> bool:
    if qualname is None:
        return False
    parts = qualname.split(".")
    return (
        parts[0] in keras.KERAS_ROOTS
        and len(parts) >= 3
        and parts[-2] == "optimizers"
        and parts[-1] in OPTIMIZERS
    )


def _severity(version: int) -> Severity:
    return Severity.ERROR if version >= 3 else Severity.WARNING


def _constructor_findings(
    semantic: SemanticModel, site: CallSite, name: str, version: int
) -> Iterator[Finding]:
    call = site.node
    lr = keyword_argument(call, "lr")
    learning_rate = keyword_argument(call, "learning_rate")
    if lr is not None and lr.keyword is not None:
        shown = code_of(lr.value) if len(code_of(lr.value)) <= 20 else "..."
        if version >= 3:
            message = (
                f"`{name}(lr=...)` raises ValueError: Argument(s) not recognized: "
                f"{{'lr': {shown}}} in Keras 3, at construction. Use `learning_rate=`."
            )
        else:
            message = (
                f"`lr=` is Keras 2's old name for `learning_rate`: tf.keras 2.11+ logs "
                f'"`lr` is deprecated" and ignores it, so this {name} trains at the default '
                f"{OPTIMIZERS[name]}, not {shown}; Keras 3 raises ValueError. Use "
                "`learning_rate=`."
            )
        fix = (
            NodeFix("Rename `lr` to `learning_rate`", (keyword_rename(lr, "learning_rate"),))
            if learning_rate is None
            else None
        )
        yield Finding(lr.keyword, message, severity=_severity(version), anchor=call, fix=fix)
    decay = keyword_argument(call, "decay")
    decay_value = (
        semantic.number_of(decay.value, site.scope, site.ordinal) if decay is not None else None
    )
    known_zero = decay_value is not None and decay_value.value == 0
    if decay is not None and decay.keyword is not None and not known_zero:
        rate_arg = learning_rate or lr
        positional = [arg for arg in call.args if arg.keyword is None]
        if rate_arg is None and positional:
            rate_arg = positional[0]
        rate = code_of(rate_arg.value) if rate_arg is not None else OPTIMIZERS[name]
        schedule = (
            f"{_module_text(call)}.schedules.InverseTimeDecay({rate}, decay_steps=1, "
            f"decay_rate={code_of(decay.value)})"
        )
        # A callback that sets the rate (LearningRateScheduler...) fails on a schedule
        # ("learning rate is not settable"), and already changes the rate every epoch.
        rate_callbacks = [c for c in _RATE_CALLBACKS if semantic.calls_named(c)]
        if version >= 3 and rate_callbacks:
            message = (
                f'`decay={code_of(decay.value)}` is ignored by Keras 3 (it warns "Argument '
                '`decay` is no longer supported and will be ignored."): the per-step decay '
                f"Keras 2 applied on top of this file's `{rate_callbacks[0]}` is gone. Fold "
                "it into the callback's schedule (a `learning_rate` schedule object would "
                "make the callback raise)."
            )
        elif version >= 3:
            message = (
                f'`decay={code_of(decay.value)}` is ignored by Keras 3 (it warns "Argument '
                '`decay` is no longer supported and will be ignored."): the learning rate '
                f"stays {rate} for the whole run instead of decaying as lr / (1 + decay × "
                f"step) did in Keras 2. Use a schedule: `learning_rate={schedule}`."
            )
        else:
            message = (
                "`decay=` works only with Keras 2's legacy optimizers: tf.keras 2.11+ "
                'raises ValueError ("decay is deprecated in the new TF-Keras optimizer"), '
                "and Keras 3 ignores it with a warning, so the rate stops decaying. Use "
                "`learning_rate=keras.optimizers.schedules.InverseTimeDecay(lr, "
                "decay_steps=1, decay_rate=decay)`."
            )
        yield Finding(
            decay.keyword,
            message,
            severity=_severity(version),
            anchor=call,
            unsafe_fix=None if rate_callbacks else _schedule_fix(call, decay, rate_arg, rate),
        )
    epsilon = keyword_argument(call, "epsilon")
    if (
        epsilon is not None
        and epsilon.keyword is not None
        and isinstance(epsilon.value, cst.Name)
        and epsilon.value.value == "None"
        and name in _EPSILON_1E7
    ):
        index = list(call.args).index(epsilon)
        yield Finding(
            epsilon.keyword,
            f"`{name}(epsilon=None)` builds, then `fit` raises ValueError: None values not "
            "supported. (Keras 3 and tf.keras 2.11+; old Keras read None as the backend's "
            "1e-07). Drop it: the default is 1e-07.",
            severity=_severity(version),
            anchor=call,
            fix=NodeFix(
                "Remove `epsilon=None` (the default is the same 1e-07)",
                tuple(argument_removals(list(call.args), [index])),
            ),
        )


def _module_text(call: cst.Call) -> str:
    """`keras.optimizers` for `keras.optimizers.SGD(...)`, `tf.keras.optimizers` for
    `tf.keras.optimizers.SGD(...)`; `keras.optimizers` for a bare `SGD(...)`."""
    func = call.func
    return code_of(func.value) if isinstance(func, cst.Attribute) else "keras.optimizers"


def _schedule_fix(
    call: cst.Call, decay: cst.Arg, rate_arg: cst.Arg | None, rate: str
) -> NodeFix | None:
    """`SGD(lr=0.1, decay=0.5)` → `SGD(lr=keras...InverseTimeDecay(0.1, decay_steps=1,
    decay_rate=0.5))`: only when the constructor is written through its module
    (`keras.optimizers.SGD`, `optimizers.SGD`) so the schedule can be named the same way."""
    func = call.func
    if not isinstance(func, cst.Attribute) or any(arg.star for arg in call.args):
        return None
    schedule = (
        f"{code_of(func.value)}.schedules.InverseTimeDecay({rate}, decay_steps=1, "
        f"decay_rate={code_of(decay.value)})"
    )
    args = list(call.args)
    removal = argument_removals(args, [args.index(decay)])
    if rate_arg is not None:
        edits = (NodeEdit(schedule, rate_arg.value), *removal)
    else:
        edits = (NodeEdit(f"learning_rate={schedule}", decay),)
    return NodeFix(
        "Replace `decay` by a `schedules.InverseTimeDecay` learning rate (unsafe: the rate "
        "now decays each step as it did in Keras 2, which Keras 3 has not been doing)",
        edits,
    )


def _lr_attributes(semantic: SemanticModel, version: int) -> Iterator[Finding]:
    """`model.optimizer.lr` reads and writes, and `K.set_value/get_value(model.optimizer.lr)`."""
    if not semantic.facts.imports_keras or "torch" in {
        name.split(".")[0] for name in semantic.imported_names
    }:
        return
    module = semantic.module
    targets: set[int] = set()
    wrapped: dict[int, cst.Call] = {}
    candidates: list[cst.Attribute] = []
    for node in walk(module):
        if isinstance(node, cst.Attribute):
            if _is_optimizer_lr(node):
                candidates.append(node)
        elif isinstance(node, cst.Assign):
            targets.update(id(target.target) for target in node.targets)
        elif isinstance(node, cst.AugAssign):
            targets.add(id(node.target))
        elif isinstance(node, cst.Call) and node.args and _backend_value_call(node) is not None:
            wrapped[id(node.args[0].value)] = node
        elif isinstance(node, cst.Call) and _is_hasattr_lr(node):
            yield _hasattr_finding(node, version)
    for node in candidates:
        owner = code_of(node.value)
        rename = NodeFix("Rename `lr` to `learning_rate`", (NodeEdit("learning_rate", node.attr),))
        call = wrapped.get(id(node))
        if call is not None:
            qualname = semantic.qualified_name(call.func, semantic.facts.module_scope, 1 << 62)
            standalone = qualname is not None and qualname.startswith("keras.backend.")
            yield _backend_call_finding(call, node, owner, version, standalone)
            continue
        if id(node) in targets:
            message = (
                f"`{owner}.lr = ...` does not change the learning rate in Keras 3: the "
                "optimizer has no `lr`, so this adds an unused attribute and training goes "
                f"on at the old rate. Assign `{owner}.learning_rate` instead."
            )
        else:
            message = (
                f"`{owner}.lr` raises AttributeError in Keras 3 (the optimizer has no "
                f"attribute 'lr'). Use `{owner}.learning_rate`."
            )
        if version < 3:
            message = "Keras 2's optimizer alias `lr` is gone in Keras 3: " + message
        yield Finding(node.attr, message, severity=_severity(version), fix=rename)


def _is_optimizer_lr(node: cst.CSTNode) -> bool:
    """`<anything>.optimizer.lr`."""
    return (
        isinstance(node, cst.Attribute)
        and node.attr.value == "lr"
        and isinstance(node.value, cst.Attribute)
        and node.value.attr.value == "optimizer"
    )


def _backend_value_call(call: cst.Call) -> str | None:
    """`K.set_value(...)` / `backend.get_value(...)` / `tf.keras.backend.set_value(...)`."""
    func = call.func
    name = func.attr.value if isinstance(func, cst.Attribute) else None
    if name in ("set_value", "get_value"):
        return name
    return None


def _is_hasattr_lr(call: cst.Call) -> bool:
    """`hasattr(self.model.optimizer, "lr")`."""
    return (
        isinstance(call.func, cst.Name)
        and call.func.value == "hasattr"
        and len(call.args) == 2
        and isinstance(call.args[0].value, cst.Attribute)
        and call.args[0].value.attr.value == "optimizer"
        and isinstance(call.args[1].value, cst.SimpleString)
        and call.args[1].value.evaluated_value == "lr"
    )


def _hasattr_finding(call: cst.Call, version: int) -> Finding:
    name = call.args[1].value
    assert isinstance(name, cst.SimpleString)
    owner = code_of(call.args[0].value)
    quote = name.quote
    message = (
        f'`hasattr({owner}, "lr")` is always False in Keras 3: the optimizer\'s rate is '
        "`learning_rate`, so the code it guards (usually a raise) runs every time. Test "
        '"learning_rate".'
    )
    if version < 3:
        message = "Keras 3 removed the `lr` alias: " + message
    return Finding(
        name,
        message,
        severity=_severity(version),
        anchor=call,
        fix=NodeFix(
            'Test "learning_rate"', (NodeEdit(f"{name.prefix}{quote}learning_rate{quote}", name),)
        ),
    )


def _backend_call_finding(
    call: cst.Call, attribute: cst.Attribute, owner: str, version: int, standalone: bool
) -> Finding:
    kind = _backend_value_call(call)
    if kind == "set_value" and len(call.args) == 2 and call.args[1].keyword is None:
        value = code_of(call.args[1].value)
        replacement = f"{owner}.learning_rate.assign({value})"
    elif kind == "get_value" and len(call.args) == 1:
        replacement = f"{owner}.learning_rate.numpy()"
    else:
        replacement = None
    shown = f"{owner}.lr, ..." if kind == "set_value" else f"{owner}.lr"
    missing = ", and Keras 3's `keras.backend` has no `set_value`/`get_value`" if standalone else ""
    message = (
        f"`{code_of(call.func)}({shown})` fails in Keras 3: the optimizer has no "
        f"attribute 'lr' (AttributeError){missing}. Use "
        f"`{replacement or owner + '.learning_rate.assign(value)'}`."
    )
    if version < 3:
        message = "Keras 3 removed this: " + message
    fix = (
        NodeFix(f"Replace with `{replacement}`", (NodeEdit(replacement, call),))
        if replacement is not None
        else None
    )
    return Finding(attribute.attr, message, severity=_severity(version), anchor=call, fix=fix)

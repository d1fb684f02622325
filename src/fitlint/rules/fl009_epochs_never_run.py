"""FL009 epochs-never-run: `fit(..., initial_epoch=i, epochs=e)` with `i >= e` trains nothing.

Keras counts `epochs` as the index of the epoch to stop at, not as how many to run: `fit`
runs `range(initial_epoch, epochs)`. Measured on Keras 3.15.1 (TensorFlow 2.21) and tf_keras
2.21: `fit(x, y, epochs=5, initial_epoch=5)` (and `initial_epoch=6`) returns at once with
`history.history == {}` and `history.epoch == []`, and no warning or message.

Two forms are judged: the numbers known in the call (literals, folded constants, `epochs`'s
default of 1), and a loop that resumes training one epoch at a time, `for epoch in
range(n): fit(..., epochs=1, initial_epoch=epoch)`, where every call after the first
trains nothing.
"""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from fitlint.analysis import LoopInfo, SemanticModel, TrainingCall
from fitlint.analysis.cst_util import code_of, contains
from fitlint.diagnostics import Severity
from fitlint.prefilter import CodeFacts
from fitlint.rules.base import Finding, NodeEdit, NodeFix, Rule, RuleContext

_METHODS = frozenset({"fit", "fit_generator"})
# `fit`'s default when `epochs` is not passed (Keras 2 and 3).
_DEFAULT_EPOCHS = 1


class EpochsNeverRun(Rule):
    code = "FL009"
    required_tokens = ((b"initial_epoch",),)

    @classmethod
    def may_fire_on(cls, facts: CodeFacts) -> bool:
        return "initial_epoch" in facts.keywords

    def check(self, context: RuleContext) -> Iterator[Finding]:
        semantic = context.semantic
        for call in semantic.training_calls:
            if call.method not in _METHODS or call.has_star_args():
                continue
            initial = call.keyword("initial_epoch")
            if initial is None or not semantic.is_keras_training_call(call):
                continue
            finding = _finding(semantic, call, initial)
            if finding is not None:
                yield finding


def _finding(semantic: SemanticModel, call: TrainingCall, initial: cst.Arg) -> Finding | None:
    epochs_arg = call.param("epochs")
    if epochs_arg is None:
        epochs: float | None = _DEFAULT_EPOCHS
    else:
        number = semantic.number_of(epochs_arg.value, call.scope, call.ordinal)
        epochs = number.value if number is not None else None
    if epochs is None or epochs != int(epochs):
        return None
    start = semantic.number_of(initial.value, call.scope, call.ordinal)
    if start is not None and start.value is not None:
        if start.value < epochs or start.value != int(start.value):
            return None
        return _constant_finding(call, initial, epochs_arg, int(start.value), int(epochs))
    loop_range = _loop_range(semantic, call, initial)
    if loop_range is None:
        return None
    loop, values = loop_range
    count = len(values)
    idle = sum(1 for value in values if value >= epochs)
    if idle == 0 or not _runs_every_iteration(loop, call):
        return None
    name = code_of(initial.value)
    per_call = code_of(epochs_arg.value) if epochs_arg is not None else str(_DEFAULT_EPOCHS)
    shown = f", epochs={per_call}" if epochs_arg is not None else ""
    default = "" if epochs_arg is not None else f" (`epochs` defaults to {_DEFAULT_EPOCHS})"
    if idle == count:
        outcome = f"none of the {count} calls trains"
    else:
        outcome = f"{idle} of the {count} calls train nothing"
    message = (
        f"`{call.method}(..., initial_epoch={name}{shown})`{default} in `{_loop_head(loop)}` "
        f"trains only while {name} < {int(epochs)}: `epochs` is the number of the epoch to stop "
        f"at, not how many to run, so {outcome} (each returns an empty history, without a "
        f"message). Pass `epochs={name} + {per_call}`."
    )
    fix = _epochs_fix(epochs_arg, name)
    return Finding(initial, message, severity=Severity.ERROR, anchor=call.node, unsafe_fix=fix)


def _shown(arg: cst.Arg, value: int) -> str:
    """`5`, or `EPOCHS (10)` when the argument is written as a name or expression."""
    text = code_of(arg.value)
    return text if text == str(value) else f"{text} ({value})"


def _constant_finding(
    call: TrainingCall,
    initial: cst.Arg,
    epochs_arg: cst.Arg | None,
    start: int,
    epochs: int,
) -> Finding:
    if epochs_arg is not None:
        written = f"initial_epoch={_shown(initial, start)}, epochs={_shown(epochs_arg, epochs)}"
        default = ""
    else:
        written = f"initial_epoch={_shown(initial, start)}"
        default = f"`epochs` defaults to {_DEFAULT_EPOCHS}, and "
    plural = "epoch" if epochs == 1 else "epochs"
    message = (
        f"`{call.method}(..., {written})` trains nothing: {default}Keras runs the epochs in "
        f"range({start}, {epochs}), which is empty, because `epochs` is the number of the "
        f"epoch to stop at, not how many to run; `history.history` is {{}} and nothing warns. "
        f"To run {epochs} {plural} after epoch {start}, pass `epochs={start + epochs}`."
    )
    fix = None
    if epochs_arg is not None:
        texts = [code_of(initial.value), code_of(epochs_arg.value)]
        literal = all(text.isdigit() for text in texts)
        content = str(start + epochs) if literal else f"{texts[0]} + {texts[1]}"
        fix = NodeFix(
            f"Set `epochs={content}` (unsafe: assumes {epochs} was meant as the number of "
            "epochs to run)",
            (NodeEdit(content, epochs_arg.value),),
        )
    return Finding(initial, message, severity=Severity.ERROR, anchor=call.node, unsafe_fix=fix)


def _epochs_fix(epochs_arg: cst.Arg | None, name: str) -> NodeFix | None:
    if epochs_arg is None:
        return None
    return NodeFix(
        f"Set `epochs={name} + {code_of(epochs_arg.value)}` (unsafe: assumes "
        f"{code_of(epochs_arg.value)} was meant as the number of epochs each call runs)",
        (NodeEdit(f"{name} + {code_of(epochs_arg.value)}", epochs_arg.value),),
    )


def _loop_range(
    semantic: SemanticModel, call: TrainingCall, initial: cst.Arg
) -> tuple[LoopInfo, range] | None:
    """For `initial_epoch=<the variable of an enclosing for loop over range(...)>`: the loop
    and the values the variable takes."""
    if not isinstance(initial.value, cst.Name):
        return None
    name = initial.value.value
    loop = call.loop
    while loop is not None:
        node = loop.node
        if (
            isinstance(node, cst.For)
            and isinstance(node.target, cst.Name)
            and node.target.value == name
        ):
            break
        loop = loop.parent
    if loop is None or not isinstance(loop.node, cst.For):
        return None
    binding = semantic.lookup(name, call.scope, call.ordinal)
    if binding is None or binding.loop is not loop:
        return None  # rebound inside the loop
    iterator = loop.node.iter
    if not (
        isinstance(iterator, cst.Call)
        and isinstance(iterator.func, cst.Name)
        and iterator.func.value == "range"
        and semantic.qualified_name(iterator.func, call.scope, call.ordinal) in (None, "range")
        and 1 <= len(iterator.args) <= 3
        and all(arg.keyword is None and not arg.star for arg in iterator.args)
    ):
        return None
    values = []
    for arg in iterator.args:
        number = semantic.number_of(arg.value, loop.scope, loop.ordinal)
        if number is None or number.value is None or number.value != int(number.value):
            return None
        values.append(int(number.value))
    bounds = range(*values)
    if len(bounds) < 2:
        return None
    return loop, bounds


def _runs_every_iteration(loop: LoopInfo, call: TrainingCall) -> bool:
    """The call is a statement of the loop's own body (not under an `if`, a `try`, an inner
    loop): every iteration makes it, so the count of calls is the loop's."""
    node = loop.node
    assert isinstance(node, cst.For)
    body = node.body
    statements = body.body if isinstance(body, cst.IndentedBlock) else ()
    for statement in statements:
        if isinstance(statement, cst.SimpleStatementLine) and any(
            contains(small, call.node) for small in statement.body
        ):
            return True
    return False


def _loop_head(loop: LoopInfo) -> str:
    node = loop.node
    assert isinstance(node, cst.For)
    return f"for {code_of(node.target)} in {code_of(node.iter)}"

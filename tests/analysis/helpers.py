"""Build the semantic model of an inline source and ask it what an expression holds, which
loops iterate epochs, and which training calls are Keras's: the evaluator tested directly,
without the rules and the engine around it."""

from __future__ import annotations

import textwrap
from dataclasses import replace

import libcst

from fitlint.analysis import LoopInfo, Scope, SemanticModel, TrainingCall, build_semantic_model
from fitlint.analysis.cst_util import code_of
from fitlint.analysis.values import Array, Dataset, TupleValue, Value

# Past every node of any test source: a name read here is its last binding in the scope.
END = 10**9


def semantic_model(source: str, preamble: str = "") -> SemanticModel:
    """The semantic model of `preamble` (unindented) followed by `source` (dedented)."""
    text = preamble + textwrap.dedent(source).lstrip("\n")
    return build_semantic_model(libcst.parse_module(text))


def scope_named(semantic: SemanticModel, path: str | None) -> Scope:
    """The module scope (`None`), or the body of the function or class at a dotted `path`
    (`"train"`, `"Trainer.train"`), each name's last definition."""
    scope = semantic.facts.module_scope
    for name in path.split(".") if path else ():
        binding = scope.bindings[name][-1]
        if binding.function is not None:
            scope = binding.function.scope
        else:
            assert binding.class_info is not None and binding.class_info.scope is not None
            scope = binding.class_info.scope
    return scope


def evaluate(
    source: str,
    expression: str,
    scope: str | None = None,
    preamble: str = "",
    *,
    shapes: bool = False,
) -> Value:
    """What `expression` holds at the end of the module `preamble + source` (or at the end of
    the function or class at `scope`). Arrays' shapes (`sample_shape`, a dataset's
    `features`) are kept only with `shapes`: the cases about other facts do not spell them,
    and tests/analysis/test_shapes.py tests them."""
    semantic = semantic_model(source, preamble)
    node = libcst.parse_expression(expression)
    value = semantic.value_of(node, scope_named(semantic, scope), END)
    return value if shapes else without_shapes(value)


def without_shapes(value: Value) -> Value:
    """`value` with every array's shape facts left out."""
    if isinstance(value, Array):
        return replace(value, sample_shape=None)
    if isinstance(value, Dataset):
        element = without_shapes(value.element) if value.element is not None else None
        assert element is None or isinstance(element, Array)
        return replace(value, element=element, features=None)
    if isinstance(value, TupleValue):
        return TupleValue(tuple(without_shapes(element) for element in value.elements))
    return value


def header(loop: LoopInfo) -> str:
    """`for epoch in range(EPOCHS)` / `while epoch < EPOCHS`: a loop's first line, no colon."""
    node = loop.node
    if isinstance(node, libcst.For):
        return f"for {code_of(node.target)} in {code_of(node.iter)}"
    return f"while {code_of(node.test)}"


def loop_with_header(semantic: SemanticModel, text: str) -> LoopInfo:
    matches = [loop for loop in semantic.loops if header(loop) == text]
    assert len(matches) == 1, (text, [header(loop) for loop in semantic.loops])
    return matches[0]


def training_call(semantic: SemanticModel, text: str) -> TrainingCall:
    """The one training call whose code is `text` (`"clf.fit(X, y)"`)."""
    matches = [call for call in semantic.training_calls if code_of(call.node) == text]
    assert len(matches) == 1, (text, [code_of(call.node) for call in semantic.training_calls])
    return matches[0]

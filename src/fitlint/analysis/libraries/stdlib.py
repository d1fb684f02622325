"""Python's builtins, `math` and `itertools`: counts (`len`, `int`, `math.ceil`) and iterators
(`iter`, `zip`, `itertools.cycle`...), finite or endless."""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

import libcst as cst

from fitlint.analysis.cst_util import code_of, keyword_value, positional_values, source_text
from fitlint.analysis.values import (
    UNKNOWN,
    Array,
    KerasSequence,
    Number,
    OneShot,
    ReIterable,
    Value,
    is_finite,
)

if TYPE_CHECKING:
    from fitlint.analysis.evaluate import Evaluator
    from fitlint.analysis.scopes import Scope

# Builtins that make a one-shot iterator over their (first) argument(s).
_ITERATOR_BUILTINS = frozenset({"iter", "zip", "map", "filter", "enumerate", "reversed"})
# Builtins whose result can be iterated again and again.
_CONTAINER_BUILTINS = frozenset({"range", "list", "tuple", "sorted", "set", "dict"})


def builtin_call(
    evaluator: Evaluator, name: str, expr: cst.Call, scope: Scope, ordinal: int, depth: int
) -> Value:
    """A call of a name bound nowhere in the module: a builtin (`len`, `iter`, `range`...)."""
    origin = source_text(expr, 48)
    if name == "len":
        inner = evaluator.first_argument_value(expr, scope, ordinal, depth)
        if isinstance(inner, Array):
            return Number(inner.sample_count, origin, sample_count_of=origin)
        if isinstance(inner, KerasSequence):
            return Number(inner.batch_count, origin)
        if isinstance(inner, ReIterable):
            # `len(train_paths)` counts samples; `len(batches)` or `len(steps)` does not.
            argument = positional_values(expr)[0]
            counts_samples = not _NOT_SAMPLES.search(code_of(argument))
            return Number(inner.length, origin, origin if counts_samples else None)
        return UNKNOWN
    if name in ("int", "round", "abs"):
        inner = evaluator.first_argument_value(expr, scope, ordinal, depth)
        if isinstance(inner, Number):
            value = None
            if inner.value is not None:
                value = float(int(inner.value)) if name == "int" else float(round(inner.value))
                if name == "abs":
                    value = abs(inner.value)
            return Number(value, origin, inner.sample_count_of, inner.batches_of)
        return UNKNOWN
    if name in ("max", "min"):
        # max(1, n // batch_size): the count, never below 1.
        numbers = [
            evaluator.value_of(argument, scope, ordinal, depth)
            for argument in positional_values(expr)
        ]
        if len(numbers) != 2 or not all(isinstance(n, Number) for n in numbers):
            return UNKNOWN
        first, second = numbers
        assert isinstance(first, Number) and isinstance(second, Number)
        counted = [n for n in (first, second) if n.sample_count_of or n.batches_of]
        value = None
        if first.value is not None and second.value is not None:
            value = (max if name == "max" else min)(first.value, second.value)
        if len(counted) != 1:
            return Number(value, origin)
        return Number(value, origin, counted[0].sample_count_of, counted[0].batches_of)
    if name == "float":
        inner = evaluator.first_argument_value(expr, scope, ordinal, depth)
        return inner if isinstance(inner, Number) else UNKNOWN
    if name in _ITERATOR_BUILTINS:
        sources = positional_values(expr)
        if name in ("map", "filter"):
            sources = sources[1:]
        values = [evaluator.value_of(source, scope, ordinal, depth) for source in sources]
        finiteness = [is_finite(value) for value in values]
        if not values:
            return OneShot("iterator", None, origin)
        if name == "zip":
            infinite = (
                False
                if any(f is True for f in finiteness)
                else (True if all(f is False for f in finiteness) else None)
            )
        else:
            infinite = None if finiteness[0] is None else not finiteness[0]
        if name == "iter" and isinstance(values[0], KerasSequence) and values[0].is_flow:
            infinite = True  # a flow iterator loops over its data forever
        return OneShot("iterator", infinite, origin)
    if name == "range":
        return ReIterable(origin, _range_length(evaluator, expr, scope, ordinal))
    if name in ("list", "tuple", "sorted"):
        inner = evaluator.first_argument_value(expr, scope, ordinal, depth)
        length = inner.length if isinstance(inner, ReIterable) else None
        return ReIterable(origin, length)
    if name in _CONTAINER_BUILTINS:
        return ReIterable(origin)
    return UNKNOWN


# Containers whose length is not a number of samples.
_NOT_SAMPLES = re.compile(
    r"batch|step|epoch|chunk|class|label_names|categor|layer|callback|vocab|word|char",
    re.IGNORECASE,
)


def _range_length(evaluator: Evaluator, expr: cst.Call, scope: Scope, ordinal: int) -> int | None:
    bounds = []
    for argument in expr.args:
        if argument.keyword is not None or argument.star:
            return None
        number = evaluator.number_of(argument.value, scope, ordinal)
        if number is None or number.value is None:
            return None
        bounds.append(int(number.value))
    if not 1 <= len(bounds) <= 3 or (len(bounds) == 3 and bounds[2] == 0):
        return None
    return len(range(*bounds))


def files_call(
    evaluator: Evaluator, parts: list[str], expr: cst.Call, scope: Scope, ordinal: int, depth: int
) -> Value | None:
    """`glob.glob(...)`, `os.listdir(...)`: a list of files, one per sample."""
    if parts in (["glob", "glob"], ["os", "listdir"]):
        return ReIterable(source_text(expr, 48))
    return None


def itertools_call(
    evaluator: Evaluator, parts: list[str], expr: cst.Call, scope: Scope, ordinal: int, depth: int
) -> Value:
    """`itertools.<function>(...)`: which iterators never end."""
    last = parts[-1]
    origin = f"itertools.{source_text(expr, 48).split('.', 1)[-1]}"
    if last == "cycle":
        return OneShot("cycle", True, origin)
    if last == "count":
        return OneShot("iterator", True, origin)
    if last == "repeat":
        infinite = len(expr.args) < 2 and keyword_value(expr, "times") is None
        return OneShot("iterator", infinite, origin)
    if last == "islice":
        return OneShot("iterator", False, origin)
    if last in ("chain", "zip_longest", "product", "starmap", "tee", "accumulate"):
        return OneShot("iterator", None, origin)
    return UNKNOWN


def math_call(
    evaluator: Evaluator, parts: list[str], expr: cst.Call, scope: Scope, ordinal: int, depth: int
) -> Value | None:
    """`math.ceil(...)` / `math.floor(...)`; other `math` functions are not followed."""
    if parts[-1] in ("ceil", "floor"):
        return rounding(evaluator, parts[-1], expr, scope, ordinal, depth)
    return None


def rounding(
    evaluator: Evaluator, name: str, expr: cst.Call, scope: Scope, ordinal: int, depth: int
) -> Value:
    """`ceil(n)` / `floor(n)` (math's or NumPy's): a count of samples stays one."""
    inner = evaluator.first_argument_value(expr, scope, ordinal, depth)
    if not isinstance(inner, Number):
        return UNKNOWN
    value = None
    if inner.value is not None:
        value = float(math.ceil(inner.value) if name == "ceil" else math.floor(inner.value))
    return Number(value, source_text(expr, 48), inner.sample_count_of, inner.batches_of)

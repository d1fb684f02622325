"""NumPy: what its constructors, functions and array methods return (dtype, number of samples,
one sample's shape, whether the values were scaled or cast on the way)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

import libcst as cst

from fitlint.analysis.cst_util import (
    argument_value,
    dotted_name,
    keyword_value,
    number_literal,
    positional_values,
    source_text,
)
from fitlint.analysis.libraries import stdlib
from fitlint.analysis.values import (
    UNKNOWN,
    Array,
    KerasObject,
    Labels,
    Number,
    ReIterable,
    SampleShape,
    Value,
)

if TYPE_CHECKING:
    from fitlint.analysis.evaluate import Evaluator
    from fitlint.analysis.scopes import Scope

# dtype spellings: np.uint8, "uint8", tf.uint8, np.float32, "float32", float...
FLOAT_DTYPES = ("float16", "float32", "float64", "float", "double", "half", "bfloat16")
_KNOWN_DTYPES = (*FLOAT_DTYPES, "uint8", "int8", "int16", "int32", "int64", "uint16", "bool")

# Functions that return their first argument's array with the same dtype and values.
_SHAPE_ONLY = frozenset(
    {
        "reshape",
        "expand_dims",
        "squeeze",
        "transpose",
        "moveaxis",
        "swapaxes",
        "copy",
        "ascontiguousarray",
        "flip",
        "fliplr",
        "flipud",
        "rot90",
        "roll",
    }
)
# ... of those, the ones that keep the first axis, the samples.
_KEEP_SAMPLES = frozenset({"expand_dims", "copy", "ascontiguousarray"})
# ... and the ones that keep every axis's size.
_KEEP_SHAPE = frozenset({"copy", "ascontiguousarray", "flip", "fliplr", "flipud", "roll"})
# Array methods that keep dtype and values.
_ARRAY_METHODS_SAME = frozenset({"reshape", "copy", "squeeze", "transpose", "swapaxes", "view"})
# Functions applied element by element: same shape, new values.
_ELEMENTWISE = frozenset(
    {"sin", "cos", "tan", "tanh", "exp", "log", "log1p", "sqrt", "abs", "clip", "round", "floor"}
)
# Reductions: with no axis, one number.
_REDUCTIONS = frozenset({"mean", "std", "var", "max", "min", "sum", "median", "amax", "amin"})
# Array attributes the evaluator reads (`x.T`).
ARRAY_ATTRIBUTES = frozenset({"T"})


def dtype_name(node: cst.BaseExpression | None) -> str | None:
    """`np.uint8`, `"uint8"`, `tf.float32`, `float` → the dtype's name."""
    if node is None:
        return None
    if isinstance(node, cst.SimpleString):
        text = node.evaluated_value
        name = text if isinstance(text, str) else None
    else:
        dotted = dotted_name(node)
        name = dotted.rsplit(".", 1)[-1] if dotted else None
    if name is None:
        return None
    name = name.lower()
    return name if name in _KNOWN_DTYPES else None


def scaled(array: Array) -> Array:
    """Arithmetic on an array (x / 255, x - mean, x * (1 / 255)) leaves a rescaled float array
    of the same shape."""
    dtype = array.dtype if array.dtype in FLOAT_DTYPES else None
    return Array(
        dtype,
        array.sample_count,
        array.origin,
        cast_or_scaled=True,
        sample_shape=array.sample_shape,
    )


def broadcast(left: Value, right: Value) -> Array:
    """The array `left <op> right` makes: its first dimension is the broadcast of the
    operands' (`(320, 1) * (1, 8)` has 320 rows); a number keeps the array's, an operand of
    unknown shape makes it unknown; two arrays that do not agree give an unknown count. The result
    keeps the first array's dtype and origin (NumPy's promotion is left to `scaled`)."""
    arrays = [value for value in (left, right) if isinstance(value, Array)]
    first = arrays[0]
    if len(arrays) == 1:
        other = right if left is first else left
        # A number keeps the array's shape; an operand of unknown shape may broadcast it.
        if isinstance(other, Number):
            return first
        return replace(first, sample_count=None, sample_shape=None)
    shapes = {array.sample_shape for array in arrays}
    if len(shapes) != 1:
        first = replace(first, sample_shape=None)  # (N, 28, 28) * (N, 28, 1): not followed
    counts = {array.sample_count for array in arrays}
    if None in counts:
        count = None
    elif len(counts) == 1:
        count = first.sample_count
    else:
        others = counts - {1}
        count = others.pop() if len(others) == 1 else None
    return replace(first, sample_count=count)


# `np.random.default_rng(...)` / `RandomState(...)`: an object whose methods draw arrays.
RANDOM_GENERATOR = "numpy.random.Generator"
# The `size` argument's position in each drawing function (after low/high, loc/scale...).
_SIZE_POSITION = {
    "random": 0,
    "random_sample": 0,
    "uniform": 2,
    "normal": 2,
    "randint": 2,
    "integers": 2,
    "choice": 1,
    "permutation": None,
}
# The largest value `randint(low, high)` may draw for it to count as 0-255 pixel values.
_PIXEL_HIGH = 128


def random_call(
    evaluator: Evaluator, last: str, expr: cst.Call, scope: Scope, ordinal: int, origin: str
) -> Value:
    """`np.random.<last>(...)` or `rng.<last>(...)`: an array of `size` draws (a number when
    no size is given); `randint(0, 256, size, dtype=np.uint8)` draws pixel values 0-255."""
    positional = positional_values(expr)
    if last in ("rand", "randn"):
        if not positional:
            return Number(None, source_text(expr, 48))
        count = _leading_int(evaluator, positional[:1], scope, ordinal)
        return Array(
            "float64",
            count,
            origin,
            cast_or_scaled=True,
            sample_shape=sample_sizes(evaluator, positional, scope, ordinal),
        )
    if last in ("choice", "permutation"):
        return _drawn_indices(evaluator, last, expr, scope, ordinal, origin)
    if last not in _SIZE_POSITION:
        return UNKNOWN
    position = _SIZE_POSITION[last]
    size = argument_value(expr, "size", position)
    if size is None or (isinstance(size, cst.Name) and size.value == "None"):
        return Number(None, source_text(expr, 48))
    count = _shape_count(evaluator, size, scope, ordinal)
    sample_shape = sample_sizes(evaluator, [size], scope, ordinal)
    if last not in ("randint", "integers"):
        return Array("float64", count, origin, cast_or_scaled=True, sample_shape=sample_shape)
    dtype = dtype_name(argument_value(expr, "dtype", 3))
    high = argument_value(expr, "high", 1) or argument_value(expr, "low", 0)
    top = evaluator.number_of(high, scope, ordinal) if high is not None else None
    pixels = (
        dtype == "uint8" and top is not None and top.value is not None and top.value > _PIXEL_HIGH
    )
    return Array(
        dtype or "int64",
        count,
        origin,
        pixels=pixels,
        labels=_drawn_labels(evaluator, expr, size, top, scope, ordinal),
        sample_shape=sample_shape,
    )


def _drawn_labels(
    evaluator: Evaluator,
    expr: cst.Call,
    size: cst.BaseExpression,
    top: Number | None,
    scope: Scope,
    ordinal: int,
) -> Labels | None:
    """`randint(0, k, size=n)` or `randint(k, size=(n, 1))`: class indices 0..k-1 of k
    classes (a vector or a column; larger shapes are not labels)."""
    if top is None or top.value is None or top.value != int(top.value) or top.value < 2:
        return None
    low = argument_value(expr, "low", 0) if argument_value(expr, "high", 1) is not None else None
    if low is not None:
        start = evaluator.number_of(low, scope, ordinal)
        if start is None or start.value != 0:
            return None
    column = False
    if isinstance(size, cst.Tuple | cst.List):
        rest = [element.value for element in size.elements[1:]]
        if len(rest) > 1 or (rest and number_literal(rest[0]) != 1):
            return None
        column = bool(rest)
    return Labels("integer", int(top.value), source_text(expr, 48), column=column)


def call(
    evaluator: Evaluator, parts: list[str], expr: cst.Call, scope: Scope, ordinal: int, depth: int
) -> Value:
    """`np.<function>(...)`."""
    last = parts[-1]
    origin = f"np.{'.'.join(parts[1:])}(...)"
    dtype_keyword = dtype_name(keyword_value(expr, "dtype"))
    if "random" in parts:
        if last == "default_rng" or last == "RandomState":
            return KerasObject(RANDOM_GENERATOR)
        return random_call(evaluator, last, expr, scope, ordinal, origin)
    if last in ("zeros", "ones", "empty", "full"):
        shape = argument_value(expr, "shape", 0)
        count = _shape_count(evaluator, shape, scope, ordinal)
        dtype = dtype_keyword or ("float64" if last != "full" else None)
        sample_shape = sample_sizes(evaluator, [shape], scope, ordinal) if shape else None
        return Array(
            dtype, count, origin, cast_or_scaled=dtype != "uint8", sample_shape=sample_shape
        )
    if last in ("zeros_like", "ones_like", "empty_like", "full_like"):
        inner = evaluator.first_argument_value(expr, scope, ordinal, depth)
        if isinstance(inner, Array):
            dtype = dtype_keyword or inner.dtype
            return Array(
                dtype,
                inner.sample_count,
                origin,
                cast_or_scaled=dtype != "uint8",
                sample_shape=inner.sample_shape,
            )
        return UNKNOWN
    if last == "append" and keyword_value(expr, "axis") is not None:
        # np.append(a, b, axis=0): a and b joined along the samples, as concatenate does.
        return _joined(evaluator, expr, scope, ordinal, depth)
    if last in ("array", "asarray", "stack", "concatenate", "vstack"):
        inner = evaluator.first_argument_value(expr, scope, ordinal, depth)
        if dtype_keyword is not None:
            kept = isinstance(inner, Array) and last in ("array", "asarray")
            count = (
                inner.sample_count if isinstance(inner, Array) and last != "concatenate" else None
            )
            return Array(
                dtype_keyword,
                count,
                origin,
                dtype_keyword != "uint8",
                dtype_keyword == "uint8",
                sample_shape=inner.sample_shape if kept and isinstance(inner, Array) else None,
            )
        if isinstance(inner, Array) and last in ("array", "asarray"):
            return inner
        if last in ("array", "asarray"):
            dims = literal_shape(argument_value(expr, "object", 0))
            if dims:  # np.array([[0.5, 1.0]]): a literal of nested lists
                return Array(None, dims[0], origin, cast_or_scaled=True, sample_shape=dims[1:])
        if last in ("concatenate", "vstack"):
            return _joined(evaluator, expr, scope, ordinal, depth)
        return UNKNOWN
    if last in ("eye", "identity"):
        # np.eye(k)[y]: the rows of the identity picked by the labels, one-hot.
        size = argument_value(expr, "N" if last == "eye" else "n", 0)
        number = evaluator.number_of(size, scope, ordinal) if size is not None else None
        if number is not None and number.value is not None and number.value == int(number.value):
            classes = int(number.value)
            labels = Labels("one-hot", classes, source_text(expr, 48))
            return Array(dtype_keyword or "float64", classes, origin, True, labels=labels)
        return UNKNOWN
    if last == "arange":
        bounds = [evaluator.number_of(arg, scope, ordinal) for arg in positional_values(expr)]
        if len(bounds) == 1 and bounds[0] is not None and bounds[0].value is not None:
            count = max(math.ceil(bounds[0].value), 0)
            return Array(dtype_keyword or "int64", count, origin, cast_or_scaled=True)
        return Array(dtype_keyword, None, origin, cast_or_scaled=True)
    if last in _ELEMENTWISE:
        inner = evaluator.first_argument_value(expr, scope, ordinal, depth)
        if isinstance(inner, Array):
            return scaled(inner)
    if last == "prod":
        # np.prod(x.shape[1:]): the number of values in one of x's samples.
        sizes = _sizes_of_samples(evaluator, argument_value(expr, "a", 0), scope, ordinal, depth)
        if sizes is not None:
            return Number(math.prod(sizes), source_text(expr, 48))
    if last in _REDUCTIONS:
        if keyword_value(expr, "axis") is None and len(positional_values(expr)) == 1:
            return Number(None, source_text(expr, 48))
        return UNKNOWN
    if last in _SHAPE_ONLY:
        inner = evaluator.first_argument_value(expr, scope, ordinal, depth)
        if isinstance(inner, Array):
            count = None
            sample_shape = None
            if last == "reshape":
                # np.reshape(x, (-1, 784)) as x.reshape(-1, 784): the shape is the 2nd argument.
                shape = argument_value(expr, "newshape", 1) or keyword_value(expr, "shape")
                if shape is not None:
                    count = reshape_count(evaluator, [shape], inner, scope, ordinal)
                    sample_shape = reshaped(evaluator, [shape], inner, scope, ordinal)
            elif last == "expand_dims":
                count = (
                    None if axis_is_zero(evaluator, expr, scope, ordinal) else inner.sample_count
                )
                sample_shape = expanded(evaluator, expr, inner, scope, ordinal)
            elif last == "squeeze":
                sample_shape = squeezed(evaluator, expr, inner, scope, ordinal, 1)
            elif last in _KEEP_SAMPLES:
                count = inner.sample_count
            if last in _KEEP_SHAPE:
                sample_shape = inner.sample_shape
            return replace(inner, sample_count=count, sample_shape=sample_shape)
        return UNKNOWN
    if last in ("ceil", "floor"):
        return stdlib.rounding(evaluator, last, expr, scope, ordinal, depth)
    if last in ("array_split", "split", "hsplit", "vsplit"):
        return ReIterable(origin)  # a list of arrays
    if last in ("float32", "float64", "float16"):
        inner = evaluator.first_argument_value(expr, scope, ordinal, depth)
        if isinstance(inner, Array):
            return Array(
                last,
                inner.sample_count,
                inner.origin,
                cast_or_scaled=True,
                sample_shape=inner.sample_shape,
            )
    return UNKNOWN


def array_method(
    evaluator: Evaluator,
    array: Array,
    func: cst.Attribute,
    expr: cst.Call,
    scope: Scope,
    ordinal: int,
) -> Value:
    """`x.<method>(...)` on an array."""
    method = func.attr.value
    if method == "astype":
        dtype = dtype_name(argument_value(expr, "dtype", 0))
        if dtype == "uint8":
            origin = f'{source_text(func.value, 24)}.astype("uint8")'
            return Array(
                "uint8",
                array.sample_count,
                origin,
                pixels=True,
                labels=array.labels,
                sample_shape=array.sample_shape,
            )
        return Array(
            dtype,
            array.sample_count,
            array.origin,
            cast_or_scaled=True,
            labels=array.labels,
            sample_shape=array.sample_shape,
        )
    if method in _REDUCTIONS:
        if not expr.args:
            return Number(None, source_text(expr, 48))
        return UNKNOWN
    if method in _ARRAY_METHODS_SAME:
        count: int | None = array.sample_count
        sample_shape = array.sample_shape
        if method == "reshape":
            count = reshape_count(evaluator, positional_values(expr), array, scope, ordinal)
            sample_shape = reshaped(evaluator, positional_values(expr), array, scope, ordinal)
        elif method in ("transpose", "swapaxes"):
            count = None  # the samples leave the first axis (or may: swapaxes(0, k))
            sample_shape = None
        elif method == "squeeze":
            sample_shape = squeezed(evaluator, expr, array, scope, ordinal, 0)
        labels = _kept_labels(array.labels, method, positional_values(expr))
        return replace(array, sample_count=count, labels=labels, sample_shape=sample_shape)
    if method in ("ravel", "flatten") and array.labels is not None:
        # A label column made a vector; for anything else the samples are not known.
        return replace(
            array,
            sample_count=None,
            labels=_kept_labels(array.labels, method),
            sample_shape=None,
        )
    return UNKNOWN


def _kept_labels(
    labels: Labels | None, method: str, shape: list[cst.BaseExpression] | None = None
) -> Labels | None:
    """Class indices keep their meaning through reshape/squeeze/ravel (a vector or a
    column); one-hot rows only through copies."""
    if labels is None or method in ("copy", "view"):
        return labels
    if labels.encoding != "integer":
        return None
    if method in ("squeeze", "ravel", "flatten"):
        return replace(labels, column=False)
    if method == "reshape" and shape:
        column = len(shape) == 2 and number_literal(shape[1]) == 1
        vector = len(shape) == 1 or (
            len(shape) == 1 and isinstance(shape[0], cst.Tuple) and len(shape[0].elements) == 1
        )
        if column or vector:
            return replace(labels, column=column)
    return None


def array_attribute(owner: Value, attribute: str) -> Value:
    """`x.T`: the same values, samples no longer on the first axis."""
    if attribute == "T" and isinstance(owner, Array):
        return replace(owner, sample_count=None, labels=None, sample_shape=None)
    return UNKNOWN


def _joined(evaluator: Evaluator, expr: cst.Call, scope: Scope, ordinal: int, depth: int) -> Value:
    """`np.concatenate((x_train, x_test))` (along the samples, axis 0): raw uint8 pixel arrays
    make raw uint8 pixels; arrays whose samples have one shape keep it. Anything else
    joined (a scaled part, an unknown part) is not known."""
    positional = positional_values(expr)
    if _called(expr) == "append" and len(positional) >= 2:
        joined: list[cst.BaseExpression] = positional[:2]
    elif positional and isinstance(positional[0], cst.Tuple | cst.List):
        if any(isinstance(element, cst.StarredElement) for element in positional[0].elements):
            return UNKNOWN
        joined = [element.value for element in positional[0].elements]
    else:
        return UNKNOWN
    parts = [evaluator.value_of(part, scope, ordinal, depth) for part in joined]
    if not parts:
        return UNKNOWN
    arrays = [part for part in parts if isinstance(part, Array)]
    if len(arrays) != len(parts):
        return UNKNOWN
    axis = argument_value(expr, "axis", 2 if _called(expr) == "append" else 1)
    along_samples = axis is None or number_literal(axis) == 0
    shapes = {array.sample_shape for array in arrays}
    if shapes == {()} and _called(expr) == "vstack":
        shapes = {None}  # np.vstack of vectors makes each one a row: not along the samples
    sample_shape = shapes.pop() if len(shapes) == 1 and along_samples else None
    first = arrays[0]
    if all(
        array.dtype == "uint8" and array.pixels and not array.cast_or_scaled for array in arrays
    ):
        return Array("uint8", None, first.origin, pixels=True, sample_shape=sample_shape)
    if sample_shape is not None:
        dtypes = {array.dtype for array in arrays}
        dtype = dtypes.pop() if len(dtypes) == 1 else None
        return Array(dtype, None, first.origin, cast_or_scaled=True, sample_shape=sample_shape)
    return UNKNOWN


def _leading_int(
    evaluator: Evaluator, nodes: Sequence[cst.BaseExpression], scope: Scope, ordinal: int
) -> int | None:
    if not nodes:
        return None
    number = evaluator.number_of(nodes[0], scope, ordinal)
    if number is None or number.value is None:
        return None
    return int(number.value)


def _shape_count(
    evaluator: Evaluator, shape: cst.BaseExpression | None, scope: Scope, ordinal: int
) -> int | None:
    """The first dimension of a shape argument: `(1000, 10)`, `[1000]` or `1000`."""
    if shape is None:
        return None
    if isinstance(shape, cst.Tuple | cst.List):
        if not shape.elements:
            return None
        return _leading_int(evaluator, [shape.elements[0].value], scope, ordinal)
    return _leading_int(evaluator, [shape], scope, ordinal)


def axis_is_zero(evaluator: Evaluator, expr: cst.Call, scope: Scope, ordinal: int) -> bool:
    """`expand_dims(x, 0)` / `axis=0`: a new first axis, so the samples move to the second."""
    axis = argument_value(expr, "axis", 1)
    number = evaluator.number_of(axis, scope, ordinal) if axis is not None else None
    return number is None or number.value is None or number.value == 0


def reshape_count(
    evaluator: Evaluator,
    shape: Sequence[cst.BaseExpression],
    array: Array,
    scope: Scope,
    ordinal: int,
) -> int | None:
    """The first dimension after a reshape to `shape` (the arguments of `x.reshape(...)`, or
    one tuple): `(-1, 784)` and `(len(x), ...)` keep the sample count; other shapes are
    not followed."""
    if not shape:
        return None
    dimensions = list(shape)
    if len(dimensions) == 1 and isinstance(dimensions[0], cst.Tuple | cst.List):
        dimensions = [element.value for element in dimensions[0].elements]
    if not dimensions:
        return None
    number = evaluator.number_of(dimensions[0], scope, ordinal)
    if number is None or number.value is None:
        return None
    if number.value == -1 and len(dimensions) > 1:
        return array.sample_count
    if number.value == array.sample_count:
        return array.sample_count
    return int(number.value) if number.value > 0 else None


# --- shapes -----------------------------------------------------------------------------------


def _called(expr: cst.Call) -> str | None:
    """The last name of the function called: `np.vstack(...)` → "vstack"."""
    func = expr.func
    if isinstance(func, cst.Attribute):
        return func.attr.value
    return func.value if isinstance(func, cst.Name) else None


def shape_dims(
    evaluator: Evaluator, nodes: Sequence[cst.BaseExpression], scope: Scope, ordinal: int
) -> tuple[int, ...] | None:
    """The sizes a shape is written with: the arguments of `rand(1000, 28, 28)`, or one
    `(1000, 28, 28)` / `[1000, 784]` / `1000`; None when a size is not a known integer."""
    items = list(nodes)
    if len(items) == 1 and isinstance(items[0], cst.Tuple | cst.List):
        elements = items[0].elements
        if any(isinstance(element, cst.StarredElement) for element in elements):
            return None
        items = [element.value for element in elements]
    dims = []
    for item in items:
        number = evaluator.number_of(item, scope, ordinal)
        if number is None or number.value is None or number.value != int(number.value):
            return None
        dims.append(int(number.value))
    return tuple(dims)


def sample_sizes(
    evaluator: Evaluator, nodes: Sequence[cst.BaseExpression], scope: Scope, ordinal: int
) -> SampleShape | None:
    """One sample's shape in an array made with the shape `nodes` (the arguments of
    `rand(n, 28, 28)`, or one `(len(x), 784)` / `784` / `x.shape`): every size after the
    first known; the first (the samples) may be any expression."""
    items = list(nodes)
    if len(items) == 1:
        node = items[0]
        if isinstance(node, cst.Attribute) and node.attr.value == "shape":
            owner = evaluator.value_of(node.value, scope, ordinal)
            return owner.sample_shape if isinstance(owner, Array) else None  # like `x`
        if isinstance(node, cst.Tuple | cst.List):
            if any(isinstance(element, cst.StarredElement) for element in node.elements):
                return None
            items = [element.value for element in node.elements]
        elif evaluator.number_of(node, scope, ordinal) is not None:
            return ()  # a vector: one number per sample
        else:
            return None  # a name that may hold a whole shape
    if not items:
        return None
    rest = shape_dims(evaluator, items[1:], scope, ordinal)
    if rest is None or any(size < 0 for size in rest):
        return None
    return rest


def _drawn_indices(
    evaluator: Evaluator, last: str, expr: cst.Call, scope: Scope, ordinal: int, origin: str
) -> Value:
    """`np.random.permutation(n)` / `choice(n, k)`: a vector of indices (or of drawn
    values), used to pick samples (`x[idx]`)."""
    size = argument_value(expr, "size", 1) if last == "choice" else None
    if last == "choice" and size is None:
        return Number(None, source_text(expr, 48))  # one draw
    if size is not None and not (
        evaluator.number_of(size, scope, ordinal) is not None
        or (isinstance(size, cst.Tuple | cst.List) and len(size.elements) == 1)
    ):
        return UNKNOWN  # a shape of several axes
    count_node = size if size is not None else argument_value(expr, "x", 0)
    count = _shape_count(evaluator, count_node, scope, ordinal) if count_node else None
    return Array(None, count, origin, cast_or_scaled=True, sample_shape=())


def reshaped(
    evaluator: Evaluator,
    shape: Sequence[cst.BaseExpression],
    array: Array,
    scope: Scope,
    ordinal: int,
) -> SampleShape | None:
    """One sample's shape after `array.reshape(shape)`: `(-1, 784)` → (784,);
    `(x.shape[0], 28, 28, 1)` → (28, 28, 1); `(len(x), -1)` → the product of the sample's
    sizes. A first size that is not -1 is taken to count the samples."""
    nodes = list(shape)
    if len(nodes) == 1 and isinstance(nodes[0], cst.Tuple | cst.List | cst.BinaryOperation):
        items = tuple_items(evaluator, nodes[0], scope, ordinal)
        if items is None:
            return None
        nodes = items
    if len(nodes) < 2:
        return None  # a flat vector: no samples axis left
    first = evaluator.number_of(nodes[0], scope, ordinal)
    rest = shape_dims(evaluator, nodes[1:], scope, ordinal)
    if rest is None:
        return None
    if first is not None and first.value == -1:
        return rest if all(size > 0 for size in rest) else None
    if rest.count(-1) > 1 or any(size == 0 or size < -1 for size in rest):
        return None
    if -1 not in rest:
        return rest
    # `(len(x), -1)`: the samples stay, their values fill the -1.
    samples_kept = first is not None and (
        first.sample_count_of is not None
        or (first.value is not None and first.value == array.sample_count)
    )
    if not samples_kept or array.sample_shape is None:
        return None
    known = math.prod(size for size in rest if size != -1)
    total = math.prod(array.sample_shape)
    if known == 0 or total % known:
        return None
    return tuple(total // known if size == -1 else size for size in rest)


def expanded(
    evaluator: Evaluator, expr: cst.Call, array: Array, scope: Scope, ordinal: int
) -> SampleShape | None:
    """One sample's shape after `np.expand_dims(x, axis)`: axis -1 appends a size 1."""
    if array.sample_shape is None:
        return None
    axis = argument_value(expr, "axis", 1)
    number = evaluator.number_of(axis, scope, ordinal) if axis is not None else None
    if number is None or number.value is None or number.value != int(number.value):
        return None
    rank = len(array.sample_shape) + 2  # the samples, a sample's axes, the new one
    position = int(number.value) if number.value >= 0 else rank + int(number.value)
    if not 1 <= position < rank:
        return None  # axis 0: the samples move
    dims = list(array.sample_shape)
    dims.insert(position - 1, 1)
    return tuple(dims)


def squeezed(
    evaluator: Evaluator,
    expr: cst.Call,
    array: Array,
    scope: Scope,
    ordinal: int,
    axis_position: int,
) -> SampleShape | None:
    """One sample's shape after `squeeze`: every size 1 goes (the samples' axis too when
    there is one sample, so that is not followed), or the one `axis` names."""
    if array.sample_shape is None or array.sample_count in (None, 1):
        return None
    axis = argument_value(expr, "axis", axis_position)
    if axis is None:
        return tuple(size for size in array.sample_shape if size != 1)
    number = evaluator.number_of(axis, scope, ordinal)
    if number is None or number.value is None:
        return None
    rank = len(array.sample_shape) + 1
    position = int(number.value) if number.value >= 0 else rank + int(number.value)
    if not 1 <= position < rank or array.sample_shape[position - 1] != 1:
        return None
    dims = list(array.sample_shape)
    del dims[position - 1]
    return tuple(dims)


def indexed(array: Array, kinds: Sequence[str]) -> SampleShape | None:
    """One sample's shape after `x[...]` with these index kinds, one per index: "all"
    (`:`), "part" (a slice with bounds; "part:START:STOP:STEP" when they are known numbers),
    "new" (`None`, `np.newaxis`), "ellipsis", "int",
    "array" (an index array or mask); anything else is "other". `x[:1000]`, `x[idx]`,
    `x[..., np.newaxis]`, `x[:, :, :, None]` and `x[:, :, :, 0]` are followed; a new axis
    before the samples, or a slice or array along a sample's axis, is not."""
    if array.sample_shape is None or "other" in kinds or kinds.count("ellipsis") > 1:
        return None
    dims: list[int | None] = [None, *array.sample_shape]  # None: the samples' axis
    consuming = [kind for kind in kinds if kind not in ("new", "ellipsis")]
    fill = len(dims) - len(consuming)
    if fill < 0:
        return None
    out: list[int | None] = []
    position = 0
    for kind in kinds:
        if kind == "ellipsis":
            out.extend(dims[position : position + fill])
            position += fill
        elif kind == "new":
            out.append(1)
        elif kind == "all" or (kind.startswith(("part", "array")) and position == 0):
            out.append(dims[position])
            position += 1
        elif kind.startswith("part:"):
            # A known part of a sample's axis: `data[:, :-1]` keeps all columns but one.
            size = dims[position]
            assert size is not None
            start, stop, step = (int(text) if text else None for text in kind[5:].split(":"))
            if step == 0:
                return None
            out.append(len(range(*slice(start, stop, step).indices(size))))
            position += 1
        elif kind == "int" and position > 0:
            position += 1  # that axis is dropped
        else:
            return None
    out.extend(dims[position:])
    if not out or out[0] is not None or None in out[1:]:
        return None  # the samples are no longer the first axis
    return tuple(size for size in out[1:] if size is not None)


def literal_shape(node: cst.BaseExpression | None) -> tuple[int, ...] | None:
    """The shape of nested list / tuple literals of numbers, `[[1, 2], [3, 4]]` → (2, 2);
    None when the nesting is ragged or holds anything else."""
    if not isinstance(node, cst.List | cst.Tuple):
        return None if node is None or number_literal(node) is None else ()
    elements = node.elements
    if not elements or any(isinstance(element, cst.StarredElement) for element in elements):
        return None
    inner = {literal_shape(element.value) for element in elements}
    if len(inner) != 1:
        return None
    (shape,) = inner
    return None if shape is None else (len(elements), *shape)


def _sizes_of_samples(
    evaluator: Evaluator, node: cst.BaseExpression | None, scope: Scope, ordinal: int, depth: int
) -> SampleShape | None:
    """`x.shape[1:]`: the sizes of one of x's samples."""
    if not (
        isinstance(node, cst.Subscript)
        and isinstance(node.value, cst.Attribute)
        and node.value.attr.value == "shape"
        and len(node.slice) == 1
        and isinstance(node.slice[0].slice, cst.Slice)
    ):
        return None
    part = node.slice[0].slice
    assert isinstance(part, cst.Slice)
    if part.upper is not None or part.step is not None or part.lower is None:
        return None
    if number_literal(part.lower) != 1:
        return None
    owner = evaluator.value_of(node.value.value, scope, ordinal, depth)
    return owner.sample_shape if isinstance(owner, Array) else None


def tuple_items(
    evaluator: Evaluator, node: cst.BaseExpression, scope: Scope, ordinal: int, depth: int = 0
) -> list[cst.BaseExpression] | None:
    """The elements of a shape written as a tuple: `(n, 28, 28)`, `(x.shape[0],) + img_shape`,
    `(*img_shape, 1)`, through names bound to tuples; None when one is not written out."""
    if depth > 3:
        return None
    if isinstance(node, cst.Tuple | cst.List):
        items: list[cst.BaseExpression] = []
        for element in node.elements:
            if isinstance(element, cst.StarredElement):
                inner = tuple_items(evaluator, element.value, scope, ordinal, depth + 1)
                if inner is None:
                    return None
                items.extend(inner)
            else:
                items.append(element.value)
        return items
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
        left = tuple_items(evaluator, node.left, scope, ordinal, depth + 1)
        right = tuple_items(evaluator, node.right, scope, ordinal, depth + 1)
        return None if left is None or right is None else left + right
    if isinstance(node, cst.Name):
        binding = evaluator.bindings.lookup(node.value, scope, ordinal)
        if (
            binding is not None
            and not binding.unpack_path
            and isinstance(binding.value_expr, cst.Tuple | cst.List)
            # One shape for the name: `if channels_last: shape = (28, 28, 1) else: shape =
            # (1, 28, 28)` holds whichever branch ran.
            and len(binding.scope.bindings.get(node.value, ())) == 1
        ):
            return tuple_items(
                evaluator, binding.value_expr, binding.scope, binding.ordinal, depth + 1
            )
    return None

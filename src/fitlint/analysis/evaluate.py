"""Abstract evaluation of expressions: what value (array, dataset, generator, number, model...)
an expression holds at a point of the module, from the bindings the model recorded."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import replace

import libcst as cst

from fitlint.analysis import keras
from fitlint.analysis.names import dotted_name
from fitlint.analysis.scopes import Binding, FunctionInfo, Scope
from fitlint.analysis.values import (
    UNKNOWN,
    Array,
    ClassInfo,
    Dataset,
    Foreign,
    GeneratorFunction,
    ImportedInstance,
    Instance,
    KerasModel,
    KerasObject,
    KerasSequence,
    Number,
    OneShot,
    ReIterable,
    TupleValue,
    Value,
)

# How deep evaluation may recurse (a = b; b = c; ... and calls of local functions).
MAX_DEPTH = 24

_CODE = cst.Module(body=())

# dtype spellings: np.uint8, "uint8", tf.uint8, np.float32, "float32", float...
_FLOAT_DTYPES = ("float16", "float32", "float64", "float", "double", "half", "bfloat16")
_KNOWN_DTYPES = (*_FLOAT_DTYPES, "uint8", "int8", "int16", "int32", "int64", "uint16", "bool")

# Names that say a number counts samples (`nb_train_samples`, `num_images`), and words
# that say it counts something else (`samples_per_batch`, `image_size`).
_SAMPLE_COUNT_NAME = re.compile(r"samples?|images?|imgs", re.IGNORECASE)
_NOT_A_SAMPLE_COUNT = re.compile(
    r"per|batch|step|epoch|size|shape|dim|height|width|rows|cols|channel|rate", re.IGNORECASE
)

# keras.datasets.<name>.load_data(): ((x_train, y_train), (x_test, y_test)) sizes and dtypes.
KERAS_DATASETS = {
    "mnist": (60000, 10000, "uint8"),
    "fashion_mnist": (60000, 10000, "uint8"),
    "cifar10": (50000, 10000, "uint8"),
    "cifar100": (50000, 10000, "uint8"),
}

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
_ARRAY_METHODS_SAME = frozenset({"reshape", "copy", "squeeze", "transpose", "swapaxes", "view"})

# tf.data.Dataset methods that keep the number of elements.
_DATASET_SAME_COUNT = frozenset(
    {"shuffle", "prefetch", "cache", "with_options", "map", "apply", "enumerate", "ignore_errors"}
)


def code_of(node: cst.CSTNode) -> str:
    return _CODE.code_for_node(node)


def short_code(node: cst.CSTNode, limit: int = 48) -> str:
    text = " ".join(code_of(node).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _number_literal(node: cst.BaseExpression) -> float | None:
    if isinstance(node, cst.Integer):
        return float(node.evaluated_value)
    if isinstance(node, cst.Float):
        return node.evaluated_value
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Minus):
        inner = _number_literal(node.expression)
        return None if inner is None else -inner
    return None


def _dtype_name(node: cst.BaseExpression | None) -> str | None:
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


def _keyword(call: cst.Call, name: str) -> cst.BaseExpression | None:
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == name:
            return arg.value
    return None


def _positional(call: cst.Call) -> list[cst.BaseExpression]:
    return [arg.value for arg in call.args if arg.keyword is None and not arg.star]


def _argument(call: cst.Call, name: str, position: int) -> cst.BaseExpression | None:
    found = _keyword(call, name)
    if found is not None:
        return found
    positional = _positional(call)
    return positional[position] if position < len(positional) else None


def is_finite(value: Value) -> bool | None:
    """Whether iterating `value` ends: True, False (it never ends), None (unknown)."""
    if isinstance(value, Array | ReIterable):
        return True
    if isinstance(value, Dataset):
        return not value.infinite
    if isinstance(value, OneShot):
        return None if value.infinite is None else not value.infinite
    if isinstance(value, TupleValue):
        return True
    return None


def is_infinite(value: Value) -> bool:
    return isinstance(value, OneShot | Dataset) and value.infinite is True


class ValueEvaluator:
    """Mixed into ModuleModel: evaluates expressions against its scopes and bindings."""

    module_scope: Scope
    _value_cache: dict[int, Value]

    # Provided by ModuleModel.
    lookup: Callable[[str, Scope, int], Binding | None]
    qualified_name: Callable[[cst.BaseExpression, Scope, int], str | None]
    class_is_keras_model: Callable[..., bool | None]
    class_has_base: Callable[..., bool]

    # --- entry points ----------------------------------------------------------------

    def value_of(
        self, expr: cst.BaseExpression, scope: Scope, ordinal: int, depth: int = 0
    ) -> Value:
        if depth > MAX_DEPTH:
            return UNKNOWN
        depth += 1
        if isinstance(expr, cst.Name):
            binding = self.lookup(expr.value, scope, ordinal)
            value = UNKNOWN if binding is None else self.binding_value(binding, depth)
            if (
                isinstance(value, Number)
                and value.sample_count_of is None
                and _SAMPLE_COUNT_NAME.search(expr.value)
                and not _NOT_A_SAMPLE_COUNT.search(expr.value)
            ):
                # `nb_train_samples = 2000`: the name says what the number counts.
                return Number(value.value, expr.value, sample_count_of=expr.value)
            return value
        literal = _number_literal(expr)
        if literal is not None:
            return Number(literal, code_of(expr))
        if isinstance(expr, cst.Attribute):
            return self._attribute_value(expr, scope, ordinal, depth)
        if isinstance(expr, cst.Call):
            return self._call_value(expr, scope, ordinal, depth)
        if isinstance(expr, cst.BinaryOperation):
            return self._binary_value(expr, scope, ordinal, depth)
        if isinstance(expr, cst.Subscript):
            return self._subscript_value(expr, scope, ordinal, depth)
        if isinstance(expr, cst.Tuple):
            elements = []
            for element in expr.elements:
                if isinstance(element, cst.StarredElement):
                    return ReIterable("tuple")
                elements.append(self.value_of(element.value, scope, ordinal, depth))
            return TupleValue(tuple(elements))
        if isinstance(
            expr, cst.List | cst.Set | cst.Dict | cst.ListComp | cst.SetComp | cst.DictComp
        ):
            return ReIterable(type(expr).__name__.lower())
        if isinstance(expr, cst.GeneratorExp):
            source = self.value_of(expr.for_in.iter, scope, ordinal, depth)
            finite = is_finite(source)
            return OneShot("iterator", None if finite is None else not finite, short_code(expr))
        return UNKNOWN

    def binding_value(self, binding: Binding, depth: int = 0) -> Value:
        key = id(binding)
        cached = self._value_cache.get(key)
        if cached is not None:
            return cached
        self._value_cache[key] = UNKNOWN  # guards against a = a cycles
        value: Value = UNKNOWN
        if binding.kind == "assign" and binding.value_expr is not None:
            value = self.value_of(binding.value_expr, binding.scope, binding.ordinal, depth + 1)
            for index in binding.unpack_path:
                value = _unpack(value, index)
        elif binding.kind == "augassign" and binding.value_expr is not None:
            value = self._augmented_value(binding, depth + 1)
        elif binding.kind == "function" and binding.function is not None:
            function = binding.function
            if function.is_generator:
                value = GeneratorFunction(function.name, function.is_infinite_generator)
        self._value_cache[key] = value
        return value

    def number_of(self, expr: cst.BaseExpression, scope: Scope, ordinal: int) -> Number | None:
        value = self.value_of(expr, scope, ordinal)
        return value if isinstance(value, Number) else None

    # --- expressions -----------------------------------------------------------------

    def _augmented_value(self, binding: Binding, depth: int) -> Value:
        assert binding.value_expr is not None
        previous = self.lookup(binding.name, binding.scope, binding.ordinal)
        if previous is None or previous is binding or previous.ordinal >= binding.ordinal:
            return UNKNOWN
        before = self.binding_value(previous, depth)
        operand = self.value_of(binding.value_expr, binding.scope, binding.ordinal, depth)
        operator = binding.aug_operator
        if isinstance(before, Array):
            return _scaled(before)
        if isinstance(before, Number) and isinstance(operand, Number) and operator is not None:
            return _arithmetic(before, operand, type(operator).__name__.removesuffix("Assign"))
        return UNKNOWN

    def _attribute_value(
        self, expr: cst.Attribute, scope: Scope, ordinal: int, depth: int
    ) -> Value:
        # `self.model` inside a method: the class's `self.model = ...` assignments.
        if isinstance(expr.value, cst.Name) and expr.value.value == "self":
            class_scope = scope.enclosing_class_scope()
            if class_scope is not None:
                bindings = class_scope.bindings.get(f"self.{expr.attr.value}")
                if bindings:
                    values = {self.binding_value(b, depth) for b in bindings}
                    return values.pop() if len(values) == 1 else UNKNOWN
            return UNKNOWN
        attribute = expr.attr.value
        if attribute in ("samples", "n"):
            owner = self.value_of(expr.value, scope, ordinal, depth)
            if isinstance(owner, KerasSequence) and owner.is_flow:
                return Number(owner.sample_count, code_of(expr), sample_count_of=code_of(expr))
        if attribute == "T":
            owner = self.value_of(expr.value, scope, ordinal, depth)
            if isinstance(owner, Array):
                return replace(owner, sample_count=None)
        return UNKNOWN

    def _binary_value(
        self, expr: cst.BinaryOperation, scope: Scope, ordinal: int, depth: int
    ) -> Value:
        left = self.value_of(expr.left, scope, ordinal, depth)
        right = self.value_of(expr.right, scope, ordinal, depth)
        if isinstance(left, Array) or isinstance(right, Array):
            array = left if isinstance(left, Array) else right
            assert isinstance(array, Array)
            return _scaled(array)
        if isinstance(left, Number) and isinstance(right, Number):
            return _arithmetic(left, right, type(expr.operator).__name__, code_of(expr))
        return UNKNOWN

    def _subscript_value(
        self, expr: cst.Subscript, scope: Scope, ordinal: int, depth: int
    ) -> Value:
        # x.shape[0]: the number of samples of x.
        if isinstance(expr.value, cst.Attribute) and expr.value.attr.value == "shape":
            owner = self.value_of(expr.value.value, scope, ordinal, depth)
            index = _single_index(expr)
            if isinstance(owner, Array) and index is not None and _number_literal(index) == 0:
                text = code_of(expr)
                return Number(owner.sample_count, text, sample_count_of=text)
            return UNKNOWN
        base = self.value_of(expr.value, scope, ordinal, depth)
        index = _single_index(expr)
        if isinstance(base, TupleValue) and index is not None:
            position = _number_literal(index)
            if position is not None and int(position) == position:
                return _unpack(base, int(position))
            return UNKNOWN
        if isinstance(base, Array):
            first = expr.slice[0].slice
            count = None
            if isinstance(first, cst.Slice):
                count = self._slice_count(first, base.sample_count, scope, ordinal)
            elif isinstance(first, cst.Index) and isinstance(first.value, cst.Ellipsis):
                count = base.sample_count
            return replace(base, sample_count=count)
        return UNKNOWN

    def _slice_count(
        self, element: cst.BaseSlice, total: int | None, scope: Scope, ordinal: int
    ) -> int | None:
        if not isinstance(element, cst.Slice) or element.step is not None or total is None:
            return None
        bounds: list[int | None] = []
        for bound in (element.lower, element.upper):
            if bound is None:
                bounds.append(None)
                continue
            number = self.number_of(bound, scope, ordinal)
            if number is None or number.value is None:
                return None
            bounds.append(int(number.value))
        start, stop, _ = slice(bounds[0], bounds[1]).indices(total)
        return max(stop - start, 0)

    # --- calls -----------------------------------------------------------------------

    def _call_value(self, expr: cst.Call, scope: Scope, ordinal: int, depth: int) -> Value:
        func = expr.func
        qualname = self.qualified_name(func, scope, ordinal)
        if qualname is not None:
            return self._library_call(qualname, expr, scope, ordinal, depth)
        if isinstance(func, cst.Name):
            binding = self.lookup(func.value, scope, ordinal)
            if binding is None:
                return self._builtin_call(func.value, expr, scope, ordinal, depth)
            if binding.kind == "class" and isinstance(binding.class_info, ClassInfo):
                info = binding.class_info
                if self.class_has_base(info, keras.is_keras_sequence_class):
                    return KerasSequence(f"{info.name}(...)")
                return Instance(info)
            if binding.kind == "function" and binding.function is not None:
                return self._function_result(binding.function, expr, depth)
            return UNKNOWN
        if isinstance(func, cst.Attribute):
            return self._method_call(func, expr, scope, ordinal, depth)
        return UNKNOWN

    def _function_result(self, function: FunctionInfo, call: cst.Call, depth: int) -> Value:
        if function.is_generator:
            infinite: bool | None = True
            if not function.is_infinite_generator:
                infinite = False if self._generator_ends(function, depth) else None
            return OneShot("generator", infinite, f"{function.name}()")
        values = {self.value_of(expr, function.scope, o, depth) for expr, o in function.returns}
        if len(values) == 1:
            return values.pop()
        models = {v for v in values if isinstance(v, KerasModel)}
        # Different returns of different Keras models are still a Keras model.
        if models and len(models) == len(values):
            return KerasModel(None, built_here=all(m.built_here for m in models))
        return UNKNOWN

    def _generator_ends(self, function: FunctionInfo, depth: int) -> bool:
        """Known to end: every `yield` sits only in `for` loops over finite things
        (`range(...)`, lists, arrays); `for a, b in zip(flow1, flow2)` may never end."""
        for loops in function.yield_loops:
            for loop in loops:
                node = loop.node
                if not isinstance(node, cst.For):
                    return False
                if is_finite(self.value_of(node.iter, loop.scope, loop.ordinal, depth)) is not True:
                    return False
        return True

    def _library_call(
        self, qualname: str, expr: cst.Call, scope: Scope, ordinal: int, depth: int
    ) -> Value:
        parts = qualname.split(".")
        last = parts[-1]
        root = parts[0]
        if keras.is_keras_model_constructor(qualname):
            class_name = {"Sequential": "Sequential", "Model": "Functional"}.get(last)
            return KerasModel(class_name, built_here=last in ("Sequential", "Model"))
        if keras.is_keras_qualname(qualname) or root == "tensorflow":
            return self._keras_or_tf_call(qualname, expr, scope, ordinal, depth)
        if root == "numpy":
            return self._numpy_call(parts, expr, scope, ordinal, depth)
        if root == "itertools":
            return self._itertools_call(last, expr, scope, ordinal, depth)
        if root == "math" and last in ("ceil", "floor"):
            return self._rounding(last, expr, scope, ordinal, depth)
        if qualname.endswith("model_selection.train_test_split"):
            return self._train_test_split(expr, scope, ordinal, depth)
        if keras.is_foreign_qualname(qualname):
            return Foreign(qualname)
        if _is_class_name(last) and not keras.builds_keras_models(qualname):
            return ImportedInstance(qualname)
        return UNKNOWN

    def _keras_or_tf_call(
        self, qualname: str, expr: cst.Call, scope: Scope, ordinal: int, depth: int
    ) -> Value:
        parts = qualname.split(".")
        last = parts[-1]
        if last == "load_data" and len(parts) >= 3 and parts[-3] == "datasets":
            known = KERAS_DATASETS.get(parts[-2])
            if known is None:
                return UNKNOWN
            train, test, dtype = known
            source = f"keras.datasets.{parts[-2]}.load_data()"

            def split(count: int) -> TupleValue:
                return TupleValue(
                    (
                        Array(dtype, count, source, pixels=True),
                        Array(dtype, count, f"{source} labels"),
                    )
                )

            return TupleValue((split(train), split(test)))
        if last == "cast" or last == "convert_image_dtype":
            inner = self._first_argument_value(expr, scope, ordinal, depth)
            if isinstance(inner, Array):
                cast_dtype = _dtype_name(_argument(expr, "dtype", 1))
                return Array(cast_dtype, inner.sample_count, inner.origin, cast_or_scaled=True)
            return UNKNOWN
        if last in ("expand_dims", "reshape", "squeeze", "convert_to_tensor", "constant"):
            inner = self._first_argument_value(expr, scope, ordinal, depth)
            if isinstance(inner, Array) and _keyword(expr, "dtype") is None:
                count = inner.sample_count if last != "reshape" else None
                return replace(inner, sample_count=count)
            return UNKNOWN
        if "Dataset" in parts:
            return self._dataset_constructor(last, expr, scope, ordinal, depth)
        if last == "ImageDataGenerator":
            return KerasObject("ImageDataGenerator")
        if last in ("to_categorical",):
            inner = self._first_argument_value(expr, scope, ordinal, depth)
            count = inner.sample_count if isinstance(inner, Array) else None
            return Array("float32", count, "to_categorical(...)", cast_or_scaled=True)
        if last in (
            "image_dataset_from_directory",
            "text_dataset_from_directory",
            "timeseries_dataset_from_array",
            "audio_dataset_from_directory",
        ):
            return Dataset(None, "unknown", batched=True, origin=f"{last}(...)")
        return UNKNOWN

    def _dataset_constructor(
        self, last: str, expr: cst.Call, scope: Scope, ordinal: int, depth: int
    ) -> Value:
        origin = short_code(expr)
        if last == "from_tensor_slices":
            source = self._first_argument_value(expr, scope, ordinal, depth)
            arrays = _leading_arrays(source)
            if not arrays:
                return Dataset(None, "unknown", origin=origin)
            count = arrays[0].sample_count
            images = arrays[0]
            text = str(count) if count is not None else "unknown"
            return Dataset(count, text, origin=origin, element=images)
        if last == "from_generator":
            producer = _argument(expr, "generator", 0)
            if isinstance(producer, cst.Lambda):
                # from_generator(lambda: batches(x, y)): what the lambda returns.
                made = self.value_of(producer.body, scope, ordinal, depth)
                infinite = isinstance(made, OneShot) and made.infinite is True
            else:
                function = (
                    self.value_of(producer, scope, ordinal, depth)
                    if producer is not None
                    else UNKNOWN
                )
                infinite = isinstance(function, GeneratorFunction) and function.infinite
            return Dataset(
                None,
                "unknown",
                infinite=infinite,
                origin=origin,
                infinite_reason="generator" if infinite else None,
            )
        if last == "range":
            positional = _positional(expr)
            numbers = [self.number_of(arg, scope, ordinal) for arg in positional[:2]]
            if len(numbers) == 1 and numbers[0] is not None and numbers[0].value is not None:
                count = int(numbers[0].value)
                return Dataset(count, str(count), origin=origin)
            return Dataset(None, "unknown", origin=origin)
        if last == "zip":
            return Dataset(None, "unknown", origin=origin)
        return UNKNOWN

    def _numpy_call(
        self, parts: list[str], expr: cst.Call, scope: Scope, ordinal: int, depth: int
    ) -> Value:
        last = parts[-1]
        origin = f"np.{'.'.join(parts[1:])}(...)"
        dtype_keyword = _dtype_name(_keyword(expr, "dtype"))
        if "random" in parts:
            if last in ("rand", "randn", "random", "random_sample", "uniform", "normal"):
                if last in ("rand", "randn"):
                    count = self._leading_int(_positional(expr)[:1], scope, ordinal)
                else:
                    count = self._shape_count(_keyword(expr, "size"), scope, ordinal)
                return Array("float64", count, origin, cast_or_scaled=True)
            if last in ("randint", "integers"):
                count = self._shape_count(_keyword(expr, "size"), scope, ordinal)
                return Array(dtype_keyword or "int64", count, origin)
            return UNKNOWN
        if last in ("zeros", "ones", "empty", "full"):
            shape = _argument(expr, "shape", 0)
            count = self._shape_count(shape, scope, ordinal)
            dtype = dtype_keyword or ("float64" if last != "full" else None)
            return Array(dtype, count, origin, cast_or_scaled=dtype != "uint8")
        if last in ("array", "asarray", "stack", "concatenate", "vstack"):
            inner = self._first_argument_value(expr, scope, ordinal, depth)
            if dtype_keyword is not None:
                count = (
                    inner.sample_count
                    if isinstance(inner, Array) and last != "concatenate"
                    else None
                )
                return Array(
                    dtype_keyword, count, origin, dtype_keyword != "uint8", dtype_keyword == "uint8"
                )
            if isinstance(inner, Array) and last in ("array", "asarray"):
                return inner
            if last in ("concatenate", "vstack"):
                return self._joined_pixels(expr, scope, ordinal, depth)
            return UNKNOWN
        if last in _SHAPE_ONLY:
            inner = self._first_argument_value(expr, scope, ordinal, depth)
            if isinstance(inner, Array):
                count = (
                    inner.sample_count
                    if last in ("expand_dims", "copy", "ascontiguousarray")
                    else None
                )
                return replace(inner, sample_count=count)
            return UNKNOWN
        if last in ("ceil", "floor"):
            return self._rounding(last, expr, scope, ordinal, depth)
        if last in ("array_split", "split", "hsplit", "vsplit"):
            return ReIterable(origin)  # a list of arrays
        if last in ("float32", "float64", "float16"):
            inner = self._first_argument_value(expr, scope, ordinal, depth)
            if isinstance(inner, Array):
                return Array(last, inner.sample_count, inner.origin, cast_or_scaled=True)
        return UNKNOWN

    def _itertools_call(
        self, last: str, expr: cst.Call, scope: Scope, ordinal: int, depth: int
    ) -> Value:
        origin = f"itertools.{short_code(expr).split('.', 1)[-1]}"
        if last == "cycle":
            return OneShot("cycle", True, origin)
        if last == "count":
            return OneShot("iterator", True, origin)
        if last == "repeat":
            infinite = len(expr.args) < 2 and _keyword(expr, "times") is None
            return OneShot("iterator", infinite, origin)
        if last in ("islice",):
            return OneShot("iterator", False, origin)
        if last in ("chain", "zip_longest", "product", "starmap", "tee", "accumulate"):
            return OneShot("iterator", None, origin)
        return UNKNOWN

    def _builtin_call(
        self, name: str, expr: cst.Call, scope: Scope, ordinal: int, depth: int
    ) -> Value:
        origin = short_code(expr)
        if name == "len":
            inner = self._first_argument_value(expr, scope, ordinal, depth)
            if isinstance(inner, Array):
                return Number(inner.sample_count, origin, sample_count_of=origin)
            if isinstance(inner, KerasSequence):
                return Number(inner.batch_count, origin)
            return UNKNOWN
        if name in ("int", "round", "abs"):
            inner = self._first_argument_value(expr, scope, ordinal, depth)
            if isinstance(inner, Number):
                value = None
                if inner.value is not None:
                    value = float(int(inner.value)) if name == "int" else float(round(inner.value))
                    if name == "abs":
                        value = abs(inner.value)
                return Number(value, origin, inner.sample_count_of)
            return UNKNOWN
        if name == "float":
            inner = self._first_argument_value(expr, scope, ordinal, depth)
            return inner if isinstance(inner, Number) else UNKNOWN
        if name in ("iter", "zip", "map", "filter", "enumerate", "reversed"):
            sources = _positional(expr)
            if name in ("map", "filter"):
                sources = sources[1:]
            values = [self.value_of(source, scope, ordinal, depth) for source in sources]
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
        if name in ("range", "list", "tuple", "sorted", "set", "dict"):
            return ReIterable(origin)
        return UNKNOWN

    def _method_call(
        self, func: cst.Attribute, expr: cst.Call, scope: Scope, ordinal: int, depth: int
    ) -> Value:
        method = func.attr.value
        receiver = self.value_of(func.value, scope, ordinal, depth)
        if isinstance(receiver, Array):
            if method == "astype":
                dtype = _dtype_name(_argument(expr, "dtype", 0))
                if dtype == "uint8":
                    origin = f'{short_code(func.value, 24)}.astype("uint8")'
                    return Array("uint8", receiver.sample_count, origin, pixels=True)
                return Array(dtype, receiver.sample_count, receiver.origin, cast_or_scaled=True)
            if method in _ARRAY_METHODS_SAME:
                count = (
                    receiver.sample_count
                    if method != "reshape"
                    else _reshape_count(expr, receiver, self, scope, ordinal)
                )
                return replace(receiver, sample_count=count)
            return UNKNOWN
        if isinstance(receiver, Dataset):
            return self._dataset_method(receiver, method, expr, scope, ordinal)
        if isinstance(receiver, KerasObject) and receiver.kind == "ImageDataGenerator":
            return self._flow(method, expr, scope, ordinal, depth)
        if method in ("flow_from_directory", "flow_from_dataframe"):
            # The method name is ImageDataGenerator's own; the receiver may be built elsewhere.
            return KerasSequence(short_code(expr), is_flow=True)
        if isinstance(receiver, Instance):
            function = _method_function(receiver.class_info, method)
            if function is not None and function.is_generator:
                return self._function_result(function, expr, depth)  # a generator object
        return UNKNOWN

    def _flow(self, method: str, expr: cst.Call, scope: Scope, ordinal: int, depth: int) -> Value:
        origin = short_code(expr)
        if method == "flow":
            data = self._first_argument_value(expr, scope, ordinal, depth)
            count = data.sample_count if isinstance(data, Array) else None
            batch = _keyword(expr, "batch_size")
            batch_size: float | None = 32.0
            if batch is not None:
                number = self.number_of(batch, scope, ordinal)
                batch_size = number.value if number is not None else None
            batches = None
            if count is not None and batch_size:
                batches = math.ceil(count / batch_size)
            return KerasSequence(origin, batch_count=batches, sample_count=count, is_flow=True)
        if method in ("flow_from_directory", "flow_from_dataframe"):
            return KerasSequence(origin, is_flow=True)
        return UNKNOWN

    def _dataset_method(
        self, dataset: Dataset, method: str, expr: cst.Call, scope: Scope, ordinal: int
    ) -> Value:
        positional = _positional(expr)

        def number(keyword: str) -> float | None:
            node = _keyword(expr, keyword)
            if node is None and positional:
                node = positional[0]
            if node is None:
                return None
            value = self.number_of(node, scope, ordinal)
            return value.value if value is not None else None

        unknown_count = replace(dataset, count=None, count_text="unknown")
        if method in _DATASET_SAME_COUNT:
            if method in ("map", "apply"):
                return replace(dataset, element=None)  # the elements are transformed
            return dataset
        if method in ("batch", "padded_batch"):
            batch_size = number("batch_size")
            drop = _keyword(expr, "drop_remainder")
            if drop is not None and not (
                isinstance(drop, cst.Name) and drop.value in ("True", "False")
            ):
                batch_size = None  # whether the last partial batch is kept is not known
            drop_remainder = isinstance(drop, cst.Name) and drop.value == "True"
            size = int(batch_size) if batch_size and batch_size > 0 else None
            if dataset.count is None or size is None or dataset.infinite:
                return replace(unknown_count, batched=True, batch_size=size)
            if drop_remainder:
                count = dataset.count // size
                text = f"{dataset.count_text} // {size} = {count}"
            else:
                count = math.ceil(dataset.count / size)
                text = f"ceil({dataset.count_text} / {size}) = {count}"
            return replace(dataset, count=count, count_text=text, batched=True, batch_size=size)
        if method == "repeat":
            times = number("count")
            if (not positional and _keyword(expr, "count") is None) or (
                times is not None and times < 0
            ):
                return replace(unknown_count, infinite=True, infinite_reason="repeat")
            if times is None or dataset.count is None:
                return unknown_count
            count = dataset.count * int(times)
            return replace(dataset, count=count, count_text=f"{int(times)} × {dataset.count_text}")
        if method == "take":
            taken = number("count")
            if taken is None or taken < 0:
                return replace(unknown_count, infinite=dataset.infinite and taken is not None)
            limit = int(taken)
            if dataset.infinite:
                taken_count = limit
            elif dataset.count is not None:
                taken_count = min(limit, dataset.count)
            else:
                return unknown_count
            return replace(
                dataset,
                count=taken_count,
                count_text=str(taken_count),
                infinite=False,
                infinite_reason=None,
            )
        if method == "skip":
            skipped = number("count")
            if skipped is None or dataset.count is None:
                return unknown_count
            count = max(dataset.count - int(skipped), 0)
            return replace(dataset, count=count, count_text=str(count))
        if method in (
            "filter",
            "unbatch",
            "rebatch",
            "interleave",
            "flat_map",
            "window",
            "bucket_by_sequence_length",
            "shard",
            "concatenate",
        ):
            return replace(
                unknown_count,
                batched=method != "unbatch" and dataset.batched,
                batch_size=None,
                element=None,
            )
        if method in ("as_numpy_iterator", "__iter__"):
            origin = f"{dataset.origin}.{method}()" if len(dataset.origin) < 60 else dataset.origin
            return OneShot("iterator", dataset.infinite, origin)
        return UNKNOWN

    # --- helpers ---------------------------------------------------------------------

    def _joined_pixels(self, expr: cst.Call, scope: Scope, ordinal: int, depth: int) -> Value:
        """`np.concatenate((x_train, x_test))` of raw uint8 pixel arrays is raw uint8 pixels;
        anything else joined (a scaled part, an unknown part) is not known to be."""
        positional = _positional(expr)
        if not positional or not isinstance(positional[0], cst.Tuple | cst.List):
            return UNKNOWN
        parts = [
            self.value_of(element.value, scope, ordinal, depth)
            for element in positional[0].elements
            if not isinstance(element, cst.StarredElement)
        ]
        if len(parts) != len(positional[0].elements) or not parts:
            return UNKNOWN
        if all(
            isinstance(part, Array)
            and part.dtype == "uint8"
            and part.pixels
            and not part.cast_or_scaled
            for part in parts
        ):
            first = parts[0]
            assert isinstance(first, Array)
            return Array("uint8", None, first.origin, pixels=True)
        return UNKNOWN

    def _first_argument_value(
        self, expr: cst.Call, scope: Scope, ordinal: int, depth: int
    ) -> Value:
        positional = _positional(expr)
        if not positional:
            return UNKNOWN
        return self.value_of(positional[0], scope, ordinal, depth)

    def _rounding(self, name: str, expr: cst.Call, scope: Scope, ordinal: int, depth: int) -> Value:
        inner = self._first_argument_value(expr, scope, ordinal, depth)
        if not isinstance(inner, Number):
            return UNKNOWN
        value = None
        if inner.value is not None:
            value = float(math.ceil(inner.value) if name == "ceil" else math.floor(inner.value))
        return Number(value, short_code(expr), inner.sample_count_of)

    def _leading_int(
        self, nodes: Sequence[cst.BaseExpression], scope: Scope, ordinal: int
    ) -> int | None:
        if not nodes:
            return None
        number = self.number_of(nodes[0], scope, ordinal)
        if number is None or number.value is None:
            return None
        return int(number.value)

    def _shape_count(
        self, shape: cst.BaseExpression | None, scope: Scope, ordinal: int
    ) -> int | None:
        """The first dimension of a shape argument: `(1000, 10)`, `[1000]` or `1000`."""
        if shape is None:
            return None
        if isinstance(shape, cst.Tuple | cst.List):
            if not shape.elements:
                return None
            return self._leading_int([shape.elements[0].value], scope, ordinal)
        return self._leading_int([shape], scope, ordinal)

    def _train_test_split(self, expr: cst.Call, scope: Scope, ordinal: int, depth: int) -> Value:
        arrays = [self.value_of(arg, scope, ordinal, depth) for arg in _positional(expr)]
        if not arrays:
            return UNKNOWN
        fraction = None
        test_size = _keyword(expr, "test_size")
        train_size = _keyword(expr, "train_size")
        if test_size is not None:
            number = self.number_of(test_size, scope, ordinal)
            fraction = number.value if number is not None else None
        elif train_size is None:
            fraction = 0.25
        elements: list[Value] = []
        for value in arrays:
            if not isinstance(value, Array):
                elements.extend([UNKNOWN, UNKNOWN])
                continue
            train_count = test_count = None
            if value.sample_count is not None and fraction is not None:
                if 0 < fraction < 1:
                    test_count = math.ceil(fraction * value.sample_count)
                else:
                    test_count = int(fraction)
                train_count = value.sample_count - test_count
            elements.append(replace(value, sample_count=train_count))
            elements.append(replace(value, sample_count=test_count))
        return TupleValue(tuple(elements))


def _single_index(expr: cst.Subscript) -> cst.BaseExpression | None:
    """`x[i]` → `i`; None for slices and multi-dimensional subscripts."""
    if len(expr.slice) != 1:
        return None
    element = expr.slice[0].slice
    return element.value if isinstance(element, cst.Index) else None


def _reshape_count(
    expr: cst.Call, array: Array, evaluator: ValueEvaluator, scope: Scope, ordinal: int
) -> int | None:
    """`x.reshape(-1, 784)` and `x.reshape(len(x), ...)` keep the sample count; other shapes
    are not followed."""
    positional = _positional(expr)
    if not positional:
        return None
    first = positional[0]
    if isinstance(first, cst.Tuple | cst.List) and first.elements:
        first = first.elements[0].value
    number = evaluator.number_of(first, scope, ordinal)
    if number is None or number.value is None:
        return None
    if number.value == -1 and len(positional) > 1:
        return array.sample_count
    if number.value == array.sample_count:
        return array.sample_count
    return int(number.value) if number.value > 0 else None


def _unpack(value: Value, index: int) -> Value:
    if isinstance(value, TupleValue) and 0 <= index < len(value.elements):
        return value.elements[index]
    return UNKNOWN


def _leading_arrays(value: Value) -> list[Array]:
    """`x` or `(x, y)` or `((x1, x2), y)`: the arrays, images first."""
    if isinstance(value, Array):
        return [value]
    if isinstance(value, TupleValue) and value.elements:
        first = value.elements[0]
        if isinstance(first, Array):
            return [e for e in value.elements if isinstance(e, Array)]
        return _leading_arrays(first)
    return []


def _scaled(array: Array) -> Array:
    """Arithmetic on an array (x / 255, x - mean, x * (1 / 255)) leaves a rescaled float array."""
    dtype = array.dtype if array.dtype in _FLOAT_DTYPES else None
    return Array(dtype, array.sample_count, array.origin, cast_or_scaled=True)


def _arithmetic(left: Number, right: Number, operator: str, text: str | None = None) -> Number:
    value = None
    a, b = left.value, right.value
    if a is not None and b is not None:
        try:
            if operator == "Add":
                value = a + b
            elif operator == "Subtract":
                value = a - b
            elif operator == "Multiply":
                value = a * b
            elif operator == "FloorDivide":
                value = float(a // b)
            elif operator == "Divide":
                value = a / b
            elif operator == "Modulo":
                value = a % b
            elif operator == "Power" and abs(b) < 64:
                value = float(a**b)
        except (ZeroDivisionError, OverflowError):
            value = None
    # A count of samples stays one only through + and - (len(x) - 1); division makes it batches.
    keeps = operator in ("Add", "Subtract")
    sample = left.sample_count_of if keeps else None
    return Number(value, text or f"{left.text} {operator} {right.text}", sample)


def _is_class_name(name: str) -> bool:
    """CapWords (`CtcModel`, `DataGenerator`), not a constant (`MAX_LEN`) or a function."""
    return name[:1].isupper() and not name.isupper()


def _method_function(info: ClassInfo, method: str) -> FunctionInfo | None:
    """The `def` of `method` in the body of a class of this module (not of its bases)."""
    if method not in info.methods or not isinstance(info.scope, Scope):
        return None
    bindings = info.scope.bindings.get(method, [])
    functions = [b.function for b in bindings if b.kind == "function" and b.function is not None]
    return functions[-1] if len(functions) == len(bindings) and functions else None

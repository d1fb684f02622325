"""Abstract evaluation of expressions: what value (array, dataset, generator, number, model...)
an expression holds at a point of the module, from the bindings the builder recorded.

This module knows Python's own semantics (names, tuples, arithmetic, subscripts, calls of
the module's functions and classes); what each library's calls return is in
`analysis/libraries/`, one module per library, reached through `LIBRARY_CALLS`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

import libcst as cst

from fitlint.analysis.bindings import MAX_DEPTH, Bindings
from fitlint.analysis.classes import Classes
from fitlint.analysis.cst_util import (
    code_of,
    number_literal,
    positional_values,
    single_index,
    source_text,
    walk,
)
from fitlint.analysis.libraries import keras, numpy, sklearn, stdlib, tf_data, tfds
from fitlint.analysis.scopes import Binding, CallSite, FunctionInfo, Scope
from fitlint.analysis.values import (
    UNKNOWN,
    Array,
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
    Splits,
    TupleValue,
    Value,
    is_finite,
)

# Names that say a number counts samples (`nb_train_samples`, `num_images`), and words
# that say it counts something else (`samples_per_batch`, `image_size`).
_SAMPLE_COUNT_NAME = re.compile(r"samples?|images?|imgs", re.IGNORECASE)
_NOT_A_SAMPLE_COUNT = re.compile(
    r"per|batch|step|epoch|size|shape|dim|height|width|rows|cols|channel|rate", re.IGNORECASE
)

# Names that hold the number of samples in one batch.
_BATCH_SIZE_NAME = re.compile(r"(?i)(\w+_)?(batch_?size|bs)|batch")

# A library's calls: (evaluator, qualified name split at dots, the call, scope, ordinal,
# depth) → the value, or None when the library leaves the call to the generic rules below
# (a foreign object, an instance of an imported class, or unknown).
LibraryCall = Callable[["Evaluator", list[str], cst.Call, Scope, int, int], Value | None]

LIBRARY_CALLS: dict[str, LibraryCall] = {
    "keras": keras.call,
    "tensorflow": keras.call,
    "tf_keras": keras.call,
    "numpy": numpy.call,
    "itertools": stdlib.itertools_call,
    "math": stdlib.math_call,
    "tensorflow_datasets": tfds.call,
    "glob": stdlib.files_call,
    "os": stdlib.files_call,
}


@dataclass(frozen=True, eq=False)
class _Frame:
    """A call of one of the module's functions whose result is being evaluated."""

    function: FunctionInfo
    call: cst.Call
    scope: Scope
    ordinal: int


class Evaluator:
    """Evaluates expressions against one module's scopes and bindings; results per binding
    are cached, so each fact is computed once however many rules ask."""

    def __init__(
        self,
        bindings: Bindings,
        classes: Classes,
        calls_by_name: dict[str, list[CallSite]] | None = None,
    ) -> None:
        self.bindings = bindings
        self.classes = classes
        self.calls_by_name = calls_by_name or {}
        self._value_cache: dict[tuple[int, ...], Value] = {}
        # The calls of the module's functions being evaluated, innermost last: inside
        # `make_dataset(paths, batch_size=5)`, its parameters hold that call's arguments.
        self._frames: list[_Frame] = []

    # --- entry points ----------------------------------------------------------------

    def value_of(
        self, expr: cst.BaseExpression, scope: Scope, ordinal: int, depth: int = 0
    ) -> Value:
        """The value `expr` holds when evaluated in `scope` at `ordinal`."""
        if depth > MAX_DEPTH:
            return UNKNOWN
        depth += 1
        if isinstance(expr, cst.Name):
            binding = self.bindings.lookup(expr.value, scope, ordinal)
            value = UNKNOWN if binding is None else self.binding_value(binding, depth)
            if (
                isinstance(value, Number)
                and value.sample_count_of is None
                and value.batches_of is None
                and _SAMPLE_COUNT_NAME.search(expr.value)
                and not _NOT_A_SAMPLE_COUNT.search(expr.value)
            ):
                # `nb_train_samples = 2000`: the name says what the number counts.
                return Number(value.value, expr.value, sample_count_of=expr.value)
            return value
        literal = number_literal(expr)
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
        if isinstance(expr, cst.List):
            starred = any(isinstance(e, cst.StarredElement) for e in expr.elements)
            return ReIterable("list", None if starred else len(expr.elements))
        if isinstance(expr, cst.ListComp):
            return ReIterable("listcomp", self._comprehension_length(expr, scope, ordinal, depth))
        if isinstance(expr, cst.Set | cst.Dict | cst.SetComp | cst.DictComp):
            return ReIterable(type(expr).__name__.lower())
        if isinstance(expr, cst.GeneratorExp):
            source = self.value_of(expr.for_in.iter, scope, ordinal, depth)
            finite = is_finite(source)
            return OneShot(
                "iterator", None if finite is None else not finite, source_text(expr, 48)
            )
        return UNKNOWN

    def _comprehension_length(
        self, expr: cst.ListComp, scope: Scope, ordinal: int, depth: int
    ) -> int | None:
        """`[f(i) for i in range(n)]` (one `for`, no `if`): n items."""
        clause = expr.for_in
        if clause.inner_for_in is not None or clause.ifs:
            return None
        source = self.value_of(clause.iter, scope, ordinal, depth)
        if isinstance(source, ReIterable | OneShot):
            return source.length
        if isinstance(source, Array):
            return source.sample_count
        return None

    def binding_value(self, binding: Binding, depth: int = 0) -> Value:
        """The value a binding gives its name."""
        key = (id(binding), *self._frame_key(binding.scope))
        cached = self._value_cache.get(key)
        if cached is not None:
            return cached
        self._value_cache[key] = UNKNOWN  # guards against a = a cycles
        value: Value = UNKNOWN
        if binding.kind == "parameter" and binding.function is not None:
            value = self._parameter_value(binding.function, binding.name, depth + 1)
        elif binding.kind == "assign" and binding.value_expr is not None:
            value = self.value_of(binding.value_expr, binding.scope, binding.ordinal, depth + 1)
            for index in binding.unpack_path:
                value = unpack(value, index)
        elif binding.kind == "augassign" and binding.value_expr is not None:
            value = self._augmented_value(binding, depth + 1)
        elif binding.kind == "function" and binding.function is not None:
            function = binding.function
            if function.is_generator:
                value = GeneratorFunction(function.name, function.is_infinite_generator)
        self._value_cache[key] = value
        return value

    def number_of(self, expr: cst.BaseExpression, scope: Scope, ordinal: int) -> Number | None:
        """The number `expr` holds, when it is one."""
        value = self.value_of(expr, scope, ordinal)
        return value if isinstance(value, Number) else None

    # --- parameters ------------------------------------------------------------------

    def _frame_key(self, scope: Scope) -> tuple[int, ...]:
        """The calls in progress whose arguments a binding in `scope` may depend on."""
        if not self._frames:
            return ()
        enclosing = set()
        current: Scope | None = scope
        while current is not None:
            if current.function is not None:
                enclosing.add(id(current.function))
            current = current.parent
        return tuple(id(frame.call) for frame in self._frames if id(frame.function) in enclosing)

    def _parameter_value(self, function: FunctionInfo, name: str, depth: int) -> Value:
        """A parameter's value: inside a call being evaluated, that call's argument (or the
        default); otherwise the value every call of the function in this module agrees on."""
        for frame in reversed(self._frames):
            if frame.function is function:
                return self._argument_value(
                    function, frame.call, frame.scope, frame.ordinal, name, depth
                )
        sites = self.call_sites(function)
        if not sites:
            return UNKNOWN
        values = {
            self._argument_value(function, site.node, site.scope, site.ordinal, name, depth)
            for site in sites
        }
        if len(values) == 1:
            return values.pop()
        # Numbers written differently (`0.0`, `0`) that agree in value are one value.
        numbers = [v for v in values if isinstance(v, Number)]
        if (
            len(numbers) == len(values)
            and len({(v.value, v.sample_count_of) for v in numbers}) == 1
        ):
            first = numbers[0]
            if first.value is not None:
                return Number(first.value, name, first.sample_count_of, first.batches_of)
        return UNKNOWN

    def _argument_value(
        self,
        function: FunctionInfo,
        call: cst.Call,
        scope: Scope,
        ordinal: int,
        name: str,
        depth: int,
    ) -> Value:
        argument = function.argument_for(call, name)
        if argument == "unknown":
            return UNKNOWN
        if argument is not None:
            return self.value_of(argument.value, scope, ordinal, depth)
        default = function.defaults.get(name)
        if default is None:
            return UNKNOWN
        return self.value_of(default[0], default[1], default[2], depth)

    def call_sites(self, function: FunctionInfo) -> list[CallSite]:
        """The calls of `function` in this module: `f(...)` where `f` names it, and for a
        method `self.f(...)` in its class or `obj.f(...)` on an instance of its class."""
        sites = []
        class_scope = function.scope.parent if function.is_method else None
        for site in self.calls_by_name.get(function.name, []):
            func = site.node.func
            if isinstance(func, cst.Name) and class_scope is None:
                binding = self.bindings.lookup(func.value, site.scope, site.ordinal)
                if binding is not None and binding.function is function:
                    sites.append(site)
            elif isinstance(func, cst.Attribute) and class_scope is not None:
                receiver = func.value
                if isinstance(receiver, cst.Name) and receiver.value == "self":
                    if site.scope.enclosing_class_scope() is class_scope:
                        sites.append(site)
                    continue
                value = self.value_of(receiver, site.scope, site.ordinal)
                if isinstance(value, Instance) and value.class_info.scope is class_scope:
                    sites.append(site)
        return sites

    def first_argument_value(self, expr: cst.Call, scope: Scope, ordinal: int, depth: int) -> Value:
        """The value of a call's first positional argument."""
        positional = positional_values(expr)
        if not positional:
            return UNKNOWN
        return self.value_of(positional[0], scope, ordinal, depth)

    # --- expressions -----------------------------------------------------------------

    def _augmented_value(self, binding: Binding, depth: int) -> Value:
        assert binding.value_expr is not None
        previous = self.bindings.lookup(binding.name, binding.scope, binding.ordinal)
        if previous is None or previous is binding or previous.ordinal >= binding.ordinal:
            return UNKNOWN
        before = self.binding_value(previous, depth)
        operand = self.value_of(binding.value_expr, binding.scope, binding.ordinal, depth)
        operator = binding.aug_operator
        if isinstance(before, Array):
            return numpy.scaled(before)
        if isinstance(before, Number) and isinstance(operand, Number) and operator is not None:
            return arithmetic(before, operand, type(operator).__name__.removesuffix("Assign"))
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
        if isinstance(expr.value, cst.Name):
            # `tf.model = tf.keras.Sequential()` earlier: the value assigned.
            binding = self.bindings.lookup(f"{expr.value.value}.{attribute}", scope, ordinal)
            if binding is not None:
                return self.binding_value(binding, depth)
        if attribute in keras.SEQUENCE_ATTRIBUTES:
            owner = self.value_of(expr.value, scope, ordinal, depth)
            return keras.sequence_attribute(owner, expr)
        if attribute in numpy.ARRAY_ATTRIBUTES:
            owner = self.value_of(expr.value, scope, ordinal, depth)
            return numpy.array_attribute(owner, attribute)
        return UNKNOWN

    def _binary_value(
        self, expr: cst.BinaryOperation, scope: Scope, ordinal: int, depth: int
    ) -> Value:
        left = self.value_of(expr.left, scope, ordinal, depth)
        right = self.value_of(expr.right, scope, ordinal, depth)
        if isinstance(left, Array) or isinstance(right, Array):
            return numpy.scaled(numpy.broadcast(left, right))
        if isinstance(left, Number) and isinstance(right, Number):
            return arithmetic(left, right, type(expr.operator).__name__, code_of(expr))
        return UNKNOWN

    def _subscript_value(
        self, expr: cst.Subscript, scope: Scope, ordinal: int, depth: int
    ) -> Value:
        # x.shape[0]: the number of samples of x.
        if isinstance(expr.value, cst.Attribute) and expr.value.attr.value == "shape":
            owner = self.value_of(expr.value.value, scope, ordinal, depth)
            index = single_index(expr)
            position = number_literal(index) if index is not None else None
            if isinstance(owner, Array) and position == 0:
                text = code_of(expr)
                return Number(owner.sample_count, text, sample_count_of=text)
            # x.shape[1], x.shape[-1]: a size of x's samples.
            sizes = owner.sample_shape if isinstance(owner, Array) else None
            if sizes and position is not None and position == int(position) and position != 0:
                axis = int(position) - 1 if position > 0 else len(sizes) + int(position)
                if 0 <= axis < len(sizes):
                    return Number(sizes[axis], code_of(expr))
            return UNKNOWN
        base = self.value_of(expr.value, scope, ordinal, depth)
        index = single_index(expr)
        if isinstance(base, Splits) and isinstance(index, cst.SimpleString):
            return base.get(str(index.evaluated_value))  # ds["train"]
        if isinstance(base, TupleValue) and index is not None:
            position = number_literal(index)
            if position is not None and int(position) == position:
                return unpack(base, int(position))
            return UNKNOWN
        if isinstance(base, Array):
            first = expr.slice[0].slice
            count = None
            if isinstance(first, cst.Slice):
                count = self._slice_count(first, base.sample_count, scope, ordinal)
            elif isinstance(first, cst.Index) and isinstance(first.value, cst.Ellipsis):
                count = base.sample_count
            elif isinstance(first, cst.Index) and not isinstance(first.value, cst.Comparison):
                # x[idx] with idx a vector of indices: as many samples as indices.
                picked = self.value_of(first.value, scope, ordinal, depth)
                if isinstance(picked, Array) and picked.sample_shape == ():
                    count = picked.sample_count
            # A range of rows (y[:n]) keeps the labels; rows picked by an index array keep
            # one-hot rows (np.eye(k)[y]) but not class indices, whose classes a mask may
            # have filtered (y[y < 2]); a column or element (y[:, 0]) keeps nothing.
            labels = base.labels if len(expr.slice) == 1 else None
            if labels is not None and labels.encoding == "integer":
                labels = labels if isinstance(first, cst.Slice) else None
            kinds = [
                self._index_kind(element.slice, scope, ordinal, depth) for element in expr.slice
            ]
            if kinds == ["int"] and base.sample_shape:
                # x[3]: one sample; what takes it in batches reads its first axis as one.
                return replace(
                    base,
                    sample_count=base.sample_shape[0],
                    labels=None,
                    sample_shape=base.sample_shape[1:],
                )
            return replace(
                base,
                sample_count=count,
                labels=labels,
                sample_shape=numpy.indexed(base, kinds),
            )
        return UNKNOWN

    def _index_kind(self, element: cst.BaseSlice, scope: Scope, ordinal: int, depth: int) -> str:
        """What one index of `x[...]` does to an axis (see `numpy.indexed`)."""
        if isinstance(element, cst.Slice):
            whole = element.lower is None and element.upper is None and element.step is None
            if whole:
                return "all"
            # `:-1`, `2:10`, `::2`: the bounds, when they are numbers the file shows.
            bounds = []
            for bound in (element.lower, element.upper, element.step):
                number = self.number_of(bound, scope, ordinal) if bound is not None else None
                if bound is not None and (
                    number is None or number.value is None or number.value != int(number.value)
                ):
                    return "part"
                bounds.append(
                    "" if number is None or number.value is None else str(int(number.value))
                )
            return "part:" + ":".join(bounds)
        assert isinstance(element, cst.Index)
        value = element.value
        if isinstance(value, cst.Ellipsis):
            return "ellipsis"
        if (isinstance(value, cst.Name) and value.value == "None") or (
            isinstance(value, cst.Attribute) and value.attr.value == "newaxis"
        ):
            return "new"
        if number_literal(value) is not None:
            return "int"
        if isinstance(value, cst.Comparison):  # x[y < 5]: a mask of the samples
            value = value.left
        held = self.value_of(value, scope, ordinal, depth)
        if isinstance(held, Array) and held.sample_shape == ():
            return "array"  # indices or a mask of the samples (a mask like x picks values)
        if isinstance(held, Number) and held.value is not None:
            return "int"
        return "other"

    def _slice_count(
        self, element: cst.Slice, total: int | None, scope: Scope, ordinal: int
    ) -> int | None:
        if element.step is not None or total is None:
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
        qualname = self.bindings.qualified_name(func, scope, ordinal)
        if qualname is not None:
            return self._library_call(qualname, expr, scope, ordinal, depth)
        if isinstance(func, cst.Name):
            binding = self.bindings.lookup(func.value, scope, ordinal)
            if binding is None:
                return stdlib.builtin_call(self, func.value, expr, scope, ordinal, depth)
            if binding.kind == "class" and binding.class_info is not None:
                info = binding.class_info
                if self.classes.has_base(info, keras.is_keras_sequence_class):
                    return KerasSequence(f"{info.name}(...)")
                return Instance(info)
            if binding.kind == "function" and binding.function is not None:
                return self.function_result(binding.function, expr, scope, ordinal, depth)
            return UNKNOWN
        if isinstance(func, cst.Attribute):
            return self._method_call(func, expr, scope, ordinal, depth)
        return UNKNOWN

    def function_result(
        self, function: FunctionInfo, call: cst.Call, scope: Scope, ordinal: int, depth: int
    ) -> Value:
        """What `call` of a function of this module returns: a generator object for a
        generator function, else the value all its `return`s agree on, with the function's
        parameters holding the call's arguments (or their defaults)."""
        if any(frame.function is function for frame in self._frames):
            return UNKNOWN  # recursion
        self._frames.append(_Frame(function, call, scope, ordinal))
        try:
            return self._function_result(function, depth)
        finally:
            self._frames.pop()

    def _function_result(self, function: FunctionInfo, depth: int) -> Value:
        if function.is_generator:
            infinite: bool | None = True
            length = None
            if not function.is_infinite_generator:
                ends = self._generator_ends(function, depth)
                infinite = False if ends else None
                length = self._generator_length(function, depth) if ends else None
            return OneShot(
                "generator",
                infinite,
                f"{function.name}()",
                length=length,
                batch_size=self._generator_batch_size(function, depth),
            )
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

    def _generator_length(self, function: FunctionInfo, depth: int) -> int | None:
        """Items one pass yields: one `yield`, in one `for` over something of known length
        (`for i in range(len(x) - 30): yield ...`)."""
        if len(function.yield_loops) != 1 or len(function.yield_loops[0]) != 1:
            return None
        loop = function.yield_loops[0][0]
        if not isinstance(loop.node, cst.For):
            return None
        source = self.value_of(loop.node.iter, loop.scope, loop.ordinal, depth)
        if isinstance(source, ReIterable):
            return source.length
        return source.sample_count if isinstance(source, Array) else None

    def _generator_batch_size(self, function: FunctionInfo, depth: int) -> int | None:
        """The batch size a generator's body reads (`batch_size`, `BATCH`, `bs`), when every
        such name it reads holds the same known number > 1."""
        if function.node is None or self._yields_one_per_batch_item(function):
            return None
        sizes = set()
        not_read: set[int] = set()  # `x.batch_size`'s attribute name, `f(batch_size=...)`
        reads: dict[str, cst.BaseExpression] = {}
        for node in walk(function.node.body):
            if isinstance(node, cst.Attribute):
                not_read.add(id(node.attr))
                if (
                    isinstance(node.value, cst.Name)
                    and node.value.value == "self"
                    and _BATCH_SIZE_NAME.fullmatch(node.attr.value)
                ):
                    reads[f"self.{node.attr.value}"] = node
            elif isinstance(node, cst.Arg) and node.keyword is not None:
                not_read.add(id(node.keyword))
            elif (
                isinstance(node, cst.Name)
                and id(node) not in not_read
                and _BATCH_SIZE_NAME.fullmatch(node.value)
            ):
                reads[node.value] = node
        for expr in reads.values():
            value = self.value_of(expr, function.scope, 1 << 62, depth)
            if not isinstance(value, Number) or value.value is None:
                return None
            sizes.add(value.value)
        if len(sizes) != 1:
            return None
        size = sizes.pop()
        return int(size) if size > 1 and int(size) == size else None

    @staticmethod
    def _yields_one_per_batch_item(function: FunctionInfo) -> bool:
        """`for i in range(batch_size): yield x[i]`: the generator yields single samples, one
        per item of a batch, so its batch size is not the size of what it yields."""
        for loops in function.yield_loops:
            for loop in loops:
                node = loop.node
                if not (
                    isinstance(node, cst.For)
                    and isinstance(node.iter, cst.Call)
                    and isinstance(node.iter.func, cst.Name)
                    and node.iter.func.value == "range"
                ):
                    continue
                positional = [arg.value for arg in node.iter.args if arg.keyword is None]
                stops = positional[1:2] if len(positional) > 1 else positional[:1]
                for expr in stops:
                    names = [n for n in walk(expr) if isinstance(n, cst.Name)]
                    if any(_BATCH_SIZE_NAME.fullmatch(n.value) for n in names):
                        return True
        return False

    def _library_call(
        self, qualname: str, expr: cst.Call, scope: Scope, ordinal: int, depth: int
    ) -> Value:
        parts = qualname.split(".")
        handler = LIBRARY_CALLS.get(parts[0])
        if handler is not None:
            value = handler(self, parts, expr, scope, ordinal, depth)
            if value is not None:
                return value
        if sklearn.is_train_test_split(qualname):
            return sklearn.train_test_split(self, expr, scope, ordinal, depth)
        if keras.is_foreign_qualname(qualname):
            return Foreign(qualname)
        if _is_class_name(parts[-1]) and not keras.builds_keras_models(qualname):
            return ImportedInstance(qualname)
        return UNKNOWN

    def _method_call(
        self, func: cst.Attribute, expr: cst.Call, scope: Scope, ordinal: int, depth: int
    ) -> Value:
        method = func.attr.value
        receiver = self.value_of(func.value, scope, ordinal, depth)
        if isinstance(receiver, Array):
            return numpy.array_method(self, receiver, func, expr, scope, ordinal)
        if isinstance(receiver, Dataset):
            return tf_data.dataset_method(self, receiver, method, expr, scope, ordinal)
        if isinstance(receiver, KerasObject) and receiver.kind == "ImageDataGenerator":
            return keras.flow(self, method, expr, scope, ordinal, depth)
        if isinstance(receiver, KerasObject) and receiver.kind == numpy.RANDOM_GENERATOR:
            origin = f"{source_text(func.value, 16)}.{method}(...)"
            return numpy.random_call(self, method, expr, scope, ordinal, origin)
        if method in keras.FLOW_FROM_METHODS:
            # The method name is ImageDataGenerator's own; the receiver may be built elsewhere.
            return KerasSequence(source_text(expr, 48), is_flow=True)
        if isinstance(receiver, Instance):
            function = receiver.class_info.method_function(method)
            if function is not None and function.is_generator:
                return self.function_result(function, expr, scope, ordinal, depth)
        if isinstance(receiver, Foreign) and method in sklearn.SHAPE_KEEPING_METHODS:
            return sklearn.transformed(self, receiver, expr, scope, ordinal, depth)
        if method == "reshape" and receiver is UNKNOWN:
            # `data.reshape(-1, 28, 28, 1)` on data from elsewhere: an array whose samples
            # have the sizes written after the first.
            origin = source_text(expr, 48)
            sample_shape = numpy.reshaped(
                self, positional_values(expr), Array(None, None, origin), scope, ordinal
            )
            if sample_shape is not None:
                return Array(None, None, origin, cast_or_scaled=True, sample_shape=sample_shape)
        return UNKNOWN


def unpack(value: Value, index: int) -> Value:
    """Element `index` of a tuple value (`a, b = pair`), else unknown."""
    if isinstance(value, TupleValue) and 0 <= index < len(value.elements):
        return value.elements[index]
    return UNKNOWN


def arithmetic(left: Number, right: Number, operator: str, text: str | None = None) -> Number:
    """`left <operator> right` for LibCST operator names (`Add`, `FloorDivide`...)."""
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
    batches_of = None
    if (
        operator in ("FloorDivide", "Divide")
        and left.sample_count_of is not None
        and b is not None
        and b > 1
        and b == int(b)
    ):
        batches_of = (left.sample_count_of, int(b))
    return Number(value, text or f"{left.text} {operator} {right.text}", sample, batches_of)


def _is_class_name(name: str) -> bool:
    """CapWords (`CtcModel`, `DataGenerator`), not a constant (`MAX_LEN`) or a function."""
    return name[:1].isupper() and not name.isupper()

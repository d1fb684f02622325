"""Keras models built in the file: their layers in order and the `compile` call that belongs
to each, as generic facts every rule may read.

- A layer is a call of a Keras layer class (`keras.layers.Dense(1, activation="softmax")`,
  `Conv2D(...)`, `Activation("softmax")`, `Softmax()`), with the units (or filters) and the
  activation when the call shows them.
- A model's layers: `Sequential([...])`'s list, then `model.add(layer)` calls on the same
  name, in source order; for a functional `Model(inputs, outputs)`, the layer that makes
  `outputs` (`outputs = Dense(1)(x)`), and the one before it when that is an
  `Activation` / `Softmax` applied to a layer's output.
- A model's `compile`: `model.compile(...)` on the same binding of the name; its loss as
  Keras names it (`"binary_crossentropy"` for the string, `keras.losses.BinaryCrossentropy()`
  or `keras.losses.binary_crossentropy`), `from_logits` when given.
- A model's input: the shape of one sample it is declared to take, from `Input(shape=...)`
  (first in a Sequential's list or `add`, or a functional model's one `inputs`),
  `InputLayer(...)`, or `input_shape=` / `input_dim=` on a Sequential's first layer.

Unknown is a value: a model whose layers come from a call the file does not show has no
`layers` (None), and a loss written any other way is None.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import libcst as cst

from fitlint.analysis.bindings import Bindings
from fitlint.analysis.cst_util import argument_value, code_of, keyword_value, number_literal
from fitlint.analysis.libraries.keras import ACTIVATION_LAYERS, UNIT_LAYERS, is_keras_qualname
from fitlint.analysis.libraries.numpy import tuple_items
from fitlint.analysis.scopes import Binding, CallSite, ModuleFacts, Scope

if TYPE_CHECKING:
    from fitlint.analysis.evaluate import Evaluator

# The loss names Keras accepts, by the spellings a file uses for them.
_LOSS_NAMES = {
    "binary_crossentropy": "binary_crossentropy",
    "BinaryCrossentropy": "binary_crossentropy",
    "categorical_crossentropy": "categorical_crossentropy",
    "CategoricalCrossentropy": "categorical_crossentropy",
    "sparse_categorical_crossentropy": "sparse_categorical_crossentropy",
    "SparseCategoricalCrossentropy": "sparse_categorical_crossentropy",
}


# Keras 1 layer arguments (`Dense(output_dim=...)`, `Convolution2D(nb_filter=...)`) that
# later versions reject when the layer is made.
_KERAS1_ARGUMENTS = frozenset(
    {
        "output_dim",
        "nb_filter",
        "nb_row",
        "nb_col",
        "init",
        "border_mode",
        "subsample",
        "W_regularizer",
        "b_regularizer",
        "dim_ordering",
    }
)


@dataclass(frozen=True)
class Layer:
    """One layer call: its class (`Dense`), units or filters when written as a number, and
    its activation when the call shows it ("linear" when it has none)."""

    node: cst.BaseExpression  # the layer call (or, for a layer not shown, what stands there)
    kind: str  # "" for an element the file does not show to be a Keras layer
    units: int | None
    activation: str | None
    # The activation argument, when written (for fixes and positions).
    activation_node: cst.BaseExpression | None = None
    # Conv layers with data_format="channels_first": their last axis is not the filters.
    channels_first: bool = False

    @property
    def sizes_last_axis(self) -> bool:
        """Its first argument (units, filters) is the size of its output's last axis."""
        return self.kind in UNIT_LAYERS and not self.channels_first

    @property
    def is_activation(self) -> bool:
        """An `Activation(...)` or `Softmax()` layer: it applies an activation only."""
        return self.kind in ACTIVATION_LAYERS

    @property
    def size_word(self) -> str:
        """ "unit" for Dense, "filter" for convolutions."""
        return "unit" if UNIT_LAYERS.get(self.kind) == "units" else "filter"


@dataclass(frozen=True)
class Loss:
    name: str  # "binary_crossentropy", "categorical_crossentropy", ...
    node: cst.BaseExpression
    from_logits: bool | None = None  # None: not given (False) or not known


# A declared input shape without the batch axis: a size, or None for "any size" (Keras's
# `Input(shape=(None, 8))`).
InputShape = tuple[int | None, ...]


@dataclass(frozen=True)
class ModelInput:
    """The one input a model declares: the shape of a sample, where it is written, and how
    (`Input(shape=(784,))`, `input_shape=(28, 28, 1)`) for messages."""

    shape: InputShape
    node: cst.BaseExpression
    text: str


@dataclass(frozen=True)
class BuiltModel:
    """A model the file builds: the name's binding, its layers in order (None when some are
    not shown), its compile call and loss, and its declared input."""

    binding: Binding
    # In order: a Sequential's (`complete` when every one is a Keras layer call the file
    # shows), or a functional model's last ones.
    layers: tuple[Layer, ...] | None
    compile: cst.Call | None = None
    loss: Loss | None = None
    outputs: int = 1  # how many outputs a functional model has (a list of several: > 1)
    complete: bool = False
    # The input it declares (None: none shown, several inputs, or `build` called on it).
    input: ModelInput | None = None
    # A functional `Model(inputs, outputs)`, not a Sequential.
    functional: bool = False
    # A Sequential's first layers as written (its input's layer included when that is the
    # first layer), for rules that need the layer its input meets.
    first_layers: tuple[Layer, ...] = ()


class Models:
    """The models built in a module, found from its call sites."""

    def __init__(self, facts: ModuleFacts, bindings: Bindings, evaluator: Evaluator) -> None:
        self.facts = facts
        self.bindings = bindings
        self.evaluator = evaluator

    def layer(self, call: cst.Call, scope: Scope, ordinal: int) -> Layer | None:
        """The Keras layer a call makes, or None when it is not one."""
        qualname = self.bindings.qualified_name(call.func, scope, ordinal)
        if qualname is None or not is_keras_qualname(qualname) or ".layers." not in qualname:
            return None
        kind = qualname.rsplit(".", 1)[-1]
        if kind in UNIT_LAYERS:
            size = argument_value(call, UNIT_LAYERS[kind], 0)
            number = self.evaluator.number_of(size, scope, ordinal) if size is not None else None
            units = number.value if number is not None else None
            # Dense(units, activation, ...): the activation may come second, unnamed.
            activation_node = argument_value(call, "activation", 1 if kind == "Dense" else None)
            data_format = keyword_value(call, "data_format")
            channels_first = (
                isinstance(data_format, cst.SimpleString)
                and data_format.evaluated_value == "channels_first"
            ) or (data_format is None and kind != "Dense" and self.channels_first_default)
            return Layer(
                call,
                kind,
                int(units) if units is not None and units == int(units) else None,
                _activation(self.bindings, activation_node, scope, ordinal)
                if activation_node is not None
                else "linear",
                activation_node,
                channels_first,
            )
        if kind == "Activation":
            node = argument_value(call, "activation", 0)
            name = _activation(self.bindings, node, scope, ordinal) if node is not None else None
            return Layer(call, kind, None, name, node)
        if kind == "Softmax":
            axis = argument_value(call, "axis", 0)
            if axis is not None and number_literal(axis) != -1:
                return None  # over another axis (attention's time steps): not the units
            return Layer(call, kind, None, "softmax", None)
        return Layer(call, kind, None, None)

    @cached_property
    def channels_first_default(self) -> bool:
        """`keras.backend.set_image_data_format("channels_first")` somewhere in the file:
        convolutions without `data_format=` may put their filters first."""
        for site in self.facts.calls_by_name.get("set_image_data_format", ()):
            value = argument_value(site.node, "data_format", 0)
            if not (
                isinstance(value, cst.SimpleString) and value.evaluated_value == "channels_last"
            ):
                return True
        return False

    @cached_property
    def models(self) -> tuple[BuiltModel, ...]:
        found = []
        for name in ("Sequential", "Model"):
            for site in self.facts.calls_by_name.get(name, ()):
                model = self._model(site)
                if model is not None:
                    found.append(model)
        return tuple(found)

    def model_holding(self, layer: cst.BaseExpression) -> BuiltModel | None:
        """The model whose layers include this layer call."""
        for model in self.models:
            if model.layers is not None and any(item.node is layer for item in model.layers):
                return model
        return None

    def _model(self, site: CallSite) -> BuiltModel | None:
        qualname = self.bindings.qualified_name(site.node.func, site.scope, site.ordinal)
        if qualname is None or not is_keras_qualname(qualname):
            return None
        binding = self._bound_to(site)
        if binding is None:
            return None
        kind = qualname.rsplit(".", 1)[-1]
        first_layers: tuple[Layer, ...] = ()
        if kind == "Sequential":
            layers = self._sequential_layers(site, binding)
            outputs = 1
            complete = layers is not None and all(layer.kind for layer in layers)
            model_input = self._sequential_input(site, binding)
            first_layers = tuple(
                layer for layer in (layers or ())[:3] if layer.kind != "InputLayer"
            )[:2]
        elif kind == "Model":
            (layers, outputs), complete = self._functional_layers(site), False
            model_input = self._functional_input(site)
        else:
            return None
        if self._rebuilt(binding):
            model_input = None  # `model.build(shape)`: the input is that shape
        compile_call = self._compile(binding)
        loss = self._loss(compile_call, binding) if compile_call is not None else None
        return BuiltModel(
            binding,
            layers,
            compile_call,
            loss,
            outputs,
            complete,
            model_input,
            kind == "Model",
            first_layers,
        )

    def _bound_to(self, site: CallSite) -> Binding | None:
        """The binding whose value is this call (`model = Sequential(...)`)."""
        for bindings in site.scope.bindings.values():
            for binding in bindings:
                if binding.value_expr is site.node and not binding.unpack_path:
                    return binding
        return None

    def _layers_in(self, exprs: list[cst.BaseExpression], site: CallSite) -> list[Layer]:
        """The layers of a Sequential's list; an element that is not a Keras layer call (a
        pretrained base model, a layer made elsewhere) is a Layer of kind ""."""
        layers = []
        for expr in exprs:
            layer = None
            if isinstance(expr, cst.Call):
                if self._is_input(expr, site.scope, site.ordinal):
                    continue  # `keras.Input(shape)` in the list: the input, not a layer
                layer = self.layer(expr, site.scope, site.ordinal)
            layers.append(layer or Layer(expr, "", None, None))
        return layers

    def _is_input(self, call: cst.Call, scope: Scope, ordinal: int) -> bool:
        qualname = self.bindings.qualified_name(call.func, scope, ordinal)
        return qualname is not None and is_keras_qualname(qualname) and qualname.endswith(".Input")

    def _sequential_layers(self, site: CallSite, binding: Binding) -> tuple[Layer, ...] | None:
        first = argument_value(site.node, "layers", 0)
        layers: list[Layer] | None = []
        if isinstance(first, cst.List | cst.Tuple):
            layers = self._layers_in([element.value for element in first.elements], site)
        elif first is not None:
            return None  # a list built elsewhere
        for add in self.method_calls(binding, "add"):
            if not add.node.args:
                continue
            added = add.node.args[0].value
            layer = None
            if isinstance(added, cst.Call):
                if self._is_input(added, add.scope, add.ordinal):
                    continue  # `model.add(keras.Input(shape))`: the input, not a layer
                layer = self.layer(added, add.scope, add.ordinal)
            if layers is not None:
                layers.append(layer or Layer(added, "", None, None))
        return tuple(layers) if layers is not None else None

    def _functional_layers(self, site: CallSite) -> tuple[tuple[Layer, ...] | None, int]:
        outputs = argument_value(site.node, "outputs", 1)
        if outputs is None:
            return None, 1
        if isinstance(outputs, cst.List | cst.Tuple):
            return None, len(outputs.elements)
        made = self._applied_layers(outputs, site.scope, site.ordinal)
        # Only the last layers are known: the tuple holds them in order, not the whole model.
        return (tuple(reversed(made)) if made else None), 1

    def _applied_layers(
        self, expr: cst.BaseExpression, scope: Scope, ordinal: int, depth: int = 0
    ) -> list[Layer]:
        """The layers that make a functional tensor, last first: `Dense(1)(x)` → [Dense];
        `Activation("softmax")(Dense(1)(x))` → [Activation, Dense]; through names."""
        if depth > 4:
            return []
        if isinstance(expr, cst.Name):
            binding = self.bindings.lookup(expr.value, scope, ordinal)
            if binding is None or binding.value_expr is None or binding.unpack_path:
                return []
            return self._applied_layers(
                binding.value_expr, binding.scope, binding.ordinal, depth + 1
            )
        if not (isinstance(expr, cst.Call) and isinstance(expr.func, cst.Call) and expr.args):
            return []
        layer = self.layer(expr.func, scope, ordinal)
        if layer is None:
            return []
        if layer.kind not in ACTIVATION_LAYERS:
            return [layer]
        return [layer, *self._applied_layers(expr.args[0].value, scope, ordinal, depth + 1)[:1]]

    # --- the declared input -------------------------------------------------------------

    def _sequential_input(self, site: CallSite, binding: Binding) -> ModelInput | None:
        """The input of a Sequential: its first element (from the list, else the first
        `add`), if that is an `Input` / `InputLayer` or a layer with `input_shape=` /
        `input_dim=`."""
        first = argument_value(site.node, "layers", 0)
        if isinstance(first, cst.List | cst.Tuple):
            if not first.elements:
                return None
            element = first.elements[0].value
            return self._declared_input(element, site.scope, site.ordinal)
        if first is not None:
            return None
        for add in self.method_calls(binding, "add"):
            if add.node.args:
                return self._declared_input(add.node.args[0].value, add.scope, add.ordinal)
        return None

    def _functional_input(self, site: CallSite) -> ModelInput | None:
        """The one `Input(...)` a functional model's `inputs` is (through a name, or a list
        of one); None for several inputs."""
        inputs = argument_value(site.node, "inputs", 0)
        if isinstance(inputs, cst.List | cst.Tuple):
            if len(inputs.elements) != 1:
                return None
            inputs = inputs.elements[0].value
        scope, ordinal = site.scope, site.ordinal
        if isinstance(inputs, cst.Name):
            binding = self.bindings.lookup(inputs.value, scope, ordinal)
            if binding is None or binding.value_expr is None or binding.unpack_path:
                return None
            inputs, scope, ordinal = binding.value_expr, binding.scope, binding.ordinal
        if not isinstance(inputs, cst.Call) or not self._is_input(inputs, scope, ordinal):
            return None
        return self._declared_input(inputs, scope, ordinal)

    def _declared_input(
        self, expr: cst.BaseExpression, scope: Scope, ordinal: int
    ) -> ModelInput | None:
        """What input shape a model's first element declares."""
        if not isinstance(expr, cst.Call):
            return None
        qualname = self.bindings.qualified_name(expr.func, scope, ordinal)
        if qualname is None or not is_keras_qualname(qualname):
            return None
        kind = qualname.rsplit(".", 1)[-1]
        if kind in ("Input", "InputLayer"):
            for keyword, batched in (
                ("shape", False),
                ("input_shape", False),
                ("batch_shape", True),
                ("batch_input_shape", True),
            ):
                node = argument_value(expr, keyword, 0 if keyword == "shape" else None)
                if node is not None:
                    shape = self._shape(node, scope, ordinal, batched)
                    if shape is None:
                        return None
                    return ModelInput(shape, node, f"{kind}({keyword}={code_of(node)})")
            return None
        if ".layers." not in qualname:
            return None
        if any(
            arg.keyword is not None and arg.keyword.value in _KERAS1_ARGUMENTS for arg in expr.args
        ):
            return None  # a Keras 1 layer: Keras 2 and 3 fail before any data arrives
        if keyword_value(expr, "input_length") is not None:
            # `SimpleRNN(16, input_length=3, input_dim=1)`: Keras 2's input (3, 1); Keras 3
            # rejects `input_length` when the layer is made.
            return None
        node = keyword_value(expr, "input_shape")
        if node is not None:
            shape = self._shape(node, scope, ordinal, False)
            text = f"{kind}(..., input_shape={code_of(node)})"
            return ModelInput(shape, node, text) if shape is not None else None
        node = keyword_value(expr, "input_dim")
        if node is not None and kind != "Embedding":  # Embedding's input_dim: its vocabulary
            number = self.evaluator.number_of(node, scope, ordinal)
            if number is None or number.value is None or number.value != int(number.value):
                return None
            text = f"{kind}(..., input_dim={code_of(node)})"
            return ModelInput((int(number.value),), node, text)
        return None

    def _shape(
        self, node: cst.BaseExpression, scope: Scope, ordinal: int, batched: bool
    ) -> InputShape | None:
        """`(28, 28, 1)`, `[784]`, `784`, `(None, 8)`, `(*img_shape, 1)`, a name holding one of
        those; the batch axis dropped for a `batch_shape`. None when a size is not known."""
        written = tuple_items(self.evaluator, node, scope, ordinal)
        items: list[cst.BaseExpression] = written if written is not None else [node]
        if written is None and isinstance(node, cst.Tuple | cst.List | cst.BinaryOperation):
            return None
        sizes: list[int | None] = []
        for item in items:
            if isinstance(item, cst.Name) and item.value == "None":
                sizes.append(None)
                continue
            number = self.evaluator.number_of(item, scope, ordinal)
            if number is None or number.value is None or number.value != int(number.value):
                return None
            if number.value < 1:
                return None
            sizes.append(int(number.value))
        if batched:
            return tuple(sizes[1:]) if sizes else None
        return tuple(sizes)

    def returned_as(self, model: BuiltModel) -> tuple[Binding, ...]:
        """The names that hold the model a builder function returns: for
        `def build(): model = Sequential(...); ...; return model`, each `net = build()`.
        Every `return` of the function must return that model."""
        function = model.binding.scope.function
        if function is None or not function.returns or function.is_method:
            return ()
        for expr, ordinal in function.returns:
            if not (
                isinstance(expr, cst.Name)
                and self.bindings.lookup(expr.value, function.scope, ordinal) is model.binding
            ):
                return ()
        found = []
        for site in self.facts.calls_by_name.get(function.name, ()):
            called = site.node.func
            if not isinstance(called, cst.Name):
                continue
            defined = self.bindings.lookup(called.value, site.scope, site.ordinal)
            if defined is None or defined.function is not function:
                continue
            binding = self._bound_to(site)
            if binding is not None:
                found.append(binding)
        return tuple(found)

    def method_calls(self, binding: Binding, method: str) -> Iterator[CallSite]:
        """The calls `name.method(...)` on this binding of the model's name, in order."""
        for site in self.facts.calls_by_name.get(method, ()):
            func = site.node.func
            if (
                isinstance(func, cst.Attribute)
                and isinstance(func.value, cst.Name)
                and func.value.value == binding.name
                and self.bindings.lookup(binding.name, site.scope, site.ordinal) is binding
            ):
                yield site

    def _rebuilt(self, binding: Binding) -> bool:
        """`model.build(...)` on this binding: the input is what `build` is given."""
        return any(True for _ in self.method_calls(binding, "build"))

    def _compile(self, binding: Binding) -> cst.Call | None:
        sites = list(self.method_calls(binding, "compile"))
        # Compiled twice: which loss trains is not one fact.
        return sites[0].node if len(sites) == 1 else None

    def _loss(self, call: cst.Call, binding: Binding) -> Loss | None:
        node = argument_value(call, "loss", 1)
        if node is None:
            return None
        written = node
        if isinstance(node, cst.Name):  # `loss_fn = keras.losses.CategoricalCrossentropy()`
            held = self.bindings.lookup(node.value, binding.scope, 1 << 62)
            if held is not None and held.value_expr is not None and not held.unpack_path:
                node = held.value_expr
        if isinstance(node, cst.SimpleString):
            text = node.evaluated_value
            name = _LOSS_NAMES.get(text) if isinstance(text, str) else None
            return Loss(name, written) if name is not None else None
        target = node.func if isinstance(node, cst.Call) else node
        qualname = self.bindings.qualified_name(target, binding.scope, binding.ordinal)
        if qualname is None or not is_keras_qualname(qualname) or ".losses." not in qualname:
            return None
        name = _LOSS_NAMES.get(qualname.rsplit(".", 1)[-1])
        if name is None:
            return None
        from_logits = None
        if isinstance(node, cst.Call):
            logits = keyword_value(node, "from_logits")
            if isinstance(logits, cst.Name) and logits.value in ("True", "False"):
                from_logits = logits.value == "True"
            elif logits is None:
                from_logits = False
        return Loss(name, written, from_logits)


def _activation(
    bindings: Bindings, node: cst.BaseExpression, scope: Scope, ordinal: int
) -> str | None:
    """`"softmax"`, `keras.activations.softmax`, `tf.nn.softmax` → "softmax"; None when
    the activation is not written as a name Keras knows."""
    if isinstance(node, cst.Name) and node.value not in ("None",):
        held = bindings.lookup(node.value, scope, ordinal)
        if held is not None and isinstance(held.value_expr, cst.SimpleString):
            node = held.value_expr  # `act = "softmax"`
    if isinstance(node, cst.SimpleString):
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    if isinstance(node, cst.Name) and node.value == "None":
        return "linear"
    qualname = bindings.qualified_name(node, scope, ordinal)
    if qualname is None:
        return None
    parts = qualname.split(".")
    if parts[0] == "tensorflow" and parts[-2:-1] == ["nn"]:
        return parts[-1]
    if is_keras_qualname(qualname) and "activations" in parts:
        return parts[-1]
    return None

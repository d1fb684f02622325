"""Abstract values: what fitlint knows a name holds. `UNKNOWN` is a value, never an error.

Every fact is optional: `None` in a field means "not known", and rules that need that fact
stay silent. Each value carries a short `origin` text that messages quote.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fitlint.analysis.scopes import ClassInfo


@dataclass(frozen=True)
class Unknown:
    """Nothing is known; rules that need a fact stay silent."""


UNKNOWN = Unknown()


@dataclass(frozen=True)
class KerasModel:
    """A Keras model; `class_name` is what `type(model).__name__` prints in Keras 3, if known.

    `built_here` is True when the model's layers are built in this file (Sequential(...),
    Model(inputs, outputs), a subclass), False when they come from elsewhere (load_model,
    keras.applications), so a rule about its first layers can only judge the former.
    """

    class_name: str | None = None
    built_here: bool = False


@dataclass(frozen=True)
class Foreign:
    """An object from a library that is not Keras (sklearn, xgboost, torch...)."""

    qualname: str


@dataclass(frozen=True)
class Instance:
    """An instance of a class defined in this module."""

    class_info: ClassInfo


@dataclass(frozen=True)
class ImportedInstance:
    """`Wrapper(...)` for a capitalised name imported from a module that is neither Keras
    nor a known library (the project's own, or one fitlint does not know). It may be a
    builder function or a class with its own `fit_generator`: the semantic model looks
    the name up in the project's sources, and otherwise wants a Keras-style `compile` on it."""

    qualname: str


@dataclass(frozen=True)
class Number:
    """An integer or float whose value may be known; `sample_count_of` names the data when the
    number is a count of samples (len(x_train), x.shape[0], gen.samples), not of batches."""

    value: float | None
    text: str
    sample_count_of: str | None = None
    # `len(x) // 256`, `math.ceil(n / 256)`: a count of batches of 256 of the samples
    # `len(x)` counts, as (that text, 256).
    batches_of: tuple[str, int] | None = None


@dataclass(frozen=True)
class Labels:
    """What an array of class labels holds: class indices ("integer") or one-hot rows
    ("one-hot"), and how many classes when known."""

    encoding: str  # "integer" or "one-hot"
    classes: int | None
    origin: str  # where the encoding shows: "keras.datasets.mnist.load_data()", ...
    # Class indices as a column, shape (N, 1) (CIFAR's labels, randint(..., size=(n, 1))),
    # not a vector (N,): Keras's errors differ.
    column: bool = False


# An array's shape without its first axis (one sample's shape), e.g. (28, 28) for MNIST's
# images; every size known (a shape with a size the file does not show is not known at all).
SampleShape = tuple[int, ...]


@dataclass(frozen=True)
class Array:
    """A NumPy-like array: dtype, number of samples (first dimension), one sample's shape
    and whether it was scaled or cast on its way from its source."""

    dtype: str | None
    sample_count: int | None
    origin: str
    cast_or_scaled: bool = False
    # Known to hold image pixels (keras.datasets images, an explicit conversion to uint8),
    # not a uint8 buffer of unknown meaning such as np.zeros(..., dtype=np.uint8).
    pixels: bool = False
    # Known to hold class labels (keras.datasets labels, to_categorical, randint(0, k)).
    labels: Labels | None = None
    # The shape of one sample (the dimensions after the first), when every one is known:
    # (28, 28) for keras.datasets.mnist's images, (784,) after `.reshape(-1, 784)`.
    sample_shape: SampleShape | None = None


@dataclass(frozen=True)
class Dataset:
    """A `tf.data.Dataset`. `count` is the number of elements (samples before `.batch`,
    batches after), None when unknown; `count_text` says how it was worked out."""

    count: int | None
    count_text: str
    batched: bool = False
    batch_size: int | None = None
    infinite: bool = False
    origin: str = "dataset"
    # Why it never ends: "repeat" (`.repeat()` with no count) or "generator" (from_generator
    # of an endless generator function).
    infinite_reason: str | None = None
    # The dtype of the images it yields, when it was made from an array and never mapped.
    element: Array | None = None
    # The model input (x) of each element, when it is one array (`from_tensor_slices((x, y))`
    # or `(x)`, not several inputs) and the elements were never mapped: its `sample_shape` is
    # one element's x shape.
    features: Array | None = None
    # After `.batch(size)`: the number of samples batched, when known.
    samples: int | None = None


@dataclass(frozen=True)
class GeneratorFunction:
    """A generator function defined in this module (the function itself, not a call of it)."""

    name: str
    infinite: bool


@dataclass(frozen=True)
class OneShot:
    """An object that can be iterated once: a generator object, `iter(...)`, `zip(...)`,
    `map(...)`, `filter(...)`, a generator expression, `itertools.cycle(...)`."""

    kind: str  # "generator", "iterator", "cycle"
    infinite: bool | None
    origin: str
    # Items one pass yields, when a generator's only `yield` sits in one `for` over a
    # counted range (`for i in range(len(x) - 30): yield ...`).
    length: int | None = None
    # The size of the batches a generator yields, when its body reads a batch-size name
    # (`batch_size`, `BATCH`, `bs`) of one known value > 1.
    batch_size: int | None = None


@dataclass(frozen=True)
class KerasSequence:
    """A re-iterable Keras input with a length in batches: `keras.utils.Sequence`/`PyDataset`
    instances, `ImageDataGenerator.flow*` iterators. `next()` on a flow never runs out."""

    origin: str
    batch_count: int | None = None
    sample_count: int | None = None
    is_flow: bool = False
    batch_size: int | None = None


@dataclass(frozen=True)
class ReIterable:
    """A list, tuple, range or other container: every `for` starts from the beginning.
    `length` is its number of items, when known (`[f(i) for i in range(2000)]`)."""

    origin: str
    length: int | None = None


@dataclass(frozen=True)
class KerasObject:
    """Another library object the analysis follows: an `ImageDataGenerator` (its `flow`
    methods), a NumPy random generator (its drawing methods)."""

    kind: str


@dataclass(frozen=True)
class TupleValue:
    """A tuple whose elements are known one by one (as `load_data()` returns)."""

    elements: tuple[Value, ...]


@dataclass(frozen=True)
class Splits:
    """The splits of a dataset by name (`tfds.load("cifar10")` without `split=` returns
    `{"train": ..., "test": ...}`), read with `ds["train"]`."""

    splits: tuple[tuple[str, Value], ...]

    def get(self, name: str) -> Value:
        return dict(self.splits).get(name, UNKNOWN)


Value = (
    Unknown
    | KerasModel
    | Foreign
    | Instance
    | ImportedInstance
    | Number
    | Array
    | Dataset
    | GeneratorFunction
    | OneShot
    | KerasSequence
    | ReIterable
    | KerasObject
    | TupleValue
    | Splits
)


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
    """Whether `value` is known never to run out (an endless generator, `.repeat()`...)."""
    return isinstance(value, OneShot | Dataset) and value.infinite is True

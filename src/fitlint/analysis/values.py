"""Abstract values: what fitlint knows a name holds. `UNKNOWN` is a value, never an error."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Unknown:
    """Nothing is known; rules that need a fact stay silent."""


UNKNOWN = Unknown()


@dataclass(frozen=True)
class KerasModel:
    """A Keras model; `class_name` is what `type(model).__name__` prints in Keras 3, if known."""

    class_name: str | None = None


@dataclass(frozen=True)
class Foreign:
    """An object from a library that is not Keras (sklearn, xgboost, torch...)."""

    qualname: str


@dataclass(frozen=True)
class ClassInfo:
    """A class defined in the module being linted."""

    name: str
    base_qualnames: tuple[str | None, ...]
    methods: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Instance:
    """An instance of a class defined in this module."""

    class_info: ClassInfo


Value = Unknown | KerasModel | Foreign | Instance

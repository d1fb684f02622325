"""Queries about the classes a module defines: their bases (followed through the module's
own classes), whether they are Keras models, which methods they define."""

from __future__ import annotations

from collections.abc import Callable

from fitlint.analysis.bindings import MAX_DEPTH, Bindings
from fitlint.analysis.libraries import keras
from fitlint.analysis.scopes import ClassInfo


class Classes:
    def __init__(self, bindings: Bindings) -> None:
        self.bindings = bindings

    def has_base(self, info: ClassInfo, predicate: Callable[[str], bool], depth: int = 0) -> bool:
        """Whether a base of `info` (followed through local classes) satisfies `predicate`."""
        if depth > MAX_DEPTH:
            return False
        for base in info.base_qualnames:
            if base is None:
                continue
            if predicate(base):
                return True
            local = self.bindings.local_class(base)
            if (
                local is not None
                and local is not info
                and self.has_base(local, predicate, depth + 1)
            ):
                return True
        return False

    def is_keras_model(self, info: ClassInfo, depth: int = 0) -> bool | None:
        """True for `class Net(keras.Model)`, False for a class with known non-Keras bases,
        None when a base comes from elsewhere and cannot be judged."""
        if depth > MAX_DEPTH:
            return None
        verdict: bool | None = False
        for base in info.base_qualnames:
            if base is None:
                verdict = None
                continue
            if keras.is_keras_model_class(base):
                return True
            local = self.bindings.local_class(base)
            if local is not None and local is not info:
                inner = self.is_keras_model(local, depth + 1)
                if inner:
                    return True
                if inner is None:
                    verdict = None
            elif base != "object":
                verdict = None
        return verdict

    def defines(self, info: ClassInfo, method: str, depth: int = 0) -> bool | None:
        """Whether `info` or a local base class defines `method` (None: a base is unknown)."""
        if method in info.methods:
            return True
        if depth > MAX_DEPTH:
            return None
        verdict: bool | None = False
        for base in info.base_qualnames:
            local = self.bindings.local_class(base) if base is not None else None
            if local is not None and local is not info:
                inner = self.defines(local, method, depth + 1)
                if inner:
                    return True
                if inner is None:
                    verdict = None
            elif base not in (None, "object") and not keras.is_keras_model_class(base):
                verdict = None
        return verdict

"""The prefilter's second stage: a few facts about a module read from CPython's `ast`.

A file whose bytes pass the token stage is parsed with `ast` (about a tenth of LibCST's
cost) and its calls, keywords and names are collected in one walk. Words in comments and
docstrings no longer count, so library code that merely mentions `fit(` is not handed to
LibCST. Each rule answers from these facts whether it could possibly fire: a superset of
what its check finds, never less (the rule tests run with and without the prefilter).
"""

from __future__ import annotations

import ast
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field, fields


@dataclass
class CodeFacts:
    attribute_calls: set[str] = field(default_factory=set)  # `x.fit(...)` -> "fit"
    name_calls: set[str] = field(default_factory=set)  # `next(...)` -> "next"
    keywords: set[str] = field(default_factory=set)  # `f(epochs=3)` -> "epochs"
    identifiers: set[str] = field(default_factory=set)  # names, attributes, parameters
    # Every dotted name an import statement mentions, and each of its parts:
    # `from keras.layers.core import Dense` -> "keras", "layers", "core", "Dense".
    import_parts: set[str] = field(default_factory=set)
    strings: set[str] = field(default_factory=set)  # short string constants ("uint8")
    has_yield: bool = False
    has_generator_expression: bool = False
    has_while_true: bool = False

    def calls(self, *names: str) -> bool:
        return any(name in self.attribute_calls or name in self.name_calls for name in names)


_SET_FIELDS = tuple(item.name for item in fields(CodeFacts) if item.type in ("set[str]", set[str]))


def merged_code_facts(parts: Iterable[bytes]) -> CodeFacts | None:
    """The facts of several pieces of code parsed one by one (a notebook's cells, which
    IPython compiles one at a time), as one; None when some piece does not parse."""
    merged = CodeFacts()
    for part in parts:
        facts = code_facts(part)
        if facts is None:
            return None
        for name in _SET_FIELDS:
            getattr(merged, name).update(getattr(facts, name))
        merged.has_yield |= facts.has_yield
        merged.has_generator_expression |= facts.has_generator_expression
        merged.has_while_true |= facts.has_while_true
    return merged


def code_facts(data: bytes) -> CodeFacts | None:
    """The facts, or None when `ast` cannot parse the file (LibCST then reports why)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(data)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    facts = CodeFacts()
    attribute_calls = facts.attribute_calls
    name_calls = facts.name_calls
    keywords = facts.keywords
    identifiers = facts.identifiers
    for node in ast.walk(tree):
        kind = type(node)
        if kind is ast.Call:
            func = node.func  # type: ignore[attr-defined]
            if type(func) is ast.Attribute:
                attribute_calls.add(func.attr)
            elif type(func) is ast.Name:
                name_calls.add(func.id)
            for keyword in node.keywords:  # type: ignore[attr-defined]
                if keyword.arg is not None:
                    keywords.add(keyword.arg)
        elif kind is ast.Name:
            identifiers.add(node.id)  # type: ignore[attr-defined]
        elif kind is ast.Attribute:
            identifiers.add(node.attr)  # type: ignore[attr-defined]
        elif kind is ast.arg:
            identifiers.add(node.arg)  # type: ignore[attr-defined]
        elif kind is ast.Constant:
            value = node.value  # type: ignore[attr-defined]
            if type(value) is str and len(value) <= 16:
                facts.strings.add(value)
        elif kind is ast.Import:
            for alias in node.names:  # type: ignore[attr-defined]
                facts.import_parts.update(alias.name.split("."))
        elif kind is ast.ImportFrom:
            module = node.module  # type: ignore[attr-defined]
            if module:
                facts.import_parts.update(module.split("."))
            facts.import_parts.update(alias.name for alias in node.names)  # type: ignore[attr-defined]
        elif kind is ast.Yield or kind is ast.YieldFrom:
            facts.has_yield = True
        elif kind is ast.GeneratorExp:
            facts.has_generator_expression = True
        elif kind is ast.While:
            test = node.test  # type: ignore[attr-defined]
            if type(test) is ast.Constant and test.value:
                facts.has_while_true = True
    return facts

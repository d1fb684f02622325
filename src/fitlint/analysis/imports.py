"""A look into the project's own modules: is an imported `Name` a function or a class, and
what does that class define?

`model = UNet(...)` with `from nets import UNet` is a Keras model when `UNet` is a builder
function and may be the project's own wrapper when it is a class (one with a
`fit_generator` of its own, say). The linted file cannot tell; `nets.py` beside it can.
Modules are found the way a script run from its own directory (or from a parent directory
up to the project root) would import them, read with CPython's `ast`, and only when a rule
asks. Files are read through the `read` callable the engine supplies, which records what was
read for the result cache and run records; this module knows neither.
"""

from __future__ import annotations

import ast
import os
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

MAX_HOPS = 3  # `from .models import UNet` in an __init__.py, followed this many times
MAX_LEVELS = 6  # directories searched upward from the linted file

# Reads a file of the project: its bytes, or None when it is absent, not a regular file, or
# unreadable.
Reader = Callable[[Path], "bytes | None"]


def no_files(path: Path) -> bytes | None:
    """The reader for a source with no file (stdin, a string): nothing is looked at."""
    return None


@dataclass(frozen=True)
class Definition:
    kind: Literal["function", "class"]
    methods: frozenset[str] = frozenset()
    bases: tuple[str, ...] = ()


@dataclass
class ModuleResolver:
    """Finds and reads the project's modules around one linted file (`directory` is the
    file's directory, `root` the project root; None: there is no file to search from)."""

    directory: Path | None
    root: Path | None
    read: Reader = no_files
    _trees: dict[str, ast.Module | None] = field(default_factory=dict)

    @classmethod
    def for_file(cls, path: Path | None, root: Path | None, read: Reader) -> ModuleResolver:
        if path is None:
            return cls(None, None)  # stdin, or source given without a file: nothing to look at
        return cls(Path(os.path.abspath(path)).parent, Path(os.path.abspath(root or ".")), read)

    def definition(self, qualname: str) -> Definition | None:
        """What `qualname` (`nets.UNet`) is in the project's sources, None when not found."""
        module, _, name = qualname.rpartition(".")
        if not module or self.directory is None:
            return None
        return self._lookup(module.split("."), self._search_dirs(), name, 0)

    def _search_dirs(self) -> list[Path]:
        assert self.directory is not None
        dirs = [self.directory]
        for parent in self.directory.parents:
            if len(dirs) >= MAX_LEVELS or self.root is None or not parent.is_relative_to(self.root):
                break
            dirs.append(parent)
        return dirs

    def _lookup(
        self, parts: list[str], bases: list[Path], name: str, hops: int
    ) -> Definition | None:
        if hops > MAX_HOPS or not parts:
            return None
        for base in bases:
            for candidate in (
                base.joinpath(*parts[:-1], parts[-1] + ".py"),
                base.joinpath(*parts, "__init__.py"),
            ):
                tree = self._parse(candidate)
                if tree is not None:
                    return self._find(tree, candidate, name, hops)
        return None

    def _parse(self, path: Path) -> ast.Module | None:
        key = str(path)
        if key not in self._trees:
            data = self.read(path)
            if data is None:
                self._trees[key] = None
                return None
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    self._trees[key] = ast.parse(data)
            except (SyntaxError, ValueError, RecursionError, MemoryError):
                self._trees[key] = None
        return self._trees[key]

    def _find(self, tree: ast.Module, path: Path, name: str, hops: int) -> Definition | None:
        found: Definition | None = None
        for node in _top_level(tree.body):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == name:
                found = Definition("function")
            elif isinstance(node, ast.ClassDef) and node.name == name:
                methods = frozenset(
                    item.name
                    for item in node.body
                    if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef)
                )
                found = Definition("class", methods, tuple(ast.unparse(b) for b in node.bases))
            elif isinstance(node, ast.ImportFrom) and node.module is not None:
                for alias in node.names:
                    if (alias.asname or alias.name) == name:
                        found = self._follow(node, alias.name, path, hops)
        return found  # the last definition in the module wins, as at run time

    def _follow(self, node: ast.ImportFrom, name: str, path: Path, hops: int) -> Definition | None:
        assert node.module is not None
        parts = node.module.split(".")
        if node.level == 0:
            return self._lookup(parts, self._search_dirs(), name, hops + 1)
        package = path.parent
        for _ in range(node.level - 1):
            package = package.parent
        return self._lookup(parts, [package], name, hops + 1)


def _top_level(body: list[ast.stmt]) -> list[ast.stmt]:
    """Statements run at import: the module body and the bodies of its if/try blocks."""
    statements: list[ast.stmt] = []
    for node in body:
        statements.append(node)
        if isinstance(node, ast.If):
            statements.extend(_top_level(node.body) + _top_level(node.orelse))
        elif isinstance(node, ast.Try):
            statements.extend(_top_level(node.body))
            for handler in node.handlers:
                statements.extend(_top_level(handler.body))
    return statements

"""The import rules of DESIGN.md §1, read with `ast` from the sources: one direction, top to
bottom (entry point → cli → api → batch → engine → rules → semantic model → diagnostics),
no import circle but package `__init__` re-exports, and the leaves stay leaves.

Imports under `if TYPE_CHECKING:` are type annotations, not run: they are left out. Imports
inside functions (lazy ones) count like any other.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import cache

import pytest

from tests.conftest import REPO_ROOT

SOURCE = REPO_ROOT / "src"
PACKAGE = SOURCE / "fitlint"


def _module_name(path_parts: tuple[str, ...]) -> str:
    parts = list(path_parts)
    parts[-1] = parts[-1].removesuffix(".py")
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def modules() -> dict[str, ast.Module]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(SOURCE).parts
        if "rule_docs" in relative:
            continue  # the catalog's examples, shipped as data
        found[_module_name(relative)] = ast.parse(path.read_bytes())
    return found


def _is_package(name: str) -> bool:
    return (SOURCE / name.replace(".", "/") / "__init__.py").is_file()


def _runtime_imports(tree: ast.Module) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import statement except those under `if TYPE_CHECKING:`."""
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            stack.extend(node.orelse)
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        stack.extend(ast.iter_child_nodes(node))


@cache
def imports_of(name: str) -> frozenset[str]:
    """The fitlint modules `name` imports (a `from package import submodule` counts as the
    submodule; `from package import attribute` as the package)."""
    tree = modules()[name]
    package = name if _is_package(name) else name.rpartition(".")[0]
    found = set()
    for node in _runtime_imports(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
            continue
        base = node.module or ""
        if node.level:
            anchor = package.split(".")
            anchor = anchor[: len(anchor) - (node.level - 1)]
            base = ".".join([*anchor, base] if base else anchor)
        for alias in node.names:
            candidate = f"{base}.{alias.name}"
            found.add(candidate if candidate in modules() else base)
    return frozenset(imported for imported in found if imported.split(".")[0] == "fitlint")


def _inside(name: str, layer: str) -> bool:
    return name == layer or name.startswith(layer + ".")


def _importers(layer: str) -> Iterator[tuple[str, str]]:
    """(module of `layer`, fitlint module it imports) for every import of the layer."""
    for name in sorted(modules()):
        if _inside(name, layer):
            for imported in sorted(imports_of(name)):
                yield name, imported


def test_the_sources_are_found() -> None:
    assert {"fitlint.cli", "fitlint.analysis.semantic", "fitlint.replay"} <= set(modules())


def test_no_import_circle_but_package_reexports() -> None:
    # An edge from inside a package to the package itself is the package's __init__
    # re-exporting what its own modules define (Python runs __init__ first): allowed.
    graph = {
        name: {
            imported
            for imported in imports_of(name)
            if not (_is_package(imported) and _inside(name, imported))
        }
        for name in modules()
    }
    # Tarjan's strongly connected components: any component of two or more is a circle.
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    circles: list[list[str]] = []

    def visit(name: str) -> None:
        index[name] = low[name] = len(index)
        stack.append(name)
        for imported in graph.get(name, ()):
            if imported not in index:
                visit(imported)
                low[name] = min(low[name], low[imported])
            elif imported in stack:
                low[name] = min(low[name], index[imported])
        if low[name] == index[name]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == name:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for name in sorted(graph):
        if name not in index:
            visit(name)
    assert circles == []


# (layer, modules it must never import)
NEVER = [
    # The semantic model knows no run records, cache, settings, rules, engine or CLI.
    (
        "fitlint.analysis",
        (
            "fitlint.replay",
            "fitlint.observe",
            "fitlint.results",
            "fitlint.reading",
            "fitlint.cache",
            "fitlint.config",
            "fitlint.engine",
            "fitlint.batch",
            "fitlint.api",
            "fitlint.cli",
            "fitlint.rules",
            "fitlint.confirm",
            "fitlint.output",
        ),
    ),
    # Rules see a RuleContext only.
    (
        "fitlint.rules",
        (
            "fitlint.engine",
            "fitlint.batch",
            "fitlint.api",
            "fitlint.cli",
            "fitlint.output",
            "fitlint.cache",
            "fitlint.replay",
            "fitlint.config",
            "fitlint.confirm.run",
            "fitlint.confirm.match",
            "fitlint.confirm.runner",
        ),
    ),
    # Formatters are pure functions of diagnostics.
    (
        "fitlint.output",
        ("fitlint.engine", "fitlint.analysis", "fitlint.rules", "fitlint.api", "fitlint.cli"),
    ),
    # Static linting never imports the runtime confirmation (and so never TensorFlow).
    ("fitlint.engine", ("fitlint.confirm.run", "fitlint.confirm.match", "fitlint.confirm.runner")),
    ("fitlint.batch", ("fitlint.confirm", "fitlint.api", "fitlint.cli")),
    # The CLI goes through the API and the catalog, never to the model or the rules.
    ("fitlint.cli", ("fitlint.analysis", "fitlint.rules", "fitlint.engine", "fitlint.batch")),
    ("fitlint.results", ("fitlint.replay",)),
]


@pytest.mark.parametrize(("layer", "forbidden"), NEVER, ids=[layer for layer, _ in NEVER])
def test_layers_never_import_upward(layer: str, forbidden: tuple[str, ...]) -> None:
    wrong = [
        (name, imported)
        for name, imported in _importers(layer)
        if any(_inside(imported, target) for target in forbidden)
    ]
    assert wrong == []


def test_leaves_import_nothing_of_fitlint() -> None:
    # The replay fast path runs before anything else is imported: the version only.
    assert imports_of("fitlint.replay") == {"fitlint"}
    assert imports_of("fitlint.diagnostics") == set()
    # The runner runs under the user's interpreter, where fitlint may not be installed.
    assert imports_of("fitlint.confirm.runner") == set()
    # The judges' vocabulary is all a rule takes from the confirmation package.
    assert imports_of("fitlint.confirm.verdicts") == {"fitlint.diagnostics"}


def test_nothing_imports_the_entry_point_and_only_it_imports_the_cli() -> None:
    importers = {
        name: imported
        for name in modules()
        for imported in imports_of(name)
        if imported in ("fitlint.__main__", "fitlint.cli")
    }
    assert importers == {"fitlint.__main__": "fitlint.cli"}


def test_rules_read_the_model_through_its_face() -> None:
    # `fitlint.analysis` (the model, its facts, values and tables) and its node helpers.
    allowed = {"fitlint.analysis", "fitlint.analysis.cst_util"}
    reached = {
        imported
        for _, imported in _importers("fitlint.rules")
        if _inside(imported, "fitlint.analysis")
    }
    assert reached <= allowed

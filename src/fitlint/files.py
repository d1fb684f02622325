"""Discovery: expanding command-line paths into files to lint, honouring .gitignore and exclude."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from fitlint.config import Settings
from fitlint.observe import NULL_OBSERVER, Observer


@dataclass(frozen=True)
class Discovery:
    files: list[Path]
    errors: list[str] = field(default_factory=list)
    # Files named on the command line (checked in full, never prefiltered away).
    explicit: frozenset[Path] = frozenset()


class _Patterns:
    """gitignore-style patterns anchored at a directory."""

    def __init__(self, base: Path, lines: Iterable[str]) -> None:
        import pathspec  # only runs with a .gitignore or a glob in `exclude` pay for it

        self.base = base
        self.spec = pathspec.GitIgnoreSpec.from_lines(list(lines))

    def verdict(self, path: Path, is_dir: bool) -> bool | None:
        """True: matched (excluded); False: re-included by a `!` pattern; None: no pattern."""
        try:
            relative = path.relative_to(self.base).as_posix()
        except ValueError:
            return None
        if relative in ("", "."):
            return None
        result = self.spec.check_file(relative + "/" if is_dir else relative)
        return result.include


def _is_plain_name(pattern: str) -> bool:
    """A bare name such as `build`: in gitignore syntax it matches that name at any depth,
    which a set lookup decides without compiling a pattern."""
    return (
        bool(pattern) and pattern == pattern.strip() and not any(c in "*?[]!\\/#" for c in pattern)
    )


class _Excluder:
    def __init__(self, settings: Settings, observer: Observer) -> None:
        self.settings = settings
        self.observer = observer
        self._gitignores: dict[Path, _Patterns | None] = {}

    @cached_property
    def root(self) -> Path:
        return self.settings.project_root.resolve()

    @cached_property
    def _split(self) -> tuple[frozenset[str], _Patterns | None]:
        """The exclude patterns as bare names plus a pattern set for the rest; with any `!`
        pattern (which can re-include a name) everything goes to the pattern set."""
        patterns = (*self.settings.exclude, *self.settings.extend_exclude)
        if any(pattern.startswith("!") for pattern in patterns):
            return frozenset(), _Patterns(self.root, patterns)
        names = frozenset(pattern for pattern in patterns if _is_plain_name(pattern))
        others = [pattern for pattern in patterns if pattern not in names]
        return names, _Patterns(self.root, others) if others else None

    @cached_property
    def _include(self) -> tuple[tuple[str, ...], _Patterns | None]:
        """`include` + `extend-include` as file suffixes (`*.py`) plus a pattern set for
        the rest."""
        patterns = (*self.settings.include, *self.settings.extend_include)
        suffixes = tuple(
            pattern[1:]
            for pattern in patterns
            if pattern.startswith("*.") and _is_plain_name(pattern[2:])
        )
        others = [pattern for pattern in patterns if pattern[1:] not in suffixes]
        return suffixes, _Patterns(self.root, others) if others else None

    def is_included(self, path: Path) -> bool:
        """Whether a file found in a directory walk is one to lint (`include`)."""
        suffixes, patterns = self._include
        if path.name.endswith(suffixes):
            return True
        if patterns is None:
            return False
        return bool(patterns.verdict(path, False)) or patterns.spec.match_file(path.name)

    def is_excluded(self, path: Path, is_dir: bool) -> bool:
        """`path` is absolute. Exclude patterns match the path or any of its parents' names."""
        names, patterns = self._split
        if names and self._name_excluded(path, names):
            return True
        if patterns is None:
            return False
        if patterns.verdict(path, is_dir):
            return True
        # A bare name such as `build` excludes that name anywhere, even outside the root.
        return patterns.spec.match_file(path.name + ("/" if is_dir else ""))

    def _name_excluded(self, path: Path, names: frozenset[str]) -> bool:
        if path.name in names:
            return True
        try:
            parents = path.relative_to(self.root).parts[:-1]
        except ValueError:
            return False  # outside the root only the name itself is matched
        return any(part in names for part in parents)

    def _gitignore(self, directory: Path) -> _Patterns | None:
        if directory not in self._gitignores:
            gitignore = directory / ".gitignore"
            self.observer.observe(gitignore)
            patterns = None
            try:
                if gitignore.is_file():
                    lines = gitignore.read_text(encoding="utf-8", errors="replace").splitlines()
                    patterns = _Patterns(directory, lines)
            except OSError:
                patterns = None
            self._gitignores[directory] = patterns
        return self._gitignores[directory]

    def is_gitignored(self, path: Path, is_dir: bool, ceiling: Path) -> bool:
        """Check the .gitignore files from `path`'s directory up to `ceiling`; the deepest
        file with a matching pattern decides, as in git."""
        directory = path.parent
        while True:
            patterns = self._gitignore(directory)
            if patterns is not None:
                verdict = patterns.verdict(path, is_dir)
                if verdict is not None:
                    return verdict
            if directory == ceiling or directory == directory.parent:
                return False
            directory = directory.parent


def _gitignore_ceiling(directory: Path, observer: Observer) -> Path:
    """The repository root holding `directory`, or `directory` itself outside a repository:
    .gitignore files above the walk are read only when git itself would read them."""
    for parent in (directory, *directory.parents):
        observer.observe(parent / ".git")
        if (parent / ".git").exists():
            return parent
    return directory


def discover(
    paths: Iterable[Path],
    settings: Settings,
    *,
    force_exclude: bool = False,
    observer: Observer = NULL_OBSERVER,
) -> Discovery:
    """Files to lint, sorted and without duplicates, plus one error line per missing path.
    `observer` is told of every path consulted (for run records)."""
    excluder = _Excluder(settings, observer)
    files: list[Path] = []
    errors: list[str] = []
    explicit: set[Path] = set()
    for given in paths:
        absolute = Path(os.path.abspath(given))
        observer.observe(absolute)
        if not os.path.lexists(absolute):
            errors.append(f"{given}: no such file or directory")
            continue
        if absolute.is_dir():
            if force_exclude and excluder.is_excluded(absolute, True):
                continue
            files.extend(_walk(given, absolute, excluder))
        elif force_exclude and (
            excluder.is_excluded(absolute, False)
            or excluder.is_gitignored(
                absolute, False, _gitignore_ceiling(absolute.parent, observer)
            )
        ):
            continue
        else:
            files.append(given)
            explicit.add(given)
    unique: dict[str, Path] = {}
    for path in files:
        unique.setdefault(os.path.normcase(os.path.abspath(path)), path)
    return Discovery(
        files=sorted(unique.values(), key=lambda p: p.as_posix()),
        errors=errors,
        explicit=frozenset(explicit),
    )


def _walk(given: Path, top: Path, excluder: _Excluder) -> Iterator[Path]:
    ceiling = _gitignore_ceiling(top, excluder.observer)
    stack = [(given, top)]
    while stack:
        shown, absolute = stack.pop()
        excluder.observer.observe(
            absolute
        )  # its entries: a new, removed or renamed one changes its mtime
        try:
            entries = sorted(os.scandir(absolute), key=lambda entry: entry.name)
        except OSError:
            continue
        for entry in entries:
            entry_path = absolute / entry.name
            try:
                # Symlinked directories are not followed: that is how walks loop forever.
                is_dir = entry.is_dir(follow_symlinks=False)
                is_file = entry.is_file()
            except OSError:
                continue
            if is_dir:
                if excluder.is_excluded(entry_path, True) or excluder.is_gitignored(
                    entry_path, True, ceiling
                ):
                    continue
                stack.append((shown / entry.name, entry_path))
            elif is_file and excluder.is_included(entry_path):
                if excluder.is_excluded(entry_path, False) or excluder.is_gitignored(
                    entry_path, False, ceiling
                ):
                    continue
                yield shown / entry.name

"""The result cache: per file, keyed by the bytes' hash, under one file per (fitlint version,
effective settings). A cache hit needs neither LibCST nor the rules, so this module imports
neither."""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any

from fitlint import __version__, replay
from fitlint.config import Settings
from fitlint.diagnostics import Diagnostic
from fitlint.observe import NULL_OBSERVER, Observer
from fitlint.reading import file_digest, read_regular_file
from fitlint.results import FileResult

_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by fitlint.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)


def default_cache_dir(settings: Settings, option: str | None) -> Path:
    """`--cache-dir`, else FITLINT_CACHE_DIR, else `.fitlint_cache` in the project root."""
    return Path(replay.resolve_cache_dir(option, str(settings.project_root)))


class ResultCache:
    """One JSON file per (fitlint version, settings): file → {key, parsed, may_fire,
    diagnostics, lines, dependencies}, the file named by its path from the project root, so
    that runs from other directories and `fitlint server` (which names files by absolute
    path) share it. `may_fire` is the prefilter's verdict on the contents (could any enabled
    rule fire?) and `parsed` whether the result came from parsing them: a walked file the
    prefilter turns away has no findings, while a file named explicitly is always parsed.
    `observer` is told of every dependency path consulted."""

    def __init__(
        self, directory: Path, settings: Settings, observer: Observer = NULL_OBSERVER
    ) -> None:
        self.directory = directory
        self.observer = observer
        self.root = str(settings.project_root.resolve()) + os.sep
        self.path = directory / f"{__version__}-{settings.cache_key()}.json"
        self.entries: dict[str, dict[str, Any]] = {}
        self.changed = False
        try:
            loaded = json.loads(self.path.read_text(encoding="utf-8"))
            if isinstance(loaded, dict):
                self.entries = loaded
        except (OSError, ValueError):
            self.entries = {}

    def _name(self, filename: str) -> str:
        """The file's path from the project root (its absolute path outside it); string
        operations, as this runs for every file of a run answered from the cache."""
        path = os.path.abspath(filename)
        if path.startswith(self.root):
            path = path[len(self.root) :]
        return path.replace(os.sep, "/")

    def get(self, filename: str, key: str, *, explicit: bool) -> FileResult | None:
        """The remembered result of `filename` with contents `key`, linted as a file named
        explicitly (always parsed) or found by walking a directory (prefiltered)."""
        entry = self.entries.get(self._name(filename))
        if entry is None or entry.get("key") != key:
            return None
        if not explicit and entry.get("may_fire") is False:
            return FileResult(filename)  # what the prefilter gives: nothing parsed
        if entry.get("parsed") is not True:
            return None
        try:
            result = _result_from_json(filename, entry)
        except (KeyError, TypeError, ValueError, AttributeError):
            return None
        for path, recorded in result.dependencies.items():
            if self._current_digest(path) != recorded:
                return None  # a module this result looked into has changed
        return result

    def put(
        self, filename: str, key: str, result: FileResult, *, parsed: bool, may_fire: bool
    ) -> None:
        if result.internal_errors or result.errors:
            return  # failures are not remembered: the next run tries again
        self.entries[self._name(filename)] = {
            "key": key,
            "parsed": parsed,
            "may_fire": may_fire,
            **_result_to_json(result),
        }
        self.changed = True

    def _current_digest(self, path: str) -> str | None:
        """What `reading.ProjectFiles` would record for `path` now."""
        self.observer.observe(path)  # before the read, for the run record
        data = read_regular_file(path)
        return file_digest(data) if data is not None else None

    def save(self) -> None:
        """Write atomically; a cache that cannot be written is simply not kept."""
        if not self.changed:
            return
        import tempfile

        with contextlib.suppress(OSError):
            self.directory.mkdir(parents=True, exist_ok=True)
            tag = self.directory / "CACHEDIR.TAG"
            if not tag.exists():
                tag.write_text(_TAG, encoding="utf-8")
                (self.directory / ".gitignore").write_text("*\n", encoding="utf-8")
            handle, temporary = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as stream:
                    json.dump(self.entries, stream, separators=(",", ":"))
                os.replace(temporary, self.path)
            except OSError:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)


def _result_to_json(result: FileResult) -> dict[str, Any]:
    return {
        "diagnostics": [diagnostic.to_dict() for diagnostic in result.diagnostics],
        # Only files with findings need their lines (for the text format's snippets).
        "lines": result.source_lines if result.diagnostics else [],
        "cells": {str(cell): lines for cell, lines in result.cell_lines.items()},
        "dependencies": result.dependencies,
    }


def _result_from_json(filename: str, entry: dict[str, Any]) -> FileResult:
    diagnostics = [Diagnostic.from_dict(item, filename) for item in entry["diagnostics"]]
    dependencies = {
        str(path): (str(digest) if digest is not None else None)
        for path, digest in dict(entry.get("dependencies") or {}).items()
    }
    return FileResult(
        filename,
        diagnostics=diagnostics,
        source_lines=list(entry["lines"]),
        cell_lines={int(cell): list(lines) for cell, lines in (entry.get("cells") or {}).items()},
        dependencies=dependencies,
    )

"""The result cache: per file, keyed by the bytes' hash, under one file per (fitlint version,
effective settings). A cache hit needs neither LibCST nor the rules, so this module imports
neither."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from dataclasses import asdict
from pathlib import Path
from typing import Any

from fitlint import __version__, replay
from fitlint.config import Settings
from fitlint.diagnostics import Applicability, Diagnostic, Edit, Fix, Location, Severity
from fitlint.results import FileResult, file_digest

CACHE_DIR_NAME = replay.CACHE_DIR_NAME
_TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by fitlint.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)


def digest(data: bytes, *, explicit: bool) -> str:
    """The key of one file's result: its bytes, and whether it was named explicitly (named
    files skip the prefilter, so their result can differ)."""
    hasher = hashlib.blake2b(data, digest_size=16)
    hasher.update(b"\x00explicit" if explicit else b"\x00walked")
    return hasher.hexdigest()


def settings_key(settings: Settings) -> str:
    relevant = (
        settings.select,
        settings.extend_select,
        settings.ignore,
        settings.per_file_ignores,
        settings.keras_version,
        str(settings.project_root),
    )
    return hashlib.blake2b(repr(relevant).encode(), digest_size=8).hexdigest()


def default_cache_dir(settings: Settings, option: str | None) -> Path:
    if option:
        return Path(option)
    from_environment = os.environ.get("FITLINT_CACHE_DIR")
    if from_environment:
        return Path(from_environment)
    return Path(settings.project_root) / CACHE_DIR_NAME


class ResultCache:
    def __init__(self, directory: Path, settings: Settings) -> None:
        self.directory = directory
        self.path = directory / f"{__version__}-{settings_key(settings)}.json"
        self.entries: dict[str, dict[str, Any]] = {}
        self.changed = False
        try:
            loaded = json.loads(self.path.read_text(encoding="utf-8"))
            if isinstance(loaded, dict):
                self.entries = loaded
        except (OSError, ValueError):
            self.entries = {}

    def get(self, filename: str, key: str) -> FileResult | None:
        entry = self.entries.get(filename)
        if entry is None or entry.get("key") != key:
            return None
        try:
            result = _result_from_json(filename, entry)
        except (KeyError, TypeError, ValueError, AttributeError):
            return None
        for path, recorded in result.dependencies.items():
            if _current_digest(path) != recorded:
                return None  # a module this result looked into has changed
        return result

    def put(self, filename: str, key: str, result: FileResult) -> None:
        if result.internal_errors or result.errors:
            return  # failures are not remembered: the next run tries again
        self.entries[filename] = {"key": key, **_result_to_json(result)}
        self.changed = True

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
    diagnostics = []
    for diagnostic in result.diagnostics:
        item = asdict(diagnostic)
        item.pop("filename")
        item.pop("confirmation")
        item["severity"] = diagnostic.severity.value
        diagnostics.append(item)
    return {
        "diagnostics": diagnostics,
        # Only files with findings need their lines (for the text format's snippets).
        "lines": result.source_lines if result.diagnostics else [],
        "dependencies": result.dependencies,
    }


def _current_digest(path: str) -> str | None:
    replay.observe(path)  # before the read, for the run record
    if not os.path.isfile(path):
        return None  # absent, or not a regular file (as analysis.imports reads it)
    try:
        with open(path, "rb") as handle:
            return file_digest(handle.read())
    except OSError:
        return None


def _fix_from_json(item: dict[str, Any] | None) -> Fix | None:
    if item is None:
        return None
    edits = tuple(
        Edit(edit["content"], Location(**edit["location"]), Location(**edit["end_location"]))
        for edit in item["edits"]
    )
    return Fix(Applicability(item["applicability"]), item["message"], edits)


def _result_from_json(filename: str, entry: dict[str, Any]) -> FileResult:
    diagnostics = []
    for item in entry["diagnostics"]:
        anchor = item.get("anchor_rows")
        diagnostics.append(
            Diagnostic(
                code=item["code"],
                name=item["name"],
                message=item["message"],
                filename=filename,
                location=Location(**item["location"]),
                end_location=Location(**item["end_location"]),
                severity=Severity(item["severity"]),
                url=item.get("url"),
                noqa_row=item.get("noqa_row"),
                anchor_rows=(anchor[0], anchor[1]) if anchor else None,
                fix=_fix_from_json(item.get("fix")),
                unsafe_fix=_fix_from_json(item.get("unsafe_fix")),
            )
        )
    dependencies = {
        str(path): (str(digest) if digest is not None else None)
        for path, digest in dict(entry.get("dependencies") or {}).items()
    }
    return FileResult(
        filename,
        diagnostics=diagnostics,
        source_lines=list(entry["lines"]),
        dependencies=dependencies,
    )

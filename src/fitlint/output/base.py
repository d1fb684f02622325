"""What every formatter receives: the diagnostics of a run and the rules that could report."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from fitlint.catalog import RuleMeta
from fitlint.diagnostics import Diagnostic, Location


def header_line(diagnostic: Diagnostic) -> str:
    """`path:row:col: CODE message` (`path:cell N:row:col: ...` in a notebook), the line
    every text-like format starts from."""
    marker = "[*] " if diagnostic.fix is not None else ""  # ruff's mark of a safe fix
    line = (
        f"{diagnostic.filename}:{diagnostic.position()}: {diagnostic.code} {marker}"
        f"{diagnostic.message}"
    )
    if diagnostic.confirmation is not None:
        line += f" [{diagnostic.confirmation.status}: {diagnostic.confirmation.detail}]"
    return line


@dataclass(frozen=True)
class Report:
    diagnostics: Sequence[Diagnostic]
    rules: Sequence[RuleMeta]
    version: str
    # The directory relative file names are resolved against.
    cwd: str
    # filename -> source lines, for formats that show the offending code.
    sources: Mapping[str, Sequence[str]] = field(default_factory=dict)
    # (notebook filename, cell number) -> the cell's source lines.
    cell_sources: Mapping[tuple[str, int], Sequence[str]] = field(default_factory=dict)
    # Whether the text formats may colour their output (ANSI escapes).
    color: bool = False

    def absolute(self, filename: str) -> str:
        return os.path.normpath(os.path.join(self.cwd, filename))

    def lines_of(self, diagnostic: Diagnostic) -> Sequence[str] | None:
        """The lines `diagnostic.location` counts rows in: its file's, or its cell's."""
        if diagnostic.cell is not None:
            return self.cell_sources.get((diagnostic.filename, diagnostic.cell))
        return self.sources.get(diagnostic.filename)

    @staticmethod
    def file_range(diagnostic: Diagnostic) -> tuple[Location, Location]:
        """Where the finding is in the file's own text: a notebook finding's place in the
        JSON (the cell's first line when that could not be worked out)."""
        if diagnostic.raw_range is not None:
            return diagnostic.raw_range
        if diagnostic.cell is not None:
            return Location(1, 1), Location(1, 1)
        return diagnostic.location, diagnostic.end_location

"""What every formatter receives: the diagnostics of a run and the rules that could report."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from fitlint.catalog import RuleMeta
from fitlint.diagnostics import Diagnostic


def header_line(diagnostic: Diagnostic) -> str:
    """`path:row:col: CODE message`, the line every text-like format starts from."""
    location = diagnostic.location
    line = (
        f"{diagnostic.filename}:{location.row}:{location.column}: "
        f"{diagnostic.code} {diagnostic.message}"
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

    def absolute(self, filename: str) -> str:
        return os.path.normpath(os.path.join(self.cwd, filename))

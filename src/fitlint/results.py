"""What linting one file produces: diagnostics, error lines and internal errors."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from fitlint.diagnostics import Diagnostic

if TYPE_CHECKING:
    from fitlint.replay import Signature


@dataclass(frozen=True)
class InternalError:
    """A crash inside fitlint while checking one file (a bug: reported, exit code 2)."""

    filename: str
    rule_code: str | None
    summary: str
    traceback: str

    def describe(self) -> str:
        where = f"rule {self.rule_code}" if self.rule_code else "fitlint"
        return f"{self.filename}: internal error in {where}: {self.summary}"


@dataclass
class FileResult:
    filename: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    internal_errors: list[InternalError] = field(default_factory=list)
    source_lines: list[str] = field(default_factory=list)
    # A notebook's: cell number -> its source lines (only cells with diagnostics).
    cell_lines: dict[int, list[str]] = field(default_factory=dict)
    # Other files the result depends on (the project's modules looked into): path → digest
    # of their bytes, None when absent; and their stat signatures, taken before the read.
    dependencies: dict[str, str | None] = field(default_factory=dict)
    dependency_signatures: dict[str, Signature] = field(default_factory=dict)

"""The facts fitlint reports: locations, fixes and diagnostics."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


class Applicability(str, Enum):
    SAFE = "safe"
    UNSAFE = "unsafe"


@dataclass(frozen=True, order=True)
class Location:
    """A 1-based row and 1-based column (counted in characters, as ruff does)."""

    row: int
    column: int


@dataclass(frozen=True)
class Edit:
    """Replace the text between two locations with `content`."""

    content: str
    location: Location
    end_location: Location


@dataclass(frozen=True)
class Fix:
    applicability: Applicability
    message: str
    edits: tuple[Edit, ...]


@dataclass(frozen=True)
class Confirmation:
    """What a runtime confirmation run (`fitlint confirm`) observed about one finding."""

    status: str  # "confirmed", "refuted" or "inconclusive"
    detail: str
    observed: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Diagnostic:
    code: str
    name: str
    message: str
    filename: str
    location: Location
    end_location: Location
    severity: Severity = Severity.ERROR
    fix: Fix | None = None
    url: str | None = None
    # The row a `# noqa` comment must sit on to silence this diagnostic.
    noqa_row: int | None = None
    # The rows of the call (or loop) the finding is about, for matching runtime facts.
    anchor_rows: tuple[int, int] | None = None
    confirmation: Confirmation | None = None
    # A fuller fix that changes behaviour, applied only with --unsafe-fixes.
    unsafe_fix: Fix | None = None

    def sort_key(self) -> tuple[str, Location, str]:
        return (self.filename, self.location, self.code)

    def with_filename(self, filename: str) -> Diagnostic:
        return replace(self, filename=filename)

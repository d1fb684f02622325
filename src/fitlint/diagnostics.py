"""The facts fitlint reports: locations, fixes and diagnostics, and their one dict form (used by
the result cache and the JSON output alike)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any


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

    def to_dict(self) -> dict[str, int]:
        return {"row": self.row, "column": self.column}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Location:
        return cls(**data)


@dataclass(frozen=True)
class Edit:
    """Replace the text between two locations with `content`; in a notebook the locations
    are inside code cell `cell` (1-based over all cells)."""

    content: str
    location: Location
    end_location: Location
    cell: int | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "content": self.content,
            "location": self.location.to_dict(),
            "end_location": self.end_location.to_dict(),
        }
        if self.cell is not None:
            data["cell"] = self.cell
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Edit:
        return cls(
            data["content"],
            Location.from_dict(data["location"]),
            Location.from_dict(data["end_location"]),
            data.get("cell"),
        )


@dataclass(frozen=True)
class Fix:
    applicability: Applicability
    message: str
    edits: tuple[Edit, ...]

    def to_dict(self) -> dict[str, Any]:
        """ruff's shape: `{"applicability", "message", "edits": [...]}`."""
        return {
            "applicability": self.applicability.value,
            "message": self.message,
            "edits": [edit.to_dict() for edit in self.edits],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Fix | None:
        if data is None:
            return None
        edits = tuple(Edit.from_dict(edit) for edit in data["edits"])
        return cls(Applicability(data["applicability"]), data["message"], edits)


@dataclass(frozen=True)
class Confirmation:
    """What a runtime confirmation run (`fitlint confirm`) observed about one finding."""

    status: str  # "confirmed", "refuted" or "inconclusive"
    detail: str
    observed: dict[str, object] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"status": self.status, "detail": self.detail, "observed": self.observed}


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
    # In a notebook: the cell (1-based over all cells) that `location` and `end_location`
    # are rows and columns of, and where the finding is written in the notebook's JSON text
    # (for formats that can only point into the file: SARIF, GitHub annotations).
    cell: int | None = None
    raw_range: tuple[Location, Location] | None = None

    def sort_key(self) -> tuple[str, int, Location, str]:
        return (self.filename, self.cell or 0, self.location, self.code)

    def position(self) -> str:
        """`row:column`, or `cell N:row:column` in a notebook (ruff's form)."""
        where = f"{self.location.row}:{self.location.column}"
        return f"cell {self.cell}:{where}" if self.cell is not None else where

    def to_dict(self) -> dict[str, Any]:
        """What static linting found, as plain data: every field but the file name (the
        caller keys by it) and the confirmation (a later run's verdict)."""
        return {
            "code": self.code,
            "name": self.name,
            "message": self.message,
            "location": self.location.to_dict(),
            "end_location": self.end_location.to_dict(),
            "severity": self.severity.value,
            "fix": self.fix.to_dict() if self.fix is not None else None,
            "url": self.url,
            "noqa_row": self.noqa_row,
            "anchor_rows": list(self.anchor_rows) if self.anchor_rows is not None else None,
            "unsafe_fix": self.unsafe_fix.to_dict() if self.unsafe_fix is not None else None,
            "cell": self.cell,
            "raw_range": [self.raw_range[0].to_dict(), self.raw_range[1].to_dict()]
            if self.raw_range is not None
            else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], filename: str) -> Diagnostic:
        anchor = data.get("anchor_rows")
        raw = data.get("raw_range")
        return cls(
            code=data["code"],
            name=data["name"],
            message=data["message"],
            filename=filename,
            location=Location.from_dict(data["location"]),
            end_location=Location.from_dict(data["end_location"]),
            severity=Severity(data["severity"]),
            url=data.get("url"),
            noqa_row=data.get("noqa_row"),
            anchor_rows=(anchor[0], anchor[1]) if anchor else None,
            fix=Fix.from_dict(data.get("fix")),
            unsafe_fix=Fix.from_dict(data.get("unsafe_fix")),
            cell=data.get("cell"),
            raw_range=(Location.from_dict(raw[0]), Location.from_dict(raw[1])) if raw else None,
        )

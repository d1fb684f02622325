"""The vocabulary of runtime verdicts: what a confirmation run recorded (`Facts`, written by
`confirm/runner.py`), how to find its events on a finding's rows, and the three verdicts.
Rules' `judge` methods use it; it imports nothing but the diagnostics."""

from __future__ import annotations

from typing import Any

from fitlint.diagnostics import Confirmation, Diagnostic

CONFIRMED, REFUTED, INCONCLUSIVE = "confirmed", "refuted", "inconclusive"

# The runner's record: {"outcome": {...}, "events": [{"kind": "call" | "next" | "loop",
# "line": int, ...}, ...]}.
Facts = dict[str, Any]

__all__ = [
    "CONFIRMED",
    "INCONCLUSIVE",
    "REFUTED",
    "Confirmation",
    "Facts",
    "events_at",
    "ordinal",
    "rows",
]


def rows(diagnostic: Diagnostic) -> tuple[int, int]:
    """The rows of the call or loop a finding is about."""
    if diagnostic.anchor_rows is not None:
        return diagnostic.anchor_rows
    return (diagnostic.location.row, diagnostic.end_location.row)


def events_at(facts: Facts, kind: str, span: tuple[int, int]) -> list[dict[str, Any]]:
    """The run's events of `kind` on rows `span` (first, last), in the order they happened."""
    start, end = span
    return [
        event
        for event in facts.get("events", [])
        if event.get("kind") == kind
        and event.get("line") is not None
        and start <= event["line"] <= end
    ]


def ordinal(number: int) -> str:
    """1 → "1st", 2 → "2nd", 11 → "11th"."""
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(
        number % 10 if number % 100 not in (11, 12, 13) else 0, "th"
    )
    return f"{number}{suffix}"

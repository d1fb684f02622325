"""Output formats: each is a pure function from the run's diagnostics to text."""

from __future__ import annotations

from collections.abc import Callable

from fitlint.output.base import Report
from fitlint.output.github import format_github
from fitlint.output.json import format_json, format_json_lines
from fitlint.output.sarif import format_sarif
from fitlint.output.text import format_concise, format_text

Formatter = Callable[[Report], str]

FORMATTERS: dict[str, Formatter] = {
    "text": format_text,
    "concise": format_concise,
    "json": format_json,
    "json-lines": format_json_lines,
    "sarif": format_sarif,
    "github": format_github,
}

__all__ = ["FORMATTERS", "Formatter", "Report"]

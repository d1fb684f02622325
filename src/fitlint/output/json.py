"""`json` and `json-lines`: ruff's JSON shape (1-based rows and columns) plus fitlint's fields.

The shape is described by `fitlint/schemas/json-output.schema.json`, shipped in the package.
"""

from __future__ import annotations

import json
from typing import Any

from fitlint.diagnostics import Diagnostic
from fitlint.output.base import Report

# The fields of `Diagnostic.to_dict()` that ruff's JSON shape has (fitlint adds `name` and
# `severity`); the rest (anchor rows, the unsafe fix) stay internal.
_FIELDS = (
    "code",
    "end_location",
    "fix",
    "location",
    "message",
    "name",
    "noqa_row",
    "severity",
    "url",
)


def diagnostic_to_json(diagnostic: Diagnostic, report: Report) -> dict[str, Any]:
    facts = diagnostic.to_dict()
    # In a notebook `cell` is the cell (1-based over all cells) and rows count inside it,
    # as ruff writes them; fix edits carry their own `cell`.
    item: dict[str, Any] = {
        "cell": diagnostic.cell,
        "filename": report.absolute(diagnostic.filename),
    }
    item.update((name, facts[name]) for name in _FIELDS)
    item = dict(sorted(item.items()))
    if diagnostic.confirmation is not None:
        item["confirmation"] = diagnostic.confirmation.to_dict()
    return item


def format_json(report: Report) -> str:
    items = [diagnostic_to_json(diagnostic, report) for diagnostic in report.diagnostics]
    return json.dumps(items, indent=2, ensure_ascii=False, default=repr) + "\n"


def format_json_lines(report: Report) -> str:
    return "".join(
        json.dumps(diagnostic_to_json(diagnostic, report), ensure_ascii=False, default=repr) + "\n"
        for diagnostic in report.diagnostics
    )

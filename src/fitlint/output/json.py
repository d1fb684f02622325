"""`json` and `json-lines`: ruff's JSON shape (1-based rows and columns) plus fitlint's fields.

The shape is described by `fitlint/schemas/json-output.schema.json`, shipped in the package.
"""

from __future__ import annotations

import json
from typing import Any

from fitlint.diagnostics import Diagnostic, Fix, Location
from fitlint.output.base import Report


def _location(location: Location) -> dict[str, int]:
    return {"row": location.row, "column": location.column}


def _fix(fix: Fix | None) -> dict[str, Any] | None:
    if fix is None:
        return None
    return {
        "applicability": fix.applicability.value,
        "message": fix.message,
        "edits": [
            {
                "content": edit.content,
                "location": _location(edit.location),
                "end_location": _location(edit.end_location),
            }
            for edit in fix.edits
        ],
    }


def diagnostic_to_json(diagnostic: Diagnostic, report: Report) -> dict[str, Any]:
    item = _diagnostic_fields(diagnostic, report)
    if diagnostic.confirmation is not None:
        confirmation = diagnostic.confirmation
        item["confirmation"] = {
            "status": confirmation.status,
            "detail": confirmation.detail,
            "observed": confirmation.observed,
        }
    return item


def _diagnostic_fields(diagnostic: Diagnostic, report: Report) -> dict[str, Any]:
    return {
        "cell": None,
        "code": diagnostic.code,
        "end_location": _location(diagnostic.end_location),
        "filename": report.absolute(diagnostic.filename),
        "fix": _fix(diagnostic.fix),
        "location": _location(diagnostic.location),
        "message": diagnostic.message,
        "name": diagnostic.name,
        "noqa_row": diagnostic.noqa_row,
        "severity": diagnostic.severity.value,
        "url": diagnostic.url,
    }


def format_json(report: Report) -> str:
    items = [diagnostic_to_json(diagnostic, report) for diagnostic in report.diagnostics]
    return json.dumps(items, indent=2, ensure_ascii=False, default=repr) + "\n"


def format_json_lines(report: Report) -> str:
    return "".join(
        json.dumps(diagnostic_to_json(diagnostic, report), ensure_ascii=False, default=repr) + "\n"
        for diagnostic in report.diagnostics
    )

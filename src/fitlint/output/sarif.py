"""`sarif`: SARIF 2.1.0, as GitHub code scanning reads it."""

from __future__ import annotations

import json
import os
from pathlib import PurePath
from typing import Any

from fitlint.diagnostics import Diagnostic
from fitlint.output.base import Report

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/fitlint/fitlint"


def _uri(report: Report, filename: str) -> tuple[str, bool]:
    """A URI relative to the working directory when the file is under it."""
    absolute = report.absolute(filename)
    relative = os.path.relpath(absolute, report.cwd)
    if relative.startswith(".."):
        return PurePath(absolute).as_uri(), False
    return PurePath(relative).as_posix(), True


def _message(diagnostic: Diagnostic) -> str:
    """The message; a notebook's starts with the cell, row and column (`cell 4:3:14: `),
    which the region (a place in the notebook's JSON) cannot say."""
    if diagnostic.cell is None:
        return diagnostic.message
    return f"{diagnostic.position()}: {diagnostic.message}"


def format_sarif(report: Report) -> str:
    rule_index = {rule.code: index for index, rule in enumerate(report.rules)}
    rules = [
        {
            "id": rule.code,
            "name": rule.name,
            "shortDescription": {"text": rule.summary},
            "helpUri": rule.url,
            "defaultConfiguration": {"level": rule.severity.value},
        }
        for rule in report.rules
    ]
    results: list[dict[str, Any]] = []
    for diagnostic in report.diagnostics:
        uri, relative = _uri(report, diagnostic.filename)
        # SARIF has no notion of notebook cells: the region is where the finding is written
        # in the notebook's JSON, and the cell, row and column go in the properties.
        start, end = report.file_range(diagnostic)
        artifact: dict[str, Any] = {"uri": uri}
        if relative:
            artifact["uriBaseId"] = "%SRCROOT%"
        result: dict[str, Any] = {
            "ruleId": diagnostic.code,
            "level": diagnostic.severity.value,
            "message": {"text": _message(diagnostic)},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": artifact,
                        "region": {
                            "startLine": start.row,
                            "startColumn": start.column,
                            "endLine": end.row,
                            "endColumn": end.column,
                        },
                    }
                }
            ],
        }
        if diagnostic.code in rule_index:
            result["ruleIndex"] = rule_index[diagnostic.code]
        properties: dict[str, Any] = {}
        if diagnostic.cell is not None:
            properties["notebookCell"] = diagnostic.cell
            properties["cellLocation"] = {
                "startLine": diagnostic.location.row,
                "startColumn": diagnostic.location.column,
                "endLine": diagnostic.end_location.row,
                "endColumn": diagnostic.end_location.column,
            }
        if diagnostic.confirmation is not None:
            properties["confirmation"] = diagnostic.confirmation.status
            properties["confirmationDetail"] = diagnostic.confirmation.detail
        if properties:
            result["properties"] = properties
        results.append(result)
    document = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "fitlint",
                        "version": report.version,
                        "informationUri": INFORMATION_URI,
                        "rules": rules,
                    }
                },
                "originalUriBaseIds": {"%SRCROOT%": {"uri": PurePath(report.cwd).as_uri() + "/"}},
                # Columns count code points (Python's), not SARIF's default UTF-16 units.
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"

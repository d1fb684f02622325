"""`sarif`: SARIF 2.1.0, as GitHub code scanning reads it."""

from __future__ import annotations

import json
import os
from pathlib import PurePath
from typing import Any

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
        artifact: dict[str, Any] = {"uri": uri}
        if relative:
            artifact["uriBaseId"] = "%SRCROOT%"
        result: dict[str, Any] = {
            "ruleId": diagnostic.code,
            "level": diagnostic.severity.value,
            "message": {"text": diagnostic.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": artifact,
                        "region": {
                            "startLine": diagnostic.location.row,
                            "startColumn": diagnostic.location.column,
                            "endLine": diagnostic.end_location.row,
                            "endColumn": diagnostic.end_location.column,
                        },
                    }
                }
            ],
        }
        if diagnostic.code in rule_index:
            result["ruleIndex"] = rule_index[diagnostic.code]
        if diagnostic.confirmation is not None:
            result["properties"] = {
                "confirmation": diagnostic.confirmation.status,
                "confirmationDetail": diagnostic.confirmation.detail,
            }
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
                "results": results,
            }
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"

"""Lint inline sources in-process and compare findings by line."""

from __future__ import annotations

import textwrap
from dataclasses import replace

from fitlint.config import Settings
from fitlint.diagnostics import Diagnostic
from fitlint.engine import Linter


def lint(source: str, *, select: str = "FL", keras_version: int = 3) -> list[Diagnostic]:
    settings = replace(Settings(), select=(select,), keras_version=keras_version)
    result = Linter(settings).lint_bytes(
        textwrap.dedent(source).lstrip("\n").encode(), "example.py"
    )
    assert not result.internal_errors, result.internal_errors
    assert not result.errors, result.errors
    return result.diagnostics


def flagged_rows(source: str, code: str) -> list[int]:
    return [d.location.row for d in lint(source, select=code) if d.code == code]

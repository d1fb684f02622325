"""Lint inline sources in-process and compare findings by line."""

from __future__ import annotations

import textwrap
from dataclasses import replace

from fitlint.config import Settings
from fitlint.diagnostics import Diagnostic
from fitlint.engine import Linter


def lint(source: str, *, select: str = "FL", keras_version: int = 3) -> list[Diagnostic]:
    settings = replace(Settings(), select=(select,), keras_version=keras_version)
    data = textwrap.dedent(source).lstrip("\n").encode()
    linter = Linter(settings)
    result = linter.lint_bytes(data, "example.py")
    assert not result.internal_errors, result.internal_errors
    assert not result.errors, result.errors
    # The prefilter may skip parsing a file only when no enabled rule can fire on it.
    prefiltered = linter.lint_bytes(data, "example.py", prefilter=True)
    assert prefiltered.diagnostics == result.diagnostics, "the prefilter dropped a finding"
    return result.diagnostics


def flagged_rows(source: str, code: str) -> list[int]:
    return [d.location.row for d in lint(source, select=code) if d.code == code]

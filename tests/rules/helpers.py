"""Lint inline sources in-process and compare findings by location and message."""

from __future__ import annotations

import textwrap
from dataclasses import replace

from fitlint.config import Settings
from fitlint.diagnostics import Diagnostic
from fitlint.engine import Linter


class Case:
    """A source and the findings it must give, in order: where each one is (a 1-based row and
    column as in `Diagnostic.location`, counted in the whole linted source, any preamble
    included) and a fragment of each one's message."""

    def __init__(self, source: str, at: list[tuple[int, int]], *fragments: str) -> None:
        self.source = source
        self.at = at
        self.fragments = fragments

    def __repr__(self) -> str:
        return f"Case({self.source!r}, {self.at!r}, *{self.fragments!r})"


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


def assert_findings(
    diagnostics: list[Diagnostic], expected: list[tuple[int, int, str]], *fragments: str
) -> None:
    """The diagnostics are exactly `expected` ((row, column, code) each, in order), and the
    n-th message contains the n-th fragment."""
    assert expected, "an expected finding list must not be empty"
    assert len(fragments) == len(expected), "one message fragment per expected finding"
    assert [(d.location.row, d.location.column, d.code) for d in diagnostics] == expected, [
        (d.location, d.code, d.message) for d in diagnostics
    ]
    for diagnostic, fragment in zip(diagnostics, fragments, strict=True):
        assert fragment, "an empty fragment pins nothing"
        assert fragment in diagnostic.message, (fragment, diagnostic.message)


def assert_case(diagnostics: list[Diagnostic], case: Case, code: str) -> None:
    """The diagnostics are the case's findings, all with `code`."""
    assert_findings(diagnostics, [(row, column, code) for row, column in case.at], *case.fragments)

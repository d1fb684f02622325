"""`text` (findings with the offending source line) and `concise` (one line per finding)."""

from __future__ import annotations

import click

from fitlint.diagnostics import Diagnostic, Severity
from fitlint.output.base import Report, header_line


def _header(diagnostic: Diagnostic, report: Report) -> str:
    """The header line, coloured as ruff colours it when the report may use colour: the path
    bold, the code red (an error) or yellow (a warning), the `[*]` mark cyan."""
    if not report.color:
        return header_line(diagnostic)
    colour = "red" if diagnostic.severity is Severity.ERROR else "yellow"
    marker = click.style("[*] ", fg="cyan") if diagnostic.fix is not None else ""
    return (
        f"{click.style(diagnostic.filename, bold=True)}:{diagnostic.position()}: "
        f"{click.style(diagnostic.code, fg=colour, bold=True)} {marker}{diagnostic.message}"
        + (
            f" [{diagnostic.confirmation.status}: {diagnostic.confirmation.detail}]"
            if diagnostic.confirmation is not None
            else ""
        )
    )


def format_concise(report: Report) -> str:
    return "".join(_header(diagnostic, report) + "\n" for diagnostic in report.diagnostics)


def format_text(report: Report) -> str:
    blocks = []
    for diagnostic in report.diagnostics:
        lines = [_header(diagnostic, report)]
        source = report.lines_of(diagnostic)
        row = diagnostic.location.row
        if source is not None and 1 <= row <= len(source):
            code_line = source[row - 1].expandtabs(1)
            gutter = len(str(row))
            start = diagnostic.location.column - 1
            if diagnostic.end_location.row == row:
                width = max(diagnostic.end_location.column - diagnostic.location.column, 1)
            else:
                width = max(len(code_line) - start, 1)
            lines.append(f"{' ' * gutter} |")
            lines.append(f"{row} | {code_line}")
            carets = f"{'^' * width} {diagnostic.code}"
            if report.color:
                carets = click.style(carets, fg="red", bold=True)
            lines.append(f"{' ' * gutter} | {' ' * start}{carets}")
        blocks.append("\n".join(lines) + "\n")
    return "\n".join(blocks)

"""`github`: GitHub Actions workflow commands, which annotate the pull request's lines."""

from __future__ import annotations

from fitlint.output.base import Report, header_line


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(report: Report) -> str:
    lines = []
    for diagnostic in report.diagnostics:
        command = diagnostic.severity.value  # ::error or ::warning
        # A notebook's finding is annotated on the JSON line that holds it; the message
        # names the cell and the row in it.
        start, end = report.file_range(diagnostic)
        properties = ",".join(
            [
                f"title={_escape_property(f'fitlint ({diagnostic.code})')}",
                f"file={_escape_property(diagnostic.filename)}",
                f"line={start.row}",
                f"col={start.column}",
                f"endLine={end.row}",
                f"endColumn={end.column}",
            ]
        )
        lines.append(f"::{command} {properties}::{_escape_data(header_line(diagnostic))}\n")
    return "".join(lines)

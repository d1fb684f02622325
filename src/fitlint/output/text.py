"""`text` (findings with the offending source line) and `concise` (one line per finding)."""

from __future__ import annotations

from fitlint.output.base import Report, header_line


def format_concise(report: Report) -> str:
    return "".join(header_line(diagnostic) + "\n" for diagnostic in report.diagnostics)


def format_text(report: Report) -> str:
    blocks = []
    for diagnostic in report.diagnostics:
        lines = [header_line(diagnostic)]
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
            lines.append(f"{' ' * gutter} | {' ' * start}{'^' * width} {diagnostic.code}")
        blocks.append("\n".join(lines) + "\n")
    return "\n".join(blocks)

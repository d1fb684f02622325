"""Suppression comments: `# noqa[: codes]`, `# fitlint: ignore[codes]`, `# fitlint: skip-file`."""

from __future__ import annotations

import io
import re
import tokenize
from dataclasses import dataclass, field

from fitlint.diagnostics import Diagnostic

# A noqa comment, bare or with codes (group "codes"): the one pattern every reader of noqa
# comments uses (suppression, --add-noqa, the language server).
NOQA = re.compile(r"#\s*noqa(?::\s*(?P<codes>[A-Z]+[0-9]+(?:[,\s]+[A-Z]+[0-9]+)*))?", re.IGNORECASE)
_FITLINT_IGNORE = re.compile(
    r"#\s*fitlint:\s*ignore(?:\[(?P<codes>[^\]]*)\])?(?!\w)", re.IGNORECASE
)
_SKIP_FILE = re.compile(rb"^[ \t]*#[ \t]*fitlint:[ \t]*skip-file\b", re.MULTILINE | re.IGNORECASE)
_CODE = re.compile(r"[A-Z]+[0-9]+")

# None in a row's entry means "every code".
Codes = frozenset[str] | None


def has_skip_file(data: bytes) -> bool:
    return _SKIP_FILE.search(data) is not None


@dataclass(frozen=True)
class NoqaCode:
    """One code written in a `# noqa: ...` comment: where the code is, and where the whole
    `# noqa...` directive and the spaces before it are (for removing it)."""

    row: int
    code: str
    column: int  # 1-based, of the code
    directive_start: int  # 1-based column of the spaces before `#`
    directive_end: int  # 1-based column just after the directive
    codes_in_directive: tuple[str, ...]


@dataclass
class Suppressions:
    """Which codes are silenced on which rows of one file, and which of them did silence
    something (for unused `# noqa` codes)."""

    by_row: dict[int, Codes] = field(default_factory=dict)
    used: set[tuple[int, str]] = field(default_factory=set)
    # Every code written in a noqa comment with codes, and where it is (for unused codes).
    noqa_codes: list[NoqaCode] = field(default_factory=list)

    def add(self, row: int, codes: Codes) -> None:
        existing = self.by_row.get(row, frozenset())
        if existing is None or codes is None:
            self.by_row[row] = None
        else:
            self.by_row[row] = existing | codes

    def suppresses(self, diagnostic: Diagnostic) -> bool:
        """A comment on the finding's row, or on the first row of the call (or loop) it is
        about: `model.fit(  # noqa: FL008` covers an argument on a later line."""
        rows = {diagnostic.noqa_row or diagnostic.location.row}
        if diagnostic.anchor_rows is not None:
            rows.add(diagnostic.anchor_rows[0])
        for row in sorted(rows):
            if row in self.by_row:
                codes = self.by_row[row]
                if codes is None or diagnostic.code in codes:
                    self.used.add((row, diagnostic.code))
                    return True
        return False


def _codes(text: str | None) -> Codes:
    if text is None or not text.strip():
        return None
    return frozenset(code.upper() for code in _CODE.findall(text.upper()))


def parse_suppressions(text: str) -> Suppressions:
    suppressions = Suppressions()
    lowered = text.lower()
    if "noqa" not in lowered and "fitlint" not in lowered:
        return suppressions  # no comment can suppress anything: skip tokenizing
    lines = text.splitlines()
    for row, comment, alone in _comments(text):
        noqa = NOQA.search(comment)
        if noqa is not None:
            suppressions.add(row, _codes(noqa.group("codes")))
            line = lines[row - 1] if 0 < row <= len(lines) else ""
            suppressions.noqa_codes.extend(_written_codes(row, line, comment))
        ignore = _FITLINT_IGNORE.search(comment)
        if ignore is not None:
            codes = _codes(ignore.group("codes"))
            suppressions.add(row, codes)
            if alone and row < len(lines):
                # A comment alone on its line covers the next line as well.
                suppressions.add(row + 1, codes)
    return suppressions


def _comments(text: str) -> list[tuple[int, str, bool]]:
    """(row, comment text, whether the comment is alone on its line) for every comment."""
    found: list[tuple[int, str, bool]] = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.COMMENT:
                row, column = token.start
                alone = not token.line[:column].strip()
                found.append((row, token.string, alone))
    except (tokenize.TokenError, SyntaxError, IndentationError):
        # Tokenization can fail where LibCST succeeds; a line scan is a close fallback.
        found = []
        for row, line in enumerate(text.splitlines(), start=1):
            index = line.find("#")
            if index >= 0:
                found.append((row, line[index:], not line[:index].strip()))
    return found


_NOQA_DIRECTIVE = re.compile(
    r"[ \t]*#\s*noqa:\s*(?P<codes>[A-Z]+[0-9]+(?:[,\s]+[A-Z]+[0-9]+)*)", re.IGNORECASE
)


def _written_codes(row: int, line: str, comment: str) -> list[NoqaCode]:
    """The codes of the `# noqa: CODES` directive in `comment`, found on its line."""
    at = line.rfind(comment)
    if at < 0:
        return []
    # From the end of the code before the comment: the match takes the spaces too.
    match = _NOQA_DIRECTIVE.match(line, len(line[:at].rstrip()))
    if match is None:
        return []
    written = match.group("codes").upper()
    codes = tuple(_CODE.findall(written))
    return [
        NoqaCode(
            row=row,
            code=code_match.group(0),
            column=match.start("codes") + code_match.start() + 1,
            directive_start=match.start() + 1,
            directive_end=match.end() + 1,
            codes_in_directive=codes,
        )
        for code_match in _CODE.finditer(written)
    ]

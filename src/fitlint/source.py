"""Reading a source file: decoding by BOM / PEP 263 cookie and parsing with LibCST's native parser.

Anything that stops a file from being parsed becomes a `SourceError` with a location,
which the engine reports as diagnostic FL000 for that file.
"""

from __future__ import annotations

import ast
import codecs
import io
import re
import tokenize
import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import libcst as cst

_COOKIE = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")
_NEWLINE = re.compile(r"\r\n|\r|\n")


def line_starts(text: str) -> list[int]:
    """The offset where each row starts (row r at index r - 1), rows split where Python and
    LibCST split them (not at form feeds or the other breaks str.splitlines knows)."""
    return [0, *(match.end() for match in _NEWLINE.finditer(text))]


@dataclass(frozen=True)
class SourceError(Exception):
    """Why a file could not be parsed, and where (1-based row and column)."""

    message: str
    row: int = 1
    column: int = 1

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class SourceText:
    text: str
    encoding: str
    has_bom: bool


def decode(data: bytes) -> SourceText:
    """Decode Python source bytes as the interpreter would, or raise SourceError."""
    if b"\x00" in data:
        offset = data.index(b"\x00")
        row, column = _row_column_of_byte(data, offset)
        raise SourceError(
            f"file contains a NUL byte at byte offset {offset}: not Python source (a binary file?)",
            row,
            column,
        )
    has_bom = data.startswith(codecs.BOM_UTF8)
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as error:
        raise SourceError(f"cannot decode file: {error.msg}", error.lineno or 1, 1) from None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        row, column = _row_column_of_byte(data, error.start)
        declared = "declared" if _declares_encoding(data) else "assumed"
        raise SourceError(
            f"file is not valid {encoding} ({declared} encoding): byte "
            f"0x{data[error.start]:02x} at byte offset {error.start} cannot be decoded",
            row,
            column,
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return SourceText(text=text, encoding=encoding, has_bom=has_bom)


def parse(text: str) -> cst.Module:
    """Parse with LibCST, turning every parser failure into a SourceError.

    LibCST's native parser rejects some indentation CPython accepts (a space followed by a
    tab, LibCST issue #829); such files are parsed again with their leading tabs expanded
    the way CPython's tokenizer reads them (to multiples of 8). Rows stay the same; columns
    on those lines count the expanded spaces.
    """
    try:
        return _parse(text)
    except SourceError:
        if not _LEADING_TAB.search(text):
            raise
        try:
            return _parse(_expand_leading_tabs(text))
        except SourceError:
            pass
        raise


_LEADING_TAB = re.compile(r"^[ \f]*\t", re.MULTILINE)
_LEADING_WHITESPACE = re.compile(r"^[ \t\f]+", re.MULTILINE)


def _expand_leading_tabs(text: str) -> str:
    return _LEADING_WHITESPACE.sub(lambda match: match.group(0).expandtabs(8), text)


def _parse(text: str) -> cst.Module:
    import libcst as cst  # here, not at the top: reading a notebook needs no parser

    try:
        return cst.parse_module(text)
    except cst.ParserSyntaxError as error:
        raise _syntax_error(text, error.message, error.raw_line, error.raw_column + 1) from None
    except RecursionError:
        raise SourceError("file is nested too deeply for the parser", 1, 1) from None
    except Exception as error:  # LibCST's native parser may raise other errors on odd input
        raise _syntax_error(text, f"{type(error).__name__}: {error}", 1, 1) from None
    except BaseException as error:
        # A panic in LibCST's native parser surfaces as pyo3's PanicException (a BaseException).
        if type(error).__name__ != "PanicException":
            raise
        raise _syntax_error(text, f"the parser failed: {error}", 1, 1) from None


def _syntax_error(text: str, libcst_message: str, row: int, column: int) -> SourceError:
    """Prefer CPython's own wording and location, which users know; fall back to LibCST's."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ast.parse(text)
    except SyntaxError as error:
        where_row = error.lineno or row
        where_column = error.offset or column
        return SourceError(f"syntax error: {error.msg}", where_row, max(where_column, 1))
    except (RecursionError, MemoryError, ValueError):
        pass
    # Python accepts it but LibCST cannot parse it (a newer syntax, most likely).
    message = libcst_message.removeprefix("parser error: ")
    return SourceError(f"LibCST cannot parse this file: {message}", row, max(column, 1))


def _declares_encoding(data: bytes) -> bool:
    return any(_COOKIE.match(line) for line in data.splitlines()[:2])


def _row_column_of_byte(data: bytes, offset: int) -> tuple[int, int]:
    row = data.count(b"\n", 0, offset) + 1
    line_start = data.rfind(b"\n", 0, offset) + 1
    return row, offset - line_start + 1

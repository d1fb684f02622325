"""Jupyter notebooks: reading nbformat 3 and 4 JSON, turning the Python code cells into one
module (IPython syntax masked, rows kept) with a map back to (cell, row, column), and writing
changed cell sources back into the JSON without touching anything else.

Reading uses the standard `json` module, not `nbformat`: linting needs only the cells, and
`nbformat.reads` adds a schema validation pass and an import that cost more than parsing the
code does on small notebooks. Writing back cannot use `nbformat.writes` either: it
re-serialises the whole document (key order, indentation, escapes), and a fix must leave
every byte outside the changed cells as it was. So the write replaces only the JSON text of
each changed cell's `source`, located with `json`'s own scanner.

What IPython accepts that Python does not, and what fitlint does with it (positions of all
other lines stay exact):

- `%magic`, `!shell`, `!!shell`, `?name`, `name?`, `name??`, IPython's `/f`, `,f`, `;f`
  autocall escapes, at the start of a logical line: masked to `pass` (same indentation);
- `x = !cmd` and `x = %magic`: the right side masked to a call of an undefined name, so the
  analysis knows nothing of `x` (it is not an empty list: the command's output is unknown);
- `%time stmt` and `%timeit [options] stmt`: the statement is kept (it runs in the user's
  namespace), the magic replaced by `if 1:` padded to the same width, so columns stay;
- a cell starting with `%%time`, `%%timeit`, `%%capture`, `%%prun` or `%%debug` (whose body
  is Python run in the user's namespace): the first line masked, the body linted;
  any other cell magic (`%%bash`, `%%writefile`, `%%R`, `%%html`...) skips the cell;
- a one-line cell that IPython runs as an automagic (`pip install x`, `ls`, `cd data`):
  masked, as IPython's prefilter does only for one-line cells;
- a cell whose lines all share a leading indentation: dedented as IPython's
  `leading_indent` does, with the removed width added back to reported columns.

Cells are numbered from 1 over all cells, markdown and raw included, as ruff and Jupyter's
"cell N" count them.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from json.decoder import JSONDecoder, scanstring  # type: ignore[attr-defined]

from fitlint.diagnostics import Diagnostic, Edit, Fix, Location
from fitlint.source import SourceError, line_starts

NOTEBOOK_SUFFIX = ".ipynb"

# Cell magics whose body is Python that IPython runs in the user's namespace.
PYTHON_BODY_CELL_MAGICS = frozenset({"time", "timeit", "capture", "prun", "debug"})

# Line magics (IPython 9 and ipykernel), for the automagic of one-line cells; a magic an
# extension adds is not known here, and such a cell then goes to the parser as Python.
LINE_MAGICS = frozenset(
    [
        "alias",
        "alias_magic",
        "autoawait",
        "autocall",
        "automagic",
        "bookmark",
        "cat",
        "cd",
        "clear",
        "colors",
        "conda",
        "config",
        "connect_info",
        "cp",
        "debug",
        "dhist",
        "dirs",
        "doctest_mode",
        "ed",
        "edit",
        "env",
        "gui",
        "hist",
        "history",
        "killbgscripts",
        "ldir",
        "less",
        "lf",
        "lk",
        "ll",
        "load",
        "load_ext",
        "loadpy",
        "logoff",
        "logon",
        "logstart",
        "logstate",
        "logstop",
        "ls",
        "lsmagic",
        "lx",
        "macro",
        "magic",
        "mamba",
        "man",
        "matplotlib",
        "micromamba",
        "mkdir",
        "more",
        "mv",
        "notebook",
        "page",
        "pastebin",
        "pdb",
        "pdef",
        "pdoc",
        "pfile",
        "pinfo",
        "pinfo2",
        "pip",
        "popd",
        "pprint",
        "precision",
        "prun",
        "psearch",
        "psource",
        "pushd",
        "pwd",
        "pycat",
        "pylab",
        "qtconsole",
        "quickref",
        "recall",
        "rehashx",
        "reload_ext",
        "rep",
        "rerun",
        "reset",
        "reset_selective",
        "rm",
        "rmdir",
        "run",
        "save",
        "sc",
        "set_env",
        "store",
        "sx",
        "system",
        "tb",
        "time",
        "timeit",
        "unalias",
        "unload_ext",
        "uv",
        "who",
        "who_ls",
        "whos",
        "xdel",
        "xmode",
    ]
)

# What a masked `x = !cmd` becomes: a call of a name no cell defines (lint), or the empty
# list IPython's SList would hold had the command printed nothing (confirmation runs).
LINT_PLACEHOLDER = "__ipython_output__()"
RUN_PLACEHOLDER = "[]"


@dataclass(frozen=True)
class Masked:
    """One logical line (its first row in the cell, 1-based) that is not run as Python."""

    row: int
    kind: str  # "magic", "shell", "help", "cell magic", "automagic"
    text: str  # the line as written


@dataclass(frozen=True)
class CodeCell:
    """A Python code cell: its source as stored, and as handed to the parser."""

    number: int  # 1-based over all cells
    source: str
    code: str  # same rows as `source`; magics masked, leading indentation removed
    # Per row (index row - 1): columns removed from the row's start (IPython's dedent).
    column_shifts: tuple[int, ...] = ()
    masked: tuple[Masked, ...] = ()
    indent: str = ""  # the leading indentation removed (IPython's leading_indent)

    def shift(self, row: int) -> int:
        return self.column_shifts[row - 1] if 0 < row <= len(self.column_shifts) else 0


@dataclass(frozen=True)
class SkippedCell:
    number: int
    reason: str  # e.g. "%%bash cell"


@dataclass(frozen=True)
class Cell:
    number: int
    kind: str  # "code", "markdown", "raw" (nbformat 3: also "heading")
    source: str
    source_key: str  # "source" (nbformat 4) or "input" (nbformat 3 code cells)
    language: str | None = None  # a VS Code cell's own language, when it names one


@dataclass
class Notebook:
    """A notebook's cells, read from its JSON text."""

    text: str  # the JSON, decoded
    cells: tuple[Cell, ...]
    language: str | None  # the kernel's language; None when the notebook does not say
    has_bom: bool = False
    _spans: list[tuple[int, int] | None] | None = field(default=None, repr=False)

    @property
    def is_python(self) -> bool:
        return self.language is None or self.language.lower() in ("python", "python3", "ipython")

    def python_cells(
        self, placeholder: str = LINT_PLACEHOLDER
    ) -> tuple[list[CodeCell], list[SkippedCell]]:
        """The code cells IPython would run as Python (masked), and the code cells skipped."""
        bound: list[frozenset[str]] = []

        def shadowed() -> frozenset[str]:
            if not bound:
                bound.append(_bound_names(c.source for c in self.cells if c.kind == "code"))
            return bound[0]

        kept: list[CodeCell] = []
        skipped: list[SkippedCell] = []
        for cell in self.cells:
            if cell.kind != "code":
                continue
            if cell.language is not None and cell.language.lower() not in ("python", "ipython"):
                skipped.append(SkippedCell(cell.number, f"{cell.language} cell"))
                continue
            masked = mask_cell(cell.number, cell.source, placeholder, shadowed)
            if isinstance(masked, SkippedCell):
                skipped.append(masked)
            elif masked.code.strip():
                kept.append(masked)
        return kept, skipped

    # --- positions in the JSON text -------------------------------------------------------

    def source_spans(self) -> list[tuple[int, int] | None]:
        """Per cell (in order), the span of its `source` value in `text`."""
        if self._spans is None:
            self._spans = _source_spans(self.text, len(self.cells))
        return self._spans

    def raw_location(self, cell_number: int, row: int, column: int) -> tuple[int, int] | None:
        """Where (1-based row, column) the character at `row`, `column` of a cell's source
        is written in the notebook's JSON text; None when it cannot be found."""
        try:
            spans = self.source_spans()
        except ValueError:
            return None  # the JSON text could not be followed: no file position
        if not 0 < cell_number <= len(spans):
            return None
        span = spans[cell_number - 1]
        if span is None:
            return None
        source = self.cells[cell_number - 1].source
        starts = line_starts(source)
        if not 0 < row <= len(starts):
            return None
        offset = min(starts[row - 1] + column - 1, len(source))
        try:
            raw = _raw_offset(self.text, span, offset)
        except (ValueError, IndexError):
            raw = None
        if raw is None:
            return None
        line = self.text.count("\n", 0, raw) + 1
        return line, raw - (self.text.rfind("\n", 0, raw) + 1) + 1

    # --- writing back ---------------------------------------------------------------------

    def with_sources(self, sources: dict[int, str]) -> bytes:
        """The notebook's bytes with the sources of some cells (number → new text) replaced;
        every other byte is kept."""
        spans = self.source_spans()
        text = self.text
        for number in sorted(sources, reverse=True):
            span = spans[number - 1]
            if span is None:
                raise ValueError(f"cell {number} has no source to replace")
            start, end = span
            text = text[:start] + _serialize_source(text, start, end, sources[number]) + text[end:]
        encoded = text.encode("utf-8")
        return (b"\xef\xbb\xbf" + encoded) if self.has_bom else encoded


def is_notebook(filename: str) -> bool:
    return filename.lower().endswith(NOTEBOOK_SUFFIX)


def reads_as_notebook(filename: str, data: bytes) -> bool:
    """Whether to read a file as a notebook: its name says so, or it is standard input
    (`-`, no name given) holding notebook JSON, which read as Python would be a dict
    literal with nothing to report."""
    return is_notebook(filename) or (filename == "-" and looks_like_notebook(data))


def looks_like_notebook(data: bytes) -> bool:
    """Whether bytes of unknown name are a notebook's JSON (an object with `cells` or
    `worksheets` and `nbformat` keys)."""
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    return (
        head == b"{" and b'"nbformat"' in data and (b'"cells"' in data or b'"worksheets"' in data)
    )


def read_notebook(data: bytes) -> Notebook:
    """Read a notebook's JSON (nbformat 3 or 4). Raises SourceError (with the row and
    column in the file) for bytes that are not UTF-8, JSON that does not parse (a truncated
    file), or JSON that is not a notebook."""
    has_bom = data.startswith(b"\xef\xbb\xbf")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        row = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise SourceError(
            f"not a notebook: the file is not valid UTF-8 (byte 0x{data[error.start]:02x} at "
            f"byte offset {error.start})",
            row,
            column,
        ) from None
    try:
        document = json.loads(text, parse_int=_json_int)
    except json.JSONDecodeError as error:
        why = f"invalid JSON ({error.msg})"
        if _ends_early(text):
            why = "the JSON ends before its objects are closed (the file is cut off)"
        raise SourceError(f"not a valid notebook: {why}", error.lineno, error.colno) from None
    except RecursionError:
        raise SourceError("not a valid notebook: the JSON is nested too deeply") from None
    except ValueError as error:  # e.g. a number Python will not convert
        raise SourceError(f"not a valid notebook: {error}") from None
    if not isinstance(document, dict):
        raise SourceError("not a notebook: the JSON is not an object with a 'cells' list")
    return Notebook(text, _cells(document), _language(document), has_bom)


_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*("?)|[\[\]{}]', re.DOTALL)


def _ends_early(text: str) -> bool:
    """Whether the JSON text stops inside a string or with objects or arrays still open
    (and every bracket before that closes the one it should)."""
    stack: list[str] = []
    for match in _JSON_TOKEN.finditer(text):
        token = match.group(0)
        if token[0] == '"':
            if not match.group(1) or len(token) == 1:
                return True  # a string that never closes
        elif token in "[{":
            stack.append("]" if token == "[" else "}")
        elif not stack or stack.pop() != token:
            return False  # a bracket closing the wrong thing: malformed, not cut off
    return bool(stack)


def _cells(document: dict[str, object]) -> tuple[Cell, ...]:
    version = document.get("nbformat")
    if "cells" in document:
        raw_cells = document["cells"]
        key = "source"
    elif (isinstance(version, int) and version == 3) or "worksheets" in document:
        worksheets = document.get("worksheets")
        if not isinstance(worksheets, list) or not all(isinstance(w, dict) for w in worksheets):
            raise SourceError("not a notebook: nbformat 3 'worksheets' is not a list of objects")
        raw_cells = [cell for sheet in worksheets for cell in sheet.get("cells", [])]
        key = "input"
    elif isinstance(version, int) and version < 3:
        raise SourceError(
            f"nbformat {version} notebooks are not read; convert it with "
            "`jupyter nbconvert --to notebook --inplace`"
        )
    else:
        raise SourceError("not a notebook: the JSON has no 'cells' list")
    if not isinstance(raw_cells, list):
        raise SourceError("not a notebook: 'cells' is not a list")
    cells = []
    for number, raw in enumerate(raw_cells, start=1):
        if not isinstance(raw, dict):
            raise SourceError(f"not a notebook: cell {number} is not an object")
        kind = raw.get("cell_type")
        kind = kind if isinstance(kind, str) else "unknown"
        cell_key = key if kind == "code" else "source"
        source = raw.get(cell_key, "")
        if isinstance(source, list) and all(isinstance(part, str) for part in source):
            source = "".join(source)
        if not isinstance(source, str):
            raise SourceError(f"not a notebook: the source of cell {number} is not text")
        cells.append(Cell(number, kind, source, cell_key, _cell_language(raw)))
    return tuple(cells)


def _language(document: dict[str, object]) -> str | None:
    metadata = document.get("metadata")
    if not isinstance(metadata, dict):
        return None
    for section, key in (("kernelspec", "language"), ("language_info", "name")):
        value = metadata.get(section)
        if isinstance(value, dict) and isinstance(value.get(key), str) and value[key]:
            return str(value[key])
    return None


def _cell_language(raw: dict[str, object]) -> str | None:
    metadata = raw.get("metadata")
    if isinstance(metadata, dict):
        vscode = metadata.get("vscode")
        if isinstance(vscode, dict) and isinstance(vscode.get("languageId"), str):
            return str(vscode["languageId"])
    return None


# --- masking IPython syntax ---------------------------------------------------------------

# A line that could be IPython syntax: an escape at its start, `?` at its end, or `= !`,
# `= %` (most cells have none, and are not scanned line by line).
_MAY_HOLD_IPYTHON = re.compile(r"^[ \t]*[%!?/,;]|\?[ \t]*\r?$|=[ \t]*[!%]", re.MULTILINE)
_CELL_MAGIC = re.compile(r"%%([\w.]*)")
_LINE_START = re.compile(r"[ \t]*")
_TIME_MAGIC = re.compile(r"%(time|timeit)(?=[ \t])((?:[ \t]+-[ntcpqoru]\w*(?:[ \t]+\d+)?)*)[ \t]+")
_AUTOMAGIC = re.compile(r"[ \t]*([\w*.]+)(.*)$", re.DOTALL)
_ASSIGNED_MAGIC = re.compile(r"(?P<targets>[^=!%]*[^=!<>%\s])\s*=\s*(?P<magic>!|%)")
_NAME_BINDING = (
    r"(?:^|[\s,(;])(?:def|class)\s+{0}\b|\bimport\s+(?:[\w.]+\s*,\s*)*{0}\b|\bas\s+{0}\b"
    r"|\bfor\s+{0}\b|(?:^|[\s;,(]){0}\s*(?:[-+*/%&|^@]?=(?!=)|,)"
)


def _bound_names(sources: Iterable[str]) -> frozenset[str]:
    """The line-magic names some cell binds as a Python name (shadowing the automagic)."""
    text = "\n".join(sources)
    return frozenset(
        name
        for name in LINE_MAGICS
        if name in text and re.search(_NAME_BINDING.format(re.escape(name)), text, re.MULTILINE)
    )


def mask_cell(
    number: int,
    source: str,
    placeholder: str = LINT_PLACEHOLDER,
    shadowed: Callable[[], frozenset[str]] = frozenset,
) -> CodeCell | SkippedCell:
    """One code cell as the parser should see it (same rows), or why it is not Python.
    `shadowed()` gives the line-magic names the notebook binds as Python names (asked only
    for a one-line cell that could be an automagic)."""
    lines = source.splitlines(keepends=True)
    shifts = [0] * len(lines)
    first = next((index for index, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return CodeCell(number, source, source, tuple(shifts))
    # IPython's leading_indent: the first line's indentation is removed from every line
    # that starts with it.
    indent = _LINE_START.match(lines[first]).group(0)  # type: ignore[union-attr]
    if indent:
        for index, line in enumerate(lines):
            if line.startswith(indent):
                lines[index] = line[len(indent) :]
                shifts[index] = len(indent)
    masked: list[Masked] = []
    cell_magic = _CELL_MAGIC.match(lines[first])
    if cell_magic is not None:
        name = cell_magic.group(1)
        if name not in PYTHON_BODY_CELL_MAGICS:
            return SkippedCell(number, f"%%{name} cell" if name else "cell magic")
        masked.append(Masked(first + 1, "cell magic", lines[first].rstrip("\r\n")))
        lines[first] = _newline_of(lines[first])
    elif len(lines) - first == 1 and _automagic(lines[first], shadowed):
        # IPython's prefilter (automagic) runs only on a cell of one line.
        masked.append(Masked(first + 1, "automagic", lines[first].rstrip("\r\n")))
        lines[first] = _statement_mask(lines[first])
        return _cell(number, source, lines, shifts, masked, indent)
    if not _MAY_HOLD_IPYTHON.search(source):
        return _cell(number, source, lines, shifts, masked, indent)  # plain Python
    kept_statement = _mask_lines(lines, masked, placeholder)
    if kept_statement and not _compiles("".join(lines)):
        # `%time stmt` kept its statement under `if 1:`; that does not parse for a
        # compound statement, so mask those lines whole instead.
        lines = _mask_time_lines(lines, masked)
    return _cell(number, source, lines, shifts, masked, indent)


def _cell(
    number: int,
    source: str,
    lines: list[str],
    shifts: list[int],
    masked: list[Masked],
    indent: str,
) -> CodeCell:
    return CodeCell(number, source, "".join(lines), tuple(shifts), tuple(masked), indent)


def _compiles(code: str) -> bool:
    try:
        compile(code, "<cell>", "exec", _ONLY_AST, dont_inherit=True)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


_ONLY_AST = 0x400  # ast.PyCF_ONLY_AST, without importing ast


def _newline_of(line: str) -> str:
    return line[len(line.rstrip("\r\n")) :]


def _statement_mask(line: str) -> str:
    indent = _LINE_START.match(line).group(0)  # type: ignore[union-attr]
    return f"{indent}pass{_newline_of(line)}"


def _automagic(line: str, shadowed: Callable[[], frozenset[str]]) -> bool:
    """IPython's prefilter checkers on a one-line cell, in their order: `x = ...` and
    `x, ...` are Python (AssignmentChecker); a first word naming a line magic that no cell
    binds is the magic (AutoMagicChecker), whatever follows (`ls -la` included)."""
    match = _AUTOMAGIC.match(line.rstrip("\r\n"))
    if match is None:
        return False
    head, rest = match.group(1), match.group(2).lstrip()
    if head not in LINE_MAGICS or rest.startswith(("=", ",")):
        return False
    return head not in shadowed()


def _mask_lines(lines: list[str], masked: list[Masked], placeholder: str) -> bool:
    """Mask IPython syntax at the start of each logical line, in place; True when a
    `%time` statement was kept (the caller checks that it still parses)."""
    kept_statement = False
    for start, end in list(_logical_lines(lines)):
        line = lines[start]
        stripped = line.lstrip(" \t")
        indent = line[: len(line) - len(stripped)]
        body = stripped.rstrip("\r\n")
        newline = _newline_of(line)
        kind = _escape_kind(body, lines[end - 1])
        if kind is None:
            assigned = _ASSIGNED_MAGIC.match(body)
            if assigned is not None and _is_target(assigned.group("targets")):
                magic_at = assigned.end() - 1
                if body.startswith("%time ", magic_at):
                    # `x = %time expr` is `x = expr`, timed: keep the expression, in place.
                    kept = body[:magic_at] + " " * 6 + body[magic_at + 6 :]
                    lines[start] = f"{indent}{kept}{newline}"
                    masked.append(Masked(start + 1, "time", body[: magic_at + 5]))
                    continue
                shell = assigned.group("magic") == "!"
                masked.append(Masked(start + 1, "shell" if shell else "magic", body))
                lines[start] = f"{indent}{assigned.group('targets')} = {placeholder}{newline}"
                _blank(lines, start + 1, end)
            continue
        time = _TIME_MAGIC.match(body) if kind == "magic" else None
        if time is not None and body[time.end() :].strip():
            width = time.end()
            lines[start] = f"{indent}{'if 1:'.ljust(width)}{body[width:]}{newline}"
            masked.append(Masked(start + 1, "time", body[:width].rstrip()))
            kept_statement = True
            continue
        masked.append(Masked(start + 1, kind, body))
        lines[start] = f"{indent}pass{newline}"
        _blank(lines, start + 1, end)
    return kept_statement


def _mask_time_lines(lines: list[str], masked: list[Masked]) -> list[str]:
    """Replace each `if 1:` standing for a `%time` by a plain `pass`, blanking the rows
    its statement continued on."""
    rows = {m.row for m in masked if m.kind == "time"}
    ends = {start + 1: end for start, end in _logical_lines(lines)}
    for row in rows:
        line = lines[row - 1]
        stripped = line.lstrip(" \t")
        indent = line[: len(line) - len(stripped)]
        lines[row - 1] = f"{indent}pass{_newline_of(line)}"
        _blank(lines, row, ends.get(row, row))
    masked[:] = [replace(m, kind="magic") if m.kind == "time" else m for m in masked]
    return lines


def _blank(lines: list[str], start: int, end: int) -> None:
    """Empty rows start..end-1 (continuation rows of a masked line), keeping newlines."""
    for index in range(start, end):
        lines[index] = _newline_of(lines[index])


def _is_target(targets: str) -> bool:
    """`x`, `a, b`, `self.out`, `d["k"]`: something Python can assign to."""
    return _compiles(f"{targets} = 0")


def _escape_kind(body: str, last_line: str) -> str | None:
    """What IPython makes of a logical line starting with `body` and ending on
    `last_line`: an escaped command, help, or None (Python)."""
    if not body:
        return None
    first = body[0]
    if first == "%":
        return "magic"
    if first == "!":
        return "shell"
    if first == "?":
        return "help"
    if first in "/,;" and len(body) > 1 and (body[1].isalpha() or body[1] == "_"):
        return "magic"  # IPython's autocall escapes: `/f x` is `f(x)`
    code = _code_end(last_line)
    if code.endswith("?") and code == last_line.rstrip():
        return "help"  # `name?` as the line's last token (a comment after it: not help)
    return None


def _code_end(line: str) -> str:
    """The line without its comment and trailing whitespace (strings respected)."""
    quote: str | None = None
    index = 0
    text = line.rstrip("\r\n")
    while index < len(text):
        char = text[index]
        if quote is not None:
            if char == "\\":
                index += 2
                continue
            if char == quote:
                quote = None
        elif char in "'\"":
            quote = char
        elif char == "#":
            return text[:index].rstrip()
        index += 1
    return text.rstrip()


_STRING_PREFIX = re.compile(r"(?i)(?:rb|br|rf|fr|r|b|f|u|t|rt|tr)?('''|\"\"\"|'|\")")


def _logical_lines(lines: Sequence[str]) -> Iterable[tuple[int, int]]:
    """(first, end) row indexes of each logical line: brackets, strings, triple-quoted
    strings and backslash continuations join physical lines, as Python's tokenizer does."""
    depth = 0
    quote: str | None = None  # the open string's closing delimiter
    start: int | None = None
    for index, line in enumerate(lines):
        if start is None:
            start = index
        position = 0
        text = line.rstrip("\r\n")
        continued = False
        while position < len(text):
            char = text[position]
            if quote is not None:
                if char == "\\":
                    position += 2
                    continue
                if text.startswith(quote, position):
                    position += len(quote)
                    quote = None
                    continue
                position += 1
                continue
            if char == "#":
                break
            if char in "'\"" or (char.isalpha() and char.lower() in "rbfut"):
                match = _STRING_PREFIX.match(text, position)
                if match is not None and (
                    position == 0 or not (text[position - 1].isalnum() or text[position - 1] == "_")
                ):
                    quote = match.group(1)
                    position = match.end()
                    continue
            if char in "([{":
                depth += 1
            elif char in ")]}":
                depth = max(depth - 1, 0)
            elif char == "\\" and position == len(text) - 1:
                continued = True
            position += 1
        if quote is not None and len(quote) == 1:
            quote = None  # an unterminated one-line string ends at the line's end
            continued = text.endswith("\\")
        if depth == 0 and quote is None and not continued:
            yield start, index + 1
            start = None
    if start is not None:
        yield start, len(lines)


# --- the cells as one module --------------------------------------------------------------


@dataclass(frozen=True)
class CellMap:
    """Code cells joined into one module's text, and the way back to (cell, row, column)."""

    text: str
    cells: tuple[CodeCell, ...]
    first_rows: tuple[int, ...]  # module row of each cell's first row

    def cell_at(self, module_row: int) -> tuple[CodeCell, int]:
        """The cell holding a module row, and the row inside the cell (1-based)."""
        index = max(bisect.bisect_right(self.first_rows, module_row) - 1, 0)
        return self.cells[index], module_row - self.first_rows[index] + 1


def join_cells(cells: Sequence[CodeCell]) -> CellMap:
    """Each cell's code, ending in a newline, then an empty row (a `# fitlint: ignore`
    comment alone on a cell's last line covers the row below it: never the next cell's)."""
    parts: list[str] = []
    first_rows: list[int] = []
    row = 1
    for cell in cells:
        code = cell.code if cell.code.endswith(("\n", "\r")) else cell.code + "\n"
        code += "\n"
        first_rows.append(row)
        row += len(line_starts(code)) - 1
        parts.append(code)
    return CellMap("".join(parts), tuple(cells), tuple(first_rows))


def split_lines(text: str) -> list[str]:
    """A cell's rows as the parser counts them (no form-feed or other splits)."""
    starts = line_starts(text)
    rows = [text[a:b].rstrip("\r\n") for a, b in zip(starts, [*starts[1:], len(text)], strict=True)]
    if rows and rows[-1] == "" and text:
        rows.pop()
    return rows


# --- the JSON text: where each cell's source is written -----------------------------------


def _json_int(digits: str) -> int:
    """A JSON integer; one too long for Python's int conversion limit (a metadata value no
    linting needs) reads as 0 instead of failing the whole notebook."""
    return int(digits) if len(digits) <= 1000 else 0


_DECODER = JSONDecoder(parse_int=_json_int)
_WHITESPACE = re.compile(r"[ \t\n\r]*")


def _skip(text: str, index: int) -> int:
    return _WHITESPACE.match(text, index).end()  # type: ignore[union-attr]


def _value_end(text: str, index: int) -> int:
    try:
        return int(_DECODER.scan_once(text, index)[1])  # type: ignore[attr-defined]
    except StopIteration:
        raise ValueError(f"no JSON value at offset {index}") from None


def _members(text: str, index: int) -> Iterable[tuple[str, int, int]]:
    """(key, value start, value end) of each member of the object starting at `index`."""
    index = _skip(text, index)
    if text[index] != "{":
        raise ValueError("expected an object")
    index = _skip(text, index + 1)
    if text[index] == "}":
        return
    while True:
        if text[index] != '"':
            raise ValueError("expected a key")
        key, index = scanstring(text, index + 1)
        index = _skip(text, index)
        index = _skip(text, index + 1)  # the colon
        end = _value_end(text, index)
        yield key, index, end
        index = _skip(text, end)
        if text[index] == "}":
            return
        index = _skip(text, index + 1)  # the comma


def _items(text: str, index: int) -> Iterable[tuple[int, int]]:
    """(start, end) of each item of the array starting at `index`."""
    index = _skip(text, index)
    if text[index] != "[":
        raise ValueError("expected an array")
    index = _skip(text, index + 1)
    if text[index] == "]":
        return
    while True:
        end = _value_end(text, index)
        yield index, end
        index = _skip(text, end)
        if text[index] == "]":
            return
        index = _skip(text, index + 1)


def _source_spans(text: str, cell_count: int) -> list[tuple[int, int] | None]:
    spans: list[tuple[int, int] | None] = []
    top = {key: (start, end) for key, start, end in _members(text, 0)}
    if "cells" in top:
        cell_lists = [top["cells"][0]]
        key = "source"
    else:
        cell_lists = []
        for sheet_start, _ in _items(text, top["worksheets"][0]):
            cells = {k: (s, e) for k, s, e in _members(text, sheet_start)}
            if "cells" in cells:
                cell_lists.append(cells["cells"][0])
        key = "input"
    for cells_start in cell_lists:
        for cell_start, _ in _items(text, cells_start):
            members = {k: (s, e) for k, s, e in _members(text, cell_start)}
            kind = members.get("cell_type")
            is_code = kind is not None and text[kind[0] : kind[1]] == '"code"'
            spans.append(members.get(key if is_code else "source"))
    if len(spans) != cell_count:
        raise ValueError("the cells found in the JSON text do not match the cells read")
    return spans


def _raw_offset(text: str, span: tuple[int, int], offset: int) -> int | None:
    """The offset in the JSON text of character `offset` of a source value (a string or a
    list of strings) written at `span`."""
    start, end = span
    literals = [start] if text[start] == '"' else [s for s, _ in _items(text, start)]
    remaining = offset
    for literal in literals:
        index = literal + 1
        while text[index] != '"':
            if remaining == 0:
                return index
            if text[index] == "\\":
                if text[index + 1] == "u":
                    code = int(text[index + 2 : index + 6], 16)
                    index += 6
                    if 0xD800 <= code < 0xDC00 and text.startswith("\\u", index):
                        index += 6  # a surrogate pair is one character
                else:
                    index += 2
            else:
                index += 1
            remaining -= 1
        if remaining == 0 and literal == literals[-1]:
            return index
    return end if remaining == 0 else None


def _serialize_source(text: str, start: int, end: int, source: str) -> str:
    """`source` written the way the value at text[start:end] was: one string, or a list of
    lines (`str.splitlines(keepends=True)`, as nbformat splits) with the same indentation."""
    value = text[start:end]
    ensure_ascii = "\\u" in value and value.isascii()
    newline = "\r\n" if "\r\n" in text else "\n"  # the JSON file's own line ending

    def dump(line: str) -> str:
        return json.dumps(line, ensure_ascii=ensure_ascii)

    if value.startswith('"'):
        return dump(source)
    lines = source.splitlines(keepends=True)
    if not lines:
        return "[]"
    first_item = _skip(text, start + 1)
    if text[first_item] == "]":  # it was `[]`: indent as nbformat does (one space a level)
        line_start = text.rfind("\n", 0, start) + 1
        key_indent = _LINE_START.match(text, line_start).group(0)  # type: ignore[union-attr]
        item_indent, close = key_indent + " ", newline + key_indent
    else:
        opening = text[start + 1 : first_item]
        if "\n" not in opening:  # `["a", "b"]` on one line: keep it on one line
            return "[" + ", ".join(dump(line) for line in lines) + "]"
        item_indent = opening.rsplit("\n", 1)[1]
        closing = text.rfind("]", start, end)
        before = text[start:closing]
        tail = before[before.rfind("\n") + 1 :]
        close = newline + tail if not tail.strip() else ""
    items = ("," + newline).join(item_indent + dump(line) for line in lines)
    return f"[{newline}{items}{close}]"


# --- diagnostics: from the module's rows to the cells' ------------------------------------


def to_cells(diagnostic: Diagnostic, cell_map: CellMap, notebook: Notebook) -> Diagnostic:
    """A diagnostic found in the joined module, located in its cell: rows inside the cell,
    columns of the stored source, the `noqa` row too, fix edits per cell (a fix touching a
    masked line is dropped), and where it sits in the JSON text. `anchor_rows` stay in the
    module's rows: they match what a confirmation run (which runs the module) observes."""
    cell, start = _cell_location(cell_map, diagnostic.location)
    end_cell, end = _cell_location(cell_map, diagnostic.end_location)
    if end_cell.number != cell.number:
        end = Location(len(split_lines(cell.source)) + 1, 1)
    noqa_row = None
    if diagnostic.noqa_row is not None:
        noqa_row = cell_map.cell_at(diagnostic.noqa_row)[1]
    raw_start = notebook.raw_location(cell.number, start.row, start.column)
    raw_end = notebook.raw_location(cell.number, end.row, end.column)
    return replace(
        diagnostic,
        cell=cell.number,
        location=start,
        end_location=end,
        noqa_row=noqa_row,
        fix=_cell_fix(diagnostic.fix, cell_map),
        unsafe_fix=_cell_fix(diagnostic.unsafe_fix, cell_map),
        raw_range=(Location(*raw_start), Location(*raw_end))
        if raw_start is not None and raw_end is not None
        else None,
    )


def _cell_location(cell_map: CellMap, location: Location) -> tuple[CodeCell, Location]:
    cell, row = cell_map.cell_at(location.row)
    return cell, Location(row, location.column + cell.shift(row))


def _cell_fix(fix: Fix | None, cell_map: CellMap) -> Fix | None:
    if fix is None:
        return None
    edits = []
    for edit in fix.edits:
        cell, start = _cell_location(cell_map, edit.location)
        end_cell, end = _cell_location(cell_map, edit.end_location)
        if end_cell.number != cell.number:
            # The edit runs to the end of its cell (the joined module's added newline).
            end = Location(len(line_starts(cell.source)) + 1, 1)
        if any(_touches_magic(cell, masked, start, end) for masked in cell.masked):
            return None  # never rewrite what IPython reads as a magic
        content = edit.content
        if cell.indent:
            content = content.replace("\n", "\n" + cell.indent)
        edits.append(Edit(content, start, end, cell.number))
    return replace(fix, edits=tuple(edits))


def _touches_magic(cell: CodeCell, masked: Masked, start: Location, end: Location) -> bool:
    """Whether an edit from `start` to `end` (cell rows) touches a masked line; on a
    `%time stmt` line only the magic itself is masked: the statement may be edited."""
    if not start.row <= masked.row <= end.row:
        return False
    if masked.kind != "time" or start.row != masked.row:
        return True
    line = split_lines(cell.source)[masked.row - 1]
    at = line.find(masked.text)
    return at < 0 or start.column <= at + len(masked.text) + 1


def apply_cell_fixes(notebook: Notebook, fixes: Sequence[Fix]) -> tuple[bytes, list[int]]:
    """Apply whole fixes (edits in cell rows) whose edits do not overlap an earlier accepted
    fix's; the notebook's new bytes and the indexes of the fixes applied."""
    accepted: list[tuple[int, int, int, Edit]] = []
    applied: list[int] = []
    for index, fix in enumerate(fixes):
        spans = []
        for edit in fix.edits:
            if edit.cell is None or not 0 < edit.cell <= len(notebook.cells):
                break
            source = notebook.cells[edit.cell - 1].source
            spans.append(
                (
                    edit.cell,
                    _clamped_offset(source, edit.location),
                    _clamped_offset(source, edit.end_location),
                    edit,
                )
            )
        else:
            if any(
                cell == taken_cell and start < taken_end and taken_start < end
                for cell, start, end, _ in spans
                for taken_cell, taken_start, taken_end, _ in accepted
            ):
                continue  # conflicts with a fix already taken: the next pass sees it again
            accepted.extend(spans)
            applied.append(index)
    sources: dict[int, str] = {}
    for cell, start, end, edit in sorted(
        accepted, key=lambda item: (item[0], item[1]), reverse=True
    ):
        text = sources.get(cell, notebook.cells[cell - 1].source)
        sources[cell] = text[:start] + edit.content + text[end:]
    if not sources:
        return notebook.with_sources({}), applied
    return notebook.with_sources(sources), applied


def _clamped_offset(source: str, location: Location) -> int:
    starts = line_starts(source)
    if location.row > len(starts):
        return len(source)
    return min(starts[location.row - 1] + location.column - 1, len(source))

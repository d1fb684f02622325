"""Applying fixes: text edits on the decoded source, re-linted until stable, re-parsed before
anything is written, and written atomically in the file's own encoding and line endings."""

from __future__ import annotations

import contextlib
import difflib
import os
import stat
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from fitlint.diagnostics import Applicability, Diagnostic, Edit, Fix, Location
from fitlint.engine import Linter
from fitlint.notebook import apply_cell_fixes, read_notebook, reads_as_notebook
from fitlint.results import FileResult
from fitlint.source import SourceError, SourceText, decode, line_starts, parse
from fitlint.suppression import NOQA

MAX_PASSES = 10


@dataclass
class FixOutcome:
    filename: str
    original: bytes
    fixed: bytes
    applied: list[Diagnostic] = field(default_factory=list)
    error: str | None = None
    # The lint of `fixed`, when the fix loop ended by linting it (else lint it again).
    result: FileResult | None = None

    @property
    def changed(self) -> bool:
        return self.fixed != self.original


def chosen_fix(diagnostic: Diagnostic, unsafe: bool) -> Fix | None:
    if unsafe and diagnostic.unsafe_fix is not None:
        return diagnostic.unsafe_fix
    return diagnostic.fix


def _offset(starts: list[int], location: Location) -> int:
    return starts[location.row - 1] + location.column - 1


def apply_edits(text: str, fixes: Sequence[Fix]) -> tuple[str, list[int]]:
    """Apply whole fixes whose edits do not overlap an earlier accepted fix; returns the new
    text and the indexes of the fixes applied."""
    starts = line_starts(text)
    accepted: list[tuple[int, int, Edit]] = []
    applied: list[int] = []
    for index, fix in enumerate(fixes):
        spans = [
            (_offset(starts, e.location), _offset(starts, e.end_location), e) for e in fix.edits
        ]
        if any(
            start < taken_end and taken_start < end
            for start, end, _ in spans
            for taken_start, taken_end, _ in accepted
        ):
            continue  # conflicts with a fix already taken: the next pass will see it again
        accepted.extend(spans)
        applied.append(index)
    for start, end, edit in sorted(accepted, key=lambda item: item[0], reverse=True):
        text = text[:start] + edit.content + text[end:]
    return text, applied


State = TypeVar("State", str, bytes)


def _fix_loop(
    start: State,
    lint: Callable[[State], FileResult],
    apply: Callable[[State, list[Fix]], tuple[State, list[int]]],
    unsafe: bool,
    outcome: FixOutcome,
) -> tuple[State, FileResult | None]:
    """Lint, apply the fixes that do not overlap, and lint again, until nothing is left to
    fix (at most MAX_PASSES times); the final state and, when the last lint was of that
    state, its result. The fixes applied are added to `outcome.applied`."""
    state = start
    linted: tuple[State, FileResult] | None = None  # the last state linted, and its result
    for _ in range(MAX_PASSES):
        result = lint(state)
        linted = (state, result)
        if result.internal_errors:
            break
        fixable = [d for d in result.diagnostics if chosen_fix(d, unsafe) is not None]
        if not fixable:
            break
        fixes = [fix for d in fixable if (fix := chosen_fix(d, unsafe)) is not None]
        state, applied = apply(state, fixes)
        if not applied:
            break
        outcome.applied.extend(fixable[index] for index in applied)
    return state, linted[1] if linted is not None and linted[0] == state else None


def fix_source(
    linter: Linter, data: bytes, filename: str, path: Path | None, unsafe: bool
) -> FixOutcome:
    if reads_as_notebook(filename, data):
        return fix_notebook(linter, data, filename, path, unsafe)
    outcome = FixOutcome(filename, data, data)
    try:
        source = decode(data)
    except SourceError as error:
        outcome.error = f"{filename}: not fixed: {error.message}"
        return outcome
    text, final_result = _fix_loop(
        source.text,
        lambda text: linter.lint_bytes(_encode(source, text), filename, path),
        apply_edits,
        unsafe,
        outcome,
    )
    if text == source.text:
        outcome.result = final_result
        return outcome
    try:
        parse(text)  # never write a file that does not parse
    except SourceError as error:
        outcome.error = (
            f"{filename}: fixes not applied: the result would not parse ({error.message})"
        )
        outcome.applied.clear()
        return outcome
    outcome.fixed = _encode(source, text)
    outcome.result = final_result
    return outcome


def fix_notebook(
    linter: Linter, data: bytes, filename: str, path: Path | None, unsafe: bool
) -> FixOutcome:
    """Fix a notebook's code cells: edits apply to the cells' sources, and the new sources
    are written into the JSON in place of the old ones (outputs, metadata, execution counts,
    indentation, key order and the final newline stay as they were)."""
    outcome = FixOutcome(filename, data, data)
    try:
        current, final_result = _fix_loop(
            data,
            lambda state: linter.lint_bytes(state, filename, path),
            lambda state, fixes: apply_cell_fixes(read_notebook(state), fixes),
            unsafe,
            outcome,
        )
    except (SourceError, ValueError) as error:
        outcome.error = f"{filename}: fixes not applied: {error}"
        outcome.applied.clear()
        return outcome
    if current == data:
        outcome.result = final_result
        return outcome
    problem = _newly_unparsable(data, current)
    if problem is not None:
        outcome.error = f"{filename}: fixes not applied: the result would not parse ({problem})"
        outcome.applied.clear()
        return outcome
    outcome.fixed = current
    outcome.result = final_result
    return outcome


def _newly_unparsable(before: bytes, after: bytes) -> str | None:
    """Why the fixed notebook must not be written: it does not read as a notebook, or a
    cell that parsed before no longer does. None when it may be written."""
    try:
        old, new = read_notebook(before), read_notebook(after)
    except SourceError as error:
        return error.message
    if len(old.cells) != len(new.cells):
        return "the cells changed"
    old_cells = {cell.number: cell for cell in old.python_cells()[0]}
    for cell in new.python_cells()[0]:
        previous = old_cells.get(cell.number)
        if previous is None or previous.source == cell.source:
            continue
        try:
            parse(previous.code)
        except SourceError:
            continue  # it did not parse before either
        try:
            parse(cell.code)
        except SourceError as error:
            return f"cell {cell.number}: {error.message}"
    return None


def _encode(source: SourceText, text: str) -> bytes:
    encoded = text.encode(source.encoding)
    return (b"\xef\xbb\xbf" + encoded) if source.has_bom else encoded


def write_atomically(path: Path, data: bytes) -> str | None:
    """Replace the file's bytes in one step, keeping its permissions; an error line or None."""
    try:
        mode = stat.S_IMODE(path.stat().st_mode)
        if not os.access(path, os.W_OK):
            return f"{path.as_posix()}: not fixed: the file is not writable"
        handle, temporary = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.", suffix=".fitlint"
        )
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.chmod(temporary, mode)
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
    except OSError as error:
        return f"{path.as_posix()}: not fixed: {error.strerror or error}"
    return None


def unified_diff(outcome: FixOutcome) -> str:
    """The change as a unified diff; a notebook's per changed cell (`a/x.ipynb:cell 3`)."""
    if reads_as_notebook(outcome.filename, outcome.original):
        return _notebook_diff(outcome)
    before = outcome.original.decode("utf-8", "replace").splitlines(keepends=True)
    after = outcome.fixed.decode("utf-8", "replace").splitlines(keepends=True)
    return "".join(difflib.unified_diff(before, after, *_diff_names(outcome.filename)))


def _notebook_diff(outcome: FixOutcome) -> str:
    old, new = read_notebook(outcome.original), read_notebook(outcome.fixed)
    parts = []
    for before, after in zip(old.cells, new.cells, strict=True):
        if before.source == after.source:
            continue
        name = f"{outcome.filename}:cell {before.number}"
        parts.append(
            "".join(
                difflib.unified_diff(
                    _diff_lines(before.source), _diff_lines(after.source), *_diff_names(name)
                )
            )
        )
    return "".join(parts)


def _diff_names(name: str) -> tuple[str, str]:
    """git's `a/` and `b/` names (`a/tmp/x.py` for `/tmp/x.py`, not `a//tmp/x.py`)."""
    name = name.lstrip("/")
    return f"a/{name}", f"b/{name}"


def _diff_lines(source: str) -> list[str]:
    lines = source.splitlines(keepends=True)
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += "\n"  # a cell's last line has no newline; the diff shows it as a line
    return lines


def noqa_fixes(diagnostics: Sequence[Diagnostic], lines: dict[int | None, list[str]]) -> list[Fix]:
    """`--add-noqa`: per row, one edit that adds the row's codes to its `# noqa` comment, or
    adds the comment. `lines` holds the rows each diagnostic counts in (a file's, or each
    notebook cell's). Rows ending in a backslash (the comment would swallow it) and rows a
    bare `# noqa` already covers are left alone."""
    wanted: dict[tuple[int | None, int], list[str]] = {}
    for diagnostic in diagnostics:
        if diagnostic.code in ("FL000", "FL900"):
            continue  # a file that does not parse; a noqa code that is itself the finding
        row = diagnostic.noqa_row or diagnostic.location.row
        codes = wanted.setdefault((diagnostic.cell, row), [])
        if diagnostic.code not in codes:
            codes.append(diagnostic.code)
    fixes = []
    for (cell, row), codes in sorted(
        wanted.items(), key=lambda item: (item[0][0] or 0, item[0][1])
    ):
        source = lines.get(cell, [])
        if not 0 < row <= len(source):
            continue
        line = source[row - 1]
        if line.rstrip().endswith("\\"):
            continue
        existing = NOQA.search(line)
        if existing is not None:
            present = existing.group("codes")
            if present is None:
                continue  # a bare noqa comment silences everything already
            missing = [code for code in codes if code not in present.upper()]
            if not missing:
                continue
            at = Location(row, existing.end() + 1)
            edit = Edit(", " + ", ".join(missing), at, at, cell)
        else:
            end = Location(row, len(line) + 1)
            edit = Edit(f"  # noqa: {', '.join(codes)}", end, end, cell)
        fixes.append(Fix(Applicability.SAFE, "Add `# noqa`", (edit,)))
    return fixes

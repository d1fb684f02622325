"""Linting one file: decode, parse, semantic model, rules, positions, suppression.

Every failure is contained to the file it happened in: a file that cannot be read is an
error line, a file that cannot be parsed is diagnostic FL000, and a rule that crashes is
an internal error for that file; every other file is still linted.
"""

from __future__ import annotations

import ast
import os
import re
import traceback
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import libcst as cst
import pathspec
from libcst.metadata import CodeRange

from fitlint.analysis import ModuleResolver, build_semantic_model
from fitlint.catalog import (
    ALL_CODES,
    BY_CODE,
    ENGINE_CODES,
    SYNTAX_ERROR_CODE,
    UNUSED_NOQA_CODE,
)
from fitlint.config import Settings, enabled_codes, is_enabled
from fitlint.diagnostics import Applicability, Diagnostic, Edit, Fix, Location, Severity
from fitlint.notebook import (
    CellMap,
    CodeCell,
    Notebook,
    SkippedCell,
    is_notebook,
    join_cells,
    read_notebook,
    reads_as_notebook,
    split_lines,
    to_cells,
)
from fitlint.positions import node_positions
from fitlint.prefilter import CodeFacts, code_facts, merged_code_facts
from fitlint.reading import ProjectFiles, read_file
from fitlint.results import FileResult, InternalError
from fitlint.rules import ALL_RULES, Finding, NodeFix, Rule, RuleContext, RuleSettings
from fitlint.source import SourceError, decode, parse
from fitlint.suppression import (
    NoqaCode,
    Suppressions,
    has_skip_file,
    parse_suppressions,
)

SYNTAX_ERROR_NAME = BY_CODE[SYNTAX_ERROR_CODE].name
UNUSED_NOQA_NAME = BY_CODE[UNUSED_NOQA_CODE].name
# A noqa comment naming a fitlint code, in a file's lower-cased bytes: FL900 may fire there
# whatever else the file holds.
_FITLINT_NOQA = re.compile(rb"#\s*noqa\s*:[^\n]*\bfl\d")


@dataclass
class NotebookLint:
    """What linting a notebook gave: the result (diagnostics in cell rows), the notebook
    read, the module its cells made, the diagnostics in that module's rows, and the code
    cells skipped (cell magics of other languages)."""

    result: FileResult
    notebook: Notebook | None = None
    cell_map: CellMap | None = None
    module_diagnostics: list[Diagnostic] = field(default_factory=list)
    skipped: list[SkippedCell] = field(default_factory=list)


class Linter:
    """The rules and settings for one run; `lint_bytes` is the whole per-file pipeline."""

    def __init__(self, settings: Settings, rules: Sequence[Rule] = ALL_RULES) -> None:
        self.settings = settings
        enabled = enabled_codes(settings, ALL_CODES)
        self.rules = [rule for rule in rules if rule.code in enabled]
        self.report_syntax_errors = SYNTAX_ERROR_CODE in enabled
        self.report_unused_noqa = UNUSED_NOQA_CODE in enabled
        self.rule_settings = RuleSettings(keras_version=settings.keras_version)
        self._per_file = [
            (pathspec.GitIgnoreSpec.from_lines([pattern]), codes)
            for pattern, codes in settings.per_file_ignores
        ]
        self._project_root = Path(os.path.abspath(settings.project_root))
        self._last_notebook: (
            tuple[bytes, tuple[Notebook, list[CodeCell], list[SkippedCell]]] | None
        ) = None

    def lint_path(self, path: Path, *, prefilter: bool = False) -> FileResult:
        data = read_file(path)
        if isinstance(data, FileResult):
            return data
        return self.lint_bytes(data, path.as_posix(), path, prefilter=prefilter)

    def may_fire(self, data: bytes, filename: str = "") -> bool:
        """The prefilter: could any enabled rule fire on a file with these bytes? First the
        bytes must hold a rule's tokens, then `ast` facts must allow the rule to fire. A
        notebook is judged by its code cells, not by its JSON (outputs can be megabytes of
        images)."""
        if is_notebook(filename):
            try:
                _, cells, _ = self._read_notebook(data)
            except Exception:  # linting it reports why it cannot be read
                return True
            return self._may_fire_cells(cells)
        return self._may_fire_code(data.lower(), lambda: code_facts(data))

    def _may_fire_cells(self, cells: Sequence[CodeCell]) -> bool:
        """The prefilter on code cells, each cell parsed on its own as IPython compiles it
        (joined, an unclosed string in one cell could hide the next cell's code)."""
        codes = [cell.code.encode("utf-8", "surrogatepass") for cell in cells]
        return self._may_fire_code(b"\n".join(codes).lower(), lambda: merged_code_facts(codes))

    def _may_fire_code(self, lowered: bytes, facts_of: Callable[[], CodeFacts | None]) -> bool:
        """The prefilter on code's lower-cased bytes, then (only if some rule's tokens are
        there) on its `ast` facts."""
        if self.report_unused_noqa and _FITLINT_NOQA.search(lowered):
            return True  # a `# noqa: FL...` that may suppress nothing (FL900)
        candidates = [rule for rule in self.rules if rule.may_fire(lowered)]
        if not candidates:
            return False
        facts = facts_of()
        if facts is None:
            return True  # `ast` cannot read it: LibCST will parse it and report why
        return any(rule.may_fire_on(facts) for rule in candidates)

    def lint_bytes(
        self, data: bytes, filename: str, path: Path | None = None, *, prefilter: bool = False
    ) -> FileResult:
        """Lint one file (a notebook when `filename` ends in `.ipynb`). With `prefilter`, a
        file no enabled rule could fire on is not parsed (so a syntax error in it is not
        reported either)."""
        if reads_as_notebook(filename, data):
            return self.lint_notebook(data, filename, path, prefilter=prefilter).result
        result = FileResult(filename)
        if has_skip_file(data):
            return result
        if prefilter and not self.may_fire(data):
            return result
        ignored_here = self._per_file_ignored_codes(path if path is not None else Path(filename))
        try:
            source = decode(data)
            result.source_lines = source.text.splitlines()
            module = parse(source.text)
        except SourceError as error:
            self._report_unparsable(result, error, ignored_here, "the file was not checked")
            return result
        self._check(module, source.text, path, ignored_here, result)
        return result

    def lint_notebook(
        self, data: bytes, filename: str, path: Path | None = None, *, prefilter: bool = False
    ) -> NotebookLint:
        """Lint a notebook's Python code cells as one module (cells in order, IPython syntax
        masked). The result's diagnostics point at cells; `module_diagnostics` keeps them in
        the rows of the joined module, which is what a confirmation run executes."""
        lint = NotebookLint(FileResult(filename))
        try:
            self._lint_notebook(lint, data, path, prefilter)
        except Exception as error:  # a bug in fitlint: contain it to this file
            lint.result.diagnostics = []
            lint.result.internal_errors.append(_internal(filename, None, error))
        return lint

    def _lint_notebook(
        self, lint: NotebookLint, data: bytes, path: Path | None, prefilter: bool
    ) -> None:
        result = lint.result
        filename = result.filename
        ignored_here = self._per_file_ignored_codes(path if path is not None else Path(filename))
        try:
            notebook, cells, lint.skipped = self._read_notebook(data)
        except SourceError as error:
            self._report_unparsable(result, error, ignored_here, "the file was not checked")
            return
        lint.notebook = notebook
        if not notebook.is_python:
            return  # an R or Julia notebook: nothing here is Python
        code = join_cells(cells).text
        if has_skip_file(code.encode("utf-8", "surrogatepass")):
            return
        if prefilter and not self._may_fire_cells(cells):
            return
        cells, broken = _parsable_cells(cells)
        cell_map, module, broken_late = _parse_cells(cells)
        broken.extend(broken_late)
        lint.cell_map = cell_map
        for number, problem in sorted(broken, key=lambda item: item[0]):
            where = notebook.raw_location(number, problem.row, problem.column)
            self._report_unparsable(
                result,
                problem,
                ignored_here,
                "this cell was not checked",
                cell=number,
                raw=Location(*where) if where is not None else None,
            )
        unparsable = list(result.diagnostics)
        if module is not None:
            self._check(module, cell_map.text, path, ignored_here, result)
        lint.module_diagnostics = [d for d in result.diagnostics if d.cell is None]
        result.diagnostics = sorted(
            [*unparsable, *(to_cells(d, cell_map, notebook) for d in lint.module_diagnostics)],
            key=Diagnostic.sort_key,
        )
        result.cell_lines = {
            d.cell: split_lines(notebook.cells[d.cell - 1].source)
            for d in result.diagnostics
            if d.cell is not None
        }

    def _report_unparsable(
        self,
        result: FileResult,
        error: SourceError,
        ignored_here: tuple[str, ...],
        consequence: str,
        cell: int | None = None,
        raw: Location | None = None,
    ) -> None:
        if not self.report_syntax_errors or _code_ignored(SYNTAX_ERROR_CODE, ignored_here):
            return
        location = Location(error.row, error.column)
        result.diagnostics.append(
            Diagnostic(
                code=SYNTAX_ERROR_CODE,
                name=SYNTAX_ERROR_NAME,
                message=f"{error.message}; {consequence}",
                filename=result.filename,
                location=location,
                end_location=location,
                severity=Severity.ERROR,
                url=BY_CODE[SYNTAX_ERROR_CODE].url,
                noqa_row=None,
                cell=cell,
                raw_range=(raw, raw) if raw is not None else None,
            )
        )

    def _check(
        self,
        module: cst.Module,
        text: str,
        path: Path | None,
        ignored_here: tuple[str, ...],
        result: FileResult,
    ) -> None:
        """The semantic model and the rules on a parsed module; diagnostics are appended."""
        rules = [rule for rule in self.rules if not _code_ignored(rule.code, ignored_here)]
        if not rules:
            return
        filename = result.filename
        project = ProjectFiles()
        resolver = ModuleResolver.for_file(path, self.settings.project_root, project.read)
        try:
            semantic = build_semantic_model(module, resolver)
        except Exception as error:  # a bug in fitlint: contain it to this file
            result.internal_errors.append(_internal(filename, None, error))
            return
        context = RuleContext(semantic=semantic, settings=self.rule_settings)
        findings: list[tuple[Rule, Finding]] = []
        for rule in rules:
            try:
                findings.extend((rule, finding) for finding in rule.check(context))
            except Exception as error:  # a bug in one rule must not hide the others' findings
                result.internal_errors.append(_internal(filename, rule.code, error))
        suppressions = parse_suppressions(text)
        if findings:
            result.diagnostics.extend(self._located(module, findings, filename, suppressions))
        if self.report_unused_noqa and not _code_ignored(UNUSED_NOQA_CODE, ignored_here):
            result.diagnostics.extend(self._unused_noqa(text, filename, suppressions, rules))
            result.diagnostics.sort(key=Diagnostic.sort_key)
        result.dependencies = project.digests
        result.dependency_signatures = project.signatures

    def _read_notebook(self, data: bytes) -> tuple[Notebook, list[CodeCell], list[SkippedCell]]:
        """The notebook and its Python cells; the last one read is kept, as the prefilter
        and then the lint of the same file read the same bytes. Raises SourceError."""
        if self._last_notebook is not None and self._last_notebook[0] is data:
            return self._last_notebook[1]
        notebook = read_notebook(data)
        cells, skipped = notebook.python_cells() if notebook.is_python else ([], [])
        self._last_notebook = (data, (notebook, cells, skipped))
        return notebook, cells, skipped

    def _unused_noqa(
        self,
        text: str,
        filename: str,
        suppressions: Suppressions,
        rules: Sequence[Rule],
    ) -> list[Diagnostic]:
        """FL900: codes of `# noqa: ...` comments that silenced nothing. Only fitlint's own
        codes are judged (`FL...`), and of those only the rules this run checked; a code no
        rule has is reported as unknown."""
        checked = {rule.code for rule in rules}
        found = []
        for noqa in suppressions.noqa_codes:
            if not noqa.code.startswith("FL") or noqa.code in ENGINE_CODES:
                continue
            known = noqa.code in BY_CODE
            if known and (noqa.code not in checked or (noqa.row, noqa.code) in suppressions.used):
                continue
            remaining = [code for code in noqa.codes_in_directive if code != noqa.code]
            if remaining:
                kept = ", ".join(remaining)
                edit = Edit(
                    _rewritten_directive(text, noqa, kept),
                    Location(noqa.row, noqa.directive_start),
                    Location(noqa.row, noqa.directive_end),
                )
            else:
                edit = Edit(
                    "",
                    Location(noqa.row, noqa.directive_start),
                    Location(noqa.row, noqa.directive_end),
                )
            why = (
                f"`# noqa: {noqa.code}` suppresses nothing: no {noqa.code} finding on this line"
                if known
                else f"`# noqa: {noqa.code}` names no fitlint rule (`fitlint rules` lists them)"
            )
            location = Location(noqa.row, noqa.column)
            found.append(
                Diagnostic(
                    code=UNUSED_NOQA_CODE,
                    name=UNUSED_NOQA_NAME,
                    message=f"{why}. Remove it, so that a future {noqa.code} is not hidden."
                    if known
                    else f"{why}. Remove it or correct the code.",
                    filename=filename,
                    location=location,
                    end_location=Location(noqa.row, noqa.column + len(noqa.code)),
                    severity=Severity.WARNING,
                    url=BY_CODE[UNUSED_NOQA_CODE].url,
                    noqa_row=None,
                    fix=Fix(Applicability.SAFE, f"Remove `{noqa.code}` from the noqa", (edit,)),
                )
            )
        return found

    def _located(
        self,
        module: cst.Module,
        findings: list[tuple[Rule, Finding]],
        filename: str,
        suppressions: Suppressions,
    ) -> list[Diagnostic]:
        positions = node_positions(module, _reported_nodes(findings))
        diagnostics = []
        for rule, finding in findings:
            span: CodeRange = positions[finding.node]
            start = Location(span.start.line, span.start.column + 1)
            end = Location(span.end.line, span.end.column + 1)
            anchor: CodeRange = positions[finding.anchor] if finding.anchor is not None else span
            diagnostic = Diagnostic(
                code=rule.code,
                name=rule.name,
                message=finding.message,
                filename=filename,
                location=start,
                end_location=end,
                severity=finding.severity,
                url=rule.meta().url,
                noqa_row=start.row,
                anchor_rows=(anchor.start.line, anchor.end.line),
                fix=_located_fix(finding.fix, Applicability.SAFE, positions),
                unsafe_fix=_located_fix(finding.unsafe_fix, Applicability.UNSAFE, positions),
            )
            if not suppressions.suppresses(diagnostic):
                diagnostics.append(diagnostic)
        diagnostics.sort(key=Diagnostic.sort_key)
        return diagnostics

    def _per_file_ignored_codes(self, path: Path) -> tuple[str, ...]:
        if not self._per_file:
            return ()
        absolute = Path(os.path.abspath(path))
        try:
            relative = absolute.relative_to(self._project_root).as_posix()
        except ValueError:
            relative = absolute.as_posix()
        codes: list[str] = []
        for spec, ignored in self._per_file:
            if spec.match_file(relative) or spec.match_file(absolute.name):
                codes.extend(ignored)
        return tuple(codes)


def _reported_nodes(findings: list[tuple[Rule, Finding]]) -> list[cst.CSTNode]:
    """Every node a finding needs the position of: its node, its anchor, its fixes' edges."""
    nodes: list[cst.CSTNode] = []
    for _, finding in findings:
        nodes.append(finding.node)
        if finding.anchor is not None:
            nodes.append(finding.anchor)
        for fix in (finding.fix, finding.unsafe_fix):
            for edit in fix.edits if fix is not None else ():
                nodes.append(edit.start_node)
                if edit.end_node is not None:
                    nodes.append(edit.end_node)
    return nodes


def _located_fix(
    spec: NodeFix | None, applicability: Applicability, positions: Mapping[cst.CSTNode, CodeRange]
) -> Fix | None:
    if spec is None:
        return None

    def edge(node: cst.CSTNode, which: str) -> Location:
        position = positions[node].start if which == "start" else positions[node].end
        return Location(position.line, position.column + 1)

    edits = tuple(
        Edit(
            edit.content,
            edge(edit.start_node, edit.start_edge),
            edge(edit.end_node or edit.start_node, edit.end_edge),
        )
        for edit in spec.edits
    )
    return Fix(applicability, spec.message, edits)


def _code_ignored(code: str, ignored: tuple[str, ...]) -> bool:
    return bool(ignored) and not is_enabled(code, ("ALL",), ignored)


def _internal(filename: str, rule_code: str | None, error: BaseException) -> InternalError:
    return InternalError(
        filename=filename,
        rule_code=rule_code,
        summary=f"{type(error).__name__}: {error}",
        traceback="".join(traceback.format_exception(type(error), error, error.__traceback__)),
    )


def _parsable_cells(
    cells: list[CodeCell],
) -> tuple[list[CodeCell], list[tuple[int, SourceError]]]:
    """The cells CPython can parse, and a syntax error for each other one. IPython compiles
    each cell on its own, so a cell that does not parse never runs and cannot join the
    next (an unclosed bracket must not swallow the following cell)."""
    good: list[CodeCell] = []
    broken: list[tuple[int, SourceError]] = []
    for cell in cells:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                compile(cell.code, "<cell>", "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
        except SyntaxError as error:
            row = error.lineno or 1
            column = max(error.offset or 1, 1) + cell.shift(row)
            broken.append((cell.number, SourceError(f"syntax error: {error.msg}", row, column)))
        except (ValueError, RecursionError, MemoryError) as error:
            broken.append((cell.number, SourceError(f"cannot parse this cell: {error}", 1, 1)))
        else:
            good.append(cell)
    return good, broken


def _parse_cells(
    cells: list[CodeCell],
) -> tuple[CellMap, cst.Module | None, list[tuple[int, SourceError]]]:
    """Parse the cells as one module with LibCST; a cell LibCST cannot parse (though CPython
    can) is left out and reported, and the rest parsed again."""
    broken: list[tuple[int, SourceError]] = []
    while True:
        cell_map = join_cells(cells)
        if not cells:
            return cell_map, None, broken
        try:
            return cell_map, parse(cell_map.text), broken
        except SourceError as error:
            cell, row = cell_map.cell_at(error.row)
            broken.append(
                (cell.number, SourceError(error.message, row, error.column + cell.shift(row)))
            )
            cells = [other for other in cells if other.number != cell.number]


def _rewritten_directive(text: str, noqa: NoqaCode, kept: str) -> str:
    """The `# noqa: ...` directive with only the `kept` codes, its spacing as it was."""
    line = text.splitlines()[noqa.row - 1]
    directive = line[noqa.directive_start - 1 : noqa.directive_end - 1]
    head = re.match(r"[ \t]*#\s*noqa:\s*", directive, re.IGNORECASE)
    return (head.group(0) if head is not None else "  # noqa: ") + kept

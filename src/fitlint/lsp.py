"""`fitlint server`: a Language Server over stdio (pygls), running the linter in-process.

What it offers an editor:
- diagnostics for `.py` / `.pyi` buffers on open, on change (debounced), on save, cleared on
  close: the code with a link to the rule's page, the severity, source "fitlint", and ranges
  in the client's position encoding (UTF-16 unless it asks for another);
- the same for Jupyter notebooks through LSP's notebook document sync: the notebook's Python
  cells are linted as one module, as `fitlint nb.ipynb` does, and each cell gets its own
  diagnostics, in its own rows;
- code actions: each finding's fix (safe ones preferred, unsafe ones marked), "suppress with
  `# noqa: FLxxx`", and `source.fixAll.fitlint`, which applies every safe fix as `--fix`;
- hover on a code in a `# noqa: FL003` comment: the rule's name and summary.

Settings come from the document's `pyproject.toml` / `fitlint.toml`, read again for each
lint, so an edited config applies at the next change; excluded files get no diagnostics.

The result cache is the command line's (`.fitlint_cache`, or FITLINT_CACHE_DIR): a file
opened or saved as it is on disk is answered from what `fitlint` last found in it, and its
result is kept for the next `fitlint` run. Unsaved buffers are never cached.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path
from pygls.workspace import TextDocument
from pygls.workspace.position_codec import ServerTextPosition, ServerTextRange

from fitlint import __version__, api
from fitlint.cache import ResultCache, default_cache_dir
from fitlint.catalog import BY_CODE
from fitlint.config import ConfigError, Settings
from fitlint.diagnostics import Diagnostic, Edit, Fix, Location, Severity
from fitlint.fix import noqa_fixes
from fitlint.notebook import read_notebook
from fitlint.source import SourceError
from fitlint.suppression import NOQA

SOURCE = "fitlint"
FIX_ALL = f"{types.CodeActionKind.SourceFixAll.value}.{SOURCE}"
# Seconds a change waits for the next one before the buffer is linted.
DEBOUNCE_SECONDS = 0.3
LINTED_SUFFIXES = (".py", ".pyi")
NOTEBOOK_SUFFIX = ".ipynb"
# The notebooks the server asks the client to sync: Jupyter files, their Python cells.
NOTEBOOK_SYNC = types.NotebookDocumentSyncOptions(
    notebook_selector=[
        types.NotebookDocumentFilterWithCells(
            notebook=types.NotebookDocumentFilterPattern(pattern=f"**/*{NOTEBOOK_SUFFIX}"),
            cells=[types.NotebookCellLanguage(language="python")],
        )
    ],
    save=True,
)

_CODE = re.compile(r"FL[0-9]{3}")


@dataclass
class _Linted:
    # The document's version when linted (a cell's: its notebook's version).
    version: int | None
    diagnostics: list[Diagnostic]


class FitlintServer(LanguageServer):
    """The server: the last findings of each open document (and notebook cell), pending
    debounced lints, and whether the command line's result cache is used."""

    def __init__(self) -> None:
        super().__init__("fitlint", __version__, notebook_document_sync=NOTEBOOK_SYNC)
        self.linted: dict[str, _Linted] = {}
        self.pending: dict[str, asyncio.Task[None]] = {}
        self.use_cache = True


SERVER = FitlintServer()


def _path(uri: str) -> str:
    return to_fs_path(uri) or uri


def _lint_name(server: FitlintServer, document: TextDocument) -> str | None:
    """The file name a buffer is linted as: its path for a `.py` / `.pyi` file; for an
    unsaved Python buffer (`untitled:Untitled-1`), `untitled.py` in the workspace root
    (its config applies); None for anything else."""
    path = _path(document.uri)
    if path.endswith(LINTED_SUFFIXES):
        return path
    if not document.uri.startswith("file:") and document.language_id == "python":
        return os.path.join(server.workspace.root_path or os.getcwd(), "untitled.py")
    return None


def _settings(server: FitlintServer, path: str) -> Settings | None:
    try:
        return api.run_settings([], stdin_filename=path)
    except ConfigError as error:
        server.window_show_message(
            types.ShowMessageParams(types.MessageType.Error, f"fitlint: {error}")
        )
        return None


def lint_document(
    server: FitlintServer, document: TextDocument, *, cached: bool = False
) -> list[Diagnostic]:
    """Lint the buffer as `fitlint --stdin-filename PATH -` would (config, excludes); with
    `cached`, answer from (and add to) the result cache when the buffer is the file on disk."""
    path = _lint_name(server, document)
    if path is None:
        return []
    settings = _settings(server, path)
    if settings is None:
        return []
    data = document.source.encode("utf-8", "surrogatepass")
    cache = _cache(server, settings, path, data) if cached else None
    result = api.lint_source(data, path, settings, force_exclude=True, cache=cache)
    return list(result.diagnostics) if result is not None else []


def _cache(server: FitlintServer, settings: Settings, path: str, data: bytes) -> ResultCache | None:
    """The command line's cache for these settings, when the buffer is what is on disk."""
    if not server.use_cache:
        return None
    try:
        if Path(path).read_bytes() != data:
            return None
    except OSError:
        return None
    return ResultCache(default_cache_dir(settings, None), settings)


def publish(server: FitlintServer, uri: str, *, cached: bool = False) -> None:
    notebook = server.workspace.get_notebook_document(notebook_uri=uri)
    if notebook is not None:
        publish_notebook(server, notebook)
        return
    document = server.workspace.get_text_document(uri)
    found = lint_document(server, document, cached=cached)
    server.linted[uri] = _Linted(document.version, found)
    _send(server, document, found)


def _send(server: FitlintServer, document: TextDocument, found: list[Diagnostic]) -> None:
    """Publish a document's (or a cell's) findings in the client's units."""
    server.text_document_publish_diagnostics(
        types.PublishDiagnosticsParams(
            uri=document.uri,
            version=document.version,
            diagnostics=[to_lsp(document, diagnostic) for diagnostic in found],
        )
    )


# --- notebooks ------------------------------------------------------------------------------


def notebook_json(server: FitlintServer, notebook: types.NotebookDocument) -> bytes:
    """The notebook as nbformat 4 JSON, each cell's source from its text document (the
    editor's unsaved text), so that it is linted exactly as the file would be."""
    cells: list[dict[str, object]] = []
    for cell in notebook.cells:
        document = server.workspace.get_text_document(cell.document)
        if cell.kind == types.NotebookCellKind.Code:
            cells.append(
                {
                    "cell_type": "code",
                    "execution_count": None,
                    "metadata": {"vscode": {"languageId": document.language_id or "python"}},
                    "outputs": [],
                    "source": document.source,
                }
            )
        else:
            cells.append({"cell_type": "markdown", "metadata": {}, "source": document.source})
    metadata = {"language_info": {"name": "python"}}
    whole = {"cells": cells, "metadata": metadata, "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(whole).encode("utf-8", "surrogatepass")


def lint_notebook(
    server: FitlintServer, notebook: types.NotebookDocument
) -> dict[str, list[Diagnostic]]:
    """Each cell's findings (cell URI → diagnostics in that cell's rows), every cell listed,
    and kept as the cells' last findings at the notebook's version."""
    found: dict[str, list[Diagnostic]] = {cell.document: [] for cell in notebook.cells}
    path = _path(notebook.uri)
    settings = _settings(server, path) if path.endswith(NOTEBOOK_SUFFIX) else None
    if settings is not None and notebook.cells:
        data = notebook_json(server, notebook)
        result = api.lint_source(data, path, settings, force_exclude=True)
        for diagnostic in result.diagnostics if result is not None else []:
            number = min(diagnostic.cell or 1, len(notebook.cells))
            found[notebook.cells[number - 1].document].append(diagnostic)
    for uri, diagnostics in found.items():
        server.linted[uri] = _Linted(notebook.version, diagnostics)
    return found


def publish_notebook(server: FitlintServer, notebook: types.NotebookDocument) -> None:
    for uri, diagnostics in lint_notebook(server, notebook).items():
        _send(server, server.workspace.get_text_document(uri), diagnostics)


def _clear(server: FitlintServer, uri: str) -> None:
    waiting = server.pending.pop(uri, None)
    if waiting is not None:
        waiting.cancel()
    server.linted.pop(uri, None)
    server.text_document_publish_diagnostics(
        types.PublishDiagnosticsParams(uri=uri, diagnostics=[])
    )


def to_range(document: TextDocument, start: Location, end: Location) -> types.Range:
    """fitlint's 1-based rows and code-point columns as an LSP range in the client's units."""
    server_range = ServerTextRange(
        start=ServerTextPosition(start.row - 1, start.column - 1),
        end=ServerTextPosition(end.row - 1, end.column - 1),
    )
    return document.range_to_client_units(server_range)


def to_lsp(document: TextDocument, diagnostic: Diagnostic) -> types.Diagnostic:
    href = diagnostic.url
    return types.Diagnostic(
        range=to_range(document, diagnostic.location, diagnostic.end_location),
        message=diagnostic.message,
        severity=types.DiagnosticSeverity.Error
        if diagnostic.severity is Severity.ERROR
        else types.DiagnosticSeverity.Warning,
        code=diagnostic.code,
        code_description=types.CodeDescription(href=href) if href else None,
        source=SOURCE,
    )


@SERVER.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(server: FitlintServer, params: types.DidOpenTextDocumentParams) -> None:
    publish(server, params.text_document.uri, cached=True)


@SERVER.feature(types.TEXT_DOCUMENT_DID_SAVE)
def did_save(server: FitlintServer, params: types.DidSaveTextDocumentParams) -> None:
    publish(server, params.text_document.uri, cached=True)


@SERVER.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(server: FitlintServer, params: types.DidChangeTextDocumentParams) -> None:
    _lint_soon(server, params.text_document.uri)


def _lint_soon(server: FitlintServer, uri: str) -> None:
    """Lint the document (or notebook) once changes to it pause for DEBOUNCE_SECONDS."""
    waiting = server.pending.pop(uri, None)
    if waiting is not None:
        waiting.cancel()
    server.pending[uri] = asyncio.ensure_future(_lint_later(server, uri))


async def _lint_later(server: FitlintServer, uri: str) -> None:
    await asyncio.sleep(DEBOUNCE_SECONDS)
    server.pending.pop(uri, None)
    if uri in server.workspace.text_documents or uri in server.workspace.notebook_documents:
        publish(server, uri)


@SERVER.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(server: FitlintServer, params: types.DidCloseTextDocumentParams) -> None:
    _clear(server, params.text_document.uri)


@SERVER.feature(types.NOTEBOOK_DOCUMENT_DID_OPEN)
def did_open_notebook(server: FitlintServer, params: types.DidOpenNotebookDocumentParams) -> None:
    publish(server, params.notebook_document.uri)


@SERVER.feature(types.NOTEBOOK_DOCUMENT_DID_CHANGE)
def did_change_notebook(
    server: FitlintServer, params: types.DidChangeNotebookDocumentParams
) -> None:
    structure = params.change.cells.structure if params.change.cells else None
    for closed in structure.did_close or [] if structure is not None else []:
        _clear(server, closed.uri)  # a deleted cell's findings go with it
    _lint_soon(server, params.notebook_document.uri)


@SERVER.feature(types.NOTEBOOK_DOCUMENT_DID_SAVE)
def did_save_notebook(server: FitlintServer, params: types.DidSaveNotebookDocumentParams) -> None:
    publish(server, params.notebook_document.uri)


@SERVER.feature(types.NOTEBOOK_DOCUMENT_DID_CLOSE)
def did_close_notebook(server: FitlintServer, params: types.DidCloseNotebookDocumentParams) -> None:
    waiting = server.pending.pop(params.notebook_document.uri, None)
    if waiting is not None:
        waiting.cancel()
    for cell in params.cell_text_documents:
        _clear(server, cell.uri)


@SERVER.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def did_change_watched_files(
    server: FitlintServer, params: types.DidChangeWatchedFilesParams
) -> None:
    """A config file changed: lint every open document and notebook again with it."""
    for uri in server.workspace.notebook_documents:
        publish(server, uri)
    for uri in list(server.linted):
        if uri in server.workspace.text_documents and _notebook_of(server, uri) is None:
            publish(server, uri)


# --- code actions ---------------------------------------------------------------------------


@SERVER.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(
        code_action_kinds=[types.CodeActionKind.QuickFix, types.CodeActionKind.SourceFixAll]
    ),
)
def code_action(
    server: FitlintServer, params: types.CodeActionParams
) -> list[types.CodeAction] | None:
    uri = params.text_document.uri
    document = server.workspace.get_text_document(uri)
    wanted = params.context.only
    actions: list[types.CodeAction] = []
    if wanted is None or any(kind.startswith("quickfix") for kind in wanted):
        actions.extend(_quick_fixes(server, document, params.range))
    if wanted is not None and any(
        FIX_ALL.startswith(kind) or kind.startswith(FIX_ALL) for kind in wanted
    ):
        fix_all = _fix_all(server, document)
        if fix_all is not None:
            actions.append(fix_all)
    return actions or None


def _notebook_of(server: FitlintServer, uri: str) -> types.NotebookDocument | None:
    """The notebook whose cell `uri` is, if it is one."""
    return server.workspace.get_notebook_document(cell_uri=uri)


def _current(server: FitlintServer, document: TextDocument) -> list[Diagnostic]:
    """The document's findings now (linted again if it changed since they were published)."""
    linted = server.linted.get(document.uri)
    notebook = _notebook_of(server, document.uri)
    if notebook is not None:
        if linted is None or linted.version != notebook.version:
            return lint_notebook(server, notebook).get(document.uri, [])
        return linted.diagnostics
    if linted is None or linted.version != document.version:
        found = lint_document(server, document)
        server.linted[document.uri] = _Linted(document.version, found)
        return found
    return linted.diagnostics


def _quick_fixes(
    server: FitlintServer, document: TextDocument, wanted: types.Range
) -> list[types.CodeAction]:
    actions = []
    for diagnostic in _current(server, document):
        lsp = to_lsp(document, diagnostic)
        if lsp.range.end.line < wanted.start.line or lsp.range.start.line > wanted.end.line:
            continue
        for fix, preferred in ((diagnostic.fix, True), (diagnostic.unsafe_fix, False)):
            if fix is None:
                continue
            marker = "" if preferred else " (unsafe)"
            actions.append(
                types.CodeAction(
                    title=f"{fix.message}{marker} ({diagnostic.code})",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[lsp],
                    edit=_workspace_edit(server, document, fix),
                    is_preferred=preferred,
                )
            )
        noqa = _noqa_edit(document, diagnostic)
        if noqa is not None:
            actions.append(
                types.CodeAction(
                    title=f"Suppress {diagnostic.code} with `# noqa: {diagnostic.code}`",
                    kind=types.CodeActionKind.QuickFix,
                    diagnostics=[lsp],
                    edit=types.WorkspaceEdit(changes={document.uri: [noqa]}),
                )
            )
    return actions


def _workspace_edit(server: FitlintServer, document: TextDocument, fix: Fix) -> types.WorkspaceEdit:
    """The fix's edits, each in its own document (a notebook's fix can edit several cells)."""
    notebook = _notebook_of(server, document.uri)
    changes: dict[str, list[types.TextEdit]] = {}
    for edit in fix.edits:
        target = document
        if notebook is not None and edit.cell is not None:
            target = server.workspace.get_text_document(notebook.cells[edit.cell - 1].document)
        changes.setdefault(target.uri, []).append(_text_edit(target, edit))
    return types.WorkspaceEdit(changes=changes)


def _text_edit(document: TextDocument, edit: Edit) -> types.TextEdit:
    return types.TextEdit(
        range=to_range(document, edit.location, edit.end_location), new_text=edit.content
    )


def _noqa_edit(document: TextDocument, diagnostic: Diagnostic) -> types.TextEdit | None:
    """The edit `--add-noqa` makes for this finding: its code added to the row's noqa
    comment, or the comment added (None when a noqa comment already covers it)."""
    fixes = noqa_fixes(
        [diagnostic], {diagnostic.cell: [line.rstrip("\r\n") for line in document.lines]}
    )
    if not fixes:
        return None
    (edit,) = fixes[0].edits
    return _text_edit(document, edit)


def _fix_all(server: FitlintServer, document: TextDocument) -> types.CodeAction | None:
    """Every safe fix, as `fitlint --fix` applies them (re-linting until stable): one edit
    replacing the document, or in a notebook each cell the fixes change."""
    notebook = _notebook_of(server, document.uri)
    path = _path(notebook.uri) if notebook is not None else _lint_name(server, document)
    if path is None or not path.endswith(
        NOTEBOOK_SUFFIX if notebook is not None else LINTED_SUFFIXES
    ):
        return None
    settings = _settings(server, path)
    if settings is None:
        return None
    data = (
        notebook_json(server, notebook)
        if notebook is not None
        else document.source.encode("utf-8", "surrogatepass")
    )
    outcome = api.fix_source(data, path, settings, force_exclude=True)
    if outcome is None or not outcome.changed or outcome.error is not None:
        return None
    if notebook is None:
        sources = {document.uri: outcome.fixed.decode("utf-8", "surrogatepass")}
    else:
        try:
            fixed_cells = read_notebook(outcome.fixed).cells
        except SourceError:
            return None
        sources = {
            cell.document: fixed.source
            for cell, fixed in zip(notebook.cells, fixed_cells, strict=True)
        }
    changes = {}
    for uri, fixed_source in sources.items():
        target = server.workspace.get_text_document(uri)
        if fixed_source != target.source:
            end = Location(len(target.lines) + 1, 1)
            changes[uri] = [_text_edit(target, Edit(fixed_source, Location(1, 1), end))]
    return types.CodeAction(
        title=f"Fix all fitlint findings ({len(outcome.applied)} safe "
        f"fix{'' if len(outcome.applied) == 1 else 'es'})",
        kind=FIX_ALL,
        edit=types.WorkspaceEdit(changes=changes),
    )


# --- hover ----------------------------------------------------------------------------------


@SERVER.feature(types.TEXT_DOCUMENT_HOVER)
def hover(server: FitlintServer, params: types.HoverParams) -> types.Hover | None:
    """On a code inside a `# noqa:` comment: that rule's name and summary."""
    document = server.workspace.get_text_document(params.text_document.uri)
    lines = document.lines
    position = document.position_from_client_units(params.position)
    if position.line >= len(lines):
        return None
    line = lines[position.line]
    noqa = NOQA.search(line)
    if noqa is None or noqa.group("codes") is None:
        return None
    for match in _CODE.finditer(line, noqa.start("codes")):
        if match.start() <= position.character <= match.end():
            meta = BY_CODE.get(match.group(0))
            if meta is None:
                return None
            text = f"**{meta.code} {meta.name}**\n\n{meta.summary}"
            if meta.url:
                text += f"\n\n[Rule page]({meta.url})"
            return types.Hover(
                contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text)
            )
    return None


def serve(*, use_cache: bool = True) -> None:
    """Run the server on stdin/stdout until the client asks it to exit; `use_cache` False
    keeps it from reading or writing the result cache."""
    SERVER.use_cache = use_cache
    SERVER.start_io()

"""`fitlint server`: a Language Server over stdio (pygls), running the linter in-process.

What it offers an editor:
- diagnostics for `.py` / `.pyi` buffers on open, on change (debounced), on save, cleared on
  close: the code with a link to the rule's page, the severity, source "fitlint", and ranges
  in the client's position encoding (UTF-16 unless it asks for another);
- code actions: each finding's fix (safe ones preferred, unsafe ones marked), "suppress with
  `# noqa: FLxxx`", and `source.fixAll.fitlint`, which applies every safe fix as `--fix`;
- hover on a code in a `# noqa: FL003` comment: the rule's name and summary.

Settings come from the document's `pyproject.toml` / `fitlint.toml`, read again for each
lint, so an edited config applies at the next change; excluded files get no diagnostics.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path
from pygls.workspace import TextDocument
from pygls.workspace.position_codec import ServerTextPosition, ServerTextRange

from fitlint import __version__, api
from fitlint.catalog import BY_CODE
from fitlint.config import ConfigError, Settings
from fitlint.diagnostics import Diagnostic, Edit, Fix, Location, Severity
from fitlint.fix import noqa_fixes
from fitlint.suppression import NOQA

SOURCE = "fitlint"
FIX_ALL = f"{types.CodeActionKind.SourceFixAll.value}.{SOURCE}"
# Seconds a change waits for the next one before the buffer is linted.
DEBOUNCE_SECONDS = 0.3
LINTED_SUFFIXES = (".py", ".pyi")

_CODE = re.compile(r"FL[0-9]{3}")


@dataclass
class _Linted:
    version: int | None
    diagnostics: list[Diagnostic]


class FitlintServer(LanguageServer):
    """The server: the last findings of each open document, and pending debounced lints."""

    def __init__(self) -> None:
        super().__init__("fitlint", __version__)
        self.linted: dict[str, _Linted] = {}
        self.pending: dict[str, asyncio.Task[None]] = {}


SERVER = FitlintServer()


def _path(uri: str) -> str:
    return to_fs_path(uri) or uri


def _settings(server: FitlintServer, path: str) -> Settings | None:
    try:
        return api.run_settings([], stdin_filename=path)
    except ConfigError as error:
        server.window_show_message(
            types.ShowMessageParams(types.MessageType.Error, f"fitlint: {error}")
        )
        return None


def lint_document(server: FitlintServer, document: TextDocument) -> list[Diagnostic]:
    """Lint the buffer as `fitlint --stdin-filename PATH -` would (config, excludes)."""
    path = _path(document.uri)
    if not path.endswith(LINTED_SUFFIXES):
        return []
    settings = _settings(server, path)
    if settings is None:
        return []
    result = api.lint_source(
        document.source.encode("utf-8", "surrogatepass"), path, settings, force_exclude=True
    )
    return list(result.diagnostics) if result is not None else []


def publish(server: FitlintServer, uri: str) -> None:
    document = server.workspace.get_text_document(uri)
    found = lint_document(server, document)
    server.linted[uri] = _Linted(document.version, found)
    server.text_document_publish_diagnostics(
        types.PublishDiagnosticsParams(
            uri=uri,
            version=document.version,
            diagnostics=[to_lsp(document, diagnostic) for diagnostic in found],
        )
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
    publish(server, params.text_document.uri)


@SERVER.feature(types.TEXT_DOCUMENT_DID_SAVE)
def did_save(server: FitlintServer, params: types.DidSaveTextDocumentParams) -> None:
    publish(server, params.text_document.uri)


@SERVER.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(server: FitlintServer, params: types.DidChangeTextDocumentParams) -> None:
    uri = params.text_document.uri
    waiting = server.pending.pop(uri, None)
    if waiting is not None:
        waiting.cancel()
    server.pending[uri] = asyncio.ensure_future(_lint_later(server, uri))


async def _lint_later(server: FitlintServer, uri: str) -> None:
    await asyncio.sleep(DEBOUNCE_SECONDS)
    server.pending.pop(uri, None)
    if uri in server.workspace.text_documents:
        publish(server, uri)


@SERVER.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(server: FitlintServer, params: types.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    waiting = server.pending.pop(uri, None)
    if waiting is not None:
        waiting.cancel()
    server.linted.pop(uri, None)
    server.text_document_publish_diagnostics(
        types.PublishDiagnosticsParams(uri=uri, diagnostics=[])
    )


@SERVER.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def did_change_watched_files(
    server: FitlintServer, params: types.DidChangeWatchedFilesParams
) -> None:
    """A config file changed: lint every open document again with it."""
    for uri in list(server.linted):
        if uri in server.workspace.text_documents:
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


def _current(server: FitlintServer, document: TextDocument) -> list[Diagnostic]:
    linted = server.linted.get(document.uri)
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
                    edit=_workspace_edit(document, fix),
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


def _workspace_edit(document: TextDocument, fix: Fix) -> types.WorkspaceEdit:
    return types.WorkspaceEdit(
        changes={document.uri: [_text_edit(document, edit) for edit in fix.edits]}
    )


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
    """Every safe fix, as `fitlint --fix` applies them (re-linting until stable)."""
    path = _path(document.uri)
    if not path.endswith(LINTED_SUFFIXES):
        return None
    settings = _settings(server, path)
    if settings is None:
        return None
    outcome = api.fix_source(
        document.source.encode("utf-8", "surrogatepass"), path, settings, force_exclude=True
    )
    if outcome is None or not outcome.changed or outcome.error is not None:
        return None
    fixed = outcome.fixed.decode("utf-8", "surrogatepass")
    lines = document.lines
    end = Location(len(lines) + 1, 1)
    whole = _text_edit(document, Edit(fixed, Location(1, 1), end))
    return types.CodeAction(
        title=f"fitlint: fix all ({len(outcome.applied)} safe fixes)",
        kind=FIX_ALL,
        edit=types.WorkspaceEdit(changes={document.uri: [whole]}),
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


def serve() -> None:
    """Run the server on stdin/stdout until the client asks it to exit."""
    SERVER.start_io()

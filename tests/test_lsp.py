"""`fitlint server` driven by a real LSP client over stdio (pytest-lsp): diagnostics on open
and change, UTF-16 ranges, quick fixes, suppression, fix-all, hover, config and excludes,
notebooks (LSP notebook document sync), and the result cache shared with the command line."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from tests.conftest import RunFitlint, fitlint_executable

BAD = """\
from tensorflow import keras

model = keras.Sequential([keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit_generator(batches(), steps_per_epoch=10, epochs=2)
"""


async def _initialize(lsp_client: LanguageClient, root: Path) -> None:
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=types.ClientCapabilities(
                general=types.GeneralClientCapabilities(
                    position_encodings=[types.PositionEncodingKind.Utf16]
                )
            ),
            root_uri=root.as_uri(),
            workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name="workspace")],
        )
    )
    lsp_client.root = root  # type: ignore[attr-defined]


# The cache is tested on its own (it would otherwise be written where the tests run).
@pytest_lsp.fixture(
    config=ClientServerConfig(server_command=[fitlint_executable(), "server", "--no-cache"])
)
async def client(lsp_client: LanguageClient, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    await _initialize(lsp_client, tmp_path_factory.mktemp("workspace"))
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[fitlint_executable(), "server"]))
async def cached_client(lsp_client: LanguageClient, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("workspace")
    # The project root, and with it the cache (.fitlint_cache), is where the config is.
    (root / "pyproject.toml").write_text("[tool.fitlint]\n", encoding="utf-8")
    await _initialize(lsp_client, root)
    yield
    await lsp_client.shutdown_session()


async def _open(client: LanguageClient, name: str, text: str) -> tuple[str, list[types.Diagnostic]]:
    path: Path = client.root / name  # type: ignore[attr-defined]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id="python", version=1, text=text
            )
        )
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return uri, list(client.diagnostics.get(uri, []))


async def _actions(
    client: LanguageClient,
    uri: str,
    diagnostic: types.Diagnostic | None = None,
    *,
    fix_all: bool = False,
) -> list[types.CodeAction]:
    """The code actions for a diagnostic's range (quick fixes), or `source.fixAll`."""
    where = (
        diagnostic.range
        if diagnostic is not None
        else types.Range(start=types.Position(0, 0), end=types.Position(0, 0))
    )
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=where,
            context=types.CodeActionContext(
                diagnostics=[diagnostic] if diagnostic is not None else [],
                only=[types.CodeActionKind.SourceFixAll] if fix_all else None,
            ),
        )
    )
    assert actions is not None
    assert all(isinstance(action, types.CodeAction) for action in actions)
    return [action for action in actions if isinstance(action, types.CodeAction)]


@pytest.mark.asyncio
async def test_diagnostics_on_open(client: LanguageClient) -> None:
    _, diagnostics = await _open(client, "train.py", BAD)
    (diagnostic,) = diagnostics
    assert diagnostic.code == "FL003"
    assert diagnostic.source == "fitlint"
    assert diagnostic.severity == types.DiagnosticSeverity.Error
    assert diagnostic.range == types.Range(
        start=types.Position(line=4, character=6), end=types.Position(line=4, character=19)
    )
    assert diagnostic.code_description is not None
    assert diagnostic.code_description.href.endswith("FL003-deprecated-fit-generator/README.md")
    assert "was removed in Keras 3" in diagnostic.message


@pytest.mark.asyncio
async def test_ranges_count_utf16_code_units(client: LanguageClient) -> None:
    # U+1D53C is one character in Python but two UTF-16 code units: later columns shift.
    text = BAD.replace("model.fit_generator(", 'note = "\U0001d53c"; model.fit_generator(')
    _, (diagnostic,) = await _open(client, "unicode.py", text)
    line = text.splitlines()[4]
    python_column = line.index("fit_generator")
    assert diagnostic.range.start == types.Position(line=4, character=python_column + 1)


@pytest.mark.asyncio
async def test_changes_are_linted_again(client: LanguageClient) -> None:
    uri, _ = await _open(client, "edit.py", BAD)
    fixed = BAD.replace("fit_generator", "fit")
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=fixed)],
        )
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert list(client.diagnostics[uri]) == []


@pytest.mark.asyncio
async def test_quick_fix_and_suppression(client: LanguageClient) -> None:
    uri, (diagnostic,) = await _open(client, "actions.py", BAD)
    actions = await _actions(client, uri, diagnostic)
    titles = [action.title for action in actions if isinstance(action, types.CodeAction)]
    assert titles[0] == "Rename `fit_generator` to `fit` (FL003)"
    assert "Suppress FL003 with `# noqa: FL003`" in titles
    rename = actions[0]
    assert isinstance(rename, types.CodeAction) and rename.is_preferred
    assert rename.edit is not None and rename.edit.changes is not None
    (edit,) = rename.edit.changes[uri]
    assert (edit.new_text, edit.range.start.character, edit.range.end.character) == ("fit", 6, 19)
    suppress = next(a for a in actions if isinstance(a, types.CodeAction) and "noqa" in a.title)
    assert suppress.edit is not None and suppress.edit.changes is not None
    (insert,) = suppress.edit.changes[uri]
    assert insert.new_text == "  # noqa: FL003"
    assert insert.range.start == types.Position(line=4, character=len(BAD.splitlines()[4]))


@pytest.mark.asyncio
async def test_fix_all(client: LanguageClient) -> None:
    uri, _ = await _open(client, "fixall.py", BAD)
    actions = await _actions(client, uri, fix_all=True)
    (fix_all,) = actions
    assert isinstance(fix_all, types.CodeAction)
    assert fix_all.kind == "source.fixAll.fitlint"
    assert fix_all.edit is not None and fix_all.edit.changes is not None
    (whole,) = fix_all.edit.changes[uri]
    assert whole.new_text == BAD.replace("fit_generator", "fit")


@pytest.mark.asyncio
async def test_hover_on_a_noqa_code(client: LanguageClient) -> None:
    text = BAD.replace("epochs=2)", "epochs=2)  # noqa: FL003")
    uri, diagnostics = await _open(client, "hover.py", text)
    assert diagnostics == []  # suppressed
    column = text.splitlines()[4].index("FL003") + 2
    hover = await client.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=4, character=column),
        )
    )
    assert hover is not None
    assert isinstance(hover.contents, types.MarkupContent)
    assert hover.contents.value.startswith("**FL003 deprecated-fit-generator**")


@pytest.mark.asyncio
async def test_settings_and_excludes_come_from_the_workspace_config(
    client: LanguageClient,
) -> None:
    root: Path = client.root  # type: ignore[attr-defined]
    (root / "pyproject.toml").write_text(
        '[tool.fitlint]\nignore = ["FL003"]\nextend-exclude = ["generated/"]\n', encoding="utf-8"
    )
    _, diagnostics = await _open(client, "configured.py", BAD)
    assert diagnostics == []
    _, excluded = await _open(client, "generated/out.py", BAD.replace("FL003", ""))
    assert excluded == []
    await asyncio.sleep(0)


# --- notebooks (LSP notebook document sync) ---------------------------------------------------

SETUP_CELL = """\
%matplotlib inline
from tensorflow import keras

model = keras.Sequential([keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
"""
# U+1D53C is two UTF-16 code units: the cell's columns are counted in the client's units.
TRAIN_CELL = 'note = "\U0001d53c"; model.fit_generator(batches(), steps_per_epoch=10, epochs=2)\n'


async def _open_notebook(client: LanguageClient, name: str, cells: list[str]) -> list[str]:
    """Open a notebook of a markdown cell then `cells` (code); the cells' URIs, in order."""
    path: Path = client.root / name  # type: ignore[attr-defined]
    uri = path.as_uri()
    cell_uris = [f"vscode-notebook-cell:{path}#C{number}" for number in range(len(cells) + 1)]
    sources = ["# Training", *cells]
    client.notebook_document_did_open(
        types.DidOpenNotebookDocumentParams(
            notebook_document=types.NotebookDocument(
                uri=uri,
                notebook_type="jupyter-notebook",
                version=1,
                cells=[
                    types.NotebookCell(
                        kind=types.NotebookCellKind.Markup
                        if number == 0
                        else types.NotebookCellKind.Code,
                        document=cell_uri,
                    )
                    for number, cell_uri in enumerate(cell_uris)
                ],
            ),
            cell_text_documents=[
                types.TextDocumentItem(
                    uri=cell_uri,
                    language_id="markdown" if number == 0 else "python",
                    version=1,
                    text=source,
                )
                for number, (cell_uri, source) in enumerate(zip(cell_uris, sources, strict=True))
            ],
        )
    )
    while any(cell_uri not in client.diagnostics for cell_uri in cell_uris):
        await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return cell_uris


@pytest.mark.asyncio
async def test_notebook_cells_get_their_own_diagnostics(client: LanguageClient) -> None:
    _, setup, train = await _open_notebook(client, "train.ipynb", [SETUP_CELL, TRAIN_CELL])
    assert list(client.diagnostics[setup]) == []
    (diagnostic,) = client.diagnostics[train]
    assert diagnostic.code == "FL003"
    # Row 0 of the cell (not of the joined module); U+1D53C counts twice.
    column = TRAIN_CELL.index("fit_generator") + 1
    assert diagnostic.range == types.Range(
        start=types.Position(line=0, character=column),
        end=types.Position(line=0, character=column + len("fit_generator")),
    )


@pytest.mark.asyncio
async def test_notebook_quick_fix_edits_the_cell_and_changes_are_linted(
    client: LanguageClient,
) -> None:
    _, _, train = await _open_notebook(client, "edit.ipynb", [SETUP_CELL, TRAIN_CELL])
    (diagnostic,) = client.diagnostics[train]
    actions = await _actions(client, train, diagnostic)
    rename = actions[0]
    assert isinstance(rename, types.CodeAction)
    assert rename.title == "Rename `fit_generator` to `fit` (FL003)"
    assert rename.edit is not None and rename.edit.changes is not None
    (edit,) = rename.edit.changes[train]
    assert (edit.new_text, edit.range) == ("fit", diagnostic.range)
    suppress = next(a for a in actions if isinstance(a, types.CodeAction) and "noqa" in a.title)
    assert suppress.edit is not None and suppress.edit.changes is not None
    (insert,) = suppress.edit.changes[train]
    assert insert.new_text == "  # noqa: FL003"

    client.notebook_document_did_change(
        types.DidChangeNotebookDocumentParams(
            notebook_document=types.VersionedNotebookDocumentIdentifier(
                version=2,
                uri=(client.root / "edit.ipynb").as_uri(),  # type: ignore[attr-defined]
            ),
            change=types.NotebookDocumentChangeEvent(
                cells=types.NotebookDocumentCellChanges(
                    text_content=[
                        types.NotebookDocumentCellContentChanges(
                            document=types.VersionedTextDocumentIdentifier(uri=train, version=2),
                            changes=[
                                types.TextDocumentContentChangeWholeDocument(
                                    text=TRAIN_CELL.replace("fit_generator", "fit")
                                )
                            ],
                        )
                    ]
                )
            ),
        )
    )
    while list(client.diagnostics[train]):
        await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert list(client.diagnostics[train]) == []


@pytest.mark.asyncio
async def test_notebook_fix_all_edits_each_changed_cell(client: LanguageClient) -> None:
    optimizer_cell = SETUP_CELL.replace(
        'optimizer="adam"', "optimizer=keras.optimizers.Adam(lr=0.01)"
    )
    _, setup, train = await _open_notebook(client, "fixall.ipynb", [optimizer_cell, TRAIN_CELL])
    actions = await _actions(client, train, fix_all=True)
    (fix_all,) = actions
    assert isinstance(fix_all, types.CodeAction)
    assert fix_all.edit is not None and fix_all.edit.changes is not None
    assert set(fix_all.edit.changes) == {setup, train}
    (setup_edit,) = fix_all.edit.changes[setup]
    assert setup_edit.new_text == optimizer_cell.replace("lr=", "learning_rate=")
    (train_edit,) = fix_all.edit.changes[train]
    assert train_edit.new_text == TRAIN_CELL.replace("fit_generator", "fit")


# --- the result cache, shared with the command line -------------------------------------------


def _cache_entries(root: Path) -> dict[str, dict[str, object]]:
    (cache_file,) = (root / ".fitlint_cache").glob("*.json")
    entries: dict[str, dict[str, object]] = json.loads(cache_file.read_text(encoding="utf-8"))
    return entries


def _tamper(root: Path, name: str, message: str) -> None:
    """Rewrite the cached message of `name`'s first finding, to see who reads the cache."""
    (cache_file,) = (root / ".fitlint_cache").glob("*.json")
    entries = json.loads(cache_file.read_text(encoding="utf-8"))
    entries[name]["diagnostics"][0]["message"] = message
    cache_file.write_text(json.dumps(entries), encoding="utf-8")


@pytest.mark.asyncio
async def test_the_cache_is_shared_with_the_command_line(
    cached_client: LanguageClient, invoke_fitlint: RunFitlint
) -> None:
    root: Path = cached_client.root  # type: ignore[attr-defined]
    uri, (diagnostic,) = await _open(cached_client, "src/train.py", BAD)
    # The server lints a file opened as it is on disk, and keeps the result for the CLI,
    # under the file's path from the project root.
    entry = _cache_entries(root)["src/train.py"]
    assert (entry["parsed"], entry["may_fire"]) == (True, True)
    _tamper(root, "src/train.py", "kept by the server")
    completed = invoke_fitlint("train.py", "--output-format", "concise", cwd=root / "src")
    assert "FL003 [*] kept by the server" in completed.stdout

    # And the server answers a file opened unchanged from what the CLI found.
    _tamper(root, "src/train.py", "kept by the command line")
    cached_client.text_document_did_close(
        types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    await cached_client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    _, (reopened,) = await _open(cached_client, "src/train.py", BAD)
    assert reopened.message == "kept by the command line"
    assert diagnostic.message != reopened.message

    # An unsaved change is linted, never answered from (or written to) the cache.
    cached_client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=BAD + "\n")],
        )
    )
    await cached_client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    (changed,) = cached_client.diagnostics[uri]
    assert changed.message == diagnostic.message


# --- the README's transcript ---------------------------------------------------------------

README = Path(__file__).resolve().parent.parent / "README.md"
README_ROOT = "file:///home/me/project/"


def _readme_json(marker: str) -> object:
    """The JSON block after `<!-- lsp-transcript: MARKER -->` in the README."""
    text = README.read_text(encoding="utf-8")
    start = text.index(f"<!-- lsp-transcript: {marker} -->")
    block = text.index("```json\n", start) + len("```json\n")
    return json.loads(text[block : text.index("```", block)])


@pytest.mark.asyncio
async def test_the_readme_transcript_is_what_the_server_says(client: LanguageClient) -> None:
    from lsprotocol.converters import get_converter

    converter = get_converter()
    root_uri = client.root.as_uri() + "/"  # type: ignore[attr-defined]
    uri, (diagnostic,) = await _open(client, "train.py", BAD)
    published = {
        "uri": uri,
        "version": 1,
        "diagnostics": [converter.unstructure(diagnostic)],
    }
    answered = converter.unstructure(await _actions(client, uri, diagnostic))

    def as_in_readme(value: object) -> object:
        return json.loads(json.dumps(value).replace(root_uri, README_ROOT))

    assert _readme_json("publishDiagnostics") == as_in_readme(published)
    assert _readme_json("codeAction") == as_in_readme(answered)
    opened = _readme_json("didOpen")
    assert isinstance(opened, dict)
    assert opened["textDocument"]["text"] == BAD


@pytest.mark.asyncio
async def test_an_unsaved_python_buffer_is_linted(client: LanguageClient) -> None:
    uri = "untitled:Untitled-1"
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="python", version=1, text=BAD)
        )
    )
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert [d.code for d in client.diagnostics[uri]] == ["FL003"]
    actions = await _actions(client, uri, fix_all=True)
    (fix_all,) = actions
    assert isinstance(fix_all, types.CodeAction)
    assert fix_all.title == "Fix all fitlint findings (1 safe fix)"

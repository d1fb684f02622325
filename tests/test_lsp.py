"""`fitlint server` driven by a real LSP client over stdio (pytest-lsp): diagnostics on open
and change, UTF-16 ranges, quick fixes, suppression, fix-all, hover, config and excludes."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from tests.conftest import fitlint_executable

BAD = """\
from tensorflow import keras

model = keras.Sequential([keras.layers.Dense(1)])
model.compile(optimizer="adam", loss="mse")
model.fit_generator(batches(), steps_per_epoch=10, epochs=2)
"""


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[fitlint_executable(), "server"]))
async def client(lsp_client: LanguageClient, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("workspace")
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
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=diagnostic.range,
            context=types.CodeActionContext(diagnostics=[diagnostic]),
        )
    )
    assert actions is not None
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
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(start=types.Position(0, 0), end=types.Position(0, 0)),
            context=types.CodeActionContext(
                diagnostics=[], only=[types.CodeActionKind.SourceFixAll]
            ),
        )
    )
    assert actions is not None
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

"""Notebooks for tests, written by nbformat the way Jupyter saves them."""

from __future__ import annotations

import base64
from collections.abc import Sequence

import nbformat
from nbformat import v4

# A one-pixel PNG, as an output cell holds a plotted image (base64 in the JSON).
PNG = base64.b64encode(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360000002000105fe02fea70000000049454e44ae426082"
    )
).decode()


def notebook_json(cells: Sequence[str | tuple[str, str]], *, language: str = "python") -> str:
    """A notebook whose cells are code (a plain string) or (`markdown`|`raw`|`code`,
    source); every code cell gets an execution count and a stream output, as a notebook
    that was run has."""
    made = []
    for count, cell in enumerate(cells, start=1):
        kind, source = ("code", cell) if isinstance(cell, str) else cell
        if kind == "markdown":
            made.append(v4.new_markdown_cell(source))
        elif kind == "raw":
            made.append(v4.new_raw_cell(source))
        else:
            made.append(
                v4.new_code_cell(
                    source,
                    execution_count=count,
                    outputs=[v4.new_output("stream", name="stdout", text=f"ran cell {count}\n")],
                )
            )
    document = v4.new_notebook(cells=made)
    document.metadata["kernelspec"] = {
        "display_name": language.title(),
        "language": language,
        "name": language,
    }
    document.metadata["language_info"] = {"name": language}
    for index, cell in enumerate(document.cells):
        cell["id"] = f"cell-{index + 1}"  # stable ids: the JSON is the same on every run
    return nbformat.writes(document)


def with_image_output(text: str, cell_number: int) -> str:
    """The notebook with a PNG display output added to code cell `cell_number`."""
    document = nbformat.reads(text, as_version=4)
    cell = document.cells[cell_number - 1]
    cell.outputs.append(
        v4.new_output("display_data", data={"image/png": PNG, "text/plain": "<Figure>"})
    )
    return nbformat.writes(document)


def validate(data: bytes) -> nbformat.NotebookNode:
    """Read and validate against the nbformat schema (raises if invalid)."""
    document = nbformat.reads(data.decode("utf-8"), as_version=nbformat.NO_CONVERT)
    nbformat.validate(document)
    return document

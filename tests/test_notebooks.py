"""Jupyter notebooks: every core rule found at its cell, row and column in every output
format; IPython syntax masked without moving anything; broken cells reported alone; fixes
written into the cells' sources only; discovery, stdin, config, cache and suppression."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fitlint.api import lint_paths, lint_source
from fitlint.config import Settings
from fitlint.engine import Linter
from fitlint.notebook import read_notebook
from tests.conftest import RunFitlint, write
from tests.notebooks import notebook_json, validate, with_image_output

CASES = Path(__file__).parent / "cases" / "notebooks"

SETUP = """\
import numpy as np
from tensorflow import keras

x = np.random.rand(320, 10).astype("float32")
y = np.random.rand(320, 1).astype("float32")
model = keras.Sequential([keras.Input((10,)), keras.layers.Dense(1)])
model.compile(optimizer="sgd", loss="mse")"""

GENERATOR = """\
def forever(x, y, batch_size=32):
    while True:
        for i in range(0, len(x), batch_size):
            yield x[i:i + batch_size], y[i:i + batch_size]"""

# Cell 1 is markdown; each core rule's finding sits in a cell of its own (cells 4-8).
FIVE_CELLS: list[str | tuple[str, str]] = [
    ("markdown", "# Training, five ways to go wrong"),
    SETUP,
    GENERATOR,
    "gen = forever(x, y)\nfor epoch in range(5):\n    xb, yb = next(gen)\n    model.train_on_batch(xb, yb)",
    "model.fit(forever(x, y), epochs=2)",
    "model.fit_generator(forever(x, y), steps_per_epoch=5, epochs=1)",
    "import tensorflow as tf\nds = tf.data.Dataset.from_tensor_slices((x, y)).batch(32)\n"
    "model.fit(ds, steps_per_epoch=50, epochs=3)",
    "(images, labels), _ = keras.datasets.mnist.load_data()\n"
    "classifier = keras.Sequential([keras.Input((28, 28)), keras.layers.Flatten(), keras.layers.Dense(10)])\n"
    'classifier.compile(optimizer="adam", loss="sparse_categorical_crossentropy")\n'
    "classifier.fit(images, labels, epochs=2)",
]

# code -> (cell, the text the finding starts at, what it spans, a fragment of the message)
FIVE_FINDINGS = {
    "FL001": (4, "next(gen)", "next(gen)", "each epoch trains on a single batch, 5 batches"),
    "FL002": (5, "forever(x, y)", "forever(x, y)", "epoch 1 never ends"),
    "FL003": (6, "fit_generator", "fit_generator", "was removed in Keras 3"),
    "FL004": (7, "50", "50", "ceil(320 / 32) = 10 batches"),
    "FL005": (8, "images, labels, epochs", "images", "uint8 pixel values 0–255"),
}


def _cell_position(cell: int, text: str) -> tuple[int, int]:
    """The 1-based row and column of `text` in the source of cell `cell` of FIVE_CELLS."""
    entry = FIVE_CELLS[cell - 1]
    source = entry if isinstance(entry, str) else entry[1]
    for row, line in enumerate(source.splitlines(), start=1):
        if text in line:
            return row, line.index(text) + 1
    raise AssertionError(f"{text!r} not in cell {cell}")


def _json_position(notebook: str, cell: int, text: str) -> tuple[int, int]:
    """Where `text` of that cell's line is written in the notebook's JSON text."""
    row, column = _cell_position(cell, text)
    entry = FIVE_CELLS[cell - 1]
    source = entry if isinstance(entry, str) else entry[1]
    line = source.splitlines()[row - 1]
    lines = notebook.splitlines()
    (json_row,) = [
        index for index, written in enumerate(lines, start=1) if json.dumps(line)[:-1] in written
    ]
    return json_row, lines[json_row - 1].index(json.dumps(line)[:-1]) + 1 + column


@pytest.fixture
def five(tmp_path: Path) -> Path:
    path = tmp_path / "train.ipynb"
    path.write_text(with_image_output(notebook_json(FIVE_CELLS), 2), encoding="utf-8")
    return path


def test_every_core_rule_is_reported_at_its_cell_row_and_column(five: Path) -> None:
    (result,) = lint_paths([five], Settings(project_root=five.parent), use_cache=False).results
    found = {d.code: d for d in result.diagnostics}
    assert sorted(found) == sorted(FIVE_FINDINGS)
    for code, (cell, start, span, fragment) in FIVE_FINDINGS.items():
        diagnostic = found[code]
        row, column = _cell_position(cell, start)
        assert (diagnostic.cell, diagnostic.location.row, diagnostic.location.column) == (
            cell,
            row,
            column,
        ), code
        assert diagnostic.end_location.column == column + len(span), code
        assert fragment in diagnostic.message, code


@pytest.mark.parametrize("output_format", ["text", "concise"])
def test_text_formats_name_the_cell(
    five: Path, invoke_fitlint: RunFitlint, output_format: str
) -> None:
    completed = invoke_fitlint(
        "train.ipynb", "--no-cache", "--output-format", output_format, cwd=five.parent
    )
    assert completed.returncode == 1
    for code, (cell, start, _, _) in FIVE_FINDINGS.items():
        row, column = _cell_position(cell, start)
        assert f"train.ipynb:cell {cell}:{row}:{column}: {code} " in completed.stdout
    if output_format == "text":
        # The snippet under the header is the cell's line, numbered as in the cell.
        assert "3 |     xb, yb = next(gen)\n  |              ^^^^^^^^^ FL001" in completed.stdout


@pytest.mark.parametrize("output_format", ["json", "json-lines"])
def test_json_has_ruffs_cell_field(
    five: Path, invoke_fitlint: RunFitlint, output_format: str
) -> None:
    completed = invoke_fitlint(
        "train.ipynb", "--no-cache", "--output-format", output_format, cwd=five.parent
    )
    text = completed.stdout
    items = (
        json.loads(text)
        if output_format == "json"
        else [json.loads(line) for line in text.splitlines()]
    )
    by_code = {item["code"]: item for item in items}
    for code, (cell, start, _, _) in FIVE_FINDINGS.items():
        row, column = _cell_position(cell, start)
        item = by_code[code]
        assert (item["cell"], item["location"], item["noqa_row"]) == (
            cell,
            {"row": row, "column": column},
            row,
        )
        assert item["filename"] == str(five)
    # The FL003 fix's edit names its cell and counts rows inside it.
    (edit,) = by_code["FL003"]["fix"]["edits"]
    assert edit == {
        "content": "fit",
        "location": {"row": 1, "column": 7},
        "end_location": {"row": 1, "column": 20},
        "cell": 6,
    }


def test_json_output_matches_the_schema(five: Path, invoke_fitlint: RunFitlint) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    from importlib import resources

    schema = json.loads(
        resources.files("fitlint").joinpath("schemas/json-output.schema.json").read_text()
    )
    completed = invoke_fitlint(
        "train.ipynb", "--no-cache", "--output-format", "json", cwd=five.parent
    )
    jsonschema.validate(json.loads(completed.stdout), schema)


def test_sarif_and_github_point_into_the_notebook_json(
    five: Path, invoke_fitlint: RunFitlint
) -> None:
    notebook = five.read_text(encoding="utf-8")
    sarif = json.loads(
        invoke_fitlint(
            "train.ipynb", "--no-cache", "--output-format", "sarif", cwd=five.parent
        ).stdout
    )
    github = invoke_fitlint(
        "train.ipynb", "--no-cache", "--output-format", "github", cwd=five.parent
    ).stdout
    results = {r["ruleId"]: r for r in sarif["runs"][0]["results"]}
    for code, (cell, start, _, _) in FIVE_FINDINGS.items():
        json_row, json_column = _json_position(notebook, cell, start)
        result = results[code]
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"] == "train.ipynb"
        assert (location["region"]["startLine"], location["region"]["startColumn"]) == (
            json_row,
            json_column,
        ), code
        row, column = _cell_position(cell, start)
        assert result["properties"]["notebookCell"] == cell
        assert result["properties"]["cellLocation"]["startLine"] == row
        assert (
            f"::error title=fitlint ({code}),file=train.ipynb,line={json_row},col={json_column},"
            in github
        ) or (
            f"::warning title=fitlint ({code}),file=train.ipynb,line={json_row},col={json_column},"
            in github
        ), code
        assert f"train.ipynb:cell {cell}:{row}:{column}: {code}" in github


def test_notebook_only_syntax_is_masked_without_moving_rows(tmp_path: Path) -> None:
    cells: list[str | tuple[str, str]] = [
        ("markdown", "Setup"),
        "%matplotlib inline\n!pip install -q tensorflow\nfiles = !ls data\n%load_ext tensorboard",
        "%%bash\nls -la | head\n",
        "",
        ("raw", "model.fit_generator(g)  # raw cells are not code"),
        "from tensorflow import keras\nkeras.datasets.mnist.load_data?\n"
        "(x_train, y_train), _ = keras.datasets.mnist.load_data()",
        "%%time\nmodel = keras.Sequential([keras.layers.Dense(10)])\n"
        'model.compile("adam", "sparse_categorical_crossentropy")',
        "%time history = model.fit(x_train, y_train, epochs=1)",
        "pip install -q tensorflow-datasets",
        "model.fit(x_train y_train)",
    ]
    text = with_image_output(notebook_json(cells), 6)
    result = Linter(Settings()).lint_bytes(text.encode(), "nb.ipynb")
    assert not result.internal_errors
    found = [(d.code, d.cell, d.location.row, d.location.column) for d in result.diagnostics]
    # `%time stmt` keeps its statement: the fit in it is checked at its own column.
    assert found == [("FL005", 8, 1, 27), ("FL000", 10, 1, 11)]
    assert "this cell was not checked" in result.diagnostics[1].message


def test_a_dedented_cell_reports_the_columns_of_its_source() -> None:
    # IPython removes the first line's indentation from every line of a cell.
    cells = [
        "  from tensorflow import keras\n  (x, y), _ = keras.datasets.mnist.load_data()\n"
        "  model = keras.Sequential([keras.layers.Dense(1)])\n  model.fit(x, y)"
    ]
    result = Linter(Settings()).lint_bytes(notebook_json(cells).encode(), "nb.ipynb")
    ((code, cell, row, column),) = [
        (d.code, d.cell, d.location.row, d.location.column) for d in result.diagnostics
    ]
    assert (code, cell, row, column) == ("FL005", 1, 4, 13)


def test_the_shared_notebook_cases() -> None:
    linter = Linter(Settings())
    colab = linter.lint_bytes((CASES / "colab_magic_in_try.ipynb").read_bytes(), "a.ipynb")
    assert [(d.code, d.cell, d.location.row) for d in colab.diagnostics] == [("FL005", 4, 1)]
    kinds = linter.lint_bytes((CASES / "notebook_syntax_kinds.ipynb").read_bytes(), "b.ipynb")
    assert [(d.code, d.cell, d.location.row) for d in kinds.diagnostics] == [
        ("FL005", 6, 2),
        ("FL000", 8, 2),
    ]
    assert "cifar10" in kinds.diagnostics[0].message


def test_a_truncated_notebook_is_an_fl000_and_the_other_files_are_linted(
    tmp_path: Path, invoke_fitlint: RunFitlint
) -> None:
    (tmp_path / "cut.ipynb").write_bytes((CASES / "truncated.ipynb").read_bytes())
    (tmp_path / "five.ipynb").write_text(notebook_json(FIVE_CELLS), encoding="utf-8")
    completed = invoke_fitlint(".", "--no-cache", "--output-format", "concise", cwd=tmp_path)
    assert completed.returncode == 2
    assert (
        "cut.ipynb:13:23: FL000 not a valid notebook: the JSON ends before its objects are "
        "closed (the file is cut off); the file was not checked" in completed.stdout
    )
    assert completed.stdout.count("five.ipynb:cell") == 5
    assert "Traceback" not in completed.stdout + completed.stderr


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"[1, 2]", "not a notebook: the JSON is not an object with a 'cells' list"),
        (b'{"metadata": {}}', "not a notebook: the JSON has no 'cells' list"),
        (b'{"cells": [{"cell_type": "code", "source": 3}]}', "the source of cell 1 is not text"),
        (b'{"cells": [1]}', "not a notebook: cell 1 is not an object"),
        (b"\xff\xfe{}", "not a notebook: the file is not valid UTF-8"),
        (b'{"nbformat": 2, "worksheets": 1}', "nbformat 3 'worksheets' is not a list"),
        (b'{"nbformat": 2}', "nbformat 2 notebooks are not read"),
        (b'{"cells": [}', "not a valid notebook: invalid JSON (Expecting value)"),
    ],
)
def test_json_that_is_not_a_notebook_is_one_fl000(data: bytes, message: str) -> None:
    (diagnostic,) = Linter(Settings()).lint_bytes(data, "x.ipynb").diagnostics
    assert diagnostic.code == "FL000"
    assert message in diagnostic.message
    assert diagnostic.cell is None


def test_nbformat_3_notebooks_are_read() -> None:
    document = {
        "nbformat": 3,
        "nbformat_minor": 0,
        "metadata": {"name": "old"},
        "worksheets": [
            {
                "cells": [
                    {"cell_type": "heading", "level": 1, "source": ["MNIST"]},
                    {
                        "cell_type": "code",
                        "language": "python",
                        "input": [
                            "from keras.datasets import mnist\n",
                            "(X_train, y_train), _ = mnist.load_data()\n",
                            "from keras.models import Sequential\n",
                            "model = Sequential()\n",
                            "model.fit(X_train, y_train, nb_epoch=2)",
                        ],
                        "outputs": [],
                    },
                ]
            }
        ],
    }
    result = Linter(Settings()).lint_bytes(json.dumps(document, indent=1).encode(), "old.ipynb")
    found = {(d.code, d.cell, d.location.row) for d in result.diagnostics}
    assert ("FL005", 2, 5) in found
    assert ("FL101", 2, 5) in found  # nb_epoch was removed


def test_a_notebook_of_another_language_is_not_read_as_python() -> None:
    text = notebook_json(["model.fit_generator(g)\nlibrary(keras)"], language="R")
    assert Linter(Settings()).lint_bytes(text.encode(), "r.ipynb").diagnostics == []


def test_suppression_works_per_line_inside_cells_and_skip_file_in_any_cell() -> None:
    cells = [*FIVE_CELLS]
    cells[5] = cells[5] + "  # noqa: FL003"  # type: ignore[operator]
    cells[7] = str(cells[7]).replace("classifier.fit(", "# fitlint: ignore[FL005]\nclassifier.fit(")
    linter = Linter(Settings())
    result = linter.lint_bytes(notebook_json(cells).encode(), "nb.ipynb")
    assert sorted(d.code for d in result.diagnostics) == ["FL001", "FL002", "FL004"]
    skipped = [*FIVE_CELLS, ("markdown", "# fitlint: skip-file in markdown does nothing")]
    assert len(linter.lint_bytes(notebook_json(skipped).encode(), "nb.ipynb").diagnostics) == 5
    skipped.append("# fitlint: skip-file")
    assert linter.lint_bytes(notebook_json(skipped).encode(), "nb.ipynb").diagnostics == []


def test_fix_changes_only_the_cell_it_fixes(five: Path, invoke_fitlint: RunFitlint) -> None:
    before = five.read_bytes()
    completed = invoke_fitlint("train.ipynb", "--no-cache", "--fix", cwd=five.parent)
    assert completed.returncode == 1  # FL001, FL002, FL004, FL005 remain
    assert "Fixed 1 finding in 1 file." in completed.stdout
    after = five.read_bytes()
    document = validate(after)
    old = json.loads(before)
    assert document.cells[5].source == "model.fit(forever(x, y), steps_per_epoch=5, epochs=1)"
    # Everything else is the same, byte for byte: only the one source line differs.
    old_lines, new_lines = before.splitlines(), after.splitlines()
    assert len(old_lines) == len(new_lines)
    changed = [i for i, (a, b) in enumerate(zip(old_lines, new_lines, strict=True)) if a != b]
    assert len(changed) == 1
    assert b"fit_generator" in old_lines[changed[0]]
    assert after.endswith(b"\n") == before.endswith(b"\n")
    assert json.loads(after)["cells"][1]["outputs"] == old["cells"][1]["outputs"]
    again = invoke_fitlint("train.ipynb", "--no-cache", "--fix", cwd=five.parent)
    assert "Fixed" not in again.stderr
    assert five.read_bytes() == after


def test_diff_shows_each_changed_cell(five: Path, invoke_fitlint: RunFitlint) -> None:
    before = five.read_bytes()
    completed = invoke_fitlint("train.ipynb", "--no-cache", "--diff", cwd=five.parent)
    assert completed.returncode == 1
    assert completed.stdout == (
        "--- a/train.ipynb:cell 6\n"
        "+++ b/train.ipynb:cell 6\n"
        "@@ -1 +1 @@\n"
        "-model.fit_generator(forever(x, y), steps_per_epoch=5, epochs=1)\n"
        "+model.fit(forever(x, y), steps_per_epoch=5, epochs=1)\n"
    )
    assert five.read_bytes() == before


def test_fix_keeps_a_one_string_source_and_crlf_lines(tmp_path: Path) -> None:
    from fitlint.fix import fix_source

    document = json.loads(notebook_json([SETUP, "x2 = x\r\nmodel.fit_generator(iter([x2]))\r\n"]))
    document["cells"][1]["source"] = "".join(document["cells"][1]["source"])
    data = json.dumps(document, indent=2).encode()
    outcome = fix_source(Linter(Settings()), data, "nb.ipynb", None, unsafe=False)
    assert outcome.error is None
    fixed = json.loads(outcome.fixed)
    assert fixed["cells"][1]["source"] == "x2 = x\r\nmodel.fit(iter([x2]))\r\n"
    assert outcome.fixed.replace(b"fit(iter", b"fit_generator(iter") == data


def test_stdin_with_a_notebook_file_name(invoke_fitlint: RunFitlint) -> None:
    completed = invoke_fitlint(
        "--stdin-filename",
        "x.ipynb",
        "--output-format",
        "concise",
        stdin=notebook_json(FIVE_CELLS),
    )
    assert completed.returncode == 1
    assert "x.ipynb:cell 8:4:16: FL005" in completed.stdout


def test_directories_are_searched_for_notebooks_unless_include_says_not(
    tmp_path: Path, invoke_fitlint: RunFitlint
) -> None:
    (tmp_path / "nb").mkdir()
    (tmp_path / "nb" / "train.ipynb").write_text(notebook_json(FIVE_CELLS), encoding="utf-8")
    checkpoints = tmp_path / "nb" / ".ipynb_checkpoints"
    checkpoints.mkdir()
    (checkpoints / "train-checkpoint.ipynb").write_text(notebook_json(FIVE_CELLS))
    found = invoke_fitlint(".", "--no-cache", "-q", "--output-format", "concise", cwd=tmp_path)
    assert found.stdout.count("nb/train.ipynb:cell") == 5
    assert "checkpoint" not in found.stdout
    write(tmp_path / "pyproject.toml", '[tool.fitlint]\ninclude = ["*.py", "*.pyi"]\n')
    off = invoke_fitlint(".", "--no-cache", cwd=tmp_path)
    assert (off.returncode, off.stdout) == (0, "All checks passed (0 files checked).\n")
    write(tmp_path / "pyproject.toml", '[tool.fitlint]\nextend-exclude = ["*.ipynb"]\n')
    assert invoke_fitlint(".", "--no-cache", cwd=tmp_path).returncode == 0


def test_the_cache_answers_for_notebooks(tmp_path: Path) -> None:
    path = tmp_path / "train.ipynb"
    path.write_text(notebook_json(FIVE_CELLS), encoding="utf-8")
    settings = Settings(project_root=tmp_path)
    first = lint_paths([tmp_path], settings, cache_dir=str(tmp_path / "cache")).results
    # The second run must not parse: replace the linter with one that cannot.
    import fitlint.engine

    original = fitlint.engine.Linter.lint_bytes
    try:
        fitlint.engine.Linter.lint_bytes = None  # type: ignore[assignment,method-assign]
        second = lint_paths([tmp_path], settings, cache_dir=str(tmp_path / "cache")).results
    finally:
        fitlint.engine.Linter.lint_bytes = original  # type: ignore[method-assign]
    assert [d.to_dict() for d in second[0].diagnostics] == [
        d.to_dict() for d in first[0].diagnostics
    ]
    assert second[0].cell_lines == first[0].cell_lines
    assert second[0].cell_lines[4][2] == "    xb, yb = next(gen)"


def test_the_prefilter_reads_code_cells_not_outputs() -> None:
    linter = Linter(Settings())
    # Outputs full of rule tokens, code with none: not parsed.
    quiet = json.loads(notebook_json(["print('hello')"]))
    quiet["cells"][0]["outputs"][0]["text"] = ["model.fit_generator(next(gen), steps_per_epoch=3)"]
    assert not linter.may_fire(json.dumps(quiet).encode(), "quiet.ipynb")
    assert linter.may_fire(notebook_json(FIVE_CELLS).encode(), "five.ipynb")
    assert linter.may_fire(b"{not json", "broken.ipynb")  # linting it says why


def test_lint_source_reads_notebook_json() -> None:
    result = lint_source(notebook_json(FIVE_CELLS).encode(), "x.ipynb", Settings())
    assert result is not None
    assert len(result.diagnostics) == 5


def test_fix_does_not_touch_a_notebook_it_cannot_read(tmp_path: Path) -> None:
    from fitlint.fix import fix_source

    data = (CASES / "truncated.ipynb").read_bytes()
    outcome = fix_source(Linter(Settings()), data, "cut.ipynb", None, unsafe=False)
    assert not outcome.changed
    assert read_notebook(notebook_json(FIVE_CELLS).encode()).is_python


def test_a_number_too_long_for_python_does_not_stop_the_run(
    tmp_path: Path, invoke_fitlint: RunFitlint
) -> None:
    document = json.loads(notebook_json(FIVE_CELLS))
    text = json.dumps(document, indent=1).replace(
        '"nbformat": 4', '"n": 1' + "0" * 5000 + ', "nbformat": 4'
    )
    (tmp_path / "long.ipynb").write_text(text, encoding="utf-8")
    completed = invoke_fitlint(
        "long.ipynb", "--no-cache", "--output-format", "concise", cwd=tmp_path
    )
    assert completed.returncode == 1, completed.stderr
    assert completed.stdout.count("long.ipynb:cell") == 5


def test_an_ignore_comment_ending_a_cell_does_not_reach_into_the_next_cell() -> None:
    cells = [
        SETUP,
        GENERATOR,
        "x = 1\n# fitlint: ignore[FL003]",
        "model.fit_generator(forever(x, y), steps_per_epoch=5)",
    ]
    result = Linter(Settings()).lint_bytes(notebook_json(cells).encode(), "nb.ipynb")
    assert [(d.code, d.cell, d.location.row) for d in result.diagnostics] == [("FL003", 4, 1)]


def test_the_summary_counts_cells_that_could_not_be_parsed(
    tmp_path: Path, invoke_fitlint: RunFitlint
) -> None:
    cells = [*FIVE_CELLS, "model = # TODO", "x = (1,"]
    (tmp_path / "lab.ipynb").write_text(notebook_json(cells), encoding="utf-8")
    completed = invoke_fitlint(
        "lab.ipynb", "--no-cache", "--output-format", "concise", cwd=tmp_path
    )
    assert completed.returncode == 2
    assert completed.stdout.endswith(
        "Found 5 findings in 1 file; 2 notebook cells could not be parsed (1 file checked).\n"
        "[*] 1 fixable with the `--fix` option.\n"
    )


def test_the_prefilter_parses_cells_one_by_one_as_the_lint_does(
    tmp_path: Path, invoke_fitlint: RunFitlint
) -> None:
    # Joined, the three cells are one string; IPython runs them one by one.
    cells = [
        SETUP,
        GENERATOR,
        "doc = '''",
        "model.fit_generator(forever(x, y), steps_per_epoch=5)",
        "'''",
    ]
    (tmp_path / "nb").mkdir()
    (tmp_path / "nb" / "x.ipynb").write_text(notebook_json(cells), encoding="utf-8")
    walked = invoke_fitlint("nb", "--no-cache", "--output-format", "concise", cwd=tmp_path)
    named = invoke_fitlint("nb/x.ipynb", "--no-cache", "--output-format", "concise", cwd=tmp_path)
    assert walked.stdout == named.stdout
    assert "nb/x.ipynb:cell 4:1:7: FL003" in walked.stdout


def test_fix_keeps_the_json_files_crlf_line_endings() -> None:
    from fitlint.fix import fix_source

    data = notebook_json(
        [SETUP, GENERATOR, "model.fit_generator(forever(x, y), steps_per_epoch=5)\nz = 1"]
    )
    crlf = data.replace("\n", "\r\n").encode()
    outcome = fix_source(Linter(Settings()), crlf, "nb.ipynb", None, unsafe=False)
    assert outcome.changed
    assert b"\n" not in outcome.fixed.replace(b"\r\n", b"")
    assert json.loads(outcome.fixed)["cells"][2]["source"] == [
        "model.fit(forever(x, y), steps_per_epoch=5)\n",
        "z = 1",
    ]


def test_a_timed_assignment_is_checked_and_fixed_in_place() -> None:
    from fitlint.fix import fix_source

    cells = [
        SETUP,
        GENERATOR,
        "history = %time model.fit_generator(forever(x, y), steps_per_epoch=5)",
    ]
    linter = Linter(Settings())
    (diagnostic,) = linter.lint_bytes(notebook_json(cells).encode(), "nb.ipynb").diagnostics
    assert (diagnostic.code, diagnostic.cell, diagnostic.location.column) == ("FL003", 3, 23)
    outcome = fix_source(linter, notebook_json(cells).encode(), "nb.ipynb", None, unsafe=False)
    assert json.loads(outcome.fixed)["cells"][2]["source"] == [
        "history = %time model.fit(forever(x, y), steps_per_epoch=5)"
    ]


@pytest.mark.parametrize("name", ["x.ipynb", "-"])
def test_fix_on_standard_input_prints_the_fixed_notebook(
    invoke_fitlint: RunFitlint, name: str
) -> None:
    arguments = ["--stdin-filename", name] if name != "-" else ["-"]
    fixed = invoke_fitlint(
        *arguments, "--fix", "--output-format", "concise", stdin=notebook_json(FIVE_CELLS)
    )
    assert fixed.returncode == 1  # four findings remain
    document = validate(fixed.stdout.encode())
    assert document.cells[5].source == "model.fit(forever(x, y), steps_per_epoch=5, epochs=1)"
    assert fixed.stderr.count(":cell ") == 4  # what is left, on standard error
    diff = invoke_fitlint(*arguments, "--diff", stdin=notebook_json(FIVE_CELLS))
    assert diff.returncode == 1
    assert ":cell 6\n+++ " in diff.stdout


def test_notebook_json_piped_without_a_name_is_read_as_a_notebook(
    invoke_fitlint: RunFitlint,
) -> None:
    completed = invoke_fitlint("-", "--output-format", "concise", stdin=notebook_json(FIVE_CELLS))
    assert completed.returncode == 1
    assert "-:cell 8:4:16: FL005" in completed.stdout


def test_the_confirm_note_names_what_was_not_run() -> None:
    from fitlint.api import _not_run_note
    from fitlint.notebook import SkippedCell, mask_cell

    cells = [mask_cell(2, "%matplotlib inline\n!pip install x"), mask_cell(4, "files = !ls")]
    note = _not_run_note(Path("t.ipynb"), cells, [SkippedCell(3, "%%bash cell")], [7])  # type: ignore[list-item]
    assert note == (
        "t.ipynb: not run (IPython only): 1 × cell with a syntax error (cell 7); 1 × magic "
        "(cell 2); 2 × shell command (cells 2, 4); 1 × %%bash cell (cell 3)"
    )

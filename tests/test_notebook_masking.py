"""IPython syntax in code cells: what fitlint hands the parser (rows kept), checked against
IPython's own transforms where IPython is installed."""

from __future__ import annotations

import warnings

import pytest

from fitlint.notebook import LINT_PLACEHOLDER, CodeCell, SkippedCell, join_cells, mask_cell

# cell source -> the code fitlint parses (None: the cell is skipped)
MASKED = {
    "%matplotlib inline\nimport numpy as np": "pass\nimport numpy as np",
    "!pip install -q keras\nx = 1": "pass\nx = 1",
    "!!ls": "pass",
    "files = !ls data/*.png\nn = len(files)": f"files = {LINT_PLACEHOLDER}\nn = len(files)",
    "out = %sx ls": f"out = {LINT_PLACEHOLDER}",
    "a, b = !echo 1 2": f"a, b = {LINT_PLACEHOLDER}",
    "model.fit?": "pass",
    "?model.fit": "pass",
    "model.fit??": "pass",
    "model.fit??  # not help: the comment comes last": "model.fit??  # not help: the comment comes last",
    "x = 1  # why?": "x = 1  # why?",
    "%tensorflow_version 2.x": "pass",
    "try:\n    %tensorflow_version 2.x\nexcept Exception:\n    pass": (
        "try:\n    pass\nexcept Exception:\n    pass"
    ),
    "if True:\n    !pip install x \\\n        y\nz = 1": "if True:\n    pass\n\nz = 1",
    "%time history = model.fit(x, y)": "if 1: history = model.fit(x, y)",
    "%timeit -n 1 -r 1 f()": "if 1:" + " " * 13 + "f()",  # as wide as the magic
    "%time for i in range(3): f(i)": "pass",
    "%%time\nmodel.fit(x, y)": "\nmodel.fit(x, y)",
    "%%capture out\n!pip install x\nimport keras": "\npass\nimport keras",
    "%%bash\nls -la": None,
    "%%writefile train.py\nimport keras": None,
    "pip install tensorflow": "pass",
    "pip install tensorflow\n\n": "pip install tensorflow\n\n",  # two lines: no automagic
    "ls -la": "pass",
    "history": "pass",  # a bare line magic name, in a notebook that never binds it
    "time.sleep(1)": "time.sleep(1)",
    "x = 5 % 2\ny = '%d' % x\nprint(f'{x}!')": "x = 5 % 2\ny = '%d' % x\nprint(f'{x}!')",
    's = """\n%not a magic\n!nor this\n"""': 's = """\n%not a magic\n!nor this\n"""',
    "f(a,\n  !b)": "f(a,\n  !b)",
    "print('a = %s' % b)": "print('a = %s' % b)",
    "x != !y": "x != !y",
    "  import keras\n  model.fit(x)": "import keras\nmodel.fit(x)",
    "/print 1": "pass",
}


@pytest.mark.parametrize("source", list(MASKED))
def test_masked_code(source: str) -> None:
    masked = mask_cell(1, source)
    expected = MASKED[source]
    if expected is None:
        assert isinstance(masked, SkippedCell)
        return
    assert isinstance(masked, CodeCell)
    assert masked.code == expected
    assert masked.code.count("\n") == source.count("\n")  # rows never move


def test_a_name_the_notebook_binds_is_not_an_automagic() -> None:
    masked = mask_cell(1, "history", shadowed=lambda: frozenset({"history"}))
    assert isinstance(masked, CodeCell)
    assert masked.code == "history"


def test_columns_of_a_dedented_cell_are_shifted_back() -> None:
    masked = mask_cell(3, "    a = 1\n    b = 2\n")
    assert isinstance(masked, CodeCell)
    assert (masked.shift(1), masked.shift(2), masked.indent) == (4, 4, "    ")
    cell_map = join_cells([masked])
    assert cell_map.cell_at(2) == (masked, 2)


def _compiles(code: str) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(code, "<cell>", "exec", 0x400, dont_inherit=True)
    except SyntaxError:
        return False
    return True


@pytest.mark.parametrize("source", [s for s, code in MASKED.items() if code is not None])
def test_ipython_agrees_on_what_is_python(source: str) -> None:
    """A cell fitlint parses is one IPython runs, and the rows fitlint masks are the rows
    IPython rewrites (when IPython keeps the cell's rows)."""
    interactiveshell = pytest.importorskip("IPython.core.interactiveshell")
    shell = interactiveshell.InteractiveShell.instance()
    transformed = shell.transform_cell(source)
    masked = mask_cell(1, source)
    assert isinstance(masked, CodeCell)
    assert _compiles(masked.code) == _compiles(transformed), transformed
    original, ours, theirs = (
        source.splitlines(),
        masked.code.splitlines(),
        transformed.splitlines(),
    )
    if len(theirs) == len(original) == len(ours) and not masked.indent:
        changed_by_ipython = {
            i for i, (a, b) in enumerate(zip(original, theirs, strict=True)) if a != b
        }
        changed_by_us = {i for i, (a, b) in enumerate(zip(original, ours, strict=True)) if a != b}
        assert changed_by_us == changed_by_ipython, transformed

"""The catalog in rules/ is the rules' documentation and their first tests: every rule has a
folder whose bad.py flags exactly its `# expect:` lines and whose good.py stays silent (run
in-process), whose page has the required sections and is what `fitlint rule` prints; the
registry, the catalog and the README's rules table agree."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from fitlint.catalog import RULES, SYNTAX_ERROR_CODE, markdown_table
from fitlint.cli import cli
from fitlint.config import Settings
from fitlint.engine import Linter
from fitlint.notebook import read_notebook
from fitlint.rules import ALL_RULES, module_name
from tests.conftest import REPO_ROOT, RunFitlint, finding_lines

CATALOG = REPO_ROOT / "rules"
RULE_DIRS = sorted(
    path for path in CATALOG.iterdir() if path.is_dir() and path.name.startswith("FL")
)
# FL000 is the engine's own diagnostic for a file it cannot parse: a page, no examples.
EXAMPLE_DIRS = [path for path in RULE_DIRS if path.name[:5] != SYNTAX_ERROR_CODE]
EXPECT = re.compile(r"#\s*expect:\s*(?P<codes>FL[0-9]{3}(?:\s*,\s*FL[0-9]{3})*)")
REQUIRED_SECTIONS = (
    "## What it does",
    "## Why is this bad?",
    "## Example",
    "## Use instead",
    "## Keras 2 vs 3",
)


def _expected(path: Path) -> set[tuple[int | None, int, str]]:
    """(cell, row, code) of each `# expect:` comment; the cell is None in a Python file."""
    if path.suffix == ".ipynb":
        sources = [
            (number, cell.source)
            for number, cell in enumerate(read_notebook(path.read_bytes()).cells, start=1)
            if cell.kind == "code"
        ]
    else:
        sources = [(None, path.read_text(encoding="utf-8"))]
    expected: set[tuple[int | None, int, str]] = set()
    for cell, source in sources:
        for row, line in enumerate(source.splitlines(), start=1):
            match = EXPECT.search(line)
            if match:
                for code in re.split(r"\s*,\s*", match.group("codes")):
                    expected.add((cell, row, code))
    return expected


def _findings(path: Path) -> set[tuple[int | None, int, str]]:
    # As `fitlint FILE` lints a file named on the command line: in full, default settings.
    result = Linter(Settings(project_root=REPO_ROOT)).lint_path(path)
    assert not result.errors and not result.internal_errors
    return {(d.cell, d.location.row, d.code) for d in result.diagnostics}


def test_the_catalog_folders_are_the_catalog() -> None:
    assert [path.name for path in RULE_DIRS] == [rule.page for rule in RULES]


def test_every_rule_with_a_check_is_registered_from_its_module() -> None:
    assert [rule.code for rule in ALL_RULES] == [meta.code for meta in RULES if meta.has_check]
    for rule in ALL_RULES:
        assert type(rule).__module__ == module_name(rule.meta())
    modules = sorted(
        f"fitlint.rules.{path.stem}"
        for path in (REPO_ROOT / "src" / "fitlint" / "rules").glob("fl[0-9][0-9][0-9]_*.py")
    )
    assert modules == sorted(type(rule).__module__ for rule in ALL_RULES)


def test_the_readme_rules_table_is_the_catalog() -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    assert markdown_table() in readme, (
        "README.md's rules table is stale: paste `fitlint rules --output-format markdown`"
    )


@pytest.mark.parametrize("rule_dir", EXAMPLE_DIRS, ids=lambda p: p.name)
def test_bad_examples_are_flagged_exactly(rule_dir: Path) -> None:
    # bad.py, and bad.ipynb where a rule shows a notebook.
    for bad in sorted(rule_dir.glob("bad.*")):
        expected = _expected(bad)
        assert expected, f"{bad} has no `# expect:` lines"
        assert _findings(bad) == expected


@pytest.mark.parametrize("rule_dir", EXAMPLE_DIRS, ids=lambda p: p.name)
def test_good_examples_are_silent(rule_dir: Path) -> None:
    assert _findings(rule_dir / "good.py") == set()


@pytest.mark.parametrize("rule_dir", RULE_DIRS, ids=lambda p: p.name)
def test_rule_page_has_the_sections_and_is_what_fitlint_rule_prints(rule_dir: Path) -> None:
    page = (rule_dir / "README.md").read_text(encoding="utf-8")
    for section in REQUIRED_SECTIONS:
        assert section in page, f"{rule_dir.name}/README.md lacks {section!r}"
    code, _, name = rule_dir.name.partition("-")
    assert page.startswith(f"# {code} {name}\n")
    runner = CliRunner()
    for query in (code, name, code.lower()):
        completed = runner.invoke(cli, ["rule", query])
        assert completed.exit_code == 0, completed.output
        assert completed.stdout == page


def test_fitlint_on_the_catalog_reports_the_bad_examples(run_fitlint: RunFitlint) -> None:
    # The README's first command, run as users run it.
    completed = run_fitlint("rules/", "--output-format", "concise", cwd=REPO_ROOT)
    assert completed.returncode == 1
    expected = {
        (f"rules/{rule_dir.name}/{bad.name}", cell, row, code)
        for rule_dir in EXAMPLE_DIRS
        for bad in rule_dir.glob("bad.*")
        for cell, row, code in _expected(bad)
    }
    assert any(cell is not None for _, cell, _, _ in expected)  # a notebook is among them
    reported = set()
    for line in finding_lines(completed.stdout):
        filename, where = line.split(":", 1)
        cell = None
        if where.startswith("cell "):
            number, where = where[len("cell ") :].split(":", 1)
            cell = int(number)
        row, _column, rest = where.split(":", 2)
        reported.add((filename, cell, int(row), rest.split()[0]))
    assert reported == expected


@pytest.mark.parametrize(
    "page", [REPO_ROOT / "README.md", *sorted(REPO_ROOT.glob("rules/*/README.md"))], ids=str
)
def test_code_fences_stand_on_their_own_lines(page: Path) -> None:
    # A fence followed by text on its line leaves the block open down the page (CommonMark).
    in_block = False
    for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
        if "```" not in line or line.lstrip().startswith("|"):
            continue
        assert re.fullmatch(r"\s*```[\w-]*\s*", line), f"{page.name}:{number}: {line!r}"
        in_block = not in_block
    assert not in_block, f"{page.name}: a code block is never closed"

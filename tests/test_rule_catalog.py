"""Every folder of rules/ is a test: bad.py flags exactly its `# expect:` lines, good.py nothing."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from fitlint.rules import ALL_RULES
from tests.conftest import REPO_ROOT, RunFitlint

CATALOG = REPO_ROOT / "rules"
RULE_DIRS = sorted(
    path for path in CATALOG.iterdir() if path.is_dir() and path.name.startswith("FL")
)
EXPECT = re.compile(r"#\s*expect:\s*(?P<codes>FL[0-9]{3}(?:\s*,\s*FL[0-9]{3})*)")
REQUIRED_SECTIONS = (
    "## What it does",
    "## Why is this bad?",
    "## Example",
    "## Use instead",
    "## Keras 2 vs 3",
)


def _expected(path: Path) -> set[tuple[int, str]]:
    expected = set()
    for row, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        match = EXPECT.search(line)
        if match:
            for code in re.split(r"\s*,\s*", match.group("codes")):
                expected.add((row, code))
    return expected


def _findings(run_fitlint: RunFitlint, path: Path) -> set[tuple[int, str]]:
    completed = run_fitlint(str(path), "--output-format", "json", cwd=REPO_ROOT)
    assert completed.returncode in (0, 1), completed.stderr
    return {(item["location"]["row"], item["code"]) for item in json.loads(completed.stdout)}


def test_every_rule_has_a_catalog_folder() -> None:
    names = {path.name for path in RULE_DIRS}
    for rule in ALL_RULES:
        assert f"{rule.code}-{rule.name}" in names


@pytest.mark.parametrize("rule_dir", RULE_DIRS, ids=lambda p: p.name)
def test_bad_examples_are_flagged_exactly(rule_dir: Path, run_fitlint: RunFitlint) -> None:
    bad = rule_dir / "bad.py"
    expected = _expected(bad)
    assert expected, f"{bad} has no `# expect:` lines"
    assert _findings(run_fitlint, bad) == expected


@pytest.mark.parametrize("rule_dir", RULE_DIRS, ids=lambda p: p.name)
def test_good_examples_are_silent(rule_dir: Path, run_fitlint: RunFitlint) -> None:
    assert _findings(run_fitlint, rule_dir / "good.py") == set()


@pytest.mark.parametrize("rule_dir", RULE_DIRS, ids=lambda p: p.name)
def test_rule_page_has_the_sections_and_is_what_fitlint_rule_prints(
    rule_dir: Path, run_fitlint: RunFitlint
) -> None:
    page = (rule_dir / "README.md").read_text(encoding="utf-8")
    for section in REQUIRED_SECTIONS:
        assert section in page, f"{rule_dir.name}/README.md lacks {section!r}"
    code, _, name = rule_dir.name.partition("-")
    assert page.startswith(f"# {code} {name}\n")
    for query in (code, name, code.lower()):
        completed = run_fitlint("rule", query)
        assert completed.returncode == 0, completed.stderr
        assert completed.stdout == page


def test_fitlint_on_the_catalog_reports_the_bad_examples(run_fitlint: RunFitlint) -> None:
    completed = run_fitlint("rules/", "--output-format", "concise", cwd=REPO_ROOT)
    assert completed.returncode == 1
    expected = {
        (f"rules/{rule_dir.name}/bad.py", row, code)
        for rule_dir in RULE_DIRS
        for row, code in _expected(rule_dir / "bad.py")
    }
    reported = set()
    for line in completed.stdout.splitlines():
        filename, row, _column, rest = line.split(":", 3)
        reported.add((filename, int(row), rest.split()[0]))
    assert reported == expected

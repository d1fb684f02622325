"""The engine contains failures: a crashing rule is an internal error for that file only."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from fitlint.config import Settings
from fitlint.engine import Linter
from fitlint.rules import ALL_RULES, Finding, RegistryError, Rule, RuleContext
from fitlint.rules.fl004_steps_per_epoch_mismatch import StepsPerEpochMismatch
from tests.conftest import BAD_TRAINING_SCRIPT, write


class _Crashing(StepsPerEpochMismatch):
    required_tokens = ((b"",),)

    def check(self, context: RuleContext) -> Iterator[Finding]:
        raise ZeroDivisionError("boom")


def test_crashing_rule_is_contained_and_other_rules_still_report() -> None:
    settings = Settings(select=("ALL",))
    rules = [rule for rule in ALL_RULES if rule.code != "FL004"]
    linter = Linter(settings, rules=[*rules, _Crashing()])
    result = linter.lint_bytes(BAD_TRAINING_SCRIPT.encode(), "train.py")
    assert [d.code for d in result.diagnostics] == ["FL003"]
    (error,) = result.internal_errors
    assert error.describe() == "train.py: internal error in rule FL004: ZeroDivisionError: boom"
    assert "Traceback" in error.traceback


def test_a_rule_whose_code_is_not_in_the_catalog_is_an_error_at_import() -> None:
    with pytest.raises(RegistryError, match="FL999"):

        class _Unknown(Rule):
            code = "FL999"
            required_tokens = ()


CRASH_DRIVER = """
import sys
from fitlint.rules.fl003_deprecated_fit_generator import DeprecatedFitGenerator

def crash(self, context):
    if "crash" in context.semantic.module.code:
        raise RuntimeError("rule exploded")
    yield from ORIGINAL(self, context)

ORIGINAL = DeprecatedFitGenerator.check
DeprecatedFitGenerator.check = crash
from fitlint.cli import main
sys.argv = ["fitlint", *sys.argv[1:]]
main()
"""


@pytest.mark.parametrize("debug", [False, True])
def test_internal_error_exits_2_without_traceback_and_lints_other_files(
    tmp_path: Path, debug: bool
) -> None:
    write(tmp_path / "a_crash.py", "# crash\n" + BAD_TRAINING_SCRIPT)
    write(tmp_path / "b_train.py", BAD_TRAINING_SCRIPT)
    driver = write(tmp_path / "driver.txt", CRASH_DRIVER)
    args = [sys.executable, str(driver), "a_crash.py", "b_train.py", "--output-format", "concise"]
    if debug:
        args.append("--debug")
    completed = subprocess.run(args, cwd=tmp_path, capture_output=True, text=True, check=False)
    assert completed.returncode == 2
    assert completed.stdout.startswith("b_train.py:5:7: FL003")
    assert (
        "fitlint: error: a_crash.py: internal error in rule FL003: RuntimeError: rule exploded"
        in completed.stderr
    )
    assert ("Traceback" in completed.stderr) is debug

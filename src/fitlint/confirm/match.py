"""Matching what a confirmation run observed to the static findings: each rule judges its own
(`Rule.judge`); a finding whose line the run never reached is inconclusive, saying why."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from fitlint.confirm.verdicts import INCONCLUSIVE, Facts
from fitlint.diagnostics import Confirmation, Diagnostic
from fitlint.rules import RULES_BY_CODE


def verdict(
    diagnostic: Diagnostic,
    facts: Facts,
    timeout: float,
    line_name: Callable[[int], str] = "line {}".format,
) -> Confirmation:
    """The verdict on one finding, given the run's facts."""
    rule = RULES_BY_CODE.get(diagnostic.code)
    if rule is None:  # a code with no rule behind it: FL000
        return Confirmation(INCONCLUSIVE, f"{diagnostic.code} has no runtime check", {})
    judged = rule.judge(diagnostic, facts)
    return judged if judged is not None else _not_reached(facts, timeout, line_name)


def watch_lines(diagnostics: Sequence[Diagnostic]) -> list[int]:
    """Lines the runner should watch (loops whose starts some rule judges)."""
    return sorted(
        {
            row
            for diagnostic in diagnostics
            if (rule := RULES_BY_CODE.get(diagnostic.code)) is not None
            for row in rule.watch_rows(diagnostic)
        }
    )


def _not_reached(facts: Facts, timeout: float, line_name: Callable[[int], str]) -> Confirmation:
    outcome = facts.get("outcome", {})
    status = outcome.get("status")
    if status == "timeout":
        return Confirmation(
            INCONCLUSIVE,
            f"the script did not reach this line within the {timeout:g} s timeout",
            {"outcome": outcome},
        )
    if status == "error":
        where = f" at {line_name(outcome['line'])}" if outcome.get("line") else ""
        return Confirmation(
            INCONCLUSIVE,
            f"the script raised {outcome.get('type')}{where} before reaching this line: "
            f"{outcome.get('message', '')[:160]}",
            {"outcome": outcome},
        )
    if status == "stopped":
        return Confirmation(
            INCONCLUSIVE,
            f"the run was stopped ({outcome.get('reason')}) before reaching this line",
            {"outcome": outcome},
        )
    if status == "no-run":
        return Confirmation(INCONCLUSIVE, outcome.get("reason", "the script was not run"), {})
    return Confirmation(
        INCONCLUSIVE, "the script finished without reaching this line", {"outcome": outcome}
    )

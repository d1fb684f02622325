"""The rule registry: every rule fitlint ships, by code."""

from __future__ import annotations

from fitlint.rules.base import Finding, LintSettings, Rule, RuleContext
from fitlint.rules.fl003_deprecated_fit_generator import DeprecatedFitGenerator

ALL_RULES: tuple[Rule, ...] = (DeprecatedFitGenerator(),)

RULES_BY_CODE: dict[str, Rule] = {rule.code: rule for rule in ALL_RULES}

__all__ = ["ALL_RULES", "RULES_BY_CODE", "Finding", "LintSettings", "Rule", "RuleContext"]

"""The rule registry: every rule fitlint ships, by code."""

from __future__ import annotations

from fitlint.rules.base import Finding, LintSettings, Rule, RuleContext
from fitlint.rules.fl001_next_reused_across_epochs import NextReusedAcrossEpochs
from fitlint.rules.fl002_infinite_generator_without_steps import InfiniteGeneratorWithoutSteps
from fitlint.rules.fl003_deprecated_fit_generator import DeprecatedFitGenerator
from fitlint.rules.fl004_steps_per_epoch_mismatch import StepsPerEpochMismatch
from fitlint.rules.fl005_uint8_input_not_cast import Uint8InputNotCast

ALL_RULES: tuple[Rule, ...] = (
    NextReusedAcrossEpochs(),
    InfiniteGeneratorWithoutSteps(),
    DeprecatedFitGenerator(),
    StepsPerEpochMismatch(),
    Uint8InputNotCast(),
)

RULES_BY_CODE: dict[str, Rule] = {rule.code: rule for rule in ALL_RULES}

__all__ = ["ALL_RULES", "RULES_BY_CODE", "Finding", "LintSettings", "Rule", "RuleContext"]

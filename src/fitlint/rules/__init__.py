"""The rule registry, built from the catalog: the rule with code `FL001` and name
`next-reused-across-epochs` is the `Rule` subclass with that code in module
`fitlint.rules.fl001_next_reused_across_epochs`. A catalog entry without its module or
class, or a rule class whose code is not in the catalog, is an error at import."""

from __future__ import annotations

import importlib

from fitlint.catalog import RULES, RuleMeta
from fitlint.rules.base import (
    Finding,
    NodeEdit,
    NodeFix,
    RegistryError,
    Rule,
    RuleContext,
    RuleSettings,
)


def module_name(meta: RuleMeta) -> str:
    """`fitlint.rules.fl001_next_reused_across_epochs` for FL001 next-reused-across-epochs."""
    return f"{__name__}.{meta.code.lower()}_{meta.name.replace('-', '_')}"


def _load(meta: RuleMeta) -> Rule:
    module = importlib.import_module(module_name(meta))
    classes = [
        value
        for value in vars(module).values()
        if isinstance(value, type)
        and issubclass(value, Rule)
        and value is not Rule
        and value.code == meta.code
    ]
    if len(classes) != 1:
        raise RegistryError(
            f"{module.__name__} must define exactly one Rule with code {meta.code}, "
            f"found {len(classes)}"
        )
    return classes[0]()


# FL000 (unparsable file) is the engine's own diagnostic: it has no check.
ALL_RULES: tuple[Rule, ...] = tuple(_load(meta) for meta in RULES if meta.has_check)
RULES_BY_CODE: dict[str, Rule] = {rule.code: rule for rule in ALL_RULES}

__all__ = [
    "ALL_RULES",
    "RULES_BY_CODE",
    "Finding",
    "NodeEdit",
    "NodeFix",
    "RegistryError",
    "Rule",
    "RuleContext",
    "RuleSettings",
    "module_name",
]

"""What a rule is: metadata plus a check that reads the module model and yields findings."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

import libcst as cst

from fitlint.analysis import ModuleModel
from fitlint.diagnostics import Severity

RULE_DOCS_URL = "https://github.com/fitlint/fitlint/blob/main/rules/{code}-{name}/README.md"


@dataclass(frozen=True)
class LintSettings:
    """The settings a rule may read."""

    keras_version: int = 3


@dataclass(frozen=True)
class Finding:
    """A rule's verdict on one node; the engine turns it into a located Diagnostic."""

    node: cst.CSTNode
    message: str
    severity: Severity = Severity.ERROR
    # The call (or loop) the finding is about, when it is larger than `node`.
    anchor: cst.CSTNode | None = None


@dataclass(frozen=True)
class RuleContext:
    model: ModuleModel
    settings: LintSettings


class Rule:
    code: ClassVar[str]
    name: ClassVar[str]
    summary: ClassVar[str]
    # Any one of these byte strings must occur in a file for the rule to be able to fire
    # (the prefilter skips parsing files where no enabled rule's token occurs).
    required_tokens: ClassVar[tuple[bytes, ...]]

    def check(self, context: RuleContext) -> Iterator[Finding]:
        raise NotImplementedError

    @classmethod
    def url(cls) -> str:
        return RULE_DOCS_URL.format(code=cls.code, name=cls.name)


def is_none_literal(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Name) and node.value == "None"


def source_text(node: cst.CSTNode, limit: int = 60) -> str:
    """The node's code on one line, shortened for a message."""
    text = " ".join(cst.Module(body=()).code_for_node(node).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."

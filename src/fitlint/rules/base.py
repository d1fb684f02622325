"""What a rule is: metadata plus a check that reads the module model and yields findings."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar, Literal

import libcst as cst

from fitlint.analysis import ModuleModel
from fitlint.analysis.keras import TRAINING_METHODS
from fitlint.catalog import BY_CODE, RuleMeta
from fitlint.diagnostics import Severity
from fitlint.prefilter import CodeFacts

Token = bytes | re.Pattern[bytes]

# Training calls every rule but FL003 needs to see (`fit`, `train_on_batch`, ...).
TRAINING_CALL_TOKENS: tuple[Token, ...] = (b"fit", b"_on_batch", b"evaluate", b"predict")


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
    # A fix safe to apply, and a fuller one that changes behaviour (--unsafe-fixes).
    fix: FixSpec | None = None
    unsafe_fix: FixSpec | None = None


@dataclass(frozen=True)
class NodeEdit:
    """Replace the text from one node edge to another (by default: one node) with `content`.
    The engine turns node edges into rows and columns."""

    content: str
    start_node: cst.CSTNode
    end_node: cst.CSTNode | None = None
    start_edge: Literal["start", "end"] = "start"
    end_edge: Literal["start", "end"] = "end"


@dataclass(frozen=True)
class FixSpec:
    message: str
    edits: tuple[NodeEdit, ...]


@dataclass(frozen=True)
class RuleContext:
    model: ModuleModel
    settings: LintSettings


class Rule:
    code: ClassVar[str]
    name: ClassVar[str]
    summary: ClassVar[str]
    # What a file's lower-cased bytes must contain for the rule to be able to fire: every
    # clause must match, a clause matches when any of its tokens (bytes or a bytes regex)
    # occurs. The prefilter parses a file only if some enabled rule's clauses all match.
    required_tokens: ClassVar[tuple[tuple[Token, ...], ...]]

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        meta = BY_CODE.get(getattr(cls, "code", ""))
        if meta is not None:  # the catalog is the one place names and summaries live
            cls.name = meta.name
            cls.summary = meta.summary

    def check(self, context: RuleContext) -> Iterator[Finding]:
        raise NotImplementedError

    @classmethod
    def may_fire(cls, lowered: bytes) -> bool:
        return all(
            any(
                (token in lowered) if isinstance(token, bytes) else token.search(lowered)
                for token in clause
            )
            for clause in cls.required_tokens
        )

    @classmethod
    def may_fire_on(cls, facts: CodeFacts) -> bool:
        """The second prefilter stage: could the rule fire on a module with these facts?"""
        return True

    @classmethod
    def url(cls) -> str | None:
        return RuleMeta(cls.code, cls.name, cls.summary).url


def calls_training_method(facts: CodeFacts) -> bool:
    return not facts.attribute_calls.isdisjoint(TRAINING_METHODS)


def is_none_literal(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Name) and node.value == "None"


def source_text(node: cst.CSTNode, limit: int = 60) -> str:
    """The node's code on one line, shortened for a message."""
    text = " ".join(cst.Module(body=()).code_for_node(node).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."

"""What a rule is: its catalog entry, the tokens it needs, a check that reads the semantic model
and yields findings, and (optionally) a judge of those findings at run time."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar, Literal

import libcst as cst

from fitlint.analysis import SemanticModel, keras
from fitlint.catalog import BY_CODE, RuleMeta
from fitlint.confirm.verdicts import INCONCLUSIVE, Facts
from fitlint.diagnostics import Confirmation, Diagnostic, Severity
from fitlint.prefilter import CodeFacts

Token = bytes | re.Pattern[bytes]

# Training calls every rule but FL003 needs to see (`fit`, `train_on_batch`, ...).
TRAINING_CALL_TOKENS: tuple[Token, ...] = (b"fit", b"_on_batch", b"evaluate", b"predict")


class RegistryError(Exception):
    """A rule and the catalog disagree (a bug in fitlint, reported at import)."""


@dataclass(frozen=True)
class RuleSettings:
    """The settings a rule may read."""

    keras_version: int = 3


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
class NodeFix:
    """A fix as node edits: what `--fix` applies once the engine has located them."""

    message: str
    edits: tuple[NodeEdit, ...]


@dataclass(frozen=True)
class Finding:
    """A rule's verdict on one node; the engine turns it into a located Diagnostic."""

    node: cst.CSTNode
    message: str
    severity: Severity = Severity.ERROR
    # The call (or loop) the finding is about, when it is larger than `node`.
    anchor: cst.CSTNode | None = None
    # A fix safe to apply, and a fuller one that changes behaviour (--unsafe-fixes).
    fix: NodeFix | None = None
    unsafe_fix: NodeFix | None = None


@dataclass(frozen=True)
class RuleContext:
    """All a rule sees: the module's semantic model and the rule settings."""

    semantic: SemanticModel
    settings: RuleSettings


class Rule:
    """One rule. Subclasses set `code` (which must be in the catalog: name, summary and page
    come from there), `required_tokens`, and implement `check`."""

    code: ClassVar[str]
    name: ClassVar[str]
    summary: ClassVar[str]
    # What a file's lower-cased bytes must contain for the rule to be able to fire: every
    # clause must match, a clause matches when any of its tokens (bytes or a bytes regex)
    # occurs. The prefilter parses a file only if some enabled rule's clauses all match.
    required_tokens: ClassVar[tuple[tuple[Token, ...], ...]]

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        code = getattr(cls, "code", None)
        meta = BY_CODE.get(code) if code is not None else None
        if meta is None:
            raise RegistryError(f"rule class {cls.__name__} has code {code!r}, not in the catalog")
        cls.name = meta.name
        cls.summary = meta.summary

    def check(self, context: RuleContext) -> Iterator[Finding]:
        raise NotImplementedError

    def judge(self, diagnostic: Diagnostic, facts: Facts) -> Confirmation | None:
        """What a confirmation run says of one of this rule's findings; None when the run
        never reached the finding's line (the caller says why). Rules without a runtime
        check keep this default."""
        return Confirmation(INCONCLUSIVE, f"{self.code} has no runtime check", {})

    def watch_rows(self, diagnostic: Diagnostic) -> tuple[int, ...]:
        """Rows whose loop starts the confirmation runner must record for `judge`."""
        return ()

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
    def meta(cls) -> RuleMeta:
        return BY_CODE[cls.code]


def calls_training_method(facts: CodeFacts) -> bool:
    return not facts.attribute_calls.isdisjoint(keras.TRAINING_METHODS)


def is_none_literal(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Name) and node.value == "None"

"""The rule catalog: codes, names and summaries, importable without LibCST.

The command line needs these to validate `--select`, print `fitlint rules` and answer a
fully cached run; the rule implementations (which need LibCST) read theirs from here.
"""

from __future__ import annotations

from dataclasses import dataclass

RULE_DOCS_URL = "https://github.com/fitlint/fitlint/blob/main/rules/{code}-{name}/README.md"


@dataclass(frozen=True)
class RuleMeta:
    code: str
    name: str
    summary: str

    @property
    def url(self) -> str | None:
        if self.code == SYNTAX_ERROR_CODE:
            return None
        return RULE_DOCS_URL.format(code=self.code, name=self.name)


SYNTAX_ERROR_CODE = "FL000"

RULES: tuple[RuleMeta, ...] = (
    RuleMeta(
        SYNTAX_ERROR_CODE,
        "unparsable-file",
        "the file cannot be decoded or parsed, so nothing in it was checked",
    ),
    RuleMeta(
        "FL001",
        "next-reused-across-epochs",
        "one `next(it)` per epoch from an iterator made before the epoch loop, or a one-shot "
        "iterator iterated in every epoch (empty from epoch 2 on)",
    ),
    RuleMeta(
        "FL002",
        "infinite-generator-without-steps",
        "an endless generator or `.repeat()`ed dataset is passed without `steps_per_epoch` / "
        "`validation_steps` / `steps`, so the epoch never ends",
    ),
    RuleMeta(
        "FL003",
        "deprecated-fit-generator",
        "`fit_generator`, `evaluate_generator` and `predict_generator` were removed in Keras 3",
    ),
    RuleMeta(
        "FL004",
        "steps-per-epoch-mismatch",
        "`steps_per_epoch` / `validation_steps` disagrees with the data: more steps than "
        "batches, or a sample count used as a step count",
    ),
    RuleMeta(
        "FL005",
        "uint8-input-not-cast",
        "uint8 pixel values 0-255 reach the model with no cast, no scaling and no "
        "`Rescaling`/`Normalization` layer",
    ),
)

BY_CODE: dict[str, RuleMeta] = {rule.code: rule for rule in RULES}
ALL_CODES: tuple[str, ...] = tuple(rule.code for rule in RULES)
CODES_BY_NAME: dict[str, str] = {rule.name: rule.code for rule in RULES}

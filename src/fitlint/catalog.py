"""The rule catalog: codes, names and summaries, importable without LibCST.

The one place a rule is named. The command line reads it to validate `--select`, print
`fitlint rules` and answer a fully cached run; the registry (`fitlint.rules`) finds each
rule's implementation from its code and name; each rule's page, `bad.py` and `good.py`
live in `rules/<CODE>-<name>/` at the top of the repository (shipped as `rule_docs`).
"""

from __future__ import annotations

from dataclasses import dataclass

from fitlint.diagnostics import Severity

RULE_DOCS_URL = "https://github.com/fitlint/fitlint/blob/main/rules/{code}-{name}/README.md"


@dataclass(frozen=True)
class RuleMeta:
    code: str
    name: str
    summary: str
    # The level a finding has unless the rule says otherwise (SARIF's defaultConfiguration).
    severity: Severity = Severity.ERROR

    @property
    def has_check(self) -> bool:
        """False for the codes the engine reports itself: FL000 (a file it cannot parse)
        and FL900 (a `# noqa` code that suppresses nothing)."""
        return self.code not in ENGINE_CODES

    @property
    def page(self) -> str:
        """The rule's folder in the catalog: `FL003-deprecated-fit-generator`."""
        return f"{self.code}-{self.name}"

    @property
    def url(self) -> str:
        """The rule's page (rules/<CODE>-<name>/README.md), FL000's included."""
        return RULE_DOCS_URL.format(code=self.code, name=self.name)


SYNTAX_ERROR_CODE = "FL000"
UNUSED_NOQA_CODE = "FL900"
ENGINE_CODES = frozenset({SYNTAX_ERROR_CODE, UNUSED_NOQA_CODE})

RULES: tuple[RuleMeta, ...] = (
    RuleMeta(
        SYNTAX_ERROR_CODE,
        "unparsable-file",
        "a file that cannot be decoded or parsed (syntax error, NUL bytes, bad encoding): "
        "nothing in it was checked",
    ),
    RuleMeta(
        "FL001",
        "next-reused-across-epochs",
        "`next(gen)` once per epoch from an iterator made before the epoch loop (each epoch "
        "trains on one batch), or a one-shot iterator/generator looped over or passed to "
        "`fit` in every epoch, or to `fit(epochs > 1)` with no steps (empty from epoch 2 on)",
    ),
    RuleMeta(
        "FL002",
        "infinite-generator-without-steps",
        "a `while True` generator, `itertools.cycle` or `.repeat()`ed dataset passed to `fit` "
        "/ `evaluate` / `predict` (or as `validation_data`) without `steps_per_epoch` / "
        "`validation_steps` / `steps`: the epoch never ends",
    ),
    RuleMeta(
        "FL003",
        "deprecated-fit-generator",
        "`fit_generator` / `evaluate_generator` / `predict_generator` on a Keras model: "
        "`AttributeError` in Keras 3; also names `workers` / `use_multiprocessing` / "
        "`max_queue_size`, which Keras 3's `fit` rejects",
    ),
    RuleMeta(
        "FL004",
        "steps-per-epoch-mismatch",
        "`steps_per_epoch` / `validation_steps` / `steps` that disagree with the data the "
        'file shows: more steps than batches ("ran out of data"), fewer (epochs are not '
        "passes; a warning), a sample count (`len(x)`, `gen.samples`) used as a step count "
        "of batched data, endless generators included",
    ),
    RuleMeta(
        "FL005",
        "uint8-input-not-cast",
        'uint8 pixels (`keras.datasets` images, `.astype("uint8")`) reaching `fit` / '
        "`evaluate` / `predict` / `train_on_batch` with no cast, no scaling and no "
        "`Rescaling` / `Normalization` layer",
    ),
    RuleMeta(
        "FL006",
        "single-unit-softmax",
        'a softmax over one unit (`Dense(1, activation="softmax")`, `Activation("softmax")` '
        "after a 1-unit layer, a 1-filter convolution): every output is 1.0 and nothing is "
        "learned, while a binary loss still falls",
    ),
    RuleMeta(
        "FL007",
        "loss-output-mismatch",
        "a loss that disagrees with the output or the labels: categorical_crossentropy on one "
        "unit (loss 0.0), binary_crossentropy on labels of more than two classes (negative "
        "loss), sparse_categorical_crossentropy with one-hot labels, "
        "categorical_crossentropy with class indices",
    ),
    RuleMeta(
        "FL008",
        "array-only-fit-argument",
        "`validation_split` / `sample_weight` with a dataset, generator or PyDataset "
        "(ValueError at `fit`), `class_weight` with a Python generator (Keras 3), and "
        "`batch_size` with data that makes its own batches (silently ignored)",
    ),
    RuleMeta(
        "FL009",
        "epochs-never-run",
        "`fit(initial_epoch=i, epochs=e)` with `i >= e` (or `epochs=1, initial_epoch=epoch` "
        "in an epoch loop): `epochs` is the epoch to stop at, so nothing trains, silently",
    ),
    RuleMeta(
        "FL010",
        "input-shape-mismatch",
        "samples whose shape disagrees with the model's declared input (`Input(shape=...)`, "
        "`input_shape=`, `input_dim=`) reaching `fit` / `evaluate` / `predict` / "
        "`*_on_batch` / `validation_data`, beyond the one trailing axis Keras adds or drops: "
        "ValueError at the first batch, after the data is loaded",
    ),
    RuleMeta(
        "FL101",
        "removed-training-argument",
        "arguments Keras 3's `fit` / `evaluate` / `predict` reject: `workers`, "
        "`use_multiprocessing`, `max_queue_size` (moved to `PyDataset`), Keras 1's `nb_epoch`, "
        "`samples_per_epoch`, `nb_val_samples`; `ModelCheckpoint(period=...)`",
    ),
    RuleMeta(
        "FL102",
        "legacy-optimizer-argument",
        "Keras 2 optimizer spellings Keras 3 rejects or ignores: `lr=` (ValueError), `decay=` "
        "(silently ignored), `epsilon=None` (fails at `fit`), `optimizer.lr` "
        "(AttributeError; `optimizer.lr = x` changes nothing)",
    ),
    RuleMeta(
        "FL103",
        "removed-keras-import",
        "Keras 2 imports and attributes Keras 3 removed: `keras.utils.np_utils`, "
        "`keras.layers.core` and the other layer submodules, `keras.engine`, `ImageDataGenerator` "
        "from standalone `keras.preprocessing.image`, `keras.backend.set_session`, lowercase "
        "optimizers (`rmsprop`)...: ImportError / AttributeError before training starts",
    ),
    RuleMeta(
        "FL104",
        "removed-model-method",
        "Keras 2 model methods and Keras 1 layer arguments Keras 3 removed: "
        "`predict_classes`, `predict_proba`, `Dense(init=...)`, `W_regularizer=`, "
        "`border_mode=`, `subsample=`, `Model(input=..., output=...)`",
    ),
    RuleMeta(
        "FL105",
        "keras3-save-path",
        "a Keras model's `save_weights` / `save` / `ModelCheckpoint` path that Keras 3 "
        "rejects with `ValueError`: weights need `.weights.h5`, full models `.keras` or "
        "`.h5` (a SavedModel directory, TF checkpoint or `.hdf5` checkpoint no longer works)",
    ),
    RuleMeta(
        "FL106",
        "monitored-metric-missing",
        '`history.history["acc"]` or `EarlyStopping` / `ModelCheckpoint` / '
        '`ReduceLROnPlateau(monitor="val_acc")` when `compile(metrics=["accuracy"])` logs '
        "`accuracy` (and the reverse), or a `val_` key with no validation data: KeyError "
        "after training, a callback that raises, never stops or keeps the wrong model",
    ),
    RuleMeta(
        UNUSED_NOQA_CODE,
        "unused-noqa",
        "a `# noqa: FLxxx` code that suppresses nothing on its line, or names no fitlint "
        "rule (ruff's RUF100 for fitlint's codes); the safe fix removes it",
        Severity.WARNING,
    ),
)

BY_CODE: dict[str, RuleMeta] = {rule.code: rule for rule in RULES}
ALL_CODES: tuple[str, ...] = tuple(rule.code for rule in RULES)
CODES_BY_NAME: dict[str, str] = {rule.name: rule.code for rule in RULES}


def markdown_table() -> str:
    """The catalog as the README's rules table (`fitlint rules --output-format markdown`)."""
    rows = [f"| {rule.code} | {rule.name} | {rule.summary} |" for rule in RULES]
    return "\n".join(["| code | name | finds |", "|---|---|---|", *rows]) + "\n"

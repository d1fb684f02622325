"""The recall cases (tests/cases/recall/, from the recall issue): small training scripts whose
header says which findings are right. Each gives exactly those findings, with the numbers the
header names in the message."""

from __future__ import annotations

from pathlib import Path

import pytest

from fitlint.diagnostics import Severity
from tests.rules.helpers import lint

CASES = Path(__file__).parent.parent / "cases" / "recall"

# file -> [(row, column, code, severity, fragments of the message)]
EXPECTED: dict[str, list[tuple[int, int, str, Severity, tuple[str, ...]]]] = {
    "broadcast_is_not_one_sample.py": [],
    "fewer_steps_finite_dataset.py": [
        (
            14,
            43,
            "FL004",
            Severity.WARNING,
            (
                "ceil(60000 / 64) = 938 batches",
                "epochs 10 and 20 get the rest of a pass (38 batches)",
                '"Your input ran out of data"',
                "epochs=20 makes 2 passes over the data, not 20",
                "Drop steps_per_epoch",
                "`.repeat()` the dataset",
            ),
        )
    ],
    "fewer_steps_flow_and_validation.py": [
        (
            18,
            21,
            "FL004",
            Severity.WARNING,
            ("ceil(50000 / 32) = 1563 batches", "each epoch trains on 400 of the 1563 batches"),
        ),
        (
            20,
            22,
            "FL004",
            Severity.WARNING,
            ("ceil(10000 / 100) = 100 batches", "300 of the 10000 samples"),
        ),
    ],
    "finite_generator_many_epochs.py": [
        (
            20,
            9,
            "FL001",
            Severity.ERROR,
            (
                "`pairs` is a generator object (`windows()`) that yields 970 items once",
                "fit(epochs=8) exhausts it in epoch 1, and epochs 2-8 get no new data",
                "Dataset.from_generator",
                "keras.utils.PyDataset",
            ),
        )
    ],
    "iterator_passed_into_epoch_loop.py": [
        (22, 19, "FL001", Severity.ERROR, ("`next(source_a)`", "200 batches in all")),
        (23, 19, "FL001", Severity.ERROR, ("`next(source_b)`", "200 batches in all")),
    ],
    "model_in_attribute.py": [
        (17, 25, "FL003", Severity.ERROR, ("`self.net.fit_generator()` was removed in Keras 3",)),
        (30, 18, "FL005", Severity.ERROR, ("`x_flat` holds uint8 pixel values 0–255",)),
    ],
    "sample_counts_through_helpers.py": [
        (
            17,
            25,
            "FL004",
            Severity.ERROR,
            ("`x_tr` holds 48000 samples", "ceil(48000 / 128) = 375 batches"),
        ),
        (23, 9, "FL005", Severity.ERROR, ("`noise` holds uint8 pixel values 0–255",)),
    ],
    "samples_as_steps_endless_generator.py": [
        (
            23,
            21,
            "FL004",
            Severity.ERROR,
            ("len(train_paths) = 2000 counts samples", "32 passes over the 2000 samples"),
        ),
        (
            25,
            22,
            "FL004",
            Severity.ERROR,
            (
                "len(val_paths) = 500 counts samples",
                "32 passes over the 500 samples",
                "math.ceil(len(val_paths) / 32)",
            ),
        ),
    ],
}


def test_every_case_file_has_its_expectation() -> None:
    assert sorted(EXPECTED) == sorted(path.name for path in CASES.glob("*.py"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_recall_case(name: str) -> None:
    found = lint((CASES / name).read_text())
    expected = EXPECTED[name]
    assert [(d.location.row, d.location.column, d.code, d.severity) for d in found] == [
        (row, column, code, severity) for row, column, code, severity, _ in expected
    ]
    for diagnostic, (*_, fragments) in zip(found, expected, strict=True):
        for fragment in fragments:
            assert fragment in diagnostic.message, (fragment, diagnostic.message)

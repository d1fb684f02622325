"""analysis/libraries/tfds.py: `tfds.load` of the common datasets gives each split its number
of examples (from the TFDS catalog), sliced splits their part, `batch_size=` batches."""

from __future__ import annotations

import pytest

from fitlint.analysis.values import UNKNOWN, Dataset, Splits, TupleValue, Value
from tests.analysis.helpers import evaluate

PREAMBLE = "import tensorflow_datasets as tfds\n"


def load(
    origin: str, count: int | None, batch: int | None = None, samples: int | None = None
) -> Dataset:
    if batch is None:
        return Dataset(count, str(count) if count is not None else "unknown", origin=origin)
    return Dataset(
        count,
        f"ceil({samples} / {batch}) = {count}",
        batched=True,
        batch_size=batch,
        origin=origin,
        samples=samples,
    )


CASES = [
    pytest.param(
        "tfds.load('mnist', split='train')",
        load("tfds.load('mnist', split='train')", 60000),
        id="train-split",
    ),
    pytest.param(
        "tfds.load('mnist', split='train[:80%]')",
        load("tfds.load('mnist', split='train[:80%]')", 48000),
        id="percent-slice",
    ),
    pytest.param(
        "tfds.load('mnist', split='train[80%:]', batch_size=100)",
        load("tfds.load('mnist', split='train[80%:]', batch...", 120, 100, 12000),
        id="percent-slice-batched",
    ),
    pytest.param(
        "tfds.load('mnist', split='train[-1000:]')",
        load("tfds.load('mnist', split='train[-1000:]')", 1000),
        id="absolute-slice-from-the-end",
    ),
    pytest.param(
        "tfds.load('cifar10', split=['train', 'test'])",
        TupleValue(
            (
                load("tfds.load('cifar10', split=['train', 'test'])", 50000),
                load("tfds.load('cifar10', split=['train', 'test'])", 10000),
            )
        ),
        id="list-of-splits",
    ),
    pytest.param(
        "tfds.load('rock_paper_scissors', as_supervised=True)['test']",
        load("tfds.load('rock_paper_scissors', as_supervise...", 372),
        id="all-splits-indexed-by-name",
    ),
    pytest.param(
        "tfds.load('horses_or_humans', split='train')",
        load("tfds.load('horses_or_humans', split='train')", None),
        id="split-count-not-in-the-table",
    ),
    pytest.param(
        "tfds.load('mnist', split='train', with_info=True)",
        TupleValue((load("tfds.load('mnist', split='train', with_info=T...", 60000), UNKNOWN)),
        id="with-info",
    ),
    pytest.param(
        "tfds.load('mnist', split='train+test')",
        load("tfds.load('mnist', split='train+test')", None),
        id="joined-splits-unknown",
    ),
    pytest.param("tfds.load('coco', split='train')", UNKNOWN, id="dataset-not-in-the-table"),
    pytest.param(
        "tfds.load('mnist', split='train', batch_size=-1)", UNKNOWN, id="whole-split-as-one-batch"
    ),
    pytest.param(
        "tfds.load('oxford_iiit_pet')",
        Splits(
            (
                ("train", load("tfds.load('oxford_iiit_pet')", 3680)),
                ("test", load("tfds.load('oxford_iiit_pet')", 3669)),
            )
        ),
        id="no-split-gives-all",
    ),
]


@pytest.mark.parametrize(("expression", "expected"), CASES)
def test_tfds(expression: str, expected: Value) -> None:
    assert evaluate("", expression, preamble=PREAMBLE) == expected

"""Suppression comments silence exactly what they name, where they stand."""

from __future__ import annotations

import pytest

from tests.rules.helpers import lint

HEADER = "import keras\nmodel = keras.Sequential()\n"


@pytest.mark.parametrize(
    "source",
    [
        "model.fit_generator(g, steps_per_epoch=1)  # noqa\n",
        "model.fit_generator(g, steps_per_epoch=1)  # noqa: FL003\n",
        "model.fit_generator(g, steps_per_epoch=1)  # NOQA:FL003,FL001\n",
        "model.fit_generator(g, steps_per_epoch=1)  # noqa: E501, FL003\n",
        "model.fit_generator(g, steps_per_epoch=1)  # fitlint: ignore[FL003]\n",
        "model.fit_generator(g, steps_per_epoch=1)  # fitlint: ignore\n",
        "# fitlint: ignore[FL003]\nmodel.fit_generator(g, steps_per_epoch=1)\n",
        "    # fitlint: ignore[FL001, FL003]\nmodel.fit_generator(g, steps_per_epoch=1)\n",
        "model.fit_generator(  # noqa: FL003\n    g,\n    steps_per_epoch=1,\n)\n",
        "# fitlint: skip-file\nmodel.fit_generator(g, steps_per_epoch=1)\n",
    ],
)
def test_suppressed(source: str) -> None:
    assert lint(HEADER + source) == []


@pytest.mark.parametrize(
    "source",
    [
        "model.fit_generator(g, steps_per_epoch=1)  # noqa: E501\n",
        "model.fit_generator(g, steps_per_epoch=1)  # fitlint: ignore[FL001]\n",
        "model.fit_generator(\n    g, steps_per_epoch=1,\n)  # noqa: FL003\n",  # not the first line
        "model.fit_generator(g, steps_per_epoch=1)\n# fitlint: ignore[FL003]\n",  # below, not above
        "x = 1  # fitlint: ignore[FL003]\nmodel.fit_generator(g, steps_per_epoch=1)\n",  # not alone
        "s = '# noqa'; model.fit_generator(g, steps_per_epoch=1)\n",  # inside a string
        "# a note about fitlint: skip-file handling\nmodel.fit_generator(g, steps_per_epoch=1)\n",
    ],
)
def test_not_suppressed(source: str) -> None:
    assert [d.code for d in lint(HEADER + source)] == ["FL003"]


def test_noqa_on_the_first_line_of_a_multi_line_call_covers_its_arguments() -> None:
    from fitlint.config import Settings
    from fitlint.engine import Linter

    source = (
        "import numpy as np\n"
        "import tensorflow as tf\n"
        "from tensorflow import keras\n"
        "x = np.random.rand(64, 4)\n"
        "ds = tf.data.Dataset.from_tensor_slices((x, x)).batch(8)\n"
        "model = keras.Sequential([keras.layers.Dense(4)])\n"
        "model.fit(  # noqa: FL008\n"
        "    ds,\n"
        "    batch_size=16,\n"
        ")\n"
        "model.fit(\n"
        "    ds,\n"
        "    batch_size=16,  # noqa: FL008\n"
        ")\n"
        "model.fit(  # noqa: FL001\n"
        "    ds,\n"
        "    batch_size=16,\n"
        ")\n"
    )
    result = Linter(Settings()).lint_bytes(source.encode(), "t.py")
    assert [(d.code, d.location.row) for d in result.diagnostics] == [("FL008", 17)]

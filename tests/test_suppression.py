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
    # FL900 (a noqa code that silenced nothing, such as FL001 here) has tests of its own.
    assert [d for d in lint(HEADER + source) if d.code != "FL900"] == []


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
    assert [d.code for d in lint(HEADER + source) if d.code != "FL900"] == ["FL003"]


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
    # The third call's noqa names FL001, which is not there: FL900 says so.
    assert [(d.code, d.location.row) for d in result.diagnostics] == [
        ("FL900", 15),
        ("FL008", 17),
    ]


@pytest.mark.parametrize(
    ("line", "expected", "fixed"),
    [
        (
            "model.fit(g, steps_per_epoch=1)  # noqa: FL003\n",
            "`# noqa: FL003` suppresses nothing: no FL003 finding on this line",
            "model.fit(g, steps_per_epoch=1)\n",
        ),
        (
            "model.fit_generator(g, steps_per_epoch=1)  # noqa: FL003, FL001\n",
            "`# noqa: FL001` suppresses nothing",
            "model.fit_generator(g, steps_per_epoch=1)  # noqa: FL003\n",
        ),
        (
            "model.fit_generator(g, steps_per_epoch=1)  # noqa: FL003,FL03\n",
            "`# noqa: FL03` names no fitlint rule",  # a typo silences nothing
            "model.fit_generator(g, steps_per_epoch=1)  # noqa: FL003\n",
        ),
        (
            "model.fit(g, steps_per_epoch=1)  # noqa: E501, FL999\n",
            "`# noqa: FL999` names no fitlint rule",
            "model.fit(g, steps_per_epoch=1)  # noqa: E501\n",
        ),
    ],
)
def test_unused_noqa_codes_are_reported_and_removed(
    line: str, expected: str, fixed: str | None
) -> None:
    from fitlint.config import Settings
    from fitlint.engine import Linter
    from fitlint.fix import fix_source

    found = [d for d in lint(HEADER + line) if d.code == "FL900"]
    if not expected:
        assert found == []
        return
    (diagnostic,) = found
    assert expected in diagnostic.message
    assert diagnostic.severity.value == "warning"
    outcome = fix_source(Linter(Settings()), (HEADER + line).encode(), "t.py", None, unsafe=False)
    assert outcome.fixed.decode().endswith(fixed or "")


@pytest.mark.parametrize(
    "line",
    [
        "x = 1  # noqa\n",  # bare: maybe another tool's
        "x = 1  # noqa: E501\n",  # another tool's code
    ],
)
def test_noqa_for_other_tools_is_left_alone(line: str) -> None:
    assert [d for d in lint(HEADER + line) if d.code == "FL900"] == []


def test_codes_of_rules_not_checked_are_left_alone() -> None:
    from dataclasses import replace

    from fitlint.config import Settings
    from fitlint.engine import Linter

    source = HEADER + "x = 1  # noqa: FL003\n"
    settings = replace(Settings(), ignore=("FL003",))
    assert Linter(settings).lint_bytes(source.encode(), "t.py").diagnostics == []

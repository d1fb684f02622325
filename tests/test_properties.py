"""Property tests on generated Python programs (hypothesmith): fitlint never raises, the
output of a fix parses, and fixing twice changes nothing."""

from __future__ import annotations

from dataclasses import replace

import hypothesmith
import libcst as cst
from hypothesis import HealthCheck, given, settings

from fitlint.config import Settings
from fitlint.engine import Linter
from fitlint.fix import fix_source

LINTER = Linter(replace(Settings(), select=("ALL",)))
KERAS_PRELUDE = "import keras\nmodel = keras.Sequential()\nmodel.fit_generator(g, workers=2)\n"


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(hypothesmith.from_grammar())
def test_never_raises_on_generated_programs(source: str) -> None:
    for data in (
        source.encode("utf-8", "surrogatepass"),
        (KERAS_PRELUDE + source).encode("utf-8", "surrogatepass"),
    ):
        result = LINTER.lint_bytes(data, "generated.py")
        assert result.internal_errors == []
        assert LINTER.lint_bytes(data, "generated.py", prefilter=True).internal_errors == []


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(hypothesmith.from_grammar())
def test_fix_output_parses_and_is_stable(source: str) -> None:
    data = (KERAS_PRELUDE + source).encode("utf-8", "surrogatepass")
    for unsafe in (False, True):
        first = fix_source(LINTER, data, "generated.py", None, unsafe)
        if first.error is not None:
            continue
        if first.changed:
            cst.parse_module(first.fixed)
        second = fix_source(LINTER, first.fixed, "generated.py", None, unsafe)
        assert second.fixed == first.fixed

"""A sample of the migration benchmark (benchmarks/migration_bench.py) on the installed Keras 3:
Keras 2-style scripts that fail before `fitlint --fix --unsafe-fixes` run after it, and a
script that already ran is left as it was. The whole benchmark is run by hand (see its
docstring); this sample keeps the fixes honest in CI."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

if importlib.util.find_spec("tensorflow") is None:
    if os.environ.get("CI"):
        pytest.fail("CI must install the confirm extra: pip install '.[test,confirm]'")
    pytest.skip("TensorFlow is not installed (pip install '.[confirm]')", allow_module_level=True)

BENCH = Path(__file__).parent.parent / "benchmarks" / "migration_bench.py"
# fit_generator with loader arguments (FL003 + FL101), RMSprop(lr, epsilon=None) (FL102),
# Keras 1 layer arguments (FL104), and a control that already runs on Keras 3.
SAMPLE = ("m01", "m09", "m17", "m32")


def test_sample_runs_after_fixing() -> None:
    only = [argument for name in SAMPLE for argument in ("--only", f"{name}_*")]
    completed = subprocess.run(
        [sys.executable, str(BENCH), "--json", *only],
        capture_output=True,
        text=True,
        timeout=900,
        check=True,
    )
    scripts = {row["script"][:3]: row for row in json.loads(completed.stdout)["scripts"]}
    assert sorted(scripts) == sorted(SAMPLE)
    for name in ("m01", "m09", "m17"):
        row = scripts[name]
        assert not row["before"]["ok"], row
        assert row["after"]["ok"], row
        assert row["remaining"] == [], row
    control = scripts["m32"]
    assert control["before"]["ok"] and control["after"]["ok"] and not control["changed"]

"""The confirmation runner keeps its own copies of two tables (it imports only the standard
library, to run under any interpreter): they must not drift from the analysis and FL005."""

from __future__ import annotations

from fitlint.analysis.libraries.keras import TRAINING_METHODS
from fitlint.confirm.runner import PATCHED_METHODS, SCALING_LAYERS
from fitlint.rules.fl005_uint8_input_not_cast import INPUT_SCALING_NAMES


def test_the_runner_patches_exactly_the_methods_the_analysis_calls_training() -> None:
    assert set(PATCHED_METHODS) == TRAINING_METHODS


def test_a_layer_the_runner_counts_as_rescaling_silences_fl005_statically() -> None:
    # A finding the run would refute because the model starts with one of these layers is
    # one the static rule must not make in the first place.
    assert set(SCALING_LAYERS) <= INPUT_SCALING_NAMES

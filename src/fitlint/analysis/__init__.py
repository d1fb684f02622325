"""The shared semantic model of a module's Keras training code, read by every rule."""

from fitlint.analysis.model import ModuleModel, TrainingCall, build_model

__all__ = ["ModuleModel", "TrainingCall", "build_model"]

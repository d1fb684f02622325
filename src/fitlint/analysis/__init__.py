"""The shared semantic model of a module's Keras training code, read by every rule."""

from fitlint.analysis.model import ModuleModel, build_model
from fitlint.analysis.scopes import LoopInfo, NextCall, TrainingCall

__all__ = ["LoopInfo", "ModuleModel", "NextCall", "TrainingCall", "build_model"]

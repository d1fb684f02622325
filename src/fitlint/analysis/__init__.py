"""The semantic model of a module's Keras training code, shared by every rule. Rules import
from here only: the model, the facts it records, the values it computes, and the tables of
library knowledge rules quote (`keras`)."""

from fitlint.analysis import cst_util
from fitlint.analysis.epochs import EPOCH_WORD
from fitlint.analysis.imports import ModuleResolver, Reader
from fitlint.analysis.libraries import keras
from fitlint.analysis.libraries.testing import expected_errors
from fitlint.analysis.models import BuiltModel, Layer, Loss, ModelInput
from fitlint.analysis.scopes import (
    Binding,
    CallSite,
    ClassInfo,
    FunctionInfo,
    LoopInfo,
    Scope,
    TrainingCall,
)
from fitlint.analysis.semantic import SemanticModel, build_semantic_model
from fitlint.analysis.values import (
    UNKNOWN,
    Array,
    Dataset,
    ImportedInstance,
    KerasModel,
    KerasSequence,
    Labels,
    Number,
    OneShot,
    ReIterable,
    Splits,
    TupleValue,
    Value,
    is_finite,
    is_infinite,
)
from fitlint.analysis.walker import Walker

__all__ = [
    "EPOCH_WORD",
    "UNKNOWN",
    "Array",
    "Binding",
    "BuiltModel",
    "CallSite",
    "ClassInfo",
    "Dataset",
    "FunctionInfo",
    "ImportedInstance",
    "KerasModel",
    "KerasSequence",
    "Labels",
    "Layer",
    "LoopInfo",
    "Loss",
    "ModelInput",
    "ModuleResolver",
    "Number",
    "OneShot",
    "ReIterable",
    "Reader",
    "Scope",
    "SemanticModel",
    "Splits",
    "TrainingCall",
    "TupleValue",
    "Value",
    "Walker",
    "build_semantic_model",
    "cst_util",
    "expected_errors",
    "is_finite",
    "is_infinite",
    "keras",
]

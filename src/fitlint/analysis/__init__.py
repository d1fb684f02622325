"""The semantic model of a module's Keras training code, shared by every rule. Rules import
from here only: the model, the facts it records, the values it computes, and the tables of
library knowledge rules quote (`keras`)."""

from fitlint.analysis import cst_util
from fitlint.analysis.epochs import EPOCH_WORD
from fitlint.analysis.imports import ModuleResolver, Reader
from fitlint.analysis.libraries import keras
from fitlint.analysis.scopes import CallSite, LoopInfo, Scope, TrainingCall
from fitlint.analysis.semantic import SemanticModel, build_semantic_model
from fitlint.analysis.values import (
    UNKNOWN,
    Array,
    Dataset,
    KerasModel,
    KerasSequence,
    Number,
    OneShot,
    ReIterable,
    Splits,
    TupleValue,
    Value,
    is_finite,
    is_infinite,
)

__all__ = [
    "EPOCH_WORD",
    "UNKNOWN",
    "Array",
    "CallSite",
    "Dataset",
    "KerasModel",
    "KerasSequence",
    "LoopInfo",
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
    "build_semantic_model",
    "cst_util",
    "is_finite",
    "is_infinite",
    "keras",
]

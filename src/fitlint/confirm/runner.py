"""Runs one user script with Keras's training entry points patched to record and stop.

This module runs in its own subprocess (`python -m fitlint.confirm.runner`), started by
`fitlint confirm`. It never trains: each patched call records what it received, returns a
stand-in result, and after `--calls` calls the script is stopped. Facts go to a JSON file
the parent names (in a temporary directory, never in the user's tree).
"""

from __future__ import annotations

import argparse
import ast
import builtins
import importlib.abc
import inspect
import json
import os
import runpy
import signal
import sys
import time
import traceback
import types
from collections.abc import Callable, Iterator
from typing import Any

# The same names as fitlint.analysis.keras.TRAINING_METHODS: this module imports only the
# standard library, so that any interpreter can run it by path (`fitlint confirm --python`).
PATCHED_METHODS = (
    "fit",
    "fit_generator",
    "evaluate",
    "evaluate_generator",
    "predict",
    "predict_generator",
    "train_on_batch",
    "test_on_batch",
    "predict_on_batch",
)
STEP_KEYWORDS = ("steps_per_epoch", "validation_steps", "steps", "batch_size", "epochs")
SCALING_LAYERS = ("Rescaling", "Normalization", "Lambda")


class StopScript(BaseException):
    """Raised inside the script once enough training calls were recorded."""


class ProbeTimeout(BaseException):
    pass


class CallRecorder:
    def __init__(self, script: str, max_calls: int, probe_batches: int, probe_seconds: float):
        self.script = os.path.realpath(script)
        self.max_calls = max_calls
        self.probe_batches = probe_batches
        self.probe_seconds = probe_seconds
        self.events: list[dict[str, Any]] = []
        self.calls = 0
        self.keras_flavours: list[str] = []
        self.line_hits: dict[int, int] = {}

    # --- where in the script ---------------------------------------------------------

    def script_line(self) -> int | None:
        frame = sys._getframe(1)
        while frame is not None:
            if os.path.realpath(frame.f_code.co_filename) == self.script:
                return frame.f_lineno
            frame = frame.f_back  # type: ignore[assignment]
        return None

    # --- describing values -----------------------------------------------------------

    def describe(self, value: Any, depth: int = 0) -> dict[str, Any]:
        kind = type(value)
        facts: dict[str, Any] = {"type": f"{kind.__module__}.{kind.__qualname__}", "id": id(value)}
        if depth > 2:
            return facts
        if inspect.isgenerator(value):
            facts["generator"] = True
            facts["state"] = inspect.getgeneratorstate(value)
            return facts
        module = kind.__module__ or ""
        if (
            hasattr(value, "dtype")
            and hasattr(value, "shape")
            and not module.startswith("tensorflow.python.data")
        ):
            facts.update(_array_facts(value))
            return facts
        if module.startswith("tensorflow.python.data") and hasattr(value, "cardinality"):
            try:
                facts["cardinality"] = int(value.cardinality())
            except Exception as error:
                facts["cardinality_error"] = repr(error)
            shape = _element_shape(value)
            if shape is not None:
                facts["element_shape"] = shape
            return facts
        if _is_keras_sequence(value):
            try:
                facts["len"] = len(value)
            except Exception as error:
                facts["len_error"] = repr(error)
            facts["sequence"] = True
            return facts
        if isinstance(value, (list, tuple)):
            facts["items"] = [self.describe(item, depth + 1) for item in list(value)[:3]]
            facts["len"] = len(value)
            return facts
        if isinstance(value, Iterator):
            facts["iterator"] = True
        return facts

    # --- probing endless data --------------------------------------------------------

    def probe(self, value: Any) -> dict[str, Any]:
        """Pull up to N batches within T seconds; never hangs the process."""
        started = time.monotonic()
        pulled = 0
        exhausted = False
        previous = signal.signal(signal.SIGALRM, _raise_probe_timeout)
        signal.setitimer(signal.ITIMER_REAL, self.probe_seconds)
        try:
            iterator = iter(value)
            while pulled < self.probe_batches:
                try:
                    next(iterator)
                except StopIteration:
                    exhausted = True
                    break
                pulled += 1
        except ProbeTimeout:
            pass
        except Exception as error:
            return {"batches": pulled, "error": f"{type(error).__name__}: {error}"}
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        return {
            "batches": pulled,
            "seconds": round(time.monotonic() - started, 3),
            "exhausted": exhausted,
        }

    # --- the patched methods ---------------------------------------------------------

    def record_call(
        self, model: Any, method: str, args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> None:
        line = self.script_line()
        x = kwargs.get("x", kwargs.get("generator", args[0] if args else None))
        event: dict[str, Any] = {
            "kind": "call",
            "method": method,
            "line": line,
            "model": _model_facts(model),
            "x": self.describe(x),
            "arguments": {
                key: kwargs[key]
                for key in STEP_KEYWORDS
                if key in kwargs and (kwargs[key] is None or isinstance(kwargs[key], (int, float)))
            },
            "positional": len(args),
        }
        if method in ("fit", "train_on_batch"):
            y = kwargs.get("y", args[1] if len(args) > 1 else None)
            if y is not None:
                event["y"] = self.describe(y)
        if method in ("fit", "fit_generator"):
            validation = kwargs.get("validation_data")
            if validation is not None:
                event["validation_data"] = self.describe(validation)
                if isinstance(validation, (list, tuple)) and validation:
                    event["validation_x"] = self.describe(validation[0])
                if _is_one_shot(validation) and kwargs.get("validation_steps") is None:
                    event["validation_probe"] = self.probe(validation)
        steps_key = "steps_per_epoch" if method in ("fit", "fit_generator") else "steps"
        steps = kwargs.get(steps_key)
        if method == "fit_generator" and steps is None and len(args) > 1:
            steps = args[1]
        if (
            _is_one_shot(x)
            and steps is None
            and method
            not in (
                "train_on_batch",
                "test_on_batch",
                "predict_on_batch",
            )
        ):
            event["probe"] = self.probe(x)
        self.events.append(event)
        self.calls += 1
        if self.calls >= self.max_calls:
            raise StopScript

    def record_next(self, iterator: Any) -> None:
        line = self.script_line()
        if line is not None:
            self.events.append(
                {
                    "kind": "next",
                    "line": line,
                    "iterator": id(iterator),
                    "type": type(iterator).__name__,
                }
            )

    def watch(self, value: Any, line: int) -> Any:
        """Called each time a watched `for` loop starts (the script is instrumented so):
        notes whether the iterated object is a generator that is already exhausted."""
        hits = self.line_hits.get(line, 0) + 1
        self.line_hits[line] = hits
        if hits <= 50:
            state = inspect.getgeneratorstate(value) if inspect.isgenerator(value) else None
            self.events.append(
                {
                    "kind": "loop",
                    "line": line,
                    "hit": hits,
                    "type": type(value).__name__,
                    "state": state,
                }
            )
        return value


RECORDER: CallRecorder | None = None


def _raise_probe_timeout(signum: int, frame: Any) -> None:
    raise ProbeTimeout


def _array_facts(value: Any) -> dict[str, Any]:
    facts: dict[str, Any] = {}
    try:
        facts["dtype"] = str(getattr(value.dtype, "name", value.dtype))
        facts["shape"] = [None if d is None else int(d) for d in tuple(value.shape)]
        array = value.numpy() if hasattr(value, "numpy") else value
        if getattr(array, "size", 0):
            facts["min"] = float(array.min())
            facts["max"] = float(array.max())
    except Exception as error:
        facts["error"] = repr(error)
    return facts


def _element_shape(dataset: Any) -> list[int | None] | None:
    """The shape of the model input a dataset's elements hold: the element itself, or the
    first of an (x, y) tuple; None for several inputs or an unknown rank."""
    try:
        spec = dataset.element_spec
        if isinstance(spec, tuple):
            spec = spec[0]
        shape = spec.shape
        if shape.rank is None:
            return None
        return [None if d is None else int(d) for d in shape]
    except Exception:
        return None


def _is_keras_sequence(value: Any) -> bool:
    return any(
        cls.__name__ in ("PyDataset", "Sequence") and "keras" in (cls.__module__ or "")
        for cls in type(value).__mro__
    )


def _is_one_shot(value: Any) -> bool:
    if value is None or _is_keras_sequence(value):
        return False
    return inspect.isgenerator(value) or (
        isinstance(value, Iterator) and not hasattr(value, "cardinality")
    )


def _model_facts(model: Any) -> dict[str, Any]:
    facts: dict[str, Any] = {"class": type(model).__name__}
    try:
        layers = list(getattr(model, "layers", []))
    except Exception:
        layers = []
    names = []
    for layer in layers[:4]:
        names.append(type(layer).__name__)
        inner = getattr(layer, "layers", None)
        if inner:
            names.extend(type(sub).__name__ for sub in list(inner)[:4])
    facts["first_layers"] = names
    facts["scales_inputs"] = any(name in SCALING_LAYERS for name in names)
    facts["softmax_over_one"] = _softmax_over_one(layers)
    facts["loss"] = _loss_name(getattr(model, "loss", None))
    try:
        inputs = list(getattr(model, "inputs", None) or [])
        if len(inputs) == 1:  # the declared input, batch axis first (FL010)
            facts["input_shape"] = [None if d is None else int(d) for d in inputs[0].shape]
    except Exception:
        pass
    try:
        outputs = list(getattr(model, "outputs", None) or [])
        if len(outputs) == 1:
            facts["output_shape"] = [None if d is None else int(d) for d in outputs[0].shape]
    except Exception:
        pass
    return facts


def _loss_name(loss: Any) -> str | None:
    """`"categorical_crossentropy"` as compiled: the string, or a loss object's name."""
    if loss is None:
        return None
    if isinstance(loss, str):
        return loss
    name = getattr(loss, "name", None) or getattr(loss, "__name__", None)
    return str(name) if name else type(loss).__name__


def _softmax_over_one(layers: list[Any]) -> list[dict[str, Any]]:
    """Layers (nested models included) that apply a softmax to an output whose last axis has
    size 1: what FL006 says, as the built model has it."""
    found: list[dict[str, Any]] = []
    pending = list(layers)
    while pending and len(found) < 10:
        layer = pending.pop(0)
        inner = getattr(layer, "layers", None)
        if inner:
            pending.extend(list(inner))
            continue
        activation = getattr(layer, "activation", None)
        name = getattr(activation, "__name__", None)
        if type(layer).__name__ != "Softmax" and name != "softmax":
            continue
        try:
            shape = tuple(layer.output.shape)
        except Exception:
            continue
        if shape and shape[-1] == 1:
            found.append(
                {
                    "layer": getattr(layer, "name", type(layer).__name__),
                    "class": type(layer).__name__,
                    "output_shape": [None if d is None else int(d) for d in shape],
                }
            )
    return found


def _stand_in(method: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """What a patched call returns instead of training, so the script can go on."""
    if method.startswith("fit"):
        history = types.SimpleNamespace(history={}, epoch=[], params={})
        return history
    if method.startswith("predict"):
        try:
            import numpy as np  # type: ignore[import-not-found,unused-ignore]  # beside Keras

            x: Any = kwargs.get("x", args[0] if args else None)
            count = len(x) if hasattr(x, "__len__") else 1
            return np.zeros((count, 1), dtype="float32")
        except Exception:
            return None
    return 0.0


def _patch_model_class(model_class: type, flavour: str) -> None:
    recorder = RECORDER
    assert recorder is not None
    if flavour in recorder.keras_flavours:
        return
    recorder.keras_flavours.append(flavour)
    for method in PATCHED_METHODS:
        original = getattr(model_class, method, None)
        if original is None:
            continue

        def patched(self: Any, *args: Any, _method: str = method, **kwargs: Any) -> Any:
            assert RECORDER is not None
            RECORDER.record_call(self, _method, args, kwargs)
            return _stand_in(_method, args, kwargs)

        patched.__name__ = method
        setattr(model_class, method, patched)


def _patch_module(name: str, module: types.ModuleType) -> None:
    model_class = getattr(module, "Model", None)
    if isinstance(model_class, type):
        _patch_model_class(model_class, name)


class _PatchFinder(importlib.abc.MetaPathFinder):
    """Patches `keras.Model` / `tf_keras.Model` the moment those packages finish loading."""

    targets = ("keras", "tf_keras")

    def find_spec(self, fullname: str, path: Any, target: Any = None) -> Any:
        if fullname not in self.targets:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is None or spec.loader is None:
                continue
            loader = spec.loader
            original_exec = loader.exec_module

            def exec_module(
                module: types.ModuleType, _exec: Callable[..., Any] = original_exec
            ) -> None:
                _exec(module)
                _patch_module(fullname, module)

            loader.exec_module = exec_module  # type: ignore[method-assign]
            return spec
        return None


def _install_next_hook(recorder: CallRecorder) -> None:
    original_next = builtins.next
    sentinel = object()

    def next_(iterator: Any, default: Any = sentinel) -> Any:
        recorder.record_next(iterator)
        if default is sentinel:
            return original_next(iterator)
        return original_next(iterator, default)

    builtins.next = next_


_WATCH = "__fitlint_watch__"


class _WatchLoops(ast.NodeTransformer):
    """`for x in it:` on a watched line becomes `for x in __fitlint_watch__(it, line):`
    (through `enumerate(...)` and `tqdm(...)`), so each start of the loop is seen."""

    def __init__(self, lines: set[int]) -> None:
        self.lines = lines

    def visit_For(self, node: ast.For) -> ast.AST:
        self.generic_visit(node)
        if node.iter.lineno in self.lines or node.lineno in self.lines:
            node.iter = self._wrap(node.iter, node.iter.lineno)
        return node

    def _wrap(self, expr: ast.expr, line: int) -> ast.expr:
        if (
            isinstance(expr, ast.Call)
            and expr.args
            and isinstance(expr.func, (ast.Name, ast.Attribute))
            and (expr.func.id if isinstance(expr.func, ast.Name) else expr.func.attr)
            in ("enumerate", "tqdm")
        ):
            expr.args[0] = self._wrap(expr.args[0], line)
            return expr
        wrapped = ast.Call(
            func=ast.Name(id=_WATCH, ctx=ast.Load()), args=[expr, ast.Constant(line)], keywords=[]
        )
        return ast.copy_location(wrapped, expr)


def _run_script(script: str, watch_lines: set[int], recorder: CallRecorder) -> None:
    """Run the script as `__main__`, like `python script.py`, with watched loops instrumented."""
    if not watch_lines:
        runpy.run_path(script, run_name="__main__")
        return
    with open(script, "rb") as handle:
        source = handle.read()
    tree = ast.parse(source, filename=script)
    tree = ast.fix_missing_locations(_WatchLoops(watch_lines).visit(tree))
    code = compile(tree, script, "exec")
    module = types.ModuleType("__main__")
    module.__file__ = script
    module.__dict__[_WATCH] = recorder.watch
    saved_main = sys.modules.get("__main__")
    sys.modules["__main__"] = module
    try:
        exec(code, module.__dict__)
    finally:
        if saved_main is not None:
            sys.modules["__main__"] = saved_main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="fitlint.confirm.runner")
    parser.add_argument("--facts", required=True)
    parser.add_argument("--calls", type=int, default=20)
    parser.add_argument("--probe-batches", type=int, default=200)
    parser.add_argument("--probe-seconds", type=float, default=5.0)
    parser.add_argument("--watch-lines", default="")
    parser.add_argument("script")
    parser.add_argument("script_args", nargs=argparse.REMAINDER)
    options = parser.parse_args(argv)

    global RECORDER
    recorder = CallRecorder(
        options.script, options.calls, options.probe_batches, options.probe_seconds
    )
    RECORDER = recorder
    watch_lines = {int(n) for n in options.watch_lines.split(",") if n}
    for name in _PatchFinder.targets:
        if name in sys.modules:
            _patch_module(name, sys.modules[name])
    sys.meta_path.insert(0, _PatchFinder())
    _install_next_hook(recorder)

    outcome: dict[str, Any] = {"status": "finished"}
    script = os.path.abspath(options.script)
    sys.argv = [script, *options.script_args]
    sys.path.insert(0, os.path.dirname(script))
    started = time.monotonic()
    try:
        _run_script(script, watch_lines, recorder)
    except StopScript:
        outcome = {"status": "stopped", "reason": f"stopped after {recorder.calls} training calls"}
    except SystemExit as error:
        outcome = {"status": "exited", "code": error.code if isinstance(error.code, int) else 1}
    except BaseException as error:
        line = None
        for frame, lineno in traceback.walk_tb(error.__traceback__):
            if os.path.realpath(frame.f_code.co_filename) == recorder.script:
                line = lineno
        outcome = {
            "status": "error",
            "type": type(error).__name__,
            "message": str(error)[:500],
            "line": line,
        }
    outcome["seconds"] = round(time.monotonic() - started, 3)
    outcome["keras"] = recorder.keras_flavours
    payload = {"outcome": outcome, "events": recorder.events}
    with open(options.facts, "w", encoding="utf-8") as handle:
        json.dump(payload, handle, default=repr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

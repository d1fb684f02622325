"""Matching what a confirmation run observed to the static findings, one verdict each."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from fitlint.diagnostics import Confirmation, Diagnostic

CONFIRMED, REFUTED, INCONCLUSIVE = "confirmed", "refuted", "inconclusive"

Facts = dict[str, Any]


def _rows(diagnostic: Diagnostic) -> tuple[int, int]:
    if diagnostic.anchor_rows is not None:
        return diagnostic.anchor_rows
    return (diagnostic.location.row, diagnostic.end_location.row)


def _events_at(facts: Facts, kind: str, rows: tuple[int, int]) -> list[dict[str, Any]]:
    start, end = rows
    return [
        event
        for event in facts.get("events", [])
        if event.get("kind") == kind
        and event.get("line") is not None
        and start <= event["line"] <= end
    ]


def _not_reached(facts: Facts, timeout: float) -> Confirmation:
    outcome = facts.get("outcome", {})
    status = outcome.get("status")
    if status == "timeout":
        return Confirmation(
            INCONCLUSIVE,
            f"the script did not reach this line within the {timeout:g} s timeout",
            {"outcome": outcome},
        )
    if status == "error":
        where = f" at line {outcome['line']}" if outcome.get("line") else ""
        return Confirmation(
            INCONCLUSIVE,
            f"the script raised {outcome.get('type')}{where} before reaching this line: "
            f"{outcome.get('message', '')[:160]}",
            {"outcome": outcome},
        )
    if status == "stopped":
        return Confirmation(
            INCONCLUSIVE,
            f"the run was stopped ({outcome.get('reason')}) before reaching this line",
            {"outcome": outcome},
        )
    if status == "no-run":
        return Confirmation(INCONCLUSIVE, outcome.get("reason", "the script was not run"), {})
    return Confirmation(
        INCONCLUSIVE, "the script finished without reaching this line", {"outcome": outcome}
    )


def confirm(diagnostic: Diagnostic, facts: Facts, timeout: float) -> Confirmation:
    judge = _JUDGES.get(diagnostic.code)
    if judge is None:
        return Confirmation(INCONCLUSIVE, f"{diagnostic.code} has no runtime check", {})
    verdict = judge(diagnostic, facts)
    return verdict if verdict is not None else _not_reached(facts, timeout)


# --- FL001 ----------------------------------------------------------------------------


def _fl001(diagnostic: Diagnostic, facts: Facts) -> Confirmation | None:
    rows = _rows(diagnostic)
    draws = _events_at(facts, "next", rows)
    if draws:
        by_iterator: dict[int, int] = {}
        for event in draws:
            by_iterator[event["iterator"]] = by_iterator.get(event["iterator"], 0) + 1
        trained = [
            e
            for e in facts.get("events", [])
            if e.get("kind") == "call"
            and e.get("method") in ("train_on_batch", "fit", "fit_generator")
        ]
        most = max(by_iterator.values())
        if most >= 2:
            return Confirmation(
                CONFIRMED,
                f"next() on line {draws[0]['line']} drew from the same "
                f"{draws[0]['type']} object {most} times, one batch per epoch, across "
                f"{len(trained)} training calls",
                {"draws": len(draws), "same_iterator_draws": most, "training_calls": len(trained)},
            )
        if len(by_iterator) >= 2:
            return Confirmation(
                REFUTED,
                f"next() on line {draws[0]['line']} drew from a new iterator each time "
                f"({len(by_iterator)} different objects)",
                {"draws": len(draws)},
            )
        return Confirmation(
            INCONCLUSIVE, "next() ran only once before the run stopped", {"draws": len(draws)}
        )
    loop_starts = _events_at(facts, "loop", rows)
    exhausted = [e for e in loop_starts if e.get("hit", 0) >= 2 and e.get("state") == "GEN_CLOSED"]
    if exhausted:
        event = exhausted[0]
        return Confirmation(
            CONFIRMED,
            f"when the loop on line {event['line']} started for the {_ordinal(event['hit'])} time, "
            "the generator was already exhausted (GEN_CLOSED): that epoch trained on nothing",
            {"line": event["line"], "loop_starts": len(loop_starts)},
        )
    repeats = [e for e in loop_starts if e.get("hit", 0) >= 2]
    calls = _events_at(facts, "call", rows)
    later = [call for call in calls[1:] if call.get("x", {}).get("state") == "GEN_CLOSED"]
    if later:
        return Confirmation(
            CONFIRMED,
            f"call {calls.index(later[0]) + 1} of {calls[0]['method']}() on line "
            f"{later[0]['line']} received the same generator object, already exhausted",
            {"calls": len(calls)},
        )
    if repeats:
        if repeats[0].get("state") is not None:
            return Confirmation(
                REFUTED,
                f"when the loop on line {repeats[0]['line']} started again, the generator was "
                f"{repeats[0]['state']}, not exhausted",
                {"line": repeats[0]["line"]},
            )
        return Confirmation(
            INCONCLUSIVE,
            f"the loop on line {repeats[0]['line']} started again over a "
            f"{repeats[0].get('type')}, whose state cannot be read",
            {"line": repeats[0]["line"]},
        )
    return None


def _ordinal(number: int) -> str:
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(
        number % 10 if number % 100 not in (11, 12, 13) else 0, "th"
    )
    return f"{number}{suffix}"


# --- FL002 ----------------------------------------------------------------------------


def _fl002(diagnostic: Diagnostic, facts: Facts) -> Confirmation | None:
    calls = _events_at(facts, "call", _rows(diagnostic))
    if not calls:
        return None
    call = calls[0]
    validation = diagnostic.message.startswith("validation_data")
    probe = call.get("validation_probe" if validation else "probe")
    data = call.get("validation_data" if validation else "x", {})
    if data.get("cardinality") is not None:
        cardinality = data["cardinality"]
        if cardinality == -1:
            return Confirmation(
                CONFIRMED,
                "the dataset's cardinality is -1 (INFINITE) and no step count was passed",
                {"cardinality": cardinality},
            )
        if cardinality >= 0:
            return Confirmation(
                REFUTED,
                f"the dataset is finite: cardinality {cardinality}",
                {"cardinality": cardinality},
            )
    if probe is None:
        return Confirmation(
            INCONCLUSIVE, "the data passed was not a generator fitlint could probe", {"x": data}
        )
    if "error" in probe:
        return Confirmation(INCONCLUSIVE, f"probing the data failed: {probe['error']}", probe)
    if probe.get("exhausted"):
        return Confirmation(REFUTED, f"the generator ended after {probe['batches']} batches", probe)
    return Confirmation(
        CONFIRMED,
        f"probe pulled {probe['batches']} batches in {probe.get('seconds', 0):g} s without "
        "exhaustion: it does not end on its own",
        probe,
    )


# --- FL003 ----------------------------------------------------------------------------


def _fl003(diagnostic: Diagnostic, facts: Facts) -> Confirmation | None:
    start, end = _rows(diagnostic)
    outcome = facts.get("outcome", {})
    line = outcome.get("line")
    if (
        outcome.get("status") == "error"
        and outcome.get("type") == "AttributeError"
        and line is not None
        and start <= line <= end
    ):
        return Confirmation(
            CONFIRMED,
            f"Keras raised AttributeError: {outcome.get('message')}",
            {"outcome": outcome},
        )
    calls = [
        c for c in _events_at(facts, "call", (start, end)) if c["method"].endswith("_generator")
    ]
    if calls:
        flavours = ", ".join(outcome.get("keras", []))
        return Confirmation(
            INCONCLUSIVE,
            f"this environment runs Keras 2 ({flavours}), "
            f"where {calls[0]['method']} still exists; Keras 3 removed it",
            {"keras": outcome.get("keras")},
        )
    return None


# --- FL004 ----------------------------------------------------------------------------


def _fl004(diagnostic: Diagnostic, facts: Facts) -> Confirmation | None:
    calls = _events_at(facts, "call", _rows(diagnostic))
    if not calls:
        return None
    call = calls[0]
    arguments = call.get("arguments", {})
    validation = diagnostic.message.startswith("validation_steps")
    steps = arguments.get("validation_steps" if validation else "steps_per_epoch")
    if steps is None:
        return Confirmation(INCONCLUSIVE, "the step count was not a plain number at run time", {})
    data = call.get("validation_data", {}) if validation else call.get("x", {})
    if validation and data.get("items"):
        data = data["items"][0]
    observed: dict[str, Any] = {"steps": steps}
    if data.get("cardinality") is not None:
        cardinality = data["cardinality"]
        observed["cardinality"] = cardinality
        if cardinality >= 0 and steps > cardinality:
            return Confirmation(CONFIRMED, f"cardinality {cardinality} < steps {steps}", observed)
        if cardinality < 0:
            return Confirmation(
                INCONCLUSIVE, f"the dataset's cardinality is {cardinality}", observed
            )
        return Confirmation(REFUTED, f"cardinality {cardinality} ≥ steps {steps}", observed)
    shape = data.get("shape")
    if shape:
        samples = shape[0]
        batch_size = arguments.get("batch_size")
        observed.update(samples=samples, batch_size=batch_size)
        if batch_size is None:
            inferred = math.ceil(samples / steps) if steps else None
            if inferred == 1 and steps >= samples:
                return Confirmation(
                    CONFIRMED,
                    f"{samples} samples and steps {steps} make Keras infer batch_size 1",
                    observed,
                )
            return Confirmation(
                REFUTED,
                f"with no batch_size Keras infers batch_size {inferred}: {steps} steps cover the "
                f"{samples} samples",
                observed,
            )
        available = math.ceil(samples / batch_size)
        if steps > available:
            return Confirmation(
                CONFIRMED,
                f"{samples} samples / batch_size {batch_size} = {available} batches "
                f"< steps {steps}",
                observed,
            )
        if steps < samples // batch_size:
            return Confirmation(
                CONFIRMED,
                f"steps {steps} × batch_size {batch_size} = {steps * batch_size} of {samples} "
                "samples per epoch",
                observed,
            )
        return Confirmation(
            REFUTED, f"{steps} steps match {available} batches of {samples} samples", observed
        )
    if data.get("len") is not None and data.get("sequence"):
        return Confirmation(
            CONFIRMED if steps > data["len"] else REFUTED,
            f"the Sequence has {data['len']} batches, steps {steps}",
            {**observed, "len": data["len"]},
        )
    return Confirmation(INCONCLUSIVE, "the data's size could not be read at run time", observed)


# --- FL005 ----------------------------------------------------------------------------


def _fl005(diagnostic: Diagnostic, facts: Facts) -> Confirmation | None:
    calls = _events_at(facts, "call", _rows(diagnostic))
    if not calls:
        return None
    call = calls[0]
    x = call.get("x", {})
    model = call.get("model", {})
    observed = {
        "dtype": x.get("dtype"),
        "max": x.get("max"),
        "first_layers": model.get("first_layers"),
    }
    if x.get("dtype") is None:
        if x.get("cardinality") is not None:
            return Confirmation(
                INCONCLUSIVE, "x is a dataset; its elements were not read", observed
            )
        return Confirmation(INCONCLUSIVE, f"x is a {x.get('type')}, not an array", observed)
    if model.get("scales_inputs"):
        return Confirmation(
            REFUTED,
            f"the model starts with {', '.join(model['first_layers'])}, which rescales inputs",
            observed,
        )
    if x["dtype"] == "uint8" and (x.get("max") or 0) > 1:
        layers = ", ".join(model.get("first_layers") or []) or "no layers"
        return Confirmation(
            CONFIRMED,
            f"x reached {call['method']}() as uint8 with max {x['max']:g}; the model's first "
            f"layers are {layers}",
            observed,
        )
    return Confirmation(
        REFUTED,
        f"x reached {call['method']}() as {x['dtype']} with max {x.get('max', 0):g}",
        observed,
    )


_JUDGES = {"FL001": _fl001, "FL002": _fl002, "FL003": _fl003, "FL004": _fl004, "FL005": _fl005}


def watch_lines(diagnostics: Sequence[Diagnostic]) -> list[int]:
    """Lines the runner should watch: the loops FL001 says start over an exhausted iterator."""
    return sorted({_rows(d)[0] for d in diagnostics if d.code == "FL001"})

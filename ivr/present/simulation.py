"""Simulation results as JSON and as a text table (one row per intent, worst first)."""

from __future__ import annotations

import math

from ivr.model.words import printable, printable_name
from ivr.simulation import IntentResult, Simulation
from ivr.present import json_text

__all__ = ["simulation_dict", "format_json", "format_table"]

KEYS = ("share", "resolved", "reached_human", "abandoned", "disconnected", "ended", "mean_time_s",
        "p90_time_s", "mean_menus", "mean_resolved_time_s")


def _clean(value):
    if isinstance(value, float) and math.isnan(value):
        return None
    return round(value, 6) if isinstance(value, float) else value


def _row(result: IntentResult) -> dict:
    return {key: _clean(getattr(result, key)) for key in KEYS}


def simulation_dict(simulation: Simulation) -> dict:
    callers = simulation.callers
    return {
        "method": simulation.method,
        "calls": simulation.calls,
        "seed": simulation.seed,
        "callers": {"accuracy": callers.accuracy, "speech_accuracy": callers.speech_accuracy,
                    "no_input": callers.no_input, "patience": callers.patience,
                    "words_per_minute": callers.words_per_minute},
        "implied_intent": simulation.implied_intent,
        "intents": {name: _row(result) for name, result in simulation.intents.items()},
        "overall": _row(simulation.overall),
    }


def format_json(simulations: dict[str, Simulation], extra: dict[str, dict] | None = None) -> str:
    """One file: the simulation document; several: ``{file: document}``. ``extra``: members to add to a
    file's document (its hold times)."""
    extra = extra or {}
    documents = {printable_name(f): {**simulation_dict(s), **extra.get(f, {})} for f, s in simulations.items()}
    if len(documents) == 1:
        (only,) = documents.values()
        return json_text(only)
    return json_text(documents)


def _pct(value: float) -> str:
    return "-" if math.isnan(value) else f"{value * 100:.1f}%"


def _sec(value: float | None) -> str:
    return "-" if value is None or math.isnan(value) else f"{value:.1f}"


def format_table(name: str, file: str, simulation: Simulation) -> str:
    callers = simulation.callers
    if simulation.method == "exact":
        how = "exact"
    else:
        how = f"Monte Carlo, {simulation.calls:,} calls, seed {simulation.seed}"
    patience = "unlimited" if callers.unlimited_patience else f"{callers.patience:g} s"
    lines = [
        f"{printable(name)} ({printable_name(file)})",
        f"{how}; callers: accuracy {callers.accuracy:g}, no input {callers.no_input:g}, patience {patience}",
    ]
    if simulation.implied_intent:
        lines.append("no intents declared: simulated callers who want a person (any transfer)")
    header = ("intent", "share", "resolved", "human", "abandoned", "cut off", "ended", "mean s", "p90 s",
              "resolved s", "menus")
    rows = sorted(simulation.intents.items(), key=lambda item: (item[1].resolved, -item[1].mean_time_s))
    table = [header]
    for intent, r in rows + [("overall", simulation.overall)]:
        table.append((intent, _pct(r.share), _pct(r.resolved), _pct(r.reached_human), _pct(r.abandoned),
                      _pct(r.disconnected), _pct(r.ended), _sec(r.mean_time_s), _sec(r.p90_time_s),
                      _sec(r.mean_resolved_time_s), "-" if math.isnan(r.mean_menus) else f"{r.mean_menus:.2f}"))
    table = [tuple(printable(cell) for cell in row) for row in table]  # intent names: one line each, inert
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    for i, row in enumerate(table):
        if i == len(table) - 1:
            lines.append("  ".join("-" * w for w in widths))
        lines.append("  ".join(cell.ljust(w) if j == 0 else cell.rjust(w) for j, (cell, w) in
                               enumerate(zip(row, widths))).rstrip())
    return "\n".join(lines)

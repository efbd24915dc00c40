"""Simulate callers with intents through a menu graph (an analysis stage).

``simulate(graph, callers, ...)`` (in :mod:`~ivr.simulation.simulator`) answers,
per intent and overall, how many callers reach what they called for, reach a
person, give up or are cut off, and how long it takes; with ``flows=True``, how
calls flow over each edge, from the same solve or sample. The caller model is
:mod:`~ivr.simulation.callers`, the Markov chain :mod:`~ivr.simulation.chain`,
the solvers :mod:`~ivr.simulation.exact` and :mod:`~ivr.simulation.montecarlo`.

The names below are imported on first use, so that importing
``ivr.simulation.callers`` (the command line's options do) does not import numpy,
scipy or the chain compiler.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ivr.simulation.callers import Callers
    from ivr.simulation.chain import Chain, Outcome
    from ivr.simulation.simulator import (IMPLIED_INTENT, METHODS, Flows, IntentResult, Simulation, SimulationError,
                                          intents_of, simulate)

__all__ = ["Callers", "Outcome", "Chain", "IntentResult", "Simulation", "SimulationError", "Flows",
           "simulate", "intents_of", "METHODS", "IMPLIED_INTENT"]

_HOMES = {"Callers": "callers", "Outcome": "chain", "Chain": "chain"}


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module 'ivr.simulation' has no attribute '{name}'")
    value = getattr(import_module(f"ivr.simulation.{_HOMES.get(name, 'simulator')}"), name)
    globals()[name] = value
    return value

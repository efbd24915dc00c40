"""Simulate callers with intents through a menu graph: figures per intent and, asked, edge flows.

``simulate(graph, callers, ...)`` answers, per intent and overall, how many
callers reach what they called for, reach a person, give up or are cut off,
and how long it takes. ``exact`` solves the absorbing Markov chain (callers
with unlimited patience); ``montecarlo`` samples it, vectorised over calls.
With ``flows=True`` the same solve or the same sample also gives how calls
flow through the menu: the expected passes per call over each edge, per
intent (:attr:`Simulation.flows`) and weighted by share
(:meth:`Simulation.edge_flows`), so that a diagram's edge percentages and its
goal labels come from one simulation.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import networkx as nx
import numpy as np

from ivr.model.menu import Intent, Ref
from ivr.simulation import exact, montecarlo
from ivr.simulation.callers import Callers
from ivr.simulation.chain import Chain, Outcome, compile_chains

__all__ = ["IntentResult", "QueueReach", "queues_of", "Simulation", "SimulationError", "simulate", "intents_of", "METHODS", "IMPLIED_INTENT",
           "Flows"]

#: ``{(from node, to node): expected passes per call}`` for every edge some call takes
Flows = dict[tuple[str, str], float]

METHODS = ("auto", "exact", "montecarlo")
#: The intent simulated for a menu that declares none: callers who want a person.
IMPLIED_INTENT = "reach_a_person"


class SimulationError(ValueError):
    """The simulation cannot be run as asked (a method that does not apply)."""


@dataclass(frozen=True, slots=True)
class IntentResult:
    share: float
    resolved: float
    reached_human: float
    abandoned: float
    disconnected: float
    ended: float  # at a voicemail or hangup that is not the goal
    mean_time_s: float
    p90_time_s: float | None
    mean_menus: float
    calls: int | None = None  # Monte Carlo: calls simulated for this intent
    #: the mean seconds of the calls that are resolved (NaN when none is): what ``ivr diff`` judges
    #: time by, since a call that ends sooner because it is cut off is no better
    mean_resolved_time_s: float = float("nan")


@dataclass(frozen=True, slots=True)
class QueueReach:
    """The calls of one intent that end at a transfer to one queue."""

    share: float  #: of the intent's calls
    menu_seconds: float  #: mean seconds in the menu of those calls, before the queue
    #: Monte Carlo: each such call's seconds in the menu
    seconds: np.ndarray | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Simulation:
    method: str
    calls: int | None
    seed: int | None
    callers: Callers
    intents: dict[str, IntentResult]
    overall: IntentResult
    implied_intent: bool = False
    #: with ``flows=True``: per intent, the expected passes per call (of that intent) over each edge
    flows: dict[str, Flows] | None = None
    #: with ``queues=True``: per intent, per queue a transfer names, the calls that end there (reached ones)
    reached: dict[str, dict[str, QueueReach]] | None = None
    #: with ``queues=True``: every queue a transfer of the menu names
    queue_names: tuple[str, ...] = ()

    def edge_flows(self) -> Flows:
        """The expected passes per call over each edge, intents weighted by their share (for diagrams)."""
        if self.flows is None:
            raise ValueError("this simulation was run without flows=True")
        combined: dict[tuple[str, str], float] = defaultdict(float)
        for name, flows in self.flows.items():
            share = self.intents[name].share
            for edge, passes in flows.items():
                combined[edge] += share * passes
        return dict(combined)


def intents_of(graph: nx.DiGraph) -> tuple[dict[str, Intent], bool]:
    """The menu's intents, or (``True``) the implied one: callers who want a person, at any transfer."""
    if graph.graph["intents"]:
        return graph.graph["intents"], False
    goals = tuple(Ref(node_id, data["location"]) for node_id, data in graph.nodes(data=True)
                  if data["kind"] == "transfer")
    return {IMPLIED_INTENT: Intent(IMPLIED_INTENT, goals, graph.graph["start_location"])}, True


def _allocate(calls: int, shares: list[float]) -> list[int]:
    """Split ``calls`` by share, largest remainders first, so that they add up exactly."""
    exact_counts = [calls * s for s in shares]
    counts = [int(c) for c in exact_counts]
    order = sorted(range(len(shares)), key=lambda i: exact_counts[i] - counts[i], reverse=True)
    for i in order[: calls - sum(counts)]:
        counts[i] += 1
    return counts


def _rates(probabilities: np.ndarray) -> dict[str, float]:
    p = probabilities
    return {
        "resolved": float(p[Outcome.RESOLVED] + p[Outcome.RESOLVED_HUMAN]),
        "reached_human": float(p[Outcome.HUMAN] + p[Outcome.RESOLVED_HUMAN]),
        "abandoned": float(p[Outcome.ABANDONED]),
        "disconnected": float(p[Outcome.DISCONNECTED]),
        "ended": float(p[Outcome.ENDED]),
    }


def simulate(
    graph: nx.DiGraph,
    callers: Callers = Callers(),
    method: str = "auto",
    calls: int = 100_000,
    seed: int = 0,
    progress: Callable[[int], None] | None = None,
    *,
    flows: bool = False,
    queues: bool = False,
) -> Simulation:
    """Simulate ``callers`` through ``graph`` for each intent (or the implied one).

    With ``flows``, also count how calls flow over each edge, from the same solve
    (exact) or the same calls (Monte Carlo), into :attr:`Simulation.flows`. With ``queues``, also
    which queue the calls that reach a transfer join, and their time in the menu, into
    :attr:`Simulation.reached` (exact: solved; Monte Carlo: counted, with each call's seconds).
    """
    if method not in METHODS:
        raise SimulationError(f"unknown method '{method}'; use one of {', '.join(METHODS)}")
    if method == "auto":
        method = "exact" if callers.unlimited_patience else "montecarlo"
    if method == "exact" and not callers.unlimited_patience:
        raise SimulationError(
            f"the exact method needs callers with unlimited patience (patience 0, not {callers.patience:g} s): "
            "with a time limit the chain would need a state for every second; use montecarlo, or patience 0"
        )
    if method == "montecarlo" and calls < 1:
        raise SimulationError(f"Monte Carlo needs at least 1 call, not {calls}")
    intents, implied = intents_of(graph)
    total = sum(i.share for i in intents.values())
    shares = [i.share / total for i in intents.values()]
    chains = compile_chains(graph, [[g.target for g in i.goals] for i in intents.values()], callers,
                            fold=method == "exact")
    results: dict[str, IntentResult] = {}
    passes: dict[str, Flows] | None = {} if flows else None
    queue_of = queues_of(graph) if queues else {}
    names = tuple(sorted(set(queue_of.values())))
    reached: dict[str, dict[str, QueueReach]] | None = {} if queues else None
    if method == "exact":
        for (name, _), share, chain in zip(intents.items(), shares, chains):
            probabilities, mean_time, mean_menus, visits = exact.solve_with_visits(chain)
            rates = _rates(probabilities)
            results[name] = IntentResult(share, **rates, mean_time_s=mean_time, p90_time_s=None,
                                         mean_menus=mean_menus,
                                         mean_resolved_time_s=exact.resolved_time(chain, visits, rates["resolved"]))
            if reached is not None:
                reached[name] = {queue: QueueReach(p, seconds) for queue, (p, seconds)
                                 in exact.by_queue(chain, visits, queue_of, graph.graph["start"]).items()}
            if passes is not None:
                per_transition = np.repeat(visits, np.diff(chain.indptr)) * chain.probability
                passes[name] = _edges(chain, per_transition, None)
                for state, node_id, per_visit in chain.replays:  # folded tries: the replays of a menu
                    edge = (node_id, node_id)
                    passes[name][edge] = passes[name].get(edge, 0.0) + float(visits[state]) * per_visit
        overall = _weighted(results, None)
        return Simulation("exact", None, None, callers, results, overall, implied, passes, reached, names)
    rng = np.random.default_rng(seed)
    pooled_times = []
    for (name, _), share, chain, count in zip(intents.items(), shares, chains, _allocate(calls, shares)):
        if count == 0:
            results[name] = IntentResult(share, 0.0, 0.0, 0.0, 0.0, 0.0, float("nan"), None, float("nan"), 0)
            if passes is not None:
                passes[name] = {}
            if reached is not None:
                reached[name] = {}
            continue
        taken = np.zeros(len(chain.target)) if passes is not None else None
        tired = np.zeros(chain.size) if passes is not None else None
        ends = _end_codes(chain, queue_of, names) if queues else None
        ended = np.empty(count, dtype=np.int32) if queues else None
        codes, seconds, menus = montecarlo.run(chain, count, rng, callers.patience, progress, taken, tired,
                                               ends, ended)
        if reached is not None and ended is not None:
            if chain.start < 0 and graph.graph["start"] in queue_of:  # the call starts at a transfer
                ended[:] = names.index(queue_of[graph.graph["start"]])
            reached[name] = {}
            for i, queue in enumerate(names):
                mine = seconds[ended == i]
                if len(mine):
                    reached[name][queue] = QueueReach(len(mine) / count, float(mine.mean()), mine)
        if passes is not None and taken is not None and tired is not None:
            passes[name] = _edges(chain, taken / count, tired / count)
        probabilities = np.bincount(codes, minlength=len(Outcome)) / count
        pooled_times.append(seconds)
        resolved = (codes == Outcome.RESOLVED) | (codes == Outcome.RESOLVED_HUMAN)
        results[name] = IntentResult(share, **_rates(probabilities), mean_time_s=float(seconds.mean()),
                                     p90_time_s=float(np.percentile(seconds, 90)),
                                     mean_menus=float(menus.mean()), calls=count,
                                     mean_resolved_time_s=float(seconds[resolved].mean()) if resolved.any()
                                     else float("nan"))
    p90 = float(np.percentile(np.concatenate(pooled_times), 90)) if pooled_times else None
    return Simulation("montecarlo", calls, seed, callers, results, _weighted(results, p90), implied, passes,
                      reached, names)


def queues_of(graph: nx.DiGraph) -> dict[str, str]:
    """``{transfer node: the queue it names}`` for every transfer that names one."""
    return {node_id: node.queue for node_id, node in graph.nodes(data="node")
            if node is not None and node.type == "transfer" and node.queue}


def _end_codes(chain: Chain, queue_of: dict[str, str], names: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    """Per transition and per state (a caller out of patience), the index in ``names`` of the queue a call
    that ends there joins; -1 where it joins none."""
    index = {name: i for i, name in enumerate(names)}
    human = np.isin(chain.target, [-1 - Outcome.HUMAN, -1 - Outcome.RESOLVED_HUMAN])
    per_transition = np.array([index[queue_of[a]] if h and a in queue_of else -1
                               for a, h in zip(chain.arrival, human)], dtype=np.int32)
    tired_human = np.isin(chain.impatient_target, [-1 - Outcome.HUMAN, -1 - Outcome.RESOLVED_HUMAN])
    per_state = np.array([index[queue_of[a]] if h and a in queue_of else -1
                          for a, h in zip(chain.impatient_arrival, tired_human)], dtype=np.int32)
    return per_transition, per_state


def _edges(chain: Chain, per_transition: np.ndarray, per_tired_state: np.ndarray | None) -> Flows:
    """Passes per call over each edge: a transition's passes on the edge from its state's node to the node
    it arrives at; a caller out of patience passes from the state's node to its human option's target."""
    flows: dict[tuple[str, str], float] = defaultdict(float)
    sources = np.repeat(np.arange(chain.size), np.diff(chain.indptr))
    for j in np.flatnonzero(per_transition > 0):
        flows[chain.states[sources[j]][0], chain.arrival[j]] += float(per_transition[j])
    if per_tired_state is not None:
        for s in np.flatnonzero(per_tired_state > 0):
            arrival = chain.impatient_arrival[s]
            if arrival is not None:
                flows[chain.states[s][0], arrival] += float(per_tired_state[s])
    return dict(flows)


def _weighted(results: dict[str, IntentResult], p90: float | None) -> IntentResult:
    counted = [r for r in results.values() if r.calls != 0]
    weight = sum(r.share for r in counted) or 1.0

    def mean(key: str) -> float:
        return sum(getattr(r, key) * r.share for r in counted) / weight

    served = [r for r in counted if r.resolved > 0 and not math.isnan(r.mean_resolved_time_s)]
    served_weight = sum(r.share * r.resolved for r in served)
    resolved_time = (sum(r.share * r.resolved * r.mean_resolved_time_s for r in served) / served_weight
                     if served_weight > 0 else float("nan"))
    return IntentResult(1.0, mean("resolved"), mean("reached_human"), mean("abandoned"), mean("disconnected"),
                        mean("ended"), mean("mean_time_s"), p90, mean("mean_menus"),
                        sum(r.calls for r in counted) if counted and counted[0].calls is not None else None,
                        resolved_time)

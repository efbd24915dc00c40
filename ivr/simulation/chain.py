"""Compile a menu graph, an intent and the caller model into an absorbing Markov chain.

A state is (node, failed attempts so far at that node); attempts count only
while the caller stays at the node (a replay), and start again from 0 when
they move on. A call is absorbed into an :class:`Outcome` on arriving at a
goal, a transfer, a voicemail or hangup, a system disconnect, or, for states
from which no outcome can ever be reached (an inescapable loop), on entering
them: such callers are counted as abandoned.

Both the exact solver and Monte Carlo work on this one chain, so they answer
the same question.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from enum import IntEnum

import networkx as nx
import numpy as np

from ivr.simulation.callers import Callers
from ivr.timing import DEFAULT_TIMEOUT, durations, fastest_to

__all__ = ["Outcome", "Chain", "compile_chain", "human_option"]


class Outcome(IntEnum):
    RESOLVED = 0  # arrived at a goal that is not a transfer
    RESOLVED_HUMAN = 1  # arrived at a goal that is a transfer
    HUMAN = 2  # arrived at a transfer that is not the goal
    ENDED = 3  # voicemail or hangup, not the goal
    DISCONNECTED = 4  # the system ended the call: retries exhausted, dead end, unknown node
    ABANDONED = 5  # the caller hung up: out of patience, or caught in a loop


_ENDINGS = {"transfer": Outcome.HUMAN, "voicemail": Outcome.ENDED, "hangup": Outcome.ENDED,
            "disconnect": Outcome.DISCONNECTED, "missing": Outcome.DISCONNECTED}


@dataclass
class Chain:
    """The chain of one intent. Transient states are 0..n-1; a transition goes to
    a state (``target >= 0``) or is absorbed (``target = -1 - outcome``).

    Rows are stored flat: the transitions of state ``s`` are
    ``indptr[s]:indptr[s + 1]`` of ``target``, ``probability`` and ``cost``
    (seconds spent on that step).
    """

    states: list[tuple[str, int]]
    indptr: np.ndarray
    target: np.ndarray
    probability: np.ndarray
    cost: np.ndarray
    #: True where the state is a menu (counted in mean_menus)
    is_menu: np.ndarray
    #: where a caller out of patience goes from each state: -2 = no change (not a menu/input)
    impatient_target: np.ndarray
    impatient_cost: np.ndarray
    #: the start: a state, or an outcome when the call is absorbed on arrival
    start: int = 0
    #: the fastest way to the goal, seconds, from the start (None: unreachable)
    fastest_s: float | None = None
    goals: frozenset = field(default_factory=frozenset)

    @property
    def size(self) -> int:
        return len(self.states)


def absorbed(outcome: Outcome) -> int:
    return -1 - int(outcome)


def human_option(graph: nx.DiGraph, node) -> str | None:
    """The target of a menu's human option: one from which a transfer is one step away."""
    def is_human(target: str) -> bool:
        data = graph.nodes.get(target)
        if data is None:
            return False
        if data["kind"] == "transfer":
            return True
        model = data["node"]
        return (model is not None and model.type == "message" and model.goto is not None
                and graph.nodes.get(model.goto.target, {}).get("kind") == "transfer")

    keys = sorted(node.options, key=lambda k: (k != "0", k))  # 0 first, by convention
    for key in keys:
        if is_human(node.options[key].goto.target):
            return node.options[key].goto.target
    return None


def compile_chain(graph: nx.DiGraph, goals, callers: Callers) -> Chain:
    """The absorbing chain of callers who want to reach any of ``goals``."""
    goals = frozenset(g for g in goals if g in graph)
    seconds = durations(graph, callers.words_per_minute)
    to_goal = fastest_to(graph, goals, seconds)
    transfers = [n for n, kind in graph.nodes(data="kind") if kind == "transfer"]
    to_human = fastest_to(graph, transfers, seconds)

    index: dict[tuple[str, int], int] = {}
    states: list[tuple[str, int]] = []
    rows: list[list[tuple[int, float, float]]] = []
    queue: deque[int] = deque()

    def arrive(node_id: str, attempts: int = 0) -> int:
        if node_id in goals:
            kind = graph.nodes[node_id]["kind"]
            return absorbed(Outcome.RESOLVED_HUMAN if kind == "transfer" else Outcome.RESOLVED)
        kind = graph.nodes[node_id]["kind"]
        if kind in _ENDINGS:
            return absorbed(_ENDINGS[kind])
        key = (node_id, attempts)
        if key not in index:
            index[key] = len(states)
            states.append(key)
            rows.append([])
            queue.append(index[key])
        return index[key]

    start = arrive(graph.graph["start"]) if graph.graph["start"] in graph else absorbed(Outcome.DISCONNECTED)
    #: state -> (target, cost) for a caller out of patience at a menu or input
    impatient: dict[int, tuple[int, float]] = {}
    q, a = callers.no_input, callers.accuracy
    while queue:
        s = queue.popleft()
        node_id, attempts = states[s]
        node = graph.nodes[node_id]["node"]
        d = seconds[node_id]
        row = rows[s]
        if node.type == "message":
            row.append((arrive(node.goto.target) if node.goto else absorbed(Outcome.DISCONNECTED), 1.0, d))
        elif node.type == "branch":
            cases = [(b.goto.target, b.p) for b in node.branches]
            if node.otherwise is not None:
                cases.append((node.otherwise.target, None))
            if not cases:
                row.append((absorbed(Outcome.DISCONNECTED), 1.0, d))
            given = sum(p for _, p in cases if p is not None)
            unset = sum(1 for _, p in cases if p is None)
            for target, p in cases:
                share = p if p is not None else (1.0 - given) / unset
                if share > 0:
                    row.append((arrive(target), share, d))
        else:  # menu or input: the caller acts, and may fail
            human = human_option(graph, node) if node.type == "menu" else None
            impatient[s] = (arrive(human), d) if human else (absorbed(Outcome.ABANDONED), 0.0)
            timeout = node.timeout if node.timeout is not None else DEFAULT_TIMEOUT
            last_try = attempts + 1 >= max(node.retries, 1)

            def failed(handler, extra):
                if last_try:
                    target = arrive(node.on_fail.target) if node.on_fail else absorbed(Outcome.DISCONNECTED)
                elif handler is None or handler.target == node_id:
                    target = arrive(node_id, attempts + 1)
                else:
                    target = arrive(handler.target)
                return target, d + extra

            if q > 0:
                target, cost = failed(node.no_input, timeout)
                row.append((target, q, cost))
            ok = 1.0 - q
            if node.type == "input":
                if ok * a > 0:
                    row.append((arrive(node.goto.target) if node.goto else absorbed(Outcome.DISCONNECTED), ok * a, d))
                if ok * (1 - a) > 0:
                    target, cost = failed(node.no_match, 0.0)
                    row.append((target, ok * (1 - a), cost))
            else:
                targets = [o.goto.target for o in sorted(node.options.values(), key=lambda o: o.key)]
                best = _best(targets, to_goal) or _best(targets, to_human)
                if not targets:
                    if ok > 0:
                        target, cost = failed(node.no_match, 0.0)
                        row.append((target, ok, cost))
                elif best is None:  # lost: no option leads anywhere useful
                    for t in targets:
                        row.append((arrive(t), ok / len(targets), d))
                else:
                    others = [t for t in targets if t != best]
                    if ok * a > 0:
                        row.append((arrive(best), ok * a, d))
                    if ok * (1 - a) > 0:
                        if others:
                            for t in others:
                                row.append((arrive(t), ok * (1 - a) / len(others), d))
                        else:
                            target, cost = failed(node.no_match, 0.0)
                            row.append((target, ok * (1 - a), cost))

    return _finish(graph, states, rows, start, impatient, goals, to_goal)


def _best(targets: list[str], distance: dict[str, float]) -> str | None:
    reachable = [t for t in targets if t in distance]
    return min(reachable, key=lambda t: distance[t]) if reachable else None


def _finish(graph, states, rows, start, impatient, goals, to_goal) -> Chain:
    n = len(states)
    # states from which no outcome can be reached: callers caught there give up on entering
    leads_out = [False] * n
    back: list[list[int]] = [[] for _ in range(n)]
    queue = deque()
    for s, row in enumerate(rows):
        for target, p, _ in row:
            if p <= 0:
                continue
            if target < 0:
                if not leads_out[s]:
                    leads_out[s] = True
                    queue.append(s)
            else:
                back[target].append(s)
    while queue:
        for source in back[queue.popleft()]:
            if not leads_out[source]:
                leads_out[source] = True
                queue.append(source)
    trapped = absorbed(Outcome.ABANDONED)

    def mapped(target: int) -> int:
        return trapped if target >= 0 and not leads_out[target] else target

    indptr = np.zeros(n + 1, dtype=np.int64)
    flat = []
    for s, row in enumerate(rows):
        merged: dict[int, list[float]] = {}
        for target, p, cost in row:
            if p > 0:
                entry = merged.setdefault(mapped(target), [0.0, 0.0])
                entry[1] = (entry[1] * entry[0] + cost * p) / (entry[0] + p)
                entry[0] += p
        flat.extend((t, p, c) for t, (p, c) in merged.items())
        indptr[s + 1] = len(flat)
    target = np.array([t for t, _, _ in flat], dtype=np.int64)
    probability = np.array([p for _, p, _ in flat], dtype=np.float64)
    cost = np.array([c for _, _, c in flat], dtype=np.float64)

    is_menu = np.array([graph.nodes[node_id]["kind"] == "menu" for node_id, _ in states], dtype=bool)
    impatient_target = np.full(n, -2, dtype=np.int64)
    impatient_cost = np.zeros(n, dtype=np.float64)
    for s, (tired_target, tired_cost) in impatient.items():
        impatient_target[s] = mapped(tired_target)
        impatient_cost[s] = tired_cost
    start_node = graph.graph["start"]
    return Chain(
        states=states,
        indptr=indptr,
        target=target,
        probability=probability,
        cost=cost,
        is_menu=is_menu,
        impatient_target=impatient_target,
        impatient_cost=impatient_cost,
        start=mapped(start),
        fastest_s=to_goal.get(start_node),
        goals=goals,
    )

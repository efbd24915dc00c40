"""Compile a menu graph, an intent and the caller model into an absorbing Markov chain.

A state is (node, failed attempts so far at that node); attempts count only
while the caller stays at the node (a replay), and start again from 0 when
they move on. A call is absorbed into an :class:`Outcome` on arriving at a
goal, a transfer, a voicemail or hangup, a system disconnect, or, for states
from which no outcome can ever be reached (an inescapable loop), on entering
them: such callers are counted as abandoned.

Both the exact solver and Monte Carlo work on this one chain, so they answer
the same question.

For the exact solver the attempts are folded (``fold=True``): a menu's tries
form a geometric series (each failure that replays the menu has the same
chance at every try), so one state per menu stands for all of them, with the
probabilities and expected seconds of leaving it summed in closed form. The
chain then has as many states whatever ``retries`` is, and its solve as much
memory; without folding the attempt states and their fill-in in the sparse LU
grew with the square of ``retries``. Monte Carlo walks the unfolded chain, one
try a step, because a caller's patience and the spread of call times depend on
each try.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

import networkx as nx
import numpy as np

from ivr.gcpause import collector_paused
from ivr.graph.build import DISCONNECT, undialled_keys
from ivr.model.menu import Fallback
from ivr.simulation.fold import fold_tries
from ivr.graph.human import reaches_person
from ivr.simulation.callers import Callers
from ivr.graph.timing import DEFAULT_TIMEOUT, durations, fastest_to

__all__ = ["Outcome", "Chain", "compile_chain", "compile_chains", "human_option"]


class Outcome(IntEnum):
    RESOLVED = 0  # arrived at a goal that is not a transfer
    RESOLVED_HUMAN = 1  # arrived at a goal that is a transfer
    HUMAN = 2  # arrived at a transfer that is not the goal
    ENDED = 3  # voicemail or hangup, not the goal
    DISCONNECTED = 4  # the system ended the call: retries exhausted, dead end, unknown node
    ABANDONED = 5  # the caller hung up: out of patience, or caught in a loop


_ENDINGS = {"transfer": Outcome.HUMAN, "voicemail": Outcome.ENDED, "hangup": Outcome.ENDED,
            "disconnect": Outcome.DISCONNECTED, "missing": Outcome.DISCONNECTED, "external": Outcome.ENDED}


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
    #: the node each transition arrives at (DISCONNECT where the system ends the call)
    arrival: list[str]
    #: where a caller out of patience goes from each state: -2 = no change (not a menu/input)
    impatient_target: np.ndarray
    impatient_cost: np.ndarray
    #: the node a caller out of patience arrives at from each state (None: hangs up, or not a menu/input)
    impatient_arrival: list[str | None]
    #: the start: a state, or an outcome when the call is absorbed on arrival
    start: int = 0
    #: folded chains: menus heard per visit of each state (a folded menu is heard once per try)
    heard: np.ndarray | None = None
    #: folded chains: the replays a visit of a state makes, as (state, node replayed, expected
    #: passes per visit) for each way the caller fails back into the same menu or input
    replays: list[tuple[int, str, float]] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.states)


#: A transition less likely than this is not a way out of a loop (see _finish).
NEGLIGIBLE = 1e-12


def absorbed(outcome: Outcome) -> int:
    return -1 - int(outcome)


def _dialled(graph: nx.DiGraph, node_id: str) -> list[str]:
    """The keys of a menu's options that a caller can dial (not those no string of keys matches: the graph's
    ``never_taken``, which unmatchable-option reports)."""
    undialled = undialled_keys(graph, node_id)
    return [key for key in graph.nodes[node_id]["node"].options if key not in undialled]


def human_option(graph: nx.DiGraph, node: Any) -> str | None:
    """The target of a menu's human option (``0`` first, by convention, then by key): one that reaches a
    person as rule ``no-human-option`` defines it (:func:`ivr.graph.human.reaches_person`), through any
    chain of messages and system branches to a transfer."""
    keys = sorted(_dialled(graph, node.id), key=lambda k: (k != "0", k))
    for key in keys:
        target = node.options[key].goto.target
        if target in graph and reaches_person(graph, target):
            return target
    return None


@dataclass
class _Prepared:
    """What every intent's chain needs and no goal changes, worked out once per menu."""

    graph: nx.DiGraph
    kind: dict[str, str]
    model: dict
    seconds: dict[str, float]
    to_human: dict[str, float]
    options: dict[str, list[str]]  # menu -> option targets, by key
    human: dict[str, str | None]  # menu -> its human option's target

    @classmethod
    def of(cls, graph: nx.DiGraph, callers: Callers) -> _Prepared:
        seconds = durations(graph, callers.words_per_minute)
        kind = dict(graph.nodes(data="kind"))
        model = dict(graph.nodes(data="node"))
        menus = [n for n, k in kind.items() if k == "menu"]
        return cls(
            graph=graph,
            kind=kind,
            model=model,
            seconds=seconds,
            to_human=fastest_to(graph, [n for n, k in kind.items() if k == "transfer"], seconds),
            options={n: [model[n].options[k].goto.target for k in sorted(_dialled(graph, n))] for n in menus},
            human={n: human_option(graph, model[n]) for n in menus},
        )


def compile_chains(graph: nx.DiGraph, goal_sets, callers: Callers, fold: bool = False) -> list[Chain]:
    """One chain per set of goals; what does not depend on the goal is worked out once.

    ``fold``: one state per menu or input for all its tries (for the exact solver; see the
    module's documentation).
    """
    with collector_paused():  # hundreds of thousands of tuples, no cycles
        prepared = _Prepared.of(graph, callers)
        return [_compile(prepared, goals, callers, fold) for goals in goal_sets]


def compile_chain(graph: nx.DiGraph, goals, callers: Callers, fold: bool = False) -> Chain:
    """The absorbing chain of callers who want to reach any of ``goals``."""
    return compile_chains(graph, [goals], callers, fold)[0]


def _compile(prepared: _Prepared, goals, callers: Callers, fold: bool = False) -> Chain:
    graph, kinds, models, seconds = prepared.graph, prepared.kind, prepared.model, prepared.seconds
    goals = frozenset(g for g in goals if g in kinds)
    to_goal = fastest_to(graph, goals, seconds)

    index: dict[tuple[str, int], int] = {}
    states: list[tuple[str, int]] = []
    queue: deque[int] = deque()
    first_visit: dict[str, tuple[int, str]] = {}  # arrivals at attempt 0, the common case

    def arrive(node_id: str, attempts: int = 0) -> int:
        kind = kinds[node_id]
        if node_id in goals:
            return absorbed(Outcome.RESOLVED_HUMAN if kind == "transfer" else Outcome.RESOLVED)
        if kind in _ENDINGS:
            return absorbed(_ENDINGS[kind])
        key = (node_id, attempts)
        if key not in index:
            index[key] = len(states)
            states.append(key)
            queue.append(index[key])
        return index[key]

    def go(node_id: str, attempts: int = 0) -> tuple[int, str]:
        """(where the chain goes, the node the caller arrives at)."""
        if attempts:
            return arrive(node_id, attempts), node_id
        where = first_visit.get(node_id)
        if where is None:
            where = first_visit[node_id] = (arrive(node_id), node_id)
        return where

    cut_off = (absorbed(Outcome.DISCONNECTED), DISCONNECT)

    start = arrive(graph.graph["start"]) if graph.graph["start"] in kinds else cut_off[0]
    #: state -> (target, cost, node arrived at) for a caller out of patience at a menu or input
    impatient: dict[int, tuple[int, float, str | None]] = {}
    q = callers.no_input
    #: every transition, state after state: ((target, node arrived at), probability, seconds)
    row: list[tuple[tuple[int, str], float, float]] = []
    replays: list[tuple[int, str, float]] = []
    heard: dict[int, float] = {}  # folded menus: tries heard per visit
    ends = [0]  # where each state's transitions end in row
    while queue:
        s = queue.popleft()  # states are numbered as queued, so they come in order
        if s:
            ends.append(len(row))
        node_id, attempts = states[s]
        node = models[node_id]
        d = seconds[node_id]
        if node.type == "message":
            row.append((go(node.goto.target) if node.goto else cut_off, 1.0, d))
        elif node.type == "branch":
            cases = [(b.goto.target, b.p) for b in node.branches if b.never is None]  # a case that never holds: none
            if node.otherwise is not None:
                cases.append((node.otherwise.target, None))
            if not cases:
                row.append((cut_off, 1.0, d))
            given = sum(p for _, p in cases if p is not None)
            unset = sum(1 for _, p in cases if p is None)
            for target, p in cases:
                share = p if p is not None else (1.0 - given) / unset
                if share > 0:
                    row.append((go(target), share, d))
        else:  # menu or input: the caller acts, and may fail
            a = callers.accuracy_at(node.input_modes)
            human = prepared.human[node_id] if node.type == "menu" else None
            impatient[s] = (arrive(human), d, human) if human else (absorbed(Outcome.ABANDONED), 0.0, None)
            timeout = node.timeout if node.timeout is not None else DEFAULT_TIMEOUT
            tries = max(node.retries, 1)
            #: one try: (kind, handler or target, probability, seconds); kind "ok" goes to a
            #: target, "fail" is a failure handled by ``handler`` (None: replay the node)
            outcomes: list[tuple[str, object, float, float]] = []

            def failed(handler, extra, p, fallback=Fallback.REPLAY):
                """A failure: to its handler; where the source names none, as the reader says the
                platform behaves (replay the node, counting a try; or end the call at once)."""
                if handler is None and fallback is Fallback.DISCONNECT:
                    outcomes.append(("ok", None, p, d + extra))  # leaves at once, on any try
                    return
                if handler is not None and handler.target == node_id:
                    handler = None
                outcomes.append(("fail", handler, p, d + extra))

            if q > 0:
                failed(node.no_input, timeout, q, node.when_no_input)
            ok = 1.0 - q
            if node.type == "input":
                if ok * a > 0:
                    outcomes.append(("ok", node.goto.target if node.goto else None, ok * a, d))
                if ok * (1 - a) > 0:
                    failed(node.no_match, 0.0, ok * (1 - a), node.when_no_match)
            else:
                targets = prepared.options[node_id]
                best = _best(targets, to_goal) or _best(targets, prepared.to_human)
                if not targets:
                    if ok > 0:
                        failed(node.no_match, 0.0, ok, node.when_no_match)
                elif best is None and ok > 0:  # lost: no option leads anywhere useful
                    for t in targets:
                        outcomes.append(("ok", t, ok / len(targets), d))
                elif best is not None:
                    # a mistake is pressing another *key*, uniformly among the menu's other keys,
                    # wherever it leads: two keys to one node are two options (a wrong key that
                    # leads to the goal too still gets there), not one
                    right = targets.index(best)
                    others = targets[:right] + targets[right + 1:]
                    if ok * a > 0:
                        outcomes.append(("ok", best, ok * a, d))
                    if ok * (1 - a) > 0:
                        if others:
                            for t in others:
                                outcomes.append(("ok", t, ok * (1 - a) / len(others), d))
                        else:
                            failed(node.no_match, 0.0, ok * (1 - a), node.when_no_match)

            def leave(target):
                return go(target) if target is not None else cut_off

            def give_up():
                """Where the caller goes when the tries run out: on_fail; where the source names
                none, the platform ends the call, or (Fallback.REPLAY) starts the node over."""
                if node.on_fail is not None:
                    return go(node.on_fail.target)
                return go(node_id) if node.when_failed is Fallback.REPLAY else cut_off
            if fold:
                fold_tries(s, node_id, tries, outcomes, leave, give_up, row, replays, heard)
            else:
                last_try = attempts + 1 >= tries
                for kind_, where, p, cost in outcomes:
                    if kind_ == "ok":
                        row.append((leave(where), p, cost))
                    elif last_try:
                        row.append((give_up(), p, cost))
                    elif where is None:
                        row.append((go(node_id, attempts + 1), p, cost))
                    else:
                        row.append((go(where.target), p, cost))

    if states:
        ends.append(len(row))
    chain = _finish(prepared, states, row, ends, start, impatient)
    if fold:
        chain.heard = chain.is_menu.astype(np.float64)
        for state, tries_heard in heard.items():
            chain.heard[state] = tries_heard if chain.is_menu[state] else 0.0
        chain.replays = replays
    return chain


def _best(targets: list[str], distance: dict[str, float]) -> str | None:
    reachable = [t for t in targets if t in distance]
    return min(reachable, key=lambda t: distance[t]) if reachable else None


def _finish(prepared: _Prepared, states, flat, ends, start, impatient) -> Chain:
    n = len(states)
    indptr = np.array(ends if n else [0], dtype=np.int64)
    lengths = np.diff(indptr)
    if flat:
        wheres, probabilities, costs = zip(*flat)
        targets, arrival = zip(*wheres)
    else:
        targets = arrival = probabilities = costs = ()
    target = np.array(targets, dtype=np.int64)
    arrival = list(arrival)
    probability = np.array(probabilities, dtype=np.float64)
    cost = np.array(costs, dtype=np.float64)
    source = np.repeat(np.arange(n), lengths)

    # states from which no outcome can be reached: callers caught there give up on entering.
    # A way out less likely than NEGLIGIBLE counts as none: 1 - p rounds to 1 in floating point,
    # and the state's row would make the exact solve singular (found by the fuzz tests).
    leads_out = np.zeros(n, dtype=bool)
    possible = probability > NEGLIGIBLE
    leads_out[source[(target < 0) & possible]] = True
    inner = (target >= 0) & possible
    inner_source, inner_target = source[inner], target[inner]
    while True:
        more = leads_out.copy()
        more[inner_source[leads_out[inner_target]]] = True
        if (more == leads_out).all():
            break
        leads_out = more
    trapped = absorbed(Outcome.ABANDONED)
    caught = target >= 0
    caught[caught] = ~leads_out[target[caught]]
    target[caught] = trapped

    def mapped(state: int) -> int:
        return trapped if state >= 0 and not leads_out[state] else state

    is_menu = np.array([prepared.kind[node_id] == "menu" for node_id, _ in states], dtype=bool)
    impatient_target = np.full(n, -2, dtype=np.int64)
    impatient_cost = np.zeros(n, dtype=np.float64)
    impatient_arrival: list[str | None] = [None] * n
    for s, (tired_target, tired_cost, tired_arrival) in impatient.items():
        impatient_target[s] = mapped(tired_target)
        impatient_cost[s] = tired_cost
        impatient_arrival[s] = tired_arrival
    return Chain(
        states=states,
        indptr=indptr,
        target=target,
        probability=probability,
        cost=cost,
        arrival=arrival,
        is_menu=is_menu,
        impatient_target=impatient_target,
        impatient_cost=impatient_cost,
        impatient_arrival=impatient_arrival,
        start=mapped(start),
    )

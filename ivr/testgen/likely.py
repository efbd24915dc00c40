"""The most likely call of an intent: the likeliest way from the start to one of its goals.

The caller model is the simulation's (:mod:`ivr.simulation.chain`), state by
state: a state is (node, failed attempts there), and from it the caller
presses the option on the fastest way to the goal with chance ``(1 - no_input)
* accuracy`` (the nearest transfer when no option leads to the goal, any
option when none leads there either), another option with the rest, nothing
with ``no_input``; an input takes a valid entry with ``(1 - no_input) *
accuracy``; a branch takes its cases with their ``p``. Failures replay the
node, go to its handler or, on the last try, to ``on_fail``.

The likeliest call is the path from the start state to a goal with the
greatest product of chances: Dijkstra's shortest path with ``-log(chance)``
as the length of a move, ties broken by the order the moves are found in
(keys in order, cases as declared), so the answer is stable. Patience plays
no part (the chain's callers with unlimited patience): a test does not hang
up halfway.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable

import networkx as nx

from ivr.graph.build import TERMINAL_KINDS, Via
from ivr.graph.timing import durations, fastest_to
from ivr.simulation.callers import Callers
from ivr.testgen.keys import keys_for
from ivr.testgen.paths import branch_shares
from ivr.testgen.ways import Act, Move, Way, after_failure, entry_digits, forward_ways, invalid_entry, wrong_key

__all__ = ["likely_path"]

State = tuple[str, int]


def likely_path(graph: nx.DiGraph, goals: Iterable[str], callers: Callers = Callers()
                ) -> tuple[list[Move], float] | None:
    """The likeliest moves from the start to one of ``goals``, and their chance; ``None`` when no goal
    can be reached."""
    goals = frozenset(g for g in goals if g in graph)
    start = graph.graph["start"]
    if not goals or start not in graph:
        return None
    seconds = durations(graph, callers.words_per_minute)
    to_goal = fastest_to(graph, goals, seconds)
    transfers = [n for n, kind in graph.nodes(data="kind") if kind == "transfer"]
    to_human = fastest_to(graph, transfers, seconds)

    order = 0
    heap: list[tuple[float, int, State]] = [(0.0, order, (start, 0))]
    came: dict[State, tuple[State, Move] | None] = {(start, 0): None}
    cost: dict[State, float] = {(start, 0): 0.0}
    done: set[State] = set()
    while heap:
        length, _, state = heapq.heappop(heap)
        if state in done:
            continue
        done.add(state)
        if state[0] in goals:
            return _moves(came, state), math.exp(-length)
        if graph.nodes[state[0]]["kind"] in TERMINAL_KINDS or graph.nodes[state[0]]["node"] is None:
            continue
        for move, chance, after in _choices(graph, state, callers, to_goal, to_human):
            if chance <= 0:
                continue
            total = length - math.log(chance)
            if after not in done and total < cost.get(after, math.inf):
                cost[after] = total
                came[after] = (state, move)
                order += 1
                heapq.heappush(heap, (total, order, after))
    return None


def _moves(came: dict[State, tuple[State, Move] | None], state: State) -> list[Move]:
    moves: list[Move] = []
    step = came[state]
    while step is not None:
        state, move = step
        moves.append(move)
        step = came[state]
    return moves[::-1]


def _best(targets: list[str], distance: dict[str, float]) -> str | None:
    reachable = [t for t in targets if t in distance]
    return min(reachable, key=lambda t: distance[t]) if reachable else None


def _choices(graph: nx.DiGraph, state: State, callers: Callers, to_goal: dict[str, float],
             to_human: dict[str, float]) -> list[tuple[Move, float, State]]:
    """Every move from ``state`` with its chance and the state after it, as the chain has them."""
    node_id, attempts = state
    node = graph.nodes[node_id]["node"]
    if node.type == "message":
        return [(Move(way, Act.AUTO), 1.0, (way.target, 0)) for way in forward_ways(graph, node_id)]
    if node.type == "branch":
        ways = forward_ways(graph, node_id)
        return [(Move(way, Act.AUTO), share, (way.target, 0)) for way, share in zip(ways, branch_shares(node))]
    if node.type not in ("menu", "input"):
        return []
    q, a = callers.no_input, callers.accuracy_at(node.input_modes)
    ok = 1.0 - q
    result: list[tuple[Move, float, State]] = []

    def failed(via: Via, act: Act, reply: str, chance: float) -> None:
        way, count = after_failure(node, attempts, via)
        result.append((Move(way, act, reply), chance, (way.target, count)))

    if node.type == "input":
        if node.goto is not None:
            way = Way(node_id, node.goto.target, Via.GOTO)
            result.append((Move(way, Act.ENTER, entry_digits(node)), ok * a, (way.target, 0)))
        failed(Via.NO_MATCH, Act.INVALID, invalid_entry(node), ok * (1 - a))
    else:
        keys = sorted(k for k in node.options if keys_for(k) is not None)
        targets = [node.options[k].goto.target for k in keys]
        best = _best(targets, to_goal) or _best(targets, to_human)

        def press(key: str, chance: float) -> None:
            way = Way(node_id, node.options[key].goto.target, Via.OPTION, key=key)
            result.append((Move(way, Act.PRESS, keys_for(key) or ""), chance, (way.target, 0)))

        if not keys:
            failed(Via.NO_MATCH, Act.WRONG_KEY, wrong_key(node) or "", ok)
        elif best is None:
            for key in keys:
                press(key, ok / len(keys))
        else:
            right = keys[targets.index(best)]
            press(right, ok * a)
            others = [k for k in keys if k != right]  # another key, wherever it leads (as the chain)
            for key in others:
                press(key, ok * (1 - a) / len(others))
            if not others:
                failed(Via.NO_MATCH, Act.WRONG_KEY, wrong_key(node) or "", ok * (1 - a))
    failed(Via.NO_INPUT, Act.SILENCE, "", q)
    return result

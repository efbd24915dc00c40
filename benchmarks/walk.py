"""The baseline for Monte Carlo: a straightforward per-call Python walk over the menu graph.

It follows the caller model of ``ivr simulate`` (see the README) node by node,
one call at a time, with ``random.Random``: what one would write first. It
is kept as the yardstick for the vectorised simulator's speed, and its
results must agree with it statistically (``simulate_speed.py`` prints both).
"""

from __future__ import annotations

import random

import networkx as nx

from ivr.simulation import Callers, Outcome
from ivr.simulation.chain import human_option
from ivr.graph.timing import DEFAULT_TIMEOUT, durations, fastest_to

__all__ = ["Walker"]

_ENDINGS = {"transfer": Outcome.HUMAN, "voicemail": Outcome.ENDED, "hangup": Outcome.ENDED,
            "disconnect": Outcome.DISCONNECTED, "missing": Outcome.DISCONNECTED}


class Walker:
    def __init__(self, graph: nx.DiGraph, goals, callers: Callers, max_steps: int = 100_000):
        self.graph = graph
        self.goals = set(goals)
        self.callers = callers
        self.max_steps = max_steps
        self.seconds = durations(graph, callers.words_per_minute)
        self.to_goal = fastest_to(graph, self.goals, self.seconds)
        transfers = [n for n, kind in graph.nodes(data="kind") if kind == "transfer"]
        self.to_human = fastest_to(graph, transfers, self.seconds)

    def _best(self, targets):
        for distance in (self.to_goal, self.to_human):
            known = [t for t in targets if t in distance]
            if known:
                return min(known, key=lambda t: distance[t])
        return None

    def call(self, rng: random.Random) -> tuple[Outcome, float, int]:
        graph, callers = self.graph, self.callers
        node_id, attempts, time, menus = graph.graph["start"], 0, 0.0, 0
        for _ in range(self.max_steps):
            kind = graph.nodes[node_id]["kind"]
            if node_id in self.goals:
                return (Outcome.RESOLVED_HUMAN if kind == "transfer" else Outcome.RESOLVED), time, menus
            if kind in _ENDINGS:
                return _ENDINGS[kind], time, menus
            node = graph.nodes[node_id]["node"]
            d = self.seconds[node_id]
            if node.type == "message":
                time += d
                if node.goto is None:
                    return Outcome.DISCONNECTED, time, menus
                node_id, attempts = node.goto.target, 0
                continue
            if node.type == "branch":
                time += d
                cases = [(b.goto.target, b.p) for b in node.branches]
                if node.otherwise is not None:
                    cases.append((node.otherwise.target, None))
                given = sum(p for _, p in cases if p is not None)
                unset = sum(1 for _, p in cases if p is None)
                u, acc = rng.random(), 0.0
                for target, p in cases:
                    acc += p if p is not None else (1 - given) / unset
                    if u < acc:
                        break
                node_id, attempts = target, 0
                continue
            # menu or input
            if node.type == "menu":
                menus += 1
            if callers.patience and time >= callers.patience:
                human = human_option(graph, node) if node.type == "menu" else None
                if human is None:
                    return Outcome.ABANDONED, time, menus
                time += d
                node_id, attempts = human, 0
                continue
            time += d
            u = rng.random()
            failure = None
            if u < callers.no_input:
                failure = "no_input"
                time += node.timeout if node.timeout is not None else DEFAULT_TIMEOUT
            else:
                u = (u - callers.no_input) / (1 - callers.no_input)
                if node.type == "input":
                    if u < callers.accuracy:
                        if node.goto is None:
                            return Outcome.DISCONNECTED, time, menus
                        node_id, attempts = node.goto.target, 0
                        continue
                    failure = "no_match"
                else:
                    targets = [o.goto.target for o in sorted(node.options.values(), key=lambda o: o.key)]
                    best = self._best(targets)
                    if not targets:
                        failure = "no_match"
                    elif best is None:
                        node_id, attempts = targets[int(u * len(targets))], 0
                        continue
                    elif u < callers.accuracy:
                        node_id, attempts = best, 0
                        continue
                    else:
                        others = [t for t in targets if t != best]
                        if not others:
                            failure = "no_match"
                        else:
                            pick = (u - callers.accuracy) / (1 - callers.accuracy)
                            node_id, attempts = others[min(int(pick * len(others)), len(others) - 1)], 0
                            continue
            if attempts + 1 >= max(node.retries, 1):
                if node.on_fail is None:
                    return Outcome.DISCONNECTED, time, menus
                node_id, attempts = node.on_fail.target, 0
            else:
                handler = getattr(node, failure)
                if handler is None or handler.target == node_id:
                    attempts += 1
                else:
                    node_id, attempts = handler.target, 0
        return Outcome.ABANDONED, time, menus

"""Where nodes go in a drawing: the order that keeps the call reading left to right, and dead ends.

Nodes that cannot be reached from the start are ranked after the reachable
part (an invisible edge from its last rank to each of them that nothing else
unreachable leads to), so that nothing but the start reads as the beginning.
A dead end (a message, branch or input with no way forward) gets an edge to
the system disconnect, where its callers go.
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from ivr.graph.build import FORWARD

__all__ = ["steps_from_start", "unreachable_roots", "dead_ends"]


def steps_from_start(graph: nx.DiGraph, shown: Iterable[str]) -> dict[str, int]:
    """Each shown node's rank: its steps from the start, and for the nodes the start cannot reach,
    the steps from the roots of the unreachable part, after the last reachable rank."""
    shown = set(shown)
    start = graph.graph["start"]
    steps = dict(nx.single_source_shortest_path_length(graph, start)) if start in graph else {}
    rest = [n for n in graph if n in shown and n not in steps]
    if not rest:
        return steps
    after = max(steps.values(), default=-1) + 1
    for root, distance in _from_roots(graph, rest).items():
        steps[root] = after + distance
    return steps


def _from_roots(graph: nx.DiGraph, rest: list[str]) -> dict[str, int]:
    inner = graph.subgraph(rest)
    roots = [n for n in rest if inner.in_degree(n) == 0] or rest[:1]
    found = dict(nx.multi_source_dijkstra_path_length(inner, roots, weight=lambda u, v, d: 1))
    for n in rest:  # inside cycles no root reaches: their own rank from the first of them
        if n not in found:
            found.update({m: d for m, d in nx.single_source_shortest_path_length(inner, n).items()
                          if m not in found})
    return found


def unreachable_roots(graph: nx.DiGraph, steps: dict[str, int], reachable: set[str]) -> list[str]:
    """The unreachable nodes nothing unreachable leads to in fewer steps: where the anchor edges go."""
    first = min((s for n, s in steps.items() if n not in reachable), default=None)
    return [n for n, s in steps.items() if n not in reachable and s == first]


def dead_ends(graph: nx.DiGraph, shown: Iterable[str]) -> list[str]:
    """The shown messages, branches and inputs that lead nowhere forward: the system ends the calls
    that pass (a menu without options is drawn with its failure edges, which say where callers go)."""
    found = []
    for node_id in shown:
        if graph.nodes[node_id]["kind"] not in ("message", "branch", "input"):
            continue
        forward = any(r.via in FORWARD for _, _, reasons in graph.out_edges(node_id, data="reasons")
                      for r in reasons)
        if not forward:
            found.append(node_id)
    return found

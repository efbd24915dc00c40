"""Reachability over the menu graph: linear-time building blocks for the rules."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ivr.graph.build import TERMINAL_KINDS, is_defined

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["reachable", "reaching", "entered", "start_is_defined", "nodes_of_kind", "exits", "after_messages"]


def reachable(graph: nx.DiGraph, sources: Iterable[str]) -> set[str]:
    """Every node reachable from any of ``sources``, the sources included."""
    return _search(graph.succ, sources)


def reaching(graph: nx.DiGraph, targets: Iterable[str]) -> set[str]:
    """Every node from which one of ``targets`` can be reached, the targets included."""
    return _search(graph.pred, targets)


def _search(adjacency, sources: Iterable[str]) -> set[str]:
    seen = set(sources)
    queue = deque(seen)
    while queue:
        for neighbour in adjacency[queue.popleft()]:
            if neighbour not in seen:
                seen.add(neighbour)
                queue.append(neighbour)
    return seen


def start_is_defined(graph: nx.DiGraph) -> bool:
    return is_defined(graph, graph.graph["start"])


def entered(graph: nx.DiGraph) -> set[str]:
    """The nodes callers can enter: those reachable from start.

    When the start node is not defined (reported by ``unknown-target``) every
    node counts as entered, so that the other rules still say something useful.
    """
    if start_is_defined(graph):
        return reachable(graph, [graph.graph["start"]])
    return set(graph)


def nodes_of_kind(graph: nx.DiGraph, kinds) -> list[str]:
    return [n for n, kind in graph.nodes(data="kind") if kind in kinds]


def exits(graph: nx.DiGraph) -> set[str]:
    """Nodes from which the call can end: a terminal, or an unknown node (benefit of the doubt)."""
    return reaching(graph, nodes_of_kind(graph, TERMINAL_KINDS | {"missing"}))


def after_messages(graph: nx.DiGraph, node_id: str) -> str | None:
    """The first node that is not a message on the way from ``node_id`` through message ``goto`` only.

    ``node_id`` itself when it is not a message; ``None`` for a loop of
    messages, a message without ``goto``, or an id not in the graph. A caller
    who takes such a way only hears prompts until that node: "Connecting you
    now" then the transfer is one step, as far as the caller is concerned.
    """
    seen = set()
    while node_id in graph and node_id not in seen:
        model = graph.nodes[node_id]["node"]
        if model is None or model.type != "message":
            return node_id
        if model.goto is None:
            return None
        seen.add(node_id)
        node_id = model.goto.target
    return None

"""Reachability over the menu graph: linear-time building blocks for the rules."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from ivr.graph.build import TERMINAL_KINDS, once_per_graph
from ivr.graph.index import index

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["reachable", "reaching", "entered", "start_is_defined", "nodes_of_kind", "exits", "helped",
           "after_messages", "messages_to"]


def reachable(graph: nx.DiGraph, sources: Iterable[str]) -> set[str]:
    """Every node reachable from any of ``sources``, the sources included."""
    return _search(index(graph).succ, sources)


def reaching(graph: nx.DiGraph, targets: Iterable[str]) -> set[str]:
    """Every node from which one of ``targets`` can be reached, the targets included."""
    return _search(index(graph).pred, targets)


def _search(adjacency: Mapping[str, Iterable[str]], sources: Iterable[str], found: set[str] | None = None) -> set[str]:
    """The nodes ``adjacency`` reaches from ``sources``, with them; added to ``found`` when given (a set that
    holds all it reaches already: what is in it is not searched again)."""
    seen = set() if found is None else found
    todo = [source for source in sources if source not in seen]
    seen.update(todo)
    see, push, pop = seen.add, todo.append, todo.pop
    while todo:
        for neighbour in adjacency[pop()]:
            if neighbour not in seen:
                see(neighbour)
                push(neighbour)
    return seen


def start_is_defined(graph: nx.DiGraph) -> bool:
    return index(graph).model[graph.graph["start"]] is not None


@once_per_graph
def entered(graph: nx.DiGraph) -> set[str]:
    """The nodes callers can enter: those reachable from start.

    When the start node is not defined (reported by ``unknown-target``) every
    node counts as entered, so that the other rules still say something useful.
    Worked out once per graph: do not change the set returned.
    """
    if start_is_defined(graph):
        return reachable(graph, [graph.graph["start"]])
    return set(graph)


def nodes_of_kind(graph: nx.DiGraph, kinds) -> list[str]:
    """The nodes of one of ``kinds``, in the graph's order."""
    return [n for n, kind in index(graph).kind.items() if kind in kinds]


@once_per_graph
def helped(graph: nx.DiGraph) -> set[str]:
    """Nodes from which a transfer can be reached, or an unknown node (it may be meant to lead to a person:
    the benefit of the doubt). Worked out once per graph: do not change the set returned."""
    return reaching(graph, nodes_of_kind(graph, {"transfer", "missing"}))


@once_per_graph
def exits(graph: nx.DiGraph) -> set[str]:
    """Nodes from which the call can end: a terminal, or an unknown node (benefit of the doubt).

    Worked out once per graph: do not change the set returned. The search goes on from :func:`helped` (the
    nodes that reach a transfer or an unknown node, a part of these): each node is searched once for both."""
    return _search(index(graph).pred, nodes_of_kind(graph, TERMINAL_KINDS), set(helped(graph)))


def after_messages(graph: nx.DiGraph, node_id: str) -> str | None:
    """The first node that is not a message on the way from ``node_id`` through message ``goto`` only.

    ``node_id`` itself when it is not a message; ``None`` for a loop of
    messages, a message without ``goto``, or an id not in the graph. A caller
    who takes such a way only hears prompts until that node: "Connecting you
    now" then the transfer is one step, as far as the caller is concerned.
    """
    found = _messages_to(graph).get(node_id)
    return found[0] if found is not None else None


def messages_to(graph: nx.DiGraph, node_id: str) -> tuple[str | None, str | None]:
    """(:func:`after_messages` of ``node_id``, the last message on the way there: ``None`` when ``node_id``
    is not a message)."""
    return _messages_to(graph).get(node_id, _NOWHERE)


_NOWHERE: tuple[str | None, str | None] = (None, None)


@once_per_graph
def _messages_to(graph: nx.DiGraph) -> dict[str, tuple[str | None, str | None]]:
    """:func:`messages_to` of every node, worked out once per graph: each chain of messages is followed once
    (a chain of n messages, asked from each of them, is n steps, not n squared)."""
    model = index(graph).model
    known: dict[str, tuple[str | None, str | None]] = {}
    for node_id, node in model.items():
        if node is None or node.type != "message":
            known[node_id] = (node_id, None)
    for node_id, node in model.items():
        if node_id in known:
            continue
        way: list[str] = []  # the messages followed, in order, none of them known yet
        seen: set[str] = set()
        found = _NOWHERE
        current = node_id
        while True:
            if current in known:
                end, last = known[current]
                found = (end, way[-1] if last is None and end is not None else last)
                break
            if current not in model or current in seen:
                break  # an id not in the graph, or a loop of messages: no end
            step = model[current]  # every node not known yet is a message
            if step is None or step.goto is None:
                break
            seen.add(current)
            way.append(current)
            current = step.goto.target
        # every message followed ends where this one does, after the same last message
        for message in way:
            known[message] = found
        known.setdefault(node_id, found)
    return known

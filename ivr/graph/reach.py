"""Reachability over the menu graph: linear-time building blocks for the rules."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ivr.graph.build import TERMINAL_KINDS, once_per_graph
from ivr.graph.index import index

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["reachable", "reaching", "entered", "start_is_defined", "nodes_of_kind", "exits", "after_messages",
           "messages_to"]


def reachable(graph: nx.DiGraph, sources: Iterable[str]) -> set[str]:
    """Every node reachable from any of ``sources``, the sources included."""
    return _search(index(graph).succ, sources)


def reaching(graph: nx.DiGraph, targets: Iterable[str]) -> set[str]:
    """Every node from which one of ``targets`` can be reached, the targets included."""
    return _search(index(graph).pred, targets)


def _search(adjacency: dict[str, list[str]], sources: Iterable[str]) -> set[str]:
    seen = set(sources)
    queue = deque(seen)
    while queue:
        for neighbour in adjacency[queue.popleft()]:
            if neighbour not in seen:
                seen.add(neighbour)
                queue.append(neighbour)
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
def exits(graph: nx.DiGraph) -> set[str]:
    """Nodes from which the call can end: a terminal, or an unknown node (benefit of the doubt).

    Worked out once per graph: do not change the set returned."""
    return reaching(graph, nodes_of_kind(graph, TERMINAL_KINDS | {"missing"}))


def after_messages(graph: nx.DiGraph, node_id: str) -> str | None:
    """The first node that is not a message on the way from ``node_id`` through message ``goto`` only.

    ``node_id`` itself when it is not a message; ``None`` for a loop of
    messages, a message without ``goto``, or an id not in the graph. A caller
    who takes such a way only hears prompts until that node: "Connecting you
    now" then the transfer is one step, as far as the caller is concerned.
    """
    return messages_to(graph, node_id)[0]


def messages_to(graph: nx.DiGraph, node_id: str) -> tuple[str | None, str | None]:
    """(:func:`after_messages` of ``node_id``, the last message on the way there: ``None`` when ``node_id``
    is not a message).

    Each way is followed once per graph: the answer of every message on it is
    kept (a chain of n messages asked from each of its n messages is n steps,
    not n squared).
    """
    known = _messages_to(graph)
    found = known.get(node_id)
    if found is not None:
        return found
    model = index(graph).model
    way: list[str] = []  # the messages followed, in order
    seen: set[str] = set()
    end: str | None = None
    last: str | None = None
    current = node_id
    while True:
        if current in known:
            end, last = known[current]
            if last is None and end is not None:  # ``current`` is the end itself: the last message is ours
                last = way[-1] if way else None
            break
        if current not in model or current in seen:
            break  # an id not in the graph, or a loop of messages: no end
        step = model[current]
        if step is None or step.type != "message":
            end, last = current, (way[-1] if way else None)
            known[current] = (current, None)
            break
        if step.goto is None:
            break
        seen.add(current)
        way.append(current)
        current = step.goto.target
    # every message followed ends where this one does; the last message before the end is the same for all
    for message in way:
        known[message] = (end, last)
    return (end, last) if way else known.get(node_id, (None, None))


@once_per_graph
def _messages_to(graph: nx.DiGraph) -> dict[str, tuple[str | None, str | None]]:
    return {}

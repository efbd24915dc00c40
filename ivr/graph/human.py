"""Where callers reach a person: the human options of menus and the menu a call starts at.

A person answers only at a ``transfer``; voicemail takes a message and no one
answers it then, so it never counts. An option reaches a person "in one step"
when its target is a transfer, or a message (or a chain of messages) that only
plays a prompt and goes on to a transfer ("Connecting you now").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ivr.graph.build import once_per_graph
from ivr.graph.reach import after_messages, nodes_of_kind
from ivr.graph.timing import durations, fastest_to

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["reaches_person", "start_menu", "to_person"]


def reaches_person(graph: nx.DiGraph, target: str) -> bool:
    """True when a caller sent to ``target`` reaches a transfer without another choice to make.

    Every way on from ``target`` through messages and branches must end at a
    transfer; a loop, a menu, an input, voicemail or a hangup on any of them
    means no.
    """
    stack, seen = [target], set()
    while stack:
        node_id = stack.pop()
        if node_id in seen:
            continue  # two cases joining again (a loop of system branches alone is not a real menu)
        seen.add(node_id)
        end = after_messages(graph, node_id)
        if end is None:
            return False
        kind = graph.nodes[end]["kind"]
        if kind == "transfer":
            continue
        if kind != "branch":
            return False
        model = graph.nodes[end]["node"]
        ways = [b.goto.target for b in model.branches]
        if model.otherwise is not None:
            ways.append(model.otherwise.target)
        if not ways:
            return False
        stack.extend(ways)
    return True


def start_menu(graph: nx.DiGraph) -> str | None:
    """The first menu callers hear: the start, or the menu the start's messages lead to."""
    start = graph.graph["start"]
    end = after_messages(graph, start)
    if end is not None and graph.nodes[end]["kind"] == "menu":
        return end
    return None


@once_per_graph
def to_person(graph: nx.DiGraph) -> tuple[list[str], dict[str, float]]:
    """(the transfers, ``fastest_to`` them from every node), worked out once per graph.

    ``deep-human`` and ``slow-human`` both need it; the graph is not changed
    once built, so the result is kept for as long as the graph lives.
    """
    humans = nodes_of_kind(graph, {"transfer"})
    return humans, fastest_to(graph, humans, durations(graph))

"""Where callers reach a person: the human options of menus and the menu a call starts at.

A person answers only at a ``transfer``; voicemail takes a message and no one
answers it then, so it never counts. An option reaches a person "in one step"
when its target is a transfer, or a message (or a chain of messages) that only
plays a prompt and goes on to a transfer ("Connecting you now").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ivr.graph.build import Via, once_per_graph
from ivr.graph.index import index
from ivr.graph.reach import after_messages, nodes_of_kind
from ivr.graph.timing import durations, fastest_to

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["reaches_person", "reaches_person_sometimes", "start_menu", "to_person"]


def reaches_person(graph: nx.DiGraph, target: str) -> bool:
    """True when a caller sent to ``target`` reaches a transfer without another choice to make.

    Every way on from ``target`` through messages and branches must end at a
    transfer; a loop, a menu, an input, voicemail or a hangup on any of them
    means no. (A loop of system branches alone is not a real menu: it does not
    count against.) Worked out for every node at once, once per graph
    (:func:`_not_reaching_person`).
    """
    return target in index(graph).kind and target not in _not_reaching_person(graph)


@once_per_graph
def _not_reaching_person(graph: nx.DiGraph) -> set[str]:
    """The nodes from which :func:`reaches_person` does not hold, in one pass over the graph.

    A node fails by itself when the way on from it through messages ends
    nowhere (a loop of messages, a message without ``goto``) or at anything
    but a transfer or a branch, or at a branch with no way on; it fails too
    when one of the ways of that branch leads to a node that fails. So the
    failing nodes are those that reach a node failing by itself along branch
    ways: one search backwards from those, linear in the graph (asked node by
    node, a branch tree shared by many options was walked again for each).
    """
    kind, model = index(graph).kind, index(graph).model
    failing: list[str] = []
    before: dict[str, list[str]] = {}  # branch way target -> the nodes whose branch takes it
    for node_id, node in model.items():
        end = node_id if node is None or node.type != "message" else after_messages(graph, node_id)
        if end is None:
            failing.append(node_id)
            continue
        if kind[end] == "transfer":
            continue
        branch = model[end]
        if kind[end] != "branch" or branch is None:
            failing.append(node_id)
            continue
        ways = [b.goto.target for b in branch.branches]
        if branch.otherwise is not None:
            ways.append(branch.otherwise.target)
        if not ways or any(way not in kind for way in ways):
            failing.append(node_id)
            continue
        for way in ways:
            before.setdefault(way, []).append(node_id)
    failed = set(failing)
    while failing:
        for node_id in before.get(failing.pop(), ()):
            if node_id not in failed:
                failed.add(node_id)
                failing.append(node_id)
    return failed


def reaches_person_sometimes(graph: nx.DiGraph, target: str) -> bool:
    """True when some way on from ``target`` through messages and the cases of branches (which the system
    decides: opening hours, a lookup) ends at a transfer, without another choice for the caller to make; unlike
    :func:`reaches_person`, other cases may end elsewhere (closed: a message and a hangup)."""
    return target in _sometimes_person(graph)


@once_per_graph
def _sometimes_person(graph: nx.DiGraph) -> set[str]:
    """The nodes of :func:`reaches_person_sometimes`: one search back from the transfers along the ways on of
    messages and branches."""
    kind = index(graph).kind
    found = {node_id for node_id, k in kind.items() if k == "transfer"}
    queue = list(found)
    while queue:
        for pred, _, reasons in graph.in_edges(queue.pop(), data="reasons"):
            if pred in found or kind.get(pred) not in ("message", "branch"):
                continue
            if any(reason.via in (Via.GOTO, Via.BRANCH, Via.OTHERWISE) for reason in reasons):
                found.add(pred)
                queue.append(pred)
    return found


def start_menu(graph: nx.DiGraph) -> str | None:
    """The first menu callers hear: the start, or the menu the start's messages lead to."""
    start = graph.graph["start"]
    end = after_messages(graph, start)
    if end is not None and index(graph).kind[end] == "menu":
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

"""Edge coverage: a few calls that between them take every option and every goto once.

Not every path (with loops and retries their number has no end): every way.
Each call starts at the start and, again and again, takes the nearest way no
test has taken yet, walking there by the fewest moves (at most :data:`NEAR`
of them once it has taken one: a longer detour is a new call); ways into the
end of a call (a transfer, a hangup) wait until nothing else is near, because
a call can take only one of them, as its last move. A call ends there, or
when no way left untaken is near. Every call takes at least
one way no earlier one took, so there are finitely many, however the menu
loops; a menu that is a tree gets one call per way into an ending, which is
the fewest possible, unless a detour or the cap below splits one (a greedy
cover: small, not proven the smallest). So that a call stays short enough to run and to read, once
it has answered :data:`MAX_ANSWERS` prompts it only looks for a way into an
ending.

Ways that lead to unknown nodes are left out (the menu must be fixed first):
the coverage report names them. Ways a call can only reach through a
caller's mistake (``on_fail``, ``no_input``, ``no_match``) are taken by calls
that go on from where an error call ends.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import networkx as nx

from ivr.graph.build import TERMINAL_KINDS
from ivr.testgen.paths import Kind, TestPath, Walk
from ivr.testgen.route import ends_call, from_start, route
from ivr.testgen.ways import CALLER_ACTS, Way, forward_move, forward_ways

__all__ = ["coverage_paths", "wanted_ways", "MAX_ANSWERS", "NEAR"]

#: Prompts a coverage call answers before it heads for an ending.
MAX_ANSWERS = 10
#: Moves a call goes, at most, from where it is to a way no test took (a longer detour: a new call).
NEAR = 4


def wanted_ways(graph: nx.DiGraph) -> list[Way]:
    """Every option, goto and branch case of the menu that leads to a node it defines or a known ending."""
    return [way for node_id in graph.nodes for way in forward_ways(graph, node_id)
            if graph.nodes[way.target]["kind"] != "missing"]


class _Nearest:
    """The ways left that a call from the start meets first, in the order :func:`route` would find them:
    a walk down :class:`FromStart`'s list, whose two places only move on (ways are never put back)."""

    def __init__(self, graph: nx.DiGraph, left: set[Way]) -> None:
        self.graph, self.left, self.tree = graph, left, from_start(graph)
        self.place = {True: 0, False: 0}

    def route(self, inner: bool) -> list[Way] | None:
        ways, i = self.tree.ways, self.place[inner]
        while i < len(ways) and not (ways[i] in self.left and (
                not inner or self.graph.nodes[ways[i].target]["kind"] not in TERMINAL_KINDS)):
            i += 1
        self.place[inner] = i
        if i == len(ways):
            return None
        return [*(self.tree.to(ways[i].source) or []), ways[i]]


def _extend(graph: nx.DiGraph, walk: Walk, left: set[Way], nearest: _Nearest | None = None) -> bool:
    """Take ways of ``left`` from where ``walk`` is, nearest first (the first one by ``nearest``
    when given, then within :data:`NEAR` moves), until none is near or the call ends; say whether it
    took any."""
    took = False
    while not ends_call(graph, walk.at):
        def inner(way: Way) -> bool:
            return way in left and graph.nodes[way.target]["kind"] not in TERMINAL_KINDS

        def last(way: Way) -> bool:
            return way in left

        found = None
        short = sum(1 for m in walk.moves if m.act in CALLER_ACTS) < MAX_ANSWERS
        if nearest is not None and not took:
            found = (nearest.route(True) if short else None) or nearest.route(False)
        else:
            if short:
                found = route(graph, walk.at, walk.assumes, inner, NEAR)
            found = found or route(graph, walk.at, walk.assumes, last, NEAR)
        if found is None:
            break
        for way in found:
            walk.take(forward_move(graph, way))
            left.discard(way)
        took = True
    return took


def coverage_paths(graph: nx.DiGraph, taken: Iterable[Way] = (), first: int = 1,
                   prefixes: Sequence[TestPath] = ()) -> list[TestPath]:
    """Calls that take every way of :func:`wanted_ways` not in ``taken`` that they can reach, numbered
    from ``first``: from the start, then on from the end of each of ``prefixes`` (the error calls), for
    the ways only a caller's mistake leads to."""
    start = graph.graph["start"]
    left = set(wanted_ways(graph)) - set(taken)
    paths: list[TestPath] = []

    def add(walk: Walk, note: str = "") -> None:
        number = first + len(paths)
        paths.append(walk.path(f"coverage-{number:02d}", Kind.COVERAGE, f"Coverage {number}", note))

    nearest = _Nearest(graph, left)
    while left and start in graph:
        walk = Walk(start)
        if not _extend(graph, walk, left, nearest):
            break
        add(walk)
    for prefix in prefixes:
        while left:
            walk = Walk(prefix.start, list(prefix.moves), dict(prefix.assumes))
            if not _extend(graph, walk, left):
                break
            add(walk, f"Goes on from where the error call '{prefix.id}' ends.")
    return paths

"""The shortest way (fewest moves) from a node to a way wanted, over the ways on when all goes right.

Breadth-first over options, gotos and branch cases in the order the file
declares them, so that the answer is stable. The call ends at transfers,
voicemail, hangups and unknown nodes: a route never passes through them. A
branch the call has already assumed a case of keeps to that case.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Mapping

import networkx as nx

from ivr.graph.build import TERMINAL_KINDS, once_per_graph
from ivr.testgen.paths import case_of
from ivr.testgen.ways import Way, forward_ways, takeable

__all__ = ["route", "ends_call", "allowed", "FromStart", "from_start", "MAX_STEPS"]

#: Moves a test takes at most from the start to where it does what it is for. A call that long already
#: takes many minutes to run; a deeper node gets no test (the coverage report says so), which keeps a
#: suite's size in proportion to the menu's: every test from the start would otherwise walk the whole
#: depth of a menu thousands of levels deep, and the suite grow with the square of it.
MAX_STEPS = 100


def ends_call(graph: nx.DiGraph, node_id: str) -> bool:
    """True where a test cannot go on: the IVR part of the call ends, or the node is unknown."""
    return graph.nodes[node_id]["kind"] in TERMINAL_KINDS or graph.nodes[node_id]["node"] is None


def allowed(way: Way, assumes: Mapping[str, str]) -> bool:
    """False for a branch case other than the one the call already assumed at that branch."""
    return way.source not in assumes or case_of(way) == assumes[way.source]


def route(graph: nx.DiGraph, source: str, assumes: Mapping[str, str],
          wanted: Callable[[Way], bool], within: int | None = None) -> list[Way] | None:
    """The fewest ways from ``source`` whose last one is ``wanted``, at most ``within`` of them when
    given; ``None`` when there are none."""
    came: dict[str, tuple[str, Way] | None] = {source: None}
    depth = {source: 0}
    queue = deque([source])
    while queue:
        node_id = queue.popleft()
        if within is not None and depth[node_id] >= within:
            continue
        if ends_call(graph, node_id):
            continue
        ways = [w for w in forward_ways(graph, node_id) if allowed(w, assumes) and takeable(w)]
        for way in ways:
            if wanted(way):
                found = [way]
                step = came[node_id]
                while step is not None:
                    node_id, back = step
                    found.append(back)
                    step = came[node_id]
                return found[::-1]
        for way in ways:
            if way.target not in came:
                came[way.target] = (node_id, way)
                depth[way.target] = depth[node_id] + 1
                queue.append(way.target)
    return None


class FromStart:
    """The breadth-first tree from the start, worked out once: the fewest ways to every node at most
    :data:`MAX_STEPS` moves away, and the order in which :func:`route` from the start meets each way
    out of them, so that searching from the start is a walk down a list rather than a search of the
    graph."""

    def __init__(self, graph: nx.DiGraph) -> None:
        start = graph.graph["start"]
        self.came: dict[str, tuple[str, Way] | None] = {}
        #: every way out of a node the tree reaches, in the order route() would consider it
        self.ways: list[Way] = []
        if start not in graph:
            return
        self.came[start] = None
        depth = {start: 0}
        queue = deque([start])
        while queue:
            node_id = queue.popleft()
            if ends_call(graph, node_id) or depth[node_id] >= MAX_STEPS:
                continue
            for way in forward_ways(graph, node_id):
                if not takeable(way):
                    continue
                self.ways.append(way)
                if way.target not in self.came:
                    self.came[way.target] = (node_id, way)
                    depth[way.target] = depth[node_id] + 1
                    queue.append(way.target)

    def to(self, node_id: str) -> list[Way] | None:
        """The fewest ways from the start to ``node_id`` (the first found); ``None`` when none leads there."""
        if node_id not in self.came:
            return None
        found: list[Way] = []
        step = self.came[node_id]
        while step is not None:
            node_id, way = step
            found.append(way)
            step = self.came[node_id]
        return found[::-1]


from_start = once_per_graph(FromStart)

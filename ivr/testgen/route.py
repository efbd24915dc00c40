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

from ivr.graph.build import TERMINAL_KINDS
from ivr.testgen.paths import case_of
from ivr.testgen.ways import Way, forward_ways

__all__ = ["route", "ends_call", "allowed"]


def ends_call(graph: nx.DiGraph, node_id: str) -> bool:
    """True where a test cannot go on: the IVR part of the call ends, or the node is unknown."""
    return graph.nodes[node_id]["kind"] in TERMINAL_KINDS or graph.nodes[node_id]["node"] is None


def allowed(way: Way, assumes: Mapping[str, str]) -> bool:
    """False for a branch case other than the one the call already assumed at that branch."""
    return way.source not in assumes or case_of(way) == assumes[way.source]


def route(graph: nx.DiGraph, source: str, assumes: Mapping[str, str],
          wanted: Callable[[Way], bool]) -> list[Way] | None:
    """The fewest ways from ``source`` whose last one is ``wanted``; ``None`` when there are none."""
    came: dict[str, tuple[str, Way] | None] = {source: None}
    queue = deque([source])
    while queue:
        node_id = queue.popleft()
        if ends_call(graph, node_id):
            continue
        ways = [w for w in forward_ways(graph, node_id) if allowed(w, assumes)]
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
                queue.append(way.target)
    return None

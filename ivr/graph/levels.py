"""How many menus deep each menu is: the fewest menus a caller goes through from the start.

The start menu is level 1; a menu reached from it through messages, inputs or
branches only is level 2, and so on. Only forward ways count (options, goto,
branches): a menu reached only after a caller's mistake is not part of the
tree callers navigate. A 0-1 breadth-first search: linear in the graph.
"""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING

from ivr.graph.build import once_per_graph
from ivr.graph.index import index

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["menu_levels", "path_to"]


@once_per_graph
def menu_levels(graph: nx.DiGraph) -> tuple[dict[str, int], dict[str, str]]:
    """(level, parent) of every node reachable forward from start.

    ``level`` counts the menus on the way, the node itself included when it is
    a menu; ``parent`` gives the node before it on one way with that many menus.
    Worked out once per graph (``too-deep`` and ``nonstandard-key`` both ask;
    a graph is not changed once built). Do not change the dicts returned.
    """
    start = graph.graph["start"]
    kind, forward = index(graph).kind, index(graph).forward
    level = {start: int(kind[start] == "menu")}
    parent: dict[str, str] = {}
    queue = deque([start])
    later, sooner, pop = queue.append, queue.appendleft, queue.popleft
    done: set[str] = set()
    while queue:
        node = pop()
        if node in done:
            continue
        done.add(node)
        here = level[node]
        for target in forward[node]:
            step = kind[target] == "menu"
            candidate = here + step
            known = level.get(target)
            if known is None or candidate < known:
                level[target] = candidate
                parent[target] = node
                if step:
                    later(target)
                else:
                    sooner(target)
    return level, parent


def path_to(parent: dict[str, str], node: str) -> list[str]:
    """The way from start to ``node`` that ``parent`` records, start first."""
    path = [node]
    while path[-1] in parent:
        path.append(parent[path[-1]])
    return path[::-1]

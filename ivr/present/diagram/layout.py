"""Which nodes a diagram draws and how it groups them: the focus neighbourhood, the sub-menus, the flows."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import networkx as nx

from ivr.graph.build import Reason, Via

__all__ = ["drawn_reasons", "neighbourhood", "submenus", "flow_groups", "flow_named", "flow_focus"]


def drawn_reasons(reasons: Sequence[Reason]) -> list[Reason]:
    """The reasons worth drawing: all but a menu's implicit replay of itself."""
    return [r for r in reasons if not (r.implicit and r.via in (Via.NO_INPUT, Via.NO_MATCH))]


def neighbourhood(graph: nx.DiGraph, node_id: str, depth: int) -> set[str]:
    """``node_id``, the nodes it leads to in at most ``depth`` steps, and those leading to it in at most ``depth``."""
    if node_id not in graph:
        raise KeyError(node_id)
    kept = {node_id}
    for adjacency in (graph.succ, graph.pred):
        seen = {node_id}
        frontier = [node_id]
        for _ in range(depth):
            frontier = [n for u in frontier for n in adjacency[u] if n not in seen and not seen.add(n)]
        kept |= seen
    return kept


def submenus(graph: nx.DiGraph) -> dict[str, list[str]]:
    """Each menu's sub-menu: ``{menu: [nodes]}``, the menu first, then the non-menu nodes
    that only it leads to (walking from the menu through non-menu nodes, stopping at menus).

    Menus that lead to no node of their own are left out; the system disconnect belongs to none.
    """
    owners: dict[str, set[str]] = defaultdict(set)
    menus = [n for n, kind in graph.nodes(data="kind") if kind == "menu"]
    for menu in menus:
        seen = {menu}
        stack = [menu]
        while stack:
            for _, target, data in graph.out_edges(stack.pop(), data=True):
                if target in seen or not drawn_reasons(data["reasons"]):
                    continue
                seen.add(target)
                if graph.nodes[target]["kind"] in ("menu", "disconnect"):
                    continue
                owners[target].add(menu)
                stack.append(target)
    owned: dict[str, list[str]] = defaultdict(list)
    for node_id in graph:  # graph order: file order
        if len(owners.get(node_id, ())) == 1:
            (menu,) = owners[node_id]
            owned[menu].append(node_id)
    return {menu: [menu, *owned[menu]] for menu in menus if owned[menu]}


def flow_groups(graph: nx.DiGraph) -> dict[str, list[str]]:
    """The nodes of each flow (file) of an IVR made of several files: ``{file: [nodes]}`` in graph order.

    ``{}`` when every node comes from one file: there is nothing to frame.
    """
    groups: dict[str, list[str]] = defaultdict(list)
    for node_id, node in graph.nodes(data="node"):
        if node is not None:
            groups[node.location.file].append(node_id)
    return dict(groups) if len(groups) > 1 else {}


def flow_named(graph: nx.DiGraph, name: str) -> str | None:
    """The file of the flow ``name`` names: its path, file name, file name without extension, or the flow
    name its node ids start with (``billing::``); None when no flow of the graph is called so."""
    for file, nodes in flow_groups(graph).items():
        base = file.rsplit("/", 1)[-1]
        if name in (file, base, base.rsplit(".", 1)[0]) or any(n.startswith(f"{name}::") for n in nodes):
            return file
    return None


def flow_focus(graph: nx.DiGraph, file: str) -> set[str]:
    """The nodes of the flow in ``file``, and the nodes of other flows its hand-offs lead to or come from."""
    members = set(flow_groups(graph).get(file, ()))
    return members | {n for u in members for n in (*graph.succ[u], *graph.pred[u])}

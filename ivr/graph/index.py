"""The menu graph as plain dicts, worked out once per graph: what the rules read in their loops.

Each lookup through a networkx view (``graph.nodes[n]["kind"]``,
``graph.out_edges(n, data="reasons")``, ``graph.nodes(data="node")``) costs
calls and objects of its own; over a 100,000-node menu the rules made
millions of them, more time than their own work (issue 25). The graph is not
changed once built, so its nodes and ways are read into dicts once
(:func:`index`, kept while the graph lives) and the analyses walk those.
Orders are the graph's: nodes in the order they were added, the nodes each
node leads to in the order of ``graph.out_edges``, those leading to it in the
order of ``graph.in_edges``.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

from ivr.graph.build import FORWARD, once_per_graph
from ivr.model.menu import Node

if TYPE_CHECKING:
    from collections.abc import Mapping

    import networkx as nx

__all__ = ["Index", "index"]


class Index:
    """A graph's nodes and ways as plain dicts. Do not change them: every analysis of the graph shares them."""

    def __init__(self, graph: nx.DiGraph) -> None:
        nodes = dict(graph.nodes(data=True))
        #: every node's kind (``menu``, ``missing``, ``disconnect``...), in the graph's order
        self.kind: dict[str, str] = {node_id: data["kind"] for node_id, data in nodes.items()}
        #: every node's :class:`~ivr.model.menu.Node`, ``None`` for synthetic and missing nodes, in the graph's order
        self.model: dict[str, Node | None] = {node_id: data["node"] for node_id, data in nodes.items()}
        #: the nodes each node leads to, by any way: target -> the edge's data (the graph's own dicts)
        self.succ: dict[str, Mapping[str, dict]] = dict(graph.adjacency())
        #: the nodes that lead to each node, by any way: source -> the edge's data
        self.pred: dict[str, Mapping[str, dict]] = dict(graph.reverse(copy=False).adjacency())
        self._mixed: dict[tuple[str, ...], list[tuple[str, Node]]] = {}

    @cached_property
    def of_type(self) -> dict[str, list[tuple[str, Node]]]:
        """(id, node) of the nodes declared in the file, by type (``menu``, ``message``...), in the graph's order."""
        found: dict[str, list[tuple[str, Node]]] = {}
        for node_id, node in self.model.items():
            if node is not None:
                typed = found.get(node.type)
                if typed is None:
                    typed = found[node.type] = []
                typed.append((node_id, node))
        return found

    def defined(self, *types: str) -> list[tuple[str, Node]]:
        """(id, node) of the declared nodes of ``types``, in the graph's order (the linter's, for each rule)."""
        if len(types) == 1:
            return self.of_type.get(types[0], [])
        found = self._mixed.get(types)
        if found is None:
            found = self._mixed[types] = [(node_id, node) for node_id, node in self.model.items()
                                          if node is not None and node.type in types]
        return found

    @cached_property
    def forward(self) -> dict[str, list[str]]:
        """The nodes each node leads to by a way a caller chooses or the call goes on by (:data:`FORWARD`)."""
        def ahead(reasons: list) -> bool:
            return reasons[0].via in FORWARD or (len(reasons) > 1 and any(r.via in FORWARD for r in reasons))

        return {source: [target for target, data in ways.items() if ahead(data["reasons"])]
                for source, ways in self.succ.items()}

    @cached_property
    def forward_pred(self) -> dict[str, list[str]]:
        """The nodes that lead to each node by such a way (in the order of their sources)."""
        before: dict[str, list[str]] = {node_id: [] for node_id in self.kind}
        for source, targets in self.forward.items():
            for target in targets:
                before[target].append(source)
        return before


@once_per_graph
def index(graph: nx.DiGraph) -> Index:
    """The nodes and ways of ``graph`` as plain dicts, worked out once per graph (linear in the graph)."""
    return Index(graph)

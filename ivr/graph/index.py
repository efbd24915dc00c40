"""The menu graph as plain dicts and lists, worked out once per graph: what the rules read in their loops.

Each lookup through a networkx view (``graph.nodes[n]["kind"]``,
``graph.out_edges(n, data="reasons")``, ``graph.nodes(data="node")``) costs
calls and objects of its own; over a 100,000-node menu the rules made
millions of them, more time than their own work (issue 25). The graph is not
changed once built, so its nodes and ways are read into dicts once
(:func:`index`, kept while the graph lives) and the analyses walk those.
Orders are the graph's: nodes in the order they were added, the nodes each
node leads to in the order of ``graph.out_edges``, those leading to it in
the order of their sources.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ivr.graph.build import FORWARD, once_per_graph
from ivr.model.menu import Node

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["Index", "index"]


@dataclass(frozen=True, slots=True)
class Index:
    """A graph's nodes and ways as plain dicts. Do not change them: every analysis of the graph shares them."""

    #: every node's kind (``menu``, ``missing``, ``disconnect``...), in the graph's order
    kind: dict[str, str]
    #: every node's :class:`~ivr.model.menu.Node`, ``None`` for synthetic and missing nodes, in the graph's order
    model: dict[str, Node | None]
    #: the nodes each node leads to, by any way
    succ: dict[str, list[str]]
    #: the nodes that lead to each node, by any way
    pred: dict[str, list[str]]
    #: the nodes each node leads to by a way a caller chooses or the call goes on by (:data:`FORWARD`)
    forward: dict[str, list[str]]
    #: the nodes that lead to each node by such a way
    forward_pred: dict[str, list[str]]
    #: (id, node) of the nodes declared in the file, by type (``menu``, ``message``...), in the graph's order
    of_type: dict[str, list[tuple[str, Node]]]

    def defined(self, *types: str) -> list[tuple[str, Node]]:
        """(id, node) of the declared nodes of ``types``, in the graph's order (the linter's, for each rule)."""
        if len(types) == 1:
            return self.of_type.get(types[0], [])
        return [(node_id, node) for node_id, node in self.model.items() if node is not None and node.type in types]


@once_per_graph
def index(graph: nx.DiGraph) -> Index:
    """The nodes and ways of ``graph`` as plain dicts, worked out once per graph (linear in the graph)."""
    kind: dict[str, str] = {}
    model: dict[str, Node | None] = {}
    of_type: dict[str, list[tuple[str, Node]]] = {}
    for node_id, data in graph.nodes(data=True):
        kind[node_id] = data["kind"]
        node = model[node_id] = data["node"]
        if node is not None:
            typed = of_type.get(node.type)
            if typed is None:
                typed = of_type[node.type] = []
            typed.append((node_id, node))
    succ: dict[str, list[str]] = {}
    forward: dict[str, list[str]] = {}
    pred: dict[str, list[str]] = {node_id: [] for node_id in kind}
    forward_pred: dict[str, list[str]] = {node_id: [] for node_id in kind}
    for source, ways in graph.adjacency():
        succ[source] = targets = list(ways)
        ahead = forward[source] = []
        for target in targets:
            pred[target].append(source)
            for reason in ways[target]["reasons"]:
                if reason.via in FORWARD:
                    ahead.append(target)
                    forward_pred[target].append(source)
                    break
    return Index(kind, model, succ, pred, forward, forward_pred, of_type)

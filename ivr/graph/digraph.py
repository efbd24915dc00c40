"""The directed graph the menu graph is: networkx's ``DiGraph`` interface, the part ivr uses, without networkx.

Importing networkx takes longer than the rest of ``ivr check`` on a small menu
(it loads all its algorithms, generators and readers, and scans the installed
packages for backends), and the analyses need only a graph with attributes,
the successors and predecessors of a node, and one algorithm (strongly
connected components). :class:`DiGraph` stores what networkx stores (``graph``
attributes; node attribute dicts; successor and predecessor dicts sharing each
edge's attribute dict, in insertion order), reads the same way (``graph.nodes[n]``,
``graph.nodes(data="kind")``, ``graph.out_edges(n, data="reasons")``,
``graph.succ[n]``, ``n in graph``, ...) and iterates in the same order, so the
analyses read as they did. Where networkx's algorithms are wanted (drawing),
:func:`to_networkx` gives a ``networkx.DiGraph`` of the same nodes, edges and
attributes; only that imports networkx.

A menu graph is not changed once built (:mod:`ivr.graph.build`): the views
given out are read-only, and :meth:`DiGraph.subgraph` is a new graph sharing
the attribute dicts, as networkx's subgraph view does.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal, overload

if TYPE_CHECKING:
    import networkx

__all__ = ["DiGraph", "strongly_connected_components", "to_networkx"]

Attributes = dict[str, Any]


class DiGraph:
    """A directed graph with attributes on the graph, its nodes and its edges (no parallel edges)."""

    __slots__ = ("graph", "_node", "_succ", "_pred", "nodes", "edges", "out_edges", "in_edges", "__weakref__")

    def __init__(self, **attributes: Any) -> None:
        #: the graph's attributes
        self.graph: Attributes = dict(attributes)
        self._node: dict[str, Attributes] = {}
        self._succ: dict[str, dict[str, Attributes]] = {}
        self._pred: dict[str, dict[str, Attributes]] = {}
        #: the nodes: ``nodes[n]`` their attributes, ``nodes(data="kind")`` (node, value) pairs
        self.nodes = NodeView(self._node)
        #: the edges (u, v): ``edges(data="reasons")`` (u, v, value), ``edges(n)`` those leaving n
        self.edges = EdgeView(self._succ, incoming=False)
        self.out_edges = self.edges
        #: the edges (u, v) by their target: ``in_edges(n, data=True)`` those entering n
        self.in_edges = EdgeView(self._pred, incoming=True)

    # building

    def add_node(self, node: str, /, **attributes: Any) -> None:
        if node not in self._node:
            self._succ[node] = {}
            self._pred[node] = {}
            self._node[node] = attributes
        else:
            self._node[node].update(attributes)

    def add_nodes_from(self, nodes: Iterable[str | tuple[str, Attributes]]) -> None:
        """Nodes, or (node, attributes) pairs."""
        for item in nodes:
            if isinstance(item, tuple):
                node, attributes = item
                self.add_node(node, **attributes)
            else:
                self.add_node(item)

    def add_edge(self, source: str, target: str, /, **attributes: Any) -> None:
        """The edge, its nodes added where they are new; attributes update those of an edge already there."""
        for node in (source, target):
            if node not in self._node:
                self.add_node(node)
        data = self._succ[source].get(target, {})
        data.update(attributes)
        self._succ[source][target] = data
        self._pred[target][source] = data

    # reading

    def __contains__(self, node: object) -> bool:
        try:
            return node in self._node
        except TypeError:  # an unhashable value is no node
            return False

    def __iter__(self) -> Iterator[str]:
        return iter(self._node)

    def __len__(self) -> int:
        return len(self._node)

    def __getitem__(self, node: str) -> Mapping[str, Attributes]:
        """The successors of ``node``, each with the attributes of the edge to it."""
        return MappingProxyType(self._succ[node])

    @property
    def succ(self) -> Mapping[str, Mapping[str, Attributes]]:
        """node -> its successors -> the edge's attributes."""
        return MappingProxyType(self._succ)

    adj = succ

    @property
    def pred(self) -> Mapping[str, Mapping[str, Attributes]]:
        """node -> its predecessors -> the edge's attributes."""
        return MappingProxyType(self._pred)

    @property
    def name(self) -> str:
        return str(self.graph.get("name", ""))

    def successors(self, node: str) -> Iterator[str]:
        return iter(self._succ[node])

    neighbors = successors

    def predecessors(self, node: str) -> Iterator[str]:
        return iter(self._pred[node])

    def has_node(self, node: object) -> bool:
        return node in self

    def has_edge(self, source: str, target: str) -> bool:
        return source in self._succ and target in self._succ[source]

    def get_edge_data(self, source: str, target: str, default: Any = None) -> Any:
        try:
            return self._succ[source][target]
        except KeyError:
            return default

    def number_of_nodes(self) -> int:
        return len(self._node)

    def number_of_edges(self) -> int:
        return sum(len(targets) for targets in self._succ.values())

    def in_degree(self, node: str) -> int:
        return len(self._pred[node])

    def out_degree(self, node: str) -> int:
        return len(self._succ[node])

    def is_directed(self) -> bool:
        return True

    def is_multigraph(self) -> bool:
        return False

    def subgraph(self, nodes: Iterable[str]) -> DiGraph:
        """The graph of ``nodes`` (those in this graph) and the edges between them, in this graph's order;
        the attribute dicts are shared, not copied."""
        keep = {n for n in nodes if n in self._node}
        sub = DiGraph()
        sub.graph = self.graph
        for node, attributes in self._node.items():
            if node in keep:
                sub._node[node] = attributes
                sub._succ[node] = {t: d for t, d in self._succ[node].items() if t in keep}
                sub._pred[node] = {s: d for s, d in self._pred[node].items() if s in keep}
        return sub

    def copy(self) -> DiGraph:
        """A new graph with the same nodes and edges and copies of the attribute dicts (their values shared)."""
        new = DiGraph(**self.graph)
        new.add_nodes_from((node, dict(attributes)) for node, attributes in self._node.items())
        for source, targets in self._succ.items():
            for target, data in targets.items():
                new.add_edge(source, target, **data)
        return new

    def __repr__(self) -> str:
        return f"DiGraph({self.name!r}: {len(self._node)} nodes, {self.number_of_edges()} edges)"


class NodeView(Mapping[str, Attributes]):
    """``graph.nodes``: node -> its attributes; called, (node, attribute) pairs."""

    __slots__ = ("_node",)

    def __init__(self, node: dict[str, Attributes]) -> None:
        self._node = node

    def __getitem__(self, node: str) -> Attributes:
        return self._node[node]

    def __iter__(self) -> Iterator[str]:
        return iter(self._node)

    def __len__(self) -> int:
        return len(self._node)

    def __contains__(self, node: object) -> bool:
        try:
            return node in self._node
        except TypeError:
            return False

    @overload
    def __call__(self, data: Literal[False] = False, default: Any = None) -> NodeView: ...

    @overload
    def __call__(self, data: Literal[True] | str, default: Any = None) -> NodeDataView: ...

    def __call__(self, data: bool | str = False, default: Any = None) -> NodeView | NodeDataView:
        """The nodes (``data=False``), (node, attributes) pairs (``True``) or (node, value of the attribute named)."""
        if data is False:
            return self
        return NodeDataView(self._node, data, default)

    def data(self, data: bool | str = True, default: Any = None) -> NodeDataView:
        return NodeDataView(self._node, data, default)

    def __repr__(self) -> str:
        return f"NodeView({tuple(self._node)!r})"


class NodeDataView:
    """``graph.nodes(data=...)``: (node, attributes or one attribute's value) pairs; indexable by node."""

    __slots__ = ("_node", "_data", "_default")

    def __init__(self, node: dict[str, Attributes], data: bool | str, default: Any) -> None:
        self._node, self._data, self._default = node, data, default

    def __iter__(self) -> Iterator[tuple[str, Any]]:
        if self._data is True:
            return iter(self._node.items())
        name, default = self._data, self._default
        return ((n, attributes.get(name, default)) for n, attributes in self._node.items())  # type: ignore[arg-type]

    def __len__(self) -> int:
        return len(self._node)

    def __contains__(self, node: object) -> bool:
        try:
            return node in self._node
        except TypeError:
            return False

    def __getitem__(self, node: str) -> Any:
        attributes = self._node[node]
        return attributes if self._data is True else attributes.get(self._data, self._default)  # type: ignore[arg-type]


class EdgeView:
    """``graph.edges`` / ``out_edges`` / ``in_edges``: the (source, target) pairs, by source or by target.

    Called: ``edges(nbunch=None, data=False, default=None)``, the edges of the nodes
    of ``nbunch`` (one node, or several) or of all; with ``data=True`` the
    triples carry the edge's attributes, with ``data="reasons"`` that attribute's
    value. ``edges[u, v]`` is the attributes of one edge.
    """

    __slots__ = ("_adjacency", "_incoming")

    def __init__(self, adjacency: dict[str, dict[str, Attributes]], incoming: bool) -> None:
        self._adjacency, self._incoming = adjacency, incoming

    def __call__(self, nbunch: str | Iterable[str] | None = None, data: bool | str = False,
                 default: Any = None) -> Iterator[tuple[Any, ...]]:
        return self._edges(nbunch, data, default)

    def data(self, data: bool | str = True, default: Any = None, nbunch: str | Iterable[str] | None = None
             ) -> Iterator[tuple[Any, ...]]:
        return self._edges(nbunch, data, default)

    def _nodes(self, nbunch: str | Iterable[str] | None) -> Iterable[str]:
        if nbunch is None:
            return self._adjacency
        if isinstance(nbunch, str) or not isinstance(nbunch, Iterable):
            return [nbunch] if nbunch in self._adjacency else []
        return [n for n in nbunch if n in self._adjacency]

    def _edges(self, nbunch: str | Iterable[str] | None, data: bool | str, default: Any) -> Iterator[tuple[Any, ...]]:
        incoming = self._incoming
        for node in self._nodes(nbunch):
            for other, attributes in self._adjacency[node].items():
                pair = (other, node) if incoming else (node, other)
                if data is False:
                    yield pair
                elif data is True:
                    yield (*pair, attributes)
                else:
                    yield (*pair, attributes.get(data, default))

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        return self._edges(None, False, None)

    def __len__(self) -> int:
        return sum(len(others) for others in self._adjacency.values())

    def __contains__(self, edge: object) -> bool:
        if not isinstance(edge, tuple) or len(edge) != 2:
            return False
        source, target = edge[::-1] if self._incoming else edge
        try:
            return target in self._adjacency[source]
        except (TypeError, KeyError):
            return False

    def __getitem__(self, edge: tuple[str, str]) -> Attributes:
        source, target = edge
        return self._adjacency[target][source] if self._incoming else self._adjacency[source][target]


def strongly_connected_components(graph: DiGraph) -> Iterator[set[str]]:
    """The strongly connected components of ``graph``, each a set of nodes (Tarjan's algorithm, without
    recursion, so that a long chain of nodes cannot overflow the stack); in no particular order."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    successors = graph._succ
    for root in graph:
        if root in index:
            continue
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        work: list[tuple[str, Iterator[str]]] = [(root, iter(successors[root]))]
        while work:
            node, targets = work[-1]
            for target in targets:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(successors[target])))
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    component = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.add(member)
                        if member == node:
                            break
                    yield component


def to_networkx(graph: DiGraph) -> networkx.DiGraph:
    """A ``networkx.DiGraph`` with the same attributes, nodes and edges in the same order (for networkx's
    algorithms: drawing uses some); the attribute dicts are copies, their values shared."""
    import networkx  # here, not at the top: only what draws needs it

    copy = networkx.DiGraph(**graph.graph)
    copy.add_nodes_from((node, dict(attributes)) for node, attributes in graph._node.items())
    copy.add_edges_from((source, target, dict(data)) for source, targets in graph._succ.items()
                        for target, data in targets.items())
    return copy

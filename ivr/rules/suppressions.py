"""Suppressions written in a menu file (``ignore: {rule-id: reason}``), as the linter and rules read them."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ivr.graph.build import once_per_graph
from ivr.graph.index import index
from ivr.model.menu import Suppression

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["suppressions", "suppression_for"]


def suppressions(graph: nx.DiGraph) -> Iterator[tuple[str | None, Suppression]]:
    """Every suppression of the menu, with the node it is on (``None``: the whole file), in file order."""
    yield from _suppressions(graph)


@once_per_graph
def _suppressions(graph: nx.DiGraph) -> list[tuple[str | None, Suppression]]:
    found: list[tuple[str | None, Suppression]] = [(None, s) for s in graph.graph.get("ignore", {}).values()]
    for node_id, node in index(graph).model.items():
        if node is not None and node.ignore:
            found.extend((node_id, s) for s in node.ignore.values())
    found.sort(key=lambda item: item[1].location.order)
    return found


def suppression_for(graph: nx.DiGraph, rule: str, node: str | None) -> tuple[str | None, Suppression] | None:
    """The suppression that accepts a finding of ``rule`` on ``node``: the node's own, else the file's."""
    if node is not None:
        model = index(graph).model.get(node)
        if model is not None and rule in model.ignore:
            return node, model.ignore[rule]
    file_level = graph.graph.get("ignore", {})
    return (None, file_level[rule]) if rule in file_level else None

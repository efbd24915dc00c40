"""ivr's own directed graph reads like networkx's DiGraph (the reference here) without importing networkx."""

from __future__ import annotations

import random
import subprocess
import sys

import networkx as nx
import pytest

from ivr.graph.build import build_graph
from ivr.graph.digraph import DiGraph, strongly_connected_components, to_networkx
from ivr.formats.native.loader import load_menu

from conftest import ROOT


def _pair(seed: int, nodes: int = 30, edges: int = 60) -> tuple[DiGraph, nx.DiGraph]:
    """The same random graph built both ways, with self-loops, repeated edges and attributes."""
    rng = random.Random(seed)
    ours, theirs = DiGraph(name=f"g{seed}", start="n0"), nx.DiGraph(name=f"g{seed}", start="n0")
    names = [f"n{i}" for i in rng.sample(range(nodes * 2), nodes)]
    first = [(n, {"kind": rng.choice("abc")}) if i % 2 else n for i, n in enumerate(names[:10])]
    for graph in (ours, theirs):
        graph.add_nodes_from((n[0], dict(n[1])) if isinstance(n, tuple) else n for n in first)
    for _ in range(edges):
        u, v, weight = rng.choice(names), rng.choice(names), rng.random()
        for graph in (ours, theirs):
            graph.add_edge(u, v, reasons=[weight])
            if weight < 0.2:
                graph.add_edge(u, v, extra=weight)  # attributes of an edge already there are updated
    return ours, theirs


@pytest.mark.parametrize("seed", range(20))
def test_the_views_give_what_networkx_gives_in_the_same_order(seed):
    ours, theirs = _pair(seed)
    assert list(ours) == list(theirs) and len(ours) == len(theirs) == ours.number_of_nodes()
    assert ours.graph == theirs.graph and ours.name == theirs.name
    assert list(ours.nodes(data=True)) == list(theirs.nodes(data=True))
    assert list(ours.nodes(data="kind", default="?")) == list(theirs.nodes(data="kind", default="?"))
    assert list(ours.edges) == list(theirs.edges) and len(ours.edges) == ours.number_of_edges()
    assert list(ours.edges(data=True)) == list(theirs.edges(data=True))
    assert list(ours.edges(data="extra", default=0)) == list(theirs.edges(data="extra", default=0))
    some = list(ours)[:5] + ["absent"]
    assert list(ours.out_edges(some, data="reasons")) == list(theirs.out_edges(some, data="reasons"))
    for node in ours:
        assert ours.nodes[node] == theirs.nodes[node]
        assert list(ours.out_edges(node, data=True)) == list(theirs.out_edges(node, data=True))
        assert list(ours.in_edges(node, data="reasons")) == list(theirs.in_edges(node, data="reasons"))
        assert list(ours.successors(node)) == list(theirs.successors(node)) == list(ours[node]) == list(ours.succ[node])
        assert list(ours.predecessors(node)) == list(theirs.predecessors(node)) == list(ours.pred[node])
        assert ours.in_degree(node) == theirs.in_degree(node) and ours.out_degree(node) == theirs.out_degree(node)
        for other in list(ours)[:8]:
            assert ours.has_edge(node, other) == theirs.has_edge(node, other) == ((node, other) in ours.edges)
            assert ours.get_edge_data(node, other) == theirs.get_edge_data(node, other)
            assert ((other, node) in ours.in_edges) == ((other, node) in theirs.in_edges)
    assert ["absent" in ours, [] in ours, ("x",) in ours.edges] == [False, False, False]


@pytest.mark.parametrize("seed", range(20))
def test_subgraphs_components_and_the_copy_for_networkx(seed):
    ours, theirs = _pair(seed, edges=45)
    rng = random.Random(seed)
    keep = [n for n in ours if rng.random() < 0.6]
    sub, reference = ours.subgraph(keep), theirs.subgraph(keep)
    assert set(sub) == set(reference) and list(sub) == [n for n in ours if n in set(keep)]
    assert sorted(sub.edges) == sorted(reference.edges)
    assert sub.nodes[keep[0]] is ours.nodes[keep[0]]  # shared, as networkx's subgraph view shares them
    components = sorted(sorted(c) for c in strongly_connected_components(ours))
    assert components == sorted(sorted(c) for c in nx.strongly_connected_components(theirs))
    assert sorted(sorted(c) for c in strongly_connected_components(sub)) == \
        sorted(sorted(c) for c in nx.strongly_connected_components(reference))
    converted = to_networkx(ours)
    assert nx.utils.graphs_equal(converted, theirs)
    assert list(converted.edges) == list(theirs.edges)
    copy = ours.copy()
    assert list(copy.edges(data=True)) == list(ours.edges(data=True)) and copy.nodes[keep[0]] is not ours.nodes[keep[0]]


def test_components_of_a_long_chain_need_no_recursion():
    graph = DiGraph()
    for i in range(50_000):
        graph.add_edge(i, i + 1)
    graph.add_edge(50_000, 0)
    (only,) = strongly_connected_components(graph)
    assert len(only) == 50_001


def test_a_menu_graph_is_the_same_graph_as_networkx_built_it():
    graph = build_graph(load_menu(str(ROOT / "menus" / "bank.yaml")))
    reference = to_networkx(graph)
    assert list(reference.nodes(data=True)) == list(graph.nodes(data=True))
    assert list(reference.edges(data="reasons")) == list(graph.edges(data="reasons"))


def test_the_graph_stage_imports_no_networkx():
    code = ("import sys; from ivr.graph.build import build_graph; from ivr.graph import courtesy, human, levels, "
            "navigation, reach, timing; import ivr.rules.registry; print('networkx' in sys.modules)")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert run.stdout.strip() == "False"

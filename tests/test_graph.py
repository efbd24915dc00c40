"""The graph: every edge knows why it exists."""

from __future__ import annotations

from ivr.graph.build import DISCONNECT, Via, build_graph
from ivr.formats.native.loader import load_menu

MENU = """
    ivr: Graph
    start: main
    nodes:
      main:
        type: menu
        prompt: Press 1 for hours, 0 for an agent.
        options:
          1: {label: Hours, goto: hours}
          0: {label: Agent, goto: agents}
        on_fail: agents
      hours:
        type: branch
        branches:
          - {when: open, goto: agents}
        otherwise: closed
      account:
        type: input
        prompt: Enter your number.
        goto: agents
        no_match: main
      closed: {type: message, prompt: We are closed., goto: typo}
      agents: {type: transfer, queue: general}
"""


def graph_of(write_menu, text=MENU):
    return build_graph(load_menu(write_menu(text)))


def vias(graph, source, target):
    return [(r.via, r.key, r.implicit) for r in graph.edges[source, target]["reasons"]]


def test_nodes_carry_kind_model_and_location(write_menu):
    graph = graph_of(write_menu)
    assert graph.nodes["main"]["kind"] == "menu"
    assert graph.nodes["main"]["node"].id == "main"
    assert graph.nodes["main"]["location"].line == 4
    assert graph.graph["start"] == "main" and graph.graph["name"] == "Graph"


def test_one_edge_keeps_every_reason(write_menu):
    graph = graph_of(write_menu)
    assert vias(graph, "main", "agents") == [(Via.OPTION, "0", False), (Via.ON_FAIL, None, False)]
    assert graph.edges["main", "agents"]["reasons"][0].label == "Agent"


def test_default_replays_are_implicit_self_loops(write_menu):
    graph = graph_of(write_menu)
    assert vias(graph, "main", "main") == [(Via.NO_INPUT, None, True), (Via.NO_MATCH, None, True)]
    assert vias(graph, "account", "account") == [(Via.NO_INPUT, None, True)]
    assert vias(graph, "account", "main") == [(Via.NO_MATCH, None, False)]


def test_missing_on_fail_is_an_implicit_disconnect(write_menu):
    graph = graph_of(write_menu)
    assert graph.nodes[DISCONNECT]["kind"] == "disconnect"
    assert vias(graph, "account", DISCONNECT) == [(Via.DISCONNECT, None, True)]
    assert not graph.has_edge("main", DISCONNECT)


def test_branches_and_unknown_targets(write_menu):
    graph = graph_of(write_menu)
    assert vias(graph, "hours", "agents") == [(Via.BRANCH, None, False)]
    assert graph.edges["hours", "agents"]["reasons"][0].label == "open"
    assert vias(graph, "hours", "closed") == [(Via.OTHERWISE, None, False)]
    assert graph.nodes["typo"] == {"kind": "missing", "node": None, "location": None}


def test_no_disconnect_node_when_every_menu_has_on_fail(write_menu):
    graph = graph_of(write_menu, MENU.split("      account:")[0] + "      closed: {type: hangup}\n      agents: {type: transfer}\n")
    assert DISCONNECT not in graph

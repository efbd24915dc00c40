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


def _heard_before_walking(graph, node_id):
    """heard_before as it was first written: a walk back from the node (quadratic over all nodes)."""
    from collections import deque  # noqa: PLC0415

    start = graph.graph["start"]
    found, silent = [], node_id == start
    seen, queue = {node_id}, deque([node_id])
    while queue:
        for source, _, reasons in graph.in_edges(queue.popleft(), data="reasons"):
            if source in seen or all(r.via is Via.DISCONNECT for r in reasons):
                continue
            seen.add(source)
            node = graph.nodes[source]["node"]
            if node is not None and node.prompt is not None:
                found.append(source)
            else:
                silent = silent or source == start
                queue.append(source)
    return sorted(found, key=lambda n: graph.nodes[n]["location"].order), silent


def test_what_callers_hear_before_a_node_is_worked_out_once_and_the_same_as_a_walk_back(write_menu):
    from pathlib import Path  # noqa: PLC0415

    import yaml  # noqa: PLC0415

    from ivr.graph.courtesy import heard_before  # noqa: PLC0415

    root = Path(__file__).parents[2]
    rules = root / "tests" / "fixtures" / "rules"
    paths = [*(root / "menus").glob("*.yaml"), *(p for p in rules.glob("*/*.yaml") if p.name != "cases.yaml")]
    # and the YAML menus written inline in the rules' case files
    for cases in rules.glob("*/cases.yaml"):
        for name, case in yaml.safe_load(cases.read_text(encoding="utf-8"))["cases"].items():
            if case.get("format", "yaml") == "yaml" and "source" in case:
                paths.append(Path(write_menu(case["source"], f"{cases.parent.name}-{name}.yaml")))
    # silent branches in a ring and in a row, a silent start, a dead end (the system's disconnect)
    paths.append(Path(write_menu("""
        ivr: quiet
        start: b0
        nodes:
          b0: {type: branch, branches: [{when: x, goto: b1}], otherwise: hello}
          b1: {type: branch, branches: [{when: y, goto: b2}], otherwise: bye}
          b2: {type: branch, branches: [{when: z, goto: b0}], otherwise: menu}
          hello: {type: message, prompt: 'Welcome.', goto: menu}
          menu: {type: menu, prompt: 'Press 1.', options: {1: {goto: b3}}, on_fail: stuck}
          b3: {type: branch, branches: [{when: w, goto: bye}], otherwise: b1}
          stuck: {type: message}
          bye: {type: hangup}
        """)))
    compared = 0
    for path in paths:
        try:
            graph = build_graph(load_menu(str(path)))
        except Exception:  # noqa: BLE001 (fixtures of rules that refuse a menu)
            continue
        for node_id in graph:
            assert heard_before(graph, node_id) == _heard_before_walking(graph, node_id), (path, node_id)
            compared += 1
    assert compared > 400

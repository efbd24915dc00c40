"""ivr render: diagrams parsed back (SVG with xml.etree, DOT through the dot program), every CLI path."""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest
import yaml
from click.testing import CliRunner

from ivr.cli import cli
from ivr.graph.build import build_graph
from ivr.rules.runner import lint
from ivr.formats.native.loader import load_menu
from ivr.present.diagram import LOOKS, diagram, edge_id, neighbourhood, submenus, svg_id
from ivr.simulation import Callers, simulate
from ivr.simulation.flows import edge_flows

from tests.conftest import FIXTURES, ROOT

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"
RENDER = FIXTURES / "render"
ESCAPING = str(RENDER / "escaping.yaml")
CLUSTERS = str(RENDER / "clusters.yaml")
BANK = str(ROOT / "menus" / "bank.yaml")
TELECOM = str(ROOT / "menus" / "telecom-before-review.yaml")
LOOPS = str(FIXTURES / "rules" / "inescapable-loop" / "fail.yaml")


@pytest.fixture(autouse=True, scope="module")
def dot_is_installed():
    """scripts/setup installs Graphviz: without its dot program, the set-up is broken, so fail."""
    assert shutil.which("dot"), "Graphviz's dot program is missing: run scripts/setup (apt-get install graphviz)"


@pytest.fixture
def run():
    def invoke(*args):
        return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    return invoke


def graph_of(path):
    return build_graph(load_menu(path))


def render_svg(run, tmp_path, menu, *options, name="out.svg") -> ET.Element:
    out = tmp_path / name
    result = run("render", menu, "-o", out, *options)
    assert result.exit_code == 0, result.output
    assert result.output == ""
    return ET.parse(out).getroot()


def classes(element) -> set[str]:
    return set((element.get("class") or "").split())


def menu_nodes(svg) -> dict[str, ET.Element]:
    """The SVG groups of menu nodes, by SVG id."""
    return {g.get("id"): g for g in svg.iter(f"{SVG}g") if any(c.startswith("node-") for c in classes(g))}


def texts(element) -> list[str]:
    return ["".join(t.itertext()) for t in element.iter(f"{SVG}text")]


FINDING_LINE = re.compile(r"^(error|warning|info): [a-z-]+$")


def node_texts(node) -> list[str]:
    """A node's lines without the lines naming its findings (those change as rules are added)."""
    return [t for t in texts(node) if not FINDING_LINE.match(t)]


def heading(svg) -> list[str]:
    """The lines of the diagram's title (text elements directly in the top group)."""
    return ["".join(t.itertext()) for t in svg.find(f"{SVG}g").findall(f"{SVG}text")]


def edges(svg) -> list[ET.Element]:
    return [g for g in svg.iter(f"{SVG}g") if "edge" in classes(g)]


def title(element) -> str:
    return element.find(f"{SVG}title").text


def box(element) -> tuple[float, float, float, float]:
    """The bounding box of an SVG group's shapes (polygons, ellipses, paths)."""
    xs, ys = [], []
    for polygon in element.iter(f"{SVG}polygon"):
        for point in polygon.get("points").split():
            x, y = point.split(",")
            xs.append(float(x))
            ys.append(float(y))
    for ellipse in element.iter(f"{SVG}ellipse"):
        cx, cy, rx, ry = (float(ellipse.get(k)) for k in ("cx", "cy", "rx", "ry"))
        xs += [cx - rx, cx + rx]
        ys += [cy - ry, cy + ry]
    for path in element.iter(f"{SVG}path"):
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", path.get("d"))]
        xs += numbers[0::2]
        ys += numbers[1::2]
    return min(xs), min(ys), max(xs), max(ys)


def inside(inner, outer) -> bool:
    return outer[0] <= inner[0] and outer[1] <= inner[1] and inner[2] <= outer[2] and inner[3] <= outer[3]


# -- findings, types, legend -------------------------------------------------------------------

def test_nodes_carry_their_type_and_worst_severity(run, tmp_path):
    svg = render_svg(run, tmp_path, TELECOM)
    graph = graph_of(TELECOM)
    findings = lint(graph)
    nodes = menu_nodes(svg)
    assert set(nodes) == {svg_id(n) for n in graph}  # every node drawn, once, under its id
    worst = {}
    for f in findings:
        if f.node is not None and (f.node not in worst or f.severity.rank > worst[f.node].rank):
            worst[f.node] = f.severity
    for node_id, kind in graph.nodes(data="kind"):
        got = classes(nodes[svg_id(node_id)])
        assert f"node-{kind}" in got
        severities = {c for c in got if c.startswith("severity-")}
        assert severities == ({f"severity-{worst[node_id].value}"} if node_id in worst else set()), node_id
    tech = nodes["node-tech"]
    assert {"node-menu", "severity-error", "rule-unknown-target"} <= classes(tech)
    assert "error: unknown-target" in texts(tech)
    outage = nodes["node-outage_menu"]  # two warnings, and no person can be reached: shaded
    assert {"severity-warning", "rule-disconnect-on-error", "rule-no-path-to-human", "no-person"} <= classes(outage)
    def fills(group):
        return {shape.get("fill") for shape in group.iter() if shape.tag in (f"{SVG}polygon", f"{SVG}path")}

    assert any(f.startswith("url(#") for f in fills(outage))  # shaded: a gradient to grey
    assert fills(nodes["node-main"]) == {"#dbeafe"}
    assert {"warning: disconnect-on-error", "warning: no-path-to-human"} <= set(texts(outage))
    assert "node-missing" in classes(nodes["node-tech_agent"])
    assert texts(nodes["node-tech_agent"]) == ["unknown", "'tech_agent'"]
    assert "node-disconnect" in classes(nodes["node-.3c.disconnect.3e."])
    assert "start" in classes(nodes["node-welcome"])
    start = [e for e in edges(svg) if "edge-start" in classes(e)]
    assert len(start) == 1 and title(start[0]) == "start marker->welcome"
    assert len(edges(svg)) == len({e.get("id") for e in edges(svg)})  # ids are unique


def test_legend_names_what_the_drawing_shows_and_no_more(run, tmp_path):
    svg = render_svg(run, tmp_path, TELECOM)
    top = heading(svg)  # the legend is part of the graph's label, under the title
    kinds = set(nx.get_node_attributes(graph_of(TELECOM), "kind").values())
    assert {"voicemail", "branch"} - kinds == {"voicemail", "branch"}  # two kinds this menu does not have
    for kind, look in LOOKS.items():
        assert (look.title in top) == (kind in kinds), kind
    for severity in ("error", "warning", "info"):
        assert f"{severity}: rule-id" in top
    assert "no transfer can be reached" in top  # telecom-before-review has a menu with no way to a person
    assert "- - -> dead end: the system cuts callers off" in top  # transfer_pin leads nowhere
    assert "——> option, goto, branch" in top and "- - -> no input, wrong key, retries out" in top
    assert not [t for t in top if "resolved" in t or "passes per call" in t]  # not simulated: no goals, no flows
    assert ": rule-id" not in diagram(graph_of(TELECOM), []).source  # no findings, no severities


def test_the_legend_is_compact_and_can_be_left_out(run, tmp_path):
    """The legend took 40% of a small menu's drawing: now a few lines under the title."""
    def height(svg) -> float:
        return float(svg.get("viewBox").split()[3])

    small = str(ROOT / "menus" / "bank.yaml")
    with_legend = render_svg(run, tmp_path, small, "--simulate", name="with.svg")
    without = render_svg(run, tmp_path, small, "--simulate", "--no-legend", name="without.svg")
    assert "nodes" in heading(with_legend) and "nodes" not in heading(without)
    assert height(with_legend) - height(without) < 0.2 * height(with_legend)
    assert float(with_legend.get("viewBox").split()[2]) <= float(without.get("viewBox").split()[2]) * 1.05


def centre(bounds) -> tuple[float, float]:
    return (bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2


def distance(a, b) -> float:
    return ((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5


def test_edges_are_labelled_and_failures_dashed(run, tmp_path):
    svg = render_svg(run, tmp_path, BANK)
    by_id = {e.get("id"): e for e in edges(svg)}
    option = by_id[edge_id("main", "cards")]
    assert texts(option) == ["2 Cards"] and "edge-forward" in classes(option)
    assert texts(by_id[edge_id("cards", "main")]) == ["* Main menu"]
    failure = by_id[edge_id("account_number", "advisers")]  # on_fail
    assert {"edge-failure", "via-on_fail"} <= classes(failure)
    assert failure.find(f"{SVG}path").get("stroke-dasharray")
    assert texts(failure) == ["after 3 failed"]
    both = by_id[edge_id("main", "advisers")]  # option 0 and on_fail
    assert texts(both) == ["0 Adviser", "after 3 failed"]
    assert {"via-option", "via-on_fail"} <= classes(both)
    assert texts(by_id[edge_id("lending_hours", "lending_team")]) == ["lending team office hours"]
    assert texts(by_id[edge_id("lending_hours", "lending_closed")]) == ["otherwise"]
    # the implicit replay of a menu or input on no input or a wrong key is not drawn; an explicit option back is
    assert edge_id("account_number", "account_number") not in by_id
    assert texts(by_id[edge_id("accounts", "accounts")]) == ["9 Repeat"]


def test_every_edge_points_at_its_target(run, tmp_path):
    """Edges back towards the start are laid out forwards and drawn backwards: the arrowhead must still
    sit at the node the call goes to."""
    svg = render_svg(run, tmp_path, TELECOM)
    graph = graph_of(TELECOM)
    nodes = {n: centre(box(g)) for n, g in ((n, menu_nodes(svg)[svg_id(n)]) for n in graph)}
    by_id = {e.get("id"): e for e in edges(svg)}
    checked = 0
    for u, v in graph.edges:
        edge = by_id.get(edge_id(u, v))
        if edge is None or u == v:
            continue
        head = centre(box(edge.find(f"{SVG}polygon")))
        assert distance(head, nodes[v]) < distance(head, nodes[u]), (u, v)
        checked += 1
    assert checked >= 40  # of the 50 edges between two nodes, 17 are drawn backwards


def test_inescapable_loops_are_framed(run, tmp_path):
    svg = render_svg(run, tmp_path, LOOPS)
    nodes = menu_nodes(svg)
    loops = [g for g in svg.iter(f"{SVG}g") if {"cluster", "loop"} <= classes(g)]
    assert len(loops) == 2
    frames = [box(g) for g in loops]
    members = {tuple(sorted(n for n in ("info", "hours", "holidays", "address", "main", "agents")
                            if inside(box(nodes[svg_id(n)]), frame))) for frame in frames}
    assert members == {("holidays", "hours", "info"), ("address",)}
    assert all("inescapable loop" in texts(g) for g in loops)


# -- escaping ------------------------------------------------------------------------------------

PROMPT = '<script>alert("x")</script> {braces} "quotes" \\ backslash'


def test_text_round_trips_through_html_labels_and_svg(run, tmp_path):
    svg = render_svg(run, tmp_path, ESCAPING)
    nodes = menu_nodes(svg)
    graph = graph_of(ESCAPING)
    assert set(nodes) == {svg_id(n) for n in graph}
    welcome = nodes[svg_id('wel"come')]
    lines = node_texts(welcome)
    assert lines[0] == 'wel"come'
    assert " ".join(lines[2:]) == f"“{PROMPT}”"  # the prompt, wrapped over lines, as text
    assert not list(welcome.iter(f"{SVG}script")) and not list(svg.iter("script"))
    menu = nodes[svg_id("K\\öszönjük")]
    assert node_texts(menu) == ["K\\öszönjük", "menu", "“Köszönjük – 谢谢 😀 zweite Zeile \\N”"]
    assert node_texts(nodes[svg_id("a:b")]) == ["a:b", "hangup", "“bye \\”"]
    assert node_texts(nodes[svg_id("agents\\")]) == ["agents\\", "transfer to q<1>"]
    assert node_texts(nodes[svg_id("br&nch")]) == ["br&nch", "branch"]
    tooltip = menu.find(f".//{SVG}a").get(f"{XLINK}title")
    assert tooltip == "menu K\\öszönjük\nKöszönjük – 谢谢 😀 zweite Zeile \\N"
    assert heading(svg)[0] == 'Nasty <b>"menu"</b> & {co} \\ ltd'


def test_text_round_trips_through_plain_edge_labels(run, tmp_path):
    svg = render_svg(run, tmp_path, ESCAPING)
    labels = sorted(tuple(texts(e)) for e in edges(svg) if "legend-item" not in classes(e) and texts(e))
    assert labels == sorted([
        ('1 <b>Bal</b> "x" \\N {y}',),
        ("2 Grüße – 谢谢",),
        ("0 Ügyintéző", "after 3 failed"),
        ("9 Ismétlés",),
        ('<vip> & "gold"', "otherwise"),
        ("<vip>",),  # would be read as an HTML-like label if not marked as plain text
    ])


def test_dot_output_parses_back_with_the_dot_program(run, tmp_path, monkeypatch):
    out = tmp_path / "menu.dot"
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))  # .dot needs no Graphviz
    result = run("render", ESCAPING, "-o", out)
    monkeypatch.undo()
    assert result.exit_code == 0, result.output
    source = out.read_text(encoding="utf-8")
    assert source.startswith("digraph menu {")
    done = subprocess.run(["dot", "-Tsvg", str(out)], capture_output=True, check=True)
    assert done.stderr == b""
    svg = ET.fromstring(done.stdout)
    assert set(menu_nodes(svg)) == {svg_id(n) for n in graph_of(ESCAPING)}
    assert " ".join(node_texts(menu_nodes(svg)[svg_id('wel"come')])[2:]) == f"“{PROMPT}”"


def test_svg_ids_are_distinct_and_plain():
    ids = ['wel"come', "K\\öszönjük", "a:b", "a.3a.b", "a-b", "a_b", "a.b", "谢谢", "😀", "x.", "x.2e.", "a-", "-b"]
    made = [svg_id(i) for i in ids]
    assert len(set(made)) == len(ids)
    assert all(re.fullmatch(r"node-[A-Za-z0-9_.-]+", m) for m in made)
    pairs = [(a, b) for a in ids for b in ids]
    made = [edge_id(a, b) for a, b in pairs]
    assert len(set(made)) == len(pairs)  # "a-" to "b" and "a" to "-b" too
    assert all(re.fullmatch(r"edge-[A-Za-z0-9_.]+-[A-Za-z0-9_.]+", m) for m in made)
    assert svg_id("main_menu") == "node-main_menu"
    assert svg_id("Köszönjük") == "node-K.f6.sz.f6.nj.fc.k"


@pytest.mark.parametrize("text", [
    "plain", "node", "Node", "-4.2", ".42", "4.", "", " ", "a b", "<b>x</b>", "<x", '"', '\\"', '\\\\"', '\\\\\\"',
    'a"b\\"c\\\\"d', "\\" * 2000 + "x", "\\" * 2001 + '"', "x\\ny", "谢谢 😀",
])
def test_dot_names_and_values_are_quoted_as_the_graphviz_package_quotes_them(text):
    # ivr's own quoting (linear: the package's regular expressions backtrack over runs of backslashes)
    import warnings  # noqa: PLC0415

    import graphviz  # noqa: PLC0415

    from ivr.present.diagram import dot  # noqa: PLC0415

    with warnings.catch_warnings():  # the package warns of a final odd backslash; ivr never writes one
        warnings.simplefilter("ignore")
        for value in (text, graphviz.nohtml(text)):
            assert dot.quote(value) == graphviz.quoting.quote(value)
            assert dot.quote_edge(value + ":p") == graphviz.quoting.quote_edge(value + ":p")


def _long_menu(tmp_path, length: int) -> tuple[Path, dict[str, str]]:
    """A menu whose name, ids, prompts, labels, condition, queue and intent are ``length`` characters long."""
    ids = {"start": "a" * length, "branch": "ö-" * (length // 2), "slashes": "bs"}
    slashes = "\\" * 900 + '"' + "\\" * 900  # 1,801 characters: the tooltip keeps them all
    menu = {
        "ivr": "n" * length, "start": ids["start"], "intents": {"i" * length: {"share": 1, "goal": "agents"}},
        "nodes": {
            ids["start"]: {"type": "menu", "prompt": "w" * length, "options": {
                "1": {"label": "L" * length, "goto": ids["branch"]}, "2": {"label": "\\" * length, "goto": "bs"},
                "0": {"label": "agent", "goto": "agents"}}},
            ids["branch"]: {"type": "branch", "branches": [{"when": "c" * length, "goto": "agents"}],
                            "otherwise": "bs"},
            "bs": {"type": "message", "prompt": slashes, "goto": "agents"},
            "agents": {"type": "transfer", "queue": "q" * length, "prompt": "Thank you, connecting you."},
        },
    }
    path = tmp_path / "long.yaml"
    path.write_text(yaml.safe_dump(menu, allow_unicode=True, width=10**9, sort_keys=False), encoding="utf-8")
    return path, {**ids, "slashes": slashes}


def test_long_names_prompts_and_labels_are_shortened_before_dot(run, tmp_path):
    # dot refuses 16,384 bytes in a row inside a quoted or HTML string: each value here is 20,000
    path, values = _long_menu(tmp_path, 20_000)
    svg = render_svg(run, tmp_path, path, "--simulate", "--clusters")
    nodes = menu_nodes(svg)
    assert set(nodes) == {svg_id(n) for n in graph_of(path)} and all(len(i) == 5 + 201 for i in list(nodes)[:2])
    start = nodes[svg_id(values["start"])]
    assert node_texts(start)[0] == "a" * 99 + "…"
    tooltip = start.find(f".//{SVG}a").get(f"{XLINK}title").split("\n")
    assert tooltip[0] == "menu " + "a" * 99 + "…" and tooltip[1] == "w" * 1999 + "…"
    assert heading(svg)[0] == "n" * 199 + "…"
    labels = {t for e in edges(svg) for t in texts(e)}
    assert "1 " + "L" * 197 + "…" in labels and "2 " + "\\" * 197 + "…" in labels
    # backslashes and a quote come through dot as written
    slashes = nodes[svg_id("bs")].find(f".//{SVG}a").get(f"{XLINK}title")
    assert slashes == "message bs\n" + values["slashes"]


def test_svg_ids_of_long_node_ids_are_bounded_and_distinct():
    long = ["x" * 5000, "x" * 5001, "x" * 4999 + "y", "ö" * 3000, "x" * 194]
    made = [svg_id(i) for i in long]
    assert len(set(made)) == len(long)
    assert [len(m) - 5 for m in made] == [201, 201, 201, 201, 194]  # the longest escaped id kept is 200
    assert all(re.fullmatch(r"node-[A-Za-z0-9_.-]+", m) for m in made)
    assert len({edge_id(a, b) for a in long for b in long}) == len(long) ** 2


# -- focus and clusters --------------------------------------------------------------------------

def test_focus_keeps_exactly_the_neighbourhood(run, tmp_path):
    svg = render_svg(run, tmp_path, BANK, "--focus", "cards", "--depth", "1")
    assert set(menu_nodes(svg)) == {svg_id(n) for n in ("main", "cards", "lost_card", "activate_card",
                                                        "card_services")}
    assert "focus" in classes(menu_nodes(svg)["node-cards"])
    assert "around 'cards', 1 step either way: 5 of 28 nodes" in heading(svg)
    assert not [e for e in edges(svg) if "edge-start" in classes(e)]  # the start is not in view
    only = render_svg(run, tmp_path, BANK, "--focus", "cards", "--depth", "0", name="zero.svg")
    assert set(menu_nodes(only)) == {"node-cards"}


def test_neighbourhood_is_both_ways_within_depth():
    graph = graph_of(TELECOM)
    for node in ("main", "tech", "outage_menu", "<disconnect>"):
        for depth in (0, 1, 2, 3):
            forward = nx.ego_graph(graph, node, radius=depth)
            backward = nx.ego_graph(graph.reverse(), node, radius=depth)
            assert neighbourhood(graph, node, depth) == set(forward) | set(backward)
    with pytest.raises(KeyError):
        neighbourhood(graph, "nowhere", 1)


def test_submenus_are_menus_with_the_nodes_only_they_lead_to():
    assert submenus(graph_of(CLUSTERS)) == {
        "billing": ["billing", "balance", "pay", "paid", "billing_agents"],
        "support": ["support", "outages"],
    }


def test_clusters_frame_each_submenu(run, tmp_path):
    svg = render_svg(run, tmp_path, CLUSTERS, "--clusters")
    nodes = menu_nodes(svg)
    frames = {g.get("id"): g for g in svg.iter(f"{SVG}g") if "submenu" in classes(g)}
    assert set(frames) == {"submenu-billing", "submenu-support"}
    for frame_id, members in (("submenu-billing", {"billing", "balance", "pay", "paid", "billing_agents"}),
                              ("submenu-support", {"support", "outages"})):
        frame = box(frames[frame_id])
        assert {n for n in graph_of(CLUSTERS) if inside(box(nodes[svg_id(n)]), frame)} == members
    plain = render_svg(run, tmp_path, CLUSTERS, name="plain.svg")
    assert not [g for g in plain.iter(f"{SVG}g") if "submenu" in classes(g)]


def test_loops_nest_inside_their_submenu(run, tmp_path):
    svg = render_svg(run, tmp_path, LOOPS, "--clusters")
    groups = [g for g in svg.iter(f"{SVG}g") if "cluster" in classes(g)]
    loops = [box(g) for g in groups if "loop" in classes(g)]
    subs = {g.get("id"): box(g) for g in groups if "submenu" in classes(g)}
    assert len(loops) == 2
    assert any(inside(loop, subs["submenu-info"]) for loop in loops)


# -- simulation ----------------------------------------------------------------------------------

def _percent(flow: float) -> str:
    return "<0.1%" if 0 < flow < 0.0005 else f"{flow * 100:.1f}%"


@pytest.mark.parametrize("options, callers", [
    ((), Callers(patience=0)),  # default for diagrams: unlimited patience, exact flows
    (("--patience", "120", "--calls", "3000", "--seed", "5", "--accuracy", "0.8"),
     Callers(accuracy=0.8, patience=120)),
])
def test_simulate_puts_flows_on_edges_and_rates_on_goals(run, tmp_path, options, callers):
    svg = render_svg(run, tmp_path, BANK, "--simulate", *options)
    graph = graph_of(BANK)
    calls, seed = (3000, 5) if options else (100_000, 0)
    flows = edge_flows(graph, callers, calls, seed)
    by_id = {e.get("id"): e for e in edges(svg)}
    drawn = {(u, v): by_id[edge_id(u, v)] for u, v in graph.edges if edge_id(u, v) in by_id}
    seen = 0
    for (u, v), edge in drawn.items():
        flow = flows.get((u, v), 0.0)
        width = float(edge.find(f"{SVG}path").get("stroke-width", "1"))
        if flow > 0:
            seen += 1
            assert "flow" in classes(edge)
            assert texts(edge)[-1] == _percent(flow)
            assert width == pytest.approx(1 + 7 * min(flow, 1.0), abs=0.01)
        else:
            assert "flow" not in classes(edge) and width == pytest.approx(1.0)
    assert seen >= 20
    assert drawn["main", "cards"].find(f"{SVG}path").get("stroke-width")  # a wide, busy edge
    simulation = simulate(graph, callers, "auto", calls, seed)
    nodes = menu_nodes(svg)
    balance = simulation.intents["check_balance"].resolved
    assert f"★ goal of check_balance: {_percent(balance)} resolved" in texts(nodes["node-balance"])
    loan = simulation.intents["apply_for_loan"].resolved
    assert f"★ goal of apply_for_loan (1 of 2): {_percent(loan)} resolved" in texts(nodes["node-lending_closed"])
    assert "goal" in classes(nodes["node-balance"])
    assert "edge width and %: expected passes per call" in heading(svg)
    assert "width and %: expected passes per call" in heading(svg)


def test_simulate_without_intents_marks_the_transfers(run, tmp_path):
    svg = render_svg(run, tmp_path, CLUSTERS, "--simulate")
    nodes = menu_nodes(svg)
    for transfer in ("agents", "billing_agents"):
        assert any(t.startswith("★ goal of reach_a_person (1 of 2): ") for t in texts(nodes[svg_id(transfer)]))


# -- formats and the command line ----------------------------------------------------------------

def test_png_and_pdf(run, tmp_path):
    png = tmp_path / "menu.png"
    assert run("render", BANK, "-o", png).exit_code == 0
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    assert width > 1000 and height > 500
    pdf = tmp_path / "MENU.PDF"  # the extension is read case-insensitively
    assert run("render", BANK, "-o", pdf).exit_code == 0
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")


def test_output_is_replaced_atomically(run, tmp_path):
    out = tmp_path / "menu.svg"
    out.write_text("old")
    assert run("render", BANK, "-o", out).exit_code == 0
    ET.parse(out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["menu.svg"]


@pytest.mark.parametrize("extension", [".svg", ".png", ".pdf"])
def test_images_without_the_dot_program_exit_2_naming_the_package(run, tmp_path, monkeypatch, extension):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    result = run("render", BANK, "-o", tmp_path / f"menu{extension}")
    assert result.exit_code == 2
    assert "needs Graphviz's 'dot' program" in result.stderr and "apt-get install graphviz" in result.stderr
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_a_failing_dot_program_exits_2_with_what_it_said(run, tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "dot"
    fake.write_text("#!/bin/sh\necho 'out of memory' >&2\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))
    result = run("render", BANK, "-o", tmp_path / "menu.svg")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{BANK}:2:1: error: Graphviz's 'dot' cannot draw this menu (out of memory); ")
    assert not (tmp_path / "menu.svg").exists()


def test_unknown_extension_is_a_usage_error(run, tmp_path):
    for name in ("menu.gif", "menu"):
        result = run("render", BANK, "-o", tmp_path / name)
        assert result.exit_code == 2
        assert "known extension (.svg, .png, .pdf, .dot)" in result.stderr


def test_bad_menu_exits_2_with_located_errors(run, tmp_path, write_menu):
    bad = write_menu("ivr: x\nstart: a\nnodes:\n  a: {type: message, prompt: Hi., gotoo: a}\n")
    result = run("render", bad, "-o", tmp_path / "menu.dot")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{bad}:4:35: error: unknown field 'gotoo' in node 'a' (did you mean 'goto'?)")
    assert not (tmp_path / "menu.dot").exists()


def test_unknown_focus_node_suggests(run, tmp_path):
    result = run("render", BANK, "-o", tmp_path / "menu.dot", "--focus", "crads")
    assert result.exit_code == 2
    assert f"no node 'crads' in {BANK} (did you mean 'cards'?)" in result.stderr


@pytest.mark.parametrize("args, message", [
    (["--depth", "2"], "--depth applies only with --focus NODE"),
    (["--calls", "10", "--seed", "1"], "--calls, --seed applies only with --simulate"),
    (["--patience", "30"], "--patience applies only with --simulate"),
    (["--depth", "-1", "--focus", "main"], "-1 is not in the range x>=0"),
])
def test_option_misuse_exits_2(run, tmp_path, args, message):
    result = run("render", BANK, "-o", tmp_path / "menu.dot", *args)
    assert result.exit_code == 2 and message in result.stderr


def test_unwritable_output_exits_2(run, tmp_path):
    result = run("render", BANK, "-o", tmp_path / "no-such-folder" / "menu.dot")
    assert result.exit_code == 2
    target = tmp_path / "no-such-folder" / "menu.dot"
    assert result.stderr.startswith(f"{target}: error: cannot write the file: no such file or directory; ")


def test_missing_file_and_output_are_usage_errors(run, tmp_path):
    assert run("render", tmp_path / "nope.yaml", "-o", tmp_path / "menu.dot").exit_code == 2
    assert run("render", BANK).exit_code == 2


def test_diagram_is_pure_and_deterministic():
    graph = graph_of(TELECOM)
    findings = lint(graph)
    source = diagram(graph, findings).source
    assert diagram(graph, findings).source == source
    node_severity = re.compile(r'class="node-[^"]*severity-')
    assert node_severity.search(source)
    assert not node_severity.search(diagram(graph, []).source)
    assert "rule-id" in diagram(graph, findings).source
    assert "rule-id" not in diagram(graph, findings, legend=False).source


def test_flows_over_one_pass_per_call_are_capped_in_width_not_in_label():
    graph = graph_of(CLUSTERS)
    source = diagram(graph, [], flows={("main", "billing"): 2.5, ("billing", "balance"): 0.0004}).source
    (busy,) = [line for line in source.splitlines() if line.strip().startswith("main -> billing")]
    assert 'penwidth=8.0' in busy and '\\n250.0%"' in busy
    (rare,) = [line for line in source.splitlines() if line.strip().startswith("billing -> balance")]
    assert 'penwidth=1.0' in rare and '"1\\n<0.1%"' in rare


def test_output_has_the_permissions_of_a_new_file(run, tmp_path):
    old = os.umask(0o027)
    try:
        assert run("render", BANK, "-o", tmp_path / "menu.svg").exit_code == 0
        assert run("render", BANK, "-o", tmp_path / "menu.dot").exit_code == 0
    finally:
        os.umask(old)
    assert (tmp_path / "menu.svg").stat().st_mode & 0o777 == 0o640  # not the temporary file's 0600
    assert (tmp_path / "menu.dot").stat().st_mode & 0o777 == 0o640


# -- where nodes go, and what they say -----------------------------------------------------------

def test_unreachable_nodes_come_after_the_reachable_part_never_before_the_start(run, tmp_path):
    svg = render_svg(run, tmp_path, TELECOM)
    nodes = menu_nodes(svg)
    promo = centre(box(nodes["node-holiday_promo"]))  # unreachable-node: nothing leads there
    reachable = [centre(box(g)) for key, g in nodes.items() if key not in ("node-holiday_promo",)]
    assert promo[0] > centre(box(nodes["node-welcome"]))[0]
    assert promo[0] >= max(x for x, _ in reachable)  # in the last column, after all the rest


def test_a_dead_end_shows_where_its_callers_go(run, tmp_path):
    svg = render_svg(run, tmp_path, TELECOM, "--simulate")
    (edge,) = [e for e in edges(svg) if "edge-dead-end" in classes(e)]
    assert title(edge) == "transfer_pin->system disconnect"  # a message with no goto: the system hangs up
    assert texts(edge)[0] == "dead end" and texts(edge)[-1].endswith("%")
    assert "node-disconnect" in {c for g in menu_nodes(svg).values() for c in classes(g)}


def test_a_way_no_call_can_take_is_drawn_dotted_and_says_never(run, tmp_path):
    menu = tmp_path / "m.yaml"
    menu.write_text("ivr: t\nstart: main\nnodes:\n  main:\n    type: menu\n    prompt: Welcome. Dial an extension.\n"
                    "    options:\n      '/^ext[0-9]+$/': {goto: desk}\n      '1': {goto: desk}\n"
                    "  desk: {type: transfer, queue: desk, prompt: One moment.}\n", encoding="utf-8")
    svg = render_svg(run, tmp_path, menu)
    never = [e for e in edges(svg) if "edge-never" in classes(e)]
    assert [title(e) for e in never] == ["main->desk"] and texts(never[0])[0] == "never: /^ext[0-9]+$/"
    dialled = [e for e in edges(svg) if "via-option" in classes(e) and "edge-never" not in classes(e)]
    assert [texts(e)[0] for e in dialled] == ["1"]  # the key callers can press is an edge as before


def _fill(group) -> str:
    shape = next(e for e in group.iter() if e.tag in (f"{SVG}polygon", f"{SVG}ellipse", f"{SVG}path")
                 and e.get("fill") not in (None, "none"))
    return shape.get("fill")


def test_goals_are_filled_by_the_share_resolved(run, tmp_path):
    """typo.yaml: option 0 points at 'transfer_tem', so the agent intent's goal resolves 0%, balance 90%."""
    svg = render_svg(run, tmp_path, FIXTURES / "diff" / "typo.yaml", "--simulate")
    nodes = menu_nodes(svg)
    assert "0.0% resolved" in " ".join(texts(nodes["node-transfer"]))
    assert "90.0% resolved" in " ".join(texts(nodes["node-balance"]))
    never, mostly = _fill(nodes["node-transfer"]), _fill(nodes["node-balance"])
    assert (never, mostly) == ("#fecaca", "#bbf7d0")  # red-ish, green
    plain = render_svg(run, tmp_path, FIXTURES / "diff" / "typo.yaml", name="plain.svg")
    assert _fill(menu_nodes(plain)["node-transfer"]) == LOOKS["transfer"].fill  # no simulation, no rates


def test_dpi_and_width_size_an_image_for_slides(run, tmp_path):
    def pixels(path) -> tuple[int, int]:
        return struct.unpack(">II", path.read_bytes()[16:24])

    plain, slide = tmp_path / "plain.png", tmp_path / "slide.png"
    assert run("render", BANK, "-o", plain).exit_code == 0
    assert run("render", BANK, "-o", slide, "--dpi", "200", "--width", "10").exit_code == 0
    assert pixels(slide)[0] == 2000  # 10 inches at 200 dots per inch
    assert pixels(plain)[0] > 2000  # drawn at 96 dpi, but far wider than 10 inches
    assert run("render", BANK, "-o", tmp_path / "x.png", "--dpi", "0").exit_code == 2


def _two_flows(tmp_path):
    """A menu whose nodes come from two files, as an estate of flows read together is."""
    from ivr.model.menu import Location, Menu, Node, Option, Ref

    def at(file, line):
        return Location(str(tmp_path / file), line, 1)
    nodes = {
        "main::menu": Node("main::menu", "menu", at("main.json", 3), prompt=None,
                           options={"1": Option("1", Ref("billing::agents", at("main.json", 5)), at("main.json", 5)),
                                    "2": Option("2", Ref("main::bye", at("main.json", 6)), at("main.json", 6))}),
        "main::bye": Node("main::bye", "hangup", at("main.json", 9)),
        "billing::agents": Node("billing::agents", "transfer", at("billing.json", 2), queue="billing"),
    }
    return Menu("main", str(tmp_path / "main.json"), Ref("main::menu", at("main.json", 1)), nodes)


def test_an_estate_is_drawn_with_a_frame_per_flow_and_focus_can_name_a_flow(tmp_path):
    from ivr.graph.build import build_graph
    from ivr.present.diagram import diagram

    graph = build_graph(_two_flows(tmp_path))
    source = diagram(graph, legend=False).source
    assert source.count("cluster_flow_") == 2
    assert "flow <B>main.json</B>" in source and "flow <B>billing.json</B>" in source
    focused = diagram(graph, focus="billing", legend=False).source
    assert "flow " + str(tmp_path / "billing.json") in focused  # the title names the flow drawn
    assert "main::bye" not in focused and "main::menu" in focused  # the hand-off into it, not the rest


def test_a_transfers_failure_way_is_dashed_and_labelled_with_its_outcomes(run, tmp_path):
    """if_failed (issue 22): drawn as a failure, not as a way on, with the outcomes that take it, and the legend
    says what such an edge is (only when one is drawn)."""
    menu = tmp_path / "failing.yaml"
    menu.write_text("ivr: Failing\nstart: agents\nnodes:\n"
                    "  agents: {type: transfer, queue: support, if_failed: sorry, failed_when: [busy, noanswer]}\n"
                    "  sorry: {type: hangup, prompt: Sorry nobody can take your call.}\n", encoding="utf-8")
    svg = render_svg(run, tmp_path, str(menu))
    failed = {e.get("id"): e for e in edges(svg)}[edge_id("agents", "sorry")]
    assert {"edge-failure", "via-transfer_failed"} <= classes(failed)
    assert failed.find(f"{SVG}path").get("stroke-dasharray")
    assert texts(failed) == ["transfer fails: busy, noanswer"]
    assert "- - -> transfer fails: the outcomes that take it" in heading(svg)
    assert not [t for t in heading(render_svg(run, tmp_path, BANK, name="bank.svg")) if "transfer fails" in t]

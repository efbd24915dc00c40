"""Diagrams of a menu (presentation): the graph, its findings and, optionally, simulated flows, as Graphviz DOT.

:func:`diagram` is pure: a menu graph, the linter's findings and optional
flows and goal rates in, a :class:`graphviz.Digraph` out. :func:`render`
turns that into the bytes of a ``.dot``, ``.svg``, ``.png`` or ``.pdf`` file
(all but DOT need Graphviz's ``dot`` program).

What the drawing says:

* node shape and fill by type; the synthetic system disconnect dark grey;
  ids that are referenced but not defined dashed red "unknown";
* a node with findings has a thick border in its worst severity's colour and
  lists the rule ids; menus from which no person can be reached are shaded
  grey; the members of each inescapable loop are framed together;
* option edges are labelled with key and label, branch edges with their
  condition; no-input, wrong-key and retries-out edges are dashed grey; a
  menu's implicit replay of itself on no input or a wrong key is not drawn;
* the start has an entry arrow; a legend explains all of it;
* an IVR made of several flows (files handing off to each other) frames each
  flow, named by its file, with the hand-offs drawn between the frames;
  ``focus`` may name a flow to draw it alone with the nodes its hand-offs touch.

Every drawn menu node carries the SVG ``id`` :func:`svg_id` and the classes
``node-<type>``, ``severity-<worst>`` when it has findings, ``rule-<id>`` for
each rule that found something there, ``goal`` and ``focus`` where they
apply, so that tests and reports can find them. Edges carry :func:`edge_id`
and the classes ``edge-forward`` or ``edge-failure``, ``via-<why>`` for each
reason (``via-option``, ``via-on_fail``, ...) and ``flow`` when simulated
calls pass.

Node ids may contain any character but whitespace, ``<`` and ``>``; they are
never written into DOT as they are: nodes are named by their id only when it
is a plain DOT identifier (else ``node N``, which no menu id can be), and all
text goes into HTML-like labels (node labels, escaped as HTML) or escaped
Graphviz strings (edge labels and tooltips).

The package: :mod:`~.styles` (shapes, fills, colours), :mod:`~.text` (ids and
escaping), :mod:`~.layout` (focus and sub-menus), :mod:`~.labels` (what nodes
and edges say), :mod:`~.legend` and :mod:`~.render` (through ``dot``); this
module puts the drawing together.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

import graphviz
import networkx as nx

from ivr.model.findings import Finding, Severity
from ivr.model.words import printable_name
from ivr.present.diagram.labels import (GoalRate, edge_attrs, goal_rates, node_classes, node_label, tooltip,
                                        worst_severity)
from ivr.present.diagram.layout import drawn_reasons, flow_focus, flow_groups, flow_named, neighbourhood, submenus
from ivr.present.diagram.legend import Shown, legend_table
from ivr.present.diagram.placing import dead_ends, steps_from_start, unreachable_roots
from ivr.present.diagram.render import FORMATS, DotFailed, DotNotFound, render
from ivr.graph.build import DISCONNECT
from ivr.present.diagram.styles import (DEAD_END, FONT, INK, LOOKS, LOOP_FILL, MUTED, MUTED_TEXT, NO_PERSON_SHADE,
                                        SEVERITY_COLOURS, goal_fill)
from ivr.present.diagram.dot import Digraph
from ivr.present.diagram.text import (NAME_CHARS, TEXT_CHARS, DotNames, clip, edge_id, html_text, pen_width, percent,
                                      svg_id)

__all__ = [
    "FORMATS",
    "LOOKS",
    "DotNotFound",
    "DotFailed",
    "GoalRate",
    "diagram",
    "render",
    "neighbourhood",
    "submenus",
    "flow_groups",
    "flow_named",
    "goal_rates",
    "svg_id",
    "edge_id",
    "node_classes",
]


def diagram(
    graph: nx.DiGraph,
    findings: Sequence[Finding] = (),
    *,
    flows: Mapping[tuple[str, str], float] | None = None,
    goals: Mapping[str, Sequence[GoalRate]] | None = None,
    clusters: bool = False,
    focus: str | None = None,
    depth: int = 2,
    legend: bool = True,
) -> graphviz.Digraph:
    """The diagram of ``graph`` with its ``findings``.

    ``flows`` (from :func:`ivr.simulation.flows.edge_flows`) set edge widths and
    percentages; ``goals`` (from :func:`goal_rates`) label goal nodes;
    ``clusters`` frames each sub-menu (:func:`submenus`); ``focus`` draws only
    the :func:`neighbourhood` of that node within ``depth`` steps, or, naming a
    flow of an IVR made of several (:func:`flow_named`), that flow and the nodes
    its hand-offs touch.
    """
    language = graph.graph["language"]
    groups = flow_groups(graph)
    focus_flow = flow_named(graph, focus) if focus is not None and focus not in graph else None
    if focus_flow is not None:
        shown = flow_focus(graph, focus_flow)
    else:
        shown = neighbourhood(graph, focus, depth) if focus is not None else set(graph)
    names = DotNames()
    at_node: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        if finding.node is not None and finding.node in graph:
            at_node[finding.node].append(finding)
    shaded = {f.node for f in findings if f.rule == "no-path-to-human"}
    goals = goals or {}

    title = [f"<B>{html_text(clip(graph.graph['name'], TEXT_CHARS))}</B>", html_text(printable_name(graph.graph["file"]))]
    counts = {s: sum(1 for f in findings if f.severity is s) for s in sorted(Severity, key=lambda s: -s.rank)}
    found = ", ".join(f"{n} {s.value}{'s' if n != 1 else ''}" for s, n in counts.items() if n)
    title.append(f"findings: {found}" if found else "no findings")
    if focus_flow is not None:
        title.append(f"flow {html_text(focus_flow)} and the hand-offs in and out of it: "
                     f"{len(shown)} of {graph.number_of_nodes()} nodes")
    elif focus is not None:
        around = html_text(clip(focus, NAME_CHARS))
        title.append(f"around '{around}', {depth} step{'s' if depth != 1 else ''} either way: "
                     f"{len(shown)} of {graph.number_of_nodes()} nodes")
    if flows is not None:
        title.append("edge width and %: expected passes per call")

    ends = dead_ends(graph, shown)
    loops = [[n for n in f.nodes if n in shown] for f in findings if f.rule == "inescapable-loop"]
    loops = [members for members in loops if members]
    label = "<BR/>".join(title)
    if legend:
        kinds = {graph.nodes[n]["kind"] for n in shown} | ({"disconnect"} if ends else set())
        severities = {f.severity for f in findings if f.node in shown}
        table = legend_table(Shown(kinds, severities, flows is not None, bool(shaded & shown), bool(loops),
                                   bool(set(goals) & shown), bool(ends),
                                   any(graph.nodes[n]["node"] is not None
                                       and graph.nodes[n]["node"].if_failed is not None for n in shown)))
        label = (f'<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="2"><TR><TD ALIGN="LEFT" BALIGN="LEFT">{label}'
                 f'</TD></TR><TR><TD ALIGN="LEFT"><FONT POINT-SIZE="10">{table}</FONT></TD></TR></TABLE>')
    dot = Digraph(name="menu", engine="dot")  # quoted in linear time (ivr.present.diagram.dot)
    # nslimit caps dot's placement of nodes within ranks at 2 x nodes iterations of network simplex: on a
    # 1,000-node menu that placement took 16 of dot's 18 s; the cap brings it to about 2 s and leaves the
    # example menus' drawings as they were or barely changed
    dot.attr(rankdir="LR", fontname=FONT, fontsize="16", labelloc="t", labeljust="l", newrank="true",
             label=f"<{label}>", nodesep="0.25", ranksep="0.5", nslimit="2", id="diagram")
    dot.attr("node", fontname=FONT, fontsize="11", margin="0.12,0.06", penwidth="1.2")
    dot.attr("edge", fontname=FONT, fontsize="9", arrowsize="0.7")

    def add_node(target: graphviz.Digraph, node_id: str) -> None:
        data = graph.nodes[node_id]
        kind, node = data["kind"], data["node"]
        look = LOOKS[kind]
        here = at_node.get(node_id, [])
        extra = [c for c, on in (("start", node_id == graph.graph["start"]), ("goal", node_id in goals),
                                 ("focus", node_id == focus), ("no-person", node_id in shaded)) if on]
        attrs = {
            "id": svg_id(node_id),
            "class": node_classes(kind, here, *extra),
            "shape": look.shape,
            "style": look.style,
            "fillcolor": look.fill,
            "color": look.border,
            "fontcolor": look.font,
            "tooltip": tooltip(node_id, kind, node, language, here),
        }
        worst = worst_severity(here)
        if worst is not None:
            attrs.update(color=SEVERITY_COLOURS[worst], penwidth="3")
        rates = goals.get(node_id, ())
        if rates:  # coloured by its worst-served intent: a goal nobody reaches is not drawn as one all reach
            attrs["fillcolor"] = goal_fill(min(rate.resolved for rate in rates))
        if node_id in shaded:
            attrs.update(fillcolor=f"{attrs['fillcolor']}:{NO_PERSON_SHADE}", gradientangle="270")
        if node_id == focus:
            attrs["peripheries"] = "2"
        target.node(names(node_id), node_label(node_id, kind, node, language, here, goals.get(node_id, ())),
                    **attrs)

    # groups: inescapable loops (framed red), and sub-menus when asked; a node is in one frame at most
    placed: set[str] = set()
    subs = {m: [n for n in nodes if n in shown] for m, nodes in submenus(graph).items()} if clusters else {}
    home = {n: m for m, nodes in subs.items() for n in nodes}
    nested: dict[str, list[list[str]]] = defaultdict(list)
    top_loops = []
    for members in loops:
        homes = {home.get(n) for n in members}
        if len(homes) == 1 and None not in homes:
            nested[homes.pop()].append(members)
        else:
            top_loops.append(members)
            for n in members:
                home.pop(n, None)

    def add_loop(target: graphviz.Digraph, members: list[str], index: int) -> None:
        with target.subgraph(name=f"cluster_loop_{index}") as frame:
            frame.attr(label="inescapable loop", id=f"loop-{index}", **{"class": "loop"}, style="dashed,filled",
                       color=SEVERITY_COLOURS[Severity.ERROR], fillcolor=LOOP_FILL,
                       fontcolor=SEVERITY_COLOURS[Severity.ERROR], fontsize="11")
            for n in members:
                if n not in placed:
                    placed.add(n)
                    add_node(frame, n)

    loop_index = 0
    for members in top_loops:
        loop_index += 1
        add_loop(dot, members, loop_index)
    # an IVR made of several flows: a frame per flow, the hand-offs are the edges between frames
    for flow_index, (file, members) in enumerate(groups.items(), start=1):
        members = [n for n in members if n in shown and n not in placed and n not in home]
        if not members:
            continue
        with dot.subgraph(name=f"cluster_flow_{flow_index}") as frame:
            frame.attr(label=f"<flow <B>{html_text(printable_name(file.rsplit('/', 1)[-1]))}</B>>", id=f"flow-{flow_index}",
                       **{"class": "flow-frame"}, style="rounded,dashed", color=INK, fontcolor=INK, fontsize="12")
            for n in members:
                placed.add(n)
                add_node(frame, n)
    for menu_index, (menu, nodes) in enumerate(subs.items(), start=1):
        nodes = [n for n in nodes if home.get(n) == menu]
        if not nodes:
            continue
        with dot.subgraph(name=f"cluster_menu_{menu_index}") as frame:
            frame.attr(label=f"<{html_text(clip(menu, NAME_CHARS))}>", id=f"submenu-{svg_id(menu)[5:]}",
                       **{"class": "submenu"}, style="rounded", color="#cbd5e1", fontcolor=MUTED_TEXT, fontsize="11")
            for members in nested.get(menu, []):
                loop_index += 1
                add_loop(frame, members, loop_index)
            for n in nodes:
                if n not in placed:
                    placed.add(n)
                    add_node(frame, n)
    for node_id in graph:
        if node_id in shown and node_id not in placed:
            add_node(dot, node_id)
    if ends and DISCONNECT not in shown:  # where the dead ends' callers go (not drawn yet, or not around --focus)
        dot.node("system disconnect", "<<B>system disconnect</B>>", id=svg_id(DISCONNECT),
                 **{"class": "node-disconnect"}, shape=LOOKS["disconnect"].shape, style=LOOKS["disconnect"].style,
                 fillcolor=LOOKS["disconnect"].fill, color=LOOKS["disconnect"].border,
                 fontcolor=LOOKS["disconnect"].font)

    start = graph.graph["start"]
    if start in shown:
        dot.node("start marker", "", id="start-marker", shape="point", width="0.15", color=INK,
                 **{"class": "start-marker"})
        start_attrs = {"class": "edge-start", "penwidth": "2", "color": INK}
        if flows is not None:
            start_attrs.update(penwidth=str(pen_width(1.0)), label=percent(1.0))
        dot.edge("start marker", names(start), **start_attrs)

    # Edges back towards the start ("main menu", "repeat") are laid out forwards and drawn backwards
    # (dir=back), so that the call reads left to right and dot does not turn whole sub-menus around
    # (constraint=false instead makes dot fail on big framed menus: "trouble in init_rank").
    # Nodes the start cannot reach are ranked after the reachable part, never left of the start.
    steps = steps_from_start(graph, shown)
    reachable = set(nx.descendants(graph, start)) | {start} if start in graph else set()
    last = max((n for n in steps if n in reachable), key=lambda n: steps[n], default=None)
    if last is not None:
        for root in unreachable_roots(graph, steps, reachable):
            dot.edge(names(last), names(root), style="invis", **{"class": "edge-anchor"})
    for u, v, data in graph.edges(data=True):
        if u not in shown or v not in shown:
            continue
        reasons = drawn_reasons(data["reasons"])
        if not reasons:
            continue
        model = graph.nodes[u]["node"]
        attrs = edge_attrs(reasons, graph.nodes[u]["kind"], model.retries if model is not None else 3)
        attrs["id"] = edge_id(u, v)
        tail, head = u, v
        if u in steps and v in steps and steps[v] < steps[u]:
            tail, head = v, u
            attrs["dir"] = "back"
        if flows is not None:
            flow = flows.get((u, v), 0.0)
            if flow > 0:
                attrs["penwidth"] = str(pen_width(flow))
                label = str(attrs.get("label", ""))
                attrs["label"] = graphviz.nohtml(f"{label}\\n{percent(flow)}" if label else percent(flow))
                attrs["class"] += " flow"
        dot.edge(names(tail), names(head), **attrs)
    for u, v, reason in graph.graph.get("never_taken", ()):  # ways written that no call can take: dotted, "never"
        if u in shown and v in shown:
            model = graph.nodes[u]["node"]
            attrs = edge_attrs([reason], graph.nodes[u]["kind"], model.retries if model is not None else 3)
            label = str(attrs.get("label", ""))
            attrs.update(id=edge_id(u, v) + "-never", style="dotted", color=MUTED, fontcolor=MUTED_TEXT,
                         label=graphviz.nohtml(f"never: {label}" if label else "never"))
            attrs["class"] = attrs["class"].replace("edge-forward", "edge-never")
            dot.edge(names(u), names(v), **attrs)
    for node_id in ends:
        attrs = {"id": edge_id(node_id, DISCONNECT) + "-dead-end", "class": "edge-failure edge-dead-end",
                 "style": "dashed", "color": DEAD_END, "fontcolor": DEAD_END, "label": "dead end"}
        flow = (flows or {}).get((node_id, DISCONNECT), 0.0)
        if flow > 0 and not graph.has_edge(node_id, DISCONNECT):
            attrs.update(penwidth=str(pen_width(flow)), label=f"dead end\\n{percent(flow)}")
            attrs["class"] += " flow"
        dot.edge(names(node_id), names(DISCONNECT), **attrs)
    return dot

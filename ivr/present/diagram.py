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
* the start has an entry arrow; a legend explains all of it.

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
"""

from __future__ import annotations

import html
import re
import subprocess
import textwrap
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import graphviz
import networkx as nx

from ivr.model.findings import Finding, Severity
from ivr.graph.build import DISCONNECT, FORWARD, Reason, Via

__all__ = [
    "FORMATS",
    "DotNotFound",
    "DotFailed",
    "GoalRate",
    "diagram",
    "render",
    "neighbourhood",
    "submenus",
    "goal_rates",
    "svg_id",
    "edge_id",
    "node_classes",
]

#: Output formats by file extension.
FORMATS = {".svg": "svg", ".png": "png", ".pdf": "pdf", ".dot": "dot"}
#: Characters of a prompt shown in its node.
PROMPT_CHARS = 60

FONT = "Helvetica,Arial,sans-serif"
INK = "#374151"  # text and forward edges
MUTED = "#9ca3af"  # failure edges
MUTED_TEXT = "#6b7280"
SEVERITY_COLOURS = {Severity.ERROR: "#dc2626", Severity.WARNING: "#ea8c00", Severity.INFO: "#2563eb"}
NO_PERSON_SHADE = "#b8bcc4"
LOOP_FILL = "#fde8e8"


@dataclass(frozen=True)
class _Look:
    title: str  # what the legend calls it
    shape: str
    fill: str
    style: str = "filled"
    border: str = "#4b5563"
    font: str = INK


#: How each node kind is drawn, in legend order.
LOOKS: dict[str, _Look] = {
    "menu": _Look("menu", "box", "#dbeafe", "rounded,filled"),
    "message": _Look("message", "note", "#fef9c3"),
    "input": _Look("input (digits)", "box", "#ede9fe", "filled,diagonals"),
    "branch": _Look("branch (system decides)", "hexagon", "#f1f5f9"),
    "transfer": _Look("transfer to a person", "ellipse", "#bbf7d0", border="#15803d"),
    "voicemail": _Look("voicemail", "cylinder", "#ccfbf1"),
    "hangup": _Look("hangup", "octagon", "#e5e7eb"),
    "external": _Look("hand-off ivr cannot follow", "cds", "#fde68a"),
    "disconnect": _Look("system disconnect", "doubleoctagon", "#6b7280", font="white"),
    "missing": _Look("unknown node", "box", "white", "dashed", border="#dc2626", font="#dc2626"),
}

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_PLAIN_ID = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_ID_SAFE = re.compile(r"[^A-Za-z0-9_-]")
_EDGE_ID_SAFE = re.compile(r"[^A-Za-z0-9_]")


class DotNotFound(RuntimeError):
    """Graphviz's ``dot`` program is not installed (or not on PATH)."""


class DotFailed(RuntimeError):
    """``dot`` ran and failed; the message holds what it said."""


@dataclass(frozen=True, slots=True)
class GoalRate:
    """An intent served at a node, and the share of its callers who get what they called for."""

    intent: str
    resolved: float
    goals: int = 1  # how many nodes serve the intent


# -- ids and text --------------------------------------------------------------------------------

def svg_id(node_id: str) -> str:
    """The SVG ``id`` of a menu node: ``node-`` and the id, every character but
    ``A-Z a-z 0-9 _ -`` written as ``.hex.`` (so ``Köszönjük`` is ``node-K.f6.sz.f6.nj.fc.k``).

    Different node ids always give different SVG ids.
    """
    return "node-" + _ID_SAFE.sub(lambda m: f".{ord(m.group()):x}.", node_id)


def edge_id(source: str, target: str) -> str:
    """The SVG ``id`` of the edge from ``source`` to ``target``: ``edge-``, the two ids joined by ``-``,
    every character but ``A-Z a-z 0-9 _`` (``-`` too) written as ``.hex.``. Different edges, different ids."""
    def escape(node_id: str) -> str:
        return _EDGE_ID_SAFE.sub(lambda m: f".{ord(m.group()):x}.", node_id)

    return f"edge-{escape(source)}-{escape(target)}"


def _clean(text: str) -> str:
    """Text without the control characters XML cannot carry."""
    return _CONTROL.sub("\ufffd", text)


def _html(text: str) -> str:
    """``text`` for an HTML-like label: HTML-escaped, and backslashes doubled, since Graphviz
    still reads its escapes (``\\N``: the node's name) in the text of HTML-like labels."""
    return html.escape(_clean(text), quote=True).replace("\\", "\\\\")


def _plain(text: str) -> str:
    """``text`` for a Graphviz escString (a plain label or tooltip): backslashes literal, no line breaks."""
    return _clean(" ".join(text.split())).replace("\\", "\\\\")


def _plain_lines(lines: Iterable[str]) -> str:
    """Several lines for a plain label, as Graphviz's own escape sequences, never read as HTML."""
    return graphviz.nohtml("\\n".join(_plain(line) for line in lines))


def _shorten(text: str, limit: int = PROMPT_CHARS) -> str:
    """At most ``limit`` characters of ``text``, ending in "…" when cut, after a whole word where one ends near."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space >= limit - 16:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-–—") + "…"


def _prompt_text(node, language: str) -> str | None:
    if node is None or node.prompt is None:
        return None
    texts = node.prompt.texts
    for code in ("", language):
        if code in texts:
            return texts[code]
    return next(iter(texts.values()), None)


def _percent(flow: float) -> str:
    if 0 < flow < 0.0005:
        return "<0.1%"
    return f"{flow * 100:.1f}%"


def _penwidth(flow: float) -> float:
    return round(1.0 + 7.0 * min(flow, 1.0), 2)


# -- which nodes -------------------------------------------------------------------------------

def _drawn_reasons(reasons: Sequence[Reason]) -> list[Reason]:
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
                if target in seen or not _drawn_reasons(data["reasons"]):
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


def goal_rates(graph: nx.DiGraph, simulation) -> dict[str, list[GoalRate]]:
    """``{node: [GoalRate]}`` from an :class:`ivr.simulation.Simulation`: each intent at each of its goals."""
    rates: dict[str, list[GoalRate]] = defaultdict(list)
    for name, result in simulation.intents.items():
        if simulation.implied_intent:  # callers who want a person: every transfer serves them
            goals = [n for n, kind in graph.nodes(data="kind") if kind == "transfer"]
        else:
            goals = [g.target for g in graph.graph["intents"][name].goals]
        goals = [g for g in dict.fromkeys(goals) if g in graph]
        for goal in goals:
            rates[goal].append(GoalRate(name, result.resolved, len(goals)))
    return dict(rates)


# -- drawing -------------------------------------------------------------------------------------

class _Names:
    """DOT names: a node's id when it is a plain DOT identifier, else ``node N`` (no menu id has a space)."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}

    def __call__(self, node_id: str) -> str:
        name = self.names.get(node_id)
        if name is None:
            if node_id == DISCONNECT:
                name = "system disconnect"
            elif _PLAIN_ID.match(node_id):
                name = node_id
            else:
                name = f"node {len(self.names) + 1}"
            self.names[node_id] = name
        return name


def _worst(findings: Iterable[Finding]) -> Severity | None:
    return max((f.severity for f in findings), key=lambda s: s.rank, default=None)


def node_classes(kind: str, findings: Sequence[Finding] = (), *extra: str) -> str:
    """The CSS classes of a menu node's SVG element."""
    classes = [f"node-{kind}"]
    worst = _worst(findings)
    if worst is not None:
        classes.append(f"severity-{worst.value}")
    classes.extend(f"rule-{rule}" for rule in dict.fromkeys(f.rule for f in findings))
    classes.extend(extra)
    return " ".join(classes)


def _subtitle(kind: str, node) -> str | None:
    """A few words about the node beyond its type: where a transfer goes, what an input takes."""
    if node is None:
        return None
    if kind == "transfer":
        where = node.queue or node.number
        return f"transfer to {where}" if where else "transfer"
    if kind == "voicemail":
        return f"voicemail {node.mailbox}" if node.mailbox else "voicemail"
    if kind == "input":
        low, high = node.min_digits, node.max_digits
        if low is not None and low == high:
            return f"input, {low} digits"
        if low is not None or high is not None:
            return f"input, {low if low is not None else 1}-{high if high is not None else '…'} digits"
        return "input"
    return kind


def _node_label(node_id: str, kind: str, node, language: str, findings: Sequence[Finding],
                goals: Sequence[GoalRate]) -> str:
    rows: list[str] = []
    if kind == "disconnect":
        rows.append("<B>system disconnect</B>")
    elif kind == "missing":
        rows.append("<B>unknown</B>")
        rows.append(f"'{_html(node_id)}'")
    else:
        rows.append(f"<B>{_html(node_id)}</B>")
        subtitle = _subtitle(kind, node)
        if subtitle:
            rows.append(f'<FONT POINT-SIZE="9" COLOR="{MUTED_TEXT}">{_html(subtitle)}</FONT>')
        prompt = _prompt_text(node, language)
        if prompt:
            lines = textwrap.wrap(f"“{_shorten(prompt)}”", width=34) or [""]
            rows.extend(f'<FONT POINT-SIZE="9"><I>{_html(line)}</I></FONT>' for line in lines)
    by_rule: dict[str, Severity] = {}
    for finding in findings:
        if finding.rule not in by_rule or finding.severity.rank > by_rule[finding.rule].rank:
            by_rule[finding.rule] = finding.severity
    for rule, severity in by_rule.items():
        colour = SEVERITY_COLOURS[severity]
        rows.append(f'<FONT POINT-SIZE="10" COLOR="{colour}"><B>{severity.value}: {_html(rule)}</B></FONT>')
    for goal in goals:
        served = f"goal of {goal.intent}" + (f" (1 of {goal.goals})" if goal.goals > 1 else "")
        rows.append(f'<FONT POINT-SIZE="10" COLOR="#15803d"><B>★ {_html(served)}: '
                    f'{_html(_percent(goal.resolved))} resolved</B></FONT>')
    return "<" + "<BR/>".join(rows) + ">"


def _tooltip(node_id: str, kind: str, node, language: str, findings: Sequence[Finding]) -> str:
    parts = [f"{kind} {node_id}"]
    prompt = _prompt_text(node, language)
    if prompt:
        parts.append(prompt)
    parts.extend(f"{f.severity.value}: {f.rule}: {f.message}" for f in findings)
    # Graphviz reads a tooltip's escapes twice: a literal backslash is four of them
    return graphviz.nohtml("\\n".join(_plain(p).replace("\\", "\\\\") for p in parts))


def _edge_text(reason: Reason, source_kind: str, retries: int) -> str | None:
    via = reason.via
    if via is Via.OPTION:
        return f"{reason.key} {reason.label}" if reason.label else reason.key
    if via is Via.BRANCH:
        return reason.label
    if via is Via.OTHERWISE:
        return "otherwise"
    if via is Via.NO_INPUT:
        return "no input"
    if via is Via.NO_MATCH:
        return "invalid entry" if source_kind == "input" else "wrong key"
    if via in (Via.ON_FAIL, Via.DISCONNECT):
        return f"after {max(retries, 1)} failed"
    return None  # goto


def _edge_attrs(reasons: Sequence[Reason], source_kind: str, retries: int) -> dict[str, str]:
    forward = any(r.via in FORWARD for r in reasons)
    texts = [t for t in (_edge_text(r, source_kind, retries) for r in reasons) if t]
    vias = dict.fromkeys(r.via.value for r in reasons)
    attrs = {"class": " ".join(["edge-forward" if forward else "edge-failure", *(f"via-{v}" for v in vias)])}
    if forward:
        attrs.update(color=INK, fontcolor=INK)
    else:
        attrs.update(style="dashed", color=MUTED, fontcolor=MUTED_TEXT)
    if texts:
        attrs["label"] = _plain_lines(texts)
    return attrs


def _legend(dot: graphviz.Digraph, simulated: bool, shaded: bool) -> None:
    """A framed legend in two columns (ranks): the node types; then severities, notes and sample edges."""
    with dot.subgraph(name="cluster_legend") as legend:
        legend.attr(label="Legend", id="legend", **{"class": "legend"}, style="rounded", color="#d1d5db",
                    fontsize="12", fontname=FONT, margin="10")
        legend.attr("node", fontsize="9", height="0.3", margin="0.08,0.03")
        for kind, look in LOOKS.items():
            legend.node(f"legend {kind}", graphviz.nohtml(look.title), id=f"legend-{kind}", shape=look.shape,
                        style=look.style, fillcolor=look.fill, color=look.border, fontcolor=look.font,
                        **{"class": f"legend-item legend-node-{kind}"})
        second = []  # the second column, after "legend menu"
        for severity, colour in sorted(SEVERITY_COLOURS.items(), key=lambda item: -item[0].rank):
            name = f"legend {severity.value}"
            second.append(name)
            legend.node(name, f'<<FONT COLOR="{colour}"><B>{severity.value}: rule-id</B></FONT>>',
                        id=f"legend-severity-{severity.value}", shape="box", style="rounded,filled",
                        fillcolor="white", color=colour, penwidth="3",
                        **{"class": f"legend-item legend-severity-{severity.value}"})
        if shaded:
            second.append("legend no person")
            legend.node("legend no person", "no transfer can be\\nreached from here", id="legend-no-person",
                        shape="box", style="rounded,filled", fillcolor=f"{LOOKS['menu'].fill}:{NO_PERSON_SHADE}",
                        gradientangle="270", **{"class": "legend-item legend-no-person"})
        note = ["Red frame: an inescapable loop.", "Arrow from the dot: the start.",
                "Menus and inputs replay", "themselves on no input or a", "wrong key unless an edge",
                "says otherwise (not drawn)."]
        if simulated:
            note += ["★ goal: share of the intent's", "callers who get what", "they called for."]
        legend.node("legend note", graphviz.nohtml("\\l".join(note) + "\\l"), id="legend-note", shape="plain",
                    fontsize="9", fontcolor=MUTED_TEXT, **{"class": "legend-item legend-note"})
        second.append("legend note")
        for name in second:
            legend.edge("legend menu", name, style="invis")
        samples = [
            ("option", "1 Label: key and label", {"color": INK, "fontcolor": INK}),
            ("goto", "goto, branch condition", {"color": INK, "fontcolor": INK}),
            ("failure", "no input, wrong key,\\nafter N failed attempts", {"style": "dashed", "color": MUTED,
                                                                            "fontcolor": MUTED_TEXT}),
        ]
        if simulated:
            samples.append(("flow", "width and %: expected\\npasses per call",
                            {"color": INK, "fontcolor": INK, "penwidth": "5"}))
        for key, text, attrs in samples:
            a, b = f"legend {key} from", f"legend {key} to"
            legend.node(a, "", shape="point", width="0.06", color=MUTED)
            legend.node(b, "", shape="point", width="0.06", color=MUTED)
            legend.edge(a, b, graphviz.nohtml(text), fontsize="9",
                        **{"class": f"legend-item legend-edge-{key}"}, **attrs)


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
    the :func:`neighbourhood` of that node within ``depth`` steps.
    """
    language = graph.graph["language"]
    shown = neighbourhood(graph, focus, depth) if focus is not None else set(graph)
    names = _Names()
    at_node: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        if finding.node is not None and finding.node in graph:
            at_node[finding.node].append(finding)
    shaded = {f.node for f in findings if f.rule == "no-path-to-human"}
    goals = goals or {}

    title = [f"<B>{_html(graph.graph['name'])}</B>", _html(graph.graph["file"])]
    counts = {s: sum(1 for f in findings if f.severity is s) for s in sorted(Severity, key=lambda s: -s.rank)}
    found = ", ".join(f"{n} {s.value}{'s' if n != 1 else ''}" for s, n in counts.items() if n)
    title.append(f"findings: {found}" if found else "no findings")
    if focus is not None:
        title.append(f"around '{_html(focus)}', {depth} step{'s' if depth != 1 else ''} either way: "
                     f"{len(shown)} of {graph.number_of_nodes()} nodes")
    if flows is not None:
        title.append("edge width and %: expected passes per call")

    dot = graphviz.Digraph(name="menu", engine="dot")
    # nslimit caps dot's placement of nodes within ranks at 2 x nodes iterations of network simplex: on a
    # 1,000-node menu that placement took 16 of dot's 18 s; the cap brings it to about 2 s and leaves the
    # example menus' drawings as they were or barely changed
    dot.attr(rankdir="LR", fontname=FONT, fontsize="16", labelloc="t", labeljust="l", newrank="true",
             label="<" + "<BR/>".join(title) + ">", nodesep="0.25", ranksep="0.5", nslimit="2", id="diagram")
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
            "tooltip": _tooltip(node_id, kind, node, language, here),
        }
        worst = _worst(here)
        if worst is not None:
            attrs.update(color=SEVERITY_COLOURS[worst], penwidth="3")
        if node_id in shaded:
            attrs.update(fillcolor=f"{look.fill}:{NO_PERSON_SHADE}", gradientangle="270")
        if node_id == focus:
            attrs["peripheries"] = "2"
        target.node(names(node_id), _node_label(node_id, kind, node, language, here, goals.get(node_id, ())),
                    **attrs)

    # groups: inescapable loops (framed red), and sub-menus when asked; a node is in one frame at most
    loops = [[n for n in f.nodes if n in shown] for f in findings if f.rule == "inescapable-loop"]
    loops = [members for members in loops if members]
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
    for menu_index, (menu, nodes) in enumerate(subs.items(), start=1):
        nodes = [n for n in nodes if home.get(n) == menu]
        if not nodes:
            continue
        with dot.subgraph(name=f"cluster_menu_{menu_index}") as frame:
            frame.attr(label=f"<{_html(menu)}>", id=f"submenu-{svg_id(menu)[5:]}", **{"class": "submenu"},
                       style="rounded", color="#cbd5e1", fontcolor=MUTED_TEXT, fontsize="11")
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

    start = graph.graph["start"]
    if start in shown:
        dot.node("start marker", "", id="start-marker", shape="point", width="0.15", color=INK,
                 **{"class": "start-marker"})
        start_attrs = {"class": "edge-start", "penwidth": "2", "color": INK}
        if flows is not None:
            start_attrs.update(penwidth=str(_penwidth(1.0)), label=_percent(1.0))
        dot.edge("start marker", names(start), **start_attrs)

    # Edges back towards the start ("main menu", "repeat") are laid out forwards and drawn backwards
    # (dir=back), so that the call reads left to right and dot does not turn whole sub-menus around
    # (constraint=false instead makes dot fail on big framed menus: "trouble in init_rank").
    steps = nx.single_source_shortest_path_length(graph, start) if start in graph else {}
    for u, v, data in graph.edges(data=True):
        if u not in shown or v not in shown:
            continue
        reasons = _drawn_reasons(data["reasons"])
        if not reasons:
            continue
        model = graph.nodes[u]["node"]
        attrs = _edge_attrs(reasons, graph.nodes[u]["kind"], model.retries if model is not None else 3)
        attrs["id"] = edge_id(u, v)
        tail, head = u, v
        if u in steps and v in steps and steps[v] < steps[u]:
            tail, head = v, u
            attrs["dir"] = "back"
        if flows is not None:
            flow = flows.get((u, v), 0.0)
            if flow > 0:
                attrs["penwidth"] = str(_penwidth(flow))
                label = str(attrs.get("label", ""))
                attrs["label"] = graphviz.nohtml(f"{label}\\n{_percent(flow)}" if label else _percent(flow))
                attrs["class"] += " flow"
        dot.edge(names(tail), names(head), **attrs)

    if legend:
        _legend(dot, flows is not None, bool(shaded & shown))
    return dot


def render(dot: graphviz.Digraph, fmt: str) -> bytes:
    """The bytes of the diagram in ``fmt`` (``dot``, ``svg``, ``png`` or ``pdf``).

    Raises :class:`DotNotFound` when an image is asked for and ``dot`` is not
    installed, :class:`DotFailed` when it fails.
    """
    if fmt == "dot":
        return dot.source.encode("utf-8")
    try:
        return dot.pipe(format=fmt, quiet=True)
    except graphviz.ExecutableNotFound as exc:
        raise DotNotFound(str(exc)) from exc
    except (graphviz.CalledProcessError, subprocess.CalledProcessError) as exc:
        said = (exc.stderr or b"").decode("utf-8", "replace").strip()
        raise DotFailed(said or str(exc)) from exc

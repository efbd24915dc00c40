"""The legend: node kinds, severities, notes and sample edges, framed in two columns."""

from __future__ import annotations

import graphviz

from ivr.present.diagram.styles import FONT, INK, LOOKS, MUTED, MUTED_TEXT, NO_PERSON_SHADE, SEVERITY_COLOURS

__all__ = ["draw_legend"]


def draw_legend(dot: graphviz.Digraph, simulated: bool, shaded: bool) -> None:
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

"""How a diagram looks: fonts, colours, and the shape and fill of each node kind (the legend's order)."""

from __future__ import annotations

from dataclasses import dataclass

from ivr.model.findings import Severity

__all__ = ["FONT", "INK", "MUTED", "MUTED_TEXT", "SEVERITY_COLOURS", "NO_PERSON_SHADE", "LOOP_FILL", "Look", "LOOKS",
           "GOAL_FILLS", "GOAL_FILL_WORDS", "DEAD_END", "goal_fill"]

FONT = "Helvetica,Arial,sans-serif"
INK = "#374151"  # text and forward edges
MUTED = "#9ca3af"  # failure edges
MUTED_TEXT = "#6b7280"
SEVERITY_COLOURS = {Severity.ERROR: "#dc2626", Severity.WARNING: "#ea8c00", Severity.INFO: "#2563eb"}
NO_PERSON_SHADE = "#b8bcc4"
LOOP_FILL = "#fde8e8"


@dataclass(frozen=True)
class Look:
    title: str  # what the legend calls it
    shape: str
    fill: str
    style: str = "filled"
    border: str = "#4b5563"
    font: str = INK


#: How each node kind is drawn, in legend order.
LOOKS: dict[str, Look] = {
    "menu": Look("menu", "box", "#dbeafe", "rounded,filled"),
    "message": Look("message", "note", "#fef9c3"),
    "input": Look("input (digits)", "box", "#ede9fe", "filled,diagonals"),
    "branch": Look("branch (system decides)", "hexagon", "#f1f5f9"),
    "transfer": Look("transfer to a person", "ellipse", "#bbf7d0", border="#15803d"),
    "voicemail": Look("voicemail", "cylinder", "#ccfbf1"),
    "hangup": Look("hangup", "octagon", "#e5e7eb"),
    "external": Look("hand-off ivr cannot follow", "cds", "#fde68a"),
    "disconnect": Look("system disconnect", "doubleoctagon", "#6b7280", font="white"),
    "missing": Look("unknown node", "box", "white", "dashed", border="#dc2626", font="#dc2626"),
}

#: Goal fills by the share of the intent's callers resolved: (share from, fill), worst first.
GOAL_FILLS = ((0.0, "#fecaca"), (0.5, "#fed7aa"), (0.8, "#fef08a"), (0.9, "#bbf7d0"))
#: What the legend calls each goal fill.
GOAL_FILL_WORDS = ("under 50%", "50-80%", "80-90%", "90% or more")
DEAD_END = "#dc2626"  # the edge from a dead end to the system disconnect


def goal_fill(resolved: float) -> str:
    """The fill of a goal node whose worst-served intent resolves ``resolved`` of its callers
    (as the label shows it, to 0.1%: a goal labelled 90.0% is filled as 90%)."""
    shown = round(resolved, 3)
    fill = GOAL_FILLS[0][1]
    for share, colour in GOAL_FILLS:
        if shown >= share:
            fill = colour
    return fill

"""The legend: a compact table under the diagram's title, naming only what the drawing shows.

It is part of the graph's label (an HTML-like table), not a cluster of sample
nodes: it takes a few lines at the top whatever the menu's size, and never
moves a node. Node kinds and severities absent from the drawing are left out.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from ivr.model.findings import Severity
from ivr.present.diagram.styles import (DEAD_END, GOAL_FILL_WORDS, GOAL_FILLS, INK, LOOKS, LOOP_FILL, MUTED_TEXT,
                                        NO_PERSON_SHADE, SEVERITY_COLOURS)

__all__ = ["Shown", "legend_table"]

_CELL = 'BORDER="1" CELLPADDING="3"'
_NOTE = "● the start; menus replay themselves on no input or a wrong key unless an edge says otherwise"


@dataclass(frozen=True)
class Shown:
    """What the drawing holds, so that the legend names only that."""

    kinds: Collection[str]
    severities: Collection[Severity]
    simulated: bool = False
    shaded: bool = False  # a menu from which no person can be reached
    loops: bool = False
    goals: bool = False
    dead_ends: bool = False
    transfer_fails: bool = False  # a transfer's failure way (Node.if_failed) is drawn


def _text(text: str, colour: str = INK, bold: bool = False) -> str:
    inner = f"<B>{text}</B>" if bold else text
    return f'<FONT COLOR="{colour}">{inner}</FONT>'


def _label(title: str) -> str:
    return f'<TD ALIGN="LEFT" BORDER="0">{_text(title, MUTED_TEXT)}</TD>'


def _line(cells: list[str]) -> str:
    """One line of the legend: its own table, so that its cells never widen another line's."""
    return f'<TR><TD ALIGN="LEFT" BORDER="0"><TABLE ALIGN="LEFT" BORDER="0" CELLSPACING="3" CELLPADDING="1"><TR>{"".join(cells)}</TR></TABLE></TD></TR>'


def legend_table(shown: Shown) -> str:
    """The legend as an HTML-like ``<TABLE>`` for a Graphviz label: two lines, nodes and their marks
    (and a note), then goals and edges."""
    kinds = [f'<TD {_CELL} BGCOLOR="{look.fill}" COLOR="{look.border}">{_text(look.title, look.font)}</TD>'
             for kind, look in LOOKS.items() if kind in shown.kinds]
    marks = [f'<TD BORDER="3" CELLPADDING="3" COLOR="{SEVERITY_COLOURS[s]}">'
             f'{_text(f"{s.value}: rule-id", SEVERITY_COLOURS[s], bold=True)}</TD>'
             for s in sorted(shown.severities, key=lambda s: -s.rank)]
    if shown.shaded:
        marks.append(f'<TD {_CELL} BGCOLOR="{NO_PERSON_SHADE}">{_text("no transfer can be reached")}</TD>')
    if shown.loops:
        marks.append(f'<TD {_CELL} BGCOLOR="{LOOP_FILL}" COLOR="{DEAD_END}">'
                     f'{_text("inescapable loop", DEAD_END)}</TD>')
    first = [_label("nodes"), *kinds] + ([_label("findings"), *marks] if marks else [])
    # the longer line first: Graphviz stretches the shorter one's cells, which shows least on the edges'
    first.append(f'<TD BORDER="0">{_text(_NOTE, MUTED_TEXT)}</TD>')
    second = []
    if shown.goals:
        second += [_label("★ goals, resolved")] + [f'<TD {_CELL} BGCOLOR="{fill}">{_text(words)}</TD>'
                                                  for (_, fill), words in zip(GOAL_FILLS, GOAL_FILL_WORDS)]
    second += [_label("edges"), f'<TD BORDER="0">{_text("——&gt; option, goto, branch")}</TD>',
               f'<TD BORDER="0">{_text("- - -&gt; no input, wrong key, retries out", MUTED_TEXT)}</TD>']
    if shown.transfer_fails:
        second.append(f'<TD BORDER="0">{_text("- - -&gt; transfer fails: the outcomes that take it", MUTED_TEXT)}</TD>')
    if shown.dead_ends:
        second.append(f'<TD BORDER="0">{_text("- - -&gt; dead end: the system cuts callers off", DEAD_END)}</TD>')
    if shown.simulated:
        second.append(f'<TD BORDER="0">{_text("width and %: expected passes per call")}</TD>')
    return ('<TABLE BORDER="0" CELLSPACING="0" CELLPADDING="0">' + _line(first) + _line(second) + "</TABLE>")

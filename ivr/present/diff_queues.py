"""The queues in ``ivr diff``'s output: each queue's share of calls, wait and hang-ups, before -> after.

A block added under the diff's own output (text and Markdown) and a ``queues`` member of its JSON,
only when the queues' staffing is given (:mod:`ivr.compare.queues`).
"""

from __future__ import annotations

import math
from collections.abc import Callable

from ivr.compare.queues import QueueChange
from ivr.model.words import printable
from ivr.present.hold import table

__all__ = ["format_queues", "queues_dict", "seconds_text"]


def seconds_text(value: float) -> str:
    """A wait in seconds; infinite: without end (callers who never hang up, a load that reaches the agents)."""
    return "without end" if math.isinf(value) else "-" if math.isnan(value) else f"{value:.1f} s"


def _num(value: float) -> float | str | None:
    if math.isinf(value):
        return "unbounded"
    return None if math.isnan(value) else round(value, 6)


def queues_dict(changes: list[QueueChange], calls_per_hour: float) -> dict:
    return {"calls_per_hour": calls_per_hour, "queues": {
        c.queue: {side: {"share": _num(s.share), "calls_per_hour": _num(s.calls_per_hour),
                         "average_speed_of_answer_s": _num(s.wait), "p_abandon": _num(s.abandon)}
                  for side, s in (("before", c.before), ("after", c.after))} for c in changes}}


def format_queues(changes: list[QueueChange], calls_per_hour: float,
                  markdown: Callable[[str], str] | None = None) -> str:
    """The queues' figures on both sides, as lines of text, or a Markdown table when ``markdown`` is given: the
    function that makes user text inert in Markdown (the diff's ``escape``)."""
    header = ("queue", "share of calls", "calls/h", "average speed of answer", "hang up")
    rows = []
    for c in changes:
        # a queue's name is the menu's text: escaped as every name in the diff is (in Markdown, made inert)
        name = markdown(printable(c.queue)) if markdown else printable(c.queue)
        rows.append((name, f"{c.before.share:.1%} -> {c.after.share:.1%}",
                     f"{c.before.calls_per_hour:.1f} -> {c.after.calls_per_hour:.1f}",
                     f"{seconds_text(c.before.wait)} -> {seconds_text(c.after.wait)}",
                     f"{_pct(c.before.abandon)} -> {_pct(c.after.abandon)}"))
    title = f"Queues at {calls_per_hour:g} calls per hour (same staffing on both sides unless the menus differ):"
    if markdown:
        lines = [f"**{title}**", "", "| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        return "\n".join(lines)
    return "\n".join([title] + ["  " + line for line in table([header, *rows])])


def _pct(value: float) -> str:
    return "-" if math.isnan(value) else f"{value:.1%}"

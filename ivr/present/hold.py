"""Time on hold as text and as JSON: the figures per queue, then per intent and overall.

What the simulation adds when the queues' staffing is given (:mod:`ivr.simulation.hold`);
without staffing, :data:`NOT_MODELLED` is the one line the output gains.
"""

from __future__ import annotations

import math

from ivr.model.words import printable
from ivr.queues.figures import QueueFigures
from ivr.simulation.hold import Hold, HoldRow

__all__ = ["NOT_MODELLED", "hold_dict", "format_hold", "table"]

NOT_MODELLED = ("hold time is not modelled: a call reaches a person on entering a transfer "
                "(staffing: queues: in the menu, or --staffing FILE)")


def _num(value: float | None, digits: int = 6) -> float | None:
    """JSON has no NaN nor infinity: None for a figure that does not exist."""
    if value is None or not math.isfinite(value):
        return None
    return round(value, digits)


def _queue(figures: QueueFigures) -> dict:
    return {
        "share": _num(figures.share), "calls_per_hour": _num(figures.calls_per_hour),
        "agents": figures.agents, "handling_time_s": _num(figures.solution.handling_time),
        "patience_s": _num(figures.solution.patience), "offered_load": _num(figures.offered_load),
        "occupancy": _num(figures.occupancy), "p_wait": _num(figures.p_wait), "p_abandon": _num(figures.p_abandon),
        "average_speed_of_answer_s": _num(figures.average_speed_of_answer), "mean_hold_s": _num(figures.mean_hold),
        "p90_answer_s": _num(figures.p90_answer), "p90_hold_s": _num(figures.p90_hold),
        "service_level": _num(figures.service_level),
    }


def _row(row: HoldRow) -> dict:
    return {"answered": _num(row.answered), "abandoned_in_queue": _num(row.abandoned_in_queue),
            "queued": _num(row.queued), "menu_s": _num(row.menu_s), "hold_s": _num(row.hold_s),
            "answer_s": _num(row.answer_s), "answer_p90_s": _num(row.answer_p90_s),
            "service_level": _num(row.service_level)}


def hold_dict(hold: Hold) -> dict:
    """The ``queues`` and ``hold`` members of a simulation's JSON document."""
    return {
        "queues": {
            "calls_per_hour": _num(hold.calls_per_hour),
            "threshold_s": _num(hold.threshold),
            "shares": {queue: _num(share) for queue, share in hold.shares.items()},
            "figures": {queue: _queue(figures) for queue, figures in hold.line.queues.items()},
            "unstaffed": list(hold.line.unstaffed),
        },
        "hold": {"intents": {name: _row(row) for name, row in hold.intents.items()}, "overall": _row(hold.overall)},
    }


def _pct(value: float) -> str:
    return "-" if not math.isfinite(value) else f"{value * 100:.1f}%"


def _sec(value: float | None) -> str:
    return "-" if value is None or not math.isfinite(value) else f"{value:.1f}"


def table(rows: list[tuple[str, ...]], total_last: bool = False) -> list[str]:
    """Columns padded; the first left-aligned, the others right; a rule before the last row if asked. Cells
    (queue and intent names from the menu) are printed with their control characters escaped."""
    rows = [tuple(printable(cell) for cell in row) for row in rows]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for i, row in enumerate(rows):
        if total_last and i == len(rows) - 1:
            lines.append("  ".join("-" * w for w in widths))
        lines.append("  ".join(cell.ljust(w) if j == 0 else cell.rjust(w)
                               for j, (cell, w) in enumerate(zip(row, widths))).rstrip())
    return lines


def format_hold(hold: Hold) -> str:
    """The queues' figures, then what callers of each intent meet, as text under the simulation's table."""
    lines = [f"queues at {hold.calls_per_hour:g} calls per hour; service level: answered within "
             f"{hold.threshold:g} s of joining the queue"]
    rows = [("queue", "share", "calls/h", "agents", "load", "waits", "hung up", "ASA s", "p90 ans s", "hold s",
             "p90 hold s", "service")]
    for queue, share in hold.shares.items():
        figures = hold.line.queues.get(queue)
        if figures is None:
            rows.append((queue, _pct(share), f"{share * hold.calls_per_hour:.1f}", "-", "-", "-", "-", "-", "-",
                         "-", "-", "not staffed"))
            continue
        rows.append((queue, _pct(share), f"{figures.calls_per_hour:.1f}", str(figures.agents),
                     f"{figures.offered_load:.2f}", _pct(figures.p_wait), _pct(figures.p_abandon),
                     _sec(figures.average_speed_of_answer), _sec(figures.p90_answer), _sec(figures.mean_hold),
                     _sec(figures.p90_hold), _pct(figures.service_level)))
    lines += table(rows)
    if hold.line.unstaffed:
        lines.append(printable(f"no staffing for {', '.join(hold.line.unstaffed)}: their callers count as answered "
                               "at once"))
    lines.append("")
    rows = [("intent", "answered", "hung up in queue", "menu s", "hold s", "to answer s", "p90 to answer s",
             "service")]
    for name, row in list(hold.intents.items()) + [("overall", hold.overall)]:
        rows.append((name, _pct(row.answered), _pct(row.abandoned_in_queue), _sec(row.menu_s), _sec(row.hold_s),
                     _sec(row.answer_s), _sec(row.answer_p90_s), _pct(row.service_level)))
    lines += table(rows, total_last=True)
    return "\n".join(lines)

"""Charts of simulation results, as SVG text made with matplotlib (imported only when needed).

Text stays text in the SVG (``svg.fonttype: none``) so it is searchable and
scales; element ids are salted with the chart's title so several charts can
live in one HTML page.
"""

from __future__ import annotations

import io
import math

from ivr.simulation import IntentResult, Simulation

__all__ = ["outcome_chart", "time_chart", "OUTCOME_COLOURS"]

#: (label, colour) of each disjoint outcome, in stacking order.
OUTCOME_COLOURS = {
    "resolved": ("got what they called for", "#2e7d32"),
    "person": ("reached a person instead", "#1565c0"),
    "ended": ("voicemail or hung up on", "#9e9e9e"),
    "disconnected": ("cut off by the system", "#c62828"),
    "abandoned": ("gave up", "#ef6c00"),
}


def _parts(result: IntentResult) -> dict[str, float]:
    # reached_human includes callers whose goal is a transfer: count those as resolved only
    resolved = result.resolved
    person = max(0.0, 1.0 - resolved - result.ended - result.disconnected - result.abandoned)
    return {"resolved": resolved, "person": person, "ended": result.ended,
            "disconnected": result.disconnected, "abandoned": result.abandoned}


def _svg(figure, title: str) -> str:
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    import matplotlib

    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": title}):
        FigureCanvasSVG(figure).print_svg(buffer, metadata={"Date": None})
    text = buffer.getvalue()
    return text[text.index("<svg"):]  # no XML declaration or DOCTYPE: it is inlined in HTML


def _figure(rows: int):
    from matplotlib.figure import Figure

    figure = Figure(figsize=(8, 1.2 + 0.45 * rows), layout="constrained")
    return figure, figure.add_subplot()


def _ordered(simulation: Simulation) -> list[tuple[str, IntentResult]]:
    return sorted(simulation.intents.items(), key=lambda item: item[1].resolved)


def outcome_chart(simulation: Simulation) -> str:
    """Stacked horizontal bars: how each intent's calls end, worst first at the top."""
    rows = _ordered(simulation)
    figure, axes = _figure(len(rows))
    names = [name for name, _ in rows]
    left = [0.0] * len(rows)
    for key, (label, colour) in OUTCOME_COLOURS.items():
        values = [_parts(r)[key] * 100 for _, r in rows]
        axes.barh(names, values, left=left, color=colour, label=label)
        left = [a + b for a, b in zip(left, values)]
    axes.invert_yaxis()
    axes.set_xlim(0, 100)
    axes.set_xlabel("% of calls")
    axes.set_title("How calls end, per intent")
    axes.legend(loc="lower center", bbox_to_anchor=(0.5, 1.08), ncols=3, fontsize="small", frameon=False)
    return _svg(figure, "outcomes")


def time_chart(simulation: Simulation) -> str:
    """Bars of the mean time to the outcome per intent, with the 90th percentile marked."""
    rows = _ordered(simulation)
    figure, axes = _figure(len(rows))
    names = [name for name, _ in rows]
    means = [0.0 if math.isnan(r.mean_time_s) else r.mean_time_s for _, r in rows]
    axes.barh(names, means, color="#5c6bc0", label="mean")
    p90 = [(i, r.p90_time_s) for i, (_, r) in enumerate(rows) if r.p90_time_s is not None]
    if p90:
        axes.plot([v for _, v in p90], [i for i, _ in p90], "k|", markersize=14, label="90% of calls within")
        axes.legend(loc="lower right", fontsize="small")
    axes.invert_yaxis()
    axes.set_xlabel("seconds from the start of the call")
    axes.set_title("Time to the outcome, per intent")
    return _svg(figure, "times")

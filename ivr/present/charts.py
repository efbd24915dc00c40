"""Charts of simulation results, as SVG text made with matplotlib (imported only when needed).

Text stays text in the SVG (``svg.fonttype: none``) so it is searchable and
scales; element ids are salted with the chart's title so several charts can
live in one HTML page. The charts are drawn for the page's width (about
9 inches, one chart a row) with 13-point text, so that they read at page width
and in print; every bar carries its number.
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
#: The text size of every chart, in points: readable when the chart is a page wide.
FONT_SIZE = 13
WIDTH_INCHES = 9.0


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
    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context({"font.size": FONT_SIZE}):
        figure = Figure(figsize=(WIDTH_INCHES, 1.9 + 0.5 * rows), layout="constrained")
        axes = figure.add_subplot()
    for part in (axes.xaxis.label, axes.title, *axes.get_xticklabels(), *axes.get_yticklabels()):
        part.set_fontsize(FONT_SIZE)
    axes.tick_params(labelsize=FONT_SIZE)
    axes.spines[["top", "right"]].set_visible(False)
    return figure, axes


def _ordered(simulation: Simulation) -> list[tuple[str, IntentResult]]:
    return sorted(simulation.intents.items(), key=lambda item: item[1].resolved)


def outcome_chart(simulation: Simulation) -> str:
    """Stacked horizontal bars of the callers each intent does not serve, worst first at the top.

    The axis runs to just beyond the worst intent's unserved share, not to 100%: what matters (who is
    cut off, gives up, or is put through to a person instead) fills the chart, and each bar ends in
    the intent's resolved share.
    """
    rows = _ordered(simulation)
    figure, axes = _figure(len(rows))
    names = [name for name, _ in rows]
    left = [0.0] * len(rows)
    for key, (label, colour) in OUTCOME_COLOURS.items():
        if key == "resolved":
            continue
        values = [_parts(r)[key] * 100 for _, r in rows]
        axes.barh(names, values, left=left, color=colour, label=label)
        left = [a + b for a, b in zip(left, values)]
    top = max(left, default=0.0)
    reach = max(1.0, top * 1.45)  # room for the labels after the longest bar
    for i, ((_, result), end) in enumerate(zip(rows, left)):
        axes.text(end + reach * 0.01, i, f"{_pct(result.resolved)} resolved", va="center", fontsize=FONT_SIZE - 1,
                  color=OUTCOME_COLOURS["resolved"][1])
    axes.set_xlim(0, reach)
    axes.set_xticks([t for t in axes.get_xticks() if 0 <= t <= min(100.0, reach)])  # no tick past 100%
    axes.invert_yaxis()
    axes.set_xlabel("% of the intent's calls not served")
    axes.set_title("Callers who did not get what they called for", loc="left", fontsize=FONT_SIZE + 2)
    figure.legend(loc="outside lower left", ncols=2, fontsize=FONT_SIZE - 1, frameon=False)
    return _svg(figure, "outcomes")


def _pct(value: float) -> str:
    return "–" if math.isnan(value) else f"{value * 100:.1f}%"


def time_chart(simulation: Simulation) -> str:
    """Bars of the mean time to the outcome per intent, with its number, and the 90th percentile marked
    and numbered (Monte Carlo; the exact method has no percentile)."""
    rows = _ordered(simulation)
    figure, axes = _figure(len(rows))
    names = [name for name, _ in rows]
    means = [0.0 if math.isnan(r.mean_time_s) else r.mean_time_s for _, r in rows]
    axes.barh(names, means, color="#5c6bc0", label="mean")
    p90 = [(i, r.p90_time_s) for i, (_, r) in enumerate(rows) if r.p90_time_s is not None]
    longest = max([*means, *(v for _, v in p90)], default=1.0) or 1.0
    for i, mean in enumerate(means):
        axes.text(mean / 2, i, f"{mean:.0f} s", va="center", ha="center", color="white", fontsize=FONT_SIZE - 1,
                  fontweight="bold")
    if p90:
        axes.plot([v for _, v in p90], [i for i, _ in p90], "D", color="#111827", markersize=8,
                  label="90% of calls end within")
        for i, value in p90:
            axes.text(value + longest * 0.015, i, f"90%: {value:.0f} s", va="center", fontsize=FONT_SIZE - 1)
        figure.legend(loc="outside lower left", ncols=2, fontsize=FONT_SIZE - 1, frameon=False)
    axes.set_xlim(0, longest * 1.25)
    axes.invert_yaxis()
    axes.set_xlabel("seconds from the start of the call")
    axes.set_title("Time to the outcome, per intent", loc="left", fontsize=FONT_SIZE + 2)
    return _svg(figure, "times")

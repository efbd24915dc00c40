"""Time on hold in the HTML report: a chart of the wait per queue and the queue figures, as one block.

A self-contained section for :func:`ivr.present.report.menu_page` (``MenuReport.hold_html``):
the page shows it under the simulated callers when the queues' staffing is given, and
only a note that hold time is not modelled when it is not.
"""

from __future__ import annotations

import html
import io
import math

from ivr.simulation.hold import Hold

__all__ = ["wait_chart", "hold_section", "not_modelled_section"]


def _e(text: object) -> str:
    return html.escape(str(text))


def _pct(value: float) -> str:
    return "-" if not math.isfinite(value) else f"{value * 100:.1f}%"


def _sec(value: float | None) -> str:
    return "-" if value is None or not math.isfinite(value) else f"{value:.1f}"


def _figure(rows: int):
    from matplotlib.figure import Figure

    figure = Figure(figsize=(8, 1.2 + 0.45 * rows), layout="constrained")
    return figure, figure.add_subplot()


def _svg(figure, title: str) -> str:
    """SVG text to inline (as ivr.present.charts makes its own: text kept as text, ids salted by ``title``)."""
    import matplotlib
    from matplotlib.backends.backend_svg import FigureCanvasSVG

    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": title}):
        FigureCanvasSVG(figure).print_svg(buffer, metadata={"Date": None})
    text = buffer.getvalue()
    return text[text.index("<svg"):]


def wait_chart(hold: Hold) -> str:
    """Per staffed queue: the mean wait of the answered calls (bar), its p90 (mark), the share who hang up."""
    rows = list(hold.line.queues.items())
    figure, axes = _figure(max(round(1.4 * len(rows)), 2))
    names = [f"{name}\n{f.p_abandon:.1%} hang up, {f.service_level:.0%} within {hold.threshold:g} s"
             for name, f in rows]
    axes.barh(names, [f.average_speed_of_answer for _, f in rows], color="#5c6bc0",
              label="mean wait (ASA)")
    axes.plot([f.p90_answer for _, f in rows], list(range(len(rows))), "k|", markersize=14,
              label="p90 of answered")
    axes.axvline(hold.threshold, color="#c62828", linestyle="--", linewidth=1,
                 label=f"{hold.threshold:g} s")
    axes.invert_yaxis()
    axes.tick_params(axis="y", labelsize="small")
    axes.set_xlabel("seconds on hold")
    axes.set_title(f"Wait per queue at {hold.calls_per_hour:g} calls per hour")
    axes.legend(loc="lower center", bbox_to_anchor=(0.5, 1.08), ncols=3, fontsize="small", frameon=False)
    return _svg(figure, "waits")


def hold_section(hold: Hold, chart: str) -> str:
    """The block: heading, the queue table, the per-intent hold table, the chart."""
    queue_rows = []
    for queue, share in hold.shares.items():
        f = hold.line.queues.get(queue)
        if f is None:
            queue_rows.append(f"<tr><td>{_e(queue)}</td><td class=\"num\">{_pct(share)}</td>"
                              "<td colspan=\"8\">not staffed: hold time not modelled</td></tr>")
            continue
        queue_rows.append(
            f"<tr><td>{_e(queue)}</td><td class=\"num\">{_pct(share)}</td><td class=\"num\">{f.calls_per_hour:.1f}"
            f"</td><td class=\"num\">{f.agents}</td><td class=\"num\">{f.offered_load:.2f}</td>"
            f"<td class=\"num\">{_pct(f.p_wait)}</td><td class=\"num\">{_pct(f.p_abandon)}</td>"
            f"<td class=\"num\">{_sec(f.average_speed_of_answer)}</td><td class=\"num\">{_sec(f.p90_answer)}</td>"
            f"<td class=\"num\">{_pct(f.service_level)}</td></tr>")
    intent_rows = []
    for name, row in list(hold.intents.items()) + [("overall", hold.overall)]:
        cls = ' class="overall"' if name == "overall" else ""
        intent_rows.append(
            f"<tr{cls}><td>{_e(name)}</td>"
            f"<td class=\"num\">{_pct(row.answered)}</td><td class=\"num\">{_pct(row.abandoned_in_queue)}</td>"
            f"<td class=\"num\">{_sec(row.menu_s)}</td><td class=\"num\">{_sec(row.hold_s)}</td>"
            f"<td class=\"num\">{_sec(row.answer_s)}</td><td class=\"num\">{_sec(row.answer_p90_s)}</td>"
            f"<td class=\"num\">{_pct(row.service_level)}</td></tr>")
    return (
        '<div class="hold" id="queues"><h2>Queues and hold time</h2>'
        f'<p class="sub">{hold.calls_per_hour:g} calls per hour to the line; each queue an Erlang '
        f"{'A or C' if any(f.solution.patience is not None for f in hold.line.queues.values()) else 'C'} queue; "
        f"service level: answered within {hold.threshold:g} s of joining the queue.</p>"
        '<table><thead><tr><th>queue</th><th class="num">share of calls</th><th class="num">calls/h</th>'
        '<th class="num">agents</th><th class="num">load</th><th class="num">wait</th>'
        '<th class="num">hang up</th><th class="num">ASA s</th><th class="num">p90 answered s</th>'
        f'<th class="num">service level</th></tr></thead><tbody>{"".join(queue_rows)}</tbody></table>'
        '<table><thead><tr><th>intent</th><th class="num">answered</th><th class="num">hung up in queue</th>'
        '<th class="num">menu s</th><th class="num">hold s</th><th class="num">to answer s</th>'
        '<th class="num">p90 to answer s</th><th class="num">service level</th></tr></thead>'
        f'<tbody>{"".join(intent_rows)}</tbody></table>'
        f'<div class="charts">{chart[chart.index("<svg"):]}</div></div>')


def not_modelled_section() -> str:
    return ('<div class="hold" id="queues"><p class="sub">Hold time is not modelled: a call reaches a person '
            'on entering '
            "a transfer. Give the queues' staffing (<code>queues:</code> in the menu, or "
            "<code>--staffing FILE</code>) to see the wait per queue.</p></div>")

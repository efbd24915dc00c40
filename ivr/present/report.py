"""The stakeholder report: one self-contained HTML page per menu, and an index over several.

Everything is inline (CSS, the diagram's SVG, the charts' SVG); there is no
script and nothing is fetched, so the page opens in any browser, offline.
Every text that comes from a menu file is escaped.
"""

from __future__ import annotations

import html
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ivr import __version__
from ivr.model.findings import Finding, Severity
from ivr.rules.api import documentation
from ivr.rules.registry import REGISTRY
from ivr.simulation import IntentResult, Simulation

__all__ = ["MenuReport", "menu_page", "index_page", "inline_svg"]


@dataclass
class MenuReport:
    """What one menu's page shows."""

    name: str
    file: str
    folder: str  # the page's folder name under the output folder
    findings: list[Finding]
    simulation: Simulation
    diagram_svg: str
    charts: list[str]
    #: the hold-time block (ivr.present.hold_report), HTML, under the callers' charts
    hold_html: str = ""


_STYLE = """
:root { --error: #c62828; --warning: #ef6c00; --info: #1565c0; --ok: #2e7d32; --muted: #666; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0 auto;
       max-width: 1200px; padding: 1.5rem; color: #1d1d1d; }
h1 { margin-bottom: 0; } .sub { color: var(--muted); margin-top: .2rem; }
.cards { display: flex; flex-wrap: wrap; gap: .8rem; margin: 1rem 0; }
.card { border: 1px solid #ddd; border-radius: 8px; padding: .6rem 1rem; min-width: 8rem; }
.card b { display: block; font-size: 1.6rem; }
.card.error b { color: var(--error); } .card.warning b { color: var(--warning); }
.card.info b { color: var(--info); } .card.good b { color: var(--ok); }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1.5rem; }
th, td { text-align: left; padding: .35rem .6rem; border-bottom: 1px solid #e5e5e5; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.severity-error { color: var(--error); font-weight: 600; }
.severity-warning { color: var(--warning); font-weight: 600; }
.severity-info { color: var(--info); font-weight: 600; }
.diagram { overflow: auto; border: 1px solid #ddd; border-radius: 8px; max-height: 80vh; }
.diagram svg { display: block; max-width: none; height: auto; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(460px, 1fr)); gap: 1rem; }
.charts svg { width: 100%; height: auto; }
.rule { border-top: 1px solid #e5e5e5; padding-top: .5rem; }
.rule pre { white-space: pre-wrap; background: #f7f7f7; padding: .8rem; border-radius: 6px; }
.rule:target { background: #fffbe6; }
code { font-size: 90%; }
"""


def inline_svg(svg: str) -> str:
    """An SVG document as an element to put in HTML: no XML declaration, no DOCTYPE."""
    return svg[svg.index("<svg"):] if "<svg" in svg else ""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _pct(value: float) -> str:
    return "–" if math.isnan(value) else f"{value * 100:.1f}%"


def _sec(value: float | None) -> str:
    return "–" if value is None or math.isnan(value) else f"{value:.0f} s"


def _page(title: str, body: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{_e(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n{body}\n"
            f'<p class="sub">Made by ivr {_e(__version__)}.</p>\n</body>\n</html>\n')


def _counts(findings: Sequence[Finding]) -> Counter:
    return Counter(f.severity for f in findings)


def _cards(report: MenuReport) -> str:
    counts = _counts(report.findings)
    overall = report.simulation.overall
    cards = [(s.value, f"{counts[s]}", f"{s.value}s" if counts[s] != 1 else s.value) for s in
             (Severity.ERROR, Severity.WARNING, Severity.INFO)]
    cards += [("good", _pct(overall.resolved), "of callers get what they called for"),
              ("", _pct(overall.reached_human), "reach a person"),
              ("error" if overall.disconnected > 0.005 else "", _pct(overall.disconnected), "are cut off"),
              ("warning" if overall.abandoned > 0.005 else "", _pct(overall.abandoned), "give up"),
              ("", _sec(overall.mean_time_s), "mean time to the outcome")]
    return '<div class="cards">' + "".join(
        f'<div class="card {cls}"><b>{_e(value)}</b>{_e(label)}</div>' for cls, value, label in cards) + "</div>"


def _findings_table(findings: Sequence[Finding]) -> str:
    if not findings:
        return "<p>No findings: every rule passes.</p>"
    rows = "".join(
        f'<tr class="finding severity-{f.severity.value}"><td class="severity-{f.severity.value}">'
        f"{_e(f.severity.value)}</td>"
        f'<td><a href="#rule-{_e(f.rule)}">{_e(f.rule)}</a></td><td>{_e(f.node or "")}</td>'
        f'<td class="num">{f.location.line}:{f.location.column}</td><td>{_e(f.message)}</td></tr>'
        for f in sorted(findings, key=lambda f: (-f.severity.rank, f.location.order)))
    return ("<table><thead><tr><th>severity</th><th>rule</th><th>node</th><th class=\"num\">line</th>"
            f"<th>message</th></tr></thead><tbody>{rows}</tbody></table>")


def _simulation_table(simulation: Simulation) -> str:
    def row(name: str, r: IntentResult, cls: str = "") -> str:
        cells = [_pct(r.share), _pct(r.resolved), _pct(r.reached_human), _pct(r.abandoned),
                 _pct(r.disconnected), _pct(r.ended), _sec(r.mean_time_s), _sec(r.p90_time_s),
                 "–" if math.isnan(r.mean_menus) else f"{r.mean_menus:.1f}"]
        return f'<tr class="{cls}"><td>{_e(name)}</td>' + "".join(f'<td class="num">{c}</td>' for c in cells) + "</tr>"

    head = ["intent", "share", "resolved", "reached a person", "gave up", "cut off", "ended", "mean time",
            "90% within", "menus heard"]
    rows = "".join(row(n, r) for n, r in sorted(simulation.intents.items(), key=lambda i: i[1].resolved))
    rows += row("overall", simulation.overall, "overall")
    callers = simulation.callers
    how = ("exact (Markov chain)" if simulation.method == "exact"
           else f"Monte Carlo, {simulation.calls:,} calls, seed {simulation.seed}")
    patience = "unlimited" if callers.unlimited_patience else f"{callers.patience:g} s"
    note = (f"<p class=\"sub\">{_e(how)}; callers press the right key with probability {callers.accuracy:g}, "
            f"press nothing with probability {callers.no_input:g}, patience {_e(patience)}."
            + (" No intents are declared: callers who want a person." if simulation.implied_intent else "")
            + "</p>")
    header = "".join(f'<th{" class=num" if i else ""}>{_e(h)}</th>' for i, h in enumerate(head))
    return f"{note}<table><thead><tr>{header}</tr></thead><tbody>{rows}</tbody></table>"


def _rule_docs(findings: Sequence[Finding]) -> str:
    used = {f.rule for f in findings}
    parts = []
    for rule_id, rule in REGISTRY.items():
        if rule_id in used:
            parts.append(f'<section class="rule" id="rule-{_e(rule_id)}"><h3>{_e(rule_id)} '
                         f'<small>({_e(rule.SEVERITY.value)})</small></h3><pre>{_e(documentation(rule))}</pre>'
                         "</section>")
    return "".join(parts) or "<p>No rule was triggered.</p>"


def menu_page(report: MenuReport) -> str:
    """The HTML page of one menu."""
    body = (f"<h1>{_e(report.name)}</h1><p class=\"sub\">{_e(report.file)}</p>"
            f"<h2>Summary</h2>{_cards(report)}"
            f'<h2>Diagram</h2><p class="sub">Nodes with findings are coloured by severity; edge widths show '
            f'the share of calls passing that way.</p><div class="diagram">{inline_svg(report.diagram_svg)}</div>'
            f"<h2>Findings</h2>{_findings_table(report.findings)}"
            f"<h2>Callers, per intent</h2>{_simulation_table(report.simulation)}"
            f'<div class="charts">{"".join(inline_svg(c) for c in report.charts)}</div>{report.hold_html}'
            f'<h2>The rules behind the findings</h2>{_rule_docs(report.findings)}')
    return _page(f"{report.name}: ivr report", body)


def index_page(reports: Sequence[MenuReport]) -> str:
    """An index over several menus' pages."""
    rows = []
    for r in reports:
        counts = _counts(r.findings)
        rows.append(
            f'<tr><td><a href="{_e(r.folder)}/index.html">{_e(r.name)}</a></td><td>{_e(r.file)}</td>'
            + "".join(f'<td class="num severity-{s.value}">{counts[s]}</td>' for s in
                      (Severity.ERROR, Severity.WARNING, Severity.INFO))
            + f'<td class="num">{_pct(r.simulation.overall.resolved)}</td>'
            f'<td class="num">{_sec(r.simulation.overall.mean_time_s)}</td></tr>')
    body = ("<h1>ivr report</h1><table><thead><tr><th>menu</th><th>file</th><th class=num>errors</th>"
            "<th class=num>warnings</th><th class=num>infos</th><th class=num>resolved</th>"
            f"<th class=num>mean time</th></tr></thead><tbody>{''.join(rows)}</tbody></table>")
    return _page("ivr report", body)

"""The stakeholder report: one self-contained HTML page per menu, and an index over several.

Everything is inline (CSS, the diagram's SVG, the charts' SVG, a small script
that pans and zooms the diagram); nothing is fetched, so the page opens in any
browser, offline. The diagram's SVG file sits next to the page, to open full
size. Every text that comes from a menu file is escaped; the rules'
documentation is rendered from Markdown without raw HTML.

A page opens with the verdict a manager reads ("Not ready to go live: 3
errors"), the problems to fix first by callers touched, and what was reviewed:
the date, the git commit and the file's SHA-256. Printed, the diagram gets a
landscape page of its own, scaled to fit.
"""

from __future__ import annotations

import html
import math
import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote

from ivr import __version__
from ivr.formats.provenance import Provenance
from ivr.model.errors import LoadError
from ivr.model.findings import Finding, Severity
from ivr.model.menu import Location
from ivr.model.words import printable_name
from ivr.present.markdown import to_html
from ivr.present.readiness import fix_first, ready, verdict
from ivr.present.viewer import VIEWER_SCRIPT, VIEWER_STYLE, fitted_svg
from ivr.rules.api import documentation
from ivr.rules.registry import REGISTRY
from ivr.simulation import IntentResult, Simulation

__all__ = ["MenuReport", "Unreadable", "menu_page", "index_page", "inline_svg", "DIAGRAM_FILE"]

#: The diagram's SVG file, next to each menu's page.
DIAGRAM_FILE = "diagram.svg"


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
    start: str = ""  # the start node: every call passes it
    provenance: Provenance | None = None
    made: str = ""  # when the report was made, as shown


@dataclass
class Unreadable:
    """A source in the report that could not be read as a menu, and why."""

    file: str
    errors: list[LoadError]
    provenance: Provenance | None = None


_STYLE = """
:root { --error: #c62828; --warning: #ef6c00; --info: #1565c0; --ok: #2e7d32; --muted: #666; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0 auto;
       max-width: 1200px; padding: 1.5rem; color: #1d1d1d; }
h1 { margin-bottom: 0; } .sub { color: var(--muted); margin-top: .2rem; }
.stamp { color: var(--muted); font-size: 85%; margin: .3rem 0; } .stamp code { font-size: 95%; }
.verdict { font-size: 1.35rem; font-weight: 700; padding: .6rem 1rem; border-radius: 8px; margin: 1rem 0; }
.verdict.ready { background: #e8f5e9; color: var(--ok); } .verdict.not-ready { background: #ffebee; color: var(--error); }
.fix-first li { margin: .25rem 0; } .fix-first .touches { font-weight: 600; white-space: nowrap; }
.cards { display: flex; flex-wrap: wrap; gap: .8rem; margin: 1rem 0; }
.card { border: 1px solid #ddd; border-radius: 8px; padding: .6rem 1rem; min-width: 8rem; }
.card b { display: block; font-size: 1.6rem; }
.card.error b { color: var(--error); } .card.warning b { color: var(--warning); }
.card.info b { color: var(--info); } .card.good b { color: var(--ok); }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
th, td { text-align: left; padding: .35rem .6rem; border-bottom: 1px solid #e5e5e5; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.severity-error { color: var(--error); font-weight: 600; }
.severity-warning { color: var(--warning); font-weight: 600; }
.severity-info { color: var(--info); font-weight: 600; }
dl.columns { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; font-size: 92%; margin: 0 0 1.5rem; }
dl.columns dt { font-weight: 600; } dl.columns dd { margin: 0; color: #333; }
.charts { display: grid; grid-template-columns: 1fr; gap: 1.5rem; }
.charts svg { width: 100%; height: auto; }
.rule { border-top: 1px solid #e5e5e5; padding-top: .5rem; }
.rule pre { white-space: pre-wrap; background: #f7f7f7; padding: .8rem; border-radius: 6px; }
.rule:target { background: #fffbe6; }
tr.unreadable td { background: #fff5f5; }
code { font-size: 90%; }
@page { size: A4; margin: 14mm; }
@page diagram { size: A4 landscape; margin: 10mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  .diagram-tools, .no-print { display: none !important; }
  section.diagram-page { page: diagram; break-before: page; break-after: page; }
  .diagram { border: 0; overflow: visible; }
  .diagram svg { max-height: 180mm; cursor: auto; }
  .charts svg, table, .card, .rule pre { break-inside: avoid; }
  h2 { break-after: avoid; }
}
"""


def inline_svg(svg: str) -> str:
    """An SVG document as an element to put in HTML: no XML declaration, no DOCTYPE."""
    return svg[svg.index("<svg"):] if "<svg" in svg else ""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _href(folder: str) -> str:
    """A menu's folder (named after its file) in a link: its bytes percent-encoded (RFC 3986 section 2.1), so
    that a name's control characters and bytes that are not UTF-8 are inert and the link still finds it."""
    return quote(os.fsencode(folder))


def _pct(value: float) -> str:
    return "–" if math.isnan(value) else f"{value * 100:.1f}%"


def _sec(value: float | None) -> str:
    return "–" if value is None or math.isnan(value) else f"{value:.0f} s"


def _where(location: Location) -> str:
    """Where in its file: ``line:column``, ``line``, or the pointer."""
    if location.line is None:
        return location.pointer or ""
    return f"{location.line}:{location.column}" if location.column is not None else str(location.line)


def _page(title: str, body: str, script: bool = False) -> str:
    code = f"<script>{VIEWER_SCRIPT}</script>\n" if script else ""
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{_e(title)}</title>\n<style>{_STYLE}{VIEWER_STYLE}</style>\n</head>\n<body>\n{body}\n"
            f'<p class="sub">Made by ivr {_e(__version__)}.</p>\n{code}</body>\n</html>\n')


def stamp(provenance: Provenance | None, made: str = "") -> str:
    """What was reviewed, when: the date, the commit (when in git) and the file's SHA-256."""
    parts = [f"Reviewed {_e(made)}"] if made else []
    if provenance is not None:
        if provenance.commit:
            note = " with uncommitted changes" if provenance.modified else ""
            parts.append(f'git commit <code class="commit">{_e(provenance.commit[:12])}</code>{note}')
        else:
            parts.append("not in a git repository")
        if provenance.sha256:
            parts.append(f'SHA-256 <code class="sha256">{_e(provenance.sha256)}</code>')
    return f'<p class="stamp">{"; ".join(parts)}</p>' if parts else ""


def _counts(findings: Sequence[Finding]) -> Counter:
    return Counter(f.severity for f in findings)


def _verdict(findings: Sequence[Finding]) -> str:
    cls = "ready" if ready(findings) else "not-ready"
    return f'<p class="verdict {cls}">{_e(verdict(findings))}</p>'


def _fix_first(report: MenuReport) -> str:
    flows = report.simulation.edge_flows() if report.simulation.flows is not None else {}
    first = fix_first(report.findings, flows, report.start)
    if not first:
        return ""
    items = "".join(
        f'<li><span class="touches">{_pct(p.touches)} of calls</span> · '
        f'<span class="severity-{p.finding.severity.value}">{_e(p.finding.severity.value)}</span> '
        f'<a href="#rule-{_e(p.finding.rule)}">{_e(p.finding.rule)}</a>'
        + (f" at <code>{_e(p.finding.node)}</code>" if p.finding.node else "")
        + f" (line {_e(_where(p.finding.location))}): {_e(p.finding.message)}</li>" for p in first)
    return ('<h2>Fix these first</h2><p class="sub">Errors and warnings, the most callers touched first: the share '
            f'of simulated calls that pass through the node.</p><ol class="fix-first">{items}</ol>')


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
        f'<td class="num">{_e(_where(f.location))}</td><td>{_e(f.message)}</td></tr>'
        for f in sorted(findings, key=lambda f: (-f.severity.rank, f.location.order)))
    return ("<table><thead><tr><th>severity</th><th>rule</th><th>node</th><th class=\"num\">line</th>"
            f"<th>message</th></tr></thead><tbody>{rows}</tbody></table>")


#: The columns of the callers' table, explained under it.
COLUMNS = (
    ("share", "of all calls, the callers with this intent"),
    ("resolved", "got what they called for: reached the intent's goal"),
    ("reached a person", "were put through to an agent (a transfer), whether or not that was their goal"),
    ("gave up", "hung up themselves: out of patience, or caught in a loop with no way out"),
    ("cut off", "the system ended the call: retries used up with nowhere to go, a dead end, an unknown node"),
    ("ended", "reached a voicemail or a hangup that is not their goal"),
    ("mean time", "seconds from the start of the call to its outcome, on average"),
    ("90% within", "nine calls in ten end within this many seconds (Monte Carlo only)"),
    ("menus heard", "menus a caller listens to, on average, replays included"),
)


def _simulation_table(simulation: Simulation) -> str:
    def row(name: str, r: IntentResult, cls: str = "") -> str:
        cells = [_pct(r.share), _pct(r.resolved), _pct(r.reached_human), _pct(r.abandoned),
                 _pct(r.disconnected), _pct(r.ended), _sec(r.mean_time_s), _sec(r.p90_time_s),
                 "–" if math.isnan(r.mean_menus) else f"{r.mean_menus:.1f}"]
        return f'<tr class="{cls}"><td>{_e(name)}</td>' + "".join(f'<td class="num">{c}</td>' for c in cells) + "</tr>"

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
    header = "".join(f'<th{" class=num" if i else ""}>{_e(h)}</th>' for i, h in
                     enumerate(["intent", *(name for name, _ in COLUMNS)]))
    legend = '<dl class="columns">' + "".join(f"<dt>{_e(name)}</dt><dd>{_e(meaning)}</dd>"
                                              for name, meaning in COLUMNS) + "</dl>"
    return f"{note}<table><thead><tr>{header}</tr></thead><tbody>{rows}</tbody></table>{legend}"


def _rule_docs(findings: Sequence[Finding]) -> str:
    used = {f.rule for f in findings}
    parts = []
    for rule_id, rule in REGISTRY.items():
        if rule_id in used:
            parts.append(f'<section class="rule" id="rule-{_e(rule_id)}"><h3>{_e(rule_id)} '
                         f'<small>({_e(rule.SEVERITY.value)})</small></h3>{to_html(documentation(rule))}'
                         "</section>")
    return "".join(parts) or "<p>No rule was triggered.</p>"


def _diagram(report: MenuReport) -> str:
    return ('<section class="diagram-page"><h2>Diagram</h2><p class="sub">Nodes with findings are coloured by '
            "severity; goals by the share of their callers resolved; edge widths show the share of calls "
            "passing that way.</p>"
            f'<div class="diagram-tools" hidden><button type="button" data-zoom="in">Zoom in</button>'
            '<button type="button" data-zoom="out">Zoom out</button><button type="button" data-zoom="fit">'
            'Whole diagram</button><span class="hint">drag to move; Ctrl + wheel or double-click to zoom</span>'
            f'</div><p class="no-print"><a class="full-size" href="{DIAGRAM_FILE}">Open the diagram full size'
            f'</a> (SVG)</p><div class="diagram">{fitted_svg(report.diagram_svg)}</div></section>')


def menu_page(report: MenuReport) -> str:
    """The HTML page of one menu."""
    body = (f"<h1>{_e(report.name)}</h1><p class=\"sub\">{_e(printable_name(report.file))}</p>"
            f"{stamp(report.provenance, report.made)}{_verdict(report.findings)}{_fix_first(report)}"
            f"<h2>Summary</h2>{_cards(report)}{_diagram(report)}"
            f"<h2>Findings</h2>{_findings_table(report.findings)}"
            f"<h2>Callers, per intent</h2>{_simulation_table(report.simulation)}"
            f'<div class="charts">{"".join(inline_svg(c) for c in report.charts)}</div>{report.hold_html}'
            f'<h2>The rules behind the findings</h2>{_rule_docs(report.findings)}')
    return _page(f"{report.name}: ivr report", body, script=True)


def _index_row(r: MenuReport) -> str:
    counts = _counts(r.findings)
    cls = "ready" if ready(r.findings) else "not-ready"
    return (f'<tr class="{cls}"><td><a href="{_e(_href(r.folder))}/index.html">{_e(r.name)}</a></td><td>{_e(printable_name(r.file))}</td>'
            f'<td>{_e(verdict(r.findings))}</td>'
            + "".join(f'<td class="num severity-{s.value}">{counts[s]}</td>' for s in
                      (Severity.ERROR, Severity.WARNING, Severity.INFO))
            + f'<td class="num">{_pct(r.simulation.overall.resolved)}</td>'
            f'<td class="num">{_sec(r.simulation.overall.mean_time_s)}</td><td>{_version(r.provenance)}</td></tr>')


def _version(provenance: Provenance | None) -> str:
    if provenance is None:
        return ""
    commit = (f'<code class="commit">{_e(provenance.commit[:12])}</code>'
              + (" (modified)" if provenance.modified else "")) if provenance.commit else "no git"
    sha = f'<br><code class="sha256" title="{_e(provenance.sha256)}">{_e(provenance.sha256[:16])}…</code>' \
        if provenance.sha256 else ""
    return commit + sha


def _unreadable_row(u: Unreadable) -> str:
    why = "; ".join(f"{_where(e.location)}: {e.message}" if _where(e.location) else e.message for e in u.errors)
    return (f'<tr class="unreadable"><td class="severity-error">cannot be read</td><td>{_e(printable_name(u.file))}</td>'
            f'<td colspan="6" class="severity-error">{_e(why)}</td><td>{_version(u.provenance)}</td></tr>')


def index_page(reports: Sequence[MenuReport], unreadable: Sequence[Unreadable] = (), made: str = "") -> str:
    """An index over several menus' pages, and the sources that could not be read."""
    rows = "".join(_index_row(r) for r in reports) + "".join(_unreadable_row(u) for u in unreadable)
    summary = (f'<p class="verdict not-ready">{len(unreadable)} of {len(reports) + len(unreadable)} menus cannot '
               "be read: fix them first</p>" if unreadable else "")
    body = (f"<h1>ivr report</h1>{stamp(None, made)}{summary}<table><thead><tr><th>menu</th><th>file</th>"
            "<th>verdict</th><th class=num>errors</th><th class=num>warnings</th><th class=num>infos</th>"
            "<th class=num>resolved</th><th class=num>mean time</th><th>version (commit, SHA-256)</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>")
    return _page("ivr report", body)

"""ivr report: self-contained HTML pages, parsed back; escaping; a real browser renders them."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from ivr.cli import cli
from ivr.cli.report import _report_folders

from tests.conftest import ROOT, git

MENUS = ROOT / "menus"
HOSTILE = """
    ivr: Acme <b>Bank</b> & "Co"
    start: main
    intents:
      talk: {goal: agents}
    nodes:
      main:
        type: menu
        prompt: <script>alert("x")</script> {braces} "quotes" \\ backslash. Köszönjük – 谢谢
        options:
          "0": {label: <img src=x onerror=alert(1)>, goto: agents}
        no_input: bye
        on_fail: agents
      agents: {type: transfer, queue: general}
      bye: {type: hangup}
"""


class Page(HTMLParser):
    """Collects the elements of an HTML page: tags with attributes, and the text."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.script: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data):
        (self.script if self.lasttag == "script" else self.text).append(data)

    def tags(self, name: str) -> list[dict]:
        return [attrs for tag, attrs in self.elements if tag == name]

    def with_class(self, name: str) -> list[tuple[str, dict]]:
        return [(t, a) for t, a in self.elements if name in (a.get("class") or "").split()]


def report(*args):
    return CliRunner().invoke(cli, ["report", *map(str, args)], catch_exceptions=False)


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    result = report(MENUS / "telecom-before-review.yaml", MENUS / "bank.yaml", "-o", out, "--calls", 20_000)
    assert result.exit_code == 0, result.output
    return out


def test_one_folder_per_menu_and_an_index(reports):
    assert sorted(p.name for p in reports.iterdir()) == ["bank", "index.html", "telecom-before-review"]
    for menu in ("bank", "telecom-before-review"):
        assert sorted(p.name for p in (reports / menu).iterdir()) == ["diagram.svg", "findings.json", "index.html",
                                                                      "simulation.json"]
    index = Page((reports / "index.html").read_text())
    assert [a["href"] for a in index.tags("a") if "href" in a] == ["telecom-before-review/index.html",
                                                                   "bank/index.html"]


def test_page_parses_back(reports):
    page = Page((reports / "telecom-before-review" / "index.html").read_text())
    text = " ".join(page.text)
    assert "Brightwave Mobile customer care" in text
    findings = [a for t, a in page.with_class("finding")]
    assert len(findings) == 13  # the 13 faults pinned in test_menus.py
    assert len(page.with_class("severity-error")) >= 3
    links = {a["href"] for a in page.tags("a") if "href" in a}
    sections = {a["id"] for t, a in page.elements if t == "section" and "id" in a}
    assert {"#rule-dead-end", "#rule-unknown-target", "#rule-disconnect-on-error"} <= links
    assert {href[1:] for href in links if href.startswith("#rule-")} == sections  # each link lands on its docs
    assert "diagram.svg" in links  # the diagram full size, next to the page
    svgs = page.tags("svg")
    assert len(svgs) == 3  # the diagram and two charts
    classes = " ".join(a.get("class", "") for _, a in page.elements)
    assert "severity-error" in classes and "node-menu" in classes  # the diagram's nodes, annotated
    assert [a for a in page.tags("script") if "src" in a] == [] and not page.tags("link")  # nothing to fetch
    assert "http" not in "".join(page.script)  # the pan/zoom script is inline and fetches nothing
    assert not [a for t, a in page.elements if t in ("img", "image") and "http" in str(a)]


def test_side_files_parse_back(reports):
    findings = json.loads((reports / "telecom-before-review" / "findings.json").read_text())
    assert findings["summary"]["error"] == 3 and len(findings["findings"]) == 13
    checked = json.loads(CliRunner().invoke(cli, ["check", str(MENUS / "telecom-before-review.yaml"),
                                                   "--format", "json"]).output)
    assert findings == checked
    simulation = json.loads((reports / "bank" / "simulation.json").read_text())
    assert simulation["method"] == "montecarlo" and simulation["calls"] == 20_000
    assert "check_balance" in simulation["intents"]


def test_menu_text_is_escaped(write_menu, tmp_path):
    out = tmp_path / "out"
    assert report(write_menu(HOSTILE, "hostile.yaml"), "-o", out, "--calls", 1000).exit_code == 0
    text = (out / "hostile" / "index.html").read_text()
    page = Page(text)
    assert [a for a in page.tags("script") if a] == [] and not page.tags("img")
    assert "alert" not in "".join(page.script)  # the only script is ours: the menu's text is not in it
    assert "<b>Bank</b>" not in text and "Acme &lt;b&gt;Bank&lt;/b&gt; &amp; &quot;Co&quot;" in text
    joined = "".join(page.text) + " ".join(str(v) for _, attrs in page.elements for v in attrs.values())
    assert 'Acme <b>Bank</b> & "Co"' in joined
    assert '<script>alert("x")</script>' in joined  # shown as text, in the diagram
    assert "Köszönjük – 谢谢" in joined  # the whole prompt, in the node's tooltip


def test_an_unreadable_menu_is_shown_as_such_and_the_others_are_reported(write_menu, tmp_path):
    out = tmp_path / "out"
    folder = tmp_path / "menus"
    folder.mkdir()
    (folder / "bank.yaml").write_text((MENUS / "bank.yaml").read_text())
    (folder / "bad.yaml").write_text("ivr: x\nstart: a\nnodes: {a: {type: menuu}}\n")
    result = CliRunner().invoke(cli, ["report", str(folder), "-o", str(out), "--calls", "2000"])
    assert result.exit_code == 2 and "unknown node type 'menuu'" in result.stderr
    assert (out / "bank" / "index.html").exists() and not (out / "bad").exists()
    index = Page((out / "index.html").read_text())
    (row,) = [a for t, a in index.elements if t == "tr" and "unreadable" in a.get("class", "")]
    text = " ".join(index.text)
    assert "cannot be read" in text and "unknown node type 'menuu'" in text and "1 of 2 menus cannot be read" in text
    assert [a["href"] for a in index.tags("a") if "href" in a] == ["bank/index.html"]


def test_missing_dot_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["report", str(MENUS / "bank.yaml"), "-o", str(out), "--calls", "1000"])
    assert result.exit_code == 2 and "apt-get install graphviz" in result.stderr
    assert not out.exists()


def test_folders_for_menus_with_the_same_name():
    assert _report_folders(["a/bank.yaml", "b/bank.yaml", "telecom.yml"]) == ["a-bank", "b-bank", "telecom"]
    assert _report_folders(["bank.yaml", "bank.yml"]) == ["bank", "bank-2"]


def test_help_has_examples():
    assert "Examples:" in CliRunner().invoke(cli, ["report", "--help"]).output


# --- what stakeholders read first ---------------------------------------------------------------------------------

def test_a_verdict_a_manager_can_read(reports):
    telecom = (reports / "telecom-before-review" / "index.html").read_text()
    assert '<p class="verdict not-ready">Not ready to go live: 3 errors, 6 warnings</p>' in telecom
    bank = json.loads((reports / "bank" / "findings.json").read_text())["summary"]
    assert bank["error"] == 0
    warnings = f"{bank['warning']} warning{'s' if bank['warning'] != 1 else ''}" if bank["warning"] else "no warnings"
    assert f'<p class="verdict ready">Ready: no errors, {warnings}</p>' in (reports / "bank" / "index.html").read_text()


def test_fix_these_first_by_callers_touched(reports):
    text = (reports / "telecom-before-review" / "index.html").read_text()
    listed = re.findall(r'<li><span class="touches">([\d.]+)% of calls</span> · <span class="severity-(\w+)">'
                        r'\w+</span> <a href="#rule-([\w-]+)">[\w-]+</a>(?: at <code>([^<]+)</code>)?', text)
    shares = [float(share) for share, *_ in listed]
    assert shares == sorted(shares, reverse=True) and len(listed) == 9  # the 3 errors and 6 warnings
    assert listed[0][1:] == ("warning", "disconnect-on-error", "main") and shares[0] == 100.0  # every caller
    assert ("error", "dead-end", "transfer_pin") in [row[1:] for row in listed]
    assert listed[-1][1:] == ("warning", "unreachable-node", "holiday_promo") and shares[-1] == 0.0  # nobody


def test_each_page_and_the_index_say_what_was_reviewed(reports):
    sha = hashlib.sha256((MENUS / "bank.yaml").read_bytes()).hexdigest()
    page = (reports / "bank" / "index.html").read_text()
    assert f'SHA-256 <code class="sha256">{sha}</code>' in page
    assert re.search(r'<p class="stamp">Reviewed \d{4}-\d\d-\d\d \d\d:\d\d UTC; ', page)
    index = (reports / "index.html").read_text()
    assert f'title="{sha}"' in index and re.search(r"Reviewed \d{4}-\d\d-\d\d", index)


def test_the_commit_is_named_and_a_changed_file_said_so(tmp_path):
    menu = tmp_path / "bank.yaml"
    menu.write_text((MENUS / "bank.yaml").read_text())
    git("init", "-q", cwd=tmp_path)
    git("add", ".", cwd=tmp_path)
    git("commit", "-q", "-m", "menu", cwd=tmp_path)
    commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=tmp_path, capture_output=True, text=True).stdout.strip()
    assert report(menu, "-o", tmp_path / "a", "--calls", 1000).exit_code == 0
    assert f'git commit <code class="commit">{commit[:12]}</code>;' in (tmp_path / "a" / "bank" / "index.html").read_text()
    menu.write_text(menu.read_text() + "\n# changed\n")
    assert report(menu, "-o", tmp_path / "b", "--calls", 1000).exit_code == 0
    assert (f'<code class="commit">{commit[:12]}</code> with uncommitted changes'
            in (tmp_path / "b" / "bank" / "index.html").read_text())
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "bank.yaml").write_text(menu.read_text())
    git_free = report(outside / "bank.yaml", "-o", tmp_path / "c", "--calls", 1000)
    assert git_free.exit_code == 0  # tmp_path is a repository, but elsewhere/bank.yaml is not committed in it
    assert "uncommitted changes" in (tmp_path / "c" / "bank" / "index.html").read_text()


def test_rule_documentation_is_rendered_html(reports):
    page = Page((reports / "telecom-before-review" / "index.html").read_text())
    text = " ".join(page.text)
    assert "## " not in text and "```" not in text  # no raw Markdown left
    html = (reports / "telecom-before-review" / "index.html").read_text()
    assert "<h4>Why is this bad?</h4>" in html and '<pre><code class="language-yaml">' in html


def test_the_columns_are_explained(reports):
    html = (reports / "bank" / "index.html").read_text()
    for column in ("ended", "cut off", "gave up", "90% within"):
        assert re.search(rf"<dt>{re.escape(column)}</dt><dd>[^<]{{20,}}</dd>", html), column


def test_charts_read_at_page_width(reports):
    html = (reports / "bank" / "index.html").read_text()
    sizes = [float(size) for size in re.findall(r"font-size: ([\d.]+)px", html)]
    assert sizes and min(sizes) >= 12  # was about 7 px at page width
    simulation = json.loads((reports / "bank" / "simulation.json").read_text())
    for result in simulation["intents"].values():  # the 90th percentile has its number
        assert f">90%: {result['p90_time_s']:.0f} s" in html
        assert f">{result['resolved'] * 100:.1f}% resolved" in html
    worst = max(1 - r["resolved"] for r in simulation["intents"].values())
    outcomes = html[html.index("Callers who did not get what they called for") - 20_000:]
    outcomes = outcomes[outcomes.index('id="xtick_1"'):outcomes.index("Callers who did not get")]
    ticks = [float(t) for t in re.findall(r'id="xtick_\d+">.*?<text[^>]*>([\d.]+)</text>', outcomes, re.S)]
    assert ticks and max(ticks) <= worst * 100 * 1.6 + 2  # the axis ends near the worst, not at 100%


# --- as users see it: headless Chromium at 1400 px, and printed ---------------------------------------------------

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--enable-logging=stderr", "--v=0"]

#: Appended to a copy of the page: measures the diagram, then zooms in and back, into the DOM for --dump-dom.
MEASURE = """<script>
(function () {
  var svg = document.querySelector(".diagram svg"), box = svg.getBoundingClientRect();
  var before = svg.viewBox.baseVal.width;
  document.querySelector("[data-zoom=in]").click();
  var zoomed = svg.viewBox.baseVal.width;
  document.querySelector("[data-zoom=fit]").click();
  var out = document.createElement("pre");
  out.id = "measured";
  out.textContent = JSON.stringify({left: box.left, right: box.right, width: box.width, height: box.height,
    page: document.documentElement.clientWidth, scroll: document.documentElement.scrollWidth,
    before: before, zoomed: zoomed, back: svg.viewBox.baseVal.width});
  document.body.appendChild(out);
})();
</script>"""


def chromium() -> str:
    found = shutil.which("chromium")
    assert found, "Debian's chromium is needed: scripts/setup --test installs it"
    return found

@pytest.mark.slow
def test_report_renders_in_headless_chromium(reports, tmp_path):
    chromium = shutil.which("chromium")
    assert chromium, "Debian's chromium is needed: scripts/setup --test installs it"
    page = reports / "telecom-before-review" / "index.html"
    screenshot = tmp_path / "report.png"
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}",
             "--enable-logging=stderr", "--v=0", "--window-size=1280,2000"]
    shot = subprocess.run([chromium, *flags, f"--screenshot={screenshot}", page.as_uri()],
                          capture_output=True, text=True, timeout=120)
    assert shot.returncode == 0, shot.stderr[-2000:]
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and screenshot.stat().st_size > 20_000
    dom = subprocess.run([chromium, *flags, "--dump-dom", page.as_uri()], capture_output=True, text=True,
                         timeout=120)
    assert "Brightwave Mobile customer care" in dom.stdout and "<svg" in dom.stdout
    console = [line for line in shot.stderr.splitlines() + dom.stderr.splitlines() if "CONSOLE" in line]
    assert console == []  # no console message at all, errors included


@pytest.mark.slow
def test_the_diagram_fits_the_page_width_and_zooms_in_chromium(reports, tmp_path):
    page = reports / "telecom-before-review" / "index.html"
    measured = page.with_name("measured.html")
    measured.write_text(page.read_text().replace("</body>", MEASURE + "</body>"))
    dom = subprocess.run([chromium(), *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1400,1000",
                          "--dump-dom", measured.as_uri()], capture_output=True, text=True, timeout=120)
    found = re.search(r'<pre id="measured">(.*?)</pre>', dom.stdout)
    assert found, dom.stderr[-2000:]
    box = json.loads(found.group(1))
    assert box["page"] >= 1300 and box["scroll"] <= box["page"]  # nothing wider than the window
    assert 0 <= box["left"] and box["right"] <= box["page"] and box["width"] > 1000  # fits, and fills the width
    assert box["zoomed"] < box["before"] == box["back"]  # the buttons zoom in and back to the whole drawing
    assert [line for line in dom.stderr.splitlines() if "CONSOLE" in line] == []


@pytest.mark.slow
def test_the_print_has_the_whole_diagram_on_a_landscape_page(reports, tmp_path):
    page = reports / "telecom-before-review" / "index.html"
    pdf = tmp_path / "report.pdf"
    done = subprocess.run([chromium(), *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", "--no-pdf-header-footer",
                           f"--print-to-pdf={pdf}", page.as_uri()], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and pdf.read_bytes()[:5] == b"%PDF-", done.stderr[-2000:]
    assert shutil.which("pdftotext"), "poppler-utils is needed: scripts/setup --test installs it"
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "40", str(pdf)], capture_output=True, text=True).stdout
    sizes = re.findall(r"Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+)", info)
    landscape = [int(n) for n, w, h in sizes if float(w) > float(h)]
    assert len(landscape) == 1, sizes  # the diagram's own page
    (n,) = landscape
    text = subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"], capture_output=True,
                          text=True).stdout
    for label in ("welcome", "transfer_pin", "holiday_promo", "billing_agents", "system disconnect"):
        assert label in text, label  # first and last columns, top and bottom: the whole drawing, not a crop
    assert "Zoom in" not in text and "Diagram" in text

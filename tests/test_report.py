"""ivr report: self-contained HTML pages, parsed back; escaping; a real browser renders them."""

from __future__ import annotations

import json
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from ivr.cli import cli
from ivr.cli.report import _report_folders

from conftest import ROOT

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
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

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
        assert sorted(p.name for p in (reports / menu).iterdir()) == ["findings.json", "index.html", "simulation.json"]
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
    sections = {a["id"] for t, a in page.elements if t == "section"}
    assert {"#rule-dead-end", "#rule-unknown-target", "#rule-disconnect-on-error"} <= links
    assert {href[1:] for href in links if href.startswith("#rule-")} == sections  # each link lands on its docs
    assert "## Why is this bad?" in text
    svgs = page.tags("svg")
    assert len(svgs) == 3  # the diagram and two charts
    classes = " ".join(a.get("class", "") for _, a in page.elements)
    assert "severity-error" in classes and "node-menu" in classes  # the diagram's nodes, annotated
    assert not page.tags("script") and not page.tags("link")  # self-contained, nothing to fetch
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
    assert not page.tags("script") and not page.tags("img")
    assert "<b>Bank</b>" not in text and "Acme &lt;b&gt;Bank&lt;/b&gt; &amp; &quot;Co&quot;" in text
    joined = "".join(page.text) + " ".join(str(v) for _, attrs in page.elements for v in attrs.values())
    assert 'Acme <b>Bank</b> & "Co"' in joined
    assert '<script>alert("x")</script>' in joined  # shown as text, in the diagram
    assert "Köszönjük – 谢谢" in joined  # the whole prompt, in the node's tooltip


def test_bad_menu_writes_nothing(write_menu, tmp_path):
    out = tmp_path / "out"
    bad = write_menu("ivr: x\nstart: a\nnodes: {a: {type: menuu}}\n", "bad.yaml")
    result = CliRunner().invoke(cli, ["report", str(MENUS / "bank.yaml"), bad, "-o", str(out)])
    assert result.exit_code == 2 and "unknown node type 'menuu'" in result.stderr
    assert not out.exists()


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

"""ivr report with the queues' staffing: the wait chart and the queue figures, in one block."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from ivr.cli import cli

from tests.queues.test_hold import LINE, STAFFING, BILLING_WAIT


def test_report_shows_the_wait_per_queue(write_menu, tmp_path):
    menu = write_menu(LINE)
    staffing = tmp_path / "staffing.yaml"
    staffing.write_bytes(STAFFING)
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["report", menu, "-o", str(out), "--patience", "0", "--accuracy", "1",
                                      "--no-input", "0", "--staffing", str(staffing)])
    assert result.exit_code == 0, result.output
    page = (out / "menu" / "index.html").read_text()
    assert '<div class="hold" id="queues"><h2>Queues and hold time</h2>' in page
    assert "Wait per queue at 250 calls per hour" in page  # the chart, as text in the SVG
    assert f"<td>billing</td><td class=\"num\">60.0%</td>" in page and f">{BILLING_WAIT:.1f}<" in page
    document = json.loads((out / "menu" / "simulation.json").read_text())
    assert document["hold"]["intents"]["bill"]["hold_s"] == pytest.approx(BILLING_WAIT, abs=1e-5)


def test_report_without_staffing_says_hold_is_not_modelled(write_menu, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["report", write_menu(LINE), "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = (out / "menu" / "index.html").read_text()
    assert "Hold time is not modelled" in page and "Wait per queue" not in page
    assert "hold" not in json.loads((out / "menu" / "simulation.json").read_text())


def test_report_with_bad_staffing_writes_nothing(write_menu, tmp_path):
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["report", write_menu(LINE), "-o", str(out), "--agents", "billing=0"])
    assert result.exit_code == 2 and "must be at least 1" in result.stderr
    assert not out.exists()

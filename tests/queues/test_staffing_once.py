"""Staffing is typed once and read once: the reader fills the menu's, the pipeline lays the what-ifs over
it and gives the hold figures."""

from __future__ import annotations

import textwrap

import pytest
from click.testing import CliRunner

from ivr import pipeline
from ivr.cli import cli
from ivr.formats.native import staffing as staffing_reader
from ivr.formats.native.loader import load_menu
from ivr.model.errors import InvalidMenu
from ivr.model.menu import Location
from ivr.model.staffing import QueueStaffing, ServiceLevel, Staffing
from ivr.pipeline.staffing import StaffingError, Staffings, WhatIf
from ivr.simulation import Callers
from ivr.simulation.hold import hold_times

from tests.conftest import FIXTURES

LINE = """
    ivr: Line
    start: main
    intents:
      bill: {share: 3, goal: billing}
      sale: {share: 1, goal: sales}
    nodes:
      main:
        type: menu
        prompt: Billing 1, sales 2.
        duration: 10
        options:
          1: {goto: billing}
          2: {goto: sales}
      billing: {type: transfer, queue: billing}
      sales: {type: transfer, queue: sales}
"""
SECTION = """
    queues:
      calls_per_hour: 250
      service_level: 80/30
      queues:
        billing: {agents: 6, handling_time: 72}
        sales: {agents: 2, handling_time: 72, patience: 40}
"""
EXACT = Callers(accuracy=1, no_input=0, patience=0)


def _menu(write_menu, text: str, name: str = "menu.yaml"):
    return load_menu(write_menu(textwrap.dedent(text)[1:], name))


# --- the type, filled by the reader ----------------------------------------------------------------------------

def test_the_reader_fills_the_menus_staffing_located(write_menu):
    menu = _menu(write_menu, LINE + SECTION)
    staffing = menu.staffing
    assert isinstance(staffing, Staffing)
    assert (staffing.calls_per_hour, staffing.target, staffing.file) == (250, ServiceLevel(0.8, 30), menu.file)
    billing, sales = staffing.queues.values()
    assert billing == QueueStaffing("billing", 6, 72.0, None, Location(menu.file, 21, 5))
    assert (sales.agents, sales.patience, sales.location.line) == (2, 40, 22)
    assert _menu(write_menu, LINE, "plain.yaml").staffing is None


def test_a_queues_section_the_reader_cannot_use_is_a_located_error_of_the_menu(write_menu):
    bad = LINE + SECTION.replace("patience: 40", "patience: 40, abandon_rate: 0.1, average_speed_of_answer: 3")
    with pytest.raises(InvalidMenu) as refused:
        _menu(write_menu, bad)
    (error,) = refused.value.errors
    assert (error.location.line, error.location.column) == (22, 76)
    assert "gives both 'patience' and 'average_speed_of_answer'" in error.message
    reading = pipeline.read([write_menu(textwrap.dedent(bad)[1:], "again.yaml")])
    assert reading.menus == [] and [e.location.line for e in next(iter(reading.errors.values()))] == [22]


@pytest.fixture
def count_reads(monkeypatch):
    """How many times a staffing (a menu's section or a file) is read into the model."""
    count = {"read": 0}
    real = staffing_reader._staffing

    def counted(*args, **kwargs):
        count["read"] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(staffing_reader, "_staffing", counted)
    return count


def test_ivr_report_reads_a_menus_staffing_once(write_menu, tmp_path, count_reads):
    """It was read three times: when the menus were read, by the rule slow-answer, and for the hold figures."""
    menu = write_menu(textwrap.dedent(LINE + SECTION)[1:])
    result = CliRunner().invoke(cli, ["report", menu, "-o", str(tmp_path / "out"), "--patience", "0"])
    assert result.exit_code == 0, result.output
    assert 'id="queues"><h2>Queues and hold time</h2>' in (tmp_path / "out" / "menu" / "index.html").read_text()
    assert count_reads["read"] == 1


def test_a_staffing_file_is_read_once_for_every_menu(write_menu, tmp_path, count_reads):
    staffing = tmp_path / "staffing.yaml"
    staffing.write_text("calls_per_hour: 100\nqueues:\n  billing: {agents: 4, handling_time: 60}\n")
    menus = [write_menu(textwrap.dedent(LINE)[1:], f"m{i}.yaml") for i in range(3)]
    result = CliRunner().invoke(cli, ["simulate", *menus, "--patience", "0", "--staffing", str(staffing),
                                      "--format", "json"])
    assert result.exit_code == 0, result.output
    assert count_reads["read"] == 1


# --- the what-ifs, laid over in the pipeline ------------------------------------------------------------------

def test_what_ifs_lay_over_the_readers_staffing_without_changing_it(write_menu):
    menu = _menu(write_menu, LINE + SECTION)
    staffings = Staffings(WhatIf(calls_per_hour=500, agents={"billing": 9}, patience=None,
                                 target=ServiceLevel(0.9, 10)))
    staffed = staffings.of(menu)
    assert staffed.calls_per_hour == 500 and staffed.target == ServiceLevel(0.9, 10)
    assert staffed.queues["billing"].agents == 9 and staffed.queues["billing"].handling_time == 72
    assert all(q.patience is None for q in staffed.queues.values())
    assert menu.staffing.queues["billing"].agents == 6 and menu.staffing.calls_per_hour == 250
    assert Staffings().of(menu) == menu.staffing  # no what-if: the reader's, as it is
    assert Staffings().of(_menu(write_menu, LINE, "plain.yaml")) is None


def test_a_what_if_with_nothing_to_apply_to_says_so_located(write_menu):
    plain = _menu(write_menu, LINE)
    with pytest.raises(StaffingError, match="no staffing to apply --calls-per-hour") as refused:
        Staffings(WhatIf(calls_per_hour=100)).of(plain)
    assert [e.location for e in refused.value.errors] == [Location(plain.file, 1, 1)]  # the menu's top
    with pytest.raises(StaffingError, match="give --handling-time sales=... as well") as refused:
        Staffings(WhatIf(agents={"sales": 3})).of(plain)
    assert [e.location for e in refused.value.errors] == [Location(plain.file, 1, 1)]
    staffed = _menu(write_menu, LINE + SECTION, "staffed.yaml")
    with pytest.raises(StaffingError) as refused:
        Staffings(WhatIf(agents={"sales": 3, "support": 2})).of(staffed)
    assert [e.location for e in refused.value.errors] == [Location(staffed.file, 18, 3)]  # its queues: section


def test_staffing_of_the_flags_alone_is_located_at_the_menu_it_is_for(write_menu):
    plain = _menu(write_menu, LINE)
    staffed = Staffings(WhatIf(agents={"billing": 3}, handling_time={"billing": 60})).of(plain)
    assert staffed.location == Location(plain.file, 1, 1) and staffed.file is None
    simulation = pipeline.simulate(pipeline.analyse(plain, lint_rules=False),
                                   pipeline.Simulating(EXACT, "exact", queues=True)).simulation
    with pytest.raises(StaffingError, match="no arrival rate") as refused:
        pipeline.staffing.hold_of(simulation, staffed)
    assert [str(e) for e in refused.value.errors] == [f"{plain.file}:1:1: no arrival rate: give calls_per_hour "
                                                      "in the staffing file, or --calls-per-hour"]


def test_the_pipeline_returns_the_hold_figures(write_menu):
    menu = _menu(write_menu, LINE + SECTION)
    staffed = Staffings(WhatIf(agents={"billing": 8})).of(menu)
    analysis = pipeline.simulate(pipeline.analyse(menu, lint_rules=False),
                                 pipeline.Simulating(EXACT, "exact", staffing=staffed))
    assert analysis.simulation.reached is not None  # the queues were simulated, unasked
    expected = hold_times(analysis.simulation, staffed)
    assert analysis.hold.line.queues["billing"].agents == 8
    assert analysis.hold.overall == expected.overall and analysis.hold.threshold == 30  # the section's 80/30
    assert pipeline.analyse(menu, lint_rules=False).hold is None


def test_the_rule_slow_answer_reads_the_readers_staffing(write_menu, count_reads):
    import yaml

    from ivr.pipeline import check_file

    cases = yaml.safe_load((FIXTURES / "rules" / "slow-answer" / "cases.yaml").read_text())["cases"]
    result = check_file(write_menu(cases["support-line-short-of-agents"]["source"]))
    assert [f.rule for f in result.findings] == ["slow-answer"]
    assert count_reads["read"] == 1

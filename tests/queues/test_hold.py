"""Hold time in the simulation: the calls to each queue meet its staffing (ivr.simulation.hold, ivr simulate)."""

from __future__ import annotations

import json
import math

import pytest
from click.testing import CliRunner

from ivr.cli import cli
from ivr.formats.native.loader import load_menu
from ivr.graph.build import build_graph
from ivr.formats.native.staffing import read_staffing
from ivr.simulation import Callers, simulate
from ivr.simulation.hold import hold_times, queue_shares

#: Two queues behind one menu: 3 intents in 5 go to billing, 1 to sales, 1 hears the hours and hangs up.
LINE = """
    ivr: Line
    start: welcome
    intents:
      bill: {share: 3, goal: billing}
      sale: {share: 1, goal: sales}
      hours: {share: 1, goal: hours}
    nodes:
      welcome: {type: message, prompt: Welcome., duration: 2, goto: main}
      main:
        type: menu
        prompt: Billing 1, sales 2, hours 3.
        duration: 10
        options:
          1: {goto: billing}
          2: {goto: sales}
          3: {goto: hours}
      billing: {type: transfer, queue: billing}
      sales: {type: transfer, queue: sales}
      hours: {type: hangup, prompt: We are open from nine to five., duration: 4}
"""

#: 250 calls per hour: billing gets 150 (2 agents, 36 s: 1.5 Erlangs), sales 50 (1 agent, 36 s: 0.5 Erlangs).
STAFFING = b"""
calls_per_hour: 250
queues:
  billing: {agents: 2, handling_time: 36}
  sales: {agents: 1, handling_time: 36}
"""

# Worked by hand, Erlang C. billing: a = 1.5, c = 2: P(wait) = (a^2/2 * 2/(2 - a)) / (1 + a + a^2/2 * 2/(2 - a))
# = 4.5 / 7; c*mu - lambda = 2/36 - 150/3600 = 1/72 per second, so the mean wait is 72 * 4.5/7 s.
# sales (M/M/1): P(wait) = rho = 0.5, c*mu - lambda = 1/36 - 50/3600 = 1/72, mean wait 36 s.
BILLING_WAIT, SALES_WAIT = 72 * 4.5 / 7, 36.0
BILLING_P, SALES_P = 4.5 / 7, 0.5
MENU_SECONDS = 12.0  # welcome 2 s + the menu 10 s


def sure_callers() -> Callers:
    return Callers(accuracy=1.0, no_input=0.0, patience=0)


@pytest.fixture
def line_file(write_menu):
    return write_menu(LINE)


def test_exact_hold_against_the_hand_worked_line(line_file):
    simulation = simulate(build_graph(load_menu(line_file)), sure_callers(), "exact", queues=True)
    assert queue_shares(simulation) == pytest.approx({"billing": 0.6, "sales": 0.2})
    hold = hold_times(simulation, read_staffing(STAFFING, "staffing.yaml"), threshold=20)
    billing, sales = hold.line.queues["billing"], hold.line.queues["sales"]
    assert billing.calls_per_hour == pytest.approx(150) and sales.calls_per_hour == pytest.approx(50)
    assert billing.p_wait == pytest.approx(BILLING_P) and sales.p_wait == pytest.approx(SALES_P)
    assert billing.average_speed_of_answer == pytest.approx(BILLING_WAIT)
    assert sales.average_speed_of_answer == pytest.approx(SALES_WAIT)

    bill = hold.intents["bill"]
    assert bill.answered == pytest.approx(1.0) and bill.abandoned_in_queue == pytest.approx(0.0)
    assert bill.menu_s == pytest.approx(MENU_SECONDS)
    assert bill.hold_s == pytest.approx(BILLING_WAIT)
    assert bill.answer_s == pytest.approx(MENU_SECONDS + BILLING_WAIT)
    assert bill.service_level == pytest.approx(1 - BILLING_P * math.exp(-20 / 72))
    assert bill.answer_p90_s is None  # the exact method has no distribution of menu times
    hours = hold.intents["hours"]
    assert hours.answered == 0 and hours.queued == 0 and math.isnan(hours.hold_s)

    overall = hold.overall
    assert overall.answered == pytest.approx(0.8) and overall.queued == pytest.approx(0.8)
    assert overall.hold_s == pytest.approx((0.6 * BILLING_WAIT + 0.2 * SALES_WAIT) / 0.8)
    assert overall.answer_s == pytest.approx(MENU_SECONDS + (0.6 * BILLING_WAIT + 0.2 * SALES_WAIT) / 0.8)
    expected_level = (0.6 * (1 - BILLING_P * math.exp(-20 / 72)) + 0.2 * (1 - SALES_P * math.exp(-20 / 72))) / 0.8
    assert overall.service_level == pytest.approx(expected_level)


def test_abandonment_in_the_queue_takes_from_answered(line_file):
    staffing = read_staffing(STAFFING + b"patience: 60\n", "staffing.yaml")
    simulation = simulate(build_graph(load_menu(line_file)), sure_callers(), "exact", queues=True)
    hold = hold_times(simulation, staffing)
    billing = hold.line.queues["billing"]
    assert 0 < billing.p_abandon < 0.5
    assert hold.intents["bill"].answered == pytest.approx(1 - billing.p_abandon)
    assert hold.intents["bill"].abandoned_in_queue == pytest.approx(billing.p_abandon)
    assert hold.overall.abandoned_in_queue == pytest.approx(
        0.6 * billing.p_abandon + 0.2 * hold.line.queues["sales"].p_abandon)


def test_monte_carlo_agrees_with_exact_and_samples_the_p90(line_file):
    graph = build_graph(load_menu(line_file))
    staffing = read_staffing(STAFFING, "staffing.yaml")
    callers = Callers(accuracy=1.0, no_input=0.0, patience=600)
    simulation = simulate(graph, callers, "montecarlo", 40_000, seed=3, queues=True)
    shares = queue_shares(simulation)
    # 40,000 calls: the standard error of a share near 0.6 is 0.0025
    assert shares["billing"] == pytest.approx(0.6, abs=0.01) and shares["sales"] == pytest.approx(0.2, abs=0.01)
    hold = hold_times(simulation, staffing, threshold=20)
    bill = hold.intents["bill"]
    assert bill.menu_s == pytest.approx(MENU_SECONDS)
    assert bill.hold_s == pytest.approx(BILLING_WAIT)
    # p90 of menu (12 s) + hold: P(wait > t) = P * exp(-t / 72), so the hold's p90 is 72 ln(10 P)
    assert bill.answer_p90_s == pytest.approx(MENU_SECONDS + 72 * math.log(10 * BILLING_P), rel=0.05)


def test_a_transfer_without_a_queue_and_unstaffed_queues_count_as_answered(write_menu):
    menu = LINE.replace("sales: {type: transfer, queue: sales}", "sales: {type: transfer, number: '+15550100'}")
    simulation = simulate(build_graph(load_menu(write_menu(menu))), sure_callers(), "exact", queues=True)
    assert queue_shares(simulation) == pytest.approx({"billing": 0.6})
    hold = hold_times(simulation, read_staffing(b"calls_per_hour: 250\nqueues:\n  billing: {agents: 2, "
                                                b"handling_time: 36}\n", "s.yaml"))
    assert hold.intents["sale"].answered == pytest.approx(1.0) and hold.intents["sale"].queued == 0
    assert hold.overall.answered == pytest.approx(0.8)


def run(*args):
    return CliRunner().invoke(cli, ["simulate", *map(str, args)])


def sure(*args):
    return ("--accuracy", 1, "--no-input", 0, "--patience", 0, *args)


def test_cli_text_with_a_staffing_file(line_file, tmp_path):
    staffing = tmp_path / "staffing.yaml"
    staffing.write_bytes(STAFFING)
    result = run(line_file, *sure("--staffing", staffing, "--service-level", "80/20"))
    assert result.exit_code == 0, result.output + result.stderr
    assert "hold time is not modelled" not in result.output
    assert "queues at 250 calls per hour; service level: answered within 20 s" in result.output
    billing = next(line for line in result.output.splitlines() if line.startswith("billing "))
    assert billing.split()[:5] == ["billing", "60.0%", "150.0", "2", "1.50"]
    assert f"{BILLING_WAIT:.1f}" in billing
    overall = [line for line in result.output.splitlines() if line.startswith("overall")][-1]
    assert overall.split()[1:3] == ["80.0%", "0.0%"]


def test_cli_json_parses_back_with_what_if_flags(line_file, tmp_path):
    staffing = tmp_path / "staffing.yaml"
    staffing.write_bytes(STAFFING)
    base = json.loads(run(line_file, *sure("--staffing", staffing, "--format", "json")).output)
    assert base["queues"]["shares"] == {"billing": pytest.approx(0.6), "sales": pytest.approx(0.2)}
    assert base["queues"]["figures"]["billing"]["average_speed_of_answer_s"] == pytest.approx(BILLING_WAIT, abs=1e-5)
    assert base["hold"]["intents"]["bill"]["answer_s"] == pytest.approx(MENU_SECONDS + BILLING_WAIT, abs=1e-5)
    assert base["hold"]["intents"]["hours"]["hold_s"] is None  # no NaN in JSON
    more = json.loads(run(line_file, *sure("--staffing", staffing, "--agents", "billing=3", "--calls-per-hour",
                                           125, "--format", "json")).output)
    assert more["queues"]["calls_per_hour"] == 125 and more["queues"]["figures"]["billing"]["agents"] == 3
    assert more["hold"]["overall"]["hold_s"] < base["hold"]["overall"]["hold_s"]
    patient = json.loads(run(line_file, *sure("--staffing", staffing, "--queue-patience", 30,
                                              "--format", "json")).output)
    assert patient["queues"]["figures"]["billing"]["p_abandon"] > 0
    assert patient["hold"]["overall"]["abandoned_in_queue"] > 0


def test_cli_flags_alone_describe_the_queues(line_file):
    result = run(line_file, *sure("--calls-per-hour", 250, "--agents", "billing=2", "--handling-time", "billing=36",
                                  "--format", "json"))
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.output)
    assert document["queues"]["unstaffed"] == ["sales"]
    assert document["queues"]["figures"]["billing"]["p_wait"] == pytest.approx(BILLING_P)


def test_cli_menu_queues_section(write_menu):
    menu = write_menu(LINE + "    queues:\n      calls_per_hour: 250\n      queues:\n"
                             "        billing: {agents: 2, handling_time: 36}\n"
                             "        sales: {agents: 1, handling_time: 36}\n")
    document = json.loads(run(menu, *sure("--format", "json")).output)
    assert document["queues"]["figures"]["sales"]["p_wait"] == pytest.approx(SALES_P)


@pytest.mark.parametrize("args, message", [
    (("--agents", "billing=-3"), "must be at least 1, not -3"),
    (("--agents", "billing=two"), "is not a whole number"),
    (("--agents", "billing"), "is not QUEUE=N"),
    (("--handling-time", "billing=0"), "must be more than 0"),
    (("--queue-patience", "soon"), "not seconds nor none"),
    (("--service-level", "80"), "is not a service-level target"),
    (("--calls-per-hour", "-5"), "-5"),
])
def test_cli_bad_flags_are_usage_errors(line_file, args, message):
    result = run(line_file, "--agents", "billing=2", "--handling-time", "billing=36", *args)
    assert result.exit_code == 2 and message in result.stderr, result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_cli_bad_staffing_file_is_located(line_file, tmp_path):
    staffing = tmp_path / "staffing.yaml"
    staffing.write_text("calls_per_hour: 250\nqueues:\n  billing: {agents: -3, handling_time: 36}\n")
    result = run(line_file, "--staffing", staffing)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{staffing}:3:21: error: 'agents' of queue 'billing' must be at least 1, not -3")
    assert "Traceback" not in result.stderr


def test_cli_bad_menu_queues_are_located(write_menu):
    menu = write_menu(LINE + "    queues:\n      calls_per_hour: 250\n      queues:\n"
                             "        billing: {agents: 2, handling_time: 36, abandon_rate: 0.1}\n")
    result = run(menu)
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert "'abandon_rate' without 'average_speed_of_answer'" in result.stderr and f"{menu}:" in result.stderr


def test_cli_overloaded_queue_says_so_and_prints_no_infinite_wait(line_file):
    result = run(line_file, *sure("--calls-per-hour", 250, "--agents", "billing=1", "--handling-time", "billing=36",
                                  "--queue-patience", "none"))
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert "queue 'billing'" in result.stderr and "inf" not in result.stdout
    assert result.stdout == ""


def test_cli_a_queue_no_transfer_names_is_a_warning(line_file, tmp_path):
    staffing = tmp_path / "staffing.yaml"
    staffing.write_bytes(STAFFING + b"  biling: {agents: 1, handling_time: 36}\n")
    result = run(line_file, *sure("--staffing", staffing))
    assert result.exit_code == 0
    assert "queue 'biling' is named by no transfer of the menu (did you mean 'billing'?)" in result.stderr
    assert f"{staffing}:6:3:" in result.stderr


def test_cli_flags_without_staffing_to_apply_to(line_file):
    result = run(line_file, "--calls-per-hour", 100)
    assert result.exit_code == 2 and "no staffing to apply --calls-per-hour" in result.stderr
    result = run(line_file, "--agents", "billing=2")
    assert result.exit_code == 2 and "give --handling-time billing=... as well" in result.stderr


def test_cli_more_agents_than_are_modelled_is_refused_quickly(line_file):
    result = run(line_file, *sure("--calls-per-hour", 250, "--agents", "billing=100000000", "--handling-time",
                                  "billing=36"))
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert "<command line>:1:1: error: queue 'billing': a queue of 100,000,000 agents is not modelled" in result.stderr


@pytest.mark.parametrize("menu", ["telecom.yaml", "airline.yaml", "telecom-before-review.yaml"])
def test_exact_queue_shares_and_menu_seconds_agree_with_monte_carlo(menu):
    """The exact absorption per queue (folded retries, loops) against counted calls of patient callers."""
    from tests.conftest import ROOT

    graph = build_graph(load_menu(ROOT / "menus" / menu))
    exact = simulate(graph, Callers(patience=0), "exact", queues=True)
    sampled = simulate(graph, Callers(patience=1e9), "montecarlo", 100_000, seed=1, queues=True)
    assert exact.reached is not None and sampled.reached is not None
    compared = 0
    for intent, reached in exact.reached.items():
        for queue, reach in reached.items():
            counted = sampled.reached[intent].get(queue)
            calls = sampled.intents[intent].calls or 0
            # 5 standard errors of a share from this intent's calls, and of a mean of menu seconds
            assert counted is not None or reach.share * calls < 5
            if counted is None:
                continue
            assert abs(reach.share - counted.share) < 5 * math.sqrt(reach.share * (1 - reach.share) / calls) + 1e-9
            if reach.share * calls > 1000:
                compared += 1
                assert counted.menu_seconds == pytest.approx(reach.menu_seconds, rel=0.02)
    assert compared >= 3


def test_ivr_check_reads_the_menus_queues(write_menu):
    bad = write_menu(LINE + "    queues:\n      calls_per_hour: 250\n      queues:\n"
                            "        billing: {agents: 0, handling_time: 36}\n", "bad.yaml")
    result = CliRunner().invoke(cli, ["check", bad, "--no-color"])
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert f"{bad}:23:23:" in result.stderr and "must be at least 1" in result.stderr
    short = write_menu(LINE + "    queues:\n      calls_per_hour: 250\n      queues:\n"
                              "        billing: {agents: 1, handling_time: 36}\n", "short.yaml")
    result = CliRunner().invoke(cli, ["check", short, "--no-color", "--select", "slow-answer"])
    assert f"{short}:23:5: warning: slow-answer: queue 'billing' gets" in result.stdout

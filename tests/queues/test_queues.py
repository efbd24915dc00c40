"""The queue model: Erlang C against published values and exact arithmetic, Erlang A against a
discrete-event simulation (ciw) with abandonment, the limits; the staffing file; staffing to a target."""

from __future__ import annotations

import math
import re
from fractions import Fraction
from pathlib import Path

import ciw
import numpy as np
import pytest

from ivr.queues.erlang import Overloaded, QueueError, solve
from ivr.queues.figures import queue_figures
from ivr.queues.staff import fewest_agents
from ivr.formats.native.staffing import (InvalidStaffing, load_staffing, parse_service_level, patience_from_reports,
                                         read_staffing)
from ivr.model.staffing import ServiceLevel
from ivr.pipeline.staffing import WhatIf, overlay


def erlang_c_exact(agents: int, load: Fraction) -> Fraction:
    """P(wait) of M/M/c by the textbook formula, in exact rational arithmetic (an independent reference)."""
    top = load**agents / math.factorial(agents) * agents / (agents - load)
    return top / (sum(load**k / math.factorial(k) for k in range(agents)) + top)


def erlang_b_recursive(agents: int, load: float) -> float:
    """Erlang B by its recursion B(n) = aB(n-1) / (n + aB(n-1)), stable at any size."""
    b = 1.0
    for n in range(1, agents + 1):
        b = load * b / (n + load * b)
    return b


# --- Erlang C: published values -------------------------------------------------------------------


def test_erlang_c_call_centre_helper_worked_example():
    # "Erlang C Formula - Made Simple With an Easy Worked Example" (Call Centre Helper), the example of
    # issue 16: 100 calls per 30 minutes, 3 minutes' handling, 14 agents, target 80% within 20 s:
    # probability of waiting 17.4%, service level 88.8%, average speed of answer 7.8 s.
    queue = solve(200, 14, 180, None)
    assert queue.offered_load == pytest.approx(10.0)
    assert queue.p_wait == pytest.approx(0.174, abs=5e-4)
    assert queue.service_level(20) == pytest.approx(0.888, abs=5e-4)
    assert queue.average_speed_of_answer == pytest.approx(7.8, abs=0.05)
    assert queue.p_abandon == 0.0
    assert queue.occupancy == pytest.approx(10 / 14)
    # the same article, one agent fewer: 79.6% within 20 s, short of 80%
    assert solve(200, 13, 180, None).service_level(20) == pytest.approx(0.796, abs=5e-4)


def test_erlang_c_wolfram_two_lines_example():
    # Wolfram Language documentation, ErlangC, "Applications": two 1 Mbps lines, 150 packets per second of
    # 10 kilobits on average (0.01 s each): a = 1.5 Erlangs on c = 2 servers; P(wait) = 9/14 exactly.
    queue = solve(150 * 3600, 2, 0.01, None)
    assert queue.p_wait == pytest.approx(9 / 14, rel=1e-12)


def test_erlang_c_wolfram_support_centre_example():
    # Wolfram Language documentation, ErlangC, "Applications": 30 calls per hour, 5 minutes each; the fewest
    # employees with a 90% probability that a call is not delayed (a = 2.5: 5 give P(wait) 0.130, 6 give 0.047).
    fewest = next(c for c in range(3, 20) if solve(30, c, 300, None).p_wait <= 0.10)
    assert fewest == 6
    assert solve(30, 5, 300, None).p_wait == pytest.approx(0.1304, abs=5e-5)


@pytest.mark.parametrize("agents, load", [(1, Fraction(1, 2)), (3, Fraction(2)), (7, Fraction(13, 2)),
                                          (14, Fraction(10)), (30, Fraction(2851, 100))])
def test_erlang_c_equals_the_textbook_formula_in_exact_arithmetic(agents, load):
    queue = solve(float(load) * 3600 / 60, agents, 60.0, None)
    p_wait = erlang_c_exact(agents, load)
    assert queue.p_wait == pytest.approx(float(p_wait), rel=1e-12)
    # ASA = C / (cμ − λ); service level = 1 − C e^{−(cμ − λ)t}
    gap = (agents - float(load)) / 60
    assert queue.average_speed_of_answer == pytest.approx(float(p_wait) / gap, rel=1e-12)
    assert queue.service_level(30) == pytest.approx(1 - float(p_wait) * math.exp(-gap * 30), rel=1e-12)


def test_m_m_1_closed_forms():
    # c = 1: P(wait) = ρ, mean wait ρ / (μ − λ), P(W > t) = ρ e^{−(μ − λ)t}, p90 = ln(ρ / 0.1) / (μ − λ)
    queue = solve(45, 1, 60, None)  # λ = 0.75/min, μ = 1/min
    rho, gap = 0.75, 0.25 / 60
    assert queue.p_wait == pytest.approx(rho)
    assert queue.average_speed_of_answer == pytest.approx(rho / gap)
    assert queue.service_level(100) == pytest.approx(1 - rho * math.exp(-gap * 100))
    assert queue.answer_time_quantile(0.9) == pytest.approx(math.log(rho / 0.1) / gap)
    assert queue.hold_time_quantile(0.2) == 0.0  # 25% are answered at once


def test_erlang_c_at_500_agents_agrees_with_the_erlang_b_recursion():
    load = 490.0  # 98% busy: factorials of 500 would overflow a float many times over
    queue = solve(load * 20, 500, 180, None)
    b = erlang_b_recursive(500, load)
    assert queue.p_wait == pytest.approx(500 * b / (500 - load * (1 - b)), rel=1e-9)
    assert 0 < queue.p_wait < 1 and math.isfinite(queue.average_speed_of_answer)


# --- limits and refusals --------------------------------------------------------------------------


@pytest.mark.parametrize("calls_per_hour", [200.0, 250.0])
def test_erlang_c_at_or_over_capacity_is_refused_with_a_clear_message(calls_per_hour):
    with pytest.raises(Overloaded) as refused:
        solve(calls_per_hour, 10, 180, None)  # 10 and 12.5 Erlangs on 10 agents
    message = str(refused.value)
    assert "wait without end" in message and "give at least" in message and "queue patience" in message
    assert isinstance(refused.value, QueueError)


def test_over_capacity_with_abandonment_is_finite_and_most_excess_hangs_up():
    queue = solve(400, 10, 180, 60)  # 20 Erlangs on 10 agents, a minute's patience
    # served calls cannot exceed what 10 agents do, so P(abandon) >= 1 − c/a = 0.5; and it is not far above
    assert 0.5 < queue.p_abandon < 0.55
    assert queue.occupancy == pytest.approx(2 * (1 - queue.p_abandon))
    assert queue.occupancy < 1
    assert all(math.isfinite(x) for x in (queue.mean_hold, queue.average_speed_of_answer,
                                          queue.answer_time_quantile(0.9), queue.hold_time_quantile(0.9)))
    assert queue.tail_bound < 1e-13


def test_over_capacity_with_nearly_endless_patience_is_refused_not_solved_for_ever():
    with pytest.raises(Overloaded, match="more agents or a shorter patience"):
        solve(300, 10, 180, 1e12)  # 15 Erlangs on 10 agents; callers wait 30,000 years on average


def test_zero_patience_is_erlang_b():
    queue = solve(200, 10, 180, 0)
    b = erlang_b_recursive(10, 10.0)
    assert queue.p_wait == pytest.approx(b) and queue.p_abandon == pytest.approx(b)
    assert queue.service_level(0) == pytest.approx(1 - b) == queue.service_level(600)
    assert queue.mean_hold == 0 and queue.average_speed_of_answer == 0


def test_erlang_a_with_very_long_patience_tends_to_erlang_c():
    patient, never = solve(200, 14, 180, 1e8), solve(200, 14, 180, None)
    assert patient.p_abandon == pytest.approx(never.average_speed_of_answer / 1e8, rel=1e-6)  # θ · mean hold
    assert patient.p_wait == pytest.approx(never.p_wait, rel=1e-6)
    assert patient.service_level(20) == pytest.approx(never.service_level(20), rel=1e-6)
    assert patient.average_speed_of_answer == pytest.approx(never.average_speed_of_answer, rel=1e-5)


def test_erlang_a_at_a_hundred_thousand_agents():
    queue = solve(100_000 * 20, 100_000, 180, 60)  # 100,000 Erlangs on 100,000 agents (the QED regime)
    assert 0 < queue.p_wait < 1 and 0 < queue.p_abandon < 0.01
    assert queue.service_level(20) > 0.99


def test_no_calls_is_no_wait():
    queue = solve(0, 3, 180, 60)
    assert (queue.p_wait, queue.p_abandon, queue.service_level(0), queue.occupancy) == (0, 0, 1, 0)


@pytest.mark.parametrize("args, words", [
    ((200, 0, 180, None), "at least 1 agent"),
    ((200, -3, 180, None), "at least 1 agent"),
    ((200, 2.5, 180, None), "at least 1 agent"),
    ((200, 10, 0, None), "more than 0 seconds"),
    ((-1, 10, 180, None), "0 or more"),
    ((200, 10, 180, -5), "0 seconds or more"),
    ((math.nan, 10, 180, None), "0 or more"),
])
def test_figures_that_describe_no_queue_are_refused(args, words):
    with pytest.raises(QueueError, match=words):
        solve(*args)


# --- Erlang A: internal consistency and an independent chain --------------------------------------


@pytest.mark.parametrize("args", [(200, 10, 180, 120), (50, 3, 300, 30), (400, 10, 180, 60), (30, 1, 120, 45)])
def test_erlang_a_figures_agree_with_each_other(args):
    queue = solve(*args)
    lam, cmu, theta = args[0] / 3600, args[1] / args[2], 1 / args[3]
    j = np.arange(len(queue.waiting))
    # P(abandon) two ways: θ E[queue] / λ (flow balance), and Σ π_{c+j} (1 − cμ / (cμ + (j+1)θ)) (the race)
    assert queue.p_abandon == pytest.approx(float(np.dot(queue.waiting, 1 - cmu / (cmu + (j + 1) * theta))))
    # every call is answered or hangs up: the service level at a very long time is 1 − P(abandon)
    assert queue.service_level(1e7) == pytest.approx(1 - queue.p_abandon)
    assert queue.left_queue_within(1e7) == pytest.approx(1.0)
    # the calibration relation of exponential patience: P(abandon) = θ · mean hold of all calls
    assert queue.p_abandon == pytest.approx(theta * queue.mean_hold)
    assert queue.answer_time_quantile(0.9) <= queue.hold_time_quantile(0.99)


def test_erlang_a_state_probabilities_equal_a_truncated_generator_solved_by_linear_algebra():
    lam, mu, theta, c, size = 1.0, 0.2, 0.5, 4, 80  # per minute; 80 states hold all but ~1e-60 of the mass
    generator = np.zeros((size, size))
    for n in range(size - 1):
        generator[n, n + 1] = lam
        generator[n + 1, n] = min(n + 1, c) * mu + max(n + 1 - c, 0) * theta
    np.fill_diagonal(generator, -generator.sum(axis=1))
    system = np.vstack([generator.T, np.ones(size)])
    pi = np.linalg.lstsq(system, np.concatenate([np.zeros(size), [1.0]]), rcond=None)[0]
    queue = solve(lam * 60, c, 60 / mu, 60 / theta)
    assert queue.p_wait == pytest.approx(pi[c:].sum(), rel=1e-9)
    assert queue.waiting[:10] == pytest.approx(pi[c:c + 10], rel=1e-9)


# --- Erlang A against a discrete-event simulation -------------------------------------------------


def _simulated(lam: float, mu: float, theta: float, agents: int, threshold: float, seed: int) -> dict[str, tuple]:
    """Figures of an M/M/c+M queue simulated by ciw, per batch of arrival time (batch means)."""
    network = ciw.create_network(arrival_distributions=[ciw.dists.Exponential(lam)],
                                 service_distributions=[ciw.dists.Exponential(mu)],
                                 number_of_servers=[agents],
                                 reneging_time_distributions=[ciw.dists.Exponential(theta)])
    ciw.seed(seed)
    simulation = ciw.Simulation(network)
    warm_up, batches, batch = 500.0, 30, 1000.0
    simulation.simulate_until_max_time(warm_up + batches * batch + 200)
    per_batch: list[list[float]] = []
    records = simulation.get_all_records()
    for b in range(batches):
        start = warm_up + b * batch
        calls = [r for r in records if start <= r.arrival_date < start + batch]
        answered = [r for r in calls if r.record_type == "service"]
        per_batch.append([
            sum(r.record_type == "renege" for r in calls) / len(calls),
            sum(r.waiting_time > 0 for r in calls) / len(calls),
            sum(r.waiting_time for r in answered) / len(answered),
            sum(r.waiting_time <= threshold for r in answered) / len(calls),
            sum(r.waiting_time for r in calls) / len(calls),
        ])
    values = np.array(per_batch)
    means, errors = values.mean(axis=0), values.std(axis=0, ddof=1) / math.sqrt(batches)
    names = ("p_abandon", "p_wait", "asa", "service_level", "mean_hold")
    return {name: (float(m), float(e)) for name, m, e in zip(names, means, errors)}


@pytest.mark.slow
@pytest.mark.parametrize("agents, load, patience_min", [(5, 5.5, 2.0), (8, 6.0, 4.0)])
def test_erlang_a_agrees_with_ciw_within_four_standard_errors(agents, load, patience_min):
    mu, theta = 1 / 3, 1 / patience_min  # per minute: 3 minutes' handling
    lam = load * mu
    simulated = _simulated(lam, mu, theta, agents, threshold=1 / 3, seed=11)
    queue = solve(lam * 60, agents, 180, patience_min * 60)
    model = {"p_abandon": queue.p_abandon, "p_wait": queue.p_wait, "asa": queue.average_speed_of_answer / 60,
             "service_level": queue.service_level(20), "mean_hold": queue.mean_hold / 60}
    for name, value in model.items():
        mean, error = simulated[name]
        assert abs(value - mean) <= 4 * error, f"{name}: model {value:.4f}, ciw {mean:.4f} ± {error:.4f}"
    assert queue.p_abandon > 0.02  # abandonment is really exercised


def test_samples_drawn_from_the_model_agree_with_its_figures():
    queue = solve(200, 10, 180, 120)
    hold, answered = queue.sample(np.random.default_rng(3), 200_000)
    assert 1 - answered.mean() == pytest.approx(queue.p_abandon, abs=4 * math.sqrt(0.14 * 0.86 / 200_000))
    assert (answered & (hold <= 20)).mean() == pytest.approx(queue.service_level(20), abs=0.005)
    assert hold.mean() == pytest.approx(queue.mean_hold, rel=0.02)
    assert np.percentile(hold[answered], 90) == pytest.approx(queue.answer_time_quantile(0.9), rel=0.03)


# --- staffing to a target -------------------------------------------------------------------------


def test_the_fewest_agents_for_80_20_at_200_calls_per_hour_are_14():
    # issue 16's acceptance example: every call to one queue, 200 calls per hour, 180 s, no abandonment
    agents, level = fewest_agents(200, 180, None, parse_service_level("80/20"))
    assert agents == 14 and level == pytest.approx(0.888, abs=5e-4)
    assert solve(200, 13, 180, None).service_level(20) < 0.80


def test_staffing_with_abandonment_and_at_scale():
    target = parse_service_level("80/20")
    # callers who hang up free the agents, so fewer meet the target; each count is the least that does
    for patience in (60.0, 120.0, None):
        agents, level = fewest_agents(200, 180, patience, target)
        assert level >= 0.8 > solve(200, agents - 1, 180, patience).service_level(20)
    assert fewest_agents(200, 180, 60, target)[0] <= fewest_agents(200, 180, None, target)[0]
    agents, _ = fewest_agents(36_000, 180, None, target)  # 1,800 Erlangs
    assert 1800 < agents < 1900
    assert solve(36_000, agents - 1, 180, None).service_level(20) < 0.8
    assert fewest_agents(0, 180, None, target) == (1, 1.0)


@pytest.mark.parametrize("text, share, seconds", [("80/20", 0.8, 20), ("95%/180s", 0.95, 180), (" 90 / 30 ", 0.9, 30)])
def test_service_level_targets_are_read_as_centres_write_them(text, share, seconds):
    assert parse_service_level(text) == ServiceLevel(share, seconds)


@pytest.mark.parametrize("text, words", [("80-20", "PERCENT/SECONDS"), ("100/20", "less than 100%"),
                                         ("0/20", "more than 0%"), ("fast", "PERCENT/SECONDS")])
def test_bad_service_level_targets_say_how_to_write_one(text, words):
    with pytest.raises(ValueError, match=words):
        parse_service_level(text)


# --- the staffing file ----------------------------------------------------------------------------

GOOD_STAFFING = """\
calls_per_hour: 200
patience: 120
service_level: 80/20
queues:
  billing: {agents: 8, handling_time: 180}
  support:
    agents: 5
    handling_time: 300
    average_speed_of_answer: 45
    abandon_rate: 0.08
  sales: {agents: 3, handling_time: 200, patience: none}
"""


def test_a_staffing_file_is_read_with_defaults_and_calibrated_patience(tmp_path):
    path = tmp_path / "staffing.yaml"
    path.write_text(GOOD_STAFFING)
    staffing = load_staffing(path)
    assert staffing.calls_per_hour == 200 and staffing.target == ServiceLevel(0.8, 20)
    billing, support, sales = staffing.queues.values()
    assert (billing.agents, billing.handling_time, billing.patience) == (8, 180.0, 120)  # the file's patience
    assert support.patience == pytest.approx(45 / 0.08) and support.measured == (45, 0.08)
    assert sales.patience is None  # never hangs up: Erlang C
    assert (billing.location.line, billing.location.column) == (5, 3)


def test_patience_is_calibrated_from_reports():
    assert patience_from_reports(30, 0.05) == pytest.approx(600)
    assert patience_from_reports(30, 0) is None
    with pytest.raises(ValueError, match="no patience to calibrate"):
        patience_from_reports(0, 0.1)
    with pytest.raises(ValueError, match="share of calls"):
        patience_from_reports(30, 5)


def test_calibration_recovers_the_model_patience_from_its_own_figures():
    # in the M/M/N+M model, mean hold / P(abandon) is exactly the mean patience
    queue = solve(200, 10, 180, 240)
    assert patience_from_reports(queue.mean_hold, queue.p_abandon) == pytest.approx(240)


def errors_of(text: str) -> list[str]:
    with pytest.raises(InvalidStaffing) as bad:
        read_staffing(text.encode(), "staffing.yaml")
    return [str(e) for e in bad.value.errors]


@pytest.mark.parametrize("text, expected", [
    ("queues: {billing: {agents: -3, handling_time: 180}}\n",
     "staffing.yaml:1:28: 'agents' of queue 'billing' must be at least 1, not -3"),
    ("queues:\n  billing: {agents: 8, handling_time: 0}\n",
     "staffing.yaml:2:39: 'handling_time' of queue 'billing' must be more than 0, not 0; it is the mean seconds"),
    ("queues:\n  billing:\n    agnets: 8\n    handling_time: 180\n",
     "staffing.yaml:3:5: unknown field 'agnets' in queue 'billing' (did you mean 'agents'?); the fields here are: "
     "agents, handling_time"),
    ("queues:\n  billing: {agents: eight, handling_time: 180}\n",
     "staffing.yaml:2:21: 'agents' of queue 'billing' must be a whole number, not text ('eight')"),
    ("queues:\n  billing: {agents: 2.5, handling_time: 180}\n",
     "staffing.yaml:2:21: 'agents' of queue 'billing' must be a whole number, not 2.5"),
    ("calls_per_hour: lots\nqueues: {b: {agents: 1, handling_time: 1}}\n",
     "staffing.yaml:1:17: 'calls_per_hour' of the staffing file must be a number, not text ('lots')"),
    ("calls_per_hour: 200\ncals_per_hour: 3\nqueues: {b: {agents: 1, handling_time: 1}}\n",
     "staffing.yaml:2:1: unknown field 'cals_per_hour' in the top level of the staffing file (did you mean "
     "'calls_per_hour'?)"),
    ("queues:\n  b: {agents: 1, handling_time: 1, patience: never}\n",
     "staffing.yaml:2:46: 'patience' of queue 'b' must be a number, not text ('never'); write seconds, or none"),
    ("queues:\n  b: {agents: 1, handling_time: 1, abandon_rate: 8, average_speed_of_answer: 30}\n",
     "staffing.yaml:2:50: 'abandon_rate' of queue 'b' must be at least 0 and less than 1, not 8; it is a share of "
     "calls: write 8% as 0.08"),
    ("queues:\n  b: {agents: 1, handling_time: 1, abandon_rate: 0.1}\n",
     "staffing.yaml:2:36: queue 'b' gives 'abandon_rate' without 'average_speed_of_answer'"),
    ("queues:\n  b: {agents: 1, handling_time: 1, patience: 9, abandon_rate: 0.1, average_speed_of_answer: 3}\n",
     "staffing.yaml:2:68: queue 'b' gives both 'patience' and 'average_speed_of_answer'"),
    ("queues:\n  b: {handling_time: 1}\n", "staffing.yaml:2:3: queue 'b' has no 'agents'; add agents: 8"),
    ("queues:\n  b: 5\n", "staffing.yaml:2:6: queue 'b' must be a mapping of its agents and handling_time"),
    ("calls_per_hour: 200\n", "staffing.yaml:1:1: the staffing file has no 'queues'"),
    ("- 1\n", "staffing.yaml:1:1: a staffing file is a mapping with 'queues'"),
    ("queues: {\n", "staffing.yaml:2:1: invalid YAML"),
    ("service_level: 80-20\nqueues: {b: {agents: 1, handling_time: 1}}\n",
     "staffing.yaml:1:16: '80-20' is not a service-level target; write PERCENT/SECONDS"),
    ("queues:\n  b: {agents: 1, handling_time: 1}\n  b: {agents: 2, handling_time: 1}\n",
     "staffing.yaml:3:3: 'b' is written twice (first at line 2)"),
])
def test_bad_staffing_input_is_a_located_error_that_says_the_fix(text, expected):
    assert any(e.startswith(expected) for e in errors_of(text)), errors_of(text)


def test_every_error_of_a_staffing_file_is_reported_at_once():
    found = errors_of("calls_per_hour: -5\nqueues:\n  a: {agents: 0, handling_time: 180}\n"
                      "  b: {agents: 3, handling_time: -1}\n")
    assert [e.split(": ")[0] for e in found] == ["staffing.yaml:1:17", "staffing.yaml:3:15", "staffing.yaml:4:33"]


def test_command_line_settings_lay_over_the_file():
    staffing = read_staffing(GOOD_STAFFING.encode(), "staffing.yaml")
    changed = overlay(staffing, WhatIf(calls_per_hour=300, agents={"billing": 6, "new": 2},
                                       handling_time={"new": 90}, patience=None))
    assert changed.calls_per_hour == 300
    assert changed.queues["billing"].agents == 6 and changed.queues["billing"].handling_time == 180
    assert changed.queues["new"].agents == 2 and all(q.patience is None for q in changed.queues.values())
    assert staffing.queues["billing"].agents == 8  # the file's staffing is not changed
    with pytest.raises(ValueError, match="--handling-time other=..."):
        overlay(staffing, WhatIf(agents={"other": 2}))


# --- figures per queue ----------------------------------------------------------------------------


def test_every_call_to_one_queue_gives_that_queue_the_line_figures():
    staffing = overlay(None, WhatIf(agents={"billing": 14}, handling_time={"billing": 180}))
    line = queue_figures({"billing": 1.0}, staffing, calls_per_hour=200)
    billing = line.queues["billing"]
    assert (billing.offered_load, billing.threshold) == (pytest.approx(10.0), 20.0)
    assert billing.service_level == pytest.approx(0.888, abs=5e-4) and billing.p_wait == pytest.approx(0.174, abs=5e-4)
    # p90 of the answered wait, Erlang C: P(W > t) = C e^{−(cμ−λ)t} = 0.1
    assert billing.p90_answer == pytest.approx(math.log(billing.p_wait / 0.1) / (14 / 180 - 200 / 3600))
    assert line.warnings == [] and line.unstaffed == ()


def test_shares_split_the_line_and_names_are_checked():
    staffing = read_staffing(GOOD_STAFFING.encode(), "staffing.yaml")
    line = queue_figures({"billing": 0.5, "suport": 0.3, "sales": 0.1, "fraud": 0.0}, staffing)
    assert line.queues["billing"].calls_per_hour == 100 and line.queues["sales"].calls_per_hour == 20
    assert line.queues["billing"].offered_load == pytest.approx(5.0)
    assert line.queues["billing"].threshold == 20  # the file's 80/20
    assert line.unstaffed == ("fraud", "suport")
    assert [str(w) for w in line.warnings] == [
        "staffing.yaml:6:3: queue 'support' is named by no transfer of the menu (did you mean 'suport'?); "
        "its staffing is not used: correct the name or remove it"]
    assert queue_figures({"billing": 0.5}, staffing, calls_per_hour=400, threshold=60).queues["billing"].threshold == 60


def test_an_overloaded_queue_that_never_hangs_up_is_named_with_its_place():
    staffing = read_staffing(GOOD_STAFFING.encode(), "staffing.yaml")
    with pytest.raises(Overloaded) as refused:
        queue_figures({"billing": 0.4, "sales": 0.6}, staffing, calls_per_hour=600)
    assert str(refused.value).startswith("staffing.yaml:11:3: queue 'sales' gets 60.0% of the calls: ")
    assert "give at least 21 agents" in str(refused.value)


def test_figures_need_an_arrival_rate_and_real_shares():
    staffing = overlay(None, WhatIf(agents={"a": 2}, handling_time={"a": 60}))
    with pytest.raises(QueueError, match="--calls-per-hour"):
        queue_figures({"a": 1.0}, staffing)
    with pytest.raises(QueueError, match="share of 1.5"):
        queue_figures({"a": 1.5}, staffing, calls_per_hour=10)


def test_the_readme_table_of_queues_is_what_the_model_gives():
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Queues and hold time"):]
    section = section[:section.index("\n## ", 1)]
    rows = [line.split("|")[1:-1] for line in section.splitlines() if re.match(r"\| \d+ \|", line)]
    assert len(rows) == 4
    for agents, patience, p_wait, hung_up, within_20, asa, p90 in ([c.strip() for c in row] for row in rows):
        queue = solve(200, int(agents), 180, None if patience == "never" else float(patience.rstrip(" s")))
        assert p_wait == f"{queue.p_wait:.1%}" and within_20 == f"{queue.service_level(20):.1%}"
        assert hung_up in (f"{queue.p_abandon:.1%}", "0%") and (hung_up != "0%" or queue.p_abandon == 0)
        assert asa == f"{queue.average_speed_of_answer:.1f} s" and p90 == f"{queue.answer_time_quantile(0.9):.0f} s"
    assert "(for example 45 s and 8% give 562 s)" in section and patience_from_reports(45, 0.08) == 562.5

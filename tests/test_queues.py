"""The queue model: Erlang C against published values and exact arithmetic, Erlang A against a
discrete-event simulation (ciw) with abandonment, the limits; the staffing file; staffing to a target."""

from __future__ import annotations

import math
from fractions import Fraction

import ciw
import numpy as np
import pytest

from ivr.queues.erlang import Overloaded, QueueError, solve


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

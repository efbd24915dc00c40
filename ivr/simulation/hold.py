"""Time on hold: the simulation's calls to each queue meet the queue's staffing.

The simulation (run with ``queues=True``) says, per intent, what share of calls
ends at a transfer to each queue and how long those calls spent in the menu.
Summed over intents by share, that is each queue's share of the line's calls;
with the line's calls per hour, each queue's arrival rate, and each queue is
solved on its own (:func:`ivr.queues.figures.queue_figures`: Erlang A, or C).

Then, per intent and overall (shares of the intent's calls; times in seconds):

* *answered*: reached a person: calls to a staffed queue times the queue's
  P(answer), plus the calls that reach a person where no hold is modelled (a
  transfer to a number, or to a queue the staffing does not describe);
* *abandoned in queue*: calls to a staffed queue times its P(abandon);
* *menu*: mean seconds in the menu of the calls that reach a staffed queue;
* *hold*: their mean seconds in the queue, answered or not;
* *to answer*: mean seconds from the call's start until a person answers, of
  the answered calls of staffed queues (menu time plus the answered wait);
* *to answer p90*: Monte Carlo only: each call that reaches a queue gets a
  hold drawn from the queue's model (:meth:`ivr.queues.erlang.Solution.sample`),
  and the 90th percentile is taken over the answered ones; the exact method
  has no distribution of menu times, so it gives none;
* *service level*: calls to staffed queues answered within the threshold of
  joining the queue / calls to staffed queues.

All but the p90 are exact combinations of the simulation's figures (exact or
sampled, as the method is) with the queue's exact figures: a call's time in
the menu and its time in the queue are independent, and the queue does not
care which intent a call has.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from ivr.queues.figures import DEFAULT_THRESHOLD, LineFigures, queue_figures
from ivr.model.staffing import Staffing
from ivr.simulation.simulator import Simulation

__all__ = ["HoldRow", "Hold", "hold_times", "queue_shares"]


@dataclass(frozen=True, slots=True)
class HoldRow:
    """One intent's (or the line's) calls meet the queues. Shares of the intent's calls; seconds."""

    answered: float
    abandoned_in_queue: float
    queued: float  #: share of the calls that reach a staffed queue
    menu_s: float  #: NaN when no call reaches a staffed queue (likewise below)
    hold_s: float
    answer_s: float
    answer_p90_s: float | None
    service_level: float


@dataclass(frozen=True, slots=True)
class Hold:
    line: LineFigures
    shares: dict[str, float]  #: every queue a transfer names -> its share of the line's calls
    intents: dict[str, HoldRow]
    overall: HoldRow
    calls_per_hour: float
    threshold: float


def queue_shares(simulation: Simulation) -> dict[str, float]:
    """Each queue a transfer names -> share of all calls to the line that end there (0 for none)."""
    if simulation.reached is None:
        raise ValueError("this simulation was run without queues=True")
    shares = dict.fromkeys(simulation.queue_names, 0.0)
    for name, reached in simulation.reached.items():
        weight = simulation.intents[name].share
        for queue, reach in reached.items():
            shares[queue] += weight * reach.share
    return {queue: min(1.0, share) for queue, share in shares.items()}


def hold_times(simulation: Simulation, staffing: Staffing, calls_per_hour: float | None = None,
               threshold: float | None = None, seed: int = 0) -> Hold:
    """Figures per queue, per intent and overall (see the module). Raises what
    :func:`~ivr.queues.figures.queue_figures` raises (no arrival rate, an overloaded queue)."""
    shares = queue_shares(simulation)
    line = queue_figures(shares, staffing, calls_per_hour, threshold)
    assert simulation.reached is not None
    rng = np.random.default_rng(seed)
    rows: dict[str, HoldRow] = {}
    pooled: list[np.ndarray] = []
    for name, reached in simulation.reached.items():
        result = simulation.intents[name]
        rows[name], answer_times = _row(reached, line, result.reached_human, rng)
        if answer_times is not None:
            pooled.append(answer_times)
    weights = {name: simulation.intents[name].share for name in rows
               if simulation.intents[name].calls != 0}
    overall = _weighted(rows, weights, pooled, simulation.method == "montecarlo")
    calls = calls_per_hour if calls_per_hour is not None else staffing.calls_per_hour
    assert calls is not None  # queue_figures refused none
    if threshold is None:
        threshold = staffing.target.seconds if staffing.target else DEFAULT_THRESHOLD
    return Hold(line, shares, rows, overall, calls, threshold)


def _row(reached, line: LineFigures, reached_human: float, rng: np.random.Generator
         ) -> tuple[HoldRow, np.ndarray | None]:
    queued = abandoned = menu = hold = answer = within = 0.0
    sampled: list[np.ndarray] = []
    for queue, reach in reached.items():
        figures = line.queues.get(queue)
        if figures is None:
            continue
        p, solution = reach.share, figures.solution
        answered = 1 - figures.p_abandon
        queued += p
        abandoned += p * figures.p_abandon
        menu += p * reach.menu_seconds
        hold += p * figures.mean_hold
        answer += p * answered * (reach.menu_seconds + figures.average_speed_of_answer)
        within += p * figures.service_level
        if reach.seconds is not None and len(reach.seconds):
            seconds, picked_up = solution.sample(rng, len(reach.seconds))
            sampled.append((reach.seconds + seconds)[picked_up])
    answered_queued = queued - abandoned
    nan = math.nan
    row = HoldRow(
        answered=reached_human - abandoned,
        abandoned_in_queue=abandoned,
        queued=queued,
        menu_s=menu / queued if queued else nan,
        hold_s=hold / queued if queued else nan,
        answer_s=answer / answered_queued if answered_queued > 0 else nan,
        answer_p90_s=None,
        service_level=within / queued if queued else nan,
    )
    times = np.concatenate(sampled) if sampled else None
    if times is not None and len(times):
        row = replace(row, answer_p90_s=float(np.percentile(times, 90)))
    return row, times


def _weighted(rows: dict[str, HoldRow], weights: dict[str, float], pooled: list[np.ndarray],
              sampled: bool) -> HoldRow:
    total = sum(weights.values()) or 1.0
    w = {name: weights[name] / total for name in weights}

    def share(key: str) -> float:
        return sum(getattr(rows[n], key) * w[n] for n in w)

    queued = share("queued")
    answered_queued = queued - share("abandoned_in_queue")

    def per_queued(key: str, base: str = "queued") -> float:
        mass = sum(getattr(rows[n], base) * w[n] for n in w)
        value = sum(getattr(rows[n], key) * getattr(rows[n], base) * w[n] for n in w
                    if getattr(rows[n], base) > 0)
        return value / mass if mass > 0 else math.nan

    answer_mass = sum((rows[n].queued - rows[n].abandoned_in_queue) * w[n] for n in w)
    answer = sum(rows[n].answer_s * (rows[n].queued - rows[n].abandoned_in_queue) * w[n] for n in w
                 if rows[n].queued - rows[n].abandoned_in_queue > 0)
    times = np.concatenate(pooled) if pooled else np.array([])
    return HoldRow(
        answered=share("answered"),
        abandoned_in_queue=share("abandoned_in_queue"),
        queued=queued,
        menu_s=per_queued("menu_s"),
        hold_s=per_queued("hold_s"),
        answer_s=answer / answer_mass if answer_mass > 0 and answered_queued > 0 else math.nan,
        answer_p90_s=float(np.percentile(times, 90)) if sampled and len(times) else None,
        service_level=per_queued("service_level"),
    )

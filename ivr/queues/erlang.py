"""One queue of agents: Erlang C (M/M/c) and Erlang A (M/M/c+M), solved as a birth-death chain.

The model. Calls arrive as a Poisson stream at rate λ; ``c`` agents each finish a
call at rate μ = 1 / handling time (exponential handling); a caller waiting in
the queue hangs up at rate θ = 1 / mean patience (exponential patience: Erlang A,
the M/M/N+M queue of Garnett, Mandelbaum & Reiman, "Designing a call center with
impatient customers", M&SOM 4(3), 2002), or never (θ = 0: Erlang C, M/M/c), or at
once when no agent is free (patience 0: Erlang B, the loss system). First come,
first served; one queue; no callbacks, no retrials.

The chain. State n = callers in the system (talking or waiting). Births at rate
λ, deaths at rate min(n, c)·μ + max(n − c, 0)·θ, so the stationary probabilities
are π_n ∝ w_n with w_n = a^n / n! for n ≤ c (a = λ/μ, the offered load in
Erlangs) and w_{c+k} = w_c · ∏_{m=1..k} λ / (cμ + mθ). Weights are summed in
log space (``gammaln``), so 500 or 100,000 agents neither overflow nor lose the
small states. Calls see the chain's time averages (PASTA): a caller arrives to
state n with probability π_n.

Truncation (Erlang A only; Erlang C's tail is geometric and summed exactly). The
ratio of consecutive tail weights r_m = λ / (cμ + mθ) falls with m, so once
r_{K+1} < 1 the weight left out past c + K is at most w_{c+K} · r_{K+1} / (1 − r_{K+1})
(a geometric series). The chain is cut at the first K where that bound is below
:data:`TAIL` (1e-13) times the weight kept; :attr:`Solution.tail_bound` is the bound.

The wait of one caller (the derivation used here). A caller who finds j callers
waiting (state c + j) would be answered after the *offered wait*
V = E_0 + ... + E_j, E_i ~ Exp(cμ + iθ): with i callers ahead, the line moves when
an agent frees up (rate cμ) or one of them hangs up (iθ). This is the virtual
wait of the M/M/N+M queue (Garnett et al. 2002; for general patience, Zeltyn &
Mandelbaum, "Call centers with impatient customers: many-server asymptotics of
the M/M/n+G queue", Queueing Systems 51, 2005).
The caller is answered if V < T, T ~ Exp(θ) their own patience. Racing T against
each stage in turn, the caller clears stage i with probability (cμ + iθ) / (cμ + (i+1)θ),
and the stage then lasts Exp(cμ + (i+1)θ) whichever clock rang. Hence

    P(answered | j)             = cμ / (cμ + (j+1)θ)                (the product telescopes)
    P(answered, V <= t | j)     = cμ / (cμ + (j+1)θ) · P(S_{j+1} <= t)
    E[V · 1{answered} | j]      = cμ / (cμ + (j+1)θ) · Σ_{m=1..j+1} 1 / (cμ + mθ)
    P(min(V, T) > t | j)        = e^{-θt} · P(V > t)

with S_k = Σ_{m=1..k} Exp(cμ + mθ). Sums of exponentials with rates in arithmetic
step θ have a closed form: for b = cμ/θ, E[e^{-sθ S_k}] = ∏_{m=1..k} (b+m)/(b+m+s),
which is the Mellin transform E[Z^s] of Z ~ Beta(b+1, k). So e^{-θ S_k} ~ Beta(b+1, k),
P(S_k <= t) = I_x(k, b+1) with x = 1 − e^{-θt} (the regularised incomplete beta
function), and likewise e^{-θV} ~ Beta(b, j+1). Erlang C has the closed form
P(W > t) = P(wait) · e^{-(cμ − λ)t}.

Definitions. *Service level at t*: calls answered within t seconds / calls
offered (a call that hangs up counts as not answered, however soon it hung up).
*Average speed of answer*: the mean wait of the answered calls. *Mean hold*: the
mean time in the queue of every call, answered or not (= E[queue] / λ, Little).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
from scipy.optimize import brentq
from scipy.special import betainc, gammaln

from ivr.model.errors import LoadError

__all__ = ["QueueError", "Overloaded", "Solution", "solve", "TAIL"]

#: Relative weight of the Erlang A tail left out past the truncation (an upper bound).
TAIL = 1e-13
#: Refuse queues with more agents than this (the chain holds a state per agent).
MAX_AGENTS = 1_000_000
#: Refuse chains longer than this many waiting states (a queue of 20 million callers is not a design).
_MAX_WAITING = 20_000_000


class QueueError(ValueError):
    """Figures that describe no queue (fewer than 1 agent, a handling time of 0, ...).

    ``errors``: the same said where the figures are written (a queue of a staffing file), when they
    come from one; empty otherwise.
    """

    def __init__(self, message: str, errors: Sequence[LoadError] = ()):
        super().__init__(message)
        self.errors = tuple(errors)


class Overloaded(QueueError):
    """More work than the agents can do, and callers who never hang up: the wait grows without end."""


@dataclass(frozen=True, eq=False)
class Solution:
    """The stationary state of one queue and what callers meet in it. Times are in seconds."""

    calls_per_hour: float
    agents: int
    handling_time: float
    patience: float | None  #: None: callers never hang up (Erlang C)
    offered_load: float  #: Erlangs: calls per second × handling time
    p_wait: float  #: probability that a call finds every agent busy
    p_abandon: float  #: probability that a call hangs up in the queue
    mean_hold: float  #: mean time in the queue of every call, answered or not
    average_speed_of_answer: float  #: mean wait of the answered calls
    occupancy: float  #: share of the agents' time spent on calls
    tail_bound: float  #: upper bound on the probability left out by truncating the chain (0 when none is)
    #: π_{c+j}, j = 0, 1, ...: probability that a call finds j callers waiting (Erlang A; Erlang C: π_c only)
    waiting: np.ndarray

    @property
    def erlang_c(self) -> bool:
        return self.patience is None

    @property
    def _rates(self) -> tuple[float, float, float]:
        """(λ, cμ, θ) per second."""
        theta = 0.0 if self.patience is None else (math.inf if self.patience == 0 else 1 / self.patience)
        return self.calls_per_hour / 3600, self.agents / self.handling_time, theta

    @cached_property
    def _stages(self) -> tuple[np.ndarray, np.ndarray]:
        """k = j + 1 (stages to clear) and π_{c+j} · P(answered | j), for j = 0, 1, ... (Erlang A)."""
        _, cmu, theta = self._rates
        k = np.arange(1, len(self.waiting) + 1, dtype=float)
        return k, self.waiting * cmu / (cmu + k * theta)

    def service_level(self, seconds: float) -> float:
        """Share of all calls answered within ``seconds`` of joining the queue."""
        lam, cmu, theta = self._rates
        if theta == 0:
            return 1 - self.p_wait * math.exp(-(cmu - lam) * seconds)
        if math.isinf(theta):
            return 1 - self.p_wait
        k, answered = self._stages
        within = betainc(k, cmu / theta + 1, -math.expm1(-theta * seconds))
        return float((1 - self.p_wait) + np.dot(answered, within))

    def left_queue_within(self, seconds: float) -> float:
        """Share of all calls that were out of the queue (answered or hung up) within ``seconds``."""
        lam, cmu, theta = self._rates
        if theta == 0 or math.isinf(theta):
            return self.service_level(seconds) if theta == 0 else 1.0
        k, _ = self._stages
        still_offered = 1 - betainc(k, cmu / theta, -math.expm1(-theta * seconds))
        return float(1 - math.exp(-theta * seconds) * np.dot(self.waiting, still_offered))

    def answer_time_quantile(self, q: float = 0.9) -> float:
        """The wait that a share ``q`` of the *answered* calls do not exceed (p90: ``q = 0.9``).

        Exact: Erlang C in closed form; Erlang A by root-finding on the distribution above
        (brentq, to a millisecond).
        """
        answered = 1 - self.p_abandon
        return self._quantile(lambda t: self.service_level(t) / answered, q)

    def hold_time_quantile(self, q: float = 0.9) -> float:
        """The time in the queue that a share ``q`` of *all* calls do not exceed, answered or not."""
        return self._quantile(self.left_queue_within, q)

    def _quantile(self, cdf, q: float) -> float:
        if not 0 < q < 1:
            raise QueueError(f"a quantile is between 0 and 1 (0.9 for p90), not {q:g}")
        lam, cmu, theta = self._rates
        if cdf(0.0) >= q:
            return 0.0
        if theta == 0:
            return math.log(self.p_wait / (1 - q)) / (cmu - lam)
        low, high = 0.0, max(self.mean_hold, 1.0)
        while cdf(high) < q:
            low, high = high, high * 4
        return float(brentq(lambda t: cdf(t) - q, low, high, xtol=1e-3, rtol=1e-6))

    def sample(self, rng: np.random.Generator, calls: int) -> tuple[np.ndarray, np.ndarray]:
        """``(seconds on hold, answered)`` for ``calls`` independent calls, drawn from the model."""
        lam, cmu, theta = self._rates
        hold = np.zeros(calls)
        answered = np.ones(calls, dtype=bool)
        waits = rng.random(calls) < self.p_wait  # found every agent busy
        n = int(waits.sum())
        if n == 0:
            return hold, answered
        if math.isinf(theta):  # Erlang B: they hang up at once
            answered[waits] = False
        elif theta == 0:  # Erlang C: the wait of one who waits is Exp(cμ − λ)
            hold[waits] = rng.exponential(1 / (cmu - lam), n)
        else:
            ahead = rng.choice(len(self.waiting), size=n, p=self.waiting / self.waiting.sum())
            offered = -np.log(rng.beta(cmu / theta, ahead + 1)) / theta  # e^{-θV} ~ Beta(cμ/θ, j+1)
            patience = rng.exponential(1 / theta, n)
            hold[waits] = np.minimum(offered, patience)
            answered[waits] = offered < patience
        return hold, answered


def _log_weights_to_c(a: float, agents: int) -> np.ndarray:
    n = np.arange(agents + 1)
    return n * math.log(a) - gammaln(n + 1)


def _erlang_a_tail(lam: float, cmu: float, theta: float) -> tuple[np.ndarray, float]:
    """log(w_{c+k} / w_c) for k = 0..K, and the bound on the weight left out, relative to the weight kept.

    K is the first k at which the bound falls to :data:`TAIL` (the weight kept is counted from
    w_c on, an understatement, so the bound is conservative).
    """
    peak = max(0.0, (lam - cmu) / theta)  # the ratio λ/(cμ+mθ) is below 1 past here
    size = int(peak + 4 * math.sqrt(peak + 1) + 64)  # doubled below until the bound is met
    while size <= _MAX_WAITING:
        m = np.arange(1, size + 2)
        steps = math.log(lam) - np.log(cmu + m * theta)  # log r_m, m = 1..size+1
        logs = np.concatenate(([0.0], np.cumsum(steps[:-1])))
        ratio = np.exp(steps)  # r_{k+1} for k = 0..size
        with np.errstate(divide="ignore", invalid="ignore"):
            log_bound = logs + steps - np.log1p(-np.minimum(ratio, 1.0)) - np.logaddexp.accumulate(logs)
        met = np.flatnonzero((ratio < 1) & (log_bound <= math.log(TAIL)))
        if len(met):
            k = int(met[0])
            return logs[:k + 1], float(math.exp(log_bound[k]))
        size *= 2
    raise Overloaded(f"the queue would hold over {_MAX_WAITING:,} callers at once: the calls are more than the "
                     "agents can answer and callers wait almost without end; give more agents or a shorter patience")


def solve(calls_per_hour: float, agents: int, handling_time: float, patience: float | None) -> Solution:
    """Solve one queue: arrivals in calls per hour, ``handling_time`` and ``patience`` in seconds.

    ``patience`` None: callers never hang up (Erlang C; raises :class:`Overloaded` when the
    offered load reaches the agents); 0: they hang up at once when no agent is free (Erlang B).
    """
    _check(calls_per_hour, agents, handling_time, patience)
    lam, mu = calls_per_hour / 3600, 1 / handling_time
    cmu = agents * mu
    load = calls_per_hour * handling_time / 3600
    figures: dict[str, Any] = dict(calls_per_hour=calls_per_hour, agents=agents, handling_time=handling_time,
                   patience=patience, offered_load=load)
    if lam == 0:
        return Solution(**figures, p_wait=0.0, p_abandon=0.0, mean_hold=0.0, average_speed_of_answer=0.0,
                        occupancy=0.0, tail_bound=0.0, waiting=np.zeros(0))
    low = _log_weights_to_c(load, agents)
    if patience is None:
        if load >= agents * (1 - 1e-12):
            raise Overloaded(
                f"{calls_per_hour:g} calls per hour at {handling_time:g} s each are {load:.4g} agents' worth of "
                f"work, at or over the {agents} agents, and callers who never hang up wait without end; "
                f"give at least {math.floor(load) + 1} agents, or a queue patience")
        rho = load / agents
        tail_log = low[-1] - math.log1p(-rho)  # Σ_{k>=0} w_c ρ^k, in log
        top = max(low.max(), tail_log)
        z = np.exp(low[:-1] - top).sum() + math.exp(tail_log - top)
        p_wait = float(math.exp(tail_log - top) / z)
        mean_hold = p_wait / (cmu - lam)  # E[Q]/λ with E[Q] = P(wait)·ρ/(1−ρ)
        return Solution(**figures, p_wait=p_wait, p_abandon=0.0, mean_hold=mean_hold,
                        average_speed_of_answer=mean_hold, occupancy=rho, tail_bound=0.0,
                        waiting=np.array([math.exp(low[-1] - top) / z]))
    if patience == 0:
        p = np.exp(low - low.max())
        blocked = float(p[-1] / p.sum())
        return Solution(**figures, p_wait=blocked, p_abandon=blocked, mean_hold=0.0, average_speed_of_answer=0.0,
                        occupancy=load * (1 - blocked) / agents, tail_bound=0.0, waiting=np.array([blocked]))
    theta = 1 / patience
    tail, bound = _erlang_a_tail(lam, cmu, theta)
    logs = np.concatenate((low[:-1], low[-1] + tail))
    p = np.exp(logs - logs.max())
    p /= p.sum()
    waiting = p[agents:]
    j = np.arange(len(waiting))
    p_wait = float(waiting.sum())
    p_abandon = float(theta * np.dot(waiting, j) / lam)  # hang-ups per second / arrivals per second
    answered_wait = np.cumsum(1 / (cmu + (j + 1) * theta)) * cmu / (cmu + (j + 1) * theta)
    return Solution(**figures, p_wait=p_wait, p_abandon=p_abandon, mean_hold=float(np.dot(waiting, j) / lam),
                    average_speed_of_answer=float(np.dot(waiting, answered_wait) / (1 - p_abandon)),
                    occupancy=load * (1 - p_abandon) / agents, tail_bound=bound, waiting=waiting)


def _check(calls_per_hour: float, agents: int, handling_time: float, patience: float | None) -> None:
    if not (isinstance(agents, int) and agents >= 1):
        raise QueueError(f"a queue needs at least 1 agent, not {agents}")
    if agents > MAX_AGENTS:
        raise QueueError(f"a queue of {agents:,} agents is not modelled: at most {MAX_AGENTS:,}")
    if not (math.isfinite(calls_per_hour) and calls_per_hour >= 0):
        raise QueueError(f"calls per hour must be 0 or more, not {calls_per_hour:g}")
    if not (math.isfinite(handling_time) and handling_time > 0):
        raise QueueError(f"the handling time must be more than 0 seconds, not {handling_time:g}")
    if patience is not None and not (math.isfinite(patience) and patience >= 0):
        raise QueueError(f"patience must be 0 seconds or more (or none), not {patience:g}")

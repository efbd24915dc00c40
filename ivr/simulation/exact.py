"""Exact answers for callers with unlimited patience: one sparse linear solve per intent.

With ``Q`` the transient-to-transient probabilities, the expected number of
visits to each state from the start is ``v`` with ``(I - Q)^T v = e_start``.
From ``v``: each outcome's probability (``v`` times the absorbing
probabilities), the expected time (``v`` times each state's expected step
cost) and the expected number of menus heard.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from ivr.simulation.chain import Chain, Outcome

__all__ = ["solve", "solve_with_visits", "visits", "resolved_time", "RESOLVED_OUTCOMES"]

#: The outcomes in which a call got what it called for.
RESOLVED_OUTCOMES = (Outcome.RESOLVED, Outcome.RESOLVED_HUMAN)


def _fundamental(chain: Chain) -> sp.csc_matrix:
    """``I - Q``: the identity less the transient-to-transient probabilities."""
    n = chain.size
    rows = np.repeat(np.arange(n), np.diff(chain.indptr))
    internal = chain.target >= 0
    q = sp.csr_matrix(
        (chain.probability[internal], (rows[internal], chain.target[internal])), shape=(n, n)
    )
    return (sp.identity(n, format="csc") - q.tocsc()).tocsc()


def _solve(system: sp.csc_matrix, right: np.ndarray) -> np.ndarray:
    n = system.shape[0]
    return np.atleast_1d(spla.spsolve(system, right) if n > 1 else right / system.toarray()[0, 0])


def visits(chain: Chain) -> np.ndarray:
    """Expected visits to each transient state per call (all 0 when the start is absorbing)."""
    n = chain.size
    if chain.start < 0:
        return np.zeros(n)
    start = np.zeros(n)
    start[chain.start] = 1.0
    return _solve(_fundamental(chain).T.tocsc(), start)


def resolved_time(chain: Chain, visits_: np.ndarray, resolved: float) -> float:
    """``E[T | resolved]``: the mean seconds of the calls that end resolved (NaN when none does).

    ``visits_`` are the expected visits (:func:`visits`), ``resolved`` the probability of being
    resolved; see the module's documentation for the second solve.
    """
    if resolved <= 0 or chain.start < 0:
        return float("nan")
    n = chain.size
    rows = np.repeat(np.arange(n), np.diff(chain.indptr))
    internal = chain.target >= 0
    codes = -1 - chain.target[~internal]
    finishing = np.isin(codes, [int(o) for o in RESOLVED_OUTCOMES])
    right = np.zeros(n)
    np.add.at(right, rows[~internal][finishing], chain.probability[~internal][finishing])
    onward = _solve(_fundamental(chain), right)  # h: chance of going on to be resolved, per state
    then = np.zeros(len(chain.target))  # h at each transition's target
    then[internal] = onward[chain.target[internal]]
    then[~internal] = finishing
    weighted = float(visits_[rows] @ (chain.probability * chain.cost * then))
    return weighted / resolved


def solve(chain: Chain) -> tuple[np.ndarray, float, float]:
    """(probability of each :class:`Outcome`, mean seconds to the outcome, mean menus heard)."""
    outcomes, seconds, menus, _ = solve_with_visits(chain)
    return outcomes, seconds, menus


def solve_with_visits(chain: Chain) -> tuple[np.ndarray, float, float, np.ndarray]:
    """As :func:`solve`, with the expected visits to each state (one solve for both)."""
    outcomes = np.zeros(len(Outcome))
    if chain.start < 0:
        outcomes[-1 - chain.start] = 1.0
        return outcomes, 0.0, 0.0, np.zeros(chain.size)
    n = chain.size
    rows = np.repeat(np.arange(n), np.diff(chain.indptr))
    internal = chain.target >= 0
    visits_ = visits(chain)
    np.add.at(outcomes, -1 - chain.target[~internal], visits_[rows[~internal]] * chain.probability[~internal])
    step_cost = np.bincount(rows, weights=chain.probability * chain.cost, minlength=n)
    heard = float(visits_ @ chain.heard) if chain.heard is not None else float(visits_[chain.is_menu].sum())
    return outcomes, float(visits_ @ step_cost), heard, visits_

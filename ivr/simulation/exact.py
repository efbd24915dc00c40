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

from ivr.simulation.chain import Chain, Outcome, absorbed

__all__ = ["solve", "solve_with_visits", "visits", "resolved_time", "RESOLVED_OUTCOMES", "by_queue"]

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


def by_queue(chain: Chain, visits_: np.ndarray, queue_of: dict[str, str], start: str) -> dict[str, tuple[float, float]]:
    """``{queue: (probability a call ends at a transfer to it, mean seconds in the menu of the calls that do)}``.

    ``queue_of`` maps each transfer node that names a queue to its queue. Exact: with ``h_q`` the chance
    of ending in queue ``q`` from each state ((I - Q) h_q = r_q, r_q the chance of a step into ``q``), the
    menu seconds of the calls that end in ``q`` add up to ``sum_j visits[row j] * p_j * cost_j * h_q(after j)``.
    The part over steps into a state ``s'`` is ``g . h_q`` with ``g(s')`` the seconds flowing into ``s'``
    per call; ``g . (I - Q)^-1 r_q = u . r_q`` with ``(I - Q)^T u = g``: one more solve, whatever the
    number of queues. ``start`` names the start node, for a call absorbed on arrival.
    """
    human = [absorbed(Outcome.HUMAN), absorbed(Outcome.RESOLVED_HUMAN)]
    if chain.start < 0:
        return {queue_of[start]: (1.0, 0.0)} if chain.start in human and start in queue_of else {}
    n = chain.size
    rows = np.repeat(np.arange(n), np.diff(chain.indptr))
    ends = np.flatnonzero(np.isin(chain.target, human))
    ends = np.array([j for j in ends if chain.arrival[j] in queue_of], dtype=np.int64)
    if not len(ends):
        return {}
    names = sorted({queue_of[chain.arrival[j]] for j in ends})
    column = {name: i for i, name in enumerate(names)}
    cols = np.array([column[queue_of[chain.arrival[j]]] for j in ends])
    r = np.zeros((n, len(names)))
    np.add.at(r, (rows[ends], cols), chain.probability[ends])
    internal = chain.target >= 0
    weight = visits_[rows] * chain.probability * chain.cost
    flowing_in = np.bincount(chain.target[internal], weights=weight[internal], minlength=n)
    q = sp.csr_matrix((chain.probability[internal], (rows[internal], chain.target[internal])), shape=(n, n))
    system = (sp.identity(n, format="csc") - q.T.tocsc()).tocsc()
    u = np.atleast_1d(spla.spsolve(system, flowing_in) if n > 1 else flowing_in / system.toarray()[0, 0])
    seconds = u @ r
    np.add.at(seconds, cols, weight[ends])
    reach = visits_ @ r
    return {name: (float(reach[i]), float(seconds[i] / reach[i]) if reach[i] > 0 else 0.0)
            for i, name in enumerate(names) if reach[i] > 0}

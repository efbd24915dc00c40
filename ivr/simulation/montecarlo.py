"""Monte Carlo: simulated calls walked through the chain together, vectorised with numpy.

Each step draws one uniform number ``u`` per call still under way. The
transitions of state ``s`` are keyed ``s + cumulative probability``, so the
next transition is the first whose key exceeds ``s + u``. Instead of a binary
search per call (slow on unsorted queries), a table of :data:`BUCKETS` slots
per state gives the first transition past ``s + b / BUCKETS``; the bucket of
``u`` lands on the answer or just before it, and a vectorised fix-up steps
the few calls whose bucket holds a boundary. Finished calls leave the
working arrays, so late steps cost only what is left.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ivr.simulation.chain import Chain, Outcome

__all__ = ["run", "MAX_STEPS", "BUCKETS"]

#: Steps after which calls still under way are counted as abandoned.
MAX_STEPS = 100_000
#: Lookup slots per state: more means fewer fix-ups and a bigger table.
BUCKETS = 64


def _keys(chain: Chain) -> np.ndarray:
    rows = np.repeat(np.arange(chain.size), np.diff(chain.indptr))
    cumulative = np.cumsum(chain.probability)
    row_start = np.repeat(cumulative[chain.indptr[:-1]] - chain.probability[chain.indptr[:-1]],
                          np.diff(chain.indptr))
    within = cumulative - row_start
    last = chain.indptr[1:] - 1
    within[last[np.diff(chain.indptr) > 0]] = 1.0  # rows sum to 1 exactly: no rounding gaps
    return rows + within


def _buckets(keys: np.ndarray, states: int) -> np.ndarray:
    """``table[s * BUCKETS + b]``: the first transition whose key exceeds ``s + b / BUCKETS``.

    It never points past the row of ``s``: the row's last key is ``s + 1``.
    """
    starts = (np.arange(states)[:, None] + np.arange(BUCKETS)[None, :] / BUCKETS).ravel()
    return np.searchsorted(keys, starts, side="right")  # sorted queries: fast


def run(
    chain: Chain,
    calls: int,
    rng: np.random.Generator,
    patience: float = 0.0,
    progress: Callable[[int], None] | None = None,
    taken: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Walk ``calls`` calls; return each call's outcome code, seconds and menus heard.

    ``taken``, when given, is an array of one counter per transition: each
    transition taken adds 1 (the moves of callers out of patience, which are
    not transitions of the chain, are not counted).
    """
    outcome = np.empty(calls, dtype=np.int8)
    seconds = np.zeros(calls)
    menus = np.zeros(calls, dtype=np.int32)
    if chain.start < 0:
        outcome[:] = -1 - chain.start
        if progress:
            progress(calls)
        return outcome, seconds, menus
    keys = _keys(chain)
    table = _buckets(keys, chain.size)
    last = chain.indptr[1:] - 1
    target, cost = chain.target, chain.cost
    is_menu = chain.is_menu
    impatient = patience > 0
    if impatient:
        decides = chain.impatient_target != -2
    ids = np.arange(calls)
    state = np.full(calls, chain.start, dtype=np.int64)
    time = np.zeros(calls)
    heard = np.zeros(calls, dtype=np.int32)
    for _ in range(MAX_STEPS):
        if not len(ids):
            break
        u = rng.random(len(ids))
        goal = state + u
        pick = table[state * BUCKETS + (u * BUCKETS).astype(np.int64)]
        behind = np.flatnonzero(keys[pick] <= goal)
        while len(behind):  # a boundary inside the bucket: step on (never past the row's last)
            pick[behind] += 1
            still = (keys[pick[behind]] <= goal[behind]) & (pick[behind] < last[state[behind]])
            behind = behind[still]
        if taken is not None:
            taken += np.bincount(pick, minlength=len(taken))
        nxt = target[pick]
        step = cost[pick]
        if impatient:
            tired = np.flatnonzero(time >= patience)
            if len(tired):
                tired = tired[decides[state[tired]]]
                nxt[tired] = chain.impatient_target[state[tired]]
                step[tired] = chain.impatient_cost[state[tired]]
        heard += is_menu[state]
        time += step
        done = nxt < 0
        if done.any():
            finished = ids[done]
            outcome[finished] = -1 - nxt[done]
            seconds[finished] = time[done]
            menus[finished] = heard[done]
            keep = ~done
            ids, nxt, time, heard = ids[keep], nxt[keep], time[keep], heard[keep]
            if progress:
                progress(int(done.sum()))
        state = nxt
    if len(ids):  # still going round after MAX_STEPS: they would have hung up
        outcome[ids] = Outcome.ABANDONED
        seconds[ids] = time
        menus[ids] = heard
        if progress:
            progress(len(ids))
    return outcome, seconds, menus

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
from dataclasses import dataclass, replace

import numpy as np

from ivr.simulation.chain import Chain, Outcome

__all__ = ["run", "MAX_STEPS", "BUCKETS", "BLOCK"]

#: Steps after which calls still under way are counted as abandoned.
MAX_STEPS = 100_000
#: Lookup slots per state: more means fewer fix-ups and a bigger table.
BUCKETS = 64
#: Calls walked together: enough to amortise numpy's per-call cost, few enough to stay in cache.
BLOCK = 32_768


def _keys(chain: Chain) -> np.ndarray:
    rows = np.repeat(np.arange(chain.size), np.diff(chain.indptr))
    cumulative = np.cumsum(chain.probability)
    row_start = np.repeat(cumulative[chain.indptr[:-1]] - chain.probability[chain.indptr[:-1]],
                          np.diff(chain.indptr))
    within = cumulative - row_start
    last = chain.indptr[1:] - 1
    within[last[np.diff(chain.indptr) > 0]] = 1.0  # rows sum to 1 exactly: no rounding gaps
    return rows + within


def _passes(chain: Chain) -> np.ndarray:
    """Per state: True for a pass-through state (one certain transition, no decision, not a menu)."""
    if not len(chain.target):
        return np.zeros(chain.size, bool)
    first = chain.indptr[:-1]
    return ((np.diff(chain.indptr) == 1) & (chain.probability[np.minimum(first, len(chain.target) - 1)] >= 1.0)
            & (chain.impatient_target == -2) & ~chain.is_menu)


def _shortcuts(chain: Chain) -> tuple[np.ndarray, np.ndarray, int, float, list[int]]:
    """Targets and costs that skip pass-through states, and the start after them with its time.

    A pass-through state (a message, a one-case branch) has a single certain
    transition and no decision: a call in it always goes on the same way, so
    it need not take a step there. Patience and menu counts are untouched:
    such states are neither menus nor inputs. Also returns the transitions
    every call takes before the start it returns.
    """
    first = chain.indptr[:-1]
    passes = _passes(chain)
    target, cost = chain.target.copy(), chain.cost.copy()
    for _ in range(64):  # one hop a round; a cycle of pass-through states would never end
        hop = np.flatnonzero(target >= 0)
        hop = hop[passes[target[hop]]]
        if not len(hop):
            break
        via = first[target[hop]]
        cost[hop] += chain.cost[via]
        target[hop] = chain.target[via]
    start, start_time, before_start = chain.start, 0.0, []
    for _ in range(64):
        if start < 0 or not passes[start]:
            break
        before_start.append(int(first[start]))
        start_time += float(chain.cost[first[start]])
        start = int(chain.target[first[start]])
    return target, cost, start, start_time, before_start


def _through_shortcuts(chain: Chain, picked: np.ndarray, before_start: list[int], calls: int) -> np.ndarray:
    """Times each transition was taken, from the times each was picked: a pick whose target is a
    pass-through state also takes that state's one transition, and so on (as :func:`_shortcuts`
    skipped them), and every call takes the transitions before the start."""
    passes = _passes(chain)
    first = chain.indptr[:-1]
    taken = picked.astype(np.float64)
    for j in before_start:
        taken[j] += calls
    hop = np.flatnonzero(chain.target >= 0)
    hop = hop[passes[chain.target[hop]]]
    via = first[chain.target[hop]]
    flow = picked.astype(np.float64)  # the transitions before the start are counted already, hops and all
    for _ in range(64):  # as many hops as _shortcuts takes
        moved = np.zeros_like(flow)
        np.add.at(moved, via, flow[hop])
        if not moved.any():
            break
        taken += moved
        flow = moved
    return taken


def _hopped(chain: Chain, values: np.ndarray) -> np.ndarray:
    """Per transition, ``values`` of the transition a call really ends on when :func:`_shortcuts` skips the
    pass-through states after it (the last hop's)."""
    passes = _passes(chain)
    first = chain.indptr[:-1]
    target, values = chain.target.copy(), values.copy()
    for _ in range(64):
        hop = np.flatnonzero(target >= 0)
        hop = hop[passes[target[hop]]]
        if not len(hop):
            break
        via = first[target[hop]]
        values[hop] = values[via]
        target[hop] = chain.target[via]
    return values


def _buckets(keys: np.ndarray, states: int) -> np.ndarray:
    """``table[s * BUCKETS + b]``: the first transition whose key exceeds ``s + b / BUCKETS``.

    It never points past the row of ``s``: the row's last key is ``s + 1``.
    """
    starts = (np.arange(states)[:, None] + np.arange(BUCKETS)[None, :] / BUCKETS).ravel()
    return np.searchsorted(keys, starts, side="right")  # sorted queries: fast


@dataclass(frozen=True)
class _Walk:
    """Everything a step needs, prepared once per chain."""

    chain: Chain
    keys: np.ndarray
    table: np.ndarray
    last: np.ndarray
    target: np.ndarray
    cost: np.ndarray
    is_menu: np.ndarray
    decides: np.ndarray
    impatient_target: np.ndarray
    impatient_cost: np.ndarray
    patience: float
    rng: np.random.Generator
    taken: np.ndarray | None
    tired: np.ndarray | None  # per state: callers out of patience moved on from it
    sink: int  # the state where ended calls wait: one past the chain's own
    #: with ``ends``: per transition (after shortcuts) and per state (out of patience) the code recorded
    #: for a call that ends on it (-1: none)
    end_code: np.ndarray | None = None
    impatient_code: np.ndarray | None = None

    @classmethod
    def of(cls, chain: Chain, target: np.ndarray, cost: np.ndarray, patience: float, rng: np.random.Generator,
           counting: bool) -> _Walk:
        """The chain's arrays with the sink state added at the end."""
        sink = chain.size
        keys = np.append(_keys(chain), sink + 1.0)
        transition = len(chain.target)  # the sink's one transition
        return cls(
            chain=chain,
            keys=keys,
            table=_buckets(keys, sink + 1),
            last=np.append(chain.indptr[1:] - 1, transition),
            target=np.append(target, sink),
            cost=np.append(cost, 0.0),
            is_menu=np.append(chain.is_menu, False),
            decides=np.append(chain.impatient_target != -2, False),
            impatient_target=np.append(chain.impatient_target, -2),
            impatient_cost=np.append(chain.impatient_cost, 0.0),
            patience=patience,
            rng=rng,
            taken=np.zeros(transition + 1) if counting else None,
            tired=np.zeros(sink + 1) if counting else None,
            sink=sink,
        )

    def calls(self, state: np.ndarray, time: np.ndarray, outcome, seconds, menus, offset: int, progress,
              ended: np.ndarray | None = None) -> None:
        """Walk the calls ``offset, offset + 1, ...`` from ``state`` at ``time`` until each ends.

        A call that ends is recorded at once and parked in the sink state (one
        transition to itself, no time, no menu); parked calls leave the arrays
        only when they are a quarter of them, since removing them costs a pass
        over every array.
        """
        chain, keys, table, last = self.chain, self.keys, self.table, self.last
        target, cost, taken, rng, sink = self.target, self.cost, self.taken, self.rng, self.sink
        impatient = self.patience > 0
        ids = np.arange(offset, offset + len(state))
        heard = np.zeros(len(state), dtype=np.int32)
        parked = 0
        for _ in range(MAX_STEPS):
            if parked == len(ids):
                return
            goal = state + rng.random(len(ids))
            # floor((s + u) * BUCKETS) = s * BUCKETS + floor(u * BUCKETS): the bucket of u in the row of s
            pick = table[(goal * BUCKETS).astype(np.int64)]
            behind = np.flatnonzero(keys[pick] <= goal)
            while len(behind):  # a boundary inside the bucket: step on (never past the row's last)
                pick[behind] += 1
                still = (keys[pick[behind]] <= goal[behind]) & (pick[behind] < last[state[behind]])
                behind = behind[still]
            nxt = target[pick]
            step = cost[pick]
            code = self.end_code[pick] if ended is not None and self.end_code is not None else None
            tired = None
            if impatient:
                tired = np.flatnonzero(time >= self.patience)
                if len(tired):
                    tired = tired[self.decides[state[tired]]]
                    if self.tired is not None:
                        np.add(self.tired, np.bincount(state[tired], minlength=len(self.tired)), out=self.tired)
                    nxt[tired] = self.impatient_target[state[tired]]
                    if code is not None and self.impatient_code is not None:
                        code[tired] = self.impatient_code[state[tired]]
                    step[tired] = self.impatient_cost[state[tired]]
            if taken is not None:  # a caller out of patience takes no transition: count it on the sink's
                if tired is not None and len(tired):
                    pick = pick.copy()
                    pick[tired] = len(taken) - 1
                taken += np.bincount(pick, minlength=len(taken))
            heard += self.is_menu[state]
            time += step
            done = np.flatnonzero(nxt < 0)
            if len(done):
                finished = ids[done]
                outcome[finished] = -1 - nxt[done]
                seconds[finished] = time[done]
                menus[finished] = heard[done]
                if code is not None and ended is not None:
                    ended[finished] = code[done]
                nxt[done] = sink
                parked += len(done)
                if progress:
                    progress(len(done))
                if 4 * parked >= len(ids):
                    keep = nxt != sink
                    ids, nxt, time, heard = ids[keep], nxt[keep], time[keep], heard[keep]
                    parked = 0
            state = nxt
        live = state != sink  # still going round after MAX_STEPS: they would have hung up
        outcome[ids[live]] = Outcome.ABANDONED
        seconds[ids[live]] = time[live]
        menus[ids[live]] = heard[live]
        if progress:
            progress(int(live.sum()))


def run(
    chain: Chain,
    calls: int,
    rng: np.random.Generator,
    patience: float = 0.0,
    progress: Callable[[int], None] | None = None,
    taken: np.ndarray | None = None,
    tired: np.ndarray | None = None,
    ends: tuple[np.ndarray, np.ndarray] | None = None,
    ended: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Walk ``calls`` calls; return each call's outcome code, seconds and menus heard.

    Calls go in blocks of :data:`BLOCK`, so that a step's working arrays stay in cache.
    ``taken``, when given, is an array of one counter per transition: each
    transition taken adds 1. ``tired``, when given, one counter per state: each
    caller out of patience who moves on from it (pressing the human option, or
    hanging up) adds 1; those moves are no transitions of the chain. Counting
    draws no random numbers: the calls are the same with or without it.

    ``ends``, when given, is ``(code per transition of the chain, code per state for a caller out of
    patience)``, with ``ended`` one slot per call: each call's slot gets the code of the transition it
    ended on (-1: none), such as the queue of the transfer it reached.
    """
    outcome = np.empty(calls, dtype=np.int8)
    seconds = np.zeros(calls)
    menus = np.zeros(calls, dtype=np.int32)
    target, cost, start, start_time, before_start = _shortcuts(chain)
    counting = taken is not None or tired is not None
    if ends is None:
        ended = None
    elif ended is not None:
        ended[:] = -1
    if start < 0:
        if ended is not None and ends is not None and before_start:
            ended[:] = ends[0][before_start[-1]]
        outcome[:] = -1 - start
        seconds[:] = start_time
        if progress:
            progress(calls)
        if taken is not None:
            taken += _through_shortcuts(chain, np.zeros(len(chain.target)), before_start, calls)
        return outcome, seconds, menus
    walk = _Walk.of(chain, target, cost, patience, rng, counting)
    if ends is not None and ended is not None:
        walk = replace(walk, end_code=np.append(_hopped(chain, ends[0]), -1),
                       impatient_code=np.append(ends[1], -1))
    for offset in range(0, calls, BLOCK):
        size = min(BLOCK, calls - offset)
        walk.calls(np.full(size, start, dtype=np.int64), np.full(size, start_time), outcome, seconds, menus,
                   offset, progress, ended)
    if taken is not None and walk.taken is not None:  # the sink's transition is no transition of the chain
        taken += _through_shortcuts(chain, walk.taken[:-1], before_start, calls)
    if tired is not None and walk.tired is not None:
        tired += walk.tired[:-1]
    return outcome, seconds, menus

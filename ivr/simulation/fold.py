"""A menu's tries folded into one state of the exact solver's chain (see :mod:`ivr.simulation.chain`)."""

from __future__ import annotations

import numpy as np

__all__ = ["fold_tries"]


def fold_tries(state, node_id, tries, outcomes, leave, give_up, row, replays, heard) -> None:
    """The transitions of all the tries at a menu or input as one state's (see the module's docs).

    With ``s`` the chance of a failure that replays the node, try ``k`` (from 0) is reached with
    chance ``s**k``. A success leaves on any try; a failure handled elsewhere leaves on any try but
    the last; on the last try every failure leaves to ``on_fail`` (or the system hangs up). Each
    way out carries its expected seconds given that it is taken: its own, plus the replays
    before it (``k`` of them, each of the replays' mean cost).
    """
    replay = [(p, cost) for kind, where, p, cost in outcomes if kind == "fail" and where is None]
    s = sum(p for p, _ in replay)
    replay_cost = sum(p * cost for p, cost in replay) / s if s > 0 else 0.0
    n = tries
    powers = s ** np.arange(n)  # chance of reaching try k
    reach_all = float(powers.sum())  # tries heard per visit
    reach_before_last = float(powers[:-1].sum())
    k_all = float((np.arange(n) * powers).sum())
    k_before_last = float((np.arange(n - 1) * powers[:-1]).sum())
    last = float(powers[-1])
    fail_last = 0.0  # chance a failure ends the last try, and its expected seconds
    fail_last_cost = 0.0
    for kind, where, p, cost in outcomes:
        if kind == "ok":
            if reach_all > 0:
                row.append((leave(where), p * reach_all, cost + replay_cost * k_all / reach_all))
        else:
            fail_last += p
            fail_last_cost += p * cost
            if where is not None and reach_before_last > 0:
                row.append((leave(where.target), p * reach_before_last,
                            cost + replay_cost * k_before_last / reach_before_last))
    if fail_last > 0 and last > 0:
        row.append((give_up(), fail_last * last, fail_last_cost / fail_last + replay_cost * (n - 1)))
    for p, _ in replay:
        if reach_before_last > 0:
            replays.append((state, node_id, p * reach_before_last))
    heard[state] = reach_all

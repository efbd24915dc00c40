"""Staffing to a target: the fewest agents per queue that answer a share of calls within a time.

A target (:class:`~ivr.model.staffing.ServiceLevel`) is written as contact
centres say it, ``80/20``: 80% of calls answered within 20 seconds (``95/180`` is
Spain's customer-service rule: 95% within 3 minutes). The service level is the
one of :mod:`ivr.queues.erlang`: calls answered within the time / calls offered,
so a call that hangs up counts against the target. It grows with every agent
added (more agents never make a caller wait longer), so the fewest agents are
found by doubling, then bisection.
"""

from __future__ import annotations

import math

from ivr.model.staffing import ServiceLevel
from ivr.queues.erlang import Overloaded, QueueError, solve

__all__ = ["fewest_agents", "MAX_AGENTS"]

#: No queue is staffed beyond this; a target that needs more is refused.
MAX_AGENTS = 1_000_000


def fewest_agents(calls_per_hour: float, handling_time: float, patience: float | None,
                  target: ServiceLevel) -> tuple[int, float]:
    """The fewest agents that meet ``target``, and the service level they give."""

    def level(agents: int) -> float:
        try:
            return solve(calls_per_hour, agents, handling_time, patience).service_level(target.seconds)
        except Overloaded:
            return -math.inf

    load = calls_per_hour * handling_time / 3600
    low = max(0, math.floor(load) if patience is None else 0)  # fewer than this cannot meet it
    high = max(1, low + 1)
    while level(high) < target.share:
        low, high = high, high * 2
        if high > MAX_AGENTS:
            raise QueueError(f"{target} needs more than {MAX_AGENTS:,} agents at {calls_per_hour:g} calls per hour")
    while high - low > 1:  # level(low) misses the target (or low is 0), level(high) meets it
        middle = (low + high) // 2
        if level(middle) >= target.share:
            high = middle
        else:
            low = middle
    return high, level(high)

"""What a menu change does to the queues: the wait and the hang-ups per queue, before and after.

Both sides' simulations (run with ``queues=True``) give each queue's share of the
line's calls; with the same staffing (the flags, a staffing file, or the menus'
``queues:``: each side its own, or the one side's for both when only one has
it), each queue is solved on each side. A change that pushes more calls into a
queue is a regression when the queue's predicted wait (its average speed of
answer) grows by more than ``max_wait_increase`` seconds, or the share of its
callers who hang up grows by more than ``max_abandon_increase``; a queue whose
callers never hang up and whose load comes to reach its agents (the wait grows
without end) is one too. Judged only when staffing is given.

The changes and the regressions are data; :mod:`ivr.present.diff_queues` and
:mod:`ivr.present.diff` word them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ivr.compare.diff import Regression
from ivr.queues.erlang import Overloaded, QueueError, Solution, solve
from ivr.model.staffing import Staffing
from ivr.simulation import Simulation
from ivr.simulation.hold import queue_shares

__all__ = ["QueueSide", "QueueChange", "QueueThresholds", "queue_changes", "queue_regressions"]


@dataclass(frozen=True, slots=True)
class QueueThresholds:
    wait_increase: float = 10.0  #: seconds of average speed of answer
    abandon_increase: float = 0.01  #: share of the queue's callers who hang up


@dataclass(frozen=True, slots=True)
class QueueSide:
    """One queue on one side. ``solution`` None: not staffed, or (``overloaded``) a wait without end."""

    share: float
    calls_per_hour: float
    solution: Solution | None
    overloaded: bool = False

    @property
    def wait(self) -> float:
        if self.overloaded:
            return math.inf
        return self.solution.average_speed_of_answer if self.solution else math.nan

    @property
    def abandon(self) -> float:
        return self.solution.p_abandon if self.solution else math.nan


@dataclass(frozen=True, slots=True)
class QueueChange:
    queue: str
    before: QueueSide
    after: QueueSide


def _side(share: float, staffing: Staffing, calls: float, queue: str) -> QueueSide:
    staffed = staffing.queues.get(queue)
    if staffed is None or share == 0:
        return QueueSide(share, calls * share, None)
    try:
        return QueueSide(share, calls * share, solve(calls * share, staffed.agents, staffed.handling_time,
                                                     staffed.patience))
    except Overloaded:
        return QueueSide(share, calls * share, None, overloaded=True)
    except QueueError:  # figures no queue has (a million agents): not modelled
        return QueueSide(share, calls * share, None)


def queue_changes(before: Simulation, after: Simulation, old: Staffing, new: Staffing,
                  calls_per_hour: float) -> list[QueueChange]:
    """Every queue either side's transfers name, solved on both sides (``old`` staffing before, ``new`` after)."""
    shares_before, shares_after = queue_shares(before), queue_shares(after)
    changes = []
    for queue in sorted(set(shares_before) | set(shares_after)):
        changes.append(QueueChange(queue, _side(shares_before.get(queue, 0.0), old, calls_per_hour, queue),
                                   _side(shares_after.get(queue, 0.0), new, calls_per_hour, queue)))
    return changes


def queue_regressions(changes: list[QueueChange], thresholds: QueueThresholds = QueueThresholds()
                      ) -> list[Regression]:
    """The queues that get more calls and a longer wait or more hang-ups than ``thresholds`` allow
    (:class:`~ivr.compare.verdict.Regression` ``queue_wait`` and ``queue_abandon``; a side where the
    queue is not staffed counts as no wait and no hang-up)."""
    found = []
    for change in changes:
        before, after, name = change.before, change.after, change.queue
        if after.share <= before.share or (after.solution is None and not after.overloaded):
            continue
        if before.overloaded:  # the wait was already without end: more calls cannot make it longer (it read
            continue           # "0.0 s -> without end" before, taking an overloaded side for an unstaffed one)
        shares = (before.share, after.share)
        before_wait = before.wait if before.solution else 0.0
        if after.overloaded and not before.overloaded:  # a wait without end: no threshold to pass
            found.append(Regression(None, "queue_wait", before_wait, math.inf, None, math.inf, name, shares))
            continue
        before_abandon = before.abandon if before.solution else 0.0
        longer = after.wait - before_wait
        if longer > thresholds.wait_increase:
            found.append(Regression(None, "queue_wait", before_wait, after.wait, thresholds.wait_increase, longer,
                                    name, shares))
        worse = after.abandon - before_abandon
        if worse > thresholds.abandon_increase:
            found.append(Regression(None, "queue_abandon", before_abandon, after.abandon,
                                    thresholds.abandon_increase, worse, name, shares))
    return found

"""Figures per queue for a line: its calls, split among the queues as the simulation found, meet the staffing.

The simulation says what share of all calls to the line reaches each queue (a
transfer names its queue); with the line's calls per hour that is each queue's
arrival rate, and with the queue's staffing, its load. Each queue is then solved
on its own (:func:`ivr.queues.erlang.solve`): one queue per transfer's queue
name, Poisson arrivals (a share of a Poisson stream is Poisson), no callbacks,
callers who hang up do not call again.
"""

from __future__ import annotations

from dataclasses import dataclass

from ivr.model.errors import LoadError
from ivr.model.menu import Location
from ivr.model.words import did_you_mean
from ivr.queues.erlang import Overloaded, QueueError, Solution, solve
from ivr.model.staffing import Staffing

__all__ = ["QueueFigures", "LineFigures", "queue_figures", "DEFAULT_THRESHOLD"]

#: Seconds within which a call counts as answered, when no target says otherwise (the common 80/20's 20).
DEFAULT_THRESHOLD = 20.0


@dataclass(frozen=True, slots=True)
class QueueFigures:
    """What the callers of one queue meet. Times in seconds; shares of the calls that reach this queue."""

    queue: str
    share: float  #: of all calls to the line
    calls_per_hour: float
    offered_load: float  #: Erlangs
    agents: int
    p_wait: float
    p_abandon: float
    average_speed_of_answer: float  #: mean wait of the answered calls
    mean_hold: float  #: mean time in the queue of all calls, answered or not
    threshold: float
    service_level: float  #: answered within ``threshold`` / offered
    p90_answer: float  #: wait that 90% of the answered calls do not exceed (exact, by root-finding)
    p90_hold: float  #: time in the queue that 90% of all calls do not exceed
    occupancy: float
    solution: Solution


@dataclass(frozen=True, slots=True)
class LineFigures:
    queues: dict[str, QueueFigures]
    #: staffing of queues that no transfer names: located, for the caller to print as warnings
    warnings: list[LoadError]
    #: queues that transfers name but the staffing does not describe: their hold time is not modelled
    unstaffed: tuple[str, ...]


def queue_figures(shares: dict[str, float], staffing: Staffing, calls_per_hour: float | None = None,
                  threshold: float | None = None) -> LineFigures:
    """Figures for each staffed queue of ``shares`` (queue -> share of all calls to the line, 0 to 1).

    ``shares`` names every queue a transfer of the menu names, with 0 for those no call reaches,
    so that staffing for a queue no transfer names is told apart (a warning, with did-you-mean).
    ``calls_per_hour`` (the command line's) wins over the staffing file's; ``threshold`` over its target's
    seconds. Raises :class:`QueueError` when no arrival rate is given or a share is not a share, and
    :class:`Overloaded` naming every queue whose callers never hang up and whose load reaches its agents.
    """
    calls = calls_per_hour if calls_per_hour is not None else staffing.calls_per_hour
    if calls is None:
        message = "no arrival rate: give calls_per_hour in the staffing file, or --calls-per-hour"
        where = staffing.location or (Location(staffing.file, 1, 1) if staffing.file else None)
        raise QueueError(message, [LoadError(where, message)] if where else ())
    if threshold is None:
        threshold = staffing.target.seconds if staffing.target else DEFAULT_THRESHOLD
    for queue, share in shares.items():
        if not 0 <= share <= 1:
            raise QueueError(f"queue '{queue}' has a share of {share:g} of the calls; a share is from 0 to 1")
    warnings = [
        LoadError(q.location, f"queue '{name}' is named by no transfer of the menu{did_you_mean(name, shares)}; "
                              "its staffing is not used: correct the name or remove it")
        for name, q in staffing.queues.items() if name not in shares
    ]
    figures: dict[str, QueueFigures] = {}
    overloaded: list[LoadError] = []
    refused: list[LoadError] = []
    for name, share in shares.items():
        if name not in staffing.queues:
            continue
        staffed = staffing.queues[name]
        try:
            solution = solve(calls * share, staffed.agents, staffed.handling_time, staffed.patience)
        except Overloaded as bad:
            overloaded.append(LoadError(staffed.location, f"queue '{name}' gets {share:.1%} of the calls: {bad}"))
            continue
        except QueueError as bad:  # figures no queue has (more agents than are modelled)
            refused.append(LoadError(staffed.location, f"queue '{name}': {bad}"))
            continue
        figures[name] = QueueFigures(
            name, share, calls * share, solution.offered_load, staffed.agents, solution.p_wait, solution.p_abandon,
            solution.average_speed_of_answer, solution.mean_hold, threshold, solution.service_level(threshold),
            solution.answer_time_quantile(0.9), solution.hold_time_quantile(0.9), solution.occupancy, solution)
    if refused:
        raise QueueError("\n".join(map(str, refused + overloaded)), refused + overloaded)
    if overloaded:
        raise Overloaded("\n".join(map(str, overloaded)), overloaded)
    unstaffed = tuple(sorted(name for name in shares if name not in staffing.queues))
    return LineFigures(figures, warnings, unstaffed)

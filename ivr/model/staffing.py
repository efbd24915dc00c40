"""The staffing of a line's queues: how many agents answer each queue, how long a call takes them.

The one type of staffing, whoever gives it: the menu's ``queues:`` section and a
staffing file (``--staffing FILE``) are read into it by
:mod:`ivr.formats.native.staffing`; the command line's what-ifs (``--agents``,
``--calls-per-hour``, ...) are laid over it by :mod:`ivr.pipeline.staffing`;
the queue models (:mod:`ivr.queues`), the simulation's hold times, the rule
``slow-answer`` and ``ivr diff`` read it. Times are in seconds.
"""

from __future__ import annotations

from dataclasses import dataclass

from ivr.model.location import Location

__all__ = ["ServiceLevel", "QueueStaffing", "Staffing"]


@dataclass(frozen=True, slots=True)
class ServiceLevel:
    """A service-level target: ``share`` of calls answered within ``seconds`` (``80/20``: 0.8 within 20 s)."""

    share: float
    seconds: float

    def __str__(self) -> str:
        return f"{self.share * 100:g}% answered within {self.seconds:g} s"


@dataclass(frozen=True, slots=True)
class QueueStaffing:
    """One queue: its agents, their mean handling time, and how long its callers wait before hanging up."""

    name: str
    agents: int
    handling_time: float  #: seconds
    patience: float | None  #: mean seconds before hanging up; None: never (Erlang C)
    location: Location  #: where the queue is named
    #: ``(average speed of answer, abandon rate)`` when patience was calibrated from them
    measured: tuple[float, float] | None = None


@dataclass(frozen=True, slots=True)
class Staffing:
    """The queues' staffing, with the line's calls per hour and the target when given."""

    queues: dict[str, QueueStaffing]
    calls_per_hour: float | None = None
    target: ServiceLevel | None = None
    #: the file it was read from (a staffing file, or the menu whose ``queues:`` it is); None: the command line
    file: str | None = None
    #: where the staffing is written (a staffing file's top, a menu's ``queues:``): what is missing from it
    #: (the calls per hour) is located there
    location: Location | None = None

"""The staffing a command models hold time with, and the figures it gives: no click, no exit codes.

The staffing is typed once (:class:`ivr.model.staffing.Staffing`) and read once:
each menu's ``queues:`` section by its reader (:attr:`ivr.model.menu.Menu.staffing`),
or the staffing file the command line names, read once per command
(:class:`Staffings`). The command line's what-ifs (:class:`WhatIf`: calls per
hour, agents and handling time per queue, patience, a target) are laid over it
here (:func:`overlay`). From it the pipeline gives:

* the hold figures of a simulation (:func:`hold_of`, and
  :attr:`ivr.pipeline.Analysis.hold` when :class:`ivr.pipeline.Simulating` has a staffing);
* the queues of a comparison, before and after, and their regressions (:func:`compare_queues`);
* the fewest agents per queue for a target (:func:`staff`).

Staffing that cannot be used raises :class:`StaffingError`, whose located errors say where
(``file:line:col``: the staffing, the queue, else the menu it is for) and why; the command line prints
them and exits with status 2. The queue models (numpy, scipy) are imported
only when something is solved.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from ivr.model.errors import LoadError
from ivr.model.menu import Location, Menu
from ivr.model.staffing import QueueStaffing, ServiceLevel, Staffing

if TYPE_CHECKING:
    from ivr.compare.diff import MenuDiff, Regression
    from ivr.compare.queues import QueueChange, QueueThresholds
    from ivr.simulation import Simulation
    from ivr.simulation.hold import Hold

__all__ = ["ABSENT", "WhatIf", "StaffingError", "Staffings", "overlay", "hold_of", "QueueComparison",
           "compare_queues", "StaffRow", "StaffPlan", "staff"]

#: :attr:`WhatIf.patience` not given: each queue keeps the patience its staffing gives
ABSENT = "absent"


@dataclass(frozen=True, slots=True)
class WhatIf:
    """What the command line says about staffing: a staffing file to use instead of each menu's
    ``queues:``, and settings laid over whichever is used (None, empty or :data:`ABSENT`: as it says)."""

    file: str | None = None
    calls_per_hour: float | None = None
    agents: Mapping[str, int] = field(default_factory=dict)
    handling_time: Mapping[str, float] = field(default_factory=dict)
    patience: float | None | str = ABSENT  #: seconds; None: never hang up; ABSENT: as the staffing says
    target: ServiceLevel | None = None

    @property
    def given(self) -> bool:
        """Whether anything asks for hold time (a what-if alone needs staffing to apply to); a target alone does not."""
        return bool(self.file or self.agents or self.handling_time or self.calls_per_hour is not None
                    or self.patience != ABSENT)


class StaffingError(Exception):
    """Staffing that cannot be used: ``errors``, each located (a staffing file's line, a queue, else the
    start of the menu it is for) with what is wrong and the fix."""

    def __init__(self, errors: Iterable[LoadError]):
        self.errors = tuple(errors)
        super().__init__("\n".join(str(e) for e in self.errors))

    @classmethod
    def at(cls, location: Location, message: str) -> StaffingError:
        """One error at ``location``."""
        return cls([LoadError(location, message)])


def _start(menu: Menu) -> Location:
    """Where a message about ``menu`` as a whole points: its top, else its file's start."""
    return menu.location or Location(menu.file, 1, 1)


def _where(base: Staffing | None, menu: Menu) -> Location:
    """Where what the staffing of ``menu`` lacks is said: where the staffing is written, else the menu."""
    return base.location if base is not None and base.location else _start(menu)


class Staffings:
    """The staffing of each menu for one command: the staffing file (read once, when first needed)
    or the menu's own, with the what-ifs laid over it."""

    def __init__(self, what_if: WhatIf = WhatIf()):
        self.what_if = what_if
        self._file: Staffing | None = None

    def base(self, menu: Menu) -> Staffing | None:
        """The staffing as given, without the what-ifs: the staffing file's, else the menu's."""
        if self.what_if.file is None:
            return menu.staffing
        if self._file is None:
            from ivr.formats.native.staffing import InvalidStaffing, load_staffing

            try:
                self._file = load_staffing(self.what_if.file)
            except InvalidStaffing as bad:
                raise StaffingError(bad.errors) from None
        return self._file

    def of(self, menu: Menu) -> Staffing | None:
        """``menu``'s staffing with the what-ifs laid over it; None when neither gives any."""
        if menu.staffing is None and not self.what_if.given:
            return None
        base = self.base(menu)
        what_if = self.what_if
        if base is None and not (what_if.agents or what_if.handling_time):
            raise StaffingError.at(_start(menu), "no staffing to apply --calls-per-hour or --queue-patience to: add "
                                   "a queues: section to the menu, give --staffing FILE, or --agents QUEUE=N and "
                                   "--handling-time QUEUE=SECONDS")
        where = _where(base, menu)
        try:
            staffing = overlay(base, what_if)
        except ValueError as bad:
            raise StaffingError.at(where, str(bad)) from None
        # staffing of the flags alone is written nowhere: what it lacks is said at the menu it is for
        return staffing if staffing.location else replace(staffing, location=where)


def overlay(staffing: Staffing | None, what_if: WhatIf) -> Staffing:
    """``staffing`` with the what-ifs laid over it (``staffing`` itself is not changed). A queue it does not
    describe needs both its agents and its handling time; raises ValueError saying which to add."""
    staffing = staffing or Staffing({})
    agents, handling_time = what_if.agents, what_if.handling_time
    queues = dict(staffing.queues)
    for name in sorted(set(agents) | set(handling_time)):
        if name not in queues:
            if name not in agents or name not in handling_time:
                flag = "--handling-time" if name in agents else "--agents"
                raise ValueError(f"queue '{name}' is not in the staffing file: give {flag} {name}=... as well")
            queues[name] = QueueStaffing(name, agents[name], handling_time[name], None, Location("<command line>", 1, 1))
            continue
        queues[name] = replace(queues[name], agents=agents.get(name, queues[name].agents),
                               handling_time=handling_time.get(name, queues[name].handling_time))
    if not isinstance(what_if.patience, str):  # ABSENT: keep each queue's
        queues = {name: replace(q, patience=what_if.patience, measured=None) for name, q in queues.items()}
    return replace(staffing, queues=queues,
                   calls_per_hour=staffing.calls_per_hour if what_if.calls_per_hour is None else what_if.calls_per_hour,
                   target=what_if.target or staffing.target)


def hold_of(simulation: Simulation, staffing: Staffing, seed: int = 0) -> Hold:
    """The hold figures of ``simulation`` (run with ``queues=True``) at ``staffing``
    (:func:`ivr.simulation.hold.hold_times`); its warnings (staffing of queues no transfer names) are
    in ``line.warnings``. Raises :class:`StaffingError` for a queue that cannot be solved (no arrival
    rate, more work than agents with callers who never hang up)."""
    from ivr.queues.erlang import QueueError
    from ivr.simulation.hold import hold_times

    try:
        return hold_times(simulation, staffing, seed=seed)
    except QueueError as bad:
        if bad.errors:  # located where the figures are written
            raise StaffingError(bad.errors) from None
        where = staffing.location or Location(staffing.file or "<command line>", 1, 1)
        raise StaffingError.at(where, str(bad)) from None


@dataclass(frozen=True, slots=True)
class QueueComparison:
    """The queues of a comparison: each queue's share, wait and hang-ups on both sides, at one arrival rate."""

    changes: list[QueueChange]
    calls_per_hour: float


def compare_queues(diff: MenuDiff, old: Staffing | None, new: Staffing | None, file: str,
                   thresholds: QueueThresholds | None = None) -> tuple[QueueComparison | None, list[Regression]]:
    """The queues of ``diff`` (simulated with ``queues=True``) at each side's staffing, and their
    regressions; (None, []) without staffing. Staffing written in one version only is the centre's:
    used for both. Raises :class:`StaffingError` without calls per hour, located where the new side's
    staffing is written (else at the start of ``file``, the new side's)."""
    if (old is None and new is None) or diff.after.reached is None or diff.before.reached is None:
        return None, []
    from ivr.compare.queues import QueueThresholds, queue_changes, queue_regressions

    old, new = old or new, new or old
    assert old is not None and new is not None
    calls = new.calls_per_hour or old.calls_per_hour
    if calls is None:
        raise StaffingError.at(new.location or Location(file, 1, 1), "no calls per hour: give --calls-per-hour N, "
                                                                     "or calls_per_hour in the staffing")
    changes = queue_changes(diff.before, diff.after, old, new, calls)
    return QueueComparison(changes, calls), queue_regressions(changes, thresholds or QueueThresholds())


@dataclass(frozen=True, slots=True)
class StaffRow:
    """One queue staffed to the target. ``agents`` 0 and ``service_level`` None: no call reaches it."""

    queue: str
    share: float  #: of the line's calls
    calls_per_hour: float
    handling_time: float  #: seconds
    patience: float | None  #: mean seconds; None: never hang up
    agents_now: int | None  #: as the staffing says; None: it does not describe the queue
    agents: int
    service_level: float | None


@dataclass(frozen=True, slots=True)
class StaffPlan:
    """The fewest agents per queue that meet ``target`` at the line's ``calls_per_hour``."""

    target: ServiceLevel
    calls_per_hour: float
    rows: list[StaffRow]


def staff(menu: Menu, shares: dict[str, float], staffings: Staffings, target: ServiceLevel) -> StaffPlan:
    """The fewest agents for each queue of ``shares`` (queue -> share of the line's calls, from the
    simulation): the handling times and patience from the staffing and the what-ifs (agents are what
    is asked, so none are needed). Raises :class:`StaffingError` for what is missing or cannot be met, located
    where the queue is described (its staffing, else the transfer to it), else where the staffing is written,
    else at the menu."""
    from ivr.queues.erlang import QueueError
    from ivr.queues.staff import fewest_agents

    base = staffings.base(menu)
    what_if = staffings.what_if
    where = _where(base, menu)
    calls = what_if.calls_per_hour if what_if.calls_per_hour is not None else (base.calls_per_hour if base else None)
    if calls is None:
        raise StaffingError.at(where, "no calls per hour: give --calls-per-hour N, or calls_per_hour in the staffing")
    queues = base.queues if base else {}
    needs: dict[str, tuple[float, float | None, int | None, Location]] = {}
    for name in shares:
        known = queues.get(name)
        at = known.location if known else next((n.location for n in menu.nodes.values() if n.queue == name), where)
        handling = what_if.handling_time.get(name, known.handling_time if known else None)
        if handling is None:
            raise StaffingError.at(at, f"queue '{name}' has no handling time: give --handling-time {name}=SECONDS, "
                                       "or describe it in the staffing")
        patience = known.patience if known else None
        if not isinstance(what_if.patience, str):  # ABSENT: as the staffing says
            patience = what_if.patience
        needs[name] = (handling, patience, known.agents if known else None, at)
    rows = []
    for name, share in shares.items():
        handling, patience, now, at = needs[name]
        if share == 0:
            rows.append(StaffRow(name, 0.0, 0.0, handling, patience, now, 0, None))
            continue
        try:
            agents, level = fewest_agents(calls * share, handling, patience, target)
        except QueueError as bad:
            raise StaffingError.at(at, f"queue '{name}': {bad}") from None
        rows.append(StaffRow(name, share, calls * share, handling, patience, now, agents, level))
    return StaffPlan(target, calls, rows)

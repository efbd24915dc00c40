"""The staffing options every command that models hold time shares, and the staffing they give.

``--staffing FILE`` (else the menu's ``queues:``), then the what-if flags laid over it:
``--calls-per-hour N``, ``--agents QUEUE=N``, ``--handling-time QUEUE=SECONDS``,
``--queue-patience SECONDS|none`` and, where a target is used, ``--service-level 80/20``.
Bad values are usage errors (exit 2); a staffing file or section that cannot be used is
reported located (exit 2). ``ivr.queues`` (numpy, scipy) is imported only when staffing is given.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ivr.cli.common import EXIT_BAD_INPUT, error_lines, say_error, start_of

if TYPE_CHECKING:
    from ivr.model.menu import Menu
    from ivr.queues.staff import ServiceLevel
    from ivr.queues.staffing import Staffing

__all__ = ["StaffingFlags", "staffing_options", "staffing_for", "BadStaffing"]

F = TypeVar("F", bound=Callable[..., Any])

#: ``--queue-patience`` not given: each queue keeps the patience its staffing gives
ABSENT = "absent"


class BadStaffing(click.ClickException):
    """Staffing that cannot be used: located messages (``file:line:col: error: ...``), exit status 2."""

    exit_code = EXIT_BAD_INPUT

    def __init__(self, errors: Iterable[Any]):
        super().__init__(error_lines(errors))

    @classmethod
    def at(cls, location: Any, message: str) -> BadStaffing:
        """One error at ``location`` (a Location, or a file at whose start it is)."""
        from ivr.model.errors import LoadError

        return cls([LoadError(start_of(location) if isinstance(location, str) else location, message)])

    def show(self, file: Any = None) -> None:
        click.echo(self.message, err=True)


@dataclass(frozen=True, slots=True)
class StaffingFlags:
    file: str | None = None
    calls_per_hour: float | None = None
    agents: dict[str, int] = field(default_factory=dict)
    handling_time: dict[str, float] = field(default_factory=dict)
    patience: float | None | str = ABSENT  #: seconds; None: never hang up; ABSENT: as the staffing says
    target: ServiceLevel | None = None

    @property
    def given(self) -> bool:
        """Whether any flag asks for hold time (a what-if flag alone needs staffing to apply to)."""
        return bool(self.file or self.agents or self.handling_time or self.calls_per_hour is not None
                    or self.patience != ABSENT)


def _pairs(kind: Callable[[str], float], what: str, whole: bool) -> Callable[..., dict]:
    def convert(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> dict:
        found: dict[str, float] = {}
        for value in values:
            queue, sep, number = value.partition("=")
            if not sep or not queue.strip():
                raise click.BadParameter(f"'{value}' is not QUEUE={what}; write it like billing=8")
            try:
                parsed = kind(number.strip())
            except ValueError:
                raise click.BadParameter(f"'{number}' in '{value}' is not {'a whole number' if whole else 'a number'}"
                                         f"; write it like {queue.strip()}={'8' if whole else '180'}") from None
            if not math.isfinite(parsed) or parsed < (1 if whole else 0) or (not whole and parsed == 0):
                least = "at least 1" if whole else "more than 0"
                raise click.BadParameter(f"{what.lower()} of queue '{queue.strip()}' must be {least}, not {number}")
            found[queue.strip()] = parsed
        return found

    return convert


def _patience(ctx: click.Context, param: click.Parameter, value: str | None) -> float | None | str:
    if value is None:
        return ABSENT
    if value.strip().lower() == "none":
        return None
    try:
        seconds = float(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is not seconds nor none; write 120, or none for callers who "
                                 "never hang up (Erlang C)") from None
    if not math.isfinite(seconds) or seconds < 0:
        raise click.BadParameter(f"patience is 0 seconds or more, not {value}")
    return seconds


def _target(ctx: click.Context, param: click.Parameter, value: str | None) -> ServiceLevel | None:
    if value is None:
        return None
    from ivr.queues.erlang import QueueError
    from ivr.queues.staff import parse_service_level

    try:
        return parse_service_level(value)
    except QueueError as bad:
        raise click.BadParameter(str(bad)) from None


def service_level_option(required: bool = False, help: str = "") -> Callable[[F], F]:
    return click.option("--service-level", "service_level", metavar="PERCENT/SECONDS", callback=_target,
                        required=required, help=help or "The target: 80/20 is 80% of calls answered within 20 s "
                                                        "[default: the staffing's, else 20 s for the figures].")


def staffing_options(target: bool = True) -> Callable[[F], F]:
    """The options, gathered into one ``staffing`` argument (:class:`StaffingFlags`) of the command."""
    options = [
        click.option("--staffing", "staffing_file", type=click.Path(exists=True, dir_okay=False), default=None,
                     help="Read the queues' staffing from this file instead of the menu's queues: section."),
        click.option("--calls-per-hour", type=click.FloatRange(min=0, min_open=True), default=None,
                     help="Calls to the whole line per hour (what-if; overrides the staffing's)."),
        click.option("--agents", multiple=True, metavar="QUEUE=N", callback=_pairs(int, "N", True),
                     help="Agents answering QUEUE (what-if; repeatable)."),
        click.option("--handling-time", multiple=True, metavar="QUEUE=SECONDS",
                     callback=_pairs(float, "SECONDS", False),
                     help="Mean seconds an agent spends on a call of QUEUE (what-if; repeatable)."),
        click.option("--queue-patience", metavar="SECONDS|none", callback=_patience, default=None,
                     help="Mean seconds callers wait in every queue before hanging up; none: never (Erlang C)."),
    ]
    if target:
        options.append(service_level_option())

    def decorate(function: F) -> F:
        @functools.wraps(function)
        def gathered(*args: Any, staffing_file: str | None, calls_per_hour: float | None, agents: dict,
                     handling_time: dict, queue_patience: float | None | str, **kwargs: Any) -> Any:
            service_level = kwargs.pop("service_level", None)
            flags = StaffingFlags(staffing_file, calls_per_hour, agents, handling_time, queue_patience, service_level)
            return function(*args, staffing=flags, **kwargs)

        for option in reversed(options):
            gathered = option(gathered)
        return gathered  # type: ignore[return-value]

    return decorate


def staffing_for(menu: Menu, flags: StaffingFlags) -> Staffing | None:
    """The staffing of ``menu``'s queues: the file's or the menu's, with the flags laid over it; None when
    there is none. Raises :class:`BadStaffing` (located errors, or a flag that cannot apply)."""
    if menu.queues is None and not flags.given:
        return None
    from ivr.queues.erlang import QueueError
    from ivr.queues.staffing import InvalidStaffing, load_staffing, staffing_of, with_flags

    try:
        base = load_staffing(flags.file) if flags.file else staffing_of(menu.queues, menu.file)
    except InvalidStaffing as bad:
        raise BadStaffing(bad.errors) from None
    if base is None and not (flags.agents or flags.handling_time):
        raise BadStaffing.at(menu.location or menu.file, "no staffing to apply --calls-per-hour or --queue-patience "
                             "to: add a queues: section to the menu, give --staffing FILE, or --agents QUEUE=N and "
                             "--handling-time QUEUE=SECONDS")
    where = base.location if base is not None and base.location else menu.location or start_of(menu.file)
    try:
        staffing = with_flags(base, flags.calls_per_hour, flags.agents, flags.handling_time, flags.patience)
    except QueueError as bad:
        raise BadStaffing.at(where, str(bad)) from None
    # staffing of the flags alone is written nowhere: what it lacks is said at the menu it is for
    return staffing if staffing.location else dataclasses.replace(staffing, location=where)


def hold_for(simulation: Any, staffing: Staffing, flags: StaffingFlags, seed: int = 0) -> Any:
    """:func:`ivr.simulation.hold.hold_times` for ``simulation`` (run with ``queues=True``), the staffing's
    warnings printed on standard error; raises :class:`BadStaffing` for a queue that cannot be solved
    (no arrival rate, more work than agents with callers who never hang up)."""
    from ivr.queues.erlang import QueueError
    from ivr.simulation.hold import hold_times

    threshold = flags.target.seconds if flags.target else None
    try:
        hold = hold_times(simulation, staffing, flags.calls_per_hour, threshold, seed)
    except QueueError as bad:
        if bad.errors:
            raise BadStaffing(bad.errors) from None
        raise BadStaffing.at(staffing.location or staffing.file or "<command line>", str(bad)) from None
    for warning in hold.line.warnings:
        say_error(warning.location, warning.message, "warning")
    return hold

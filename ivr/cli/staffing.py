"""The staffing options every command that models hold time shares: flags only.

``--staffing FILE`` (else the menu's ``queues:``), then the what-if flags laid over it:
``--calls-per-hour N``, ``--agents QUEUE=N``, ``--handling-time QUEUE=SECONDS``,
``--queue-patience SECONDS|none`` and, where a target is used, ``--service-level 80/20``,
gathered into one :class:`ivr.pipeline.staffing.WhatIf`; the pipeline reads the file and lays
the flags over the staffing. Bad values are usage errors (exit 2); staffing that cannot be used
(:class:`~ivr.pipeline.staffing.StaffingError`) is reported as the pipeline says it (exit 2).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from ivr.cli.common import EXIT_BAD_INPUT, error_lines, say_error

if TYPE_CHECKING:
    from ivr.model.staffing import ServiceLevel

__all__ = ["staffing_options", "service_level_option", "BadStaffing", "say_warnings"]

F = TypeVar("F", bound=Callable[..., Any])


class BadStaffing(click.ClickException):
    """Staffing that cannot be used: located messages (``file:line:col: error: ...``), exit status 2."""

    exit_code = EXIT_BAD_INPUT

    def __init__(self, errors: Iterable[Any]):
        super().__init__(error_lines(errors))

    def show(self, file: Any = None) -> None:
        click.echo(self.message, err=True)


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
        from ivr.pipeline.staffing import ABSENT

        return ABSENT  # each queue keeps the patience its staffing gives
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
    from ivr.formats.native.staffing import parse_service_level

    try:
        return parse_service_level(value)
    except ValueError as bad:
        raise click.BadParameter(str(bad)) from None


def service_level_option(required: bool = False, help: str = "") -> Callable[[F], F]:
    return click.option("--service-level", "service_level", metavar="PERCENT/SECONDS", callback=_target,
                        required=required, help=help or "The target: 80/20 is 80% of calls answered within 20 s "
                                                        "[default: the staffing's, else 20 s for the figures].")


def staffing_options(target: bool = True) -> Callable[[F], F]:
    """The options, gathered into one ``staffing`` argument (:class:`ivr.pipeline.staffing.WhatIf`) of the
    command; the :class:`~ivr.pipeline.staffing.StaffingError` it raises exits with status 2."""
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
            from ivr.pipeline.staffing import StaffingError, WhatIf

            service_level = kwargs.pop("service_level", None)
            flags = WhatIf(staffing_file, calls_per_hour, agents, handling_time, queue_patience, service_level)
            try:
                return function(*args, staffing=flags, **kwargs)
            except StaffingError as bad:
                raise BadStaffing(bad.errors) from None

        for option in reversed(options):
            gathered = option(gathered)
        return gathered  # type: ignore[return-value]

    return decorate


def say_warnings(hold: Any) -> None:
    """The hold figures' warnings (staffing of queues that no transfer names), located, on standard error."""
    for warning in hold.line.warnings:
        say_error(warning.location, warning.message, "warning")

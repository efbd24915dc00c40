"""``ivr staff``: the fewest agents per queue that meet a service-level target at the line's load."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from ivr.cli.common import (CONTEXT, EXIT_BAD_INPUT, EXIT_OK, Source, caller_options, from_option, say_error,
                            say_load_errors, start_of)
from ivr.cli.staffing import service_level_option, staffing_options
from ivr.present import json_text

if TYPE_CHECKING:
    from ivr.pipeline.staffing import WhatIf

__all__ = ["staff_command", "run_staff"]


def run_staff(file: str, flags: WhatIf, callers, calls: int, seed: int, fmt: str,
              source_format: str | None = None) -> int:
    from ivr import pipeline
    from ivr.model.words import printable_name
    from ivr.pipeline.staffing import Staffings, staff
    from ivr.present.staff import format_staff, staff_dict
    from ivr.simulation.hold import queue_shares

    if flags.agents:
        raise click.UsageError("ivr staff finds the agents: leave out --agents (give the handling times and "
                               "the load)")
    reading = pipeline.read([file], source_format)
    if reading.errors:
        say_load_errors(reading.errors)
        return EXIT_BAD_INPUT
    target = flags.target
    assert target is not None  # required
    staffings = Staffings(flags)
    documents = {}
    texts = []
    for menu in reading.menus:
        analysis = pipeline.simulate(pipeline.analyse(menu, lint_rules=False),
                                     pipeline.Simulating(callers, "auto", calls, seed, queues=True))
        assert analysis.simulation is not None
        shares = queue_shares(analysis.simulation)
        if not shares:
            say_error(menu.location or start_of(menu.file), "no transfer names a queue: nothing to staff")
            return EXIT_BAD_INPUT
        plan = staff(menu, shares, staffings, target)
        documents[printable_name(menu.file)] = staff_dict(plan)  # a file name's control characters escaped
        texts.append(format_staff(menu.name, menu.file, plan))
    if fmt == "json":
        only = len(documents) == 1
        click.echo(json_text(next(iter(documents.values())) if only else documents))
    else:
        click.echo("\n\n".join(texts))
    return EXIT_OK


@click.command("staff", context_settings=CONTEXT)
@click.argument("file", type=Source(exists=True, dir_okay=False))
@staffing_options(target=False)
@service_level_option(required=True, help="The target, required: 80/20 is 80% of calls answered within 20 s "
                                          "(95/180: Spain's 95% within 3 minutes).")
@caller_options(prefix="Shares of calls per queue: ")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@from_option
def staff_command(file: str, staffing: WhatIf, calls: int, seed: int, accuracy: float,
                  speech_accuracy: float, no_input: float,
                  patience: float, words_per_minute: float | None, fmt: str, source_format: str | None) -> None:
    """The fewest agents per queue that meet a service-level target.

    FILE is a menu; the share of calls each queue gets comes from simulating
    it (as ivr simulate does), the handling times and patience from its
    queues: section, --staffing FILE or the flags (agents are what is asked).
    A call that hangs up in the queue counts against the target. Exit
    status: 0 done, 2 bad input or usage.

    \b
    Examples:
      ivr staff menus/bank.yaml --service-level 80/20 --staffing staffing.yaml
      ivr staff line.yaml --service-level 80/20 --calls-per-hour 200 --handling-time support=180
    """
    from ivr.simulation.callers import Callers

    callers = Callers(accuracy, no_input, patience, words_per_minute, speech_accuracy)
    sys.exit(run_staff(file, staffing, callers, calls, seed, fmt, source_format))

"""``ivr simulate``: simulate callers with intents through menus."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING

import click

from ivr.cli.common import (CONTEXT, EXIT_BAD_INPUT, EXIT_OK, Source, caller_options, dash_is_stdout, from_option,
                            say_load_errors, write_atomic)
from ivr.cli.staffing import say_warnings, staffing_options
from ivr.model.words import printable_name
from ivr.simulation import METHODS
from ivr.simulation.callers import Callers

if TYPE_CHECKING:
    from ivr.pipeline.staffing import WhatIf

__all__ = ["simulate_command", "run_simulate"]


def run_simulate(files: Iterable[str], callers: Callers, method: str, calls: int, seed: int, fmt: str,
                 output: str | None, progress: bool | None = None, source_format: str | None = None,
                 staffing: WhatIf | None = None) -> int:
    """``ivr simulate``: simulate callers through each menu; return the exit status."""
    from ivr import pipeline
    from ivr.pipeline.staffing import Staffings, WhatIf
    from ivr.present import simulation as simulation_output
    from ivr.present.hold import NOT_MODELLED, format_hold, hold_dict
    from ivr.simulation import SimulationError

    reading = pipeline.read(list(files), source_format)
    if reading.errors:
        say_load_errors(reading.errors)
        return EXIT_BAD_INPUT
    menus = reading.menus
    results = {}
    if progress is None:  # a bar on a terminal, for runs long enough to want one
        progress = sys.stderr.isatty() and calls >= 200_000
    show_progress = progress and not (method == "exact" or (method == "auto" and callers.unlimited_patience))
    holds = {}
    staffings = Staffings(staffing or WhatIf())
    for menu in menus:
        staffed = staffings.of(menu)
        analysis = pipeline.analyse(menu, lint_rules=False)
        try:
            if show_progress:
                label = f"Simulating {printable_name(menu.file)}"
                with click.progressbar(length=calls, label=label, file=sys.stderr) as bar:
                    pipeline.simulate(analysis, pipeline.Simulating(callers, method, calls, seed, progress=bar.update,
                                                                    staffing=staffed))
            else:
                pipeline.simulate(analysis, pipeline.Simulating(callers, method, calls, seed, staffing=staffed))
        except SimulationError as exc:
            click.echo(f"ivr simulate: {exc}", err=True)
            return EXIT_BAD_INPUT
        results[menu.file] = analysis.simulation
        if analysis.hold is not None:
            holds[menu.file] = analysis.hold
            say_warnings(analysis.hold)
    if fmt == "json":
        report = simulation_output.format_json(results, {f: hold_dict(h) for f, h in holds.items()})
    else:
        report = "\n\n".join(simulation_output.format_table(m.name, m.file, results[m.file]) 
                             + ("\n\n" + format_hold(holds[m.file]) if m.file in holds else "\n" + NOT_MODELLED)
                             for m in menus)
    if output:
        write_atomic(output, report + "\n")
    else:
        click.echo(report)
    return EXIT_OK


@click.command("simulate", context_settings=CONTEXT)
@click.argument("files", nargs=-1, required=True, type=Source(exists=True, dir_okay=False))
@caller_options()
@click.option("--method", type=click.Choice(METHODS), default="auto", show_default=True,
              help="exact: solve the Markov chain (needs --patience 0); montecarlo: sample calls; "
                   "auto: exact where it applies.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, readable=False), callback=dash_is_stdout,
              help="Write the result to this file (atomically) instead of standard output (also with -o -).")
@click.option("--progress/--no-progress", default=None,
              help="Show a progress bar on standard error. Default: on a terminal, from 200,000 calls.")
@from_option
@staffing_options()
def simulate_command(files: tuple[str, ...], calls: int, seed: int, accuracy: float,
                     speech_accuracy: float, no_input: float,
                     patience: float, words_per_minute: float | None, method: str, fmt: str, output: str | None,
                     progress: bool | None, source_format: str | None, staffing: WhatIf) -> None:
    """Simulate callers with intents through menus.

    FILES are menu files, or REV:PATH read from git (as for ivr diff).
    For each intent of each menu (or, without intents, callers who want a
    person): the share of callers who get what they called for, reach a
    person, give up or are cut off, the mean and 90th-percentile time to that
    outcome, and the menus heard. Exit status: 0 done, 2 bad input or usage.

    \b
    Examples:
      ivr simulate menus/bank.yaml
      ivr simulate menus/bank.yaml --calls 1000000 --seed 7 --format json
      ivr simulate menus/bank.yaml --patience 0 --method exact
      ivr simulate menus/bank.yaml --accuracy 0.8 --no-input 0.1
      ivr simulate menus/bank.yaml --staffing staffing.yaml --agents general=8

    With the queues' staffing (the menu's queues:, --staffing FILE, or the
    what-if flags), also each queue's share of calls, its wait and hang-ups,
    and per intent: answered, hung up in the queue, time in the menu, on hold,
    until a person answers, and the service level.
    """
    callers = Callers(accuracy, no_input, patience, words_per_minute, speech_accuracy)
    sys.exit(run_simulate(files, callers, method, calls, seed, fmt, output, progress, source_format, staffing))

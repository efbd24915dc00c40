"""``ivr diff``: compare two versions of a menu, and what the change does to callers."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from ivr.cli.common import (CONTEXT, EXIT_BAD_INPUT, EXIT_FOUND, EXIT_OK, FRACTION, caller_options, config_options,
                            dash_is_stdout, from_option, read_config, say_load_errors, write_atomic)
from ivr.compare.verdict import Thresholds
from ivr.cli.staffing import staffing_options
from ivr.compare.queues import QueueThresholds
from ivr.config import Config
from ivr.simulation.callers import Callers

if TYPE_CHECKING:
    from ivr.pipeline.staffing import WhatIf

__all__ = ["diff_command", "run_diff"]


def run_diff(old: str, new: str, fmt: str, output: str | None, fail_on_regression: bool, thresholds: Thresholds,
             callers: Callers, calls: int, seed: int, config: Config | None = None,
             source_format: str | None = None, staffing: WhatIf | None = None,
             queue_thresholds: QueueThresholds | None = None) -> int:
    """``ivr diff``: compare two versions of a menu; return the exit status.

    OLD and NEW are files, or REV:PATH read from git. Exit 1 only with
    ``fail_on_regression`` and a regression; nothing is written when either
    side does not load.
    """
    from ivr import pipeline
    from ivr.present import diff as diff_output

    # both sides get the rules that apply to NEW (an old side read from git matches no override)
    compared = pipeline.compare_sources(old, new, callers, calls, seed, config, source_format,
                                        thresholds=thresholds, staffing=staffing,
                                        queue_thresholds=queue_thresholds)
    if compared.diff is None:
        say_load_errors(compared.errors)
        return EXIT_BAD_INPUT
    formats = {"text": diff_output.format_text, "json": diff_output.format_json,
               "markdown": diff_output.format_markdown}
    report = formats[fmt](compared.diff, compared.regressions, compared.queues)
    if output:
        write_atomic(output, report + "\n")
    else:
        click.echo(report)
    return EXIT_FOUND if fail_on_regression and compared.regressions else EXIT_OK


_DEFAULT_THRESHOLDS = Thresholds()
_DEFAULT_QUEUE_THRESHOLDS = QueueThresholds()


@click.command("diff", context_settings=CONTEXT)
@click.argument("old")
@click.argument("new")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text",
              show_default=True, help="text: for people; json: for machines; markdown: a pull-request comment.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, readable=False), callback=dash_is_stdout,
              help="Write the comparison to this file (atomically) instead of standard output (also with -o -).")
@click.option("--fail-on-regression", is_flag=True,
              help="Exit 1 when the change makes callers worse off (see the --max options).")
@click.option("--max-resolved-drop", type=FRACTION, default=_DEFAULT_THRESHOLDS.resolved_drop, show_default=True,
              help="Regression: an intent's resolved rate drops by more than this (0.01 = 1 point).")
@click.option("--max-human-drop", type=FRACTION, default=_DEFAULT_THRESHOLDS.human_drop, show_default=True,
              help="Regression: the reached-a-person rate of an intent served by a transfer drops by more than this.")
@click.option("--max-time-increase", type=click.FloatRange(min=0), default=_DEFAULT_THRESHOLDS.time_increase,
              show_default=True, help="Regression: an intent's resolved calls take this many seconds longer on average "
                   "(unless more callers are resolved).")
@click.option("--max-wait-increase", type=click.FloatRange(min=0), default=_DEFAULT_QUEUE_THRESHOLDS.wait_increase,
              show_default=True, help="With staffing: regression when a queue gets more calls and its average "
                                      "speed of answer grows by more than this many seconds.")
@click.option("--max-abandon-increase", type=FRACTION, default=_DEFAULT_QUEUE_THRESHOLDS.abandon_increase,
              show_default=True, help="With staffing: regression when a queue gets more calls and the share of "
                                      "its callers who hang up grows by more than this.")
@caller_options()
@config_options
@from_option
@staffing_options(target=False)
def diff_command(old: str, new: str, fmt: str, output: str | None, fail_on_regression: bool,
                 max_resolved_drop: float, max_human_drop: float, max_time_increase: float,
                 max_wait_increase: float, max_abandon_increase: float, calls: int, seed: int,
                 accuracy: float, speech_accuracy: float, no_input: float, patience: float,
                 words_per_minute: float | None,
                 config_file: str | None, isolated: bool, source_format: str | None,
                 staffing: WhatIf) -> None:
    """Compare two versions of a menu: what changed, and what it does to callers.

    OLD and NEW are menu files, or REV:PATH read from git (PATH from the top
    of the repository, as git show takes it; an existing file of that name
    wins). Shows the nodes added, removed and changed; the findings
    introduced and fixed (matched by rule and node, not by line); and per
    intent the change in resolved rate, reached-a-person rate, mean time of
    resolved calls and mean time to any outcome, simulated with the same
    callers, calls and seed on both sides, worst regression first and no
    change last.

    A regression is an intent whose resolved rate drops by more than
    --max-resolved-drop, whose reached-a-person rate drops by more than
    --max-human-drop (intents with a transfer among their goals only), whose
    resolved calls take longer by more than --max-time-increase (unless more
    callers are resolved than before: serving them is never outweighed by
    their time), or that resolved callers and is gone; or a new finding of
    severity error; or, with the queues' staffing (the menus' queues:,
    --staffing FILE or the what-if flags), a queue that gets more calls while
    its average speed of answer grows by more than --max-wait-increase or its
    hang-ups by more than --max-abandon-increase. The time to any outcome is
    information only. A Monte Carlo rate drop counts
    only when it is also beyond 4 standard errors (the luck of the draw);
    --patience 0 simulates exactly.

    Exit status: 0 compared (whatever changed), 1 with --fail-on-regression
    and a regression, 2 bad input or usage (then nothing is written).

    \b
    Examples:
      ivr diff menus/telecom-before-review.yaml menus/telecom.yaml
      ivr diff origin/main:menus/bank.yaml menus/bank.yaml --fail-on-regression
      ivr diff HEAD~1:menus/bank.yaml menus/bank.yaml --format markdown -o comment.md
      ivr diff old.yaml new.yaml --patience 0 --max-time-increase 10 --max-resolved-drop 0.02
    """
    callers = Callers(accuracy, no_input, patience, words_per_minute, speech_accuracy)
    thresholds = Thresholds(max_resolved_drop, max_human_drop, max_time_increase)
    sys.exit(run_diff(old, new, fmt, output, fail_on_regression, thresholds, callers, calls, seed,
                      read_config(config_file, isolated), source_format, staffing,
                      QueueThresholds(max_wait_increase, max_abandon_increase)))

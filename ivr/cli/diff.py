"""``ivr diff``: compare two versions of a menu, and what the change does to callers."""

from __future__ import annotations

import sys

import click

from ivr.cli.common import (CONTEXT, EXIT_BAD_INPUT, EXIT_FOUND, EXIT_OK, FRACTION, caller_options, config_options,
                            from_option, read_config, say_load_errors, write_atomic)
from ivr.compare.verdict import Thresholds
from ivr.cli.staffing import BadStaffing, StaffingFlags, staffing_for, staffing_options
from ivr.compare.queues import QueueThresholds
from ivr.config import Config
from ivr.simulation.callers import Callers

__all__ = ["diff_command", "run_diff"]


def run_diff(old: str, new: str, fmt: str, output: str | None, fail_on_regression: bool, thresholds: Thresholds,
             callers: Callers, calls: int, seed: int, config: Config | None = None,
             source_format: str | None = None, staffing: StaffingFlags = StaffingFlags(),
             queue_thresholds: QueueThresholds | None = None) -> int:
    """``ivr diff``: compare two versions of a menu; return the exit status.

    OLD and NEW are files, or REV:PATH read from git. Exit 1 only with
    ``fail_on_regression`` and a regression; nothing is written when either
    side does not load.
    """
    from ivr import pipeline
    from ivr.compare.verdict import regressions
    from ivr.present import diff as diff_output

    # both sides get the rules that apply to NEW (an old side read from git matches no override)
    compared = pipeline.compare_sources(old, new, callers, calls, seed, config, source_format,
                                        thresholds=thresholds, queues=staffing.given)
    if compared.diff is None:
        say_load_errors(compared.errors)
        return EXIT_BAD_INPUT
    diff = compared.diff
    found = regressions(diff, thresholds)
    queues = _queues(compared, staffing, queue_thresholds or QueueThresholds())
    if queues is not None:
        found += queues[1]
    formats = {"text": diff_output.format_text, "json": diff_output.format_json,
               "markdown": diff_output.format_markdown}
    report = formats[fmt](diff, found)
    if queues is not None:
        report = _with_queues(report, fmt, *queues[0])
    if output:
        write_atomic(output, report + "\n")
    else:
        click.echo(report)
    return EXIT_FOUND if fail_on_regression and found else EXIT_OK


def _queues(compared, flags: StaffingFlags, thresholds: QueueThresholds):
    """((the queue changes, calls per hour), the queue regressions), or None when no staffing is given."""
    diff = compared.diff
    if compared.menus is None or diff.after.reached is None or diff.before.reached is None:
        return None
    from ivr.compare.queues import queue_changes, queue_regressions

    old_menu, new_menu = compared.menus
    old = staffing_for(old_menu, flags)
    new = staffing_for(new_menu, flags)
    if old is None and new is None:
        return None
    old, new = old or new, new or old  # the centre's staffing, written in one version only: both
    calls = flags.calls_per_hour if flags.calls_per_hour is not None else new.calls_per_hour or old.calls_per_hour
    if calls is None:
        raise BadStaffing.at(new.location or new_menu.file, "no calls per hour: give --calls-per-hour N, or "
                                                            "calls_per_hour in the staffing")
    changes = queue_changes(diff.before, diff.after, old, new, calls)
    return (changes, calls), queue_regressions(changes, thresholds)


def _with_queues(report: str, fmt: str, changes, calls: float) -> str:
    """The diff's output with the queues' block: a ``queues`` member of the JSON, a section of the text."""
    from ivr.present.diff_queues import format_queues, queues_dict

    if fmt == "json":
        import json

        document = json.loads(report)
        document["queues"] = queues_dict(changes, calls)
        return json.dumps(document, indent=2, ensure_ascii=False)
    return report + "\n\n" + format_queues(changes, calls, markdown=fmt == "markdown")


_DEFAULT_THRESHOLDS = Thresholds()
_DEFAULT_QUEUE_THRESHOLDS = QueueThresholds()


@click.command("diff", context_settings=CONTEXT)
@click.argument("old")
@click.argument("new")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text",
              show_default=True, help="text: for people; json: for machines; markdown: a pull-request comment.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, readable=False),
              help="Write the comparison to this file (atomically) instead of standard output.")
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
                 staffing: StaffingFlags) -> None:
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

"""``ivr check``: report on every menu file, in text or a machine format."""

from __future__ import annotations


import os
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import click

from ivr.cli.common import (CONTEXT, EXIT_BAD_INPUT, EXIT_FOUND, EXIT_OK, Source, config_options, dash_is_stdout,
                            from_option, menu_files, read_config, rule_ids, say_no_menu_files, use_color,
                            write_atomic)
from ivr.config import Config
from ivr.gcpause import collector_paused
from ivr.config.schema import SARIF_CATEGORY
from ivr.model.findings import fails

if TYPE_CHECKING:
    from ivr.compare.baseline import Baseline

__all__ = ["check", "run_check", "CHECK_FORMATS", "STDIN", "Reporting", "default_format"]

#: ``ivr check``'s formats besides text: each module's ``format_results(results)`` writes the whole report.
CHECK_FORMATS = {"json": "ivr.present.json", "sarif": "ivr.present.sarif", "junit": "ivr.present.junit",
                 "github": "ivr.present.github", "gitlab": "ivr.present.gitlab"}
#: The path that means "read the menu from standard input".
STDIN = "-"


@dataclass(frozen=True, slots=True)
class Reporting:
    """How ``ivr check`` reports, beyond the format: the baseline, statistics, quiet, standard input's name."""

    baseline: str | None = None
    statistics: bool = False
    quiet: bool = False
    stdin_filename: str | None = None
    #: SARIF's ``automationDetails.id`` (GitHub's category); None: named by what was checked
    sarif_category: str | None = None


def default_format() -> str:
    """``github`` inside GitHub Actions (``GITHUB_ACTIONS=true``, as ruff does), else ``text``."""
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def run_check(paths: Iterable[str], fmt: str, fail_on: str | None, color: bool, output: str | None,
              config: Config | None = None, source_format: str | None = None,
              reporting: Reporting = Reporting()) -> int:
    """``ivr check``: report on every menu file; return the exit status.

    ``config`` says which rules run and how (default: every rule as shipped);
    ``fail_on``, when given, overrides its ``fail-on``.
    """
    from importlib import import_module

    from ivr import pipeline
    from ivr.present import text as text_output

    config = (config or Config()).with_options(fail_on=fail_on)
    baseline = _read_baseline(reporting.baseline) if reporting.baseline else None  # a bad one stops us first
    paths = list(paths)
    given: dict[str, bytes] = {}
    if STDIN in paths:
        name = reporting.stdin_filename or "<stdin>"
        given[name] = _read_stdin()
        paths = [name if p == STDIN else p for p in paths]
    files, empty = menu_files(paths)
    if empty:
        say_no_menu_files(empty)
        return EXIT_BAD_INPUT
    # the cyclic collector paused while the results are made and written: its full collections walked every object
    # of every menu read, for no garbage (a quarter of checking 5,000 dialplan contexts); restored after, so that
    # ivr check run again in one process (tests, the fuzzing harness) leaves nothing uncollected
    with collector_paused():
        results = pipeline.check(files, config, source_format, given=given)
        if baseline is not None:
            for result in results:
                result.findings, result.baselined = baseline.new(result.file, result.findings)
        errors = text_output.format_errors(results)
        summary = "" if reporting.quiet else text_output.format_summary(results, color and output is None)
        if fmt in CHECK_FORMATS:
            module = import_module(CHECK_FORMATS[fmt])
            if fmt == "sarif":  # the analysis is named by what was asked for (the folders given), not the files found
                report = module.format_results(results, reporting.sarif_category or module.category_of(paths))
            else:
                report = module.format_results(results)
        else:
            if reporting.statistics:
                body = text_output.format_statistics(results)
            else:
                body = text_output.format_findings(results, color and output is None)
            report = "\n".join(part for part in (body, summary) if part)
        if errors and (output or fmt == "text"):
            click.echo(errors, err=True)
        if output:
            write_atomic(output, report + "\n" if report else "")
            if not reporting.quiet:  # whatever the format, the log says what could not be read and what was found
                click.echo(text_output.format_summary(results, color), err=True, color=color)
        elif report:
            click.echo(report, color=color)
        if any(r.errors for r in results):
            return EXIT_BAD_INPUT
        found = any(fails(f.severity, r.fail_on) for r in results for f in r.findings)
        return EXIT_FOUND if found else EXIT_OK


def _read_stdin() -> bytes:
    from ivr.formats.sources import max_bytes

    return sys.stdin.buffer.read(max_bytes() + 1)


def _read_baseline(path: str) -> Baseline:
    """The baseline at ``path``; one that cannot be used exits 2 with its errors located."""
    from ivr.cli.common import BadInputFile, error_lines
    from ivr.compare.baseline import InvalidBaseline, read_baseline

    try:
        return read_baseline(path)
    except InvalidBaseline as exc:
        raise BadInputFile(error_lines(exc.errors)) from None


@click.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True, type=Source(exists=True, allow_dash=True))
@click.option("--format", "fmt", type=click.Choice(["text", *CHECK_FORMATS]), default=None,
              help="text: one finding a line, then a summary; json: for machines; sarif: SARIF 2.1.0 for "
                   "GitHub code scanning; junit: JUnit XML for CI test reports; github: GitHub Actions "
                   "annotations; gitlab: GitLab Code Quality.  [default: github when GITHUB_ACTIONS=true, "
                   "else text]")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]), default=None,
              help="Exit 1 when a finding of this severity or worse is found.  [default: the configuration's "
                   "fail-on, else error]")
@click.option("--select", callback=rule_ids, metavar="IDS",
              help="Run only these rules (comma-separated ids, or all), instead of the configuration's select.")
@click.option("--ignore", callback=rule_ids, metavar="IDS",
              help="Do not run these rules (comma-separated ids), on top of the configuration's ignore.")
@config_options
@click.option("--baseline", type=click.Path(exists=True, dir_okay=False),
              help="Report only findings that are not in this baseline (written by 'ivr baseline').")
@click.option("--statistics", is_flag=True, help="Text: how many findings each rule made, instead of each finding.")
@click.option("-q", "--quiet", is_flag=True, help="Print findings and errors only: no summary line.")
@click.option("--stdin-filename", metavar="NAME",
              help="The name of the menu read from standard input (PATH -): in locations and for the "
                   "configuration's overrides.  [default: <stdin>]")
@click.option("-o", "--output", type=click.Path(dir_okay=False, readable=False), callback=dash_is_stdout,
              help="Write the report to this file (atomically) instead of standard output (also with -o -).")
@click.option("--sarif-category", metavar="NAME",
              help="SARIF: the analysis' category (automationDetails.id, what GitHub keeps one analysis per; "
                   "azuredevops/... for Azure DevOps).  [default: ivr/ and the folder checked]")
@click.option("--color/--no-color", default=None,
              help="Colour the text output. Default: only on a terminal; FORCE_COLOR turns it on, NO_COLOR off.")
@from_option
def check(paths: tuple[str, ...], fmt: str | None, fail_on: str | None, select: tuple[str, ...] | None,
          ignore: tuple[str, ...] | None, config_file: str | None, isolated: bool, baseline: str | None,
          statistics: bool, quiet: bool, stdin_filename: str | None, output: str | None,
          sarif_category: str | None, color: bool | None, source_format: str | None) -> None:
    """Check menu files for what hurts callers.

    PATHS are menu files, folders (searched for *.yaml and *.yml files, and for
    the flow files a platform reader recognises), REV:PATH read from git (as
    for ivr diff), or - for standard input.

    Which rules run, their severity and options, and --fail-on come from the
    configuration (.ivr.yaml, pyproject.toml [tool.ivr] or setup.cfg [ivr],
    searched from here upwards; 'ivr config' shows it); options given here
    win over it.

    Exit status: 0 nothing at or above --fail-on was found, 1 something was,
    2 a file could not be read as a menu (the message says where and why), a
    bad configuration, or the command was misused.

    \b
    Examples:
      ivr check menus/
      ivr check menus/bank.yaml --fail-on warning
      ivr check menus/ --format json -o reports/findings.json
      ivr check menus/ --format sarif -o ivr.sarif
      ivr check menus/ --format github     (in a GitHub Actions step: the default there)
      ivr check menus/ --format gitlab -o gl-code-quality-report.json
      ivr check menus/ --baseline ivr-baseline.json
      ivr check - --stdin-filename menus/bank.yaml < bank.yaml
    """
    fmt = fmt or default_format()
    if statistics and fmt != "text":
        raise click.UsageError("--statistics counts findings per rule in the text output; leave out --format "
                               f"{fmt}, or --statistics")
    if stdin_filename is not None and STDIN not in paths:
        raise click.UsageError("--stdin-filename names the menu read from standard input: pass - as a PATH too")
    if sarif_category is not None and fmt != "sarif":
        raise click.UsageError("--sarif-category needs --format sarif: it names the SARIF run")
    if sarif_category is not None and not re.fullmatch(SARIF_CATEGORY, sarif_category):
        raise click.UsageError(f"--sarif-category {sarif_category!r}: use letters, digits, '.', '_', '-', with "
                               "'/' between parts (ivr/menus, azuredevops/ivr)")
    if paths.count(STDIN) > 1:
        raise click.UsageError("standard input can be read once: pass - once")
    config = read_config(config_file, isolated).with_options(select=select, ignore=ignore or ())
    reporting = Reporting(baseline, statistics, quiet, stdin_filename, sarif_category or config.sarif_category)
    sys.exit(run_check(paths, fmt, fail_on, use_color(color), output, config, source_format, reporting))

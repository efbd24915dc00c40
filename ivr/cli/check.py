"""``ivr check``: report on every menu file, in text or a machine format."""

from __future__ import annotations

import sys
from collections.abc import Iterable

import click

from ivr.cli.common import (CONTEXT, EXIT_BAD_INPUT, EXIT_FOUND, EXIT_OK, Source, config_options, from_option,
                            menu_files, read_config, rule_ids, use_color, write_atomic)
from ivr.config import Config
from ivr.model.findings import Severity

__all__ = ["check", "run_check", "CHECK_FORMATS"]

#: ``ivr check``'s formats besides text: each module's ``format_results(results)`` writes the whole report.
CHECK_FORMATS = {"json": "ivr.present.json", "sarif": "ivr.present.sarif", "junit": "ivr.present.junit",
                 "github": "ivr.present.github"}


def run_check(paths: Iterable[str], fmt: str, fail_on: str | None, color: bool, output: str | None,
              config: Config | None = None, source_format: str | None = None) -> int:
    """``ivr check``: report on every menu file; return the exit status.

    ``config`` says which rules run and how (default: every rule as shipped);
    ``fail_on``, when given, overrides its ``fail-on``.
    """
    from importlib import import_module

    from ivr import pipeline

    config = (config or Config()).with_options(fail_on=fail_on)
    files, empty = menu_files(paths)
    if empty:
        for folder in empty:
            click.echo(f"{folder}: no menu files (*.yaml, *.yml) in this folder; pass a menu file "
                       "or a folder that holds some", err=True)
        return EXIT_BAD_INPUT
    results = pipeline.check(files, config, source_format)
    if fmt in CHECK_FORMATS:
        report = import_module(CHECK_FORMATS[fmt]).format_results(results)
    else:
        from ivr.present import text as text_output

        errors = text_output.format_errors(results)
        if errors:
            click.echo(errors, err=True)
        body = text_output.format_findings(results, color and output is None)
        tail = text_output.format_summary(results, color and output is None)
        report = f"{body}\n{tail}" if body else tail
    if output:
        write_atomic(output, report + "\n")
    else:
        click.echo(report, color=color)
    if any(r.errors for r in results):
        return EXIT_BAD_INPUT
    found = any(_fails(config, r.file, {f.severity for f in r.findings}) for r in results if r.findings)
    return EXIT_FOUND if found else EXIT_OK


def _fails(config: Config, file: str, severities: set[Severity]) -> bool:
    from ivr.pipeline import settings_path

    settings = config.settings_for(settings_path(file))
    return any(settings.fails(severity) for severity in severities)


@click.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True, type=Source(exists=True))
@click.option("--format", "fmt", type=click.Choice(["text", *CHECK_FORMATS]), default="text", show_default=True,
              help="text: one finding a line, then a summary; json: for machines; sarif: SARIF 2.1.0 for "
                   "GitHub code scanning; junit: JUnit XML for CI test reports; github: GitHub Actions "
                   "annotations.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]), default=None,
              help="Exit 1 when a finding of this severity or worse is found.  [default: the configuration's "
                   "fail-on, else error]")
@click.option("--select", callback=rule_ids, metavar="IDS",
              help="Run only these rules (comma-separated ids, or all), instead of the configuration's select.")
@click.option("--ignore", callback=rule_ids, metavar="IDS",
              help="Do not run these rules (comma-separated ids), on top of the configuration's ignore.")
@config_options
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="Write the report to this file (atomically) instead of standard output.")
@click.option("--color/--no-color", default=None,
              help="Colour the text output. Default: only on a terminal, never with NO_COLOR set.")
@from_option
def check(paths: tuple[str, ...], fmt: str, fail_on: str | None, select: tuple[str, ...] | None,
          ignore: tuple[str, ...] | None, config_file: str | None, isolated: bool,
          output: str | None, color: bool | None, source_format: str | None) -> None:
    """Check menu files for what hurts callers.

    PATHS are menu files, folders searched for *.yaml and *.yml files, or
    REV:PATH read from git (as for ivr diff).

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
      ivr check menus/ --format github     (in a GitHub Actions step)
    """
    config = read_config(config_file, isolated).with_options(select=select, ignore=ignore or ())
    sys.exit(run_check(paths, fmt, fail_on, use_color(color), output, config, source_format))

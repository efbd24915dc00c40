"""``ivr baseline``: write the findings of today to a baseline, so that ``ivr check --baseline`` reports new ones."""

from __future__ import annotations

import sys

import click

from ivr.model.words import plural, printable_name
from ivr.cli.common import (CONTEXT, EXIT_BAD_INPUT, EXIT_OK, Source, config_options, menu_files, read_config,
                            rule_ids, say_no_menu_files, write_atomic)

__all__ = ["baseline_command", "DEFAULT_BASELINE"]

DEFAULT_BASELINE = "ivr-baseline.json"


@click.command("baseline", context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True, type=Source(exists=True))
@click.option("--select", callback=rule_ids, metavar="IDS",
              help="Run only these rules (comma-separated ids, or all), instead of the configuration's select.")
@click.option("--ignore", callback=rule_ids, metavar="IDS",
              help="Do not run these rules (comma-separated ids), on top of the configuration's ignore.")
@config_options
@click.option("-o", "--output", type=click.Path(dir_okay=False, readable=False), default=DEFAULT_BASELINE,
              show_default=True, help="The baseline file to write (atomically).")
def baseline_command(paths: tuple[str, ...], select: tuple[str, ...] | None, ignore: tuple[str, ...] | None,
                     config_file: str | None, isolated: bool, output: str) -> None:
    """Write every finding in PATHS to a baseline file.

    'ivr check --baseline FILE' then reports only findings that are not in
    it: a team adopting ivr on a menu with many findings stops new ones from
    day one, and fixes the old ones in its own time. Findings are matched by
    file, rule and node (as 'ivr diff' matches them), not by line, so moving
    lines keeps them matched. Paths in the file are relative to its folder.

    A file that cannot be read as a menu writes no baseline (exit 2): its
    findings would be missing from it.

    \b
    Examples:
      ivr baseline menus/                  writes ivr-baseline.json
      ivr check menus/ --baseline ivr-baseline.json
    """
    from ivr import pipeline
    from ivr.compare.baseline import baseline_text
    from ivr.present.text import format_errors

    config = read_config(config_file, isolated).with_options(select=select, ignore=ignore or ())
    files, empty = menu_files(paths)
    say_no_menu_files(empty)
    if empty:
        sys.exit(EXIT_BAD_INPUT)
    results = pipeline.check(files, config)
    errors = format_errors(results)
    if errors:
        click.echo(errors, err=True)
        click.echo("No baseline written: their findings would be missing from it; fix the files above, or "
                   "leave them out of PATHS.", err=True)
        sys.exit(EXIT_BAD_INPUT)
    findings = [f for r in results for f in r.findings]
    write_atomic(output, baseline_text(findings, output))
    click.echo(f"Wrote {plural(len(findings), 'finding')} of {plural(len(results), 'file')} to "
               f"{printable_name(output)}.")
    sys.exit(EXIT_OK)

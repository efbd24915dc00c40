"""``ivr config``: print the configuration in effect."""

from __future__ import annotations

import sys

import click

from ivr.cli.common import CONTEXT, EXIT_OK, config_options, read_config, rule_ids
from ivr.config import Config
from ivr.model.words import printable_name
from ivr.present import json_text

__all__ = ["config_command", "run_config"]


def run_config(config: Config, path: str | None, fmt: str) -> int:
    """``ivr config``: print the configuration in effect (for ``path``, with its overrides applied)."""
    import yaml

    effective = config.effective(path)
    if fmt == "json":
        click.echo(json_text(effective))
    else:
        source = effective["config"] or "none found: the defaults"
        # names escaped: a newline in a folder's name must not end the comment
        click.echo(f"# configuration: {printable_name(source)}" + (f"\n# for: {printable_name(path)}" if path else ""))
        click.echo(yaml.safe_dump(effective, sort_keys=False, allow_unicode=True, default_flow_style=None), nl=False)
    return EXIT_OK


@click.command("config", context_settings=CONTEXT)
@click.argument("path", required=False, type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["yaml", "json"]), default="yaml", show_default=True)
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]), default=None,
              help="As for ivr check: show the result of giving it.")
@click.option("--select", callback=rule_ids, metavar="IDS", help="As for ivr check.")
@click.option("--ignore", callback=rule_ids, metavar="IDS", help="As for ivr check.")
@config_options
def config_command(path: str | None, fmt: str, fail_on: str | None, select: tuple[str, ...] | None,
                   ignore: tuple[str, ...] | None, config_file: str | None, isolated: bool) -> None:
    """Print the configuration in effect: the file it comes from, fail-on, every rule
    that runs with its severity and options, the rules left out, and the overrides.

    With PATH (a menu file), the settings for that file, overrides applied.
    Exit status: 0, or 2 for a bad configuration (the message says where).

    \b
    Examples:
      ivr config
      ivr config menus/legacy/old.yaml
      ivr config --format json --select dead-end,slow-goal
    """
    config = read_config(config_file, isolated).with_options(select=select, ignore=ignore or (), fail_on=fail_on)
    sys.exit(run_config(config, path, fmt))

"""The ``ivr`` command line (the last stage). Only this package knows exit codes and terminals.

One module per command; the group imports a command's module only when that
command runs (or help lists it), so that ``ivr check`` does not pay for the
simulator, Graphviz or the report's charts.

Exit status: 0 nothing at or above ``--fail-on`` was found; 1 something was;
2 bad input (a menu file that cannot be read) or bad usage.
"""

from __future__ import annotations

from importlib import import_module

import click

from ivr import __version__

__all__ = ["cli", "main", "COMMANDS", "LazyGroup", "CONTEXT"]

#: click's settings for every command (here, not in common.py: ``ivr --version`` imports no more than this module)
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}

#: command name -> "module:function" of its click command (help lists them sorted by name)
COMMANDS = {
    "check": "ivr.cli.check:check",
    "baseline": "ivr.cli.baseline:baseline_command",
    "simulate": "ivr.cli.simulate:simulate_command",
    "render": "ivr.cli.render:render_command",
    "report": "ivr.cli.report:report_command",
    "diff": "ivr.cli.diff:diff_command",
    "rules": "ivr.cli.rules:rules",
    "config": "ivr.cli.config:config_command",
    "schema": "ivr.cli.schema:schema_command",
    "import": "ivr.cli.import_:import_command",
    "tests": "ivr.cli.tests:tests_command",
    "staff": "ivr.cli.staff:staff_command",
}


class LazyGroup(click.Group):
    """A group whose commands are imported from ``COMMANDS`` the first time they are asked for."""

    def __init__(self, *args: object, lazy: dict[str, str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.lazy = dict(lazy)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.lazy, *super().list_commands(ctx)})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.commands or cmd_name not in self.lazy:
            return super().get_command(ctx, cmd_name)
        module, _, attribute = self.lazy[cmd_name].partition(":")
        command = getattr(import_module(module), attribute)
        if not isinstance(command, click.Command):
            raise TypeError(f"{self.lazy[cmd_name]} is not a click command")
        self.commands[cmd_name] = command
        return command


def _file_size(text: str) -> int:
    """``--max-file-size``: bytes, or with a unit: 500k, 64M, 1G (powers of 1024)."""
    units = {"": 1, "k": 1024, "m": 1024 ** 2, "g": 1024 ** 3}
    number, unit = text.strip().lower().rstrip("b"), ""
    if number[-1:] in units:
        number, unit = number[:-1], number[-1]
    try:
        size = int(float(number) * units[unit])
    except ValueError:
        raise click.BadParameter(f"'{text}' is not a size; write bytes or a size such as 500k, 64M, 1G") from None
    if size < 1:
        raise click.BadParameter(f"'{text}': the largest file must be at least 1 byte")
    return size


def _set_max_file_size(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    from ivr.formats.sources import MAX_BYTES, set_max_bytes

    set_max_bytes(MAX_BYTES if value is None else _file_size(value))  # every run starts from the default


@click.group(cls=LazyGroup, lazy=COMMANDS, context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", prog_name="ivr")
@click.option("--max-file-size", metavar="SIZE", envvar="IVR_MAX_FILE_SIZE", expose_value=False, is_eager=True,
              callback=_set_max_file_size,
              help="The largest menu or flow file read (default 64M; also IVR_MAX_FILE_SIZE): a larger one is "
                   "refused after reading one byte more.")
def cli() -> None:
    """Analyze IVR phone menus before they go live.

    \b
    Examples:
      ivr check menus/                 check every menu under menus/
      ivr check bank.yaml --format json
      ivr baseline menus/              accept today's findings (ivr-baseline.json)
      ivr simulate bank.yaml           simulate callers through a menu
      ivr render bank.yaml -o bank.svg draw a menu with its findings
      ivr diff origin/main:menus/bank.yaml menus/bank.yaml
                                       what a change does to callers
      ivr rules                        list the rules
      ivr rules dead-end               explain one rule
      ivr config                       show the configuration in effect
      ivr import demo_ivr.xml -o menus/demo_ivr.yaml
                                       a FreeSWITCH menu in ivr's YAML
      ivr staff bank.yaml --service-level 80/20
                                       the fewest agents per queue for a target
    """


def main() -> None:
    cli(prog_name="ivr")

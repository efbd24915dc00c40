"""The command line as a package: one module per command, each imported only when its command runs."""

from __future__ import annotations

import subprocess
import sys

import click
from click.testing import CliRunner

from ivr.cli import COMMANDS, cli


def test_every_command_is_listed_and_resolves_to_its_module():
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    listed = [line.split()[0] for line in result.output.split("Commands:\n")[1].splitlines() if line.strip()]
    assert listed == sorted(COMMANDS)
    for name, target in COMMANDS.items():
        command = cli.get_command(click.Context(cli), name)
        assert isinstance(command, click.Command)
        assert command.callback.__module__ == target.partition(":")[0]


def test_an_unknown_command_is_a_usage_error():
    result = CliRunner().invoke(cli, ["chek"])
    assert result.exit_code == 2
    assert "No such command 'chek'" in result.output


def test_importing_the_group_imports_no_command_module():
    code = ("import sys, ivr.cli; "
            "print(sorted(m for m in sys.modules if m.startswith('ivr.cli.') and m != 'ivr.cli.common'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"

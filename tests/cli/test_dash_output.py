"""``-o -`` writes to standard output, as a missing ``-o`` does, and never makes a file or folder named ``-``."""

from __future__ import annotations

import json
import pytest
import yaml
from click.testing import CliRunner

from ivr.cli import cli
from tests.conftest import FIXTURES, ROOT

BANK = str(ROOT / "menus" / "bank.yaml")
FREESWITCH = str(FIXTURES / "formats" / "freeswitch" / "pass-conf.xml")


@pytest.mark.parametrize(("args", "parse"), [
    (["check", BANK, "--isolated", "--format", "json"], json.loads),
    (["diff", BANK, BANK, "--isolated", "--format", "json", "--calls", "200"], json.loads),
    (["simulate", BANK, "--format", "json", "--calls", "200"], json.loads),
    (["import", FREESWITCH], yaml.safe_load),
], ids=["check", "diff", "simulate", "import"])
def test_dash_is_standard_output(tmp_path, monkeypatch, args, parse):
    monkeypatch.chdir(tmp_path)
    without = CliRunner().invoke(cli, args)
    dashed = CliRunner().invoke(cli, [*args, "-o", "-"])
    assert dashed.exit_code == without.exit_code, dashed.output
    assert parse(dashed.stdout) and dashed.stdout.count("\n") == without.stdout.count("\n")
    assert not (tmp_path / "-").exists()


def test_import_names_a_file_after_a_long_menu_name_within_what_file_systems_take():
    from ivr.cli.import_ import _file_name

    long = "x" * 1000
    assert len(_file_name(long)) <= 105 and _file_name(long) != _file_name(long + "y")
    assert _file_name("Main menu") == "Main-menu.yaml"


def test_import_refuses_a_flow_with_no_step_where_its_start_is(tmp_path):
    """A flow cut short (its start names a task it does not define) has no node ivr's YAML could hold: import
    says so at the start, and writes nothing (it wrote "nodes: {}", which does not read back: the long fuzz)."""
    flow = tmp_path / "cut.yaml"
    flow.write_text('inboundCall:\n  name: Cut\n  startUpRef: "/inboundCall/tasks/task[Start_1]"\n')
    result = CliRunner().invoke(cli, ["import", str(flow), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2 and f"{flow}:3:3: error: ivr's YAML cannot say this: 'Cut' has no step" in result.stderr
    assert not (tmp_path / "out").exists()


def test_ivr_tests_cuts_a_file_name_made_from_a_long_menu_name(tmp_path):
    """Found by the FreeSWITCH long fuzz profile: a file of several IVRs, one named by a long text, made a test
    file name over 255 bytes (an unlocated 'File name too long')."""
    from ivr.cli.tests import _file_part

    long = "Press 1 for sales. " * 40
    assert len(_file_part(long)) == 100 and _file_part(long) != _file_part(long + "x")

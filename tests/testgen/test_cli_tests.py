"""`ivr tests` on the command line: every way through it, through click's CliRunner."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from ivr.cli import cli

from tests.conftest import ROOT
from tests.testgen.test_testgen import TREE

BANK = str(ROOT / "menus" / "bank.yaml")


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def tree_of(folder) -> dict[str, bytes]:
    return {os.path.relpath(os.path.join(top, name), folder): Path(top, name).read_bytes()
            for top, _, names in os.walk(folder) for name in names}


def test_without_output_it_prints_the_coverage_report_and_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("tests", BANK)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("Northbridge Bank customer line (")
    assert lines[1] == ("coverage: options 37/37 (100.0%), gotos 15/15 (100.0%), nodes 28/28 (100.0%), "
                        "error ways 33/33 (100.0%)")
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("fmt, names", [
    ("bespoken", ["menu.coverage.txt", "menu.en.e2e.yml"]),
    ("csv", ["menu.coverage.txt", "menu.en.csv"]),
    ("ivr-tester", ["menu.coverage.txt", "menu.en.ivr-tester/coverage-01.json",
                    "menu.en.ivr-tester/coverage-02.json", "menu.en.ivr-tester/intent-reach_a_person.json",
                    "menu.en.ivr-tester/no-input-main.json", "menu.en.ivr-tester/wrong-key-main.json"]),
])
def test_each_format_writes_its_files_into_a_new_folder(fmt, names, tmp_path, write_menu):
    menu = write_menu(TREE)
    out = tmp_path / "out" / "live"
    result = run("tests", menu, "-o", str(out), "--format", fmt)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == f"Wrote {len(names)} files to {out}"
    files = tree_of(out)
    assert sorted(files) == names
    assert files["menu.coverage.txt"].decode() == "\n".join(result.output.splitlines()[:-1]) + "\n"
    if fmt == "bespoken":
        assert len(list(yaml.safe_load_all(files["menu.en.e2e.yml"]))) == 1 + 5
    if fmt == "ivr-tester":
        assert json.loads(files["menu.en.ivr-tester/coverage-01.json"])["name"] == "Coverage 1: 1 -> sales"


def test_bespoken_is_the_default_format(tmp_path, write_menu):
    result = run("tests", write_menu(TREE), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0
    assert "menu.en.e2e.yml" in os.listdir(tmp_path / "out")


@pytest.mark.parametrize("fmt", ["bespoken", "ivr-tester", "csv"])
def test_two_runs_write_byte_identical_files(fmt, tmp_path):
    for name in ("one", "two"):
        assert run("tests", str(ROOT / "menus" / "multilingual.yaml"), "-o", str(tmp_path / name),
                   "--format", fmt).exit_code == 0
    assert tree_of(tmp_path / "one") == tree_of(tmp_path / "two")


def test_a_menu_that_cannot_be_read_is_a_located_error_and_exit_2(tmp_path, write_menu):
    menu = write_menu("""
    ivr: Broken
    start: main
    nodes:
      main: {type: menu, prompt: Hello., optons: {}}
    """)
    result = run("tests", menu, "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.output.startswith(f"{menu}:4:")
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_an_output_that_is_a_file_is_an_error_and_exit_2(tmp_path, write_menu):
    taken = tmp_path / "taken"
    taken.write_text("")
    result = run("tests", write_menu(TREE), "-o", str(taken))
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_an_unknown_format_a_missing_file_and_a_bad_accuracy_are_usage_errors(write_menu):
    assert run("tests", write_menu(TREE), "--format", "cyara").exit_code == 2
    assert run("tests", "no-such-menu.yaml").exit_code == 2
    assert run("tests", write_menu(TREE), "--accuracy", "1.5").exit_code == 2


def test_the_caller_model_chooses_the_intent_call(write_menu, tmp_path):
    # with callers who mostly press nothing, the likeliest call to the agents is to stay silent
    # until on_fail sends them there, rather than pressing the agents' key
    menu = write_menu("""
    ivr: Silent
    start: main
    intents:
      agent: {goal: agents}
    nodes:
      main:
        type: menu
        prompt: For billing press 1. For an agent press 2.
        options:
          "1": {goto: billing}
          "2": {goto: agents}
        retries: 1
        on_fail: agents
      billing: {type: transfer, prompt: Billing.}
      agents: {type: transfer, prompt: Agents.}
    """)
    for args, reply in (((), "2"), (("--no-input", "0.95"), "silence")):
        out = tmp_path / reply
        assert run("tests", menu, "-o", str(out), "--format", "csv", *args).exit_code == 0
        rows = (out / "menu.en.csv").read_text().splitlines()
        intent = [row.split(",") for row in rows if row.startswith("intent-agent,")]
        assert [row[6] for row in intent] == ["dial", "dtmf" if reply == "2" else "silence"]


def test_help_shows_the_formats():
    result = run("tests", "--help")
    assert result.exit_code == 0
    assert "[bespoken|ivr-tester|csv]" in result.output


def test_a_menu_is_read_from_git_as_rev_path(tmp_path, monkeypatch, write_menu):
    import subprocess

    write_menu(TREE, "tree.yaml")
    monkeypatch.chdir(tmp_path)
    for command in (["init", "-q"], ["add", "tree.yaml"],
                    ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "menu"]):
        subprocess.run(["git", *command], check=True)
    result = run("tests", "HEAD:tree.yaml", "-o", "out")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Tree (HEAD:tree.yaml): 5 tests")
    assert sorted(os.listdir("out")) == ["tree.coverage.txt", "tree.en.e2e.yml"]
    missing = run("tests", "HEAD:nowhere.yaml")
    assert missing.exit_code == 2 and missing.output.startswith("HEAD:nowhere.yaml:1:1: ")


FREESWITCH = ROOT / "tests" / "fixtures" / "formats" / "freeswitch"


def test_a_platform_menu_gets_its_tests_too(tmp_path):
    result = run("tests", str(FREESWITCH / "pass-menus.xml"), "-o", str(tmp_path), "--format", "csv")
    assert result.exit_code == 0, result.output
    assert sorted(os.listdir(tmp_path)) == ["pass-menus.coverage.txt", "pass-menus.en.csv"]
    assert "placeholders in en: 3 prompts" in result.output  # its recordings: the tester fills them in
    forced = run("tests", str(FREESWITCH / "pass-menus.xml"), "--from", "freeswitch")
    assert forced.exit_code == 0 and forced.output == result.output.rsplit("Wrote", 1)[0]


def test_a_file_with_no_menu_is_an_error_and_exit_2():
    result = run("tests", str(FREESWITCH / "pass-phrases.xml"))
    assert result.exit_code == 2
    assert "no menu in" in result.output and "Traceback" not in result.output

"""Every path through the command line, with click's CliRunner."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from ivr import __version__
from ivr.cli import cli
from ivr.rules.registry import REGISTRY
from ivr.formats.native.validate import schema

from tests.conftest import FIXTURES

RULES = FIXTURES / "rules"
CLEAN = str(RULES / "dead-end" / "pass.yaml")
ERRORS = str(RULES / "dead-end" / "fail.yaml")
WARNINGS = str(RULES / "unreachable-node" / "fail.yaml")
ANSI = re.compile(r"\x1b\[")


@pytest.fixture
def run():
    def invoke(*args):
        return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    return invoke


def test_clean_file_exits_0(run):
    result = run("check", CLEAN)
    assert result.exit_code == 0
    assert result.output == "No problems found in 1 file.\n"


def test_errors_exit_1_with_compiler_style_lines(run):
    result = run("check", ERRORS)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == f"{ERRORS}:19:3: error: dead-end: message 'promo' has no way forward; add 'goto' with the next node"
    assert lines[-1] == "Found 4 errors in 1 file."


@pytest.mark.parametrize(
    "path, fail_on, status",
    [
        (WARNINGS, "error", 0),
        (WARNINGS, "warning", 1),
        (WARNINGS, "never", 0),
        (ERRORS, "error", 1),
        (ERRORS, "warning", 1),
        (ERRORS, "never", 0),
        (CLEAN, "warning", 0),
    ],
)
def test_fail_on(run, path, fail_on, status):
    assert run("check", path, "--fail-on", fail_on).exit_code == status


def test_json_output_parses_back(run):
    result = run("check", ERRORS, WARNINGS, "--format", "json")
    assert result.exit_code == 1
    document = json.loads(result.output)
    assert set(document) == {"findings", "errors", "summary"}
    first = document["findings"][0]
    assert set(first) == {"rule", "severity", "file", "line", "column", "node", "node_name", "message"}
    assert (first["rule"], first["severity"], first["line"], first["column"], first["node"]) == (
        "dead-end", "error", 19, 3, "promo")
    assert document["summary"] == {"files": 2, "findings": 5, "error": 4, "warning": 1, "info": 0,
                                   "invalid_files": 0, "baselined": 0,
                                   "unchecked_languages": []}


def test_folders_are_searched_recursively(run, tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / ".hidden").mkdir()
    for folder in ("", "sub/", ".hidden/"):
        (tmp_path / f"{folder}a.yaml").write_text(Path(CLEAN).read_text())
    (tmp_path / "sub" / "b.yml").write_text(Path(ERRORS).read_text())
    (tmp_path / "notes.txt").write_text("not a menu")
    result = run("check", tmp_path, "--format", "json")
    files = {os.path.relpath(f["file"], tmp_path) for f in json.loads(result.output)["findings"]}
    assert files == {os.path.join("sub", "b.yml")}
    assert json.loads(result.output)["summary"]["files"] == 3  # a.yaml, sub/a.yaml, sub/b.yml


def test_bad_input_exits_2_with_located_message_and_no_traceback(run, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("ivr: x\nstart: a\nnodes:\n  a: {type: message, prompt: Hi., gotoo: a}\n")
    result = CliRunner().invoke(cli, ["check", str(bad), CLEAN])
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output + result.stderr
    # a severity word, as a finding has: problem matchers written for findings catch it
    assert result.stderr.startswith(f"{bad}:4:35: error: unknown field 'gotoo' in node 'a' (did you mean 'goto'?)")
    # what could not be read comes first
    assert result.stdout.endswith("1 file could not be read as a menu (see the messages above). "
                                  "No problems found in 1 file.\n")


def test_nothing_read_says_so_first(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("ivr: x\nstart: a\nnodes:\n  a: {type: message, prompt: Hi., gotoo: a}\n")
    result = CliRunner().invoke(cli, ["check", str(bad)])
    assert result.exit_code == 2
    assert result.stdout == "1 file could not be read as a menu (see the messages above).\n"


def test_bad_input_in_json(run, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"\0\0binary")
    result = run("check", bad, "--format", "json")
    assert result.exit_code == 2
    (error,) = json.loads(result.stdout)["errors"]
    assert error["file"] == str(bad) and error["line"] == 1 and "binary" in error["message"]


@pytest.mark.parametrize(
    "args",
    [
        ["check"],
        ["check", "does-not-exist.yaml"],
        ["check", CLEAN, "--format", "xml"],
        ["check", CLEAN, "--fail-on", "sometimes"],
        ["nonsense"],
    ],
)
def test_usage_errors_exit_2(run, args):
    assert run(*args).exit_code == 2


def test_folder_without_menus_exits_2(run, tmp_path):
    result = run("check", tmp_path)
    assert result.exit_code == 2
    assert "no menu files" in result.stderr


def test_output_file_is_written_whole(run, tmp_path):
    target = tmp_path / "findings.json"
    target.write_text("old")
    result = run("check", ERRORS, "--format", "json", "-o", target)
    assert result.exit_code == 1 and result.stdout == "" and result.stderr == "Found 4 errors in 1 file.\n"
    assert json.loads(target.read_text())["summary"]["error"] == 4
    assert sorted(p.name for p in tmp_path.iterdir()) == ["findings.json"]


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit", "github"])
def test_output_to_a_file_still_says_what_could_not_be_read(run, tmp_path, fmt):
    """The README's workflow step must not fail with a bare exit code 2: errors and the summary on stderr."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("ivr: x\nstart: a\nnodes:\n  a: {type: message, prompt: Hi., gotoo: a}\n")
    target = tmp_path / "report.out"
    result = run("check", bad, ERRORS, "--format", fmt, "-o", target)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{bad}:4:35: error: unknown field 'gotoo' in node 'a' (did you mean 'goto'?); the fields here are: "
        "prompt, duration, description, goto, ignore",
        "1 file could not be read as a menu (see the messages above). Found 4 errors in 1 file."]
    assert target.stat().st_size > 0


def test_text_output_file_has_no_colour(run, tmp_path):
    target = tmp_path / "findings.txt"
    run("check", ERRORS, "-o", target, "--color")
    assert not ANSI.search(target.read_text())
    assert target.read_text().endswith("Found 4 errors in 1 file.\n")


def test_colour_only_when_asked_or_on_a_terminal(run):
    assert not ANSI.search(run("check", ERRORS).output)  # CliRunner is not a terminal
    assert ANSI.search(run("check", ERRORS, "--color").output)
    assert not ANSI.search(run("check", ERRORS, "--no-color").output)


def test_rules_lists_every_rule(run):
    result = run("rules")
    assert result.exit_code == 0
    listed = [line.split()[0] for line in result.output.splitlines()]
    assert listed == list(REGISTRY)
    line = next(line for line in result.output.splitlines() if line.startswith("no-path-to-human "))
    from ivr.rules.measured import MEASURED

    true, false, debatable = MEASURED["no-path-to-human"]
    assert line.split(None, 3) == ["no-path-to-human", "error", f"{true}/{true + false + debatable}",
                                   "No transfer to a person can be reached from a menu."]
    # a rule no surveyed file set off (duplicate-key was one until the AEL survey's routing files)
    assert next(line for line in result.output.splitlines() if line.startswith("unreachable-goal ")).split()[2] == "-"


def test_rules_id_prints_documentation(run):
    result = run("rules", "dead-end")
    assert result.exit_code == 0
    assert result.output.startswith("dead-end (error)\n\nA node that is not an ending has no way forward.")
    assert "## Why is this bad?" in result.output
    from ivr.rules.measured import MEASURED

    true, false, debatable = MEASURED["disconnect-on-error"]
    assert (f"\n\nMeasured on real files: right in {true} of {true + false + debatable} warnings and errors judged "
            f"in the field surveys ({false} false, {debatable} debatable; ") in run("rules", "disconnect-on-error").output
    assert "do not judge" in run("rules", "missing-greeting").output  # an info
    assert "gave it yet" in run("rules", "unreachable-goal").output  # an error no surveyed file set off


def test_unknown_rule_suggests(run):
    result = run("rules", "dead-ends")
    assert result.exit_code == 2
    assert "unknown rule 'dead-ends' (did you mean 'dead-end'?)" in result.stderr


def test_schema_command_prints_the_shipped_schema(run):
    result = run("schema")
    assert result.exit_code == 0 and json.loads(result.output) == schema()


def test_version(run):
    for flag in ("--version", "-V"):
        result = run(flag)
        assert result.exit_code == 0 and result.output == f"ivr, version {__version__}\n"


@pytest.mark.parametrize("command", [[], ["check"], ["rules"], ["schema"], ["render"]])
def test_help_everywhere_with_examples(run, command):
    for flag in ("--help", "-h"):
        result = run(*command, flag)
        assert result.exit_code == 0
        assert "Example" in result.output


def test_python_dash_m(tmp_path):
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "ivr", "check", CLEAN], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout == "No problems found in 1 file.\n"


@pytest.mark.parametrize("command", [
    ["check", CLEAN, "-o"],
    ["simulate", CLEAN, "--calls", "100", "-o"],
    ["render", CLEAN, "-o"],
])
def test_unwritable_output_exits_2_without_traceback(command, tmp_path):
    target = tmp_path / "missing-folder" / ("out.svg" if command[0] == "render" else "out.txt")
    result = CliRunner().invoke(cli, [*command, str(target)])
    assert result.exit_code == 2, result.output
    assert "cannot write" in result.stderr and "Traceback" not in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_report_into_a_file_exits_2(tmp_path):
    blocker = tmp_path / "reports"
    blocker.write_text("a file, not a folder")
    result = CliRunner().invoke(cli, ["report", CLEAN, "-o", str(blocker / "sub"), "--calls", "100"])
    assert result.exit_code == 2 and "cannot create the folder" in result.stderr


def test_a_folder_s_other_asterisk_configuration_is_left_alone_and_one_given_by_name_is_refused(run, tmp_path):
    pjsip = Path(__file__).parents[1] / "fixtures" / "formats" / "asterisk" / "fail-pjsip.conf"
    dialplan = Path(__file__).parents[1] / "fixtures" / "formats" / "asterisk" / "pass-read-choice.conf"
    (tmp_path / "pjsip.conf").write_bytes(pjsip.read_bytes())
    (tmp_path / "extensions.conf").write_bytes(dialplan.read_bytes())
    result = run("check", tmp_path, "--format", "json")
    assert result.exit_code in (0, 1) and json.loads(result.output)["summary"]["files"] == 1
    refused = run("check", tmp_path / "pjsip.conf")
    assert refused.exit_code == 2 and "pjsip.conf:2:1: error: no dialplan in this file" in refused.output


def test_check_run_again_in_one_process_leaves_the_collector_as_it_was():
    """ivr check pauses the cyclic collector while it makes and writes its results (speed: 5,000 dialplan contexts),
    and restores it after: run again in one process (tests, the fuzzing harness, an editor), it freezes nothing and
    leaves nothing uncollected (a gc.freeze() there grew the long VoiceXML fuzz to 12.7 GB, killed by the kernel)."""
    import gc

    menu = FIXTURES / "formats" / "vxml" / "pass-transfer-outcomes.vxml"
    frozen, enabled = gc.get_freeze_count(), gc.isenabled()
    for _ in range(3):
        CliRunner().invoke(cli, ["check", str(menu)])
    assert (gc.get_freeze_count(), gc.isenabled()) == (frozen, enabled)

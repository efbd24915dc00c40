"""What users of ruff, yamllint and flow linters reach for: a baseline, --statistics, -q, standard input,
FORCE_COLOR, the GitHub format inside GitHub Actions, and GitLab Code Quality; all through click's CliRunner."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from click.testing import CliRunner

from ivr.cli import cli
from ivr.model.findings import Finding, Severity
from ivr.model.menu import Location
from ivr.pipeline import FileResult
from ivr.present import gitlab

from tests.conftest import FIXTURES

RULES = FIXTURES / "rules"
DEAD_ENDS = RULES / "dead-end" / "fail.yaml"  # 4 dead-end errors, on promo, account, hours and help
SLOW = RULES / "slow-goal" / "fail.yaml"  # a slow-goal warning about no node, 2 long-prompt infos
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture
def here(tmp_path, monkeypatch):
    """A checkout in tmp_path holding menus/, where ivr runs (no configuration above it is found)."""
    (tmp_path / "menus").mkdir()
    (tmp_path / ".ivr.yaml").write_text("fail-on: error\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)  # GITHUB_ACTIONS and FORCE_COLOR: see conftest.py
    return tmp_path


def ivr(*args: object, input: bytes | None = None):
    return CliRunner().invoke(cli, [str(a) for a in args], input=input, catch_exceptions=False)


# --- baseline --------------------------------------------------------------------------------------------


def test_a_baseline_hides_the_findings_it_holds_and_reports_new_ones(here):
    menu = here / "menus" / "m.yaml"
    shutil.copy(DEAD_ENDS, menu)
    written = ivr("baseline", "menus")
    assert written.exit_code == 0 and written.stdout == "Wrote 4 findings of 1 file to ivr-baseline.json.\n"
    document = json.loads((here / "ivr-baseline.json").read_text())
    assert document["ivr-baseline"] == 1
    assert [(f["file"], f["rule"], f["node"]) for f in document["findings"]] == [
        ("menus/m.yaml", "dead-end", n) for n in ("account", "help", "hours", "promo")]
    assert ivr("check", "menus").exit_code == 1

    result = ivr("check", "menus", "--baseline", "ivr-baseline.json")
    assert result.exit_code == 0
    assert result.stdout == "No problems found in 1 file. 4 findings of the baseline not shown.\n"

    # lines move and a new dead end appears: only the new one is reported, and fails the check
    text = "# moved\n" + DEAD_ENDS.read_text().replace(
        "  agents:", "  extra:\n    type: message\n    prompt: Goodbye for now.\n  agents:")
    menu.write_text(text)
    result = ivr("check", "menus", "--baseline", "ivr-baseline.json", "--format", "json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert [(f["rule"], f["node"]) for f in document["findings"]] == [("dead-end", "extra"),
                                                                       ("unreachable-node", "extra")]
    assert document["summary"]["baselined"] == 4


def test_a_baseline_is_a_multiset_and_matches_findings_about_no_node_without_their_numbers(here):
    menu = here / "menus" / "m.yaml"
    shutil.copy(SLOW, menu)
    assert ivr("baseline", "menus", "-o", "base.json").exit_code == 0
    # the slow goal gets slower (a new number), and it is still the same finding
    menu.write_text(SLOW.read_text().replace("duration: 45", "duration: 50"))
    result = ivr("check", "menus", "--baseline", "base.json", "--fail-on", "info")
    assert result.exit_code == 0 and "3 findings of the baseline not shown" in result.stdout
    # the baseline holds one long prompt on 'accounts'; a second finding of the rule there is not accepted
    entries = json.loads((here / "base.json").read_text())
    entries["findings"] = [f for f in entries["findings"] if f["node"] != "welcome"]
    entries["findings"].append(dict(next(f for f in entries["findings"] if f["node"] == "accounts"),
                                    node="welcome"))
    entries["findings"].append(dict(entries["findings"][-1]))  # welcome twice: accepts two, there is one
    (here / "base.json").write_text(json.dumps(entries))
    assert ivr("check", "menus", "--baseline", "base.json", "--fail-on", "info").exit_code == 0
    entries["findings"] = [f for f in entries["findings"] if f["node"] != "accounts"]
    (here / "base.json").write_text(json.dumps(entries))
    result = ivr("check", "menus", "--baseline", "base.json", "--fail-on", "info")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0].startswith("menus/m.yaml:23:13: info: long-prompt: the prompt of menu "
                                                    "'accounts'")


def test_baseline_paths_are_relative_to_the_baseline_file(here, monkeypatch):
    shutil.copy(DEAD_ENDS, here / "menus" / "m.yaml")
    (here / "ci").mkdir()
    assert ivr("baseline", "menus", "-o", "ci/base.json").exit_code == 0
    assert {f["file"] for f in json.loads((here / "ci" / "base.json").read_text())["findings"]} == {"../menus/m.yaml"}
    monkeypatch.chdir(here / "menus")
    assert ivr("check", "m.yaml", "--baseline", "../ci/base.json").exit_code == 0


@pytest.mark.parametrize("content, where, says", [
    ("{not json", "base.json:1:2", "not valid JSON"),
    ('{"findings": []}', "base.json:1:1", "not an ivr baseline of version 1"),
    ('{"ivr-baseline": 1, "findings": [{"file": "m.yaml"}]}', "base.json:1:1", "finding 1 must have"),
])
def test_a_bad_baseline_is_a_located_error(here, content, where, says):
    shutil.copy(DEAD_ENDS, here / "menus" / "m.yaml")
    (here / "base.json").write_text(content)
    result = ivr("check", "menus", "--baseline", "base.json")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.stderr.startswith(f"{where}: error: {says}")


def test_no_baseline_is_written_when_a_file_cannot_be_read(here):
    shutil.copy(DEAD_ENDS, here / "menus" / "m.yaml")
    (here / "menus" / "bad.yaml").write_text("ivr: x\nstart: a\nnodes:\n  a: {type: message, gotoo: a}\n")
    result = ivr("baseline", "menus")
    assert result.exit_code == 2
    assert result.stderr.startswith("menus/bad.yaml:4:")
    assert "No baseline written" in result.stderr and not (here / "ivr-baseline.json").exists()


# --- statistics, quiet -----------------------------------------------------------------------------------


def test_statistics_count_findings_per_rule(here):
    shutil.copy(DEAD_ENDS, here / "menus" / "a.yaml")
    shutil.copy(SLOW, here / "menus" / "b.yaml")
    result = ivr("check", "menus", "--statistics")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "4  dead-end     (4 errors)",
        "2  long-prompt  (2 infos)",
        "1  slow-goal    (1 warning)",
        "Found 4 errors, 1 warning, 2 infos in 2 files.",
    ]
    refused = ivr("check", "menus", "--statistics", "--format", "json")
    assert refused.exit_code == 2 and "--statistics" in refused.stderr


def test_quiet_prints_findings_and_errors_only(here):
    shutil.copy(DEAD_ENDS, here / "menus" / "a.yaml")
    (here / "menus" / "bad.yaml").write_text("ivr: x\n")
    result = ivr("check", "menus", "-q")
    assert result.exit_code == 2
    assert len(result.stdout.splitlines()) == 4 and all(": error: dead-end: " in line
                                                       for line in result.stdout.splitlines())
    assert result.stderr.startswith("menus/bad.yaml:1:1: error: ") and "could not be read" not in result.output
    (here / "menus" / "bad.yaml").unlink()
    shutil.copy(RULES / "dead-end" / "pass.yaml", here / "menus" / "a.yaml")
    clean = ivr("check", "menus", "--quiet", "--format", "sarif", "-o", "out.sarif")
    assert (clean.exit_code, clean.output) == (0, "")


# --- standard input --------------------------------------------------------------------------------------


def test_a_menu_from_standard_input_is_located_by_its_stdin_filename(here):
    (here / ".ivr.yaml").write_text("overrides:\n  - files: [menus/legacy/*]\n    ignore: [dead-end]\n")
    result = ivr("check", "-", "--stdin-filename", "menus/new.yaml", input=DEAD_ENDS.read_bytes())
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0].startswith("menus/new.yaml:19:3: error: dead-end: ")
    # the name is what the configuration's overrides match, as ruff does
    legacy = ivr("check", "-", "--stdin-filename", "menus/legacy/old.yaml", input=DEAD_ENDS.read_bytes())
    assert legacy.exit_code == 0 and legacy.stdout == "No problems found in 1 file.\n"
    unnamed = ivr("check", "-", "--format", "json", input=b"ivr: x\nstart: a\nnodes: {a: {type: hangup, gotoo: 1}}")
    assert unnamed.exit_code == 2
    (error,) = json.loads(unnamed.stdout)["errors"]
    assert error["file"] == "<stdin>" and error["line"] == 3


def test_stdin_filename_needs_the_dash(here):
    shutil.copy(DEAD_ENDS, here / "menus" / "a.yaml")
    result = ivr("check", "menus", "--stdin-filename", "x.yaml")
    assert result.exit_code == 2 and "pass - as a PATH" in result.stderr


# --- colour and GitHub Actions ---------------------------------------------------------------------------


def test_force_color_colours_output_that_is_not_a_terminal(here, monkeypatch):
    shutil.copy(DEAD_ENDS, here / "menus" / "a.yaml")
    assert not ANSI.search(ivr("check", "menus").stdout)  # CliRunner is not a terminal
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert ANSI.search(ivr("check", "menus").stdout)
    assert not ANSI.search(ivr("check", "menus", "--no-color").stdout)
    monkeypatch.setenv("NO_COLOR", "1")
    assert not ANSI.search(ivr("check", "menus").stdout)
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "")  # empty: not set
    assert not ANSI.search(ivr("check", "menus").stdout)


def test_github_actions_chooses_the_github_format(here, monkeypatch):
    shutil.copy(DEAD_ENDS, here / "menus" / "a.yaml")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    result = ivr("check", "menus")
    assert result.exit_code == 1 and result.stdout.startswith("::error file=menus/a.yaml,line=19,col=3,")
    assert ivr("check", "menus", "--format", "text").stdout.startswith("menus/a.yaml:19:3: error: ")
    monkeypatch.setenv("GITHUB_ACTIONS", "false")
    assert ivr("check", "menus").stdout.startswith("menus/a.yaml:19:3: error: ")


# --- GitLab Code Quality ---------------------------------------------------------------------------------


def test_gitlab_code_quality_parsed_back(here):
    shutil.copy(DEAD_ENDS, here / "menus" / "a.yaml")
    shutil.copy(SLOW, here / "menus" / "b.yaml")
    (here / "menus" / "bad.yaml").write_text("ivr: x\nstart: a\nnodes:\n  a: {type: message, prompt: Hi., gotoo: a}\n")
    result = ivr("check", "menus", "--format", "gitlab", "-o", "gl-code-quality-report.json")
    assert result.exit_code == 2 and result.stdout == ""
    issues = json.loads((here / "gl-code-quality-report.json").read_text())
    assert isinstance(issues, list) and len(issues) == 1 + 4 + 3
    for issue in issues:  # what GitLab requires of each issue
        assert set(issue) >= {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["severity"] in ("info", "minor", "major", "critical", "blocker")
        assert isinstance(issue["location"]["path"], str) and not issue["location"]["path"].startswith("/")
        assert isinstance(issue["location"]["lines"]["begin"], int) and issue["location"]["lines"]["begin"] >= 1
        assert re.fullmatch(r"[0-9a-f]{64}", issue["fingerprint"])
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    by_check = {(i["check_name"], i["location"]["path"], i["location"]["lines"]["begin"], i["severity"])
                for i in issues}
    assert ("invalid-menu", "menus/bad.yaml", 4, "critical") in by_check
    assert ("dead-end", "menus/a.yaml", 19, "major") in by_check
    assert ("slow-goal", "menus/b.yaml", 4, "minor") in by_check
    assert ("long-prompt", "menus/b.yaml", 9, "info") in by_check
    dead = next(i for i in issues if i["check_name"] == "dead-end")
    assert dead["description"].startswith("dead-end: message 'promo' has no way forward")


def test_gitlab_fingerprints_survive_moved_lines(here):
    menu = here / "menus" / "a.yaml"
    shutil.copy(DEAD_ENDS, menu)
    before = json.loads(ivr("check", "menus", "--format", "gitlab").stdout)
    menu.write_text("# a comment\n\n" + DEAD_ENDS.read_text())
    after = json.loads(ivr("check", "menus", "--format", "gitlab").stdout)
    assert [i["location"]["lines"]["begin"] for i in after] == [i["location"]["lines"]["begin"] + 2 for i in before]
    assert [i["fingerprint"] for i in after] == [i["fingerprint"] for i in before]


def test_gitlab_clean_is_an_empty_list(here):
    shutil.copy(RULES / "dead-end" / "pass.yaml", here / "menus" / "a.yaml")
    result = ivr("check", "menus", "--format", "gitlab")
    assert result.exit_code == 0 and json.loads(result.stdout) == []


def test_gitlab_issue_of_a_place_without_a_line_points_at_the_file():
    """A JSON export may locate a finding by pointer alone: GitLab still needs lines.begin, so line 1."""
    finding = Finding("dead-end", Severity.ERROR, Location("flow.json", pointer="/Actions/0"), "a", "no way on")
    (issue,) = json.loads(gitlab.format_results([FileResult("flow.json", [finding])]))
    assert issue["location"] == {"path": "flow.json", "lines": {"begin": 1}}

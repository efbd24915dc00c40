"""``ivr check --format sarif|junit|github``: each parsed back, through click's CliRunner."""

from __future__ import annotations

import json
from urllib.parse import unquote
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from ivr import HOMEPAGE, __version__
from ivr.cli import cli
from ivr.model.findings import Finding, Severity
from ivr.pipeline import FileResult
from ivr.model.menu import Location
from ivr.present import github, sarif
from ivr.present.linehash import line_hashes
from ivr.rules.api import documentation, summary
from ivr.rules.registry import REGISTRY

from tests.conftest import FIXTURES, ROOT

RULES = FIXTURES / "rules"
CLEAN = str(RULES / "dead-end" / "pass.yaml")
ERRORS = str(RULES / "dead-end" / "fail.yaml")  # 4 dead-end errors
MIXED = str(RULES / "no-path-to-human" / "fail.yaml")  # an error and a warning of no-path-to-human, a warning
SARIF_SCHEMA = json.loads((Path(__file__).parents[1] / "data" / "sarif-schema-2.1.0.json").read_text())
BAD_MENU = "ivr: x\nstart: a\nnodes:\n  a: {type: message, prompt: Hi., gotoo: a}\n"


@pytest.fixture
def run(monkeypatch):
    """Invoke ``ivr`` from the repository's root, where the fixtures' paths are relative."""
    monkeypatch.chdir(ROOT)

    def invoke(*args):
        return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    return invoke


@pytest.fixture
def bad(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(BAD_MENU)
    return path


def relative(path: str) -> str:
    return os.path.relpath(path, ROOT)


# --- SARIF -----------------------------------------------------------------------------------------------


def check_sarif(text: str) -> dict:
    """Parse ``text`` and check it against the SARIF 2.1.0 schema and what GitHub code scanning requires."""
    log = json.loads(text)
    jsonschema.Draft7Validator(SARIF_SCHEMA).validate(log)
    assert log["version"] == "2.1.0" and log["$schema"] == sarif.SCHEMA_URI
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "ivr"
    assert driver["version"] == driver["semanticVersion"] == __version__
    assert driver.get("informationUri") == HOMEPAGE  # none until the project has an address: never a placeholder
    rule_ids = [rule["id"] for rule in driver["rules"]]
    assert rule_ids == [*REGISTRY, "invalid-menu"]
    # Azure DevOps rejects a run without it; the category is named by what was checked (see test_sarif_category)
    assert run["automationDetails"]["id"].startswith("ivr/") and run["automationDetails"]["id"].endswith("/")
    # no absolute path of the checkout anywhere in the run's bases
    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"description": {"text": (
        "The folder ivr check ran in: the root of the checkout.")}}}
    assert isinstance(run["results"], list)
    for result in run["results"]:
        assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in ("error", "warning", "note")
        (location,) = result["locations"]  # GitHub rejects results without a location
        physical = location["physicalLocation"]
        assert physical["region"]["startLine"] >= 1 and physical["region"]["startColumn"] >= 1
        uri = physical["artifactLocation"]["uri"]
        if uri.startswith("file:///"):  # a file outside the working folder
            assert "uriBaseId" not in physical["artifactLocation"]
        else:
            assert physical["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert len(result["partialFingerprints"]["ivrFinding/v1"]) == 64
        # GitHub's own key, as its upload action computes it from the file, for files that are there
        path = Path(uri[len("file://"):]) if uri.startswith("file:///") else Path(unquote(uri))
        if path.is_file():
            expected = line_hashes(path.read_bytes().decode("utf-8", "replace"))[physical["region"]["startLine"]]
            assert result["partialFingerprints"]["primaryLocationLineHash"] == expected
    for rule in driver["rules"]:  # GitHub's limits
        assert len(rule["fullDescription"]["text"]) <= 1000 and len(rule["shortDescription"]["text"]) <= 1024
    return log


def test_sarif_with_findings(run):
    result = run("check", ERRORS, MIXED, "--format", "sarif")
    assert result.exit_code == 1
    log = check_sarif(result.stdout)
    (sarif_run,) = log["runs"]
    assert sarif_run["invocations"] == [{"executionSuccessful": True}]
    found = [(r["ruleId"], r["level"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
              r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in sarif_run["results"]]
    assert found[0] == ("dead-end", "error", relative(ERRORS), 19)
    assert ("no-path-to-human", "error", relative(MIXED), 4) in found
    # a warning of a rule whose default is error keeps its level: an absent level would read as error
    assert ("no-path-to-human", "warning", relative(MIXED), 13) in found
    assert len(found) == 7


def test_sarif_rules_carry_their_documentation(run):
    driver = check_sarif(run("check", CLEAN, "--format", "sarif").stdout)["runs"][0]["tool"]["driver"]
    by_id = {rule["id"]: rule for rule in driver["rules"]}
    for rule_id, rule in REGISTRY.items():
        described = by_id[rule_id]
        assert described["shortDescription"]["text"] == summary(rule)
        assert described["help"]["markdown"] == documentation(rule)
        assert "```" not in described["help"]["text"] and "## " not in described["help"]["text"]
        assert described["fullDescription"]["text"]
        assert described["name"] != rule_id
        assert described.get("helpUri") == (HOMEPAGE + "#rules" if HOMEPAGE else None)  # no placeholder link
        expected = {"error": "error", "warning": "warning", "info": "note"}[rule.SEVERITY.value]
        assert described["defaultConfiguration"]["level"] == expected
    assert by_id["dead-end"]["fullDescription"]["text"].startswith("Reports nodes")


def test_sarif_clean(run):
    result = run("check", CLEAN, "--format", "sarif")
    assert result.exit_code == 0
    log = check_sarif(result.stdout)
    assert log["runs"][0]["results"] == []


def test_sarif_load_error_is_a_notification_and_a_result(run, bad):
    result = run("check", bad, CLEAN, "--format", "sarif")
    assert result.exit_code == 2
    log = check_sarif(result.stdout)
    (invocation,) = log["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    (note,) = invocation["toolExecutionNotifications"]
    assert note["level"] == "error" and "unknown field 'gotoo'" in note["message"]["text"]
    physical = note["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == bad.as_uri()  # outside the working folder: absolute
    assert physical["region"] == {"startLine": 4, "startColumn": 35}
    # code scanning shows results, not notifications, on a pull request: the same error is a result too
    (alert,) = log["runs"][0]["results"]
    assert (alert["ruleId"], alert["level"]) == ("invalid-menu", "error")
    assert alert["message"] == note["message"] and alert["locations"] == note["locations"]
    rule = log["runs"][0]["tool"]["driver"]["rules"][alert["ruleIndex"]]
    assert rule["defaultConfiguration"]["level"] == "error" and rule.get("helpUri") == (
        f"{HOMEPAGE}#menu-format-version-1" if HOMEPAGE else None)


def test_sarif_invalid_menu_in_the_checkout_is_relative(tmp_path, monkeypatch):
    (tmp_path / "menus").mkdir()
    (tmp_path / "menus" / "bad.yaml").write_text(BAD_MENU)
    (tmp_path / "menus" / "worse.yaml").write_text(BAD_MENU.replace("Hi.", "Hello."))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "menus", "--format", "sarif"])
    assert result.exit_code == 2
    alerts = check_sarif(result.stdout)["runs"][0]["results"]
    assert [(a["ruleId"], a["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]) for a in alerts] == [
        ("invalid-menu", "menus/bad.yaml"), ("invalid-menu", "menus/worse.yaml")]
    assert alerts[0]["partialFingerprints"] != alerts[1]["partialFingerprints"]
    assert str(tmp_path) not in result.stdout  # nothing of the checkout's absolute path


SUPPRESSED = Path(ERRORS).read_text().replace(
    "    prompt: Ask us about our new savings account!\n",
    "    prompt: Ask us about our new savings account!\n    ignore: {dead-end: the platform plays the menu again}\n",
)


def test_sarif_suppressed_findings_are_results_marked_in_source(tmp_path, monkeypatch):
    (tmp_path / "menu.yaml").write_text(SUPPRESSED)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "menu.yaml", "--format", "sarif"])
    assert result.exit_code == 1  # three dead ends are not suppressed
    results = check_sarif(result.stdout)["runs"][0]["results"]
    assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in results] == [
        ("dead-end", 19), ("dead-end", 23), ("dead-end", 27), ("dead-end", 29)]
    (suppressed,) = [r for r in results if "suppressions" in r]
    assert suppressed["locations"][0]["physicalLocation"]["region"]["startLine"] == 19
    (entry,) = suppressed["suppressions"]
    assert entry["kind"] == "inSource" and entry["justification"] == "the platform plays the menu again"
    assert entry["location"]["physicalLocation"]["region"]["startLine"] == 22

    # every other format, and the exit status, leave a suppressed finding out
    text = CliRunner().invoke(cli, ["check", "menu.yaml"]).stdout
    assert "menu.yaml:19:" not in text and "menu.yaml:23:" in text and "Found 3 errors in 1 file." in text
    annotations = CliRunner().invoke(cli, ["check", "menu.yaml", "--format", "github"]).stdout
    assert "line=19," not in annotations and "line=23," in annotations
    found = json.loads(CliRunner().invoke(cli, ["check", "menu.yaml", "--format", "json"]).stdout)
    assert [f["line"] for f in found["findings"]] == [23, 27, 29] and found["summary"]["error"] == 3
    junit = ET.fromstring(CliRunner().invoke(cli, ["check", "menu.yaml", "--format", "junit"]).stdout)
    assert junit.find(".//testcase[@name='dead-end']/failure").get("message") == "3 findings (3 errors)"


def test_sarif_only_suppressed_findings_exit_0(tmp_path, monkeypatch):
    (tmp_path / "menu.yaml").write_text(SUPPRESSED)
    monkeypatch.chdir(tmp_path)
    args = ["check", "menu.yaml", "--select", "dead-end", "--format", "sarif"]
    assert CliRunner().invoke(cli, args).exit_code == 1
    (tmp_path / "menu.yaml").write_text("ignore: {dead-end: being rebuilt}\n" + SUPPRESSED)
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0
    results = check_sarif(result.stdout)["runs"][0]["results"]
    assert len(results) == 4 and all(r["suppressions"][0]["kind"] == "inSource" for r in results)


def test_sarif_fingerprints_survive_moved_lines(run, tmp_path, monkeypatch):
    menu = Path(ERRORS).read_text()
    (tmp_path / "menu.yaml").write_text(menu)
    monkeypatch.chdir(tmp_path)
    before = json.loads(CliRunner().invoke(cli, ["check", "menu.yaml", "--format", "sarif"]).stdout)
    (tmp_path / "menu.yaml").write_text("# a comment that moves every line down\n\n" + menu)
    after = json.loads(CliRunner().invoke(cli, ["check", "menu.yaml", "--format", "sarif"]).stdout)

    def prints(log):
        return [r["partialFingerprints"] for r in log["runs"][0]["results"]]

    lines = [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in after["runs"][0]["results"]]
    assert lines[0] == 21  # moved from 19
    assert prints(before) == prints(after)
    assert len({json.dumps(p) for p in prints(before)}) == len(prints(before))  # one alert per finding


def test_sarif_fingerprints_of_findings_on_one_node_differ():
    location = Location("menu.yaml", 3, 5)
    findings = [Finding("duplicate-key", Severity.ERROR, location, "main", f"key {k} given twice") for k in "12"]
    log = sarif.to_dict(sarif.sarif_log([FileResult("menu.yaml", findings)]))
    first, second = (r["partialFingerprints"]["ivrFinding/v1"] for r in log["runs"][0]["results"])
    assert first != second


def test_sarif_uri_is_percent_encoded(run, tmp_path, monkeypatch):
    (tmp_path / "my menus").mkdir()
    (tmp_path / "my menus" / "main #1.yaml").write_text(Path(ERRORS).read_text())
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "my menus", "--format", "sarif"])
    log = check_sarif(result.stdout)
    uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "my%20menus/main%20%231.yaml"


def test_sarif_output_file(run, tmp_path):
    target = tmp_path / "ivr.sarif"
    result = run("check", ERRORS, "--format", "sarif", "-o", target)
    assert result.exit_code == 1 and result.stdout == ""
    assert len(check_sarif(target.read_text())["runs"][0]["results"]) == 4


# --- JUnit -----------------------------------------------------------------------------------------------


def test_junit_one_case_per_rule_per_file(run):
    result = run("check", ERRORS, MIXED, CLEAN, "--format", "junit", "--fail-on", "warning")
    assert result.exit_code == 1
    root = ET.fromstring(result.stdout)
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [ERRORS, MIXED, CLEAN]
    for suite in suites:
        cases = suite.findall("testcase")
        assert [c.get("name") for c in cases] == list(REGISTRY)
        assert {c.get("classname") for c in cases} == {suite.get("name")}
        assert suite.get("tests") == str(len(REGISTRY))
    assert [s.get("failures") for s in suites] == ["1", "2", "0"]
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == (str(3 * len(REGISTRY)), "3", "0")

    human = suites[1].find("testcase[@name='no-path-to-human']/failure")
    assert human.get("type") == "error"  # the worst of an error and a warning
    assert human.get("message") == "2 findings (1 error, 1 warning)"
    lines = human.text.splitlines()
    assert lines[0] == (f"{MIXED}:4:3: error: no-path-to-human: no transfer can be reached from the start 'main': "
                        "callers can never reach a person; add an option that leads to a transfer (0 by convention)")
    assert lines[1].startswith(f"{MIXED}:13:3: warning: no-path-to-human: ")
    unreachable = suites[1].find("testcase[@name='unreachable-node']/failure")
    assert unreachable.get("type") == "warning" and unreachable.get("message") == "1 finding (1 warning)"
    assert root.find(".//skipped") is None and {s.get("skipped") for s in suites} == {"0"}


def test_junit_findings_below_fail_on_are_skipped_not_failed(run):
    """A green build must not show "N failed tests": findings below --fail-on are skipped, with a message."""
    result = run("check", ERRORS, MIXED, "--format", "junit")  # fail-on error (the default)
    assert result.exit_code == 1
    root = ET.fromstring(result.stdout)
    suites = root.findall("testsuite")
    assert [(s.get("failures"), s.get("skipped")) for s in suites] == [("1", "0"), ("1", "1")]
    assert root.get("failures") == "2" and root.get("skipped") is None  # not in Jenkins' schema of <testsuites>
    # a rule with an error and a warning fails: its worst is at fail-on
    assert suites[1].find("testcase[@name='no-path-to-human']/failure").get("type") == "error"
    skipped = suites[1].find("testcase[@name='unreachable-node']/skipped")
    assert skipped.get("message") == "1 finding (1 warning), below fail-on error: not failing the build"
    assert skipped.text.startswith(f"{MIXED}:") and ": warning: unreachable-node: " in skipped.text

    never = ET.fromstring(run("check", ERRORS, "--format", "junit", "--fail-on", "never").stdout)
    assert never.get("failures") == "0" and never.find("testsuite").get("skipped") == "1"


def test_junit_leaves_out_rules_that_did_not_run(run, tmp_path):
    result = run("check", ERRORS, CLEAN, "--format", "junit", "--ignore", "dead-end,long-prompt")
    assert result.exit_code == 0  # the only findings were dead ends
    root = ET.fromstring(result.stdout)
    expected = [r for r in REGISTRY if r not in ("dead-end", "long-prompt")]
    for suite in root.findall("testsuite"):
        assert [c.get("name") for c in suite.findall("testcase")] == expected
        assert suite.get("tests") == str(len(expected))
    (tmp_path / ".ivr.yaml").write_text("select: [dead-end, unknown-target]\n")
    configured = run("check", ERRORS, "--format", "junit", "--config", tmp_path / ".ivr.yaml")
    suite = ET.fromstring(configured.stdout).find("testsuite")
    assert [c.get("name") for c in suite.findall("testcase")] == ["unknown-target", "dead-end"]


def test_junit_clean(run):
    result = run("check", CLEAN, "--format", "junit")
    assert result.exit_code == 0
    root = ET.fromstring(result.stdout)
    assert root.get("failures") == "0" and root.get("errors") == "0"
    assert root.find(".//failure") is None and root.find(".//error") is None


def test_junit_load_error(run, bad):
    result = run("check", bad, CLEAN, "--format", "junit")
    assert result.exit_code == 2
    root = ET.fromstring(result.stdout)
    broken = root.find(f"testsuite[@name='{bad}']")
    (case,) = broken.findall("testcase")
    assert case.get("name") == "load"
    error = case.find("error")
    assert error.get("message") == "1 error: the file cannot be read as a menu"
    assert error.text.startswith(f"{bad}:4:35: unknown field 'gotoo' in node 'a'")
    assert (broken.get("tests"), broken.get("failures"), broken.get("errors")) == ("1", "0", "1")
    assert root.get("errors") == "1"


HOSTILE = 'ivr: "Bank <b>&amp;\\nline two, 100%0A ::warning::"\nstart: "a::warning,x%0A&"\n' \
          'nodes:\n  "a::warning,x%0A&": {type: voicemail, mailbox: "100", prompt: Thank you for calling. Please leave a ' \
          'message after the tone.}\n'  # a mailbox only: no-path-to-human's error (a line that asks nothing gets an info)


def test_junit_output_file_escapes_markup(run, tmp_path):
    (tmp_path / "menu.yaml").write_text(HOSTILE)
    target = tmp_path / "ivr.xml"
    result = run("check", tmp_path / "menu.yaml", "--format", "junit", "-o", target)
    assert result.exit_code == 1 and result.stdout == ""
    failure = ET.parse(target).getroot().find(".//testcase[@name='no-path-to-human']/failure")
    # the newline in the name is written as \n: a finding stays on one line (and XML stays well-formed)
    assert "'Bank <b>&amp;\\nline two, 100%0A ::warning::' has no transfer at all" in failure.text


# --- GitHub workflow commands ----------------------------------------------------------------------------


def test_github_commands(run):
    result = run("check", ERRORS, MIXED, "--format", "github")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == (f"::error file={relative(ERRORS)},line=19,col=3,title=ivr dead-end::"
                        "message 'promo' has no way forward; add 'goto' with the next node")
    assert lines[5].startswith(f"::warning file={relative(MIXED)},line=13,col=3,title=ivr no-path-to-human::")
    assert [line.split(" ")[0] for line in lines[:-1]] == ["::error"] * 5 + ["::warning"] * 2
    assert lines[-1] == "Found 5 errors, 2 warnings in 2 files."


def test_github_info_is_a_notice():
    finding = Finding("some-rule", Severity.INFO, Location("m.yaml", 2, 1), "a", "just so you know")
    text = github.format_results([FileResult("m.yaml", [finding])])
    assert text.splitlines()[0] == "::notice file=m.yaml,line=2,col=1,title=ivr some-rule::just so you know"


def test_github_escapes_hostile_text():
    location = Location("dir,x/a:b%.yaml", 1, 2)
    line = github.command("error", location, "ivr a,b:c", "50% off\r\nline two:, three")
    assert line == ("::error file=dir%2Cx/a%3Ab%25.yaml,line=1,col=2,title=ivr a%2Cb%3Ac"
                    "::50%25 off%0D%0Aline two:, three")
    assert line.count("::") == 2 and "\n" not in line


def test_github_escapes_hostile_menu_names(run, tmp_path):
    (tmp_path / "menu.yaml").write_text(HOSTILE)
    result = run("check", tmp_path / "menu.yaml", "--format", "github")
    first, summary_line = result.stdout.splitlines()  # the newline in the name did not split the command
    assert first.endswith("::'Bank <b>&amp;\\nline two, 100%250A ::warning::' has no transfer at all: callers "
                          "can never reach a person; add a transfer node and an option to it (0 by convention)")
    assert first.count("::") == 4  # ::error ... :: and the two in the message, which GitHub leaves alone
    assert summary_line == "Found 1 error in 1 file."


def test_github_clean(run):
    result = run("check", CLEAN, "--format", "github")
    assert result.exit_code == 0 and result.stdout == "No problems found in 1 file.\n"


def test_github_load_error(run, bad):
    result = run("check", bad, "--format", "github")
    assert result.exit_code == 2
    first, summary_line = result.stdout.splitlines()
    property_file = str(bad).replace(":", "%3A").replace(",", "%2C")
    assert first.startswith(f"::error file={property_file},line=4,col=35,title=ivr%3A cannot read menu::"
                            "unknown field 'gotoo' in node 'a'")
    assert "1 file could not be read as a menu" in summary_line


def test_github_output_file(run, tmp_path):
    target = tmp_path / "annotations.txt"
    result = run("check", ERRORS, "--format", "github", "-o", target)
    assert result.exit_code == 1 and result.stdout == ""
    assert target.read_text().count("::error ") == 4


def test_sarif_category_names_the_analysis(tmp_path, monkeypatch):
    """GitHub keeps one analysis per category: two uploads of one job must not share one (issue 26)."""
    for folder in ("ivr", "flows"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "menu.yaml").write_text(Path(ERRORS).read_text())
    monkeypatch.chdir(tmp_path)

    def category(*args):
        return json.loads(CliRunner().invoke(cli, ["check", *args, "--format", "sarif"]).stdout)["runs"][0][
            "automationDetails"]["id"]

    assert category("ivr") == "ivr/ivr/" and category("flows") == "ivr/flows/"
    assert category("ivr/menu.yaml") == "ivr/ivr/menu.yaml/"
    assert category("ivr", "--sarif-category", "menus/nightly") == "menus/nightly/"
    refused = CliRunner().invoke(cli, ["check", "ivr", "--sarif-category", "x"])
    assert refused.exit_code == 2 and "--sarif-category needs --format sarif" in refused.stderr


def test_sarif_descriptions_fit_github_s_limits():
    long = "A sentence that says something. " * 60
    cut = sarif._cut(long, 1000)
    assert len(cut) <= 1000 and cut.endswith("(More in the rule's help.)") and ". (More" in cut
    assert sarif._cut("short", 1000) == "short"


def test_sarif_category_from_the_configuration(tmp_path, monkeypatch):
    (tmp_path / "menu.yaml").write_text(Path(ERRORS).read_text())
    (tmp_path / ".ivr.yaml").write_text("sarif-category: azuredevops/ivr\n")
    monkeypatch.chdir(tmp_path)
    log = json.loads(CliRunner().invoke(cli, ["check", "menu.yaml", "--format", "sarif"]).stdout)
    assert log["runs"][0]["automationDetails"]["id"] == "azuredevops/ivr/"
    (tmp_path / ".ivr.yaml").write_text("sarif-category: 'not a category'\n")
    bad = CliRunner().invoke(cli, ["check", "menu.yaml", "--format", "sarif"])
    assert bad.exit_code == 2 and ".ivr.yaml:1" in bad.stderr

"""The one path from sources to results: every command reads through ivr.pipeline, so REV:PATH works
everywhere; one simulation gives both the figures and the diagram's flows."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from ivr import pipeline
from ivr.cli import cli
from ivr.graph.build import build_graph
from ivr.formats.native.loader import load_menu
from ivr.simulation import Callers, simulate

from tests.conftest import FIXTURES, ROOT, git

BASE = FIXTURES / "diff" / "base.yaml"
BANK = str(ROOT / "menus" / "bank.yaml")


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A git repository with menus/m.yaml (tests/fixtures/diff/base.yaml) committed, then deleted from the worktree."""
    (tmp_path / "menus").mkdir()
    menu = tmp_path / "menus" / "m.yaml"
    menu.write_text(BASE.read_text())
    git("init", "-q", cwd=tmp_path)
    git("add", ".", cwd=tmp_path)
    git("commit", "-q", "-m", "base", cwd=tmp_path)
    menu.unlink()  # only git has it now
    monkeypatch.chdir(tmp_path)
    return tmp_path


# --- REV:PATH in every command ----------------------------------------------------------------------------

def test_check_reads_rev_path_and_locates_findings_in_the_revision(repo):
    result = run("check", "HEAD:menus/m.yaml", "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    expected = json.loads(run("check", BASE, "--format", "json").stdout)
    assert [(f["rule"], f["line"], f["column"]) for f in document["findings"]] == \
           [(f["rule"], f["line"], f["column"]) for f in expected["findings"]]
    assert len(document["findings"]) == 4
    assert {f["file"] for f in document["findings"]} == {"HEAD:menus/m.yaml"}


def test_check_text_names_the_revision(repo):
    result = run("check", "HEAD:menus/m.yaml", "--no-color")
    assert result.exit_code == 0
    assert result.stdout.startswith("HEAD:menus/m.yaml:8:3: info: missing-repeat-option: ")


def test_check_rev_path_errors_exit_2_with_a_located_message(repo):
    result = run("check", "nosuch:menus/m.yaml")
    assert result.exit_code == 2
    assert result.stderr.startswith("nosuch:menus/m.yaml:1:1: error: no such file, and git cannot read it as REV:PATH")
    assert "Traceback" not in result.output


def test_a_missing_file_without_a_colon_is_still_a_usage_error(repo):
    result = run("check", "menus/nothing.yaml")
    assert result.exit_code == 2
    assert "Path 'menus/nothing.yaml' does not exist" in result.stderr


def test_simulate_reads_rev_path(repo):
    result = run("simulate", "HEAD:menus/m.yaml", "--patience", "0", "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    expected = json.loads(run("simulate", BASE, "--patience", "0", "--format", "json").stdout)
    assert document == expected and document["intents"]["balance"]["resolved"] > 0.5


def test_simulate_rev_path_error_exits_2(repo):
    result = run("simulate", "HEAD:menus/zz.yaml")
    assert result.exit_code == 2
    assert result.stderr.startswith("HEAD:menus/zz.yaml:1:1: error: no such file, and git cannot read it as REV:PATH")


def test_render_reads_rev_path(repo):
    result = run("render", "HEAD:menus/m.yaml", "-o", repo / "m.dot", "--simulate")
    assert result.exit_code == 0, result.output
    dot = (repo / "m.dot").read_text()
    assert "HEAD:menus/m.yaml" in dot and "goal of balance" in dot


def test_render_rev_path_error_writes_nothing(repo):
    result = run("render", "HEAD:menus", "-o", repo / "m.dot")
    assert result.exit_code == 2
    assert result.stderr.startswith("HEAD:menus:1:1: error: this is a folder in git, not a file")
    assert not (repo / "m.dot").exists()


def test_report_reads_rev_path(repo):
    result = run("report", "HEAD:menus/m.yaml", "-o", repo / "out", "--patience", "0")
    assert result.exit_code == 0, result.output
    page = (repo / "out" / "m" / "index.html").read_text()
    assert "HEAD:menus/m.yaml" in page
    findings = json.loads((repo / "out" / "m" / "findings.json").read_text())
    assert {f["file"] for f in findings["findings"]} == {"HEAD:menus/m.yaml"}


def test_report_rev_path_error_writes_nothing(repo):
    result = run("report", "nosuch:menus/m.yaml", "-o", repo / "out")
    assert result.exit_code == 2
    assert "invalid object name 'nosuch'" in result.stderr
    assert not (repo / "out").exists()


# --- the pipeline as a library ----------------------------------------------------------------------------

def test_check_keeps_source_order_and_reports_unreadable_sources(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("ivr: x\nstart: a\nnodes:\n  a: {type: message, prompt: Hi., gotoo: a}\n")
    results = pipeline.check([BANK, str(bad), str(BASE)])
    assert [r.file for r in results] == [BANK, str(bad), str(BASE)]
    assert results[1].errors and not results[1].findings
    assert results[1].errors[0].location.line == 4
    assert results[0].name and not results[0].errors


def test_analyse_without_rules_lints_nothing():
    menu = load_menu(BANK)
    assert pipeline.analyse(menu, lint_rules=False).findings == []
    assert pipeline.analyse(menu).findings == pipeline.check_file(BANK).findings


# --- one simulation, figures and flows --------------------------------------------------------------------

def _into(flows: dict, goals) -> float:
    return sum(passes for (_, v), passes in flows.items() if v in goals)


@pytest.mark.parametrize("callers, method", [
    (Callers(patience=0), "exact"),
    (Callers(patience=120, accuracy=0.8), "montecarlo"),  # impatient callers press the human option too
])
def test_flow_into_an_intents_goals_is_its_resolved_rate(callers, method):
    graph = build_graph(load_menu(BANK))
    simulation = simulate(graph, callers, method, 20_000, 3, flows=True)
    assert simulation.flows is not None
    for name, intent in graph.graph["intents"].items():
        goals = {g.target for g in intent.goals}
        assert _into(simulation.flows[name], goals) == pytest.approx(simulation.intents[name].resolved, abs=1e-12)


def test_counting_flows_draws_no_random_numbers():
    graph = build_graph(load_menu(BANK))
    callers = Callers(patience=120)
    assert simulate(graph, callers, "montecarlo", 20_000, 7, flows=True).intents == \
           simulate(graph, callers, "montecarlo", 20_000, 7).intents


def test_a_simulation_without_flows_says_so():
    simulation = simulate(build_graph(load_menu(BANK)), Callers(patience=0))
    assert simulation.flows is None
    with pytest.raises(ValueError, match="flows=True"):
        simulation.edge_flows()


ONE_GOAL = """\
ivr: One goal
start: main
intents:
  balance: {goal: balance}
nodes:
  main:
    type: menu
    prompt: Welcome. For your balance, press 1. For our hours, press 2. For an agent, press 0.
    options:
      "1": {label: Balance, goto: balance}
      "2": {label: Hours, goto: hours}
      "0": {label: Agent, goto: connecting}
  balance: {type: message, prompt: Your balance is ten pounds. Thank you. Goodbye., goto: bye}
  hours: {type: message, prompt: We are open from 9 to 5. Thank you. Goodbye., goto: bye}
  connecting: {type: message, prompt: Thank you. Connecting you now., goto: agents}
  agents: {type: transfer, queue: general, prompt: Sorry for the wait.}
  bye: {type: hangup}
"""


@pytest.mark.parametrize("options", [("--patience", "0"), ("--patience", "20", "--calls", "5000", "--seed", "4")])
def test_a_diagrams_goal_label_and_the_flow_into_the_goal_agree(tmp_path, options):
    menu = tmp_path / "one.yaml"
    menu.write_text(ONE_GOAL)
    out = tmp_path / "one.dot"
    assert run("render", menu, "-o", out, "--simulate", *options).exit_code == 0
    dot = out.read_text()
    (label,) = re.findall(r"goal of balance: ([\d.]+%) resolved", dot)
    (edge,) = [line for line in dot.splitlines() if re.match(r"\s*main -> balance\b", line)]
    assert re.search(r'label="1 Balance\\n([\d.]+%)"', edge)[1] == label


def test_the_collector_is_paused_once_for_all_the_menus_and_restored(monkeypatch):
    # the end of a pause made the collector walk what the menu made: one pause for all (issue 20, many IVRs)
    import gc  # noqa: PLC0415

    seen = []
    real = pipeline.analyse

    def analyse(menu, *args, **kwargs):
        seen.append(gc.isenabled())
        return real(menu, *args, **kwargs)

    monkeypatch.setattr(pipeline, "analyse", analyse)
    was = gc.isenabled()
    gc.enable()
    try:
        analysed = pipeline.analyse_all([BANK, str(BASE)])
        assert len(analysed.analyses) == 2 and seen == [False, False]
        assert gc.isenabled()
        seen.clear()  # a simulation may make garbage cycles: each menu's own pause, the collector on between
        pipeline.analyse_all([BANK, str(BASE)], simulating=pipeline.Simulating(Callers(patience=0), "exact"))
        assert seen == [True, True] and gc.isenabled()
    finally:
        (gc.enable if was else gc.disable)()


def test_a_finding_of_steps_two_ivrs_of_one_file_share_is_reported_once():
    source = str(FIXTURES / "formats" / "asterisk" / "pass-two-routes-one-menu.conf")
    results = pipeline.check([source])
    assert [r.name for r in results] == ["ext-did-0004 5551230010", "ext-did-0004 5551230020"]
    found = [(f.rule, f.location.line) for r in results for f in r.findings]
    assert sorted(found) == [("disconnect-on-error", 12), ("missing-repeat-option", 11)]
    assert results[1].findings == []  # both were the first IVR's


def test_a_flow_two_entries_hand_off_to_is_reported_once(tmp_path):
    """Two entry flows that both hand off to one shared flow make two IVRs that share its steps: a finding in the
    shared flow is one finding (the same rule, place and words), reported once, as the IVRs of one dialplan."""
    def flow(name, *actions):
        document = {"Version": "2019-10-30", "StartAction": actions[0]["Identifier"], "Actions": list(actions),
                    "Metadata": {"name": name}}
        (tmp_path / f"{name}.json").write_text(json.dumps(document))

    def say(ident, text, then):
        return {"Identifier": ident, "Type": "MessageParticipant", "Parameters": {"Text": text},
                "Transitions": {"NextAction": then}}

    def to_shared(ident):
        return {"Identifier": ident, "Type": "TransferToFlow", "Parameters": {"ContactFlowId": "shared"},
                "Transitions": {"NextAction": "end"}}

    end = {"Identifier": "end", "Type": "DisconnectParticipant", "Transitions": {}}
    flow("first", say("hi", "Welcome to the first line.", "go"), to_shared("go"), end)
    flow("second", say("hi", "Welcome to the second line.", "go"), to_shared("go"), end)
    flow("shared", {"Identifier": "menu", "Type": "GetParticipantInput",
                    "Parameters": {"Text": "Press 1 to hear our hours.", "InputTimeLimitSeconds": "5"},
                    "Transitions": {"NextAction": "end", "Conditions": [
                        {"NextAction": "hours", "Condition": {"Operator": "Equals", "Operands": ["1"]}}],
                        "Errors": [{"NextAction": "end", "ErrorType": "InputTimeLimitExceeded"},
                                   {"NextAction": "end", "ErrorType": "NoMatchingCondition"},
                                   {"NextAction": "end", "ErrorType": "NoMatchingError"}]}},
         say("hours", "We are open from nine to five. Goodbye.", "end"), end)
    results = pipeline.check([str(tmp_path / f"{n}.json") for n in ("first", "second", "shared")])
    found = [(f.rule, f.location.file, f.location.line, f.message) for r in results for f in r.findings
             if f.location.file.endswith("shared.json")]
    assert len(results) == 2 and found  # two IVRs, and the shared menu has findings (it hangs up on silence)
    assert len(found) == len(set(found))

"""ivr diff: comparing two versions of a menu, from files and from git, in every output format."""

from __future__ import annotations

import dataclasses
import json
import re
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from ivr.cli import cli
from ivr.compare.diff import (Difference, IntentChange, Thresholds, finding_changes, finding_key,
                              regressions)
from ivr.compare.verdict import intent_regressions, worst_first
from ivr.pipeline import compare_menus as compare
from ivr.model.findings import Finding, Severity
from ivr.graph.build import build_graph
from ivr.formats.native.loader import load_menu
from ivr.model.menu import Location
from ivr.present.diff import difference_words, escape, in_words, regression_words
from ivr.simulation import Callers, IntentResult, simulate

from tests.conftest import FIXTURES, git

DIFF = FIXTURES / "diff"
BASE, MOVED, CHANGED, WORSE = (str(DIFF / f"{name}.yaml") for name in ("base", "moved", "changed", "worse"))
EXACT = Callers(patience=0)


def run(*args):
    return CliRunner().invoke(cli, ["diff", *map(str, args)], catch_exceptions=False)


def diff_json(*args) -> dict:
    result = run(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# --- what changed --------------------------------------------------------------------------------------------

def test_known_changes_are_named_in_words():
    diff = compare(load_menu(BASE), load_menu(CHANGED), EXACT)
    assert [n.id for n in diff.added] == ["promo", "hold"]
    assert [n.id for n in diff.removed] == ["hours"]
    changes = {c.node: tuple(in_words(c.differences)) for c in diff.changed}
    assert changes == {
        "main": ('prompt rewritten: "...1. For our opening hours, press 2. To..." -> '
                 '"...1. For our latest offers, press 2. To..."',
                 "option 0 now leads to 'hold' (was 'agents')",
                 "option 2 now leads to 'promo' (was 'hours')",
                 'option 2 relabelled "Hours" -> "Offers"'),
        "account": ("on_fail added, leading to 'agents'", "retries 3 -> 1"),
    }
    assert diff.changed[0].location == Location(CHANGED, 8, 3)
    assert diff.menu_differences == []


def test_findings_introduced_and_fixed():
    diff = compare(load_menu(BASE), load_menu(CHANGED), EXACT)
    assert [(f.rule, f.node, f.location) for f in diff.introduced] == [("dead-end", "promo", Location(CHANGED, 26, 3))]
    assert [(f.rule, f.node, f.location) for f in diff.fixed] == [("disconnect-on-error", "account",
                                                                   Location(BASE, 16, 3))]


def test_intent_figures_are_the_simulators_on_each_side():
    diff = compare(load_menu(BASE), load_menu(CHANGED), EXACT)
    before = simulate(build_graph(load_menu(BASE)), EXACT)
    after = simulate(build_graph(load_menu(CHANGED)), EXACT)
    assert [c.name for c in diff.intents] == ["balance", "agent"]  # the worse resolved drop first
    for change in diff.intents:
        assert change.before == before.intents[change.name] and change.after == after.intents[change.name]
        for key in ("resolved", "reached_human", "mean_time_s"):
            assert change.change(key) == pytest.approx(getattr(change.after, key) - getattr(change.before, key))
    balance, agent = diff.intents
    assert balance.change("resolved") == pytest.approx(-0.112, abs=0.001)
    assert agent.change("mean_time_s") == pytest.approx(17.9, abs=0.1)  # the 20 s hold, on most agent paths


@pytest.mark.parametrize("callers", [EXACT, Callers()], ids=["exact", "montecarlo"])
@pytest.mark.parametrize("new", [BASE, MOVED], ids=["itself", "moved-lines"])
def test_only_moving_lines_changes_nothing_exactly(callers, new):
    diff = compare(load_menu(BASE), load_menu(new), callers)
    assert diff.unchanged
    assert (diff.added, diff.removed, diff.changed, diff.introduced, diff.fixed) == ([], [], [], [], [])
    for change in diff.intents:
        assert [change.change(k) for k in ("resolved", "reached_human", "mean_time_s")] == [0.0, 0.0, 0.0]
    assert regressions(diff) == []


def test_menu_level_changes_and_intents_added_and_removed(write_menu):
    text = Path(BASE).read_text()
    new = write_menu(text.replace("start: main", "start: account").replace(
        "  agent: {share: 1, goal: agents}", "  hours: {share: 1, goal: hours}"))
    diff = compare(load_menu(BASE), load_menu(new), EXACT)
    assert in_words(diff.menu_differences) == ["start now 'account' (was 'main')", "intent 'agent' removed",
                                               "intent 'hours' added"]
    assert [(c.name, c.before is None, c.after is None) for c in diff.intents] == [
        ("agent", False, True), ("balance", False, False), ("hours", True, False)]
    found = regressions(diff, Thresholds(1, 1, 1000))
    (removed,) = [r for r in found if r.intent]
    assert (removed.intent, removed.what, removed.before, removed.after) == ("agent", "intent_removed",
                                                                          pytest.approx(0.9, abs=1e-4), None)
    assert regression_words(removed) == "agent: intent removed (resolved 90.0% before)"


# the wording of ivr diff, which ivr.compare must not make (issue 11: compare returns data)
_WORDING = re.compile(r" -> |leads? to|leading to|relabelled|rewritten|reordered|\b(?:added|removed)\b")


def test_compare_gives_what_changed_as_data_not_words(write_menu):
    diff = compare(load_menu(BASE), load_menu(CHANGED), EXACT)
    main, account = diff.changed
    old_prompt, new_prompt = (load_menu(path).nodes["main"].prompt.texts[""] for path in (BASE, CHANGED))
    assert main.differences == (Difference("prompt", "", old_prompt, new_prompt),
                                Difference("option", "0", "agents", "hold"),  # a retarget: the targets
                                Difference("option", "2", "hours", "promo"),
                                Difference("option label", "2", "Hours", "Offers"))
    assert account.differences == (Difference("on_fail", None, None, "agents"), Difference("retries", None, 3, 1))
    text = Path(BASE).read_text()
    for was, now in (("ivr: Diff test line", "ivr: Other line"), ("start: main", "start: account"),
                     ("  agent: {share: 1, goal: agents}", "  hours: {share: 1, goal: hours}"),
                     ("balance: {share: 3, goal: balance}", "balance: {share: 2.5, goal: [balance, agents]}")):
        text = text.replace(was, now)
    new = write_menu(text)
    diff = compare(load_menu(BASE), load_menu(new), EXACT)
    assert diff.menu_differences == [
        Difference("name", None, "Diff test line", "Other line"), Difference("start", None, "main", "account"),
        Difference("intent", "agent", ("agents",), None),
        Difference("intent goal", "balance", ("balance",), ("balance", "agents")),
        Difference("intent share", "balance", 3, 2.5), Difference("intent", "hours", None, ("hours",))]
    for found in [d for c in diff.changed for d in c.differences], diff.menu_differences:
        for difference in found:
            values = [difference.field, difference.key, difference.before, difference.after]
            assert not [v for v in values if isinstance(v, str) and _WORDING.search(v)], difference


def test_branches_compare_as_data(write_menu):
    menu = textwrap.dedent("""\
        ivr: Branches
        start: hours
        intents:
          agent: {share: 1, goal: agents}
        nodes:
          hours:
            type: branch
            branches:
              - {when: open, goto: agents, p: 0.25}
              - {when: weekend, goto: closed}
            otherwise: closed
          agents: {type: transfer, queue: general}
          closed: {type: hangup, prompt: We are closed. Goodbye.}
        """)
    old = load_menu(write_menu(menu, "old.yaml"))

    def differences(*replacements: tuple[str, str]) -> list[Difference]:
        text = menu
        for was, now in replacements:
            text = text.replace(was, now)
        (node,) = compare(old, load_menu(write_menu(text, "new.yaml")), EXACT).changed
        return list(node.differences)

    assert differences(("p: 0.25", "p: 0.5")) == [Difference("branch probability", "open", 0.25, 0.5)]
    assert differences(("{when: weekend, goto: closed}", "{when: weekend, goto: agents}"),
                       ("otherwise: closed", "otherwise: agents")) == [
        Difference("otherwise", None, "closed", "agents"), Difference("branch", "weekend", "closed", "agents")]
    first, second = "      - {when: open, goto: agents, p: 0.25}\n", "      - {when: weekend, goto: closed}\n"
    reordered = differences((first + second, second + first))
    assert reordered == [Difference("branches order", None, ("open", "weekend"), ("weekend", "open"))]
    assert in_words(reordered) == ["branches reordered (the first case that holds is taken)"]
    assert differences((second, "")) == [Difference("branch", "weekend", "closed", None)]


@pytest.mark.parametrize("difference, words", [
    (Difference("type", None, "message", "hangup"), "type message -> hangup"),
    (Difference("prompt", "", "Hello there.", "Hello there, caller."),
     'prompt rewritten: "Hello there." -> "Hello there, caller."'),
    (Difference("prompt", "de", "Willkommen bei Parcelway. Für Deutsch drücken Sie die 2. Um mit uns zu sprechen",
                None), 'prompt (de) removed (was "Willkommen bei Parcelway. Für Deutsch drücken Sie die 2. ...")'),
    (Difference("prompt", "fr", None, "Bonjour,\n  texte   français."),
     'prompt (fr) added: "Bonjour, texte français."'),
    (Difference("option", "0", "agents", "hold"), "option 0 now leads to 'hold' (was 'agents')"),
    (Difference("option", "*", "tech", None), "option * removed (led to 'tech')"),
    (Difference("option", "7", None, "main"), "option 7 added, leading to 'main'"),
    (Difference("option label", "2", "Cards", None), 'option 2 relabelled "Cards" -> "none"'),
    (Difference("option label", "1", "Balances", "A very long label that goes on and on and on and on and on and "
                "beyond sixty characters"),
     'option 1 relabelled "Balances" -> "A very long label that goes on and on and on and on and o..."'),
    (Difference("goto", None, "main", None), "goto removed (led to 'main')"),
    (Difference("no_input", None, None, "main"), "no_input added, leading to 'main'"),
    (Difference("otherwise", None, "closed", "agents"), "otherwise now leads to 'agents' (was 'closed')"),
    (Difference("branch", "renamed 'x' cond", None, "team"), "branch 'renamed 'x' cond' added, leading to 'team'"),
    (Difference("branch probability", "weekend", 0.25, None), "branch 'weekend' probability 0.25 -> none"),
    (Difference("branch probability", "open", None, 0.8), "branch 'open' probability none -> 0.8"),
    (Difference("branches order", None, ("a", "b"), ("b", "a")),
     "branches reordered (the first case that holds is taken)"),
    (Difference("timeout", None, 6.0, 7.5), "timeout 6 -> 7.5"),
    (Difference("min_digits", None, 8, 3), "min digits 8 -> 3"),
    (Difference("max_digits", None, None, 12), "max digits none -> 12"),
    (Difference("queue", None, "card-security", "other|queue*"), "queue card-security -> other|queue*"),
    (Difference("name", None, "Northbridge Bank customer line",
                "A different and rather long menu name that goes beyond sixty characters easily"),
     'name "Northbridge Bank customer line" -> "A different and rather long menu name that goes beyond si..."'),
    (Difference("start", None, "welcome", "main"), "start now 'main' (was 'welcome')"),
    (Difference("language", None, "en", "de"), "language en -> de"),
    (Difference("intent", "brand_new", None, ("advisers",)), "intent 'brand_new' added"),
    (Difference("intent", "agent", ("agents",), None), "intent 'agent' removed"),
    (Difference("intent goal", "recent", ("transactions",), ("transactions", "advisers")),
     "intent 'recent' goal transactions -> transactions, advisers"),
    (Difference("intent share", "check_balance", 30.0, 1.5), "intent 'check_balance' share 30 -> 1.5"),
])
def test_the_present_layer_words_each_difference_as_before(difference, words):
    assert difference_words(difference) == words


def test_a_long_prompt_rewrite_shows_the_words_that_differ():
    before = "Welcome. For your balance, press 1. For our opening hours, press 2. To speak with an agent, press 0."
    after = before.replace("opening hours", "latest offers")
    assert difference_words(Difference("prompt", "", before, after)) == (
        'prompt rewritten: "...1. For our opening hours, press 2. To..." -> '
        '"...1. For our latest offers, press 2. To..."')


# --- findings matched by rule and node -----------------------------------------------------------------------

def _finding(rule, node, message, line=1, severity=Severity.ERROR):
    return Finding(rule, severity, Location("m.yaml", line, 1), node, message)


def test_findings_are_a_multiset_by_rule_and_node():
    a = _finding("unknown-target", "main", "option 1 goes to unknown node 'x'", 5)
    b = _finding("unknown-target", "main", "option 2 goes to unknown node 'y'", 6)
    b_moved = _finding("unknown-target", "main", "option 2 goes to unknown node 'y'", 60)
    introduced, fixed = finding_changes([a, b], [b_moved])
    assert introduced == [] and fixed == [a]  # the one whose message is gone
    introduced, fixed = finding_changes([b], [a, b_moved])
    assert introduced == [a] and fixed == []


def test_findings_about_no_node_match_by_message_without_numbers():
    slow = _finding("slow-goal", None, "the fastest way to the goal of intent 'x' takes 70 s (> 60 s)")
    slower = _finding("slow-goal", None, "the fastest way to the goal of intent 'x' takes 95 s (> 60 s)", 9)
    other = _finding("slow-goal", None, "the fastest way to the goal of intent 'y' takes 95 s (> 60 s)")
    assert finding_key(slow) == finding_key(slower) != finding_key(other)
    assert finding_changes([slow], [slower]) == ([], [])
    assert finding_changes([slow], [other]) == ([other], [slow])


# --- regressions ---------------------------------------------------------------------------------------------

def test_worse_pair_figures():
    document = diff_json(BASE, WORSE, "--patience", "0")
    agent = document["intents"]["agent"]
    assert agent["change"]["resolved"] == pytest.approx(-0.021, abs=0.001)
    assert agent["change"]["reached_human"] == pytest.approx(-0.021, abs=0.001)
    assert agent["change"]["mean_time_s"] == pytest.approx(17.2, abs=0.1)
    assert document["intents"]["balance"]["change"]["resolved"] == pytest.approx(-0.136, abs=0.001)
    assert [r["message"] for r in document["regressions"]] == [
        "balance: resolved 89.8% -> 76.2% (-13.6 points > 1.0)",
        "agent: resolved 90.0% -> 87.9% (-2.1 points > 1.0)",
        "agent: reached a person 90.0% -> 87.9% (-2.1 points > 1.0)",
        "agent: resolved calls take longer, mean 7.6 s -> 27.1 s (+19.5 s > 5)",
    ]


LOOSE = {"--max-resolved-drop": "1", "--max-human-drop": "1", "--max-time-increase": "1000"}


@pytest.mark.parametrize("option, below, above, message", [
    ("--max-resolved-drop", "0.13", "0.14", "balance: resolved 89.8% -> 76.2% (-13.6 points > 13.0)"),
    ("--max-human-drop", "0.02", "0.022", "agent: reached a person 90.0% -> 87.9% (-2.1 points > 2.0)"),
    ("--max-time-increase", "19.4", "19.6", "agent: resolved calls take longer, mean 7.6 s -> 27.1 s (+19.5 s > 19.4)"),
])
def test_fail_on_regression_at_each_threshold(option, below, above, message):
    loose = [x for key, value in LOOSE.items() if key != option for x in (key, value)]
    common = [BASE, WORSE, "--patience", "0", "--fail-on-regression", *loose]
    tripped = run(*common, option, below)
    assert tripped.exit_code == 1
    assert tripped.output.splitlines()[-2:] == ["Regressions:", f"  {message}"]
    passed = run(*common, option, above)
    assert passed.exit_code == 0 and "Regressions:" not in passed.output


def test_without_fail_on_regression_a_regression_exits_0():
    result = run(BASE, WORSE, "--patience", "0")
    assert result.exit_code == 0 and "4 regressions: callers are worse off." in result.output


def test_an_error_introduced_is_a_regression_whatever_the_thresholds():
    result = run(BASE, CHANGED, "--patience", "0", "--fail-on-regression", *[x for kv in LOOSE.items() for x in kv])
    assert result.exit_code == 1
    assert result.output.splitlines()[-1].startswith(f"  error introduced: dead-end at {CHANGED}:26:3: ")


def test_an_improvement_is_no_regression():
    assert run(WORSE, BASE, "--patience", "0", "--fail-on-regression").exit_code == 0


def test_monte_carlo_noise_is_not_a_regression():
    """Two seeds stand for two versions that draw different random numbers: few calls cannot tell them apart."""
    menu = load_menu(BASE)
    one, other = compare(menu, menu, Callers(), calls=400, seed=1), compare(menu, menu, Callers(), calls=400, seed=3)
    mixed = dataclasses.replace(one, intents=[IntentChange(c.name, c.before, other.after.intents[c.name])
                                              for c in one.intents])
    drops = [c.before.resolved - c.after.resolved for c in mixed.intents]
    assert max(drops) > 0.01  # beyond the threshold...
    assert [r for r in regressions(mixed) if r.what != "mean_resolved_time_s"] == []  # ...but within the noise
    assert [r.what for r in regressions(mixed, Thresholds(max(drops) / 2, 1, 1000))] == []
    exact_drop = dataclasses.replace(mixed.intents[0].after, calls=None)  # the same drop, exact: it counts
    exact = dataclasses.replace(mixed, intents=[dataclasses.replace(mixed.intents[0],
                                                                    before=dataclasses.replace(
                                                                        mixed.intents[0].before, calls=None),
                                                                    after=exact_drop)])
    assert ("resolved" in [r.what for r in regressions(exact)]) == (drops[0] > 0.01)


# --- the case: a pure fix is no regression, a real slow-down is -----------------------------------------

TYPO, FIXED, SLOW = (str(DIFF / f"{name}.yaml") for name in ("typo", "typo-fixed", "slow"))
METHODS = pytest.mark.parametrize("patience", ["0", "180"], ids=["exact", "montecarlo"])


@METHODS
def test_fixing_a_typo_is_no_regression_though_calls_get_longer(patience):
    """Option 0 pointed at 'transfer_tem': callers were cut off fast. Fixed, they reach the agent, slower."""
    result = run(TYPO, FIXED, "--patience", patience, "--fail-on-regression")
    assert result.exit_code == 0, result.output
    assert "No regression." in result.output
    document = diff_json(TYPO, FIXED, "--patience", patience)
    agent = document["intents"]["agent"]
    assert agent["before"]["resolved"] == 0 and agent["after"]["resolved"] > 0.89
    assert agent["change"]["mean_time_s"] > 20  # longer calls, to any outcome: information only
    assert agent["before"]["mean_resolved_time_s"] is None  # nobody was resolved: nothing to compare
    assert document["regressions"] == []


@METHODS
def test_the_typo_put_back_is_a_regression(patience):
    result = run(FIXED, TYPO, "--patience", patience, "--fail-on-regression")
    assert result.exit_code == 1
    assert re.search(r"^  agent: resolved 90\.\d% -> 0\.0% \(-90\.\d points > 1\.0\)$", result.output, re.M)


@METHODS
def test_a_real_slow_down_is_a_regression(patience):
    result = run(FIXED, SLOW, "--patience", patience, "--fail-on-regression")
    assert result.exit_code == 1, result.output
    regressed = result.output.split("Regressions:\n")[1].splitlines()
    assert regressed == ["  agent: resolved calls take longer, mean 30.1 s -> 65.1 s (+35.0 s > 5)"]


@METHODS
def test_a_speed_up_is_no_regression(patience):
    assert run(SLOW, FIXED, "--patience", patience, "--fail-on-regression").exit_code == 0


def _result(resolved: float, resolved_time: float, mean_time: float = 20.0, human: float = 0.0) -> IntentResult:
    return IntentResult(0.25, resolved, human, 0.0, 1 - resolved, 0.0, mean_time, None, 1.0,
                        mean_resolved_time_s=resolved_time)


def test_more_callers_resolved_is_never_outweighed_by_their_time():
    served = IntentChange("x", _result(0.5, 20.0), _result(0.9, 60.0), wants_person=False)
    assert intent_regressions(served, Thresholds()) == []
    slower = IntentChange("x", _result(0.9, 20.0), _result(0.9, 60.0), wants_person=False)
    assert [r.what for r in intent_regressions(slower, Thresholds())] == ["mean_resolved_time_s"]
    barely = IntentChange("x", _result(0.9, 20.0), _result(0.905, 60.0), wants_person=False)  # within 1 point
    assert [r.what for r in intent_regressions(barely, Thresholds())] == ["mean_resolved_time_s"]
    sooner_cut_off = IntentChange("x", _result(0.9, 20.0, 30.0), _result(0.9, 20.0, 10.0), wants_person=False)
    assert intent_regressions(sooner_cut_off, Thresholds()) == []


def test_the_table_puts_the_worst_regression_first_and_no_change_last():
    """The issue's larger edit: an unchanged intent was listed first, the real +19.8 s regression third."""
    same = IntentChange("same", _result(0.9, 30.0), _result(0.9, 30.0), wants_person=False)
    slower = IntentChange("slower", _result(0.9, 30.0), _result(0.9, 49.8), wants_person=False)
    fewer = IntentChange("fewer", _result(0.9, 30.0), _result(0.85, 30.0), wants_person=False)
    better = IntentChange("better", _result(0.5, 30.0), _result(0.9, 50.0), wants_person=False)
    tiny = IntentChange("tiny", _result(0.9, 30.0), _result(0.8999, 30.01), wants_person=False)
    gone = IntentChange("gone", _result(0.9, 30.0), None, wants_person=False)
    new = IntentChange("new", None, _result(0.9, 30.0), wants_person=False)
    order = worst_first([same, tiny, better, new, slower, fewer, gone])
    assert [c.name for c in order] == ["gone", "fewer", "slower", "better", "new", "same", "tiny"]


# --- output formats ------------------------------------------------------------------------------------------

def test_json_parses_back_with_the_exact_keys():
    document = diff_json(BASE, CHANGED, "--patience", "0")
    assert set(document) == {"old", "new", "name", "menu", "nodes", "findings", "intents", "simulation",
                             "regressions"}
    assert set(document["nodes"]) == {"added", "removed", "changed"}
    assert set(document["findings"]) == {"introduced", "fixed"}
    assert document["nodes"]["added"][0] == {"node": "promo", "type": "message", "file": CHANGED, "line": 26,
                                             "column": 3}
    assert document["nodes"]["changed"][1] == {"node": "account", "file": CHANGED, "line": 16, "column": 3,
                                               "changes": ["on_fail added, leading to 'agents'", "retries 3 -> 1"]}
    (introduced,) = document["findings"]["introduced"]
    assert set(introduced) == {"rule", "severity", "file", "line", "column", "node", "node_name", "message"}
    assert (introduced["rule"], introduced["file"], introduced["line"]) == ("dead-end", CHANGED, 26)
    assert list(document["intents"]) == ["balance", "agent"]
    balance = document["intents"]["balance"]
    assert set(balance) == {"before", "after", "change"}
    assert set(balance["change"]) == {"resolved", "reached_human", "mean_resolved_time_s", "mean_time_s"}
    assert balance["change"]["resolved"] == pytest.approx(balance["after"]["resolved"] - balance["before"]["resolved"],
                                                          abs=1e-5)
    assert document["simulation"]["method"] == "exact"


MARKDOWN_ROW = re.compile(r"^\| (.+) \|$")


def test_markdown_parses_back_and_escapes_user_text(write_menu):
    text = Path(BASE).read_text()
    old = write_menu(text.replace("ivr: Diff test line", "ivr: 'A|B <script> *line*'"), "old.yaml")
    new = write_menu(text.replace("ivr: Diff test line", "ivr: 'A|B <script> *line*'").replace(
        "Hours, goto: hours}", "'Hours | <b>', goto: hours}").replace("retries: 1\n", ""), "new.yaml")
    result = run(old, new, "--patience", "0", "--format", "markdown")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == r"### ivr diff: A\|B &lt;script&gt; \*line\*"
    assert lines[2].startswith(":white_check_mark: **No regression.** ")
    rows = [MARKDOWN_ROW.match(line).group(1) for line in lines if MARKDOWN_ROW.match(line)]
    assert rows[0].split(" | ") == ["intent", "resolved", "change", "reached a person", "change",
                                    "resolved calls (s)", "change", "any outcome (s)", "change"]
    cells = {row.split(" | ")[0]: row.split(" | ") for row in rows[2:]}
    assert set(cells) == {"balance", "agent"}
    assert cells["balance"][1:3] == ["89.8% → 89.8%", "0"]
    assert "<details>" in lines and "</details>" in lines
    assert r"  - option 2 relabelled \"Hours\" → \"Hours \| &lt;b&gt;\"".replace('\\"', '"') in lines
    assert "<b>" not in result.output and "<script>" not in result.output


def test_markdown_lists_regressions_and_findings_with_their_place():
    result = run(BASE, CHANGED, "--patience", "0", "--format", "markdown")
    text = result.output
    assert ":x: **3 regressions: callers are worse off.**" in text
    assert "- balance: resolved 89.8% → 78.6% (-11.2 points &gt; 1.0)" in text
    assert f"- introduced: `{CHANGED}:26:3` error **dead-end**: message 'promo' has no way forward" in text
    assert f"- fixed: `{BASE}:16:3` warning **disconnect-on-error**: input 'account'" in text


def test_markdown_escape():
    assert escape("a|b") == r"a\|b"
    assert escape("<img src=x>") == "&lt;img src=x&gt;"
    assert escape("# not a heading") == r"\# not a heading"
    assert escape("1. not a list") == r"1\. not a list"
    assert escape("two\nlines") == "two lines"


def test_text_output_and_output_file(tmp_path):
    target = tmp_path / "diff.txt"
    result = run(BASE, CHANGED, "--patience", "0", "-o", target)
    assert result.exit_code == 0 and result.output == ""
    text = target.read_text()
    assert text.startswith(f"Diff test line: {BASE} -> {CHANGED}\n3 regressions: callers are worse off.\n")
    assert "  balance  89.8% -> 78.6%   -11.2" in text
    assert f"  + promo (message) at {CHANGED}:26:3" in text and f"  - hours (message) was at {BASE}:24:3" in text


# --- bad input -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("side", ["old", "new"])
def test_a_bad_menu_on_either_side_exits_2_and_writes_nothing(write_menu, tmp_path, side):
    bad = write_menu("ivr: x\nstart: a\nnodes:\n  a: {type: message, prompt: Hi., gotoo: a}\n", "bad.yaml")
    target = tmp_path / "out.json"
    args = [bad, BASE] if side == "old" else [BASE, bad]
    result = CliRunner().invoke(cli, ["diff", *args, "-o", str(target)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{bad}:4:35: error: unknown field 'gotoo' in node 'a'")
    assert "Traceback" not in result.output and not target.exists()


def test_usage_errors_exit_2():
    assert run(BASE).exit_code == 2
    assert run(BASE, CHANGED, "--format", "xml").exit_code == 2
    assert run(BASE, CHANGED, "--max-resolved-drop", "2").exit_code == 2


# --- REV:PATH from git ---------------------------------------------------------------------------------------

@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A git repository with menus/m.yaml committed as base.yaml, then changed in the worktree."""
    (tmp_path / "menus").mkdir()
    menu = tmp_path / "menus" / "m.yaml"
    menu.write_text(Path(BASE).read_text())
    (tmp_path / "menus" / "bad.yaml").write_text("ivr: x\nstart: a\nnodes:\n  a: {type: message, prompt: Hi., gotoo: a}\n")
    git("init", "-q", cwd=tmp_path)
    git("add", ".", cwd=tmp_path)
    git("commit", "-q", "-m", "base", cwd=tmp_path)
    menu.write_text(Path(CHANGED).read_text())
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_old_version_from_git(repo):
    document = diff_json("HEAD:menus/m.yaml", "menus/m.yaml", "--patience", "0")
    assert (document["old"], document["new"]) == ("HEAD:menus/m.yaml", "menus/m.yaml")
    assert [n["node"] for n in document["nodes"]["removed"]] == ["hours"]
    (fixed,) = document["findings"]["fixed"]
    assert (fixed["file"], fixed["line"], fixed["column"]) == ("HEAD:menus/m.yaml", 16, 3)


def test_git_path_is_from_the_top_of_the_repository(repo, monkeypatch):
    monkeypatch.chdir(repo / "menus")
    assert diff_json("HEAD:menus/m.yaml", "m.yaml", "--patience", "0")["nodes"]["removed"][0]["node"] == "hours"
    assert diff_json("HEAD:./m.yaml", "m.yaml", "--patience", "0")["nodes"]["removed"][0]["node"] == "hours"


def test_an_existing_file_wins_over_rev_path(repo):
    (repo / "HEAD:menus").mkdir()
    (repo / "HEAD:menus" / "m.yaml").write_text(Path(CHANGED).read_text())
    assert diff_json("HEAD:menus/m.yaml", "menus/m.yaml", "--patience", "0")["nodes"]["removed"] == []


@pytest.mark.parametrize("source, message", [
    ("nosuch:menus/m.yaml", "no such file, and git cannot read it as REV:PATH: invalid object name 'nosuch'; "
                            "name a branch, tag or commit that exists"),
    ("HEAD:menus/zz.yaml", "no such file, and git cannot read it as REV:PATH: path 'menus/zz.yaml' does not exist "
                           "in 'HEAD'; PATH is relative to the top of the repository"),
    ("HEAD:menus", "this is a folder in git, not a file; name a menu file in it"),
    ("HEAD:", "no file after the colon; write REV:PATH"),
])
def test_git_errors_exit_2_with_a_message(repo, source, message):
    result = CliRunner().invoke(cli, ["diff", source, "menus/m.yaml"])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{source}:1:1: error: {message}")
    assert "Traceback" not in result.output


def test_a_bad_menu_in_git_is_located_in_its_revision(repo):
    result = CliRunner().invoke(cli, ["diff", "HEAD:menus/bad.yaml", "menus/m.yaml"])
    assert result.exit_code == 2
    assert result.stderr.startswith("HEAD:menus/bad.yaml:4:35: error: unknown field 'gotoo' in node 'a'")


def test_not_a_git_repository(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    result = CliRunner().invoke(cli, ["diff", "HEAD:menus/m.yaml", BASE])
    assert result.exit_code == 2
    assert "not a git repository" in result.stderr and "run ivr in the repository, or pass a file" in result.stderr


def test_git_not_installed(repo, monkeypatch):
    monkeypatch.setenv("PATH", str(repo / "no-programs-here"))
    result = CliRunner().invoke(cli, ["diff", "HEAD:menus/m.yaml", "menus/m.yaml"])
    assert result.exit_code == 2
    assert "needs the 'git' program, which is not installed" in result.stderr


def test_diff_lints_both_sides_with_the_configuration(tmp_path):
    config = tmp_path / "strict.yaml"
    config.write_text("ignore: [dead-end]\n", encoding="utf-8")
    document = diff_json(BASE, CHANGED, "--patience", "0", "--config", config)
    assert document["findings"]["introduced"] == []
    result = run(BASE, CHANGED, "--patience", "0", "--fail-on-regression", "--config", config)
    assert "dead-end" not in result.output
    config.write_text("rules:\n  dead-end: {severity: info}\n", encoding="utf-8")
    document = diff_json(BASE, CHANGED, "--patience", "0", "--config", config)
    assert [(f["rule"], f["severity"]) for f in document["findings"]["introduced"]] == [("dead-end", "info")]

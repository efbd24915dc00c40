"""Every rule: registered, documented, and proven by fixtures that must fail and must pass.

A fixture marks each line where a finding is expected with ``# expect: rule-id``
(several ids separated by commas). Fail fixtures must produce exactly the
marked findings, of any rule; pass fixtures must produce none at all.
"""

from __future__ import annotations

import importlib
import pkgutil
import re

import pytest

import ivr.rules
from ivr.model.findings import Severity
from ivr.pipeline import check_file
from ivr.rules.api import documentation, summary
from ivr.rules.registry import REGISTRY

from conftest import FIXTURES, ROOT

RULE_FIXTURES = FIXTURES / "rules"
EXPECT = re.compile(r"#\s*expect:\s*(.+)$")
SECTIONS = ("## What it does", "## Why is this bad?", "## Example", "## Use instead", "## Options")


def expected_findings(path) -> set[tuple[int, str]]:
    found = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        match = EXPECT.search(line)
        if match:
            found.update((number, rule.strip()) for rule in match.group(1).split(","))
    return found


def fixtures(kind: str):
    return sorted(RULE_FIXTURES.glob(f"*/{kind}*.yaml"))


#: The modules of ivr/rules/ that are not rules: the protocol, the registry, the runner, suppressions.
MACHINERY = {"api", "registry", "runner", "suppressions"}


def test_every_rule_module_is_registered():
    modules = {
        importlib.import_module(f"ivr.rules.{m.name}")
        for m in pkgutil.iter_modules(ivr.rules.__path__)
        if m.name not in MACHINERY
    }
    assert modules == set(REGISTRY.values())
    for rule_id, rule in REGISTRY.items():
        assert rule.ID == rule_id
        assert rule.__name__.rsplit(".", 1)[1] == rule_id.replace("-", "_")


@pytest.mark.parametrize("rule_id", REGISTRY)
def test_rule_is_documented(rule_id):
    rule = REGISTRY[rule_id]
    doc = documentation(rule)
    positions = [doc.find(section) for section in SECTIONS]
    assert -1 not in positions, f"{rule_id} lacks a section of {SECTIONS}"
    assert positions == sorted(positions)
    assert summary(rule).endswith(".") and len(summary(rule)) < 100
    assert isinstance(rule.SEVERITY, Severity)
    assert "```yaml" in doc


@pytest.mark.parametrize("rule_id", REGISTRY)
def test_rule_has_fixtures_and_readme_entry(rule_id):
    folder = RULE_FIXTURES / rule_id
    assert list(folder.glob("fail*.yaml")), f"no failing fixture for {rule_id}"
    assert list(folder.glob("pass*.yaml")), f"no passing fixture for {rule_id}"
    assert any(rule_id in n for _, n in expected_findings_all(folder)), f"{rule_id}'s fail fixtures never expect it"
    assert f"`{rule_id}`" in (ROOT / "README.md").read_text(encoding="utf-8")


def expected_findings_all(folder):
    return {item for path in folder.glob("fail*.yaml") for item in expected_findings(path)}


def test_no_fixture_folder_without_a_rule():
    assert {p.name for p in RULE_FIXTURES.iterdir()} == set(REGISTRY)


@pytest.mark.parametrize("path", fixtures("fail"), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_failing_fixture(path):
    result = check_file(path)
    assert result.errors == []
    got = {(f.location.line, f.rule) for f in result.findings}
    assert got == expected_findings(path)


@pytest.mark.parametrize("path", fixtures("pass"), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_passing_fixture(path):
    result = check_file(path)
    assert result.errors == []
    assert [f"{f.location}: {f.rule}: {f.message}" for f in result.findings] == []


def _findings(path, rule):
    return [f for f in check_file(path).findings if f.rule == rule]


def test_no_path_to_human_is_an_error_at_start_and_a_warning_elsewhere():
    findings = _findings(RULE_FIXTURES / "no-path-to-human" / "fail.yaml", "no-path-to-human")
    assert [(f.node, f.severity) for f in findings] == [
        ("main", Severity.ERROR),
        ("outages", Severity.WARNING),
    ]


def test_no_human_option_is_an_error_at_the_first_menu_and_a_warning_elsewhere():
    findings = _findings(RULE_FIXTURES / "no-human-option" / "fail.yaml", "no-human-option")
    assert [(f.node, f.severity) for f in findings] == [
        ("main", Severity.ERROR),
        ("billing", Severity.WARNING),
    ]


def test_standards_messages_carry_figures():
    (deep,) = _findings(RULE_FIXTURES / "deep-human" / "fail.yaml", "deep-human")
    assert deep.message.startswith("4 menus before the first way to a person (> 3): main > accounts > savings > rates")
    (slow,) = _findings(RULE_FIXTURES / "slow-human" / "fail.yaml", "slow-human")
    assert "takes 92 s (> 90 s)" in slow.message and "'welcome' (19 s)" in slow.message
    (many,) = _findings(RULE_FIXTURES / "too-many-options" / "fail.yaml", "too-many-options")
    assert "6 options (> 5)" in many.message
    (deep_menu,) = _findings(RULE_FIXTURES / "too-deep" / "fail.yaml", "too-deep")
    assert "5 levels deep (> 4): main > level2 > level3 > level4 > level5" in deep_menu.message
    long = _findings(RULE_FIXTURES / "long-prompt" / "fail.yaml", "long-prompt")
    assert ["25 s (> 20 s)" in long[0].message, "63 words (> 60)" in long[1].message,
            "in 'de': 64 words (> 60)" in long[2].message] == [True, True, True]


def test_options_change_the_limits():
    from ivr.graph.build import build_graph
    from ivr.formats.native.loader import load_menu
    from ivr.rules import too_many_options

    graph = build_graph(load_menu(RULE_FIXTURES / "too-many-options" / "pass.yaml"))
    assert list(too_many_options.check(graph, {"max": 5})) == []
    (problem,) = too_many_options.check(graph, {"max": 4})
    assert problem.node == "accounts" and "5 options (> 4)" in problem.message


def test_inescapable_loop_names_each_loop_once():
    findings = _findings(RULE_FIXTURES / "inescapable-loop" / "fail.yaml", "inescapable-loop")
    assert len(findings) == 2
    assert "3 nodes" in findings[0].message
    assert "info, hours, holidays" in findings[0].message
    assert findings[0].nodes == ("info", "hours", "holidays")
    assert findings[1].node == "address" and findings[1].nodes == ("address",)


def test_messages_carry_figures_and_suggestions():
    unknown = _findings(RULE_FIXTURES / "unknown-target" / "fail.yaml", "unknown-target")
    assert "did you mean 'balance'?" in unknown[1].message
    disconnect = _findings(RULE_FIXTURES / "disconnect-on-error" / "fail.yaml", "disconnect-on-error")
    assert "after 3 failed attempts" in disconnect[0].message
    duplicate = _findings(RULE_FIXTURES / "duplicate-key" / "fail.yaml", "duplicate-key")
    assert "first on line 9" in duplicate[1].message


def test_retries_are_counted_in_disconnect_message(write_menu):
    path = write_menu("""
        ivr: One try
        start: main
        nodes:
          main:
            type: menu
            prompt: Press 0 for an agent.
            retries: 1
            options:
              "0": {goto: agents}
          agents: {type: transfer, queue: general}
    """)
    (finding,) = _findings(path, "disconnect-on-error")
    assert "after 1 failed attempt " in finding.message


def test_unknown_start_does_not_flood_other_rules(write_menu):
    path = write_menu("""
        ivr: Typo in start
        start: mian
        nodes:
          main:
            type: menu
            prompt: Press 0 for an agent.
            options:
              "0": {goto: agents}
              "9": {goto: main}
            on_fail: agents
          agents: {type: transfer, queue: general, prompt: "Sorry for the wait, about 2 minutes."}
    """)
    assert [(f.rule, f.location.line) for f in check_file(path).findings] == [("unknown-target", 2)]


def test_rules_stay_linear_on_long_chains(write_menu):
    # 3,000 menus in one ring, each with a way out: cycle enumeration would explode, reachability does not.
    lines = ["ivr: Ring", "start: m0", "nodes:",
             '  agents: {type: transfer, queue: q, prompt: "Sorry for the wait, about 2 minutes."}']
    n = 3000
    for i in range(n):
        lines += [f"  m{i}:", "    type: menu", "    prompt: Welcome. Next." if i == 0 else "    prompt: Next.", "    options:",
                  f"      1: {{goto: m{(i + 1) % n}}}", f"      2: {{goto: m{(i * 7 + 3) % n}}}",
                  "      0: {goto: agents}", f"      9: {{goto: m{i}}}", "    on_fail: agents"]
    path = write_menu("\n".join(lines) + "\n")
    # a ring of menus is deep: too-deep names only the menus at the first level too deep
    findings = check_file(path).findings
    assert findings and {f.rule for f in findings} == {"too-deep"}
    assert all("is 5 levels deep (> 4)" in f.message for f in findings)


def test_closed_side_in_a_language_without_words_is_not_judged(write_menu):
    menu = """
        ivr: Chiuso
        start: main
        language: {lang}
        nodes:
          main:
            type: menu
            prompt: Benvenuti. Premere 1 per la fatturazione, 0 per un operatore, 9 per ripetere.
            options:
              "1": {{goto: hours}}
              "0": {{goto: agents}}
              "9": {{goto: main}}
            on_fail: agents
          hours:
            type: branch
            branches:
              - {{when: office hours, goto: agents}}
            otherwise: bye
          bye: {{type: hangup, prompt: Siamo chiusi. Grazie e arrivederci.}}
          agents: {{type: transfer, queue: general, prompt: Attendere prego.}}
    """
    assert _findings(write_menu(menu.format(lang="it")), "closed-without-fallback") == []
    (finding,) = _findings(write_menu(menu.format(lang="en")), "closed-without-fallback")
    assert finding.node == "hours" and "hangup 'bye'" in finding.message


def test_every_word_file_has_every_label_list():
    from ivr import phrases

    assert {"en", "de", "nl", "hu", "fr", "es"} <= set(phrases.languages())
    for language in phrases.languages():
        for kind in phrases.LABEL_LISTS:
            assert phrases.mentions("", language, kind) is False, (language, kind)
    assert phrases.mentions("Wir rufen Sie morgen zurück", "de-AT", "fallback") is True
    assert phrases.mentions("anything", "it", "fallback") is None
    assert phrases.mentions_any("Ismétlés", "repeat") and not phrases.mentions_any("Balance", "repeat")
    # a label phrase matches at the start of a word: "callback" also finds "callbacks", not "recallback"
    assert phrases.mentions("We offer callbacks", "en", "fallback")
    assert not phrases.mentions("Press 1 to recallback", "en", "fallback")

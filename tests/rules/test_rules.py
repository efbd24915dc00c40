"""Every rule: registered, documented, in the README; what its cases cannot say.

The findings each rule must and must not report are its cases,
``tests/fixtures/rules/<rule-id>/cases.yaml``, run by ``tests/rules/test_rule_cases.py``.
"""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import ivr.rules
from ivr.model.findings import Severity
from ivr.pipeline import check_file
from ivr.rules.api import documentation, summary
from ivr.rules.registry import REGISTRY

from tests.conftest import FIXTURES, ROOT

RULE_FIXTURES = FIXTURES / "rules"
SECTIONS = ("## What it does", "## Why is this bad?", "## Example", "## Use instead", "## Options")


#: The modules of ivr/rules/ that are not rules: the protocol, the registry, the runner, suppressions.
MACHINERY = {"api", "registry", "runner", "suppressions", "measured"}


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
    # the example is ivr's YAML, or the platform source of a rule only a platform's files can break (skipped-line:
    # an Asterisk dialplan, dead-code: VoiceXML, transfer-failure-hangup: a Studio flow's JSON)
    assert "```yaml" in doc or "```ini" in doc or "```xml" in doc or "```json" in doc


@pytest.mark.parametrize("rule_id", REGISTRY)
def test_rule_has_a_readme_row(rule_id):
    assert f"`{rule_id}`" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_inescapable_loop_names_the_nodes_of_each_loop():
    # the messages are in its cases; the nodes are what the diagram and the report highlight
    findings = check_file(RULE_FIXTURES / "inescapable-loop" / "fail.yaml").findings
    assert [f.nodes for f in findings if f.rule == "inescapable-loop"] == [("info", "hours", "holidays"), ("address",)]


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

"""The example menus in menus/: the clean ones stay clean, the before-review one shows its faults."""

from __future__ import annotations

import pytest

from ivr.pipeline import check_file

from tests.conftest import ROOT

MENUS = ROOT / "menus"
CLEAN = ["bank.yaml", "telecom.yaml", "airline.yaml", "multilingual.yaml"]


def test_the_examples_are_all_there():
    assert sorted(p.name for p in MENUS.glob("*.yaml")) == sorted(CLEAN + ["telecom-before-review.yaml"])


@pytest.mark.parametrize("name", CLEAN)
def test_clean_menus_have_no_findings(name):
    result = check_file(MENUS / name)
    assert result.errors == []
    assert [f"{f.location}: {f.rule}: {f.message}" for f in result.findings] == []
    assert len(result.findings) == 0


def test_before_review_menu_shows_the_faults_real_menus_have():
    result = check_file(MENUS / "telecom-before-review.yaml")
    assert result.errors == []
    assert {(f.rule, f.node) for f in result.findings} == {
        ("disconnect-on-error", "main"),  # no_input hangs up
        ("unknown-target", "tech"),  # option 3 leads nowhere
        ("disconnect-on-error", "outage_zip"),
        ("disconnect-on-error", "outage_menu"),
        ("no-path-to-human", "outage_menu"),  # self-service loop with no agent
        ("missing-repeat-option", "main"),  # no "press 9 to hear these options again"
        ("missing-repeat-option", "billing"),
        ("missing-repeat-option", "tech"),
        ("missing-repeat-option", "cancel"),
        ("duplicate-key", "cancel"),
        ("dead-end", "transfer_pin"),
        ("unreachable-node", "holiday_promo"),
        ("unexplained-wait", "billing_agents"),  # "please hold" into the queue, no apology or estimate
    }


def test_multilingual_menu_speaks_four_languages():
    text = (MENUS / "multilingual.yaml").read_text(encoding="utf-8")
    for language in ("en", "de", "nl", "hu"):
        assert f"\n      {language}: " in text


@pytest.mark.parametrize("name", CLEAN + ["telecom-before-review.yaml"])
def test_examples_declare_intents(name):
    from ivr.formats.native.loader import load_menu

    intents = load_menu(MENUS / name).intents
    assert len(intents) >= 4
    assert "talk_to_someone" in intents


def test_before_and_after_review_declare_the_same_intents():
    from ivr.formats.native.loader import load_menu

    before = load_menu(MENUS / "telecom-before-review.yaml").intents
    after = load_menu(MENUS / "telecom.yaml").intents
    assert {n: (i.share, [g.target for g in i.goals]) for n, i in before.items()} == {
        n: (i.share, [g.target for g in i.goals]) for n, i in after.items()}

"""The compare layer's regressions are figures (what got worse, before, after, the threshold passed);
the presentation words them, the same words as before they were data."""

from __future__ import annotations

import math
import textwrap

import pytest

from ivr import pipeline
from ivr.compare.diff import IntentChange, Thresholds
from ivr.compare.queues import QueueChange, QueueSide, QueueThresholds, queue_regressions
from ivr.compare.verdict import KINDS, Regression, intent_regressions, regressions
from ivr.formats.native.loader import load_menu
from ivr.pipeline.staffing import WhatIf
from ivr.present.diff import regression_words
from ivr.simulation import Callers, IntentResult

LINE = """
    ivr: Line
    start: main
    intents:
      bill: {share: 3, goal: billing}
      sale: {share: 1, goal: sales}
    nodes:
      main:
        type: menu
        prompt: Billing 1, sales 2.
        duration: 10
        options:
          1: {goto: billing}
          2: {goto: sales}
      billing: {type: transfer, queue: billing}
      sales: {type: transfer, queue: sales}
"""
#: sales callers now go to billing too
PUSHED = LINE.replace("2: {goto: sales}", "2: {goto: billing}")
EXACT = Callers(accuracy=1, no_input=0, patience=0)


def _menu(write_menu, text: str, name: str = "menu.yaml"):
    return load_menu(write_menu(textwrap.dedent(text)[1:], name))


def _result(resolved: float, resolved_time: float, human: float = 0.0) -> IntentResult:
    return IntentResult(0.25, resolved, human, 0.0, 1 - resolved, 0.0, 20.0, None, 1.0,
                        mean_resolved_time_s=resolved_time)


def test_intent_regressions_carry_their_figures():
    thresholds = Thresholds(resolved_drop=0.02, human_drop=0.03, time_increase=4)
    change = IntentChange("pay", _result(0.9, 20.0, human=0.5), _result(0.7, 30.0, human=0.4), wants_person=True)
    resolved, human, slower = intent_regressions(change, thresholds)
    assert (resolved.intent, resolved.what, resolved.before, resolved.after, resolved.limit) == (
        "pay", "resolved", 0.9, 0.7, 0.02)
    assert resolved.size == pytest.approx(0.2)
    assert (human.what, human.before, human.after, human.limit, human.size) == (
        "reached_human", 0.5, 0.4, 0.03, pytest.approx(0.1))
    assert (slower.what, slower.before, slower.after, slower.limit, slower.size) == (
        "mean_resolved_time_s", 20.0, 30.0, 4, 10.0)
    gone = IntentChange("pay", _result(0.9, 20.0), None, wants_person=False)
    assert intent_regressions(gone, thresholds) == [Regression("pay", "intent_removed", before=0.9, size=0.9)]


def test_an_error_introduced_is_the_finding_itself(write_menu):
    base = _menu(write_menu, LINE)
    broken = _menu(write_menu, LINE.replace("billing: {type: transfer, queue: billing}",
                                            "billing: {type: message, prompt: Bye.}"), "broken.yaml")
    diff = pipeline.compare_menus(base, broken, EXACT)
    (error,) = [r for r in regressions(diff) if r.what == "error_introduced"]
    assert error.intent is None and error.finding in diff.introduced and error.finding.rule == "dead-end"


def test_queue_regressions_carry_the_queue_its_shares_and_figures(write_menu, tmp_path):
    old, new = (write_menu(textwrap.dedent(text)[1:], name) for text, name in ((LINE, "old.yaml"),
                                                                                (PUSHED, "new.yaml")))
    staffing = tmp_path / "staffing.yaml"
    staffing.write_text("calls_per_hour: 250\npatience: 30\nqueues:\n  billing: {agents: 6, handling_time: 72}\n")
    compared = pipeline.compare_sources(old, new, EXACT, staffing=WhatIf(file=str(staffing)),
                                        queue_thresholds=QueueThresholds(wait_increase=1.0))
    queued = [r for r in compared.regressions if r.queue]
    assert [(r.what, r.queue, r.shares) for r in queued] == [("queue_wait", "billing", (0.75, 1.0)),
                                                             ("queue_abandon", "billing", (0.75, 1.0))]
    billing = next(c for c in compared.queues.changes if c.queue == "billing")
    wait, abandon = queued
    assert (wait.before, wait.after, wait.limit) == (billing.before.wait, billing.after.wait, 1.0)
    assert wait.size == pytest.approx(billing.after.wait - billing.before.wait)
    assert (abandon.before, abandon.after, abandon.limit) == (billing.before.abandon, billing.after.abandon, 0.01)
    assert compared.queues.calls_per_hour == 250
    overloaded = pipeline.compare_sources(old, new, EXACT, staffing=WhatIf(calls_per_hour=250, agents={"billing": 4},
                                                                           handling_time={"billing": 72}))
    (endless,) = [r for r in overloaded.regressions if r.queue]
    assert (endless.what, endless.after, endless.limit, endless.shares) == ("queue_wait", math.inf, None, (0.75, 1.0))


def test_a_queue_overloaded_on_both_sides_is_no_regression():
    """More calls to a queue already overloaded leave its wait without end: nothing got worse (it read
    "0.0 s -> without end", the overloaded side taken for an unstaffed one)."""
    endless = QueueChange("billing", QueueSide(0.5, 125.0, None, overloaded=True),
                          QueueSide(0.75, 187.5, None, overloaded=True))
    assert queue_regressions([endless]) == []
    newly = QueueChange("billing", QueueSide(0.5, 125.0, None), QueueSide(0.75, 187.5, None, overloaded=True))
    (regression,) = queue_regressions([newly])
    assert (regression.what, regression.before, regression.after) == ("queue_wait", 0.0, math.inf)


def test_no_regression_holds_words(write_menu, tmp_path):
    """Words are the presentation's: the compare layer's strings are names and kinds only."""
    old, new = write_menu(textwrap.dedent(LINE)[1:], "old.yaml"), write_menu(textwrap.dedent(PUSHED)[1:], "new.yaml")
    compared = pipeline.compare_sources(old, new, EXACT, thresholds=Thresholds(0.0, 0.0, 0.0),
                                        staffing=WhatIf(calls_per_hour=250, agents={"billing": 6, "sales": 2},
                                                        handling_time={"billing": 72, "sales": 72}, patience=30),
                                        queue_thresholds=QueueThresholds(wait_increase=1.0))
    assert {r.what for r in compared.regressions} == {"resolved", "error_introduced", "queue_wait", "queue_abandon"}
    for regression in compared.regressions:
        assert regression.what in KINDS
        strings = [v for v in (regression.intent, regression.queue) if v is not None]
        assert all(s in ("bill", "sale", "billing", "sales") for s in strings), regression
        assert regression_words(regression)  # and the presentation can word each kind


@pytest.mark.parametrize("regression, words", [
    (Regression("pay", "intent_removed", before=0.9, size=0.9), "pay: intent removed (resolved 90.0% before)"),
    (Regression("pay", "resolved", 0.9, 0.75, 0.01, 0.15), "pay: resolved 90.0% -> 75.0% (-15.0 points > 1.0)"),
    (Regression("pay", "reached_human", 0.5, 0.4, 0.02, 0.1),
     "pay: reached a person 50.0% -> 40.0% (-10.0 points > 2.0)"),
    (Regression("pay", "mean_resolved_time_s", 20.0, 31.5, 5.0, 11.5),
     "pay: resolved calls take longer, mean 20.0 s -> 31.5 s (+11.5 s > 5)"),
    (Regression(None, "queue_wait", 12.0, 40.5, 10.0, 28.5, "billing", (0.5, 0.75)),
     "queue billing: 50.0% -> 75.0% of the calls; average speed of answer 12.0 s -> 40.5 s (+28.5 s > 10)"),
    (Regression(None, "queue_wait", 12.0, math.inf, None, math.inf, "billing", (0.5, 0.75)),
     "queue billing: 50.0% -> 75.0% of the calls; its callers never hang up and its load reaches its agents: "
     "the wait grows without end"),
    (Regression(None, "queue_abandon", 0.02, 0.05, 0.01, 0.03, "billing", (0.5, 0.75)),
     "queue billing: 50.0% -> 75.0% of the calls; hang up in the queue 2.0% -> 5.0% (+3.0 points > 1.0)"),
])
def test_the_presentation_words_each_kind(regression, words):
    assert regression_words(regression) == words

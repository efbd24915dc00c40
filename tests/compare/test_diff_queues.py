"""ivr diff with the queues' staffing: more calls into a queue with a longer wait or more hang-ups regress."""

from __future__ import annotations

import re

import json

from click.testing import CliRunner

from ivr.cli import cli

OLD = """
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
NEW = OLD.replace("2: {goto: sales}", "2: {goto: billing}")
STAFFING = "calls_per_hour: 250\nqueues:\n  billing: {agents: 6, handling_time: 72}\n  sales: {agents: 2, handling_time: 72}\n"
EXACT = ("--patience", "0", "--accuracy", "1", "--no-input", "0")


def run(*args):
    return CliRunner().invoke(cli, ["diff", *map(str, args)])


def test_more_calls_into_a_queue_with_a_longer_wait_regress(write_menu, tmp_path):
    old, new = write_menu(OLD, "old.yaml"), write_menu(NEW, "new.yaml")
    staffing = tmp_path / "staffing.yaml"
    staffing.write_text(STAFFING)
    result = run(old, new, *EXACT, "--staffing", staffing, "--fail-on-regression")
    assert result.exit_code == 1, result.output
    # billing: 187.5 -> 250 calls per hour at 72 s on 6 agents (3.75 -> 5 Erlangs): the wait grows
    assert "queue billing: 75.0% -> 100.0% of the calls; average speed of answer" in result.stdout
    assert "Queues at 250 calls per hour" in result.stdout
    relaxed = run(old, new, *EXACT, "--staffing", staffing, "--max-wait-increase", 1000)
    assert "queue billing" not in relaxed.stdout.split("Queues at")[0]


def test_abandonment_threshold_and_json(write_menu, tmp_path):
    old, new = write_menu(OLD, "old.yaml"), write_menu(NEW, "new.yaml")
    staffing = tmp_path / "staffing.yaml"
    staffing.write_text(STAFFING + "patience: 30\n")
    document = json.loads(run(old, new, *EXACT, "--staffing", staffing, "--max-wait-increase", 1000,
                              "--format", "json").stdout)
    whats = [r["what"] for r in document["regressions"]]
    assert "queue_abandon" in whats and "queue_wait" not in whats
    billing = document["queues"]["queues"]["billing"]
    assert billing["after"]["p_abandon"] > billing["before"]["p_abandon"]
    assert billing["before"]["share"] == 0.75 and billing["after"]["share"] == 1.0
    assert document["queues"]["queues"]["sales"]["after"]["average_speed_of_answer_s"] is None
    loose = json.loads(run(old, new, *EXACT, "--staffing", staffing, "--max-wait-increase", 1000,
                           "--max-abandon-increase", 1, "--format", "json").stdout)
    assert not [r for r in loose["regressions"] if r["what"].startswith("queue")]


def test_a_queue_pushed_past_its_agents_regresses_without_an_infinite_number(write_menu):
    old, new = write_menu(OLD, "old.yaml"), write_menu(NEW, "new.yaml")
    result = run(old, new, *EXACT, "--calls-per-hour", 250, "--agents", "billing=4", "--handling-time",
                 "billing=72", "--format", "markdown")
    assert result.exit_code == 0
    assert "queue billing: 75.0% → 100.0% of the calls; its callers never hang up" in result.stdout
    assert "without end" in result.stdout and not re.search(r"\binf\b|\bnan\b", result.stdout)


def test_without_staffing_the_diff_is_as_before(write_menu):
    result = run(write_menu(OLD, "old.yaml"), write_menu(NEW, "new.yaml"), *EXACT, "--format", "json")
    document = json.loads(result.stdout)
    assert "queues" not in document
    assert not [r for r in document["regressions"] if r["what"].startswith("queue")]


def test_staffing_in_one_version_is_used_for_both(write_menu):
    section = "    queues:\n" + "".join(f"      {line}\n" for line in STAFFING.splitlines())
    old, new = write_menu(OLD, "old.yaml"), write_menu(NEW + section, "new.yaml")
    document = json.loads(run(old, new, *EXACT, "--format", "json").stdout)
    assert document["queues"]["queues"]["billing"]["before"]["average_speed_of_answer_s"] > 0
    assert "queue_wait" in [r["what"] for r in document["regressions"]]


def test_queue_names_are_escaped_in_the_queues_block(write_menu, tmp_path):
    """A queue's name is the menu's text: its control characters never reach the terminal raw, and in
    Markdown a ``|`` does not split the table's cells."""
    name = r'"bill|ing\e[31m"'
    old = write_menu(OLD.replace("queue: billing}", f"queue: {name}}}"), "old.yaml")
    new = write_menu(NEW.replace("queue: billing}", f"queue: {name}}}"), "new.yaml")
    staffing = tmp_path / "staffing.yaml"
    staffing.write_text(STAFFING.replace("billing:", f"{name}:"))
    text = run(old, new, *EXACT, "--staffing", staffing).stdout
    block = text.split("Queues at")[1]
    assert "\x1b" not in text and r"bill|ing\x1b[31m" in block
    markdown = run(old, new, *EXACT, "--staffing", staffing, "--format", "markdown").stdout
    (row,) = [line for line in markdown.split("Queues at")[1].splitlines() if "bill" in line]
    assert "\x1b" not in markdown and row.startswith(r"| bill\|ing"), row  # one cell, not two

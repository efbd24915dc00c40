"""ivr staff: the fewest agents per queue for a service-level target."""

from __future__ import annotations

import json

from click.testing import CliRunner

from ivr.cli import cli

#: Every call goes to one queue.
ONE_QUEUE = """
    ivr: One queue
    start: hello
    nodes:
      hello: {type: message, prompt: Thank you for calling., goto: support}
      support: {type: transfer, queue: support}
"""

LOAD = ("--calls-per-hour", "200", "--handling-time", "support=180")


def run(*args):
    return CliRunner().invoke(cli, list(map(str, args)))


def test_the_textbook_line_needs_14_agents_for_80_20(write_menu):
    menu = write_menu(ONE_QUEUE)
    result = run("staff", menu, "--service-level", "80/20", *LOAD, "--queue-patience", "none")
    assert result.exit_code == 0, result.stderr
    row = next(line for line in result.stdout.splitlines() if line.startswith("support"))
    assert row.split() == ["support", "100.0%", "200.0", "180", "never", "-", "14", "88.8%"]
    # and 13 give 79.6%: what ivr simulate says with 13 agents
    thirteen = json.loads(run("simulate", menu, "--format", "json", "--agents", "support=13", *LOAD).stdout)
    assert round(thirteen["queues"]["figures"]["support"]["service_level"], 3) == 0.796


def test_callers_who_hang_up_need_fewer_agents_json(write_menu):
    menu = write_menu(ONE_QUEUE)
    result = run("staff", menu, "--service-level", "80/20", *LOAD, "--queue-patience", "120", "--format", "json")
    document = json.loads(result.stdout)
    assert document["target"] == {"share": 0.8, "seconds": 20.0}
    assert document["queues"]["support"]["agents"] == 12
    assert round(document["queues"]["support"]["service_level"], 3) == 0.826


def test_staffing_from_the_menu_and_agents_now(write_menu):
    menu = write_menu(ONE_QUEUE + "    queues:\n      calls_per_hour: 200\n      service_level: 80/20\n"
                                  "      queues:\n        support: {agents: 10, handling_time: 180}\n")
    result = run("staff", menu, "--service-level", "95/180")
    assert result.exit_code == 0, result.stderr
    row = next(line for line in result.stdout.splitlines() if line.startswith("support"))
    assert row.split()[5:7] == ["10", "13"]  # 10 now; 95% within 3 minutes needs 13


def test_staff_bad_input_is_exit_2_without_traceback(write_menu):
    menu = write_menu(ONE_QUEUE)
    missing = run("staff", menu, "--service-level", "80/20")
    assert missing.exit_code == 2 and "no calls per hour" in missing.stderr
    no_handling = run("staff", menu, "--service-level", "80/20", "--calls-per-hour", 200)
    assert no_handling.exit_code == 2 and "--handling-time support=SECONDS" in no_handling.stderr
    impossible = run("staff", menu, "--service-level", "100/20", *LOAD)
    assert impossible.exit_code == 2 and "less than 100%" in impossible.stderr
    agents = run("staff", menu, "--service-level", "80/20", *LOAD, "--agents", "support=3")
    assert agents.exit_code == 2 and "ivr staff finds the agents" in agents.stderr
    no_target = run("staff", menu, *LOAD)
    assert no_target.exit_code == 2 and "Missing option '--service-level'" in no_target.stderr
    for result in (missing, no_handling, impossible, agents, no_target):
        assert "Traceback" not in result.stderr


def test_staff_says_when_no_transfer_names_a_queue(write_menu):
    menu = write_menu(ONE_QUEUE.replace("queue: support", "number: '+15550100'"))
    result = run("staff", menu, "--service-level", "80/20", *LOAD)
    assert result.exit_code == 2 and "no transfer names a queue" in result.stderr

"""``ivr staff``: the fewest agents per queue that meet a service-level target at the line's load."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from ivr.cli.common import (CONTEXT, EXIT_BAD_INPUT, EXIT_OK, Source, caller_options, from_option, say_error,
                            say_load_errors, start_of)
from ivr.cli.staffing import BadStaffing, StaffingFlags, service_level_option, staffing_options

__all__ = ["staff_command", "run_staff"]


def _needs(menu, flags: StaffingFlags, shares: dict[str, float]) -> tuple[float, dict[str, tuple[float, float | None,
                                                                                                  int | None, Any]]]:
    """The line's calls per hour and, per queue, (handling time, patience, agents now, where it is described:
    its staffing, else the transfer to it) from the staffing (the file's or the menu's) and the flags; agents
    are what is asked, so none are needed."""
    from ivr.queues.staffing import InvalidStaffing, load_staffing, staffing_of

    if flags.agents:
        raise click.UsageError("ivr staff finds the agents: leave out --agents (give the handling times and "
                               "the load)")
    try:
        base = load_staffing(flags.file) if flags.file else staffing_of(menu.queues, menu.file)
    except InvalidStaffing as bad:
        raise BadStaffing(bad.errors) from None
    where = base.location if base is not None and base.location else menu.location or start_of(menu.file)
    calls = flags.calls_per_hour if flags.calls_per_hour is not None else (base.calls_per_hour if base else None)
    if calls is None:
        raise BadStaffing.at(where, "no calls per hour: give --calls-per-hour N, or calls_per_hour in the staffing")
    queues = base.queues if base else {}
    needs: dict[str, tuple[float, float | None, int | None, Any]] = {}
    for name in shares:
        known = queues.get(name)
        at = known.location if known else next((n.location for n in menu.nodes.values() if n.queue == name), where)
        handling = flags.handling_time.get(name, known.handling_time if known else None)
        if handling is None:
            raise BadStaffing.at(at, f"queue '{name}' has no handling time: give --handling-time {name}=SECONDS, "
                                     "or describe it in the staffing")
        patience = known.patience if known else None
        if flags.patience != "absent":
            patience = flags.patience  # type: ignore[assignment]
        needs[name] = (handling, patience, known.agents if known else None, at)
    return calls, needs


def run_staff(file: str, flags: StaffingFlags, callers, calls: int, seed: int, fmt: str,
              source_format: str | None = None) -> int:
    from ivr import pipeline
    from ivr.queues.erlang import QueueError
    from ivr.queues.staff import fewest_agents
    from ivr.simulation.hold import queue_shares

    reading = pipeline.read([file], source_format)
    if reading.errors:
        say_load_errors(reading.errors)
        return EXIT_BAD_INPUT
    target = flags.target
    assert target is not None  # required
    documents = {}
    texts = []
    for menu in reading.menus:
        analysis = pipeline.simulate(pipeline.analyse(menu, lint_rules=False),
                                     pipeline.Simulating(callers, "auto", calls, seed, queues=True))
        assert analysis.simulation is not None
        shares = queue_shares(analysis.simulation)
        if not shares:
            say_error(menu.location or start_of(menu.file), "no transfer names a queue: nothing to staff")
            return EXIT_BAD_INPUT
        line_calls, needs = _needs(menu, flags, shares)
        rows = {}
        for name, share in shares.items():
            handling, patience, now, at = needs[name]
            if share == 0:
                rows[name] = {"share": 0.0, "calls_per_hour": 0.0, "handling_time_s": handling,
                              "patience_s": patience, "agents_now": now, "agents": 0, "service_level": None}
                continue
            try:
                agents, level = fewest_agents(line_calls * share, handling, patience, target)
            except QueueError as bad:
                raise BadStaffing.at(at, f"queue '{name}': {bad}") from None
            rows[name] = {"share": round(share, 6), "calls_per_hour": round(line_calls * share, 6),
                          "handling_time_s": handling, "patience_s": patience, "agents_now": now,
                          "agents": agents, "service_level": round(level, 6)}
        documents[menu.file] = {"target": {"share": target.share, "seconds": target.seconds},
                                "calls_per_hour": line_calls, "queues": rows}
        texts.append(_text(menu, target, line_calls, rows))
    if fmt == "json":
        only = len(documents) == 1
        click.echo(json.dumps(next(iter(documents.values())) if only else documents, indent=2, ensure_ascii=False))
    else:
        click.echo("\n\n".join(texts))
    return EXIT_OK


def _text(menu, target, calls: float, rows: dict[str, dict]) -> str:
    from ivr.model.words import printable, printable_name
    from ivr.present.hold import table

    lines = [f"{printable(menu.name)} ({printable_name(menu.file)})",
             f"fewest agents for {target} at {calls:g} calls per hour"]
    header = [("queue", "share", "calls/h", "handling s", "patience", "agents now", "agents", "service level")]
    body = []
    for name, row in rows.items():
        patience = "never" if row["patience_s"] is None else f"{row['patience_s']:g} s"
        level = "-" if row["service_level"] is None else f"{row['service_level'] * 100:.1f}%"
        now = "-" if row["agents_now"] is None else str(row["agents_now"])
        agents = "no calls" if row["service_level"] is None else str(row["agents"])
        body.append((name, f"{row['share'] * 100:.1f}%", f"{row['calls_per_hour']:.1f}", f"{row['handling_time_s']:g}",
                     patience, now, agents, level))
    total = sum(row["agents"] for row in rows.values())
    return "\n".join(lines + table(header + body) + [f"{total} agents in all"])


@click.command("staff", context_settings=CONTEXT)
@click.argument("file", type=Source(exists=True, dir_okay=False))
@staffing_options(target=False)
@service_level_option(required=True, help="The target, required: 80/20 is 80% of calls answered within 20 s "
                                          "(95/180: Spain's 95% within 3 minutes).")
@caller_options(prefix="Shares of calls per queue: ")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@from_option
def staff_command(file: str, staffing: StaffingFlags, calls: int, seed: int, accuracy: float,
                  speech_accuracy: float, no_input: float,
                  patience: float, words_per_minute: float | None, fmt: str, source_format: str | None) -> None:
    """The fewest agents per queue that meet a service-level target.

    FILE is a menu; the share of calls each queue gets comes from simulating
    it (as ivr simulate does), the handling times and patience from its
    queues: section, --staffing FILE or the flags (agents are what is asked).
    A call that hangs up in the queue counts against the target. Exit
    status: 0 done, 2 bad input or usage.

    \b
    Examples:
      ivr staff menus/bank.yaml --service-level 80/20 --staffing staffing.yaml
      ivr staff line.yaml --service-level 80/20 --calls-per-hour 200 --handling-time support=180
    """
    from ivr.simulation.callers import Callers

    callers = Callers(accuracy, no_input, patience, words_per_minute, speech_accuracy)
    sys.exit(run_staff(file, staffing, callers, calls, seed, fmt, source_format))

"""A queue's predicted service level falls below the target.

## What it does
With the queues' staffing in the menu (a top-level `queues:` section, with
`calls_per_hour`), works out the share of calls that reaches each queue from
the menu itself (the exact simulation of its intents, or of callers who want
a person when it declares none; callers with unlimited patience and the
default accuracy) and each queue's wait (Erlang A, or Erlang C where callers
never hang up; see "Queues and hold time" in the README). It reports, at the
queue's staffing, a queue whose service level (calls answered within
`seconds` of joining the queue / calls offered, a call that hangs up counting
against it) is below `share`, or whose callers never hang up while its load
reaches its agents (the wait grows without end). The message gives the
figures: calls per hour, agents, load, service level, average speed of
answer and the share who hang up. Staffing for a queue that no transfer
names cannot be judged: it is reported too, with the name it may have meant.
It is silent when the menu has no
`queues:` or no `calls_per_hour`. (The shares are put in the graph's
`queue_shares` attribute by `ivr.pipeline.analyse`, and only for a menu with
`queues:`, so a line without staffing costs nothing more to check.)

## Why is this bad?
Callers suffer most, and hang up, in the queue, not in the menu. Spain's
customer-service law (the Ley de servicios de atención a la clientela) asks
that 95% of calls be answered within three minutes; Iowa's HF2448 that a
caller be connected to a person within two. A menu change that sends more
calls to a queue, or staffing that falls short, breaks such a promise before
anyone hears a prompt.

## Example
```yaml
queues:
  calls_per_hour: 200
  queues:
    support: {agents: 10, handling_time: 180}   # 10 Erlangs of work: the wait grows without end
```

## Use instead
```yaml
queues:
  calls_per_hour: 200
  queues:
    support: {agents: 13, handling_time: 180}   # 95% answered within 3 minutes (ivr staff says 13)
```

## Options
- `share` (default 0.95): the share of calls to answer within `seconds`
  (0.95, or 95 for 95%).
- `seconds` (default 180): the time within which they are to be answered.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

from ivr.graph.index import index
from ivr.model.findings import Problem, Severity
from ivr.model.staffing import Staffing
from ivr.model.words import did_you_mean

if TYPE_CHECKING:
    import networkx as nx

ID = "slow-answer"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, object] = {"share": 0.95, "seconds": 180}


def check(graph: nx.DiGraph, options: Mapping[str, object]) -> Iterator[Problem]:
    staffing: Staffing | None = graph.graph.get("staffing")  # the menu's queues:, as its reader read it
    if staffing is None or staffing.calls_per_hour is None:  # nothing to model: nothing imported
        return
    from ivr.queues.erlang import Overloaded, QueueError, solve

    share = float(options["share"])  # type: ignore[arg-type]
    share = share / 100 if share > 1 else share
    seconds = float(options["seconds"])  # type: ignore[arg-type]
    transfers = _transfers(graph)
    shares = graph.graph.get("queue_shares")
    if shares is None:  # the pipeline puts them there when this rule runs on a menu with queues:
        return
    for name, queue in staffing.queues.items():
        if name not in transfers:
            yield Problem(f"queue '{name}' is named by no transfer{did_you_mean(name, transfers)}, so its "
                          "service level cannot be judged; correct the name or remove it", queue.location)
            continue
        calls = staffing.calls_per_hour * shares.get(name, 0.0)
        if calls == 0:
            continue
        node = transfers[name][0]
        try:
            solution = solve(calls, queue.agents, queue.handling_time, queue.patience)
        except Overloaded:
            load = calls * queue.handling_time / 3600
            yield Problem(f"queue '{name}' gets {calls:.0f} calls per hour, {load:.1f} agents' worth of work for "
                          f"{queue.agents} agents, and its callers never hang up: the wait grows without end; "
                          "add agents (ivr staff says how many) or shorten the handling time",
                          queue.location, node, nodes=tuple(transfers[name]))
            continue
        except QueueError:  # figures no queue has (a million agents): nothing to judge
            continue
        level = solution.service_level(seconds)
        if level < share:
            yield Problem(f"queue '{name}' answers {level:.1%} of calls within {seconds:g} s (< {share:.0%}): "
                          f"{calls:.0f} calls per hour, {queue.agents} agents, load {solution.offered_load:.1f} "
                          f"Erlangs, average speed of answer {solution.average_speed_of_answer:.0f} s, "
                          f"{solution.p_abandon:.1%} hang up; add agents (ivr staff says how many) or send fewer "
                          "calls to it", queue.location, node, nodes=tuple(transfers[name]))


def _transfers(graph: nx.DiGraph) -> dict[str, list[str]]:
    """Queue -> the transfers that name it, in order."""
    found: dict[str, list[str]] = {}
    for node_id, node in index(graph).defined("transfer"):
        if node.queue:
            found.setdefault(node.queue, []).append(node_id)
    return found

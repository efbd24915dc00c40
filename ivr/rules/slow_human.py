"""The fastest way from the start to a person takes too long.

## What it does
Adds up the prompts a caller hears on the fastest way from `start` to any
`transfer` (each prompt's `duration`, or an estimate from its words at the
language's speaking rate, as `slow-goal` does; the transfer's own hold
message does not count) and reports, at the start, when it takes longer than
`max_seconds`. The message names the longest prompt on that way. It is silent
when no transfer can be reached (`no-path-to-human` reports that).

## Why is this bad?
The GetHuman Standard (version 1.0) asks that a caller can always dial 0 to
queue for a human (item 1) and is not forced to listen to long or verbose
prompts (item 6); Spain's customer-service law
(the Ley de servicios de atención a la clientela) sets a limit of three
minutes for answering a call. Time spent in prompts counts against that
limit before the queue even starts, and callers who know they need a person
hang up.

## Example
```yaml
  welcome:
    type: message
    prompt: Welcome to Acme. Please listen carefully, as our menu has changed...
    duration: 80
    goto: main
```

## Use instead
```yaml
  welcome:
    type: message
    prompt: Welcome to Acme.
    goto: main          # where 0 leads to an agent
```

## Options
- `max_seconds` (default 90): the longest acceptable fastest way to a
  person, in seconds of prompts.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ivr.graph import reach
from ivr.graph.build import name_of
from ivr.graph.human import to_person
from ivr.graph.timing import durations, fastest_path
from ivr.model.findings import Problem, Severity

if TYPE_CHECKING:
    import networkx as nx

ID = "slow-human"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, object] = {"max_seconds": 90}


def check(graph: nx.DiGraph, options: Mapping[str, Any]) -> Iterator[Problem]:
    if not reach.start_is_defined(graph):
        return
    limit = options["max_seconds"]
    start = graph.graph["start"]
    humans, best = to_person(graph)
    time = best.get(start)
    if time is None or time <= limit:
        return
    seconds = durations(graph)
    path = fastest_path(graph, start, humans, best)[:-1]
    longest = max(path, key=lambda n: seconds[n])
    yield Problem(
        f"the fastest way from the start to a person takes {time:.0f} s (> {limit} s) of prompts, "
        f"the longest '{name_of(graph, longest)}' ({seconds[longest]:.0f} s); shorten the prompts or offer 0 for an agent earlier",
        graph.nodes[start]["location"],
        start,
    )

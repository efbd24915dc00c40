"""The fastest way to an intent's goal takes too long.

## What it does
For each intent, adds up the prompts a perfect caller hears on the fastest
way from `start` to the nearest of its goals (each prompt's `duration`, or an
estimate from its words at the language's speaking rate) and reports intents
whose fastest way takes longer than `max_seconds`.

## Why is this bad?
Speed of resolution drives caller loyalty more than the resolution itself.
If even a caller who knows exactly which keys to press needs minutes of
prompts to get what they called for, real callers, who listen and hesitate,
take longer still, and many give up or press 0 for an agent.

## Example
```yaml
intents:
  check_balance: {goal: balance}
nodes:
  welcome:
    type: message
    prompt: Thank you for calling. Please listen carefully as our options have changed...
    duration: 75
    goto: main
```

## Use instead
Shorten the prompts on the way, or move the option up the tree:
```yaml
  welcome:
    type: message
    prompt: Thank you for calling Acme Bank.
    goto: main
```

## Options
- `max_seconds` (default 120): the longest acceptable fastest way, in seconds.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ivr.graph import reach
from ivr.graph.timing import durations, fastest_to
from ivr.model.findings import Problem, Severity

if TYPE_CHECKING:
    import networkx as nx

ID = "slow-goal"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, object] = {"max_seconds": 120}


def check(graph: nx.DiGraph, options: Mapping[str, Any]) -> Iterator[Problem]:
    if not reach.start_is_defined(graph) or not graph.graph["intents"]:
        return
    limit = options["max_seconds"]
    seconds = durations(graph)
    start = graph.graph["start"]
    for intent in graph.graph["intents"].values():
        time = fastest_to(graph, [g.target for g in intent.goals], seconds).get(start)
        if time is not None and time > limit:
            yield Problem(
                f"the fastest way to the goal of intent '{intent.name}' takes {time:.0f} s "
                f"(> {limit} s) of prompts; shorten the prompts on the way or move the option up",
                intent.location,
            )

"""Callers go through too many menus before they can choose to talk to a person.

## What it does
Follows the fastest way from `start` to any `transfer` (the one with the
least prompt time, as `slow-goal` times it) and counts the menus on it, the
menu that offers the person included. Reports, at the first menu on that way,
when there are more than `max_menus`. It is silent when no transfer can be
reached (`no-path-to-human` reports that).

## Why is this bad?
The Iowa bill HF2448 asks that a caller be offered a path to a
representative after at most three menu prompts; the GetHuman Standard
(version 1.0, item 1) asks that callers can always dial 0 to queue for a
human. Every extra menu is a choice the caller has to understand first,
and each one loses callers who needed a person all along.

## Example
```yaml
  main:
    type: menu
    prompt: For accounts press 1.
    options:
      "1": {goto: accounts}
  accounts:
    type: menu
    prompt: For savings press 1.
    options:
      "1": {goto: savings}
  # savings, then its submenu, before the first "0 for an agent"
```

## Use instead
```yaml
  main:
    type: menu
    prompt: For accounts press 1, for an agent press 0.
    options:
      "1": {goto: accounts}
      "0": {label: Agent, goto: agents}
```

## Options
- `max_menus` (default 3): the most menus callers may go through, the one
  offering a person included.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ivr.graph import reach
from ivr.graph.human import to_person
from ivr.graph.index import index
from ivr.graph.timing import fastest_path
from ivr.model.findings import Problem, Severity

if TYPE_CHECKING:
    import networkx as nx

ID = "deep-human"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, object] = {"max_menus": 3}


def check(graph: nx.DiGraph, options: Mapping[str, Any]) -> Iterator[Problem]:
    if not reach.start_is_defined(graph):
        return
    limit = options["max_menus"]
    humans, best = to_person(graph)
    path = fastest_path(graph, graph.graph["start"], humans, best)
    kind = index(graph).kind
    menus = [n for n in path if kind[n] == "menu"]
    if len(menus) > limit:
        yield Problem(
            f"{len(menus)} menus before the first way to a person (> {limit}): {' > '.join(menus)}; "
            f"offer 0 for an agent in '{menus[0]}' or one of the next menus",
            graph.nodes[menus[0]]["location"],
            menus[0],
        )

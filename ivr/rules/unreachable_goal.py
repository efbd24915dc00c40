"""An intent's goal is an unknown node or cannot be reached from the start.

## What it does
Checks each intent in the `intents` section: every goal must name a node
under `nodes`, and at least one of an intent's goals must be reachable from
`start`.

## Why is this bad?
Callers with that reason for calling can never be served by the menu: every
one of them ends somewhere else, frustrated, or is handed to an agent who has
to do what the menu promised. Usually a goal was renamed or unlinked.

## Example
```yaml
intents:
  check_balance: {share: 40, goal: balanse}
```

## Use instead
```yaml
intents:
  check_balance: {share: 40, goal: balance}
```

## Options
None.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ivr.graph import reach
from ivr.graph.build import name_of
from ivr.graph.index import index
from ivr.model.findings import Problem, Severity
from ivr.model.words import did_you_mean

if TYPE_CHECKING:
    import networkx as nx

ID = "unreachable-goal"
SEVERITY = Severity.ERROR
OPTIONS: dict[str, object] = {}


def check(graph: nx.DiGraph, options: Mapping[str, Any]) -> Iterator[Problem]:
    if not graph.graph["intents"]:
        return
    model = index(graph).model
    defined = [n for n, node in model.items() if node is not None]
    entered = reach.entered(graph)
    for intent in graph.graph["intents"].values():
        known = []
        for goal in intent.goals:
            if model.get(goal.target) is not None:
                known.append(goal.target)
            else:
                yield Problem(
                    f"intent '{intent.name}' has unknown goal '{goal.target}'"
                    f"{did_you_mean(goal.target, defined)}; name a node under nodes",
                    goal.location,
                )
        if known and not any(goal in entered for goal in known):
            names = ", ".join(f"'{name_of(graph, g)}'" for g in known)
            yield Problem(
                f"intent '{intent.name}' can never be served: no caller can reach its goal {names} "
                f"from start '{graph.graph['start']}'; link the goal into the menu",
                intent.location,
            )

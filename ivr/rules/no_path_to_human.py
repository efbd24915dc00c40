"""No transfer to a person can be reached from a menu.

## What it does
Reports the start node when no `transfer` (the only node where a live human
answers) can be reached from it: an error, since no caller can ever talk to
a person. Reports, as warnings, each menu that callers can enter from which
no transfer can be reached. A menu file with no transfer at all is reported
once, at the start.

## Why is this bad?
Menus that never lead to someone who can help are callers' top complaint
about phone menus, and the GetHuman Standard's first rule is that a caller
can always reach a human. Callers stuck in self-service hang up and call
back angrier, or leave.

## Example
```yaml
  billing:
    type: menu
    prompt: To hear your balance press 1. To pay press 2.
    options:
      "1": {goto: balance}
      "2": {goto: pay}
    on_fail: bye
```

## Use instead
```yaml
    options:
      "1": {goto: balance}
      "2": {goto: pay}
      "0": {label: Agent, goto: billing_agents}
    on_fail: billing_agents
  billing_agents: {type: transfer, queue: billing}
```

## Options
None.
"""

from __future__ import annotations

from ivr.graph import reach
from ivr.model.findings import Problem, Severity
from ivr.graph.build import is_defined

ID = "no-path-to-human"
SEVERITY = Severity.ERROR
OPTIONS: dict[str, object] = {}


def check(graph, options):
    start = graph.graph["start"]
    humans = reach.nodes_of_kind(graph, {"transfer"})
    start_known = is_defined(graph, start)
    if not humans:
        if start_known:
            yield Problem(
                f"'{graph.graph['name']}' has no transfer at all: callers can never reach a person; "
                "add a transfer node and an option to it (0 by convention)",
                graph.nodes[start]["location"],
                start,
            )
        return
    # an unknown node may be meant to lead to a person: give it the benefit of the doubt
    helped = reach.reaching(graph, humans + reach.nodes_of_kind(graph, {"missing"}))
    if start_known and start not in helped:
        yield Problem(
            f"no transfer can be reached from the start '{start}': callers can never reach a person; "
            "add an option that leads to a transfer (0 by convention)",
            graph.nodes[start]["location"],
            start,
        )
    for node_id in reach.entered(graph):
        if node_id == start or node_id in helped or graph.nodes[node_id]["kind"] != "menu":
            continue
        yield Problem(
            f"no transfer can be reached from menu '{node_id}': callers who get here can never "
            "reach a person; add an option to an agent (0 by convention) or an on_fail that transfers",
            graph.nodes[node_id]["location"],
            node_id,
            Severity.WARNING,
        )

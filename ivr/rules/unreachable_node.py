"""A node cannot be reached from the start.

## What it does
Reports every defined node that no sequence of keys, timeouts, branches or
fallbacks can lead to from `start`. It is silent when `start` itself names an
unknown node (`unknown-target` reports that).

## Why is this bad?
Nobody hears it. It is usually a menu that was unlinked in a redesign and
left behind, or a link that was meant to be added; either way the file says
something the phone line does not do, which misleads reviewers.

## Example
```yaml
  main:
    type: menu
    prompt: For cards press 1.
    options:
      "1": {goto: cards}
  lost_card: {type: transfer, queue: cards}
```

## Use instead
```yaml
    options:
      "1": {goto: cards}
      "2": {label: Lost or stolen card, goto: lost_card}
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

if TYPE_CHECKING:
    import networkx as nx

ID = "unreachable-node"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, object] = {}


def check(graph: nx.DiGraph, options: Mapping[str, Any]) -> Iterator[Problem]:
    if not reach.start_is_defined(graph):
        return
    start = graph.graph["start"]
    entered = reach.entered(graph)
    if len(entered) == len(graph):
        return  # every node, declared or not, can be reached
    for node_id, node in index(graph).model.items():
        if node_id not in entered and node is not None:
            yield Problem(
                f"{node.type} '{name_of(graph, node_id)}' cannot be reached from start '{name_of(graph, start)}'; link to it or remove it",
                node.location,
                node_id,
            )

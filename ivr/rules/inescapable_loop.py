"""Callers can enter a loop from which no ending can be reached.

## What it does
Finds the nodes that callers can reach from `start` but from which no
transfer, voicemail, hangup or system disconnect can ever be reached, and
reports each loop among them once, naming all its nodes. It works on the
strongly connected components of the graph, so it stays linear in the size
of the menu however many cycles there are.

## Why is this bad?
A caller in such a loop goes round the same prompts until they give up: the
call ends in frustration and costs a line for as long as it lasts.

## Example
```yaml
  main:
    type: menu
    prompt: For hours press 1, for our address press 2.
    options:
      "1": {goto: hours}
      "2": {goto: address}
    on_fail: main
  hours: {type: message, prompt: We are open 9 to 5., goto: main}
  address: {type: message, prompt: We are at 1 Main Street., goto: main}
```

## Use instead
```yaml
    options:
      "1": {goto: hours}
      "2": {goto: address}
      "0": {label: Agent, goto: agents}
    on_fail: agents
  agents: {type: transfer, queue: general}
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
from ivr.model.words import plural

if TYPE_CHECKING:
    import networkx as nx

ID = "inescapable-loop"
SEVERITY = Severity.ERROR
OPTIONS: dict[str, object] = {}


def check(graph: nx.DiGraph, options: Mapping[str, Any]) -> Iterator[Problem]:
    import networkx as nx  # noqa: PLC0415 (ivr rules lists the rules without loading networkx)

    model = index(graph).model
    trapped = [n for n in reach.entered(graph) - reach.exits(graph) if model[n] is not None]
    if not trapped:
        return
    caught = graph.subgraph(trapped)
    for component in nx.strongly_connected_components(caught):
        if len(component) == 1:
            (only,) = component
            if not caught.has_edge(only, only):
                continue  # a node leading into a trap, or a dead end: not a loop
        members = sorted(component, key=lambda n: (graph.nodes[n]["location"].order, n))
        entry = members[0]
        if len(members) == 1:
            message = (f"{graph.nodes[entry]['kind']} '{name_of(graph, entry)}' loops on itself and callers can never "
                       "leave (no transfer, voicemail or hangup can be reached); add a way out")
        else:
            message = (f"{plural(len(members), 'node')} form a loop that callers can never leave "
                       f"(no transfer, voicemail or hangup can be reached): {', '.join(members)}; "
                       "add an option or on_fail that leads out")
        yield Problem(message, graph.nodes[entry]["location"], entry, nodes=tuple(members))

"""A node cannot be reached from the start.

## What it does
Reports every defined node that no sequence of keys, timeouts, branches or
fallbacks can lead to from `start`. One finding per region left behind: the
node nothing else unreachable leads to (the first of a loop of them), naming
the unreachable nodes it leads to. It is silent when `start` itself names an
unknown node (`unknown-target` reports that). A node whose only ways in are
written but can never be taken (an option no caller can dial, a branch case
that never holds) is reported with that way.

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
from ivr.graph.build import Reason, Via, name_of
from ivr.graph.courtesy import node_list
from ivr.graph.index import index
from ivr.model.findings import Problem, Severity
from ivr.model.words import plural, quote

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
    model = index(graph).model
    lost = [n for n, node in model.items() if n not in entered and node is not None]
    # a node only a way no call takes leads to (an option no caller can dial, a case that never holds): said so,
    # with that way, which unmatchable-option or unsatisfiable-condition reports where it is written
    never: dict[str, list[tuple[str, Reason]]] = {}
    for source, target, reason in graph.graph.get("never_taken", ()):
        never.setdefault(target, []).append((source, reason))
    for head, behind in _regions(graph, lost):
        node = model[head]
        assert node is not None
        more = ""
        if behind:
            names = node_list([name_of(graph, n) for n in behind])
            more = f", nor can the nodes it leads to that nothing else reaches ({names})"
        if head in never:
            (source, reason), *others = never[head]
            way = (f"option {reason.key} of {graph.nodes[source]['kind']} '{name_of(graph, source)}', which no caller "
                   "can dial" if reason.via is Via.OPTION else
                   f"the case {quote(reason.label or '')} of {graph.nodes[source]['kind']} '{name_of(graph, source)}', which "
                   "never holds")
            ways = (f"the only way written to it is {way}; fix that way" if not others else
                    f"no way written to it can be taken: {way}, and {plural(len(others), 'other')}; fix one")
            yield Problem(f"{node.type} '{name_of(graph, head)}' cannot be reached from start "
                          f"'{name_of(graph, start)}'{more}: {ways}", node.location, head,
                          nodes=(head, *behind) if behind else ())
            continue
        yield Problem(f"{node.type} '{name_of(graph, head)}' cannot be reached from start '{name_of(graph, start)}'"
                      f"{more}; link to it or remove it", node.location, head, nodes=(head, *behind) if behind else ())


def _regions(graph: nx.DiGraph, lost: list[str]) -> list[tuple[str, list[str]]]:
    """Each node no call reaches that nothing else lost leads to (the first in file order of a loop of them), with
    the lost nodes that only lost nodes lead to, reached from it: one fault, one finding (issue 24)."""
    lost_set = set(lost)
    order = {n: i for i, n in enumerate(lost)}
    pred = index(graph).pred
    # the nodes of lost loops that nothing outside the loop leads to: walk each back to a node with no lost node
    # before it, or round a loop (whose first node in file order heads it)
    heads: list[str] = []
    for node_id in lost:
        before = [p for p in pred[node_id] if p in lost_set and p != node_id]
        if not before:
            heads.append(node_id)
    covered: set[str] = set()
    regions = []
    for head in heads:
        behind = _behind(graph, head, lost_set)
        covered |= {head, *behind}
        regions.append((head, sorted(behind, key=order.__getitem__)))
    for node_id in lost:  # loops of lost nodes with nothing lost before them: headed by their first node
        if node_id not in covered:
            behind = _behind(graph, node_id, lost_set)
            covered |= {node_id, *behind}
            regions.append((node_id, sorted(behind, key=order.__getitem__)))
    return sorted(regions, key=lambda region: order[region[0]])


def _behind(graph: nx.DiGraph, head: str, lost: set[str]) -> set[str]:
    """The lost nodes reached from ``head`` (not itself)."""
    succ = index(graph).succ
    seen, todo = {head}, [head]
    while todo:
        for target in succ[todo.pop()]:
            if target in lost and target not in seen:
                seen.add(target)
                todo.append(target)
    return seen - {head}

"""A branch tests the keys or speech of another input than the one the caller just answered.

## What it does
Looks at each branch whose conditions read what a caller pressed or said at
a named input (`{{widgets.ask_account.Digits}}`, `SpeechResult`: Twilio
Studio's split on a gather) and finds the inputs that callers answer last
before reaching it. Reports the branch when every one of those is a
different input: the split was wired after one gather but tests another.
Not when each of those is a menu whose keys already chose the way: the
answer was looked at, and the branch tests an earlier one on purpose (a
language chosen at the start, routed on after an information menu).

## Why is this bad?
The caller's answer is never looked at. The split compares what was pressed
at an earlier (or unrelated) prompt, so the branches follow an old answer,
or an empty one, and the caller who just chose an option goes somewhere
else, usually the no-match path. In Studio this happens when a gather is
copied and its split still names the original widget.

## Example
```yaml
  ask_account:
    type: input
    prompt: Enter your account number.
    goto: route
  route:
    type: branch
    branches:
      - {when: '{{widgets.ask_department.Digits}} equal_to "1"', goto: billing}
    otherwise: agents
```

## Use instead
```yaml
      - {when: '{{widgets.ask_account.Digits}} equal_to "1"', goto: billing}
```

## Options
None.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ivr.graph.build import name_of
from ivr.graph.index import index
from ivr.model.findings import Problem, Severity
from ivr.model.menu import PROMPTED_TYPES

if TYPE_CHECKING:
    import networkx as nx

ID = "wrong-widget"
SEVERITY = Severity.ERROR
OPTIONS: dict[str, object] = {}

#: what a condition reads: the input's name, and Digits or SpeechResult
TESTED = re.compile(r"\{\{\s*widgets\.([\w-]+)\.(Digits|SpeechResult)\b")


def answered_before(graph, node_id: str, known: dict[str, set[str]] | None = None) -> set[str]:
    """The prompted nodes that callers answer last before reaching ``node_id``.

    ``known`` holds the answers for nodes already asked: a walk back that meets one takes its answer instead
    of walking on (a chain of branches is walked once, not once per branch); this one's is added to it.
    """
    known = {} if known is None else known
    before, model = index(graph).pred, index(graph).model
    found: set[str] = set()
    seen = {node_id}
    todo = list(before[node_id])
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        node = model[current]
        if node is None:
            continue
        if node.type in PROMPTED_TYPES:
            found.add(current)
        elif current in known:
            found |= known[current]  # what is answered before it is answered before this node too
        else:
            todo.extend(before[current])
    known[node_id] = found
    return found


def check(graph: nx.DiGraph, options: Mapping[str, Any]) -> Iterator[Problem]:
    asked: dict[str, set[str]] = {}  # branch -> answered_before, for the walks back of the next branches
    for node_id, model in index(graph).defined("branch"):
        tested = {match.group(1): match.group(2) for branch in model.branches
                  for match in TESTED.finditer(branch.when)}
        tested = {name: what for name, what in tested.items()
                  if name in graph and (graph.nodes[name].get("node") is not None)
                  and graph.nodes[name]["node"].type in PROMPTED_TYPES}
        if not tested:
            continue
        last = answered_before(graph, node_id, asked)
        if not last or last & set(tested):
            continue
        if all(graph.nodes[n].get("node") is not None and graph.nodes[n]["node"].type == "menu" for n in last):
            continue  # the last answers were menus' keys, already looked at: an earlier answer is tested on purpose
        name, what = sorted(tested.items())[0]
        answered = "', '".join(sorted(last))
        yield Problem(
            f"branch '{name_of(graph, node_id)}' tests the {what} of '{name}', but callers reach it right after "
            "answering "
            f"'{answered}': their answer is never looked at; test {{{{widgets.{sorted(last)[0]}.{what}}}}} "
            f"or move the branch after '{name}'",
            model.location,
            node_id,
        )

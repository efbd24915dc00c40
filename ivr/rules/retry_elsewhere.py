"""A menu counts the caller's tries, but a failed try sends them to another menu.

## What it does
Looks at menus and inputs that count callers' tries (`retries` above 1, not
`counts_tries: false`, and an `on_fail` that is not the node itself, which
never gives up). Reports one whose `no_match` or `no_input`, the way taken after a
failed try, leads (directly or through messages) to a different menu or input
instead of the same one again. A `no_match` is not a failed try where the
platform takes any key as the answer (`counts_wrong_keys: false`: Asterisk's
`Read()`, whose attempts are for silence only, while the dialplan's own test
of the digits sends the others on).

## Why is this bad?
The count is of tries at this menu, but the caller is now answering another
one: the retries promised never happen, and a caller who pressed a wrong key
in a submenu finds themselves at a menu they did not choose, often the top of
the tree, with the counter still running. FreePBX IVRs do this when the
"invalid retry" destination is set to another IVR: `GotoIf($[${INVALID_LOOPCOUNT}
> 2]?final)` counts, then `Goto(ivr-2,s,1)` leaves.

## Example
```yaml
  billing:
    type: menu
    prompt: For your balance press 1, to pay press 2.
    retries: 3
    no_match: main        # a wrong key in billing goes back to the top
```

## Use instead
```yaml
  billing:
    type: menu
    prompt: For your balance press 1, to pay press 2, for the main menu press star.
    retries: 3            # a wrong key replays billing, three tries
    options:
      "*": {label: Main menu, goto: main}
```

## Options
None.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ivr.graph.build import name_of
from ivr.graph.index import index
from ivr.graph.reach import after_messages
from ivr.model.findings import Problem, Severity
from ivr.model.menu import PROMPTED_TYPES

if TYPE_CHECKING:
    import networkx as nx

ID = "retry-elsewhere"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, object] = {}

_WHAT = {"no_match": "a wrong key", "no_input": "silence"}


def _asks_again(graph, node_id: str) -> str | None:
    """The menu or input that ``node_id`` leads to through messages only."""
    end = after_messages(graph, node_id)
    model = index(graph).model[end] if end is not None else None
    return end if model is not None and model.type in PROMPTED_TYPES else None


def check(graph: nx.DiGraph, options: Mapping[str, Any]) -> Iterator[Problem]:
    for node_id, model in index(graph).defined(*PROMPTED_TYPES):
        if (model.retries or 0) <= 1 or not model.counts_tries:
            continue  # no tries counted (Studio's 10 runs in a row is a loop guard, not tries promised)
        if model.on_fail is not None and model.on_fail.target == node_id:
            continue  # it never gives up (a platform that counts no tries): nothing is counted
        for field in ("no_match", "no_input"):
            ref = getattr(model, field)
            if ref is None or (field == "no_match" and not model.counts_wrong_keys):
                continue  # a key the menu does not list is no failed try there (Asterisk Read()): its way on
            other = _asks_again(graph, ref.target)
            if other is not None and other != node_id:
                here, there = name_of(graph, node_id), name_of(graph, other)
                if here == there:  # two menus of one Asterisk context: their ids tell them apart
                    here, there = node_id, other
                yield Problem(
                    f"{model.type} '{here}' gives callers {model.retries} tries, but after {_WHAT[field]} "
                    f"{field} sends them to {graph.nodes[other]['node'].type} '{there}'; "
                    f"replay '{here}' after a failed try, and offer '{there}' as an option",
                    ref.location,
                    node_id,
                )

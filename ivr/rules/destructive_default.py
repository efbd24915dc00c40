"""A wrong key or silence makes the system change something the caller never chose.

## What it does
Follows the ways a menu or input takes when the caller does not answer as
it expects (`no_match`: a wrong key or words not understood; `no_input`:
silence) by default: a message going on, a branch's `otherwise` (a Studio
split's `noMatch`), not a case that tests something (which may be the
caller's answer, a choice). An input whose wrong answers go where its right
ones go takes every answer alike: not reported. Reports a step on that way
that changes something outside the call, as its reader knows the platform
(`changes`): a Twilio Studio HTTP Request by POST, PUT, PATCH or DELETE, a VoiceXML `<submit>` or `<data>` by post. Such
methods are not safe: they ask the server to change something (RFC 9110,
9.2.1). Ways the file does not show (a function's code, an Amazon Connect
Lambda, an Architect data action) are not judged; nor, yet, Asterisk's AstDB
writes (`Set(DB(...)=...)`, `DBdel`) and FreeSWITCH's `db` application,
which their readers do not keep as steps (no surveyed file had them on a
catch-all way).

## Why is this bad?
The catch-all is where callers land by mistake: a key pressed by accident,
a cough the recogniser took for words, a silence while they look for a card
number. When that path places the order, books the slot or records the
referral, callers get what they never asked for, and nobody asked them to
confirm. A change should follow an answer the caller gave on purpose, and
the catch-all should ask again or explain.

## Example
```yaml
  confirm:
    type: menu
    prompt: To place your order press 1, to change it press 2.
    options:
      "1": {goto: place}
      "2": {goto: agents}
    no_match: place          # a wrong key places the order
  place:
    type: branch
    changes: POST https://shop.example.com/orders
    otherwise: done
```
In Twilio Studio: a gather asks "Can you go to this pantry then? Say yes,
no, or repeat."; its split matches `no` and `repeat`, and its `noMatch`
(anything else, silence included) goes to an HTTP Request that POSTs a
referral.

## Use instead
```yaml
  confirm:
    type: menu
    prompt: To place your order press 1, to change it press 2.
    options:
      "1": {goto: place}
      "2": {goto: agents}
    no_match: confirm        # a wrong key asks again
```
In Studio, match `yes` on purpose and send `noMatch` back to the question
(or to an agent), so that only a caller who said yes is referred.

## Options
None.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ivr.graph.build import name_of, once_per_graph
from ivr.graph.index import index
from ivr.model.findings import Problem, Severity
from ivr.model.menu import PROMPTED_TYPES
from ivr.model.words import quote

if TYPE_CHECKING:
    import networkx as nx

ID = "destructive-default"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, object] = {}

_WHAT = {"no_match": "a wrong answer", "no_input": "silence"}


@once_per_graph
def _changers(graph: nx.DiGraph) -> dict[str, str]:
    """For every node from which a node that changes something outside the call is reached by default (a message
    going on, a branch's otherwise: no case taken, nothing asked): the nearest such node, itself included. One
    search back from all of them at once. A branch's cases are not followed: a case that tests the answer (the
    VoiceXML <if cond="confirm == true"> after an <if> that does not hold) is a choice the caller made."""
    models, pred = index(graph).model, index(graph).pred
    found = {node_id: node_id for node_id, model in models.items() if model is not None and model.changes}
    todo = deque(found)  # breadth first: each node keeps the nearest
    while todo:
        node_id = todo.popleft()
        for before in pred[node_id]:
            model = models.get(before)
            if before in found or model is None:
                continue
            way = model.goto if model.type == "message" else model.otherwise if model.type == "branch" else None
            if way is not None and way.target == node_id:
                found[before] = found[node_id]
                todo.append(before)
    return found


def check(graph: nx.DiGraph, options: Mapping[str, Any]) -> Iterator[Problem]:
    changers = _changers(graph)
    for node_id, model in index(graph).defined(*PROMPTED_TYPES):
        for field in ("no_match", "no_input"):
            ref = getattr(model, field)
            if ref is None or ref.target == node_id or ref.target not in changers:
                continue
            if model.goto is not None and ref.target == model.goto.target:
                continue  # an input whose every answer goes the same way: what it does, it does on what was keyed
            yield _problem(graph, node_id, field, changers[ref.target], ref.location)


def _problem(graph: nx.DiGraph, node_id: str, field: str, changer: str, where) -> Problem:
    model, changed = index(graph).model[node_id], index(graph).model[changer]
    assert model is not None and changed is not None
    return Problem(
        f"after {_WHAT[field]} at {model.type} '{name_of(graph, node_id)}', {field} leads to "
        f"'{name_of(graph, changer)}', which changes data ({quote(changed.changes or '')}) "
        "though the caller chose nothing; ask again, or ask the caller to confirm before the change",
        where,
        node_id,
    )

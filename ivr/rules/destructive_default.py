"""A wrong key or silence makes the system change something the caller never chose.

## What it does
Follows the ways a menu or input takes when the caller does not answer as
it expects (`no_match`: a wrong key or words not understood; `no_input`:
silence) through the steps that ask nothing (messages, branches the system
decides) up to the next place the caller is asked again or the call ends.
The `otherwise` of a branch right after an input (a Studio split on what a
gather heard) is such a way too: the answers none of its cases expects.
Reports a step on that way that changes something outside the call, as its
reader knows the platform (`changes`): a Twilio Studio HTTP Request by
POST, PUT, PATCH or DELETE, a VoiceXML `<submit>` or `<data>` by post. Such
methods are not safe: they ask the server to change something (RFC 9110,
9.2.1). Ways the file does not show (a function's code, an Amazon Connect
Lambda, an Architect data action) are not judged.

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

_WHAT = {"no_match": "a wrong answer", "no_input": "silence", "otherwise": "an answer none of its cases expects"}
#: The steps a call passes through without being asked anything.
_SILENT = frozenset({"message", "branch"})


@once_per_graph
def _changers(graph: nx.DiGraph) -> dict[str, str]:
    """For every node from which a node that changes something outside the call can be reached through messages
    and branches only (itself included): the nearest such node. One search back from all of them at once."""
    models, pred = index(graph).model, index(graph).pred
    found = {node_id: node_id for node_id, model in models.items() if model is not None and model.changes}
    todo = list(found)
    while todo:
        node_id = todo.pop(0)
        for before in pred[node_id]:
            model = models.get(before)
            if before not in found and model is not None and model.type in _SILENT:
                found[before] = found[node_id]
                todo.append(before)
    return found


@once_per_graph
def _deciding(graph: nx.DiGraph) -> dict[str, list[str]]:
    """For every node: the branches with cases and an otherwise that leads to a change, met from it through
    branches only (right after an input, before anything is said or asked): one search back from those
    branches, each node keeping the first few found."""
    models, pred, changers = index(graph).model, index(graph).pred, _changers(graph)
    found: dict[str, list[str]] = {}
    todo = []
    for node_id, model in models.items():
        if model is not None and model.type == "branch" and model.branches and model.otherwise is not None \
                and model.otherwise.target in changers:
            found[node_id] = [node_id]
            todo.append(node_id)
    while todo:
        node_id = todo.pop(0)
        for before in pred[node_id]:
            model = models.get(before)
            if before not in found and model is not None and model.type == "branch":
                found[before] = found[node_id]
                todo.append(before)
    return found


def check(graph: nx.DiGraph, options: Mapping[str, Any]) -> Iterator[Problem]:
    models, changers, deciding = index(graph).model, _changers(graph), _deciding(graph)
    for node_id, model in index(graph).defined(*PROMPTED_TYPES):
        for field in ("no_match", "no_input"):
            ref = getattr(model, field)
            if ref is None or ref.target == node_id or ref.target not in changers:
                continue
            yield _problem(graph, node_id, field, changers[ref.target], ref.location)
        if model.type != "input" or model.goto is None:
            continue
        for branch_id in deciding.get(model.goto.target, ()):
            # a branch right after an input decides on the answer (a Studio split on the gather's Digits or
            # SpeechResult): its otherwise is the catch-all of answers no case expects
            answer = models[branch_id]
            assert answer is not None and answer.otherwise is not None
            yield _problem(graph, node_id, "otherwise", changers[answer.otherwise.target], answer.otherwise.location,
                           f"'{name_of(graph, branch_id)}'")


def _problem(graph: nx.DiGraph, node_id: str, field: str, changer: str, where, via: str | None = None) -> Problem:
    model, changed = index(graph).model[node_id], index(graph).model[changer]
    assert model is not None and changed is not None
    way = f"the otherwise of {via}" if via else field
    return Problem(
        f"after {_WHAT[field]} at {model.type} '{name_of(graph, node_id)}', {way} leads to "
        f"'{name_of(graph, changer)}', which changes data ({quote(changed.changes or '')}) "
        "though the caller chose nothing; ask again, or ask the caller to confirm before the change",
        where,
        node_id,
    )

"""A transfer that fails ends the call with nothing said.

## What it does
Reports a transfer callers can reach whose failure the platform turns into
a hangup with nothing said: the way it takes when the transfer fails is not
connected, or leads only through steps that say nothing (a function, a web
request, a split) to the end of the call. The readers say when that is, from
the platform's documentation: in Twilio Studio, a Send to Flex or Enqueue
Call whose `failedToEnqueue` or `callFailure` is not connected, and a
Connect Call To whose `callCompleted` is not, which Studio also takes when
the number does not answer, is busy or the call fails (an unconnected
transition ends the execution, and with it the call). In Amazon Connect, a
transfer to a queue or a phone number whose errors (`QueueAtCapacity`,
`CallFailed`, `ConnectionTimeLimitExceeded`, `NoMatchingError`; in a legacy
export `AtCapacity`, `Error`) lead only through blocks that say nothing
(settings, checks) to a Disconnect.

Where the file gives the transfer's failure way (`if_failed` in ivr's YAML;
a VoiceXML bridged `<transfer>`, after which the form goes on when the line
is busy or nobody answers, or an `error.connection` handler), it is reported
when every way from there ends the call before anything is said: only
steps that say nothing (system branches) on the way to a hangup or the
system's disconnect. Without one, a transfer is counted as put through;
`ivr import` writes what the platform file said as the transfer's
`fails_silently`, which this rule reads too.

## Why is this bad?
Queues and numbers fail: a workflow misconfigured after a deployment, an
agent's phone that rings out, a line that is busy. The caller, who waited
through the menus to reach a person, hears the line go dead at the moment
they expected an answer, with nothing to say why, and calls again. A failed
transfer is when a caller most needs a word and another way: a voicemail, a
callback, another queue.

## Example
A Studio Send to Flex widget:
```json
{"name": "to_agents", "type": "send-to-flex",
 "transitions": [{"event": "callComplete"}, {"event": "failedToEnqueue"}, {"event": "callFailure"}],
 "properties": {"workflow": "WW0123", "channel": "TC0123"}}
```

## Use instead
```json
 "transitions": [{"event": "callComplete"},
                 {"event": "failedToEnqueue", "next": "sorry_voicemail"},
                 {"event": "callFailure", "next": "sorry_voicemail"}],
```
with `sorry_voicemail` a Say/Play ("Sorry, we cannot put you through
just now; leave us a message and we will call you back.") that leads to a
Record Voicemail.

## Options
None.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ivr.graph import courtesy, reach
from ivr.graph.index import index
from ivr.model.findings import Problem, Severity
from ivr.model.menu import Node

if TYPE_CHECKING:
    import networkx as nx

ID = "transfer-failure-hangup"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, object] = {}


#: How many silent steps a failure way is followed through before the rule gives up (it says nothing then).
_SILENT_WALK = 50


def _ends_unsaid(graph: nx.DiGraph, start: str) -> str | None:
    """How the way from ``start`` ends the call with nothing said: the name of the end every way from there
    reaches through steps that say nothing (a hangup with no prompt, the system's disconnect), or None when one
    of them says something or goes on elsewhere (a menu, a transfer, a hand-off, a node not defined)."""
    kind, model = index(graph).kind, index(graph).model
    ends: list[str] = []
    seen: set[str] = set()
    todo = [start]
    while todo:
        node_id = todo.pop()
        if node_id in seen:
            continue  # two ways to one step: judged once
        seen.add(node_id)
        node = model.get(node_id)
        if kind.get(node_id) == "disconnect":
            ends.append("the system ends the call")
            continue
        if node is None or node.prompt is not None or len(seen) > _SILENT_WALK:
            return None
        if node.type == "hangup":
            ends.append(f"hangup '{node.name}'")
            continue
        if node.type != "branch":
            return None
        ways = [b.goto.target for b in node.branches if b.never is None]
        ways += [ref.target for ref in (node.goto, node.otherwise) if ref is not None]
        if not ways:
            return None
        todo.extend(ways)
    return " and ".join(dict.fromkeys(ends)) or None


def _by_outcome(split: Node | None, outcomes: tuple[str, ...]) -> bool:
    """Whether ``split`` is a branch on the transfer's failure ``outcomes`` alone (see :func:`_failure_unsaid`)."""
    if split is None or split.type != "branch" or split.prompt is not None or split.otherwise is not None \
            or split.goto is not None or not split.branches or not outcomes:
        return False
    return all({part.strip() for part in branch.when.split(",")} <= set(outcomes) for branch in split.branches)


def _failure_unsaid(graph: nx.DiGraph, transfer: Node) -> str | None:
    """How the failure way of ``transfer`` (its ``if_failed``) ends the call with nothing said, or None. Where the
    way splits at once by outcome (a branch whose every case is some of the transfer's ``failed_when``, and no
    ``otherwise``: VoiceXML's busy/noanswer way and its error.connection handler), each outcome's way is judged on
    its own."""
    target = transfer.if_failed.target  # type: ignore[union-attr]
    split = index(graph).model.get(target)
    if split is not None and _by_outcome(split, transfer.failed_when):
        said = [f"when it fails ({branch.when}), the call ends with nothing said: {end}"
                for branch in split.branches
                if branch.never is None and (end := _ends_unsaid(graph, branch.goto.target)) is not None]
        return "; ".join(said) or None
    end = _ends_unsaid(graph, target)
    if end is None:
        return None
    when = f" ({', '.join(transfer.failed_when)})" if transfer.failed_when else ""
    return f"when it fails{when}, the call ends with nothing said: {end}"


def check(graph: nx.DiGraph, options: Mapping[str, Any]) -> Iterator[Problem]:
    entered = reach.entered(graph)
    for node_id, model in index(graph).defined("transfer"):
        if node_id not in entered:
            continue  # what no caller reaches is unreachable-node's
        said = model.fails_silently
        if said is None and model.if_failed is not None:
            said = _failure_unsaid(graph, model)
        if said is not None:
            yield courtesy.unsaid_failure(
                graph, node_id, "a failed transfer to a message and another way on (a voicemail, a callback, another "
                "queue)", said)

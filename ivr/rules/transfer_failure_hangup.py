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

In ivr's YAML a transfer has no failure path (callers who reach it are
counted as put through); `ivr import` writes what the platform file said as
the transfer's `fails_silently`, which this rule reads.

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

if TYPE_CHECKING:
    import networkx as nx

ID = "transfer-failure-hangup"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, object] = {}


def check(graph: nx.DiGraph, options: Mapping[str, Any]) -> Iterator[Problem]:
    entered = reach.entered(graph)
    for node_id, model in index(graph).defined("transfer"):
        if model.fails_silently is None or node_id not in entered:
            continue  # what no caller reaches is unreachable-node's
        yield courtesy.unsaid_failure(
            graph, node_id, "a failed transfer to a message and another way on (a voicemail, a callback, another queue)")

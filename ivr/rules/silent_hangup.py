"""A function or web request that fails, or data no case expects, ends the call with nothing said.

## What it does
Reports a step callers can reach that runs code or calls a web service
(a function, a web request) and whose failure the platform turns into a
hangup with nothing said: the way it takes when it fails is not connected,
or leads only through steps that say nothing to the end of the call. The
readers say when that is, from the platform's documentation: in Twilio
Studio, a Run Function whose `fail` or an HTTP Request whose `failed` is
not connected while its `success` goes on, and a Split Based On that tests
data (a function's result, the call's own values; not what a caller
answered, which is `disconnect-on-error`'s) whose `noMatch` is not
connected while a case goes on (an unconnected transition ends the
execution, and with it the call). A step whose every way out ends the call
is not judged: it may be the last thing the flow does, on purpose. In
Amazon Connect, an Invoke AWS Lambda function whose error (`NoMatchingError`;
in a legacy export `Error`) leads only through blocks that say nothing to a
Disconnect while its success goes on.

## Why is this bad?
Services fail: a deployment breaks a function, a CRM times out (Studio
gives a request 10 seconds), an API answers an error. The caller, in the
middle of the call, hears the line go dead with no word, believes the line
is broken and calls again. The error way is where a caller needs an apology
and another way on: an agent, a retry, a message.

## Example
A Studio Run Function widget:
```json
{"name": "lookup", "type": "run-function",
 "transitions": [{"event": "success", "next": "menu"}, {"event": "fail"}],
 "properties": {"url": "https://example.twil.io/lookup"}}
```

## Use instead
```json
 "transitions": [{"event": "success", "next": "menu"}, {"event": "fail", "next": "sorry_agents"}],
```
with `sorry_agents` a Say/Play ("Sorry, we cannot look that up just now;
let me put you through to someone who can.") that leads to a transfer.

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

ID = "silent-hangup"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, object] = {}


def check(graph: nx.DiGraph, options: Mapping[str, Any]) -> Iterator[Problem]:
    entered = reach.entered(graph)
    for node_id, model in index(graph).defined("branch"):
        if model.fails_silently is None or node_id not in entered:
            continue  # what no caller reaches is unreachable-node's
        yield courtesy.unsaid_failure(graph, node_id, "the failure to a message and a way on (an agent, a retry)")

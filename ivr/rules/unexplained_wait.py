"""A transfer puts callers in a queue without an apology or a wait estimate.

## What it does
Reads the last words callers hear before they wait for a person: the prompt
of a `transfer` with a `queue`, or, when the transfer has none, the prompts
that lead straight to it (through nodes without a prompt). Reports the
transfer when those words neither apologise for the wait ("We're sorry to
keep you waiting") nor say how long it is ("about 4 minutes", "the expected
wait is ..."), in each language of the prompt that has a word list
(`ivr/phrases/<lang>.yaml`), and a transfer that callers can reach without
hearing any prompt at all. A transfer with only a `number` is not a queue
(an outside line or a named person answers) and is not checked. A transfer
a reader made for a flow that runs while callers already wait (a Genesys
in-queue flow, an Amazon Connect customer queue or whisper flow ending) is,
like every node a reader invents, never the subject of a finding: callers
were put in the queue, and told of the wait, elsewhere.

Some platforms play something of their own while callers wait, which the
file does not hold: Amazon Connect runs the customer queue flow (the one an
`UpdateContactEventHooks` block set, else the instance's "Default customer
queue" flow), a Twilio `enqueue-call` the TwiML its `wait_url` returns.
Such a transfer has a `hold`; its words cannot be read, so where the words
before the transfer do not explain the wait the rule says so as an info
(check what the hold says) instead of a warning. When the flow that plays
during the wait is given too (a Connect customer queue flow named by the
`UpdateContactEventHooks` block that set it), its first words are read: the
wait is explained when they explain it, and when neither they nor the words
before the transfer do, the transfer gets the warning.

## Why is this bad?
Waiting without knowing how long feels longer than waiting for a known
time, and callers who do not know whether to hold hang up and call again.
The GetHuman Standard (rule 2) asks that an accurate estimated wait time be
given when the caller arrives in the queue, and updated during the hold.
Spain's customer-service law (the Ley de servicios de atención a la
clientela) expects calls to be answered within three minutes; callers told
the wait can decide to hold, or to ask for a call back.

## Example
```yaml
  agents:
    type: transfer
    queue: general
    prompt: Please hold.
```

## Use instead
```yaml
  agents:
    type: transfer
    queue: general
    prompt: We're sorry to keep you waiting; the expected wait is about {wait_minutes} minutes.
```

## Options
None.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ivr.graph import courtesy
from ivr.graph.build import name_of
from ivr.model.findings import Severity
from ivr.phrases import PhraseBook
from ivr.rules.api import Problem

if TYPE_CHECKING:
    import networkx as nx

ID = "unexplained-wait"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, object] = {}

def check(graph: nx.DiGraph, options: Mapping[str, Any]) -> Iterator[Problem]:
    for node_id in courtesy.queue_transfers(graph):
        node = graph.nodes[node_id]["node"]
        problem = courtesy.lacking(graph, node_id, PhraseBook.explains_wait,
                                   f"transfer '{name_of(graph, node_id)}' puts callers in queue '{node.queue}'",
                                   "without saying sorry for the wait or how long it is", "does not say so",
                                   "Sorry for the wait, it is about 3 minutes", "a sentence")
        if problem is None:
            continue
        if node.hold and node.hold_says:  # the flow that plays during the wait was given: its first words are read
            language = graph.graph["language"]
            if any(not courtesy.failing_languages(said, language, PhraseBook.explains_wait)
                   for said in node.hold_says):
                continue
            first = " ".join(next(iter(node.hold_says[0].texts.values())).split())
            first = first if len(first) <= 60 else first[:59] + "\u2026"
            yield Problem(f"transfer '{name_of(graph, node_id)}' puts callers in queue '{node.queue}', and neither the "
                          f"words before it nor the first words of {node.hold} ('{first}') say sorry for the wait or "
                          "how long it is; say so in one of them, such as 'Sorry for the wait, it is about 3 "
                          "minutes'", problem.location, node_id)
        elif node.hold:  # the platform plays words of its own during the wait, which ivr cannot read
            yield Problem(f"transfer '{name_of(graph, node_id)}' puts callers in queue '{node.queue}', and nothing "
                          f"before it says sorry for the wait or how long it is; while they wait {node.hold} "
                          "plays, which ivr does not read: check that it does", problem.location, node_id,
                          Severity.INFO)
        else:
            yield problem

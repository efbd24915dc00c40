"""A hangup ends the call without thanking the caller.

## What it does
Reads the last words callers hear before the IVR hangs up: the prompt of a
`hangup` node, or, when it has none, the prompts that lead straight to it
(through nodes without a prompt). Reports the hangup when those words do not
thank the caller ("Thank you for calling", "Vielen Dank", "Köszönjük"), in
each language of the prompt that has a word list (`ivr/phrases/<lang>.yaml`),
and a hangup without a prompt that callers can reach from the start
without hearing any prompt: silence, then a click. The system's own
disconnect after too many failed attempts is `disconnect-on-error`'s
business, not this rule's; so is a hangup reached only after a caller's
mistake (a `no_input`, `no_match` or `on_fail` leading to it through
messages): `disconnect-on-error` reports that one fault once and adds
"(also: without thanks)" when its words do not thank.

## Why is this bad?
Callers remember how a call ended more than most of what came before it.
Customer-service practice closes every call by thanking the caller; a line
that goes dead without a word leaves callers wondering whether they were
cut off, and some call back to find out.

## Example
```yaml
  bye:
    type: hangup
    prompt: Goodbye.
```

## Use instead
```yaml
  bye:
    type: hangup
    prompt: Thank you for calling Acme Bank. Goodbye.
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

ID = "missing-thanks"
SEVERITY = Severity.INFO
OPTIONS: dict[str, object] = {}

def check(graph: nx.DiGraph, options: Mapping[str, Any]) -> Iterator[Problem]:
    for node_id in courtesy.hangups(graph):
        if courtesy.only_after_a_mistake(graph, node_id):
            continue  # disconnect-on-error reports that hangup, and says there that it does not thank (one fault)
        problem = courtesy.lacking(graph, node_id, PhraseBook.thanks_caller, f"hangup '{name_of(graph, node_id)}' ends the call",
                                   "without thanking the caller", "does not thank",
                                   "Thank you for calling, goodbye", "thanks")
        if problem is not None:
            yield problem

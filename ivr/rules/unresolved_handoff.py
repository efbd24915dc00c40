"""A hand-off ivr cannot follow: what happens after it is not analysed.

## What it does
Lists each `external` node callers can reach, with the hand-off as the source
writes it: a dialplan application (`transfer 9196 XML default` is a person;
`lua survey.lua` or `5000 XML default` is not something ivr can follow), a web
service or Lambda, a flow or menu not among the files given, or the return to
the dialplan when a FreeSWITCH menu exits. The other rules treat such a node as
an end that is neither a person nor a hangup.

## Why is this bad?
It is not bad in itself; it is a blind spot. Whether callers reach a person,
hang up or loop after the hand-off is decided elsewhere, so every other finding
holds only up to it. Knowing where the blind spots are tells a reviewer what
to check by hand, or which other file to give ivr along with this one.

## Example
```yaml
  main:
    type: menu
    prompt: For the weather press 1. For an agent press 0.
    options:
      "1": {goto: weather}
      "0": {goto: agents}
  weather: {type: external, target_text: "lua weather.lua"}
```

## Use instead
```yaml
  weather:
    type: message
    prompt: Today will be sunny. Goodbye and thank you for calling.
    goto: bye
```
or give ivr the files the hand-off leads to (FreeSWITCH: the menus it calls),
or accept it with `ignore: {unresolved-handoff: reason}` on the node.

## Options
None.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ivr.graph import reach
from ivr.graph.build import name_of
from ivr.graph.index import index
from ivr.model.findings import Problem, Severity
from ivr.model.words import quote

if TYPE_CHECKING:
    import networkx as nx

ID = "unresolved-handoff"
SEVERITY = Severity.INFO
OPTIONS: dict[str, object] = {}


def check(graph: nx.DiGraph, options: Mapping[str, Any]) -> Iterator[Problem]:
    entered = reach.entered(graph)
    for node_id, model in index(graph).defined("external"):
        if node_id not in entered:
            continue
        yield Problem(
            f"'{name_of(graph, node_id)}' hands the call to {quote(model.target_text or '')}, which ivr cannot follow: "
            "what callers get after it is not checked; check it by hand, or give ivr the files it leads to",
            model.location,
            node_id,
        )

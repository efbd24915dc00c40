"""A menu speaks its options in a prompt that keys cannot interrupt.

## What it does
Reports a menu with options whose prompt cannot be interrupted: Asterisk's
`Playback()` before `WaitExten()` (where `Background()` listens for keys),
a VoiceXML prompt with `bargein="false"`, or `interruptible: false` in ivr's
YAML.

## Why is this bad?
Callers who know their option, or who hear it early in the list, must sit
through the whole prompt. On Asterisk it is worse: keys pressed during a
`Playback()` are thrown away, so the caller who presses 2 at "for billing,
press 2" hears the rest of the list and then silence, waiting for a reply to a
key the system never heard; many press again, or give up.

## Example
```yaml
  main:
    type: menu
    prompt: For billing press 1, for an agent press 0.
    interruptible: false
```

## Use instead
```yaml
  main:
    type: menu
    prompt: For billing press 1, for an agent press 0.   # keys interrupt it (the default)
```
On Asterisk, play the options with `Background()` instead of `Playback()`;
in VoiceXML, leave `bargein` at its default (`true`).

## Options
None.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ivr.graph.build import name_of
from ivr.graph.index import index
from ivr.model.findings import Problem, Severity

if TYPE_CHECKING:
    import networkx as nx

ID = "uninterruptible-options"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, object] = {}


def check(graph: nx.DiGraph, options: Mapping[str, Any]) -> Iterator[Problem]:
    for node_id, model in index(graph).defined("menu"):
        if not model.options or model.prompt is None:
            continue
        if model.interruptible:
            continue
        yield Problem(
            f"menu '{name_of(graph, node_id)}' speaks its options in a prompt that keys cannot interrupt: callers "
            "must hear it to the end, and on Asterisk keys pressed during Playback() are lost; let keys "
            "interrupt it (Background() on Asterisk, bargein=\"true\" in VoiceXML)",
            model.prompt.location,
            node_id,
        )

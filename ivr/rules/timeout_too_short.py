"""A menu or input gives callers less time than that to press a key after its prompt.

## What it does
Reports a menu or input whose `timeout` (the time it waits for the first key
once its prompt has played) is shorter than `min_seconds`: FreeSWITCH's
`timeout="100"` (milliseconds: a tenth of a second), a Twilio Studio
`timeout` of 0, a VoiceXML `timeout="500ms"`, ivr's `timeout: 0.5`.

## Why is this bad?
Callers decide after they have heard the options, not during them: they
need a second or two to choose and find the key. A menu that stops waiting
at once counts every caller who did not press during the prompt as silent:
it replays, and after its tries it ends or hands the call on, while the
caller was about to press. The menu then works only for callers who already
know the key. In a real FreeSWITCH menu with `timeout="100"`, the fallback
menu effectively never took a key: its `exec-on-max-timeouts` was what every
caller got.

## Example
```xml
<menu name="fallback" greet-long="say:For support press 1, for sales press 2."
      timeout="100" max-timeouts="3" exec-on-max-timeouts="bridge user/1004">
```

## Use instead
```xml
<menu name="fallback" greet-long="say:For support press 1, for sales press 2."
      timeout="5000" max-timeouts="3" exec-on-max-timeouts="bridge user/1004">
```
Platforms wait about 5 seconds by default (FreeSWITCH 10,000 ms, Twilio
Studio 5 s, Amazon Connect 5 s).

## Options
- `min_seconds` (default 1): the shortest wait for a key that is not reported.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ivr.graph.build import name_of
from ivr.graph.index import index
from ivr.model.findings import Problem, Severity

if TYPE_CHECKING:
    import networkx as nx

ID = "timeout-too-short"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, object] = {"min_seconds": 1.0}


def check(graph: nx.DiGraph, options: Mapping[str, Any]) -> Iterator[Problem]:
    least = float(options["min_seconds"])
    for node_id, model in index(graph).defined("menu", "input"):
        if model.timeout is None:
            continue
        if model.timeout >= least:
            continue
        yield Problem(
            f"{model.type} '{name_of(graph, node_id)}' waits {_seconds(model.timeout)} for a key after its prompt "
            f"(< {least:g} s): callers who choose after hearing the options are taken as silent; give them about "
            "5 seconds",
            model.fields.get("timeout", model.location),
            node_id,
        )


def _seconds(value: float) -> str:
    return f"{value * 1000:g} ms" if value < 1 else f"{value:g} s"

"""Content that no call ever runs: it follows a jump out of the content it is in.

## What it does
Reports executable content written after an element that leaves the content
it is in, so that the platform loads it but never runs it: in VoiceXML, what
follows `<goto>`, `<submit>`, `<exit>`, `<disconnect>`, `<return>` or
`<throw>` in the same block, `<filled>`, handler or `<if>` branch (VoiceXML
2.0, section 5.3: each transfers control, and the rest of the content is not
executed).

## Why is this bad?
The designer meant callers to hear or get it: an apology, a transfer, a
goodbye, a variable set for later. Callers never do, and nothing warns: the
document loads and runs without it. It is nearly always an edit that put a
jump in the wrong place, or a line left over after one.

## Example
```xml
<block>
  <exit/>
  <prompt>Thank you for calling. Goodbye.</prompt>
</block>
```

## Use instead
```xml
<block>
  <prompt>Thank you for calling. Goodbye.</prompt>
  <exit/>
</block>
```

## Options
None.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ivr.model.findings import Problem, Severity

if TYPE_CHECKING:
    import networkx as nx

ID = "dead-code"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, object] = {}


def check(graph: nx.DiGraph, options: Mapping[str, Any]) -> Iterator[Problem]:
    for dead in graph.graph.get("never_runs", ()):
        yield Problem(dead.message, dead.location)

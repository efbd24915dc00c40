"""A line the platform cannot read: it skips it when it loads the file, and callers get what is left.

## What it does
Reports each line of a source that the platform itself cannot read and skips
while loading everything else: in an Asterisk dialplan, a priority whose label
is not defined above it, a label without its closing `)`, `n` on the first line
of a context, `same` with no `exten` before it, a line with no `=`, a keyword
that is not a dialplan statement, a line with no application (pbx_config,
`pbx_load_config`, warns "Invalid priority/label" or "Unknown directive" and
goes on). The message says what a caller then gets: the extension runs without
the line, a gap in its numbering hangs the call up, or an extension whose only
lines are skipped does not exist at all (a wrong-key `i` or timeout `t`
extension skipped so leaves callers hung up on).

## Why is this bad?
Nothing fails when the file is loaded: the warning scrolls past in the
Asterisk console and the dialplan runs without the line. Callers meet the
result (a step missing, a call cut off, a menu with no wrong-key handling)
and nobody knows why.

## Example
```ini
[main-menu]
exten => s,1,Background(main-menu)
 same => n,WaitExten(5)
exten => i,retry,Playback(invalid)
 same => n,Goto(s,1)
```

## Use instead
```ini
exten => i,1(retry),Playback(invalid)
 same => n,Goto(s,1)
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

ID = "skipped-line"
SEVERITY = Severity.ERROR
OPTIONS: dict[str, object] = {}


def check(graph: nx.DiGraph, options: Mapping[str, Any]) -> Iterator[Problem]:
    for unread in graph.graph.get("unread", ()):
        yield Problem(unread.message, unread.location)

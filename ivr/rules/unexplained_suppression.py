"""A suppression gives no reason.

## What it does
Reports an entry of `ignore:` (on a node, or at the top of the file) whose
reason is missing or empty.

## Why is this bad?
A suppression says "we know, and it is fine here". Without the why, the next
designer cannot tell a deliberate choice from a finding swept under the rug,
and reviewers cannot judge whether it still holds after the menu changes.

## Example
```yaml
  after_hours:
    type: hangup
    prompt: We are closed.
    ignore:
      missing-thanks:
```

## Use instead
Say why the finding is accepted:
```yaml
    ignore:
      missing-thanks: legal asked for this exact wording (ticket LEG-112)
```

## Options
None.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ivr.model.findings import Problem, Severity
from ivr.rules.suppressions import suppressions

if TYPE_CHECKING:
    import networkx as nx

ID = "unexplained-suppression"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, object] = {}


def check(graph: nx.DiGraph, options: Mapping[str, Any]) -> Iterator[Problem]:
    for node, suppression in suppressions(graph):
        if suppression.reason is None:
            where = f"on node '{node}'" if node else "in this file"
            yield Problem(
                f"the suppression of '{suppression.rule}' {where} gives no reason; "
                f"write why after the colon ({suppression.rule}: <reason>)",
                suppression.location,
                node,
            )

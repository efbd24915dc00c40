"""A suppression suppresses nothing.

## What it does
Reports an entry of `ignore:` that accepted no finding in this run: the rule
it names found nothing on that node (or, at the top of the file, anywhere),
or no rule has that id. Suppressions of rules that did not run (left out by
`select`/`ignore` in the configuration) are not reported: they may well be
used where those rules run.

## Why is this bad?
A suppression that outlives its finding hides the next real problem of that
kind on the node, silently. A misspelt rule id suppresses nothing at all,
while the designer believes the finding is dealt with.

## Example
```yaml
  main:
    type: menu
    prompt: For sales press 1, for support press 2, for an agent press 0.
    ignore:
      dead-ends: the support line is being rebuilt
```

## Use instead
Remove suppressions that are no longer needed; spell the rule id as
`ivr rules` lists it.

## Options
None.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ivr.model.findings import Problem, Severity
from ivr.model.words import did_you_mean
from ivr.rules.suppressions import suppressions

if TYPE_CHECKING:
    import networkx as nx

ID = "unused-suppression"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, object] = {}


def check(graph: nx.DiGraph, options: Mapping[str, Any], used: Collection[tuple[str | None, str]] = (),
          ran: Collection[str] | None = None, known: Collection[str] = ()) -> Iterator[Problem]:
    """``used`` holds the (node, rule) pairs that accepted a finding; ``ran`` the rules that ran (None: all);
    ``known`` every rule id (the linter passes these; on its own the rule treats every suppression as unused)."""
    used = set(used)
    for node, suppression in suppressions(graph):
        rule = suppression.rule
        where = f"on node '{node}'" if node else "in this file"
        if known and rule not in known:
            yield Problem(f"'{rule}' is not a rule{did_you_mean(rule, known)}, so this suppression {where} "
                          "suppresses nothing; 'ivr rules' lists the rule ids", suppression.location, node)
        elif (node, rule) not in used and (ran is None or rule in ran):
            yield Problem(f"'{rule}' finds nothing {where}, so its suppression is unused; remove it",
                          suppression.location, node)

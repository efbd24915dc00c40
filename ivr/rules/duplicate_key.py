"""The same key is written twice in one mapping: a node, an option or a field.

## What it does
Reports a key given twice in one mapping: two nodes with one id, two options
on one key, a field written twice in a node. YAML parsers silently keep one
of the two; `ivr` keeps the first and reports the second.

## Why is this bad?
The menu does something other than what the file seems to say: the second
option on key 2 is never offered, the second definition of a node never
plays. Which one wins differs between tools, so the platform may disagree
with what reviewers read.

## Example
```yaml
    options:
      "1": {label: Balance, goto: balance}
      "1": {label: Cards, goto: cards}
```

## Use instead
```yaml
    options:
      "1": {label: Balance, goto: balance}
      "2": {label: Cards, goto: cards}
```

## Options
None.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ivr.model.findings import Problem, Severity
from ivr.model.words import describe_path

if TYPE_CHECKING:
    import networkx as nx

ID = "duplicate-key"
SEVERITY = Severity.ERROR
OPTIONS: dict[str, object] = {}


def check(graph: nx.DiGraph, options: Mapping[str, Any]) -> Iterator[Problem]:
    for dup in graph.graph["duplicates"]:
        path, key = dup.path, dup.key
        first = f"first on line {dup.first.line}"
        node = None
        if path == ("nodes",):
            node = key
            message = f"node '{key}' is defined twice ({first}); only the first is used: rename or remove one"
        elif len(path) == 2 and path[0] == "contexts":
            # a dialplan's extension written twice in one context (routing with no menu: no option carries it)
            message = (f"extension '{key}' is written twice in context '{path[1]}' ({first}); Asterisk registers the "
                       "first and refuses the second ('Unable to register extension'): remove or rename one")
        elif len(path) == 3 and path[0] == "nodes" and path[2] == "options":
            node = path[1]
            message = (f"key {key} is given to two options of menu '{path[1]}' ({first}); "
                       "only the first is offered: give each option its own key")
        else:
            node = path[1] if len(path) >= 2 and path[0] == "nodes" else None
            message = f"'{key}' is given twice in {describe_path(path)} ({first}); only the first is used: remove one"
        yield Problem(message, dup.second, node)

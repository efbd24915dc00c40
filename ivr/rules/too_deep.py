"""A menu is nested too many levels below the start.

## What it does
Counts, for each menu, the fewest menus a caller goes through from `start`
to reach it, itself included (the first menu is level 1; messages, inputs
and branches on the way do not count; only options, `goto` and branches, not
a caller's mistakes). Reports each menu one level deeper than `max`; the
menus below it are deeper still and are not reported again.

## Why is this bad?
Each level is one more prompt to listen to and one more choice to get right
before the caller gets anywhere; in a deep tree callers lose track of where
they are and which branch holds what they want, and press 0 or hang up.
Common design practice keeps touch-tone trees to three or four levels.

## Example
```yaml
  # main > accounts > savings > savings_rates > fixed_rates
  fixed_rates:
    type: menu
    prompt: For one-year fixed rates press 1, for two-year press 2.
```

## Use instead
Flatten the tree: offer the deep choice from a menu higher up, or merge
menus with few options.

## Options
- `max` (default 4): the deepest acceptable level, the first menu being 1.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ivr.graph import reach
from ivr.graph.build import name_of
from ivr.graph.index import index
from ivr.graph.levels import menu_levels, path_to
from ivr.model.findings import Problem, Severity

if TYPE_CHECKING:
    import networkx as nx

ID = "too-deep"
SEVERITY = Severity.INFO
OPTIONS: dict[str, object] = {"max": 4}


def check(graph: nx.DiGraph, options: Mapping[str, Any]) -> Iterator[Problem]:
    if not reach.start_is_defined(graph):
        return
    limit = options["max"]
    level, parent = menu_levels(graph)
    kind = index(graph).kind
    for node_id, depth in level.items():
        if depth != limit + 1 or kind[node_id] != "menu":
            continue
        menus = [n for n in path_to(parent, node_id) if kind[n] == "menu"]
        yield Problem(
            f"menu '{name_of(graph, node_id)}' is {depth} levels deep (> {limit}): {' > '.join(menus)}; "
            "offer it from a menu higher up or merge menus on the way",
            graph.nodes[node_id]["location"],
            node_id,
        )

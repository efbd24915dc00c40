"""A menu offers more choices than callers can keep in mind.

## What it does
Counts the choices of each menu: its options on keys `1` to `9`. The
conventional navigation keys, `0` (a person or help), `*` (back or cancel)
and `#` (end of input), are not counted: callers know them without having to
remember them from the prompt; nor is an option that leads straight back to
the menu itself ("to hear these options again, press 9"), which is no choice
to remember either. (An option to a message that then replays the menu is
counted: it usually gives an answer first.) Reports menus with more than `max` choices.

## Why is this bad?
A caller has to remember every choice until the one they want, without
seeing any of them; common design practice keeps a touch-tone menu to about
five choices plus 0 and `*`, the keys ISO/IEC 13714 reserves for an operator
and for going back. Longer menus make callers press the wrong key, wait for
a repeat, or press 0.

## Example
```yaml
    options:
      "1": {goto: balance}
      "2": {goto: payments}
      "3": {goto: cards}
      "4": {goto: loans}
      "5": {goto: savings}
      "6": {goto: mortgages}
      "0": {goto: agents}
```

## Use instead
Group related choices in a submenu:
```yaml
    options:
      "1": {label: Balance and payments, goto: accounts}
      "2": {goto: cards}
      "3": {label: Loans, savings and mortgages, goto: lending}
      "0": {goto: agents}
```

## Options
- `max` (default 5): the most choices on keys 1 to 9, the repeat option aside.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ivr.graph.build import name_of
from ivr.graph.index import index
from ivr.graph.navigation import repeat_keys
from ivr.model.findings import Problem, Severity

if TYPE_CHECKING:
    import networkx as nx

ID = "too-many-options"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, object] = {"max": 5}

#: Keys every caller knows: a person or help, back or cancel, end of input.
NAVIGATION = frozenset("0*#")


def check(graph: nx.DiGraph, options: Mapping[str, Any]) -> Iterator[Problem]:
    limit = options["max"]
    for node_id, model in index(graph).defined("menu"):
        choices = [key for key in model.options if len(key) == 1 and key not in NAVIGATION]  # not dialled numbers
        if len(choices) <= limit:
            continue
        repeats = repeat_keys(graph, node_id, through_messages=False)
        choices = [key for key in choices if key not in repeats]
        if len(choices) > limit:
            yield Problem(
                f"menu '{name_of(graph, node_id)}' offers {len(choices)} options (> {limit}) besides 0, *, # and repeat; "
                "group some of them in a submenu",
                model.fields.get("options", model.location),
                node_id,
            )

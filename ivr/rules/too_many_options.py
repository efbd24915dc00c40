"""A menu offers many choices: callers hear them all before the last one.

## What it does
Counts the choices of each menu: its options on keys `1` to `9`. The
conventional navigation keys, `0` (a person or help), `*` (back or cancel)
and `#` (end of input), are not counted: callers know them without having to
remember them from the prompt; nor is an option that leads straight back to
the menu itself ("to hear these options again, press 9"), which is no choice
to remember either. (An option to a message that then replays the menu is
counted: it usually gives an answer first.) Reports menus with more than `max` choices.

## Why is this bad?
Callers listen to every choice before the last one, without seeing any of
them, so a long list costs time and attention: well-ordered, short and
distinct choices matter more than their number. This is a note, not a
fault (an info by default). The long-promoted limit of about five choices
does not hold up: Commarford, Lewis, Smither and Gentzler (Human Factors
50(1), 2008, "A comparison of broad versus deep auditory menu structures")
found that callers did better and were more satisfied with one broad menu
than with the same choices split into submenus, most of all callers with
little working memory, and that Miller's "seven plus or minus two" never
supported the limit. So the rule does not ask for a submenu: it asks to
look at the order and the wording. (Raise its severity in the configuration
where a house style wants short menus.)

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
The most asked-for choices first, each a few words, distinct from the
others; group only choices that truly share a category:
```yaml
    prompt: >-
      For your balance or a payment, press 1. For a lost or stolen card, press 2.
      For loans, savings and mortgages, press 3. For anything else, press 0.
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
SEVERITY = Severity.INFO
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
                f"menu '{name_of(graph, node_id)}' offers {len(choices)} options (> {limit}) besides 0, *, # and repeat: "
                "callers hear them all to reach the last; put the most asked-for first and keep each short and "
                "distinct (group only choices that share a category: a deeper menu is no easier to use)",
                model.fields.get("options", model.location),
                node_id,
            )

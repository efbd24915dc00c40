"""A key is used against the telephone conventions callers know, or option keys skip a number.

## What it does
Checks each menu's keys against the conventions of ISO/IEC 13714 and common
practice:

- `0` must lead to help or a person: its option reaches a `transfer` in one
  step (as `no-human-option` counts it), or its label speaks of help or a
  person ("Agent", "Hilfe", "Ügyintéző", ...).
- `*` must go back or cancel: its option leads (through messages only) to the
  first menu or to a menu fewer levels deep, or its label says back, cancel,
  main menu or language choice.
- `#` ends an entry: a `#` option is reported unless its label says so
  ("Done", "Confirm", "Skip", ...).
- Keys `1` to `9` are numbered without gaps: `1, 2, 4` skips 3. A `9` that
  plays the menu again (the common "press 9 to repeat", recognised as by
  `missing-repeat-option`) is left out.

Label words come from the per-language word files in `ivr/phrases/`, matched
in any language.

## Why is this bad?
ISO/IEC 13714 (user interface to telephone-based services) reserves `0` for
help or an operator, `*` for going back or cancelling and `#` for ending an
entry. Callers who know the conventions press them without listening: a `0`
that starts a payment or a `*` that hangs up does the opposite of what they
expect. A gap in the numbering makes callers think they missed a choice.

## Example
```yaml
    options:
      "1": {label: Balance, goto: balance}
      "2": {label: Payments, goto: payments}
      "4": {label: Cards, goto: cards}
      "0": {label: Pay now, goto: payments}
      "*": {label: Goodbye, goto: bye}
```

## Use instead
```yaml
    options:
      "1": {label: Balance, goto: balance}
      "2": {label: Payments, goto: payments}
      "3": {label: Cards, goto: cards}
      "0": {label: Agent, goto: agents}
      "*": {label: Main menu, goto: main}
```

## Options
None.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ivr.graph import reach
from ivr.graph.build import name_of
from ivr.graph.index import index
from ivr.graph.human import reaches_person, start_menu
from ivr.graph.levels import menu_levels
from ivr.graph.navigation import goes_back, repeat_keys
from ivr.model.findings import Problem, Severity
from ivr.phrases import mentions_any

if TYPE_CHECKING:
    import networkx as nx

ID = "nonstandard-key"
SEVERITY = Severity.INFO
OPTIONS: dict[str, object] = {}


def check(graph: nx.DiGraph, options: Mapping[str, Any]) -> Iterator[Problem]:
    if not reach.start_is_defined(graph):
        return
    first = start_menu(graph)
    kind = index(graph).kind
    for node_id, model in index(graph).defined("menu"):
        for key, option in model.options.items():
            label = option.label or ""
            target = option.goto.target
            if kind[target] == "missing":
                continue  # where it was meant to lead is unknown-target's finding (one fault, one finding)
            if key == "0" and not (reaches_person(graph, target) or mentions_any(label, "help")):
                yield Problem(
                    f"key 0 of menu '{name_of(graph, node_id)}' leads to '{name_of(graph, target)}', not to help or a person; "
                    "callers press 0 for an agent: give this choice a number 1-9 and 0 to a transfer",
                    option.location, node_id)
            elif key == "*" and not (goes_back(graph, node_id, target, menu_levels(graph)[0], first)
                                     or mentions_any(label, "back")):
                yield Problem(
                    f"key * of menu '{name_of(graph, node_id)}' leads to '{name_of(graph, target)}', not back to a menu above; "
                    "callers press * to go back or cancel: give this choice a number 1-9",
                    option.location, node_id)
            elif key == "#" and not mentions_any(label, "end_input"):
                yield Problem(
                    f"key # of menu '{name_of(graph, node_id)}' leads to '{name_of(graph, target)}'; # ends an entry by convention: "
                    "give this choice a number 1-9 (or a label such as Done or Confirm if it ends one)",
                    option.location, node_id)
        digits = {key for key in model.options if len(key) == 1 and key in "123456789"}
        if any(_spoken(key) for key in model.options):
            # a menu of spoken choices (an Asterisk SpeechBackground tested for 'sales', 'billing' or '3'): its keys
            # stand for some of the words, not a numbering of every choice, so a gap in them is no gap in the menu
            digits = set()
        if "9" in digits and "9" in repeat_keys(graph, node_id):
            digits.discard("9")
        if not digits:
            continue
        missing = [str(n) for n in range(1, int(max(digits))) if str(n) not in digits]
        if missing:
            after = min(k for k in digits if int(k) > int(missing[0]))
            yield Problem(
                f"the option keys of menu '{name_of(graph, node_id)}' skip {', '.join(missing)} "
                f"({', '.join(sorted(digits))}); number the choices 1, 2, 3... without gaps",
                model.options[after].location, node_id)


def _spoken(key: str) -> bool:
    """An option chosen by a word said (``sales``), not by keys or a /regular expression/ of them."""
    return not (key.startswith("/") and key.endswith("/") and len(key) > 2) and not key.startswith("_") and any(
        c.isalpha() for c in key)

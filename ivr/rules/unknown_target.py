"""A goto, option, branch or fallback points at a node that does not exist.

## What it does
Checks every reference to a node (`start`, `goto`, an option's `goto`,
`no_input`, `no_match`, `on_fail`, a branch's `goto`, `otherwise`) and reports
those naming an id that is not defined under `nodes`, with the closest id
that is. A place that names it is reported once, however many ways run
into it (both sides of a dialplan branch that go on to one `Goto()`).

## Why is this bad?
A caller who takes that way reaches nothing: most platforms play an error and
hang up. It is nearly always a typo or a node renamed in one place only.

## Example
```yaml
nodes:
  main:
    type: menu
    prompt: For your balance, press 1.
    options:
      "1": {label: Balance, goto: balanse}
  balance: {type: message, prompt: Your balance is..., goto: main}
```

## Use instead
```yaml
      "1": {label: Balance, goto: balance}
```

## Options
None.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ivr.graph.build import Via, format_of, name_of
from ivr.graph.index import index
from ivr.model.findings import Problem, Severity
from ivr.model.words import did_you_mean, quote

if TYPE_CHECKING:
    import networkx as nx

ID = "unknown-target"
SEVERITY = Severity.ERROR
OPTIONS: dict[str, object] = {}

_WHAT = {
    Via.GOTO: "goto",
    Via.OTHERWISE: "otherwise",
    Via.NO_INPUT: "no_input",
    Via.NO_MATCH: "no_match",
    Via.ON_FAIL: "on_fail",
    Via.TRANSFER_FAILED: "if_failed",
}


def check(graph: nx.DiGraph, options: Mapping[str, Any]) -> Iterator[Problem]:
    kind, model = index(graph).kind, index(graph).model
    if "missing" not in kind.values():
        return  # the ways to an unknown node are all there is to report; most menus have none
    defined = [n for n, node in model.items() if node is not None]
    start = graph.graph["start"]
    if kind[start] == "missing":
        yield Problem(
            f"start names unknown node '{start}'{did_you_mean(start, defined)}; "
            "set it to the id of the first node callers hear",
            graph.graph["start_location"],
        )
    hints: dict[str, str] = {}  # unknown node -> what it may have meant: worked out once per node
    # one finding per place that names an unknown node: two ways into one Goto() (both sides of a branch that
    # runs on into it) are one fault, located at the one Goto
    said: set[tuple[str, object]] = set()
    for source, targets in index(graph).succ.items():
        for target in targets:
            if kind[target] == "missing":
                if target not in hints:
                    hints[target] = graph.nodes[target].get("hint") or did_you_mean(target, defined)
                for problem in _unknown(graph, source, target, hints[target]):
                    if (target, problem.location) not in said:
                        said.add((target, problem.location))
                        yield problem


def _unknown(graph: nx.DiGraph, source: str, target: str, hint: str) -> Iterator[Problem]:
    """The problem of each way from ``source`` to the unknown node ``target``."""
    for reason in graph[source][target]["reasons"]:
        if reason.via is Via.OPTION:
            what = f"option {reason.key}"
        elif reason.via is Via.BRANCH:
            what = f"the case {quote(reason.label or '')}"
        else:
            what = _WHAT[reason.via]
        yield Problem(
            f"{what} of {graph.nodes[source]['kind']} '{name_of(graph, source)}' goes to "
            + (_dialplan(target) if format_of(graph, source) == "asterisk" else
               f"unknown node '{target}'{hint}; define it under nodes or fix the id"),
            reason.location,
            source,
        )


def _dialplan(target: str) -> str:
    """What an Asterisk target no step has is (the reader names it so), and what Asterisk does there."""
    if target == "Goto()":  # FreePBX writes it for a destination left unset
        return ("an empty Goto(), a destination left unset: Asterisk hangs up there (\"Goto requires an argument\"); "
                "set the destination")
    return (f"'{target}', which the dialplan given does not define: Asterisk hangs up there; write a context, "
            "extension and priority (or label) it defines, or give ivr the file that defines it")

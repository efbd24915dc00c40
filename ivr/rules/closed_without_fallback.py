"""Out of hours, callers are hung up on without a call-back, voicemail or the opening hours.

## What it does
Finds branches on opening hours: a case whose `when` speaks of hours, open or
closed ("office hours", "geöffnet", "nyitva"; from the per-language word
files in `ivr/phrases/`, any language). Their closed side is the `otherwise`,
and any case whose `when` says closed ("closed", "out of hours",
"geschlossen"). Follows the closed side through messages; when it ends in a
hangup and none of the prompts on the way (the hangup's included) offers a
call-back or voicemail or says when the line is open, reports it at the
`otherwise` or case. A closed side that leads to a menu, an input, voicemail
or a transfer (a 24-hour desk) is fine. Prompts in a language without a
word file are not judged.

## Why is this bad?
Item 4 of the GetHuman Standard (version 1.0): "When a human is not
available, callers should be offered the option to be called back. If 24
hour service is not available, the caller should be able to leave a message,
including a request for a call back the following business day." A caller
hung up on without even the opening hours does not know when to try again.

## Example
```yaml
  hours:
    type: branch
    branches:
      - {when: office hours, goto: agents}
    otherwise: closed
  closed: {type: hangup, prompt: We are closed. Goodbye.}
```

## Use instead
```yaml
  closed:
    type: voicemail
    prompt: >-
      We are open Monday to Friday from 8 to 6. Please leave your name and
      number after the tone and we'll call you back. Thank you.
```

## Options
None.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ivr.graph.build import name_of
from ivr.graph.index import index
from ivr.model.findings import Problem, Severity
from ivr.phrases import mentions, mentions_any

if TYPE_CHECKING:
    import networkx as nx

ID = "closed-without-fallback"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, object] = {}


def _closed_sides(model):
    """(target, location) of each closed side of a branch on opening hours; none for other branches."""
    if not any(mentions_any(b.when, "hours") for b in model.branches):
        return []
    sides = [(b.goto.target, b.goto.location) for b in model.branches if mentions_any(b.when, "closed")]
    if model.otherwise is not None and len(sides) < len(model.branches):
        sides.append((model.otherwise.target, model.otherwise.location))
    return sides


def _ends_in_bare_hangup(graph, node_id: str, language: str,
                         known: dict[str, tuple[str, bool, bool] | None] | None = None) -> str | None:
    """The hangup that ``node_id`` leads to through messages when no prompt on the way offers anything.

    ``known`` keeps, for each node already followed, (the hangup at the end, whether a prompt from there on
    was judged, whether one offered anything), or None when no hangup ends the way: ways shared by many
    branches are read once."""
    known = {} if known is None else known
    model = index(graph).model
    way: list[tuple[str, bool, bool]] = []  # the messages followed, with their own (judged, offered)
    seen: set[str] = set()
    current = node_id
    while True:
        if current in known:
            tail = known[current]
            break
        step = model.get(current)
        if current in seen or step is None or step.type not in ("message", "hangup"):
            tail = None  # a loop, an unknown node, or not a message: no hangup ends this way
            break
        judged, offered = _judged(step.prompt, language)
        if step.type == "hangup":
            tail = known[current] = (current, judged, offered)
            break
        if step.goto is None:
            tail = known[current] = None
            break
        seen.add(current)
        way.append((current, judged, offered))
        current = step.goto.target
    for message, judged, offered in reversed(way):
        if tail is not None:
            tail = (tail[0], tail[1] or judged, tail[2] or offered)
        known[message] = tail
    if tail is None:
        return None
    end, judged, offered = tail
    return end if judged and not offered else None


def _judged(prompt, language: str) -> tuple[bool, bool]:
    """(whether a text of ``prompt`` could be judged for a fallback, whether one offers it)."""
    judged = offered = False
    if prompt is not None:
        for code, text in prompt.texts.items():
            found = mentions(text, code or language, "fallback")
            judged = judged or found is not None
            offered = offered or bool(found)
    return judged, offered


def check(graph: nx.DiGraph, options: Mapping[str, Any]) -> Iterator[Problem]:
    language = graph.graph["language"]
    known: dict[str, tuple[str, bool, bool] | None] = {}  # ways followed, shared by the branches
    for node_id, model in index(graph).defined("branch"):
        for target, location in _closed_sides(model):
            end = _ends_in_bare_hangup(graph, target, language, known)
            if end is not None:
                yield Problem(
                    f"out of hours, branch '{name_of(graph, node_id)}' ends the call at hangup '{name_of(graph, end)}' without a call-back, "
                    "voicemail or the opening hours; say when you are open, or offer voicemail or a call-back",
                    location,
                    node_id,
                )

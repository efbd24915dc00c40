"""A prompt is too long for callers to take in.

## What it does
Checks every prompt, in each of its languages: reports it when one
language's text has more than `max_words` words, or when its `duration` (the
measured length of a recording, when the file gives one) is longer than
`max_seconds`. Without `duration`, the length is estimated from the words
(as `slow-goal` does), so the word count is what is judged: at 150 words a
minute, 20 seconds would be a 50-word limit that makes `max_words` moot, and
languages spoken slower would be held to fewer words for the same content.
Each node is reported once, for its worst language.

## Why is this bad?
Item 6 of the GetHuman Standard (version 1.0): "Callers should not be
forced to listen to long/verbose prompts." Callers cannot skim or skip a
prompt the way they skim a page, and by the end of a long one they have forgotten its beginning, which for a menu
is the first choices. Long announcements before the menu delay every caller,
even those who know exactly what they want.

## Example
```yaml
  main:
    type: menu
    prompt: >-
      Please listen carefully, as our menu options have recently changed. For
      the status of an order you have already placed with us, or to find out
      when it will arrive, press 1. ...
```

## Use instead
```yaml
  main:
    type: menu
    prompt: For an order you have placed, press 1. For returns, press 2. For an agent, press 0.
```

## Options
- `max_seconds` (default 20): the longest acceptable `duration`, in seconds.
- `max_words` (default 60): the most words in one language's text.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ivr.graph.build import name_of
from ivr.graph.index import index
from ivr.graph.timing import words_seconds
from ivr.model.findings import Problem, Severity

if TYPE_CHECKING:
    import networkx as nx

ID = "long-prompt"
SEVERITY = Severity.INFO
OPTIONS: dict[str, object] = {"max_seconds": 20, "max_words": 60}


def check(graph: nx.DiGraph, options: Mapping[str, Any]) -> Iterator[Problem]:
    max_seconds, max_words = options["max_seconds"], options["max_words"]
    default = graph.graph["language"]
    for node_id, model in index(graph).model.items():
        if model is None or model.prompt is None:
            continue
        worst = None
        for code, text in model.prompt.texts.items():
            words = len(text.split())
            seconds = float(model.duration) if model.duration is not None else words_seconds(words, code or default)
            timed = model.duration is not None and seconds > max_seconds
            if timed or words > max_words:
                if worst is None or seconds > worst[1]:
                    worst = (code, seconds, words, timed)
        if worst is None:
            continue
        code, seconds, words, timed = worst
        too = []
        if timed:
            too.append(f"{seconds:g} s (> {max_seconds} s)")
        if words > max_words:
            too.append(f"{words} words (> {max_words}), about {seconds:.0f} s")
        language = f" in '{code}'" if code else ""
        yield Problem(
            f"the prompt of {model.type} '{name_of(graph, node_id)}' is too long{language}: {' and '.join(too)}; "
            "say only what callers need here, or move choices to a submenu",
            model.prompt.location,
            node_id,
        )

"""The first prompt a caller hears does not greet them.

## What it does
Reads the first prompt callers hear: the start node's, or, when the start is
a node without a prompt (a branch on the time of day), the first prompt on
each way on from it that leads into the call (to a menu, an input or a
transfer): "Sorry, we are closed" before a hangup, or an error message on a
system failure, is not where callers enter, unless no way leads on. Reports each such prompt that does not greet the caller
("Welcome to ...", "Good morning", "Thank you for calling ...") in its
language: English, German, Dutch, Hungarian, French and Spanish have word
lists (`ivr/phrases/<lang>.yaml`). A multilingual prompt is read in each of
its languages, and one finding names the languages that do not greet.
Languages without a word list are not checked; the summary names them.
A part that its platform runs inside other flows (an Amazon Connect flow
module) is not where callers enter, and is not judged.

## Why is this bad?
The first seconds of a call set its tone. Customer-service practice opens
every call with a greeting that names the company, so that callers know
they have reached the right place and are welcome there; an IVR that
starts with "Enter your account number" feels like a machine that wants
something, and callers who feel processed are quicker to press 0 or hang up.

## Example
```yaml
  main:
    type: menu
    prompt: For billing press 1. For an agent press 0.
```

## Use instead
```yaml
  main:
    type: menu
    prompt: Welcome to Acme Bank. For billing press 1. For an agent press 0.
```

## Options
None.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ivr.graph import courtesy
from ivr.graph.build import name_of
from ivr.model.findings import Problem, Severity
from ivr.phrases import PhraseBook

if TYPE_CHECKING:
    import networkx as nx

ID = "missing-greeting"
SEVERITY = Severity.INFO
OPTIONS: dict[str, object] = {}


def check(graph: nx.DiGraph, options: Mapping[str, Any]) -> Iterator[Problem]:
    if graph.graph.get("part_of"):
        return  # a part other flows run (a Connect flow module): its first prompt is not the call's first
    language = graph.graph["language"]
    for node_id in courtesy.first_prompts(graph):
        prompt = graph.nodes[node_id]["node"].prompt
        failed = courtesy.failing_languages(prompt, language, PhraseBook.greets)
        if failed:
            yield Problem(
                f"the first prompt callers hear (node '{name_of(graph, node_id)}') does not greet them"
                f"{courtesy.language_list(failed, [prompt])}; "
                "begin it with a greeting such as 'Welcome to ...'",
                prompt.location,
                node_id,
            )

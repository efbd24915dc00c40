"""A prompt asks the caller something, then the call ends.

## What it does
Finds prompts of messages and hangups that ask for an answer: a question
("Would you like...", "Möchten Sie...", a `?` ending a sentence), a request
for input ("Please enter your account number", "Please say...") or a key to
press ("Press 1 to ..."), in each language of the prompt that has a word list
(`ivr/phrases/<lang>.yaml`, list `question`, and the key words of
`prompt-option-mismatch`); a question that wants no answer ("Did you know
you can pay online?", list `rhetorical`) does not count. Reports the
prompt when what follows it, through messages only, is a hangup: no menu or input listens for the answer. Prompts
that are recordings without words, and texts in a language without a word
list, are not read.

## Why is this bad?
The caller answers into a dead line. They were asked, they pressed or spoke,
and the call was already over: it sounds like a fault, and callers call back
or give up on the line. It is usually a menu or input that was replaced by a
message (a prompt kept from the old design), or a `goto` left pointing at
the goodbye.

## Example
```yaml
  survey:
    type: message
    prompt: Would you like to take a short survey? Press 1 for yes.
    goto: bye
  bye: {type: hangup, prompt: Thank you for calling.}
```

## Use instead
```yaml
  survey:
    type: menu
    prompt: Would you like to take a short survey? Press 1 for yes, 2 for no.
    options:
      "1": {goto: survey_questions}
      "2": {goto: bye}
  bye: {type: hangup, prompt: Thank you for calling.}
```

## Options
None.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ivr.graph.build import name_of
from ivr.graph.index import index
from ivr.graph.reach import after_messages
from ivr.model.findings import Problem, Severity
from ivr.phrases import asks

if TYPE_CHECKING:
    import networkx as nx

ID = "question-then-hangup"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, object] = {}


def _hangs_up(graph, node_id: str) -> str | None:
    """The hangup that ``node_id`` reaches through messages only (itself, when it is one)."""
    end = after_messages(graph, node_id)
    return end if end is not None and index(graph).kind[end] == "hangup" else None


def _asking(model, language: str) -> str | None:
    """The first text of the node's prompt that asks for an answer, cut short; None when none does."""
    for code, text in model.prompt.texts.items():
        if asks(text, code or language):
            return text if len(text) <= 60 else text[:57].rstrip() + "..."
    return None


def check(graph: nx.DiGraph, options: Mapping[str, Any]) -> Iterator[Problem]:
    language = graph.graph["language"]
    for node_id, model in index(graph).defined("message", "hangup"):
        if model.prompt is None:
            continue
        end = _hangs_up(graph, node_id)  # first: most messages lead on to a menu, and asks() reads every word
        if end is None:
            continue
        text = _asking(model, language)
        if text is None:
            continue
        then = "and hangs up" if end == node_id else f"then hangup '{name_of(graph, end)}' ends the call"
        yield Problem(
            f"{model.type} '{name_of(graph, node_id)}' asks the caller for an answer ('{text}') {then}: "
            "nothing listens for the answer; make it a menu or input, or lead it to one",
            model.prompt.location, node_id)

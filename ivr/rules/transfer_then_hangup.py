"""A prompt tells callers they are being transferred, then the call hangs up.

## What it does
Finds prompts that announce a transfer ("transferring you", "please hold while
I connect you", "Ich verbinde Sie") on a message or hangup, in each language
of the prompt that has a word list (`ivr/phrases/<lang>.yaml`, list
`transfer`), and for recordings without words (a platform's audio file such as
FreePBX's `no-valid-responce-transfering`), in the words of the file name.
Reports the prompt when what follows it, through messages only, is a hangup
instead of a person, or, in a platform's file, a target that does not exist,
where the platform ends the call (Asterisk at an empty `Goto()`).

## Why is this bad?
The caller was promised a person and waits for one; the line goes dead. It
is worse than an honest goodbye: callers believe they were cut off by a
fault, call back, and arrive angry. FreePBX's stock "too many wrong keys"
ending does exactly this when the IVR's failure destination is left at
"hang up".

## Example
```yaml
  too_many_tries:
    type: message
    prompt: Sorry, I could not understand. Transferring you now.
    goto: bye
  bye: {type: hangup}
```

## Use instead
```yaml
  too_many_tries:
    type: message
    prompt: Sorry, I could not understand. Transferring you now.
    goto: agents
  agents: {type: transfer, queue: support}
```

## Options
None.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ivr.graph.build import name_of
from ivr.graph.index import index
from ivr.graph.reach import messages_to
from ivr.model.findings import Problem, Severity
from ivr.phrases import mentions, mentions_any

if TYPE_CHECKING:
    import networkx as nx

ID = "transfer-then-hangup"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, object] = {}


def _announces_transfer(model, language: str) -> bool:
    prompt = model.prompt
    if prompt is None:
        return False
    if any(mentions(text, code or language, "transfer") for code, text in prompt.texts.items()):
        return True
    audio = getattr(prompt, "audio", None)  # a recording: judge the words of its file name
    return bool(audio) and mentions_any(" ".join(re.split(r"[\W_]+", str(audio))), "transfer")


def _hangs_up(graph, node_id: str) -> str | None:
    """The hangup that ``node_id`` reaches through messages only (itself, when it is one), or the target a
    platform file names that does not exist, where the platform ends the call (Asterisk hangs up at an empty
    ``Goto()``, FreePBX's destination left unset; in ivr's YAML such a target is a typo, for unknown-target)."""
    end, last = messages_to(graph, node_id)  # last: the message before ``end``, None when it is ``node_id``
    if end is None:
        return None
    ix = index(graph)
    if ix.kind[end] == "hangup":
        return end
    platform = last is not None and ix.model[last].format != "yaml"  # type: ignore[union-attr]
    return end if platform and ix.kind[end] == "missing" else None


def check(graph: nx.DiGraph, options: Mapping[str, Any]) -> Iterator[Problem]:
    language = graph.graph["language"]
    for node_id, model in index(graph).defined("message", "hangup"):
        end = _hangs_up(graph, node_id)  # first: most messages lead on, and the words are read only then
        if end is not None and _announces_transfer(model, language):
            if end == node_id:
                where = "and hangs up"
            elif graph.nodes[end]["node"] is None:
                where = f"then the call ends at '{end}', a target that does not exist"
            else:
                where = f"then hangup '{name_of(graph, end)}' ends the call"
            yield Problem(
                f"{model.type} '{name_of(graph, node_id)}' tells callers they are being transferred {where}; "
                "lead it to a transfer to a person, or say goodbye instead",
                model.prompt.location if model.prompt is not None else model.location,
                node_id,
            )

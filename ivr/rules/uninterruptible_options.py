"""A menu speaks its options in a prompt that keys cannot interrupt.

## What it does
Reports a menu with options whose prompt cannot be interrupted: Asterisk's
`Playback()` before `WaitExten()` (where `Background()` listens for keys),
a VoiceXML prompt with `bargein="false"`, or `interruptible: false` in ivr's
YAML. A prompt with words must ask for an answer ("for billing press 2",
"which department?"): one that asks nothing ("Hello world") is not where
the options are said, and
another rule (`prompt-option-mismatch`) asks for them. A recording is judged
by its file name where that names keys (`press-1-for-sales`); a recording
whose name says nothing of its words gives an info instead, since ivr
cannot tell whether it says the options.

## Why is this bad?
Callers who know their option, or who hear it early in the list, must sit
through the whole prompt. On Asterisk it is worse: keys pressed during a
`Playback()` are thrown away, so the caller who presses 2 at "for billing,
press 2" hears the rest of the list and then silence, waiting for a reply to a
key the system never heard; many press again, or give up.

## Example
```yaml
  main:
    type: menu
    prompt: For billing press 1, for an agent press 0.
    interruptible: false
```

## Use instead
```yaml
  main:
    type: menu
    prompt: For billing press 1, for an agent press 0.   # keys interrupt it (the default)
```
On Asterisk, play the options with `Background()` instead of `Playback()`;
in VoiceXML, leave `bargein` at its default (`true`).

## Options
None.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ivr.graph.build import name_of
from ivr.graph.courtesy import texts
from ivr.graph.index import index
from ivr.model.findings import Problem, Severity
from ivr.model.words import quote
from ivr.phrases import asks, languages, named_keys

if TYPE_CHECKING:
    import networkx as nx

    from ivr.model.menu import Prompt

ID = "uninterruptible-options"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, object] = {}


def check(graph: nx.DiGraph, options: Mapping[str, Any]) -> Iterator[Problem]:
    language = graph.graph["language"]
    for node_id, model in index(graph).defined("menu"):
        if not model.options or model.prompt is None:
            continue
        if model.interruptible:
            continue
        said = _names_keys(model.prompt, language)
        if said is False:
            continue
        name = name_of(graph, node_id)
        if said is None:
            yield Problem(
                f"menu '{name}' plays the recording {quote(model.prompt.audio or '')} where keys cannot "
                "interrupt it, then waits for a key: if the recording says the options, callers must hear it to "
                "the end, and on Asterisk keys pressed during Playback() are lost (its name does not tell ivr "
                "what it says); let keys interrupt it (Background() on Asterisk, bargein=\"true\" in VoiceXML)",
                model.prompt.location,
                node_id,
                severity=Severity.INFO,
            )
            continue
        yield Problem(
            f"menu '{name}' speaks its options in a prompt that keys cannot interrupt: callers "
            "must hear it to the end, and on Asterisk keys pressed during Playback() are lost; let keys "
            "interrupt it (Background() on Asterisk, bargein=\"true\" in VoiceXML)",
            model.prompt.location,
            node_id,
        )


def _names_keys(prompt: Prompt, language: str) -> bool | None:
    """Whether ``prompt`` asks for an answer ("for sales press 1", "which department would you like?"): its texts
    in the languages that have a word list (a text in another language is taken to); a recording by its file name, words split at ``-``, ``_``, ``/`` and ``.``
    (``press-1-for-sales``), read in every language; None: a recording whose name names no key (its words are
    unknown)."""
    if prompt.texts and any(asks(text, code) is not False for code, text in texts(prompt, language)):
        return True
    if prompt.audio is None:
        return False
    # a recording: its name may say (``press-1-for-sales``); beside words that ask nothing (VoiceXML's text inside
    # <audio>, played only when the file cannot be fetched) it may still say the options
    name = re.sub(r"[-_/.:]+", " ", prompt.audio)
    if any(named_keys(name, code) for code in sorted(languages())):
        return True
    return None

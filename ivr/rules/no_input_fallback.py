"""A menu or input cannot be answered with the keypad, or its silence goes to voicemail.

## What it does
Reports each menu or input whose `input_modes` leave out `dtmf`: callers can
only speak, with no touch-tone fallback. Also reports a menu or input whose
`no_input` sends a silent caller (directly or through messages) to voicemail
instead of asking again or helping. A `no_input` that hangs up is left to
`disconnect-on-error`; the default, replaying the prompt, is handled.

## Why is this bad?
Speech recognition fails on noisy lines, with accents, speech impairments,
or callers who cannot speak freely where they are. Item 5 of the GetHuman
Standard (version 1.0): "Speech applications should provide touch-tone
(DTMF) fall-back." Item 8 asks not to give up on callers when no key press
is perceived ("the caller might be on a rotary phone") but to queue them for
a human or offer a call-back; a caller who said nothing has often not
understood the question, and a mailbox does not help them.

## Example
```yaml
  main:
    type: menu
    prompt: Please say billing, or agent.
    input_modes: [speech]
    options:
      "1": {label: Billing, goto: billing}
      "0": {label: Agent, goto: agents}
    no_input: mailbox
```

## Use instead
```yaml
    prompt: Please say billing or press 1, say agent or press 0.
    input_modes: [speech, dtmf]
    no_input: main            # or leave it out: the menu plays again
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
from ivr.model.menu import PROMPTED_TYPES

if TYPE_CHECKING:
    import networkx as nx

ID = "no-input-fallback"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, object] = {}


def check(graph: nx.DiGraph, options: Mapping[str, Any]) -> Iterator[Problem]:
    kind = index(graph).kind
    for node_id, model in index(graph).defined(*PROMPTED_TYPES):
        if model.input_modes is not None and "dtmf" not in model.input_modes:
            yield Problem(
                f"{model.type} '{name_of(graph, node_id)}' accepts speech only; add dtmf to input_modes "
                "and say which keys to press, so callers who cannot be understood can use the keypad",
                model.fields.get("input_modes", model.location),
                node_id,
            )
        if model.no_input is not None:
            end = after_messages(graph, model.no_input.target)
            if end is not None and kind[end] == "voicemail":
                yield Problem(
                    f"no_input of {model.type} '{name_of(graph, node_id)}' sends callers who say nothing to voicemail "
                    f"'{name_of(graph, end)}'; replay the prompt (leave no_input out) or send them to help or an agent",
                    model.no_input.location,
                    node_id,
                )

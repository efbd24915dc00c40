"""A menu offers no way to hear its options again.

## What it does
Reports each menu with options of which none plays the menu again: an option
leading back to the menu itself, or to a message (or messages) that leads
straight back to it ("To hear that again, press 9"), or an option whose label
says repeat ("Repeat", "Wiederholen", "Ismétlés", ...; from the per-language
word files in `ivr/phrases/`). The replay after a silence or a wrong key does
not count: a caller should not have to make a mistake, and wait for the
timeout, to hear the choices again.

## Why is this bad?
Callers hear a menu once, without seeing it, often while doing something
else; whoever missed the choice they wanted must guess, press 0, or hang up
and call again. Offering a key to repeat the options is common practice in
telephone menu design and costs a few words.

## Example
```yaml
  main:
    type: menu
    prompt: For billing press 1, for an agent press 0.
    options:
      "1": {goto: billing}
      "0": {goto: agents}
```

## Use instead
```yaml
    prompt: For billing press 1, for an agent press 0. To hear these options again, press 9.
    options:
      "1": {goto: billing}
      "0": {goto: agents}
      "9": {label: Repeat, goto: main}
```

## Options
None.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ivr.graph.build import format_of, name_of
from ivr.graph.index import index
from ivr.graph.navigation import repeat_keys
from ivr.model.findings import Problem, Severity

if TYPE_CHECKING:
    import networkx as nx

ID = "missing-repeat-option"
SEVERITY = Severity.INFO
OPTIONS: dict[str, object] = {}


def check(graph: nx.DiGraph, options: Mapping[str, Any]) -> Iterator[Problem]:
    for node_id, model in index(graph).defined("menu"):
        if not model.options:
            continue
        if repeat_keys(graph, node_id):
            continue
        free = next((k for k in "9876543210*#" if k not in model.options), None)
        source = format_of(graph, node_id)
        if source == "freeswitch":
            hint = (f" such as <entry action=\"menu-sub\" digits=\"{free}\" param=\"{node_id}\"/>" if free
                    else "")
        elif source in ("asterisk", "ael") and model.input_modes and "speech" in model.input_modes:
            # a speech menu's options are the tests of what the caller said (GotoIf; AEL's if) after SpeechBackground
            # or MRCPRecog, not extensions: a test for the word is what adds one
            test = "an if" if source == "ael" else "a GotoIf"
            hint = f" such as {test} test of what the caller said for 'repeat' that goes to {node_id.split('@')[0]}"
        elif source == "asterisk":  # the node's id is its dialplan position: go back there
            hint = f" such as exten => {free},1,Goto({node_id.split('@')[0]})" if free else ""
        elif source == "ael":  # the menu's context, from its start
            hint = f" such as {free} => jump s@{node_id.split(',')[0]};" if free else ""
        elif source == "vxml":
            hint = f" such as <choice dtmf=\"{free}\" next=\"#{node_id.split('.')[0]}\">" if free else ""
        elif source == "connect":  # names as the flow editor shows them: the block, not its UUID
            hint = f" such as a condition {free} of this block that leads back to it" if free else ""
        elif source == "twilio":
            hint = f" such as a transition for {free} that leads back to widget '{name_of(graph, node_id)}'" \
                if free else ""
        elif source == "archy":
            hint = f" such as a Repeat Menu choice (menuRepeatMenu) on {free}" if free else ""
        else:
            hint = f" such as \"{free}\": {{label: Repeat, goto: {node_id}}}" if free else ""
        yield Problem(
            f"menu '{name_of(graph, node_id)}' has no way to hear its options again; add an option{hint} "
            "and say it in the prompt",
            model.location,
            node_id,
        )

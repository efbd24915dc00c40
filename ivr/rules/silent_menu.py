"""A menu or input plays nothing before it waits for the caller's keys.

## What it does
Reports each menu or input that has no prompt: the source plays nothing
there (`prompt: null` in ivr's YAML; a FreeSWITCH menu with neither
`greet-long` nor `greet-short`; a FreePBX IVR with no announcement; a Twilio
Gather with nothing to say). Not one whose every way in is a message with a
prompt that goes straight on to it (a Studio say-play, then a gather that
listens): callers heard what to do right before it waits, unless it is
FreeSWITCH, which takes no key during a pass that plays nothing.

## Why is this bad?
Callers hear silence. They do not know that they are expected to press a
key, nor which keys mean what; most wait, then hang up or get the failure
path. Item 2 of the GetHuman Standard (version 1.0) asks that callers always
be told how to reach a person, which a silent menu cannot do; ISO/IEC 13714
(clause 7) asks that every menu say its choices. Some platforms make it
worse: FreeSWITCH takes no key at all during a pass that plays nothing
(src/switch_ivr_menu.c, `play_and_collect`), so no choice of a silent menu
can ever be made.

## Example
```yaml
  main:
    type: menu
    prompt: null
    options:
      "1": {label: Sales, goto: sales}
      "0": {label: Agent, goto: agents}
```

## Use instead
```yaml
  main:
    type: menu
    prompt: For sales, press 1. To speak to an agent, press 0.
```

## Options
None.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ivr.graph.build import format_of, name_of
from ivr.graph.index import index
from ivr.model.findings import Problem, Severity
from ivr.model.menu import PROMPTED_TYPES

if TYPE_CHECKING:
    import networkx as nx

ID = "silent-menu"
SEVERITY = Severity.ERROR
OPTIONS: dict[str, object] = {}

_FIX = "give it a prompt that says the choices and their keys"
#: The same advice in the words of other source formats.
_FIX_IN = {
    "freeswitch": "give the <menu> a greet-long (FreeSWITCH takes no key during a pass that plays nothing, so "
                  "none of its entries can be chosen now)",
    "asterisk": "play the choices with Background() before WaitExten()",
    "vxml": "give it a <prompt> that says the choices",
    "twilio": "nest a say or play in the gather",
    "connect": "give the block a prompt that says the choices",
    "archy": "give the menu a prompt that says the choices",
}


def _told_just_before(graph: nx.DiGraph, node_id: str) -> bool:
    """Whether every way into the node is a message with a prompt that goes straight on to it (a Studio say-play
    before a gather with nothing to say of its own): callers heard what to do right before it waits. A way
    back from the node itself (a replay) or from anything else is silent, and so is the node then."""
    models = index(graph).model
    ways = [models.get(way) for way in graph.predecessors(node_id)]
    return bool(ways) and graph.graph.get("start") != node_id and all(
        way is not None and way.type == "message" and way.prompt is not None and way.goto is not None
        and way.goto.target == node_id for way in ways)


def check(graph: nx.DiGraph, options: Mapping[str, Any]) -> Iterator[Problem]:
    for node_id, model in index(graph).defined(*PROMPTED_TYPES):
        if model.prompt is not None:
            continue
        if format_of(graph, node_id) != "freeswitch" and _told_just_before(graph, node_id):
            continue  # (FreeSWITCH takes no key during a pass that plays nothing, whatever came before)
        fix = _FIX_IN.get(format_of(graph, node_id), _FIX)
        yield Problem(
            f"{model.type} '{name_of(graph, node_id)}' plays nothing before it waits for keys: callers hear "
            f"silence and cannot know what to press; {fix}",
            model.fields.get("prompt", model.location),
            node_id,
        )

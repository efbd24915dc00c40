"""A menu or input plays nothing before it waits for the caller's keys.

## What it does
Reports each menu or input that has no prompt: the source plays nothing
there (`prompt: null` in ivr's YAML; a FreeSWITCH menu with neither
`greet-long` nor `greet-short`; a FreePBX IVR with no announcement; a Twilio
Gather with nothing to say).

A node entered only right after a message that asks the question (every
way in is a message whose prompt leads straight to it: a Twilio say/play
before a gather, a VoiceXML block before a field with no prompt) is not
silent the first time: it is reported, as a warning, only when it is played
again after silence or a wrong answer (then callers hear nothing), and not
at all when it is not. FreeSWITCH menus are reported whatever comes before:
FreeSWITCH takes no key during a pass that plays nothing.

A short silent window that carries callers on gives an info instead: a menu
that waits at most `window_seconds` (3 by default) for a key in silence and,
when none comes, goes on to a transfer (Asterisk's `WaitExten(1)` whose `t`
queues the caller). Callers who press nothing lose only those seconds on the
way to a person, and those who know an extension may dial it: the "silent
prompt" of voice response units, an intentional pause kept short enough not
to be noticed (Avaya Interactive Response design guidelines, "When callers
must wait": fill a gap only when it is longer than a few seconds). Not on
FreeSWITCH, where no key can be taken in silence.

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
- `window_seconds` (default 3): the longest silent wait for keys that, leading on to a transfer when no key
  comes, is taken for an intended window (an info) rather than a menu nobody can use.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ivr.graph.build import format_of, name_of
from ivr.graph.index import index
from ivr.model.findings import Problem, Severity
from ivr.model.menu import PROMPTED_TYPES, Fallback

if TYPE_CHECKING:
    import networkx as nx

ID = "silent-menu"
SEVERITY = Severity.ERROR
OPTIONS: dict[str, object] = {"window_seconds": 3.0}

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


def _asked_before(graph: nx.DiGraph, node_id: str) -> str | None:
    """The message that asks the question just before ``node_id`` on every way in, or None: every node that leads
    to it is a message with a prompt whose ``goto`` is this node (not FreeSWITCH's, which takes no key during a
    pass that plays nothing, whatever was said before)."""
    if format_of(graph, node_id) == "freeswitch" or node_id == graph.graph["start"]:
        return None
    before = [p for p in index(graph).pred[node_id] if p != node_id]
    models = index(graph).model
    for pred in before:
        model = models.get(pred)
        if model is None or model.type != "message" or model.prompt is None or model.goto is None \
                or model.goto.target != node_id:
            return None
    return before[0] if before else None


def _replays(node_id: str, model) -> bool:
    """Whether the node is played again after silence or a wrong answer (a way back to itself, or the
    platform's replay)."""
    if model.retries is not None and model.retries <= 1:
        return False
    return any((ref is None and when == Fallback.REPLAY) or (ref is not None and ref.target == node_id)
               for ref, when in ((model.no_input, model.when_no_input), (model.no_match, model.when_no_match)))


def _window_to(graph: nx.DiGraph, node_id: str, model, most: float) -> str | None:
    """The transfer a silent wait of at most ``most`` seconds carries callers on to when they press nothing (its
    no-input way, through messages and branches that end at transfers only), or None."""
    if format_of(graph, node_id) == "freeswitch" or model.timeout is None or model.timeout > most \
            or model.no_input is None:
        return None
    models = index(graph).model
    seen, queue, transfers = {node_id}, [model.no_input.target], []
    while queue:
        target = queue.pop()
        if target in seen:
            continue
        seen.add(target)
        reached = models.get(target)
        if reached is None or reached.type not in ("message", "branch", "transfer"):
            return None
        if reached.type == "transfer":
            transfers.append(target)
            continue
        queue.extend(t for _, t in graph.out_edges(target))
    return transfers[0] if transfers else None


def check(graph: nx.DiGraph, options: Mapping[str, Any]) -> Iterator[Problem]:
    most = float(options["window_seconds"])
    for node_id, model in index(graph).defined(*PROMPTED_TYPES):
        if model.prompt is not None:
            continue
        window = _window_to(graph, node_id, model, most)
        if window is not None:
            yield Problem(
                f"{model.type} '{name_of(graph, node_id)}' waits {model.timeout:g} s for keys in silence, then "
                f"puts callers who press nothing through to '{name_of(graph, window)}': a silent window for "
                "those who know a key; if callers are meant to choose, say the choices",
                model.fields.get("prompt", model.location),
                node_id,
                Severity.INFO,
            )
            continue
        fix = _FIX_IN.get(format_of(graph, node_id), _FIX)
        asked = _asked_before(graph, node_id)
        if asked is not None:
            # the question is asked just before it on every way in: silent only when it is played again
            if _replays(node_id, model):
                yield Problem(
                    f"{model.type} '{name_of(graph, node_id)}' plays nothing of its own: callers hear the question "
                    f"in '{name_of(graph, asked)}' just before it, but when it is played again after silence or a "
                    f"wrong answer they hear nothing and cannot know what to do; {fix}",
                    model.fields.get("prompt", model.location),
                    node_id,
                    Severity.WARNING,
                )
            continue
        yield Problem(
            f"{model.type} '{name_of(graph, node_id)}' plays nothing before it waits for keys: callers hear "
            f"silence and cannot know what to press; {fix}",
            model.fields.get("prompt", model.location),
            node_id,
        )

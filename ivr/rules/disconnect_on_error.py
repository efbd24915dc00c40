"""A menu or input hangs up on a caller who pressed nothing or a wrong key.

## What it does
Checks how each menu and input node handles a caller's mistakes. Reports a
node without `on_fail`, where the system disconnects the call once `retries`
failed attempts are used up, and a `no_input`, `no_match` or `on_fail` that
leads straight to a hangup (directly or through messages only).

A node whose failures all lead away (silence and a wrong key each have their
own path elsewhere) never uses up its retries: it is not reported for a
missing `on_fail`. (Amazon Connect asks again without counting: its readers
write `on_fail` as the menu itself.)

Only the caller's own failures are judged: silence, a wrong key, retries
used up. An error of a block the caller cannot influence (a Lambda or HTTP
call that fails, a queue at capacity, an attribute that cannot be set:
Amazon Connect's `Errors`, Twilio Studio's `fail`) that plays a message and
hangs up is not the caller's mistake, and this rule does not report it: the
platform readers map such an error as a branch of the block (a Lambda's
`fails (NoMatchingError)`), or leave it out of the analysis as the platform
failing (a queue at capacity, an attribute that cannot be set: listed in the
import summary), never as the block's `on_fail`. Whether that failure should
reach a person instead is `no-path-to-human`'s question.

A menu whose options take every key of the keypad (an Asterisk pattern
such as `_[0-9#*]`) has no wrong key: its `no_match` is not judged.

Where the platform asks once and each failure takes its own way (Twilio
Studio), a node whose failure leads back to itself runs until the platform's
limit on runs in a row ends the call (Studio: 10): said as an info, since that
limit guards against loops and no one designed it as tries.

Only menus and inputs callers can enter are judged: one that nothing
reaches is `unreachable-node`'s (one fault, one finding).

An input whose silence or wrong entry goes where its answer goes (a
recording that ends the call however the caller ends it, a Connect block
that waits for any keys, a Studio question whose silence goes where a key
press goes: no answer taken as 'no') treats nothing as a mistake: those
ways are not reported.

## Why is this bad?
The caller is cut off for a mistake: a slow reader, a bad line, a key that
was not offered. The GetHuman Standard asks never to disconnect on a
caller's error; a cut-off caller calls again, angrier, and the call costs
twice.

## Example
```yaml
  main:
    type: menu
    prompt: For balance press 1, for an agent press 0.
    options:
      "1": {goto: balance}
      "0": {goto: agents}
    no_input: bye
```

## Use instead
```yaml
    no_input: main        # or leave it out: the menu plays again
    on_fail: agents       # after the retries, a person helps
```

## Options
None.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ivr.graph import courtesy, reach
from ivr.graph.build import name_of
from ivr.graph.index import index
from ivr.graph.reach import after_messages
from ivr.model.keys import chooses_every_key, keys_left
from ivr.model.findings import Problem, Severity
from ivr.model.menu import PROMPTED_TYPES
from ivr.phrases import PhraseBook, phrasebook

if TYPE_CHECKING:
    import networkx as nx

ID = "disconnect-on-error"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, object] = {}

_WHEN = {
    "no_input": "callers who press nothing",
    "no_match": "callers who press a wrong key",
    "on_fail": "callers whose retries run out",
}


def _offers_to_hang_up(model, language: str) -> bool:
    """Whether the node's prompt tells callers they may end the call (phrase list ``hang_up``: "otherwise, you can
    now hang up"): then the call ending after silence is what it offered, not a caller cut off."""
    return model.prompt is not None and any(
        book is not None and book.mentions(text, "hang_up")
        for code, text in courtesy.texts(model.prompt, language) for book in (phrasebook(code),))


def _hangs_up(graph, node_id: str) -> str | None:
    """The hangup that ``node_id`` leads straight to, through messages only."""
    end = after_messages(graph, node_id)
    return end if end is not None and index(graph).kind[end] == "hangup" else None


def _unthanked(graph, hangup: str) -> str:
    """``(also: ...)`` when the hangup, reached only after mistakes, ends without thanks: missing-thanks leaves
    such a hangup to this rule, so that one fault is one finding (issue 24)."""
    if not courtesy.only_after_a_mistake(graph, hangup):
        return ""
    heard = courtesy.last_words(graph, hangup, PhraseBook.thanks_caller)
    if heard.silent:
        return " (also: in silence)"
    return " (also: without thanks)" if heard.failed else ""


def _retries_can_run_out(node_id: str, model) -> bool:
    """Whether callers can use up a node's retries: some failure stays at the node (it plays again).

    Not when silence and a wrong key each lead away (Twilio Studio, Amazon Connect:
    every failure goes down its own path, so no count builds up).
    """
    stays = [ref is None or ref.target == node_id for ref in (model.no_input, model.no_match)]
    return any(stays)


def _answered(graph, model) -> set[str]:
    """Where an input's answer goes: its ``goto``, and where that branch's cases lead when the answer is told
    apart at once (keys one way, speech another: Twilio Studio's two ways out of a gather). Silence that goes to
    one of them is taken as that answer (a 'no'), by design."""
    if model.goto is None:
        return set()
    found = {model.goto.target}
    nodes = index(graph).model
    after = nodes.get(model.goto.target)
    if after is not None and after.type == "branch":
        # a case written to go on (not one that ends the call where it is: a key press left unconnected is no
        # answer anyone designed)
        found |= {branch.goto.target for branch in after.branches
                  if (node := nodes.get(branch.goto.target)) is not None and node.type != "hangup"}
    return found


#: A wrong key is named when patterns leave at most this many keys of the keypad to no option.
_FEW_LEFT = 3


def _who(field: str, kind: str, model) -> str:
    """The callers a failure way takes: those who press the few keys no option takes, where patterns take the
    others (Asterisk's ``_X!`` and ``#`` leave only ``*``), else as :data:`_WHEN` says."""
    if field == "no_match" and kind == "menu" and any(key[:1] in "_/" and len(key) > 1 for key in model.options):
        left = keys_left(model.options)
        if 0 < len(left) <= _FEW_LEFT:
            keys = " or ".join(left)
            return f"callers who press {keys} (the only key{'s' if len(left) > 1 else ''} no option takes alone)"
    return _WHEN[field]


def check(graph: nx.DiGraph, options: Mapping[str, Any]) -> Iterator[Problem]:
    known = index(graph).kind
    unthanked: dict[str, str] = {}  # hangup -> _unthanked: asked once per hangup, not once per way to it
    entered = reach.entered(graph)
    for node_id, model in index(graph).defined(*PROMPTED_TYPES):
        if node_id not in entered:
            continue  # unreachable-node's: what no caller meets cuts no caller off
        kind = model.type
        if model.on_fail is None and _retries_can_run_out(node_id, model):
            retries: Any = model.retries  # set by every reader for menus and inputs
            attempts = "the first failed attempt" if retries == 0 else (
                f"{retries} failed attempts" if retries > 1 else "1 failed attempt")
            if not model.counts_tries:
                # the platform's guard against endless loops (Studio: 10 runs in a row), not tries anyone designed:
                # a caller who keeps failing hears the node again that many times, then the call ends
                yield Problem(
                    f"{kind} '{name_of(graph, node_id)}' asks again after a failed try with no other way out: the "
                    f"platform ends the call once it has run it {retries} times in a row; add a way to an agent or "
                    "to help after a failed try", model.location, node_id, Severity.INFO)
            else:
                yield Problem(
                    f"{kind} '{name_of(graph, node_id)}' disconnects callers after {attempts} (no on_fail); "
                    "add on_fail leading to an agent or to help",
                    model.location,
                    node_id,
                )
        for field in ("no_input", "no_match", "on_fail"):
            ref = getattr(model, field)
            if ref is None or ref.target not in known:
                continue
            if kind == "input" and ref.target in _answered(graph, model):
                continue  # silence or any keys go where an answer goes: the input treats no answer as a mistake
            if field == "no_match" and kind == "menu" and chooses_every_key(model.options):
                continue  # every key chooses an option (Asterisk's _[0-9#*]): no key is a wrong one
            if field == "no_input" and _offers_to_hang_up(model, graph.graph["language"]):
                continue  # "press 1 for the main menu, otherwise you can now hang up": silence is an answer offered
            end = _hangs_up(graph, ref.target)
            if end is not None:
                if end not in unthanked:
                    unthanked[end] = _unthanked(graph, end)
                yield Problem(
                    f"{field} of {kind} '{name_of(graph, node_id)}' leads to hangup '{name_of(graph, end)}': "
                    f"{_who(field, kind, model)} are cut off"
                    f"{unthanked[end]}; replay the menu or send them to an agent instead",
                    ref.location,
                    node_id,
                )

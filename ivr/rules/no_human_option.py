"""A menu offers no option that puts the caller through to a person.

## What it does
Reports each menu callers can enter that has no option reaching a `transfer`
in one step: an option whose target is a transfer, or a message (or a chain
of messages) that only plays a prompt and goes on to one ("Connecting you
now"), or a branch the system decides (on opening hours) whose every case
leads on to a transfer that way. A `voicemail` is not a person and does not
count; neither does a way through another menu or an input, nor `on_fail` (a
caller should not have to fail three times to be helped). A menu whose
`no_match` itself leads on to a transfer that way does offer a person: any key
it does not list, 0 among them, puts the caller through ("press 1 for
voicemail, or any other key to stay in the queue"). The first menu
callers hear (the start, or the menu the start's messages lead to) is reported
as an error, the others as warnings. Menus without any option are left to
`dead-end`, menus from which no transfer can be reached at all to
`no-path-to-human` (one fault, one finding). A menu whose options hand the
call to what ivr cannot follow (a flow, context or script not given, which may
be a person) gets an info saying that it cannot tell, naming them; so does a
menu whose one option takes every key (Asterisk's `_[0-9#*]`, its action
looked up per key at run time) when some of that option's ways reach a person.
A menu none of whose options always reaches a person, but some of whose
options do on some cases of a branch the system decides (a queue in office
hours, a message and a hangup after them), gets an info naming them: whether
callers sent the other way are helped is a matter of those cases (the rule
`closed-without-fallback`), not of the menu.
A menu whose only options play it again (an announcement callers may repeat
with `*`, going on after it whatever else they do) offers no choice of where to
go and is not reported: the menus it goes on to are.

## Why is this bad?
The first item of the GetHuman Standard (version 1.0) reads: "The caller
must always be able to dial 0 or to say "operator" to queue for a human." A
caller whose problem the menu did not foresee, who is confused, or who cannot
use self-service has no way out but to hang up; at the first menu, every
caller is in that position.

## Example
```yaml
  main:
    type: menu
    prompt: For your balance press 1, for your bills press 2.
    options:
      "1": {goto: balance}
      "2": {goto: bills}
    on_fail: agents
```

## Use instead
```yaml
    prompt: For your balance press 1, for your bills press 2, for an agent press 0.
    options:
      "1": {goto: balance}
      "2": {goto: bills}
      "0": {label: Agent, goto: agents}
```

## Options
None.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ivr.graph import reach
from ivr.graph.build import format_of, name_of
from ivr.graph.index import index
from ivr.graph.human import reaches_person, reaches_person_sometimes, start_menu
from ivr.model.findings import Problem, Severity
from ivr.model.keys import chooses_every_key
from ivr.model.words import quote

if TYPE_CHECKING:
    import networkx as nx

ID = "no-human-option"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, object] = {}


#: How to add a person, in the words of each source format (default: ivr's YAML).
_FIX = {
    "freeswitch": "add <entry action=\"menu-exec-app\" digits=\"0\" param=\"transfer OPERATOR XML default\"/> "
                  "(or callcenter/fifo to a queue of agents)",
    "asterisk": "add exten => 0,1,Queue(agents) (or Dial() to a person's phone) in its context",
    "vxml": "add <choice dtmf=\"0\" next=\"#agent\"> and a form there with a <transfer dest=\"...\">",
}


def _unknown(graph: nx.DiGraph, target: str) -> bool:
    """Whether an option leads, through messages only, to a node that does not exist (a typo, reported by
    unknown-target)."""
    end = reach.after_messages(graph, target)
    return end is not None and index(graph).kind[end] == "missing"


def _handoff(graph: nx.DiGraph, target: str) -> str | None:
    """What an option hands the call to, through messages only, when ivr cannot tell whether a person is there (an
    ``external`` whose outcome is not known: a flow, context or script not given); None otherwise."""
    end = reach.after_messages(graph, target)
    if end is None:
        return None
    node = index(graph).model.get(end)
    if node is None or node.type != "external" or node.handed_to != "unknown":
        return None
    return node.target_text or name_of(graph, end)


def check(graph: nx.DiGraph, options: Mapping[str, Any]) -> Iterator[Problem]:
    first = start_menu(graph)
    # menus from which no transfer can be reached at all are no-path-to-human's: one fault, one finding
    helped = reach.helped(graph)
    entered = reach.entered(graph)
    for node_id, model in index(graph).defined("menu"):
        if not model.options or node_id not in entered or node_id not in helped:
            continue
        if any(reaches_person(graph, option.goto.target) for option in model.options.values()):
            continue
        if model.no_match is not None and reaches_person(graph, model.no_match.target):
            continue  # any other key (0 among them) puts the caller through
        if any(_unknown(graph, option.goto.target) for option in model.options.values()):
            continue  # an option to a node that does not exist may be the person meant: unknown-target's (one fault)
        if all(reach.after_messages(graph, option.goto.target) == node_id for option in model.options.values()):
            # its only keys play it again (FreePBX's announcement with 'allow repeat': * hears it again, silence and
            # any other key go on): it offers no choice of where to go; where callers go on is judged there
            continue
        where = "the first menu callers hear" if node_id == first else "menu"
        fix = _FIX.get(format_of(graph, node_id), "add 0 leading to a transfer (directly or through a message)")
        handoffs = [h for h in dict.fromkeys(_handoff(graph, option.goto.target) for option in model.options.values())
                    if h is not None]
        if chooses_every_key(model.options) and any(option.goto.target in helped for option in model.options.values()):
            # one option takes every key, 0 among them (Asterisk's _[0-9#*]), and a way from it reaches a person on
            # some values set at run time (an action looked up per key): which key does is not in the file
            yield Problem(
                f"cannot tell whether {where} '{name_of(graph, node_id)}' offers a person: one option takes every "
                "key, and whether a key reaches a person depends on values set at run time (some of its ways do); "
                f"if 0 does not, {fix}",
                model.location,
                node_id,
                Severity.INFO,
            )
            continue
        if handoffs:  # options to a flow, context or script not given: it may be the person (issue 24 item 1)
            shown = ", ".join(quote(h) for h in handoffs[:3]) + (f" and {len(handoffs) - 3} more"
                                                                  if len(handoffs) > 3 else "")
            yield Problem(
                f"cannot tell whether {where} '{name_of(graph, node_id)}' offers a person: no option reaches a "
                f"transfer here, and its options hand the call to what ivr cannot follow ({shown}); if none of "
                f"them is a person, {fix}",
                model.location,
                node_id,
                Severity.INFO,
            )
            continue
        sometimes = [key for key, option in model.options.items() if reaches_person_sometimes(graph, option.goto.target)]
        if sometimes:  # a person on some cases of a branch the system decides (in office hours): not always
            keys = ", ".join(sometimes[:5]) + (f" and {len(sometimes) - 5} more" if len(sometimes) > 5 else "")
            yield Problem(
                f"{where} '{name_of(graph, node_id)}' offers a person only on some of the ways the system decides: "
                f"option{'s' if len(sometimes) > 1 else ''} {keys} reach{'' if len(sometimes) > 1 else 'es'} a "
                "transfer on some cases of a branch (opening hours, a lookup) and not on others; check that callers "
                f"sent the other way are offered a person, voicemail or a call-back, or {fix}",
                model.location,
                node_id,
                Severity.INFO,
            )
            continue
        yield Problem(
            f"{where} '{name_of(graph, node_id)}' has no option that reaches a person; {fix}",
            model.location,
            node_id,
            Severity.ERROR if node_id == first else None,
        )

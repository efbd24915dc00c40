"""No transfer to a person can be reached from a menu.

## What it does
Reports the start node when no `transfer` (the only node where a live human
answers) can be reached from it: an error, since no caller can ever talk to
a person. Reports, as warnings, each menu that callers can enter from which
no transfer can be reached. A menu file with no transfer at all is reported
once, at the start. A flow that never asks callers anything (no menu, input
or voicemail: an announcement, or a page of a larger application) gets an info
instead of the error: callers there cannot reach a person either, but they
were never offered a choice, and it may be meant. So does a dialplan's
(Asterisk, AEL) line that offers callers no menu with options (a login that
reads a code and hangs up, a lookup, a test extension): a dialplan carries the
PBX's own and outbound calls too, and the file does not say which numbers
reach a context, so ivr cannot tell that callers from outside ever come there
(as it reads a dialplan with no menu at all only for its routing).

A hand-off that ivr cannot follow (an `external` node: a dialplan application,
a web service, a flow not given) might reach a person, or might not: ivr cannot
tell (unless its reader knows it reaches no person, `outcome: system`: a service
that ends the call, such as a fax receiver; that one counts as no person). When callers can choose such a hand-off (an option, a `goto` or a branch
leads to it), no menu from which it can be reached is reported; the start gets
one info instead of the error, saying that it cannot tell and naming the
hand-offs (`unresolved-handoff` lists them all). A hand-off taken only after
callers fail (FreeSWITCH's return to the dialplan after `max-failures`) is not a
way to a person that a caller can choose, and does not count.

A part that its platform runs inside other flows (an Amazon Connect flow
module, run by Invoke module; its Return goes back to the flow that invoked it)
is not where a call starts: when no transfer can be reached in it, the start
gets an info saying that whether callers reach a person is decided in the flows
that run it, not the error. A flow that callers enter at its start with no way
to a person still gets the error.

## Why is this bad?
Menus that never lead to someone who can help are callers' top complaint
about phone menus, and the GetHuman Standard's first rule is that a caller
can always reach a human. Callers stuck in self-service hang up and call
back angrier, or leave.

## Example
```yaml
  billing:
    type: menu
    prompt: To hear your balance press 1. To pay press 2.
    options:
      "1": {goto: balance}
      "2": {goto: pay}
    on_fail: bye
```

## Use instead
```yaml
    options:
      "1": {goto: balance}
      "2": {goto: pay}
      "0": {label: Agent, goto: billing_agents}
    on_fail: billing_agents
  billing_agents: {type: transfer, queue: billing}
```

## Options
None.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ivr.graph import reach
from ivr.graph.build import format_of, is_defined, name_of
from ivr.graph.index import index
from ivr.model.findings import Problem, Severity

if TYPE_CHECKING:
    import networkx as nx

ID = "no-path-to-human"
SEVERITY = Severity.ERROR
OPTIONS: dict[str, object] = {}


def chosen_handoffs(graph) -> list[str]:
    """External nodes that callers can choose and that might reach a person: entered by an option, a goto or a
    branch (not only after failing), or where the call starts (a dialplan that runs a menu not given); not those
    whose reader knows they reach no person (outcome ``system``: a service that ends the call)."""
    start = graph.graph["start"]
    chosen = index(graph).forward_pred  # the nodes that lead to each by a key, a goto or a branch
    return [n for n, node in index(graph).defined("external")
            if node.handed_to == "unknown" and (n == start or chosen[n])]


def _cannot_tell(graph, start: str, handoffs: list[str], maybe: set[str]):
    texts = [graph.nodes[n]["node"].target_text or name_of(graph, n) for n in handoffs if n in maybe]
    shown = ", ".join(f"'{t}'" for t in texts[:3]) + (f" and {len(texts) - 3} more" if len(texts) > 3 else "")
    return Problem(
        f"cannot tell whether callers can reach a person from the start '{name_of(graph, start)}': no transfer can "
        f"be reached, only hand-offs ivr cannot follow ({shown}); check where they lead, or add a transfer",
        graph.nodes[start]["location"],
        start,
        Severity.INFO,
    )


def _part(graph, start: str) -> Problem:
    return Problem(
        f"cannot tell whether callers can reach a person: '{graph.graph['name']}' is {graph.graph['part_of']}, and no "
        f"transfer can be reached in it; whether the call reaches a person is decided in those flows (before it, or "
        f"after it returns): check them, or give them to ivr with it",
        graph.nodes[start]["location"],
        start,
        Severity.INFO,
    )


def _asks(graph) -> bool:
    """Whether a call from the start meets a menu, an input or a voicemail: a place where callers are asked
    something (a line that only takes messages is no announcement)."""
    entered = reach.entered(graph)
    return any(n in entered for kind in ("menu", "input", "voicemail") for n, _ in index(graph).defined(kind))


def _announcement(graph, start: str) -> Problem:
    return Problem(
        f"'{graph.graph['name']}' asks callers nothing and leads to no transfer: callers hear it and can never reach "
        f"a person; if it is an announcement, that may be meant; if not, add "
        f"{_add(graph, start, 'a menu with an option to a transfer (0 by convention)')}",
        graph.nodes[start]["location"],
        start,
        Severity.INFO,
    )


#: How to add a way to a person, in the words of each source format (default: ivr's YAML).
_ADD_PERSON = {
    "freeswitch": 'an <entry action="menu-exec-app" digits="0" param="transfer OPERATOR XML default"/> '
                  "(or callcenter/fifo to a queue of agents)",
    "asterisk": "an extension that reaches a person, such as exten => 0,1,Queue(agents) (or Dial())",
    "ael": "an extension that reaches a person, such as 0 => Queue(agents); (or Dial())",
    "vxml": 'a <choice dtmf="0"> leading to a form with a <transfer dest="...">',
}

#: Dialplans: any context may be where calls arrive, callers from outside or the PBX's own phones and trunks.
_DIALPLANS = frozenset({"asterisk", "ael"})


def _offers_no_menu(graph, start: str) -> bool:
    """Whether the start is a dialplan's (Asterisk, AEL) and a call from it meets no menu with options: a line that
    only takes data or plays something (a login, a lookup, a test extension). A dialplan carries internal and
    outbound calls too, and the file does not say which numbers reach a context, so ivr cannot tell that callers
    from outside ever come here (as a dialplan with no menu at all is read only for its routing)."""
    if format_of(graph, start) not in _DIALPLANS:
        return False
    entered = reach.entered(graph)
    return not any(n in entered and model.options for n, model in index(graph).defined("menu"))


def _dialplan_line(graph, start: str) -> Problem:
    return Problem(
        f"'{name_of(graph, start)}' offers callers no menu and leads to no transfer: nobody answers there; a dialplan "
        "extension like this (a login, a lookup, a test line) may serve the PBX's own phones or a service, which the "
        f"file does not tell; if callers from outside reach it, add {_add(graph, start, '')}",
        graph.nodes[start]["location"],
        start,
        Severity.INFO,
    )


def _add(graph, node_id: str, yaml_words: str) -> str:
    return _ADD_PERSON.get(format_of(graph, node_id), yaml_words)


def _at_start(graph, start: str, handoffs: list[str], maybe: set[str]) -> Problem | None:
    """The info that takes the place of the error at a start from which no transfer can be reached, where ivr cannot
    tell or it may be meant (a hand-off not followed, a part of other flows, an announcement, a dialplan line with
    no menu); None: the error stands."""
    if start in maybe:
        return _cannot_tell(graph, start, handoffs, maybe)
    if graph.graph.get("part_of"):
        return _part(graph, start)
    if not _asks(graph):
        return _announcement(graph, start)
    if _offers_no_menu(graph, start):
        return _dialplan_line(graph, start)
    return None


def check(graph: nx.DiGraph, options: Mapping[str, Any]) -> Iterator[Problem]:
    start = graph.graph["start"]
    humans = index(graph).defined("transfer")
    start_known = is_defined(graph, start)
    handoffs = chosen_handoffs(graph)
    maybe = reach.reaching(graph, handoffs) if handoffs else set()
    # an unknown node may be meant to lead to a person (unknown-target reports it): give it the benefit of the doubt
    missing = reach.nodes_of_kind(graph, {"missing"})
    if not humans:
        if missing and start in reach.reaching(graph, missing):
            return
        if start_known:
            yield _at_start(graph, start, handoffs, maybe) or Problem(
                f"'{graph.graph['name']}' has no transfer at all: callers can never reach a person; "
                f"add {_add(graph, start, 'a transfer node and an option to it (0 by convention)')}",
                graph.nodes[start]["location"],
                start,
            )
        return
    helped = reach.helped(graph)  # from humans and missing
    if start_known and start not in helped:
        yield _at_start(graph, start, handoffs, maybe) or Problem(
            f"no transfer can be reached from the start '{name_of(graph, start)}': callers can never reach a person; "
            f"add {_add(graph, start, 'an option that leads to a transfer (0 by convention)')}",
            graph.nodes[start]["location"],
            start,
        )
    entered = reach.entered(graph)
    for node_id, _ in index(graph).defined("menu"):
        if node_id == start or node_id not in entered or node_id in helped or node_id in maybe:
            continue
        yield Problem(
            f"no transfer can be reached from menu '{name_of(graph, node_id)}': callers who get here can never "
            f"reach a person; add {_add(graph, node_id, 'an option to an agent (0 by convention) or an on_fail that transfers')}",
            graph.nodes[node_id]["location"],
            node_id,
            Severity.WARNING,
        )

"""Callers can enter a loop from which no ending can be reached.

## What it does
Finds the nodes that callers can reach from `start` but from which no
transfer, voicemail, hangup or system disconnect can ever be reached, and
reports each loop among them once, naming all its nodes. It works on the
strongly connected components of the graph, so it stays linear in the size
of the menu however many cycles there are.

A menu or input that asks a silent caller again so many times that giving up
takes ten minutes or more (its `retries` times its `timeout` and prompt) is
reported too, as a warning: its way out after the last try is one no caller
ever waits for (FreeSWITCH's `max-failures="10000"`). A flow the platform
ends when an agent takes the call (an Amazon Connect customer queue or hold
flow) is not reported: its loop is the caller's wait.

A transfer whose failure way (`if_failed`: a VoiceXML error handler that
only speaks, after which the form selects the transfer again) leads back only
to the same transfer is reported as a warning: callers whose transfer keeps
failing (a wrong number, a line or queue that refuses calls) go round it.

## Why is this bad?
A caller in such a loop goes round the same prompts until they give up: the
call ends in frustration and costs a line for as long as it lasts.

## Example
```yaml
  main:
    type: menu
    prompt: For hours press 1, for our address press 2.
    options:
      "1": {goto: hours}
      "2": {goto: address}
    on_fail: main
  hours: {type: message, prompt: We are open 9 to 5., goto: main}
  address: {type: message, prompt: We are at 1 Main Street., goto: main}
```

## Use instead
```yaml
    options:
      "1": {goto: hours}
      "2": {goto: address}
      "0": {label: Agent, goto: agents}
    on_fail: agents
  agents: {type: transfer, queue: general}
```

## Options
None.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ivr.graph import reach
from ivr.graph.build import TERMINAL_KINDS, name_of
from ivr.graph.index import index
from ivr.graph.timing import prompt_seconds
from ivr.model.findings import Problem, Severity
from ivr.model.menu import Fallback
from ivr.model.words import plural

if TYPE_CHECKING:
    import networkx as nx

ID = "inescapable-loop"
SEVERITY = Severity.ERROR
OPTIONS: dict[str, object] = {}

#: A silent caller going round a menu this long before its last try fails never gets to its way out.
ENDLESS_SECONDS = 600
#: The most retries the model holds (the YAML schema's maximum, ``ivr.formats.checks.MAX_RETRIES``): a platform's
#: larger count is read as this many, so the message says "or more" there.
MOST_RETRIES = 100


def check(graph: nx.DiGraph, options: Mapping[str, Any]) -> Iterator[Problem]:
    import networkx as nx  # noqa: PLC0415 (ivr rules lists the rules without loading networkx)

    model = index(graph).model
    entered = reach.entered(graph)
    yield from _endless_retries(graph, model, entered)
    yield from _retried_transfers(graph, model, entered)
    if graph.graph.get("agent_ends_it"):
        return  # the platform ends the flow when an agent answers (a Connect customer queue flow): loops are the wait
    trapped = [n for n in entered - reach.exits(graph) if model[n] is not None]
    if not trapped:
        return
    caught = graph.subgraph(trapped)
    for component in nx.strongly_connected_components(caught):
        if len(component) == 1:
            (only,) = component
            if not caught.has_edge(only, only):
                continue  # a node leading into a trap, or a dead end: not a loop
        members = sorted(component, key=lambda n: (graph.nodes[n]["location"].order, n))
        entry = members[0]
        if len(members) == 1:
            message = (f"{graph.nodes[entry]['kind']} '{name_of(graph, entry)}' loops on itself and callers can never "
                       "leave (no transfer, voicemail or hangup can be reached); add a way out")
        else:
            message = (f"{plural(len(members), 'node')} form a loop that callers can never leave "
                       f"(no transfer, voicemail or hangup can be reached): {', '.join(members)}; "
                       "add an option or on_fail that leads out")
        yield Problem(message, graph.nodes[entry]["location"], entry, nodes=tuple(members))


def _endless_retries(graph: nx.DiGraph, model: Mapping[str, Any], entered: set[str]) -> Iterator[Problem]:
    """Menus and inputs whose last try a silent caller reaches only after ENDLESS_SECONDS or more.

    Only counted tries that end somewhere else (``on_fail`` not the node itself: a platform that asks forever
    says so with that edge, and the loop is then structural); a silent caller replays the node when its
    ``no_input`` is not set and the platform replays (``when_no_input``)."""
    language = graph.graph["language"]
    for node_id in sorted((n for n in entered if model[n] is not None), key=lambda n: (model[n].location.order, n)):
        node = model[node_id]
        if node.invented or node.type not in ("menu", "input") or not node.counts_tries:
            continue
        if not node.retries or node.timeout is None or node.no_input is not None \
                or node.when_no_input is not Fallback.REPLAY or node.on_fail is None or node.on_fail.target == node_id:
            continue
        seconds = node.retries * (node.timeout + prompt_seconds(node, language))
        if seconds >= ENDLESS_SECONDS:
            more = " or more" if node.retries >= MOST_RETRIES else ""
            yield Problem(f"{node.type} '{name_of(graph, node_id)}' asks a silent caller again {node.retries:,} "
                          f"times{more} before its last try fails (about {seconds / 60:,.0f} minutes{more} of "
                          f"{node.timeout:g} s waits): callers who cannot press a key (a rotary phone, a caller who did not understand) "
                          "go round it and never reach its way out; give up after 3 tries and pass them on",
                          node.fields.get("retries", node.location), node_id, severity=Severity.WARNING)


def _retried_transfers(graph: nx.DiGraph, model: Mapping[str, Any], entered: set[str]) -> Iterator[Problem]:
    """Transfers whose failure way (``if_failed``) comes back only to themselves: searched from the failure way
    without going through the transfer, no end (another transfer, voicemail, a hangup, a disconnect, a hand-off
    or a node not defined) can be reached, and the transfer can."""
    kind, succ = index(graph).kind, index(graph).succ
    for node_id, node in index(graph).defined("transfer"):
        if node.if_failed is None or node.invented or node_id not in entered:
            continue
        seen = {node_id}
        todo = [node.if_failed.target]
        back = False
        while todo:
            current = todo.pop()
            if current == node_id:
                back = True
                continue
            if current in seen:
                continue
            seen.add(current)
            if kind.get(current) in _ENDS:
                break  # another way on
            todo.extend(succ.get(current, ()))
        else:
            if back:
                through = [n for n in seen if n != node_id and model.get(n) is not None and not model[n].invented]
                said = f" (through {', '.join(repr(name_of(graph, n)) for n in sorted(through)[:3])})" if through else ""
                yield Problem(f"transfer '{name_of(graph, node_id)}': when it fails, the call only comes back to it"
                              f"{said}: callers whose transfer keeps failing (a wrong number, a line or queue that "
                              "refuses calls) go round it with no other way on; lead the failure on to voicemail, "
                              "a callback or a goodbye", node.location, node_id, severity=Severity.WARNING)


#: Node kinds where a call ends or goes on elsewhere (and an id not defined: the benefit of the doubt).
_ENDS = TERMINAL_KINDS | {"missing"}

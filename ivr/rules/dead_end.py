"""A node that is not an ending has no way forward.

## What it does
Reports nodes that should lead somewhere but lead nowhere: a message or input
without `goto`, a menu without options, a branch without branches or
`otherwise`. Transfers, voicemail and hangups end the call by design and are
never dead ends.

## Why is this bad?
The caller hears a prompt and then silence, or the platform drops the call.
Either way the caller is stranded through no fault of their own.

## Example
```yaml
  promo:
    type: message
    prompt: Ask us about our new savings account!
```

## Use instead
```yaml
  promo:
    type: message
    prompt: Ask us about our new savings account!
    goto: main
```

## Options
None.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ivr.graph.build import TERMINAL_KINDS, format_of, name_of
from ivr.graph.index import index
from ivr.model.findings import Problem, Severity

if TYPE_CHECKING:
    import networkx as nx

ID = "dead-end"
SEVERITY = Severity.ERROR
OPTIONS: dict[str, object] = {}

_FIX = {
    "message": "message '{}' has no way forward; add 'goto' with the next node",
    "input": "input '{}' has no way forward once the digits are entered; add 'goto' with the next node",
    "menu": "menu '{}' has no options; add options, or make it a message with 'goto'",
    "branch": "branch '{}' has nowhere to go; add 'branches' or 'otherwise'",
}
#: The same advice in the words of other source formats (fix advice must not speak YAML to them).
_FIX_IN = {
    "asterisk": {
        "menu": "menu '{}' waits for a key but its context has no extension a caller can dial; add "
                "exten => 1,1,... for each choice",
    },
    "vxml": {
        "menu": "menu '{}' has no <choice> a key can select; add <choice dtmf=\"1\" next=\"#...\"> for each choice",
    },
    "freeswitch": {
        "menu": "menu '{}' has no entries: callers can only fail until it exits; add an <entry action=\"...\" "
                "digits=\"1\" param=\"...\"/> for each choice",
        "message": "the sound played by '{}' leads nowhere; play it with menu-play-sound so the menu goes on",
    },
}


def check(graph: nx.DiGraph, options: Mapping[str, Any]) -> Iterator[Problem]:
    forward = index(graph).forward  # the ways on by a key, a goto or a branch
    # a node whose ways on are written but none can be taken (no caller can dial them, their cases never hold):
    # unmatchable-option and unsatisfiable-condition report those ways; it is not a node with none written
    written = {source for source, _, _ in graph.graph.get("never_taken", ())}
    for node_id, node in index(graph).model.items():
        if node is None or node.type in TERMINAL_KINDS or forward[node_id] or node_id in written:
            continue
        kind = node.type
        fix = _FIX_IN.get(format_of(graph, node_id), {}).get(kind, _FIX[kind])
        yield Problem(fix.format(name_of(graph, node_id)), node.location, node_id)

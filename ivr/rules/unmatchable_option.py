"""An option whose digits no caller can dial.

## What it does
Reports options written as a `/regular expression/` (FreeSWITCH entries match
what callers dial with one) that no string of phone keys (0-9, `*`, `#`) of at
most the menu's digit length can match (past 4 digits, too many to try: those
whose every match needs a character no keypad has, such as `/^ext[0-9]+$/`),
and expressions that are not valid at all; and Asterisk extension patterns (`_7XXX`, `_[1-5]X.`) with a character or
a `[...]` no keypad has (`_f[n]-.`, which a dialplan reaches only by `Goto`). The menu's digit length is FreeSWITCH's `digit-len` where the source gives
it, else the option `max_digits`.

The analysis does not follow such an option (past 4 digits, only where the
menu's digit length is known or every match needs a character no keypad has):
what only it leads to is reached by no call: `unreachable-node` says so,
naming the option, and `no-path-to-human` when the only transfer is there (a
menu whose options are all such is no `dead-end`: its options are written).

## Why is this bad?
The choice is announced but can never be taken: callers dial what the prompt
says and hear "that was an invalid entry" until the menu gives up on them.

## Example
```yaml
  main:
    type: menu
    prompt: Dial the extension you want, or 0 for an agent.
    options:
      "/^(10[01][0-9]) $/": {label: extension, goto: extensions}
      "0": {goto: agents}
```

## Use instead
```yaml
    options:
      "/^(10[01][0-9])$/": {label: extension, goto: extensions}
```

## Options
- `max_digits` (default 4): the most digits a caller can dial, where the source does not say.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ivr.graph.build import name_of
from ivr.graph.index import index
from ivr.model.findings import Problem, Severity
from ivr.model.keys import undialable

if TYPE_CHECKING:
    import networkx as nx

ID = "unmatchable-option"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, object] = {"max_digits": 4}


def check(graph: nx.DiGraph, options: Mapping[str, Any]) -> Iterator[Problem]:
    for node_id, model in index(graph).defined("menu"):
        most = model.max_digits or options["max_digits"]
        for key, option in model.options.items():
            why = undialable(key, most)
            if why is None:
                continue
            menu = name_of(graph, node_id)
            if why.kind == "asterisk":
                message = (f"no caller can dial option {key} of menu '{menu}', an Asterisk pattern: {why.detail}; "
                           "write it with digits, *, # and X, Z, N, [...]")
            elif why.kind == "invalid":
                message = (f"option {key} of menu '{menu}' is not a valid regular expression ({why.detail}); fix it, "
                           "or callers can never choose it")
            elif why.kind == "short":
                message = (f"no caller can dial option {key} of menu '{menu}': no string of phone keys (0-9, *, #) "
                           f"of at most {why.most} digits matches it; fix the expression, or the digit length")
            else:
                message = (f"no caller can dial option {key} of menu '{menu}': every string it matches holds "
                           f"{why.detail!r}, which is not on a phone keypad; fix the expression")
            yield Problem(message, option.location, node_id)

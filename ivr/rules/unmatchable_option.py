"""An option whose digits no caller can dial.

## What it does
Reports options written as a `/regular expression/` (FreeSWITCH entries match
what callers dial with one) that no string of phone keys (0-9, `*`, `#`) of at
most the menu's digit length can match, and expressions that are not valid at
all; and Asterisk extension patterns (`_7XXX`, `_[1-5]X.`) with a character or
a `[...]` no keypad has (`_f[n]-.`, which a dialplan reaches only by `Goto`). The menu's digit length is FreeSWITCH's `digit-len` where the source gives
it, else the option `max_digits`.

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

import itertools
import re
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ivr.graph.build import name_of
from ivr.model.findings import Problem, Severity

if TYPE_CHECKING:
    import networkx as nx

ID = "unmatchable-option"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, object] = {"max_digits": 4}

_KEYS = "0123456789*#"
#: Longer dial strings are not tried (12^5 is about 250,000 strings per option): not reported then.
_MOST_TRIED = 4


def _matchable(pattern: re.Pattern, most: int) -> bool:
    return any(pattern.search("".join(keys))
               for length in range(1, min(most, _MOST_TRIED) + 1)
               for keys in itertools.product(_KEYS, repeat=length))


def _asterisk_elements(pattern: str) -> list[str] | None:
    """The elements of an Asterisk pattern (``_NXX``, ``_[1-5]X.``) as the characters each may be; None if
    a ``[`` is never closed. ``.`` and ``!`` (any more characters) are ``""``."""
    elements: list[str] = []
    i = 1
    while i < len(pattern):
        char = pattern[i]
        if char == "[":
            end = pattern.find("]", i)
            if end < 0:
                return None
            body, chars = pattern[i + 1:end], set[str]()
            for k, c in enumerate(body):
                if c == "-" and 0 < k < len(body) - 1:
                    chars.update(chr(x) for x in range(ord(body[k - 1]), ord(body[k + 1]) + 1))
                else:
                    chars.add(c)
            elements.append("".join(sorted(chars)))
            i = end + 1
            continue
        upper = char.upper()
        elements.append({"X": "0123456789", "Z": "123456789", "N": "23456789"}.get(upper, "" if char in ".!" else
                                                                                   char))
        i += 1
    return elements


def _asterisk(key: str) -> str | None:
    """Why no keypad can dial the Asterisk pattern ``key``; None when one can."""
    elements = _asterisk_elements(key)
    if elements is None:
        return "a [ is never closed"
    for element in elements:
        if element and not set(element) & set(_KEYS):
            return f"'{element}' is not on a phone keypad"
    return None


def check(graph: nx.DiGraph, options: Mapping[str, Any]) -> Iterator[Problem]:
    for node_id, model in graph.nodes(data="node"):
        if model is None or model.type != "menu":
            continue
        most = model.max_digits or options["max_digits"]
        for key, option in model.options.items():
            if len(key) > 1 and key.startswith("_"):
                why = _asterisk(key)
                if why is not None:
                    yield Problem(f"no caller can dial option {key} of menu '{name_of(graph, node_id)}', an Asterisk "
                                  f"pattern: {why}; write it with digits, *, # and X, Z, N, [...]", option.location,
                                  node_id)
                continue
            if len(key) < 3 or not (key.startswith("/") and key.endswith("/")):
                continue
            try:
                pattern = re.compile(key[1:-1])
            except re.error as exc:
                yield Problem(f"option {key} of menu '{name_of(graph, node_id)}' is not a valid regular "
                              f"expression ({exc}); fix it, or callers can never choose it", option.location, node_id)
                continue
            if not _matchable(pattern, most) and most <= _MOST_TRIED:
                yield Problem(f"no caller can dial option {key} of menu '{name_of(graph, node_id)}': no string of "
                              f"phone keys (0-9, *, #) of at most {most} digits matches it; fix the expression, "
                              "or the digit length", option.location, node_id)

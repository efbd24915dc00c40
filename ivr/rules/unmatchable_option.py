"""An option whose digits no caller can dial.

## What it does
Reports options written as a `/regular expression/` (FreeSWITCH entries match
what callers dial with one) that no string of phone keys (0-9, `*`, `#`) of at
most the menu's digit length can match (past 4 digits, too many to try: those
whose every match needs a character no keypad has, such as `/^ext[0-9]+$/`),
and expressions that are not valid at all; and Asterisk extension patterns (`_7XXX`, `_[1-5]X.`) with a character or
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
from ivr.graph.index import index
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


def _needed(items) -> str | None:
    """A character (or a ``[...]``) outside the keypad that every match of the parsed expression ``items`` holds,
    or None. Only what every match must consume counts: optional parts, repeats that may be absent, and
    alternatives of which one is dialable are left out; classes with categories or negations are taken as
    dialable. What is left can never be matched by phone keys, however many digits the menu takes."""
    for op, argument in items:
        kind = str(op)
        if kind == "LITERAL" and chr(argument) not in _KEYS:
            return chr(argument)
        if kind == "IN":
            chars: list[str] = []  # the class as written: characters and ranges
            for member, value in argument:
                if str(member) == "LITERAL" and chr(value) not in _KEYS:
                    chars.append(chr(value))
                elif str(member) == "RANGE" and not any(value[0] <= ord(k) <= value[1] for k in _KEYS):
                    chars.append(f"{chr(value[0])}-{chr(value[1])}")
                else:  # a key, a negation, a category (\\d): taken as dialable
                    break
            else:
                if chars:
                    return "[" + "".join(chars) + "]"
            continue
        if kind == "SUBPATTERN":
            found = _needed(argument[-1])
        elif kind in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") and argument[0] >= 1:
            found = _needed(argument[2])
        elif kind == "ATOMIC_GROUP":
            found = _needed(argument)
        elif kind == "BRANCH":
            each = [_needed(branch) for branch in argument[1]]
            found = each[0] if all(each) else None
        else:
            continue
        if found is not None:
            return found
    return None


def _not_on_keypad(expression: str) -> str | None:
    """What every match of ``expression`` needs that no keypad has (see :func:`_needed`), or None. Parsed by
    CPython's own parser of regular expressions (``re._parser``, what ``re.compile`` uses; hypothesis's
    ``from_regex`` reads expressions the same way); None where it cannot be read."""
    try:
        from re import _parser  # type: ignore[attr-defined, unused-ignore]  # known once lark imports it

        return _needed(_parser.parse(expression))
    except Exception:  # noqa: BLE001 - an expression or a parser we cannot read: nothing is claimed
        return None


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
    for node_id, model in index(graph).defined("menu"):
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
            if most <= _MOST_TRIED:
                if not _matchable(pattern, most):
                    yield Problem(f"no caller can dial option {key} of menu '{name_of(graph, node_id)}': no string "
                                  f"of phone keys (0-9, *, #) of at most {most} digits matches it; fix the expression, "
                                  "or the digit length", option.location, node_id)
                continue
            needed = _not_on_keypad(key[1:-1])  # too many digits to try them all: what every match needs
            if needed is not None:
                yield Problem(f"no caller can dial option {key} of menu '{name_of(graph, node_id)}': every string "
                              f"it matches holds {needed!r}, which is not on a phone keypad; fix the expression",
                              option.location, node_id)

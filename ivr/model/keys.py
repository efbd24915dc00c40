"""Which keys choose an option: its key as written, or the keys its pattern matches.

An option's key is the keys a caller presses (``1``, ``*``, ``#``, ``123``) or, as a
platform writes it, a pattern: a FreeSWITCH regular expression between slashes
(``/^(10[01][0-9])$/``), or an Asterisk extension pattern after ``_`` (``_X``, ``_[0-9#*]``,
``_1.``: ``X`` any digit, ``Z`` 1-9, ``N`` 2-9, ``[...]`` one of, ``.`` one or more
characters, ``!`` zero or more; Asterisk documentation, "Pattern Matching" of the dialplan).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["KEYPAD", "matches_key", "chooses_every_key", "keys_left", "Undialable", "undialable"]

#: The keys of a phone keypad.
KEYPAD = "0123456789*#"

_ASTERISK = {"X": "[0-9]", "Z": "[1-9]", "N": "[2-9]", ".": ".+", "!": ".*"}


@lru_cache(maxsize=4096)  # keyed by what files write: bounded, for a process that reads many
def _compiled(key: str) -> re.Pattern | None:
    """The key's pattern as a regular expression matched in full; None for a key pressed as written."""
    if len(key) >= 2 and key.startswith("/") and key.endswith("/"):
        try:
            return re.compile(key[1:-1])
        except re.error:
            return None
    if len(key) >= 2 and key.startswith("_"):
        parts, i = [], 1
        while i < len(key):
            char = key[i]
            if char == "[":
                end = key.find("]", i)
                if end < 0:
                    return None  # never closed: Asterisk matches nothing with it
                parts.append("[" + re.sub(r"([\\\]^])", r"\\\1", key[i + 1:end]) + "]")
                i = end + 1
                continue
            parts.append(_ASTERISK.get(char.upper() if char in "xzn" else char, re.escape(char)))
            i += 1
        try:
            return re.compile("".join(parts))
        except re.error:
            return None
    return None


def matches_key(key: str, pressed: str) -> bool:
    """True when pressing ``pressed`` chooses the option written ``key``."""
    if pressed == key:
        return True
    pattern = _compiled(key)
    return pattern is not None and pattern.fullmatch(pressed) is not None


def chooses_every_key(keys: Iterable[str]) -> bool:
    """Whether every key of the keypad, pressed alone, chooses one of the options written ``keys``: then no key
    is a wrong one."""
    written = list(keys)
    return all(any(matches_key(key, pressed) for key in written) for pressed in KEYPAD)


def keys_left(keys: Iterable[str]) -> str:
    """The keys of the keypad that, pressed alone, choose none of the options written ``keys``, in keypad order."""
    written = list(keys)
    return "".join(pressed for pressed in KEYPAD if not any(matches_key(key, pressed) for key in written))


#: Longer dial strings are not tried (12^5 is about 250,000 strings per option): not reported then.
_MOST_TRIED = 4


def _matchable(pattern: re.Pattern, most: int) -> bool:
    return any(pattern.search("".join(keys))
               for length in range(1, min(most, _MOST_TRIED) + 1)
               for keys in itertools.product(KEYPAD, repeat=length))


def _needed(items) -> str | None:
    """A character (or a ``[...]``) outside the keypad that every match of the parsed expression ``items`` holds,
    or None. Only what every match must consume counts: optional parts, repeats that may be absent, and
    alternatives of which one is dialable are left out; classes with categories or negations are taken as
    dialable. What is left can never be matched by phone keys, however many digits the menu takes."""
    for op, argument in items:
        kind = str(op)
        if kind == "LITERAL" and chr(argument) not in KEYPAD:
            return chr(argument)
        if kind == "IN":
            chars: list[str] = []  # the class as written: characters and ranges
            for member, value in argument:
                if str(member) == "LITERAL" and chr(value) not in KEYPAD:
                    chars.append(chr(value))
                elif str(member) == "RANGE" and not any(value[0] <= ord(k) <= value[1] for k in KEYPAD):
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
        if element and not set(element) & set(KEYPAD):
            return f"'{element}' is not on a phone keypad"
    return None


@dataclass(frozen=True, slots=True)
class Undialable:
    """Why no caller can dial an option's key: ``kind`` is ``asterisk`` (an Asterisk pattern: ``detail`` says
    what), ``invalid`` (a /regular expression/ Python cannot read: ``detail`` is the error), ``short`` (no string
    of keys of at most ``most`` digits matches it) or ``needs`` (every match holds ``detail``, no keypad's)."""

    kind: str
    detail: str = ""
    most: int = 0


def undialable(key: str, most: int | None) -> Undialable | None:
    """Why no caller can dial the option written ``key`` (a pattern), or None when one can or it cannot be told.
    ``most``: the most digits the menu takes (None: not known, and then only what no length helps is said)."""
    if len(key) > 1 and key.startswith("_"):
        why = _asterisk(key)
        return Undialable("asterisk", why) if why is not None else None
    if len(key) < 3 or not (key.startswith("/") and key.endswith("/")):
        return None
    try:
        pattern = re.compile(key[1:-1])
    except re.error as exc:
        return Undialable("invalid", str(exc))
    if most is not None and most <= _MOST_TRIED:
        return None if _matchable(pattern, most) else Undialable("short", most=most)
    needed = _not_on_keypad(key[1:-1])  # too many digits to try them all: what every match needs
    return Undialable("needs", needed) if needed is not None else None

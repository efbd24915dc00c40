"""Which keys choose an option: its key as written, or the keys its pattern matches.

An option's key is the keys a caller presses (``1``, ``*``, ``#``, ``123``) or, as a
platform writes it, a pattern: a FreeSWITCH regular expression between slashes
(``/^(10[01][0-9])$/``), or an Asterisk extension pattern after ``_`` (``_X``, ``_[0-9#*]``,
``_1.``: ``X`` any digit, ``Z`` 1-9, ``N`` 2-9, ``[...]`` one of, ``.`` one or more
characters, ``!`` zero or more; Asterisk documentation, "Pattern Matching" of the dialplan).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

__all__ = ["KEYPAD", "matches_key", "chooses_every_key"]

#: The keys of a phone keypad.
KEYPAD = "0123456789*#"

_ASTERISK = {"X": "[0-9]", "Z": "[1-9]", "N": "[2-9]", ".": ".+", "!": ".*"}


@cache
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

"""The keys a caller presses for an option: its key as written, or digits its pattern matches.

Most options are keys (``1``, ``*``, ``#``) or digit strings (``123``), pressed as
they are. A platform may give a pattern instead (FreeSWITCH: ``/^(10[01][0-9])$/``,
any extension from 1000 to 1019): the caller presses the first digit string,
shortest first and then in numeric order, that the pattern matches in full,
trying up to :data:`MAX_PATTERN_DIGITS` digits. An option with no such string
cannot be pressed in a test; the coverage report says so.
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

from ivr.model.keys import matches_key

__all__ = ["keys_for", "matches_key", "MAX_PATTERN_DIGITS"]

#: The longest digit string tried against an option's pattern.
MAX_PATTERN_DIGITS = 5
_PRESSABLE = re.compile(r"[0-9*#]+")


def _pattern(key: str) -> re.Pattern | None:
    if len(key) < 2 or not (key.startswith("/") and key.endswith("/")):
        return None
    try:
        return re.compile(key[1:-1])
    except re.error:
        return None


@lru_cache(maxsize=4096)  # keyed by what files write: bounded, for a process that reads many
def keys_for(key: str) -> str | None:
    """What to press for an option written ``key``; ``None`` when no keys will do."""
    if _PRESSABLE.fullmatch(key):
        return key
    pattern = _pattern(key)
    if pattern is None:
        return None
    for length in range(1, MAX_PATTERN_DIGITS + 1):
        for digits in itertools.product("0123456789", repeat=length):
            candidate = "".join(digits)
            if pattern.fullmatch(candidate):
                return candidate
    return None

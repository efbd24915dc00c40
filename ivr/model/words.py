"""Small helpers for messages that name things the way a designer does."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = ["did_you_mean", "plural", "describe_path"]


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest of ``choices``, or ``""``."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def plural(count: int, word: str) -> str:
    """``1 node``, ``3 nodes``."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def describe_path(path: tuple) -> str:
    """Name the place a path into the menu document points at."""
    if not path:
        return "the top level"
    if len(path) >= 2 and path[0] == "intents":
        intent = f"intent '{path[1]}'"
        return f"'{'.'.join(map(str, path[2:]))}' of {intent}" if len(path) > 2 else intent
    if len(path) < 2 or path[0] != "nodes":
        return f"'{'.'.join(map(str, path))}'"
    node = f"node '{path[1]}'"
    rest = path[2:]
    if len(rest) >= 2 and rest[0] in ("options", "branches"):
        what = f"option {rest[1]}" if rest[0] == "options" else f"branch {rest[1] + 1}"
        what = f"{what} of {node}"
        return f"'{'.'.join(map(str, rest[2:]))}' of {what}" if len(rest) > 2 else what
    if rest:
        return f"'{'.'.join(map(str, rest))}' of {node}"
    return node

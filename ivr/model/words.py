"""Small helpers for messages that name things the way a designer does."""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["did_you_mean", "plural", "describe_path", "printable", "printable_name", "type_word", "MAX_VALUE",
           "MAX_MESSAGE"]

#: Longest quoted value shown whole in a message; longer ones are shortened in the middle.
MAX_VALUE = 80
#: Messages longer than this have their long quoted values shortened.
LONG_MESSAGE = 400
#: Longest message: past this it is cut, saying how much was left out.
MAX_MESSAGE = 2000

#: What must never reach a terminal, a log line or an XML file from a menu: control characters
#: (C0, DEL, C1), line and paragraph separators, the bidirectional overrides that can make
#: text read differently from what it holds, and lone surrogates (a file name's bytes that are not
#: UTF-8, as Python decodes them: ``os.fsdecode(b"\xff")`` is ``"\udcff"``), which no UTF-8 output can
#: carry (writing one raises UnicodeEncodeError).
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_LONG_QUOTED = re.compile("(?<![\\w'])'([^'\\n]{%d,}?)'(?!\\w)" % (MAX_VALUE + 1))


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest of ``choices``, or ``""``."""
    import difflib  # here, not at the top: only a mistake needs it (start-up)

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


def _escape(match: re.Match) -> str:
    char = match.group()
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that is not UTF-8, kept by surrogateescape: shown as that byte
        code -= 0xDC00
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _shorten(match: re.Match) -> str:
    value = match.group(1)
    return f"'{value[:MAX_VALUE - 20]}...{value[-10:]}' ({len(value):,} characters)"


def printable(text: str) -> str:
    """``text`` safe to print on one line in any output: control characters, line separators and
    bidirectional overrides written as escapes (``\\n``, ``\\x1b``, ``\\u202e``); in a message
    over :data:`LONG_MESSAGE` characters, quoted values over :data:`MAX_VALUE` characters
    shortened in the middle; the whole cut at :data:`MAX_MESSAGE` characters."""
    if _UNPRINTABLE.search(text):
        text = _UNPRINTABLE.sub(_escape, text)
    if len(text) > LONG_MESSAGE:
        text = _LONG_QUOTED.sub(_shorten, text)
        if len(text) > MAX_MESSAGE:
            text = f"{text[:MAX_MESSAGE]}... ({len(text) - MAX_MESSAGE:,} more characters)"
    return text


def quote(text: str) -> str:
    """``text`` in quotes that do not nest with its own (issue 24): ``'...'``; ``"..."`` when it holds a ``'``
    (a condition written ``confirm == 'true'``, an apostrophe); ``“...”`` when it holds both."""
    if "'" not in text:
        return f"'{text}'"
    if '"' not in text:
        return f'"{text}"'
    return f"\u201c{text}\u201d"


def printable_name(name: str) -> str:
    """A file or folder name safe to print: its control characters, line separators and bidirectional
    overrides written as escapes as :func:`printable` writes them (a name with an ESC, a CR or a newline
    cannot forge a line or colour a terminal), and its bytes that are not UTF-8 as ``\\xff``; never
    shortened, a name is needed whole."""
    return _UNPRINTABLE.sub(_escape, name) if _UNPRINTABLE.search(name) else name


def type_word(value: object) -> str:
    """What a value read from a file is, in a designer's words: ``a number``, ``text``, ``a list``..."""
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "empty"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    return type(value).__name__

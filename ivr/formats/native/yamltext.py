"""YAML files as text, and PyYAML's errors in a designer's words: the bytes decoded (UTF-8, or
UTF-16 with a byte-order mark), and every refusal located and explained with a fix."""

from __future__ import annotations

import yaml

from ivr.model.errors import InvalidMenu, LoadError, not_utf8_at
from ivr.model.menu import Location

__all__ = ["decode", "yaml_error", "control_character", "error_from_mark"]


def error_from_mark(file: str, mark, message: str) -> LoadError:
    if mark is None:
        return LoadError(Location(file, 1, 1), message)
    return LoadError(Location(file, mark.line + 1, mark.column + 1), message)


def yaml_error(file: str, exc: yaml.MarkedYAMLError, raw: bytes) -> LoadError:
    problem = exc.problem or exc.context or "not valid YAML"
    mark = exc.problem_mark or exc.context_mark
    hint = "fix the YAML syntax"
    lines = raw.splitlines()
    line = lines[mark.line] if mark is not None and mark.line < len(lines) else b""
    stripped = line.lstrip(b" -")
    if stripped.startswith((b"*", b"&", b"!", b"%", b"@", b"`")):
        hint = "quote the value or key, for example \"*\": {...}"
    elif "alias" in problem:
        hint = "define the anchor (&name) before using it, or quote a literal '*'"
    elif "tab" in problem:
        hint = "indent with spaces, not tabs"
    elif "mapping values are not allowed" in problem:
        hint = "quote text that contains ': ', or fix the indentation"
    message = f"invalid YAML: {problem}; {hint}"
    if mark is not None and mark.line > raw.count(b"\n"):
        # libyaml ends a file that has no final line break with one of its own, and marks the end of the
        # stream on the line after it: a line the file does not have. Where the file ends instead.
        last = raw.rsplit(b"\n", 1)[-1]
        return LoadError(Location(file, raw.count(b"\n") + 1, len(last.decode("utf-8", "replace")) + 1), message)
    return error_from_mark(file, mark, message)


def _looks_like_utf16(raw: bytes) -> bool:
    """Text in UTF-16 without a BOM: mostly ASCII, so a NUL in every other byte and none between."""
    sample = raw[:4096]
    even, odd = sample[0::2], sample[1::2]
    for zeros, text in ((even, odd), (odd, even)):
        if zeros.count(0) >= 0.9 * len(zeros) and text.count(0) == 0 and len(zeros) >= 2:
            return True
    return False


def control_character(file: str, text: str, exc: yaml.reader.ReaderError) -> LoadError:
    """A character YAML does not allow in a file (a control character), located where it stands."""
    code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
    # the reader stops at the first such character; its position counts bytes in libyaml and
    # characters in PyYAML's own reader, so find the character itself
    position = max(text.find(chr(code)), 0)
    before = text[:position]
    line = before.count("\n") + 1
    column = position - (before.rfind("\n") + 1) + 1
    # the escapes of double-quoted YAML strings: \xXX, \uXXXX, \UXXXXXXXX (the YAML 1.1 and 1.2 specifications,
    # "Escape Sequences"/"Escaped Characters")
    escape = f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
    what = "control character" if code < 0x20 or 0x7F <= code <= 0x9F else "character"
    return LoadError(Location(file, line, column),
                     f"invalid YAML: the {what} U+{code:04X} cannot be written as it is; remove it, "
                     f"or write it as the escape {escape} inside a double-quoted string")


def decode(raw: bytes, file: str) -> str:
    if not raw.strip():
        raise InvalidMenu([LoadError(Location(file, 1, 1),
                                     "the file is empty; a menu needs 'ivr', 'start' and 'nodes'")])
    if raw.startswith((b"\xff\xfe\0\0", b"\0\0\xfe\xff")):
        raise InvalidMenu([LoadError(Location(file, 1, 1), "UTF-32 is not read; save the file as UTF-8")])
    if b"\0" in raw and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        if _looks_like_utf16(raw):
            raise InvalidMenu([LoadError(Location(file, 1, 1),
                                         "UTF-16 without a byte-order mark is not supported; save the file as UTF-8")])
        raise InvalidMenu([LoadError(Location(file, 1, 1),
                                     "this is a binary file, not YAML text; pass a .yaml menu file")])
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    raise InvalidMenu([LoadError(not_utf8_at(file, raw), "the file is not UTF-8 text; save it as UTF-8")])

"""Errors that stop a menu file from loading: the input is bad, not the menu design."""

from __future__ import annotations

from dataclasses import dataclass

from ivr.model.menu import Location
from ivr.model.words import printable

__all__ = ["LoadError", "InvalidMenu", "InvalidConfig", "not_utf8_at"]


@dataclass(frozen=True, slots=True)
class LoadError:
    """One thing wrong with a file, said as ``file:line:col: what, and how to fix it``."""

    location: Location
    message: str

    def __post_init__(self) -> None:
        # menu text quoted in a message must not break the line, colour a terminal or break XML
        object.__setattr__(self, "message", printable(self.message))

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


class InvalidMenu(Exception):
    """A file that cannot be read as a menu; ``errors`` says every reason found."""

    def __init__(self, errors: list[LoadError]):
        self.errors = sorted(errors, key=lambda e: (e.location.file, e.location.order))
        super().__init__("\n".join(str(e) for e in self.errors))


class InvalidConfig(Exception):
    """A configuration file that cannot be used; ``errors`` says every reason found."""

    def __init__(self, errors: list[LoadError]):
        self.errors = list(errors)
        super().__init__("\n".join(str(e) for e in self.errors))


def not_utf8_at(file: str, raw: bytes) -> Location:
    """Where the first byte of ``raw`` that is not UTF-8 stands: its line, and its column counted in
    characters as everywhere else (the bytes before it on its line read as UTF-8; a byte-order mark
    at the start of the file is no character). ``file:1:1`` when ``raw`` is UTF-8 after all."""
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = exc.start
    else:
        return Location(file, 1, 1)
    start = raw.rfind(b"\n", 0, offset) + 1
    before = raw[start:offset]
    if start == 0 and before.startswith(b"\xef\xbb\xbf"):
        before = before[3:]
    return Location(file, raw.count(b"\n", 0, offset) + 1, len(before.decode("utf-8")) + 1)

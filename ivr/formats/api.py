"""What a reader is: the protocol every format module follows, and what reading a source gives.

A reader is a module (like a rule) with:

``NAME``
    the format's name, as ``--from NAME`` takes it (``freeswitch``).
``TITLE``
    the format in words, for messages and the README.
``detect(data, name) -> bool``
    whether the bytes are in this format, from their content (the name is a hint only).
``read(data, name) -> Imported``
    the menus of one source and what was made of it; raises
    :class:`~ivr.model.errors.InvalidMenu` with located reasons when the source cannot be read.
``link(parts) -> list[Menu]``
    the whole IVRs that the sources of this format form together: menus that refer to
    each other by name across files are joined here, and names are resolved.

Readers set everything the analyses need explicitly (how a menu fails: the platform's
:class:`~ivr.formats.semantics.Semantics`, which :func:`~ivr.formats.semantics.settle`
writes onto the model), locate every node (:class:`~ivr.model.menu.Location`: line, column
where the format has them, a pointer always for structured formats), and turn what the
analysis cannot follow into ``external`` nodes with the source's text: never a silent
drop, never a made-up edge.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from ivr.model.menu import Location, Menu
from ivr.model.words import printable, printable_name

__all__ = ["Reader", "Imported", "Note"]


@dataclass(frozen=True, slots=True)
class Note:
    """Something a reader read but did not use as it stands (skipped, approximated), and why."""

    location: Location
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {printable(self.message)}"  # the import summary's line: it quotes the source


@dataclass(slots=True)
class Imported:
    """What a reader made of one source: its menus, counts of what it read, and notes on the rest."""

    source: str
    format: str
    menus: list[Menu] = field(default_factory=list)
    #: what was read, counted by kind ("menus": 2, "entries": 9, "phrases": 13)
    counts: dict[str, int] = field(default_factory=dict)
    #: what was skipped or approximated, and why
    notes: list[Note] = field(default_factory=list)
    #: named things other sources of the same format may use (FreeSWITCH phrase macros)
    resources: dict[str, object] = field(default_factory=dict)

    def count(self, kind: str, n: int = 1) -> None:
        self.counts[kind] = self.counts.get(kind, 0) + n

    def summary(self) -> list[str]:
        """The import summary, a line each: what was read, then what was not used as it stands, and why."""
        read = ", ".join(f"{n} {kind}" if n != 1 else f"1 {_ONE.get(kind, kind)}"
                         for kind, n in self.counts.items()) or "nothing"
        lines = [f"{printable_name(self.source)}: read as {self.format}: {read}"]
        lines += [f"  {note}" for note in self.notes]
        return lines


#: The singular of the kinds counted ("1 menu", "2 menus").
_ONE = {"menus": "menu", "entries": "entry", "phrases": "phrase", "nodes": "node", "flows": "flow", "blocks": "block"}


class Reader(Protocol):
    NAME: str
    TITLE: str

    def detect(self, data: bytes, name: str) -> bool: ...

    def read(self, data: bytes, name: str) -> Imported: ...

    def link(self, parts: Sequence[Imported]) -> list[Menu]: ...

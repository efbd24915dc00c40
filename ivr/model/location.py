"""Where a piece of a source stands: :class:`Location`, the one type every located thing carries.

A module of its own so that the model's modules (the menu, the queues' staffing, errors, findings) can
all name it without importing one another; :mod:`ivr.model.menu` gives it too, as it always has.
"""

from __future__ import annotations

from dataclasses import dataclass

from ivr.model.words import printable_name

__all__ = ["Location"]


@dataclass(frozen=True, slots=True)
class Location:
    """A place in a source; line and column count from 1 and are None where the format has none.

    ``pointer`` names the place in the document's structure: a JSON Pointer for
    JSON exports, an element path (``/include/menu[2]/entry[3]``) for XML.
    Printed as ``file:line:col``, ``file:line``, or ``file#/pointer`` without a line, with the control
    characters of the name escaped (``\\x1b``, ``\\n``) and its bytes that are not UTF-8 too (``\\xff``):
    :attr:`shown_file` is the one place a location's file name becomes output text (text, JSON, JUnit,
    GitHub, GitLab, written files), so that no file name forges a line, colours a terminal or raises
    UnicodeEncodeError in any output. (SARIF's ``artifactLocation.uri`` is the exception: a URI, it
    percent-encodes the name's bytes, which a reader decodes back to the file.)
    """

    file: str
    line: int | None = None
    column: int | None = None
    pointer: str | None = None

    def __str__(self) -> str:
        if self.line is None:
            text = f"{self.file}#{self.pointer}" if self.pointer else self.file
        elif self.column is None:
            text = f"{self.file}:{self.line}"
        else:
            text = f"{self.file}:{self.line}:{self.column}"
        return printable_name(text)

    @property
    def shown_file(self) -> str:
        """The file's name as every output shows it: :func:`~ivr.model.words.printable_name`."""
        return printable_name(self.file)

    @property
    def order(self) -> tuple[int, int, str]:
        """A sort key within one file that works whether or not line and column are known."""
        return (self.line or 0, self.column or 0, self.pointer or "")

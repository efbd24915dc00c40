"""What the analyses report: problems yielded by rules, findings stamped by the linter."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ivr.model.menu import Location
from ivr.model.words import printable

__all__ = ["Severity", "Problem", "Finding"]


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


@dataclass(frozen=True, slots=True)
class Problem:
    """What a rule yields. The linter adds the rule id and the severity.

    ``severity`` is left ``None`` for the rule's default; a rule sets it only
    where the same fault weighs differently (``no-path-to-human`` at the start).
    ``nodes`` names every node the problem is about when there are several
    (the members of a loop), so that diagrams can group them.
    """

    message: str
    location: Location
    node: str | None = None
    severity: Severity | None = None
    nodes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # menu text quoted in a message must not break the line, colour a terminal or break XML
        object.__setattr__(self, "message", printable(self.message))


@dataclass(frozen=True, slots=True)
class Finding:
    rule: str
    severity: Severity
    location: Location
    node: str | None
    message: str
    #: every node the finding is about, when there are several (a loop's members)
    nodes: tuple[str, ...] = ()

    @property
    def sort_key(self) -> tuple:
        loc = self.location
        return (loc.file, *loc.order, self.rule, self.message)

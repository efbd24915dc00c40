"""What the analyses report: problems yielded by rules, findings stamped by the linter."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ivr.model.menu import Location, Suppression
from ivr.model.words import printable

__all__ = ["Severity", "Problem", "Finding", "fails"]


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


def fails(severity: Severity, fail_on: str) -> bool:
    """Whether a finding of ``severity`` is at or above ``fail_on`` (a severity, or ``never``)."""
    return fail_on != "never" and severity.rank >= Severity(fail_on).rank


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
    #: the ``ignore:`` entry of the menu that accepts this finding: set, the finding is kept aside
    #: (SARIF shows it as suppressed) and counts nowhere else, not in the exit status either
    suppression: Suppression | None = None
    #: how messages name ``node``: its display name, built by its reader from what the platform's editor shows
    #: (a Connect block's label, a Twilio widget's name, ``context,extension,priority``); None: no node
    name: str | None = None

    @property
    def sort_key(self) -> tuple:
        loc = self.location
        return (loc.file, *loc.order, self.rule, self.message)

"""What a manager reads first: a one-line verdict, and the problems to fix first, by callers touched.

The verdict counts errors and warnings: errors stop a menu going live
("Not ready to go live: 3 errors"), warnings do not ("Ready: no errors, 2
warnings"). The "fix these first" list holds the errors and warnings ordered
by how many callers each touches: the expected passes per call through the
finding's node, from the simulation's edge flows (the start counts every
call). A finding about no node, or a node no call reaches, touches none.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ivr.model.findings import Finding, Severity
from ivr.model.words import plural

__all__ = ["verdict", "ready", "Priority", "fix_first", "visits"]


def ready(findings: Sequence[Finding]) -> bool:
    """Ready to go live: no error."""
    return not any(f.severity is Severity.ERROR for f in findings)


def verdict(findings: Sequence[Finding]) -> str:
    """One line: ``Not ready to go live: 3 errors, 6 warnings`` or ``Ready: no errors, 2 warnings``."""
    errors = sum(1 for f in findings if f.severity is Severity.ERROR)
    warnings = sum(1 for f in findings if f.severity is Severity.WARNING)
    said_warnings = plural(warnings, "warning") if warnings else "no warnings"
    if errors:
        return f"Not ready to go live: {plural(errors, 'error')}" + (f", {said_warnings}" if warnings else "")
    return f"Ready: no errors, {said_warnings}"


def visits(flows: Mapping[tuple[str, str], float], start: str) -> dict[str, float]:
    """Expected passes per call through each node: the flows into it (and every call into the start)."""
    through: dict[str, float] = defaultdict(float)
    for (_, node), passes in flows.items():
        through[node] += passes
    through[start] += 1.0
    return dict(through)


@dataclass(frozen=True, slots=True)
class Priority:
    """A finding and the share of calls that pass through its node (at most 1: each call counted once)."""

    finding: Finding
    touches: float


def fix_first(findings: Sequence[Finding], flows: Mapping[tuple[str, str], float], start: str,
              limit: int = 10) -> list[Priority]:
    """The errors and warnings, the most callers touched first (then errors before warnings), at most ``limit``."""
    through = visits(flows, start)
    ranked = [Priority(f, min(1.0, through.get(f.node, 0.0)) if f.node is not None else 0.0) for f in findings
              if f.severity in (Severity.ERROR, Severity.WARNING)]
    ranked.sort(key=lambda p: (-round(p.touches, 4), -p.finding.severity.rank, p.finding.location.order))
    return ranked[:limit]

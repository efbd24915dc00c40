"""Which findings are the same across two sets: by rule and node, never by line (``ivr diff``, the baseline).

Light on purpose: ``ivr check --baseline`` matches findings without importing
the simulator that :mod:`ivr.compare.diff` needs.
"""

from __future__ import annotations

import re
from collections import defaultdict

from ivr.model.findings import Finding

__all__ = ["finding_key", "finding_changes", "without_numbers"]

_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def finding_key(finding: Finding) -> tuple:
    """What identifies a finding across versions: its rule and node, never its line.

    Findings about no node (``unreachable-goal``, ``slow-goal``, top-level
    duplicate keys) are told apart by their message with the numbers taken
    out: it names the intent, and a slow goal that gets slower is the same
    finding.
    """
    if finding.node is not None:
        return finding.rule, finding.node, None
    return finding.rule, None, _NUMBER.sub("#", finding.message)


def _surplus(mine: list[Finding], theirs: list[Finding]) -> list[Finding]:
    """The findings of ``mine`` beyond the count of ``theirs``, preferring those whose message is new."""
    extra = len(mine) - len(theirs)
    if extra <= 0:
        return []
    messages = {_NUMBER.sub("#", f.message) for f in theirs}
    ranked = sorted(mine, key=lambda f: _NUMBER.sub("#", f.message) in messages)
    return ranked[:extra]


def finding_changes(old: list[Finding], new: list[Finding]) -> tuple[list[Finding], list[Finding]]:
    """The findings of ``new`` not in ``old`` (introduced) and of ``old`` not in ``new`` (fixed), by :func:`finding_key`."""
    before: dict[tuple, list[Finding]] = defaultdict(list)
    after: dict[tuple, list[Finding]] = defaultdict(list)
    for finding in old:
        before[finding_key(finding)].append(finding)
    for finding in new:
        after[finding_key(finding)].append(finding)
    introduced = [f for key, found in after.items() for f in _surplus(found, before.get(key, []))]
    fixed = [f for key, found in before.items() for f in _surplus(found, after.get(key, []))]
    return sorted(introduced, key=lambda f: f.sort_key), sorted(fixed, key=lambda f: f.sort_key)


def without_numbers(message: str) -> str:
    """``message`` with its figures replaced by ``#``: ``7 options (> 5)`` and ``8 options (> 5)`` read alike."""
    return _NUMBER.sub("#", message)

"""Fingerprints of findings that survive moved lines: what code scanning (SARIF) and GitLab track alerts by.

A fingerprint is made from the rule, the file and the node (for a finding about
no node, its message), and which of several alike it is: never the line, nor
the figures of a message (``7 options (> 5)``), so that an alert is kept
through edits and closed when it is fixed.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Sequence

from ivr.model.errors import LoadError
from ivr.model.findings import Finding
from ivr.present import relative_path

__all__ = ["INVALID_MENU", "finding_fingerprints", "error_fingerprints"]

#: The check name of a file that cannot be read as a menu (not a rule: nothing turns it off).
INVALID_MENU = "invalid-menu"

_NUMBER = re.compile(r"\d+")


def finding_fingerprints(findings: Sequence[Finding]) -> list[str]:
    """A fingerprint per finding, in order; findings alike (same rule, file and node) are numbered."""
    return _numbered([(f.rule, relative_path(f.location.file), f.node or f.message) for f in findings])


def error_fingerprints(errors: Sequence[LoadError]) -> list[str]:
    """A fingerprint per reason a file cannot be read, in order (its message without figures, not its line)."""
    return _numbered([(INVALID_MENU, relative_path(e.location.file), _NUMBER.sub("#", e.message)) for e in errors])


def _numbered(abouts: list[tuple[str, str, str]]) -> list[str]:
    seen: Counter = Counter()
    prints = []
    for about in abouts:
        seen[about] += 1
        key = "\0".join((*about, str(seen[about])))
        prints.append(hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest())  # a name's bytes as they are
    return prints

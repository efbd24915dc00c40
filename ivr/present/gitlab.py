"""GitLab Code Quality: the JSON array of issues that GitLab merge requests show inline and in the widget.

Each finding is an issue with ``description``, ``check_name`` (the rule),
``fingerprint`` (stable while lines move, as in SARIF), ``severity`` and
``location.path`` (relative to the project, where ``ivr check`` runs in CI)
with ``location.lines.begin``. Each reason a file cannot be read is an issue
too, ``check_name`` ``invalid-menu``, so the merge request shows it where it
is. Findings an ``ignore:`` accepts are left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ivr.model.findings import Severity
from ivr.model.menu import Location
from ivr.present import json_text, relative_path
from ivr.present.fingerprints import INVALID_MENU, error_fingerprints, finding_fingerprints

if TYPE_CHECKING:
    from ivr.pipeline import FileResult

__all__ = ["SEVERITIES", "format_results"]

#: ivr's severities in GitLab's words (info, minor, major, critical, blocker); a menu that cannot be read
#: is ``critical``: nothing in it was checked.
SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def format_results(results: Sequence[FileResult]) -> str:
    errors = [e for r in results for e in r.errors]
    findings = [f for r in results for f in r.findings]
    issues = [_issue(f"{INVALID_MENU}: {e.message}", INVALID_MENU, fingerprint, "critical", e.location)
              for e, fingerprint in zip(errors, error_fingerprints(errors))]
    issues += [_issue(f"{f.rule}: {f.message}", f.rule, fingerprint, SEVERITIES[f.severity], f.location)
               for f, fingerprint in zip(findings, finding_fingerprints(findings))]
    return json_text(issues)


def _issue(description: str, check: str, fingerprint: str, severity: str, location: Location) -> dict:
    return {
        "type": "issue",
        "description": description,
        "check_name": check,
        "fingerprint": fingerprint,
        "severity": severity,
        "location": {"path": relative_path(location.shown_file), "lines": {"begin": location.line or 1}},
    }

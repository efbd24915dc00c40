"""JSON output: ``{"findings": [...], "errors": [...], "summary": {...}}``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from collections.abc import Sequence

from ivr.model.errors import LoadError
from ivr.model.findings import Finding
from ivr.model.menu import Location
from ivr.model.words import printable_name
from ivr.present import json_text, summary

if TYPE_CHECKING:
    from ivr.pipeline import FileResult

__all__ = ["finding_dict", "format_results"]


def finding_dict(finding: Finding) -> dict:
    loc = finding.location
    return {
        "rule": finding.rule,
        "severity": finding.severity.value,
        **_place(loc),
        "node": None if finding.node is None else printable_name(finding.node),  # an id from the file: inert
        # what the platform's editor shows for it (a block's label, a widget's name): the id stays in "node"
        "node_name": None if finding.name is None else printable_name(finding.name),
        "message": finding.message,
    }


def _place(loc: Location) -> dict:
    """``file``, ``line`` and ``column`` (null where the format has none), and ``pointer`` where there is one."""
    place: dict = {"file": loc.shown_file, "line": loc.line, "column": loc.column}
    if loc.pointer is not None:
        place["pointer"] = loc.pointer
    return place


def _error_dict(error: LoadError) -> dict:
    return {**_place(error.location), "message": error.message}


def format_results(results: Sequence[FileResult]) -> str:
    document = {
        "findings": [finding_dict(f) for r in results for f in r.findings],
        "errors": [_error_dict(e) for r in results for e in r.errors],
        "summary": summary(results),
    }
    return json_text(document)

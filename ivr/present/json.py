"""JSON output: ``{"findings": [...], "errors": [...], "summary": {...}}``."""

from __future__ import annotations

from typing import TYPE_CHECKING

import json
from collections.abc import Sequence

from ivr.model.errors import LoadError
from ivr.model.findings import Finding
from ivr.present import summary

if TYPE_CHECKING:
    from ivr.pipeline import FileResult

__all__ = ["finding_dict", "format_results"]


def finding_dict(finding: Finding) -> dict:
    loc = finding.location
    return {
        "rule": finding.rule,
        "severity": finding.severity.value,
        "file": loc.file,
        "line": loc.line,
        "column": loc.column,
        "node": finding.node,
        "message": finding.message,
    }


def _error_dict(error: LoadError) -> dict:
    loc = error.location
    return {"file": loc.file, "line": loc.line, "column": loc.column, "message": error.message}


def format_results(results: Sequence[FileResult]) -> str:
    document = {
        "findings": [finding_dict(f) for r in results for f in r.findings],
        "errors": [_error_dict(e) for r in results for e in r.errors],
        "summary": summary(results),
    }
    return json.dumps(document, indent=2, ensure_ascii=False)

"""Compiler-style text: one finding a line (``file:line:col: severity: rule: message``), then a summary."""

from __future__ import annotations

from typing import TYPE_CHECKING

from collections.abc import Sequence

import click

from ivr.present import summary
from ivr.model.words import plural

if TYPE_CHECKING:
    from ivr.pipeline import FileResult

__all__ = ["format_findings", "format_errors", "format_summary"]

_COLOURS = {"error": "red", "warning": "yellow", "info": "cyan"}


def format_findings(results: Sequence[FileResult], color: bool = False) -> str:
    lines = []
    for result in results:
        for f in result.findings:
            severity = f.severity.value
            if color:
                severity = click.style(severity, fg=_COLOURS[severity], bold=True)
            lines.append(f"{f.location}: {severity}: {f.rule}: {f.message}")
    return "\n".join(lines)


def format_errors(results: Sequence[FileResult]) -> str:
    """Load errors, one a line: ``file:line:col: what is wrong, and how to fix it``."""
    return "\n".join(str(e) for r in results for e in r.errors)


def format_summary(results: Sequence[FileResult], color: bool = False) -> str:
    counts = summary(results)
    read = counts["files"] - counts["invalid_files"]
    files = plural(read, "file")
    parts = [plural(counts[s], s) for s in ("error", "warning", "info") if counts[s]]
    text = f"Found {', '.join(parts)} in {files}." if parts else f"No problems found in {files}."
    if counts["invalid_files"]:
        text += f" {plural(counts['invalid_files'], 'file')} could not be read as a menu (see the messages above)."
    if counts["unchecked_languages"]:
        text += (f" Courtesy not checked in {', '.join(counts['unchecked_languages'])} (no word list);"
                 " add ivr/phrases/<lang>.yaml to check them.")
    if counts.get("audio_prompts"):
        text += (f" {plural(counts['audio_prompts'], 'prompt')} not checked (audio): recordings without words;"
                 " courtesy and length are not judged there.")
    if color:
        text = click.style(text, bold=True)
    return text

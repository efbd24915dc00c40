"""Compiler-style text: one finding a line (``file:line:col: severity: rule: message``), then a summary."""

from __future__ import annotations

from typing import TYPE_CHECKING

from collections import Counter
from collections.abc import Sequence

import click

from ivr.present import summary
from ivr.model.words import plural, printable, printable_name

if TYPE_CHECKING:
    from ivr.pipeline import FileResult

__all__ = ["format_findings", "format_errors", "format_summary", "format_statistics", "error_line"]

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


def format_statistics(results: Sequence[FileResult]) -> str:
    """How many findings each rule made, most first: ``  12  missing-thanks  (12 infos)``."""
    by_rule: dict[str, Counter[str]] = {}
    for finding in (f for r in results for f in r.findings):
        by_rule.setdefault(finding.rule, Counter())[finding.severity.value] += 1
    ranked = sorted(by_rule.items(), key=lambda item: (-item[1].total(), item[0]))
    if not ranked:
        return ""
    count_width = len(str(ranked[0][1].total()))
    rule_width = max(len(rule) for rule, _ in ranked)
    return "\n".join(f"{counts.total():>{count_width}}  {rule:<{rule_width}}  "
                     f"({', '.join(plural(counts[s], s) for s in ('error', 'warning', 'info') if counts[s])})"
                     for rule, counts in ranked)


def error_line(location: object, message: str, severity: str = "error") -> str:
    """A message about a place as every command prints it: ``file:line:col: error: what is wrong, and how
    to fix it`` (``warning`` for what does not stop the command).

    The severity word makes it read like a finding, so that problem matchers (editors, CI) written for
    ``file:line:col: severity: message`` catch it too. ``location`` is a :class:`~ivr.model.menu.Location`
    or the name of a file or folder; either is printed with its control characters escaped, as the message is.
    """
    where = printable_name(location) if isinstance(location, str) else str(location)
    return f"{where}: {severity}: {printable(message)}"


def format_errors(results: Sequence[FileResult]) -> str:
    """Load errors, one a line: ``file:line:col: error: what is wrong, and how to fix it``."""
    return "\n".join(error_line(e.location, e.message) for r in results for e in r.errors)


def format_summary(results: Sequence[FileResult], color: bool = False) -> str:
    counts = summary(results)
    read = counts["files"] - counts["invalid_files"]
    files = plural(read, "file")
    parts = [plural(counts[s], s) for s in ("error", "warning", "info") if counts[s]]
    text = f"Found {', '.join(parts)} in {files}." if parts else f"No problems found in {files}."
    if counts["invalid_files"]:  # what could not be read comes first: nothing was checked there
        unread = f"{plural(counts['invalid_files'], 'file')} could not be read as a menu (see the messages above)."
        text = f"{unread} {text}" if read else unread
    if counts["baselined"]:
        text += f" {plural(counts['baselined'], 'finding')} of the baseline not shown."
    if counts["unchecked_languages"]:
        text += (f" Courtesy not checked in {', '.join(counts['unchecked_languages'])} (no word list);"
                 " add ivr/phrases/<lang>.yaml to check them.")
    if counts.get("audio_prompts"):
        text += (f" {plural(counts['audio_prompts'], 'prompt')} not checked (audio, or text set at run time): "
                 "words not in the file; courtesy and length are not judged there.")
    if color:
        text = click.style(text, bold=True)
    return text

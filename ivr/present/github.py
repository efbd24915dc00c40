"""GitHub Actions workflow commands: findings shown inline on the pull request.

One command a finding (``::error``, ``::warning`` or ``::notice`` by severity),
``::error`` for each reason a file cannot be read, then the text summary as a
plain line: GitHub prints lines that are not commands in the step's log, so
the log ends with the same count as ``ivr check`` on a terminal, and standard
error stays for failures of ivr itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from collections.abc import Sequence

from ivr.model.findings import Severity
from ivr.model.menu import Location
from ivr.model.words import printable_name
from ivr.present import relative_path
from ivr.present.text import format_summary

if TYPE_CHECKING:
    from ivr.pipeline import FileResult

__all__ = ["COMMANDS", "command", "format_results"]

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def format_results(results: Sequence[FileResult]) -> str:
    lines = []
    for result in results:
        lines += [command("error", e.location, "ivr: cannot read menu", e.message) for e in result.errors]
        lines += [command(COMMANDS[f.severity], f.location, f"ivr {f.rule}", f.message) for f in result.findings]
    lines.append(format_summary(results))
    return "\n".join(lines)


def command(name: str, location: Location, title: str, message: str) -> str:
    """``::name file=F,line=L,col=C,title=T::message``, escaped as GitHub's toolkit does."""
    properties = {"file": relative_path(location.file), "line": location.line, "col": location.column,
                  "title": title}
    properties = {key: value for key, value in properties.items() if value is not None}  # no line: the file
    listed = ",".join(f"{key}={_escape_property(str(value))}" for key, value in properties.items())
    return f"::{name} {listed}::{_escape_data(message)}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    # GitHub's escapes, then the control characters they leave (an ESC would colour the log) as \x1b
    return printable_name(_escape_data(text).replace(":", "%3A").replace(",", "%2C"))

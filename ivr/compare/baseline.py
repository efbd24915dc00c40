"""A baseline: the findings a team accepts for now, so that ``ivr check`` reports only new ones.

A team adopting ``ivr`` on a legacy menu with 300 findings writes them to a
baseline (``ivr baseline menus/ -o ivr-baseline.json``) and checks with
``--baseline ivr-baseline.json`` from then on: only findings that are not in
it are reported, and count towards the exit status.

Findings are matched as ``ivr diff`` matches them (:mod:`ivr.compare.matching`):
by file, rule and node, never by line, as a multiset (two findings of a rule on
one node in the baseline accept two, not three); findings about no node by
rule and message with its numbers taken out. Paths in the file are relative to
the baseline's own folder, so that it holds wherever ``ivr check`` runs.
Lines are not written: the file changes when findings do, not when lines move.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath

from ivr.compare.matching import finding_changes
from ivr.formats.sources import is_git_source, read_file
from ivr.model.errors import InvalidMenu, LoadError, not_utf8_at
from ivr.model.findings import Finding, Severity
from ivr.model.menu import Location
from ivr.model.words import printable_name

__all__ = ["VERSION", "Baseline", "InvalidBaseline", "baseline_text", "read_baseline"]

#: The format of the baseline file; bump when its meaning changes.
VERSION = 1
_FIELDS = ("file", "rule", "node", "message")


class InvalidBaseline(Exception):
    """A baseline file that cannot be used; ``errors`` says why, located."""

    def __init__(self, errors: list[LoadError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


@dataclass(slots=True)
class Baseline:
    """The accepted findings by file (relative to ``folder``, with ``/``)."""

    folder: str
    findings: dict[str, list[Finding]] = field(default_factory=dict)

    def new(self, file: str, findings: Sequence[Finding]) -> tuple[list[Finding], int]:
        """The findings of ``file`` that the baseline does not hold, and how many it held."""
        accepted = self.findings.get(_key(file, self.folder), [])
        introduced, _ = finding_changes(accepted, list(findings))
        return introduced, len(findings) - len(introduced)


def _key(file: str, folder: str) -> str:
    """How the baseline names ``file``: relative to its folder, with ``/``; ``REV:PATH`` as it is; escaped as
    every output escapes a file name (:func:`printable_name`: the baseline file is written and read as UTF-8)."""
    if is_git_source(file):
        return printable_name(file)
    return printable_name(PurePath(os.path.relpath(os.path.abspath(file), folder)).as_posix())


def baseline_text(findings: Iterable[Finding], path: str) -> str:
    """The baseline file to be written at ``path`` holding ``findings``, sorted so that it diffs well."""
    folder = os.path.dirname(os.path.abspath(path))
    entries = sorted(({"file": _key(f.location.file, folder), "rule": f.rule, "node": f.node, "message": f.message}
                      for f in findings), key=lambda e: (e["file"], e["rule"], e["node"] or "", e["message"]))
    document = {"ivr-baseline": VERSION,
                "about": "Findings accepted for now: ivr check --baseline THIS-FILE reports only others. "
                         "Written by ivr baseline; matched by file, rule and node, not by line.",
                "findings": entries}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def read_baseline(path: str) -> Baseline:
    """The baseline file at ``path``; :class:`InvalidBaseline` says where and why it cannot be used."""
    try:
        raw = read_file(path)
    except InvalidMenu as exc:
        raise InvalidBaseline(exc.errors) from None
    try:
        document = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        at = not_utf8_at(path, raw)
        raise _invalid(path, "not UTF-8 text; write it again with ivr baseline", at.line, at.column) from None
    except json.JSONDecodeError as exc:
        raise _invalid(path, f"not valid JSON: {exc.msg}; write it again with ivr baseline",
                       exc.lineno, exc.colno) from None
    if not isinstance(document, dict) or document.get("ivr-baseline") != VERSION:
        raise _invalid(path, f"not an ivr baseline of version {VERSION} (no \"ivr-baseline\": {VERSION}); "
                             "write it with ivr baseline PATHS -o FILE")
    entries = document.get("findings")
    if not isinstance(entries, list):
        raise _invalid(path, "\"findings\" must be a list; write it again with ivr baseline")
    folder = os.path.dirname(os.path.abspath(path))
    baseline = Baseline(folder)
    for number, entry in enumerate(entries, 1):
        if not _valid_entry(entry):
            raise _invalid(path, f"finding {number} must have text \"file\", \"rule\" and \"message\", and "
                                 "\"node\" text or null; write it again with ivr baseline")
        location = Location(entry["file"], 1, 1)
        finding = Finding(entry["rule"], Severity.INFO, location, entry["node"], entry["message"])
        baseline.findings.setdefault(entry["file"], []).append(finding)
    return baseline


def _valid_entry(entry: object) -> bool:
    return (isinstance(entry, dict) and all(k in entry for k in _FIELDS)
            and all(isinstance(entry[k], str) for k in ("file", "rule", "message"))
            and (entry["node"] is None or isinstance(entry["node"], str)))


def _invalid(path: str, message: str, line: int = 1, column: int = 1) -> InvalidBaseline:
    return InvalidBaseline([LoadError(Location(path, line, column), message)])

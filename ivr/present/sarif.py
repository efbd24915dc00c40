"""SARIF 2.1.0 output, for GitHub code scanning and other SARIF viewers.

The log is built from ``sarif-om``'s classes (Microsoft's object model,
generated from the SARIF schema), never from hand-written dicts. It is not
serialised with ``jschema-to-python``'s ``to_json``, which Microsoft pairs
with it: that drops every property equal to its default, ``result.level``
``"warning"`` included, and an absent level means the *rule's* default level
(SARIF 2.1.0 section 3.27.10), so warnings of an error rule (``no-path-to-human``
on sub-menus) would be shown as errors (the same bug as microsoft/sarif-sdk#2024).
:func:`to_dict` drops defaults too, but always writes a level that was set.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import os
import re
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import quote

import attrs
import sarif_om as om

from ivr import HOMEPAGE, RULES_URI, __version__
from ivr.model.errors import LoadError
from ivr.model.findings import Finding, Severity
from ivr.model.menu import Location, Suppression
from ivr.model.words import printable_name
from ivr.present import json_text, relative_path
# results that say a file cannot be read as a menu: code scanning shows results, not notifications, on a PR
from ivr.present.fingerprints import INVALID_MENU, error_fingerprints, finding_fingerprints
from ivr.rules.api import Rule, documentation, summary
from ivr.rules.registry import REGISTRY

if TYPE_CHECKING:
    from ivr.pipeline import FileResult

__all__ = ["SCHEMA_URI", "LEVELS", "SRCROOT", "INVALID_MENU", "AUTOMATION_ID", "format_results", "sarif_log",
           "to_dict", "category_of"]

#: The OASIS schema that the log says it follows.
SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
#: ivr's severities as SARIF levels.
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
#: The base that relative artifact URIs are relative to: the working folder, which
#: GitHub's upload action takes to be the checkout.
SRCROOT = "%SRCROOT%"
#: ``automationDetails.id`` when nothing was checked to name the run by: the category ``ivr/check`` with no run
#: id (Azure DevOps rejects a run without it).
AUTOMATION_ID = "ivr/check/"
#: GitHub's limits on a rule's texts ("SARIF support for code scanning": fullDescription and shortDescription at
#: most 1,000 and 1,024 characters); the whole documentation stays in ``help``.
_FULL_DESCRIPTION_MOST, _SHORT_DESCRIPTION_MOST = 1000, 1024
#: What a category may hold: GitHub shows it, Azure DevOps splits it at "/".
_CATEGORY_UNSAFE = re.compile(r"[^A-Za-z0-9._/-]+")
#: Bump when what goes into the fingerprint (ivr.present.fingerprints) changes: GitHub would see new alerts.
_FINGERPRINT = "ivrFinding/v1"


def format_results(results: Sequence[FileResult], category: str | None = None) -> str:
    return json_text(to_dict(sarif_log(results, category)))


def category_of(paths: Sequence[str]) -> str:
    """The run's category when none is given: ``ivr/`` and the folder (or file) the checked paths share, relative
    to the working folder, so that two uploads of one job (``ivr check ivr/`` and ``ivr check flows/``) never
    take each other's place (GitHub keeps one analysis per category)."""
    files = [relative_path(path) for path in paths if path]
    if not files:
        return AUTOMATION_ID.rstrip("/")
    try:
        shared = os.path.commonpath(files) if len(files) > 1 else files[0]
    except ValueError:  # absolute and relative paths mixed
        shared = ""
    name = _CATEGORY_UNSAFE.sub("-", Path(shared).as_posix()).strip("-./")
    return f"ivr/{name}" if name else AUTOMATION_ID.rstrip("/")


def sarif_log(results: Sequence[FileResult], category: str | None = None) -> om.SarifLog:
    """One run of ivr over ``results``: every rule, every finding, and why files could not be read.

    ``category`` names the analysis (``automationDetails.id``, GitHub's category; default :func:`category_of`).
    Each result located at a line of a file that can be read gets GitHub's ``primaryLocationLineHash``
    (:mod:`ivr.present.linehash`) beside ivr's own fingerprint."""
    index = {rule_id: i for i, rule_id in enumerate(REGISTRY)}
    index[INVALID_MENU] = len(index)
    hashes = _LineHashes()
    driver = om.ToolComponent(
        name="ivr",
        full_name=f"ivr {__version__}",
        version=__version__,
        semantic_version=__version__,
        information_uri=HOMEPAGE,
        rules=[*(_rule(rule_id, rule) for rule_id, rule in REGISTRY.items()), _invalid_menu_rule()],
    )
    notifications = [
        om.Notification(level="error", message=om.Message(text=error.message), locations=[_location(error.location)])
        for result in results for error in result.errors
    ]
    invocation = om.Invocation(execution_successful=not notifications,
                               tool_execution_notifications=notifications or None)
    findings = [f for result in results for f in sorted([*result.findings, *result.suppressed],
                                                        key=lambda f: f.sort_key)]
    run = om.Run(
        tool=om.Tool(driver=driver),
        invocations=[invocation],
        automation_details=om.RunAutomationDetails(
            id=f"{(category or category_of([r.file for r in results])).rstrip('/')}/"),
        # no absolute path of the checkout: viewers and code scanning resolve %SRCROOT% themselves
        original_uri_base_ids={SRCROOT: om.ArtifactLocation(description=om.Message(
            text="The folder ivr check ran in: the root of the checkout."))},
        column_kind="unicodeCodePoints",
        results=[*_invalid([e for result in results for e in result.errors], index, hashes),
                 *_results(findings, index, hashes)],
    )
    return om.SarifLog(version="2.1.0", schema_uri=SCHEMA_URI, runs=[run])


def to_dict(value):
    """``value`` (a sarif-om object, or a list or dict of them) as JSON-ready data.

    Properties keep their schema names (``rule_id`` -> ``ruleId``); unset ones
    and those at their default are left out, except levels (see the module's
    documentation).
    """
    if attrs.has(type(value)):
        document = {}
        for field in attrs.fields(type(value)):
            item = getattr(value, field.name)
            if item is None or (field.name != "level" and item == _default(field)):
                continue
            document[field.metadata["schema_property_name"]] = to_dict(item)
        return document
    if isinstance(value, list):
        return [to_dict(item) for item in value]
    if isinstance(value, dict):
        return {key: to_dict(item) for key, item in value.items()}
    return value


def _default(field: attrs.Attribute):
    default = field.default
    return default.factory() if isinstance(default, attrs.Factory) else default


def _rule(rule_id: str, rule: Rule) -> om.ReportingDescriptor:
    markdown = documentation(rule)
    return om.ReportingDescriptor(
        id=rule_id,
        name="".join(word.capitalize() for word in rule_id.split("-")),  # SARIF wants name != id
        short_description=om.MultiformatMessageString(text=_cut(summary(rule), _SHORT_DESCRIPTION_MOST)),
        full_description=om.MultiformatMessageString(text=_cut(_what_it_does(markdown) or summary(rule),
                                                                _FULL_DESCRIPTION_MOST)),
        help=om.MultiformatMessageString(text=_plain(markdown), markdown=markdown),
        help_uri=RULES_URI,
        default_configuration=om.ReportingConfiguration(level=LEVELS[rule.SEVERITY]),
    )


_INVALID_MENU_HELP = ("A file ivr was asked to check cannot be read as a menu: it is not YAML, or it does not "
                      "follow the menu format (an unknown field, a wrong type, a node id that is not allowed). "
                      "The message says where and how to fix it. Every other rule needs the menu read first, "
                      "so nothing else is checked in that file.")


def _invalid_menu_rule() -> om.ReportingDescriptor:
    return om.ReportingDescriptor(
        id=INVALID_MENU,
        name="InvalidMenu",
        short_description=om.MultiformatMessageString(text="a file that cannot be read as a menu"),
        full_description=om.MultiformatMessageString(text=_INVALID_MENU_HELP),
        help=om.MultiformatMessageString(text=_INVALID_MENU_HELP),
        help_uri=f"{HOMEPAGE}#menu-format-version-1" if HOMEPAGE else None,
        default_configuration=om.ReportingConfiguration(level="error"),
    )


def _invalid(errors: Sequence[LoadError], index: dict[str, int], hashes: _LineHashes) -> list[om.Result]:
    """Each reason a file cannot be read, as an error result at its place (code scanning shows it on the PR)."""
    return [om.Result(rule_id=INVALID_MENU, rule_index=index[INVALID_MENU], level="error",
                      message=om.Message(text=error.message), locations=[_location(error.location)],
                      partial_fingerprints=hashes(error.location, fingerprint))
            for error, fingerprint in zip(errors, error_fingerprints(errors))]


def _cut(text: str, most: int) -> str:
    """``text`` within ``most`` characters: whole sentences, then a pointer to the rule's help."""
    if len(text) <= most:
        return text
    more = " (More in the rule's help.)"
    room = text[: most - len(more)]
    end = max(room.rfind(". "), room.rfind(": "))
    return (room[: end + 1] if end > 0 else room.rstrip()) + more


class _LineHashes:
    """GitHub's ``primaryLocationLineHash`` of a location's line (:mod:`ivr.present.linehash`), beside ivr's own
    fingerprint: alerts uploaded by any means are tracked as the upload action tracks them. Each file is read
    once; a file that is not there (read from git, standard input) gets none."""

    def __init__(self) -> None:
        self._files: dict[str, dict[int, str] | None] = {}

    def __call__(self, location: Location, fingerprint: str) -> dict[str, str]:
        found = {_FINGERPRINT: fingerprint}
        if location.line is None:
            return found
        if location.file not in self._files:
            self._files[location.file] = self._read(location.file)
        line_hash = (self._files[location.file] or {}).get(location.line)
        if line_hash is not None:
            found["primaryLocationLineHash"] = line_hash
        return found

    @staticmethod
    def _read(path: str) -> dict[int, str] | None:
        from ivr.present.linehash import line_hashes

        try:
            with open(path, "rb") as handle:  # a file ivr was given and has just read
                return line_hashes(handle.read().decode("utf-8", "replace"))
        except (OSError, ValueError):
            return None


def _what_it_does(markdown: str) -> str:
    """The "What it does" section of a rule's documentation, as one paragraph."""
    match = re.search(r"^## What it does\n(.*?)(?=^## |\Z)", markdown, re.M | re.S)
    return " ".join(match.group(1).split()) if match else ""


def _plain(markdown: str) -> str:
    """The documentation for viewers without Markdown: no heading marks, no code fences."""
    lines = [re.sub(r"^#+ ", "", line) for line in markdown.splitlines() if not line.startswith("```")]
    return "\n".join(lines)


def _results(findings: Sequence[Finding], index: dict[str, int], hashes: _LineHashes) -> list[om.Result]:
    return [om.Result(
        rule_id=finding.rule,
        rule_index=index[finding.rule],
        level=LEVELS[finding.severity],
        message=om.Message(text=finding.message),
        locations=[_location(finding.location, finding)],
        partial_fingerprints=hashes(finding.location, fingerprint),
        suppressions=None if finding.suppression is None else [_suppression(finding.suppression)],
    ) for finding, fingerprint in zip(findings, finding_fingerprints(findings))]


def _suppression(suppression: Suppression) -> om.Suppression:
    """``ignore: {rule: reason}`` in the menu: suppressed in source, with the reason as justification."""
    return om.Suppression(kind="inSource", justification=suppression.reason or None,
                          location=_location(suppression.location))


def _location(location: Location, finding: Finding | None = None) -> om.Location:
    # a region only where there is a line (a JSON export may have a pointer alone)
    region = None if location.line is None else om.Region(start_line=location.line, start_column=location.column)
    # the node the finding is about (SARIF 2.1.0, 3.33 logicalLocation): its display name as the platform's editor
    # shows it, and its identifier in the file as the fully qualified name
    logical = None if finding is None or finding.node is None else [om.LogicalLocation(
        name=printable_name(finding.name or finding.node), fully_qualified_name=printable_name(finding.node))]
    return om.Location(physical_location=om.PhysicalLocation(artifact_location=_artifact(location.file),
                                                             region=region), logical_locations=logical)


def _artifact(file: str) -> om.ArtifactLocation:
    """Relative to ``%SRCROOT%`` (the working folder) when the file is under it, else an absolute file URI."""
    path = relative_path(file)
    # percent-encoded bytes (RFC 3986 section 2.1): a name's control characters and its bytes that are not
    # UTF-8 reach a SARIF reader as %1B, %FF, which it decodes back to the file's name
    if os.path.isabs(path):
        return om.ArtifactLocation(uri=Path(path).as_uri())  # as_uri percent-encodes os.fsencode(path)
    return om.ArtifactLocation(uri=quote(os.fsencode(Path(path).as_posix())), uri_base_id=SRCROOT)

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
from ivr.present import json_text, relative_path
# results that say a file cannot be read as a menu: code scanning shows results, not notifications, on a PR
from ivr.present.fingerprints import INVALID_MENU, error_fingerprints, finding_fingerprints
from ivr.rules.api import Rule, documentation, summary
from ivr.rules.registry import REGISTRY

if TYPE_CHECKING:
    from ivr.pipeline import FileResult

__all__ = ["SCHEMA_URI", "LEVELS", "SRCROOT", "INVALID_MENU", "AUTOMATION_ID", "format_results", "sarif_log",
           "to_dict"]

#: The OASIS schema that the log says it follows.
SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
#: ivr's severities as SARIF levels.
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
#: The base that relative artifact URIs are relative to: the working folder, which
#: GitHub's upload action takes to be the checkout.
SRCROOT = "%SRCROOT%"
#: ``automationDetails.id``: the category ``ivr/check`` with no run id (Azure DevOps rejects a run without it).
AUTOMATION_ID = "ivr/check/"
#: Bump when what goes into the fingerprint (ivr.present.fingerprints) changes: GitHub would see new alerts.
_FINGERPRINT = "ivrFinding/v1"


def format_results(results: Sequence[FileResult]) -> str:
    return json_text(to_dict(sarif_log(results)))


def sarif_log(results: Sequence[FileResult]) -> om.SarifLog:
    """One run of ivr over ``results``: every rule, every finding, and why files could not be read."""
    index = {rule_id: i for i, rule_id in enumerate(REGISTRY)}
    index[INVALID_MENU] = len(index)
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
        automation_details=om.RunAutomationDetails(id=AUTOMATION_ID),
        # no absolute path of the checkout: viewers and code scanning resolve %SRCROOT% themselves
        original_uri_base_ids={SRCROOT: om.ArtifactLocation(description=om.Message(
            text="The folder ivr check ran in: the root of the checkout."))},
        column_kind="unicodeCodePoints",
        results=[*_invalid([e for result in results for e in result.errors], index), *_results(findings, index)],
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
        short_description=om.MultiformatMessageString(text=summary(rule)),
        full_description=om.MultiformatMessageString(text=_what_it_does(markdown) or summary(rule)),
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
        help_uri=f"{HOMEPAGE}#menu-format-version-1",
        default_configuration=om.ReportingConfiguration(level="error"),
    )


def _invalid(errors: Sequence[LoadError], index: dict[str, int]) -> list[om.Result]:
    """Each reason a file cannot be read, as an error result at its place (code scanning shows it on the PR)."""
    return [om.Result(rule_id=INVALID_MENU, rule_index=index[INVALID_MENU], level="error",
                      message=om.Message(text=error.message), locations=[_location(error.location)],
                      partial_fingerprints={_FINGERPRINT: fingerprint})
            for error, fingerprint in zip(errors, error_fingerprints(errors))]


def _what_it_does(markdown: str) -> str:
    """The "What it does" section of a rule's documentation, as one paragraph."""
    match = re.search(r"^## What it does\n(.*?)(?=^## |\Z)", markdown, re.M | re.S)
    return " ".join(match.group(1).split()) if match else ""


def _plain(markdown: str) -> str:
    """The documentation for viewers without Markdown: no heading marks, no code fences."""
    lines = [re.sub(r"^#+ ", "", line) for line in markdown.splitlines() if not line.startswith("```")]
    return "\n".join(lines)


def _results(findings: Sequence[Finding], index: dict[str, int]) -> list[om.Result]:
    return [om.Result(
        rule_id=finding.rule,
        rule_index=index[finding.rule],
        level=LEVELS[finding.severity],
        message=om.Message(text=finding.message),
        locations=[_location(finding.location)],
        partial_fingerprints={_FINGERPRINT: fingerprint},
        suppressions=None if finding.suppression is None else [_suppression(finding.suppression)],
    ) for finding, fingerprint in zip(findings, finding_fingerprints(findings))]


def _suppression(suppression: Suppression) -> om.Suppression:
    """``ignore: {rule: reason}`` in the menu: suppressed in source, with the reason as justification."""
    return om.Suppression(kind="inSource", justification=suppression.reason or None,
                          location=_location(suppression.location))


def _location(location: Location) -> om.Location:
    # a region only where there is a line (a JSON export may have a pointer alone)
    region = None if location.line is None else om.Region(start_line=location.line, start_column=location.column)
    return om.Location(physical_location=om.PhysicalLocation(artifact_location=_artifact(location.file),
                                                             region=region))


def _artifact(file: str) -> om.ArtifactLocation:
    """Relative to ``%SRCROOT%`` (the working folder) when the file is under it, else an absolute file URI."""
    path = relative_path(file)
    # percent-encoded bytes (RFC 3986 section 2.1): a name's control characters and its bytes that are not
    # UTF-8 reach a SARIF reader as %1B, %FF, which it decodes back to the file's name
    if os.path.isabs(path):
        return om.ArtifactLocation(uri=Path(path).as_uri())  # as_uri percent-encodes os.fsencode(path)
    return om.ArtifactLocation(uri=quote(os.fsencode(Path(path).as_posix())), uri_base_id=SRCROOT)

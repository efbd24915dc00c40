"""JUnit XML output, for CI systems that show test reports (GitLab, Jenkins, Azure Pipelines...).

One ``<testsuite>`` per menu file, one ``<testcase>`` per rule that ran on it,
named by the rule id: rules turned off (``--ignore``, ``--select``, the
configuration) are left out, as tests that were never collected, so the count
of tests is the count of checks made. A rule with findings at or above the
file's ``fail-on`` fails (``<failure>``, its ``type`` the worst severity); one
whose findings are all below it is ``<skipped>`` with the findings as the
message, so that a build that passes does not show "N failed tests" for
notes. A file that cannot be read as a menu has a single test case, ``load``,
in error.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Sequence

from ivr.model.findings import Finding, fails
from ivr.rules.registry import REGISTRY
from ivr.model.words import plural, printable_name

if TYPE_CHECKING:
    from ivr.pipeline import FileResult

__all__ = ["LOAD_CASE", "format_results"]

#: The name of the one test case of a file that cannot be read.
LOAD_CASE = "load"


def format_results(results: Sequence[FileResult]) -> str:
    root = ET.Element("testsuites", name="ivr check")
    for result in results:
        root.append(_suite(result))
    _count(root, root.findall("testsuite"))
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True)


def _suite(result: FileResult) -> ET.Element:
    file = printable_name(result.file)  # XML 1.0 carries no control character, even in a file name
    suite = ET.Element("testsuite", name=file)
    if result.errors:
        case = ET.SubElement(suite, "testcase", classname=file, name=LOAD_CASE)
        error = ET.SubElement(case, "error", type="load-error",
                              message=f"{plural(len(result.errors), 'error')}: the file cannot be read as a menu")
        error.text = "\n".join(str(e) for e in result.errors)
    else:
        ran = REGISTRY if result.rules is None else [r for r in REGISTRY if r in result.rules]
        by_rule: dict[str, list[Finding]] = {rule_id: [] for rule_id in ran}
        for finding in result.findings:
            by_rule.setdefault(finding.rule, []).append(finding)
        for rule_id, findings in by_rule.items():
            case = ET.SubElement(suite, "testcase", classname=file, name=rule_id)
            if not findings:
                continue
            worst = max(findings, key=lambda f: f.severity.rank).severity
            lines = "\n".join(f"{f.location}: {f.severity.value}: {f.rule}: {f.message}" for f in findings)
            if fails(worst, result.fail_on):
                outcome = ET.SubElement(case, "failure", type=worst.value, message=_counts(findings))
            else:
                outcome = ET.SubElement(case, "skipped", message=f"{_counts(findings)}, below fail-on "
                                                                  f"{result.fail_on}: not failing the build")
            outcome.text = lines
    _count(suite, suite.findall("testcase"))
    return suite


def _counts(findings: Sequence[Finding]) -> str:
    """``3 findings (1 error, 2 warnings)``."""
    counts = Counter(f.severity.value for f in findings)
    parts = [plural(counts[s], s) for s in ("error", "warning", "info") if counts[s]]
    return f"{plural(len(findings), 'finding')} ({', '.join(parts)})"


def _count(element: ET.Element, children: list[ET.Element]) -> None:
    """Set ``tests``, ``failures``, ``errors`` and ``skipped`` on a suite (from its cases), and all but
    ``skipped`` on the root (from its suites): Jenkins' JUnit schema has no ``skipped`` on ``<testsuites>``."""
    keys = ("tests", "failures", "errors", "skipped") if element.tag == "testsuite" else ("tests", "failures", "errors")
    if element.tag == "testsuite":
        totals = Counter(tests=len(children),
                         failures=sum(1 for c in children if c.find("failure") is not None),
                         errors=sum(1 for c in children if c.find("error") is not None),
                         skipped=sum(1 for c in children if c.find("skipped") is not None))
    else:
        totals = Counter()
        for child in children:
            for key in keys:
                totals[key] += int(child.get(key))
    for key in keys:
        element.set(key, str(totals[key]))

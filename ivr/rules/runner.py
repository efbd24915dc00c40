"""Run the rules over menus (stage 3): the linter stamps each problem with its rule id and severity."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from ivr.graph.build import name_of
from ivr.model.findings import Finding
from ivr.rules.api import RuleSetting
from ivr.rules.registry import REGISTRY, ROUTING, default_settings
from ivr.rules import unused_suppression
from ivr.rules.suppressions import suppression_for

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["lint", "lint_all"]


def lint(graph: nx.DiGraph, settings: Mapping[str, RuleSetting] | None = None) -> list[Finding]:
    """Every finding of the rules in ``settings`` (default: every rule as shipped) on ``graph``, in file order,
    without those a suppression in the file accepts (see :func:`lint_all`)."""
    return lint_all(graph, settings)[0]


def lint_all(graph: nx.DiGraph, settings: Mapping[str, RuleSetting] | None = None
             ) -> tuple[list[Finding], list[Finding]]:
    """The findings of the rules in ``settings`` (default: every rule as shipped) on ``graph``, and apart
    from them those that a suppression in the file accepts, each in file order.

    A problem's own severity (a rule escalating a fault where it weighs more)
    stands unless the configuration sets the rule's severity. Findings that a
    suppression in the file accepts (``ignore: {rule: reason}``) are kept aside,
    marked with it (``Finding.suppression``), so that SARIF can show them as
    suppressed; ``unused-suppression`` then reports the suppressions that
    accepted nothing.
    """
    if settings is None:
        settings = default_settings()
    if graph.graph.get("routing"):
        # a dialplan's routing with no caller menu: only the rules of how it is written (registry.ROUTING)
        settings = {rule_id: setting for rule_id, setting in settings.items() if rule_id in ROUTING}
    findings: list[Finding] = []
    suppressed: list[Finding] = []
    used: set[tuple[str | None, str]] = set()
    invented = {node_id for node_id, node in graph.nodes(data="node") if node is not None and node.invented}
    for rule_id, setting in settings.items():
        if rule_id == unused_suppression.ID:
            continue
        for problem in REGISTRY[rule_id].check(graph, setting.options):
            if problem.node in invented:
                continue  # a node ivr made for what the platform does: no author wrote it (issue 24 item 2)
            accepted = suppression_for(graph, rule_id, problem.node)
            severity = setting.severity if setting.fixed else problem.severity or setting.severity
            finding = Finding(rule_id, severity, problem.location, problem.node, problem.message, problem.nodes,
                              accepted[1] if accepted is not None else None, _name(graph, problem.node))
            if accepted is not None:
                used.add((accepted[0], rule_id))
            (findings if accepted is None else suppressed).append(finding)
    unused = settings.get(unused_suppression.ID)
    if unused is not None:
        findings.extend(
            Finding(unused_suppression.ID, unused.severity, p.location, p.node, p.message, name=_name(graph, p.node))
            for p in unused_suppression.check(graph, unused.options, used=used, ran=set(settings), known=REGISTRY)
        )
    findings.sort(key=lambda f: f.sort_key)
    suppressed.sort(key=lambda f: f.sort_key)
    return findings, suppressed


def _name(graph: nx.DiGraph, node_id: str | None) -> str | None:
    """The display name of the node a finding is about (its label, else its id); None without a node."""
    return None if node_id is None else name_of(graph, node_id)

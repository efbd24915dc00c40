"""Run the rules over menus (stage 3): the linter stamps each problem with its rule id and severity."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

import networkx as nx

from ivr import courtesy
from ivr.errors import InvalidMenu, LoadError
from ivr.findings import Finding
from ivr.gcpause import collector_paused
from ivr.graph import build_graph
from ivr.loader import load_menu
from ivr.rules import REGISTRY, Rule

__all__ = ["FileResult", "lint", "check_file"]


@dataclass(slots=True)
class FileResult:
    """What ``ivr check`` learnt about one file: findings, or the errors that stopped it loading."""

    file: str
    findings: list[Finding] = field(default_factory=list)
    errors: list[LoadError] = field(default_factory=list)
    name: str | None = None
    #: languages of prompts the courtesy rules would read but have no word list for
    unchecked_languages: tuple[str, ...] = ()


def lint(graph: nx.DiGraph, rules: Mapping[str, Rule] = REGISTRY) -> list[Finding]:
    """Every finding of ``rules`` on ``graph``, in file order."""
    findings = [
        Finding(rule_id, problem.severity or rule.SEVERITY, problem.location, problem.node, problem.message,
                problem.nodes)
        for rule_id, rule in rules.items()
        for problem in rule.check(graph, dict(rule.OPTIONS))
    ]
    findings.sort(key=lambda f: f.sort_key)
    return findings


def check_file(path: str | os.PathLike, rules: Mapping[str, Rule] = REGISTRY) -> FileResult:
    """Load, build and lint one menu file; a file that cannot load comes back with its errors.

    The cyclic collector is paused throughout: the graph and the rules' sets
    are many objects and no garbage cycles.
    """
    file = os.fspath(path)
    with collector_paused():
        try:
            menu = load_menu(file)
        except InvalidMenu as exc:
            return FileResult(file, errors=exc.errors)
        graph = build_graph(menu)
        unchecked = courtesy.unchecked_languages(graph) if courtesy.RULES & rules.keys() else ()
        return FileResult(file, lint(graph, rules), name=menu.name, unchecked_languages=unchecked)

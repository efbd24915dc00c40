"""Run the rules over menus (stage 3): the linter stamps each problem with its rule id and severity."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

import networkx as nx

from ivr.graph import courtesy
from ivr.model.errors import LoadError
from ivr.model.findings import Finding
from ivr.gcpause import collector_paused
from ivr.graph.build import build_graph
from ivr.formats.reading import read_all
from ivr.rules.api import RuleSetting
from ivr.rules.registry import REGISTRY, default_settings
from ivr.rules import unused_suppression
from ivr.rules.suppressions import suppression_for

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
    #: prompts that are recordings without words: the courtesy and length rules cannot read them
    audio_prompts: int = 0


def lint(graph: nx.DiGraph, settings: Mapping[str, RuleSetting] | None = None) -> list[Finding]:
    """Every finding of the rules in ``settings`` (default: every rule as shipped) on ``graph``, in file order.

    A problem's own severity (a rule escalating a fault where it weighs more)
    stands unless the configuration sets the rule's severity. Findings that a
    suppression in the file accepts (``ignore: {rule: reason}``) are dropped;
    ``unused-suppression`` then reports the suppressions that accepted nothing.
    """
    if settings is None:
        settings = default_settings()
    findings = []
    used: set[tuple[str | None, str]] = set()
    for rule_id, setting in settings.items():
        if rule_id == unused_suppression.ID:
            continue
        for problem in REGISTRY[rule_id].check(graph, setting.options):
            accepted = suppression_for(graph, rule_id, problem.node)
            if accepted is not None:
                used.add((accepted[0], rule_id))
                continue
            severity = setting.severity if setting.fixed else problem.severity or setting.severity
            findings.append(Finding(rule_id, severity, problem.location, problem.node, problem.message,
                                    problem.nodes))
    unused = settings.get(unused_suppression.ID)
    if unused is not None:
        findings.extend(
            Finding(unused_suppression.ID, unused.severity, p.location, p.node, p.message)
            for p in unused_suppression.check(graph, unused.options, used=used, ran=set(settings), known=REGISTRY)
        )
    findings.sort(key=lambda f: f.sort_key)
    return findings


def check_file(path: str | os.PathLike, settings: Mapping[str, RuleSetting] | None = None,
               fmt: str | None = None) -> FileResult:
    """Read (in the format its content is in), build and lint one menu file; a file that cannot be
    read comes back with its errors. A file holding several IVRs (FreeSWITCH menus that no other
    menu calls) gives the findings of all of them; a phrase file alone gives none.

    The cyclic collector is paused throughout: the graph and the rules' sets
    are many objects and no garbage cycles.
    """
    file = os.fspath(path)
    with collector_paused():
        reading = read_all([file], fmt)
        if reading.errors:
            return FileResult(file, errors=[e for errors in reading.errors.values() for e in errors])
        ran = default_settings().keys() if settings is None else settings.keys()
        result = FileResult(file, name=reading.menus[0].name if reading.menus else None)
        unchecked: set[str] = set()
        for menu in reading.menus:
            graph = build_graph(menu)
            if courtesy.RULES & ran:
                unchecked.update(courtesy.unchecked_languages(graph))
            result.findings.extend(lint(graph, settings))
            result.audio_prompts += courtesy.audio_prompts(graph)
        result.findings.sort(key=lambda f: f.sort_key)
        result.unchecked_languages = tuple(sorted(unchecked))
        return result

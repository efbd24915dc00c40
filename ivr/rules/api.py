"""What a rule is: the protocol every rule module follows, and how one runs on a file.

A rule is a module with ``ID``, ``SEVERITY``, ``OPTIONS`` (name -> default),
documentation in its docstring (first line: the summary; then What it does /
Why is this bad? / Example / Use instead / Options) and a pure
``check(graph, options)`` generator of :class:`~ivr.model.findings.Problem`.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from ivr.model.findings import Problem, Severity

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["Rule", "RuleSetting", "summary", "documentation"]


class Rule(Protocol):
    ID: str
    SEVERITY: Severity
    OPTIONS: Mapping[str, object]
    __doc__: str | None

    def check(self, graph: nx.DiGraph, options: Mapping[str, object]) -> Iterator[Problem]: ...


@dataclass(frozen=True, slots=True)
class RuleSetting:
    """How a rule runs on a file: its severity and its options (every option, defaults filled in)."""

    severity: Severity
    options: Mapping[str, object]
    #: the severity was set by the configuration: it holds for every finding, even where the rule escalates
    fixed: bool = False


def summary(rule: Rule) -> str:
    """The one-line summary: the first line of the rule's documentation."""
    return (rule.__doc__ or "").strip().splitlines()[0]


def documentation(rule: Rule) -> str:
    """The rule's full documentation, as printed by ``ivr rules ID``."""
    return inspect.cleandoc(rule.__doc__ or "")

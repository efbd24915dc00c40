"""The rule catalogue: one module per rule, one explicit registry.

A rule is a module with ``ID``, ``SEVERITY``, ``OPTIONS`` (name -> default),
documentation in its docstring (first line: the summary; then What it does /
Why is this bad? / Example / Use instead / Options) and a pure
``check(graph, options)`` generator of :class:`~ivr.findings.Problem`.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Protocol

import networkx as nx

from ivr.findings import Problem, Severity
from ivr.rules import (
    closed_without_fallback,
    dead_end,
    deep_human,
    disconnect_on_error,
    duplicate_key,
    inescapable_loop,
    long_prompt,
    missing_greeting,
    missing_repeat_option,
    missing_thanks,
    no_human_option,
    no_input_fallback,
    no_path_to_human,
    nonstandard_key,
    slow_goal,
    slow_human,
    too_deep,
    too_many_options,
    unexplained_suppression,
    unexplained_wait,
    unknown_target,
    unreachable_goal,
    unreachable_node,
    unused_suppression,
)

__all__ = ["Rule", "RuleSetting", "REGISTRY", "default_settings", "summary", "documentation"]


class Rule(Protocol):
    ID: str
    SEVERITY: Severity
    OPTIONS: Mapping[str, object]
    __doc__: str | None

    def check(self, graph: nx.DiGraph, options: Mapping[str, object]) -> Iterator[Problem]: ...


REGISTRY: dict[str, Rule] = {
    rule.ID: rule
    for rule in (
        unknown_target,
        duplicate_key,
        dead_end,
        inescapable_loop,
        no_path_to_human,
        unreachable_node,
        disconnect_on_error,
        unreachable_goal,
        slow_goal,
        no_human_option,
        deep_human,
        slow_human,
        too_many_options,
        too_deep,
        long_prompt,
        nonstandard_key,
        missing_repeat_option,
        no_input_fallback,
        closed_without_fallback,
        missing_greeting,
        unexplained_wait,
        missing_thanks,
        unexplained_suppression,
        unused_suppression,
    )
}


@dataclass(frozen=True, slots=True)
class RuleSetting:
    """How a rule runs on a file: its severity and its options (every option, defaults filled in)."""

    severity: Severity
    options: Mapping[str, object]
    #: the severity was set by the configuration: it holds for every finding, even where the rule escalates
    fixed: bool = False


def default_settings() -> dict[str, RuleSetting]:
    """Every rule with its own severity and default options."""
    return {rule_id: RuleSetting(rule.SEVERITY, dict(rule.OPTIONS)) for rule_id, rule in REGISTRY.items()}


def summary(rule: Rule) -> str:
    """The one-line summary: the first line of the rule's documentation."""
    return (rule.__doc__ or "").strip().splitlines()[0]


def documentation(rule: Rule) -> str:
    """The rule's full documentation, as printed by ``ivr rules ID``."""
    return inspect.cleandoc(rule.__doc__ or "")

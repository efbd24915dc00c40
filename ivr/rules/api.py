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

__all__ = ["Rule", "RuleSetting", "summary", "documentation", "measured", "measured_words", "measured_column"]


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


def measured(rule_id: str) -> tuple[int, int, int] | None:
    """The rule's warnings and errors judged on real files by the field surveys: (true, false, debatable);
    None when no surveyed file gave one (:mod:`ivr.rules.measured`)."""
    from ivr.rules.measured import MEASURED

    return MEASURED.get(rule_id)


def measured_words(rule_id: str, severity: str) -> str:
    """What ``ivr rules ID`` says of the rule's precision on real files, with its figures."""
    from ivr.rules.measured import SURVEYED_FILES, SURVEYED_FORMATS

    figures = measured(rule_id)
    if figures is None:
        if severity == "info":
            return (f"Measured on real files: its findings are infos, which the field surveys ({SURVEYED_FILES} "
                    f"files: {SURVEYED_FORMATS}) do not judge.")
        return (f"Measured on real files: none of the {SURVEYED_FILES} files of the field surveys "
                f"({SURVEYED_FORMATS}) gave it yet.")
    true, false, debatable = figures
    return (f"Measured on real files: right in {true} of {true + false + debatable} warnings and errors judged "
            f"in the field surveys ({false} false, {debatable} debatable; {SURVEYED_FILES} files: "
            f"{SURVEYED_FORMATS}).")


def measured_column(rule_id: str) -> str:
    """The rule's precision on real files in a few characters: ``44/60`` right of judged, ``-`` unmeasured."""
    figures = measured(rule_id)
    return "-" if figures is None else f"{figures[0]}/{sum(figures)}"

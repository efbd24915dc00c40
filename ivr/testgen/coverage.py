"""How much of the menu a suite of tests covers, and why the rest is not covered.

Four figures: the options (a key of a menu), the gotos (a message's or
input's goto, a branch case, ``otherwise``), the nodes the menu defines, and
the error ways (each menu's and input's no input, no match, and ``on_fail``
or the system hanging up). A way counts when a test takes it, a node when a
test arrives at it. Each thing not covered gets its reason: unreachable from
the start, leads to an unknown node, reached only through a caller's
mistake, more moves from the start than a test walks, no wrong key left to
press, retries that never run out.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import networkx as nx

from ivr.graph.build import Via
from ivr.graph.reach import reachable
from ivr.model.menu import Location, Node
from ivr.testgen.paths import TestPath
from ivr.testgen.route import MAX_STEPS, ends_call, from_start
from ivr.testgen.keys import MAX_PATTERN_DIGITS
from ivr.testgen.ways import Way, error_ways, forward_ways, takeable, wrong_key

__all__ = ["Figure", "Missing", "Coverage", "measure", "FIGURES"]

#: The figures, in the order reports give them.
FIGURES = ("options", "gotos", "nodes", "errors")


@dataclass(frozen=True, slots=True)
class Figure:
    covered: int
    total: int

    @property
    def percent(self) -> float:
        return 100.0 * self.covered / self.total if self.total else 100.0


@dataclass(frozen=True, slots=True)
class Missing:
    """Something not covered: which figure it counts in, what it is, where it is written, why."""

    figure: str
    what: str
    location: Location | None
    reason: str


@dataclass(frozen=True, slots=True)
class Coverage:
    figures: dict[str, Figure]
    missing: list[Missing]
    #: (branch node, case) -> ids of the tests that assume it
    assumed: dict[tuple[str, str], list[str]]


def _forward_reach(graph: nx.DiGraph, start: str, pressable_only: bool = True) -> set[str]:
    """Nodes a call reaches from the start without a caller's mistake (by keys it can press)."""
    seen = {start}
    stack = [start]
    while stack:
        node_id = stack.pop()
        if ends_call(graph, node_id):
            continue
        for way in forward_ways(graph, node_id):
            if way.target not in seen and (takeable(way) or not pressable_only):
                seen.add(way.target)
                stack.append(way.target)
    return seen


def measure(graph: nx.DiGraph, paths: Sequence[TestPath]) -> Coverage:
    """The coverage of ``paths`` over ``graph``."""
    start = graph.graph["start"]
    anywhere = reachable(graph, [start]) if start in graph else set()
    forward = _forward_reach(graph, start) if start in graph else set()
    pressed_or_not: list[set[str]] = []  # what _forward_reach finds with any key, worked out once if asked
    taken = {move.way for path in paths for move in path.moves}
    visited = {node_id for path in paths for node_id in path.nodes}
    counts = {name: [0, 0] for name in FIGURES}
    missing: list[Missing] = []

    def count(figure: str, covered: bool, what: str, location: Location | None,
              reason: Callable[[], str]) -> None:
        counts[figure][1] += 1
        if covered:
            counts[figure][0] += 1
        else:
            missing.append(Missing(figure, what, location, reason()))

    def why(source: str, way: Way | None = None) -> str:
        if source not in anywhere:
            return "unreachable: no way from the start leads here"
        if way is not None and not takeable(way):
            return f"no keys choose it: its pattern matches no digits up to {MAX_PATTERN_DIGITS} long"
        if way is not None and graph.nodes[way.target]["kind"] == "missing":
            return f"leads to the unknown node '{way.target}': fix the menu first"
        if source not in forward and not pressed_or_not:
            pressed_or_not.append(_forward_reach(graph, start, pressable_only=False))
        if source not in forward and source in pressed_or_not[0]:
            return "reached only through an option no keys choose (a pattern no digits match)"
        if source not in forward:
            return "reached only after a caller's mistake (on_fail, no_input, no_match), and no test goes on to it"
        if source not in from_start(graph).came:
            return f"more than {MAX_STEPS} moves from the start: no test walks that far (a call would take too long)"
        return "no test takes it"

    for node_id, model in graph.nodes(data="node"):
        if model is None:
            continue
        count("nodes", node_id in visited, f"node '{node_id}'", model.location, lambda: why(node_id))
        for way in forward_ways(graph, node_id):
            figure = "options" if way.via is Via.OPTION else "gotos"
            count(figure, way in taken, str(way), _where(model, way), lambda: why(node_id, way))
        for way in error_ways(graph, node_id):
            count("errors", way in taken, str(way), model.location, lambda: _error_reason(graph, way, why))
    assumed: dict[tuple[str, str], list[str]] = {}
    for path in paths:
        for branch in path.assumes:
            assumed.setdefault(branch, []).append(path.id)
    figures = {name: Figure(*counts[name]) for name in FIGURES}
    return Coverage(figures, missing, dict(sorted(assumed.items())))


def _where(model: Node, way: Way) -> Location | None:
    if way.via is Via.OPTION and way.key is not None:
        return model.options[way.key].location
    if way.via is Via.GOTO and model.goto is not None:
        return model.goto.location
    if way.via is Via.OTHERWISE and model.otherwise is not None:
        return model.otherwise.location
    for branch in model.branches:
        if branch.when == way.when:
            return branch.location
    return model.location


def _error_reason(graph: nx.DiGraph, way: Way, why: Callable[..., str]) -> str:
    model = graph.nodes[way.source]["node"]
    if way.via is Via.NO_MATCH and model.type == "menu" and wrong_key(model) is None:
        return "every key of the keypad is an option: there is no wrong key to press"
    if way.via in (Via.NO_INPUT, Via.NO_MATCH) and way.target == way.source and max(model.retries or 0, 1) == 1:
        return f"retries {model.retries}: the first failure already goes where the retries run out"
    if way.via in (Via.ON_FAIL, Via.DISCONNECT):
        leave = [ref.target for ref in (model.no_input, model.no_match) if ref is not None and ref.target != way.source]
        if len(leave) == 2 or (len(leave) == 1 and model.type == "menu" and wrong_key(model) is None):
            return "the retries never run out: the failures lead away from the node, and the count starts again " \
                   "when the caller comes back"
    return why(way.source, way)

"""The suite of tests of one menu: intent calls, coverage calls and error calls, with their coverage."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from ivr.simulation import Callers, intents_of
from ivr.testgen.coverage import Coverage, measure
from ivr.testgen.cover import coverage_paths
from ivr.testgen.errors import error_paths
from ivr.testgen.hearing import languages
from ivr.testgen.likely import likely_path
from ivr.testgen.paths import Kind, TestPath, Walk
from ivr.testgen.ways import Act

__all__ = ["Suite", "build_suite", "replies"]


@dataclass(frozen=True, slots=True)
class Suite:
    """Every test of a menu, in order: intents as declared, coverage, errors in the order of the file."""

    name: str
    file: str
    paths: list[TestPath]
    coverage: Coverage
    languages: list[str]
    #: intents none of whose goals a call can reach (no test)
    unreached_intents: list[str]
    #: True when the menu declares no intents and the implied one (reach a person) was used
    implied_intent: bool


def replies(path: TestPath) -> list[str]:
    """What the caller sends at each step: keys and digits, ``silence`` for nothing."""
    return ["silence" if m.act is Act.SILENCE else m.reply for m in path.moves if m.act is not Act.AUTO]


def _titled(path: TestPath) -> TestPath:
    sent = replies(path)
    title = f"{path.title}: {', '.join(sent)} -> {path.end}" if sent else f"{path.title}: -> {path.end}"
    return TestPath(path.id, path.kind, title, path.start, path.moves, path.assumes, path.note)


def build_suite(graph: nx.DiGraph, callers: Callers = Callers()) -> Suite:
    """The tests of ``graph``: (a) the likeliest call of each intent with ``callers``, (c) the error
    calls of every menu and input, (b) coverage calls for the options and gotos neither took."""
    start = graph.graph["start"]
    intents, implied = intents_of(graph)
    intent_paths: list[TestPath] = []
    unreached: list[str] = []
    for name, intent in intents.items():
        found = likely_path(graph, [goal.target for goal in intent.goals], callers)
        if found is None:
            unreached.append(name)
            continue
        moves, chance = found
        walk = Walk(start)
        for move in moves:
            walk.take(move)
        note = (f"The likeliest call of intent '{name}': {chance:.1%} of its callers take exactly these steps "
                f"to its goal '{walk.at}'.")
        intent_paths.append(walk.path(f"intent-{name}", Kind.INTENT, f"Intent {name}", note))
    errors = error_paths(graph)
    taken = {move.way for path in intent_paths + errors for move in path.moves}
    covering = coverage_paths(graph, taken, prefixes=errors)
    paths = [_titled(p) for p in intent_paths + covering + errors]
    return Suite(graph.graph["name"], graph.graph["file"], paths, measure(graph, paths), languages(graph),
                 unreached, implied)

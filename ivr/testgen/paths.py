"""A test is a path through the menu: the moves of one call from the start, cut into steps.

A :class:`TestPath` holds the moves of one call; :func:`steps` cuts them
where the caller answers a prompt: the first step is dialling, each further
step begins with the caller's act (a key, an entry, silence) and holds the
nodes the call then arrives at, up to the next prompt to answer or the end
of the call. Writers turn each step into an interaction of their format.

Branches are decided by the system (opening hours, a queue's state); a path
through one assumes a case, recorded in ``assumes``, and a call keeps to the
case it assumed when it comes back to the branch.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

import networkx as nx

from ivr.graph.build import Via
from ivr.model.menu import Node
from ivr.testgen.ways import CALLER_ACTS, Act, Move, Way, forward_ways

__all__ = ["Kind", "TestPath", "Step", "steps", "OTHERWISE", "case_of", "auto_way", "is_automatic",
           "branch_shares", "Walk"]

#: The case name recorded for a branch's ``otherwise``.
OTHERWISE = "otherwise"


class Kind(StrEnum):
    INTENT = "intent"  # the most likely call of a declared intent
    COVERAGE = "coverage"  # takes options and gotos no earlier test took
    ERROR = "error"  # no input, or a wrong key, until the retries run out


@dataclass(frozen=True, slots=True)
class TestPath:
    """One test: a call from ``start`` through ``moves``."""

    id: str
    kind: Kind
    title: str
    start: str
    moves: tuple[Move, ...]
    #: (branch node, case assumed: its ``when``, or "otherwise"), in the order the call meets them
    assumes: tuple[tuple[str, str], ...] = ()
    #: what the test checks, in a sentence (its intent and goal, where the caller ends up)
    note: str = ""

    @property
    def nodes(self) -> list[str]:
        """Every node the call arrives at, the start first."""
        return [self.start, *(move.way.target for move in self.moves)]

    @property
    def end(self) -> str:
        return self.moves[-1].way.target if self.moves else self.start


@dataclass(frozen=True, slots=True)
class Step:
    """The caller's act (``None``: dialling), at node ``at``, and the nodes the call arrives at after it."""

    act: Act | None
    reply: str
    at: str | None
    heard: tuple[str, ...]


def steps(path: TestPath) -> list[Step]:
    """The steps of ``path``: dialling, then one per act of the caller."""
    result: list[Step] = []
    act: Act | None = None
    reply, at = "", None
    heard: list[str] = [path.start]
    for move in path.moves:
        if move.act in CALLER_ACTS:
            result.append(Step(act, reply, at, tuple(heard)))
            act, reply, at, heard = move.act, move.reply, move.way.source, []
        heard.append(move.way.target)
    result.append(Step(act, reply, at, tuple(heard)))
    return result


def case_of(way: Way) -> str:
    """The case a branch way stands for."""
    return way.when if way.via is Via.BRANCH and way.when is not None else OTHERWISE


def is_automatic(graph: nx.DiGraph, node_id: str) -> bool:
    """True for nodes the call leaves without the caller: messages and branches."""
    return graph.nodes[node_id]["kind"] in ("message", "branch")


def auto_way(graph: nx.DiGraph, node_id: str, assumes: dict[str, str]) -> Way | None:
    """How the call goes on from a message or branch by itself: a message's goto; a branch's case
    assumed before, else its likeliest case (the first of equals). ``None`` at a dead end."""
    ways = forward_ways(graph, node_id)
    if not ways:
        return None
    if graph.nodes[node_id]["kind"] != "branch":
        return ways[0]
    if node_id in assumes:
        return next((w for w in ways if case_of(w) == assumes[node_id]), None)
    node = graph.nodes[node_id]["node"]
    shares = branch_shares(node)
    best = max(range(len(ways)), key=lambda i: (shares[i], -i))
    return ways[best]


def branch_shares(node: Node) -> list[float]:
    """The chance of each case of a branch (its cases, then ``otherwise``), as the simulation takes them."""
    given = [b.p for b in node.branches if b.never is None] + ([None] if node.otherwise is not None else [])
    known = sum(p for p in given if p is not None)
    unset = sum(1 for p in given if p is None)
    return [p if p is not None else (1.0 - known) / unset for p in given]


@dataclass(slots=True)
class Walk:
    """A call being built: its moves and the branch cases it assumed."""

    start: str
    moves: list[Move] = field(default_factory=list)
    assumes: dict[str, str] = field(default_factory=dict)

    @property
    def at(self) -> str:
        return self.moves[-1].way.target if self.moves else self.start

    def take(self, move: Move) -> None:
        if move.way.via in (Via.BRANCH, Via.OTHERWISE):
            self.assumes.setdefault(move.way.source, case_of(move.way))
        self.moves.append(move)

    def path(self, id: str, kind: Kind, title: str, note: str = "") -> TestPath:
        assumed = tuple(dict.fromkeys((m.way.source, self.assumes[m.way.source]) for m in self.moves
                                      if m.way.via in (Via.BRANCH, Via.OTHERWISE)))
        return TestPath(id, kind, title, self.start, tuple(self.moves), assumed, note)

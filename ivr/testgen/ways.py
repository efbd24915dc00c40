"""The ways out of a node a test can take, and what the caller does to take them.

A :class:`Way` is one reason of one edge of the menu graph (an option, a goto,
a branch case, a failure), named so that coverage can count it. A :class:`Move`
is a way taken in a test, with the caller's act (a key, an entry, silence, a
wrong key) and what they send (``reply``). The test data for inputs is made up
here: placeholder digits of the right length.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import networkx as nx

from ivr.graph.build import DISCONNECT, Via, once_per_graph, undialled_keys
from ivr.model.menu import PROMPTED_TYPES, Fallback, Node
from ivr.testgen.keys import keys_for, matches_key

__all__ = ["Act", "Way", "Move", "forward_ways", "error_ways", "entry_digits", "invalid_entry", "wrong_key",
           "after_failure", "forward_move", "takeable", "CALLER_ACTS", "KEYPAD", "DEFAULT_ENTRY_LENGTH"]

#: The keys of a phone keypad, in the order a wrong key is chosen from.
KEYPAD = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "*", "#")
#: Digits entered at an input that gives neither ``min_digits`` nor ``max_digits``.
DEFAULT_ENTRY_LENGTH = 4


class Act(StrEnum):
    """What the caller does to take a way."""

    AUTO = "auto"  # nothing: a message goes on, the system takes a branch or ends the call
    PRESS = "press"  # a menu option's key
    ENTER = "enter"  # valid digits at an input
    SILENCE = "silence"  # nothing, until the menu's timeout
    WRONG_KEY = "wrong_key"  # a key that is no option
    INVALID = "invalid"  # digits an input does not take


#: Acts by which the caller answers a prompt: each starts a new step of a test.
CALLER_ACTS = frozenset({Act.PRESS, Act.ENTER, Act.SILENCE, Act.WRONG_KEY, Act.INVALID})


@dataclass(frozen=True, slots=True)
class Way:
    """One way on from ``source``: ``via`` with its option ``key`` or branch condition ``when``."""

    source: str
    target: str
    via: Via
    key: str | None = None
    when: str | None = None

    def __str__(self) -> str:
        if self.via is Via.OPTION:
            return f"{self.source} key {self.key} -> {self.target}"
        if self.via is Via.BRANCH:
            return f"{self.source} when {self.when!r} -> {self.target}"
        return f"{self.source} {self.via} -> {self.target}"


@dataclass(frozen=True, slots=True)
class Move:
    """A way taken in a test: the caller's act and what they send (keys, digits; empty for none)."""

    way: Way
    act: Act
    reply: str = ""


def forward_ways(graph: nx.DiGraph, node_id: str) -> list[Way]:
    """The ways on when all goes right, in the order the file declares them (worked out once per graph;
    do not change the list)."""
    return _forward_index(graph)[node_id]


@once_per_graph
def _forward_index(graph: nx.DiGraph) -> dict[str, list[Way]]:
    return {node_id: _forward(node_id, node, undialled_keys(graph, node_id)) for node_id, node in graph.nodes(data="node")}


def _forward(node_id: str, node: Node | None, undialled: frozenset[str]) -> list[Way]:
    if node is None:
        return []
    # not the ways no call can take (the graph's never_taken): an option no caller can dial, a case that never holds
    ways = [Way(node_id, option.goto.target, Via.OPTION, key=key) for key, option in node.options.items()
            if key not in undialled]
    if node.goto is not None:
        ways.append(Way(node_id, node.goto.target, Via.GOTO))
    ways += [Way(node_id, branch.goto.target, Via.BRANCH, when=branch.when) for branch in node.branches
             if branch.never is None]
    if node.otherwise is not None:
        ways.append(Way(node_id, node.otherwise.target, Via.OTHERWISE))
    return ways


def _handler(node: Node, via: Via) -> Way:
    """Where a failure goes before the last try: its handler, else the reader's fallback (the graph's
    rules: the node replays, or the system hangs up)."""
    if via is Via.NO_INPUT:
        ref, fallback = node.no_input, node.when_no_input
    else:
        ref, fallback = node.no_match, node.when_no_match
    if ref is not None:
        return Way(node.id, ref.target, via)
    if fallback is Fallback.DISCONNECT:
        return Way(node.id, DISCONNECT, via)
    return Way(node.id, node.id, via)


def _given_up(node: Node) -> Way | None:
    """Where the last failure goes: ``on_fail``; else the system hangs up, unless the reader says the
    node replays (``None``: no way of its own)."""
    if node.on_fail is not None:
        return Way(node.id, node.on_fail.target, Via.ON_FAIL)
    if node.when_failed is Fallback.REPLAY:
        return None
    return Way(node.id, DISCONNECT, Via.DISCONNECT)


def error_ways(graph: nx.DiGraph, node_id: str) -> list[Way]:
    """A menu's or input's ways after a mistake, as the graph has them: no input, no match (their
    handlers, or the fallbacks the reader gives: replay the node, hang up), and where the caller goes
    when the retries run out (``on_fail``, else the system hangs up)."""
    node: Node | None = graph.nodes[node_id]["node"]
    if node is None or node.type not in PROMPTED_TYPES:
        return []
    ways = [_handler(node, Via.NO_INPUT), _handler(node, Via.NO_MATCH)]
    given_up = _given_up(node)
    return ways + [given_up] if given_up is not None else ways


def _digits(count: int) -> str:
    return ("1234567890" * (count // 10 + 1))[:count]


def entry_digits(node: Node) -> str:
    """Placeholder test data for an input: ``min_digits`` digits (else ``max_digits``, else
    :data:`DEFAULT_ENTRY_LENGTH`), with ``#`` to end the entry unless it is as long as it can be."""
    length = node.min_digits or node.max_digits or DEFAULT_ENTRY_LENGTH
    ends = "" if node.max_digits is not None and length >= node.max_digits else "#"
    return _digits(length) + ends


def invalid_entry(node: Node) -> str:
    """An entry the input must refuse: one digit fewer than ``min_digits``, and ``#``; an empty entry
    (``#`` alone) when one digit is enough or the input gives no ``min_digits``."""
    return _digits(max((node.min_digits or 1) - 1, 0)) + "#"


def wrong_key(node: Node) -> str | None:
    """The first key of the keypad that chooses no option of ``node``; ``None`` when every key does."""
    return next((key for key in KEYPAD if not any(matches_key(option, key) for option in node.options)), None)


def after_failure(node: Node, attempts: int, via: Via) -> tuple[Way, int]:
    """Where a failure (``via`` no input or no match) at ``node`` leads, after ``attempts`` failures there,
    and the failures counted after it: the rules of the simulation (:mod:`ivr.simulation.chain`).

    A failure whose fallback is to hang up does so at once. The last try (``retries``; 0 and 1 both
    mean the first) goes to ``on_fail``, or the system hangs up (or, when the reader says so, the node
    replays and the count starts again); before it, the node replays (its own handler, or none and
    the fallback is to replay) or the handler takes the caller elsewhere, where the count starts again.
    """
    handler = _handler(node, via)
    if handler.target == DISCONNECT:
        return handler, 0
    if attempts + 1 >= max(node.retries or 0, 1):
        return _given_up(node) or Way(node.id, node.id, via), 0
    if handler.target == node.id:
        return handler, attempts + 1
    return handler, 0


def takeable(way: Way) -> bool:
    """False for an option no keys choose (a pattern no digit string matches): no test can take it."""
    return way.via is not Via.OPTION or keys_for(way.key or "") is not None


def forward_move(graph: nx.DiGraph, way: Way) -> Move:
    """The move that takes a forward way: press its key, enter digits at an input, or nothing."""
    if way.via is Via.OPTION:
        return Move(way, Act.PRESS, keys_for(way.key or "") or "")
    node = graph.nodes[way.source]["node"]
    if way.via is Via.GOTO and node is not None and node.type == "input":
        return Move(way, Act.ENTER, entry_digits(node))
    return Move(way, Act.AUTO)

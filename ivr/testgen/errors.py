"""Error calls: at every menu and input, no input, and a wrong key, until the retries run out.

Each call takes the fewest moves from the start to the node, then does
nothing (or presses a key that is no option, or enters too few digits) again
and again, as long as the node replays: the failures count up until the
last try sends the caller to ``on_fail``, or the system hangs up. From there
the call goes on by itself through messages and branches (a branch's
likeliest case) and ends at the next prompt to answer or the end of the
call: where the caller ends up is what the test checks. When a failure's
handler leads elsewhere and back, the count starts again (as in the
simulation): the call ends back at the node, and the note says the retries
never run out. The failures follow the reader's fallbacks as the graph does
(a failure without a handler may hang up at once; running out of tries may
replay the node).
"""

from __future__ import annotations

import networkx as nx

from ivr.graph.build import Via
from ivr.model.menu import Node
from ivr.testgen.paths import Kind, TestPath, Walk, auto_way, is_automatic
from ivr.testgen.route import MAX_STEPS, from_start
from ivr.testgen.ways import Act, Move, after_failure, forward_move, invalid_entry, wrong_key

__all__ = ["error_paths", "prefix_to"]


def prefix_to(graph: nx.DiGraph, node_id: str) -> Walk | None:
    """A call from the start to ``node_id`` by the fewest moves; ``None`` when none leads there."""
    walk = Walk(graph.graph["start"])
    found = from_start(graph).to(node_id)
    if found is None:
        return None
    for way in found:
        walk.take(forward_move(graph, way))
    return walk


def _failures(node: Node) -> list[tuple[Via, Act, str, str]]:
    """(failure, act, reply, name) for the calls to make at ``node``."""
    result = [(Via.NO_INPUT, Act.SILENCE, "", "no-input")]
    if node.type == "input":
        result.append((Via.NO_MATCH, Act.INVALID, invalid_entry(node), "invalid-entry"))
    else:
        key = wrong_key(node)
        if key is not None:
            result.append((Via.NO_MATCH, Act.WRONG_KEY, key, "wrong-key"))
    return result


def _go_on(graph: nx.DiGraph, walk: Walk) -> None:
    """Follow messages and branches from where the call is, until a prompt to answer or the end."""
    seen = {walk.at}
    while is_automatic(graph, walk.at):
        way = auto_way(graph, walk.at, walk.assumes)
        if way is None:
            return
        walk.take(Move(way, Act.AUTO))
        if walk.at in seen:
            return
        seen.add(walk.at)


def error_paths(graph: nx.DiGraph) -> list[TestPath]:
    """The error calls of every menu and input a call can reach, in the order the file declares them;
    then those of the menus and inputs only a caller's mistake leads to, going on from the error call
    that ends there (a fallback menu after ``on_fail``)."""
    paths: list[TestPath] = []
    prompted = [(node_id, model) for node_id, model in graph.nodes(data="node")
                if model is not None and model.type in ("menu", "input")]
    later = {node_id for node_id, _ in prompted if from_start(graph).to(node_id) is None}
    ordered = [p for p in prompted if p[0] not in later] + [p for p in prompted if p[0] in later]
    first_ending: dict[str, TestPath] = {}  # node -> the first error call that ends there
    for node_id, model in ordered:
        arriving = first_ending.get(node_id) if node_id in later else None
        for via, act, reply, name in _failures(model):
            walk = prefix_to(graph, node_id)
            if walk is None and arriving is not None and len(arriving.moves) <= MAX_STEPS:
                walk = Walk(arriving.start, list(arriving.moves), dict(arriving.assumes))
            if walk is None:
                break
            attempts, seen, tries = 0, {(node_id, 0)}, 0
            while True:
                way, attempts = after_failure(model, attempts, via)
                walk.take(Move(way, act, reply))
                tries += 1
                _go_on(graph, walk)
                if walk.at != node_id or (node_id, attempts) in seen:
                    break
                seen.add((node_id, attempts))
            what = "nothing" if act is Act.SILENCE else reply
            if walk.at == node_id:
                through = f" through '{way.target}'" if way.target != node_id else ""
                ending = f"back at '{node_id}'{through}, where the count starts again: the retries never run out"
            else:
                ending = f"at '{walk.at}'"
            note = f"At '{node_id}' the caller answers {what} {tries} time{'s' if tries > 1 else ''}; " \
                   f"the call ends up {ending}."
            paths.append(walk.path(f"{name}-{node_id}", Kind.ERROR, f"{name.replace('-', ' ').capitalize()} "
                                   f"at {node_id}", note))
            first_ending.setdefault(paths[-1].end, paths[-1])
    return paths


"""The menu graph (stage 2): a ``networkx.DiGraph`` that is the only input of the analyses.

Nodes are the menu's node ids, with these attributes:

``kind``
    the node type (``menu``, ``transfer``, ``external``, ...), or ``disconnect``
    for the synthetic :data:`DISCONNECT` node where the system ends a call, or
    ``missing`` for an id that is referenced but never defined.
``node``
    the :class:`~ivr.model.menu.Node` (``None`` for synthetic and missing nodes).
``location``
    where the node is defined (``None`` for synthetic and missing nodes).

Every edge carries ``reasons``: the list of :class:`Reason` why a call can go
that way (one edge can have several: option 0 and ``on_fail`` both leading to
the agents; a transfer's ``if_failed`` is a ``transfer_failed`` reason, labelled
with the outcomes that take it). Graph attributes: ``name``, ``file``, ``start``,
``start_location``, ``language``, ``intents`` (name -> :class:`~ivr.model.menu.Intent`)
``duplicates``, ``unread`` (lines the platform skips), ``never_runs`` (content no call runs), ``uncaught`` (events nothing catches), ``undeclared`` (variables nothing declares), ``never_taken`` (ways no call can
take: an option no caller can dial, a branch case that never holds; no edge is made for them, so nothing is reached
through them) and ``ignore`` (the file's suppressions).

A graph is not changed once built, so an analysis that several rules need can
be worked out once per graph with :func:`once_per_graph`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, TypeVar

from ivr.model.keys import undialable
from ivr.model.menu import PROMPTED_TYPES, Fallback, Location, Menu, Node, Ref

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "once_per_graph",
    "Via",
    "Reason",
    "DISCONNECT",
    "FORWARD",
    "FAILURE",
    "TERMINAL_KINDS",
    "build_graph",
    "is_defined",
    "name_of",
    "format_of",
]

#: Id of the synthetic node for "the system ends the call". Readers can never produce it: the shared
#: model checks (:mod:`ivr.formats.checks`) refuse ids with ``<`` or ``>`` from every format.
DISCONNECT = "<disconnect>"


class Via(StrEnum):
    """Why an edge exists."""

    OPTION = "option"  # the caller pressed a key
    GOTO = "goto"  # a message or input goes on
    BRANCH = "branch"  # a branch condition held
    OTHERWISE = "otherwise"  # no branch condition held
    NO_INPUT = "no_input"  # the caller said nothing
    NO_MATCH = "no_match"  # the caller pressed a wrong key or entered invalid digits
    ON_FAIL = "on_fail"  # retries ran out
    DISCONNECT = "disconnect"  # retries ran out and no on_fail: the system hangs up
    TRANSFER_FAILED = "transfer_failed"  # a transfer did not reach a person (busy, no answer): Node.if_failed


#: Ways on that the caller or system takes when things go right.
FORWARD = frozenset({Via.OPTION, Via.GOTO, Via.BRANCH, Via.OTHERWISE})
#: Ways taken after a caller's mistake or silence. (``Via.TRANSFER_FAILED`` is neither: the platform takes it
#: when a transfer does not reach a person.)
FAILURE = frozenset({Via.NO_INPUT, Via.NO_MATCH, Via.ON_FAIL, Via.DISCONNECT})
#: Node kinds where the IVR part of a call ends. ``external`` is a hand-off the analysis cannot follow:
#: an end that is neither a person nor a hangup.
TERMINAL_KINDS = frozenset({"transfer", "voicemail", "hangup", "disconnect", "external"})


@dataclass(frozen=True, slots=True)
class Reason:
    """One reason for an edge: its kind, where it is written, the key for options.

    ``implicit`` reasons are defaults not written in the file (a menu that
    replays itself on a wrong key); their location is the node's.
    """

    via: Via
    location: Location
    key: str | None = None
    label: str | None = None
    implicit: bool = False


def name_of(graph: nx.DiGraph, node_id: str) -> str:
    """How messages name a node: its label (readers give one where ids are not for people, as UUIDs), else its id."""
    node = graph.nodes[node_id]["node"] if node_id in graph else None
    return node.name if node is not None else node_id


def format_of(graph: nx.DiGraph, node_id: str) -> str:
    """The source format of a node (``yaml``, ``freeswitch``): fix advice speaks the language the user reads."""
    node = graph.nodes[node_id]["node"] if node_id in graph else None
    return node.format if node is not None else graph.graph.get("format", "yaml")


def is_defined(graph: nx.DiGraph, node_id: str) -> bool:
    """True for nodes declared in the menu file (not synthetic, not missing)."""
    return graph.nodes[node_id]["node"] is not None


def _link(graph: nx.DiGraph, source: str, target: str, reason: Reason, hint: str | None = None) -> None:
    if target not in graph:
        graph.add_node(target, kind="missing", node=None, location=None)
    if hint is not None and graph.nodes[target]["kind"] == "missing":
        graph.nodes[target]["hint"] = hint  # the reader's guess at what was meant (unknown-target says it)
    data = graph.get_edge_data(source, target)
    if data is None:
        graph.add_edge(source, target, reasons=[reason])
    else:
        data["reasons"].append(reason)


def _link_ref(graph: nx.DiGraph, source: str, ref: Ref | None, via: Via) -> None:
    if ref is not None:
        _link(graph, source, ref.target, Reason(via, ref.location), ref.hint)


def _add_edges(graph: nx.DiGraph, node: Node) -> None:
    nid = node.id
    never = graph.graph["never_taken"]
    for option in node.options.values():
        reason = Reason(Via.OPTION, option.goto.location, key=option.key, label=option.label)
        if undialable(option.key, node.max_digits) is not None:
            never.append((nid, option.goto.target, reason))  # no caller can dial it (unmatchable-option says so)
            continue
        _link(graph, nid, option.goto.target, reason, option.goto.hint)
    _link_ref(graph, nid, node.goto, Via.GOTO)
    for branch in node.branches:
        reason = Reason(Via.BRANCH, branch.goto.location, label=branch.when)
        if branch.never is not None:
            never.append((nid, branch.goto.target, reason))  # its case never holds (unsatisfiable-condition says so)
            continue
        _link(graph, nid, branch.goto.target, reason)
    _link_ref(graph, nid, node.otherwise, Via.OTHERWISE)
    if node.type == "transfer" and node.if_failed is not None:
        # the way a transfer takes when it reaches no person, labelled with the outcomes that take it
        failed = node.if_failed
        _link(graph, nid, failed.target, Reason(Via.TRANSFER_FAILED, failed.location,
                                                label=", ".join(node.failed_when) or None), failed.hint)
    if node.type not in PROMPTED_TYPES:
        return
    # what happens when the source names no target is the reader's statement (Node.when_*), not ours
    for via, ref, fallback in ((Via.NO_INPUT, node.no_input, node.when_no_input),
                               (Via.NO_MATCH, node.no_match, node.when_no_match)):
        if ref is not None:
            _link_ref(graph, nid, ref, via)
        elif fallback is Fallback.REPLAY:
            _link(graph, nid, nid, Reason(via, node.location, implicit=True))
        elif fallback is Fallback.DISCONNECT:
            _disconnect(graph, nid, Reason(via, node.location, implicit=True))
    if node.on_fail is not None:
        _link_ref(graph, nid, node.on_fail, Via.ON_FAIL)
    elif node.when_failed is Fallback.DISCONNECT:
        _disconnect(graph, nid, Reason(Via.DISCONNECT, node.location, implicit=True))


def _disconnect(graph: nx.DiGraph, source: str, reason: Reason) -> None:
    if DISCONNECT not in graph:
        graph.add_node(DISCONNECT, kind="disconnect", node=None, location=None)
    _link(graph, source, DISCONNECT, reason)


def build_graph(menu: Menu) -> nx.DiGraph:
    """The graph of ``menu``; ids that are referenced but not defined become ``missing`` nodes."""
    import networkx as nx  # noqa: PLC0415 (what only lists or reads the rules never loads networkx)

    graph = nx.DiGraph(
        name=menu.name,
        file=menu.file,
        files=menu.files or (menu.file,),
        format=menu.format,
        start=menu.start.target,
        start_location=menu.start.location,
        language=menu.language,
        intents=dict(menu.intents),
        duplicates=list(menu.duplicates),
        unread=list(menu.unread),
        never_runs=list(menu.never_runs),
        uncaught=list(menu.uncaught),
        undeclared=list(menu.undeclared),
        ignore=dict(menu.ignore),
        # ways no call can take: an option no caller can dial, a case that never holds, as (source, target, reason);
        # not edges (nothing is reached through them), kept for the rules that report them and for the diagram
        never_taken=[],
        staffing=menu.staffing,  # the queues' staffing as the reader read it (the rule slow-answer)
        routing=menu.routing,  # no caller menu: only the rules of how it is written (ivr.rules.registry.ROUTING)
        agent_ends_it=menu.agent_ends_it,  # the platform ends it when an agent answers: its loops are the wait
        part_of=menu.part_of,  # a part other flows run (a Connect flow module): no-path-to-human cannot tell
    )
    graph.add_nodes_from(
        (node.id, {"kind": node.type, "node": node, "location": node.location})
        for node in menu.nodes.values()
    )
    for node in menu.nodes.values():
        _add_edges(graph, node)
    if menu.start.target not in graph:
        graph.add_node(menu.start.target, kind="missing", node=None, location=None)
    return graph


_T = TypeVar("_T")


def once_per_graph(function: Callable[[nx.DiGraph], _T]) -> Callable[[nx.DiGraph], _T]:
    """``function(graph)`` worked out once per graph and kept while the graph lives.

    For analyses several rules share; callers must not change what it returns.
    The results are kept in the graph object's own attributes (as networkx's
    cached properties are), so they go with it; asking again is two dict
    lookups (rules ask some of these for every node: issue 25).
    """

    @functools.wraps(function)
    def once(graph: nx.DiGraph) -> _T:
        kept = graph.__dict__.get(_KEPT)
        if kept is None:
            kept = graph.__dict__[_KEPT] = {}
        try:
            return kept[once]
        except KeyError:
            kept[once] = result = function(graph)
            return result

    return once


#: The attribute of a graph object that holds what :func:`once_per_graph` worked out for it.
_KEPT = "_ivr_once_per_graph"


def undialled_keys(graph: nx.DiGraph, node_id: str) -> frozenset[str]:
    """The option keys of ``node_id`` that no caller can dial (the graph's ``never_taken`` options, worked out once
    when the graph was built): the simulation and the generated tests leave them out as the edges do."""
    return _undialled(graph).get(node_id, frozenset())


@once_per_graph
def _undialled(graph: nx.DiGraph) -> dict[str, frozenset[str]]:
    found: dict[str, set[str]] = {}
    for source, _, reason in graph.graph.get("never_taken", ()):
        if reason.via is Via.OPTION and reason.key is not None:
            found.setdefault(source, set()).add(reason.key)
    return {node_id: frozenset(keys) for node_id, keys in found.items()}

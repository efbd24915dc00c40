"""Compare two versions of a menu (an analysis): what changed, and whether callers are worse off.

``compare(old, new)`` takes both sides as analysed by :mod:`ivr.pipeline` (menu,
graph, findings and simulation, the same callers, calls and seed on both) and
lists the nodes added, removed and changed (each :class:`Difference` as data,
before and after: :mod:`ivr.present.diff` words it for a reviewer), the
findings introduced and fixed, and per intent the simulated resolved rate,
reached-human rate and mean time on both sides. ``regressions(diff, thresholds)``
(from :mod:`~ivr.compare.verdict`) says which changes make callers worse off by more than the thresholds.

Locations never count as changes: a version that only moves lines, reorders
nodes or reformats the YAML compares equal. To that end the old side is
analysed with the nodes and intents in the new side's order
(:func:`ordered_like`), so that equal menus draw the same random numbers and
give exactly the same figures.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Protocol

import networkx as nx

from ivr.compare.matching import finding_changes, finding_key
from ivr.model.findings import Finding
from ivr.model.menu import Location, Menu, Node
from ivr.compare.verdict import NOISE_SIGMAS, Regression, Thresholds, regressions, worst_first
from ivr.simulation import IntentResult, Simulation, intents_of

__all__ = ["Difference", "Value", "REFERENCES", "NodeChange", "IntentChange", "MenuDiff", "Thresholds",
           "Regression", "compare", "regressions", "finding_key", "finding_changes", "node_differences",
           "ordered_like", "Side", "NOISE_SIGMAS"]

#: A plain value on one side of a :class:`Difference`: a node id, a text, a number, an intent's goals.
Value = str | int | float | tuple[str, ...] | None


@dataclass(frozen=True, slots=True)
class Difference:
    """One thing that differs between two versions of a node or a menu, as data: :mod:`ivr.present.diff` words it.

    ``field`` names what differs. On a node: ``type``; ``prompt``; ``option``
    (where it leads) and ``option label``; ``goto``, ``no_input``,
    ``no_match``, ``on_fail`` and ``otherwise`` (where they lead); ``branch``
    (where it leads), ``branch probability`` and ``branches order`` (the
    same cases in another order: the conditions in turn); and the scalars
    ``retries``, ``timeout``, ``duration``, ``min_digits``, ``max_digits``,
    ``queue``, ``number`` and ``mailbox``. On the menu: ``name``, ``start``,
    ``language``, ``intent`` (added or removed: its goals), ``intent goal``
    and ``intent share``.

    ``key`` tells which one where a field has several: an option's key, a
    branch's condition, a prompt's language code (``""`` for a prompt in no
    named language), an intent's name; else None. ``before`` and ``after``
    are the plain values on each side (node ids for where things lead), None
    where absent.
    """

    field: str
    key: str | None
    before: Value
    after: Value


@dataclass(frozen=True, slots=True)
class NodeChange:
    """A node on both sides that differs: where it is now, and each difference (:func:`node_differences`)."""

    node: str
    location: Location
    differences: tuple[Difference, ...]


@dataclass(frozen=True, slots=True)
class IntentChange:
    """One intent's simulated figures before and after (``None`` on the side that lacks the intent)."""

    name: str
    before: IntentResult | None
    after: IntentResult | None
    #: a goal of the intent is a transfer: reaching a person is what these callers want, not a fallback
    wants_person: bool = True

    def change(self, key: str) -> float | None:
        if self.before is None or self.after is None:
            return None
        return getattr(self.after, key) - getattr(self.before, key)


@dataclass(slots=True)
class MenuDiff:
    old: str  # the old side's name (file, or REV:PATH)
    new: str
    name: str  # the menu's name on the new side
    menu_differences: list[Difference]  # the menu's own fields: name, start, language, intents declared
    added: list[Node]
    removed: list[Node]
    changed: list[NodeChange]
    introduced: list[Finding]
    fixed: list[Finding]
    intents: list[IntentChange]  # worst regression first, no change last (verdict.worst_first)
    before: Simulation
    after: Simulation
    #: what the order of ``intents`` and :func:`regressions` judge by
    thresholds: Thresholds = Thresholds()

    @property
    def unchanged(self) -> bool:
        return not (self.menu_differences or self.added or self.removed or self.changed)


# --- nodes ---------------------------------------------------------------------------------------------------

_SCALARS = ("retries", "timeout", "duration", "min_digits", "max_digits", "queue", "number", "mailbox")
#: the fields of a node that lead to another node (each a Ref, or None)
REFERENCES = ("goto", "no_input", "no_match", "on_fail", "otherwise")


def _retarget(field: str, key: str | None, was: str | None, now: str | None) -> list[Difference]:
    """Where ``field`` (an option, a reference, a branch) leads, if that changed: added, removed or elsewhere."""
    return [] if was == now else [Difference(field, key, was, now)]


def _prompt_differences(old: Node, new: Node) -> list[Difference]:
    before = old.prompt.texts if old.prompt else {}
    after = new.prompt.texts if new.prompt else {}
    # a text that only wraps differently is the same text
    return [Difference("prompt", language, before.get(language), after.get(language))
            for language in sorted(set(before) | set(after))
            if language not in before or language not in after
            or before[language].split() != after[language].split()]


def _option_differences(old: Node, new: Node) -> list[Difference]:
    found = []
    for key in sorted(set(old.options) | set(new.options)):
        was, now = old.options.get(key), new.options.get(key)
        found += _retarget("option", key, None if was is None else was.goto.target,
                           None if now is None else now.goto.target)
        if was is not None and now is not None and was.label != now.label:
            found.append(Difference("option label", key, was.label, now.label))
    return found


def _branch_differences(old: Node, new: Node) -> list[Difference]:
    before = [(b.when, b.goto.target, b.p) for b in old.branches]
    after = [(b.when, b.goto.target, b.p) for b in new.branches]
    if before == after:
        return []
    old_by_when = {when: (target, p) for when, target, p in before}
    new_by_when = {when: (target, p) for when, target, p in after}
    found = []
    for when, target, p in before:
        if when not in new_by_when:
            found += _retarget("branch", when, target, None)
    for when, target, p in after:
        was_target, was_p = old_by_when.get(when, (None, None))
        found += _retarget("branch", when, was_target, target)
        if when in old_by_when and was_p != p:
            found.append(Difference("branch probability", when, was_p, p))
    if not found:  # the same cases in another order: the first that holds is taken
        found.append(Difference("branches order", None, tuple(w for w, _, _ in before),
                                tuple(w for w, _, _ in after)))
    return found


def node_differences(old: Node, new: Node) -> list[Difference]:
    """What differs between two versions of a node, each a :class:`Difference`; locations do not count."""
    found = []
    if old.type != new.type:
        found.append(Difference("type", None, old.type, new.type))
    found += _prompt_differences(old, new)
    found += _option_differences(old, new)
    for field in REFERENCES:
        was, now = getattr(old, field), getattr(new, field)
        found += _retarget(field, None, None if was is None else was.target, None if now is None else now.target)
    found += _branch_differences(old, new)
    for field in _SCALARS:
        was, now = getattr(old, field), getattr(new, field)
        if was != now:
            found.append(Difference(field, None, was, now))
    return found


def _menu_differences(old: Menu, new: Menu) -> list[Difference]:
    found = []
    if old.name != new.name:
        found.append(Difference("name", None, old.name, new.name))
    if old.start.target != new.start.target:
        found.append(Difference("start", None, old.start.target, new.start.target))
    if old.language != new.language:
        found.append(Difference("language", None, old.language, new.language))
    for name in sorted(set(old.intents) | set(new.intents)):
        was, now = old.intents.get(name), new.intents.get(name)
        was_goals = None if was is None else tuple(g.target for g in was.goals)
        now_goals = None if now is None else tuple(g.target for g in now.goals)
        if was is None or now is None:
            found.append(Difference("intent", name, was_goals, now_goals))
            continue
        if was_goals != now_goals:
            found.append(Difference("intent goal", name, was_goals, now_goals))
        if was.share != now.share:
            found.append(Difference("intent share", name, was.share, now.share))
    return found


# --- findings: matched by rule and node (ivr.compare.matching, shared with the baseline of ivr check) ----------

# --- intents -------------------------------------------------------------------------------------------------

class Side(Protocol):
    """One side of a comparison, analysed (as :class:`ivr.pipeline.Analysis` is)."""

    menu: Menu
    graph: nx.DiGraph
    findings: list[Finding]
    simulation: Simulation | None


def ordered_like(menu: Menu, reference: Menu) -> Menu:
    """``menu`` with its nodes and intents in ``reference``'s order (its own ones last).

    The simulator numbers states in node order and draws for intents in
    turn, so equal menus draw the same random numbers only in the same
    order; the new side keeps its own, so its figures are those of
    ``ivr simulate NEW``.
    """
    def order(items: dict, like: dict) -> dict:
        return {**{k: items[k] for k in like if k in items}, **{k: v for k, v in items.items() if k not in like}}

    return dataclasses.replace(menu, nodes=order(menu.nodes, reference.nodes),
                               intents=order(menu.intents, reference.intents))


def _wants_person(name: str, graph: nx.DiGraph) -> bool:
    intent = intents_of(graph)[0].get(name)
    return intent is not None and any(graph.nodes[g.target]["kind"] == "transfer" for g in intent.goals
                                      if g.target in graph)


def compare(old_side: Side, new_side: Side, thresholds: Thresholds = Thresholds()) -> MenuDiff:
    """Everything that differs between two analysed versions of a menu.

    Both sides must be simulated (with the same callers, calls and seed, and the
    old side :func:`ordered_like` the new, for figures that differ only where the
    menus do) and linted with the same rules: :func:`ivr.pipeline.compare_sources` does.
    The intents are ordered by :func:`ivr.compare.verdict.worst_first` with ``thresholds``.
    """
    old, new = old_side.menu, new_side.menu
    old_graph, new_graph = old_side.graph, new_side.graph
    before, after = old_side.simulation, new_side.simulation
    if before is None or after is None:
        raise ValueError("compare needs both sides simulated")
    common = [n for n in new.nodes if n in old.nodes]
    changed = [NodeChange(n, new.nodes[n].location, tuple(d)) for n in common
               if (d := node_differences(old.nodes[n], new.nodes[n]))]
    introduced, fixed = finding_changes(old_side.findings, new_side.findings)
    names = list(before.intents) + [n for n in after.intents if n not in before.intents]
    intents = worst_first([IntentChange(n, before.intents.get(n), after.intents.get(n),
                                         _wants_person(n, new_graph) or _wants_person(n, old_graph))
                            for n in names], thresholds)
    return MenuDiff(
        old=old.file, new=new.file, name=new.name, menu_differences=_menu_differences(old, new),
        added=[node for n, node in new.nodes.items() if n not in old.nodes],
        removed=[node for n, node in old.nodes.items() if n not in new.nodes],
        changed=changed, introduced=introduced, fixed=fixed, intents=intents, before=before, after=after,
        thresholds=thresholds,
    )

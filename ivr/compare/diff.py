"""Compare two versions of a menu (an analysis): what changed, and whether callers are worse off.

``compare(old, new)`` takes both sides as analysed by :mod:`ivr.pipeline` (menu,
graph, findings and simulation, the same callers, calls and seed on both) and lists the nodes added, removed and
changed (in words a reviewer understands), the findings introduced and fixed,
and per intent the simulated resolved rate, reached-human rate and mean time
on both sides. ``regressions(diff, thresholds)`` (from :mod:`~ivr.compare.verdict`)
says which changes make callers worse off by more than the thresholds.

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

__all__ = ["NodeChange", "IntentChange", "MenuDiff", "Thresholds", "Regression", "compare", "regressions",
           "finding_key", "finding_changes", "node_changes", "ordered_like", "Side", "NOISE_SIGMAS"]

@dataclass(frozen=True, slots=True)
class NodeChange:
    """A node on both sides that differs: where it is now, and each difference in words."""

    node: str
    location: Location
    changes: tuple[str, ...]


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
    menu_changes: list[str]  # the menu's own fields: name, start, language, intents declared
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
        return not (self.menu_changes or self.added or self.removed or self.changed)


# --- nodes ---------------------------------------------------------------------------------------------------

_SCALARS = (("retries", "retries"), ("timeout", "timeout"), ("duration", "duration"),
            ("min_digits", "min digits"), ("max_digits", "max digits"), ("queue", "queue"),
            ("number", "number"), ("mailbox", "mailbox"))
_REFS = ("goto", "no_input", "no_match", "on_fail", "otherwise")


def _short(text: str, width: int = 60) -> str:
    text = " ".join(str(text).split())
    return f'"{text}"' if len(text) <= width else f'"{text[:width - 3]}..."'


def _value(value) -> str:
    return "none" if value is None else f"{value:g}" if isinstance(value, float) else str(value)


def _rewrite(old: str, new: str, context: int = 3) -> str:
    """The words that differ between two texts, with a few around them: ``"...a b" -> "...a c"``."""
    a, b = old.split(), new.split()
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    end = 0
    while end < min(len(a), len(b)) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    first = max(0, start - context)

    def part(words: list[str]) -> str:
        last = len(words) - max(0, end - context)
        text = " ".join(words[first:last])
        return _short(("..." if first else "") + text + ("..." if last < len(words) else ""), 80)

    return f"{part(a)} -> {part(b)}"


def _retarget(what: str, was: str | None, now: str | None) -> list[str]:
    """How ``what`` (an option, a field, a branch) changed where it leads: added, removed or elsewhere."""
    if was == now:
        return []
    if now is None:
        return [f"{what} removed (led to '{was}')"]
    if was is None:
        return [f"{what} added, leading to '{now}'"]
    return [f"{what} now leads to '{now}' (was '{was}')"]


def _prompt_changes(old: Node, new: Node) -> list[str]:
    before = old.prompt.texts if old.prompt else {}
    after = new.prompt.texts if new.prompt else {}
    changes = []
    for language in sorted(set(before) | set(after)):
        what = f"prompt ({language})" if language else "prompt"
        if language not in after:
            changes.append(f"{what} removed (was {_short(before[language])})")
        elif language not in before:
            changes.append(f"{what} added: {_short(after[language])}")
        elif before[language].split() != after[language].split():
            changes.append(f"{what} rewritten: {_rewrite(before[language], after[language])}")
    return changes


def _option_changes(old: Node, new: Node) -> list[str]:
    changes = []
    for key in sorted(set(old.options) | set(new.options)):
        was, now = old.options.get(key), new.options.get(key)
        changes += _retarget(f"option {key}", was and was.goto.target, now and now.goto.target)
        if was is not None and now is not None and was.label != now.label:
            changes.append(f"option {key} relabelled {_short(_value(was.label))} -> {_short(_value(now.label))}")
    return changes


def _branch_changes(old: Node, new: Node) -> list[str]:
    before = [(b.when, b.goto.target, b.p) for b in old.branches]
    after = [(b.when, b.goto.target, b.p) for b in new.branches]
    if before == after:
        return []
    old_by_when = {when: (target, p) for when, target, p in before}
    new_by_when = {when: (target, p) for when, target, p in after}
    changes = []
    for when, target, p in before:
        if when not in new_by_when:
            changes += _retarget(f"branch '{when}'", target, None)
    for when, target, p in after:
        was_target, was_p = old_by_when.get(when, (None, None))
        changes += _retarget(f"branch '{when}'", was_target, target)
        if when in old_by_when and was_p != p:
            changes.append(f"branch '{when}' probability {_value(was_p)} -> {_value(p)}")
    if not changes:
        changes.append("branches reordered (the first case that holds is taken)")
    return changes


def node_changes(old: Node, new: Node) -> list[str]:
    """What differs between two versions of a node, in words; locations do not count."""
    changes = []
    if old.type != new.type:
        changes.append(f"type {old.type} -> {new.type}")
    changes += _prompt_changes(old, new)
    changes += _option_changes(old, new)
    for field in _REFS:
        was, now = getattr(old, field), getattr(new, field)
        changes += _retarget(field, was and was.target, now and now.target)
    changes += _branch_changes(old, new)
    for field, words in _SCALARS:
        was, now = getattr(old, field), getattr(new, field)
        if was != now:
            changes.append(f"{words} {_value(was)} -> {_value(now)}")
    return changes


def _menu_changes(old: Menu, new: Menu) -> list[str]:
    changes = []
    if old.name != new.name:
        changes.append(f"name {_short(old.name)} -> {_short(new.name)}")
    if old.start.target != new.start.target:
        changes.append(f"start now '{new.start.target}' (was '{old.start.target}')")
    if old.language != new.language:
        changes.append(f"language {old.language} -> {new.language}")
    for name in sorted(set(old.intents) | set(new.intents)):
        was, now = old.intents.get(name), new.intents.get(name)
        if now is None:
            changes.append(f"intent '{name}' removed")
        elif was is None:
            changes.append(f"intent '{name}' added")
        else:
            was_goals, now_goals = [g.target for g in was.goals], [g.target for g in now.goals]
            if was_goals != now_goals:
                changes.append(f"intent '{name}' goal {', '.join(was_goals)} -> {', '.join(now_goals)}")
            if was.share != now.share:
                changes.append(f"intent '{name}' share {_value(was.share)} -> {_value(now.share)}")
    return changes


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
    changed = [NodeChange(n, new.nodes[n].location, tuple(c)) for n in common
               if (c := node_changes(old.nodes[n], new.nodes[n]))]
    introduced, fixed = finding_changes(old_side.findings, new_side.findings)
    names = list(before.intents) + [n for n in after.intents if n not in before.intents]
    intents = worst_first([IntentChange(n, before.intents.get(n), after.intents.get(n),
                                         _wants_person(n, new_graph) or _wants_person(n, old_graph))
                            for n in names], thresholds)
    return MenuDiff(
        old=old.file, new=new.file, name=new.name, menu_changes=_menu_changes(old, new),
        added=[node for n, node in new.nodes.items() if n not in old.nodes],
        removed=[node for n, node in old.nodes.items() if n not in new.nodes],
        changed=changed, introduced=introduced, fixed=fixed, intents=intents, before=before, after=after,
        thresholds=thresholds,
    )

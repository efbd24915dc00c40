"""Compare two versions of a menu (an analysis): what changed, and whether callers are worse off.

``compare(old, new)`` takes both sides as analysed by :mod:`ivr.pipeline` (menu,
graph, findings and simulation, the same callers, calls and seed on both) and lists the nodes added, removed and
changed (in words a reviewer understands), the findings introduced and fixed,
and per intent the simulated resolved rate, reached-human rate and mean time
on both sides. ``regressions(diff, thresholds)`` says which changes make
callers worse off by more than the thresholds.

Locations never count as changes: a version that only moves lines, reorders
nodes or reformats the YAML compares equal. To that end the old side is
analysed with the nodes and intents in the new side's order
(:func:`ordered_like`), so that equal menus draw the same random numbers and
give exactly the same figures.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Protocol

import networkx as nx

from ivr.compare.matching import finding_changes, finding_key
from ivr.model.findings import Finding, Severity
from ivr.model.menu import Location, Menu, Node
from ivr.simulation import IntentResult, Simulation, intents_of

__all__ = ["NodeChange", "IntentChange", "MenuDiff", "Thresholds", "Regression", "compare", "regressions",
           "finding_key", "finding_changes", "node_changes", "ordered_like", "Side", "NOISE_SIGMAS"]

#: A Monte Carlo rate drop counts only when it is also this many standard errors of the difference:
#: at 100,000 calls an intent with a 5% share gets 5,000, whose rates move by a point between seeds.
NOISE_SIGMAS = 4.0


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
    intents: list[IntentChange]  # worst regression first
    before: Simulation
    after: Simulation

    @property
    def unchanged(self) -> bool:
        return not (self.menu_changes or self.added or self.removed or self.changed)


@dataclass(frozen=True, slots=True)
class Thresholds:
    """How much worse an intent may get before it is a regression (rates as fractions, time in seconds)."""

    resolved_drop: float = 0.01
    human_drop: float = 0.01
    time_increase: float = 5.0


@dataclass(frozen=True, slots=True)
class Regression:
    """One change that makes callers worse off: the intent (``None`` for a finding) and why, with figures."""

    intent: str | None
    what: str  # resolved, reached_human, mean_time_s, intent_removed, error_introduced
    message: str


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

def _worst_first(change: IntentChange) -> tuple:
    """Intents that resolved and are gone first, then by resolved drop, human drop, time increase."""
    if change.after is None:
        return (0, -change.before.resolved, 0.0, 0.0, change.name)
    if change.before is None:
        return (2, 0.0, 0.0, 0.0, change.name)
    time = change.change("mean_time_s")
    return (1, change.change("resolved"), change.change("reached_human"), -(0.0 if math.isnan(time) else time),
            change.name)


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


def compare(old_side: Side, new_side: Side) -> MenuDiff:
    """Everything that differs between two analysed versions of a menu.

    Both sides must be simulated (with the same callers, calls and seed, and the
    old side :func:`ordered_like` the new, for figures that differ only where the
    menus do) and linted with the same rules: :func:`ivr.pipeline.compare_sources` does.
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
    intents = sorted((IntentChange(n, before.intents.get(n), after.intents.get(n),
                                   _wants_person(n, new_graph) or _wants_person(n, old_graph)) for n in names),
                     key=_worst_first)
    return MenuDiff(
        old=old.file, new=new.file, name=new.name, menu_changes=_menu_changes(old, new),
        added=[node for n, node in new.nodes.items() if n not in old.nodes],
        removed=[node for n, node in old.nodes.items() if n not in new.nodes],
        changed=changed, introduced=introduced, fixed=fixed, intents=intents, before=before, after=after,
    )


# --- regressions ---------------------------------------------------------------------------------------------

def _noise(before: IntentResult, after: IntentResult, key: str) -> float:
    """``NOISE_SIGMAS`` standard errors of the difference of a Monte Carlo rate (0 when exact)."""
    if not before.calls or not after.calls:
        return 0.0
    p, q = getattr(before, key), getattr(after, key)
    return NOISE_SIGMAS * math.sqrt(p * (1 - p) / before.calls + q * (1 - q) / after.calls)


def _pct(value: float) -> str:
    return f"{value * 100:.1f}%"


def regressions(diff: MenuDiff, thresholds: Thresholds = Thresholds()) -> list[Regression]:
    """Every change that makes callers worse off by more than ``thresholds``, worst intent first.

    A Monte Carlo rate drop must also exceed :data:`NOISE_SIGMAS` standard
    errors, so that the luck of the draw is not reported as a regression.
    The reached-a-person rate counts only for intents served by a transfer:
    for self-service intents a person is the fallback, and fewer callers
    needing one is no loss (their resolved rate says whether they are served).
    """
    found = []
    for change in diff.intents:
        before, after, name = change.before, change.after, change.name
        if before is None:
            continue
        if after is None:
            if before.resolved > 0:
                found.append(Regression(name, "intent_removed",
                                        f"{name}: intent removed (resolved {_pct(before.resolved)} before)"))
            continue
        for key, words, limit in (("resolved", "resolved", thresholds.resolved_drop),
                                  ("reached_human", "reached a person", thresholds.human_drop)):
            if key == "reached_human" and not change.wants_person:
                continue  # fewer self-service callers put through to a person: the resolved rate judges them
            drop = getattr(before, key) - getattr(after, key)
            if drop > limit and drop > _noise(before, after, key):
                found.append(Regression(name, key, f"{name}: {words} {_pct(getattr(before, key))} -> "
                                                   f"{_pct(getattr(after, key))} ({-drop * 100:+.1f} points > "
                                                   f"{limit * 100:.1f})"))
        longer = after.mean_time_s - before.mean_time_s
        if longer > thresholds.time_increase:
            found.append(Regression(name, "mean_time_s", f"{name}: mean time {before.mean_time_s:.1f} s -> "
                                                         f"{after.mean_time_s:.1f} s ({longer:+.1f} s > "
                                                         f"{thresholds.time_increase:g})"))
    for finding in diff.introduced:
        if finding.severity is Severity.ERROR:
            found.append(Regression(None, "error_introduced",
                                    f"error introduced: {finding.rule} at {finding.location}: {finding.message}"))
    return found


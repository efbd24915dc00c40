"""A comparison of two menu versions as text, JSON, or Markdown for a pull-request comment.

:mod:`ivr.compare` gives what differs as data (:class:`~ivr.compare.diff.Difference`);
the words a reviewer reads, the same in every format, are made here
(:func:`difference_words`).
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ivr.compare.diff import REFERENCES, Difference, IntentChange, MenuDiff, Regression, Value
from ivr.model.findings import Finding
from ivr.model.menu import Node
from ivr.present.json import finding_dict
from ivr.present.simulation import simulation_dict
from ivr.simulation import IntentResult, Simulation
from ivr.model.words import plural, printable_name
from ivr.present import json_text

if TYPE_CHECKING:
    from ivr.pipeline.staffing import QueueComparison

__all__ = ["format_text", "format_json", "format_markdown", "diff_dict", "escape", "difference_words", "in_words",
           "regression_words"]

_FIGURES = ("resolved", "reached_human", "mean_resolved_time_s", "mean_time_s")


# --- what changed, in words ----------------------------------------------------------------------------------

#: how a scalar field of a node is named (others by their field name)
_SCALAR_WORDS = {"min_digits": "min digits", "max_digits": "max digits"}


def _short(value: object, width: int = 60) -> str:
    text = " ".join(str(value).split())
    return f'"{text}"' if len(text) <= width else f'"{text[:width - 3]}..."'


def _value(value: Value) -> str:
    return "none" if value is None else f"{value:g}" if isinstance(value, float) else str(value)


def _goals(value: Value) -> str:
    return ", ".join(value) if isinstance(value, tuple) else _value(value)


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


def _retarget(what: str, was: Value, now: Value) -> str:
    """How ``what`` (an option, a field, a branch) changed where it leads: added, removed or elsewhere."""
    if now is None:
        return f"{what} removed (led to '{was}')"
    if was is None:
        return f"{what} added, leading to '{now}'"
    return f"{what} now leads to '{now}' (was '{was}')"


def _prompt_words(language: str | None, before: Value, after: Value) -> str:
    what = f"prompt ({language})" if language else "prompt"
    if after is None:
        return f"{what} removed (was {_short(before)})"
    if before is None:
        return f"{what} added: {_short(after)}"
    return f"{what} rewritten: {_rewrite(str(before), str(after))}"


def difference_words(difference: Difference) -> str:
    """One difference as a reviewer reads it: ``option 2 now leads to 'promo' (was 'hours')``."""
    field, key, before, after = difference.field, difference.key, difference.before, difference.after
    # a node's
    if field == "type":
        return f"type {before} -> {after}"
    if field == "prompt":
        return _prompt_words(key, before, after)
    if field == "option":
        return _retarget(f"option {key}", before, after)
    if field == "option label":
        return f"option {key} relabelled {_short(_value(before))} -> {_short(_value(after))}"
    if field in REFERENCES:
        return _retarget(field, before, after)
    if field == "branch":
        return _retarget(f"branch '{key}'", before, after)
    if field == "branch probability":
        return f"branch '{key}' probability {_value(before)} -> {_value(after)}"
    if field == "branches order":
        return "branches reordered (the first case that holds is taken)"
    # the menu's
    if field == "name":
        return f"name {_short(before)} -> {_short(after)}"
    if field == "start":
        return f"start now '{after}' (was '{before}')"
    if field == "language":
        return f"language {before} -> {after}"
    if field == "intent":
        return f"intent '{key}' removed" if after is None else f"intent '{key}' added"
    if field == "intent goal":
        return f"intent '{key}' goal {_goals(before)} -> {_goals(after)}"
    if field == "intent share":
        return f"intent '{key}' share {_value(before)} -> {_value(after)}"
    # a node's scalar: retries, timeout, min_digits, queue...
    return f"{_SCALAR_WORDS.get(field, field)} {_value(before)} -> {_value(after)}"


def in_words(differences: Iterable[Difference]) -> list[str]:
    """Each difference in words (:func:`difference_words`), in order."""
    return [difference_words(d) for d in differences]


# --- what got worse, in words --------------------------------------------------------------------------------

#: how a rate that dropped is named
_RATE_WORDS = {"resolved": "resolved", "reached_human": "reached a person"}


def _rate(value: float | None) -> str:
    return f"{(value or 0.0) * 100:.1f}%"


def regression_words(regression: Regression) -> str:
    """One regression as a reviewer reads it: ``billing: resolved 90.0% -> 80.0% (-10.0 points > 1.0)``."""
    r = regression
    what, name, limit = r.what, r.intent, r.limit or 0.0
    if what == "intent_removed":
        return f"{name}: intent removed (resolved {_rate(r.before)} before)"
    if what in _RATE_WORDS:
        return (f"{name}: {_RATE_WORDS[what]} {_rate(r.before)} -> {_rate(r.after)} "
                f"({-r.size * 100:+.1f} points > {limit * 100:.1f})")
    if what == "mean_resolved_time_s":
        return (f"{name}: resolved calls take longer, mean {r.before:.1f} s -> {r.after:.1f} s "
                f"({r.size:+.1f} s > {limit:g})")
    if what == "error_introduced":
        finding = r.finding
        assert finding is not None
        return f"error introduced: {finding.rule} at {finding.location}: {finding.message}"
    from ivr.present.diff_queues import seconds_text

    before_share, after_share = r.shares or (0.0, 0.0)
    more = f"queue {r.queue}: {before_share:.1%} -> {after_share:.1%} of the calls"
    if what == "queue_wait" and r.limit is None:  # came to a wait without end: no threshold passed
        return f"{more}; its callers never hang up and its load reaches its agents: the wait grows without end"
    if what == "queue_wait":
        return (f"{more}; average speed of answer {seconds_text(r.before or 0.0)} -> "
                f"{seconds_text(r.after or 0.0)} ({r.size:+.1f} s > {limit:g})")
    if what == "queue_abandon":
        return f"{more}; hang up in the queue {r.before or 0.0:.1%} -> {r.after or 0.0:.1%} " \
               f"({r.size * 100:+.1f} points > {limit * 100:.1f})"
    raise ValueError(f"no words for a regression of kind {what!r}")


# --- JSON ----------------------------------------------------------------------------------------------------

def _clean(value):
    if isinstance(value, float):
        return None if math.isnan(value) else round(value, 6)
    return value


def _node_dict(node: Node) -> dict:
    loc = node.location
    return {"node": printable_name(node.id), "type": node.type, "file": loc.shown_file, "line": loc.line,
            "column": loc.column}


def _figures(result: IntentResult | None) -> dict | None:
    if result is None:
        return None
    return {key: _clean(getattr(result, key)) for key in ("share", *_FIGURES, "calls")}


def _intent_dict(change: IntentChange) -> dict:
    difference = None
    if change.before is not None and change.after is not None:
        difference = {key: _clean(change.change(key)) for key in _FIGURES}
    return {"before": _figures(change.before), "after": _figures(change.after), "change": difference}


def diff_dict(diff: MenuDiff, found: list[Regression], queues: QueueComparison | None = None) -> dict:
    simulation = simulation_dict(diff.after)
    document = {
        "old": printable_name(diff.old),
        "new": printable_name(diff.new),
        "name": diff.name,
        "menu": in_words(diff.menu_differences),
        "nodes": {
            "added": [_node_dict(n) for n in diff.added],
            "removed": [_node_dict(n) for n in diff.removed],
            "changed": [{"node": printable_name(c.node), "file": c.location.shown_file, "line": c.location.line,
                         "column": c.location.column, "changes": in_words(c.differences)} for c in diff.changed],
        },
        "findings": {"introduced": [finding_dict(f) for f in diff.introduced],
                     "fixed": [finding_dict(f) for f in diff.fixed]},
        "intents": {c.name: _intent_dict(c) for c in diff.intents},
        "simulation": {key: simulation[key] for key in ("method", "calls", "seed", "callers")},
        "regressions": [{"intent": r.intent, "what": r.what, "message": regression_words(r)} for r in found],
    }
    if queues is not None:
        from ivr.present.diff_queues import queues_dict

        document["queues"] = queues_dict(queues.changes, queues.calls_per_hour)
    return document


def format_json(diff: MenuDiff, found: list[Regression], queues: QueueComparison | None = None) -> str:
    return json_text(diff_dict(diff, found, queues))


# --- shared words --------------------------------------------------------------------------------------------

def _how(simulation: Simulation) -> str:
    callers = simulation.callers
    how = "exact" if simulation.method == "exact" else (
        f"Monte Carlo, {simulation.calls:,} calls, seed {simulation.seed}")
    patience = "unlimited" if callers.unlimited_patience else f"{callers.patience:g} s"
    return (f"simulated {how} on both sides; callers: accuracy {callers.accuracy:g}, "
            f"no input {callers.no_input:g}, patience {patience}")


def _pct(value: float | None) -> str:
    return "-" if value is None or math.isnan(value) else f"{value * 100:.1f}%"


def _sec(value: float | None) -> str:
    return "-" if value is None or math.isnan(value) else f"{value:.1f}"


def _points(value: float | None) -> str:
    return _seconds_change(None if value is None else value * 100)


def _seconds_change(value: float | None) -> str:
    """A signed change; ``0`` only when nothing changed at all (``+0.0`` is a change too small to show)."""
    if value is None or math.isnan(value):
        return "-"
    return "0" if value == 0 else f"{value:+.1f}"


def _intent_cells(change: IntentChange) -> list[str]:
    before, after = change.before, change.after
    status = "" if before and after else " (removed)" if after is None else " (added)"

    def side(result, key, show):
        return "-" if result is None else show(getattr(result, key))

    return [
        change.name + status,
        f"{side(before, 'resolved', _pct)} -> {side(after, 'resolved', _pct)}",
        _points(change.change("resolved")),
        f"{side(before, 'reached_human', _pct)} -> {side(after, 'reached_human', _pct)}",
        _points(change.change("reached_human")),
        f"{side(before, 'mean_resolved_time_s', _sec)} -> {side(after, 'mean_resolved_time_s', _sec)}",
        _seconds_change(change.change("mean_resolved_time_s")),
        f"{side(before, 'mean_time_s', _sec)} -> {side(after, 'mean_time_s', _sec)}",
        _seconds_change(change.change("mean_time_s")),
    ]


_HEADER = ["intent", "resolved", "change", "reached a person", "change", "resolved calls (s)", "change",
           "any outcome (s)", "change"]
#: What the table's order and its time columns mean, under its title.
_TABLE_NOTE = ("Time is judged on resolved calls (their mean time); the mean time to any outcome, cut off "
               "included, is information. More callers resolved is never a regression, however long they take.")


def _verdict(diff: MenuDiff, found: list[Regression]) -> str:
    if found:
        return f"{plural(len(found), 'regression')}: callers are worse off."
    if diff.unchanged:
        return "No change."
    return "No regression."


def _finding_line(finding: Finding) -> str:
    return f"{finding.location}: {finding.severity.value}: {finding.rule}: {finding.message}"


# --- text ----------------------------------------------------------------------------------------------------

def _with_queues(report: str, queues: QueueComparison | None, markdown: bool = False) -> str:
    """The report with the queues' block under it, when staffing is given."""
    if queues is None:
        return report
    from ivr.present.diff_queues import format_queues

    return report + "\n\n" + format_queues(queues.changes, queues.calls_per_hour, escape if markdown else None)


def format_text(diff: MenuDiff, found: list[Regression], queues: QueueComparison | None = None) -> str:
    lines = [f"{diff.name}: {diff.old} -> {diff.new}", _verdict(diff, found)]
    if diff.menu_differences:
        lines += ["", "Menu:"] + [f"  ~ {c}" for c in in_words(diff.menu_differences)]
    counts = f"{len(diff.added)} added, {len(diff.removed)} removed, {len(diff.changed)} changed"
    lines += ["", f"Nodes: {counts}"]
    lines += [f"  + {n.id} ({n.type}) at {n.location}" for n in diff.added]
    lines += [f"  - {n.id} ({n.type}) was at {n.location}" for n in diff.removed]
    for node in diff.changed:
        lines.append(f"  ~ {node.node} at {node.location}:")
        lines += [f"      {c}" for c in in_words(node.differences)]
    lines += ["", f"Findings: {len(diff.introduced)} introduced, {len(diff.fixed)} fixed"]
    lines += [f"  + {_finding_line(f)}" for f in diff.introduced]
    lines += [f"  - {_finding_line(f)}" for f in diff.fixed]
    lines += ["", f"Intents, worst regression first, no change last ({_how(diff.after)}).", _TABLE_NOTE]
    table = [_HEADER] + [_intent_cells(c) for c in diff.intents]
    widths = [max(len(row[i]) for row in table) for i in range(len(_HEADER))]
    for row in table:
        lines.append("  " + "  ".join(cell.ljust(w) if j == 0 else cell.rjust(w)
                                      for j, (cell, w) in enumerate(zip(row, widths))).rstrip())
    if found:
        lines += ["", "Regressions:"] + [f"  {regression_words(r)}" for r in found]
    # a line each: names and ids from the files stay on theirs
    return _with_queues("\n".join(map(printable_name, lines)), queues)


# --- Markdown ------------------------------------------------------------------------------------------------

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_BLOCK_MARK = re.compile(r"^([#+=>-])")
_LIST_NUMBER = re.compile(r"^(\d+)([.)])")


def escape(text: str) -> str:
    """User text made inert in GitHub Markdown: HTML characters as entities, Markdown punctuation escaped.

    ``|`` is escaped too, so that the text is safe in a table cell; line breaks become spaces.
    """
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(" ".join(str(text).split()), quote=False))
    return _LIST_NUMBER.sub(r"\1\\\2", _BLOCK_MARK.sub(r"\\\1", text))


def _code(text: str) -> str:
    """Text in a code span; a code span shows backslashes as they are, so ``|`` becomes an HTML entity."""
    text = " ".join(str(text).split()).replace("`", "'")
    return f"`{html.escape(text, quote=False).replace('|', '&#124;')}`"


def _words(text: str) -> str:
    """A sentence of ours that quotes user text: escaped, with an arrow for ``->``."""
    return escape(text).replace(" -&gt; ", " → ")


def format_markdown(diff: MenuDiff, found: list[Regression], queues: QueueComparison | None = None) -> str:
    mark = ":x:" if found else ":white_check_mark:"
    lines = [f"### ivr diff: {escape(diff.name)}", "",
             f"{mark} **{escape(_verdict(diff, found))}** {_code(diff.old)} → {_code(diff.new)}", ""]
    if found:
        lines += [f"- {_words(regression_words(r))}" for r in found] + [""]
    if diff.menu_differences:
        lines += ["Menu:", ""] + [f"- {_words(c)}" for c in in_words(diff.menu_differences)] + [""]
    lines += [f"**Intents**, worst regression first, no change last ({escape(_how(diff.after))}). "
              f"{escape(_TABLE_NOTE)}", "",
              "| " + " | ".join(_HEADER) + " |", "|" + "|".join([" --- "] + [" ---: "] * (len(_HEADER) - 1)) + "|"]
    for change in diff.intents:
        name, *figures = _intent_cells(change)
        lines.append("| " + " | ".join([escape(name)] + [f.replace(" -> ", " → ") for f in figures]) + " |")
    lines += ["", f"**Findings**: {len(diff.introduced)} introduced, {len(diff.fixed)} fixed", ""]
    for sign, findings in (("introduced", diff.introduced), ("fixed", diff.fixed)):
        lines += [f"- {sign}: {_code(str(f.location))} {f.severity.value} **{escape(f.rule)}**: {escape(f.message)}"
                  for f in findings]
    counts = f"{len(diff.added)} added, {len(diff.removed)} removed, {len(diff.changed)} changed"
    lines += ["", "<details>", f"<summary>Nodes: {counts}</summary>", ""]
    lines += [f"- added {_code(n.id)} ({escape(n.type)}) at {_code(str(n.location))}" for n in diff.added]
    lines += [f"- removed {_code(n.id)} ({escape(n.type)}), was at {_code(str(n.location))}" for n in diff.removed]
    for node in diff.changed:
        lines.append(f"- changed {_code(node.node)} at {_code(str(node.location))}:")
        lines += [f"  - {_words(c)}" for c in in_words(node.differences)]
    lines += ["", "</details>"]
    # a line each: names and ids from the files stay on theirs
    return _with_queues("\n".join(map(printable_name, lines)), queues, markdown=True)

"""What nodes and edges say: labels, tooltips, CSS classes, edge styles, and goal rates from a simulation."""

from __future__ import annotations

import textwrap
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import graphviz
import networkx as nx

from ivr.graph.build import FORWARD, Reason, Via
from ivr.model.findings import Finding, Severity
from ivr.present.diagram.styles import INK, MUTED, MUTED_TEXT, SEVERITY_COLOURS
from ivr.present.diagram.text import (NAME_CHARS, TEXT_CHARS, TOOLTIP_CHARS, clip, html_text, percent, plain_lines,
                                      plain_text, shorten)

__all__ = ["GoalRate", "goal_rates", "worst_severity", "node_classes", "node_label", "tooltip", "edge_attrs"]


@dataclass(frozen=True, slots=True)
class GoalRate:
    """An intent served at a node, and the share of its callers who get what they called for."""

    intent: str
    resolved: float
    goals: int = 1  # how many nodes serve the intent


def goal_rates(graph: nx.DiGraph, simulation: Any) -> dict[str, list[GoalRate]]:
    """``{node: [GoalRate]}`` from an :class:`ivr.simulation.Simulation`: each intent at each of its goals."""
    rates: dict[str, list[GoalRate]] = defaultdict(list)
    for name, result in simulation.intents.items():
        if simulation.implied_intent:  # callers who want a person: every transfer serves them
            goals = [n for n, kind in graph.nodes(data="kind") if kind == "transfer"]
        else:
            goals = [g.target for g in graph.graph["intents"][name].goals]
        goals = [g for g in dict.fromkeys(goals) if g in graph]
        for goal in goals:
            rates[goal].append(GoalRate(name, result.resolved, len(goals)))
    return dict(rates)


def prompt_text(node: Any, language: str) -> str | None:
    if node is None or node.prompt is None:
        return None
    texts = node.prompt.texts
    for code in ("", language):
        if code in texts:
            return texts[code]
    return next(iter(texts.values()), None)


def worst_severity(findings: Iterable[Finding]) -> Severity | None:
    return max((f.severity for f in findings), key=lambda s: s.rank, default=None)


def node_classes(kind: str, findings: Sequence[Finding] = (), *extra: str) -> str:
    """The CSS classes of a menu node's SVG element."""
    classes = [f"node-{kind}"]
    worst = worst_severity(findings)
    if worst is not None:
        classes.append(f"severity-{worst.value}")
    classes.extend(f"rule-{rule}" for rule in dict.fromkeys(f.rule for f in findings))
    classes.extend(extra)
    return " ".join(classes)


def subtitle_of(kind: str, node: Any) -> str | None:
    """A few words about the node beyond its type: where a transfer goes, what an input takes."""
    if node is None:
        return None
    if kind == "transfer":
        where = node.queue or node.number
        return f"transfer to {where}" if where else "transfer"
    if kind == "voicemail":
        return f"voicemail {node.mailbox}" if node.mailbox else "voicemail"
    if kind == "input":
        low, high = node.min_digits, node.max_digits
        if low is not None and low == high:
            return f"input, {low} digits"
        if low is not None or high is not None:
            return f"input, {low if low is not None else 1}-{high if high is not None else '…'} digits"
        return "input"
    return kind


def node_label(node_id: str, kind: str, node: Any, language: str, findings: Sequence[Finding],
                goals: Sequence[GoalRate]) -> str:
    rows: list[str] = []
    if kind == "disconnect":
        rows.append("<B>system disconnect</B>")
    elif kind == "missing":
        rows.append("<B>unknown</B>")
        rows.append(f"'{html_text(clip(node_id, NAME_CHARS))}'")
    else:
        rows.append(f"<B>{html_text(clip(node_id, NAME_CHARS))}</B>")
        subtitle = subtitle_of(kind, node)
        if subtitle:
            rows.append(f'<FONT POINT-SIZE="9" COLOR="{MUTED_TEXT}">{html_text(clip(subtitle, TEXT_CHARS))}</FONT>')
        prompt = prompt_text(node, language)
        if prompt:
            lines = textwrap.wrap(f"“{shorten(prompt)}”", width=34) or [""]
            rows.extend(f'<FONT POINT-SIZE="9"><I>{html_text(line)}</I></FONT>' for line in lines)
    by_rule: dict[str, Severity] = {}
    for finding in findings:
        if finding.rule not in by_rule or finding.severity.rank > by_rule[finding.rule].rank:
            by_rule[finding.rule] = finding.severity
    for rule, severity in by_rule.items():
        colour = SEVERITY_COLOURS[severity]
        rows.append(f'<FONT POINT-SIZE="10" COLOR="{colour}"><B>{severity.value}: {html_text(rule)}</B></FONT>')
    for goal in goals:
        served = f"goal of {clip(goal.intent, NAME_CHARS)}" + (f" (1 of {goal.goals})" if goal.goals > 1 else "")
        rows.append(f'<FONT POINT-SIZE="10" COLOR="#15803d"><B>★ {html_text(served)}: '
                    f'{html_text(percent(goal.resolved))} resolved</B></FONT>')
    return "<" + "<BR/>".join(rows) + ">"


def tooltip(node_id: str, kind: str, node: Any, language: str, findings: Sequence[Finding]) -> str:
    parts = [f"{kind} {clip(node_id, NAME_CHARS)}"]
    prompt = prompt_text(node, language)
    if prompt:
        parts.append(clip(prompt, TOOLTIP_CHARS))
    parts.extend(clip(f"{f.severity.value}: {f.rule}: {f.message}", TOOLTIP_CHARS) for f in findings)
    # Graphviz reads a tooltip's escapes twice: a literal backslash is four of them
    return graphviz.nohtml("\\n".join(plain_text(p).replace("\\", "\\\\") for p in parts))


def edge_text(reason: Reason, source_kind: str, retries: int) -> str | None:
    via = reason.via
    if via is Via.OPTION:
        return f"{reason.key} {reason.label}" if reason.label else reason.key
    if via is Via.BRANCH:
        return reason.label
    if via is Via.OTHERWISE:
        return "otherwise"
    if via is Via.NO_INPUT:
        return "no input"
    if via is Via.NO_MATCH:
        return "invalid entry" if source_kind == "input" else "wrong key"
    if via in (Via.ON_FAIL, Via.DISCONNECT):
        return f"after {max(retries, 1)} failed"
    if via is Via.TRANSFER_FAILED:  # not a forward way: drawn dashed, with the outcomes that take it
        return f"transfer fails: {reason.label}" if reason.label else "transfer fails"
    return None  # goto


def edge_attrs(reasons: Sequence[Reason], source_kind: str, retries: int) -> dict[str, str]:
    forward = any(r.via in FORWARD for r in reasons)
    texts = [clip(t, TEXT_CHARS) for t in (edge_text(r, source_kind, retries) for r in reasons) if t]
    vias = dict.fromkeys(r.via.value for r in reasons)
    attrs = {"class": " ".join(["edge-forward" if forward else "edge-failure", *(f"via-{v}" for v in vias)])}
    if forward:
        attrs.update(color=INK, fontcolor=INK)
    else:
        attrs.update(style="dashed", color=MUTED, fontcolor=MUTED_TEXT)
    if texts:
        attrs["label"] = plain_lines(texts)
    return attrs

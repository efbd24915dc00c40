"""Every rule's work grows linearly with the menu (issue 25, item 2): counted, never timed.

The work of a rule is the number of lines of Python it runs (``sys.settrace``
counts them; the analyses it shares with other rules are worked out afresh on a
new graph, so they count too). Each rule runs on the same shape of menu at two
sizes, ``n`` and ``SCALE * n``; linear work grows about ``SCALE`` times,
quadratic work ``SCALE ** 2`` times. The shapes are the ones that made rules
walk the same ways again and again: long chains of messages asked from every
node on them and from many menus, a chain of system branches that every menu's
0 leads into, one hangup that many menus' no_input leads to, out-of-hours
branches sharing one way to a hangup, a chain of branches testing the answer of
one input, a file with a key given twice in many menus; and the synthetic menu
of ``benchmarks/generate.py`` (a tree of menus).
"""

from __future__ import annotations

import sys

import pytest

from ivr.formats.native.loader import load_menu_bytes
from ivr.graph.build import build_graph
from ivr.model.menu import Menu
from ivr.rules.registry import REGISTRY, default_settings

from tests.conftest import ROOT

SCALE = 8
#: linear work with some fixed cost grows at most SCALE times; allow half as much again (quadratic: 64 times)
MOST = SCALE * 1.5


def _chains(n: int) -> str:
    """Menus whose options lead into one chain of messages (each asking, announcing a transfer, then a hangup),
    into one chain of system branches, and into out-of-hours branches; every menu's silence hangs up."""
    lines = ["ivr: Chains", "start: main", "nodes:",
             "  main:", "    type: menu", "    prompt: Welcome. For help press 1, for more press 2.",
             "    options:", '      "1": {goto: m0}', '      "2": {goto: menu0}', '      "3": {goto: h0}',
             "  agents: {type: transfer, queue: agents}",
             "  bye: {type: hangup, prompt: Goodbye.}"]
    for i in range(n):
        after = f"menu{i + 1}" if i + 1 < n else "main"
        lines += [f"  menu{i}:", "    type: menu",
                  "    prompt: For an agent press 0, for news press 2, for more press 3, for hours press 4.",
                  "    options:", f'      "0": {{goto: b{i}}}', f'      "2": {{goto: m{i}}}', f'      "3": {{goto: {after}}}',
                  f'      "4": {{goto: h{i}}}', f'      "9": {{goto: m{i}, label: Hear this again}}',
                  "    no_input: bye"]
        following = f"m{i + 1}" if i + 1 < n else "bye"
        lines += [f"  m{i}:", "    type: message",
                  "    prompt: Would you like to hear our news? We are transferring you now.", f"    goto: {following}"]
        onwards = f"b{i + 1}" if i + 1 < n else "agents"
        lines += [f"  b{i}:", "    type: branch", "    branches:", "      - {when: vip caller, goto: agents}",
                  f"    otherwise: {onwards}"]
        lines += [f"  h{i}:", "    type: branch", "    branches:", "      - {when: office open, goto: agents}",
                  f"      - {{when: office closed, goto: m{i}}}"]
    return "\n".join(lines) + "\n"


def _widgets(n: int) -> str:
    """An input, then a chain of branches that each test the keys of another input."""
    lines = ["ivr: Widgets", "start: ask", "nodes:",
             "  ask:", "    type: input", "    prompt: Enter your account number.", "    goto: w0",
             "  other:", "    type: input", "    prompt: Enter your date of birth.", "    goto: agents",
             "  agents: {type: transfer, queue: agents}"]
    for i in range(n):
        onwards = f"w{i + 1}" if i + 1 < n else "other"
        lines += [f"  w{i}:", "    type: branch", "    branches:",
                  f"      - {{when: '{{{{widgets.other.Digits}}}} equal_to \"{i}\"', goto: agents}}",
                  f"    otherwise: {onwards}"]
    return "\n".join(lines) + "\n"


def _doubled(n: int) -> str:
    """Menus that each give one key twice and name their keys in their prompts."""
    lines = ["ivr: Doubled", "start: menu0", "nodes:", "  agents: {type: transfer, queue: agents}"]
    for i in range(n):
        after = f"menu{i + 1}" if i + 1 < n else "agents"
        lines += [f"  menu{i}:", "    type: menu", "    prompt: For sales press 1, for support press 2.",
                  "    options:", f'      "1": {{goto: {after}}}', '      "1": {goto: agents}', '      "0": {goto: agents}']
    return "\n".join(lines) + "\n"


def _generated(n: int) -> str:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from generate import generate_menu
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    return generate_menu(n)


SHAPES = {"chains": (_chains, 30), "widgets": (_widgets, 30), "doubled": (_doubled, 30), "generated": (_generated, 150)}


def _work(menu: Menu, rule_id: str, count: bool = True) -> int:
    """The lines of Python that ``rule_id`` runs on a fresh graph of ``menu`` (its findings all taken)."""
    graph = build_graph(menu)
    options = default_settings()[rule_id].options
    if not count:
        for _ in REGISTRY[rule_id].check(graph, options):
            pass
        return 0
    lines = 0

    def local(frame, event, arg):
        nonlocal lines
        lines += 1
        return local

    def calls(frame, event, arg):
        return local

    previous = sys.gettrace()  # a coverage tool's, if any: given back afterwards
    sys.settrace(calls)
    try:
        for _ in REGISTRY[rule_id].check(graph, options):
            pass
    finally:
        sys.settrace(previous)
    return lines


def _menu(text: str) -> Menu:
    return load_menu_bytes(text.encode(), "menu.yaml")


@pytest.fixture(scope="module")
def menus() -> dict[str, tuple[Menu, Menu]]:
    return {name: (_menu(make(n)), _menu(make(SCALE * n))) for name, (make, n) in SHAPES.items()}


@pytest.mark.parametrize("rule_id", sorted(REGISTRY))
def test_every_rule_works_linearly(rule_id, menus):
    grown = {}
    for name, (small, large) in menus.items():
        _work(large, rule_id, count=False)  # what is made once per process (word lists, patterns) is not counted
        before, after = _work(small, rule_id), _work(large, rule_id)
        grown[name] = (after / before, before, after)
    worst = max(grown, key=lambda name: grown[name][0])
    ratio, before, after = grown[worst]
    assert ratio <= MOST, (f"{rule_id} runs {after} lines on the '{worst}' menu {SCALE} times larger, {ratio:.1f} "
                           f"times the {before} on the smaller one (linear: about {SCALE})")


def test_the_shapes_are_what_the_rules_say():
    """The shapes hold what they are for: the chain's findings, the widgets' and the doubled keys' (so the work
    counted is the rules' work on those faults, not an early way out)."""
    from ivr.rules.runner import lint

    found = {f.rule for f in lint(build_graph(load_menu_bytes(_chains(5).encode(), "menu.yaml")))}
    assert {"question-then-hangup", "transfer-then-hangup", "disconnect-on-error", "closed-without-fallback"} <= found
    found = {f.rule for f in lint(build_graph(load_menu_bytes(_widgets(5).encode(), "menu.yaml")))}
    assert "wrong-widget" in found
    found = {f.rule for f in lint(build_graph(load_menu_bytes(_doubled(5).encode(), "menu.yaml")))}
    assert "duplicate-key" in found

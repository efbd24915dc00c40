"""One fault, one finding (issue 24, item 4): where two rules would report the same fault, one reports it and
says the other's part ("also: ..."). A test per pair of rules that overlap."""

from __future__ import annotations

import textwrap

from ivr.formats.native.loader import load_menu
from ivr.graph.build import build_graph
from ivr.rules.runner import lint

CUT_OFF = """
    ivr: Line
    start: main
    nodes:
      main:
        type: menu
        prompt: Welcome to Acme. For billing press 1.
        options:
          "1": {goto: billing}
        no_match: bye
        on_fail: billing
      billing: {type: transfer, queue: billing, prompt: "Sorry for the wait, about two minutes."}
      bye: {type: hangup, prompt: Goodbye.}
"""


def _findings(write_menu, text: str) -> list[tuple[str, str | None, str]]:
    menu = load_menu(write_menu(textwrap.dedent(text)[1:]))
    return [(f.rule, f.node, f.message) for f in lint(build_graph(menu))]


def test_a_hangup_after_a_mistake_is_one_disconnect_on_error_that_says_it_does_not_thank(write_menu):
    found = _findings(write_menu, CUT_OFF)
    assert not [f for f in found if f[0] == "missing-thanks"]
    (cut,) = [m for rule, _, m in found if rule == "disconnect-on-error"]
    assert "callers who press a wrong key are cut off (also: without thanks);" in cut


def test_a_thanking_hangup_after_a_mistake_says_nothing_more(write_menu):
    found = _findings(write_menu, CUT_OFF.replace("prompt: Goodbye.", "prompt: Thank you for calling. Goodbye."))
    (cut,) = [m for rule, _, m in found if rule == "disconnect-on-error"]
    assert "(also:" not in cut and not [f for f in found if f[0] == "missing-thanks"]


def test_a_hangup_callers_also_choose_keeps_its_missing_thanks(write_menu):
    """A hangup reached by a key as well is a fault of its own for the callers who chose it."""
    chosen = CUT_OFF.replace('"1": {goto: billing}', '"1": {goto: billing}\n          "9": {goto: bye}')
    found = _findings(write_menu, chosen)
    assert [n for rule, n, _ in found if rule == "missing-thanks"] == ["bye"]
    (cut,) = [m for rule, _, m in found if rule == "disconnect-on-error"]
    assert "(also:" not in cut


TYPO = """
    ivr: Line
    start: main
    nodes:
      main:
        type: menu
        prompt: Welcome to Acme. For billing press 1, for an agent press 0.
        options:
          "1": {goto: billing}
          "0": {goto: agnets}
        on_fail: billing
      billing: {type: message, prompt: "Please see our website. Thank you for calling.", goto: main}
      agents: {type: transfer, queue: agents, prompt: "Sorry for the wait, about two minutes."}
"""


def test_a_typo_in_the_person_option_is_one_unknown_target_not_also_no_human_option(write_menu):
    rules = [rule for rule, _, _ in _findings(write_menu, TYPO)]
    assert "unknown-target" in rules and "no-human-option" not in rules and "nonstandard-key" not in rules
    # without the typo, a 0 that leads to a menu before any person is both of those
    deeper = TYPO.replace('"0": {goto: agnets}', '"0": {goto: more}') + (
        "      more:\n        type: menu\n        prompt: For an agent press 1.\n"
        "        options:\n          \"1\": {goto: agents}\n        on_fail: agents\n")
    rules = [rule for rule, _, _ in _findings(write_menu, deeper)]
    assert "no-human-option" in rules and "nonstandard-key" in rules


def test_a_node_the_reader_made_is_never_the_subject_of_a_finding():
    """Architect's in-queue loop and "an agent answers" stand for what the platform does: the in-queue flow's
    unexplained wait or unreachable parts are not reported at nodes no author wrote (issue 24 item 2)."""
    from ivr import pipeline
    from tests.conftest import FIXTURES

    (menu,) = pipeline.read([str(FIXTURES / "formats" / "archy" / "pass-inqueue.yaml")]).menus
    made = {n.id for n in menu.nodes.values() if n.invented}
    assert made == {"agentAnswers", "inQueueLoop"}
    assert not [f for f in lint(build_graph(menu)) if f.node in made]

"""Which calls `ivr tests` makes (ivr.testgen): intents, coverage, errors, and their coverage figures.

The fixtures are small menus whose coverage is worked out by hand in each test.
Every path is checked against the menu by :func:`walk_keys`, which knows the
menu only through the model (not through ivr.testgen).
"""

from __future__ import annotations

import re

import pytest

from ivr.formats.native.loader import load_menu
from ivr.graph.build import DISCONNECT, build_graph
from ivr.simulation import Callers
from ivr.testgen import Act, Hearing, Kind, build_suite, steps
from ivr.testgen.likely import likely_path

from tests.conftest import ROOT


def settle(menu, node_id: str, assumes: dict[str, str]) -> str:
    """Where the call waits for the caller next, from ``node_id``: past messages and branches."""
    nodes = menu.nodes
    seen: list[str] = []
    while node_id in nodes and nodes[node_id].type in ("message", "branch"):
        if node_id in seen:  # messages in a loop: the call never waits; name the loop by its least node
            return min(seen[seen.index(node_id):])
        seen.append(node_id)
        node = nodes[node_id]
        if node.type == "message":
            if node.goto is None:
                return node_id
            node_id = node.goto.target
        elif node_id not in assumes:  # a branch the test does not go through
            return node_id
        else:
            case = assumes[node_id]
            node_id = (node.otherwise if case == "otherwise" else
                       next(b.goto for b in node.branches if b.when == case)).target
    return node_id


def walk_keys(menu, replies: list[tuple[str, str]], assumes: dict[str, str]) -> tuple[list[str], str]:
    """Play ``replies`` ((act, keys)) into ``menu`` as its platform would; return the nodes where the
    caller answered, and where the call ends (after messages and branches, by the ``assumes`` cases)."""
    nodes = menu.nodes
    at = settle(menu, menu.start.target, assumes)
    answered, failures = [], 0
    for act, keys in replies:
        answered.append(at)
        node = nodes[at]
        target = None
        if act == "silence":
            handler = node.no_input
        elif node.type == "menu" and any(k == keys or (k.startswith("/") and re.fullmatch(k[1:-1], keys))
                                         for k in node.options):
            target = next(o.goto.target for k, o in node.options.items()
                          if k == keys or (k.startswith("/") and re.fullmatch(k[1:-1], keys)))
            handler = None
        elif node.type == "input" and keys.rstrip("#").isdigit() and \
                (node.min_digits or 1) <= len(keys.rstrip("#")) <= (node.max_digits or 99):
            target = node.goto.target
            handler = None
        else:
            handler = node.no_match
        if target is None:  # a failure
            failures += 1
            if failures >= max(node.retries, 1):
                target = node.on_fail.target if node.on_fail else DISCONNECT
            else:
                target = handler.target if handler else at
        if target != at:
            failures = 0
        if target == DISCONNECT:
            return answered, DISCONNECT
        at = settle(menu, target, assumes)
    return answered, at


def check_paths_against_menu(menu, suite) -> None:
    for path in suite.paths:
        replies = [("silence" if m.act is Act.SILENCE else "key", m.reply) for m in path.moves if m.act is not Act.AUTO]
        answered, end = walk_keys(menu, replies, dict(path.assumes))
        assert end == settle(menu, path.end, dict(path.assumes)), path.id
        assert answered == [s.at for s in steps(path)[1:]], path.id


def suite_of(write_menu, text: str, **callers):
    menu = load_menu(write_menu(text))
    return menu, build_graph(menu), build_suite(build_graph(menu), Callers(**callers))


TREE = """
    ivr: Tree
    start: main
    nodes:
      main:
        type: menu
        prompt: For sales press 1. To end the call press 2. For a person press 0.
        options:
          "1": {goto: sales}
          "2": {goto: bye}
          "0": {goto: agents}
      sales: {type: transfer, prompt: Connecting you to sales.}
      bye: {type: hangup, prompt: Goodbye.}
      agents: {type: transfer, prompt: Please hold for an agent.}
"""


def test_a_tree_gets_one_call_per_ending_and_full_coverage(write_menu):
    menu, graph, suite = suite_of(write_menu, TREE)
    # by hand: the implied intent presses 0 (the first key to a person); 1 and 2 need one coverage call
    # each; at main, silence and the wrong key 3 until the system hangs up (no on_fail)
    assert [p.id for p in suite.paths] == ["intent-reach_a_person", "coverage-01", "coverage-02",
                                           "no-input-main", "wrong-key-main"]
    assert suite.implied_intent
    assert [p.end for p in suite.paths] == ["agents", "sales", "bye", DISCONNECT, DISCONNECT]
    assert [m.reply for m in suite.paths[4].moves] == ["3", "3", "3"]
    figures = {name: (f.covered, f.total) for name, f in suite.coverage.figures.items()}
    assert figures == {"options": (3, 3), "gotos": (0, 0), "nodes": (4, 4), "errors": (3, 3)}
    assert suite.coverage.missing == []
    check_paths_against_menu(menu, suite)


LOOPS = """
    ivr: Loops
    start: main
    nodes:
      main:
        type: menu
        prompt: For your account press 1. To hear this again press 9.
        options:
          "1": {goto: account}
          "9": {goto: main}
        no_input: sorry
        retries: 2
        on_fail: agents
      sorry:
        type: message
        prompt: Sorry, we did not hear you.
        goto: main
      account:
        type: menu
        prompt: For your balance press 1. For tips press 2. For the main menu press star. For a person press 0.
        options:
          "1": {goto: balance}
          "2": {goto: tips}
          "*": {goto: main}
          "0": {goto: agents}
      balance:
        type: message
        prompt: Your balance is {amount}.
        goto: account
      tips:
        type: message
        prompt: Here is a tip.
        goto: tips_more
      tips_more:
        type: message
        prompt: And another one.
        goto: account
      agents: {type: transfer, prompt: Please hold.}
"""


def test_a_menu_with_loops_and_retries_gives_a_finite_suite_that_covers_it(write_menu):
    menu, graph, suite = suite_of(write_menu, LOOPS)
    assert 0 < len(suite.paths) < 20
    assert all(len(p.moves) < 40 for p in suite.paths)
    figures = {name: (f.covered, f.total) for name, f in suite.coverage.figures.items()}
    # options: main 1, 9; account 1, 2, *, 0. gotos: sorry, balance, tips, tips_more. nodes: 7.
    assert figures["options"] == (6, 6)
    assert figures["gotos"] == (4, 4)
    assert figures["nodes"] == (7, 7)
    check_paths_against_menu(menu, suite)


def test_retries_that_never_run_out_end_back_at_the_menu_and_are_reported(write_menu):
    menu, graph, suite = suite_of(write_menu, LOOPS)
    silent = next(p for p in suite.paths if p.id == "no-input-main")
    # silence at main goes to 'sorry' and back: the count starts again, so the test stops back at main
    assert [m.way.target for m in silent.moves] == ["sorry", "main"]
    assert "the retries never run out" in silent.note
    # main's no match replays it (retries 2), so its on_fail is still reached by the wrong key
    wrong = next(p for p in suite.paths if p.id == "wrong-key-main")
    assert wrong.end == "agents" and [m.reply for m in wrong.moves] == ["2", "2"]
    # account has no on_fail handler for no input: it replays 3 times, then the system hangs up
    assert next(p for p in suite.paths if p.id == "no-input-account").end == DISCONNECT
    check_paths_against_menu(menu, suite)


GAPS = """
    ivr: Gaps
    start: main
    nodes:
      main:
        type: menu
        prompt: For a person press 1. For the moon press 2.
        options:
          "1": {goto: agents}
          "2": {goto: moon}
        retries: 1
        on_fail: help
      help:
        type: menu
        prompt: Let us try again. For a person press 1. To end the call press 2.
        options:
          "1": {goto: agents}
          "2": {goto: bye}
      orphan:
        type: message
        prompt: Nobody hears this.
        goto: main
      agents: {type: transfer, prompt: Please hold.}
      bye: {type: hangup, prompt: Goodbye.}
"""


def test_coverage_figures_and_reasons_of_what_is_not_covered(write_menu):
    menu, graph, suite = suite_of(write_menu, GAPS)
    figures = {name: (f.covered, f.total) for name, f in suite.coverage.figures.items()}
    # by hand: options main 1 (intent), help 1 and 2 (coverage calls that go on from where the error
    # calls end, at help); not main 2 (an unknown node)
    assert figures["options"] == (3, 4)
    assert [p.id for p in suite.paths if p.kind is Kind.COVERAGE] == ["coverage-01", "coverage-02"]
    assert suite.paths[1].moves[0].act is Act.SILENCE
    # the orphan's goto; every node but the orphan
    assert figures["gotos"] == (0, 1)
    assert figures["nodes"] == (4, 5)
    # errors: main's on_fail (retries 1: no failure replays main); help's three, by error calls that
    # go on from main's (help is reached only through main's on_fail)
    assert figures["errors"] == (4, 6)
    help_silent = next(p for p in suite.paths if p.id == "no-input-help")
    assert [m.act for m in help_silent.moves] == [Act.SILENCE] * 4
    assert [m.way.target for m in help_silent.moves] == ["help", "help", "help", DISCONNECT]
    assert suite.coverage.figures["options"].percent == 75.0
    reasons = {m.what: m.reason for m in suite.coverage.missing}
    assert reasons["main key 2 -> moon"].startswith("leads to the unknown node 'moon'")
    assert reasons["node 'orphan'"].startswith("unreachable")
    assert reasons["orphan goto -> main"].startswith("unreachable")
    assert reasons["main no_input -> main"].startswith("retries 1: the first failure already goes")
    assert len(reasons) == 5
    check_paths_against_menu(menu, suite)


def test_a_menu_with_every_key_taken_has_no_wrong_key_test_and_says_why(write_menu):
    options = "\n".join(f'          "{k}": {{goto: agents}}' for k in "1234567890*#")
    menu, graph, suite = suite_of(write_menu, f"""
    ivr: Full
    start: main
    nodes:
      main:
        type: menu
        prompt: Press any key.
        options:
{options}
      agents: {{type: transfer, prompt: Please hold.}}
    """)
    assert not any(p.id.startswith("wrong-key") for p in suite.paths)
    reasons = {m.what: m.reason for m in suite.coverage.missing}
    assert reasons["main no_match -> main"].startswith("every key of the keypad is an option")
    assert suite.coverage.figures["options"].covered == 12


BRANCH = """
    ivr: Hours
    start: hours
    nodes:
      hours:
        type: branch
        branches:
          - {when: office hours, goto: main, p: 0.7}
        otherwise: closed
      main:
        type: menu
        prompt: For a person press 0. To hear the hours press 1.
        options:
          "0": {goto: agents}
          "1": {goto: hours_info}
      hours_info:
        type: message
        prompt: We are open from 8 to 8.
        goto: hours
      closed:
        type: message
        prompt: We are closed. Please call again tomorrow.
        goto: bye
      agents: {type: transfer, prompt: Please hold.}
      bye: {type: hangup, prompt: Goodbye.}
"""


def test_tests_through_a_system_branch_say_which_case_they_assume(write_menu):
    menu, graph, suite = suite_of(write_menu, BRANCH)
    assumed = suite.coverage.assumed
    assert ("hours", "office hours") in assumed and ("hours", "otherwise") in assumed
    assert "intent-reach_a_person" in assumed[("hours", "office hours")]
    # a call keeps to the case it assumed: hours_info goes back to the branch, which stays open
    for path in suite.paths:
        cases = {m.way.when or m.way.via for m in path.moves if m.way.source == "hours"}
        assert len(cases) <= 1, path.id
    assert suite.coverage.figures["gotos"].covered == suite.coverage.figures["gotos"].total == 4
    check_paths_against_menu(menu, suite)


def test_the_intent_path_is_the_likeliest_under_the_caller_model(write_menu):
    # the fastest way to the goal is key 2, through a branch that leads there 5% of the time; the
    # likeliest is key 1 (the caller's 10% mistake), then 1 (90%)
    menu = load_menu(write_menu("""
    ivr: Likely
    start: main
    intents:
      pay: {goal: pay}
    nodes:
      main:
        type: menu
        prompt: Press 1 or 2.
        options:
          "1": {goto: first}
          "2": {goto: gate}
      first:
        type: menu
        prompt: Press 1.
        options:
          "1": {goto: pay}
          "0": {goto: agents}
      gate:
        type: branch
        branches:
          - {when: system up, goto: pay, p: 0.05}
        otherwise: agents
      pay: {type: transfer, prompt: Paying.}
      agents: {type: transfer, prompt: Please hold.}
    """))
    graph = build_graph(menu)
    moves, chance = likely_path(graph, ["pay"], Callers(accuracy=0.9, no_input=0.0))
    # via 'first': 0.1 * 0.9 = 0.09 beats the gate: 0.9 * 0.05 = 0.045
    assert [m.reply for m in moves] == ["1", "1"]
    assert chance == pytest.approx(0.09)


def test_phrases_are_distinctive_and_finish_on_the_last_clause(write_menu):
    menu, graph, suite = suite_of(write_menu, TREE)
    hearing = Hearing(graph, "en")
    assert hearing.of("main").phrase == "For sales press 1"
    assert hearing.of("main").finish == "For a person press 0"
    assert hearing.of("bye").phrase == "Goodbye"
    # every phrase is found in no other prompt
    for node_id in ("main", "sales", "bye", "agents"):
        phrase = hearing.of(node_id).phrase.casefold()
        assert sum(phrase in text.casefold() for text in hearing.texts.values()) == 1


def test_a_finish_phrase_that_occurs_earlier_in_the_prompt_grows_until_it_is_the_end(write_menu):
    menu, graph, suite = suite_of(write_menu, """
    ivr: Repeat
    start: main
    nodes:
      main:
        type: menu
        prompt: For cards, press 1. For loans, press 1 twice, press 1. Then wait, press 1.
        options:
          "1": {goto: agents}
      agents: {type: transfer, prompt: Please hold.}
    """)
    # "press 1" occurs earlier, "wait press 1" does not
    assert Hearing(graph, "en").of("main").finish == "wait press 1"


def test_languages_give_one_hearing_each_and_prompts_with_no_text_to_read_are_placeholders(write_menu):
    menu, graph, suite = suite_of(write_menu, """
    ivr: Two languages
    start: main
    language: en
    nodes:
      main:
        type: menu
        prompt:
          en: For English press 1.
          de: Für Deutsch drücken Sie die 2.
        options:
          "1": {goto: en_menu}
          "2": {goto: agents}
      en_menu:
        type: menu
        prompt:
          fr: Appuyez sur 1.
          es: Pulse 1.
        options:
          "1": {goto: agents}
      agents:
        type: transfer
        prompt: {en: Please hold., de: Bitte warten Sie.}
    """)
    assert suite.languages == ["de", "en", "es", "fr"]
    german = Hearing(graph, "de")
    assert german.of("main").phrase == "Für Deutsch drücken Sie die 2"
    assert german.of("agents").phrase == "Bitte warten Sie"
    assert german.of("en_menu").placeholder and german.placeholders == ["en_menu"]
    assert Hearing(graph, "en").of("main").phrase == "For English press 1"
    assert Hearing(graph, "fr").of("en_menu").phrase == "Appuyez sur 1"
    # a prompt in other languages than the suite's is read in the menu's language
    assert Hearing(graph, "fr").of("agents").phrase == "Please hold"


def test_inputs_get_placeholder_digits_of_the_right_length(write_menu):
    menu, graph, suite = suite_of(write_menu, """
    ivr: Digits
    start: account
    nodes:
      account:
        type: input
        prompt: Enter your account number.
        min_digits: 8
        max_digits: 8
        goto: pin
      pin:
        type: input
        prompt: Enter your PIN and then the hash key.
        min_digits: 4
        max_digits: 6
        goto: agents
      agents: {type: transfer, prompt: Please hold.}
    """)
    intent = suite.paths[0]
    assert [m.reply for m in intent.moves] == ["12345678", "1234#"]
    invalid = next(p for p in suite.paths if p.id == "invalid-entry-pin")
    assert [m.reply for m in invalid.moves][1:] == ["123#"] * 3
    check_paths_against_menu(menu, suite)


@pytest.mark.parametrize("name", ["airline", "bank", "multilingual", "telecom", "telecom-before-review"])
def test_every_path_of_the_example_menus_leads_where_it_says(name):
    menu = load_menu(str(ROOT / "menus" / f"{name}.yaml"))
    suite = build_suite(build_graph(menu))
    assert suite.paths
    assert {p.kind for p in suite.paths} == {Kind.INTENT, Kind.COVERAGE, Kind.ERROR}
    check_paths_against_menu(menu, suite)
    assert len({p.id for p in suite.paths}) == len(suite.paths)


def test_the_same_menu_gives_the_same_suite():
    menu = str(ROOT / "menus" / "bank.yaml")
    first = build_suite(build_graph(load_menu(menu)))
    second = build_suite(build_graph(load_menu(menu)))
    assert first == second


def test_error_calls_follow_the_fallbacks_the_reader_gives(write_menu):
    # a reader may say that a failure with no handler hangs up at once, or that running out of
    # tries replays the node: the calls follow the graph, as the platform would
    from ivr.model.menu import Fallback

    menu = load_menu(write_menu(TREE))
    menu.nodes["main"].when_no_match = Fallback.DISCONNECT
    menu.nodes["main"].when_failed = Fallback.REPLAY
    suite = build_suite(build_graph(menu))
    wrong = next(p for p in suite.paths if p.id == "wrong-key-main")
    assert [(m.reply, m.way.target) for m in wrong.moves] == [("3", DISCONNECT)]
    silent = next(p for p in suite.paths if p.id == "no-input-main")
    # three silences, then the node plays again with the count back at 0: the call stops there
    assert [m.way.target for m in silent.moves] == ["main"] * 3
    assert silent.note.endswith("the call ends up back at 'main', where the count starts again: "
                                "the retries never run out.")
    errors = {m.what for m in suite.coverage.missing if m.figure == "errors"}
    assert errors == set() and suite.coverage.figures["errors"].total == 2


def test_audio_only_prompts_are_placeholders(write_menu):
    from ivr.model.menu import Prompt

    menu = load_menu(write_menu(TREE))
    menu.nodes["sales"].prompt = Prompt({}, menu.nodes["sales"].location, audio="sales.wav")
    hearing = Hearing(build_graph(menu), "en")
    assert hearing.of("sales").phrase == "[fill in: what 'sales' says (sales.wav)]"
    assert hearing.placeholders == ["sales"]


@pytest.mark.parametrize("name", ["pass-menus", "pass-conf", "pass-bare", "pass-split-top"])
def test_platform_menus_get_paths_that_lead_where_they_say(name):
    # FreeSWITCH menus: options may be patterns of dialled digits, pressed as the first digits they match
    menu = load_menu_any(str(ROOT / "tests" / "fixtures" / "formats" / "freeswitch" / f"{name}.xml"))
    suite = build_suite(build_graph(menu))
    assert suite.paths
    check_paths_against_menu(menu, suite)


def load_menu_any(path: str):
    from ivr.formats.reading import read_all

    return read_all([path]).menus[0]


def test_an_option_written_as_a_pattern_is_pressed_as_digits_it_matches():
    from ivr.testgen.keys import keys_for, matches_key

    assert keys_for("/^(10[01][0-9])$/") == "1000"
    assert keys_for("12#") == "12#"
    assert keys_for("/^9{6}$/") is None  # six digits: more than are tried
    assert keys_for("/[/") is None and keys_for("x") is None
    assert matches_key("/^1[0-9]$/", "15") and not matches_key("/^1[0-9]$/", "1")


def test_a_menu_deeper_than_a_test_walks_is_covered_to_that_depth_and_the_rest_said_so(write_menu):
    # 150 menus in a row: a test from the start walks at most MAX_STEPS (100) moves, so the suite
    # grows with the menu, not with the square of its depth; the report names what is not reached
    from ivr.testgen.route import MAX_STEPS  # noqa: PLC0415

    nodes = "".join(f"  m{i}: {{type: menu, prompt: 'Menu {i}. Press 1.', options: {{1: {{goto: m{i + 1}}}, "
                    f"0: {{goto: agents}}}}}}\n" for i in range(150))
    text = f"ivr: deep\nstart: m0\nnodes:\n{nodes}  m150: {{type: transfer, queue: end}}\n" \
           "  agents: {type: transfer, queue: agents}\n"
    menu = load_menu(write_menu(text))
    suite = build_suite(build_graph(menu))
    check_paths_against_menu(menu, suite)
    assert max(len(p.moves) for p in suite.paths) <= MAX_STEPS + 60
    errors_at = {p.id.removeprefix("no-input-") for p in suite.paths if p.id.startswith("no-input-")}
    assert errors_at == {f"m{i}" for i in range(MAX_STEPS + 1)}  # m100 is 100 moves away: the last tested
    deep = [m for m in suite.coverage.missing if m.what == "node 'm120'"]
    assert [m.reason for m in deep] == ["more than 100 moves from the start: no test walks that far (a call "
                                        "would take too long)"]


def test_a_prompt_that_repeats_itself_finishes_on_a_bounded_ending():
    # the long fuzz profile: a line of a prompt repeated 2,500 times made ivr tests look for a unique ending word
    # by word over the whole prompt (68 s); past MOST_FINISH_WORDS the ending is taken as it is
    from ivr.testgen.hearing import FINISH_WORDS, MOST_FINISH_WORDS, _finish

    words = "Welcome to the OPAL I V R example".split() * 2_500
    assert _finish(words, 8) == words[-MOST_FINISH_WORDS:]
    assert MOST_FINISH_WORDS > FINISH_WORDS
    said = "For cards press 1 For loans press 1 twice press 1 Then wait press 1".split()
    assert _finish(said, 3) == ["wait", "press", "1"]  # a unique ending is still found ("press 1" is said before)


def test_ways_no_call_can_take_are_neither_tested_nor_counted_as_missing(write_menu):
    # an option no caller can dial and a case that never holds: no test can take them, and the coverage does not
    # hold them against the suite (unmatchable-option and unsatisfiable-condition report them)
    _, _, suite = suite_of(write_menu, """
    ivr: Never
    start: hours
    nodes:
      hours:
        type: branch
        branches:
          - {when: "Digits equal_to '#'", goto: agents, never: "'#' is the finish key"}
        otherwise: main
      main:
        type: menu
        prompt: For the news press 1. For a person press 0.
        options:
          "/^ext[0-9]+$/": {goto: agents}
          "1": {goto: news}
          "0": {goto: agents}
      news: {type: message, prompt: No news today. Goodbye., goto: bye}
      bye: {type: hangup}
      agents: {type: transfer, queue: general, prompt: One moment please.}
    """)
    figures = {name: (f.covered, f.total) for name, f in suite.coverage.figures.items()}
    assert figures["options"] == (2, 2)  # 1 and 0: not /^ext[0-9]+$/
    assert suite.coverage.missing == []

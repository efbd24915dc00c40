"""The one flow description: steps, passes, hand-offs between flows, the mapping onto the model, the failure policy."""

from __future__ import annotations

import pytest

from ivr.formats.flow import (FLOW_END, UNCOUNTED, UNLIMITED, AfterLast, Edge, Flow, Semantics, Step, collapse_passes,
                              drop_failure_paths, drop_unreached, link, reachable, retarget, to_menu)
from ivr.formats.flow.tomodel import estate_menu
from ivr.formats.semantics import settle
from ivr.model.menu import Fallback, Location, Node, Ref

AT = Location("f.json", 1, 1, "")
#: a platform that counts tries, replays on silence and hangs up after the last
COUNTED = Semantics("counted", tries=3, no_input=Fallback.REPLAY, no_match=Fallback.REPLAY,
                    after_last=AfterLast.DISCONNECT)
NEVER = Semantics("never gives up", tries=UNLIMITED, no_input=Fallback.REPLAY, no_match=Fallback.REPLAY,
                  after_last=AfterLast.REPLAY)
ONCE = Semantics("asks once", tries=1, no_input=Fallback.DISCONNECT, no_match=Fallback.DISCONNECT,
                 after_last=AfterLast.OWN_WAY)


def at(line: int) -> Location:
    return Location("f.json", line, 1, f"/{line}")


def to(target: str, line: int = 1, when: str | None = None) -> Edge:
    return Edge(target, at(line), when)


def flow(*steps: Step, start: str | None = None, semantics: Semantics = COUNTED, name: str = "main") -> Flow:
    return Flow(name, "f.json", to(start or steps[0].id), {s.id: s for s in steps}, semantics, AT)


def menu_node(**fields) -> Node:
    return Node(id="m", type="menu", location=at(3), **fields)


# --- the failure policy ----------------------------------------------------------------------------------


def test_a_counted_platform_gives_its_tries_then_its_after_last():
    node = menu_node()
    settle(node, COUNTED)
    assert (node.retries, node.on_fail, node.when_no_input, node.when_no_match, node.when_failed) == (
        3, None, Fallback.REPLAY, Fallback.REPLAY, Fallback.DISCONNECT)
    counted = menu_node(on_fail=Ref("agent", at(4)))
    settle(counted, COUNTED, tries=5)  # the source counts its own
    assert (counted.retries, counted.on_fail.target) == (5, "agent")


def test_a_platform_that_never_gives_up_asks_again_without_end():
    node = menu_node(no_input=Ref("sorry", at(5)))
    settle(node, NEVER)
    assert (node.retries, node.on_fail, node.when_failed) == (UNCOUNTED, Ref("m", at(3)), Fallback.REPLAY)


def test_a_one_try_platform_counts_only_how_often_a_step_runs_in_a_row():
    studio = Semantics("studio", tries=1, no_input=Fallback.DISCONNECT, no_match=Fallback.DISCONNECT,
                       after_last=AfterLast.OWN_WAY, repeats=10)
    node = menu_node(no_input=Ref("m", at(3)), no_match=Ref("sorry", at(6)))
    settle(node, studio)
    # each failure takes its own way; a way back to the step asks again, ten times in a row, then the call ends
    assert (node.retries, node.on_fail, node.when_failed) == (10, None, Fallback.DISCONNECT)
    unlimited = menu_node(no_input=Ref("m", at(3)))
    settle(unlimited, ONCE)
    assert (unlimited.retries, unlimited.on_fail.target, unlimited.when_no_match) == (UNCOUNTED, "m",
                                                                                        Fallback.DISCONNECT)


@pytest.mark.parametrize("fields, words", [
    ({"tries": 0}, "tries must be 1 to 100"),
    ({"tries": 101}, "tries must be 1 to 100"),
    ({"tries": 2, "after_last": AfterLast.OWN_WAY}, "asks once"),
    ({"tries": 1, "after_last": AfterLast.OWN_WAY}, "ends the call where no way is written"),
])
def test_semantics_that_mean_nothing_are_refused_when_declared(fields, words):
    declared = {"tries": 1, "no_input": Fallback.REPLAY, "no_match": Fallback.REPLAY,
                "after_last": AfterLast.DISCONNECT} | fields
    with pytest.raises(ValueError, match=words):
        Semantics("bad", **declared)


def test_the_same_menu_fails_the_same_from_any_platform_that_counts_no_tries():
    # a VoiceXML-like platform (reprompts without end) and a Connect-like one (one try, its own ways): a menu
    # whose failures all lead back to itself asks again for as long as the caller stays, on both
    looping = Step("m", "menu", at(3), text="Press 1.", options=[to("end", 4, "1")], no_input=to("m", 5),
                   no_match=to("m", 6))
    end = Step("end", "hangup", at(7))
    one = to_menu(flow(looping, end, semantics=NEVER), "a").nodes["m"]
    other = to_menu(flow(looping, end, semantics=ONCE), "b").nodes["m"]
    assert (one.retries, one.on_fail.target) == (other.retries, other.on_fail.target) == (UNCOUNTED, "m")


def test_a_step_may_fail_as_an_application_of_its_own():
    read = Semantics("read", tries=1, no_input=Fallback.REPLAY, no_match=Fallback.REPLAY,
                     after_last=AfterLast.DISCONNECT)
    ask = Step("ask", "input", at(2), audio=["pin"], goto=to("next", 3), on_fail=to("next", 3), tries=3,
               semantics=read)
    node = to_menu(flow(ask, Step("next", "hangup", at(4)), semantics=NEVER), "x").nodes["ask"]
    assert (node.retries, node.on_fail.target, node.when_no_input) == (3, "next", Fallback.REPLAY)


# --- the mapping -----------------------------------------------------------------------------------------


def test_steps_become_nodes_located_where_written():
    menu = Step("m", "menu", at(2), label="Main", text="Press 1.", audio=["beep.wav"], prompt_location=at(9),
                options=[Edge("a", at(4), "1", "sales", at=at(3)), Edge("b", at(5), "1")],
                branches=[], no_match=to("m", 6))
    branch = Step("a", "branch", at(10), branches=[Edge("b", at(12), "x > 1", at=at(11))], otherwise=to("b", 13))
    hang = Step("b", "hangup", at(14))
    result = to_menu(flow(menu, branch, hang), "test")
    node = result.nodes["m"]
    assert (node.label, node.format, node.prompt.texts, node.prompt.audio, node.prompt.location) == (
        "Main", "test", {"": "Press 1."}, "beep.wav", at(9))
    option = node.options["1"]  # the first option of a key wins
    assert (option.goto, option.location, option.label) == (Ref("a", at(4)), at(3), "sales")
    (case,) = result.nodes["a"].branches
    assert (case.when, case.goto, case.location) == ("x > 1", Ref("b", at(12)), at(11))
    assert (result.start, result.location, result.files) == (Ref("m", at(1)), AT, ())  # (): the file alone


def test_a_message_that_says_nothing_and_goes_on_is_a_system_step():
    silent = Step("s", "message", at(2), goto=to("b", 3), description="<subdialog>")
    node = to_menu(flow(silent, Step("b", "hangup", at(4))), "x").nodes["s"]
    assert (node.type, node.goto, node.otherwise) == ("branch", None, Ref("b", at(3)))


def test_a_handoff_to_a_flow_not_given_is_an_external_node():
    hand = Step("h", "handoff", at(2), "TransferToFlow", target_text="TransferToFlow billing", flow_ref="billing")
    node = to_menu(flow(hand), "x").nodes["h"]
    assert (node.type, node.target_text) == ("external", "TransferToFlow billing (a flow not given)")


def test_an_estate_prefixes_ids_follows_handoffs_and_returns_from_a_subflow():
    main = flow(Step("ask", "message", at(1), text="Hello", goto=to("sub", 2)),
                Step("sub", "handoff", at(3), "run-subflow", flow_ref="helper", goto=to("bye", 4)),
                Step("bye", "hangup", at(5)), name="main")
    helper = flow(Step("hi", "message", at(1), text="Help", goto=to("done", 2)),
                  Step("done", "hangup", at(3), FLOW_END), name="helper")
    helper.language = "fr"
    (estate,) = link([helper, main])
    assert [f.name for f in estate.flows] == ["main", "helper"]
    menu = estate_menu(estate, "x")
    assert sorted(menu.nodes) == ["helper::hi", "main::ask", "main::bye"]
    assert menu.nodes["main::ask"].goto.target == "helper::hi"  # the hand-off: into the flow given
    assert menu.nodes["helper::hi"].goto.target == "main::bye"  # its end returns to where the caller goes on
    assert menu.nodes["helper::hi"].prompt.texts == {"fr": "Help"}  # not the menu's language: named


# --- passes ----------------------------------------------------------------------------------------------


def test_pass_steps_collapse_and_a_loop_of_them_is_an_external_step():
    f = flow(Step("set", "pass", at(1), "set-variables", goto=to("log", 2)),
             Step("log", "pass", at(3), "log", goto=to("m", 4)),
             Step("m", "message", at(5), text="Hi", goto=to("spin", 6)),
             Step("spin", "pass", at(7), "loop", goto=to("spin", 8)))
    collapse_passes(f)
    assert f.start.target == "m" and sorted(f.steps) == ["m", "spin"]
    assert (f.steps["spin"].kind, f.steps["spin"].target_text) == ("external", "loop loop")


def test_reachable_in_the_order_a_caller_finds_steps_and_retarget_follows_chains():
    steps = {s.id: s for s in (Step("a", "menu", at(1), options=[to("c", 2, "1")], no_input=to("b", 3)),
                               Step("b", "hangup", at(4)), Step("c", "branch", at(5), otherwise=to("d", 6)),
                               Step("d", "hangup", at(7)), Step("x", "hangup", at(8)))}
    assert list(reachable(steps, "a")) == ["a", "b", "c", "d"]
    retarget(steps, {"c": "d", "d": "b"})
    assert steps["a"].options[0] == Edge("b", at(2), "1")


def test_what_only_a_failed_transfer_reaches_is_dropped_and_said():
    f = flow(Step("q", "transfer", at(1), queue="agents"), Step("sorry", "message", at(2), text="Sorry",
                                                               goto=to("bye", 3)),
             Step("bye", "hangup", at(4)))
    f.failure_targets.add("sorry")
    drop_failure_paths(f)
    assert sorted(f.steps) == ["q"]
    assert [s.why for s in f.summary.skipped] == ["runs only after a failed transfer or hand-off, which is not "
                                                  "analysed"] * 2


def test_drop_unreached_keeps_what_a_kept_step_leads_to():
    f = flow(Step("a", "message", at(1), text="Hi", goto=to("end", 2)), Step("end", "hangup", at(3)),
             Step("orphan", "hangup", at(4)))
    drop_unreached(f, {"end", "orphan"})
    assert sorted(f.steps) == ["a", "end"] and f.summary.skipped == []

"""What a dialplan means to a caller: menus, options, failure paths, people, hand-offs, the summary."""

from __future__ import annotations

from pathlib import Path


from ivr.formats.asterisk import apps, entries
from ivr.formats.asterisk.dialplan import parse_files, parse_text
from ivr.formats.asterisk.entries import read_flows
from ivr.formats.asterisk.walker import READ, Walker
from ivr.formats.flow import reachable, to_menu

from tests.conftest import corpus_file

ASTERISK = Path(__file__).parents[1] / "fixtures" / "formats" / "asterisk"


def _read(*names: str):
    return read_flows(parse_files([str(ASTERISK / name) for name in names]))


def _only(result):
    (flow,) = result.flows
    return flow


def _targets(step):
    return {o.when: o.target for o in step.options}


def test_freepbx_pair_is_one_ivr_with_the_inbound_route_as_entry():
    result = _read("freepbx/extensions_additional.conf", "freepbx/extensions_custom.conf")
    flow = _only(result)
    assert flow.name == "ext-did-0001 5551230000"
    assert [Path(f).name for f in flow.files] == ["extensions_additional.conf", "extensions_custom.conf"]
    main = flow.steps[flow.start.target]
    assert (main.kind, main.label, main.audio, main.timeout) == ("menu", "ivr-2 (Main menu)",
                                                                 ["custom/main-greeting"], 5.0)
    assert _targets(main) == {"1": "ext-queues,400", "2": "ivr-3,s,5", "3": "custom-hours,s,1"}
    # INVALID_LOOPCOUNT > 3: four tries; the retry replays the menu, then 'final'
    assert (main.tries, main.no_match.target, main.no_input.target) == (4, main.id, main.id)
    assert flow.steps[main.on_fail.target].audio == ["no-valid-responce-transfering"]
    assert flow.steps[flow.steps[main.on_fail.target].goto.target].description == "app-blackhole: hangs up"
    assert flow.steps["ext-queues,400"].kind == "transfer"


def test_freepbx_empty_ivr_msg_is_no_greeting_and_a_missing_t_hangs_up():
    flow = _only(_read("freepbx/extensions_additional.conf", "freepbx/extensions_custom.conf"))
    billing = flow.steps["ivr-3,s,5"]
    assert billing.audio == [] and billing.label == "ivr-3 (Billing)"
    hangup = flow.steps[billing.no_input.target]  # no t: the call ends, said by a hangup of its own
    assert (hangup.kind, hangup.id, hangup.location.line) == ("hangup", "ivr-3,t,missing", 63)
    # the retry counter sends a wrong key to the main menu, not back to Billing
    assert (billing.tries, billing.no_match.target, billing.on_fail.target) == (3, "ivr-2,s,10", "ext-queues,400")
    assert flow.steps["ext-local,vmu300"].kind == "voicemail"


def test_freepbx_summary_counts_what_is_left_out_and_why():
    summary = _read("freepbx/extensions_additional.conf", "freepbx/extensions_custom.conf").summary
    assert (summary.read, summary.used) == (8, 5)
    assert summary.by_reason() == {
        "inbound route with no menu": ["ext-did-0002 5551239999"],
        "phone macro or subroutine": ["macro-user-callerid"],
        "voicemail administration": ["app-dialvm"],
        "outbound route": ["outrt-1"],
    }


def test_queue_is_a_person_and_its_voicemail_fallback_a_failed_transfer_left_out():
    result = _read("freepbx/extensions_additional.conf", "freepbx/extensions_custom.conf")
    flow = _only(result)
    queue = flow.steps["custom-hours,open,2"]
    assert (queue.kind, queue.queue) == ("transfer", "support")
    assert not any(s.mailbox == "500" for s in flow.steps.values())
    assert "Queue() at custom-hours,open,2" in result.failed_transfers
    hours = flow.steps["custom-hours,s,1"]
    assert hours.branches[0].target == "custom-hours,open,1" and hours.otherwise.target == "custom-hours,s,2"


def test_gotoif_both_branches_gosub_and_macro_followed():
    flow = _only(_read("pass-control.conf"))
    vip = flow.steps["control,1,1"]
    assert vip.branches[0].target == "control,vip,1"
    assert vip.otherwise.target == "sub-announce,s,1@control,1,2"  # the empty branch goes on, into the Gosub
    announce = flow.steps[vip.otherwise.target]
    assert announce.goto.target == "macro-closing,s,1@control,1,3"  # Return() comes back, then the Macro
    assert flow.steps[announce.goto.target].goto.target == "control,1,4"  # the macro's end returns
    assert flow.steps["control,1,4"].kind == "hangup"


def test_waitexten_timeout_goes_on_at_the_next_priority_before_t():
    flow = _only(_read("pass-control.conf"))
    menu = flow.steps[flow.start.target]
    assert menu.no_input.target == "control,agents,1"
    assert menu.no_match.target == "control,i,1"
    # the queue is a person; the blackhole after it only a failed transfer reaches (left out)
    assert flow.steps["control,agents,1"].kind == "transfer" and "app-blackhole,ring" not in flow.steps


def test_targets_that_cannot_be_followed_are_external_with_their_text():
    result = _read("pass-control.conf")
    menu = _only(result).steps[_only(result).start.target]
    three, four = (_only(result).steps[_targets(menu)[k]] for k in ("3", "4"))
    assert (three.kind, three.target_text) == ("external", "${CUT(DEST,^,1)},${CUT(DEST,^,2)},1")
    assert (four.kind, four.target_text) == ("external", "elsewhere,s,1")
    assert result.summary.external == ["${CUT(DEST,^,1)},${CUT(DEST,^,2)},1", "elsewhere,s,1"]


def test_calls_into_contexts_not_given_are_noted_and_read_as_returning():
    # FreePBX's helpers (app-blacklist-check here) return: the call goes on, nothing to note
    assert _read("freepbx/extensions_additional.conf", "freepbx/extensions_custom.conf").warnings == []
    plan = parse_text("[m]\nexten => s,1,Gosub(crm-lookup,s,1(${CALLERID(num)}))\n same => n,Background(hello)\n"
                      " same => n,WaitExten()\nexten => 1,1,Queue(q)\n", "x.conf")
    (note,) = read_flows(plan).warnings
    assert (note.location.line, note.location.column) == (2, 1)
    assert note.message.startswith("Gosub(crm-lookup,s,1(${CALLERID(num)})) not followed")


def test_targets_asterisk_cannot_go_to_lead_to_ids_no_step_has_and_the_read_goes_on():
    result = _read("pass-unknown-target.conf")
    assert result.errors == []
    support = _only(result)  # ivr-6, whose wrong keys go to ivr-5
    menu = support.steps["ivr-5,s,2"]
    options = _targets(menu)
    # a queue ext-queues does not define, a label s does not have: no step (unknown-target; Asterisk hangs up)
    assert options["1"] == "ext-queues,900,1" and "ext-queues,900,1" not in support.steps
    assert options["3"] == "ivr-5,s,restart" and "ivr-5,s,restart" not in support.steps
    assert support.steps[options["2"]].kind == "transfer"  # Queue(400): a person
    # ivr-6 has no extension 8: Asterisk sends the call to ivr-6's 'i'
    assert options["4"] == "ivr-6,i,1"
    # FreePBX's destination left unset: the last wrong key plays, then Goto() ends the call
    final = support.steps[menu.on_fail.target]
    assert (final.kind, final.goto.target, final.goto.location.line) == ("message", "Goto()", 15)


def test_read_followed_by_a_choice_is_a_menu_and_read_alone_is_input():
    flow = _only(_read("pass-read-choice.conf"))
    menu = flow.steps[flow.start.target]
    assert (menu.kind, menu.audio, menu.timeout) == ("menu", ["press-1-or-2"], 5.0)
    assert _targets(menu) == {"1": "read-menu,sales,1", "2": "read-menu,account,1"}
    assert menu.no_match.target == menu.no_input.target == "read-menu,s,4"
    account = flow.steps["read-menu,account,1"]
    assert (account.kind, account.max_digits) == ("input", 8)
    assert flow.steps[account.goto.target].target_text == "${NEXT_CONTEXT},s,1"  # set by the AGI script


def test_read_asks_as_many_times_as_its_attempts_then_goes_on():
    flow = _only(_read("pass-read-choice.conf"))
    menu, account = flow.steps["read-menu,s,1"], flow.steps["read-menu,account,1"]
    # Read() with no attempts argument asks once: silence, like any digits, goes on at the next priority
    assert (menu.semantics, menu.tries, menu.on_fail.target) == (READ, 1, "read-menu,s,4")
    assert (account.semantics, account.tries) == (READ, 1)
    assert account.no_input.target == account.no_match.target == account.on_fail.target == account.goto.target
    plan = parse_text("[r]\nexten => s,1,Background(menu)\n same => n,WaitExten(5)\n"
                      "exten => 1,1,Read(PIN,enter-pin,4,,3,5)\n same => n,Hangup()\n", "r.conf")
    (flow,) = read_flows(plan).flows
    pin = flow.steps["r,1,1"]
    # three attempts: silence asks again (the platform's replay), then the dialplan goes on
    assert (pin.kind, pin.tries, pin.no_input, pin.no_match.target) == ("input", 3, None, pin.on_fail.target)
    menu_node = to_menu(flow, "asterisk").nodes[pin.id]
    assert (menu_node.retries, menu_node.when_no_input, menu_node.on_fail.target) == (3, "replay", pin.goto.target)


def test_options_in_a_playback_and_no_i_or_t():
    flow = _only(_read("pass-playback-menu.conf"))
    menu = flow.steps[flow.start.target]
    assert menu.interruptible is False
    assert (menu.no_input.target, menu.no_match.target) == ("playback-menu,t,missing", "playback-menu,i,missing")
    assert flow.steps["playback-menu,i,missing"].description == "no i or e extension: a wrong key hangs up"
    assert set(_targets(menu)) == {"1", "_[a-z]X"}


def test_corpus_sample_demo_menu():
    result = read_flows(parse_files([str(corpus_file("asterisk", "asterisk__asterisk__extensions.conf.sample"))]))
    assert result.errors == []
    flow = _only(result)
    assert flow.name == "demo"
    menus = [s for s in flow.steps.values() if s.kind == "menu"]
    assert [m.id for m in menus] == ["demo,s,6"]  # s,instruct; s,restart's Background is a message before it
    congrats = flow.steps[flow.start.target]
    assert (congrats.kind, congrats.audio, congrats.goto.target) == ("message", ["demo-congrats"], "demo,s,6")
    main = menus[0]
    assert len(main.options) == 12
    assert "_stde[x]te[n]-." not in _targets(main)  # include => stdexten: no keypad dials it, no option
    assert sum(s.kind == "transfer" for s in flow.steps.values()) == 1
    # a wrong key plays 'invalid' and the extension ends: the caller is hung up on
    wrong = flow.steps[main.no_match.target]
    assert wrong.audio == ["invalid"] and flow.steps[wrong.goto.target].kind == "hangup"
    assert result.summary.read == 28 and result.summary.used == 1  # demo; stdexten is a subroutine not called
    assert len(result.summary.by_reason()["outbound route"]) == 8


def test_background_ending_the_extension_is_a_menu_and_e_catches_both_failures():
    flow = _only(_read("pass-exception.conf"))
    menu = flow.steps[flow.start.target]
    assert (menu.kind, menu.audio, menu.timeout) == ("menu", ["main-menu"], 8.0)  # TIMEOUT(response)=8
    assert menu.no_input.target == menu.no_match.target == "exception-menu,e,1"
    assert flow.steps["exception-menu,e,1"].goto.target == menu.id
    one = flow.steps[_targets(menu)["1"]]
    assert (one.kind, one.number) == ("transfer", "101")  # FreePBX macro exten-vm rings extension 101
    assert flow.steps[_targets(menu)["2"]].description == "app-blackhole: plays busy, then hangs up"


def _menu_context(name: str, *targets: str) -> list[str]:
    """A menu context: a prompt, a wait, key N to the Nth target, 9 hangs up."""
    return [f"[{name}]", "exten => s,1,Background(welcome)", " same => n,WaitExten(5)",
            *(f"exten => {key},1,Goto({target},s,1)" for key, target in enumerate(targets, 1)),
            "exten => 9,1,Hangup()", ""]


def _read_text(tmp_path, lines: list[str]):
    path = tmp_path / "extensions.conf"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return read_flows(parse_files([str(path)]))


def test_without_routes_a_menu_another_menu_leads_to_is_part_of_that_ivr(tmp_path):
    # r -> a ring c0..c3; y -> the pair x0/x1 and into the ring; 'lone' leads nowhere; 'rd' only reads digits (an
    # input: an IVR too); 'pb' only plays
    lines = _menu_context("r", "c0")
    for i in range(4):
        lines += _menu_context(f"c{i}", f"c{(i + 1) % 4}")
    lines += [*_menu_context("x0", "x1"), *_menu_context("x1", "x0"), *_menu_context("y", "x0", "c3"),
              *_menu_context("lone"), "[rd]", "exten => s,1,Read(X,prompt,4)", " same => n,Hangup()",
              "[pb]", "exten => s,1,Background(hello)", " same => n,Playback(bye)", " same => n,Hangup()", ""]
    result = _read_text(tmp_path, lines)
    contexts = {flow.name: {sid.split(",")[0] for sid in flow.steps} for flow in result.flows}
    assert contexts == {"r": {"r", "c0", "c1", "c2", "c3"}, "y": {"y", "x0", "x1", "c0", "c1", "c2", "c3"},
                        "lone": {"lone"}, "rd": {"rd"}}
    assert result.summary.by_reason() == {"no menu": ["pb"]}


def test_entries_are_judged_without_walking_from_each(tmp_path, monkeypatch):
    # 3,000 menus, each leading to the next: one IVR, walked once (a walk per entry was quadratic)
    walks = []

    def counted(steps, start):
        walks.append(start)
        return reachable(steps, start)

    monkeypatch.setattr(entries, "reachable", counted)
    lines = [line for i in range(3000) for line in _menu_context(f"c{i}", *([f"c{i + 1}"] if i < 2999 else []))]
    result = _read_text(tmp_path, lines)
    (flow,) = result.flows
    assert flow.name == "c0" and walks == [flow.start.target]
    assert len({sid.split(",")[0] for sid in flow.steps}) == 3000
    assert (result.summary.read, result.summary.used, result.summary.skipped) == (3000, 3000, [])


def test_menus_that_lead_to_each_other_are_one_ivr_entered_at_the_first(tmp_path):
    # no menu is a submenu of none: before, each counted as the other's submenu and none was read
    lines = [*_menu_context("first", "second"), *_menu_context("second", "third"), *_menu_context("third", "first")]
    result = _read_text(tmp_path, lines)
    (flow,) = result.flows
    assert flow.name == "first" and flow.start.target == "first,s,1"
    assert {sid.split(",")[0] for sid in flow.steps} == {"first", "second", "third"}


def test_label_plus_n_is_jumped_to_and_a_gap_in_the_numbering_hangs_up():
    flow = _only(_read("pass-labels.conf"))
    lookup = flow.steps[_targets(flow.steps[flow.start.target])["1"]]
    assert lookup.kind == "branch"
    # GotoIf(...?failed) jumps to process+101; otherwise Set() at 3, and no priority 4: Asterisk hangs up
    assert lookup.branches[0].target == "lookup-menu,1,103"
    end = flow.steps[lookup.otherwise.target]
    assert (end.id, end.kind, end.location.line) == ("lookup-menu,1,4", "hangup", 9)
    assert "no priority 4 after priority 3" in end.description
    # the jump to the label 'again' of i is where silence goes too
    menu = flow.steps[flow.start.target]
    assert menu.no_input.target == menu.id and flow.steps[menu.no_match.target].goto.target == menu.id


def test_an_included_extension_runs_in_the_including_context():
    flow = _only(_read("pass-included-context.conf"))
    route = flow.steps[flow.start.target]
    # FreePBX's reverse-charge check jumps to a label no route has: Asterisk hangs up, as FreePBX means it to
    assert flow.steps[route.branches[0].target].kind == "hangup"
    menu = flow.steps[route.otherwise.target]
    direct = flow.steps[_targets(menu)["_X."]]
    # from-did-direct-ivr's Goto(i,1) is ivr-7's i (the call stays in ivr-7); ']]' is split where Asterisk splits it
    assert direct.id == "from-did-direct-ivr,_X.,1|ivr-7" and direct.branches[0].target == "ivr-7,i,1"


def test_gotoif_with_no_question_mark_takes_no_branch_and_goes_on():
    plan = parse_text("[m]\nexten => s,1,GotoIf($[1]:x)\n same => n,Background(hello)\n same => n,WaitExten()\n"
                      "exten => 1,1,Queue(q)\n", "x.conf")
    result = read_flows(plan)
    assert result.errors == [] and "takes no branch and goes on" in result.warnings[0].message
    flow = _only(result)
    assert flow.steps[flow.steps[flow.start.target].goto.target].kind == "menu"


def test_a_freepbx_route_passes_its_helpers_and_branches_to_the_ivr_behind_it():
    result = _read("pass-freepbx-route.conf")
    assert result.errors == [] and result.warnings == []  # the helpers return: nothing to note
    flow = _only(result)
    assert flow.name == "ext-did-0002 5551234567"
    anonymous = flow.steps[flow.start.target]  # sub-record-check, app-blacklist-check, user-callerid passed
    assert anonymous.kind == "branch" and flow.steps[anonymous.branches[0].target].kind == "hangup"
    # a Gosub into a subroutine given is followed, and Return() goes on at the next priority
    greet = flow.steps[anonymous.otherwise.target]
    assert (greet.audio, greet.goto.target) == (["custom/hello-again"], "ext-did-0002,5551234567,7")
    hours = flow.steps[greet.goto.target]
    assert hours.kind == "branch" and flow.steps[hours.branches[0].target].kind == "menu"
    after_hours = flow.steps[hours.otherwise.target]
    assert (after_hours.kind, after_hours.mailbox) == ("voicemail", "500")  # Macro(vm): never a person


def test_loopcount_counters_in_both_spellings_are_the_menus_tries():
    flow = _only(_read("pass-loopcount.conf"))
    menu = flow.steps[flow.start.target]
    # t: LOOPCOUNT < 3 ? s,start : hang,1 (counted up first: the 3rd silence gives up); i: > 2 ? hang,1
    assert (menu.tries, menu.no_input.target, menu.on_fail.target) == (3, menu.id, "ivr-8,hang,1")
    assert flow.steps[menu.no_match.target].audio == ["invalid"]
    assert flow.steps[_targets(menu)["1"]].kind == "voicemail"


def test_voicemail_mailboxes_messages_and_lookups_are_never_a_person():
    flow = _only(_read("pass-never-a-person.conf"))
    menu = flow.steps[flow.start.target]
    options = {k: flow.steps[t] for k, t in _targets(menu).items()}
    assert options["1"].kind == options["2"].kind == "voicemail"  # VoiceMail, VoiceMailMain
    assert flow.steps[options["3"].goto.target].kind == "hangup"  # Playback, then Hangup
    # AGI and CURL look something up and the dialplan goes on: a message, then the menu again
    balance = options["4"]
    assert balance.audio == ["custom/your-balance-is"]
    assert not any(s.kind in ("external", "transfer") for s in flow.steps.values())


def test_what_follows_a_dial_or_queue_is_a_failed_transfer_left_out_as_in_every_reader():
    result = _read("pass-dial-then-more.conf")
    flow = _only(result)
    menu = flow.steps[flow.start.target]
    sales, support = (flow.steps[o.target] for o in menu.options)
    assert (sales.kind, sales.number, sales.goto) == ("transfer", "SIP/sales", None)
    assert (support.kind, support.queue, support.goto) == ("transfer", "support", None)
    # the voicemail after the Dial and the Goto to a context not given after the Queue are not walked
    assert not any(s.kind == "voicemail" or s.kind == "external" for s in flow.steps.values())
    assert result.failed_transfers == ["Dial() at main-menu,1,1", "Queue() at main-menu,2,1"]
    # the menu's options ring people: no no-human-option (before, each was a branch whose unanswered way
    # reached voicemail or a hand-off, and a menu counted as reaching a person only when every way did)
    from ivr.graph.build import build_graph
    from ivr.rules.runner import lint

    rules = {f.rule for f in lint(build_graph(to_menu(flow, "asterisk")))}
    assert "no-human-option" not in rules and "unresolved-handoff" not in rules


def test_freepbx_direct_dial_read_in_a_while_loop_is_a_menu_of_the_contexts_extensions():
    flow = _only(_read("pass-freepbx-directdial.conf"))
    menu = flow.steps[flow.start.target]
    assert (menu.kind, menu.label, menu.audio, menu.timeout) == ("menu", "ivr-7 (Direct dial menu)",
                                                                 ["custom/welcome-dd"], 4.0)
    assert _targets(menu) == {"1": "ext-queues,400", "22": "ext-local,vmu200"}
    assert menu.max_digits == 2
    # wrong keys and silence go to i and t, whose counters give three tries, then the queue
    assert (menu.no_match.target, menu.no_input.target, menu.tries) == (menu.id, menu.id, 3)
    final = flow.steps[menu.on_fail.target]
    assert (final.audio, final.goto.target) == (["no-valid-responce-transfering"], "ext-queues,400")
    # without the Goto to the extension keyed in, a Read() alone stays an input
    plan = parse_text("[m]\nexten => s,1,Read(IVREXT,hello,1,,0,4)\n same => n,Goto(other,s,1)\n"
                      "exten => 1,1,Hangup()\n[other]\nexten => s,1,Hangup()\n", "m.conf")
    walker = Walker(plan)
    sid = walker.at("m", "s", 0, None)
    walker.build()
    assert walker.steps[sid].kind == "input"


def test_a_dialplan_whose_only_interaction_is_read_is_an_ivr_of_one_input():
    result = _read("pass-read-only.conf")
    flow = _only(result)
    assert flow.name == "code-check _X."
    entry = flow.steps[flow.start.target]
    assert (entry.kind, entry.audio, entry.max_digits, entry.tries) == ("input", ["enter-code"], 6, 2)
    # the Dial() inside the ;-- --; block comment is not read; the ;---- line comment hides nothing
    assert not any(s.kind == "transfer" for s in flow.steps.values())
    assert result.summary.skipped == []


def test_an_included_subroutines_pattern_no_keypad_can_dial_is_no_option():
    flow = _only(_read("pass-include-subroutine.conf"))
    menu = flow.steps[flow.start.target]
    assert set(_targets(menu)) == {"1", "500"}  # not _stdexten-.
    assert apps.keypad_can_dial("_1-800-NXX") and apps.keypad_can_dial("_[1-5]X.")
    assert not apps.keypad_can_dial("_stde[x]te[n]-.") and not apps.keypad_can_dial("_f[n]-.")


def test_a_macro_context_is_no_entry_even_when_it_reads_digits():
    # apps/app_macro.c: a macro-NAME context runs only through Macro(NAME); no call starts in it
    plan = parse_text("[macro-user-logon]\nexten => s,1,Read(AMPUSER,enter-ext,,,4)\n same => n,Hangup()\n"
                      "[desk]\nexten => s,1,Read(PIN,enter-pin,4)\n same => n,Hangup()\n", "m.conf")
    assert [flow.name for flow in read_flows(plan).flows] == ["desk"]


def test_a_pattern_that_takes_every_key_leaves_no_wrong_key():
    """_[0-9#*] matches every key: the i extension is never taken for a key pressed, so it cuts no one off."""
    from ivr.model.keys import chooses_every_key, matches_key

    assert chooses_every_key(["_[0-9#*]"]) and not chooses_every_key(["_[0-9]"])
    assert chooses_every_key(["_X", "*", "#"]) and matches_key("_1!", "1") and not matches_key("_1.", "1")
    assert matches_key("/^[0-9]$/", "7") and not matches_key("_[0-9", "0")
    from ivr.formats.reading import read_all
    from ivr.graph.build import build_graph
    from ivr.rules.runner import lint

    reading = read_all([str(ASTERISK / "pass-every-key.conf")])
    (menu,) = reading.menus
    assert "disconnect-on-error" not in {f.rule for f in lint(build_graph(menu))}


def test_a_goto_to_an_unknown_target_reached_two_ways_is_one_finding(tmp_path):
    """Both GotoIf()s of a FreePBX inbound route run on into one Goto() to a queue FreePBX no longer defines
    (ext-queues is given, 400 is not in it): one fault, reported once at the Goto."""
    from ivr.formats.reading import read_all
    from ivr.graph.build import build_graph
    from ivr.rules.runner import lint

    plan = tmp_path / "extensions_additional.conf"
    plan.write_text("[ext-did-0002]\nexten => 5551000,1,Set(__FROM_DID=${EXTEN})\n"
                    "exten => 5551000,n,GotoIf($[\"${REVERSAL_REJECT}\"!=\"TRUE\"]?post)\n"
                    "exten => 5551000,n,GotoIf($[\"${CHANNEL(reversecharge)}\"=\"1\"]?macro-hangupcall)\n"
                    "exten => 5551000,n(post),Noop()\nexten => 5551000,n,Goto(ext-queues,400,1)\n\n"
                    "[ext-queues]\nexten => 401,1,Queue(401)\n\n"
                    "[ivr-1]\nexten => s,1,Background(custom/welcome)\nexten => s,n,WaitExten(5)\n"
                    "exten => 1,1,Goto(ext-did-0002,5551000,1)\nexten => 0,1,Goto(ext-queues,401,1)\n"
                    "exten => i,1,Goto(ivr-1,s,1)\nexten => t,1,Goto(ivr-1,s,1)\n")
    menus = read_all([str(plan)]).menus
    assert menus
    for menu in menus:  # the route is an IVR of its own, and a part of ivr-1's: each says the fault once
        found = [f for f in lint(build_graph(menu)) if f.rule == "unknown-target"]
        assert [(f.location.line, "'ext-queues,400,1'" in f.message) for f in found] == [(6, True)]


def test_a_test_that_read_got_nothing_is_the_way_silence_takes():
    """apps/app_read.c: after the last attempt with no digits the variable is empty (READSTATUS TIMEOUT) and the
    dialplan goes on; a GotoIf testing that (past Noop/Verbose/Log) is where a silent caller goes."""
    result = _read("pass-read-only.conf")  # Read(CODE,enter-code,6,,2,5) then GotoIf($[${LEN(${CODE})} = 0]?nothing)
    flow = _only(result)
    entry = flow.steps[flow.start.target]
    assert (entry.no_input, entry.tries) == (None, 2)  # a second attempt first
    assert flow.steps[entry.on_fail.target].audio == ["no-code-entered"]
    assert entry.goto.target == entry.no_match.target == "code-check,_X.,5"  # digits go on to the check
    for test in ('$[${LEN(${PIN})}=0]', '$["${PIN}" = ""]', '$[${ISNULL(${PIN})}]', '$["${READSTATUS}" = "TIMEOUT"]'):
        plan = parse_text("[pin]\nexten => _X.,1,Read(PIN,enter-pin,4,n,1,3)\n same => n,NoOp(got ${PIN})\n"
                          f" same => n,GotoIf({test}?none)\n same => n,Playback(checking)\n same => n,Hangup()\n"
                          " same => n(none),Playback(nothing-entered)\n same => n,Hangup()\n", "pin.conf")
        flow = _only(read_flows(plan))
        entry = flow.steps[flow.start.target]
        # one attempt: the first silence is the last, and takes on_fail (as the simulation and the rules read tries)
        assert (entry.no_input, entry.tries) == (None, 1)
        assert flow.steps[entry.on_fail.target].audio == ["nothing-entered"], test
        assert flow.steps[entry.goto.target].audio == ["checking"], test
    # a test of another variable, or one past a Set (which may change it), is not silence's way
    for between, test in (("", '$[${LEN(${OTHER})}=0]'), (" same => n,Set(PIN=0)\n", '$[${LEN(${PIN})}=0]')):
        plan = parse_text(f"[pin]\nexten => _X.,1,Read(PIN,enter-pin,4,n,1,3)\n{between}"
                          f" same => n,GotoIf({test}?none)\n same => n,Hangup()\n"
                          " same => n(none),Playback(nothing-entered)\n same => n,Hangup()\n", "pin.conf")
        flow = _only(read_flows(plan))
        entry = flow.steps[flow.start.target]
        assert entry.no_input == entry.goto, test


def test_a_dial_to_the_start_of_another_systems_dialplan_is_a_hand_off_not_a_person():
    """IAX2/peer/s@context runs extension s of that context on the far Asterisk: its menu, not a phone."""
    text = ("[demo]\nexten => s,1,Background(demo-instruct)\n same => n,WaitExten()\n"
            "exten => 5,1,Dial(IAX2/guest@demo.example.org/s@default)\n same => n,Playback(demo-nogo)\n"
            "exten => 6,1,Dial(IAX2/office/s)\n"
            "exten => 7,1,Dial(IAX2/office/200@phones)\n"
            "exten => 8,1,Dial(IAX2/guest@demo.example.org/s@default&SIP/200)\n")
    flow = _only(read_flows(parse_text(text, "demo.conf")))
    menu = flow.steps[flow.start.target]
    kinds = {o.when: flow.steps[o.target].kind for o in menu.options}
    assert kinds == {"5": "external", "6": "external", "7": "transfer", "8": "transfer"}
    five = flow.steps[_targets(menu)["5"]]
    assert five.target_text == "Dial(IAX2/guest@demo.example.org/s@default)"

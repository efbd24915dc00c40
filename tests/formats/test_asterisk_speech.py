"""Speech menus in dialplans (issue 22): res_speech's SpeechBackground and UniMRCP's MRCPRecog / SynthAndRecog,
read as menus whose options are the words the dialplan tests, or as inputs when nothing tests the result."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from ivr.cli import cli
from ivr.formats.asterisk.dialplan import parse_files, parse_text
from ivr.formats.asterisk.entries import read_flows
from ivr.formats.asterisk.walker import SPEECH
from ivr.formats.flow import to_menu

ASTERISK = Path(__file__).parents[1] / "fixtures" / "formats" / "asterisk"


def _flows(text: str):
    return read_flows(parse_text(text, "speech.conf")).flows


def _fixture():
    return {flow.start.target: flow for flow in read_flows(parse_files([str(ASTERISK / "pass-speech.conf")])).flows}


def test_speechbackground_tested_for_words_is_a_menu_of_those_words_and_keys_count_too():
    flow = _fixture()["speech-main,s,5"]
    menu = flow.steps["speech-main,s,5"]
    assert (menu.kind, menu.audio, menu.timeout, menu.semantics, menu.tries, menu.on_fail) == (
        "menu", ["custom/say-department"], 5.0, SPEECH, None, None)
    # app_speech_utils.c: keys pressed during SpeechBackground become the result's text (grammar "dtmf")
    assert menu.input_modes == ("speech", "dtmf")
    assert {o.when: o.target for o in menu.options} == {
        "sales": "speech-main,sales,1", "support": "speech-support,s,1", "billing": "speech-main,billing,1",
        "3": "speech-main,billing,1"}  # either word of $[$[...] | $[...]]
    # nothing recognised (SPEECH(results) = 0) is tested first: silence goes there; a word no test takes goes on
    assert menu.no_input.target == "speech-main,s,13"
    assert menu.no_match.target == "speech-main,s,11"
    # it listens once and each failure takes its own way: nothing is counted, no way 'after the last try'
    node = to_menu(flow, "asterisk").nodes["speech-main,s,5"]
    assert (node.no_input.target, node.no_match.target, node.counts_tries) == (
        "speech-main,s,13", "speech-main,s,11", False)
    assert flow.steps["speech-main,s,11"].goto.target == "speech-main,s,5"  # Goto(listen) asks again


def test_mrcprecog_answer_copied_to_a_variable_and_its_completion_cause_are_followed():
    flow = _fixture()["speech-main,s,5"]
    recog = flow.steps["speech-support,s,1"]
    assert (recog.kind, recog.audio, recog.timeout) == ("menu", ["custom/is-it-urgent"], 4.0)  # f=, nit= in ms
    assert {o.when: o.target for o in recog.options} == {"true": "speech-support,urgent,1"}
    assert recog.no_input.target == "speech-support,s,1"  # RECOG_COMPLETION_CAUSE 002: no input
    assert recog.no_match.target == "speech-support,queue,1"  # the test's other label
    # a built-in speech grammar and no i= option: keys match nothing (UniMRCP sends them to the server)
    assert recog.input_modes == ("speech",)


def test_a_result_nothing_tests_is_an_input_and_a_goto_to_the_words_said_stays_a_hand_off():
    flow = _fixture()["speech-survey,s,1"]
    survey = flow.steps["speech-survey,s,1"]
    assert (survey.kind, survey.text, survey.audio, survey.timeout) == (
        "input", "How would you rate our service today?", [], 8.0)
    heard = flow.steps[survey.goto.target]
    assert (heard.kind, heard.input_modes) == ("input", ("speech", "dtmf"))
    assert flow.steps[heard.goto.target].kind == "external"  # Goto(${SPEECH_TEXT(0)},1): known only when it runs
    node = to_menu(flow, "asterisk").nodes["speech-survey,s,1"]
    assert node.input_modes == ("speech",)


def test_keys_are_told_usable_by_grammar_and_option_as_unimrcp_documents():
    def modes(app: str) -> tuple[str, ...]:
        (flow,) = _flows(f"[r]\nexten => s,1,{app}\n same => n,Hangup()\n")
        return flow.steps["r,s,1"].input_modes
    assert modes("MRCPRecog(builtin:speech/transcribe,t=5000)") == ("speech",)
    assert modes("MRCPRecog(builtin:speech/transcribe,i=any)") == ("speech", "dtmf")  # a key ends it
    assert modes("MRCPRecog(builtin:speech/transcribe$builtin:dtmf/digits)") == ("speech", "dtmf")
    # a grammar ivr cannot see (a URI, inline SRGS) may take keys: not said speech-only
    assert modes("MRCPRecog(http://example.com/menu.grxml,b=0)") == ("speech", "dtmf")
    (flow,) = _flows("[r]\nexten => s,1,MRCPRecog(http://example.com/menu.grxml,b=0)\n same => n,Hangup()\n")
    assert flow.steps["r,s,1"].interruptible is False  # b=0: no barge-in


def test_a_test_of_something_else_ends_the_choice_and_stays_a_branch():
    (flow,) = _flows('[r]\nexten => s,1,SpeechBackground(menu)\n'
                     ' same => n,GotoIf($["${SPEECH_TEXT(0)}" = "one"]?one,1)\n'
                     ' same => n,GotoIf($[${SPEECH_SCORE(0)} < 500]?again,1)\n'
                     ' same => n,GotoIf($["${SPEECH_TEXT(0)}" = "two"]?two,1)\n'
                     ' same => n,Hangup()\n'
                     'exten => one,1,Dial(PJSIP/1)\nexten => two,1,Dial(PJSIP/2)\n'
                     'exten => again,1,Goto(s,1)\n')
    menu = flow.steps["r,s,1"]
    assert [o.when for o in menu.options] == ["one"]
    branch = flow.steps[menu.no_match.target]
    assert branch.kind == "branch" and "SPEECH_SCORE" in branch.description
    # what the score test does not take is still followed: the later test of 'two' is a branch, not dropped
    assert flow.steps[branch.otherwise.target].kind == "branch"


def test_a_speech_menu_with_one_key_alternative_is_no_gap_in_the_keys():
    result = CliRunner().invoke(cli, ["check", str(ASTERISK / "pass-speech.conf")])
    assert result.exit_code == 0, result.output  # warnings and infos only
    assert "nonstandard-key" not in result.output
    # the MRCP menu and survey listen for speech only: callers who cannot be understood have no keypad
    assert result.output.count("no-input-fallback") == 2


def test_ael_if_and_switch_on_the_result_are_the_same_speech_menus():
    from ivr.formats.ael import reader
    source = ASTERISK.parent / "ael" / "pass-speech.ael"
    (menu,) = reader.link([reader.read(source.read_bytes(), str(source))])
    main = menu.nodes["speech-menu,s,4"]
    # if (...) {...} compiles to GotoIf(cond?then:after): the scan goes on after the block to the next test
    assert {key: o.goto.target for key, o in main.options.items()} == {
        "sales": "speech-menu,s,6", "support": "speech-support,s,1"}
    assert main.input_modes == ("speech", "dtmf") and main.no_match.target == "speech-menu,s,11"
    support = menu.nodes["speech-support,s,1"]
    # switch compiles to GotoIf(...?sw_N_true,10) then Goto(_sw_N_.,10): the default is what no case takes
    assert {key: o.goto.target for key, o in support.options.items()} == {"true": "speech-support,sw_3_true,10"}
    assert support.no_match.target == "speech-support,_sw_3_.,10"
    assert support.input_modes == ("speech", "dtmf")  # i=any: a key ends recognition


def test_unimrcp_no_match_and_no_input_causes_take_their_own_ways():
    (flow,) = _flows('[r]\nexten => s,1,SynthAndRecog(For sales say sales,builtin:grammar/menu)\n'
                     ' same => n,GotoIf($["${RECOG_COMPLETION_CAUSE}" = "001"]?sorry,1)\n'
                     ' same => n,GotoIf($["${RECOG_COMPLETION_CAUSE}" = "002"]?silent,1)\n'
                     ' same => n,GotoIf($["${RECOG_INSTANCE(0/0)}" = "sales"]?sales,1)\n'
                     ' same => n,Goto(s,1)\n'
                     'exten => sorry,1,Playback(sorry)\n same => n,Goto(s,1)\n'
                     'exten => silent,1,Hangup()\nexten => sales,1,Dial(PJSIP/sales)\n')
    menu = flow.steps["r,s,1"]
    assert (menu.kind, menu.text) == ("menu", "For sales say sales")
    assert (menu.no_match.target, menu.no_input.target) == ("r,sorry,1", "r,silent,1")
    assert {o.when: o.target for o in menu.options} == {"sales": "r,sales,1"}


def test_a_speech_menu_is_told_to_add_a_test_of_the_words_not_an_extension():
    output = CliRunner().invoke(cli, ["check", str(ASTERISK / "pass-speech.conf")]).output
    assert ("menu 'speech-main' has no way to hear its options again; add an option such as a GotoIf test of what "
            "the caller said for 'repeat' that goes to speech-main,s,5") in output
    assert "exten => 9" not in output


def test_mrcpsynth_speaks_its_text_before_the_recognition():
    (flow,) = _flows('[r]\nexten => s,1,MRCPSynth(Welcome to Acme. Say sales or support.)\n'
                     ' same => n,MRCPRecog(builtin:grammar/menu,nit=5000)\n'
                     ' same => n,GotoIf($["${RECOG_INSTANCE(0/0)}"="sales"]?sales,1:s,1)\n'
                     'exten => sales,1,Dial(PJSIP/sales)\n')
    said = flow.steps[flow.start.target]
    assert (said.kind, said.text, said.audio) == ("message", "Welcome to Acme. Say sales or support.", [])
    menu = flow.steps[said.goto.target]
    assert (menu.kind, menu.timeout, [o.when for o in menu.options]) == ("menu", 5.0, ["sales"])
    assert menu.no_match.target == menu.no_input.target == said.id  # the other label: s,1, the greeting again


def test_an_ael_speech_menu_is_told_to_add_an_if_test():
    output = CliRunner().invoke(cli, ["check", str(ASTERISK.parent / "ael" / "pass-speech.ael")]).output
    assert ("add an option such as an if test of what the caller said for 'repeat' that goes to speech-menu,s,4"
            in output)

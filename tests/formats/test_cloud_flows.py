"""Twilio Studio, Amazon Connect and Genesys Archy documents read into flow descriptions, located."""

from __future__ import annotations

import json
import re

import pytest

from ivr.formats.archy import document as archy_document
from ivr.formats.archy import flow as archy_flow
from ivr.formats.cloud.jsonloc import JSONSyntaxError, Source, read_json
from ivr.formats.connect import actions as connect_actions
from ivr.formats.connect import document as connect_document
from ivr.formats.connect.semantics import CONNECT
from ivr.formats.flow import Flow, FlowError, estate, to_menu
from ivr.formats.twilio import document as twilio_document
from ivr.formats.twilio import widgets as twilio_widgets

from tests.conftest import FIXTURES

FORMATS = FIXTURES / "formats"


def twilio(name: str) -> Flow:
    path = FORMATS / "twilio" / name
    return twilio_widgets.to_flow(twilio_document.parse_document(path.read_bytes(), name))


def connect(name: str) -> Flow:
    path = FORMATS / "connect" / name
    return connect_actions.to_flow(connect_document.parse_document(path.read_bytes(), name))


def archy(name: str) -> Flow:
    path = FORMATS / "archy" / name
    return archy_flow.to_flow(archy_document.parse_document(path.read_bytes(), name))


READ = {"twilio": twilio, "connect": connect, "archy": archy}
EXPECT = re.compile(r"expect-error:\s*(\d+):(\d+):\s*(.+?)\s*$")


def edges(step) -> dict[str | None, str]:
    return {edge.when: edge.target for edge in step.options or step.branches}


def node(flow: Flow, step_id: str):
    """The model's node of a step, as the one mapping makes it (with the platform's failure policy)."""
    return to_menu(flow, "test").nodes[step_id]


# --- the located JSON reader -----------------------------------------------------------------------------


def test_json_values_know_their_line_column_and_pointer():
    value, _ = read_json(Source("f.json", '{"a": [1, {"b/c~": "x"}],\n  "d": true}'))
    assert value == {"a": [1, {"b/c~": "x"}], "d": True}
    inner = value["a"][1]
    assert (inner.at("b/c~").line, inner.at("b/c~").column, inner.at("b/c~").pointer) == (1, 20, "/a/1/b~1c~0")
    assert str(value.at("d")) == "f.json:2:8"
    assert value["a"].at(0).pointer == "/a/0"


@pytest.mark.parametrize("text, message, offset", [
    ('{"a": [1,, 2]}', "Expecting value", 9),
    ('{"a": 1} x', "Extra data", 9),
    ('{"a" 1}', "Expecting ':' delimiter", 5),
])
def test_bad_json_is_reported_in_the_stdlib_words_at_its_position(text, message, offset):
    with pytest.raises(JSONSyntaxError) as caught:
        read_json(Source("f.json", text))
    assert (caught.value.message, caught.value.offset) == (message, offset)


@pytest.mark.parametrize("text, offset", [('{"a": ["x", "\\udfff"]}', 12), ('{"\\ud800x": 1}', 1),
                                          ('{"a": "\\ude00\\ud83d"}', 6)])
def test_half_a_surrogate_pair_is_refused_at_its_string(text, offset):
    # the stdlib reads "\ud800" as a lone surrogate, which no output can encode (render raised UnicodeEncodeError)
    with pytest.raises(JSONSyntaxError) as caught:
        read_json(Source("f.json", text))
    assert caught.value.offset == offset
    assert "one half of a UTF-16 surrogate pair without the other" in caught.value.message
    assert read_json(Source("f.json", '{"\\ud83d\\ude00": "\\ud83d\\ude00"}'))[0] == {"\U0001f600": "\U0001f600"}


def test_a_document_inside_a_string_is_located_by_pointer_at_the_string():
    value, _ = read_json(Source("f.json", '{"x": [{"y": 1}]}', fixed=(4, 14)))
    assert (value["x"][0].at("y").line, value["x"][0].at("y").column, value["x"][0].at("y").pointer) == (4, 14, "/x/0/y")


# --- refusals ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(p for name in READ for p in (FORMATS / name).glob("fail*")),
                         ids=lambda p: f"{p.parent.name}/{p.name}")
def test_documents_that_cannot_be_read_are_refused_where_and_why_their_first_line_says(path):
    line, column, words = EXPECT.search(path.read_text(encoding="utf-8").splitlines()[0]).groups()
    with pytest.raises(FlowError) as caught:
        READ[path.parent.name](path.name)
    assert (caught.value.location.line, caught.value.location.column) == (int(line), int(column))
    assert words in caught.value.message


# --- Twilio Studio ---------------------------------------------------------------------------------------


def test_twilio_gather_and_its_split_are_one_menu():
    flow = twilio("pass-menu.json")
    menu = flow.steps["main_menu"]
    assert menu.kind == "menu"
    assert {e.when: e.target for e in menu.options} == {"1": "refill_lookup", "2": "hours", "3": "hours",
                                                         "0": "pharmacist"}
    assert menu.no_match.target == "sorry" and menu.no_input.target == "main_menu"
    # one try a run, each failure its own way; Studio stops an execution whose widget ran 10 times in a row
    assert (flow.semantics, menu.tries, menu.timeout) == (twilio_widgets.STUDIO, None, 5.0)
    model = node(flow, "main_menu")
    assert (model.retries, model.when_failed, model.on_fail) == (10, "disconnect", None)
    assert "main_split" not in flow.steps
    option = menu.options[0]
    assert (option.location.line, option.location.pointer) == (18, "/states/3/transitions/1/conditions/0/value")
    assert any("main_menu: the gather loops to itself on timeout with no counter" in n for n in flow.summary.notes)


def test_twilio_widgets_mean_what_studio_does():
    flow = twilio("pass-menu.json")
    assert flow.start.target == "main_menu"  # set-variables passes the caller on
    assert flow.steps["hours"].kind == "message" and flow.steps["hours"].audio == ["https://example.com/hours.mp3"]
    end = flow.steps[flow.steps["hours"].goto.target]
    assert end.kind == "hangup" and end.label == "end of the call after hours (audioComplete, not connected)"
    assert edges(flow.steps["refill_lookup"]) == {"run-function ends with success": "queue",
                                                   "run-function ends with fail": "callback"}
    assert flow.steps["refill_lookup"].target_text == "run-function https://example.com/refill"
    assert flow.steps["queue"].kind == "transfer" and flow.steps["queue"].queue.startswith("WW")
    assert flow.steps["pharmacist"].number == "{{flow.variables.pharmacist_number}}"
    callback = flow.steps["callback"]
    assert (callback.kind, callback.flow_ref, callback.on_fail.target) == ("handoff",
                                                                           "FW00000000000000000000000000000001", "sorry")
    assert "sms_reply" not in flow.steps
    # the queue's failedToEnqueue is its failure way (issue 22: Node.if_failed), analysed, not skipped
    assert flow.steps["queue"].failed_when == ("failedToEnqueue", "callFailure")  # the latter not connected: the end
    assert [e.target for e in flow.steps[flow.steps["queue"].on_fail.target].branches] == ["sorry", "queue/callFailure"]
    assert [s.what for s in flow.summary.skipped] == ["sms_reply"]
    assert (flow.summary.read, flow.summary.used) == (10, 9)


def test_twilio_split_on_another_gather_stays_a_branch_with_the_condition_as_written():
    flow = twilio("pass-wrong-widget.json")
    assert flow.steps["ask_account"].kind == "input"
    assert flow.steps["ask_account"].input_modes == ("dtmf", "speech")
    assert flow.steps["ask_account"].no_match.target == "route"  # a gather takes any keys
    assert edges(flow.steps["route"]) == {'{{widgets.ask_department.Digits}} equal_to "1"': "billing"}
    assert list(edges(flow.steps["confirm"])) == ['{{widgets.ask_account.SpeechResult | downcase}} equal_to "Yes"',
                                                  '{{widgets.ask_account.Digits}} equal_to "sales"']


def test_twilio_terraform_and_javascript_wrappers_are_read_where_they_hold_json():
    flow = twilio("pass-terraform.tf")
    assert flow.steps["agents"].queue == "${var.workflow_sid}"
    assert flow.aliases >= {"Support line", "twilio_studio_flow.support"}
    assert flow.steps["greeting"].location.line == 14
    assert flow.summary.notes == ["read the flow definition out of a Terraform jsonencode() wrapper"]
    js = twilio("pass-module.js")
    assert js.steps["bye"].text == "We will call you back." and js.steps["bye"].location.line == 6


def test_twilio_flow_with_no_call_entry_is_refused(tmp_path):
    data = {"states": [{"name": "Trigger", "type": "trigger", "transitions": [{"event": "incomingMessage",
                                                                              "next": "x"}]},
                       {"name": "x", "type": "send-message", "transitions": []}], "initial_state": "Trigger"}
    with pytest.raises(FlowError) as caught:
        twilio_widgets.to_flow(twilio_document.parse_document(json.dumps(data).encode(), "sms.json"))
    assert "connects no incomingCall" in str(caught.value)


# --- Amazon Connect --------------------------------------------------------------------------------------


def test_connect_actions_mean_what_the_flow_language_says():
    flow = connect("pass-menu.json")
    assert flow.start.target == "hours"  # logging passes through
    # its error goes where False does: no third way
    assert edges(flow.steps["hours"]) == {"CheckHoursOfOperation Equals True": "welcome",
                                          "CheckHoursOfOperation Equals False": "closed"}
    menu = flow.steps["menu"]
    assert menu.kind == "menu" and {e.when: e.target for e in menu.options} == {"1": "card-lambda", "2": "loop",
                                                                               "9": "menu"}
    assert (menu.no_input.target, menu.no_match.target, menu.on_fail, menu.timeout) == ("menu", "oops", None, 7.0)
    assert ("Get customer input: menu NoMatchingError"
            in [s.what for s in flow.summary.skipped])
    assert edges(flow.steps["card-lambda"]) == {"InvokeLambdaFunction succeeds": "staffed",
                                                "InvokeLambdaFunction fails (NoMatchingError)": "oops"}
    assert flow.steps["to-queue"].queue == "arn:aws:connect:eu-west-1:123456789012:instance/i-1/queue/cards"
    assert flow.steps["third-party"].number == "+442079460000"
    assert edges(flow.steps["loop"]) == {"Loop 2 times Equals ContinueLooping": "loans",
                                         "Loop 2 times Equals DoneLooping": "third-party"}
    assert flow.steps["loans"].audio[0].endswith("prompt/loans")
    assert edges(flow.steps["staffed"]) == {"CheckMetricData NumberGreaterThan 0": "to-queue"}
    assert flow.steps["staffed"].otherwise.target == "third-party"
    assert flow.steps["menu"].location.pointer == "/Actions/4" and flow.steps["menu"].location.line == 17


def test_connect_stored_input_timeout_goes_down_the_success_path_as_the_value_timeout():
    flow = connect("pass-stored-input.json")
    ask = flow.steps["ask"]
    assert ask.kind == "menu" and "check" not in flow.steps
    assert {e.when: e.target for e in ask.options} == {"1": "balance", "2": "queue"}
    # no condition tests "Timeout": silence is a value that matches nothing
    assert (ask.no_input.target, ask.no_input.when) == ("sorry", "Timeout (no condition: no match)")
    assert ask.no_match.target == "sorry" and ask.max_digits == 1


def test_connect_content_wrapper_locates_by_pointer_at_the_string():
    flow = connect("pass-content-wrapped.json")
    greet = flow.steps["greet"]
    assert (greet.location.line, greet.location.column, greet.location.pointer) == (5, 14, "/Actions/0")
    assert flow.name == "main" and flow.steps["billing-flow"].flow_ref == '${var.contact_flows_map["billing"]}'


def test_connect_queue_set_in_another_flow_is_said_so():
    flow = connect("estate/agents.json")
    assert flow.steps["queue"].queue == "arn:aws:connect:eu-west-1:123456789012:instance/i/queue/billing-agents"
    assert "9f8e7d6c-0000-4000-8000-000000000003" in flow.aliases and flow.name == "agents"


# --- Genesys Archy ---------------------------------------------------------------------------------------


def test_archy_menus_choices_and_settings():
    flow = archy("pass-full.yaml")
    main = flow.steps["menu[Main_10]"]
    # repeatCount 1 on the menu overrides the flow's 2: it plays once ("Configure default menu settings": the
    # repeat count is how many times the menu plays); menuSelectionTimeout noValue: the flow's 8 s
    assert main.kind == "menu" and main.tries == 1 and main.timeout == 8.0
    assert main.text.startswith("For claims press 1")
    keys = {e.when: e.target for e in main.options}
    assert keys["3"] == "menu[More_20]" and keys["9"] == "menu[Main_10]" and keys["0"] == "menu[Agents_30]"
    assert flow.steps[keys["1"]].platform_type == "dataTableLookup"  # menuJumpToTask: the task's first action
    assert flow.steps[keys["2"]].queue == "Policies"
    assert main.on_fail.target == "menu[Agents_30]"  # defaultChildMenuRef
    more = flow.steps["menu[More_20]"]
    assert {e.when for e in more.options} == {"1", "*"} and more.tries == 2 and more.on_fail is None
    assert node(flow, "menu[More_20]").when_failed == "disconnect"  # no defaultChildMenuRef: disconnected
    travel = flow.steps[more.options[0].target]
    assert (travel.kind, travel.flow_ref) == ("handoff", "Travel Line")


ARCHY_MENU = """inboundCall:
  name: Line
  startUpRef: ./menus/menu[Main_1]
  SETTINGS
  menus:
    - menu:
        name: Main
        refId: Main_1
        audio:
          tts: For an agent press 1.
        MENU
        choices:
          - menuTransferToAcd:
              name: Agents
              dtmf: digit_1
              targetQueue:
                lit:
                  name: Q
"""


@pytest.mark.parametrize(("flow_settings", "menu_settings", "tries", "timeout"), [
    # nothing written: Architect's defaults ("Configure default menu settings": 3 plays, 10 s)
    ("", "", 3, 10.0),
    # the flow's, as Archy writes durations; the menu's noValue keeps the flow's
    ("settingsMenu: {repeatCount: {lit: 2}, menuSelectionTimeout: {lit: {seconds: 7}}}",
     "settingsMenu: {repeatCount: {noValue: true}, menuSelectionTimeout: {noValue: true}}", 2, 7.0),
    # the menu's own override the flow's; milliseconds count too
    ("settingsMenu: {repeatCount: {lit: 2}, menuSelectionTimeout: {lit: {seconds: 7}}}",
     "settingsMenu: {repeatCount: {lit: 1}, menuSelectionTimeout: {lit: {ms: 2500}}}", 1, 2.5),
    # an expression is not known before the call: Architect's default
    ("", "settingsMenu: {menuSelectionTimeout: {exp: Flow.wait}}", 3, 10.0),
])
def test_archy_menu_plays_and_waits_as_written_else_as_architect_does(flow_settings, menu_settings, tries, timeout):
    text = ARCHY_MENU.replace("SETTINGS", flow_settings or "defaultLanguage: en-us")
    text = text.replace("MENU", menu_settings) if menu_settings else text.replace("        MENU\n", "")
    flow = archy_flow.to_flow(archy_document.parse_document(text.encode(), "line.yaml"))
    main = node(flow, "menu[Main_1]")
    assert (main.retries, main.timeout) == (tries, timeout)


def test_archy_tasks_run_in_order_with_outputs():
    flow = archy("pass-full.yaml")
    assert flow.steps[flow.start.target].text == "Welcome to Example Insurance."
    lookup = flow.steps[flow.steps[flow.start.target].goto.target]
    assert lookup.platform_type == "callData"
    decision = flow.steps[edges(lookup)["callData success"]]
    assert decision.platform_type == "decision"
    yes = flow.steps[edges(decision)["Task.vip == true is true"]]
    assert (yes.kind, yes.queue) == ("transfer", "VIP")
    assert decision.otherwise.target == "menu[Main_10]"
    # when the transfer fails, its Failure output, then the next action: its failure way, analysed
    assert yes.on_fail is not None and yes.failed_when == ("failure",)
    switch = next(s for s in flow.steps.values() if s.platform_type == "switch")
    assert list(edges(switch)) == ['Call.Ani == "+441"']
    assert flow.steps[switch.otherwise.target].queue == 'FindQueue("Claims")'


def test_archy_placeholders_are_read_and_said_in_the_summary():
    flow = archy("pass-placeholders.yaml")
    assert flow.name == "{{flow_name}}"
    assert flow.steps["initialGreeting"].text == "{{greeting}}"
    assert flow.steps[flow.steps["menu[Main_1]"].options[0].target].queue == "<sales_queue>"
    assert flow.summary.notes[0].startswith("templating placeholders ({{flow_name}}, {{greeting}}, {{prefix}}) make "
                                            "the YAML invalid as written")
    assert flow.steps["menu[Main_1]"].location.line == 8  # same lines as the file


def test_archy_inqueue_flow_loops_until_an_agent_answers():
    flow = archy("pass-inqueue.yaml")
    loop = flow.steps["inQueueLoop"]
    assert edges(loop) == {"an agent answers": "agentAnswers"}
    assert loop.otherwise.target == flow.start.target
    assert flow.steps[flow.start.target].goto.target == "inQueueLoop"  # hold music passes


# --- estates ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("reference, name", [
    ('${var.contact_flows_map["billing"]}', "billing"),
    ("${aws_connect_contact_flow.billing.arn}", "billing"),
    ("$.FlowAttributes.billing_flow", "billing_flow"),
    ("arn:aws:connect:eu-west-1:1:instance/i/contact-flow/9f8e7d6c", "9f8e7d6c"),
    ("Travel Line", "travel line"),
])
def test_a_handoff_reference_means_the_names_deployments_use(reference, name):
    assert name in estate.ref_names(reference)


def test_three_connect_flows_link_into_one_estate_in_any_order():
    main, billing, agents = (connect(f"estate/{n}.json") for n in ("main", "billing", "agents"))
    (linked,) = estate.link([agents, billing, main])
    assert [f.name for f in linked.flows] == ["main", "billing", "agents"]
    assert linked.handoffs == {(0, "billing-flow"): 1, (1, "to-agents"): 2}


def test_a_handoff_to_a_flow_not_given_is_not_linked():
    main, billing = (connect(f"estate/{n}.json") for n in ("main", "billing"))
    (linked,) = estate.link([main, billing])
    assert linked.handoffs == {(0, "billing-flow"): 1}
    assert billing.steps["to-agents"].kind == "handoff"


@pytest.mark.parametrize("mutation", [
    ("Operands", True), ("Operands", 7), ("Operands", None), ("Conditions", "x"), ("Transitions", []),
    ("Parameters", "x"), ("Type", ["GetParticipantInput"]),
])
def test_connect_values_of_the_wrong_type_never_give_a_traceback(mutation):
    data = json.loads((FORMATS / "connect" / "pass-menu.json").read_text())
    key, value = mutation

    def put(node):
        if isinstance(node, dict):
            for name in list(node):
                if name == key:
                    node[name] = value
                else:
                    put(node[name])
        elif isinstance(node, list):
            for item in node:
                put(item)
    put(data)
    try:
        connect_actions.to_flow(connect_document.parse_document(json.dumps(data).encode(), "m.json"))
    except FlowError as error:
        assert error.location.file == "m.json" and error.message


def test_twilio_state_type_of_the_wrong_type_is_refused_not_a_traceback():
    data = json.loads((FORMATS / "twilio" / "pass-menu.json").read_text())
    data["states"][0]["type"] = ["trigger"]
    with pytest.raises(FlowError, match="this widget has no 'type'"):
        twilio_widgets.to_flow(twilio_document.parse_document(json.dumps(data).encode(), "t.json"))


def test_twilio_rest_api_flow_resource_is_read_with_its_sid_as_a_name():
    flow = twilio("pass-api-resource.json")
    assert flow.start.target == "callback_offer"  # a subflow starts at incomingParent
    assert "FW00000000000000000000000000000001" in flow.aliases
    assert flow.summary.notes == ["read the flow definition out of a REST API flow resource wrapper"]
    (linked,) = estate.link([twilio("pass-menu.json"), flow])
    assert linked.handoffs == {(0, "callback"): 1}


def test_what_only_a_failed_handoff_reaches_is_left_out_and_said_a_failed_transfer_is_followed():
    main = connect("estate/main.json")
    assert "fail" not in main.steps and "bye" not in main.steps  # only TransferToFlow's errors reach them
    assert [s.why for s in main.summary.skipped] == [
        "runs only after a failed transfer or hand-off, which is not analysed"] * 2
    agents = connect("estate/agents.json")
    # a transfer's errors are its failure way (QueueAtCapacity, NoMatchingError), analysed: not left out
    assert agents.steps["queue"].on_fail.target == "bye"
    assert agents.steps["queue"].failed_when == ("QueueAtCapacity", "NoMatchingError")
    twilio_menu = twilio("pass-menu.json")
    assert "sorry" in twilio_menu.steps  # also reached from the menu: kept


def test_connect_menus_ask_again_without_counting():
    flow = connect("pass-menu.json")
    assert flow.semantics is CONNECT and flow.steps["menu"].tries is None
    menu = node(flow, "menu")
    assert (menu.retries, menu.on_fail.target) == (100, "menu")  # asks again


def test_archy_menus_are_labelled_with_their_name():
    assert archy("pass-full.yaml").steps["menu[Main_10]"].label == "Main Menu"


def test_connect_legacy_console_export_is_read_by_the_flow_languages_rules():
    flow = connect("pass-legacy.json")
    assert flow.name == "Old console export" and flow.start.target == "hello"
    ask = flow.steps["ask"]
    assert ask.kind == "menu" and {e.when: e.target for e in ask.options} == {"1": "transfer", "2": "bye"}
    assert (ask.no_input.target, ask.no_match.target) == ("ask", "ask")
    assert node(flow, "ask").on_fail.target == "ask"  # Connect counts no tries: it asks again
    assert flow.steps["transfer"].queue == "Support"  # set by SetQueue before it
    assert "busy" not in flow.steps  # only the transfer's failures reach it
    assert flow.steps["ask"].location.pointer == "/modules/1" and flow.steps["ask"].location.line == 5


def test_twilio_cli_json_output_a_list_of_one_flow_resource_is_read(tmp_path):
    resource = json.loads((FORMATS / "twilio" / "pass-api-resource.json").read_text())
    flow = twilio_widgets.to_flow(twilio_document.parse_document(json.dumps([resource]).encode(), "cli.json"))
    assert "FW00000000000000000000000000000001" in flow.aliases and flow.start.target == "callback_offer"


def test_twilio_widgets_ivr_cannot_see_into_branch_on_their_outcome():
    flow = twilio("pass-widgets.json")
    assert edges(flow.steps["lookup"]) == {"make-http-request ends with success": "pay",
                                           "make-http-request ends with failed": "message"}
    assert flow.steps["lookup"].target_text == "make-http-request https://example.com/balance"
    pay = edges(flow.steps["pay"])
    assert pay["capture-payments ends with success"] == "thanks"
    assert flow.steps[pay["capture-payments ends with providerError"]].kind == "hangup"  # not connected
    assert "capture-payments ends with hangup" not in pay  # the caller hanging up is no way on
    assert (flow.steps["message"].kind, flow.steps["message"].mailbox) == ("voicemail", "message")
    assert flow.steps["log"].kind == "external"  # a widget type ivr does not know, nothing connected
    assert any("'crm-lookup-widget' is not one ivr knows" in n for n in flow.summary.notes)


def test_connect_queue_set_in_another_flow_and_external_resources():
    flow = connect("pass-queue-elsewhere.json")
    assert flow.steps["queue"].queue == "(queue set in another flow)"
    # an external resource whose error goes the same way as its success passes nothing to decide
    assert edges(flow.steps["lookup"]) == {"InvokeExternalResource succeeds": "hold"}


def test_connect_stored_input_with_a_timeout_condition_sends_silence_there(tmp_path):
    data = json.loads((FORMATS / "connect" / "pass-stored-input.json").read_text())
    data["Actions"][1]["Transitions"]["Conditions"].append(
        {"NextAction": "queue", "Condition": {"Operator": "Equals", "Operands": ["Timeout"]}})
    flow = connect_actions.to_flow(connect_document.parse_document(json.dumps(data).encode(), "t.json"))
    ask = flow.steps["ask"]
    assert (ask.no_input.target, ask.no_input.when) == ("queue", "Timeout")
    assert "Timeout" not in {e.when for e in ask.options}


def test_archy_actions_after_a_transfer_in_a_long_list_are_its_failure_way():
    """Issue 20: found in one pass over the list (a snapshot of every step per action made long lists quadratic)."""
    actions = "".join(f"          - playAudio:\n              name: Before {i}\n              audio:\n"
                      f"                tts: Hello {i}.\n" for i in range(2))
    actions += ("          - transferToAcd:\n              name: Agents\n              targetQueue:\n"
                "                lit:\n                  name: Agents\n")
    actions += "".join(f"          - playAudio:\n              name: After {i}\n              audio:\n"
                       f"                tts: Sorry {i}.\n" for i in range(3000))
    text = ("inboundCall:\n  name: X\n  defaultLanguage: en-us\n  startUpRef: ./tasks/task[T_1]\n"
            "  initialGreeting:\n    tts: Welcome.\n  tasks:\n    - task:\n        name: T\n        refId: T_1\n"
            f"        actions:\n{actions}")
    flow = archy_flow.to_flow(archy_document.parse_document(text.encode(), "t.yaml"))
    labels = {step.label for step in flow.steps.values()}
    # the actions after the transfer run when it fails: its failure way, read (each once)
    assert {"Before 0", "Before 1", "Agents"} <= labels and sum(str(l).startswith("After") for l in labels) == 3000
    (agents,) = [step for step in flow.steps.values() if step.label == "Agents"]
    assert flow.steps[agents.on_fail.target].label == "After 0"


def test_an_architect_language_filled_in_when_published_is_read_not_refused():
    """defaultLanguage "{{default_language}}" (Terraform substitutions, archy --optionsFile): the flow is read, its
    words judged in no language (it was refused as "not a language code")."""
    from ivr import pipeline
    from tests.conftest import FIXTURES

    reading = pipeline.read([str(FIXTURES / "formats" / "archy" / "pass-placeholder-language.yaml")])
    assert not reading.errors
    (menu,) = reading.menus
    assert menu.language == "und"
    notes = [n.message for imported in reading.imports.values() for n in imported.notes]
    assert any(m.startswith("defaultLanguage {{default_language}} is filled in when the flow is published")
               for m in notes)


def test_a_twilio_gather_goes_on_by_keys_and_by_speech():
    """Gather Input On Call: "User Pressed Keys" and "User Said Something" are two ways out, both followed."""
    from ivr import pipeline
    from ivr.graph.build import build_graph
    from ivr.rules.runner import lint
    from tests.conftest import FIXTURES

    (menu,) = pipeline.read([str(FIXTURES / "formats" / "twilio" / "pass-keys-or-speech.json")]).menus
    answer = menu.nodes[menu.nodes["ask"].goto.target]
    assert answer.type == "branch"
    assert sorted(b.goto.target for b in answer.branches) == ["by_keys", "by_speech"]
    assert "unreachable-node" not in {f.rule for f in lint(build_graph(menu))}


def test_what_only_a_connect_block_s_own_error_reaches_is_left_out_not_unreachable():
    """GetParticipantInput's NoMatchingError is the platform failing: what only it reaches is left out, said in
    the summary, and never reported unreachable (it was, twice, on real flows: issue 23)."""
    from ivr import pipeline
    from ivr.graph.build import build_graph
    from ivr.rules.runner import lint
    from tests.conftest import FIXTURES

    reading = pipeline.read([str(FIXTURES / "formats" / "connect" / "pass-own-error.json")])
    (menu,) = reading.menus
    assert "sorry" not in menu.nodes
    assert "unreachable-node" not in {f.rule for f in lint(build_graph(menu))}
    summary = "\n".join(line for imported in reading.imports.values() for line in imported.summary())
    assert "runs only after a block's own error" in summary


def test_architect_to_audio_blank_is_silence_and_pre_transfer_audio_is_the_transfer_s_prompt(tmp_path):
    """ToAudioBlank(ms) plays silence (Architect expression help), not a file; a transferToAcd action's
    preTransferAudio is what callers hear before the transfer, as in a menu choice."""
    from ivr import pipeline

    flow = tmp_path / "flow.yaml"
    flow.write_text("inboundCall:\n  name: Blank\n  defaultLanguage: en-us\n  startUpRef: ./tasks/task[Main_1]\n"
                    "  initialGreeting:\n    exp: ToAudioBlank(1)\n  tasks:\n    - task:\n        name: Main\n"
                    "        refId: Main_1\n        actions:\n          - transferToAcd:\n              name: To sales\n"
                    "              targetQueue:\n                lit:\n                  name: Sales\n"
                    "              preTransferAudio:\n                tts: Sorry for the wait, about two minutes.\n"
                    "              failureTransferAudio:\n                exp: ToAudioBlank(1)\n")
    reading = pipeline.read([str(flow)])
    assert not reading.errors, reading.errors
    (menu,) = reading.menus
    (transfer,) = [n for n in menu.nodes.values() if n.type == "transfer"]
    assert transfer.prompt.texts == {"": "Sorry for the wait, about two minutes."}
    assert not [n for n in menu.nodes.values() if n.prompt and "ToAudioBlank" in (n.prompt.audio or "")]


@pytest.mark.parametrize("written, kind", [("customerQueue", "CUSTOMER_QUEUE"), ("CUSTOMER_QUEUE", "CUSTOMER_QUEUE"),
                                           ("contactFlow", "CONTACT_FLOW"), ("agentWhisper", "AGENT_WHISPER"),
                                           ("somethingElse", "somethingElse")])
def test_connect_flow_types_are_named_as_the_api_names_them(written, kind):
    assert connect_document.flow_type(written) == kind


def test_connect_end_flow_in_a_customer_queue_flow_keeps_the_caller_in_the_queue():
    flow = connect("pass-customer-queue.json")
    assert flow.kind == "CUSTOMER_QUEUE"
    stay = flow.steps["stay"]
    assert (stay.kind, stay.invented, stay.queue) == ("transfer", True, "(the queue the caller waits in)")
    # a GetParticipantInput with no condition waits for any key; its silence may go elsewhere (the recording loop)
    record = flow.steps["record"]
    assert (record.kind, record.goto.target, record.no_input.target) == ("input", "saved", "record")


@pytest.mark.parametrize("kind, meaning", [("contactFlow", "hangup"), ("customerWhisper", "transfer"),
                                           (None, "external")])
def test_connect_end_flow_means_what_the_flow_type_makes_it(kind, meaning):
    flow = {"Version": "2019-10-30", "StartAction": "end", "Actions": [
        {"Identifier": "end", "Type": "EndFlowExecution", "Transitions": {}}]}
    if kind:
        flow["Metadata"] = {"type": kind}
    read = connect_actions.to_flow(connect_document.parse_document(json.dumps(flow).encode(), "f.json"))
    assert read.steps["end"].kind == meaning


def test_archy_a_menu_choice_transfer_that_fails_repeats_the_menu_after_its_failed_transfer_audio():
    """Resource Center, "Transfer to ACD action": a transfer that fails within a menu repeats the menu; its Failed
    Transfer Audio, when it has words, plays first (optional: without one nothing plays)."""
    flow = archy("pass-full.yaml")
    transfer = next(s for s in flow.steps.values() if s.kind == "transfer" and s.on_fail is not None
                    and s.on_fail.target == "menu[Main_10]")
    assert transfer.failed_when == ("failure",)


def test_archy_a_task_jumped_to_only_after_a_failed_transfer_runs_then():
    flow = archy("pass-after-failed-transfer.yaml")
    # the transfer's failure way (its Failure output, then the next action) is read: what only it reaches is
    # analysed, not left out (and so not unreachable either)
    assert any("/tasks/1/" in sid for sid in flow.steps)
    assert not any(s.why.startswith("runs only after a failed transfer") for s in flow.summary.skipped)


def test_archy_switch_cases_sit_under_their_evaluation_mode():
    flow = archy("pass-full.yaml")
    (switch,) = [step for step in flow.steps.values() if step.label == "Region"]
    assert [edge.when for edge in switch.branches] == ['Call.Ani == "+441"']
    assert switch.otherwise.target.endswith("/evaluate/firstTrue/default/actions/0/transferToAcd")


def test_connect_an_agent_whisper_flow_is_refused_as_the_agent_s():
    flow = {"Version": "2019-10-30", "StartAction": "hi", "Metadata": {"type": "agentWhisper"}, "Actions": [
        {"Identifier": "hi", "Type": "MessageParticipant", "Parameters": {"Text": "Billing call"},
         "Transitions": {"NextAction": "end"}},
        {"Identifier": "end", "Type": "EndFlowExecution", "Transitions": {}}]}
    with pytest.raises(FlowError, match="agent whisper flow: it plays to the agent, never to the caller"):
        connect_document.parse_document(json.dumps(flow).encode(), "whisper.json")


def test_archy_collect_input_is_the_caller_s_input_and_its_failure_output_their_mistake():
    flow = archy("pass-collect-input.yaml")
    (step,) = [s for s in flow.steps.values() if s.platform_type == "collectInput"]
    assert (step.kind, step.timeout, step.text, step.tries) == (
        "input", 7.0, "Please enter your account number, then press pound.", 1)
    assert step.goto.target.endswith("/outputs/success/actions/0/transferToAcd")
    assert step.no_input.target == step.no_match.target and step.no_input.target.endswith("/outputs/failure/actions/0/playAudio")
    assert step.no_input.location.line == 35  # where its failure output is written


def test_terraform_template_strings_may_quote_inside_their_interpolations():
    """HCL: "${var.urls["help"]}/x" is one string (Terraform, String Templates), not the end of one at the quote."""
    source = Source("x.tf", '{ "url" : "${var.urls["help"]}/x", "esc" : "a\\"b", "ref" : var.sid }')
    assert read_json(source, 0, bare_refs=True)[0] == {"url": '${var.urls["help"]}/x', "esc": 'a"b', "ref": "${var.sid}"}
    with pytest.raises(JSONSyntaxError):
        read_json(Source("x.json", '{"url": "${var.urls["help"]}/x"}'))  # plain JSON has no templates
    document = twilio_document.parse_document((FORMATS / "twilio" / "pass-terraform-template-string.tf").read_bytes(),
                                              "pass-terraform-template-string.tf")
    assert document.states["lookup"].properties["url"] == '${var.service_urls["help"]}/engagement'


def test_twilio_module_exported_by_a_chained_assignment_is_read():
    assert twilio("pass-chained-export.js").name == "Opening hours"


def test_twilio_outbound_call_is_checked_from_its_answered_transition():
    flow = twilio("pass-outbound.json")
    assert flow.start.target == "reminder" and "dial" not in flow.steps and "text" not in flow.steps
    assert any("outbound call" in note for note in flow.summary.notes)


def test_connect_blocks_are_named_as_the_designer_shows_them_without_quotes():
    flow = {"Version": "2019-10-30", "StartAction": "0a1b2c3d-0000-4000-8000-000000000001", "Actions": [
        {"Identifier": "0a1b2c3d-0000-4000-8000-000000000001", "Type": "MessageParticipant",
         "Parameters": {"Text": "Thanks for calling 'Example' Telecom."}, "Transitions": {"NextAction": "Goodbye"}},
        {"Identifier": "Goodbye", "Type": "DisconnectParticipant", "Transitions": {}}]}
    read = connect_actions.to_flow(connect_document.parse_document(json.dumps(flow).encode(), "f.json"))
    assert read.steps["0a1b2c3d-0000-4000-8000-000000000001"].label == "Play prompt: Thanks for calling 'Example' Telecom."
    assert read.steps["Goodbye"].label == "Disconnect: Goodbye"


def test_twilio_a_speech_split_that_mirrors_the_keys_is_one_menu_and_another_is_followed():
    flow = twilio("pass-speech-split.json")
    main = flow.steps["main"]
    assert main.kind == "menu" and {e.when for e in main.options} == {"1", "0"} and "main_said" not in flow.steps
    # what is said at 'sales' is read otherwise than its keys: keys and speech go their own ways, both followed
    assert flow.steps["sales"].kind == "input" and {"sales_keys", "sales_said"} <= set(flow.steps)
    assert {e.target for e in flow.steps["sales/answer"].branches} == {"sales_keys", "sales_said"}


def test_twilio_after_a_connected_call_or_a_recording_the_flow_goes_on_unanalysed():
    """Connect Call To's 'callCompleted' and Record Voicemail's 'recordingComplete' lead on once the person or
    the mailbox is done: left out with a note, never reported unreachable."""
    flow = {"description": "After", "initial_state": "Trigger", "states": [
        {"name": "Trigger", "type": "trigger", "properties": {}, "transitions": [{"event": "incomingCall", "next": "ask"}]},
        {"name": "ask", "type": "gather-input-on-call", "properties": {"say": "Press 1 for a person, 2 to leave a message."},
         "transitions": [{"event": "keypress", "next": "pick"}, {"event": "timeout", "next": "ask"}]},
        {"name": "pick", "type": "split-based-on", "properties": {}, "transitions": [
            {"event": "noMatch", "next": "ask"},
            {"event": "match", "next": "person", "conditions": [{"arguments": ["{{widgets.ask.Digits}}"], "type": "equal_to", "value": "1"}]},
            {"event": "match", "next": "message", "conditions": [{"arguments": ["{{widgets.ask.Digits}}"], "type": "equal_to", "value": "2"}]}]},
        {"name": "person", "type": "connect-call-to", "properties": {"to": "+15550100"},
         "transitions": [{"event": "callCompleted", "next": "survey"}, {"event": "hangup"}]},
        {"name": "message", "type": "record-voicemail", "properties": {},
         "transitions": [{"event": "recordingComplete", "next": "thanks"}, {"event": "noAudio"}, {"event": "hangup"}]},
        {"name": "survey", "type": "say-play", "properties": {"say": "Please rate the call."}, "transitions": [{"event": "audioComplete"}]},
        {"name": "thanks", "type": "say-play", "properties": {"say": "Thank you."}, "transitions": [{"event": "audioComplete"}]}]}
    read = twilio_widgets.to_flow(twilio_document.parse_document(json.dumps(flow).encode(), "after.json"))
    assert "survey" not in read.steps and "thanks" not in read.steps
    assert {s.what for s in read.summary.skipped} >= {"person callCompleted", "message recordingComplete"}
    assert len([s for s in read.summary.skipped if s.why.startswith("runs only once the person")]) >= 2


def _legacy(modules: list[dict], name: str = "legacy.json") -> Flow:
    data = {"modules": modules, "version": "1", "type": "contactFlow", "start": modules[0]["id"]}
    return connect_actions.to_flow(connect_document.parse_document(json.dumps(data).encode(), name))


def _say(ident: str, text: str, then: str) -> dict:
    return {"id": ident, "type": "PlayPrompt", "branches": [{"condition": "Success", "transition": then}],
            "parameters": [{"name": "Text", "value": text}]}


BYE = {"id": "bye", "type": "Disconnect", "branches": [], "parameters": []}


def test_connect_legacy_transfer_to_flow_error_is_its_failure_path_not_unreachable():
    # Transfer to flow has one branch, Error, taken when the transfer to the other flow fails (admin guide,
    # transfer-to-flow.html): what it leads to is reached, the failure path of a hand-off (as TransferToFlow's)
    flow = _legacy([
        _say("hello", "Welcome to Example Bank.", "to-main"),
        {"id": "to-main", "type": "Transfer", "target": "Flow",
         "branches": [{"condition": "Error", "transition": "sorry"}],
         "parameters": [{"name": "ContactFlowId", "value": "arn:aws:connect:r:1:instance/i/contact-flow/f",
                         "resourceName": "Main"}]},
        _say("sorry", "Sorry, something went wrong. Goodbye.", "bye"), BYE])
    hand = flow.steps["to-main"]
    assert hand.kind == "handoff" and hand.flow_ref == "Main"
    assert hand.on_fail is not None and hand.on_fail.target == "sorry"
    assert any("Error" in s.what and "not analysed" in s.why for s in flow.summary.skipped)


def test_connect_legacy_transfer_to_a_phone_number_is_no_queue():
    # Transfer to phone number ("target": "PhoneNumber") calls a number, static or from an attribute (admin
    # guide, transfer-to-phone-number.html): no queue, no customer queue flow
    flow = _legacy([
        _say("hello", "Welcome to Example Bank.", "call"),
        {"id": "call", "type": "Transfer", "target": "PhoneNumber",
         "branches": [{"condition": "Error", "transition": "sorry"}],
         "parameters": [{"name": "TimeLimit", "value": "30"}, {"name": "BlindTransfer", "value": True},
                        {"name": "PhoneNumber", "value": "ExternalEndpoint", "namespace": "External"}]},
        _say("sorry", "Sorry, something went wrong.", "bye"), BYE])
    call = flow.steps["call"]
    assert call.kind == "transfer" and call.queue is None and call.hold is None
    assert call.number == "$.External.ExternalEndpoint"
    fixed = _legacy([{"id": "call", "type": "Transfer", "target": "PhoneNumber", "branches": [],
                      "parameters": [{"name": "PhoneNumber", "value": "+15550100"}]}])
    assert (fixed.steps["call"].number, fixed.steps["call"].queue) == ("+15550100", None)


def test_connect_legacy_flow_types_are_read_as_the_flow_language_s():
    # the legacy export writes its type ("type": "agentWhisper"); an agent whisper flow plays to the agent, as in
    # the flow language (test_connect_an_agent_whisper_flow_is_refused_as_the_agent_s)
    whisper = {"modules": [_say("hi", "$.Queue.Name", "on"),
                           {"id": "on", "type": "Resume", "branches": [], "parameters": []}],
               "version": "1", "type": "agentWhisper", "start": "hi"}
    with pytest.raises(FlowError, match="agent whisper flow: it plays to the agent, never to the caller"):
        connect_document.parse_document(json.dumps(whisper).encode(), "whisper")
    # a customer queue flow's Resume keeps the caller in the queue (admin guide, end-flow-resume.html)
    queue = {"modules": [_say("hold", "Please hold for the next available representative.", "on"),
                         {"id": "on", "type": "Resume", "branches": [], "parameters": []}],
             "version": "1", "type": "customerQueue", "start": "hold",
             "metadata": {"name": "Queue", "type": "customerQueue"}}
    flow = connect_actions.to_flow(connect_document.parse_document(json.dumps(queue).encode(), "queue"))
    assert flow.kind == "CUSTOMER_QUEUE" and flow.part_of and flow.agent_ends_it
    resume = flow.steps["on"]
    assert resume.kind == "transfer" and resume.invented and resume.queue == "(the queue the caller waits in)"


def test_connect_legacy_queue_and_customer_queue_flow_set_before_the_transfer():
    # SetQueue (Set working queue) and SetEventHook CustomerQueue (Set customer queue flow) apply to the transfers
    # they lead to, however many blocks lie between (admin guide, set-working-queue.html,
    # set-customer-queue-flow.html), as UpdateContactTargetQueue and UpdateContactEventHooks in the flow language
    main = _legacy([
        {"id": "queue", "type": "SetQueue", "branches": [{"condition": "Success", "transition": "hook"}],
         "parameters": [{"name": "Queue", "value": "arn:aws:connect:r:1:instance/i/queue/q", "resourceName": "Billing"}]},
        {"id": "hook", "type": "SetEventHook", "branches": [{"condition": "Success", "transition": "hold"}],
         "parameters": [{"name": "Type", "value": "CustomerQueue"},
                        {"name": "ContactFlowId", "value": "arn:aws:connect:r:1:instance/i/contact-flow/f",
                         "resourceName": "Billing wait"}]},
        _say("hold", "Please hold for the next representative.", "transfer"),
        {"id": "transfer", "type": "Transfer", "target": "Queue", "branches": [], "parameters": []}], "main.json")
    transfer = main.steps["transfer"]
    assert transfer.queue == "Billing" and transfer.hold_ref == "Billing wait"
    wait = {"modules": [_say("music", "Sorry for the wait: your call will be answered in about two minutes.", "on"),
                        {"id": "on", "type": "Resume", "branches": [], "parameters": []}],
            "version": "1", "type": "customerQueue", "start": "music", "metadata": {"name": "Billing wait"}}
    queue_flow = connect_actions.to_flow(connect_document.parse_document(json.dumps(wait).encode(), "wait.json"))
    estate.link([main, queue_flow])
    assert [said for _, said, _ in main.steps["transfer"].hold_says] == [
        "Sorry for the wait: your call will be answered in about two minutes."]

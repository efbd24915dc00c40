"""The Twilio, Connect and Archy readers in ivr: detection, the model they build, estates, findings where they are."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from ivr.cli import cli
from ivr.formats.reading import read_all
from ivr.graph.build import build_graph
from ivr.model.menu import Fallback
from ivr import pipeline
from ivr.rules.runner import lint

from tests.conftest import FIXTURES, SHARED_CORPUS as CORPUS, needs_corpus

FORMATS = FIXTURES / "formats"
ESTATE = FORMATS / "connect" / "estate"


def read(*paths, fmt=None):
    reading = read_all([str(p) for p in paths], fmt)
    assert reading.errors == {}
    return reading


def findings(menu):
    return [(f.rule, f.node, f.location.file.rsplit("/", 1)[-1], f.location.line) for f in lint(build_graph(menu))]


def rules(menu):
    return {f.rule for f in lint(build_graph(menu))}


# --- the model -------------------------------------------------------------------------------------------


def test_a_twilio_menu_in_the_model():
    (menu,) = read(FORMATS / "twilio" / "pass-menu.json").menus
    main = menu.nodes["main_menu"]
    assert (menu.start.target, main.type, main.format) == ("main_menu", "menu", "twilio")
    assert {k: o.goto.target for k, o in main.options.items()} == {"1": "refill_lookup", "2": "hours",
                                                                    "3": "hours", "0": "pharmacist"}
    assert (main.retries, main.when_failed) == (10, Fallback.DISCONNECT)
    assert (main.location.line, main.location.pointer) == (11, "/states/2/name")
    assert menu.nodes["hours"].prompt.audio_only
    assert menu.nodes["callback"].type == "external"  # run-subflow to a flow not given
    assert "run-subflow FW00000000000000000000000000000001" in menu.nodes["callback"].target_text


def test_a_connect_block_is_located_by_line_and_pointer_and_labelled_for_people():
    (menu,) = read(FORMATS / "connect" / "pass-content-wrapped.json").menus
    greet = menu.nodes["greet"]
    assert (greet.location.line, greet.location.column, greet.location.pointer) == (5, 14, "/Actions/0")
    assert greet.label == "Play prompt: greet"  # the designer's block name, and the block's own name
    assert menu.nodes["billing-flow"].type == "external"


def test_connect_stored_input_timeout_reaches_the_no_match_path_in_the_model():
    (menu,) = read(FORMATS / "connect" / "pass-stored-input.json").menus
    ask = menu.nodes["ask"]
    assert ask.type == "menu" and ask.no_input.target == "sorry" and ask.no_match.target == "sorry"
    assert (ask.retries, ask.on_fail.target) == (100, "ask")  # Connect asks again without counting


def test_archy_placeholders_are_said_in_the_import_summary():
    path = FORMATS / "archy" / "pass-placeholders.yaml"
    reading = read(path)
    summary = reading.imports[str(path)].summary()
    assert summary[0] == f"{path}: read as archy: 1 flow, 4 blocks, 4 mapped, 0 left out or not analysed"
    notes = [n.message for n in reading.imports[str(path)].notes]
    assert any(n.startswith("templating placeholders ({{flow_name}}, {{greeting}}, {{prefix}})") for n in notes)
    (menu,) = reading.menus
    # a prompt that is only a placeholder: its words are set at deployment, not in the file (not judged)
    prompt = menu.nodes["initialGreeting"].prompt
    assert (prompt.texts, prompt.audio, prompt.audio_only) == ({}, "{{greeting}}", True)


# --- rules on platform flows -----------------------------------------------------------------------------


def test_twilio_wrong_widget_and_unsatisfiable_conditions_are_found_at_the_split():
    (menu,) = read(FORMATS / "twilio" / "pass-wrong-widget.json").menus
    found = {(f.rule, f.location.line): f.message for f in lint(build_graph(menu))
             if f.rule in ("wrong-widget", "unsatisfiable-condition")}
    assert found[("wrong-widget", 12)].startswith("branch 'route' tests the Digits of 'ask_department', but callers "
                                                  "reach it right after answering 'ask_account'")
    assert "compared with 'Yes', which has capitals" in found[("unsatisfiable-condition", 19)]
    assert "compared with the text 'sales'" in found[("unsatisfiable-condition", 21)]


def test_a_blocks_own_error_is_not_the_callers_mistake():
    # a Lambda that fails plays "Sorry" and hangs up: a branch, not a caller's failure
    (menu,) = read(FORMATS / "connect" / "pass-menu.json").menus
    assert not [f for f in lint(build_graph(menu)) if f.rule == "disconnect-on-error" and f.node == "card-lambda"]


# --- estates ---------------------------------------------------------------------------------------------


def test_three_connect_flows_given_together_are_one_ivr_with_agents_two_handoffs_away():
    (menu,) = read(ESTATE / "main.json", ESTATE / "billing.json", ESTATE / "agents.json").menus
    assert menu.start.target == "main::greet"
    assert menu.files[0].endswith("main.json") and len(menu.files) == 3
    key0 = menu.nodes["billing::billing-menu"].options["0"].goto.target
    assert key0 == "agents::hold"  # through TransferToFlow by ARN, into the agents flow
    assert menu.nodes["main::greet"].goto.target == "billing::billing-menu"  # through the Terraform map key
    got = rules(menu)
    assert "no-path-to-human" not in got and "no-human-option" not in got and "unresolved-handoff" not in got


def test_without_the_last_flow_the_handoff_stays_external():
    (menu,) = read(ESTATE / "main.json", ESTATE / "billing.json").menus
    handoff = menu.nodes["billing::to-agents"]
    assert handoff.type == "external"
    assert handoff.target_text.startswith("TransferToFlow arn:aws:connect:")
    found = findings(menu)
    assert ("unresolved-handoff", "billing::to-agents", "billing.json", 15) in found
    assert any(rule == "no-path-to-human" for rule, *_ in found)


def test_findings_of_an_estate_point_at_each_flows_file():
    results = pipeline.check([str(ESTATE / n) for n in ("main.json", "billing.json", "agents.json")])
    (result,) = results  # one IVR, reported with the file where it starts
    assert result.file.endswith("main.json") and result.errors == []
    located = {(f.rule, f.location.file.rsplit("/", 1)[-1], f.location.line) for f in result.findings}
    assert ("missing-repeat-option", "billing.json", 5) in located
    assert ("unexplained-wait", "agents.json", 7) in located


def test_ivr_check_on_a_folder_reads_the_flows_in_it_as_one_estate(tmp_path):
    folder = tmp_path / "contact_flows"
    shutil.copytree(ESTATE, folder)
    (folder / "package.json").write_text('{"name": "not a flow"}')
    result = CliRunner().invoke(cli, ["check", str(folder), "--fail-on", "never", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert "no-path-to-human" not in result.output and "package.json" not in result.output


def test_a_twilio_subflow_returns_to_its_caller_when_it_ends():
    (menu,) = read(FORMATS / "twilio" / "pass-menu.json", FORMATS / "twilio" / "pass-api-resource.json").menus
    # refill fails -> callback (run-subflow) -> the subflow's first widget
    lookup = menu.nodes["Pharmacy line::refill_lookup"]
    assert {b.goto.target for b in lookup.branches} == {"Pharmacy line::queue", "Callback subflow::callback_offer"}


def _connect_flow(folder, index: int, handoff_to: str | None):
    """Connect flow ``f{index}``: its first block hands off to flow ``handoff_to`` by name, or, without one, a
    menu whose key 1 hangs up."""
    if handoff_to is not None:
        first = {"Identifier": "go", "Type": "TransferToFlow", "Parameters": {"ContactFlowId": handoff_to},
                 "Transitions": {"NextAction": "bye", "Errors": [{"NextAction": "bye", "ErrorType": "NoMatchingError"}]}}
    else:
        first = {"Identifier": "go", "Type": "GetParticipantInput",
                 "Parameters": {"Text": "Press 1.", "StoreInput": "False", "InputTimeLimitSeconds": "5"},
                 "Transitions": {"NextAction": "bye", "Conditions": [{"NextAction": "bye", "Condition": {
                     "Operator": "Equals", "Operands": ["1"]}}], "Errors": [
                     {"NextAction": "bye", "ErrorType": e} for e in ("InputTimeLimitExceeded", "NoMatchingCondition",
                                                                     "NoMatchingError")]}}
    body = {"Version": "2019-10-30", "StartAction": "go", "Actions": [
        first, {"Identifier": "bye", "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {}}]}
    path = folder / f"f{index:04d}.json"
    path.write_text(json.dumps({"Name": f"f{index}", "Id": f"id{index}", "Content": json.dumps(body)}),
                    encoding="utf-8")
    return path


def test_a_long_chain_of_flows_that_only_hand_off_arrives_at_the_last_flows_menu(tmp_path):
    # 1,500 flows, each handing the call straight to the next: followed without recursion (a
    # RecursionError before), each hand-off once (quadratic before)
    paths = [_connect_flow(tmp_path, i, f"f{i + 1}" if i < 1499 else None) for i in range(1500)]
    (menu,) = read(*paths).menus
    assert menu.start.target == "f1499::go" and menu.nodes["f1499::go"].type == "menu"
    assert [n for n in menu.nodes if n.endswith("::go")] == ["f1499::go"]  # the hand-offs are no nodes


def test_flows_that_hand_off_in_a_ring_arrive_where_the_ring_closes(tmp_path):
    paths = [_connect_flow(tmp_path, i, f"f{(i + 1) % 3}") for i in range(3)]
    (menu,) = read(*paths).menus
    assert menu.start.target == "f0::go" and "f0::go" not in menu.nodes  # what unknown-target reports
    assert "unknown-target" in rules(menu)


# --- import ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [FORMATS / "connect" / "pass-menu.json", FORMATS / "archy" / "pass-full.yaml",
                                  FORMATS / "twilio" / "pass-wrong-widget.json",
                                  FORMATS / "twilio" / "pass-failures.json",
                                  # cases that never hold (Branch.never) are written as never: (the long fuzz's find)
                                  FORMATS / "twilio" / "pass-never-cases.json",
                                  # a speech-only field: its input_modes are written (the long fuzz's find)
                                  FORMATS / "vxml" / "pass-template.php",
                                  # a Read() whose other keys go on, no failed try: counts_wrong_keys is written
                                  FORMATS / "asterisk" / "pass-read-other-keys.conf",
                                  # a <submit method="post">: the step's changes are written (destructive-default)
                                  FORMATS / "vxml" / "pass-submit-post.vxml"],
                         ids=lambda p: f"{p.parent.name}-{p.stem}")
def test_import_then_check_gives_the_same_findings(path, tmp_path):
    out = tmp_path / "menu.yaml"
    result = CliRunner().invoke(cli, ["import", str(path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    (menu,) = read(path).menus
    (again,) = read(out).menus
    assert sorted((f.rule, f.node) for f in lint(build_graph(menu))) == \
        sorted((f.rule, f.node) for f in lint(build_graph(again)))


# --- the corpus: the findings the real flows deserve -----------------------------------------------------

#: (folder, file prefix as in test_cloud_corpus.PINS) -> rules with errors or warnings
CORPUS_FINDINGS = {
    # each Send to Flex of these leaves failedToEnqueue/callFailure unconnected: a failed queue hangs up in silence
    ("twilio_studio", "leroychan"): {"disconnect-on-error", "unexplained-wait",  # gathers hang up on timeout
                                     "transfer-failure-hangup",
                                     "silent-hangup"},  # its task-reporting functions leave 'fail' unconnected
    ("twilio_studio", "twilio-labs__function-templates"): {"unexplained-wait", "transfer-failure-hangup"},
    ("twilio_studio", "twilio-labs__sample-flows"): {"no-path-to-human"},  # no person at all; its gather only loops (an info)
    ("twilio_studio", "twilio-professional-services__flex-multi"): {"unexplained-wait", "transfer-failure-hangup"},
    ("twilio_studio", "twilio-professional-services__flex-project"): {"unexplained-wait", "transfer-failure-hangup"},
    # a Connect queue plays the customer queue flow while callers wait: unexplained-wait is an info there; the
    # queue's QueueAtCapacity and NoMatchingError go straight to Disconnect: a failed transfer hangs up in silence
    ("amazon_connect", "amazon-connect__"): {"transfer-failure-hangup"},
    ("amazon_connect", "aws-samples__"): {"disconnect-on-error"},  # a Lex V2 bot: speech or keys, as the bot decides
    ("amazon_connect", "bemer__"): {"disconnect-on-error",  # a Lex (classic) bot: speech or keys, as the bot decides
                                    "transfer-failure-hangup"},  # both Transfers: AtCapacity and Error to Disconnect
    ("genesys_archy", "GenesysCloudBlueprints__simple"): {"disconnect-on-error", "unexplained-wait"},
    ("genesys_archy", "GenesysCloudBlueprints__dr-fallback-ivr__DR-Emergency"): {
        "disconnect-on-error", "unexplained-wait"},  # too-many-options: an info
    ("genesys_archy", "GenesysCloudBlueprints__dr-fallback-ivr__DR-Fallback"): {
        "no-path-to-human", "unreachable-node"},  # voicemail only; its menu never runs (so cuts no caller off)
    ("genesys_archy", "MyPureCloud__terraform-provider-genesyscloud__inboundcall"): {
        "disconnect-on-error", "no-path-to-human"},
    ("genesys_archy", "MyPureCloud__terraform-provider-genesyscloud__openhours"): {
        "disconnect-on-error", "no-path-to-human"},
}


@needs_corpus
@pytest.mark.parametrize("folder, prefix", sorted(CORPUS_FINDINGS))
def test_corpus_flows_get_the_findings_they_deserve(folder, prefix):
    path = next((CORPUS / folder).glob(f"{prefix}*"))
    (menu,) = read(path).menus
    found = {f.rule for f in lint(build_graph(menu)) if f.severity.value != "info"}
    assert found == CORPUS_FINDINGS[(folder, prefix)]


@needs_corpus
def test_corpus_connect_flow_hands_off_by_a_flow_attribute_left_unresolved_alone():
    path = next((CORPUS / "amazon_connect").glob("aws-samples__*"))
    (menu,) = read(path).menus
    handoffs = [n for n in menu.nodes.values() if n.type == "external"]
    assert [n.target_text for n in handoffs] == [
        "TransferToFlow $.FlowAttributes.acme_queue_transfer_AUTO (a flow not given)",
        "InvokeFlowModule $.FlowAttributes.acme_contact_flow_module_AUTO (a flow not given)"]


# --- diagram of an estate --------------------------------------------------------------------------------


def test_ivr_render_draws_an_estate_a_frame_per_flow_and_focus_draws_one(tmp_path):
    flows = [str(ESTATE / n) for n in ("main.json", "billing.json", "agents.json")]
    out = tmp_path / "estate.dot"
    result = CliRunner().invoke(cli, ["render", *flows, "-o", str(out)])
    assert result.exit_code == 0, result.output
    source = out.read_text()
    assert [f"flow <B>{n}</B>" in source for n in ("main.json", "billing.json", "agents.json")] == [True] * 3
    result = CliRunner().invoke(cli, ["render", *flows, "-o", str(out), "--focus", "agents"])
    assert result.exit_code == 0, result.output
    focused = out.read_text()
    assert "agents::queue" in focused and "billing::billing-menu" in focused  # the hand-off into it
    assert "main::greet" not in focused
    result = CliRunner().invoke(cli, ["render", *flows, "-o", str(out), "--focus", "payroll"])
    assert result.exit_code == 2 and "no node or flow 'payroll'" in result.output


def test_archy_transfer_to_flow_by_name_is_followed_and_one_not_given_stays_external():
    full, travel = FORMATS / "archy" / "pass-full.yaml", FORMATS / "archy" / "estate" / "travel.yaml"
    (menu,) = read(full, travel).menus
    more = menu.nodes["Example Insurance::menu[More_20]"]
    assert more.options["1"].goto.target == "Travel Line::menu[Travel_1]"
    assert menu.nodes["Travel Line::menu[Travel_1]"].location.file == str(travel)
    uk = [n for n in menu.nodes.values() if n.type == "external"]
    assert [n.target_text for n in uk] == ["transferToFlow UK Claims (a flow not given)"]


def test_a_twilio_subflow_not_given_is_a_hand_off_the_call_comes_back_from(tmp_path):
    """Run Subflow's 'completed' transition: the parent flow goes on when the subflow ends (Twilio docs,
    widget-library/run-subflow). Not given, the subflow is not followed; what follows it still runs."""
    (menu,) = read(FORMATS / "twilio" / "pass-menu.json").menus
    callback = menu.nodes["callback"]
    assert callback.type == "external" and callback.goto.target == "callback/completed"
    written = tmp_path / "menu.yaml"
    result = CliRunner().invoke(cli, ["import", str(FORMATS / "twilio" / "pass-menu.json"), "-o", str(written)])
    assert result.exit_code == 0, result.output
    (again,) = read_all([str(written)]).menus
    assert again.nodes["callback"].goto.target == "callback/completed"  # the YAML says it too


# --- the customer queue flow an event hook names --------------------------------------------------------------

HOOKS = FORMATS / "connect" / "hooks"


def _waits(*names: str) -> list[dict]:
    result = CliRunner().invoke(cli, ["check", "--isolated", "--fail-on", "never", "--format", "json", "--select",
                                      "unexplained-wait", *(str(HOOKS / n) for n in names)])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)["findings"]


def test_the_customer_queue_flow_an_event_hook_names_is_read_when_given():
    # alone: the customer queue flow the hook names plays during the wait, and ivr cannot read it (an info)
    [alone] = _waits("main.json")
    assert alone["severity"] == "info" and "queue-wait (set by UpdateContactEventHooks)" in alone["message"]
    # given, and its first words say how long the wait is: the wait is explained
    assert _waits("main.json", "queue-wait.json") == []
    # given, and its first words do not: neither they nor the words before the transfer explain it (a warning)
    [silent] = _waits("main.json", "queue-wait-silent.json")
    assert silent["severity"] == "warning" and silent["line"] == 18
    assert "nor the first words of the customer queue flow queue-wait" in silent["message"]
    assert "('Thank you for calling Example Bank. Your call is important …')" in silent["message"]


def test_a_customer_queue_flow_is_not_where_a_call_enters():
    # "the flow to invoke when a customer is transferred to a queue" (set-customer-queue-flow.html): its first prompt
    # is not the first callers hear, and it is not told to greet
    result = CliRunner().invoke(cli, ["check", "--isolated", "--fail-on", "never", "--format", "json", "--select",
                                      "missing-greeting", str(HOOKS / "queue-wait.json")])
    assert json.loads(result.output)["findings"] == []

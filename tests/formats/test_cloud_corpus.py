"""Every Twilio Studio, Amazon Connect and Genesys Archy file of the shared corpus: read, or refused with a reason.

The corpus lives beside the repository (``../shared/corpus``); these tests are skipped,
saying so, only where it is absent.
"""

from __future__ import annotations


import pytest

from ivr.formats.archy import document as archy_document
from ivr.formats.archy import flow as archy_flow
from ivr.formats.connect import actions as connect_actions
from ivr.formats.connect import document as connect_document
from ivr.formats.flow import Flow, FlowError
from ivr.formats.twilio import document as twilio_document
from ivr.formats.twilio import widgets as twilio_widgets

from tests.conftest import SHARED_CORPUS, needs_corpus

CORPUS = SHARED_CORPUS

READ = {
    "twilio_studio": lambda raw, name: twilio_widgets.to_flow(twilio_document.parse_document(raw, name)),
    "amazon_connect": lambda raw, name: connect_actions.to_flow(connect_document.parse_document(raw, name)),
    "genesys_archy": lambda raw, name: archy_flow.to_flow(archy_document.parse_document(raw, name)),
}


def read(folder: str, prefix: str) -> Flow:
    path = next((CORPUS / folder).glob(f"{prefix}*"))
    return READ[folder](path.read_bytes(), path.name)


def kinds(flow: Flow) -> dict[str, int]:
    counted: dict[str, int] = {}
    for step in flow.steps.values():
        counted[step.kind] = counted.get(step.kind, 0) + 1
    return counted


def options(flow: Flow) -> int:
    return sum(len(step.options) for step in flow.steps.values())


@needs_corpus
@pytest.mark.parametrize("folder", sorted(READ))
def test_every_file_is_read_or_refused_with_a_located_reason(folder):
    for path in sorted((CORPUS / folder).iterdir()):
        try:
            flow = READ[folder](path.read_bytes(), path.name)
        except FlowError as exc:
            assert exc.location.file == path.name and exc.location.line is not None, exc
            raise AssertionError(f"every corpus file is read today: {exc}") from None
        assert flow.steps and flow.start.target in flow.steps, path.name
        for step in flow.steps.values():
            assert step.location.file == path.name and step.location.line and step.location.pointer is not None


# (folder, file prefix) -> (kinds of steps, options, transfers' queue or number)
PINS = {
    ("twilio_studio", "leroychan"): ({"branch": 5, "hangup": 8, "input": 3, "transfer": 1}, 0,
                                     ["${var.workflows_everyone_sid}"]),
    ("twilio_studio", "twilio-labs__function-templates"): ({"branch": 2, "hangup": 3, "transfer": 1, "input": 1,
                                                             "message": 1, "external": 1}, 0,
                                                            ["(workflow set at deploy time)"]),
    ("twilio_studio", "twilio-labs__sample-flows"): ({"menu": 1, "branch": 1, "message": 1, "hangup": 1}, 3, []),
    ("twilio_studio", "twilio-professional-services__flex-multi"): ({"input": 1, "message": 3, "branch": 1,
                                                                      "transfer": 1}, 0,
                                                                     ["WWXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"]),
    ("twilio_studio", "twilio-professional-services__flex-project"): ({"branch": 2, "message": 1, "hangup": 1,
                                                                        "transfer": 1}, 0, ["${WORKFLOW_SID}"]),
    # the hang-up after the queue's errors is read since a transfer's errors are its failure way (if_failed)
    ("amazon_connect", "amazon-connect__"): ({"message": 5, "hangup": 2, "menu": 1, "branch": 9, "transfer": 1}, 1,
                                             ["%%CONNECT_BASIC_QUEUE_ARN%%"]),
    ("amazon_connect", "bemer__"): ({"message": 4, "hangup": 2, "menu": 1, "transfer": 2}, 3,
                                     ["CheckSchedule", "TvSignalProblem"]),
    # its Invoke module is a hand-off to the module (not given), which comes back: TransferToFlow and InvokeFlowModule
    ("amazon_connect", "aws-samples__"): ({"message": 2, "hangup": 1, "branch": 1, "handoff": 2, "menu": 1}, 2, []),
    # each menu choice's transfer says its Failed Transfer Audio ("We are sorry...") and repeats the menu when it fails
    ("genesys_archy", "GenesysCloudBlueprints__simple"): ({"message": 3, "menu": 1, "hangup": 1, "transfer": 2}, 3,
                                                          ["Simple Financial 401K queue", "Simple Financial IRA queue"]),
    # each queue's failure way (the message and the hang-up after its transfer) is read as its if_failed
    ("genesys_archy", "GenesysCloudBlueprints__dr-fallback-ivr__DR-Emergency"): (
        {"message": 7, "menu": 1, "hangup": 7, "transfer": 6, "branch": 1, "voicemail": 1}, 7,
        ["Annuity", "Brokerage", "General Help", "Health Insurance", "Life Insurance", "Mutual Funds"]),
    ("genesys_archy", "GenesysCloudBlueprints__dr-fallback-ivr__DR-Fallback"): (
        {"message": 1, "menu": 1, "hangup": 1, "voicemail": 1}, 1, []),
    ("genesys_archy", "MyPureCloud__terraform-provider-genesyscloud__inboundcall"): (
        {"message": 1, "menu": 1, "hangup": 1}, 1, []),
    ("genesys_archy", "MyPureCloud__terraform-provider-genesyscloud__openhours"): (
        {"message": 1, "menu": 1, "hangup": 1}, 1, []),
}


@needs_corpus
@pytest.mark.parametrize("folder, prefix", sorted(PINS))
def test_corpus_flows_are_read_as_pinned(folder, prefix):
    flow = read(folder, prefix)
    expected_kinds, expected_options, expected_transfers = PINS[(folder, prefix)]
    assert kinds(flow) == expected_kinds
    assert options(flow) == expected_options
    assert sorted(s.queue or s.number for s in flow.steps.values() if s.kind == "transfer") == expected_transfers


@needs_corpus
def test_corpus_connect_legacy_console_export_is_read():
    flow = read("amazon_connect", "bemer__")
    assert flow.name == "Cable TV Contact Flow"
    (menu,) = [s for s in flow.steps.values() if s.kind == "menu"]
    assert menu.input_modes == ("speech", "dtmf")  # a Lex bot's intents, said or keyed (get-customer-input.html)


@needs_corpus
def test_corpus_archy_files_that_do_not_parse_upstream_are_read_with_their_placeholders():
    flow = read("genesys_archy", "GenesysCloudBlueprints__dr-fallback-ivr__DR-Emergency")
    assert flow.steps["initialGreeting"].text == "{{ivr_initial_greeting}}"
    assert "{{ivr_failure}}" in flow.summary.notes[0]
    fallback = read("genesys_archy", "GenesysCloudBlueprints__dr-fallback-ivr__DR-Fallback")
    assert fallback.start.target == "initialGreeting"
    assert fallback.steps[fallback.steps["initialGreeting"].goto.target].kind == "voicemail"


@needs_corpus
def test_corpus_twilio_wrapped_files_say_their_wrapper():
    assert read("twilio_studio", "leroychan").summary.notes == [
        "read the flow definition out of a Terraform jsonencode() wrapper"]
    js = read("twilio_studio", "twilio-labs__function-templates")
    assert js.summary.notes == ["read the flow definition out of a JavaScript module wrapper"]
    assert len(js.summary.skipped) == 7  # the SMS side

"""Amazon Connect flows deployed as code: every flow a CloudFormation template, Terraform file or CDK stack
declares, each named by its resource, located in the file, hand-offs between them followed (issue 23)."""

from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner

from ivr.cli import cli
from ivr.formats import connect
from ivr.formats.detection.connect import detect
from ivr.model.errors import InvalidMenu

from tests.conftest import FIXTURES

CONNECT = FIXTURES / "formats" / "connect"


def read(path):
    """What the reader made of one file: its flows (by name) and the import notes."""
    imported = connect.read(path.read_bytes(), str(path))
    return {flow.name: flow for flow in imported.resources["flows"]}, imported


def line_of(path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def test_a_cloudformation_yaml_template_gives_each_flow_named_by_its_logical_id_and_known_by_its_name():
    path = CONNECT / "pass-cloudformation.yaml"
    flows, imported = read(path)
    assert list(flows) == ["Billing", "Main"]
    assert {"Billing_${Alias}", "Billing.ContactFlowArn"} <= flows["Billing"].aliases
    assert "Main_${Alias}" in flows["Main"].aliases
    assert flows["Main"].kind == "CONTACT_FLOW"
    # each flow is placed at its resource
    assert (flows["Billing"].location.line, flows["Main"].location.line) == (line_of(path, "  Billing:"),
                                                                             line_of(path, "  Main:"))
    assert imported.counts["flows"] == 2


def test_a_literal_block_content_keeps_the_template_lines_and_a_one_line_string_its_own_line():
    path = CONNECT / "pass-cloudformation.yaml"
    flows, _ = read(path)
    menu = flows["Main"].steps["menu"]
    # where the action's object opens, in the template: the line before its Identifier, 14 spaces in
    assert (menu.location.line, menu.location.column) == (line_of(path, '"Identifier": "menu"') - 1, 15)
    say = flows["Billing"].steps["say"]
    assert say.location.line == line_of(path, "      Content: \"{")  # the line of the string, and a pointer
    assert say.location.pointer == "/Actions/0"


def test_fn_sub_placeholders_become_the_names_they_stand_for_and_hand_offs_follow_them():
    path = CONNECT / "pass-cloudformation.yaml"
    flows, imported = read(path)
    assert flows["Main"].steps["to-billing"].flow_ref == "${Billing.ContactFlowArn}"
    menus = connect.link([imported])
    assert len(menus) == 1  # Main and Billing are one IVR
    assert any("flow 'Main' hands off to Billing" in note.message for note in imported.notes)


def test_a_json_template_reads_fn_join_with_each_function_as_a_name():
    flows, _ = read(CONNECT / "pass-cloudformation.json")
    flow = flows["HoursFlow1A2B3C"]
    assert "hours" in flow.aliases
    assert all(step.location.pointer.startswith("/Actions/") for step in flow.steps.values())
    assert all(step.location.line == 12 for step in flow.steps.values())  # the line of the Fn::Join
    assert "${QueueArn}" in str([(step.label, step.queue) for step in flow.steps.values()])  # the Join, read


def test_terraform_reads_only_the_flow_resources_jsonencode_heredoc_and_templatefile_beside():
    path = CONNECT / "pass-terraform.tf"
    flows, imported = read(path)
    # the IAM policy's jsonencode, first in the file, is no flow
    assert list(flows) == ["main", "closed", "agents", "holiday"]
    assert {"Main line", "aws_connect_contact_flow.main"} <= flows["main"].aliases
    closed = flows["closed"].steps["closed"]
    assert (closed.location.file, closed.location.line) == (str(path), line_of(path, '"Identifier": "closed"'))
    sorry = flows["agents"].steps["sorry"]
    assert sorry.location.file == os.path.join(str(CONNECT), "deployed", "queue.json")
    # main -> agents by aws_connect_contact_flow.agents.arn; closed and holiday alone
    assert len(connect.link([imported])) == 3


def test_terraform_jsonencode_reads_hcl_object_syntax_as_the_provider_documents_it():
    path = CONNECT / "pass-terraform.tf"
    flows, _ = read(path)
    holiday = flows["holiday"]
    assert holiday.steps["holiday"].text.startswith("We are closed for the holiday.")
    assert holiday.steps["holiday"].goto.target == "bye"
    assert holiday.steps["holiday"].location.line == line_of(path, 'Identifier  = "holiday"') - 1


def test_cdk_reads_json_stringify_and_read_file_sync_beside_and_links_them_by_name():
    flows, imported = read(CONNECT / "pass-cdk.ts")
    assert list(flows) == ["Greeting", "Queue"]
    assert "queue" in flows["Queue"].aliases
    assert len(connect.link([imported])) == 1


def test_a_resource_that_cannot_be_read_is_said_and_the_others_are_read(tmp_path):
    template = (CONNECT / "pass-cloudformation.yaml").read_text()
    broken = template.replace('"Type": "TransferToFlow"', '"Type" "TransferToFlow"')
    path = tmp_path / "two.yaml"
    path.write_text(broken)
    flows, imported = read(path)
    assert list(flows) == ["Billing"]
    note = next(n for n in imported.notes if "AWS::Connect::ContactFlow Main" in n.message)
    assert "not valid JSON" in note.message
    assert note.location.line == line_of(path, '"Type" "TransferToFlow"')


def test_file_names_are_fenced_to_the_folder_of_the_file_given(tmp_path):
    (tmp_path / "secret.json").write_text('{"StartAction": "a", "Actions": [{"Identifier": "a", "Type": '
                                          '"DisconnectParticipant"}]}')
    folder = tmp_path / "infra"
    folder.mkdir()
    (folder / "flow.json").symlink_to(tmp_path / "secret.json")
    main = folder / "main.tf"
    main.write_text('resource "aws_connect_contact_flow" "a" {\n  content = file("${path.module}/flow.json")\n}\n'
                    'resource "aws_connect_contact_flow" "b" {\n  filename = "/etc/passwd"\n}\n')
    with pytest.raises(InvalidMenu) as refused:
        read(main)
    assert "outside the folder of this file" in refused.value.errors[0].message
    assert refused.value.errors[0].location.line == 2


def test_yaml_tags_are_data_never_run_and_aliases_stay_bounded(tmp_path):
    marker = tmp_path / "ran"
    hostile = tmp_path / "t.yaml"
    hostile.write_text("Resources:\n  X:\n    Type: AWS::Connect::ContactFlow\n    Properties:\n      Content: "
                       f"!!python/object/apply:os.system ['touch {marker}']\n")
    with pytest.raises(InvalidMenu):
        read(hostile)
    assert not marker.exists()
    laughs = ["Resources:", '  a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    laughs += [f"  {chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
               f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]"
               for i in range(8)]
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("\n".join(laughs) + "\n")
    with pytest.raises(InvalidMenu) as refused:
        read(bomb)
    assert "aliases" in refused.value.errors[0].message


@pytest.mark.parametrize("name", ["pass-cloudformation.yaml", "pass-cloudformation.json", "pass-terraform.tf",
                                  "pass-cdk.ts", "fail-template-no-flow.yaml", "fail-cdk-no-flow.ts"])
def test_deployment_files_are_detected_as_connect(name):
    assert detect((CONNECT / name).read_bytes(), name)


def test_a_template_or_stack_with_no_flow_is_refused_with_that_reason_not_as_invalid_yaml():
    for name in ("fail-template-no-flow.yaml", "fail-cdk-no-flow.ts"):
        result = CliRunner().invoke(cli, ["check", str(CONNECT / name)])
        assert result.exit_code == 2
        assert "no Amazon Connect flow is in" in result.output or "declares no Amazon Connect flow" in result.output
        assert "invalid YAML" not in result.output


def test_twilio_terraform_gives_each_studio_flow_and_runs_the_subflow_it_names():
    from ivr.formats import twilio

    path = FIXTURES / "formats" / "twilio" / "pass-terraform-flows.tf"
    imported = twilio.read(path.read_bytes(), str(path))
    flows = {flow.name: flow for flow in imported.resources["flows"]}
    assert list(flows) == ["Main line", "Billing"]
    assert {"billing", "twilio_studio_flows_v2.billing"} <= flows["Billing"].aliases
    assert flows["Billing"].location.line == line_of(path, 'resource "twilio_studio_flows_v2" "billing"')
    assert flows["Billing"].steps["say"].location.line == line_of(path, '{"name": "say"')  # the heredoc's own line
    assert len(twilio.link([imported])) == 1


def test_fn_sub_variables_cannot_grow_a_flow_without_bound(tmp_path):
    strings = ", ".join(f'"a{i}": "${{BIG}}"' for i in range(3000))
    path = tmp_path / "grow.yaml"
    path.write_text("Resources:\n  F:\n    Type: AWS::Connect::ContactFlow\n    Properties:\n      Content: !Sub\n"
                    f"        - '{{\"StartAction\": \"a\", \"Metadata\": {{{strings}}}, \"Actions\": []}}'\n"
                    f"        - BIG: '{'x' * 1000}'\n")
    with pytest.raises(InvalidMenu) as refused:
        read(path)
    assert "Fn::Sub variables make the flow's text more than" in refused.value.errors[0].message
    assert refused.value.errors[0].location.line == 5


def test_a_flow_named_by_many_resources_is_read_once(tmp_path, monkeypatch):
    from ivr.formats.cloud import deploy

    calls = {"json": 0, "file": 0}
    real_json, real_file = deploy.read_json, deploy.read_file

    def counted_json(*args, **kwargs):
        calls["json"] += 1
        return real_json(*args, **kwargs)

    def counted_file(*args, **kwargs):
        calls["file"] += 1
        return real_file(*args, **kwargs)

    monkeypatch.setattr(deploy, "read_json", counted_json)
    monkeypatch.setattr(deploy, "read_file", counted_file)
    flow = '{"StartAction": "a", "Actions": [{"Identifier": "a", "Type": "DisconnectParticipant"}]}'
    (tmp_path / "flow.json").write_text(flow)
    stack = tmp_path / "stack.ts"
    stack.write_text("import * as cdk from 'aws-cdk-lib';\nconst shared = JSON.stringify(" + flow + ");\n" + "".join(
        f"new CfnContactFlow(this, 'F{i}', {{ name: 'f{i}', content: shared }});\n" for i in range(50)))
    flows, _ = read(stack)
    assert len(flows) == 50 and calls["json"] == 1
    main = tmp_path / "main.tf"
    main.write_text("".join(f'resource "aws_connect_contact_flow" "f{i}" {{\n  content = file("flow.json")\n}}\n'
                            for i in range(50)))
    flows, _ = read(main)
    assert len(flows) == 50 and calls["file"] == 1 and calls["json"] == 2


def test_a_yaml_template_of_any_aws_resources_is_detected_and_refused_for_having_no_flow(tmp_path):
    path = tmp_path / "table.yaml"
    path.write_text("Resources:\n  T:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      TableName: !Ref Name\n")
    assert detect(path.read_bytes(), str(path))
    result = CliRunner().invoke(cli, ["check", str(path)])
    assert result.exit_code == 2 and "declares no Amazon Connect flow" in result.output


def test_the_long_form_fn_sub_literal_block_keeps_the_template_lines_too(tmp_path):
    path = tmp_path / "long.yaml"
    path.write_text("Resources:\n  F:\n    Type: AWS::Connect::ContactFlow\n    Properties:\n      Content:\n"
                    "        Fn::Sub: |\n          {\"StartAction\": \"bye\",\n           \"Actions\": [\n"
                    "             {\"Identifier\": \"bye\", \"Type\": \"DisconnectParticipant\"}]}\n")
    flows, _ = read(path)
    bye = flows["F"].steps["bye"]
    assert (bye.location.line, bye.location.column) == (9, 14)


@pytest.mark.parametrize("seed", ["pass-cloudformation.yaml", "pass-terraform.tf", "pass-cdk.ts"])
def test_hostile_additions_to_deployment_files_are_refused_or_read_never_a_traceback_nor_a_file_outside(seed,
                                                                                                      tmp_path):
    from tests.mutations import DEPLOYED, OUTSIDE

    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text('{"StartAction": "IVR-DEPLOYED-SECRET", "Actions": []}')
    for index, addition in enumerate(DEPLOYED):
        folder = tmp_path / f"case{index}"
        folder.mkdir()
        path = folder / seed
        path.write_bytes((CONNECT / seed).read_bytes() + addition.replace(OUTSIDE, str(outside)).encode())
        result = CliRunner().invoke(cli, ["check", "--format", "json", "--fail-on", "never", str(path)])
        assert result.exit_code in (0, 2), (index, result.output[-500:])
        assert result.exception is None or isinstance(result.exception, SystemExit), (index, result.exception)
        assert "Traceback" not in result.output and "IVR-DEPLOYED-SECRET" not in result.output, index


def test_a_terraform_file_without_a_flow_resource_is_refused_by_name_when_read_as_connect(tmp_path):
    path = tmp_path / "instance.tf"
    path.write_text('resource "aws_connect_instance" "main" {\n  inbound_calls_enabled = true\n}\n')
    result = CliRunner().invoke(cli, ["check", "--from", "connect", str(path)])
    assert result.exit_code == 2
    assert f"{path}:1:1: error: this Terraform file declares no aws_connect_contact_flow" in result.output


def test_checking_a_folder_leaves_deployment_code_without_flows_alone(tmp_path):
    (tmp_path / "instance.tf").write_text('resource "aws_connect_instance" "main" {\n  type = "x"\n}\n')
    (tmp_path / "stack.js").write_text("const cdk = require('aws-cdk-lib');\nnew cdk.Stack(app, 'S');\n")
    (tmp_path / "template.json").write_text('{"AWSTemplateFormatVersion": "2010-09-09", "Resources": '
                                            '{"T": {"Type": "AWS::DynamoDB::Table"}}}')
    (tmp_path / "flows.tf").write_bytes((CONNECT / "pass-terraform.tf").read_bytes())
    (tmp_path / "deployed").mkdir()
    (tmp_path / "deployed" / "queue.json").write_bytes((CONNECT / "deployed" / "queue.json").read_bytes())
    result = CliRunner().invoke(cli, ["check", "--format", "json", "--fail-on", "never", str(tmp_path)])
    assert result.exit_code == 0, result.output
    files = {finding["file"] for finding in json.loads(result.output)["findings"]}
    assert files and all(file.endswith(("flows.tf", "queue.json")) for file in files)


_SAY_BYE = ('{"Version": "2019-10-30", "StartAction": "say", "Actions": ['
            '{"Identifier": "say", "Type": "MessageParticipant", "Parameters": {"Text": "Thank you."},'
            ' "Transitions": {"NextAction": "bye"}},'
            '{"Identifier": "bye", "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {}}]}')


@pytest.mark.parametrize("name, text", [
    ("stack.yaml", "Resources:\n"
                   "  Line:\n    Type: AWS::Connect::ContactFlow\n    Properties:\n      Type: CONTACT_FLOW\n"
                   f"      Content: '{_SAY_BYE}'\n"
                   "  Survey:\n    Type: AWS::Connect::ContactFlowModule\n    Properties:\n"
                   f"      Content: '{_SAY_BYE}'\n"),
    ("main.tf", 'resource "aws_connect_contact_flow" "Line" {\n  type = "CONTACT_FLOW"\n'
                f"  content = <<EOF\n{_SAY_BYE}\nEOF\n}}\n"
                'resource "aws_connect_contact_flow_module" "Survey" {\n'
                f"  content = <<EOF\n{_SAY_BYE}\nEOF\n}}\n"),
    ("stack.ts", "import * as connect from 'aws-cdk-lib/aws-connect';\n"
                 f"new connect.CfnContactFlow(this, 'Line', {{ type: 'CONTACT_FLOW', content: JSON.stringify({_SAY_BYE}) }});\n"
                 f"new connect.CfnContactFlowModule(this, 'Survey', {{ content: JSON.stringify({_SAY_BYE}) }});\n"),
    ("module.json", json.dumps({"ContactFlowModule": {"Name": "Survey", "Content": _SAY_BYE}})),
])
def test_a_flow_module_is_known_as_a_part_other_flows_run_in_every_wrapper(tmp_path, name, text):
    # "Flow modules are reusable sections of a flow" (admin guide, contact-flow-modules.html), declared as
    # AWS::Connect::ContactFlowModule, aws_connect_contact_flow_module, CfnContactFlowModule, or returned by
    # describe-contact-flow-module; a flow declared beside it is not one
    path = tmp_path / name
    path.write_text(text)
    flows, _ = read(path)
    assert flows["Survey"].kind == "FLOW_MODULE"
    assert flows["Survey"].part_of == "a flow module, which runs inside the flows that invoke it"
    if "Line" in flows:
        assert flows["Line"].kind == "CONTACT_FLOW" and flows["Line"].part_of is None


def test_invoke_module_is_followed_into_the_module_given_and_its_return_comes_back(tmp_path):
    # InvokeFlowModule runs the module; its Return "Then continue[s] running the flow in which the module is
    # referenced" (admin guide, return-module.html): at the invoking block's NextAction
    module = ('{"Version": "2019-10-30", "StartAction": "say", "Actions": ['
              '{"Identifier": "say", "Type": "MessageParticipant", "Parameters": {"Text": "Your order has shipped."},'
              ' "Transitions": {"NextAction": "back"}},'
              '{"Identifier": "back", "Type": "EndFlowModuleExecution", "Parameters": {}, "Transitions": {}}]}')
    main = ('{"Version": "2019-10-30", "StartAction": "orders", "Actions": ['
            '{"Identifier": "orders", "Type": "InvokeFlowModule", "Parameters": {"FlowModuleId": "${Orders.ContactFlowModuleArn}"},'
            ' "Transitions": {"NextAction": "agents", "Errors": [{"NextAction": "agents", "ErrorType": "NoMatchingError"}]}},'
            '{"Identifier": "agents", "Type": "TransferContactToQueue", "Transitions": {}}]}')
    path = tmp_path / "stack.yaml"
    path.write_text("Resources:\n"
                    "  Main:\n    Type: AWS::Connect::ContactFlow\n    Properties:\n      Type: CONTACT_FLOW\n"
                    f"      Content: !Sub '{main}'\n"
                    "  Orders:\n    Type: AWS::Connect::ContactFlowModule\n    Properties:\n"
                    f"      Content: '{module}'\n")
    _, imported = read(path)
    [menu] = connect.link([imported])
    assert menu.start.target == "Orders::say"
    assert menu.nodes["Orders::say"].goto.target == "Main::agents"
    assert "Orders::back" not in menu.nodes and "Main::orders" not in menu.nodes
    # read alone, the module's Return is a hand-off back to a flow not given
    alone = tmp_path / "alone.yaml"
    alone.write_text("Resources:\n  Orders:\n    Type: AWS::Connect::ContactFlowModule\n    Properties:\n"
                     f"      Content: '{module}'\n")
    _, imported = read(alone)
    [menu] = connect.link([imported])
    assert menu.nodes["back"].type == "external" and menu.nodes["back"].handed_to == "unknown"
    assert menu.part_of == "a flow module, which runs inside the flows that invoke it"

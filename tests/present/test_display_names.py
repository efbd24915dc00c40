"""Findings name nodes as the platform's editor shows them, and keep the identifier beside (issue 24 item 5).

One real file per format of the shared corpus: the JSON output carries ``node`` (the identifier in the file) and
``node_name`` (the display name its reader built); SARIF carries both in the result's logical location.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from ivr.cli import cli
from tests.conftest import corpus_file

#: (corpus folder, file) -> one finding each: (rule, line, node, node_name)
PINS = {
    # Connect: blocks have UUIDs; the name is the block type and its text, as the flow editor shows it
    ("amazon_connect", "bemer__amazon-connect-workshop__CableTVContactFlow.json"): (
        "missing-repeat-option", 1, "52412899-83ce-454e-a993-4eb8b8bf68e7", "GetUserInput: How can I help you?"),
    # Asterisk: a menu is named by its context, the node by context,extension,priority
    ("asterisk", "asterisk__asterisk__extensions.conf.sample"): ("disconnect-on-error", 599, "demo,s,6", "demo"),
    ("asterisk", "asterisk__asterisk__extensions.ael.sample"): (
        "missing-repeat-option", 329, "ael-demo,s,8", "ael-demo"),
    # FreeSWITCH: the <menu name>
    ("freeswitch", "signalwire__freeswitch__demo_ivr.xml"): (
        "no-human-option", 35, "demo_ivr_submenu", "demo_ivr_submenu"),
    # Architect: the menu's name, not its path in the YAML
    ("genesys_archy", "GenesysCloudBlueprints__dr-fallback-ivr__DR-Emergency-IVR.yaml"): (
        "disconnect-on-error", 85, "menu[Main Menu_10]", "Main Menu"),
    # Twilio Studio: the widget's name; an end the reader made is named by what ends the call
    ("twilio_studio", "leroychan__twilio-flex-ivr-reporting__main.tf"): (
        "missing-thanks", 62, "function_create_task/fail",
        "end of the call after function_create_task (fail, not connected)"),
    # VoiceXML: the dialog's id
    ("voicexml", "joegen__opalvoip-opal__main_menu.vxml"): ("nonstandard-key", 39, "MainMenu", "MainMenu"),
}


def _check(path, fmt: str) -> dict:
    result = CliRunner().invoke(cli, ["check", "--format", fmt, str(path)])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)


@pytest.mark.parametrize("folder, name", list(PINS), ids=[name.split("__")[-1] for _, name in PINS])
def test_json_gives_the_identifier_and_the_display_name(folder, name):
    rule, line, node, shown = PINS[(folder, name)]
    findings = _check(corpus_file(folder, name), "json")["findings"]
    assert {"rule": rule, "line": line, "node": node, "node_name": shown} in [
        {k: f[k] for k in ("rule", "line", "node", "node_name")} for f in findings]
    # the message speaks the display name where it differs from the identifier
    if shown != node:
        message = next(f["message"] for f in findings if (f["rule"], f["line"], f["node"]) == (rule, line, node))
        assert shown in message and node not in message


@pytest.mark.parametrize("folder, name", list(PINS), ids=[name.split("__")[-1] for _, name in PINS])
def test_sarif_gives_both_in_the_logical_location(folder, name):
    rule, line, node, shown = PINS[(folder, name)]
    results = _check(corpus_file(folder, name), "sarif")["runs"][0]["results"]
    logical = [location["logicalLocations"][0] for r in results for location in r["locations"]
               if r["ruleId"] == rule and location["physicalLocation"]["region"]["startLine"] == line]
    assert {"name": shown, "fullyQualifiedName": node} in logical

"""Issue 20, the tracebacks: deep nesting and numbers of any size in platform files are refused where they stand.

Each case used to end in a traceback (RecursionError, ValueError from Python's 4,300-digit limit,
OverflowError); now ``ivr check`` and ``ivr tests`` say where and why, and exit 2.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from ivr.cli import cli
from ivr.formats.cloud.jsonloc import MAX_DEPTH as JSON_DEPTH
from ivr.formats.numbers import seconds, whole
from ivr.formats.xmltree import MAX_DEPTH as XML_DEPTH


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _studio(timeout: str = "5", digits: str = "1") -> str:
    flow = {"description": "x", "initial_state": "Trigger", "flags": {"allow_concurrent_calls": True},
            "states": [{"name": "Trigger", "type": "trigger", "properties": {},
                        "transitions": [{"event": "incomingCall", "next": "g"}]},
                       {"name": "g", "type": "gather-input-on-call", "properties": {"timeout": 0, "say": "hi",
                                                                                      "number_of_digits": 0},
                        "transitions": [{"event": "keypress"}, {"event": "timeout"}]}]}
    return json.dumps(flow).replace('"timeout": 0', f'"timeout": {timeout}').replace('"number_of_digits": 0',
                                                                                   f'"number_of_digits": {digits}')


DEEP = 2000
CASES = {
    # (file name, content, expected first line of stderr after the file name)
    "VoiceXML nested 2,000 deep": (
        "deep.vxml", '<?xml version="1.0"?>\n<vxml version="2.1"><form id="f"><block><prompt>' + "<p>" * DEEP + "x"
        + "</p>" * DEEP + "</prompt></block></form></vxml>",
        f"2:{49 + 3 * (XML_DEPTH - 4)}: error: elements nest deeper than {XML_DEPTH} levels here, far more "
        "than an IVR document does; flatten the document"),
    "FreeSWITCH nested 2,000 deep": (
        "deep.xml", '<include>\n<menu name="m" greet-long="x">' + "<a>" * DEEP + "</a>" * DEEP + "</menu>\n</include>",
        f"2:{31 + 3 * (XML_DEPTH - 2)}: error: elements nest deeper than {XML_DEPTH} levels here"),
    "JSON nested 2,000 deep": (
        "deep.json", '{"Version": "2019-10-30", "StartAction": "a", "Actions": ' + "[" * DEEP + "]" * DEEP + "}",
        f"1:{57 + JSON_DEPTH}: error: not valid JSON: the document nests deeper than {JSON_DEPTH} levels"),
    "a Twilio timeout of 10^400": (
        "t.json", _studio(timeout="1" + "0" * 400), "error: not valid JSON: a number of 401 characters; no flow "
                                                     "needs more than 100: write it shorter"),
    "a Twilio timeout of 1e400": (
        "t.json", _studio(timeout="1e400"), "error: not valid JSON: the number 1e400 is too large for any flow"),
    "a Twilio timeout of 5,000 digits in a string": (
        "t.json", _studio(timeout='"' + "9" * 5000 + '"'),
        "error: the timeout of node 'g' is larger than any platform allows; give seconds from 0 to 600"),
    "a JSON number of 5,000 digits": (
        "c.json", '{"Version": "2019-10-30", "StartAction": "a", "Actions": [{"Identifier": "a", "Type": '
                  '"DisconnectParticipant", "Parameters": {}, "Transitions": {}, "X": ' + "9" * 5000 + "}]}",
        "error: not valid JSON: a number of 5,000 characters"),
    "an Asterisk priority of 8,000 digits (a line Asterisk reads: at most 8,189 bytes)": (
        "x.conf", "[m]\nexten => s,1,Background(x)\n same => n,WaitExten()\nexten => 1," + "1" * 8_000 + ",Hangup()\n",
        "4:10: error: the priority has more than 10 digits; Asterisk numbers priorities with a C int"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_refused_where_it_stands_without_a_traceback(tmp_path, case):
    name, content, expected = CASES[case]
    path = tmp_path / name
    path.write_text(content)
    result = run("check", str(path))
    assert result.exit_code == 2, result.output + result.stderr
    first = result.stderr.splitlines()[0]
    if expected[0].isdigit():
        assert first.startswith(f"{path}:{expected}"), first
    else:
        assert first.startswith(f"{path}:") and expected in first, first
    result = run("tests", str(path), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2, result.output + result.stderr
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"{path}:") and expected.partition("error: ")[2] in first, first
    assert not (tmp_path / "out").exists()


def test_numbers_past_any_limit_are_read_as_no_number_or_as_too_large():
    assert whole("9" * 5000) is None and whole("²") is None and whole(True) is None and whole(10**30) is None
    assert whole("0042") == 42 and whole(7) == 7
    assert seconds("9" * 5000) == float("inf") and seconds(10**400) == float("inf") and seconds("5") == 5.0
    assert seconds("x") is None and seconds(False) is None and seconds(float("nan")) == float("inf")


def test_an_entry_of_more_digits_than_any_platform_takes_is_refused_before_tests_are_written(tmp_path):
    path = tmp_path / "big.conf"
    path.write_text("[m]\nexten => s,1,Background(welcome)\n same => n,WaitExten()\nexten => 1,1,Goto(n,s,1)\n"
                    "[n]\nexten => s,1,Read(X,enter-account,256)\n same => n,Hangup()\n")
    result = run("tests", str(path), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "'max_digits' of node" in result.stderr and "is 256; give 0 to 255" in result.stderr

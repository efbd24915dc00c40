"""Hostile platform files (issue 20), reader by reader: entity expansion, external entities and DTDs,
deep nesting, huge numbers, bytes that are not UTF-8, control characters in names and file names.

Whatever the file: no traceback, an error located where the trouble is, no byte of a file the user
did not give in any output, nothing fetched, no control character printed raw. (What ``#include``
and the other include mechanisms may read is tested with their confinement.)
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from ivr.cli import cli

SECRET = "IVR-HOSTILE-SECRET-5e2b"
CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")

#: What the audit hook saw while watching: files opened among the watched ones, sockets, URLs.
_WATCHED: set[str] = set()
_SEEN: list[tuple[str, str]] = []


def _audit(event: str, args: tuple) -> None:
    if not _WATCHED:
        return
    if event == "open" and args and isinstance(args[0], (str, bytes)):
        name = args[0].decode(errors="replace") if isinstance(args[0], bytes) else args[0]
        if any(name.endswith(watched) for watched in _WATCHED):
            _SEEN.append((event, name))
    elif event in ("socket.connect", "socket.getaddrinfo", "urllib.Request"):
        _SEEN.append((event, repr(args)[:200]))


sys.addaudithook(_audit)  # a hook cannot be removed: it does nothing unless a test is watching


@contextlib.contextmanager
def nothing_read(*names: str):
    """Fail if, inside, Python opens a file whose name ends with one of ``names``, or opens a connection."""
    _WATCHED.update(names)
    _SEEN.clear()
    try:
        yield
    finally:
        _WATCHED.clear()
    assert not _SEEN, f"read or fetched: {_SEEN}"


def run(*args: str):
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    for text in (result.stdout, result.stderr):
        assert CONTROL.search(text) is None, f"a control character reached the output: {text[:1000]!r}"
    return result


@pytest.fixture
def outside(tmp_path_factory):
    """A folder beside none of the files given: no run may read what is in it."""
    folder = tmp_path_factory.mktemp("outside")
    (folder / "secret.txt").write_text(SECRET)
    (folder / "secret.dtd").write_text(f'<!ENTITY leak "{SECRET}">')
    return folder


def write(tmp_path, name: str, data: str | bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return str(path)


def every_output(path: str, tmp_path) -> list:
    """``check`` in every format, ``simulate``, ``render``, ``import``, ``tests``: every run, and what each wrote."""
    results = [run("check", path, "--format", fmt, "--isolated") for fmt in ("text", "json", "sarif", "junit",
                                                                             "github")]
    results += [run("simulate", path, "--calls", "100"), run("render", path, "-o", str(tmp_path / "o" / "m.dot")),
                run("import", path, "-o", str(tmp_path / "o" / "imported")),
                run("tests", path, "-o", str(tmp_path / "o" / "tests"))]
    written = [p.read_bytes() for p in (tmp_path / "o").rglob("*") if p.is_file()] if (tmp_path / "o").exists() else []
    return [r.output for r in results] + [w.decode(errors="replace") for w in written]


# --- XML: FreeSWITCH and VoiceXML ---------------------------------------------------------------------------

XML = {
    "freeswitch": ("m.xml", "{doctype}<include>\n"
                   '  <menu name="main" greet-long="say:Welcome. For sales press 1.{text}" timeout="{number}">\n'
                   '    <entry action="menu-exec-app" digits="1" param="transfer 1000 XML default"/>{nest}\n'
                   "  </menu>\n</include>\n"),
    "vxml": ("m.vxml", '<?xml version="1.0"?>\n{doctype}<vxml version="2.1" xmlns="http://www.w3.org/2001/vxml">\n'
             '  <menu id="main"><property name="timeout" value="{number}s"/>\n'
             "    <prompt>Welcome. For sales press 1.{text}{nest}</prompt>\n"
             '    <choice dtmf="1" next="#sales"/>\n  </menu>\n'
             '  <form id="sales"><transfer dest="tel:+15550100"/></form>\n</vxml>\n'),
}


def xml_file(reader: str, doctype: str = "", text: str = "", number: str = "5", nest: str = "") -> tuple[str, str, int]:
    """(name, content, the line of the prompt) of a small valid menu, with what is given put in."""
    name, template = XML[reader]
    doctype = doctype + "\n" if doctype else ""
    content = template.format(doctype=doctype, text=text, number=number, nest=nest)
    return name, content, line_of(content, "For sales press 1.")


def line_of(content: str, text: str) -> int:
    return next(i for i, row in enumerate(content.splitlines(), 1) if text in row)


LAUGHS = ('<!DOCTYPE r [<!ENTITY l0 "lol">' + "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
          + "]>")


@pytest.mark.parametrize("reader", XML)
def test_billion_laughs_is_refused_at_its_first_entity(tmp_path, reader):
    name, content, line = xml_file(reader, doctype=LAUGHS, text="&l9;")
    path = write(tmp_path, name, content)
    result = run("check", path)
    assert result.exit_code == 2
    doctype = line_of(content, "DOCTYPE")
    assert result.stderr.startswith(f"{path}:{doctype}:26: error: entity declarations are refused ('l0'): they can "
                                    "expand a small file into gigabytes")
    assert "lol" not in result.stdout


@pytest.mark.parametrize("reader", XML)
@pytest.mark.parametrize(("doctype", "use", "entity"), [
    ('<!DOCTYPE r [<!ENTITY xxe SYSTEM "file://OUTSIDE/secret.txt">]>', "&xxe;", "xxe"),
    ('<!DOCTYPE r [<!ENTITY % p SYSTEM "file://OUTSIDE/secret.dtd"> %p;]>', "&leak;", "p"),
    ('<!DOCTYPE r [<!ENTITY xxe SYSTEM "http://127.0.0.1:9/secret.txt">]>', "&xxe;", "xxe"),
], ids=["file", "parameter-entity", "url"])
def test_external_entities_are_refused_located_and_never_read(tmp_path, outside, reader, doctype, use, entity):
    name, content, line = xml_file(reader, doctype=doctype.replace("OUTSIDE", str(outside)), text=use)
    path = write(tmp_path, name, content)
    with nothing_read("secret.txt", "secret.dtd"):
        outputs = every_output(path, tmp_path)
    assert not any(SECRET in output for output in outputs)
    result = run("check", path)
    assert result.exit_code == 2
    doctype = line_of(content, "DOCTYPE")
    assert re.match(re.escape(f"{path}:{doctype}:") + r"\d+: error: entity declarations are refused "
                    + re.escape(f"('{entity}')"), result.stderr), result.stderr


@pytest.mark.parametrize("reader", XML)
def test_an_external_dtd_is_never_fetched(tmp_path, outside, reader):
    # a DOCTYPE naming a DTD is common (the W3C's VoiceXML DTD): the file is read, the DTD never is
    public = '<!DOCTYPE vxml PUBLIC "-//W3C//DTD VOICEXML 2.1//EN" "http://www.w3.org/TR/voicexml21/vxml.dtd">'
    name, content, _ = xml_file(reader, doctype=public)
    path = write(tmp_path, name, content)
    with nothing_read("vxml.dtd"):
        assert run("check", path).exit_code in (0, 1)
    name, content, line = xml_file(reader, doctype=f'<!DOCTYPE r SYSTEM "file://{outside}/secret.dtd">', text="&leak;")
    path = write(tmp_path, name, content)
    with nothing_read("secret.dtd"):
        outputs = every_output(path, tmp_path)
    assert not any(SECRET in output for output in outputs)


def test_an_entity_of_an_external_dtd_stays_undefined(tmp_path, outside):
    name, content, line = xml_file("vxml", doctype=f'<!DOCTYPE r SYSTEM "file://{outside}/secret.dtd">', text="&leak;")
    path = write(tmp_path, name, content)
    with nothing_read("secret.dtd"):
        result = run("check", path)
    assert result.exit_code == 2
    assert re.match(re.escape(f"{path}:{line}:") + r"\d+: error: not well-formed XML \(undefined entity &leak;\)",
                    result.stderr), result.stderr


@pytest.mark.parametrize("reader", XML)
def test_deep_nesting_is_refused_where_it_is(tmp_path, reader):
    depth = 5_000  # far past Python's recursion limit; every level one element
    name, content, _ = xml_file(reader, nest="\n    " + "<x>" * depth + "</x>" * depth)
    line = line_of(content, "<x><x>")
    path = write(tmp_path, name, content)
    for command in (["check"], ["simulate"], ["import"], ["tests"]):
        result = run(command[0], path)
        assert result.exit_code == 2, result.output
        assert re.match(re.escape(f"{path}:{line}:") + r"\d+: error: .*(nest|deep)", result.stderr), result.stderr


@pytest.mark.parametrize("reader", XML)
def test_a_huge_number_is_a_located_error(tmp_path, reader):
    name, content, line = xml_file(reader, number="9" * 5_000)
    path = write(tmp_path, name, content)
    for command in ("check", "simulate", "tests"):
        result = run(command, path)
        assert result.exit_code == 2, result.output
        assert re.match(re.escape(f"{path}:") + r"\d+:\d+: error: ", result.stderr), result.stderr
        assert "9" * 100 not in result.stderr  # the value shortened, not printed whole


def test_a_huge_retry_count_is_a_located_error(tmp_path):
    _, content, line = xml_file("vxml")
    handler = f'<nomatch count="{"9" * 5_000}"><reprompt/></nomatch>'
    content = content.replace('<choice dtmf="1"', handler + '<choice dtmf="1"')
    path = write(tmp_path, "m.vxml", content)
    result = run("check", path)
    assert result.exit_code == 2, result.output
    assert re.match(re.escape(f"{path}:{line + 1}:") + r"\d+: error: ", result.stderr), result.stderr


@pytest.mark.parametrize("reader", XML)
def test_bytes_that_are_not_utf8_are_located_unless_the_encoding_is_declared(tmp_path, reader):
    name, content, line = xml_file(reader, text=" Caf\u00e9.")
    column = content.splitlines()[line - 1].index("\u00e9") + 1
    path = write(tmp_path, name, content.encode("latin-1"))
    result = run("check", path)
    assert result.exit_code == 2
    assert result.stderr == (f"{path}:{line}:{column}: error: the file is not UTF-8 text, the encoding of XML that "
                             "declares no other; save it as UTF-8, or declare its encoding "
                             '(<?xml version="1.0" encoding="ISO-8859-1"?>)\n')
    declared = content.replace('<?xml version="1.0"?>\n', "")
    path = write(tmp_path, name, ('<?xml version="1.0" encoding="ISO-8859-1"?>\n' + declared).encode("latin-1"))
    result = run("check", path, "--format", "json")
    assert result.exit_code in (0, 1), result.output
    assert not json.loads(result.stdout)["errors"]


@pytest.mark.parametrize("reader", XML)
@pytest.mark.parametrize("encoding", ["bogus", "x-mac-roman", "Shift_JIS", "UTF-32"])
def test_an_encoding_expat_cannot_use_is_a_located_error(tmp_path, reader, encoding):
    name, content, _ = xml_file(reader)
    content = f'<?xml version="1.0" encoding="{encoding}"?>\n' + content.replace('<?xml version="1.0"?>\n', "")
    # as text, and (the long fuzz profile's find: a LookupError escaped) written in UTF-16 with its byte-order mark
    for data in (content, content.encode("utf-16")):
        path = write(tmp_path, name, data)
        result = run("check", path, "--from", reader)
        assert result.exit_code == 2
        assert result.stderr == (f"{path}:1:1: error: the encoding the file declares, '{encoding}', is not one ivr "
                                 "reads (UTF-8, UTF-16, or a single-byte encoding such as ISO-8859-1); save the file "
                                 'as UTF-8, and declare encoding="UTF-8" or none\n')


@pytest.mark.parametrize("reader", XML)
def test_character_references_to_control_characters_are_refused_and_others_escaped(tmp_path, reader):
    name, content, line = xml_file(reader, text="&#27;[31m")
    path = write(tmp_path, name, content)
    result = run("check", path)
    assert result.exit_code == 2
    assert re.match(re.escape(f"{path}:{line}:") + r"\d+: error: not well-formed XML \(reference to invalid "
                    r"character number\)", result.stderr), result.stderr
    name, content, line = xml_file(reader, text="&#x202e;&#x85; Press 0 for an agent.")
    path = write(tmp_path, name, content)
    for fmt in ("text", "json", "sarif", "junit", "github"):
        result = run("check", path, "--format", fmt, "--isolated")  # run() finds no control character in it
        assert result.exit_code in (0, 1), result.output


# --- JSON: Twilio Studio, Amazon Connect -------------------------------------------------------------------

def studio(timeout: str = "5", say: str = "For sales press 1.", extra: str = "") -> str:
    return ('{\n"description": "Line",\n"initial_state": "Trigger",\n"states": [\n'
            '{"name": "Trigger", "type": "trigger", "properties": {}, "transitions": [{"event": "incomingCall", '
            '"next": "menu"}]},\n'
            '{"name": "menu", "type": "gather-input-on-call", "transitions": [{"event": "keypress", "next": "split"},'
            ' {"event": "timeout", "next": "menu"}],\n'
            f' "properties": {{"say": "{say}", "number_of_digits": 1,\n'
            f'  "timeout": {timeout}{extra}}}}},\n'
            '{"name": "split", "type": "split-based-on", "properties": {"input": "{{widgets.menu.Digits}}"},\n'
            ' "transitions": [{"event": "noMatch", "next": "menu"}, {"event": "match", "next": "agents", "conditions": '
            '[{"friendly_name": "1", "arguments": ["{{widgets.menu.Digits}}"], "type": "equal_to", "value": "1"}]}]},\n'
            '{"name": "agents", "type": "send-to-flex", "properties": {"workflow": "WW1", "channel": "TC1"},'
            ' "transitions": [{"event": "callComplete"}]}\n]\n}\n')


def connect(timeout: str = '"7"', text: str = "For sales press 1.", extra: str = "") -> str:
    return ('{"Version": "2019-10-30", "StartAction": "menu", "Actions": [\n'
            '{"Identifier": "menu", "Type": "GetParticipantInput",\n'
            f' "Parameters": {{"Text": "{text}", "StoreInput": "False",\n'
            f'  "InputTimeLimitSeconds": {timeout}{extra}}},\n'
            ' "Transitions": {"NextAction": "bye", "Conditions": [{"NextAction": "agents", "Condition": '
            '{"Operator": "Equals", "Operands": ["1"]}}], "Errors": [{"NextAction": "bye", "ErrorType": '
            '"NoMatchingCondition"}, {"NextAction": "bye", "ErrorType": "InputTimeLimitExceeded"}]}},\n'
            '{"Identifier": "agents", "Type": "TransferContactToQueue", "Parameters": {}, "Transitions": {}},\n'
            '{"Identifier": "bye", "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {}}\n]}\n')


JSON = {"twilio": studio, "connect": connect}


@pytest.mark.parametrize("reader", JSON)
def test_json_flows_are_read(tmp_path, reader):
    path = write(tmp_path, "flow.json", JSON[reader]())
    result = run("check", path, "--format", "json")
    assert result.exit_code in (0, 1) and not json.loads(result.stdout)["errors"], result.output


@pytest.mark.parametrize("reader", JSON)
def test_json_nested_deep_is_refused(tmp_path, reader):
    depth = 100_000
    path = write(tmp_path, "flow.json", JSON[reader](extra=',\n  "x": ' + "[" * depth + "]" * depth))
    result = run("check", path)
    assert result.exit_code == 2
    assert re.match(re.escape(path) + r":\d+:\d+: error: .*(nest|deep)", result.stderr), result.stderr


@pytest.mark.parametrize("reader", JSON)
def test_a_number_past_python_int_limit_anywhere_is_a_located_error(tmp_path, reader):
    content = JSON[reader](extra=',\n  "x": ' + "9" * 5_000)
    path = write(tmp_path, "flow.json", content)
    result = run("check", path)
    assert result.exit_code == 2, result.output
    line = line_of(content, '"x": 999')
    assert result.stderr.startswith(f"{path}:{line}:8: error: not valid JSON: a number of "
                                    "5,000 characters; no flow needs more than 100: write it shorter"), result.stderr
    assert "9" * 100 not in result.stderr


@pytest.mark.parametrize("reader", JSON)
@pytest.mark.parametrize("timeout", ["1" + "0" * 400, "9" * 5_000, "1e400"])
def test_a_huge_timeout_is_a_located_error(tmp_path, reader, timeout):
    path = write(tmp_path, "flow.json", JSON[reader](timeout=timeout))
    result = run("check", path)
    assert result.exit_code == 2, result.output
    assert re.match(re.escape(path) + r":\d+:\d+: error: ", result.stderr), result.stderr


@pytest.mark.parametrize("reader", JSON)
def test_bytes_that_are_not_utf8_are_located_at_their_line(tmp_path, reader):
    content = JSON[reader]().replace("For sales", "Caf\u00e9 sales")
    path = write(tmp_path, "flow.json", content.encode("latin-1"))
    result = run("check", path)
    assert result.exit_code == 2
    line = line_of(content, "Caf\u00e9")
    column = content.splitlines()[line - 1].index("\u00e9") + 1
    assert result.stderr.startswith(f"{path}:{line}:{column}: error: the file is not UTF-8 text; export the flow "
                                    "again, or convert the file to UTF-8"), result.stderr


@pytest.mark.parametrize("reader", JSON)
@pytest.mark.parametrize("text", ["\\u001b[31m\\u202e\\u0085 Press 1", "\\ud800 lone surrogate", "\\u0000"])
def test_escaped_control_characters_and_lone_surrogates_never_reach_the_output(tmp_path, reader, text):
    path = write(tmp_path, "flow.json", JSON[reader](**{"say" if reader == "twilio" else "text": text}))
    for output in every_output(path, tmp_path):  # run() finds no control character, and nothing raises
        assert "\x1b" not in output and "\ud800" not in output


# --- Asterisk --------------------------------------------------------------------------------------------

DIALPLAN = ("[main]\nexten => s,1,Answer()\n same => n,Background(for-sales-press-1)\n same => n,WaitExten({wait})\n"
            "exten => 1,{priority},Dial(SIP/sales)\nexten => i,1,Goto(main,s,1)\nexten => t,1,Hangup()\n")


def dialplan(wait: str = "5", priority: str = "1") -> str:
    return DIALPLAN.format(wait=wait, priority=priority)


# at most 8,000 digits: Asterisk skips a line of more than 8,189 bytes (limits.ASTERISK_LINE; test_limits.py)
@pytest.mark.parametrize("priority", ["1" + "0" * 8_000, "9" * 5_000])
def test_a_huge_priority_is_a_located_error(tmp_path, priority):
    path = write(tmp_path, "extensions.conf", dialplan(priority=priority))
    for command in ("check", "simulate", "tests"):
        result = run(command, path)
        assert result.exit_code == 2, result.output
        assert re.match(re.escape(f"{path}:5:") + r"\d+: error: ", result.stderr), result.stderr
        assert "0" * 100 not in result.stderr and "9" * 100 not in result.stderr


@pytest.mark.parametrize("wait", ["1e400", "9" * 5_000])
def test_a_huge_wait_is_a_located_error(tmp_path, wait):
    path = write(tmp_path, "extensions.conf", dialplan(wait=wait))
    result = run("check", path)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{path}:3:2: error: the timeout of node 'main' is larger than any platform "
                                    "allows; give seconds from 0 to 600")


def test_deeply_nested_functions_are_a_hand_off_shortened_in_messages(tmp_path):
    # 1,000 deep in 8,001 bytes: Asterisk skips a longer line (limits.ASTERISK_LINE), and so does ivr
    target = "${CUT(" * 1_000 + "x" + ")}" * 1_000
    path = write(tmp_path, "extensions.conf", dialplan().replace("Dial(SIP/sales)", f"Goto({target},s,1)"))
    result = run("check", path)
    assert result.exit_code in (0, 1)
    assert "characters)" in result.stdout and target not in result.stdout
    assert max(map(len, result.output.splitlines())) < 2_000


def test_a_control_character_in_a_context_name_is_escaped(tmp_path):
    path = write(tmp_path, "extensions.conf", dialplan().replace("main", "main\u202ex"))
    result = run("check", path)
    assert result.exit_code in (0, 1)
    assert "main\\u202ex" in result.stdout


def test_a_dialplan_in_latin1_is_read(tmp_path):
    # Asterisk reads its configuration as bytes: a comment or prompt name in Latin-1 is no reason to refuse it
    path = write(tmp_path, "extensions.conf", ("; caf\u00e9\n" + dialplan()).encode("latin-1"))
    result = run("check", path, "--format", "json")
    assert result.exit_code in (0, 1) and not json.loads(result.stdout)["errors"], result.output


def test_a_dialplan_with_a_utf8_byte_order_mark_is_read_as_asterisk_reads_it(tmp_path):
    # main/config.c skips a UTF-8 BOM at the start of every file it parses, an #include d one too
    plain = run("check", write(tmp_path, "plain.conf", dialplan()), "--format", "json", "--isolated")
    bom = write(tmp_path, "extensions.conf", b"\xef\xbb\xbf" + dialplan().encode())
    result = run("check", bom, "--format", "json", "--isolated")
    assert result.exit_code in (0, 1) and not json.loads(result.stdout)["errors"], result.output
    found = [(f["rule"], f["line"], f["column"], f["message"]) for f in json.loads(result.stdout)["findings"]]
    assert found and found == [(f["rule"], f["line"], f["column"], f["message"])
                               for f in json.loads(plain.stdout)["findings"]]
    write(tmp_path, "menu.conf", b"\xef\xbb\xbf" + dialplan().replace("[main]\n", "").encode())
    including = write(tmp_path, "including.conf", b"\xef\xbb\xbf[main]\n#include menu.conf\n")
    result = run("check", including, "--from", "asterisk", "--format", "json", "--isolated")
    assert result.exit_code in (0, 1) and not json.loads(result.stdout)["errors"], result.output
    assert {f["rule"] for f in json.loads(result.stdout)["findings"]} == {rule for rule, *_ in found}
    # the BOM is no character of the first line: a context name on it is located from its own first column
    result = run("check", write(tmp_path, "bad.conf", b"\xef\xbb\xbf[main\n" + dialplan().encode()), "--from",
                 "asterisk")
    assert result.exit_code == 2 and result.stderr.startswith(f"{tmp_path}/bad.conf:1:1: error: "), result.stderr


# --- Archy YAML --------------------------------------------------------------------------------------------

ARCHY = ("inboundCall:\n  name: Line\n  defaultLanguage: en-us\n  startUpRef: ./menus/menu[Main_1]\n"
         "  initialGreeting:\n    tts: Welcome.\n  settingsMenu:\n    repeatCount:\n      lit: {repeat}\n"
         "  menus:\n    - menu:\n        name: Main\n        refId: Main_1\n        audio:\n"
         "          tts: {say}\n        choices:\n          - menuTransferToAcd:\n              name: Agents\n"
         "              dtmf: digit_1\n              targetQueue:\n                lit:\n                  name: Q\n")


def archy(repeat: str = "2", say: str = "For an agent press 1.") -> str:
    return ARCHY.format(repeat=repeat, say=say)


@pytest.mark.parametrize(("changed", "where", "expected"), [
    (dict(say="[" * 100_000 + "]" * 100_000), "15:", "nesting deeper than"),
    (dict(repeat="9" * 5_000), "9:12:", "(5,000 characters) as !!int"),
    (dict(repeat="1.0e+999"), "9:12:", "is not a finite number"),
    (dict(say="!!python/object/apply:os.system [echo]"), "15:", "error: "),
])
def test_archy_limits_are_located(tmp_path, changed, where, expected):
    path = write(tmp_path, "flow.yaml", archy(**changed))
    result = run("check", path)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"{path}:{where}") and expected in result.stderr, result.stderr


def test_archy_aliases_of_aliases_are_refused(tmp_path):
    laughs = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
        f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 10))
    path = write(tmp_path, "flow.yaml", archy() + laughs)
    result = run("check", path)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{path}:1:1: error: aliases expand this file to ")


def test_archy_not_utf8_is_located(tmp_path):
    path = write(tmp_path, "flow.yaml", archy(say="Caf\u00e9.").encode("latin-1"))
    result = run("check", path)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{path}:15:19: error: the file is not UTF-8 text")


# --- every reader: control characters in file names ---------------------------------------------------------

def _studio_file():
    return "flow.json", studio()


FILES = {
    "freeswitch": lambda: xml_file("freeswitch")[:2], "vxml": lambda: xml_file("vxml")[:2],
    "twilio": _studio_file, "connect": lambda: ("flow.json", connect()),
    "asterisk": lambda: ("extensions.conf", dialplan()), "archy": lambda: ("flow.yaml", archy()),
    "yaml": lambda: ("menu.yaml", "ivr: t\nstart: a\nnodes:\n  a: {type: menu, prompt: Press 1., options: {}}\n"),
}


@pytest.mark.parametrize("reader", FILES)
@pytest.mark.parametrize("prefix", ["\x1b[31m", "new\nline", "\u202e", os.fsdecode(b"\xff")],
                         ids=["escape", "line-feed", "bidi-override", "not-utf8"])
def test_a_file_name_with_control_characters_is_escaped_in_every_output(tmp_path, reader, prefix):
    name, content = FILES[reader]()
    path = write(tmp_path, prefix + name, content)
    located = re.compile(re.escape(f"{tmp_path}/") + r"\S+?:\d+:\d+: (error|warning|info): ")
    for fmt in ("text", "json", "sarif", "junit", "github"):
        result = run("check", path, "--format", fmt, "--isolated")  # run() finds no control character, no exception
        if fmt == "text":
            lines = result.stdout.splitlines()[:-1] + result.stderr.splitlines()
            assert lines and all(located.match(line) for line in lines), lines
        elif fmt in ("json", "sarif"):
            json.loads(result.stdout)
        elif fmt == "junit":
            ET.fromstring(result.stdout)
    broken = write(tmp_path, prefix + "broken.json", b"{")
    for command in (["check", broken], ["simulate", broken], ["import", broken], ["tests", broken]):
        result = run(*command)
        assert result.exit_code == 2
        assert re.match(re.escape(f"{tmp_path}/") + r"\S+?:1:\d+: error: ", result.stderr), result.stderr


@pytest.mark.parametrize("prefix", ["new\nline", "\u202e", os.fsdecode(b"\xff")], ids=["line-feed", "bidi-override",
                                                                                      "not-utf8"])
def test_a_file_name_with_control_characters_is_escaped_in_every_written_file(tmp_path, monkeypatch, prefix):
    monkeypatch.chdir(tmp_path)
    name = prefix + "menu.yaml"
    shown = name.replace("\n", "\\n").replace("\u202e", "\\u202e").replace("\udcff", "\\xff")
    write(tmp_path, name, "ivr: t\nstart: a\nnodes:\n  a: {type: menu, prompt: Welcome. Press 1 for sales., "
                          "options: {'1': {goto: s}}}\n  s: {type: transfer, prompt: One moment., queue: sales}\n")
    out = tmp_path / "o"
    out.mkdir()
    for command in (["render", "-o", str(out / "m.svg")], ["render", "-o", str(out / "m.dot")],
                    ["import", "-o", str(out / "i.yaml")], ["tests", "-o", str(out / "tests")],
                    ["report", "-o", str(out / "report"), "--calls", "100"], ["baseline", "-o", str(out / "b.json")],
                    ["simulate", "--format", "json", "--calls", "100"], ["diff", name, "--format", "json", "--calls", "100"],
                    ["staff", "--service-level", "80/20", "--handling-time", "sales=180", "--calls-per-hour", "10",
                     "--format", "json", "--calls", "100"]):
        result = run(command[0], name, *command[1:])  # run() finds no control character, and nothing raises
        assert result.exit_code == 0, (command, result.output)
        if "json" in command:
            document = json.loads(result.stdout)
            assert command[0] != "diff" or document["old"] == document["new"] == shown
    assert run("check", name, "--baseline", str(out / "b.json")).stdout.startswith("No problems found")
    for file in out.rglob("*"):
        if file.is_file():
            text = file.read_bytes().decode("utf-8")  # no byte that is not UTF-8 written
            assert CONTROL.search(text.replace("\n", " ").replace("\t", " ")) is None, (file, text[:1000])
    imported = (out / "i.yaml").read_text(encoding="utf-8")
    assert imported.startswith(f"# Imported by ivr import from {shown} (yaml); node ids keep the source's names.\n")
    page = (out / "report" / (prefix + "menu") / "index.html").read_text(encoding="utf-8")
    assert f'<p class="sub">{shown}</p>' in page
    assert shown.replace("\\", "\\\\") in (out / "m.dot").read_text(encoding="utf-8")  # dot reads \\ as \


@pytest.mark.parametrize("reader", [r for r in FILES if r != "yaml"])
@pytest.mark.parametrize("prefix", ["\x1b[31m", os.fsdecode(b"\xff")], ids=["escape", "not-utf8"])
def test_a_platform_flow_named_by_its_file_name_is_escaped_in_every_written_file(tmp_path, reader, prefix):
    # a platform flow's name is often its file's name: a byte there that is not UTF-8 raised UnicodeEncodeError in
    # render and report (the long fuzz's find on VoiceXML); an ESC reached the diagram's title as it was
    name, content = FILES[reader]()
    path = write(tmp_path, prefix + name, content)
    out = tmp_path / "o"
    out.mkdir()
    for command in (["render", "-o", str(out / "m.svg")], ["render", "-o", str(out / "m.dot")],
                    ["report", "-o", str(out / "report"), "--calls", "100"], ["import", "-o", str(out / "i.yaml")],
                    ["tests", "-o", str(out / "tests")]):
        result = run(command[0], path, *command[1:])  # run() finds no control character, and nothing raises
        assert result.exit_code in (0, 1), (command, result.output)
    for file in out.rglob("*"):
        if file.is_file() and file.suffix != ".png":
            text = file.read_bytes().decode("utf-8")  # no byte that is not UTF-8 written
            assert CONTROL.search(text.replace("\n", " ").replace("\t", " ")) is None, (file, text[:1000])


# --- what ivr import writes reads back with the same findings (found by tests/formats/test_fuzz_formats.py) -----------

def _findings(result) -> list[tuple[str, str]]:
    return sorted((f["rule"], f["severity"]) for f in json.loads(result.stdout)["findings"])


def _reads_back(tmp_path, path: str) -> str:
    imported = str(tmp_path / "imported.yaml")
    assert run("import", path, "-o", imported).exit_code == 0
    source, again = run("check", path, "--format", "json", "--isolated"), run("check", imported, "--format", "json",
                                                                             "--isolated")
    assert again.exit_code in (0, 1) and not json.loads(again.stdout)["errors"], again.stdout
    assert _findings(again) == _findings(source)
    return Path(imported).read_text(encoding="utf-8")


def test_archy_ids_with_spaces_are_imported_without_them(tmp_path):
    flow = archy().replace("Main_1", "Main Menu_1")
    text = _reads_back(tmp_path, write(tmp_path, "flow.yaml", flow))
    assert "  menu[Main_Menu_1]:\n" in text and "menu[Main Menu_1]" not in text
    assert text.splitlines()[0].endswith("node ids keep the source's names, but 1 without white space, < or >, which "
                                         "ids here cannot hold.")


def test_an_asterisk_pattern_no_keypad_can_dial_is_still_found_after_import(tmp_path):
    path = write(tmp_path, "extensions.conf", dialplan() + "exten => _stde[x]te[n]-.,1,Dial(SIP/${EXTEN})\n")
    result = run("check", path, "--format", "json", "--isolated")
    assert ("unmatchable-option", "warning") in _findings(result)
    text = _reads_back(tmp_path, path)
    assert "/^stde[x]te[n]\\-.+$/" in text


@pytest.mark.parametrize("language", ['""', "-us", "en us"])
def test_a_language_that_is_no_language_code_is_a_located_error(tmp_path, language):
    path = write(tmp_path, "flow.yaml", archy().replace("defaultLanguage: en-us", f"defaultLanguage: {language}"))
    for command in ("check", "import"):
        result = run(command, path)
        assert result.exit_code == 2, result.output
        (error,) = [line for line in result.stderr.splitlines() if " error: " in line]
        assert error.startswith(f"{path}:2:3: error: the language of 'Line', "), result.stderr
        assert error.endswith("is not a language code; write one in the source, such as en, de or en-GB (BCP 47)")

"""Issue 20: every reader holds a file to the limits of ivr.formats.limits, refused where the file goes past one.

The text limit is tested at its real figure (a file of a megabyte); the count of values with the limit lowered to the
count of a fixture, so that one value fewer is refused and the fixture itself is read: the count is exact.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest
import yaml
from click.testing import CliRunner

import ivr.formats.asterisk.dialplan
import ivr.formats.cloud.jsonloc
import ivr.formats.native.yamlfile
import ivr.formats.xmltree
from ivr.cli import cli
from ivr.formats import limits
from ivr.formats.limits import ASTERISK_LINE, MAX_DEPTH, MAX_DIGITS, MAX_ITEMS, MAX_NUMBER, MAX_TEXT

from tests.conftest import FIXTURES, ROOT

FORMATS = FIXTURES / "formats"
LONG = "a" * (MAX_TEXT + 1)
TOO_LONG = f"the {MAX_TEXT:,} characters ivr reads in one value"


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _studio(say: str) -> str:
    return json.dumps({"description": "x", "initial_state": "Trigger", "flags": {"allow_concurrent_calls": True},
                       "states": [{"name": "Trigger", "type": "trigger", "properties": {},
                                   "transitions": [{"event": "incomingCall", "next": "hi"}]},
                                  {"name": "hi", "type": "say-play", "properties": {"say": say},
                                   "transitions": [{"event": "audioComplete"}]}]}, indent=1)


def _connect(text: str) -> str:
    return json.dumps({"Version": "2019-10-30", "StartAction": "a", "Actions": [
        {"Identifier": "a", "Type": "MessageParticipant", "Parameters": {"Text": text}, "Transitions": {}}]}, indent=1)


TEXTS = {
    # name: (file name, content, where the refusal stands (None: at the opening quote of the string), what it names)
    "VoiceXML, the text of a prompt": (
        "t.vxml", f'<?xml version="1.0"?>\n<vxml version="2.1">\n<form id="f"><block><prompt>{LONG}</prompt>'
                  "</block></form></vxml>", "3:21", "the text of this element is longer than"),
    "VoiceXML, text around a child element": (
        "t.vxml", f'<?xml version="1.0"?>\n<vxml version="2.1">\n<form id="f"><block>\n<prompt>{LONG[:600_000]}'
                  f'<break/>{LONG[:600_000]}</prompt></block></form></vxml>', "4:1", "the text of this element is"),
    "FreeSWITCH, an attribute value": (
        "t.xml", f'<include>\n  <menu name="m" greet-long="say:{LONG}"/>\n</include>', "2:3",
        f"a name or an attribute value of {MAX_TEXT + 5:,} characters"),
    "FreeSWITCH, an element name": (
        "t.xml", f'<include>\n  <menu name="m" greet-long="say:x">\n    <{LONG}/></menu>\n</include>', "3:5",
        f"a name or an attribute value of {MAX_TEXT + 1:,} characters"),
    "Twilio Studio, a string": ("t.json", _studio(LONG), None, f"a string of {MAX_TEXT + 1:,} characters"),
    "Twilio Studio, a key": ("t.json", _studio("hi").replace('"say"', f'"{LONG}"'), None,
                             f"a key of {MAX_TEXT + 1:,} characters"),
    "Amazon Connect, a string with escapes": ("t.json", _connect("\n" + LONG), None,
                                              f"a string of {MAX_TEXT + 2:,} characters"),
    "YAML menu, a prompt": (
        "t.yaml", f"version: 1\nivr: x\nstart: a\nnodes:\n  a:\n    type: message\n    prompt: {LONG}\n", "7:13",
        f"a text of {MAX_TEXT + 1:,} characters"),
    "Genesys Archy, a prompt": (
        "t.yaml", "inboundCall:\n  name: X\n  defaultLanguage: en-us\n  startUpRef: ./tasks/task[T_1]\n"
                  f"  initialGreeting:\n    tts: '{LONG}'\n", "6:10", f"a text of {MAX_TEXT + 1:,} characters"),
}


@pytest.mark.parametrize("case", list(TEXTS))
def test_a_text_past_the_limit_is_refused_where_it_stands(tmp_path, case):
    name, content, where, expected = TEXTS[case]
    if where is None:
        quote = content.rindex('"', 0, content.index(LONG[:10]))
        where = f"{content.count(chr(10), 0, quote) + 1}:{quote - content.rfind(chr(10), 0, quote)}"
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    result = run("check", str(path))
    assert result.exit_code == 2, result.output + result.stderr
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"{path}:{where}: error: ") and expected in first and TOO_LONG in first, first
    assert first.endswith("; shorten it") or "; shorten it;" in first, first
    result = run("tests", str(path), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2 and TOO_LONG in result.stderr.splitlines()[0]
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("length", [MAX_TEXT, 5_000])
def test_a_text_up_to_the_limit_is_read(tmp_path, length):
    path = tmp_path / "t.json"
    path.write_text(_studio("Welcome. " + "a" * (length - 9)))
    result = run("import", str(path), "-o", str(tmp_path / "menu.yaml"))
    assert result.exit_code == 0, result.stderr
    assert "a" * (length - 9) in (tmp_path / "menu.yaml").read_text()


def _dialplan(line: str) -> str:
    """A menu with options 1 (on line 4, as given) and 0."""
    return f"[m]\nexten => s,1,Background(welcome)\n same => n,WaitExten(5)\n{line}\nexten => 0,1,Queue(agents)\n"


@pytest.mark.parametrize("line", ["exten => 1,1,Playback(" + "b" * (ASTERISK_LINE + 1 - 23) + ")",
                                  "exten => 1," + "1" * 100_001 + ",Hangup()"],
                         ids=["a byte too long", "a priority of 100,001 digits"])
def test_a_dialplan_line_asterisk_skips_for_its_length_is_skipped_with_a_note(tmp_path, line):
    """Asterisk reads each line into 8,192 bytes and skips a longer one (main/config.c); so does ivr, saying so."""
    path = tmp_path / "x.conf"
    path.write_text(_dialplan(line))
    result = run("import", str(path), "-o", str(tmp_path / "menu.yaml"))
    assert result.exit_code == 0, result.stderr
    assert f"{path}:4:1: this line is {len(line):,} bytes long; Asterisk skips a line of more than " \
           f"{ASTERISK_LINE:,} bytes ('Line 4 too long, skipping'" in result.output
    menu = yaml.safe_load((tmp_path / "menu.yaml").read_text())
    assert set(menu["nodes"]["m,s,1"]["options"]) == {"0"}  # option 1 was on the line skipped


def test_a_dialplan_line_asterisk_reads_is_read(tmp_path):
    line = "exten => 1,1,Playback(" + "b" * (ASTERISK_LINE - 23) + ")"
    assert len(line) == ASTERISK_LINE
    path = tmp_path / "x.conf"
    path.write_text(_dialplan(line))
    result = run("import", str(path), "-o", str(tmp_path / "menu.yaml"))
    assert result.exit_code == 0 and "too long" not in result.output
    assert set(yaml.safe_load((tmp_path / "menu.yaml").read_text())["nodes"]["m,s,1"]["options"]) == {"0", "1"}


# -- the count of values -----------------------------------------------------------------------------------------
def _json_count(value: object) -> int:
    if isinstance(value, dict):
        return 1 + sum(1 + _json_count(v) for v in value.values())
    if isinstance(value, list):
        return 1 + sum(_json_count(v) for v in value)
    return 1


def _yaml_count(text: str) -> int:
    return sum(isinstance(e, (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent))
               for e in yaml.parse(text, Loader=yaml.SafeLoader))


COUNTS = {
    # fixture: (how many values ivr counts in it, what the message calls them)
    "vxml/pass-main.vxml": (lambda t: sum(1 + len(e.attrib) for e in ET.fromstring(t.encode()).iter()),
                            "elements and attributes"),
    "freeswitch/pass-menus.xml": (lambda t: sum(1 + len(e.attrib) for e in ET.fromstring(t.encode()).iter()),
                                  "elements and attributes"),
    "twilio/pass-menu.json": (lambda t: _json_count(json.loads(t)), "values and keys"),
    "connect/pass-menu.json": (lambda t: _json_count(json.loads(t)), "values and keys"),
    "yaml/pass.yaml": (_yaml_count, "values (keys included)"),
    "archy/pass-full.yaml": (_yaml_count, "values (keys included)"),
    "asterisk/pass-variants.conf": (lambda t: len(t.splitlines()), "lines"),
}


@pytest.fixture
def most(monkeypatch):
    """Set the most values a file may hold, for every reader."""

    def set_most(count: int) -> None:
        for module in (ivr.formats.xmltree, ivr.formats.cloud.jsonloc, ivr.formats.native.yamlfile,
                       ivr.formats.asterisk.dialplan):
            monkeypatch.setattr(module, "MAX_ITEMS", count)

    return set_most


@pytest.mark.parametrize("fixture", list(COUNTS))
def test_a_file_of_more_values_than_the_limit_is_refused_at_the_first_value_past_it(tmp_path, most, fixture):
    text = (FORMATS / fixture).read_text(encoding="utf-8")
    count, what = COUNTS[fixture]
    values = count(text)
    assert 20 < values < 2_000
    path = tmp_path / fixture.split("/")[1]
    path.write_text(text, encoding="utf-8")
    most(values)
    result = run("check", str(path))
    assert result.exit_code in (0, 1), result.stderr
    most(values - 1)
    result = run("check", str(path))
    assert result.exit_code == 2
    first = result.stderr.splitlines()[0]
    assert re.match(rf"{re.escape(str(path))}:\d+:\d+: error: ", first), first
    assert f"more than {values - 1:,} {what} in one file, the most ivr reads" in first, first
    assert "split it into several files" in first


def test_the_limits_are_those_the_readme_states():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("Only regular files are read"):]
    section = section[:section.index("\n## ")]
    for figure in (MAX_DEPTH, MAX_NUMBER, MAX_DIGITS, MAX_TEXT, MAX_ITEMS, ASTERISK_LINE):
        assert f"{figure:,}" in section, figure
    assert (ivr.formats.xmltree.MAX_DEPTH, ivr.formats.cloud.jsonloc.MAX_DEPTH, ivr.formats.native.yamlfile.MAX_DEPTH,
            ivr.formats.cloud.jsonloc.MAX_NUMBER) == (limits.MAX_DEPTH,) * 3 + (limits.MAX_NUMBER,)

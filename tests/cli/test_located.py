"""Every message located and worded the same way for every command; file names escaped wherever they are
echoed (issue 20, items 4 and 5)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from ivr.cli import cli

FORMATS = Path(__file__).parents[1] / "fixtures" / "formats"


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def write(tmp_path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


# A Latin-1 byte (0xEE, "î") in each reader's text, after a UTF-8 "á" on the same line: the column counts characters.
NOT_UTF8 = [
    ("twilio/pass-menu.json", b'"Pharmacy line"', b'"Ph\xc3\xa1rmacy l\xeene"', "2:29",
     "the file is not UTF-8 text; export the flow again, or convert the file to UTF-8"),
    ("twilio/pass-terraform.tf", b'"description" : "Support line"', b'"description" : "S\xc3\xa1pport l\xeene"', "5:31",
     "the file is not UTF-8 text; export the flow again, or convert the file to UTF-8"),
    ("twilio/pass-module.js", b'"Callback line"', b'"C\xc3\xa1llback l\xeene"', "3:29",
     "the file is not UTF-8 text; export the flow again, or convert the file to UTF-8"),
    ("connect/pass-menu.json", b'"2019-10-30"', b'"\xc3\xa1019-\xee0-30"', "2:20",
     "the file is not UTF-8 text; export the flow again, or convert the file to UTF-8"),
    ("freeswitch/pass-menus.xml", b"say:Welcome to Example.", b"say:W\xc3\xa1lcome to \xeaxample.", "4:34",
     "the file is not UTF-8 text, the encoding of XML that declares no other; save it as UTF-8, or declare its "
     'encoding (<?xml version="1.0" encoding="ISO-8859-1"?>)'),
    ("vxml/pass-main.vxml", b"Sorry, that service", b"S\xc3\xa1rry, th\xeat service", "6:22",
     "the file is not UTF-8 text, the encoding of XML that declares no other; save it as UTF-8, or declare its "
     'encoding (<?xml version="1.0" encoding="ISO-8859-1"?>)'),
    ("archy/pass-full.yaml", b"name: Example Insurance", b"name: \xc3\xa1xample \xeensurance", "2:17",
     "the file is not UTF-8 text; save it as UTF-8"),
]


@pytest.mark.parametrize(("fixture", "old", "new", "where", "message"), NOT_UTF8)
def test_a_byte_that_is_not_utf8_is_located_in_every_reader(tmp_path, fixture, old, new, where, message):
    raw = (FORMATS / fixture).read_bytes()
    assert raw.count(old) >= 1
    path = write(tmp_path, "flow" + Path(fixture).suffix, raw.replace(old, new, 1))
    result = run("check", path)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == f"{path}:{where}: error: {message}"
    document = json.loads(run("check", path, "--format", "json").stdout)
    line, column = map(int, where.split(":"))
    assert [(e["line"], e["column"]) for e in document["errors"]] == [(line, column)]


def test_a_bom_is_no_character_of_the_first_line(tmp_path):
    path = write(tmp_path, "m.yaml", b"\xef\xbb\xbfivr: caf\xe9\n")
    assert run("check", path).stderr.splitlines()[0] == f"{path}:1:9: error: the file is not UTF-8 text; save it as UTF-8"


def test_a_configuration_and_a_baseline_that_are_not_utf8_are_located(tmp_path):
    menu = write(tmp_path, "m.yaml", b"ivr: t\nstart: a\nnodes:\n  a: {type: hangup, prompt: Goodbye.}\n")
    config = write(tmp_path, "pyproject.toml", b'[tool.ivr]\nfail-on = "w\xc3\xa1rn\xeeng"\n')
    result = run("check", menu, "--config", config)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"{config}:2:16: error: not UTF-8 text; save it as UTF-8"]
    baseline = write(tmp_path, "b.json", b'{"ivr-baseline": 1,\n "findings": ["\xc3\xa1\xee"]}\n')
    result = run("check", menu, "--baseline", baseline)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"{baseline}:2:17: error: not UTF-8 text; write it again with ivr baseline"]


MENU_WITH_A_LETTER_KEY = b"""<include>
  <menu name="main" greet-long="say:Press a for an agent." max-failures="3">
    <entry action="menu-exec-app" digits="ab" param="transfer 1000 XML default"/>
  </menu>
</include>
"""


def test_import_says_where_what_ivr_yaml_cannot_say_stands(tmp_path):
    path = write(tmp_path, "menu.xml", MENU_WITH_A_LETTER_KEY)
    assert run("check", path, "--isolated").exit_code == 0  # a menu ivr reads: only import cannot write it
    result = run("import", path, "-o", str(tmp_path / "out.yaml"))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        f"{path}:3:5: error: ivr's YAML cannot say this: option key 'ab' is neither a phone key, digits, nor a "
        "/regular expression/, which are the keys of ivr's YAML; change the key in the source")
    assert not (tmp_path / "out.yaml").exists()


def test_import_writes_a_menu_that_says_nothing_and_check_locates_it(tmp_path):
    # a FreePBX IVR with an empty greeting: ivr import writes it as it is (prompt: null), never refusing what
    # check reads, and check of the written YAML points at that prompt
    path = FORMATS / "asterisk" / "pass-freepbx.conf"
    out = tmp_path / "freepbx.yaml"
    assert run("import", str(path), "-o", str(out)).exit_code == 0
    lines = out.read_text().splitlines()
    line = next(n for n, text in enumerate(lines, start=1) if text.strip() == "prompt: null")
    checked = run("check", str(out))
    assert f"{out}:{line}:5: error: silent-menu: menu 'ivr-3,s,5' plays nothing" in checked.stdout


@pytest.mark.parametrize(("command", "advice"), [("import", "give the menu files too"), ("tests", "give the menu file")])
def test_a_file_with_no_menu_is_located_at_its_start(command, advice):
    path = FORMATS / "freeswitch" / "pass-phrases.xml"
    result = run(command, str(path))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (f"{path}:1:1: error: no menu in this file (a phrase file alone has "
                                              f"none); {advice}")


QUEUED = b"""ivr: t
start: main
nodes:
  main:
    type: menu
    prompt: Welcome. Press 0 for an agent.
    options: {"0": {goto: agents}}
  agents: {type: transfer, queue: billing}
queues:
  queues:
    billing: {agents: 3, handling_time: 180}
"""


@pytest.mark.parametrize(("command", "message"), [
    (["simulate", "MENU"], "no arrival rate: give calls_per_hour in the staffing file, or --calls-per-hour"),
    (["report", "MENU", "-o", "OUT"], "no arrival rate: give calls_per_hour in the staffing file, or --calls-per-hour"),
    (["diff", "MENU", "MENU"], "no calls per hour: give --calls-per-hour N, or calls_per_hour in the staffing"),
    (["staff", "MENU", "--service-level", "80/20"],
     "no calls per hour: give --calls-per-hour N, or calls_per_hour in the staffing"),
])
def test_queues_without_calls_per_hour_are_located_at_the_queues(tmp_path, command, message):
    path = write(tmp_path, "q.yaml", QUEUED)
    out = tmp_path / "out"
    result = run(*[{"MENU": path, "OUT": str(out)}.get(arg, arg) for arg in command])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"{path}:10:3: error: {message}"]
    assert not out.exists()


def test_a_staffing_file_without_calls_per_hour_is_located_at_its_top(tmp_path):
    path = write(tmp_path, "q.yaml", QUEUED.split(b"queues:")[0])
    staffing = write(tmp_path, "staffing.yaml", b"queues:\n  billing: {agents: 2, handling_time: 100}\n")
    result = run("simulate", path, "--staffing", staffing)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"{staffing}:1:1: error: no arrival rate: give calls_per_hour in the "
                                          "staffing file, or --calls-per-hour"]


def test_staffing_given_by_flags_alone_is_located_at_the_menu(tmp_path):
    path = write(tmp_path, "q.yaml", QUEUED.split(b"queues:")[0])
    result = run("simulate", path, "--agents", "billing=2", "--handling-time", "billing=100")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"{path}:1:1: error: no arrival rate: give calls_per_hour in the "
                                          "staffing file, or --calls-per-hour"]
    result = run("staff", path, "--service-level", "80/20", "--calls-per-hour", "100")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"{path}:8:3: error: queue 'billing' has no handling time: give "
                                          "--handling-time billing=SECONDS, or describe it in the staffing"]


def _dot_that_fails(monkeypatch, stderr):
    """Graphviz's dot failing with ``stderr(source)`` for the DOT source it is given."""
    import subprocess

    import graphviz

    def pipe(engine, fmt, data, quiet=False):
        raise graphviz.CalledProcessError(1, ["dot"], b"", stderr(data.decode()).encode())

    monkeypatch.setattr(graphviz, "pipe", pipe)
    assert issubclass(graphviz.CalledProcessError, subprocess.CalledProcessError)


DRAWN = b"ivr: t\nstart: main\nnodes:\n  main: {type: message, prompt: Welcome., goto: bye}\n  bye: {type: hangup}\n"


@pytest.mark.parametrize("command", [["render", "MENU", "-o", "OUT.svg"], ["report", "MENU", "-o", "OUT"]])
def test_a_diagram_dot_refuses_is_located_at_the_node_it_names(tmp_path, monkeypatch, command):
    path = write(tmp_path, "m.yaml", DRAWN)

    def stderr(source):
        line = next(n for n, text in enumerate(source.splitlines(), 1) if 'id="node-bye"' in text)
        return (f"Error: <stdin>: syntax error in line {line} scanning a quoted string (missing endquote? longer "
                "than 16384?)\nString starting:\"hangup bye\n\x1b[31m")

    _dot_that_fails(monkeypatch, stderr)
    out = tmp_path / "out"
    result = run(*[{"MENU": path, "OUT": str(out), "OUT.svg": str(out) + ".svg"}.get(arg, arg) for arg in command])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{path}:5:3: error: Graphviz's 'dot' cannot draw node 'bye' (syntax error in the node's statement scanning "
        "a quoted string (missing endquote? longer than 16384?)); write a .dot file instead, which needs no "
        "Graphviz, or shorten its text"]
    assert list(tmp_path.iterdir()) == [tmp_path / "m.yaml"]


def test_a_dot_failure_that_names_no_node_is_located_at_the_menu(tmp_path, monkeypatch):
    path = write(tmp_path, "m.yaml", DRAWN)
    _dot_that_fails(monkeypatch, lambda source: "Error: trouble\x1b]0;title\x07 in the layout\n")
    result = run("render", path, "-o", str(tmp_path / "m.png"))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{path}:1:1: error: Graphviz's 'dot' cannot draw this menu (trouble\\x1b]0;title\\x07 in the layout); write "
        "a .dot file instead, which needs no Graphviz, or shorten its text"]


def test_a_prompt_over_16_kb_never_fails_unlocated(tmp_path):
    path = write(tmp_path, "long.yaml", b'ivr: t\nstart: a\nnodes:\n  a: {type: hangup, prompt: "' + b"word " * 3400
                 + b'"}\n')
    for command in (["render", path, "-o", str(tmp_path / "long.svg")], ["report", path, "-o", str(tmp_path / "r")]):
        result = run(*command)
        assert "Traceback" not in result.output
        if result.exit_code:  # Graphviz reads no quoted string over 16384 bytes: unless the drawing keeps under it
            assert result.exit_code == 2
            assert result.stderr.startswith(f"{path}:4:3: error: Graphviz's 'dot' cannot draw node 'a' ("), result.stderr


CLEAN_MENU = b"ivr: t\nstart: a\nnodes:\n  a: {type: hangup, prompt: Thank you for calling. Goodbye.}\n"


def _read_only(monkeypatch, *paths):
    """``paths`` read-only, as for a user (as root nothing is): the access check says so and writing fails."""
    import os
    import tempfile

    blocked = {str(p) for p in paths}
    real_access, real_mkstemp = os.access, tempfile.mkstemp
    monkeypatch.setattr(os, "access", lambda path, mode, **kw: (not (mode & os.W_OK and os.fspath(path) in blocked)
                                                                 and real_access(path, mode, **kw)))

    def mkstemp(*args, dir=None, **kwargs):
        if dir is not None and os.fspath(dir) in blocked:
            raise PermissionError(13, "Permission denied")
        return real_mkstemp(*args, dir=dir, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)


def test_a_read_only_report_folder_is_a_located_error_and_nothing_is_written(tmp_path, monkeypatch):
    menu = write(tmp_path, "m.yaml", CLEAN_MENU)
    folder = tmp_path / "reports"
    folder.mkdir()
    _read_only(monkeypatch, folder)
    result = run("report", menu, "-o", str(folder), "--calls", "100")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"{folder}: error: cannot write in this folder: it is read-only; make it "
                                          "writable, or give another -o"]
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("command", [["check"], ["simulate", "--calls", "100"], ["render"], ["diff", "MENU"]])
def test_a_read_only_output_file_is_a_located_error(tmp_path, monkeypatch, command):
    menu = write(tmp_path, "m.yaml", CLEAN_MENU)
    target = tmp_path / ("out.svg" if command[0] == "render" else "out.txt")
    target.write_text("before")
    _read_only(monkeypatch, target)
    result = run(command[0], menu, *[menu if arg == "MENU" else arg for arg in command[1:]], "-o", str(target))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (f"{target}: error: cannot write the file: it is read-only; make it "
                                              "writable, or give another -o")
    assert target.read_text() == "before"


def test_an_output_folder_that_cannot_be_written_is_located(tmp_path, monkeypatch):
    menu = write(tmp_path, "m.yaml", CLEAN_MENU)
    _read_only(monkeypatch, tmp_path)
    result = run("check", menu, "-o", str(tmp_path / "out.txt"))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (f"{tmp_path / 'out.txt'}: error: cannot write the file: permission "
                                              "denied; check that its folder exists and is writable, or give another -o")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.yaml"]


#: A file name that would colour a terminal, go back to the start of the line and forge a line of its own.
HOSTILE = "m\x1b[31m\rforged.yaml:1:1: error: x\n\x9b2J\u202e.yaml"
ESCAPED = "m\\x1b[31m\\rforged.yaml:1:1: error: x\\n\\x9b2J\\u202e.yaml"
RAW = ("\x1b", "\r", "\x9b", "\u202e")

GOOD = b"""ivr: t
start: main
intents:
  agent: {goal: agents, share: 1}
nodes:
  main:
    type: menu
    prompt: Welcome to Example. Press 0 for an agent.
    options: {"0": {goto: agents}}
  agents: {type: transfer, queue: billing, prompt: Thank you. Please hold.}
"""


def _no_raw(text: str) -> None:
    assert not any(char in text for char in RAW), repr(text)


def test_a_hostile_file_name_is_escaped_in_located_errors(tmp_path):
    path = write(tmp_path, HOSTILE, b"ivr: t\nstart: a\nnodes:\n  a: {type: hangup, gotoo: a}\n")
    for command in (["check"], ["simulate"], ["tests"], ["import"], ["render", "-o", str(tmp_path / "x.svg")],
                    ["report", "-o", str(tmp_path / "r")], ["staff", "--service-level", "80/20"]):
        result = run(command[0], path, *command[1:])
        assert result.exit_code == 2
        _no_raw(result.output)
        assert result.stderr.splitlines()[0] == (
            f"{tmp_path}/{ESCAPED}:4:21: error: unknown field 'gotoo' in node 'a'; the fields here are: prompt, "
            "duration, description, ignore"), command
    result = run("diff", path, path)
    assert result.exit_code == 2 and result.stderr.startswith(f"{tmp_path}/{ESCAPED}:4:21: error: unknown field")


def test_a_hostile_file_name_is_escaped_in_every_output(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, HOSTILE, GOOD)
    lines = run("check", HOSTILE, "--no-color").stdout.splitlines()
    assert lines and all(line.startswith(f"{ESCAPED}:") for line in lines[:-1]) and lines[-1].startswith("Found ")
    github = run("check", HOSTILE, "--format", "github").stdout
    _no_raw(github)
    assert all(line.startswith("::") for line in github.splitlines()[:-1])
    assert "file=m\\x1b[31m%0Dforged.yaml%3A1%3A1%3A error%3A x%0A\\x9b2J\\u202e.yaml," in github
    junit = run("check", HOSTILE, "--format", "junit").stdout
    import xml.etree.ElementTree as ET

    assert ET.fromstring(junit).find("testsuite").get("name") == ESCAPED
    sarif = json.loads(run("check", HOSTILE, "--format", "sarif").stdout)
    uri = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "m%1B%5B31m%0Dforged.yaml%3A1%3A1%3A%20error%3A%20x%0A%C2%9B2J%E2%80%AE.yaml"
    # JSON shows the name as every output does: raw, its C1 and bidi characters would reach a terminal that
    # shows the JSON (a CI log), and a name's bytes that are not UTF-8 have no place in JSON a strict parser
    # reads (RFC 8259 section 8.2); SARIF's URI above is the exact name, percent-encoded
    assert json.loads(run("check", HOSTILE, "--format", "json").stdout)["findings"][0]["file"] == ESCAPED
    for command in (["simulate", "--calls", "100"], ["diff", HOSTILE, "--calls", "100"],
                    ["diff", HOSTILE, "--format", "markdown", "--calls", "100"], ["tests", "-o", "t"],
                    ["report", "-o", "r", "--calls", "100"], ["import"], ["import", "-o", "i.yaml"]):
        result = run(command[0], HOSTILE, *command[1:])
        assert result.exit_code == 0, (command, result.output)
        _no_raw(result.output)
        # Markdown's code spans make any white space a space
        assert (ESCAPED if "markdown" not in command else "`m\\x1b[31m forged.yaml:1:1: error: x \\x9b") in result.output
    imported = (tmp_path / "i.yaml").read_text()
    assert imported.startswith(f"# Imported by ivr import from {ESCAPED} (yaml); node ids keep the source's names.\n")
    _no_raw(imported)


def test_a_folder_with_no_menu_is_named_escaped(tmp_path):
    folder = tmp_path / "e\x1b[2Jmpty"
    folder.mkdir()
    for command in ("check", "report", "baseline"):
        result = run(command, str(folder))
        assert result.exit_code == 2
        assert result.stderr.splitlines()[0] == (
            f"{tmp_path}/e\\x1b[2Jmpty: error: no menu files (*.yaml, *.yml, or flow files a platform reader "
            "recognises) in this folder; pass a menu file or a folder that holds some")


def test_tooltips_and_edge_labels_show_entities_as_written(tmp_path):
    import xml.etree.ElementTree as ET

    path = write(tmp_path, "m.yaml", b'ivr: t\nstart: main\nnodes:\n  main:\n    type: menu\n'
                                     b'    prompt: "Tom &amp; Jerry <b> &lt; &#38; & x"\n'
                                     b'    options: {"1": {label: "A &amp; B <i>", goto: bye}}\n'
                                     b'  bye: {type: hangup, prompt: Bye.}\n')
    out = tmp_path / "m.svg"
    assert run("render", path, "-o", str(out), "--isolated").exit_code == 0
    svg = ET.parse(out).getroot()
    ns = {"svg": "http://www.w3.org/2000/svg"}
    node = next(g for g in svg.iter("{http://www.w3.org/2000/svg}g") if g.get("id") == "node-main")
    tooltip = node.find(".//svg:a", ns).get("{http://www.w3.org/1999/xlink}title")
    assert tooltip.splitlines()[:2] == ["menu main", "Tom &amp; Jerry <b> &lt; &#38; & x"]
    edge = next(g for g in svg.iter("{http://www.w3.org/2000/svg}g") if g.get("id") == "edge-main-bye")
    assert [t.text for t in edge.iter("{http://www.w3.org/2000/svg}text")] == ["1 A &amp; B <i>"]
    drawn = " ".join(t.text for t in node.iter("{http://www.w3.org/2000/svg}text"))
    assert "Tom &amp; Jerry <b> &lt; &#38; &" in drawn  # the node's own (HTML-like) label kept them already


@pytest.mark.parametrize(("character", "said"), [
    ("\uffff", "the character U+FFFF cannot be written as it is; remove it, or write it as the escape \\uffff"),
    ("\x9b", "the control character U+009B cannot be written as it is; remove it, or write it as the escape \\x9b"),
])
def test_the_escape_suggested_for_a_character_yaml_refuses_is_yamls(tmp_path, character, said):
    path = write(tmp_path, "c.yaml", f'ivr: t\nstart: a\nnodes:\n  a: {{type: hangup, prompt: "x{character}y"}}\n'.encode())
    result = run("check", path)
    assert result.stderr.splitlines()[0] == (f"{path}:4:31: error: invalid YAML: {said} inside a double-quoted "
                                             "string")
    escape = said.rsplit(" ", 1)[1]
    fixed = write(tmp_path, "fixed.yaml", f'ivr: t\nstart: a\nnodes:\n  a: {{type: hangup, prompt: "x{escape}y"}}\n'
                  .encode())
    assert run("check", fixed, "--fail-on", "never").exit_code == 0  # the escape suggested is read


FREESWITCH_MENU = ('<menu name="lonely" greet-long="say:Wélcome. For an agent press 0." exit-sound="say:Thank you for '
                   'calling. Goodbye.">\n  <entry action="menu-exec-app" digits="0" param="transfer operator XML '
                   'default"/>\n</menu>\n')


@pytest.mark.parametrize(("declared", "encoding"), [(None, "utf-16"), (None, "utf-8-sig"), ("UTF-16", "utf-16"),
                                                    ("ISO-8859-1", "latin-1"), ("windows-1252", "cp1252")])
def test_xml_is_read_in_the_encodings_the_readme_names(tmp_path, declared, encoding):
    text = (f'<?xml version="1.0" encoding="{declared}"?>\n' if declared else "") + FREESWITCH_MENU
    path = write(tmp_path, "menu.xml", text.encode(encoding))
    result = run("check", path, "--isolated", "--format", "json")
    assert result.exit_code in (0, 1), result.output
    findings = json.loads(result.stdout)["findings"]
    assert findings and {(f["line"], f["column"]) for f in findings} == {(2 if declared else 1, 1)}  # the <menu>
    imported = run("import", path)
    assert imported.exit_code == 0 and "prompt: Wélcome. For an agent press 0." in imported.stdout


@pytest.mark.parametrize("declared", ["Shift_JIS", "UTF-32", "no-such-encoding"])
@pytest.mark.parametrize("written", ["ascii", "utf-16-le", "utf-16-be"])
def test_xml_in_an_encoding_ivr_does_not_read_is_a_located_error(tmp_path, declared, written):
    # written in UTF-16 with no byte-order mark, the declaration is still read (XML 1.0 Appendix F: '<?' in two
    # bytes each); the long fuzz found a LookupError traceback there
    path = write(tmp_path, "menu.xml", (f'<?xml version="1.0" encoding="{declared}"?>\n'
                                        + FREESWITCH_MENU.replace("é", "e")).encode(written))
    result = run("check", path, "--from", "freeswitch")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        f"{path}:1:1: error: the encoding the file declares, '{declared}', is not one ivr reads (UTF-8, UTF-16, or "
        "a single-byte encoding such as ISO-8859-1); save the file as UTF-8, and declare encoding=\"UTF-8\" or none")


def test_yaml_in_utf32_is_named(tmp_path):
    path = write(tmp_path, "m.yaml", "ivr: t\nstart: a\n".encode("utf-32"))
    assert run("check", path).stderr.splitlines()[0] == f"{path}:1:1: error: UTF-32 is not read; save the file as UTF-8"

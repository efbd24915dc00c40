"""Issue 20, the secret leak: an include reads only inside the folder of a file given, and no output quotes a
file the user did not name.

Every include mechanism of every format is tried against a secret outside the folder (an absolute path,
``..``, a symbolic link, a glob, ``/proc``), and every command writes every output format; the secret's
marker must be in none of them: not on stdout or stderr, not in a file written.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from ivr.cli import cli
from ivr.formats.asterisk.dialplan import MAX_INCLUDE_DEPTH, parse_files
from ivr.formats.reading import read_all

from tests.conftest import git

MARKER = "S3CRET-MARKER"
#: a secret that looks like a dialplan, so that reading it would put its words into the menu
SECRET_DIALPLAN = f"[{MARKER}-ctx]\nexten => s,1,Playback({MARKER}-prompt)\n same => n,Hangup()\n{MARKER} line\n"
MENU = """[menu]
exten => s,1,Background(welcome)
 same => n,WaitExten(5)
exten => 1,1,Dial(SIP/sales)
exten => 2,1,Goto(more,s,1)
exten => i,1,Goto(menu,s,1)
exten => t,1,Goto(menu,s,1)
"""


def run(*args: str, cwd: Path | None = None):
    runner = CliRunner()
    if cwd is None:
        return runner.invoke(cli, list(args), catch_exceptions=False)
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return runner.invoke(cli, list(args), catch_exceptions=False)
    finally:
        os.chdir(old)


@pytest.fixture()
def estate(tmp_path: Path) -> Path:
    """``tmp/outside/`` holds secrets; ``tmp/pbx/`` the dialplan that reaches for them."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.conf").write_text(SECRET_DIALPLAN)
    (outside / "token.txt").write_text(f"https://user:{MARKER}@example.invalid\n")
    pbx = tmp_path / "pbx"
    pbx.mkdir()
    (pbx / "link.conf").symlink_to(outside / "secret.conf")
    (pbx / "linkdir").symlink_to(outside)
    (pbx / "manager.conf").write_text(f"[general]\nenabled = yes\n[admin]\nsecret = {MARKER}\n{MARKER} bare line\n")
    (pbx / "sub").mkdir()
    (pbx / "sub" / "more.conf").write_text(f"[more]\nexten => s,1,Background(more-info)\n same => n,WaitExten()\n"
                                           f"exten => 1,1,Hangup()\n{MARKER} is not a dialplan line\n")
    return tmp_path


INCLUDES = {
    "absolute": lambda t: f"#include {t / 'outside' / 'secret.conf'}",
    "absolute, quoted": lambda t: f'#include "{t / "outside" / "token.txt"}"',
    "dot-dot": lambda t: "#include ../outside/secret.conf",
    "dot-dot inside a subfolder": lambda t: "#include sub/../../outside/secret.conf",
    "a symbolic link out": lambda t: "#include link.conf",
    "a file under a linked folder": lambda t: "#include linkdir/secret.conf",
    "a glob out": lambda t: "#include ../outside/*",
    "a glob through a link": lambda t: "#include link*",
    "/proc": lambda t: "#include /proc/self/environ",
    "a device": lambda t: "#include /dev/zero",
    "tryinclude out": lambda t: "#tryinclude ../outside/secret.conf",
}


def _dialplan(estate: Path, include: str, *, broken: bool = True) -> Path:
    if not broken:
        more = estate / "pbx" / "sub" / "more.conf"
        more.write_text("".join(line for line in more.read_text().splitlines(True) if MARKER not in line))
    path = estate / "pbx" / "extensions.conf"
    path.write_text(f"{include}\n#include sub/more.conf\n#include manager.conf\n{MENU}")
    return path


@pytest.mark.parametrize("kind", list(INCLUDES))
def test_an_include_out_of_the_folder_is_not_read_and_says_so(estate, kind):
    path = _dialplan(estate, INCLUDES[kind](estate))
    plan = parse_files([str(path)])
    read = [Path(f).name for f in plan.files]
    assert read == ["extensions.conf", "more.conf"], read  # manager.conf holds no dialplan line
    assert not any(MARKER in c for c in plan.contexts)
    # its bad line, which Asterisk skips: located, not quoted
    assert plan.errors == [] and [Path(s.location.file).name for s in plan.skipped] == ["more.conf"]
    assert not any(MARKER in e.message for e in plan.errors + plan.warnings)
    assert not any(MARKER in s.why + s.fix for s in plan.skipped)
    first = plan.warnings[0]
    assert (first.location.file, first.location.line, first.location.column) == (str(path), 1, 1)
    if kind == "a device":  # /dev is out of the folder too
        assert "outside the folder of the file given" in first.message
    else:
        assert "outside the folder of the file given" in first.message, first.message
    assert "pass that file on the command line to read it" in first.message


def test_an_include_inside_the_folder_is_read_with_its_lines_located_but_never_quoted(estate):
    path = _dialplan(estate, "")
    plan = parse_files([str(path)])
    assert "more" in plan.contexts
    assert plan.errors == []
    (bad,) = plan.skipped  # Asterisk skips the line and loads the rest
    assert bad.location.file == str(estate / "pbx" / "sub" / "more.conf") and bad.location.line == 5
    assert MARKER not in bad.why + bad.fix
    assert bad.why.startswith("this line is not a dialplan line")
    assert "ivr quotes no text of a file it was not given" in bad.why
    (manager,) = [w for w in plan.warnings if "manager.conf" in w.message]
    assert manager.message == ("#include 'manager.conf': manager.conf holds no dialplan line (exten =>, same =>, "
                               "include =>), so ivr does not read it")


def test_a_file_named_by_the_user_is_quoted_as_before(estate):
    path = estate / "pbx" / "sub" / "more.conf"
    plan = parse_files([str(path)])
    (bad,) = plan.skipped
    assert bad.why.startswith(f"'{MARKER} is not a dialplan line' is not a dialplan line")


def test_an_include_is_relative_to_the_folder_of_the_file_given_as_asterisk_reads_its_config_directory(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "extensions.conf").write_text("#include sub/a.conf\n[top]\nexten => s,1,Hangup()\n")
    # sub/a.conf names b.conf: Asterisk reads /etc/asterisk/b.conf, not /etc/asterisk/sub/b.conf
    (tmp_path / "sub" / "a.conf").write_text("#include b.conf\n[a]\nexten => s,1,Hangup()\n")
    (tmp_path / "b.conf").write_text("[b]\nexten => s,1,Hangup()\n")
    (tmp_path / "sub" / "b.conf").write_text("[wrong-b]\nexten => s,1,Hangup()\n")
    plan = parse_files([str(tmp_path / "extensions.conf")])
    assert set(plan.contexts) == {"top", "a", "b"}


def test_includes_nest_as_deep_as_asterisk_reads_them(tmp_path):
    for i in range(MAX_INCLUDE_DEPTH + 2):
        (tmp_path / f"f{i}.conf").write_text(f"#include f{i + 1}.conf\n[c{i}]\nexten => s,1,Hangup()\n")
    plan = parse_files([str(tmp_path / "f0.conf")])
    assert len(plan.files) == MAX_INCLUDE_DEPTH + 1
    (deep,) = [w for w in plan.warnings if "deep" in w.message]
    assert deep.message == (f"#include on this line is nested more than {MAX_INCLUDE_DEPTH} deep, "
                            "where Asterisk stops (max_include_level); it is not read"
                            " (ivr quotes no text of a file it was not given: pass that file to see the line quoted)")


def test_the_context_open_before_an_include_goes_on_after_it(tmp_path):
    (tmp_path / "x.conf").write_text("[other]\nexten => s,1,Hangup()\n")
    (tmp_path / "main.conf").write_text("[main]\nexten => s,1,Answer()\n#include x.conf\nexten => 1,1,Hangup()\n")
    plan = parse_files([str(tmp_path / "main.conf")])
    assert set(plan.contexts["main"].extensions) == {"s", "1"}


def _read_in(folder: Path, sources: list[str]):
    old = os.getcwd()
    os.chdir(folder)
    try:
        return read_all(sources)
    finally:
        os.chdir(old)


def test_a_git_revision_reads_its_includes_from_the_same_revision_never_from_disk(estate):
    repo = estate / "pbx"
    (repo / "extensions.conf").write_text("#include more.conf\n#include disk-only.conf\n#include ../x.conf\n"
                                          "#include /etc/passwd\n#include link.conf\n" + MENU)
    (repo / "more.conf").write_text("[more]\nexten => s,1,Dial(SIP/100)\n")
    (repo / "disk-only.conf").write_text(SECRET_DIALPLAN)  # beside on disk, not in the revision
    git("init", "-q", cwd=repo)
    git("add", "extensions.conf", "more.conf", "link.conf", cwd=repo)  # link.conf: a link to a secret, committed
    git("commit", "-qm", "x", cwd=repo)
    (repo / "more.conf").write_text(SECRET_DIALPLAN)  # changed on disk since: the revision's is read
    reading = _read_in(repo, ["HEAD:extensions.conf"])
    assert not reading.errors, reading.errors
    (menu,) = reading.menus
    assert any(n.type == "transfer" and n.number for n in menu.nodes.values() if "more" in n.id)
    notes = [n.message for n in reading.imports["HEAD:extensions.conf"].notes if "#include" in n.message]
    assert notes == [
        "#include 'disk-only.conf' not found in HEAD; the contexts it defines are hand-offs that cannot be "
        "followed (pass that file too)",
        "#include '../x.conf' is outside the folder of the file given (HEAD:.); ivr reads included files only "
        "inside it (no absolute path or '..' out of it): pass that file on the command line to read it",
        "#include '/etc/passwd' is outside the folder of the file given (HEAD:.); ivr reads included files only "
        "inside it (no absolute path or '..' out of it): pass that file on the command line to read it",
        "#include 'link.conf': link.conf holds no dialplan line (exten =>, same =>, include =>), so ivr does not "
        "read it"]
    result = run("check", "HEAD:extensions.conf", "--format", "json", "--fail-on", "never", cwd=repo)
    assert result.exit_code == 0, result.output + result.stderr
    assert MARKER not in result.output + result.stderr


def test_standard_input_reads_no_include(estate):
    result = CliRunner().invoke(cli, ["check", "-", "--from", "asterisk", "--fail-on", "never"],
                                input="#include ../outside/secret.conf\n#include sub/more.conf\n" + MENU)
    assert result.exit_code == 0, result.output + result.stderr
    reading = read_all(["<stdin>"], given={"<stdin>": b"#include sub/more.conf\n" + MENU.encode()})
    (note,) = [n.message for n in reading.imports["<stdin>"].notes if "#include" in n.message]
    assert note == ("#include 'sub/more.conf' is not read: <stdin> is standard input, not a file on disk, so ivr "
                    "reads no other file for it; pass the included file too (or name the file with "
                    "--stdin-filename)")


def test_a_file_given_and_included_from_out_of_the_folder_is_read_from_the_command_line(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "more.conf").write_text("[more]\nexten => s,1,Dial(SIP/100)\n")
    (tmp_path / "a" / "extensions.conf").write_text("#include ../b/more.conf\n" + MENU)
    reading = read_all([str(tmp_path / "a" / "extensions.conf"), str(tmp_path / "b" / "more.conf")])
    assert not reading.errors
    notes = [n.message for i in reading.imports.values() for n in i.notes]
    assert not any("outside the folder" in n for n in notes), notes


#: every command and output format a review pipeline may publish
COMMANDS = [
    ["check", "{f}"], ["check", "{f}", "--format", "json"], ["check", "{f}", "--format", "sarif"],
    ["check", "{f}", "--format", "junit"], ["check", "{f}", "--format", "github"], ["check", "{f}", "--statistics"],
    ["simulate", "{f}"], ["simulate", "{f}", "--format", "json"],
    ["render", "{f}", "-o", "{o}/d.dot"], ["render", "{f}", "-o", "{o}/d.svg"],
    ["report", "{f}", "-o", "{o}/report"],
    ["import", "{f}", "-o", "{o}/m.yaml"],
    ["tests", "{f}", "-o", "{o}/tests"],
    ["diff", "{f}", "{f}"], ["diff", "{f}", "{f}", "--format", "json"],
    ["baseline", "{f}", "-o", "{o}/baseline.json"],
]


def _written(folder: Path) -> str:
    return "".join(p.read_bytes().decode("utf-8", "replace") for p in folder.rglob("*") if p.is_file())


@pytest.mark.parametrize("kind", ["absolute", "dot-dot", "a symbolic link out", "a glob out", "/proc"])
@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c[:1] + c[2:]).replace("{o}/", ""))
def test_no_output_of_any_command_holds_a_byte_of_a_file_outside(estate, kind, command, tmp_path_factory):
    path = _dialplan(estate, INCLUDES[kind](estate), broken=False)
    out = tmp_path_factory.mktemp("out")
    result = run(*[a.format(f=path, o=out) for a in command])
    assert result.exit_code in (0, 1, 2), result.output
    seen = result.output + result.stderr + _written(out)
    assert MARKER not in seen
    if kind == "/proc":
        assert "HOME=" not in seen and "PATH=" not in seen
    if command[0] == "check" and len(command) == 2:
        assert result.exit_code in (0, 1), result.output + result.stderr  # the menu itself is read


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit", "github"])
def test_a_broken_included_file_is_located_in_every_format_without_its_text(estate, fmt):
    path = _dialplan(estate, "")
    result = run("check", str(path), "--format", fmt)
    assert result.exit_code == 1  # the line Asterisk skips is an error finding (skipped-line), located in more.conf
    seen = result.output + result.stderr
    assert MARKER not in seen
    assert "more.conf" in seen


def test_voicexml_documents_are_never_fetched(tmp_path):
    secret = tmp_path / "outside.vxml"
    secret.write_text(f'<vxml version="2.1"><form id="{MARKER}"><block><prompt>{MARKER}</prompt></block></form></vxml>')
    (tmp_path / "pbx").mkdir()
    menu = tmp_path / "pbx" / "main.vxml"
    menu.write_text(f'<?xml version="1.0"?>\n<vxml version="2.1">\n<menu id="m"><prompt>Press 1</prompt>\n'
                    f'<choice dtmf="1" next="{secret}"/>\n<choice dtmf="2" next="../outside.vxml#{MARKER}"/>\n'
                    f'<choice dtmf="3" next="file:///proc/self/environ"/></menu>\n'
                    f'<form id="f"><subdialog name="s" src="/etc/passwd"/></form>\n</vxml>\n')
    result = run("check", str(menu), "--format", "json", "--fail-on", "never")
    assert result.exit_code == 0, result.output + result.stderr
    assert "root:" not in result.output
    # the names are the menu's own text; the documents' content is never read
    assert f"<prompt>{MARKER}" not in result.output and "HOME=" not in result.output


def test_freeswitch_pre_process_includes_are_never_followed(tmp_path):
    (tmp_path / "secret.xml").write_text(f'<include><menu name="{MARKER}" greet-long="{MARKER}"/></include>')
    menu = tmp_path / "pbx" / "ivr.xml"
    menu.parent.mkdir()
    menu.write_text('<include>\n<X-PRE-PROCESS cmd="include" data="../secret.xml"/>\n'
                    '<X-PRE-PROCESS cmd="include" data="/etc/passwd"/>\n'
                    '<menu name="main" greet-long="hello.wav" timeout="5000" max-failures="3">\n'
                    '<entry action="menu-exec-app" digits="1" param="transfer 1000 XML default"/>\n'
                    '</menu>\n</include>\n')
    result = run("check", str(menu), "--format", "json", "--fail-on", "never")
    assert result.exit_code == 0, result.output + result.stderr
    assert MARKER not in result.output and "root:" not in result.output


def test_terraform_templatefile_and_file_are_never_followed(tmp_path):
    (tmp_path / "flow.json").write_text(f'{{"description": "{MARKER}"}}')
    tf = tmp_path / "pbx" / "main.tf"
    tf.parent.mkdir()
    tf.write_text('resource "twilio_studio_flows_v2" "x" {\n  definition = templatefile("../flow.json", {})\n'
                  '  other = file("/etc/passwd")\n}\n')
    result = run("check", str(tf), "--from", "twilio", "--format", "json")
    assert result.exit_code == 2
    assert MARKER not in result.output + result.stderr and "root:" not in result.output + result.stderr


def test_a_link_out_of_a_folder_given_is_refused_by_name_and_never_read(estate, tmp_path_factory):
    menus = estate / "menus"
    menus.mkdir()
    (menus / "bank.yaml").write_text(Path("menus/bank.yaml").read_text())
    (menus / "evil.yaml").symlink_to(estate / "outside" / "token.txt")
    (menus / "evil.conf").symlink_to(estate / "outside" / "secret.conf")
    for fmt in ("text", "json", "sarif", "github"):
        result = run("check", str(menus), "--format", fmt)
        assert result.exit_code == 2
        assert MARKER not in result.output + result.stderr
    result = run("check", str(menus))
    assert sorted(result.stderr.splitlines()[:2]) == [
        f"{menus}/evil.{suffix}:1:1: error: a symbolic link to a file outside {menus}, the folder given; ivr reads "
        "only the files inside a folder it is given: pass the file itself to read it" for suffix in ("conf", "yaml")]
    assert "No problems found in 1 file" in result.output + result.stderr  # the rest is checked
    out = tmp_path_factory.mktemp("report")
    result = run("report", str(menus), "-o", str(out))
    assert MARKER not in result.output + result.stderr + _written(out)


def test_a_link_inside_a_folder_given_is_read(estate):
    menus = estate / "menus"
    (menus / "real").mkdir(parents=True)
    (menus / "real" / "bank.yaml").write_text(Path("menus/bank.yaml").read_text())
    (menus / "bank.yaml").symlink_to(menus / "real" / "bank.yaml")
    result = run("check", str(menus), "--fail-on", "never")
    assert result.exit_code == 0, result.output + result.stderr


def test_a_configuration_found_through_a_link_out_of_its_folder_is_not_read(estate):
    work = estate / "work"
    work.mkdir()
    (work / "bank.yaml").write_text(Path("menus/bank.yaml").read_text())
    (estate / "outside" / "rules.yaml").write_text(f"rules:\n  {MARKER}: {{}}\n")
    (work / ".ivr.yaml").symlink_to(estate / "outside" / "rules.yaml")
    result = run("check", "bank.yaml", cwd=work)
    assert result.exit_code == 2
    assert MARKER not in result.output + result.stderr
    assert "a symbolic link to a file outside its folder; ivr reads no configuration it finds" in result.stderr


def test_an_include_naming_a_nul_character_is_a_note_not_a_traceback(tmp_path):
    path = tmp_path / "x.conf"
    path.write_bytes(b'#include "a\0b.conf"\n' + MENU.encode())
    plan = parse_files([str(path)])
    (note,) = plan.warnings
    assert note.message.startswith("#include 'a\\x00b.conf' names a file with a NUL character")
    assert run("check", str(path), "--fail-on", "never").exit_code == 0

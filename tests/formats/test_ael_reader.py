"""The AEL reader: extensions.ael parsed as Asterisk's ael.y does and compiled as its pval.c does."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from ivr.cli import cli
from ivr.formats.ael.compiler import compile_tree
from ivr.formats.ael.syntax import MAX_NESTING, AelSyntaxError, parse
from ivr.formats.asterisk.dialplan import Dialplan
from ivr.formats.reading import read_all
from ivr.formats.registry import detect

from tests.conftest import git

MARKER = "S3CRET-AEL-MARKER"


def compiled(text: str, name: str = "extensions.ael") -> Dialplan:
    plan = Dialplan()
    tree, where = parse(text, name)
    compile_tree(tree, where, plan)
    return plan


def steps(plan: Dialplan, context: str, extension: str) -> list[tuple[int, str | None, str, str]]:
    return [(p.number, p.label, p.app, p.args) for p in plan.contexts[context].extensions[extension].priorities]


def menu_of(tmp_path: Path, text: str, name: str = "extensions.ael"):
    path = tmp_path / name
    path.write_text(text)
    reading = read_all([str(path)])
    assert reading.errors == {}, reading.errors
    return reading


# --- compiled as pval.c compiles -------------------------------------------------------------------------------

def test_if_else_compiles_to_gotoif_over_both_branches_as_pval_does():
    plan = compiled("context c {\n s => {\n  if (${X} = 1) {\n   Playback(yes);\n  } else {\n   Playback(no);\n  }\n"
                    "  Hangup();\n };\n};\n")
    assert steps(plan, "c", "s") == [
        (1, None, "GotoIf", "$[${X} = 1]?2:4"), (2, None, "Playback", "yes"), (3, None, "Goto", "5"),
        (4, None, "Playback", "no"), (5, None, "NoOp", "Finish if_s_1"), (6, None, "Hangup", "")]
    first = plan.contexts["c"].extensions["s"].priorities[0]
    assert (first.location.line, first.location.column) == (3, 3)


def test_labels_name_the_next_priority_and_goto_forms_are_gotos():
    plan = compiled("context c {\n s => {\n  Answer();\n again:\n  Background(x);\n  goto again;\n  goto t|1;\n"
                    "  goto c,t,1;\n  jump 5;\n  jump 6,lbl@other;\n };\n t => Hangup();\n};\n")
    assert steps(plan, "c", "s") == [
        (1, None, "Answer", ""), (2, "again", "Background", "x"), (3, None, "Goto", "again"),
        (4, None, "Goto", "t,1"), (5, None, "Goto", "c,t,1"), (6, None, "Goto", "5,1"), (7, None, "Goto", "other,6,lbl")]


def test_iftime_compiles_to_gotoiftime_then_a_goto_past_the_branch():
    plan = compiled("context c {\n s => {\n  ifTime(08:00-17:00|mon-fri|*|*) {\n   Playback(open);\n  } else {\n"
                    "   Playback(closed);\n  }\n };\n};\n")
    assert steps(plan, "c", "s") == [
        (1, None, "GotoIfTime", "08:00-17:00,mon-fri,*,*?3"), (2, None, "Goto", "5"), (3, None, "Playback", "open"),
        (4, None, "Goto", "6"), (5, None, "Playback", "closed"), (6, None, "NoOp", "Finish if_s_1")]


def test_switch_cases_are_extensions_from_priority_10_falling_through_unless_they_break():
    plan = compiled("context c {\n s => {\n  Read(K,menu,1);\n  switch (${K}) {\n   case 1:\n    Dial(SIP/a);\n"
                    "    break;\n   case 2:\n    Playback(two);\n   pattern _[7-8]:\n    Voicemail(1);\n"
                    "   default:\n    Playback(bad);\n  }\n  Hangup();\n };\n};\n")
    assert steps(plan, "c", "s") == [
        (1, None, "Read", "K,menu,1"),
        (2, None, "GotoIf", '$["${K}" = "1"]?sw_1_1,10'), (3, None, "GotoIf", '$["${K}" = "2"]?sw_1_2,10'),
        (4, None, "GotoIf", '$["${K}" =~ "^[7-8]$"]?_sw_1_[7-8],10'), (5, None, "Goto", "_sw_1_.,10"),
        (6, None, "NoOp", "Finish switch_s_1"), (7, None, "Hangup", "")]
    assert steps(plan, "c", "sw_1_1") == [(10, None, "Dial", "SIP/a"), (11, None, "Goto", "s,6")]
    assert steps(plan, "c", "sw_1_2") == [(10, None, "Playback", "two"), (11, None, "Goto", "_sw_1_[7-8],10")]
    assert steps(plan, "c", "_sw_1_[7-8]") == [(10, None, "Voicemail", "1"), (11, None, "Goto", "_sw_1_.,10")]
    assert steps(plan, "c", "_sw_1_.") == [(10, None, "Playback", "bad"), (11, None, "Goto", "s,6")]


def test_a_switch_value_no_case_takes_lands_on_a_missing_extension_where_asterisk_hangs_up(tmp_path):
    reading = menu_of(tmp_path, "context c {\n s => {\n  Read(K,menu,1);\n  switch (${K}) {\n   case 1:\n"
                                "    Queue(sales);\n  }\n };\n};\n")
    (menu,) = reading.menus
    start = menu.nodes[menu.start.target]
    assert start.type == "menu" and list(start.options) == ["1"]
    assert start.no_match is not None and menu.nodes[start.no_match.target].type == "hangup"
    with_i = compiled("context c {\n s => {\n  switch (${K}) {\n   case 1:\n    Queue(sales);\n  }\n };\n"
                      " i => Playback(invalid);\n};\n")
    assert steps(with_i, "c", "s")[1] == (2, None, "Goto", "i,1")  # main/pbx.c: an invalid extension goes to i


def test_macros_are_gosub_contexts_with_their_arguments_and_return():
    plan = compiled("macro ring(who) {\n Dial(${who});\n catch h {\n  NoOp(bye);\n }\n}\n"
                    "context c {\n 1 => &ring(SIP/a);\n};\n")
    assert steps(plan, "ring", "~~s~~") == [(1, None, "Set", "LOCAL(who)=${ARG1}"), (2, None, "Dial", "${who}"),
                                           (3, None, "Return", "")]
    assert steps(plan, "ring", "h") == [(1, None, "NoOp", "bye")]
    assert steps(plan, "c", "1") == [(1, None, "Gosub", "ring,~~s~~,1(SIP/a)")]


def test_loops_test_then_run_their_body_and_jump_back():
    plan = compiled("context c {\n s => {\n  for (i=0; ${i} < 3; i=${i}+1) {\n   Playback(x);\n   continue;\n  }\n"
                    "  while (${Y}) break;\n };\n};\n")
    assert steps(plan, "c", "s") == [
        (1, None, "MSet", "i=$[0]"), (2, None, "GotoIf", "$[${i} < 3]?3:7"), (3, None, "Playback", "x"),
        (4, None, "Goto", "5"), (5, None, "MSet", "i=$[${i}+1]"), (6, None, "Goto", "2"),
        (7, None, "NoOp", "Finish for_s_1"), (8, None, "GotoIf", "$[${Y}]?9:11"), (9, None, "Goto", "11"),
        (10, None, "Goto", "8"), (11, None, "NoOp", "Finish while_s_2")]


def test_an_extension_written_twice_keeps_the_first_as_asterisk_does(tmp_path):
    path = tmp_path / "x.ael"
    path.write_text("context c {\n s => { Background(a); WaitExten(); };\n 1 => Hangup();\n 1 => Dial(SIP/x);\n};\n")
    reading = read_all([str(path)])
    notes = [n for n in reading.imports[str(path)].notes if "defined twice" in n.message]
    assert [(n.location.line, n.location.column) for n in notes] == [(4, 2)]
    (menu,) = reading.menus
    assert menu.nodes["c,1,1"].type == "hangup"


# --- refused where Asterisk refuses, located ---------------------------------------------------------------------

@pytest.mark.parametrize("text, line, column, words", [
    ("##### extensions.ael\ncontext c {\n s => Hangup();\n};\n", 1, 1, "'#' is not a comment in AEL"),
    ("context c {\n s => {\n  Answer(); ; a comment\n };\n};\n", 3, 13, "does not start a comment"),
    ("context c {\n s => {\n  goto nowhere;\n };\n};\n", 3, 3, "no label nowhere exists"),
    ("context c {\n s => continue;\n};\n", 2, 7, "'continue' not in 'for' or 'while'"),
    ("macro m(a) { NoOp(${a}); }\ncontext c {\n s => &m(1,2);\n};\n", 3, 8, "has 2 arguments"),
    ("macro m() { NoOp(); }\ncontext c {\n s => m();\n};\n", 3, 7, "had no & preceding it"),
    ("context c {\n s => Dial(${X);\n};\n", 2, 15, "mismatched ')'"),
    ("context c {\n s => Set(A=${B;\n", 2, 10, "not closed"),
    ("context c {\n s => {\n", 2, 7, "the file ends here"),
])
def test_what_asterisk_refuses_is_refused_located(text, line, column, words):
    with pytest.raises(AelSyntaxError) as refused:
        compiled(text)
    where = refused.value.location
    assert (where.line, where.column) == (line, column), refused.value.message
    assert words in refused.value.message


def test_a_refusal_is_exit_2_with_the_place_and_no_traceback(tmp_path):
    path = tmp_path / "extensions.ael"
    path.write_text("context c {\n  s => {\n    Answer();\n    ; route to the queue\n  };\n};\n")
    result = CliRunner().invoke(cli, ["check", str(path)])
    assert result.exit_code == 2
    assert f"{path}:4:5: error: syntax error" in result.output
    assert "Traceback" not in result.output + result.stderr


@pytest.mark.parametrize("body", [
    "{" * (MAX_NESTING + 1) + "NoOp();" + "}" * (MAX_NESTING + 1),
    "if (1) " * 20_000 + "NoOp();",
    "${" * 5_000, "Dial(" + "(" * 50_000, "\x00\xff" * 1000, "x=" + "[" * 10_000 + ";",
])
def test_hostile_text_is_refused_located_in_bounded_work(tmp_path, body):
    path = tmp_path / "x.ael"
    path.write_text("context c {\n s => { " + body + " };\n};\n", encoding="utf-8", errors="surrogateescape")
    reading = read_all([str(path)])
    (error, *_) = reading.errors[str(path)]
    assert error.location.file == str(path) and error.location.line >= 1
    assert "Traceback" not in error.message


def test_non_utf8_and_control_characters_do_not_break_the_reader(tmp_path):
    path = tmp_path / "x.ael"
    path.write_bytes(b"context c\xe9 {\n s => { Background(caf\xe9); WaitExten(); };\n 1 => Hangup();\n};\n~\n")
    reading = read_all([str(path)])
    assert reading.errors == {}
    assert any("not AEL" in n.message for n in reading.imports[str(path)].notes)


# --- detection --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("data, name, found", [
    (b"context a {\n}\n", "x.ael", "ael"), (b"// nothing", "extensions.ael", "ael"),
    (b"context a {\n s => Hangup();\n}\n", "dialplan.txt", "ael"),
    (b"[a]\nexten => s,1,Hangup()\n", "extensions.conf", "asterisk"),
    (b"context a {\n}\n[b]\nexten => s,1,Hangup()\n", "x.conf", "asterisk"),
])
def test_detected_by_name_or_by_ael_blocks_without_dialplan_lines(data, name, found):
    assert detect(data, name) == found


def test_forced_as_an_asterisk_dialplan_it_says_to_read_it_as_ael(tmp_path):
    path = tmp_path / "x.ael"
    path.write_text("context c {\n s => Hangup();\n};\n")
    (error,) = read_all([str(path)], "asterisk").errors[str(path)]
    assert "--from ael" in error.message


# --- #include, inside the fence ------------------------------------------------------------------------------------

@pytest.fixture()
def estate(tmp_path: Path) -> Path:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.ael").write_text(f"  9 => Playback({MARKER});\n")
    pbx = tmp_path / "pbx"
    pbx.mkdir()
    (pbx / "link.ael").symlink_to(outside / "secret.ael")
    (pbx / "parts").mkdir()
    (pbx / "parts" / "keys.ael").write_text("  1 => Dial(SIP/desk);\n")
    return tmp_path


MENU = "context m {{\n s => {{ Background(hi); WaitExten(5); }};\n {include}\n #include \"parts/keys.ael\"\n}};\n"


@pytest.mark.parametrize("include", ["../outside/secret.ael", "{t}/outside/secret.ael", "link.ael", "../outside/*",
                                     "/proc/self/environ", "parts/../../outside/secret.ael"])
def test_an_include_out_of_the_folder_is_a_note_and_never_read(estate, include):
    path = estate / "pbx" / "extensions.ael"
    path.write_text(MENU.format(include=f'#include "{include.format(t=estate)}"'))
    reading = read_all([str(path)])
    assert reading.errors == {}, reading.errors
    (menu,) = reading.menus
    assert list(menu.nodes[menu.start.target].options) == ["1"]  # the key of parts/keys.ael, not 9
    notes = [n for n in reading.imports[str(path)].notes if "#include" in n.message]
    assert notes and (notes[0].location.line, notes[0].location.column) == (3, 2)
    assert "outside the folder of the file given" in notes[0].message
    result = CliRunner().invoke(cli, ["check", str(path), "--format", "json", "--fail-on", "never"])
    assert MARKER not in result.output + result.stderr
    assert "HOME=" not in result.output


def test_a_syntax_error_in_an_included_file_is_located_there_but_not_quoted(estate):
    (estate / "pbx" / "parts" / "keys.ael").write_text(f"  1 => Dial(SIP/desk);\n  ; {MARKER} words\n")
    path = estate / "pbx" / "extensions.ael"
    path.write_text(MENU.format(include=""))
    (error,) = read_all([str(path)]).errors[str(path)]
    assert error.location.file == str(estate / "pbx" / "parts" / "keys.ael") and error.location.line == 2
    assert MARKER not in error.message and "ivr quotes no text of a file it was not given" in error.message


def test_a_git_revision_reads_its_ael_includes_from_the_same_revision(estate):
    repo = estate / "pbx"
    path = repo / "extensions.ael"
    path.write_text(MENU.format(include='#include "../x.ael"'))
    git("init", "-q", cwd=repo)
    git("add", "extensions.ael", "parts/keys.ael", cwd=repo)
    git("commit", "-qm", "x", cwd=repo)
    (repo / "parts" / "keys.ael").write_text(f"  9 => Playback({MARKER});\n")  # on disk only
    old = os.getcwd()
    os.chdir(repo)
    try:
        reading = read_all(["HEAD:extensions.ael"])
    finally:
        os.chdir(old)
    assert reading.errors == {}, reading.errors
    (menu,) = reading.menus
    assert list(menu.nodes[menu.start.target].options) == ["1"]
    assert any("outside the folder" in n.message for n in reading.imports["HEAD:extensions.ael"].notes)


@pytest.mark.parametrize("fmt", ["json", "sarif", "gitlab"])
def test_a_file_name_with_a_c1_control_is_escaped_in_json_outputs(tmp_path, fmt):
    # found by the AEL fuzzing: '\x9b' (a CSI on many terminals) passed through json.dumps(ensure_ascii=False)
    path = tmp_path / "\x9bmenu\u202e.ael"
    path.write_text("context c {\n s => break;\n};\n")
    result = CliRunner().invoke(cli, ["check", str(path), "--format", fmt])
    assert result.exit_code == 2
    assert "\x9b" not in result.output and "\u202e" not in result.output
    assert "menu" in result.output


@pytest.mark.parametrize("name, text, keys", [
    ("extensions.ael", "context internal {\n 555 => {\n  Read(CHOICE,menu,1);\n  switch (${CHOICE}) {\n   case 1:\n"
                       "    Dial(SIP/sales);\n    break;\n  }\n };\n _XXXX => Dial(SIP/${EXTEN});\n};\n", ["1"]),
    ("extensions.conf", "[internal]\nexten => 555,1,Background(menu)\n same => n,WaitExten(5)\nexten => 1,1,Dial(SIP/sales)\n"
                        "exten => _XXXX,1,Dial(SIP/${EXTEN})\n", ["555", "1", "_XXXX"]),  # WaitExten: any extension of the context
])
def test_a_menu_context_with_no_s_is_entered_at_each_extension_that_plays_a_menu(tmp_path, name, text, keys):
    reading = menu_of(tmp_path, text, name)
    (menu,) = reading.menus
    assert menu.name == "internal 555"
    assert list(menu.nodes[menu.start.target].options) == keys


def test_a_context_another_jumps_into_by_name_is_part_of_that_ivr_not_an_entry(tmp_path):
    reading = menu_of(tmp_path, "context main {\n s => { Background(hi); WaitExten(5); };\n"
                                " 1 => { Read(K,which,1); jump ${K}@sub; };\n};\n"
                                "context sub {\n 1 => { Read(X,sub-menu,1); switch (${X}) { case 1: Dial(SIP/a); } };\n};\n")
    assert [m.name for m in reading.menus] == ["main"]


def test_a_part_another_file_includes_is_read_there_and_alone_is_refused_saying_so(tmp_path):
    (tmp_path / "keys.ael").write_text("// the keys of the menu\n  1 => Dial(SIP/desk);\n  2 => Hangup();\n")
    (tmp_path / "steps.ael").write_text("  Answer();\n  Background(hello);\n  WaitExten(5);\n")
    main = tmp_path / "extensions.ael"
    main.write_text('context m {\n s => {\n  #include "steps.ael"\n };\n #include "keys.ael"\n};\n')
    files = [str(tmp_path / n) for n in ("extensions.ael", "keys.ael", "steps.ael")]
    reading = read_all(files)  # as 'ivr check folder/' gives them
    assert reading.errors == {}
    (menu,) = reading.menus
    assert list(menu.nodes[menu.start.target].options) == ["1", "2"]
    assert not any("outside any context" in n.message for i in reading.imports.values() for n in i.notes)
    for name, line, what in (("keys.ael", 2, "extensions"), ("steps.ael", 1, "statements")):
        alone = str(tmp_path / name)
        (error,) = read_all([alone]).errors[alone]
        assert (error.location.line, error.location.column) == (line, 3)
        assert f"AEL {what} outside any context" in error.message and "#includes it" in error.message


def test_a_folder_given_is_searched_for_ael_files_parts_included(tmp_path):
    (tmp_path / "keys.ael").write_text("  1 => Dial(SIP/desk);\n")
    (tmp_path / "notes.txt").write_text("context x {\n")  # not .ael: left alone
    (tmp_path / "extensions.ael").write_text('context m {\n s => { Background(hi); WaitExten(5); };\n'
                                             ' #include "keys.ael"\n i => goto s|1;\n t => goto s|1;\n};\n')
    result = CliRunner().invoke(cli, ["check", str(tmp_path), "--format", "json", "--fail-on", "never"])
    assert result.exit_code == 0, result.output
    assert '"invalid_files": 0' in result.output and f"{tmp_path / 'extensions.ael'}" in result.output


def test_a_key_written_twice_in_a_menu_context_is_a_duplicate_key_finding(tmp_path):
    path = tmp_path / "extensions.ael"
    path.write_text("context m {\n  s => { Background(menu); WaitExten(5); };\n  1 => Dial(SIP/sales);\n"
                    "  2 => Voicemail(100);\n  1 => Dial(SIP/support);\n};\n")
    result = CliRunner().invoke(cli, ["check", str(path), "--fail-on", "never"])
    assert f"{path}:5:3: error: duplicate-key: key 1 is given to two options of menu 'm,s,1' (first on line 3)" \
        in result.output
    (menu,) = read_all([str(path)]).menus
    assert menu.nodes[menu.nodes[menu.start.target].options["1"].goto.target].number == "SIP/sales"


def test_a_case_falling_through_into_the_next_is_noted_where_it_is_written(tmp_path):
    reading = menu_of(tmp_path, "context c {\n s => {\n  Read(K,menu,1);\n  switch (${K}) {\n   case 1:\n"
                                "    Queue(sales);\n   case 2:\n    Dial(SIP/b);\n    break;\n   case 3:\n"
                                "    Playback(bye);\n    Hangup();\n   case 4:\n   case 5:\n    Dial(SIP/c);\n  }\n };\n};\n")
    notes = [n for i in reading.imports.values() for n in i.notes if "has no break" in n.message]
    assert [(n.location.line, n.location.column) for n in notes] == [(5, 4)]  # not after Hangup, not an empty case
    assert notes[0].message.startswith("case 1 has no break: after its statements Asterisk goes on with case 2")


def test_an_ael_dialplan_with_no_caller_menu_reports_an_extension_written_twice():
    """pbx_ael registers the first of two extensions of one name ('Unable to register extension'): duplicate-key,
    also where no menu option carries the extension (a routing dialplan)."""
    from ivr.graph.build import build_graph
    from ivr.rules.runner import lint

    path = Path(__file__).parents[1] / "fixtures" / "formats" / "ael" / "pass-routing.ael"
    (menu,) = read_all([str(path)]).menus
    assert menu.routing
    found = [(f.rule, f.location.line, f.message) for f in lint(build_graph(menu))]
    assert found == [("duplicate-key", 9, "extension '_810.' is written twice in context 'from-internal' (first on "
                                          "line 7); Asterisk registers the first and refuses the second ('Unable to "
                                          "register extension'): remove or rename one")]

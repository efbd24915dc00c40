"""The Asterisk dialplan parser: every spelling, located errors, includes, templates, AEL refused."""

from __future__ import annotations

from pathlib import Path


import pytest

from ivr.formats.asterisk.dialplan import _strip_comment, parse_files, parse_text, split_args

from tests.conftest import corpus_file

SYNTAX = Path(__file__).parents[1] / "fixtures" / "formats" / "asterisk"


def _steps(plan, context, extension):
    return [(p.number, p.label, p.app, p.args) for p in plan.contexts[context].extensions[extension].priorities]


def test_every_spelling_is_read_with_n_priorities_and_labels():
    plan = parse_files([str(SYNTAX / "pass-variants.conf")])
    assert plan.errors == [] and plan.warnings == []
    assert _steps(plan, "menu", "s") == [
        (1, None, "Answer", ""), (2, None, "Set", "TIMEOUT(response)=7"),
        (3, "top", "Background", "welcome&press-1;2"), (4, None, "WaitExten", "4")]
    assert _steps(plan, "menu", "1") == [(1, None, "Goto", "s,3"), (2, None, "Hangup", "")]
    assert plan.contexts["menu"].comment == "Front desk"
    # the block comment hides extension 3; [menu](+) adds 7 to the context above
    assert sorted(plan.contexts["menu"].extensions) == ["0", "1", "2", "7", "s"]
    assert [name for name, _ in plan.contexts["menu"].includes] == ["more"]


def test_every_priority_keeps_file_line_and_column():
    plan = parse_files([str(SYNTAX / "pass-variants.conf")])
    background = plan.contexts["menu"].extensions["s"].priorities[2]
    assert (background.location.line, background.location.column) == (11, 2)
    assert background.location.file.endswith("variants.conf")


def test_numeric_target_lands_on_a_label():
    plan = parse_files([str(SYNTAX / "pass-variants.conf")])
    s = plan.contexts["menu"].extensions["s"]
    assert s.index("3") == s.index("top") == 2
    assert s.index("top+1") == 3
    assert s.index("9") is None


def test_templates_are_marked_and_copied():
    plan = parse_files([str(SYNTAX / "pass-variants.conf")])
    assert plan.contexts["base"].template
    assert not plan.contexts["built"].template
    assert sorted(plan.contexts["built"].extensions) == ["5", "6"]


def test_lines_asterisk_skips_are_kept_and_the_rest_of_the_context_is_read():
    plan = parse_files([str(SYNTAX / "fail-syntax.conf")])
    # pbx_config skips these with a warning and loads the rest (pbx/pbx_config.c, main/config.c)
    skipped = [(s.location.line, s.location.column, s.why, s.extension) for s in plan.skipped]
    assert skipped == [
        (3, 2, "'same' with no 'exten' before it in this context", None),
        (5, 2, "'same' with no priority and application", "s"),
        (6, 2, "'= >' has a space inside the arrow", "s"),
        (7, 10, "Asterisk cannot read the priority 'x1': no priority of this extension above it has the label 'x1'",
         "s"),
        (9, 1, "'this is not a statement' is not a dialplan line (no 'keyword => value')", None),
    ]
    assert _steps(plan, "broken", "s") == [
        (1, None, "Answer", ""), (2, None, "Background", "still-read"), (3, None, "WaitExten", "")]
    # a header Asterisk cannot read, or a line before any context, makes it refuse the whole file
    found = [(e.location.line, e.location.column, e.message.split(";")[0]) for e in plan.errors]
    assert found == [(11, 1, "cannot read the context header '[unclosed'"), (12, 1, "'exten' outside any context")]


def test_include_is_relative_to_the_including_file_and_a_missing_one_is_a_warning():
    plan = parse_files([str(SYNTAX / "pass-include.conf")])
    assert plan.errors == []
    assert [Path(f).name for f in plan.files] == ["pass-include.conf", "menu.conf"]
    assert "included-menu" in plan.contexts
    (warning,) = plan.warnings
    assert (warning.location.line, warning.location.column) == (3, 1)
    assert "#include 'missing.conf' not found" in warning.message


def test_a_file_given_and_included_is_read_once():
    plan = parse_files([str(SYNTAX / "pass-include.conf"), str(SYNTAX / "sub" / "menu.conf")])
    assert len(plan.files) == 2
    assert plan.lines == 9


def test_arguments_split_at_top_level_commas_only():
    assert split_args('a,${CUT(X,\\,,2)},$[${A} > 1],"b,c"') == ["a", "${CUT(X,\\,,2)}", "$[${A} > 1]", '"b,c"']


def test_ael_is_refused_with_a_located_reason():
    plan = parse_text("// AEL\ncontext default {\n  s => { Answer(); };\n};\n", "extensions.ael")
    (error,) = plan.errors
    assert (error.location.line, error.location.column) == (2, 1)
    assert "AEL" in error.message and "extensions.conf" in error.message
    assert plan.contexts == {}


def _corpus(name: str) -> Path:
    return corpus_file("asterisk", name)


def test_corpus_sample_dialplan_parses_without_errors():
    plan = parse_files([str(_corpus("asterisk__asterisk__extensions.conf.sample"))])
    assert plan.errors == [] and plan.warnings == []
    assert plan.lines == 880
    assert len(plan.contexts) == 30
    assert plan.contexts["demo"].extensions["s"].index("6") == plan.contexts["demo"].extensions["s"].index("instruct")


def test_corpus_ael_sample_is_refused_naming_ael():
    plan = parse_files([str(_corpus("asterisk__asterisk__extensions.ael.sample"))])
    (error,) = plan.errors
    assert error.location.line == 29
    assert "this is AEL" in error.message


@pytest.mark.parametrize("line, in_block, expected", [
    ("exten => s,1,NoOp(a\\;b) ; note", False, ("exten => s,1,NoOp(a;b) ", "note", False)),
    ("\\\\;x", False, ("\\;x", "", False)),  # the backslash before ';' escapes it, whatever is before
    ("code ;-- open", False, ("code ", "", True)),
    ("still --; more ; c", True, (" more ", "c", False)),
    ("a ;-- x --; b ;--", False, ("a  b ", "", True)),
    ("inside", True, ("", "", True)),
    ("no comment", False, ("no comment", "", False)),
])
def test_comments_and_escaped_semicolons(line, in_block, expected):
    assert _strip_comment(line, in_block) == expected


def test_n_counts_on_from_the_line_before_in_the_context_taken_or_not():
    # Asterisk (pbx/pbx_config.c): 'n' is the previous line's priority plus one, in this context, whichever
    # extension it was for and whether or not it was taken; so a block written again adds nothing
    block = ("[menu]\nexten => s,1,Answer()\n same => n,Background(hello)\n same => n,WaitExten(5)\n"
             "exten => 1,1,Hangup()\nexten => s,n,Playback(late)\n")
    plan = parse_text(block * 3 + "[other]\nexten => y,3,Three()\nexten => y,1,One()\nexten => y,n,Two()\n",
                      "x.conf")
    assert plan.errors == []
    assert _steps(plan, "menu", "s") == [(1, None, "Answer", ""), (2, None, "Background", "hello"),
                                         (3, None, "WaitExten", "5")]
    assert _steps(plan, "menu", "1") == [(1, None, "Hangup", "")]
    twice = [(w.location.line, w.message) for w in plan.warnings]
    assert twice[0] == (6, "priority 2 of extension 's' is written twice; Asterisk keeps the first one")
    assert len(twice) == 1 + 5 * 2  # the late Playback, then every line of the two blocks after the first
    assert _steps(plan, "other", "y") == [(1, None, "One", ""), (2, None, "Two", ""), (3, None, "Three", "")]


def test_labels_are_cut_off_and_label_plus_n_counts_from_the_label():
    # pbx/pbx_config.c: '(label)' cut off, '+N' added to the priority the label names (FreePBX's process+101)
    plan = parse_files([str(SYNTAX / "pass-labels.conf")])
    assert plan.errors == []
    assert [(n, label, app) for n, label, app, _ in _steps(plan, "lookup-menu", "1")] == [
        (1, None, "Set"), (2, "process", "GotoIf"), (3, None, "Set"), (103, "failed", "Playback"), (104, None, "Goto")]
    # text after the last ')' is dropped, as Asterisk drops it
    assert _steps(plan, "lookup-menu", "2")[1] == (2, None, "Queue", "accounts")


@pytest.mark.parametrize("line, why", [
    ("exten => s,,NoOp()", None),
    ("exten => s,later+1,NoOp()", "no priority of this extension above it has the label 'later'"),
    ("exten => s,n(open,NoOp()", "the label has no closing ')'"),
    ("exten => s,0,NoOp()", "a priority is 1 or more"),
])
def test_a_priority_asterisk_cannot_read_is_skipped_saying_why(line, why):
    plan = parse_text(f"[c]\nexten => s,1,Answer()\n{line}\nexten => s,n,Hangup()\n", "x.conf")
    assert plan.errors == []
    (skipped,) = plan.skipped
    assert skipped.location.line == 3 and (why is None or skipped.why.endswith(f": {why}"))
    # the line skipped leaves 'n' where it was: the next line is priority 2
    assert [p.number for p in plan.contexts["c"].extensions["s"].priorities] == [1, 2]


def test_same_priority_and_application_split_as_pbx_config():
    plan = parse_text("[c]\nexten => s,1,Answer()\nexten => s,s+1,Playback(a(b)c) trailing\n"
                      "exten => s,n,Set(X=1\n", "x.conf")
    assert plan.errors == []
    # 's' is the line before's priority; the arguments run to the last ')', or to the end with none
    assert _steps(plan, "c", "s") == [(1, None, "Answer", ""), (2, None, "Playback", "a(b)c"), (3, None, "Set", "X=1")]


def test_four_dashes_are_a_line_comment_and_block_comments_nest_as_asterisk_reads_them():
    # main/config.c: ';--' opens a block comment unless a fourth '-' follows; block comments nest
    plan = parse_text("[m]\n;----Read(variable[,filename])\nexten => s,1,Answer()\n;-- outer ;-- inner --; still --;\n"
                      "exten => s,2,Hangup()\n;-- open\nexten => s,3,Dial(x)\n;-- nested --;\nexten => s,4,Dial(y)\n"
                      "--; exten => s,5,Playback(after)\n", "m.conf")
    assert [(p.number, p.app) for p in plan.contexts["m"].extensions["s"].priorities] == [
        (1, "Answer"), (2, "Hangup"), (5, "Playback")]

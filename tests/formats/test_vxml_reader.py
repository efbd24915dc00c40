"""The VoiceXML reader through ivr: documents linked, findings at the document's lines, import."""

from __future__ import annotations

import json

import pytest
from pathlib import Path

from click.testing import CliRunner

from ivr.cli import cli
from ivr.formats.native.loader import load_menu_bytes
from ivr.formats.native.writer import menu_yaml
from ivr.formats.reading import read_all
from ivr.formats.vxml.template import blank_template
from ivr.graph.build import build_graph
from ivr.rules.runner import lint

from tests.conftest import FIXTURES, corpus_file

VXML = FIXTURES / "formats" / "vxml"


def _menus(*paths):
    reading = read_all([str(p) for p in paths])
    assert reading.errors == {}
    return reading.menus


def _findings(menu):
    return sorted((f.rule, f.node, f.location.line) for f in lint(build_graph(menu)))


def _ivr(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_every_node_is_located_by_line_column_and_element_path():
    (menu,) = _menus(VXML / "pass-main.vxml")
    assert menu.format == "vxml" and menu.start.target == "top"
    pay = menu.nodes["pay"]
    assert (pay.location.line, pay.location.column, pay.location.pointer) == (43, 5, "/vxml/form[2]/field[1]")
    assert pay.no_match.location.pointer == "/vxml/form[2]/field[1]/nomatch[1]"


def test_default_handlers_replay_and_counted_ones_give_tries():
    (menu,) = _menus(VXML / "pass-main.vxml")
    billing, top = menu.nodes["billing"], menu.nodes["top"]
    # no <noinput>/<nomatch>: the platform reprompts, with no limit (on_fail back to the field itself)
    assert (billing.no_input, billing.no_match, billing.on_fail.target) == (None, None, "billing")
    assert (billing.when_no_input.value, billing.when_no_match.value) == ("replay", "replay")
    assert (top.retries, top.on_fail.target) == (2, top.on_fail.target)
    assert menu.nodes[menu.nodes[top.on_fail.target].goto.target].type == "transfer"


def test_fixture_findings():
    (menu,) = _menus(VXML / "pass-main.vxml")
    assert _findings(menu) == [
        ("missing-greeting", "top", 10),
        ("missing-thanks", "closed/1", 70),
        ("missing-thanks", "pay/end", 42),  # <data> goes on: the form is done, and the document with the call
        ("unreachable-node", "closed", 70),  # no choice, link or goto leads to these dialogs (closed/1 after it)
        ("unreachable-node", "external:http://example.com/lookup.jsp", 60),
        # the item after the <subdialog> of 'sub': billing never returns (no <return/>), so nothing leads there
        ("unreachable-node", "external:nextPage", 66),
        ("unreachable-node", "sub", 65),
        ("unresolved-handoff", "external:http://example.com/support.vxml", 15),
        ("unresolved-handoff", "external:pass-account.vxml#start", 14),
    ]


def test_a_document_given_is_followed_and_findings_point_at_each_file():
    (menu,) = _menus(VXML / "pass-main.vxml", VXML / "pass-account.vxml")
    assert [Path(f).name for f in menu.files] == ["pass-main.vxml", "pass-account.vxml"]
    pin = menu.nodes["pass-account.vxml#start"]
    assert (pin.type, Path(pin.location.file).name, pin.location.line) == ("input", "pass-account.vxml", 5)
    assert "unresolved-handoff" not in {r for r, n, _ in _findings(menu) if n and "account" in n}


def test_importing_to_yaml_keeps_the_findings(tmp_path):
    (menu,) = _menus(VXML / "pass-main.vxml")
    imported = load_menu_bytes(menu_yaml(menu).encode("utf-8"), str(tmp_path / "imported.yaml"))
    assert [(r, n) for r, n, _ in _findings(imported)] == [(r, n) for r, n, _ in _findings(menu)]


def test_from_vxml_and_refusals_with_their_place(tmp_path):
    doc = VXML / "pass-main.vxml"
    result = _ivr("check", doc, "--from", "vxml", "--isolated", "--format", "json")
    assert result.exit_code == 0
    assert {f["rule"] for f in json.loads(result.stdout)["findings"]} >= {"unreachable-node", "unresolved-handoff"}
    assert _ivr("render", doc, "-o", tmp_path / "m.dot").exit_code == 0
    refused = _ivr("check", VXML / "fail-entities.vxml", "--isolated")
    assert refused.exit_code == 2 and "fail-entities.vxml:2:30: error: entity declarations are refused" in refused.output


def _corpus(name: str) -> Path:
    return corpus_file("voicexml", name)


def test_corpus_opal_main_menu_menus_options_transfers_and_findings():
    (menu,) = _menus(_corpus("joegen__opalvoip-opal__main_menu.vxml"))
    assert [(n.id, len(n.options)) for n in menu.nodes.values() if n.type == "menu"] == [("MainMenu", 6)]
    assert sum(n.type == "transfer" for n in menu.nodes.values()) == 1  # the conference, after digits
    assert _findings(menu) == [
        ("disconnect-on-error", "MainMenu", 45),  # <noinput>: "disconnecting" and <disconnect/> (also: no thanks)
        ("missing-thanks", "HangUp/1", 177),
        ("no-human-option", "MainMenu", 5),  # no choice reaches a person: the only transfer is a conference
        ("nonstandard-key", "MainMenu", 39),  # 0 hangs up
        # <prompt bargein="false">: an info (its words, the text played if menu_prompt.wav cannot be fetched, ask
        # nothing; the recording may say the options)
        ("uninterruptible-options", "MainMenu", 5),
    ]


def test_corpus_opal_test_menus_options_transfers_and_findings():
    (menu,) = _menus(_corpus("joegen__opalvoip-opal__test.vxml"))
    assert [(n.id, len(n.options)) for n in menu.nodes.values() if n.type == "menu"] == [("MainMenu", 5)]
    assert sum(n.type == "transfer" for n in menu.nodes.values()) == 2  # the operator, and dialled digits
    assert _findings(menu) == [
        ("disconnect-on-error", "MainMenu", 45),  # its hang-up thanks nobody: said there, not a missing-thanks too
        ("missing-thanks", "HangUp/1", 180),
        ("nonstandard-key", "MainMenu", 39),
        ("uninterruptible-options", "MainMenu", 9),
        # the <error> handler of the blind transfer to the operator: a transfer that cannot be made throws
        # error.connection.* (VoiceXML 2.0, 2.3.7), the transfer's failure way; it goes back by <goto expr>
        ("unresolved-handoff", "external:'#'+application.TestGoto", 118),
        ("unresolved-handoff", "external:application.TestGoto", 73),  # <goto expritem>
    ]


def test_a_block_that_only_jumps_to_its_own_dialog_is_a_loop_not_an_unknown_start(tmp_path):
    path = tmp_path / "loop.vxml"
    path.write_text('<vxml version="2.1"><form id="a"><block><goto next="#a"/></block></form></vxml>')
    (menu,) = _menus(path)
    assert menu.start.target == "a" and menu.nodes["a"].otherwise.target == "a"
    assert ("inescapable-loop", "a", 1) in _findings(menu)


def test_import_summary_counts_dialogs_ivrs_and_hand_offs(tmp_path):
    result = _ivr("import", VXML / "pass-main.vxml", "-o", tmp_path / "main.yaml")
    assert result.exit_code == 0
    assert "pass-main.vxml: read as vxml: 7 dialogs, 1 IVRs, 4 hand-offs not followed" in result.stderr


def _doc(tmp_path, name, body, **attributes):
    extra = "".join(f' {k}="{v}"' for k, v in attributes.items())
    path = tmp_path / name
    path.write_text(f'<?xml version="1.0"?>\n<vxml version="2.1" xmlns="http://www.w3.org/2001/vxml"{extra}>\n'
                    f"{body}\n</vxml>\n")
    return path


def test_data_goes_on_to_the_next_element_and_a_handled_badfetch_is_a_way(tmp_path):
    """VoiceXML 2.1, 5: <data> is executable content; 2.0, 5.2.6: a failed fetch throws error.badfetch."""
    (menu,) = _menus(VXML / "pass-fetch-subdialog.vxml")
    fetch = menu.nodes["main/3"]
    assert fetch.type == "branch" and fetch.branches[0].when == "the fetch returns"
    assert fetch.branches[0].goto.target == "main.pin"  # the form goes on to its next item
    assert menu.nodes[fetch.otherwise.target].goto.target == "agent"  # the handler's apology, then the agent
    # without a handler in scope, the fetch is simply followed by what comes next
    path = _doc(tmp_path, "plain.vxml", '<form id="f"><block><prompt>Hello.</prompt><data name="d" src="x.json"/>'
                                        '<goto next="#g"/></block></form><form id="g"><transfer dest="tel:1"/></form>')
    (plain,) = _menus(path)
    assert not [n for n in plain.nodes.values() if n.type == "external"]
    assert plain.nodes["f"].goto.target == "g"


def test_a_subdialog_returns_into_its_filled(tmp_path):
    (menu,) = _menus(VXML / "pass-fetch-subdialog.vxml")
    assert menu.nodes["main.pin"].otherwise.target == "getpin"  # walked into
    assert menu.nodes["getpin"].goto.target == "menu"  # <return/> -> the caller's <filled> -> #menu
    findings = {f.rule for f in lint(build_graph(menu))}
    assert "unreachable-node" not in findings
    # a subdialog ivr cannot follow (computed) is taken as returning at once: what follows is still analysed
    path = _doc(tmp_path, "expr.vxml", '<form id="f"><subdialog name="s" srcexpr="next_dialog"><filled><goto '
                                       'next="#g"/></filled></subdialog></form><form id="g"><transfer dest="tel:1"/>'
                                       "</form>")
    (computed,) = _menus(path)
    assert computed.nodes["f"].otherwise.target == "g"
    assert "unreachable-node" not in {f.rule for f in lint(build_graph(computed))}


def test_an_application_root_beside_its_leaf_is_read_and_its_handlers_apply(tmp_path):
    """VoiceXML 2.0, 1.5.2: an application root holds no dialog; its <catch> applies to the leaves that name it."""
    root = _doc(tmp_path, "root.vxml", '<catch event="error.badfetch"><prompt>Sorry.</prompt><goto '
                                       'next="leaf.vxml#agent"/></catch>')
    leaf = _doc(tmp_path, "leaf.vxml", '<form id="f"><block><prompt>Welcome to Acme.</prompt><data name="d" '
                                       'src="x.json"/><exit/></block></form><form id="agent"><transfer '
                                       'dest="tel:1"/></form>', application="root.vxml")
    (menu,) = _menus(leaf, root)
    fetch = next(n for n in menu.nodes.values() if n.type == "branch" and "fetch" in (n.description or ""))
    assert menu.nodes[fetch.otherwise.target].prompt.texts == {"": "Sorry."}
    alone = read_all([str(root)])
    # alone, it is read as a browser loads it (VoiceXML 2.0, 1.5.1: with no dialog, execution ends at once): no
    # IVR to check, and a located note saying what it is
    assert alone.errors == {} and alone.menus == []
    (note,) = alone.imports[str(root)].notes
    assert "an application root" in note.message and note.location.line == 2


def test_a_prompt_of_computed_words_is_not_silent(tmp_path):
    path = _doc(tmp_path, "ask.vxml", '<form id="f"><field name="yes" type="boolean"><prompt><value expr='
                                      '"question"/></prompt><filled><exit/></filled></field></form>')
    (menu,) = _menus(path)
    assert "silent-menu" not in {f.rule for f in lint(build_graph(menu))}


@pytest.mark.parametrize(("field", "modes"), [
    ('<field name="f"><grammar src="yesno.grxml"/>', ("speech",)),  # SRGS 1.0, 4.6: a grammar is voice by default
    ('<field name="f"><grammar mode="dtmf" src="keys.grxml"/>', None),
    ('<field name="f"><option dtmf="1">yes</option>', None),
    ('<field name="f" type="digits">', None),  # built-in grammars answer both
    ('<field name="f"><property name="inputmodes" value="voice"/><grammar mode="dtmf" src="k.grxml"/>',
     ("speech",)),
])
def test_how_a_field_can_be_answered_is_the_interpreters(tmp_path, field, modes):
    path = _doc(tmp_path, "f.vxml", f'<form id="f">{field}<prompt>Welcome. Say yes or no.</prompt><filled><exit/>'
                                    "</filled></field></form>")
    (menu,) = _menus(path)
    assert menu.nodes["f"].input_modes == modes


# -- server pages: JSP, ASP, PHP template code blanked, the VoiceXML around it read ------------------------------

def test_a_jsp_page_is_read_with_its_template_code_blanked_and_a_located_note():
    reading = read_all([str(VXML / "pass-template.jsp")])
    assert reading.errors == {}
    (menu,) = reading.menus
    assert sorted(menu.nodes) == ["agent", "main", "sales", "sales/1"]
    # the expression inside the prompt is gone; the words around it stay where they are written
    assert menu.nodes["main"].prompt.texts[""].startswith("Welcome to Acme, our valued customer . For sales press 1.")
    assert (menu.nodes["agent"].location.line, menu.nodes["agent"].location.column) == (20, 5)
    (note,) = reading.imports[str(VXML / "pass-template.jsp")].notes
    assert (note.location.line, note.location.column) == (2, 1)
    assert "JSP/ASP template code (6 places) read as blank" in note.message


def test_a_php_page_reads_every_conditional_part_and_a_closing_tag_in_a_string_does_not_end_the_code():
    reading = read_all([str(VXML / "pass-template.php")])
    assert reading.errors == {}
    (menu,) = reading.menus
    assert menu.nodes["main"].prompt.texts[""] == "Good morning, welcome to Acme. Good afternoon, welcome to Acme."
    (note,) = reading.imports[str(VXML / "pass-template.php")].notes
    assert "PHP template code (5 places)" in note.message and (note.location.line, note.location.column) == (1, 1)


def test_blanking_keeps_every_line_and_column_and_a_php_comment_ends_at_the_closing_tag():
    data = b"<?php // a comment ?>\n<vxml x=\"<%= a + \"%\" %>\"/>\n<?= 'x?>y' ?>z\n<?php /* ?> */ ?>w<?php echo 1;"
    blanked, template = blank_template(data)
    assert len(blanked) == len(data) and blanked.count(b"\n") == data.count(b"\n")
    assert template.language == "JSP/ASP"  # <% found first: the page is JSP, its <?php ... ?> is then left as is
    php = b"<?php // a ?> b\n<?= 'x?>y' ?>z\n<?php /* ?> */ ?>w<?php echo 1;"
    blanked, template = blank_template(php)
    assert blanked == b"              b\n             z\n                 w             "
    assert template.language == "PHP" and len(template.spans) == 4
    assert blank_template(b"<vxml version='2.1'/>") is None


def test_a_well_formed_document_is_read_as_stored_even_with_a_php_instruction(tmp_path):
    path = tmp_path / "page.vxml"
    path.write_text('<vxml version="2.1" xmlns="http://www.w3.org/2001/vxml"><?php echo "x"; ?>'
                    '<form id="f"><block><prompt>Welcome to Acme. Goodbye.</prompt></block></form></vxml>')
    reading = read_all([str(path)])
    assert reading.errors == {} and reading.imports[str(path)].notes == []


def test_a_fetch_is_judged_with_the_handlers_of_the_application_root_given_beside_it(tmp_path):
    body = ('<form id="f"><block><prompt>Welcome to Acme.</prompt><data name="d" src="https://example.com/d"/>'
            '<submit next="https://example.com/log"/></block></form>')
    leaf = _doc(tmp_path, "leaf.vxml", body, application="root.vxml")
    bare = _doc(tmp_path, "root.vxml", '<var name="x" expr="1"/>')
    (menu,) = _menus(leaf, bare)
    (said,) = menu.uncaught
    assert said.location.line == 3 and said.message.startswith('<data src="https://example.com/d"> (and 1 more fetch')
    assert ("unhandled-badfetch", None, 3) in _findings(menu)
    caught = _doc(tmp_path, "root.vxml", '<catch event="error.badfetch"><prompt>Sorry.</prompt><exit/></catch>')
    (menu,) = _menus(leaf, caught)
    assert menu.uncaught == []


def test_a_caller_and_its_subdialog_make_one_ivr_in_any_order_beside_other_documents(tmp_path):
    other = _doc(tmp_path, "a-closed.vxml", '<form id="c"><block><prompt>Thank you for calling Acme. We are closed.'
                                            '</prompt><exit/></block></form>')
    caller = _doc(tmp_path, "survey.vxml", '<form id="s"><subdialog name="ask" src="yesno.vxml"><filled><prompt>'
                                           'Thank you.</prompt><exit/></filled></subdialog></form>')
    callee = _doc(tmp_path, "yesno.vxml", '<form id="q"><field name="answer" type="boolean"><prompt>Welcome to Acme. '
                                          'Yes or no?</prompt><filled><return namelist="answer"/></filled></field>'
                                          '</form>')
    # the <return/> back into the caller does not make the subdialog's document lead to the caller: before, given
    # after another document, the caller and its subdialog each counted as reached by the other and were both lost
    assert sorted(m.name for m in _menus(other, caller, callee)) == ["a-closed", "survey"]
    assert sorted(m.name for m in _menus(other, callee, caller)) == ["a-closed", "survey"]
    (menu,) = _menus(callee, caller)  # a folder's order: the subdialog's file first
    assert menu.name == "survey" and "yesno.vxml#q" in menu.nodes
    a = _doc(tmp_path, "a.vxml", '<menu id="m"><prompt>Welcome to Acme. Press 1.</prompt><choice dtmf="1" '
                                 'next="b.vxml"/></menu>')
    b = _doc(tmp_path, "b.vxml", '<menu id="n"><prompt>Press 1 to go back.</prompt><choice dtmf="1" next="a.vxml"/>'
                                 '</menu>')
    (menu,) = _menus(b, a)  # documents that lead to each other: one IVR, from the first given
    assert menu.name == "b" and "a.vxml#m" in menu.nodes


def test_a_transfers_failure_ways_import_to_yaml_with_their_findings(tmp_path):
    """Issue 22: a bridged <transfer> and its error.connection handler (VoiceXML 2.0, 2.3.7) are the transfer's
    failure ways; ivr import writes them (if_failed, failed_when) so that check finds the same in the YAML."""
    (menu,) = _menus(VXML / "pass-transfer-outcomes.vxml")
    billing = menu.nodes["billing"]
    assert billing.if_failed is not None
    assert billing.failed_when == ("busy", "noanswer", "network_busy", "error.connection")
    support = menu.nodes["support"]  # blind: only its error.connection handler
    assert support.failed_when == ("error.connection",)
    findings = _findings(menu)
    assert ("transfer-failure-hangup", "billing", 40) in findings
    imported = load_menu_bytes(menu_yaml(menu).encode("utf-8"), str(tmp_path / "imported.yaml"))
    assert imported.nodes["billing"].if_failed.target == billing.if_failed.target
    assert imported.nodes["billing"].failed_when == billing.failed_when
    assert [(r, n) for r, n, _ in _findings(imported)] == [(r, n) for r, n, _ in findings]

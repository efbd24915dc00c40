"""The Asterisk reader through ivr: one dialplan from several files, findings at the dialplan's lines, import."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from ivr.cli import cli
from ivr.formats.native.loader import load_menu_bytes
from ivr.formats.native.writer import menu_yaml
from ivr.formats.reading import read_all
from ivr.graph.build import build_graph
from ivr.rules.runner import lint

from tests.conftest import FIXTURES, corpus_file

AST = FIXTURES / "formats" / "asterisk"
PAIR = [AST / "freepbx" / "extensions_additional.conf", AST / "freepbx" / "extensions_custom.conf"]


def _menus(*paths):
    reading = read_all([str(p) for p in paths])
    assert reading.errors == {}
    return reading.menus


def _findings(menu):
    return sorted((f.rule, f.node, Path(f.location.file).name, f.location.line) for f in lint(build_graph(menu)))


def _ivr(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_freepbx_pair_given_as_two_files_is_one_ivr_entered_by_its_inbound_route():
    (menu,) = _menus(*PAIR)
    assert menu.name == "ext-did-0001 5551230000" and menu.format == "asterisk"
    assert [Path(f).name for f in menu.files] == ["extensions_additional.conf", "extensions_custom.conf"]
    assert menu.nodes[menu.start.target].label == "ivr-2 (Main menu)"
    assert menu.nodes["custom-hours,open,2"].queue == "support"  # defined in extensions_custom.conf


def test_freepbx_pair_findings_the_real_faults_deserve():
    (menu,) = _menus(*PAIR)
    assert _findings(menu) == [
        ("disconnect-on-error", "ivr-2,s,10", "extensions_additional.conf", 35),  # 4 wrong keys: hung up
        ("disconnect-on-error", "ivr-3,s,5", "extensions_additional.conf", 63),  # no t: silence hangs up
        ("missing-repeat-option", "ivr-2,s,10", "extensions_additional.conf", 27),
        ("missing-repeat-option", "ivr-3,s,5", "extensions_additional.conf", 62),
        ("no-human-option", "ivr-3,s,5", "extensions_additional.conf", 62),
        ("nonstandard-key", "ivr-3,s,5", "extensions_additional.conf", 66),
        ("retry-elsewhere", "ivr-3,s,5", "extensions_additional.conf", 68),  # the counter's retry goes to ivr-2
        ("silent-menu", "ivr-3,s,5", "extensions_additional.conf", 62),  # IVR_MSG is empty: nothing is played
        ("transfer-then-hangup", "ivr-2,i,5", "extensions_additional.conf", 38),  # "transfering", then hangup
    ]


def test_playback_menu_without_i_or_t_and_a_pattern_no_keypad_dials():
    (menu,) = _menus(AST / "pass-playback-menu.conf")
    rules = [(rule, line) for rule, _, _, line in _findings(menu)]
    assert ("uninterruptible-options", 4) in rules
    assert rules.count(("disconnect-on-error", 5)) == 2  # a wrong key and silence both hang up
    assert ("unmatchable-option", 7) in rules  # _[a-z]X


def test_import_summary_counts_contexts_and_says_what_was_skipped(tmp_path):
    result = _ivr("import", AST / "pass-control.conf", "-o", tmp_path / "control.yaml")
    assert result.exit_code == 0, result.stderr
    assert ("read as asterisk: 26 lines, 3 contexts, 3 contexts read, 3 contexts used, 0 contexts skipped, 1 IVRs, "
            "2 hand-offs not followed") in \
        result.stderr
    pair = _ivr("import", AST / "pass-freepbx.conf", "-o", tmp_path / "freepbx.yaml")
    assert "skipped 1 context (outbound route): outrt-1" in pair.stderr
    assert "Gosub(app-blacklist-check,s,1()) not followed" not in pair.stderr  # a FreePBX helper, which returns
    # the Billing IVR plays no greeting (IVR_MSG is empty): written as it is, prompt: null (silent-menu says so)
    assert pair.exit_code == 0 and "prompt: null" in (tmp_path / "freepbx.yaml").read_text()


@pytest.mark.parametrize("name", ["pass-control.conf", "pass-exception.conf", "pass-read-choice.conf",
                                  "pass-playback-menu.conf"])
def test_importing_to_yaml_keeps_the_findings(name, tmp_path):
    (menu,) = _menus(AST / name)
    text = menu_yaml(menu)
    imported = load_menu_bytes(text.encode("utf-8"), str(tmp_path / "imported.yaml"))
    assert set(imported.nodes) == set(menu.nodes)
    assert [(r, n) for r, n, _, _ in _findings(imported)] == [(r, n) for r, n, _, _ in _findings(menu)]


def test_from_asterisk_and_findings_at_the_dialplan_lines(tmp_path):
    conf = AST / "pass-playback-menu.conf"
    result = _ivr("check", conf, "--from", "asterisk", "--isolated")
    assert result.exit_code == 0
    assert f"{conf}:4:2: warning: uninterruptible-options: menu 'playback-menu'" in result.output
    assert _ivr("render", conf, "-o", tmp_path / "m.dot").exit_code == 0
    assert _ivr("simulate", conf, "--calls", 100).exit_code == 0
    refused = _ivr("check", AST / "fail-syntax.conf", "--isolated")
    assert refused.exit_code == 2 and "fail-syntax.conf:11:1: error: cannot read the context header '[unclosed'" in refused.output
    assert "Traceback" not in refused.output


def _corpus(name: str) -> Path:
    return corpus_file("asterisk", name)


def test_corpus_sample_dialplan_menus_options_transfers_and_findings():
    (menu,) = _menus(_corpus("asterisk__asterisk__extensions.conf.sample"))
    menus = [n for n in menu.nodes.values() if n.type == "menu"]
    assert [(m.id, len(m.options)) for m in menus] == [("demo,s,6", 12)]
    assert sum(n.type == "transfer" for n in menu.nodes.values()) == 1  # 1236: Dial(Console/dsp)
    assert _findings(menu) == [
        ("disconnect-on-error", "demo,s,6", "asterisk__asterisk__extensions.conf.sample", 599),  # t: goodbye
        ("disconnect-on-error", "demo,s,6", "asterisk__asterisk__extensions.conf.sample", 600),  # i: hung up
        # 1236 rings the console (its voicemail when busy is a failed transfer, not analysed): a person, so no
        # no-human-option
        ("nonstandard-key", "demo,s,6", "asterisk__asterisk__extensions.conf.sample", 569),
        ("nonstandard-key", "demo,s,6", "asterisk__asterisk__extensions.conf.sample", 593),
        # _stde[x]te[n]-. of the included stdexten subroutine is no option (no keypad can dial it)
        # 600's Echo() returns and the demo goes on; 8500's VoiceMailMain() is voicemail: neither a hand-off
        ("unresolved-handoff", "demo,7999,2", "asterisk__asterisk__extensions.conf.sample", 620),
    ]


def test_corpus_ael_sample_is_read_by_the_ael_reader():
    path = str(_corpus("asterisk__asterisk__extensions.ael.sample"))
    reading = read_all([path])
    assert reading.errors == {}
    assert reading.imports[path].format == "ael"
    (menu,) = reading.menus
    assert menu.name == "ael-demo"
    forced = read_all([path], "asterisk")
    (error,) = forced.errors[path]
    assert (error.location.line, error.location.column) == (29, 1)
    assert "this is AEL" in error.message and "--from ael" in error.message


@pytest.mark.parametrize("text, found", [
    (b"exten => s,1,Answer()", True), (b" same=>n,Hangup", True), (b"EXTEN = 100,n(x),Dial(a)", True),
    (b"include => other", True), (b'#include "extensions_custom.conf"', True),
    (b"var same = true;", False), (b"const same = pick(a, b);", False), (b"ivr: Bank\nstart: main\n", False),
])
def test_detected_from_dialplan_lines_only(text, found):
    from ivr.formats.asterisk import detect

    assert detect(text, "x") is found


def test_the_readme_example_notes_timeouts_and_wrong_keys_ending_apart(tmp_path):
    example = Path(__file__).resolve().parents[2] / "examples" / "freepbx" / "extensions.conf"
    result = _ivr("import", example, "-o", tmp_path / "acme.yaml")
    assert result.exit_code == 0, result.stderr
    assert ("extensions_additional.conf:32:1: menu 'ivr-1 (Main menu)': callers out of tries end at 'ivr-1,i,5' "
            "after wrong keys but at 'from-did-direct,100' after silence") in result.stderr


def test_lines_asterisk_skips_are_findings_and_the_rest_is_read():
    (menu,) = _menus(AST / "pass-skipped-lines.conf")
    skipped = [(line, rule) for rule, _, _, line in _findings(menu) if rule == "skipped-line"]
    assert skipped == [(7, "skipped-line"), (12, "skipped-line"), (14, "skipped-line"), (16, "skipped-line"),
                       (17, "skipped-line")]
    said = {u.location.line: u.message for u in menu.unread}
    assert "extension '1' runs without it" in said[7]
    assert "stops after priority 2, where its numbering breaks: Asterisk hangs up there" in said[12]
    # i and t lose their only lines: neither exists, so a wrong key and silence hang up
    assert "no wrong-key extension 'i'" in said[14] and "no timeout extension 't'" in said[16]
    menu_node = menu.nodes[menu.start.target]
    assert menu.nodes[menu_node.no_match.target].type == menu.nodes[menu_node.no_input.target].type == "hangup"
    assert set(menu_node.options) == {"0", "1", "2"}


def test_a_route_to_a_queue_the_dialplan_does_not_define_is_analysed_with_no_menu_behind_it():
    (menu,) = _menus(AST / "pass-route-missing-queue.conf")
    # no caller menu: the routing is read (both routes), and only the rules of how a dialplan is written run
    assert (menu.name, menu.routing) == ("routing of pass-route-missing-queue.conf", True)
    # reported at the Goto, and nothing else: the missing queue may be meant to be a person (and the first route's
    # blacklist destination, computed when the call runs, is a hand-off ivr cannot follow: an info)
    assert _findings(menu) == [
        ("unknown-target", "ext-did-0003,5551230002,entry", "pass-route-missing-queue.conf", 13),
        ("unresolved-handoff", "external:ext-did-0003,5551230001,${BLDEST}", "pass-route-missing-queue.conf", 7)]


def test_a_dialplan_with_no_caller_menu_is_read_as_routing_with_only_the_rules_of_how_it_is_written():
    """Asterisk loads and runs a dialplan that only dials, queues and jumps: ivr reads its routing (every extension
    a call can be sent to) and runs registry.ROUTING on it, not the rules of what callers at a menu hear."""
    from dataclasses import replace

    from ivr.rules.registry import ROUTING

    (menu,) = _menus(AST / "pass-routing.conf")
    assert (menu.name, menu.routing) == ("routing of pass-routing.conf", True)
    # the typo (letter O for zero) in a Goto is reported; 400's Goto(desks,301,1) is taken by the pattern _3XX
    assert _findings(menu) == [("unknown-target", "desks,201,entry", "pass-routing.conf", 10)]
    assert menu.nodes["dialplan,entry"].branches[4].goto.target == "desks,_3XX,1"
    # the same nodes read as a caller's menu would get caller rules (no greeting, no thanks, no person...): those
    # are the false alarms on outbound and internal routing that the routing flag keeps out
    as_ivr = {f.rule for f in lint(build_graph(replace(menu, routing=False)))}
    assert as_ivr - ROUTING
    # nothing a routing dialplan is read as can be written as an IVR menu in YAML
    result = _ivr("import", AST / "pass-routing.conf")
    assert result.exit_code == 2 and "routing with no caller menu" in result.output


def test_a_dialplan_of_macros_only_is_still_refused():
    reading = read_all([str(AST / "fail-macro-only.conf")])
    assert reading.menus == [] and "no IVR menu in this dialplan" in str(reading.errors)

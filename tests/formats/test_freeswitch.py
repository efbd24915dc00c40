"""The FreeSWITCH reader: what each element becomes, where it is, and what ivr check says about it."""

from __future__ import annotations

import pytest

from ivr.formats.native.loader import load_menu_bytes
from ivr.formats.native.writer import menu_yaml
from ivr.formats.reading import read_all
from ivr.graph.build import build_graph
from ivr.model.menu import Fallback
from ivr.rules.runner import lint

from tests.conftest import FIXTURES

FS = FIXTURES / "formats" / "freeswitch"


def _read(*names):
    reading = read_all([str(FS / n) for n in names])
    assert reading.errors == {}
    return reading


def _findings(menu):
    return [(f.rule, f.node, f.location.line) for f in lint(build_graph(menu))]


def test_every_action_is_mapped():
    (menu,) = _read("pass-menus.xml").menus
    nodes = menu.nodes
    main = nodes["main"]
    assert main.type == "menu" and menu.start.target == "main"
    assert main.prompt.texts == {"": "Welcome to Example. For billing press 1, support 2, opening hours 3, "
                                     "the weather 4, an agent 0."}
    targets = {key: option.goto.target for key, option in main.options.items()}
    assert targets == {"1": "billing", "2": "main/2", "3": "main/3", "4": "main/4", "0": "main/0",
                       "/^(10[01][0-9])$/": "main/entry6", "9": "main", "*": "main/exit"}
    assert (nodes["main/2"].type, nodes["main/2"].queue) == ("transfer", "support@$${domain}")
    assert (nodes["main/0"].type, nodes["main/0"].number) == ("transfer", "1000")
    assert (nodes["main/3"].type, nodes["main/3"].goto.target) == ("message", "main")
    assert (nodes["main/4"].type, nodes["main/4"].target_text) == ("external", "lua weather.lua")
    assert (nodes["billing/1"].type, nodes["billing/1"].mailbox) == ("voicemail", "2000")
    assert (nodes["billing/0"].type, nodes["billing/0"].queue) == ("transfer", "billing@$${domain}")
    assert nodes["billing"].options["*"].goto.target == "main"  # menu-back: the menu that called it
    assert nodes["surveys"].type == "external" and "none of the files" in nodes["surveys"].target_text


def test_failure_behaviour_is_freeswitchs():
    (menu,) = _read("pass-menus.xml").menus
    main = menu.nodes["main"]
    # max-failures 3, max-timeouts 2: ivr counts both together, so the menu exits after 2
    assert (main.retries, main.timeout, main.max_digits) == (2, 8.0, 4)
    assert (main.when_no_input, main.when_no_match) == (Fallback.REPLAY, Fallback.REPLAY)
    exit_node = menu.nodes[main.on_fail.target]
    assert exit_node.type == "external" and exit_node.prompt.audio == "voicemail/vm-goodbye.wav"
    assert exit_node.prompt.audio_only
    assert menu.nodes["billing"].timeout == 10.0  # FreeSWITCH's default, 10000 ms


def test_every_node_is_located_by_line_column_and_element_path():
    (menu,) = _read("pass-menus.xml").menus
    where = menu.nodes["main/4"].location
    assert (where.line, where.column, where.pointer) == (16, 5, "/include/menu[1]/entry[4]")
    assert menu.nodes["billing"].location.pointer == "/include/menu[2]"
    assert str(menu.nodes["billing"].location).endswith("pass-menus.xml:22:3")


def test_import_summary_says_what_was_not_used():
    reading = _read("pass-menus.xml")
    imported = reading.imports[str(FS / "pass-menus.xml")]
    assert imported.counts == {"entries": 12, "menus": 2}
    notes = [n.message for n in imported.notes]
    assert any("max-failures 3 and max-timeouts 2" in n for n in notes)


def test_findings_point_at_the_xml_and_speak_freeswitch():
    (menu,) = _read("pass-menus.xml").menus
    findings = lint(build_graph(menu))
    handoffs = sorted((f.location.line, f.node) for f in findings if f.rule == "unresolved-handoff")
    assert handoffs == [(3, "main/exit"), (16, "main/4"), (22, "billing/exit"), (30, "surveys")]
    (repeat,) = [f for f in findings if f.rule == "missing-repeat-option"]
    assert '<entry action="menu-sub" digits="9" param="billing"/>' in repeat.message
    assert "goto" not in repeat.message


def test_phrases_are_resolved_from_a_phrase_file_given_with_the_menus():
    alone = _read("pass-conf.xml").menus[0].nodes["front"].prompt
    assert alone.audio_only and alone.audio == "phrase:front_welcome"
    (menu,) = _read("pass-conf.xml", "pass-phrases.xml").menus
    prompt = menu.nodes["front"].prompt
    assert prompt.texts == {"": "Welcome to Example. For an agent press 0. To end the call press 1."}
    assert menu.nodes["front/0"].type == "transfer" and menu.nodes["front/1"].type == "hangup"


def test_audio_prompts_are_not_judged_but_counted(tmp_path):
    (alone,) = _read("pass-conf.xml").menus
    assert "missing-greeting" not in [r for r, _, _ in _findings(alone)]
    from ivr.graph.courtesy import audio_prompts
    assert audio_prompts(build_graph(alone)) == 2  # the greeting phrase and the exit sound
    (resolved,) = _read("pass-conf.xml", "pass-phrases.xml").menus
    assert audio_prompts(build_graph(resolved)) == 1


def test_menus_in_several_files_form_one_ivr_and_findings_point_at_each_file():
    (menu,) = _read("pass-split-top.xml", "pass-split-sales.xml").menus
    assert menu.name == "top" and menu.file == str(FS / "pass-split-top.xml")
    assert menu.files == (str(FS / "pass-split-top.xml"), str(FS / "pass-split-sales.xml"))
    assert menu.nodes["sales"].options["*"].goto.target == "top"
    files = {f.node: f.location.file for f in lint(build_graph(menu))}
    assert files["sales/exit"] == str(FS / "pass-split-sales.xml")
    assert files["top/exit"] == str(FS / "pass-split-top.xml")


def test_a_menu_defined_twice_is_refused_at_the_second():
    reading = read_all([str(FS / "pass-split-top.xml")] * 2)
    (error,) = reading.errors[str(FS / "pass-split-top.xml")]
    assert "defined twice" in error.message and error.location.line == 2


@pytest.mark.parametrize("sources", [["pass-menus.xml"], ["pass-conf.xml", "pass-phrases.xml"], ["pass-bare.xml"],
                                     ["pass-split-top.xml", "pass-split-sales.xml"]])
def test_importing_to_yaml_keeps_the_findings(sources, tmp_path):
    (menu,) = _read(*sources).menus
    text = menu_yaml(menu)
    assert text == menu_yaml(menu)  # deterministic
    imported = load_menu_bytes(text.encode("utf-8"), str(tmp_path / "imported.yaml"))
    found = sorted((r, n) for r, n, _ in _findings(menu))
    assert found  # every fixture has at least its hand-offs to report
    assert sorted((r, n) for r, n, _ in _findings(imported)) == found
    assert set(imported.nodes) == set(menu.nodes)


def test_simulated_callers_end_at_hand_offs_and_the_diagram_draws_them():
    from ivr.present.diagram import diagram
    from ivr.simulation import simulate
    from ivr.simulation.callers import Callers

    (menu,) = _read("pass-menus.xml").menus
    graph = build_graph(menu)
    result = simulate(graph, Callers(patience=0), method="exact")
    # callers who want a person mostly get one; the rest end at a hand-off (counted as 'ended'), none cut off
    assert result.overall.reached_human > 0.9
    assert result.overall.disconnected == 0.0 and result.overall.ended > 0
    source = diagram(graph, lint(graph)).source
    assert "hand-off ivr cannot follow" in source and "node-main.2f.exit" in source


def test_ivr_check_reads_freeswitch_xml_and_points_at_its_lines():
    import json

    from click.testing import CliRunner

    from ivr.cli import cli

    path = str(FS / "pass-menus.xml")
    result = CliRunner().invoke(cli, ["check", path, "--format", "json", "--isolated"], catch_exceptions=False)
    document = json.loads(result.output)
    assert document["errors"] == []
    weather = next(f for f in document["findings"] if f["node"] == "main/4")
    assert (weather["file"], weather["line"], weather["column"]) == (path, 16, 5)
    assert weather["pointer"] == "/include/menu[1]/entry[4]"
    assert document["summary"]["audio_prompts"] == 3  # billing's greeting and both exit sounds


def test_what_cannot_be_mapped_is_a_hand_off_or_a_note_never_dropped(tmp_path):
    path = tmp_path / "odd.xml"
    path.write_text(
        '<include>\n'
        '  <menu name="a" greet-long="say:Welcome." timeout="$${ivr_timeout}" exec-on-max-failures="transfer 0 XML ops">\n'
        '    <entry action="menu-call-transfer" digits="2" param="9996"/>\n'
        '    <entry action="menu-exec-app" param="transfer 1 XML default"/>\n'
        '    <entry action="menu-sub" digits="3" param="c"/>\n'
        '    <entry action="menu-sub" digits="4" param="b"/>\n'
        '  </menu>\n'
        '  <menu name="b" greet-long="say:B."><entry action="menu-sub" digits="1" param="c"/></menu>\n'
        '  <menu name="c" greet-long="say:C."><entry action="menu-back" digits="*"/></menu>\n'
        '</include>\n')
    reading = read_all([str(path)])
    (menu,) = reading.menus
    a = menu.nodes["a"]
    assert a.timeout == 10.0  # a variable: FreeSWITCH's default assumed, and noted
    assert (menu.nodes["a/2"].type, menu.nodes["a/2"].target_text) == ("external", "menu-call-transfer 9996")
    handler = menu.nodes[a.on_fail.target]
    assert (handler.type, handler.number) == ("transfer", "0")
    assert menu.nodes["c"].options["*"].goto.target == "a"  # called from a and b: the first, noted
    assert "a/exit" not in menu.nodes  # exec-on-max-failures takes the failures: nothing leads to the exit
    assert "unreachable-node" not in [f.rule for f in lint(build_graph(menu))]
    notes = " | ".join(n.message for n in reading.imports[str(path)].notes)
    assert 'timeout="$${ivr_timeout}" is set by a variable' in notes
    assert "without digits skipped" in notes
    assert "action 'menu-call-transfer' is not one ivr knows" in notes
    assert "menu-back is read as going to 'a'" in notes


def _ivr(*args):
    from click.testing import CliRunner

    from ivr.cli import cli

    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_ivr_import_writes_yaml_that_checks_the_same(tmp_path):
    out = tmp_path / "menus" / "main.yaml"
    result = _ivr("import", FS / "pass-menus.xml", "-o", out)
    assert result.exit_code == 0, result.output
    assert f"{FS / 'pass-menus.xml'}: read as freeswitch: 12 entries, 2 menus" in result.stderr
    source = json_findings(_ivr("check", FS / "pass-menus.xml", "--format", "json", "--isolated"))
    written = json_findings(_ivr("check", out, "--format", "json", "--isolated"))
    assert written == source and source


def json_findings(result):
    import json

    return sorted((f["rule"], f["node"], f["severity"]) for f in json.loads(result.stdout)["findings"])


def test_ivr_import_of_several_ivrs_needs_a_folder(tmp_path):
    sources = [FS / "pass-bare.xml", FS / "pass-split-top.xml"]
    refused = _ivr("import", *sources, "-o", tmp_path / "one.yaml")
    assert refused.exit_code == 2 and "hold 2 IVRs (lonely, top); give -o a folder" in refused.stderr
    assert _ivr("import", *sources, "-o", tmp_path / "out").exit_code == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["lonely.yaml", "top.yaml"]


def test_ivr_import_refuses_a_broken_file_with_its_place(tmp_path):
    result = _ivr("import", FS / "fail-malformed.xml", "-o", tmp_path / "x.yaml")
    assert result.exit_code == 2 and "fail-malformed.xml:5:56: error: not well-formed XML" in result.stderr
    assert not (tmp_path / "x.yaml").exists()


def test_from_forces_a_format_on_every_reading_command(tmp_path):
    xml = FS / "pass-bare.xml"
    assert _ivr("check", xml, "--from", "freeswitch", "--isolated").exit_code == 0
    forced = _ivr("check", xml, "--from", "yaml", "--isolated")
    assert forced.exit_code == 2 and "must be a mapping" in forced.stderr
    assert _ivr("simulate", xml, "--from", "freeswitch", "--calls", 100).exit_code == 0
    assert _ivr("render", xml, "--from", "freeswitch", "-o", tmp_path / "m.dot").exit_code == 0
    assert _ivr("diff", xml, xml, "--from", "freeswitch", "--calls", 100, "--isolated").exit_code == 0
    unknown = _ivr("check", xml, "--from", "freeswich")
    assert unknown.exit_code == 2 and "did you mean 'freeswitch'" in unknown.stderr


@pytest.mark.parametrize("attributes, message", [
    ('timeout="9000000"', "the timeout of node 'm' is 9000 s; give seconds from 0 to 600"),
    # FreeSWITCH reads them with atoi() into a C int; Python's int() would refuse 5,000 digits with a traceback
    ('timeout="2147483648"', 'timeout="2147483648" of menu \'m\' is more than FreeSWITCH can read (a C int: at most '
                             '2147483647)'),
    (f'max-failures="{"9" * 5_000}"', 'max-failures="9999999999...9999" (5,000 digits) of menu \'m\' is more than '
                                      'FreeSWITCH can read'),
    ('digit-len="\u00b2"', "digit-len=\"\u00b2\" of menu 'm' is not a whole number"),  # isdigit(), but no digit
])
def test_numbers_beyond_what_ivr_can_follow_are_refused_at_the_menu(tmp_path, attributes, message):
    path = tmp_path / "patient.xml"
    path.write_text(f'<include>\n  <menu name="m" greet-long="say:Hi." {attributes}>\n'
                    '    <entry action="menu-top" digits="9"/>\n  </menu>\n</include>\n')
    (error,) = read_all([str(path)]).errors[str(path)]
    assert (error.location.line, error.location.column) == (2, 3)
    assert message in error.message


def test_more_tries_than_ivr_follows_are_read_with_a_note(tmp_path):
    """FreeSWITCH takes any count (atoi); ivr follows the first 100 passes and says how long callers would hear it."""
    path = tmp_path / "patient.xml"
    path.write_text('<include>\n  <menu name="m" greet-long="say:Hi." max-failures="1000" max-timeouts="1000">\n'
                    '    <entry action="menu-top" digits="9"/>\n  </menu>\n</include>\n')
    reading = read_all([str(path)])
    (menu,) = reading.menus
    assert menu.nodes["m"].retries == 100
    (note,) = [n for n in reading.imports[str(path)].notes if "fail 1,000 times" in n.message]
    assert note.location.line == 2 and "about 4.2 hours; ivr follows its first 100 passes" in note.message


def test_a_phrase_file_alone_checks_as_no_menu_not_a_crash():
    from ivr import pipeline

    result = pipeline.check_file(FS / "pass-phrases.xml")
    assert (result.errors, result.findings, result.name) == ([], [], None)
    assert _ivr("check", FS / "pass-phrases.xml", "--isolated").exit_code == 0


def test_preprocessor_includes_and_stray_elements_are_noted_not_dropped(tmp_path):
    path = tmp_path / "pre.xml"
    path.write_text('<include>\n  <X-PRE-PROCESS cmd="include" data="ivr_menus/*.xml"/>\n'
                    '  <menu name="m" greet-long="say:Hi."><entry action="menu-top" digits="9"/><note/></menu>\n'
                    '</include>\n')
    notes = [str(n) for n in read_all([str(path)]).imports[str(path)].notes]
    assert any(":2:3: <X-PRE-PROCESS" in n and "give ivr the files it includes" in n for n in notes)
    assert any("<note> not read" in n for n in notes)


def test_greetings_and_counts_are_freeswitchs():
    """switch_ivr_menu.c: greet-long plays on the first pass only; a pass with no sound takes no key and fails;
    an absent max-timeouts is max-failures; a timeout of 0 is 10000 ms."""
    reading = _read("pass-greetings.xml")
    menus = {m.name: m for m in reading.menus}
    short = menus["short_only"].nodes["short_only"]
    # the silent first pass burns one of the 3 failures: two passes take keys, both playing greet-short
    assert short.prompt.texts == {"": "For sales press 1. For an agent press 0."}
    assert short.retries == 2 and set(short.options) == {"1", "0", "2"}
    silent = menus["short_only"].nodes["silent"]
    assert silent.prompt is None and set(silent.options) == {"1", "2"} and silent.retries == 2
    counts = menus["counts"].nodes["counts"]
    assert (counts.retries, counts.timeout) == (2, 10.0)
    notes = [n.message for n in reading.imports[str(FS / "pass-greetings.xml")].notes]
    assert any("'short_only' has no greet-long" in n and "greet-short plays" in n for n in notes)
    assert any("'silent' has neither greet-long nor greet-short" in n and "no entry can be chosen" in n for n in notes)
    assert not any("max-timeouts" in n for n in notes)  # max-timeouts is max-failures: nothing counted apart


def test_a_menu_that_never_takes_a_key_is_one_silent_menu_finding():
    (menu, *_) = [m for m in _read("pass-greetings.xml").menus if m.name == "short_only"]
    findings = _findings(menu)
    assert ("silent-menu", "silent", 11) in findings
    assert not [f for f in findings if f[0] in ("unreachable-node", "dead-end")]


def test_a_dialplan_command_under_menu_sub_is_an_unknown_target(tmp_path):
    xml = tmp_path / "ivr.xml"
    xml.write_text('<include>\n<menu name="m" greet-long="say:Hi. Press 1.">\n'
                   '<entry action="menu-sub" digits="1" param="transfer 2000 XML default"/>\n'
                   '<entry action="menu-sub" digits="2" param="elsewhere"/>\n</menu>\n</include>\n')
    (menu,) = read_all([str(xml)]).menus
    assert "transfer 2000 XML default" not in menu.nodes  # no hand-off made up for it
    assert menu.nodes["elsewhere"].type == "external"  # a name: a menu in a file not given
    messages = [f.message for f in lint(build_graph(menu)) if f.rule == "unknown-target"]
    assert messages == ["option 1 of menu 'm' goes to unknown node 'transfer 2000 XML default' (a dialplan "
                        "command, not a menu name: did you mean action=\"menu-exec-app\", which runs it?); "
                        "define it under nodes or fix the id"]


def _dialplan_menu():
    (menu,) = _read("pass-dialplan.xml").menus
    return menu


def test_the_dialplan_routes_a_number_into_the_menu_and_on_after_it():
    """mod_dptools ivr: when the menu exits, the next action of the extension runs; when actions run out, the
    call is hung up (mod_dialplan_xml)."""
    menu = _dialplan_menu()
    assert menu.name == "main_ivr" and menu.start.target == "main"  # answer and sleep change nothing a caller hears
    exit_node = menu.nodes["main/exit"]
    assert exit_node.type == "message" and exit_node.prompt.texts == {"": "Goodbye."}
    thanks = menu.nodes[exit_node.goto.target]
    assert thanks.type == "message" and thanks.prompt.audio == "ivr/ivr-thank_you_for_calling.wav"
    assert menu.nodes[thanks.goto.target].type == "hangup"


def test_menu_transfers_are_hunted_in_the_dialplan_given():
    menu = _dialplan_menu()
    nodes = menu.nodes

    def after(node_id):
        node = nodes[node_id]
        return node.otherwise.target

    agent = nodes[after("main/0")]  # 1000 matches ^(10[01][0-9])$: Local_Extension bridges user/$1
    assert (agent.type, agent.number) == ("transfer", "user/1000@${domain_name}")
    sales = nodes[after("main/1")]  # 2000: a time condition, with voicemail as its anti-action
    assert sales.type == "branch" and sales.branches[0].when == 'wday="2-6" hour="9-17"'
    assert (nodes[sales.branches[0].goto.target].queue, nodes[sales.otherwise.target].mailbox) == \
        ("sales@default", "2000")
    store = nodes[after("main/2")]
    assert (store.type, store.target_text) == ("external", "lua store_hours.lua")


def test_what_the_dialplan_reader_leaves_out_is_said():
    reading = _read("pass-dialplan.xml")
    notes = [n.message for n in reading.imports[str(FS / "pass-dialplan.xml")].notes]
    assert any("'unloop' tests no destination_number and continues" in n for n in notes)
    assert any("'voicemail' and what follows run only when 'bridge' fails" in n for n in notes)
    assert any("extensions hunted before it are not followed" in n for n in notes)


def test_findings_on_a_dialplan_and_its_menu_are_the_true_ones():
    assert sorted(_findings(_dialplan_menu())) == [
        ("disconnect-on-error", "main", 8),  # after 2 failures: goodbye, thanks, hang-up
        ("unexplained-wait", "default/sales[2000]/callcenter@45", 45),
        ("unresolved-handoff", "default/store[3000]/lua@51", 51),
    ]


def _dialplan(tmp_path, body, name="dialplan.xml"):
    path = tmp_path / name
    path.write_text(f'<include>\n<context name="default">\n{body}\n</context>\n</include>\n')
    return path


def test_a_dialplan_without_its_menu_hands_off_to_the_menu_not_given(tmp_path):
    path = _dialplan(tmp_path, '<extension name="ivr"><condition field="destination_number" expression="^5000$">'
                               '<action application="ivr" data="demo_ivr"/></condition></extension>')
    (menu,) = read_all([str(path)]).menus
    start = menu.nodes[menu.start.target]
    assert (start.type, start.target_text) == ("external", "ivr demo_ivr (a menu in none of the files given)")


def test_transfers_that_loop_through_the_dialplan_are_a_loop_not_a_crash(tmp_path):
    path = _dialplan(tmp_path, """
<extension name="entry"><condition field="destination_number" expression="^5000$">
  <action application="ivr" data="m"/></condition></extension>
<extension name="a"><condition field="destination_number" expression="^1$">
  <action application="transfer" data="2 XML default"/></condition></extension>
<extension name="b"><condition field="destination_number" expression="^2$">
  <action application="transfer" data="1 XML default"/></condition></extension>""")
    menus = tmp_path / "m.xml"
    menus.write_text('<include>\n<menu name="m" greet-long="say:Welcome. Press 1 for help, 0 for an agent.">'
                     '<entry action="menu-exec-app" digits="1" param="transfer 1 XML default"/>'
                     '<entry action="menu-exec-app" digits="0" param="bridge user/1000"/></menu>\n</include>')
    (menu,) = read_all([str(path), str(menus)]).menus
    assert ("inescapable-loop" in {f.rule for f in lint(build_graph(menu))})


def test_a_dialplan_deeper_than_ivr_follows_is_bounded(tmp_path):
    # every extension continues to the next through a condition on the time of day: a chain of 600 branches
    body = "\n".join(f'<extension name="e{i}" continue="true"><condition field="destination_number" '
                     f'expression="^7$"/><condition hour="{i % 24}"><action application="playback" data="f{i}.wav"/>'
                     "</condition></extension>" for i in range(600))
    body += ('\n<extension name="entry"><condition field="destination_number" expression="^5000$">'
             '<action application="transfer" data="7 XML default"/><action application="ivr" data="m"/>'
             "</condition></extension>")
    (menu,) = read_all([str(_dialplan(tmp_path, body))]).menus
    further = [n for n in menu.nodes.values() if n.type == "external" and "ivr follows no further" in
               (n.target_text or "")]
    assert further, "the chain is cut where ivr stops following it, with a hand-off saying so"


@pytest.mark.parametrize("fixture", ["pass-greetings.xml", "pass-dialplan.xml"])
def test_ivr_import_writes_silence_and_the_dialplan_as_check_reads_them(tmp_path, fixture):
    """ivr import never refuses what ivr check reads: a silent menu is written ``prompt: null``."""
    out = tmp_path / "menus"
    result = _ivr("import", FS / fixture, "-o", out)
    assert result.exit_code == 0, result.output
    written = sorted(out.iterdir())
    source = json_findings(_ivr("check", FS / fixture, "--format", "json", "--isolated"))
    again = sorted(f for path in written for f in json_findings(_ivr("check", path, "--format", "json",
                                                                      "--isolated")))
    assert again == source and source
    if fixture == "pass-greetings.xml":
        assert "  silent:\n    type: menu\n    prompt: null\n" in (out / "short_only.yaml").read_text()


def test_entries_on_one_key_run_in_order(tmp_path):
    """switch_ivr_menu.c: switch_ivr_menu_execute runs every entry whose digits match (no break): a sequence."""
    xml = tmp_path / "seq.xml"
    xml.write_text('<include>\n<menu name="m" greet-long="say:Welcome. Press 1 for sales.">\n'
                   '<entry action="menu-exec-app" digits="1" param="event Event-Name=CUSTOM"/>\n'
                   '<entry action="menu-play-sound" digits="1" param="say:Connecting you to sales."/>\n'
                   '<entry action="menu-exec-app" digits="1" param="transfer 2000 XML default"/>\n'
                   '<entry action="menu-exec-app" digits="1" param="hangup"/>\n</menu>\n</include>\n')
    reading = read_all([str(xml)])
    (menu,) = reading.menus
    # an event changes nothing the caller hears: the key leads to the next entry, the sound
    sound = menu.nodes[menu.nodes["m"].options["1"].goto.target]
    assert sound.type == "message" and sound.prompt.texts == {"": "Connecting you to sales."}
    assert menu.nodes[sound.goto.target].type == "transfer"
    assert "duplicate-key" not in {f.rule for f in lint(build_graph(menu))}
    notes = [n.message for n in reading.imports[str(xml)].notes]
    assert any("the entry on 1 after another one runs after it" in n for n in notes)  # the hangup after it
    assert not [n for n in menu.nodes if n.startswith("m/entry4")]  # no node that nothing leads to


def test_a_dialplan_snippet_outside_a_context_and_a_menu_not_given(tmp_path):
    public = tmp_path / "public"
    public.mkdir()
    snippet = public / "01_did.xml"
    snippet.write_text('<include>\n<extension name="did"><condition field="destination_number" expression="^5000$">'
                       '<action application="ivr" data="elsewhere"/><action application="hangup"/></condition>'
                       "</extension>\n</include>\n")
    reading = read_all([str(snippet)])
    assert reading.errors == {}
    (menu,) = reading.menus
    notes = [n.message for n in reading.imports[str(snippet)].notes]
    assert any("read as context 'public'" in n for n in notes)
    start = menu.nodes[menu.start.target]
    assert start.type == "external" and "elsewhere" in start.target_text
    rules = {f.rule: f for f in lint(build_graph(menu))}
    assert "unreachable-node" not in rules  # what follows the menu not given is not analysed, not unreachable
    assert rules["no-path-to-human"].severity.value == "info"  # cannot tell: the menu is not given


def test_files_are_read_as_freeswitch_loads_them():
    """FreeSWITCH's preprocessor drops every line holding <include>, </include> or <?, whole, and its parser keeps
    an & that starts no reference (src/switch_xml.c): such files load there, and in ivr."""
    reading = _read("pass-as-loaded.xml")
    (menu,) = reading.menus
    assert set(n for n in menu.nodes if "/" not in n) == {"main", "after"}  # "lost" was on a dropped line
    assert menu.nodes["main"].prompt.audio == "http_cache://https://example.com/get?token=12&path=welcome.wav"
    assert menu.nodes["main"].retries == 100  # 10,000 in the file: ivr follows the first 100 passes
    notes = [(n.location.line, n.message) for n in next(iter(reading.imports.values())).notes]
    (unread,) = menu.unread  # line 3's comment holds "</include>" too: a whole comment is no loss
    assert (unread.location.line, unread.message) == (16, (
        "FreeSWITCH drops this whole line when it loads the file, as it holds <include>, </include> or <? "
        "(switch_xml.c, preprocess): '<menu name=\"lost\" greet-long=\"say:never read\"></menu>' on it is never read; "
        "put it on a line of its own"))
    assert ("skipped-line", None, 16) in _findings(menu)
    assert any(line == 5 and "'&' that starts no XML reference read as the character itself" in message
               for line, message in notes)
    assert any(line == 4 and "fail 10,000 times" in message and "about 27.8 hours" in message for line, message in notes)


def test_an_ampersand_in_a_comment_or_a_reference_is_left_as_it_is():
    from ivr.formats.api import Imported
    from ivr.formats.freeswitch import _as_freeswitch_reads

    imported = Imported("x.xml", "freeswitch")
    data = b'<menu name="m" greet-long="a&amp;b &#38; &lt;"><!-- & --><![CDATA[&]]></menu>'
    assert _as_freeswitch_reads(data, imported) == data and imported.notes == []
    assert _as_freeswitch_reads(b'<menu name="a&b"/>', imported) == b'<menu name="a&amp;b"/>'


def test_a_menu_sub_with_an_empty_param_is_an_unknown_target(tmp_path):
    """switch_ivr_menu_execute finds no menu named "" ("Invalid Menu!"): the menu ends, no hand-off is made up."""
    xml = tmp_path / "ivr.xml"
    xml.write_text('<include>\n<menu name="m" greet-long="say:Hi. Press 1 for an agent.">\n'
                   '<entry action="menu-exec-app" digits="1" param="bridge user/1000"/>\n'
                   '<entry action="menu-sub" digits="2" param=""/>\n</menu>\n</include>\n')
    (menu,) = read_all([str(xml)]).menus
    assert not [n for n in menu.nodes.values() if n.type == "external" and "none of the files" in (n.target_text or "")]
    (message,) = [f.message for f in lint(build_graph(menu)) if f.rule == "unknown-target"]
    assert "an empty param names no menu" in message

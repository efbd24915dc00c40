"""VoiceXML documents walked into call-flow steps: menus, forms, handlers, links, hand-offs, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from ivr.formats.vxml.document import Document
from ivr.formats.flow import UNLIMITED
from ivr.formats.vxml.walker import VOICEXML, read_flows
from ivr.formats.xmltree import parse_xml
from ivr.model.errors import InvalidMenu

from tests.conftest import corpus_file

VXML = Path(__file__).parents[1] / "fixtures" / "formats" / "vxml"


def _flows(*paths: Path):
    documents = [Document.of(parse_xml(p.read_bytes(), str(p)), str(p)) for p in paths]
    return read_flows(documents)


def _main():
    (flow,), builder = _flows(VXML / "pass-main.vxml")
    return flow, builder


def _keys(step):
    return {c.when: c.target for c in step.options}


def test_menu_numbers_choices_and_adds_document_links():
    flow, _ = _main()
    top = flow.steps["top"]
    assert (top.kind, top.timeout, top.location.line) == ("menu", 7.0, 10)
    assert _keys(top) == {"1": "billing", "2": "external:pass-account.vxml#start",
                          "3": "external:http://example.com/support.vxml", "0": "agent", "9": "top"}
    assert [c.label for c in top.options][:2] == ["billing", "account"]
    assert top.text.startswith("For billing, press 1.")


def test_counted_handlers_give_tries_then_the_last_handler():
    flow, _ = _main()
    top = flow.steps["top"]
    # nomatch count=2 comes before noinput count=3: two tries, then the nomatch handler
    assert top.tries == 2
    final = flow.steps[top.on_fail.target]
    assert final.text == "Let me get someone to help." and final.goto.target == "agent"
    first = flow.steps[top.no_input.target]
    assert first.text == "Please choose an option." and first.goto.target == "top"  # <reprompt/>


@pytest.mark.parametrize("count", ["9" * 5_000, "1000000000"])
def test_a_count_past_any_call_is_refused_at_its_handler(tmp_path, count):
    path = tmp_path / "count.vxml"
    path.write_text('<vxml version="2.1"><menu id="m"><choice dtmf="1" next="#m"/>\n'
                    f'  <nomatch>Again.</nomatch><nomatch count="{count}"><exit/></nomatch></menu></vxml>')
    with pytest.raises(InvalidMenu) as caught:  # not int()'s ValueError past 4,300 digits
        _flows(path)
    (error,) = caught.value.errors
    assert (error.location.line, error.location.column) == (2, 28)
    assert error.message.startswith(f'count="{count[:10]}') and "counts more nomatch events than a call can have" in \
        error.message


def test_a_count_that_is_no_ascii_number_counts_as_the_first():
    from ivr.formats.vxml.document import handlers

    text = (VXML / "pass-main.vxml").read_text().replace('count="2"', 'count="\u00b2"')  # isdigit(), but int() refuses it
    document = Document.of(parse_xml(text.encode(), "main.vxml"), "main.vxml")
    assert [count for count, _ in handlers(document.dialogs["top"], "nomatch")] == [1, 1]


def test_without_handlers_the_platform_reprompts():
    flow, _ = _main()
    billing = flow.steps["billing"]
    assert (billing.no_input, billing.no_match, billing.tries, billing.semantics) == (None, None, None, None)
    assert flow.semantics is VOICEXML  # 5.2.5: the interpreter's own handlers reprompt, without end
    assert (VOICEXML.no_input, VOICEXML.no_match, VOICEXML.tries) == ("replay", "replay", UNLIMITED)


def test_boolean_and_digits_fields_are_data_entry():
    flow, _ = _main()
    assert flow.steps["billing"].kind == "input" and flow.steps["billing"].max_digits == 1
    assert flow.steps["pay"].kind == "input"
    assert flow.steps[flow.steps["pay"].no_match.target].text == "That number is not valid."


def test_filled_if_elseif_else_clear_throw_exit():
    flow, _ = _main()
    branch = flow.steps[flow.steps["billing"].goto.target]
    assert branch.kind == "branch"
    assert [(c.when, c.at.line) for c in branch.branches] == [("paid", 27), ("lastcall", 30)]
    thanks = flow.steps[branch.branches[0].target]
    assert thanks.text == "Thank you." and flow.steps[thanks.goto.target].kind == "hangup"  # <exit/>
    assert branch.branches[1].target == "billing"  # <clear namelist="paid"/>: the field again
    assert branch.otherwise.target == "pay"  # <throw> caught by the form's <catch>, which goes to #pay


def test_transfer_disconnect_data_submit_and_expressions():
    flow, builder = _main()
    agent = flow.steps["agent"]
    assert (agent.kind, agent.number, agent.text) == ("transfer", "tel:+15551230000", "Transferring you to an agent.")
    closed = flow.steps["closed"]
    assert closed.text == "We are closed." and flow.steps[closed.goto.target].kind == "hangup"
    # <data> goes on (VoiceXML 2.1, 5); the document's <catch event="error.badfetch"> makes its failure a way
    charge = flow.steps[flow.steps["pay"].goto.target]
    assert charge.kind == "branch" and charge.branches[0].when == "the fetch returns"
    assert flow.steps[charge.branches[0].target].kind == "hangup"  # the form is done: the document ends
    assert flow.steps[charge.otherwise.target].text == "Sorry, that service is not available."
    assert "external:http://example.com/lookup.jsp" in flow.steps  # <submit> to a document not given
    assert sorted(builder.external) == sorted(['nextPage', 'http://example.com/lookup.jsp',
                                               'pass-account.vxml#start', 'http://example.com/support.vxml'])
    assert builder.errors == []


def test_a_document_given_is_followed_and_one_not_given_is_external():
    (flow,), _ = _flows(VXML / "pass-main.vxml", VXML / "pass-account.vxml")
    top = flow.steps["top"]
    assert _keys(top)["2"] == "pass-account.vxml#start"
    pin = flow.steps["pass-account.vxml#start"]
    assert (pin.kind, Path(pin.location.file).name) == ("input", "pass-account.vxml")
    balance = flow.steps[pin.goto.target]
    assert balance.goto.target == "top"  # main.vxml#top, back in the first document
    assert [Path(f).name for f in flow.files] == ["pass-main.vxml", "pass-account.vxml"]


def test_malformed_xml_is_a_located_error():
    with pytest.raises(InvalidMenu) as caught:
        _flows(VXML / "fail-malformed.vxml")
    (error,) = caught.value.errors
    assert (error.location.line, error.location.column) == (4, 37)
    assert "mismatched tag" in error.message


def test_entity_declarations_are_refused():
    with pytest.raises(InvalidMenu) as caught:
        _flows(VXML / "fail-entities.vxml")
    assert "entity declarations are refused" in caught.value.errors[0].message


def test_a_dialog_id_that_does_not_exist_is_left_to_the_unknown_target_rule(tmp_path):
    path = tmp_path / "bad.vxml"
    path.write_text('<vxml version="2.1"><menu id="m"><choice dtmf="1" next="#nowhere"/></menu></vxml>')
    (flow,), builder = _flows(path)
    assert builder.errors == []
    (choice,) = flow.steps["m"].options
    assert (choice.target, choice.location.line, choice.location.column) == ("nowhere", 1, 34)


def _corpus(name: str) -> Path:
    return corpus_file("voicexml", name)


def test_corpus_opal_main_menu():
    (flow,), builder = _flows(_corpus("joegen__opalvoip-opal__main_menu.vxml"))
    menu = flow.steps["MainMenu"]
    assert (len(menu.options), menu.interruptible, menu.timeout) == (6, False, 30.0)  # bargein="false"
    assert sum(s.kind == "transfer" for s in flow.steps.values()) == 1
    silence = flow.steps[menu.no_input.target]
    assert silence.text == "Nothing entered, disconnecting." and flow.steps[silence.goto.target].kind == "hangup"
    assert builder.errors == []


def test_corpus_opal_test_menu():
    (flow,), builder = _flows(_corpus("joegen__opalvoip-opal__test.vxml"))
    menu = flow.steps["MainMenu"]
    assert _keys(menu) == {"1": "PlayFile", "2": "RecordFile", "3": "DoTransfer", "4": "GetOperator", "0": "HangUp"}
    assert sum(s.kind == "transfer" for s in flow.steps.values()) == 2
    assert flow.steps["GetOperator"].number == "sip:500@ekiga.net"
    # the <error> handler of the blind transfer (its failure way: VoiceXML 2.0, 2.3.7) goes back by <goto expr>;
    # and a <goto expritem>
    assert builder.external == ["'#'+application.TestGoto", "application.TestGoto"]
    assert flow.steps["GetOperator"].failed_when == ("error.connection",)
    assert flow.steps[flow.steps["GetOperator"].on_fail.target].text == "Transfer to operator failed."


# -- issue 20: no recursion as deep as the document is long, no scan of the root per dialog ---------------------
def _deep_document(tmp_path: Path, body: str, name: str = "deep.vxml") -> Path:
    path = tmp_path / name
    path.write_text(f'<?xml version="1.0"?>\n<vxml version="2.1">{body}</vxml>')
    return path


def test_thousands_of_ifs_in_a_row_are_built_without_deep_recursion(tmp_path):
    """Each <if> continues with the rest of its block; that used to be a Python call inside the last (a
    RecursionError at about 200 in a row): runs of content past 50 deep are now built later."""
    path = _deep_document(tmp_path, '<form id="f"><block>' + "".join(
        f'<if cond="a{i}"><prompt>p{i}</prompt></if>' for i in range(3000)) + "<exit/></block></form>")
    (flow,), _ = _flows(path)
    branches = [s for s in flow.steps.values() if s.kind == "branch"]
    assert len(branches) == 3000
    assert sorted(s.text for s in flow.steps.values() if s.kind == "message") == sorted(f"p{i}" for i in range(3000))
    assert not [s for s in flow.steps if "<" in s]  # no stand-in id left
    step, seen = flow.steps[flow.start.target], []
    while step.kind == "branch":  # each <if> leads to the next, whether its condition holds or not
        seen.append(step.branches[0].when)
        after = flow.steps[step.branches[0].target]
        assert after.kind == "message" and after.goto.target == step.otherwise.target
        step = flow.steps[step.otherwise.target]
    assert seen == [f"a{i}" for i in range(3000)] and step.kind == "hangup"


def test_a_handler_that_throws_its_own_event_plays_again(tmp_path):
    path = _deep_document(tmp_path, '<catch event="busy"><prompt>Please hold.</prompt><throw event="busy"/></catch>'
                               '<form id="f"><block><throw event="busy"/></block></form>')
    (flow,), _ = _flows(path)
    (step,) = flow.steps.values()
    assert (step.kind, step.text, step.goto.target) == ("message", "Please hold.", step.id)


def test_handlers_that_only_throw_to_each_other_are_a_loop_the_interpreter_spins_in(tmp_path):
    path = _deep_document(tmp_path, '<catch event="a"><throw event="b"/></catch><catch event="b"><throw event="a"/>'
                               '</catch><form id="f"><block><throw event="a"/></block></form>')
    (flow,), _ = _flows(path)
    (step,) = flow.steps.values()
    assert (step.kind, step.otherwise.target) == ("branch", step.id)
    assert "handlers that only throw to each other" in step.description


def test_handlers_are_looked_up_once_per_scope_not_once_per_item(tmp_path, monkeypatch):
    import ivr.formats.vxml.walker as flow_module

    scans: dict[tuple[int, str], int] = {}
    children = {}

    def counting(scope, event):
        scans[(id(scope), event)] = scans.get((id(scope), event), 0) + 1
        children[(id(scope), event)] = len(scope.children)
        return handlers(scope, event)

    handlers = flow_module.handlers
    monkeypatch.setattr(flow_module, "handlers", counting)
    path = _deep_document(tmp_path, '<form id="f">' + "".join(
        f'<field name="x{i}"><prompt>Field {i}</prompt></field>' for i in range(500)) + "</form>")
    (flow,), _ = _flows(path)
    assert len([s for s in flow.steps.values() if s.kind == "input"]) == 500
    # the form's 500 children are scanned once per event (the document is built once: it is the only one); an
    # item's or the root's few children are gone through each time. Before, the form's 500 children were scanned
    # for each item: 500 x 500 per event
    form = [key for key, count in children.items() if count == 500]
    assert len(form) == 2 and all(scans[key] == 1 for key in form)
    assert sum(scans[key] * children[key] for key in scans) < 10 * 502 * 2


def test_a_handler_loop_reached_past_the_deepest_run_still_goes_back_to_its_start(tmp_path):
    path = _deep_document(tmp_path, '<catch event="busy"><prompt>Please hold.</prompt><if cond="gone"><exit/></if>'
                               '<throw event="busy"/></catch><form id="f"><block>' + "".join(
                                   f'<if cond="a{i}"><prompt>p{i}</prompt></if>' for i in range(120))
                     + '<throw event="busy"/></block></form>')
    (flow,), _ = _flows(path)
    targets = {ref.target for step in flow.steps.values()
               for ref in (step.goto, step.otherwise, *step.branches) if ref is not None}
    assert targets <= set(flow.steps)  # nothing left pointing at a stand-in or a renamed step
    (hold,) = [s for s in flow.steps.values() if s.text == "Please hold."]
    check = flow.steps[hold.goto.target]
    assert check.kind == "branch" and check.otherwise.target == hold.id  # thrown again: back to its start


def _document(folder: Path, name: str, body: str) -> Path:
    path = folder / name
    path.write_text(f'<vxml version="2.1" xmlns="http://www.w3.org/2001/vxml">{body}</vxml>', encoding="utf-8")
    return path


_SEPARATE = ('<menu id="top"><prompt>{n}: 1 for news.</prompt><choice dtmf="1" next="#news"/></menu>'
             '<form id="news"><block>News {n}.<if cond="late"><prompt>Late.</prompt></if><disconnect/></block></form>')


def test_documents_that_lead_nowhere_else_read_together_as_each_alone(tmp_path):
    # each flow is built from its own document (and those it leads to), so the ids made for its steps
    # (news/1, news/1/2...) do not depend on the documents given beside it
    paths = [_document(tmp_path, f"d{n}.vxml", _SEPARATE.format(n=n)) for n in range(3)]
    together, _ = _flows(*paths)
    alone = [_flows(path)[0][0] for path in paths]
    assert [f.name for f in together] == ["d0", "d1", "d2"]
    assert [list(f.steps) for f in together] == [list(f.steps) for f in alone]
    assert [f.files for f in together] == [[str(p)] for p in paths]


def test_a_folder_of_documents_is_built_once_and_each_flow_from_what_it_leads_to(tmp_path, monkeypatch):
    from ivr.formats.vxml import walker  # noqa: PLC0415

    built = []
    real = walker.build_dialog

    def counted(builder, doc, dialog_id):
        built.append(doc.name)
        real(builder, doc, dialog_id)

    monkeypatch.setattr(walker, "build_dialog", counted)
    separate = [_document(tmp_path, f"s{n:03d}.vxml", _SEPARATE.format(n=n)) for n in range(200)]
    flows, _ = _flows(*separate)
    # every document once for them all, then once for its own flow (each was built with all 200 before)
    assert len(flows) == 200 and len(built) == 2 * 2 * 200
    built.clear()
    chain = [_document(tmp_path, f"c{n:03d}.vxml", f'<menu id="m"><prompt>{n}</prompt><choice dtmf="1" next='
                                                   f'"c{n + 1:03d}.vxml"/></menu>') for n in range(200)]
    (flow,), _ = _flows(*chain)
    # one IVR, the first document's; which documents another leads to is judged without a walk from each
    assert flow.name == "c000" and len(flow.steps) == 200 + 1 and len(built) == 200

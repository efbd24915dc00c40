"""The format-neutral model: checks shared by every reader, failure behaviour the graph follows, places without lines."""

from __future__ import annotations

import dataclasses
import json
import math
import xml.etree.ElementTree as ET

import pytest

from ivr.formats.checks import model_errors
from ivr.graph.build import DISCONNECT, Via, build_graph, name_of
from ivr.model.errors import InvalidMenu, LoadError
from ivr.model.findings import Finding, Severity
from ivr.model.menu import Fallback, Location, Menu, Node, Option, Ref
from ivr.present import github, json as json_out, junit, sarif
from ivr.pipeline import FileResult
from ivr.rules.runner import lint

HERE = Location("flow.json", pointer="/Actions/0")


def _menu(*nodes: Node) -> Menu:
    return Menu("m", "flow.json", Ref(nodes[0].id, HERE), {n.id: n for n in nodes}, format="test")


def _asking(node_id: str = "main", **fields) -> Node:
    policy = dict(retries=2, when_no_input=Fallback.REPLAY, when_no_match=Fallback.DISCONNECT,
                  when_failed=Fallback.DISCONNECT)
    policy.update(fields)
    return Node(node_id, "menu", HERE, format="test", options={"1": Option("1", Ref("bye", HERE), HERE)}, **policy)


def test_a_wrong_key_that_hangs_up_is_followed_not_replayed():
    graph = build_graph(_menu(_asking(), Node("bye", "hangup", HERE)))
    assert [r.via for r in graph.edges["main", DISCONNECT]["reasons"]] == [Via.NO_MATCH, Via.DISCONNECT]
    assert [r.via for r in graph.edges["main", "main"]["reasons"]] == [Via.NO_INPUT]


def test_a_menu_that_does_not_say_how_it_fails_is_a_reader_bug():
    (error,) = model_errors(_menu(_asking(when_failed=None), Node("bye", "hangup", HERE)))
    assert "does not say how it fails" in error.message and error.location == HERE


@pytest.mark.parametrize("bad_id", ["<disconnect>", "", "a\x00b"])
def test_ids_that_could_collide_with_synthetic_nodes_are_refused(bad_id):
    errors = model_errors(_menu(_asking(), Node(bad_id, "hangup", HERE)))
    assert any(f"node id {bad_id!r} is empty or holds <, > or control characters (any other character is "
               "allowed); rename it without them" == e.message for e in errors)


def test_min_digits_above_max_digits_is_refused_for_every_reader():
    asking = dataclasses.replace(_asking(), type="input", min_digits=8, max_digits=4, options={})
    errors = model_errors(_menu(asking, Node("bye", "hangup", HERE)))
    assert [e.message for e in errors] == ["'min_digits' of node 'main' is 8, more than its 'max_digits' 4: no entry "
                                           "can be valid; make min_digits at most max_digits"]


def test_numbers_must_be_finite():
    errors = model_errors(_menu(_asking(timeout=math.inf), Node("bye", "hangup", HERE, duration=math.nan)))
    assert sorted(e.message.split(" of ")[0] for e in errors) == ["the duration", "the timeout"]


def test_labels_name_nodes_in_messages_instead_of_ids():
    uuid = "0b7c6a1e-2d4f-4f7a-9c1e-3f2a8b9d0e11"
    start = Node(uuid, "message", HERE, label="Welcome prompt", format="test", goto=None)
    graph = build_graph(_menu(start))
    assert name_of(graph, uuid) == "Welcome prompt"
    (dead,) = [f for f in lint(graph) if f.rule == "dead-end"]
    assert "'Welcome prompt'" in dead.message and uuid not in dead.message


def test_load_errors_without_lines_sort_and_print():
    errors = InvalidMenu([LoadError(Location("a.json", pointer="/b"), "x"), LoadError(Location("a.json", 2, 1), "y")])
    assert [str(e) for e in errors.errors] == ["a.json#/b: x", "a.json:2:1: y"]


def _result() -> FileResult:
    finding = Finding("dead-end", Severity.ERROR, HERE, "main", "no way on")
    return FileResult("flow.json", findings=[finding])


def test_outputs_carry_a_place_without_a_line():
    (finding,) = json.loads(json_out.format_results([_result()]))["findings"]
    assert (finding["line"], finding["column"], finding["pointer"]) == (None, None, "/Actions/0")
    (result,) = json.loads(sarif.format_results([_result()]))["runs"][0]["results"]
    assert "region" not in result["locations"][0]["physicalLocation"]
    annotation = github.format_results([_result()]).splitlines()[0]
    assert annotation.startswith("::error file=flow.json,title=ivr dead-end::")
    suite = ET.fromstring(junit.format_results([_result()]))
    assert "flow.json#/Actions/0: error: dead-end: no way on" in "".join(suite.itertext())


@pytest.mark.parametrize(("text", "shown"), [
    ("sales", "'sales'"),
    ("confirm == 'true'", "\"confirm == 'true'\""),
    ("we're open", "\"we're open\""),
    ("a == 'b' && c == \"d\"", "\u201ca == 'b' && c == \"d\"\u201d"),
])
def test_quotes_never_nest_with_the_text_they_quote(text, shown):
    from ivr.model.words import quote

    assert quote(text) == shown

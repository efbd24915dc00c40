"""The test scripts `ivr tests` writes (ivr.present.testscripts), read back as their tools read them.

Bespoken: the rules of bespoken-tools' test-file loader (skill-testing-ml's
TestParser.parse and validateIvrTests, version 1.4.8), restated here because
the loader is an npm package the test set-up does not install; see
scripts/check-testscripts for running the loader itself. IVR Tester: the
schema of ivr-tester-cli 0.0.1 (validateJsonScenario). CSV: the columns.
Each test's keys are played into the menu (tests/testgen/test_testgen.py's
walk_keys) to check that they lead where the test says.
"""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
import yaml

from ivr.formats.native.loader import load_menu
from ivr.graph.build import build_graph
from ivr.present.testscripts import FORMATS, report, suite_files
from ivr.present.testscripts.csv_steps import COLUMNS
from ivr.testgen import build_suite

from tests.conftest import ROOT
from tests.testgen.test_testgen import LOOPS, TREE, settle, walk_keys

MENUS = ["airline", "bank", "multilingual", "telecom", "telecom-before-review"]
UTTERANCE = re.compile(r"^\$(DIAL|PAUSE \d+|[0-9*#]+)$")


def files_of(path: str, fmt: str) -> tuple:
    menu = load_menu(path)
    graph = build_graph(menu)
    suite = build_suite(graph)
    return menu, suite, suite_files(graph, suite, fmt, "menu", path)


def bespoken_tests(text: str) -> tuple[dict, dict[str, list[tuple[str, list[dict]]]]]:
    """The configuration and the tests (name -> [(utterance, [assertion or expression])]) of a Bespoken
    file, checked as bespoken-tools' loader checks a phone test file."""
    documents = list(yaml.safe_load_all(text))
    assert documents and set(documents[0]) == {"configuration"}  # and no test when no call can be made
    configuration = documents[0]["configuration"]
    assert isinstance(configuration, dict)
    tests = {}
    for document in documents[1:]:
        assert isinstance(document, list) and document, document
        assert list(document[0]) == ["test"]
        name = document[0]["test"]
        assert isinstance(name, str) and name not in tests
        interactions = []
        for number, item in enumerate(document[1:]):
            assert isinstance(item, dict) and len(item) == 1, item
            (utterance, elements), = item.items()
            assert UTTERANCE.match(utterance), utterance
            assert (utterance == "$DIAL") == (number == 0)
            assert isinstance(elements, list)
            for element in elements:
                assert isinstance(element, dict) and len(element) == 1, element
                (key, value), = element.items()
                assert key in ("transcript", "set finishOnPhrase", "set listeningTimeout"), key
                if key == "set listeningTimeout":
                    assert isinstance(value, int) and value > 0
                else:  # a plain phrase: not a regular expression, no {variable} for Bespoken to fill
                    assert isinstance(value, str) and value.strip() and not value.startswith("/")
                    assert "{" not in value and "}" not in value
            keys = [next(iter(e)) for e in elements]
            # validateIvrTests: every interaction but the last needs a transcript, finishOnPhrase or timeout
            assert keys, (name, utterance)
            interactions.append((utterance, elements))
        tests[name] = interactions
    return configuration, tests


def replies_of(utterances: list[str]) -> list[tuple[str, str]]:
    return [("silence", "") if u.startswith("$PAUSE") else ("key", u[1:]) for u in utterances[1:]]


@pytest.mark.parametrize("name", MENUS)
def test_bespoken_files_load_and_their_keys_lead_where_each_test_says(name):
    menu, suite, files = files_of(str(ROOT / "menus" / f"{name}.yaml"), "bespoken")
    assert sorted(files) == sorted([f"menu.{lang}.e2e.yml" for lang in suite.languages] + ["menu.coverage.txt"])
    by_title = {p.title: p for p in suite.paths}
    for language in suite.languages:
        configuration, tests = bespoken_tests(files[f"menu.{language}.e2e.yml"])
        assert configuration["type"] == "e2e" and configuration["platform"] == "phone"
        assert list(tests) == [p.title for p in suite.paths]
        for title, interactions in tests.items():
            path = by_title[title]
            assumes = dict(path.assumes)
            answered, end = walk_keys(menu, replies_of([u for u, _ in interactions]), assumes)
            assert end == settle(menu, path.end, assumes), title


def test_a_bespoken_test_reads_as_the_call_it_makes(write_menu):
    path = write_menu(TREE)
    menu, suite, files = files_of(path, "bespoken")
    configuration, tests = bespoken_tests(files["menu.en.e2e.yml"])
    assert configuration["locale"] == "en-US"
    # 14 words at 150 a minute: 6 s, and 10 s to spare; where the call ends, nothing is left to finish
    assert tests["Wrong key at main: 3, 3, 3 -> <disconnect>"] == [
        ("$DIAL", [{"transcript": "For sales press 1"}, {"set finishOnPhrase": "For a person press 0"},
                   {"set listeningTimeout": 16}]),
        ("$3", [{"transcript": "For sales press 1"}, {"set finishOnPhrase": "For a person press 0"},
                {"set listeningTimeout": 16}]),
        ("$3", [{"transcript": "For sales press 1"}, {"set finishOnPhrase": "For a person press 0"},
                {"set listeningTimeout": 16}]),
        ("$3", [{"set listeningTimeout": 10}]),  # the system hangs up: nothing to hear
    ]
    assert tests["No input at main: silence, silence, silence -> <disconnect>"][1][0] == "$PAUSE 5"
    assert tests["Coverage 1: 1 -> sales"][-1] == ("$1", [{"transcript": "Connecting you to sales"},
                                                         {"set listeningTimeout": 12}])


def ivr_tester_scenario(text: str) -> dict:
    """A scenario checked against ivr-tester-cli 0.0.1's schema (validateJsonScenario)."""
    scenario = json.loads(text)
    assert set(scenario) == {"name", "steps"} and isinstance(scenario["name"], str)
    for step in scenario["steps"]:
        assert set(step) == {"whenPrompt", "then", "silenceAfterPrompt", "timeout"}
        when, then = step["whenPrompt"], step["then"]
        assert when in ({"type": "isAnything"},) or (set(when) == {"type", "value"} and when["type"] == "contains"
                                                      and isinstance(when["value"], str) and when["value"])
        assert then in ({"type": "doNothing"}, {"type": "hangUp"}) or (
            set(then) == {"type", "value"} and then["type"] == "press" and re.fullmatch(r"[0-9*#]+", then["value"]))
        assert isinstance(step["silenceAfterPrompt"], int) and isinstance(step["timeout"], int)
    return scenario


@pytest.mark.parametrize("name", MENUS)
def test_ivr_tester_scenarios_load_and_their_keys_lead_where_each_test_says(name):
    menu, suite, files = files_of(str(ROOT / "menus" / f"{name}.yaml"), "ivr-tester")
    for language in suite.languages:
        for path in suite.paths:
            scenario = ivr_tester_scenario(files[f"menu.{language}.ivr-tester/{path.id}.json"])
            assert scenario["name"] == path.title
            answers = [s["then"] for s in scenario["steps"] if s["then"]["type"] != "hangUp"]
            replies = [("silence", "") if a["type"] == "doNothing" else ("key", a["value"]) for a in answers]
            assumes = dict(path.assumes)
            answered, end = walk_keys(menu, replies, assumes)
            assert end == settle(menu, path.end, assumes), path.id


def test_an_ivr_tester_scenario_waits_out_the_silence_and_hangs_up_at_the_end(write_menu):
    menu, suite, files = files_of(write_menu(TREE), "ivr-tester")
    silent = ivr_tester_scenario(files["menu.en.ivr-tester/no-input-main.json"])
    # three silences at main, then the system hangs up: no step waits for a prompt that never comes
    assert [s["then"] for s in silent["steps"]] == [{"type": "doNothing"}] * 3
    assert silent["steps"][0]["whenPrompt"] == {"type": "contains", "value": "For sales press 1"}
    # a replayed menu is heard after the 5 s timeout: the step waits longer
    assert silent["steps"][1]["timeout"] > 5000
    sales = ivr_tester_scenario(files["menu.en.ivr-tester/coverage-01.json"])
    assert [s["then"] for s in sales["steps"]] == [{"type": "press", "value": "1"}, {"type": "hangUp"}]
    assert sales["steps"][1]["whenPrompt"] == {"type": "contains", "value": "Connecting you to sales"}


@pytest.mark.parametrize("name", MENUS)
def test_csv_steps_read_back_and_their_keys_lead_where_each_test_says(name):
    menu, suite, files = files_of(str(ROOT / "menus" / f"{name}.yaml"), "csv")
    for language in suite.languages:
        rows = list(csv.reader(io.StringIO(files[f"menu.{language}.csv"], newline="")))
        assert tuple(rows[0]) == COLUMNS
        by_test: dict[str, list[list[str]]] = {}
        for row in rows[1:]:
            assert len(row) == len(COLUMNS)
            by_test.setdefault(row[0], []).append(row)
        assert list(by_test) == [p.id for p in suite.paths]
        for path in suite.paths:
            rows = by_test[path.id]
            assert [int(r[1]) for r in rows] == list(range(1, len(rows) + 1))
            assert rows[0][6] == "dial" and all(r[6] in ("dtmf", "silence") for r in rows[1:])
            replies = [("silence", "") if r[6] == "silence" else ("key", r[5]) for r in rows[1:]]
            assumes = dict(path.assumes)
            answered, end = walk_keys(menu, replies, assumes)
            assert end == settle(menu, path.end, assumes), path.id


def test_a_multilingual_menu_gives_a_suite_per_language_with_its_phrases():
    menu, suite, files = files_of(str(ROOT / "menus" / "multilingual.yaml"), "csv")
    assert suite.languages == ["de", "en", "hu", "nl"]
    first = {lang: next(csv.reader(io.StringIO(files[f"menu.{lang}.csv"].splitlines()[1]))) for lang in
             suite.languages}
    assert first["en"][3] == "Welcome to Parcelway"
    assert first["de"][3] == "Willkommen bei Parcelway"
    assert first["nl"][3] == "Welkom bij Parcelway"


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_the_same_menu_gives_byte_identical_files(fmt, write_menu):
    path = write_menu(LOOPS)
    assert files_of(path, fmt)[2] == files_of(path, fmt)[2]
    first = files_of(str(ROOT / "menus" / "multilingual.yaml"), fmt)[2]
    assert first == files_of(str(ROOT / "menus" / "multilingual.yaml"), fmt)[2]


def test_the_report_gives_the_figures_and_what_is_not_covered_and_why(write_menu):
    from tests.testgen.test_testgen import GAPS
    path = write_menu(GAPS)
    menu = load_menu(path)
    graph = build_graph(menu)
    text = report(graph, build_suite(graph), "gaps.yaml")
    assert text.splitlines()[1] == ("coverage: options 3/4 (75.0%), gotos 0/1 (0.0%), nodes 4/5 (80.0%), "
                                    "error ways 4/6 (66.7%)")
    assert f"{path}:9:7: main key 2 -> moon: leads to the unknown node 'moon': fix the menu first" in text
    assert "node 'orphan': unreachable: no way from the start leads here" in text


def test_the_report_names_speech_only_prompts_and_placeholders(write_menu):
    path = write_menu("""
    ivr: Speech
    start: main
    language: en
    nodes:
      main:
        type: menu
        prompt: {fr: Dites facture., es: Diga factura.}
        input_modes: [speech]
        options:
          "1": {label: Billing, goto: agents}
      agents: {type: transfer, prompt: {en: Please hold., fr: Ne quittez pas., es: Espere.}}
    """)
    graph = build_graph(load_menu(path))
    text = report(graph, build_suite(graph), "speech.yaml")
    assert "speech only: main takes no keys, but the tests press keys there; replace them with what to say" in text
    assert "placeholders in en: 1 prompt with no text to expect, fill in what they say: main" in text
    assert "placeholders in fr" not in text

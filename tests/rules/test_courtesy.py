"""The courtesy word lists and the prompts the courtesy rules read, in every language."""

from __future__ import annotations

import json
import unicodedata

import pytest
import yaml
from click.testing import CliRunner

from ivr import phrases
from ivr.graph import courtesy
from ivr.cli import cli
from ivr.graph.build import build_graph
from ivr.pipeline import check_file
from ivr.formats.native.loader import load_menu
from ivr.rules.registry import REGISTRY, default_settings

from tests.conftest import FIXTURES, ROOT

RULES = FIXTURES / "rules"
UNCHECKED = RULES / "missing-greeting" / "pass-unchecked.yaml"


@pytest.mark.parametrize("language", sorted(phrases.languages()))
def test_every_word_file_loads_and_has_every_list(language):
    path = ROOT / "ivr" / "phrases" / f"{language}.yaml"
    lists = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert set(lists) == set(phrases.LISTS)
    assert phrases.phrasebook(language).language == language
    assert path.read_text(encoding="utf-8").startswith("# ")  # the header names the language and the rules


def test_the_menus_languages_and_french_and_spanish_have_word_lists():
    assert {"en", "de", "nl", "hu", "fr", "es"} <= phrases.languages()


def test_a_language_without_a_word_list_has_no_phrasebook():
    assert phrases.phrasebook("pt-BR") is None and phrases.phrasebook("ja") is None


@pytest.mark.parametrize("broken, complaint", [
    (["welcome"], "expected a mapping"),
    ({name: ["x"] for name in phrases.LISTS if name != "thanks"}, "missing lists: thanks"),
    ({**{name: ["x"] for name in phrases.LISTS}, "greetings": ["hi"]}, "unknown lists: greetings"),
    ({**{name: ["x"] for name in phrases.LISTS}, "apology": []}, "'apology' must be a non-empty list"),
    ({**{name: ["x"] for name in phrases.LISTS}, "thanks": ["thank(s)?"]}, "entry 1 of 'thanks'"),
    ({**{name: ["x"] for name in phrases.LISTS}, "thanks": ["ok", "*thanks"]}, "entry 2 of 'thanks'"),
])
def test_a_broken_word_file_is_named_with_what_is_wrong(broken, complaint):
    with pytest.raises(phrases.PhraseFileError) as caught:
        phrases.compile_lists("xx", broken, "ivr/phrases/xx.yaml")
    assert str(caught.value).startswith("ivr/phrases/xx.yaml: ")
    assert complaint in str(caught.value)


def test_phrases_match_whole_words_whatever_the_case():
    en = phrases.phrasebook("en")
    assert en.thanks_caller("THANKS for calling")
    assert en.thanks_caller("Many thanks!")
    assert not en.thanks_caller("Happy Thanksgiving from Acme.")
    assert not en.greets("Press 1 for the welcomemat shop.")
    assert en.greets("Hi, this is Acme.") and not en.greets("This is Acme in Ohio.")


def test_accents_match_however_they_are_typed():
    decomposed = unicodedata.normalize("NFD", "Köszönjük, üdvözöljük!")
    assert decomposed != "Köszönjük, üdvözöljük!"
    hu = phrases.phrasebook("hu")
    assert hu.thanks_caller(decomposed) and hu.greets(decomposed)
    assert phrases.phrasebook("de").greets(unicodedata.normalize("NFD", "GRÜSS GOTT und grüß Gott"))
    assert phrases.phrasebook("de").greets("Grüß Gott!")


def test_the_primary_subtag_chooses_the_word_list():
    assert phrases.primary("de-AT") == "de" and phrases.primary("EN_gb") == "en"
    assert phrases.phrasebook("de-AT") is phrases.phrasebook("de")


@pytest.mark.parametrize("language, text", [
    ("en", "The expected wait is about four minutes."),
    ("en", "An adviser will answer in under 3 minutes."),
    ("en", "You will be connected in {wait_minutes} minutes."),
    ("en", "It may take a few minutes."),
    ("de", "Die Wartezeit beträgt etwa 3 Minuten."),
    ("de", "Wir sind in wenigen Minuten für Sie da."),
    ("nl", "U wordt over ongeveer drie minuten geholpen."),
    ("nl", "Dat duurt ongeveer een kwartier."),
    ("hu", "Körülbelül öt percet kell várnia."),
    ("fr", "Un conseiller vous répondra dans environ 5 minutes."),
    ("es", "Le atenderemos en unos tres minutos."),
])
def test_a_number_and_a_time_unit_are_a_wait_estimate(language, text):
    assert phrases.phrasebook(language).explains_wait(text)


@pytest.mark.parametrize("language, text", [
    ("en", "Please hold. Press 3 for more options."),
    ("de", "Bitte bleiben Sie in der Leitung."),
    ("nl", "Blijft u aan de lijn."),
    ("hu", "Kérjük, tartsa a vonalat, 2 munkatársunk dolgozik."),
    ("fr", "Veuillez patienter."),
    ("es", "Por favor, espere en línea."),
])
def test_holding_without_apology_or_figure_does_not_explain_the_wait(language, text):
    assert not phrases.phrasebook(language).explains_wait(text)


def _graph(path):
    return build_graph(load_menu(path))


def test_first_prompts_follow_a_branch_without_prompt_to_each_side():
    graph = _graph(RULES / "missing-greeting" / "pass.yaml")
    assert courtesy.first_prompts(graph) == ["known", "german", "french", "main"]


def test_heard_before_walks_back_through_nodes_without_prompt():
    graph = _graph(RULES / "unexplained-wait" / "fail-silent.yaml")
    assert courtesy.heard_before(graph, "premium") == ([], True)
    assert courtesy.heard_before(graph, "agents") == (["main"], False)


def test_unchecked_languages_are_those_read_without_a_word_list():
    assert courtesy.unchecked_languages(_graph(UNCHECKED)) == ("pt",)
    assert courtesy.unchecked_languages(_graph(RULES / "missing-greeting" / "pass.yaml")) == ("ja",)
    assert courtesy.unchecked_languages(_graph(ROOT / "menus" / "multilingual.yaml")) == ()


def test_unchecked_languages_are_left_empty_when_no_courtesy_rule_runs():
    assert check_file(UNCHECKED).unchecked_languages == ("pt",)
    others = {rule_id: s for rule_id, s in default_settings().items() if rule_id not in courtesy.RULES}
    assert check_file(UNCHECKED, others).unchecked_languages == ()


def test_text_summary_names_the_unchecked_languages():
    result = CliRunner().invoke(cli, ["check", str(UNCHECKED)], catch_exceptions=False)
    assert result.exit_code == 0
    assert result.output == ("No problems found in 1 file. Courtesy not checked in pt (no word list); "
                             "add ivr/phrases/<lang>.yaml to check them.\n")


def test_json_summary_lists_the_unchecked_languages():
    greeting = RULES / "missing-greeting"
    result = CliRunner().invoke(cli, ["check", str(UNCHECKED), str(greeting / "pass.yaml"),
                                      str(greeting / "fail.yaml"), "--format", "json"],
                                catch_exceptions=False)
    assert result.exit_code == 0  # courtesy findings are infos
    document = json.loads(result.output)
    assert document["summary"]["unchecked_languages"] == ["ja", "pt"]
    assert document["summary"]["info"] == 1


def test_clean_multilingual_menu_checks_every_language():
    result = CliRunner().invoke(cli, ["check", str(ROOT / "menus" / "multilingual.yaml")], catch_exceptions=False)
    assert result.output == "No problems found in 1 file.\n"

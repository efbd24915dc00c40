"""The keys a prompt names (ivr.phrases.named_keys) and the prompts that ask for an answer (asks), per language."""

from __future__ import annotations

import pytest

from ivr.phrases import asks, named_keys


@pytest.mark.parametrize(("text", "code", "keys"), [
    ("For billing, press 2 or say billing. For an agent dial 0. To go back press star.", "en", ["2", "0", "*"]),
    ("Press 1, 2 or 3. Press 4 to 6 for cards. Press the pound key when done.", "en",
     ["1", "2", "3", "4", "5", "6", "#"]),
    ("Press 1 to speak to an agent.", "en", ["1"]),  # "to speak": no range
    ("Please select one of the following options.", "en", []),
    # bare figures are no keys: a phone number, opening hours, a number of two digits, an account number
    ("Dial 1-800-555-0100. We are open 9 to 5. Dial 911 in an emergency. Your account 12345.", "en", []),
    ("Für den Vertrieb drücken Sie die 1, für den Service die Taste 2 oder drücken Sie die Sterntaste.", "de",
     ["1", "2", "*"]),
    ("Pour la facturation, tapez 1. Appuyez sur la touche étoile. Faites le 3. Tapez un numéro.", "fr",
     ["1", "*", "3"]),
    ("Para ventas pulse 1, para soporte marque el 2 o presione la tecla asterisco. Seleccione una opción.", "es",
     ["1", "2", "*"]),
    ("Voor verkoop druk op 1, voor service toets 2, of kies 3 tot 5. Druk op een toets.", "nl",
     ["1", "2", "3", "4", "5"]),
    ("Ügyfélszolgálat: nyomja meg az 1-es gombot, számlázás: nyomja meg a kettest vagy a 3-ast. Nyomjon meg egy "
     "gombot.", "hu", ["1", "2", "3"]),
])
def test_keys_named_after_a_key_verb(text, code, keys):
    assert [k.key for k in named_keys(text, code)] == keys


def test_the_words_that_name_a_key_are_kept():
    assert [(k.key, k.words) for k in named_keys("For sales press 1 or 2.", "en")] == [
        ("1", "press 1"), ("2", "press 1 or 2")]


def test_a_language_without_a_word_list_names_no_keys():
    assert named_keys("Para vendas, pressione 1.", "pt") is None
    assert asks("Você gostaria de continuar?", "pt") is None


@pytest.mark.parametrize(("text", "code", "asking"), [
    ("Would you like to take a short survey", "en", True),
    ("Please enter your account number.", "en", True),
    ("How are you?", "en", True),
    ("Press 1 to hear this again.", "en", True),
    ("Thank you for calling. Goodbye.", "en", False),
    ("Pay online at acme.example/pay?ref=ivr. Goodbye.", "en", False),  # a ? in a web address asks nothing
    ("Möchten Sie an einer Umfrage teilnehmen", "de", True),
    ("Veuillez saisir votre code", "fr", True),
    ("Por favor ingrese su número", "es", True),
    ("Wilt u deelnemen", "nl", True),
    ("Kérjük adja meg az ügyfélszámát", "hu", True),
    ("Vielen Dank für Ihren Anruf.", "de", False),
])
def test_asks_for_an_answer(text, code, asking):
    assert asks(text, code) is asking


@pytest.mark.parametrize(("text", "code"), [
    ("Did you know you can pay your bill online? Thank you for calling.", "en"),
    ("Wussten Sie, dass Sie online bezahlen können? Vielen Dank.", "de"),
    ("Le saviez-vous ? Vous pouvez payer en ligne. Merci.", "fr"),
    ("¿Sabía que puede pagar en línea? Gracias.", "es"),
    ("Wist u dat u online kunt betalen? Bedankt.", "nl"),
    ("Tudta, hogy online is fizethet? Köszönjük.", "hu"),
])
def test_a_rhetorical_question_asks_nothing(text, code):
    assert asks(text, code) is False


def test_a_figure_of_another_script_names_the_key_of_its_value_and_one_with_no_value_none():
    """Found by the long fuzz profile (FreeSWITCH): '٣' in a prompt was taken as a key of its own, and listing
    the keys then failed with a KeyError (a traceback)."""
    assert [k.key for k in named_keys("For sales press ٣", "en")] == ["3"]
    assert named_keys("For sales press ²", "en") == []

"""Courtesy word lists, one data file per language: does a text greet, thank, apologise, give a wait?

Each ``ivr/phrases/<lang>.yaml`` (``lang`` a primary language subtag: ``en``,
``de``, ...) holds plain phrases a translator can read and extend, no regular
expressions; a new language is one file. The courtesy rules read:

``greeting``, ``thanks``, ``apology``
    phrases that greet the caller, thank them, apologise.
``wait_estimate``
    phrases that announce the wait by themselves ("expected wait").
``numbers``, ``time_units``
    a number followed by a time unit is an estimate ("about 3 minutes",
    "etwa vier Minuten"). Digits and ``{placeholders}`` always count as
    numbers; ``numbers`` lists the number words of the language.

The standards rules read ``help``, ``back``, ``end_input``, ``repeat`` (option
labels), ``hours``, ``closed`` (branch conditions) and ``fallback`` (prompts
that offer a call-back or voicemail or say when the line opens); ``transfer-then-hangup``
reads ``transfer`` (prompts that announce a transfer to someone).

``prompt-option-mismatch`` reads the keys a prompt names (:func:`named_keys`):
``press`` (the verbs that name a key: "press", "drücken Sie"), ``key_fillers``
(words between the verb and the key: "the", "die Taste"), ``key_or`` and
``key_range`` (more keys after the first: "1 or 2", "1 to 5"), ``not_keys``
(a number word after a verb that is no key: "select one of"), and the words of
each key, ``key_0`` to ``key_9``, ``key_star`` and ``key_pound`` (digits always
count). ``question-then-hangup`` reads ``question`` (a prompt that asks for an
answer: "would you like", "please enter") and ``rhetorical`` (a question that
wants no answer: "did you know").

Phrases match whole words, whatever the case and Unicode normalisation of the
prompt (casefolded, NFC); words of a phrase may be separated by any spaces or
punctuation in the prompt; a ``*`` at the end of a word matches any ending
(``apologi*`` matches "apologise" and "apologize", ``perc*`` matches "percet").
A language without a file is simply not checked (:func:`phrasebook` gives None).
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

import yaml

__all__ = ["LISTS", "COURTESY_LISTS", "LABEL_LISTS", "PhraseBook", "PhraseFileError", "compile_lists", "primary",
           "languages", "phrasebook", "normalise", "mentions", "mentions_any", "KEY_LISTS", "KEY_WORDS",
           "NamedKey", "named_keys", "asks"]

#: The lists the courtesy rules read.
COURTESY_LISTS = ("greeting", "thanks", "apology", "wait_estimate", "numbers", "time_units")
#: The lists the standards rules read: option labels, branch conditions, closing prompts.
LABEL_LISTS = ("help", "back", "end_input", "repeat", "hours", "closed", "fallback", "transfer", "hang_up")
#: The key each list of key words names.
KEY_WORDS = {**{f"key_{digit}": str(digit) for digit in range(10)}, "key_star": "*", "key_pound": "#"}
#: The lists the key rules read: the keys a prompt names, the prompts that ask for an answer.
KEY_LISTS = ("press", "key_fillers", "key_or", "key_range", "not_keys", *KEY_WORDS, "question", "rhetorical")
#: Lists that may be empty (a language without ranges of keys, without a number word to exclude, or whose
#: number word is an article more often than a key: French "un").
_MAY_BE_EMPTY = frozenset({"key_range", "not_keys", *KEY_WORDS})
#: The lists every word file must have, each a non-empty list of phrases.
LISTS = COURTESY_LISTS + LABEL_LISTS + KEY_LISTS
_SUFFIX = ".yaml"
#: The word files are package data beside this module (read directly: importing importlib.resources costs
#: more than reading them, on every ivr check)
_HERE = os.path.dirname(os.path.abspath(__file__))
# a word, optionally ending in *; words separated by spaces, hyphens or apostrophes
_ENTRY = re.compile(r"^\w+\*?(?:[\s'’-]+\w+\*?)*$")
_WORD = re.compile(r"\w+\*?")
# a figure ("3", "2.5") or a placeholder the platform fills in ("{wait_minutes}")
_FIGURE = r"\d+(?:[.,]\d+)?|\{[^{}]*\}"


class PhraseFileError(Exception):
    """A word file that ships with ivr is broken: a developer's error, said with file and fix."""


def normalise(text: str) -> str:
    """Casefolded NFC text: what phrases are matched against."""
    if text.isascii():  # the same, sooner: ASCII is its own NFC, and casefolds to lower case
        return text.lower()
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).casefold())


def primary(code: str) -> str:
    """The primary subtag of a BCP 47 language code, lower case: ``de-AT`` -> ``de``."""
    return code.split("-")[0].split("_")[0].lower()


class Phrases:
    """A regular expression compiled on first search: of the six word files' patterns most are never
    searched by one ``ivr check`` (``mentions_any`` joins the label lists' ``pattern`` texts instead)."""

    __slots__ = ("pattern", "_compiled")

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self._compiled: re.Pattern[str] | None = None

    def search(self, text: str) -> re.Match[str] | None:
        if self._compiled is None:
            self._compiled = re.compile(self.pattern)
        return self._compiled.search(text)


@dataclass(frozen=True, slots=True)
class PhraseBook:
    """The word lists of one language, as patterns."""

    language: str
    greeting: Phrases
    thanks: Phrases
    apology: Phrases
    estimate: Phrases
    #: one pattern per list of :data:`LABEL_LISTS`
    labels: dict[str, Phrases]
    #: the lists of :data:`KEY_LISTS` as written, compiled on first use (:func:`named_keys`)
    key_lists: dict[str, list[str]]

    def greets(self, text: str) -> bool:
        return self.greeting.search(normalise(text)) is not None

    def thanks_caller(self, text: str) -> bool:
        return self.thanks.search(normalise(text)) is not None

    def explains_wait(self, text: str) -> bool:
        """True when ``text`` apologises for the wait or says how long it is."""
        text = normalise(text)
        return self.apology.search(text) is not None or self.estimate.search(text) is not None

    def mentions(self, text: str, kind: str) -> bool:
        """True when ``text`` holds a phrase of the list ``kind`` (one of :data:`LABEL_LISTS`)."""
        return self.labels[kind].search(normalise(text)) is not None


def _alternatives(phrases: list[str]) -> str:
    def one(phrase: str) -> str:
        words = _WORD.findall(normalise(phrase))
        return r"\W+".join(re.escape(w[:-1]) + r"\w*" if w.endswith("*") else re.escape(w) for w in words)

    # longest first, so that "thank you" is tried before "thank"
    return "|".join(sorted((one(p) for p in phrases), key=len, reverse=True))


def _whole(alternatives: str) -> Phrases:
    return Phrases(rf"(?<!\w)(?:{alternatives})(?!\w)")


def _validate(lists: object, file: str) -> dict[str, list[str]]:
    fix = f"see the header of ivr/phrases/en{_SUFFIX} for the format"
    if not isinstance(lists, dict):
        raise PhraseFileError(f"{file}: expected a mapping of the lists {', '.join(LISTS)}; {fix}")
    missing = [name for name in LISTS if name not in lists]
    unknown = [str(name) for name in lists if name not in LISTS]
    if missing or unknown:
        raise PhraseFileError(f"{file}: missing lists: {', '.join(missing) or 'none'}; "
                              f"unknown lists: {', '.join(unknown) or 'none'}; {fix}")
    for name in LISTS:
        entries = lists[name]
        if not isinstance(entries, list) or not (entries or name in _MAY_BE_EMPTY):
            raise PhraseFileError(f"{file}: '{name}' must be a non-empty list of phrases; {fix}")
        for index, entry in enumerate(entries, start=1):
            if not isinstance(entry, str) or not _ENTRY.match(entry.strip()):
                raise PhraseFileError(
                    f"{file}: entry {index} of '{name}' ({entry!r}) is not a phrase: use words separated by "
                    f"spaces, hyphens or apostrophes, with * only at the end of a word; {fix}")
    return lists


def compile_lists(language: str, lists: object, file: str) -> PhraseBook:
    """The phrase book of ``lists`` (a parsed word file), validated."""
    lists = _validate(lists, file)
    numbers = f"{_FIGURE}|{_alternatives(lists['numbers'])}"
    estimate = rf"(?<!\w)(?:{numbers})\W+(?:{_alternatives(lists['time_units'])})(?!\w)"
    return PhraseBook(
        language,
        greeting=_whole(_alternatives(lists["greeting"])),
        thanks=_whole(_alternatives(lists["thanks"])),
        apology=_whole(_alternatives(lists["apology"])),
        estimate=Phrases(f"{estimate}|(?<!\\w)(?:{_alternatives(lists['wait_estimate'])})(?!\\w)"),
        labels={kind: _whole(_alternatives(lists[kind])) for kind in LABEL_LISTS},
        key_lists={kind: list(lists[kind]) for kind in KEY_LISTS},
    )


@cache
def languages() -> frozenset[str]:
    """The languages that have a word file."""
    return frozenset(name[: -len(_SUFFIX)] for name in os.listdir(_HERE) if name.endswith(_SUFFIX))


def phrasebook(code: str) -> PhraseBook | None:
    """The phrase book for language ``code`` (its primary subtag counts), or None without a word file."""
    language = primary(code)
    return _load(language) if language in languages() else None


@cache
def _load(language: str) -> PhraseBook:
    file = f"ivr/phrases/{language}{_SUFFIX}"
    with open(os.path.join(_HERE, f"{language}{_SUFFIX}"), encoding="utf-8") as handle:
        text = handle.read()
    try:
        # libyaml's loader when PyYAML has it: the six word files are read on every ivr check (start-up)
        lists = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        raise PhraseFileError(f"{file}: not valid YAML ({exc}); fix the syntax") from None
    return compile_lists(language, lists, file)


def mentions(text: str, code: str, kind: str) -> bool | None:
    """Whether ``text`` in language ``code`` holds a phrase of ``kind``; None without a word file."""
    book = phrasebook(code)
    return None if book is None else book.mentions(text, kind)


def mentions_any(text: str, kind: str) -> bool:
    """Whether ``text`` holds a phrase of ``kind`` in any language (labels and conditions say none)."""
    return bool(text) and _any_language(kind).search(normalise(text)) is not None


@cache
def _any_language(kind: str) -> re.Pattern:
    """The ``kind`` phrases of every word file as one pattern: one search per label, not one per language."""
    return re.compile("|".join(f"(?:{_load(language).labels[kind].pattern})" for language in sorted(languages())))


@dataclass(frozen=True, slots=True)
class NamedKey:
    """A key a prompt names: the key (``0``-``9``, ``*``, ``#``) and the words that name it ("press 0")."""

    key: str
    words: str


#: A digit as a key: one digit, alone ("press 1", not "dial 10" or "1-800"), or with a Hungarian ending
#: ("az 1-es gombot", "az 1-est")
_DIGIT = r"\d(?:-[^\W\d_]+)?(?![\w-]|[.,]\d)"


@dataclass(frozen=True, slots=True)
class _KeyGrammar:
    first: re.Pattern[str]
    more: re.Pattern[str]
    not_key: re.Pattern[str] | None
    #: key word (casefolded, without its *) -> (key, whether the word matches any ending)
    words: dict[str, tuple[str, bool]]

    def key_of(self, token: str) -> str | None:
        if token[:1].isdigit():
            # a figure of any script is the key of its value ("٣" is 3); a digit with no decimal value (a
            # superscript) names no key
            value = unicodedata.decimal(token[0], None)
            return str(value) if value is not None else None
        if token in self.words:
            return self.words[token][0]
        return next((key for word, (key, any_end) in self.words.items() if any_end and token.startswith(word)),
                    None)


@cache
def _key_grammar(language: str) -> _KeyGrammar:
    lists = _load(language).key_lists
    words: dict[str, tuple[str, bool]] = {}
    for kind, key in KEY_WORDS.items():
        for entry in lists[kind]:
            word = normalise(entry.strip())
            words[word.rstrip("*")] = (key, word.endswith("*"))
    key_words = _alternatives([entry for kind in KEY_WORDS for entry in lists[kind]])
    token = rf"(?:{_DIGIT}|(?:{key_words})(?!\w))" if key_words else _DIGIT
    fillers = rf"(?:\W+(?:{_alternatives(lists['key_fillers'])}))*"
    first = re.compile(rf"(?<!\w)(?:{_alternatives(lists['press'])}){fillers}\W+(?P<key>{token})")
    joins = [r"\s*,\s*", rf"\W+(?:{_alternatives(lists['key_or'])})\W+"]
    if lists["key_range"]:
        joins.append(rf"\W+(?P<range>{_alternatives(lists['key_range'])})\W+")
    fillers_after = rf"(?:(?:{_alternatives(lists['key_fillers'])})\W+)*"
    more = re.compile(rf"(?:{'|'.join(joins)}){fillers_after}(?P<key>{token})")
    not_key = re.compile(rf"(?:{_alternatives(lists['not_keys'])})(?!\w)") if lists["not_keys"] else None
    return _KeyGrammar(first, more, not_key, words)


def named_keys(text: str, code: str) -> list[NamedKey] | None:
    """The keys ``text`` in language ``code`` names after a key verb ("press 1", "for sales press 2 or 3",
    "drücken Sie die Taste eins", "nyomja meg az 1-es gombot"), in order; None without a word file.

    Only keys after a verb of the ``press`` list count, and those joined to them ("1 or 2", "1 to 5"): a bare
    figure (a phone number, "open 9 to 5") is no key, nor is a number of more than one digit.
    """
    book = phrasebook(code)
    if book is None:
        return None
    grammar = _key_grammar(book.language)
    text = normalise(text)
    found: list[NamedKey] = []
    position = 0
    while (match := grammar.first.search(text, position)) is not None:
        position = match.end()
        start = match.start()
        current: re.Match[str] | None = match
        previous: str | None = None
        while current is not None:
            token_start = current.start("key")
            if grammar.not_key is not None and grammar.not_key.match(text, token_start):
                break
            key = grammar.key_of(current.group("key"))
            if key is None:
                break
            words = text[start:current.end()].strip()
            if current is not match and current.groupdict().get("range") and previous and previous.isdigit() \
                    and key.isdigit() and int(previous) < int(key):
                found.extend(NamedKey(str(k), words) for k in range(int(previous) + 1, int(key)))
            found.append(NamedKey(key, words))
            previous = key
            position = current.end()
            current = grammar.more.match(text, position)
    return found


def asks(text: str, code: str) -> bool | None:
    """Whether ``text`` in language ``code`` asks the caller for an answer: a phrase of the ``question`` list
    ("would you like", "please enter"), a key it names ("press 1"), or a question mark ending a sentence
    (not one inside a web address, nor one of a sentence of the ``rhetorical`` list: "did you know");
    None without a word file."""
    book = phrasebook(code)
    if book is None:
        return None
    rhetorical = _rhetorical(book.language)
    for sentence in re.finditer(r"[^.!?¿]*\?(?=\s|[\"'”’)»]|$)", text):  # not a ? inside a web address
        if rhetorical.search(normalise(sentence.group())) is None:
            return True
    if _question(book.language).search(normalise(text)) is not None:
        return True
    return bool(named_keys(text, code))


@cache
def _rhetorical(language: str) -> re.Pattern[str]:
    return re.compile(_whole(_alternatives(_load(language).key_lists["rhetorical"])).pattern)


@cache
def _question(language: str) -> re.Pattern[str]:
    return re.compile(_whole(_alternatives(_load(language).key_lists["question"])).pattern)

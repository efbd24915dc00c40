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
           "languages", "phrasebook", "normalise", "mentions", "mentions_any"]

#: The lists the courtesy rules read.
COURTESY_LISTS = ("greeting", "thanks", "apology", "wait_estimate", "numbers", "time_units")
#: The lists the standards rules read: option labels, branch conditions, closing prompts.
LABEL_LISTS = ("help", "back", "end_input", "repeat", "hours", "closed", "fallback", "transfer")
#: The lists every word file must have, each a non-empty list of phrases.
LISTS = COURTESY_LISTS + LABEL_LISTS
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
        if not isinstance(entries, list) or not entries:
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

"""What a tester expects to hear: a distinctive phrase of each prompt, and where it ends.

A menu in several languages gets one suite per language (:func:`languages`:
every language a prompt is written in; a plain prompt is in the menu's
``language``). In a suite, a prompt is read in the suite's language; a
prompt written in one language only is read in that one (it is what plays,
whoever calls); a prompt in several other languages is read in the menu's
language. A prompt that is a recording only, or a menu or input with nothing to read
in the suite's language, gets a placeholder the tester fills in; other nodes
without a prompt say nothing.

The phrases ignore ``{placeholders}`` (the platform fills them in) and
punctuation, and are compared without case:

* the distinctive phrase is the beginning (up to 8 words) of the first
  clause of the prompt that no other prompt of the suite contains; failing
  that the first 5 words in a row that no other prompt contains; failing
  that the beginning of the first clause;
* the finish-on phrase is the last clause (up to its last 6 words), longer
  by earlier words while it also occurs earlier in the prompt: hearing it
  means the prompt is over.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import networkx as nx

from ivr.model.menu import PROMPTED_TYPES
from ivr.phrases import normalise

__all__ = ["languages", "text_in", "Heard", "Hearing", "PHRASE_WORDS", "FINISH_WORDS"]

PHRASE_WORDS = 8
WINDOW_WORDS = 5
FINISH_WORDS = 6
_CLAUSE_END = re.compile(r"[.,;:!?…]+(?:\s|$)|\{[^{}]*\}")
_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")


def languages(graph: nx.DiGraph) -> list[str]:
    """Every language a prompt of the menu is written in, sorted; the menu's own when none is."""
    found = {code or graph.graph["language"]
             for model in graph.nodes(data="node") if model[1] is not None and model[1].prompt is not None
             for code in model[1].prompt.texts}
    return sorted(found) or [graph.graph["language"]]


def text_in(texts: dict[str, str], language: str, menu_language: str) -> str | None:
    """The text a caller of a suite in ``language`` hears of a prompt (see the module's rules)."""
    if language in texts:
        return texts[language]
    if "" in texts and language == menu_language:
        return texts[""]
    if len(texts) == 1:
        return next(iter(texts.values()))
    return texts.get(menu_language) or texts.get("")


def _clauses(text: str) -> list[list[str]]:
    return [words for part in _CLAUSE_END.split(text) if (words := _WORD.findall(part))]


@dataclass(frozen=True, slots=True)
class Heard:
    """What to expect of one node: ``phrase`` to hear (``None``: it says nothing), ``finish`` its last
    words; ``placeholder`` when the tester must fill them in."""

    phrase: str | None
    finish: str | None
    placeholder: bool = False


class Hearing:
    """The phrases of every node of a menu in one language."""

    def __init__(self, graph: nx.DiGraph, language: str) -> None:
        self.language = language
        menu_language = graph.graph["language"]
        self.texts: dict[str, str] = {}
        self.silent_prompts: list[str] = []
        #: node -> its recording, for prompts that are audio only
        self.audio: dict[str, str] = {}
        for node_id, model in graph.nodes(data="node"):
            if model is None:
                continue
            text = text_in(model.prompt.texts, language, menu_language) if model.prompt is not None else None
            if text is not None and _clauses(text):
                self.texts[node_id] = text
            elif model.type in PROMPTED_TYPES or (model.prompt is not None and model.prompt.audio is not None):
                self.silent_prompts.append(node_id)
                if model.prompt is not None and model.prompt.audio is not None:
                    self.audio[node_id] = model.prompt.audio
        self._clauses = {node_id: _clauses(text) for node_id, text in self.texts.items()}
        self._holders: dict[tuple[str, ...], set[str]] | None = None
        self._cache: dict[str, Heard] = {}

    def of(self, node_id: str) -> Heard:
        """What to expect of ``node_id``."""
        if node_id not in self._cache:
            self._cache[node_id] = self._heard(node_id)
        return self._cache[node_id]

    def _candidates(self, clauses: list[list[str]]) -> list[list[str]]:
        """The phrases tried for a prompt, in the order they are tried."""
        words = [w for c in clauses for w in c]
        return [c[:PHRASE_WORDS] for c in clauses] + [words[i:i + WINDOW_WORDS] for i in
                                                      range(max(len(words) - WINDOW_WORDS + 1, 1))]

    def _unique(self, node_id: str, words: list[str]) -> bool:
        """True when no other prompt has ``words`` in a row (without case or punctuation)."""
        if self._holders is None:  # an index of every phrase tried: which prompts hold it
            tokens = {n: tuple(normalise(w) for c in clauses for w in c) for n, clauses in self._clauses.items()}
            tried = {tuple(normalise(w) for w in phrase) for clauses in self._clauses.values()
                     for phrase in self._candidates(clauses)}
            sizes = sorted({len(phrase) for phrase in tried})
            self._holders = {}
            for holder, row in tokens.items():
                for size in sizes:
                    for i in range(len(row) - size + 1):
                        if row[i:i + size] in tried:
                            self._holders.setdefault(row[i:i + size], set()).add(holder)
        return self._holders.get(tuple(normalise(w) for w in words), set()) <= {node_id}

    def _heard(self, node_id: str) -> Heard:
        if node_id in self.silent_prompts:
            audio = f" ({self.audio[node_id]})" if node_id in self.audio else ""
            # no braces: test tools read {name} in a phrase as a variable to fill (Bespoken); a flow's templating
            # placeholder ({{x}}) in an audio name or id made the written test invalid (found by the long fuzz profile)
            fill = f"[fill in: what '{node_id}' says{audio}]".replace("{", "(").replace("}", ")")
            return Heard(fill, fill, placeholder=True)
        if node_id not in self.texts:
            return Heard(None, None)
        clauses = self._clauses[node_id]
        words = [w for c in clauses for w in c]
        phrase = next((p for p in self._candidates(clauses) if self._unique(node_id, p)), clauses[0][:PHRASE_WORDS])
        return Heard(" ".join(phrase), " ".join(_finish(words, len(clauses[-1]))))

    @property
    def placeholders(self) -> list[str]:
        """The menus and inputs whose prompt the tester must fill in, in the order of the file."""
        return list(self.silent_prompts)


#: The longest ending tried for a prompt's finish: past it, an ending that the prompt also says earlier (a text that
#: repeats itself) is taken as it is; without the bound the search was quadratic in the prompt's words (the long
#: fuzz profile: 17,500 words took ivr tests 68 s).
MOST_FINISH_WORDS = 4 * FINISH_WORDS


def _finish(words: list[str], last: int) -> list[str]:
    """The prompt's last words, as many as make an ending it does not also say earlier (when one is found within
    MOST_FINISH_WORDS words): each word normalised once, and each ending looked for once in the rest."""
    size = min(last, FINISH_WORDS)
    most = min(len(words), max(size, MOST_FINISH_WORDS))
    if size >= most:
        return words[-size:]
    norm = [normalise(w) for w in words]
    before = " " + " ".join(norm[:-1]) + " "
    while size < most and " " + " ".join(norm[-size:]) + " " in before:
        size += 1
    return words[-size:]

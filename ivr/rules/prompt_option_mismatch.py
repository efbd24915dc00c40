"""A menu's prompt names a key that no option has, or has an option it never names.

## What it does
Reads the keys a menu's prompt names ("press 1", "for billing, press 2 or 3",
"dial 0", "press star", "drücken Sie die 1", "tapez 1", "nyomja meg az 1-es
gombot"), in each language of the prompt that has a word list
(`ivr/phrases/<lang>.yaml`: the verbs of `press`, the number words of
`key_0`..`key_9`, `key_star`, `key_pound`), and compares them with the keys
of the menu's options, both ways:

- a key the prompt names that no option has is a warning: callers press it
  and hear that it is not valid, or are cut off; an info only when the menu's
  wrong-key path is a catch-all that goes on elsewhere (Amazon Connect's
  Default, a Twilio split's noMatch), where the key may work on purpose
  ("otherwise, press 3");
- an option whose key the prompt never names, in a prompt that names keys,
  is an info: a hidden choice.

Only keys said after a key verb count, and those joined to them ("1 or 2",
"1 to 5"); a bare figure (a phone number, "open 9 to 5", an account number)
never does, nor does a number of two digits. Prompts that are recordings
without words, and texts in a language without a word list, are not read
(the summary names those languages). Options matched by speech only (a
word such as `Sales`) are not keys; nor are the timeout and invalid-entry
paths (Asterisk's `t` and `i`). A menu that also matches patterns (a
FreeSWITCH regular expression, an Asterisk `_X.`) is not told a key is
missing: a pattern may take it. A hidden option is only reported when its key
appears nowhere in the prompt, not even bare ("press 1 for sales, 2 for
billing" names 2 without a verb), and means something else than callers
know a key to mean untold (as `nonstandard-key` reads them, ISO/IEC 13714:
0 for a person or help, * to go back, # to end an entry, and a key that
plays the menu again), and only when every text of the prompt
has a word list and the prompt plays no recording besides (either may name
it). A key missing from a menu that gives one key to two options is left to
`duplicate-key` (the key meant for the second option is its consequence).
A menu with no option by key at all is not judged (a bot that hears
words, an entry that the caller ends with #).

## Why is this bad?
A key the prompt offers but the menu lacks is a promise broken at the worst
moment: the caller did exactly what they were told and hears "that is not a
valid option", or is cut off. It happens when an option is removed (the agent
option 0 taken out after hours) and the recording is not changed.

A hidden option is less harmful, hence an info: nobody presses a key they are
not told of, except callers who know it from before, and it is often on
purpose (0 for an operator, * to go back, a shortcut for staff). But a choice
the prompt forgot is lost to every new caller, and when the prompt was
re-recorded without it the option may be dead code nobody dares to remove.

## Example
```yaml
  main:
    type: menu
    prompt: For billing press 1, for sales press 2, for an agent press 0.
    options:
      "1": {goto: billing}
      "2": {goto: sales}
      "3": {goto: porting}
```

## Use instead
```yaml
  main:
    type: menu
    prompt: For billing press 1, for sales press 2, to move your number press 3, for an agent press 0.
    options:
      "1": {goto: billing}
      "2": {goto: sales}
      "3": {goto: porting}
      "0": {goto: agents}
```

## Options
None.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ivr.graph.build import name_of
from ivr.graph.human import reaches_person, start_menu
from ivr.graph.index import index
from ivr.graph.levels import menu_levels
from ivr.graph.navigation import goes_back, repeat_keys
from ivr.graph.reach import after_messages
from ivr.model.findings import Problem, Severity
from ivr.model.menu import Fallback
from ivr.phrases import mentions_any, named_keys, normalise, phrasebook

if TYPE_CHECKING:
    import networkx as nx

ID = "prompt-option-mismatch"
SEVERITY = Severity.WARNING
OPTIONS: dict[str, object] = {}

_KEYS = "0123456789*#"
_ORDER = {key: index for index, key in enumerate("1234567890*#")}


def _order(key: str) -> tuple[int, str]:
    return _ORDER.get(key, len(_ORDER)), key


def _keys_listed(keys) -> str:
    return ", ".join(sorted(keys, key=_order)) or "none"


def _is_speech(key: str) -> bool:
    """An option matched by words only (``Sales``, ``CheckSchedule``): no key."""
    return not any(ch.isdigit() or ch in "*#" for ch in key)


def _wrong_key_path(graph, node_id: str, model) -> tuple[str, bool]:
    """What callers who press a key no option has get, and whether it is an error path (the menu again,
    through messages, or the end of the call) rather than a catch-all that goes on (Amazon Connect's
    Default, a Twilio split's noMatch), which may be where the prompt meant the key to lead."""
    ref = model.no_match
    if ref is None and model.when_no_match is Fallback.DISCONNECT:  # what the platform does with no way written
        return "are disconnected", True
    if ref is None or ref.target == node_id:  # a way written back to the menu is taken, whatever the default
        return "are told it is not valid and hear the menu again", True
    end = after_messages(graph, ref.target)  # the menu is no message: a way back to it ends there
    if end is not None and (end == node_id or index(graph).kind[end] == "hangup"):
        return f"go to '{name_of(graph, ref.target)}', its no-match path", True
    return f"go to '{name_of(graph, ref.target)}', as for any key without an option", False


def _said_bare(key: str, text: str, language: str) -> bool:
    """Whether ``key`` appears anywhere in ``text``, as a figure or a word of its key list (without a verb)."""
    text = normalise(text)
    if key.isdigit() and re.search(rf"(?<!\d){key}(?!\d)", text):
        return True
    return key in text if key in "*#" else any(word.search(text) for word in _key_words(key, language))


@functools.lru_cache(maxsize=4096)  # keyed by what files write: bounded
def _key_words(key: str, language: str) -> tuple[re.Pattern[str], ...]:
    """The words of the key list of ``key`` in ``language`` (none without a word file), each as a pattern that
    finds it at the start of a word; made once per key and language, not once per menu."""
    book = phrasebook(language)
    words = book.key_lists[f"key_{'star' if key == '*' else 'pound' if key == '#' else key}"] if book else []
    return tuple(re.compile(rf"(?<!\w){re.escape(normalise(w).rstrip('*'))}") for w in words)


def _conventional(graph, node_id: str, key: str, option, repeats: list[str]) -> bool:
    """Whether an option's key means what callers know it to mean without being told (as nonstandard-key
    reads them, ISO/IEC 13714): 0 for a person or help, * to go back, # to end an entry, a key that
    plays the menu again."""
    label, target = option.label or "", option.goto.target
    if key in repeats:
        return True
    if key == "0":
        return reaches_person(graph, target) or mentions_any(label, "help")
    if key == "*":
        return mentions_any(label, "back") or goes_back(graph, node_id, target, menu_levels(graph)[0],
                                                        start_menu(graph))
    return key == "#" and mentions_any(label, "end_input")


def check(graph: nx.DiGraph, options: Mapping[str, Any]) -> Iterator[Problem]:
    language = graph.graph["language"]
    # the menus with two options given one key (read once, not once per menu)
    doubled_keys = {dup.path[1] for dup in graph.graph.get("duplicates", ())
                    if len(dup.path) == 3 and dup.path[0] == "nodes" and dup.path[2] == "options"}
    for node_id, model in index(graph).defined("menu"):
        if model.prompt is None or not model.prompt.texts:
            continue
        if model.input_modes is not None and "dtmf" not in model.input_modes:
            continue  # a menu that hears words only: its prompt's keys are another fault
        keys = {key for key in model.options if key in _KEYS and len(key) == 1}
        if not keys:
            continue  # no option by key (a speech menu, or an entry ended by #): nothing to compare
        patterns = any(not (key in keys or _is_speech(key)) for key in model.options)
        named: dict[str, str] = {}  # key -> the words that name it, first said
        texts = [(code or language, text) for code, text in model.prompt.texts.items()]
        for code, text in texts:
            found = named_keys(text, code)
            if found:
                for mention in found:
                    named.setdefault(mention.key, mention.words)
        if not named:
            continue
        where = model.prompt.location
        name = name_of(graph, node_id)
        # two options given one key: duplicate-key reports it, and the key the prompt names for the second
        # (missing here) is that fault's consequence, not another one
        doubled = node_id in doubled_keys
        if not (patterns or doubled):
            for key, words in named.items():
                if key not in keys:
                    path, error = _wrong_key_path(graph, node_id, model)
                    yield Problem(
                        f"menu '{name}' says '{words}' but has no option {key} (its options: {_keys_listed(keys)}); "
                        f"callers who press {key} {path}: add option {key} or take it out of the prompt",
                        where, node_id, severity=None if error else Severity.INFO)
        # a recording beside the text, or a text in a language without a word list, may name any key: the
        # menu's hidden options are not judged then
        unread = model.prompt.audio is not None or any(phrasebook(code) is None for code, _ in texts)
        hidden = [] if unread else [key for key in keys if key not in named
                                    and not any(_said_bare(key, text, code) for code, text in texts)]
        if hidden:
            repeats = repeat_keys(graph, node_id)
            hidden = [key for key in hidden
                      if not _conventional(graph, node_id, key, model.options[key], repeats)]
        if hidden:
            said = _keys_listed(named)
            yield Problem(
                f"menu '{name}' has option{'s' if len(hidden) > 1 else ''} {_keys_listed(hidden)} that its prompt "
                f"never names (it names {said}); say {'them' if len(hidden) > 1 else 'it'} in the prompt, or "
                "remove the option if no caller should take it",
                model.options[min(hidden, key=_order)].location, node_id, severity=Severity.INFO)

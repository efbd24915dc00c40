"""Words the standards rules recognise, one data file per language (``<code>.yaml`` here).

Each file maps a kind of phrase (``help``, ``back``, ``end_input``,
``repeat``, ``hours``, ``closed``, ``fallback``; see ``en.yaml``) to a list of
phrases. A phrase matches at the start of a word, case-insensitively, so
that "callback" matches "callbacks" and Hungarian "visszahív" matches
"visszahívjuk". A new language is one new file.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

import yaml

__all__ = ["languages", "mentions", "mentions_any"]


@cache
def _files() -> dict[str, dict[str, tuple[str, ...]]]:
    found = {}
    for entry in resources.files(__name__).iterdir():
        if entry.name.endswith(".yaml"):
            data = yaml.safe_load(entry.read_text(encoding="utf-8")) or {}
            found[entry.name[:-5]] = {kind: tuple(words) for kind, words in data.items()}
    return found


def languages() -> list[str]:
    """The language codes that have a word file."""
    return sorted(_files())


@cache
def _pattern(language: str, kind: str) -> re.Pattern | None:
    words = _files().get(language, {}).get(kind)
    if not words:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + ")", re.IGNORECASE)


def mentions(text: str, language: str, kind: str) -> bool | None:
    """Whether ``text`` in ``language`` (BCP 47) has a phrase of ``kind``; None when there is no word file."""
    pattern = _pattern(language.split("-")[0].lower(), kind)
    if pattern is None:
        return None
    return pattern.search(text) is not None


@cache
def _any_pattern(kind: str) -> re.Pattern:
    words = sorted({w for data in _files().values() for w in data.get(kind, ())})
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + ")", re.IGNORECASE)


def mentions_any(text: str, kind: str) -> bool:
    """Whether ``text`` has a phrase of ``kind`` in any language (for labels and conditions, which carry none)."""
    return bool(text) and _any_pattern(kind).search(text) is not None

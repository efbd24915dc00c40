"""Presentation (stage 4): findings as text or JSON, and safe writing of output files."""

from __future__ import annotations

import json as _json  # the submodule ivr.present.json takes the name 'json' in this package
import os
import re
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ivr.atomic import remove_leftovers, write_atomic, write_atomic_bytes
from ivr.model.findings import Severity

if TYPE_CHECKING:
    from ivr.pipeline import FileResult

__all__ = ["summary", "relative_path", "write_atomic", "write_atomic_bytes", "remove_leftovers", "json_text"]


def summary(results: Sequence[FileResult]) -> dict:
    """Counts over all files: findings by severity, files that could not be read, and the
    prompt languages the courtesy rules could not check (no word list)."""
    counts = Counter(f.severity for r in results for f in r.findings)
    audio = sum(r.audio_prompts for r in results)
    return {
        "files": len(results),
        "findings": sum(counts.values()),
        **{s.value: counts[s] for s in sorted(Severity, key=lambda s: -s.rank)},
        "invalid_files": sum(1 for r in results if r.errors),
        "baselined": sum(r.baselined for r in results),
        "unchecked_languages": sorted({code for r in results for code in r.unchecked_languages}),
        # prompts that are recordings without words (only where there are some: YAML menus have none)
        **({"audio_prompts": audio} if audio else {}),
    }


def relative_path(file: str) -> str:
    """``file`` relative to the working folder when it is inside it, else absolute.

    Code-scanning tools (SARIF, GitHub annotations) resolve paths against the
    checkout, which is where ``ivr check`` runs in CI.
    """
    absolute = os.path.abspath(file)
    relative = os.path.relpath(absolute)
    return absolute if relative == os.pardir or relative.startswith(os.pardir + os.sep) else relative


#: Characters JSON lets through unescaped that a terminal or an editor acts on: C1 controls (``\x9b`` is a
#: CSI on many terminals), line separators and bidirectional overrides.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def json_text(document: object) -> str:
    """``document`` as indented JSON, non-ASCII text kept as it is but the characters of :data:`_JSON_UNSAFE`
    written as ``\\uXXXX`` escapes (the same JSON: they only occur inside strings)."""
    text = _json.dumps(document, indent=2, ensure_ascii=False)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) if _JSON_UNSAFE.search(text) else text

"""Bespoken end-to-end IVR tests (YAML), run by the open-source ``bespoken-tools`` CLI (``bst test``).

One file per language, ``<menu>.<language>.e2e.yml``: a configuration
document, then one document per test. Each test is ``- test: NAME``, then one
interaction per line of the test: ``$DIAL`` to call, ``$<keys>`` to press keys
(DTMF), ``$PAUSE <seconds>`` to say nothing, each with the phrase to hear
(``transcript``, which Bespoken matches in part) and the last words of the
prompt (``set finishOnPhrase``), after which Bespoken stops listening and
answers. A line with nothing to hear, where the call ends, only sets
``listeningTimeout``. Strings are written in double quotes (JSON escapes are
YAML escapes), so any prompt text stays one valid scalar.
"""

from __future__ import annotations

import json
import re

import networkx as nx

from ivr.graph.timing import durations
from ivr.model.words import printable
from ivr.present.testscripts.script import Line, locale_of, script
from ivr.testgen import Act, Hearing, Suite

__all__ = ["files", "SUFFIX"]

SUFFIX = ".e2e.yml"


#: Characters YAML does not allow in a file (outside its printable set), escaped as \\uXXXX.
_NOT_YAML = re.compile("[\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


def _q(text: str) -> str:
    """``text`` as a double-quoted scalar: JSON's escapes, which YAML shares, and YAML's own limits."""
    return _NOT_YAML.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(text, ensure_ascii=False))


def _utterance(line: Line) -> str:
    if line.act is None:
        return "$DIAL"
    if line.act is Act.SILENCE:
        return f"$PAUSE {line.silence_s}"
    return "$" + line.reply


def _interaction(line: Line) -> list[str]:
    key = _utterance(line)
    out = [f"- {_q(key) if any(c in key for c in ':#*') else key}:"]
    if line.expect is not None:
        out.append(f"  - transcript: {_q(line.expect.phrase or '')}")
        if not line.ends_call:
            out.append(f"  - set finishOnPhrase: {_q(line.expect.finish or '')}")
    out.append(f"  - set listeningTimeout: {line.listen_s}")
    return out


def suite_text(graph: nx.DiGraph, suite: Suite, language: str, source: str) -> str:
    """The Bespoken test file of ``suite`` in ``language``."""
    hearing = Hearing(graph, language)
    seconds = durations(graph)
    out = [printable(f"# Bespoken end-to-end IVR tests of {suite.name} ({source}), in {language}."),
           printable(f"# Written by `ivr tests {source} --format bespoken`: write them again when the menu changes."),
           "---",
           "configuration:",
           f"  description: {_q(f'{suite.name}: tests made from the menu ({language})')}",
           "  type: e2e",
           "  platform: phone"]
    locale = locale_of(language)
    if locale is not None:
        out.append(f"  locale: {locale}")
    for path in suite.paths:
        out += ["---", printable(f"# {path.id}" + (f": {path.note}" if path.note else ""))]
        out += [printable(f"# assumes branch '{branch}' takes case {_q(case)}") for branch, case in path.assumes]
        out.append(f"- test: {_q(path.title)}")
        for line in script(graph, path, hearing, seconds):
            out += _interaction(line)
    return "\n".join(out) + "\n"


def files(graph: nx.DiGraph, suite: Suite, stem: str, source: str) -> dict[str, str]:
    """File name -> content: one test file per language."""
    return {f"{stem}.{language}{SUFFIX}": suite_text(graph, suite, language, source) for language in suite.languages}

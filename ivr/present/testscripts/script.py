"""A test as its writers see it: numbered lines, each an act of the caller and what to hear after it.

Shared by the Bespoken, IVR Tester and CSV writers, so that they say the same
thing: line 1 is dialling; each further line is the caller's act at a prompt
(a key, an entry, silence) and what the IVR says next, up to the next prompt
to answer or the end of the call. ``expect`` is the phrase of the last node
with something to say; ``heard`` names every node that speaks, in order.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import networkx as nx

from ivr.graph.build import TERMINAL_KINDS
from ivr.graph.timing import DEFAULT_TIMEOUT, durations
from ivr.testgen import Act, Heard, Hearing, TestPath, steps

__all__ = ["Line", "script", "describe", "MARGIN_S", "locale_of", "LOCALES"]

#: Seconds added to the prompts' estimated length before a tester gives up waiting.
MARGIN_S = 10
#: Locales for Bespoken's speech recognition by primary language (a code with a region is kept as written).
LOCALES = {"en": "en-US", "de": "de-DE", "nl": "nl-NL", "hu": "hu-HU", "fr": "fr-FR", "es": "es-ES",
           "it": "it-IT", "pt": "pt-PT"}


def locale_of(language: str) -> str | None:
    """The locale to ask a speech recogniser for: ``en`` -> ``en-US``; ``None`` when unknown."""
    return language if "-" in language else LOCALES.get(language)


@dataclass(frozen=True, slots=True)
class Line:
    number: int
    act: Act | None
    reply: str
    at: str | None
    expect: Heard | None
    heard: tuple[tuple[str, Heard], ...]
    #: the call ends in this line (a transfer, voicemail, hangup, or the system hangs up)
    ends_call: bool
    #: seconds of silence the caller keeps (the node's timeout), for Act.SILENCE
    silence_s: int
    #: seconds a tester waits at most for what this line should hear
    listen_s: int


def script(graph: nx.DiGraph, path: TestPath, hearing: Hearing, seconds: dict[str, float] | None = None
           ) -> list[Line]:
    """The lines of ``path`` in ``hearing``'s language."""
    seconds = seconds if seconds is not None else durations(graph)
    lines: list[Line] = []
    for number, step in enumerate(steps(path), start=1):
        heard = tuple((node_id, hearing.of(node_id)) for node_id in step.heard
                      if node_id in graph and hearing.of(node_id).phrase is not None)
        silence = 0
        if step.act is Act.SILENCE and step.at is not None:
            timeout = graph.nodes[step.at]["node"].timeout
            silence = math.ceil(timeout if timeout is not None else DEFAULT_TIMEOUT)
        talk = sum(seconds.get(node_id, 0.0) for node_id in step.heard)
        last = step.heard[-1]
        ends = graph.nodes[last]["kind"] in TERMINAL_KINDS or graph.nodes[last]["kind"] == "missing"
        lines.append(Line(number, step.act, step.reply, step.at, heard[-1][1] if heard else None, heard, ends,
                          silence, math.ceil(talk) + silence + MARGIN_S))
    return lines


def describe(line: Line) -> str:
    """The line's act in words."""
    at = f" at '{line.at}'"
    if line.act is None:
        return "Dial the IVR"
    if line.act is Act.PRESS:
        return f"Press {line.reply}{at}"
    if line.act is Act.ENTER:
        return f"Enter {line.reply}{at}"
    if line.act is Act.SILENCE:
        return f"Say nothing{at} for {line.silence_s} s"
    if line.act is Act.WRONG_KEY:
        return f"Press {line.reply}{at}, which is no option"
    return f"Enter {line.reply}{at}, which it must refuse"

"""IVR Tester scenarios (JSON), run by ``ivr-tester-cli`` (github.com/SketchingDev/ivr-tester).

The CLI runs one scenario file, so each test is a file of its own:
``<menu>.<language>.ivr-tester/<test>.json``, ``{name, steps}``. A step waits
for a prompt (``whenPrompt``: ``contains`` the phrase to hear, or
``isAnything`` when there is nothing to read) and answers it (``then``:
``press`` keys, ``doNothing`` for silence, ``hangUp`` once the call has
reached its end), after ``silenceAfterPrompt`` ms of quiet, giving up after
``timeout`` ms. These are the types the published CLI (0.0.1) accepts.
"""

from __future__ import annotations

import json

import networkx as nx

from ivr.graph.timing import durations
from ivr.present.testscripts.script import Line, script
from ivr.testgen import Act, Hearing, Suite

__all__ = ["files", "scenario", "SILENCE_AFTER_PROMPT_MS"]

#: Quiet after a prompt that tells IVR Tester the prompt is over.
SILENCE_AFTER_PROMPT_MS = 3000


def _then(line: Line) -> dict:
    if line.act is Act.SILENCE:
        return {"type": "doNothing"}
    return {"type": "press", "value": line.reply}


def _when(line: Line) -> dict:
    if line.expect is None:
        return {"type": "isAnything"}
    return {"type": "contains", "value": line.expect.phrase}


def scenario(lines: list[Line], name: str) -> dict:
    """The scenario of a test's lines: each step hears one line and answers with the next line's act."""
    steps = []
    for line, after in zip(lines, lines[1:] + [None]):
        if after is None and line.expect is None:
            break  # nothing to hear at the end: the last answer was the last step
        steps.append({"whenPrompt": _when(line), "then": _then(after) if after else {"type": "hangUp"},
                      "silenceAfterPrompt": SILENCE_AFTER_PROMPT_MS, "timeout": line.listen_s * 1000})
    return {"name": name, "steps": steps}


def files(graph: nx.DiGraph, suite: Suite, stem: str, source: str) -> dict[str, str]:
    """File name -> content: a folder per language, a scenario per test."""
    seconds = durations(graph)
    out: dict[str, str] = {}
    for language in suite.languages:
        hearing = Hearing(graph, language)
        for path in suite.paths:
            lines = script(graph, path, hearing, seconds)
            text = json.dumps(scenario(lines, path.title), ensure_ascii=False, indent=2)
            out[f"{stem}.{language}.ivr-tester/{path.id}.json"] = text + "\n"
    return out

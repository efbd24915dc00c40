"""Test steps as CSV, for test-management tools and commercial testers that import steps.

One file per language, ``<menu>.<language>.csv``, one row per step of each
test: ``test``, ``step``, ``description`` (the act in words), ``expect to
hear`` (the phrase), ``finish on`` (the prompt's last words), ``reply with``
(keys or digits), ``reply type`` (``dial``, ``dtmf``, ``silence``), ``min
pause (s)`` (how long to wait before answering: the node's timeout for
silence) and ``max pause (s)`` (how long to wait at most for the phrase).
Rows end in ``\\n``; fields are quoted where they need it.
"""

from __future__ import annotations

import csv
import io

import networkx as nx

from ivr.graph.timing import durations
from ivr.present.testscripts.script import Line, describe, script
from ivr.testgen import Act, Hearing, Suite

__all__ = ["files", "COLUMNS"]

COLUMNS = ("test", "step", "description", "expect to hear", "finish on", "reply with", "reply type",
           "min pause (s)", "max pause (s)")


def _row(test: str, line: Line) -> list[str | int]:
    kind = "dial" if line.act is None else "silence" if line.act is Act.SILENCE else "dtmf"
    expect = line.expect
    return [test, line.number, describe(line), (expect.phrase or "") if expect else "",
            (expect.finish or "") if expect and not line.ends_call else "", line.reply, kind,
            line.silence_s if line.act is Act.SILENCE else 0, line.listen_s]


def suite_text(graph: nx.DiGraph, suite: Suite, language: str) -> str:
    hearing = Hearing(graph, language)
    seconds = durations(graph)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for path in suite.paths:
        for line in script(graph, path, hearing, seconds):
            writer.writerow(_row(path.id, line))
    return buffer.getvalue()


def files(graph: nx.DiGraph, suite: Suite, stem: str, source: str) -> dict[str, str]:
    """File name -> content: one CSV file per language."""
    return {f"{stem}.{language}.csv": suite_text(graph, suite, language) for language in suite.languages}

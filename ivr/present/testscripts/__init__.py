"""Test scripts for live IVR testers, written from a :class:`~ivr.testgen.Suite` (issue 17).

One module per format; each has ``files(graph, suite, stem, source)`` giving
file name -> content (names relative to the output folder, ``stem`` the menu
file's name without its extension). :func:`report` is the coverage report,
printed by ``ivr tests`` and written next to the tests as
``<menu>.coverage.txt``. Everything is in a stable order with no dates, so the
same menu gives byte-identical files.
"""

from __future__ import annotations

from collections import Counter

import networkx as nx

from ivr.model.words import printable
from ivr.present.testscripts import bespoken, csv_steps, ivr_tester
from ivr.testgen import Hearing, Kind, Suite

__all__ = ["FORMATS", "report", "suite_files", "FIGURE_NAMES"]

#: ``--format`` -> writer module.
FORMATS = {"bespoken": bespoken, "ivr-tester": ivr_tester, "csv": csv_steps}
FIGURE_NAMES = {"options": "options", "gotos": "gotos", "nodes": "nodes", "errors": "error ways"}


def report(graph: nx.DiGraph, suite: Suite, source: str) -> str:
    """What the suite holds, its coverage, and what it leaves out and why."""
    kinds = Counter(path.kind for path in suite.paths)
    parts = ", ".join(f"{kinds[kind]} {label}" for kind, label in
                      ((Kind.INTENT, "intent"), (Kind.COVERAGE, "coverage"), (Kind.ERROR, "error")))
    lines = [f"{printable(suite.name)} ({printable(source)}): {len(suite.paths)} tests ({parts}), "
             f"in {printable(', '.join(suite.languages))}"]
    figures = suite.coverage.figures
    lines.append("coverage: " + ", ".join(
        f"{FIGURE_NAMES[name]} {f.covered}/{f.total} ({f.percent:.1f}%)" for name, f in figures.items()))
    if suite.implied_intent:
        lines.append("intents: none declared; one test for callers who want a person (any transfer)")
    for name in suite.unreached_intents:
        lines.append(f"intent '{printable(name)}': no test, no call can reach its goal")
    if suite.coverage.missing:
        lines.append("not covered:")
        lines += [printable(f"  {m.location}: {m.what}: {m.reason}" if m.location else f"  {m.what}: {m.reason}")
                  for m in suite.coverage.missing]
    if suite.coverage.assumed:
        lines.append("assumed branch cases (the system decides them; run these tests when they hold):")
        lines += [f"  '{printable(branch)}' is '{printable(case)}': {printable(', '.join(ids))}"
                  for (branch, case), ids in suite.coverage.assumed.items()]
    speech = [node_id for node_id, model in graph.nodes(data="node") if model is not None
              and model.input_modes is not None and "dtmf" not in model.input_modes]
    if speech:
        verb = "takes" if len(speech) == 1 else "take"
        lines.append(printable(f"speech only: {', '.join(speech)} {verb} no keys, but the tests press keys there; "
                               "replace them with what to say"))
    for language in suite.languages:
        fill = Hearing(graph, language).placeholders
        if fill:
            lines.append(printable(f"placeholders in {language}: {len(fill)} prompt{'s' if len(fill) > 1 else ''} "
                                   f"with no text to expect, fill in what they say: {', '.join(fill)}"))
    return "\n".join(lines) + "\n"


def suite_files(graph: nx.DiGraph, suite: Suite, fmt: str, stem: str, source: str) -> dict[str, str]:
    """Every file to write for ``fmt``, the coverage report included, sorted by name."""
    out = FORMATS[fmt].files(graph, suite, stem, source)
    out[f"{stem}.coverage.txt"] = report(graph, suite, source)
    return dict(sorted(out.items()))

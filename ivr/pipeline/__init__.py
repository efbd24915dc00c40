"""The one path from sources to results: read, build the graph, run the rules, simulate when asked.

Every command loads through here, so whatever :func:`ivr.formats.reading.read_all`
reads (a file, ``REV:PATH`` from git, and the formats it learns) every command
reads. No click, no exit codes, no terminal: results are data, for the
presentation and the command line.

* :func:`read` -- sources to menus (and the reasons a source cannot be read);
* :func:`analyse` -- one menu to an :class:`Analysis`: its graph, findings with
  the rules given, and a simulation (with edge flows) when a :class:`Simulating`
  is given;
* :func:`analyse_all` -- both, with the configuration's rules for each file;
* :func:`check` / :func:`check_file` -- what ``ivr check`` reports: a
  :class:`FileResult` per menu, or per source that cannot be read;
* :func:`compare_menus` / :func:`compare_sources` -- what ``ivr diff`` reports,
  both sides analysed here alike, with the regressions (and the queues' when
  staffing is given);
* :mod:`ivr.pipeline.staffing` -- the queues' staffing (the reader's, with the
  command line's what-ifs laid over it) and the hold figures it gives.

The simulator is imported only when something is simulated.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import networkx as nx

from ivr.config import Config, Settings
from ivr.formats.reading import Reading, read_all
from ivr.formats.sources import is_git_source
from ivr.gcpause import collector_paused
from ivr.graph.build import build_graph
from ivr.model.errors import LoadError
from ivr.model.findings import Finding
from ivr.model.menu import Location, Menu
from ivr.rules.api import RuleSetting

if TYPE_CHECKING:
    from ivr.compare.diff import MenuDiff
    from ivr.compare.queues import QueueThresholds
    from ivr.compare.verdict import Regression, Thresholds
    from ivr.model.staffing import Staffing
    from ivr.pipeline.staffing import QueueComparison, WhatIf
    from ivr.simulation import Simulation
    from ivr.simulation.callers import Callers
    from ivr.simulation.hold import Hold

__all__ = ["FileResult", "Analysis", "Simulating", "Analysed", "Compared", "read", "analyse", "simulate", "analyse_all",
           "queue_shares_of", "check", "check_file", "settings_path", "compare_menus", "compare_sources"]


@dataclass(slots=True)
class FileResult:
    """What ``ivr check`` learnt about one file: findings, or the errors that stopped it loading."""

    file: str
    findings: list[Finding] = field(default_factory=list)
    errors: list[LoadError] = field(default_factory=list)
    name: str | None = None
    #: languages of prompts the courtesy rules would read but have no word list for
    unchecked_languages: tuple[str, ...] = ()
    #: prompts that are recordings without words: the courtesy and length rules cannot read them
    audio_prompts: int = 0
    #: findings that an ``ignore:`` in the menu accepts (SARIF shows them as suppressed; nothing else counts them)
    suppressed: list[Finding] = field(default_factory=list)
    #: the rules that ran on the file (None: not known, every rule)
    rules: tuple[str, ...] | None = None
    #: the configuration's ``fail-on`` for the file (with --fail-on on top)
    fail_on: str = "error"
    #: findings left out because a baseline holds them (``ivr check --baseline``)
    baselined: int = 0


@dataclass(frozen=True, slots=True)
class Simulating:
    """What to simulate: the callers, the method and sample, and whether to count edge flows too."""

    callers: Callers
    method: str = "auto"
    calls: int = 100_000
    seed: int = 0
    flows: bool = False
    progress: Callable[[int], None] | None = None
    #: also which queue each call that reaches a transfer joins (for hold time)
    queues: bool = False
    #: the queues' staffing (:meth:`ivr.pipeline.staffing.Staffings.of`): the hold figures too (:attr:`Analysis.hold`)
    staffing: Staffing | None = None


@dataclass(slots=True)
class Analysis:
    """One menu analysed: its graph, its findings, and its simulation when one was asked for."""

    menu: Menu
    graph: nx.DiGraph
    findings: list[Finding] = field(default_factory=list)
    unchecked_languages: tuple[str, ...] = ()
    simulation: Simulation | None = None
    #: findings that an ``ignore:`` in the menu accepts, kept aside
    suppressed: list[Finding] = field(default_factory=list)
    #: the rules that ran (empty when none did)
    rules: tuple[str, ...] = ()
    #: the hold figures, when the simulation was given a staffing
    hold: Hold | None = None

    @property
    def file(self) -> str:
        return self.menu.file


@dataclass(slots=True)
class Analysed:
    """Several sources analysed: an :class:`Analysis` per menu, and the sources that could not be read."""

    analyses: list[Analysis] = field(default_factory=list)
    errors: dict[str, list[LoadError]] = field(default_factory=dict)


@dataclass(slots=True)
class Compared:
    """Two sources compared: the difference, or (``diff`` None) the reasons either side cannot be read."""

    diff: MenuDiff | None
    errors: dict[str, list[LoadError]] = field(default_factory=dict)
    #: every change that makes callers worse off (:func:`ivr.compare.verdict.regressions`), then the queues'
    regressions: list[Regression] = field(default_factory=list)
    #: the queues on both sides, when staffing is given
    queues: QueueComparison | None = None


def settings_path(source: str) -> str | None:
    """The path a configuration's overrides are matched against: none for ``REV:PATH`` read from git."""
    return None if is_git_source(source) else source


def read(sources: Sequence[str], fmt: str | None = None, given: Mapping[str, bytes] | None = None) -> Reading:
    """Every source read into menus (``fmt``: a format to force, passed on as it is; ``given``: the
    content of sources not on disk, such as standard input, by the name they are located by).

    The cyclic collector is paused throughout: loading makes many objects and no garbage cycles.
    """
    with collector_paused():
        return read_all(sources, fmt, given)


def analyse(menu: Menu, rules: Mapping[str, RuleSetting] | None = None, simulating: Simulating | None = None,
            *, lint_rules: bool = True) -> Analysis:
    """Build ``menu``'s graph, run ``rules`` on it (default: every rule as shipped; none with
    ``lint_rules=False``) and simulate it as ``simulating`` says.

    Raises :class:`ivr.simulation.SimulationError` when the simulation cannot be run as asked.
    """
    from ivr.graph import courtesy
    from ivr.rules.registry import default_settings
    from ivr.rules.runner import lint_all

    with collector_paused():
        graph = build_graph(menu)
        analysis = Analysis(menu, graph)
        if lint_rules:
            ran = default_settings().keys() if rules is None else rules.keys()
            analysis.unchecked_languages = courtesy.unchecked_languages(graph) if courtesy.RULES & ran else ()
            if menu.staffing is not None and menu.staffing.calls_per_hour is not None and "slow-answer" in ran:
                graph.graph["queue_shares"] = queue_shares_of(graph)
            analysis.findings, analysis.suppressed = lint_all(graph, rules)
            analysis.rules = tuple(ran)
    if simulating is not None:
        simulate(analysis, simulating)
    return analysis


def queue_shares_of(graph: nx.DiGraph) -> dict[str, float]:
    """Each queue a transfer names -> its share of the line's calls, exactly: the menu's intents (or
    callers who want a person) with the default accuracy and unlimited patience (for ``slow-answer``)."""
    from ivr.simulation import Callers, simulate as run
    from ivr.simulation.hold import queue_shares

    return queue_shares(run(graph, Callers(patience=0), "exact", queues=True))


def simulate(analysis: Analysis, simulating: Simulating) -> Analysis:
    """Simulate ``analysis``'s graph as ``simulating`` says (one run for the figures and, asked, the flows),
    and with its staffing, the hold figures. Raises :class:`ivr.pipeline.staffing.StaffingError` for a queue
    that cannot be solved."""
    from ivr.simulation import simulate as run

    analysis.simulation = run(analysis.graph, simulating.callers, simulating.method, simulating.calls,
                              simulating.seed, simulating.progress, flows=simulating.flows,
                              queues=simulating.queues or simulating.staffing is not None)
    if simulating.staffing is not None:
        from ivr.pipeline.staffing import hold_of

        analysis.hold = hold_of(analysis.simulation, simulating.staffing, simulating.seed)
    return analysis


def analyse_all(sources: Sequence[str], config: Config | None = None, simulating: Simulating | None = None,
                fmt: str | None = None, *, lint_rules: bool = True,
                given: Mapping[str, bytes] | None = None) -> Analysed:
    """Read ``sources`` (``given``: content not on disk, see :func:`read`) and analyse every menu, with the
    rules ``config`` gives its file."""
    config = config or Config()
    reading = read(sources, fmt, given)
    analysed = Analysed(errors=reading.errors)
    settings = _settings_by_file(config)
    # the collector paused once for every menu, not once for each: the end of each pause made it walk that
    # menu's objects, every tenth time the older ones too (a fifth of checking a dialplan of 5,000 IVRs).
    # Building graphs and running the rules make no garbage cycles (none left after 500 IVRs); a simulation
    # may, so with one the pauses stay each menu's own
    with collector_paused() if simulating is None else nullcontext():
        for menu in reading.menus:
            analysed.analyses.append(analyse(menu, settings(menu.file).rules, simulating, lint_rules=lint_rules))
    return analysed


def _settings_by_file(config: Config) -> Callable[[str], Settings]:
    """``config``'s settings for a file, worked out once per file: a dialplan may hold thousands of IVRs."""
    found: dict[str, Settings] = {}

    def settings(file: str) -> Settings:
        if file not in found:
            found[file] = config.settings_for(settings_path(file))
        return found[file]

    return settings


def _result(analysis: Analysis, fail_on: str = "error") -> FileResult:
    from ivr.graph.courtesy import audio_prompts

    return FileResult(analysis.file, analysis.findings, name=analysis.menu.name,
                      unchecked_languages=analysis.unchecked_languages, audio_prompts=audio_prompts(analysis.graph),
                      suppressed=analysis.suppressed, rules=analysis.rules, fail_on=fail_on)


def check(sources: Sequence[str], config: Config | None = None, fmt: str | None = None,
          given: Mapping[str, bytes] | None = None) -> list[FileResult]:
    """What ``ivr check`` reports: a result per menu, and per source that cannot be read, in source order
    (``given``: content not on disk, see :func:`read`)."""
    config = config or Config()
    # the collector paused through the results too: folding the findings of shared steps (_once_each) made its
    # first full collection walk every object of every menu read (0.4 s of 5.5 for 5,000 dialplan contexts)
    with collector_paused():
        analysed = analyse_all(sources, config, fmt=fmt, given=given)
        settings = _settings_by_file(config)
        by_source: dict[str, list[FileResult]] = {}
        for analysis in analysed.analyses:
            fail_on = settings(analysis.file).fail_on
            by_source.setdefault(analysis.file, []).append(_result(analysis, fail_on))
        _once_each([result for per_menu in by_source.values() for result in per_menu])
        results: list[FileResult] = []
        for source in sources:
            if source in analysed.errors:
                results.append(FileResult(source, errors=analysed.errors[source],
                                          fail_on=config.settings_for(settings_path(source)).fail_on))
            results.extend(by_source.pop(source, []))
        for rest in by_source.values():  # menus a reader named after something else than the source
            results.extend(rest)
    return results


def _once_each(results: list[FileResult]) -> None:
    """Each finding once: IVRs share steps (a dialplan's inbound routes to one menu; two entry flows of an estate
    that hand off to one flow), and a shared step's finding is the same (rule, file, line, column, message) in
    each; it is kept in the first menu that has it."""
    seen: set[tuple[str, str, str, int | None, int | None, str]] = set()
    for result in results:
        for name in ("findings", "suppressed"):
            kept = []
            for finding in getattr(result, name):
                key = (name, finding.rule, finding.location.file, finding.location.line, finding.location.column,
                       finding.message)
                if key not in seen:
                    seen.add(key)
                    kept.append(finding)
            setattr(result, name, kept)


def check_file(path: str | os.PathLike[str], settings: Mapping[str, RuleSetting] | None = None,
               fmt: str | None = None) -> FileResult:
    """Read, build and lint one menu file (or ``REV:PATH``) with ``settings`` (default: every rule as
    shipped); a source that cannot be read comes back with its errors."""
    source = os.fspath(path)
    reading = read([source], fmt)
    if source in reading.errors:
        return FileResult(source, errors=reading.errors[source])
    if not reading.menus:  # a file that holds no menu (a FreeSWITCH phrase file alone)
        return FileResult(source)
    return _result(analyse(reading.menus[0], settings))


def compare_menus(old: Menu, new: Menu, callers: Callers, calls: int = 100_000, seed: int = 0,
                  rules: Mapping[str, RuleSetting] | None = None, thresholds: Thresholds | None = None,
                  queues: bool = False) -> MenuDiff:
    """Two versions of a menu analysed alike and compared: the same callers, calls and seed, the same
    ``rules`` (default: every rule as shipped), the old side in the new side's order (so that equal
    menus draw the same random numbers); the intents ordered by ``thresholds`` (default: as shipped)."""
    from ivr.compare.diff import compare, ordered_like
    from ivr.compare.verdict import Thresholds

    simulating = Simulating(callers, "auto", calls, seed, queues=queues)
    return compare(analyse(ordered_like(old, new), rules, simulating), analyse(new, rules, simulating),
                   thresholds or Thresholds())


def compare_sources(old: str, new: str, callers: Callers, calls: int = 100_000, seed: int = 0,
                    config: Config | None = None, fmt: str | None = None,
                    thresholds: Thresholds | None = None, staffing: WhatIf | None = None,
                    queue_thresholds: QueueThresholds | None = None) -> Compared:
    """``old`` and ``new`` (files or ``REV:PATH``) read and compared by :func:`compare_menus`, both
    sides linted with the rules that apply to ``new``, with the regressions by ``thresholds``; with
    the queues' staffing (each menu's, or ``staffing``'s file, with its what-ifs), the queues on both
    sides and their regressions by ``queue_thresholds`` too. Or the reasons either cannot be read.
    Raises :class:`ivr.pipeline.staffing.StaffingError` for staffing that cannot be used."""
    sides = [read([source], fmt) for source in (old, new)]  # two versions, never one IVR of two files
    errors = {source: found for side in sides for source, found in side.errors.items()}
    for source, side in zip((old, new), sides):
        if source not in errors and len(side.menus) != 1:
            errors[source] = [LoadError(Location(source, 1, 1), f"this holds {len(side.menus)} menus; ivr diff "
                                                                 "compares one menu with one: name one")]
    if errors:
        return Compared(None, errors)
    from ivr.compare.verdict import regressions
    from ivr.pipeline.staffing import Staffings, WhatIf, compare_queues

    (before,), (after,) = (side.menus for side in sides)
    staffings = Staffings(staffing or WhatIf())
    staffed = staffings.of(before), staffings.of(after)
    rules = (config or Config()).settings_for(settings_path(new)).rules
    queues = staffed != (None, None)  # which queue calls join, too
    diff = compare_menus(before, after, callers, calls, seed, rules, thresholds, queues)
    comparison, queue_regressions = compare_queues(diff, *staffed, after.file, queue_thresholds)
    return Compared(diff, regressions=regressions(diff, thresholds) + queue_regressions, queues=comparison)

"""Tests to run against the live IVR, made from the menu (an analysis stage, issue 17).

:func:`build_suite` picks the calls: the likeliest call of each intent
(:mod:`.likely`), error calls at every menu and input (:mod:`.errors`), and
coverage calls for the options and gotos left (:mod:`.cover`); it measures
their coverage (:mod:`.coverage`). :mod:`.hearing` says what a tester should
expect to hear, per language. The writers are in :mod:`ivr.present.testscripts`.
"""

from __future__ import annotations

from ivr.testgen.coverage import FIGURES, Coverage, Figure, Missing, measure
from ivr.testgen.hearing import Heard, Hearing, languages
from ivr.testgen.paths import Kind, Step, TestPath, steps
from ivr.testgen.suite import Suite, build_suite, replies
from ivr.testgen.ways import Act, Move, Way

__all__ = ["build_suite", "Suite", "TestPath", "Kind", "Step", "steps", "replies", "Coverage", "Figure", "Missing",
           "measure", "FIGURES", "Heard", "Hearing", "languages", "Act", "Move", "Way"]

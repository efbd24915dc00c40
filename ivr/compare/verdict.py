"""Whether a change makes callers worse off: the regressions of a comparison, and the intents worst first.

The rule, per intent (``ivr diff --fail-on-regression``):

* fewer callers get what they called for (the resolved rate drops by more
  than ``resolved_drop``), or fewer of those who want a person reach one
  (``human_drop``, intents with a transfer among their goals): a regression;
* the calls that reach the goal take longer (their mean time grows by more
  than ``time_increase`` seconds): a regression, unless more callers are
  resolved than before (by more than ``resolved_drop``). A rise in the
  resolved rate is never outweighed by the time the newly served callers
  take: a caller cut off in 10 s is not better off than one served in 40 s,
  and the mean over resolved calls cannot tell the callers served before
  from those served now;
* the time to any outcome (cut off, gave up, or resolved) is information,
  never a regression: it falls when callers are cut off sooner;
* an intent that resolved callers and is gone: a regression.

A Monte Carlo rate change counts only beyond :data:`NOISE_SIGMAS` standard
errors (the luck of the draw), for drops and for the rise that excuses a
longer time alike.

Each regression is data (:class:`Regression`: what got worse, the figures
before and after, the threshold passed); :mod:`ivr.present.diff` words it.

Imported by the command line for its options: nothing heavy here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from ivr.model.findings import Finding
    from ivr.simulation import IntentResult

__all__ = ["Thresholds", "Regression", "KINDS", "NOISE_SIGMAS", "regressions", "intent_regressions", "worst_first",
           "unchanged", "served_more"]

#: A Monte Carlo rate drop counts only when it is also this many standard errors of the difference:
#: at 100,000 calls an intent with a 5% share gets 5,000, whose rates move by a point between seeds.
NOISE_SIGMAS = 4.0


@dataclass(frozen=True, slots=True)
class Thresholds:
    """How much worse an intent may get before it is a regression (rates as fractions, time in seconds)."""

    resolved_drop: float = 0.01
    human_drop: float = 0.01
    time_increase: float = 5.0


#: Every kind of regression (:attr:`Regression.what`), as the JSON of ``ivr diff`` names them.
KINDS = ("intent_removed", "resolved", "reached_human", "mean_resolved_time_s", "error_introduced", "queue_wait",
         "queue_abandon")


@dataclass(frozen=True, slots=True)
class Regression:
    """One change that makes callers worse off, as data (:mod:`ivr.present.diff` words it).

    ``what`` is one of :data:`KINDS`:

    * ``intent_removed``: ``intent`` resolved ``before`` (a rate) and is gone;
    * ``resolved``, ``reached_human``: ``intent``'s rate went from ``before`` to ``after``, a drop of
      ``size`` beyond ``limit`` (rates as fractions);
    * ``mean_resolved_time_s``: ``intent``'s resolved calls took ``before`` seconds on average and take
      ``after``, ``size`` seconds longer, beyond ``limit``;
    * ``error_introduced``: ``finding``, of severity error, is new;
    * ``queue_wait``: ``queue`` gets more of the calls (``shares``, before and after) and its average
      speed of answer went from ``before`` to ``after`` seconds, ``size`` longer, beyond ``limit``;
      no ``limit`` (``after`` infinite): its callers never hang up and its load came to reach its agents;
    * ``queue_abandon``: ``queue`` gets more of the calls and the share of its callers who hang up
      went from ``before`` to ``after``, ``size`` more, beyond ``limit``.
    """

    intent: str | None  #: None for a finding or a queue
    what: str
    before: float | None = None
    after: float | None = None
    #: the threshold it went beyond, in the unit of ``what`` (None: any is a regression)
    limit: float | None = None
    #: how much worse, in the unit of ``what`` (rate points as fractions, seconds): orders the table
    size: float = 0.0
    queue: str | None = None
    #: the queue's share of the line's calls, before and after
    shares: tuple[float, float] | None = None
    finding: Finding | None = None


class _Change(Protocol):
    name: str
    before: IntentResult | None
    after: IntentResult | None
    wants_person: bool

    def change(self, key: str) -> float | None: ...


class _Diff(Protocol):
    intents: list
    introduced: list[Finding]
    thresholds: Thresholds


#: The order of regressions of one intent, worst kind first.
_INTENT_KINDS = KINDS[:4]


def _noise(before: IntentResult, after: IntentResult, key: str) -> float:
    """``NOISE_SIGMAS`` standard errors of the difference of a Monte Carlo rate (0 when exact)."""
    if not before.calls or not after.calls:
        return 0.0
    p, q = getattr(before, key), getattr(after, key)
    return NOISE_SIGMAS * math.sqrt(p * (1 - p) / before.calls + q * (1 - q) / after.calls)


def served_more(before: IntentResult, after: IntentResult, thresholds: Thresholds) -> bool:
    """More callers resolved than before: by more than the resolved-drop threshold, and beyond the noise."""
    rise = after.resolved - before.resolved
    return rise > thresholds.resolved_drop and rise > _noise(before, after, "resolved")


def intent_regressions(change: _Change, thresholds: Thresholds) -> list[Regression]:
    """The regressions of one intent (see the module's documentation for the rule)."""
    before, after, name = change.before, change.after, change.name
    if before is None:
        return []
    if after is None:
        return [Regression(name, "intent_removed", before=before.resolved,
                           size=before.resolved)] if before.resolved > 0 else []
    found = []
    for key, limit in (("resolved", thresholds.resolved_drop), ("reached_human", thresholds.human_drop)):
        if key == "reached_human" and not change.wants_person:
            continue  # fewer self-service callers put through to a person: the resolved rate judges them
        drop = getattr(before, key) - getattr(after, key)
        if drop > limit and drop > _noise(before, after, key):
            found.append(Regression(name, key, getattr(before, key), getattr(after, key), limit, drop))
    was, now = before.mean_resolved_time_s, after.mean_resolved_time_s
    longer = now - was  # NaN when either side resolves nobody: nothing to compare
    if longer > thresholds.time_increase and not served_more(before, after, thresholds):
        found.append(Regression(name, "mean_resolved_time_s", was, now, thresholds.time_increase, longer))
    return found


def regressions(diff: _Diff, thresholds: Thresholds | None = None) -> list[Regression]:
    """Every change that makes callers worse off by more than ``thresholds`` (default: those the
    diff was ordered by), worst intent first, then each error introduced."""
    from ivr.model.findings import Severity

    thresholds = diff.thresholds if thresholds is None else thresholds
    found = [r for change in diff.intents for r in intent_regressions(change, thresholds)]
    for finding in diff.introduced:
        if finding.severity is Severity.ERROR:
            found.append(Regression(None, "error_introduced", finding=finding))
    return found


def _same(a: float | None, b: float | None, within: float) -> bool:
    if a is None or b is None:
        return a is b
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return abs(a - b) < within


def unchanged(change: _Change) -> bool:
    """On both sides, with figures that agree to the shown precision (0.1 point, 0.1 s)."""
    before, after = change.before, change.after
    if before is None or after is None:
        return False
    return (all(_same(getattr(before, k), getattr(after, k), 0.0005) for k in ("resolved", "reached_human"))
            and all(_same(getattr(before, k), getattr(after, k), 0.05)
                    for k in ("mean_resolved_time_s", "mean_time_s")))


def _rank(change: _Change, thresholds: Thresholds) -> tuple:
    found = intent_regressions(change, thresholds)
    if found:
        return (0, *min((_INTENT_KINDS.index(r.what), -r.size) for r in found), change.name)
    if change.after is None or change.before is None:
        return (2, 0.0, 0.0, change.name)  # gone (resolving nobody) or new: no figures to compare
    if unchanged(change):
        return (3, 0.0, 0.0, change.name)
    resolved = change.change("resolved") or 0.0
    longer = change.change("mean_resolved_time_s")
    return (1, resolved, -(0.0 if longer is None or math.isnan(longer) else longer), change.name)


def worst_first(changes: list, thresholds: Thresholds = Thresholds()) -> list:
    """``changes`` (:class:`~ivr.compare.diff.IntentChange`) in table order: intents with a regression
    first, the worst kind (removed, resolved drop, person drop, longer resolved calls) and the biggest
    first; then the other changes, the biggest resolved drop first; then intents gone or added; intents
    with no change last."""
    return sorted(changes, key=lambda change: _rank(change, thresholds))

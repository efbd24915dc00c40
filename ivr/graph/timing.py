"""How long things take for a caller: prompt durations and the fastest way to a goal.

A node's prompt lasts ``duration`` seconds when the file gives it; otherwise
it is estimated from its words at the speaking rate of its language
(:data:`SPEAKING_RATES`, words per minute of recorded or synthesised IVR
prompts, which are slower than conversation). Of a multilingual prompt, the
text in the menu's ``language`` counts; without one, the longest text.
"""

from __future__ import annotations

import functools
import heapq
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from ivr.graph.build import once_per_graph
from ivr.graph.index import index
from ivr.model.menu import Node

if TYPE_CHECKING:
    import networkx as nx

__all__ = [
    "SPEAKING_RATES",
    "DEFAULT_RATE",
    "DEFAULT_TIMEOUT",
    "speaking_rate",
    "text_seconds",
    "words_seconds",
    "prompt_seconds",
    "durations",
    "fastest_to",
    "fastest_path",
]

#: Words per minute of IVR prompts, by primary language subtag.
SPEAKING_RATES: dict[str, float] = {
    "en": 150,
    "de": 135,
    "nl": 145,
    "hu": 125,
    "fr": 155,
    "es": 160,
    "it": 155,
    "pt": 150,
}
#: Words per minute for languages not in :data:`SPEAKING_RATES`.
DEFAULT_RATE = 145.0
#: Seconds of silence before a no-input, for menus and inputs that give no ``timeout``.
DEFAULT_TIMEOUT = 5.0


def speaking_rate(language: str, override: float | None = None) -> float:
    """Words per minute for ``language`` (a BCP 47 code); ``override`` wins when given."""
    if override is not None:
        return override
    return _rate(language)


@functools.cache
def _rate(language: str) -> float:  # asked for every prompt of a menu, in a few languages
    return SPEAKING_RATES.get(language.split("-")[0].lower(), DEFAULT_RATE)


def text_seconds(text: str, language: str, rate: float | None = None) -> float:
    """Seconds ``text`` takes to say in ``language`` at its speaking rate (or ``rate``)."""
    return words_seconds(len(text.split()), language, rate)


def words_seconds(words: int, language: str, rate: float | None = None) -> float:
    """Seconds ``words`` words take to say in ``language`` at its speaking rate (or ``rate``)."""
    return words * 60.0 / speaking_rate(language, rate)


def prompt_seconds(node: Node, language: str, rate: float | None = None) -> float:
    """Seconds the prompt of ``node`` plays, in a menu whose default language is ``language``."""
    if node.duration is not None:
        return float(node.duration)
    if node.prompt is None:
        return 0.0
    texts = node.prompt.texts
    if not texts:
        return 0.0  # a recording of unknown length (audio only): counted as nothing, not guessed

    def seconds(code: str, text: str) -> float:
        return text_seconds(text, code or language, rate)

    if "" in texts:
        return seconds(language, texts[""])
    if language in texts:
        return seconds(language, texts[language])
    return max(seconds(code, text) for code, text in texts.items())


def durations(graph: nx.DiGraph, rate: float | None = None) -> dict[str, float]:
    """Prompt seconds of every node (0 for synthetic and missing nodes).

    At the languages' own rates (``rate`` None) worked out once per graph: do not change the dict returned.
    """
    if rate is None:
        return _durations(graph)
    language = graph.graph["language"]
    return {
        node_id: prompt_seconds(model, language, rate) if model is not None else 0.0
        for node_id, model in index(graph).model.items()
    }


@once_per_graph
def _durations(graph: nx.DiGraph) -> dict[str, float]:
    language = graph.graph["language"]
    return {
        node_id: prompt_seconds(model, language) if model is not None else 0.0
        for node_id, model in index(graph).model.items()
    }


def fastest_to(graph: nx.DiGraph, goals: Iterable[str], seconds: Mapping[str, float]) -> dict[str, float]:
    """Seconds from each node to the nearest of ``goals`` along the ways a caller chooses.

    A goal is reached on arrival, so its own prompt does not count; each node
    on the way costs its prompt. Only forward ways count (options, goto,
    branches): a perfect caller makes no mistakes. Nodes that cannot reach a
    goal are absent. Dijkstra from the goals over reversed edges: O(E log V).
    """
    best: dict[str, float] = {}
    before = index(graph).forward_pred
    heap = [(0.0, goal) for goal in goals if goal in before]
    heapq.heapify(heap)
    pop, push = heapq.heappop, heapq.heappush
    queued = {goal: 0.0 for _, goal in heap}  # the shortest time queued for each node: no longer one is queued
    while heap:
        time, node = pop(heap)
        if node in best:
            continue
        best[node] = time
        for source in before[node]:
            if source not in best:
                later = time + seconds[source]
                if later < queued.get(source, _NEVER):
                    queued[source] = later
                    push(heap, (later, source))
    return best


_NEVER = float("inf")


def fastest_path(graph: nx.DiGraph, source: str, goals: Iterable[str], best: Mapping[str, float]) -> list[str]:
    """The nodes on one fastest way from ``source`` to one of ``goals``, given ``best = fastest_to(...)``.

    Empty when no goal can be reached from ``source``; else ``source`` first and
    the goal last. Each step takes the forward edge to the successor nearest to
    a goal, which keeps to a fastest way (ties broken by id, for stable output).
    """
    if source not in best:
        return []
    goals = set(goals)
    forward = index(graph).forward
    path, seen = [source], {source}
    node = source
    while node not in goals:
        nxt = min(
            (target for target in forward[node] if target in best and target not in seen),
            key=lambda target: (best[target], target),
            default=None,
        )
        if nxt is None:
            break
        path.append(nxt)
        seen.add(nxt)
        node = nxt
    return path

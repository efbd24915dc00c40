"""The conventional ways around a menu: hearing it again, going back.

An option repeats its menu when it leads back to the menu itself, directly
or through messages only (``"9": {goto: main}``, or a message with a hint
that then replays the menu), or when its label says so in one of the
languages of :mod:`ivr.phrases` ("Repeat", "Wiederholen", "Ismétlés"). An option goes back when it leads, through
messages only, to the start menu or to a menu fewer levels deep
(:mod:`ivr.graph.levels`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ivr.phrases import mentions_any
from ivr.graph.index import index
from ivr.graph.reach import after_messages

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["repeat_keys", "goes_back"]


def repeat_keys(graph: nx.DiGraph, menu_id: str, through_messages: bool = True) -> list[str]:
    """The keys of ``menu_id`` whose option plays the same menu again.

    With ``through_messages=False`` only options that lead to the menu itself
    count, whatever their label: a message that returns to the menu may be an
    answer ("our opening hours are...") rather than a repeat.
    """
    model = index(graph).model[menu_id]
    if model is None:  # not a node of the file: it has no options
        return []
    if not through_messages:
        return [key for key, option in model.options.items() if option.goto.target == menu_id]
    return [key for key, option in model.options.items()
            if after_messages(graph, option.goto.target) == menu_id or mentions_any(option.label or "", "repeat")]


def goes_back(graph: nx.DiGraph, menu_id: str, target: str, level: dict[str, int], first: str | None) -> bool:
    """True when ``target`` (an option's) takes callers of ``menu_id`` back up the tree."""
    end = after_messages(graph, target)
    if end is None or end == menu_id or index(graph).kind[end] != "menu":
        return False
    return end == first or (end in level and menu_id in level and level[end] < level[menu_id])

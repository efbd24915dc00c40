"""Mappings and lists that know where each of their keys, values and items is written."""

from __future__ import annotations

from typing import cast

from ivr.model.menu import Duplicate, Location

__all__ = ["LocatedDict", "LocatedList", "duplicates_of"]


class LocatedDict(dict):
    """A mapping that knows where it and each of its keys and values stand.

    ``positions[key]`` is ``(key_line, key_column, value_line, value_column)``.
    """

    __slots__ = ("line", "column", "positions")
    line: int
    column: int
    positions: dict[str, tuple[int, int, int, int]]

    def key_location(self, file: str, key: str) -> Location:
        line, column, _, _ = self.positions[key]
        return Location(file, line, column)

    def value_location(self, file: str, key: str) -> Location:
        _, _, line, column = self.positions[key]
        return Location(file, line, column)


class LocatedList(list):
    """A sequence that knows where it and each of its items stand."""

    __slots__ = ("line", "column", "positions")
    line: int
    column: int
    positions: list[tuple[int, int]]

    def item_location(self, file: str, index: int) -> Location:
        line, column = self.positions[index]
        return Location(file, line, column)


def duplicates_of(data: object, recorded: list, file: str) -> list[Duplicate]:
    """The recorded duplicate keys, each with the path of the mapping that holds it.

    A mapping that is not in the data (read as the value of a duplicate key, or merged
    over) has no path, and its duplicates are not reported.
    """
    paths: dict[int, tuple] = {}
    stack: list[tuple[object, tuple]] = [(data, ())]
    while stack:
        item, path = stack.pop()
        if id(item) in paths:
            continue
        paths[id(item)] = path
        children = item.items() if isinstance(item, dict) else enumerate(cast(list, item))
        stack.extend((v, path + (k,)) for k, v in children if isinstance(v, (dict, list)))
    found = [
        Duplicate(key, paths[id(mapping)], Location(file, *first), Location(file, *second))
        for mapping, key, first, second in recorded
        if id(mapping) in paths
    ]
    found.sort(key=lambda d: (d.second.line, d.second.column))
    return found

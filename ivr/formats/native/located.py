"""Mappings and lists that know where each of their keys, values and items is written."""

from __future__ import annotations

from typing import cast

from ivr.model.menu import Duplicate, Location

__all__ = ["LocatedDict", "LocatedList", "duplicates_of", "pack", "unpack"]

_BITS = 32
_MASK = (1 << _BITS) - 1


def pack(*numbers: int) -> int | tuple[int, ...]:
    """Lines and columns as one int, 32 bits each: a tuple of 2 or 4 ints cost 90-150 bytes, the int about 40,
    and a large file holds one such position per key and item. A number of 2**32 or more (a line or column of a
    4 GiB file) leaves them as a tuple."""
    packed = 0
    for number in numbers:
        if not 0 <= number <= _MASK:
            return numbers
        packed = packed << _BITS | number
    return packed


def unpack(packed: int | tuple[int, ...], count: int) -> tuple[int, ...]:
    """The ``count`` numbers :func:`pack` was given."""
    if isinstance(packed, tuple):
        return packed
    numbers = [0] * count
    for index in range(count - 1, -1, -1):
        numbers[index] = packed & _MASK
        packed >>= _BITS
    return tuple(numbers)


class LocatedDict(dict):
    """A mapping that knows where it and each of its keys and values stand.

    ``positions[key]`` is ``(key_line, key_column, value_line, value_column)`` packed (:func:`pack`): read it with
    :meth:`position`.
    """

    __slots__ = ("line", "column", "positions")
    line: int
    column: int
    positions: dict[str, int | tuple[int, ...]]

    def position(self, key: str) -> tuple[int, int, int, int]:
        """``(key_line, key_column, value_line, value_column)`` of ``key``."""
        return unpack(self.positions[key], 4)  # type: ignore[return-value]

    def key_location(self, file: str, key: str) -> Location:
        line, column, _, _ = self.position(key)
        return Location(file, line, column)

    def value_location(self, file: str, key: str) -> Location:
        _, _, line, column = self.position(key)
        return Location(file, line, column)


class LocatedList(list):
    """A sequence that knows where it and each of its items stand (``positions``: packed, :meth:`position`)."""

    __slots__ = ("line", "column", "positions")
    line: int
    column: int
    positions: list[int | tuple[int, ...]]

    def position(self, index: int) -> tuple[int, int]:
        """``(line, column)`` of item ``index``."""
        return unpack(self.positions[index], 2)  # type: ignore[return-value]

    def item_location(self, file: str, index: int) -> Location:
        line, column = self.position(index)
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

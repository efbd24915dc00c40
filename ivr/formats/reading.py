"""The one way into the model: sources (files, ``REV:PATH``) read into menus.

:func:`read_all` is what the pipeline calls. Today it reads ivr's own YAML only, one
menu per source; readers for platform formats plug in behind it (issue 11), so that
callers of this module never see which format a source was in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ivr.formats.native.loader import load_menu_bytes
from ivr.formats.sources import MAX_BYTES, read_bytes
from ivr.model.errors import InvalidMenu, LoadError
from ivr.model.menu import Location, Menu

__all__ = ["Reading", "read_all", "load_source"]


@dataclass(slots=True)
class Reading:
    """What reading some sources gave: the menus, and the sources that could not be read."""

    menus: list[Menu] = field(default_factory=list)
    #: source -> every reason it could not be read
    errors: dict[str, list[LoadError]] = field(default_factory=dict)


def read_all(sources: Sequence[str], fmt: str | None = None, given: Mapping[str, bytes] | None = None) -> Reading:
    """Read every source (a file, or ``REV:PATH`` from git) into menus.

    ``fmt`` forces a format (``None``: detected from the content). ``given`` holds the
    content of sources that are not read from disk (standard input, under the name its
    menu is located by). A source that cannot be read is in ``errors`` with every reason
    found; the others are still read.
    """
    reading = Reading()
    given = given or {}
    for source in sources:
        try:
            raw = given[source] if source in given else read_bytes(source)
            if len(raw) > MAX_BYTES:
                raise InvalidMenu([LoadError(Location(source, 1, 1), f"the input is larger than {MAX_BYTES:,} "
                                             "bytes, the most ivr reads; a menu is far smaller")])
            reading.menus.append(load_menu_bytes(raw, source))
        except InvalidMenu as exc:
            reading.errors[source] = exc.errors
    return reading


def load_source(arg: str) -> Menu:
    """The menu of a file, or of ``REV:PATH`` in git; :class:`InvalidMenu` with every reason it cannot load."""
    return load_menu_bytes(read_bytes(arg), arg)

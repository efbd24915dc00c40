"""The one way into the model: sources (files, ``REV:PATH``) read into menus, whatever their format.

:func:`read_all` is what the pipeline calls: it reads each source with the reader its
content calls for (or the one ``fmt`` names: ``ivr ... --from FORMAT``), links the menus
of each format across sources (a FreeSWITCH ``menu-sub`` naming a menu of another file
given on the same command line), and checks the model's invariants once for every reader
(:mod:`ivr.formats.checks`). Callers never see which format a source was in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ivr.formats.api import Imported
from ivr.formats.checks import model_errors
from ivr.formats.registry import READERS, detect
from ivr.formats.sources import max_bytes, read_bytes
from ivr.gcpause import collector_paused
from ivr.model.errors import InvalidMenu, LoadError
from ivr.model.menu import Location, Menu
from ivr.model.words import did_you_mean

__all__ = ["Reading", "read_all", "load_source", "UnknownFormat"]


_UNKNOWN = ("markup in no format ivr reads (no <vxml>, no FreeSWITCH <menu> or phrase <macro>); pass a menu file, or "
            f"name its format with --from ({', '.join(READERS)})")


class UnknownFormat(ValueError):
    """``fmt`` names no reader; the message lists those there are."""


@dataclass(slots=True)
class Reading:
    """What reading some sources gave: the menus, the sources that could not be read, what each reader made of each."""

    menus: list[Menu] = field(default_factory=list)
    #: source -> every reason it could not be read
    errors: dict[str, list[LoadError]] = field(default_factory=dict)
    #: source -> what its reader read, used and skipped (the import summary)
    imports: dict[str, Imported] = field(default_factory=dict)


def read_all(sources: Sequence[str], fmt: str | None = None, given: Mapping[str, bytes] | None = None) -> Reading:
    """Read every source (a file, or ``REV:PATH`` from git) into menus.

    ``fmt`` forces a format (``None``: detected from each source's content). ``given``
    holds the content of sources that are not read from disk (standard input, under the
    name its menu is located by). A source that cannot be read is in ``errors`` with
    every reason found; the others are still read. A menu that breaks the model's
    invariants is in ``errors`` under its main file.
    """
    if fmt is not None and fmt not in READERS:
        raise UnknownFormat(f"unknown format '{fmt}'{did_you_mean(fmt, list(READERS))}; "
                            f"the formats are: {', '.join(READERS)}")
    reading = Reading()
    parts: dict[str, list[Imported]] = {}
    given = given or {}
    with collector_paused():
        for source in sources:
            try:
                data = given[source] if source in given else read_bytes(source)
                if len(data) > max_bytes():
                    raise InvalidMenu([LoadError(Location(source, 1, 1), f"the input is larger than "
                                                 f"{max_bytes():,} bytes, the most ivr reads; a menu is far smaller")])
                name = fmt or detect(data, source)
                if name is None:
                    raise InvalidMenu([LoadError(Location(source, 1, 1), _UNKNOWN)])
                imported = READERS[name].read(data, source)
            except InvalidMenu as exc:
                reading.errors[source] = exc.errors
                continue
            reading.imports[source] = imported
            parts.setdefault(name, []).append(imported)
        for name, imported_parts in parts.items():
            try:
                menus = READERS[name].link(imported_parts)
            except InvalidMenu as exc:
                for error in exc.errors:
                    reading.errors.setdefault(error.location.file, []).append(error)
                continue
            for menu in menus:
                errors = model_errors(menu)
                if errors:
                    reading.errors.setdefault(menu.file, []).extend(errors)
                else:
                    reading.menus.append(menu)
    return reading


def load_source(arg: str, fmt: str | None = None) -> Menu:
    """The one IVR of a file, or of ``REV:PATH`` in git, in any format; :class:`InvalidMenu` with every
    reason it cannot be read (a source holding several IVRs or none is refused, naming them)."""
    reading = read_all([arg], fmt)
    if reading.errors:
        raise InvalidMenu([e for errors in reading.errors.values() for e in errors])
    if len(reading.menus) != 1:
        names = ", ".join(f"'{m.name}'" for m in reading.menus) or "none"
        raise InvalidMenu([LoadError(Location(arg, 1, 1), f"this source holds {len(reading.menus)} IVRs ({names}), "
                                                          "not one; give the file of one IVR, or check them all "
                                                          "with ivr check")])
    return reading.menus[0]

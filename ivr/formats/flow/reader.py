"""The part of a flow-document reader that is the same for every platform: read one document, link an estate.

A reader whose sources are one flow each (Twilio Studio, Amazon Connect, Genesys Architect)
is a declaration on top of this: how to detect its documents and parse one into a
:class:`~ivr.formats.flow.flow.Flow`; :func:`read_flow` and :func:`link_flows` do the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import cast

from ivr.formats.api import Imported, Note
from ivr.formats.flow.estate import link
from ivr.formats.flow.flow import Flow, FlowError
from ivr.formats.flow.tomodel import estate_menu
from ivr.model.errors import InvalidMenu, LoadError
from ivr.model.menu import Location, Menu

__all__ = ["read_flow", "link_flows", "imported"]


def imported(flows: Flow | list[Flow], source: str, fmt: str) -> Imported:
    """What reading one document gave: its flows (``resources["flows"]``: one, or each a deployment file
    declares) and the import summary.

    The menus are made by :func:`link_flows`, once the flows given together are known: a
    flow alone would be mapped only to be mapped again with its hand-offs followed.
    """
    flows = [flows] if isinstance(flows, Flow) else flows
    result = Imported(source, fmt)
    result.resources["flows"] = flows
    result.count("flows", len(flows))
    for flow in flows:
        result.count("blocks", flow.summary.read)
    for flow in flows:
        result.count("mapped", flow.summary.used)
    result.count("left out or not analysed", sum(len(flow.summary.skipped) for flow in flows))
    for flow in flows:
        where = flow.location or flow.start.location
        named = f"flow '{flow.name}': " if len(flows) > 1 else ""
        for item in flow.summary.skipped:
            result.notes.append(Note(item.location or where, f"{named}{item.what}: {item.why}"))
        for note in flow.summary.notes:
            result.notes.append(Note(where, f"{named}{note}"))
    return result


def read_flow(parse: Callable[[bytes, str], Flow | list[Flow]], data: bytes, name: str, fmt: str) -> Imported:
    """One document read into its flows, or :class:`~ivr.model.errors.InvalidMenu` saying where and why not."""
    try:
        flow = parse(data, name)
    except FlowError as error:
        raise InvalidMenu([LoadError(error.location, error.message)]) from None
    return imported(flow, name, fmt)


def link_flows(parts: Sequence[Imported], fmt: str) -> list[Menu]:
    """The IVRs the flows of ``parts`` form: hand-offs between the flows given followed, by name, id or ARN."""
    flows = [flow for part in parts for flow in cast(list[Flow], part.resources["flows"])]
    estates = link(flows)
    notes = parts[0].notes if parts else []
    for estate in estates:
        if len(estate.flows) > 1:
            names = ", ".join(f.name for f in estate.flows[1:])
            entry = estate.entry
            notes.append(Note(entry.location or Location(entry.file), f"flow '{entry.name}' hands off to {names}: "
                                                                      "checked as one IVR"))
    return [estate_menu(estate, fmt) for estate in estates]

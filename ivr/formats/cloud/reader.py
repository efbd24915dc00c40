"""The part of a cloud flow reader that is the same for every platform: read one document, link an estate."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import cast

from ivr.formats.api import Imported, Note
from ivr.formats.cloud.estate import link
from ivr.formats.cloud.flow import Flow, FlowError
from ivr.formats.cloud.tomodel import estate_menu, imported, location, refused
from ivr.model.menu import Menu

__all__ = ["read_flow", "link_flows"]


def read_flow(parse: Callable[[bytes, str], Flow], data: bytes, name: str, fmt: str) -> Imported:
    """One document read into its flow and menu, or :class:`~ivr.model.errors.InvalidMenu` saying where and why not."""
    try:
        flow = parse(data, name)
    except FlowError as error:
        raise refused(error) from None
    return imported(flow, name, fmt)


def link_flows(parts: Sequence[Imported], fmt: str) -> list[Menu]:
    """The IVRs the flows of ``parts`` form: hand-offs between the flows given followed, by name, id or ARN."""
    flows = [cast(Flow, part.resources["flow"]) for part in parts]
    estates = link(flows)
    notes = parts[0].notes if parts else []
    for estate in estates:
        if len(estate.flows) > 1:
            names = ", ".join(f.name for f in estate.flows[1:])
            notes.append(Note(location(estate.entry.pos), f"flow '{estate.entry.name}' hands off to {names}: "
                                                          "checked as one IVR"))
    return [estate_menu(estate, fmt) for estate in estates]

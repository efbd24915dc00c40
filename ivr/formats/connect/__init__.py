"""Amazon Connect flows (``--from connect``): the flow language, plain or wrapped as ``{"Content": "..."}``.

The document is read by :mod:`.document` (located JSON, the Content wrapper,
the legacy console export refused by name), its actions' meaning by
:mod:`.actions`; flows given together are linked by ``TransferToFlow``
(:mod:`ivr.formats.flow.estate`).
"""

from __future__ import annotations

from collections.abc import Sequence

from ivr.formats.api import Imported
from ivr.formats.connect.actions import to_flow
from ivr.formats.connect.document import parse_documents
from ivr.formats.detection.connect import detect
from ivr.formats.flow import Flow
from ivr.formats.flow.reader import link_flows, read_flow
from ivr.model.menu import Menu

__all__ = ["NAME", "TITLE", "detect", "read", "link"]

NAME = "connect"
TITLE = "Amazon Connect flows (flow language JSON)"

def _parse(data: bytes, name: str) -> list[Flow]:
    """Every flow of the document: one, or each a deployment file declares (named by its resource, placed
    where it is declared; the resources whose flow cannot be read are said on the first)."""
    documents, unread = parse_documents(data, name)
    flows = []
    for document in documents:
        flow = to_flow(document)
        if document.location is not None:
            flow.location = document.location
        flows.append(flow)
    for item in unread:
        flows[0].summary.skip(item.what, item.why, item.location)
    return flows


def read(data: bytes, name: str) -> Imported:
    return read_flow(_parse, data, name, NAME)


def link(parts: Sequence[Imported]) -> list[Menu]:
    return link_flows(parts, NAME)

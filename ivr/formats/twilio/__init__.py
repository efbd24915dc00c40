"""Twilio Studio flows (``--from twilio``): the flow JSON, also inside Terraform or a JavaScript module.

The document is read by :mod:`.document` (located JSON, wrappers, the legacy
export refused by name), its widgets' meaning by :mod:`.widgets`; flows given
together are linked by ``run-subflow`` (:mod:`ivr.formats.flow.estate`).
"""

from __future__ import annotations

from collections.abc import Sequence

from ivr.formats.api import Imported
from ivr.formats.detection.twilio import detect
from ivr.formats.cloud.deploy import Unread
from ivr.formats.flow import Flow, FlowError
from ivr.formats.flow.reader import link_flows, read_flow
from ivr.formats.twilio.document import parse_documents
from ivr.formats.twilio.widgets import to_flow
from ivr.model.menu import Menu

__all__ = ["NAME", "TITLE", "detect", "read", "link"]

NAME = "twilio"
TITLE = "Twilio Studio flows (JSON, Terraform, JavaScript)"

def _parse(data: bytes, name: str) -> list[Flow]:
    """Every flow of the document: one, or each a Terraform file declares (the resources whose flow cannot be
    read are said on the first flow read)."""
    documents, unread = parse_documents(data, name)
    flows: list[Flow] = []
    for document in documents:
        try:
            flow = to_flow(document)
            if document.location is not None:
                flow.location = document.location
            flows.append(flow)
        except FlowError as error:
            if len(documents) == 1:
                raise
            unread.append(Unread(error.location, f"flow {sorted(document.names)[0] if document.names else name}",
                                 error.message))
    if not flows:
        raise FlowError(unread[0].location, f"{unread[0].what}: {unread[0].why}")
    for item in unread:
        flows[0].summary.skip(item.what, item.why, item.location)
    return flows


def read(data: bytes, name: str) -> Imported:
    return read_flow(_parse, data, name, NAME)


def link(parts: Sequence[Imported]) -> list[Menu]:
    return link_flows(parts, NAME)

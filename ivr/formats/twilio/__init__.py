"""Twilio Studio flows (``--from twilio``): the flow JSON, also inside Terraform or a JavaScript module.

The document is read by :mod:`.document` (located JSON, wrappers, the legacy
export refused by name), its widgets' meaning by :mod:`.widgets`; flows given
together are linked by ``run-subflow`` (:mod:`ivr.formats.flow.estate`).
"""

from __future__ import annotations

from collections.abc import Sequence

from ivr.formats.api import Imported
from ivr.formats.detection.twilio import detect
from ivr.formats.flow import Flow
from ivr.formats.flow.reader import link_flows, read_flow
from ivr.formats.twilio.document import parse_document
from ivr.formats.twilio.widgets import to_flow
from ivr.model.menu import Menu

__all__ = ["NAME", "TITLE", "detect", "read", "link"]

NAME = "twilio"
TITLE = "Twilio Studio flows (JSON, Terraform, JavaScript)"

def _parse(data: bytes, name: str) -> Flow:
    return to_flow(parse_document(data, name))


def read(data: bytes, name: str) -> Imported:
    return read_flow(_parse, data, name, NAME)


def link(parts: Sequence[Imported]) -> list[Menu]:
    return link_flows(parts, NAME)

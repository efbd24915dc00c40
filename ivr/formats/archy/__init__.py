"""Genesys Cloud Architect flows in Archy YAML (``--from archy``).

The document is read by :mod:`.document` (ivr's located YAML reader,
templating placeholders substituted where they break the YAML), its menus and
tasks' meaning by :mod:`.flow`; flows given together are linked by
``transferToFlow`` (:mod:`ivr.formats.flow.estate`).
"""

from __future__ import annotations

from collections.abc import Sequence

from ivr.formats.api import Imported
from ivr.formats.archy.document import parse_document
from ivr.formats.archy.flow import to_flow
from ivr.formats.detection.archy import detect
from ivr.formats.flow import Flow
from ivr.formats.flow.reader import link_flows, read_flow
from ivr.model.menu import Menu

__all__ = ["NAME", "TITLE", "detect", "read", "link"]

NAME = "archy"
TITLE = "Genesys Cloud Architect flows (Archy YAML)"

def _parse(data: bytes, name: str) -> Flow:
    return to_flow(parse_document(data, name))


def read(data: bytes, name: str) -> Imported:
    return read_flow(_parse, data, name, NAME)


def link(parts: Sequence[Imported]) -> list[Menu]:
    return link_flows(parts, NAME)

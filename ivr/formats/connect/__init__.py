"""Amazon Connect flows (``--from connect``): the flow language, plain or wrapped as ``{"Content": "..."}``.

The document is read by :mod:`.document` (located JSON, the Content wrapper,
the legacy console export refused by name), its actions' meaning by
:mod:`.actions`; flows given together are linked by ``TransferToFlow``
(:mod:`ivr.formats.flow.estate`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ivr.formats.api import Imported
from ivr.formats.connect.actions import to_flow
from ivr.formats.connect.document import parse_document
from ivr.formats.flow import Flow
from ivr.formats.flow.reader import link_flows, read_flow
from ivr.model.menu import Menu

__all__ = ["NAME", "TITLE", "detect", "read", "link"]

NAME = "connect"
TITLE = "Amazon Connect flows (flow language JSON)"

_ACTIONS = re.compile(rb'\\?"(?:StartAction|Actions)\\?"\s*:')
_LEGACY = re.compile(rb'"modules"\s*:\s*\[')


def detect(data: bytes, name: str) -> bool:
    """The flow language's ``StartAction`` and ``Actions`` (also escaped inside ``Content``), or the legacy ``modules``."""
    head = data[:200_000]
    return len(set(_ACTIONS.findall(head))) >= 2 or bool(_LEGACY.search(head) and b'"branches"' in head)


def _parse(data: bytes, name: str) -> Flow:
    return to_flow(parse_document(data, name))


def read(data: bytes, name: str) -> Imported:
    return read_flow(_parse, data, name, NAME)


def link(parts: Sequence[Imported]) -> list[Menu]:
    return link_flows(parts, NAME)

"""How the Amazon Connect reader (:mod:`ivr.formats.connect`) recognises a flow."""

from __future__ import annotations

import re

__all__ = ["detect"]

_ACTIONS = re.compile(rb'\\?"(?:StartAction|Actions)\\?"\s*:')
_LEGACY = re.compile(rb'"modules"\s*:\s*\[')


def detect(data: bytes, name: str) -> bool:
    """The flow language's ``StartAction`` and ``Actions`` (also escaped inside ``Content``), or the legacy ``modules``."""
    head = data[:200_000]
    return len(set(_ACTIONS.findall(head))) >= 2 or bool(_LEGACY.search(head) and b'"branches"' in head)

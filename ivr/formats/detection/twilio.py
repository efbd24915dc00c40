"""How the Twilio Studio reader (:mod:`ivr.formats.twilio`) recognises a flow."""

from __future__ import annotations

import re

__all__ = ["detect"]

_STATES = re.compile(rb'"states"\s*:\s*\[')
_STUDIO = re.compile(rb'"(?:initial_state|transitions)"\s*:')


def detect(data: bytes, name: str) -> bool:
    """A ``states`` list with Studio's ``transitions`` or ``initial_state``, in JSON or wrapped."""
    head = data[:200_000]
    return bool(_STATES.search(head) and _STUDIO.search(head))

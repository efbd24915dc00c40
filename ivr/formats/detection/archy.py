"""How the Genesys Archy reader (:mod:`ivr.formats.archy`) recognises a flow."""

from __future__ import annotations

import re

__all__ = ["detect"]

_FLOW = re.compile(rb"^(?:inboundCall|inqueueCall|outboundCall|secureCall|inboundEmail|inboundChat|"
                   rb"inboundShortMessage|commonModule|workflow|voicemail|inQueueEmail|inQueueShortMessage|"
                   rb"voiceSurvey|bot|digitalBot)\s*:", re.MULTILINE)


def detect(data: bytes, name: str) -> bool:
    """YAML whose top-level key is an Architect flow type (``inboundCall:``, ``inqueueCall:``, ...)."""
    return bool(_FLOW.search(data[:200_000]))

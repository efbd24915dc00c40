"""How the VoiceXML reader (:mod:`ivr.formats.vxml`) recognises a document."""

from __future__ import annotations

import re

__all__ = ["detect"]

_VXML = re.compile(rb"<(?:\w+:)?vxml[\s>]")


def detect(data: bytes, name: str) -> bool:
    """A ``<vxml>`` element (with or without a namespace prefix) in the first 4 kB."""
    return bool(_VXML.search(data[:4096]))

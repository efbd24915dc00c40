"""How the VoiceXML reader (:mod:`ivr.formats.vxml`) recognises a document."""

from __future__ import annotations

import re

from ivr.formats.sources import markup_head

__all__ = ["detect"]

_VXML = re.compile(rb"<(?:\w+:)?vxml[\s>]")


def detect(data: bytes, name: str) -> bool:
    """A ``<vxml>`` element (with or without a namespace prefix) in the first 4 kB (of its UTF-8, for UTF-16)."""
    return bool(_VXML.search(markup_head(data, 8192)[:4096]))

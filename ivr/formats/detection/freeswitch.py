"""How the FreeSWITCH reader (:mod:`ivr.formats.freeswitch`) recognises IVR menus and phrases."""

from __future__ import annotations

from ivr.formats.sources import markup_head

__all__ = ["detect"]


def detect(data: bytes, name: str) -> bool:
    """XML holding ``<menu>`` elements with FreeSWITCH's attributes or entries, phrase ``<macro>`` s, or dialplan
    ``<extension>`` s whose conditions hold ``<action application=...>`` s."""
    data = markup_head(data)
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"<"):
        return False
    menus = b"<menu" in data and (b"greet-long" in data or b"<entry" in data)
    phrases = b"<macro" in data and b"<action" in data
    dialplan = b"<extension" in data and b"<condition" in data and b"application=" in data
    return menus or phrases or dialplan

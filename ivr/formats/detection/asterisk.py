"""How the Asterisk reader (:mod:`ivr.formats.asterisk`) recognises a dialplan."""

from __future__ import annotations

import re

__all__ = ["detect"]

_DIALPLAN = re.compile(rb"^(?:\xef\xbb\xbf)?[ \t]*(?:exten[ \t]*=>?[ \t]*[^,\s]+[ \t]*,[ \t]*(?:\d+|n|hint)\b"
                       rb"|same[ \t]*=>?[ \t]*(?:\d+|n)\b|include[ \t]*=>|#include[ \t]+\"?[^\s\"]+\.conf\b)",
                       re.IGNORECASE | re.MULTILINE)
_AEL = re.compile(rb"^[ \t]*(?:context|macro)[ \t]+[\w-]+[ \t]*(?:\([^)]*\))?[ \t]*\{", re.MULTILINE)


def detect(data: bytes, name: str) -> bool:
    """Dialplan lines (``exten =>``, ``same =>``, ``include =>``, ``#include x.conf``; the first may follow a
    UTF-8 byte-order mark, which Asterisk skips), or AEL contexts (refused by ``read`` with the reason)."""
    head = data[:200_000]
    return bool(_DIALPLAN.search(head)) or (name.endswith((".ael", ".ael.sample")) and bool(_AEL.search(head)))

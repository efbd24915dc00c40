"""How the AEL reader (:mod:`ivr.formats.ael`) recognises an ``extensions.ael``."""

from __future__ import annotations

import re

from ivr.formats.detection import JSON_START

__all__ = ["detect"]

#: ``context name {``, ``abstract context``, ``macro name(...) {`` or ``globals {`` at the start of a line
_AEL = re.compile(rb"^[ \t]*(?:(?:abstract|extend)[ \t]+)*(?:context[ \t]+[^\s{]+|macro[ \t]+[\w-]+[ \t]*\([^)]*\)"
                  rb"|globals)[ \t]*\{", re.MULTILINE)
#: a line only extensions.conf holds: then it is not AEL (the Asterisk reader takes it)
_CONF = re.compile(rb"^[ \t]*(?:exten|same)[ \t]*=>?[ \t]*[^,\s]+[ \t]*,|^[ \t]*\[[^\]\n]+\][ \t]*(?:\(|;|$)",
                   re.MULTILINE)


def detect(data: bytes, name: str) -> bool:
    """A file named ``*.ael`` (``.ael.sample``), or AEL blocks (``context x {``) and no ``[context]`` or
    ``exten =>`` line."""
    head = data[:200_000]
    if name.endswith((".ael", ".ael.sample")):
        return True
    if JSON_START.match(head):
        return False  # a JSON document: no AEL begins with a brace (and its search is long on a long file)
    return bool(_AEL.search(head)) and not _CONF.search(head)

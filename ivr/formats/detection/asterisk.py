"""How the Asterisk reader (:mod:`ivr.formats.asterisk`) recognises a dialplan."""

from __future__ import annotations

import re

from ivr.formats.detection import JSON_START

__all__ = ["detect"]

_DIALPLAN = re.compile(rb"^(?:\xef\xbb\xbf)?[ \t]*(?:exten[ \t]*=>?[ \t]*[^,\s]+[ \t]*,[ \t]*(?:\d+|n|hint)\b"
                       rb"|same[ \t]*=>?[ \t]*(?:\d+|n)\b|include[ \t]*=>|#include[ \t]+\"?[^\s\"]+\.conf\b)",
                       re.IGNORECASE | re.MULTILINE)
#: an Asterisk configuration file's section header (``[6001]``, ``[general]``): the syntax of every ``.conf``
#: file Asterisk reads (config.c), dialplan or not
_SECTION = re.compile(rb"^(?:\xef\xbb\xbf)?[ \t]*\[[^\]\r\n]+\][ \t]*(?:\([^)\r\n]*\))?[ \t]*(?:;.*)?\r?$", re.MULTILINE)
_AEL = re.compile(rb"^[ \t]*(?:context|macro)[ \t]+[\w-]+[ \t]*(?:\([^)]*\))?[ \t]*\{", re.MULTILINE)


def detect(data: bytes, name: str) -> bool:
    """Dialplan lines (``exten =>``, ``same =>``, ``include =>``, ``#include x.conf``; the first may follow a
    UTF-8 byte-order mark, which Asterisk skips), or AEL contexts (refused by ``read`` with the reason)."""
    head = data[:200_000]
    if JSON_START.match(head):
        return False  # a JSON document: no dialplan begins with a brace (and its search is long on a long file)
    return bool(_DIALPLAN.search(head)) or (name.endswith((".ael", ".ael.sample")) and bool(_AEL.search(head)))


def other_config(data: bytes, name: str) -> bool:
    """A ``.conf`` file of Asterisk's section syntax (``[6001]``), with no dialplan in it: pjsip.conf, queues.conf
    and the like. Given by name, the reader refuses it as not a dialplan; a folder's such files are left alone."""
    return name.endswith(".conf") and settings_only(data[:200_000])


def settings_only(data: bytes) -> bool:
    """Whether the file is of Asterisk's section syntax and holds no dialplan line at all: the configuration
    file of another module."""
    return bool(_SECTION.search(data)) and not _DIALPLAN.search(data)

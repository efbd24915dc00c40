"""FreePBX's queue members, from ``queues_additional.conf`` beside the dialplan given.

FreePBX writes each queue it manages as a section of ``queues_additional.conf`` (named by the queue's number,
``[400]``), next to ``extensions_additional.conf``; its static members are ``member=`` lines (``member=Local/101@
from-queue/n,0``), as app_queue reads them from queues.conf (configs/samples/queues.conf.sample: "member =>
interface,[,penalty][,membername][,state_interface]"). A queue with none has only the agents who log in while the
call waits (AddQueueMember, FreePBX's ``*45`` toggle; FreePBX keeps its dynamic agents in the Asterisk database and
adds them at login), so whether a caller reaches anyone there depends on who is logged in: the import summary says
which queues the IVR reaches are so. It is no check finding: a queue of dynamic agents only is how call centres
run FreePBX, and the file holds nothing that tells a staffed queue from an empty one.

The file is read only where it lies beside a dialplan given on disk (its real path inside that file's folder, a
regular file, symbolic links resolved), as ``#include`` is fenced (:mod:`ivr.formats.asterisk.dialplan`); never
from a git revision or standard input. Its text is never quoted.
"""

from __future__ import annotations

import os
import re

from ivr.formats.asterisk.dialplan import decode
from ivr.formats.sources import inside, is_git_source, read_file
from ivr.model.errors import InvalidMenu

__all__ = ["COMPANION", "beside", "members"]

#: The file FreePBX writes its queues to, beside extensions_additional.conf.
COMPANION = "queues_additional.conf"
_SECTION = re.compile(r"^\s*\[([^\]]+)\]")
_MEMBER = re.compile(r"^\s*member\s*=>?", re.IGNORECASE)


def beside(source: str) -> str | None:
    """The ``queues_additional.conf`` in the folder of the dialplan ``source``, when it is there and inside it."""
    if is_git_source(source) or not os.path.isfile(source):
        return None
    folder = os.path.dirname(os.path.abspath(source))
    path = os.path.join(folder, COMPANION)
    if not os.path.isfile(path) or not inside(path, folder):
        return None
    return path


def members(path: str) -> dict[str, int] | str:
    """Each queue section of the file and how many static ``member`` lines it has; why not, when it cannot be
    read (too large, unreadable)."""
    try:
        text = decode(read_file(path))
    except InvalidMenu as refused:
        return refused.errors[0].message
    counts: dict[str, int] = {}
    section: str | None = None
    for line in text.splitlines():
        code = line.split(";", 1)[0]
        header = _SECTION.match(code)
        if header:
            section = header.group(1).strip()
            if section.lower() != "general":
                counts.setdefault(section, 0)
            continue
        if section is not None and section in counts and _MEMBER.match(code):
            counts[section] += 1
    return counts

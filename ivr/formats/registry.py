"""The reader catalogue: every format module, one explicit registry (a reader is a module + a line here).

Detection tries the readers in this order; ``yaml`` (ivr's own format) comes last, as the
fallback for anything that is not markup.
"""

from __future__ import annotations

from ivr.formats import archy, connect, freeswitch, twilio
from ivr.formats.api import Reader
from ivr.formats.native import reader as native

__all__ = ["READERS", "DEFAULT", "detect"]

READERS: dict[str, Reader] = {reader.NAME: reader for reader in (freeswitch, twilio, connect, archy, native)}

#: The format ``ivr`` writes, and reads when nothing else is said.
DEFAULT = native.NAME


def detect(data: bytes, name: str) -> str | None:
    """The name of the first reader that recognises ``data``; None when none does."""
    for reader_name, reader in READERS.items():
        if reader.detect(data, name):
            return reader_name
    return None

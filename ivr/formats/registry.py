"""The reader catalogue: one explicit registry (a reader is a module + a line here).

Each line names a reader, the module that is the reader (imported the first
time a source in its format is read, so that checking a YAML menu loads no
platform reader) and how it recognises its files (its module in
:mod:`ivr.formats.detection`, small, which the reader re-exports as its own
``detect``). Detection tries the readers in this order; ``yaml`` (ivr's own
format) comes last, as the fallback for anything that is not markup.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from importlib import import_module

from ivr.formats.api import Reader
from ivr.formats.detection import ael, archy, asterisk, connect, freeswitch, native, twilio, vxml

__all__ = ["READERS", "DEFAULT", "detect"]

Detect = Callable[[bytes, str], bool]

#: name -> (the reader's module, its detect)
_CATALOGUE: dict[str, tuple[str, Detect]] = {
    "vxml": ("ivr.formats.vxml", vxml.detect),
    "freeswitch": ("ivr.formats.freeswitch", freeswitch.detect),
    "ael": ("ivr.formats.ael", ael.detect),
    "asterisk": ("ivr.formats.asterisk", asterisk.detect),
    "twilio": ("ivr.formats.twilio", twilio.detect),
    "connect": ("ivr.formats.connect", connect.detect),
    "archy": ("ivr.formats.archy", archy.detect),
    "yaml": ("ivr.formats.native.reader", native.detect),
}


class _Readers(Mapping[str, Reader]):
    """name -> reader, each reader's module imported when it is first looked up (the names need no import)."""

    def __init__(self, catalogue: Mapping[str, tuple[str, Detect]]) -> None:
        self._modules = {name: module for name, (module, _) in catalogue.items()}

    def __getitem__(self, name: str) -> Reader:
        reader: Reader = import_module(self._modules[name])  # the module is the reader
        return reader

    def __contains__(self, name: object) -> bool:
        return name in self._modules

    def __iter__(self) -> Iterator[str]:
        return iter(self._modules)

    def __len__(self) -> int:
        return len(self._modules)

    def __repr__(self) -> str:
        return f"READERS({', '.join(self._modules)})"


READERS: Mapping[str, Reader] = _Readers(_CATALOGUE)

#: The format ``ivr`` writes, and reads when nothing else is said.
DEFAULT = "yaml"


#: Readers that take a file their format does not describe only to refuse it with the reason, before ivr's YAML
#: would (an Asterisk ``.conf`` with no dialplan is not YAML either): name -> its check.
_REFUSERS: dict[str, Detect] = {"asterisk": asterisk.other_config}


def detect(data: bytes, name: str, *, to_refuse: bool = True) -> str | None:
    """The name of the first reader that recognises ``data``; None when none does (no reader is imported).
    With ``to_refuse`` (a file given by name), a reader that can say why such a file is no menu of its
    format comes before ivr's YAML; without (a folder's files), such files are no reader's."""
    for reader_name, (_, recognises) in _CATALOGUE.items():
        if reader_name == DEFAULT and to_refuse:
            for refuser, claims in _REFUSERS.items():
                if claims(data, name):
                    return refuser
        if recognises(data, name):
            return reader_name
    return None

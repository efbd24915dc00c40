"""The VoiceXML 2.x reader (``--from vxml``).

The package is the reader (:mod:`.reader`: ``NAME``, ``TITLE``, ``detect``, ``read``,
``link``); its modules index a document (:mod:`.document`) and walk its dialogs into
call-flow steps (:mod:`.walker`, onto the shared :mod:`ivr.formats.flow`).
"""

from ivr.formats.vxml.reader import NAME, TITLE, detect, link, read

__all__ = ["NAME", "TITLE", "detect", "read", "link"]

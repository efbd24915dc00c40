"""The Asterisk / FreePBX dialplan reader (``--from asterisk``).

The package is the reader (:mod:`.reader`: ``NAME``, ``TITLE``, ``detect``, ``read``,
``link``); its modules are the parser (:mod:`.dialplan`), what applications mean
(:mod:`.apps`), the walk of a dialplan into call-flow steps (:mod:`.walker`, onto the shared
:mod:`ivr.formats.flow`) and the entries and summary (:mod:`.entries`).
"""

from ivr.formats.asterisk.reader import NAME, TITLE, detect, link, read

__all__ = ["NAME", "TITLE", "detect", "read", "link"]

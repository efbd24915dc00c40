"""The AEL reader (``--from ael``): Asterisk Extension Language files (``extensions.ael``) into menus.

:mod:`.syntax` parses AEL as Asterisk's ``res/ael`` parser does, :mod:`.compiler` compiles it
into contexts, extensions and priorities as ``res/ael/pval.c`` does, and the Asterisk dialplan
reader walks those (:mod:`ivr.formats.asterisk`): AEL inherits every dialplan semantic.
"""

from ivr.formats.ael.reader import NAME, TITLE, detect, link, read

__all__ = ["NAME", "TITLE", "detect", "read", "link"]

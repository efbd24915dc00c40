"""Asterisk and FreePBX dialplans: the parser (:mod:`.dialplan`) and what its contexts mean as menus (:mod:`.menus`)."""

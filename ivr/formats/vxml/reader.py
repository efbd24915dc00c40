"""The VoiceXML 2.x reader: ``.vxml`` documents into menus.

``read`` parses one document (defused, located: :mod:`ivr.formats.xmltree`) and indexes
its dialogs; ``link`` walks every document given as one IVR (:mod:`ivr.formats.vxml.walker`):
a ``next`` into another document given is followed, one into a document not given is an
``external`` node.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from ivr.formats.api import Imported
from ivr.formats.detection.vxml import detect
from ivr.formats.flow import to_menu
from ivr.formats.vxml.document import Document
from ivr.formats.vxml.walker import read_flows
from ivr.formats.xmltree import parse_xml
from ivr.model.errors import InvalidMenu
from ivr.model.menu import Menu

__all__ = ["NAME", "TITLE", "detect", "read", "link"]

NAME = "vxml"
TITLE = "VoiceXML 2.x documents"

_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def read(data: bytes, name: str) -> Imported:
    document = Document.of(parse_xml(data, name), name)
    imported = Imported(name, NAME, counts={"dialogs": len(document.dialogs)})
    imported.resources["document"] = document
    return imported


def link(parts: Sequence[Imported]) -> list[Menu]:
    documents = [cast(Document, part.resources["document"]) for part in parts]
    if not documents:
        return []
    flows, builder = read_flows(documents)
    if builder.errors:
        raise InvalidMenu(builder.errors)
    parts[0].counts.update({"IVRs": len(flows), "hand-offs not followed": len(builder.external)})
    by_file = {d.file: d for d in documents}
    menus = []
    for flow in flows:
        root = by_file[flow.file].root
        flow.language = root.attrib.get(_LANG) or root.attrib.get("xml:lang") or "en"
        menus.append(to_menu(flow, NAME))
    return menus

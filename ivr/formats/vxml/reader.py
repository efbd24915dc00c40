"""The VoiceXML 2.x reader: ``.vxml`` documents into menus.

``read`` parses one document (defused, located: :mod:`ivr.formats.xmltree`) and indexes
its dialogs; ``link`` walks every document given as one IVR (:mod:`ivr.formats.vxml.walker`):
a ``next`` into another document given is followed, one into a document not given is an
``external`` node. A server page (JSP, ASP, PHP) that is not well-formed XML as stored is read
with its template code blanked out (:mod:`ivr.formats.vxml.template`), with a located note.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import cast

from ivr.formats.api import Imported, Note
from ivr.formats.detection.vxml import detect
from ivr.formats.flow import to_menu
from ivr.formats.vxml.document import Document
from ivr.formats.vxml.template import blank_template, line_column
from ivr.formats.vxml.variables import undeclared
from ivr.formats.vxml.walker import read_flows
from ivr.formats.xmltree import parse_xml
from ivr.model.errors import InvalidMenu, LoadError
from ivr.model.location import Location
from ivr.model.menu import Menu, NeverRuns, Uncaught, Undeclared

__all__ = ["NAME", "TITLE", "detect", "read", "link"]

NAME = "vxml"
TITLE = "VoiceXML 2.x documents"

_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def read(data: bytes, name: str) -> Imported:
    template = None
    try:
        root = parse_xml(data, name)
    except InvalidMenu:
        blanked = blank_template(data)
        if blanked is None:
            raise
        # a server page (JSP, ASP, PHP): the browser only gets the page rendered, so the document around the
        # template code is read, that code blanked (see ivr.formats.vxml.template)
        data, template = blanked
        try:
            root = parse_xml(data, name)
        except InvalidMenu as refused:
            raise InvalidMenu([LoadError(e.location, f"{e.message} (read with its {template.language} template "
                                                     "code blanked out)") for e in refused.errors]) from None
    document = Document.of(root, name)
    imported = Imported(name, NAME, counts={"dialogs": len(document.dialogs)})
    if template is not None:
        line, column = line_column(data, template.spans[0][0])
        places = len(template.spans)
        imported.notes.append(Note(Location(name, line, column), (
            f"{template.language} template code ({places} place{'s' if places > 1 else ''}) read as blank: a "
            "browser gets the page the server renders, with what that code writes in its place, which ivr "
            "cannot know; the VoiceXML around it is read as written, every conditional part of the page "
            "included")))
    imported.resources["document"] = document
    return imported


def link(parts: Sequence[Imported]) -> list[Menu]:
    # the parsed documents are let go of here, once their flows are built and before the menus are made: the
    # reading keeps each part till the end, and the tree of a large document is as large as its menu
    every = [cast(Document, part.resources.pop("document")) for part in parts]
    if not every:
        return []
    documents = [d for d in every if d.dialogs]  # the others are application roots: scopes of the leaves
    if not documents:
        # application roots given alone: a browser loads such a document (the schema asks for no dialog) and, with
        # no dialog to run, its execution ends at once (VoiceXML 2.0, 1.5.1); what it holds applies to the leaf
        # documents that name it (1.5.2). Read, with nothing for a caller to hear: no IVR, and a note
        for part, document in zip(parts, every):
            part.notes.append(Note(document.root.location, "no <menu> or <form>: an application root, whose "
                                                           "variables, handlers and links apply to the documents "
                                                           "that name it in application= (VoiceXML 2.0, 1.5.2); "
                                                           "give it with them to check them"))
        return []
    flows, builder = read_flows(documents, every)
    if builder.errors:
        raise InvalidMenu(builder.errors)
    parts[0].counts.update({"IVRs": len(flows), "hand-offs not followed": len(builder.external)})
    languages = {d.file: d.root.attrib.get(_LANG) or d.root.attrib.get("xml:lang") or "en" for d in documents}
    dead = builder.dead
    uncaught = [_uncaught(fetches) for _, fetches in sorted(builder.unhandled.items())]
    by_name = {d.name: d for d in every}
    unknown: list[Undeclared] = []
    for doc in documents:
        named = doc.root.attrib.get("application", "").strip().partition("#")[0]
        root = by_name.get(os.path.basename(named)) if named else None
        if named and root is None:
            continue  # an application root not given: what it declares is not known
        unknown.extend(Undeclared(where, message) for where, message in undeclared(doc, root))
    del documents, every, builder
    menus = []
    for flow in flows:
        flow.language = languages[flow.file]
        menus.append(to_menu(flow, NAME))
    for location, message in dead:  # each said once, by the first IVR holding its file
        menu = next((m for m in menus if location.file in (m.files or (m.file,))), menus[0] if menus else None)
        if menu is not None:
            menu.never_runs.append(NeverRuns(location, message))
    for unused in unknown:
        menu = next((m for m in menus if unused.location.file in (m.files or (m.file,))), None)
        if menu is not None:
            menu.undeclared.append(unused)
    for fetch in uncaught:  # one per document, by the first IVR holding its file
        menu = next((m for m in menus if fetch.location.file in (m.files or (m.file,))), None)
        if menu is not None:
            menu.uncaught.append(fetch)
    return menus


def _uncaught(fetches: list[tuple[Location, str]]) -> Uncaught:
    """The fetches of one document that no error.badfetch handler catches, said once, where the first is."""
    fetches = sorted(fetches, key=lambda f: (f[0].line or 0, f[0].column or 0))
    (where, what), rest = fetches[0], fetches[1:]
    lines = sorted({f[0].line for f in rest if f[0].line is not None})
    more = ""
    if rest:
        shown = ", ".join(str(n) for n in lines[:5]) + (" ..." if len(lines) > 5 else "")
        more = f" (and {len(rest)} more fetch{'es' if len(rest) > 1 else ''}, line{'s' if len(lines) > 1 else ''} {shown})"
    return Uncaught(where, f"{what}{more} has no error.badfetch handler in scope: when the fetch fails, the "
                           "platform's default handler exits and the call ends with nothing said (VoiceXML 2.0, "
                           "5.2.5); add a <catch event=\"error.badfetch\"> to the document or its application "
                           "root that tells callers and offers a way on")

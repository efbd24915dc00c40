"""A VoiceXML 2.x document as the flow builder needs it: dialogs by id, event handlers by scope, properties.

Elements come from :mod:`ivr.formats.xmltree` (defused, located); the VoiceXML namespace is
dropped from tag names. Dialogs without an ``id`` get one from their place
(``form2``), as the caller can still reach them by falling into them from the document.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from ivr.formats.xmltree import Element
from ivr.model.errors import InvalidMenu, LoadError

__all__ = ["Document", "local", "handlers", "seconds", "text_of", "item_names", "form_items", "with_text", "DIALOGS",
           "ITEMS"]

DIALOGS = ("menu", "form")
#: The form items, in the order the form interpretation algorithm visits them (document order).
ITEMS = ("block", "field", "record", "transfer", "subdialog", "object", "initial")
_TIME = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s)?\s*$")


def local(tag: str) -> str:
    """The tag without its namespace (``{http://www.w3.org/2001/vxml}menu`` -> ``menu``)."""
    return tag.rsplit("}", 1)[-1]


def seconds(text: str | None) -> float | None:
    """A CSS2 time (``30s``, ``500ms``) in seconds; None when absent or unreadable."""
    match = _TIME.match(text or "")
    if not match:
        return None
    value = float(match.group(1))
    return value / 1000 if match.group(2) == "ms" else value


_SILENT = frozenset({"grammar", "log", "script", "var", "assign", "property", "metadata"})


def text_of(element: Element) -> str:
    """The words an element speaks: its text and its children's, in document order, spaces folded."""
    parts: list[str] = []
    stack = [element]
    while stack:
        current = stack.pop()
        parts.append(current.text)
        stack.extend(reversed([c for c in current.children if local(c.tag) not in _SILENT]))
    return " ".join(" ".join(parts).split())


#: What a form holds besides items: handlers, declarations, its <filled>.
_NOT_CONTENT = frozenset({"filled", "catch", "noinput", "nomatch", "error", "help", "link", "var", "script",
                          "property", "grammar", "log", "metadata", "meta"})


def form_items(form: Element) -> list[tuple[str, Element]]:
    """A form's items in order, each with its name (``name``, else the tag and place: ``block2``).

    Executable content written straight in the form (OPAL's samples do, though VoiceXML
    puts it in a ``<block>``) is read as the block it stands for.
    """
    items: list[Element] = []
    loose: list[Element] = []
    for child in form.children:
        name = local(child.tag)
        if name in ITEMS:
            if loose:
                items.append(Element("block", {}, loose[0].location, loose))
                loose = []
            items.append(child)
        elif name not in _NOT_CONTENT:
            loose.append(child)
    if loose:
        items.append(Element("block", {}, loose[0].location, loose))
    return [(item.attrib.get("name") or f"{local(item.tag)}{k + 1}", item) for k, item in enumerate(items)]


def item_names(form: Element) -> list[str]:
    return [name for name, _ in form_items(form)]


def with_text(element: Element) -> list[Element]:
    """An element's children, its own text first as a pseudo-element (``<block>Hello<exit/></block>``)."""
    own = " ".join(element.text.split())
    return ([Element("#text", {}, element.location, [], own)] if own else []) + element.children


#: A handler's ``count`` with more digits is refused before it is converted (the model allows 100 tries;
#: int() refuses more than 4,300 digits with a traceback).
_COUNT_DIGITS = 9


def handlers(scope: Element, event: str) -> list[tuple[int, Element]]:
    """The handlers of ``event`` written directly in ``scope``: ``(count, element)``, by count."""
    found: list[tuple[int, Element]] = []
    for child in scope.children:
        name = local(child.tag)
        events = child.attrib.get("event", "").split() if name == "catch" else [name]
        if name not in ("catch", "noinput", "nomatch", "error", "help") or not (
                event in events or any(event.startswith(e + ".") for e in events) or (name == "catch" and not events)):
            continue
        count = child.attrib.get("count", "1")
        if count.isascii() and count.isdigit() and len(count) > _COUNT_DIGITS:
            shown = f'"{count}"' if len(count) <= 20 else f'"{count[:10]}...{count[-4:]}" ({len(count):,} digits)'
            raise InvalidMenu([LoadError(child.location, f"count={shown} of <{name}> counts more {event} events than "
                                                         "a call can have; write a count of a few tries, such as 3")])
        found.append((int(count) if count.isascii() and count.isdigit() else 1, child))
    return sorted(found, key=lambda item: item[0])


@dataclass(slots=True)
class Document:
    """One VoiceXML file: its root, its dialogs in order, by id."""

    file: str
    root: Element
    #: id -> dialog element, in document order
    dialogs: dict[str, Element] = field(default_factory=dict)
    #: ids written in the file, for the dialogs that had one
    named: set[str] = field(default_factory=set)
    #: id of an element -> its children by tag, without namespace (made once per element asked about: the
    #: document's own children are asked about by every dialog)
    _kinds: dict[int, dict[str, list[Element]]] = field(default_factory=dict)

    def children_of(self, element: Element, kind: str) -> list[Element]:
        """The children of ``element`` that are ``<kind>`` elements, in document order (sorted by kind once for an
        element of many children: the document's own are asked about by every dialog; a few are gone through)."""
        if len(element.children) <= 32:
            return [child for child in element.children if local(child.tag) == kind]
        kinds = self._kinds.get(id(element))
        if kinds is None:
            kinds = self._kinds[id(element)] = {}
            for child in element.children:
                kinds.setdefault(local(child.tag), []).append(child)
        return kinds.get(kind, [])

    @property
    def name(self) -> str:
        return os.path.basename(self.file)

    @classmethod
    def of(cls, root: Element, file: str) -> Document:
        if local(root.tag) != "vxml":
            raise InvalidMenu([LoadError(root.location, f"the top element is <{local(root.tag)}>, not <vxml>; "
                                                        "pass a VoiceXML 2.x document")])
        document = cls(file, root)
        counts: dict[str, int] = {}
        errors: list[LoadError] = []
        for child in root.children:
            kind = local(child.tag)
            if kind not in DIALOGS:
                continue
            counts[kind] = counts.get(kind, 0) + 1
            dialog_id = child.attrib.get("id") or f"{kind}{counts[kind]}"
            if dialog_id in document.dialogs:
                errors.append(LoadError(child.location, f"dialog id '{dialog_id}' is used twice (first at "
                                                        f"{document.dialogs[dialog_id].location}); ids must be unique"))
                continue
            document.dialogs[dialog_id] = child
            if child.attrib.get("id"):
                document.named.add(dialog_id)
        if errors:
            raise InvalidMenu(errors)
        # a document with no dialog is an application root (VoiceXML 2.0, 1.5.2: its variables, <catch> and <link>
        # apply to the leaf documents that name it): read, and refused only where no document given has a dialog
        return document

    def property(self, scope: Element | None, name: str) -> str | None:
        """A ``<property>`` in ``scope`` or, failing that, at document level."""
        for holder in (scope, self.root):
            if holder is None:
                continue
            for child in self.children_of(holder, "property"):
                if child.attrib.get("name") == name:
                    return child.attrib.get("value")
        return None

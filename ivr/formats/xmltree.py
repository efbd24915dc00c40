"""Safe XML with a place for every element: the parsing shared by XML readers.

Parsed with :mod:`defusedxml` (entity declarations and external entities are refused, so a
file cannot expand into billions of characters or read other files), through expat: the
tree builder records, for each element, the line and column expat is at when the element
starts (``CurrentLineNumber``/``CurrentColumnNumber``) and its element path
(``/include/menu[2]/entry[3]``, XPath-like, counting siblings of the same name from 1).
Malformed XML is an :class:`~ivr.model.errors.InvalidMenu` at its line and column with
what to do about it, never a traceback.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field

from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import DefusedXMLParser

from ivr.model.errors import InvalidMenu, LoadError
from ivr.model.menu import Location

__all__ = ["Element", "parse_xml"]


@dataclass(slots=True)
class Element:
    """An XML element with its attributes, children and place."""

    tag: str
    attrib: dict[str, str]
    location: Location
    children: list[Element] = field(default_factory=list)
    text: str = ""

    def iter(self, tag: str) -> Iterator[Element]:
        """This element and every element under it named ``tag``, in document order."""
        if self.tag == tag:
            yield self
        for child in self.children:
            yield from child.iter(tag)

    def find_all(self, tag: str) -> list[Element]:
        return [child for child in self.children if child.tag == tag]


class _Builder:
    """The parser's target: builds :class:`Element` s located where expat is when each starts."""

    def __init__(self, file: str):
        self.file = file
        self.parser: DefusedXMLParser | None = None
        self.stack: list[Element] = []
        self.counts: list[dict[str, int]] = [{}]
        self.root: Element | None = None

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        assert self.parser is not None
        expat = self.parser.parser
        siblings = self.counts[-1]
        siblings[tag] = siblings.get(tag, 0) + 1
        parent = self.stack[-1].location.pointer if self.stack else ""
        name = tag.rsplit("}", 1)[-1]  # the path names elements without their namespace ({http://...}menu: menu)
        pointer = f"{parent}/{name}" if not self.stack else f"{parent}/{name}[{siblings[tag]}]"
        element = Element(tag, dict(attrib), Location(self.file, expat.CurrentLineNumber,
                                                      expat.CurrentColumnNumber + 1, pointer))
        if self.stack:
            self.stack[-1].children.append(element)
        else:
            self.root = element
        self.stack.append(element)
        self.counts.append({})

    def end(self, tag: str) -> Element:
        self.counts.pop()
        return self.stack.pop()

    def data(self, text: str) -> None:
        if self.stack:
            self.stack[-1].text += text

    def close(self) -> Element | None:
        return self.root


_HINTS = [
    (re.compile(r"invalid token"), "look for a stray quote or < in an attribute, or an & not written &amp;"),
    (re.compile(r"mismatched tag"), "close elements in the order they were opened (<a><b></b></a>)"),
    (re.compile(r"unclosed token|no element found"), "the file ends before its elements are closed; "
                                                     "close every element that is opened"),
    (re.compile(r"junk after document element"), "an XML file has one top element; wrap the menus in "
                                                  "<include> ... </include>"),
    (re.compile(r"not well-formed"), "check the markup here: every < starts an element or comment, every "
                                     "attribute value is in quotes"),
]


def _where(file: str, parser: DefusedXMLParser) -> Location:
    expat = parser.parser
    return Location(file, expat.CurrentLineNumber, expat.CurrentColumnNumber + 1)


def parse_xml(data: bytes, file: str) -> Element:
    """The located tree of ``data`` (the bytes of ``file``); :class:`InvalidMenu` says why it cannot be read."""
    builder = _Builder(file)
    parser = DefusedXMLParser(target=builder, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    builder.parser = parser
    try:
        parser.feed(data)
        root = parser.close()
    except ET.ParseError as exc:
        line, column = exc.position
        reason = str(exc).split(": line")[0]
        reason = reason.removeprefix("not well-formed (").removesuffix(")") if reason.startswith("not well-formed (") else reason
        hint = next((h for pattern, h in _HINTS if pattern.search(reason)), "fix the markup here")
        raise InvalidMenu([LoadError(Location(file, line, column + 1), f"not well-formed XML ({reason}); {hint}")]) from None
    except (EntitiesForbidden, DTDForbidden) as exc:
        raise InvalidMenu([LoadError(_where(file, parser), f"entity declarations are refused ({exc.name!r}): they can "
                                     "expand a small file into gigabytes; remove the <!ENTITY> declaration and "
                                     "write the text itself")]) from None
    except (LookupError, ValueError) as exc:  # expat asked Python for a codec: unknown, or one of several bytes
        raise InvalidMenu([LoadError(Location(file, 1, 1), f"the XML declaration names an encoding ivr cannot "
                                     f"read ({exc}); save the file as UTF-8, and declare encoding=\"UTF-8\" or "
                                     "none")]) from None
    except ExternalReferenceForbidden:
        raise InvalidMenu([LoadError(_where(file, parser), "external entities are refused: they read other files "
                                     "or URLs; remove the reference and put the content in the file")]) from None
    except DefusedXmlException as exc:
        raise InvalidMenu([LoadError(_where(file, parser), f"refused: {exc}; remove it")]) from None
    if not isinstance(root, Element):
        raise InvalidMenu([LoadError(Location(file, 1, 1), "no XML element in the file")])
    return root

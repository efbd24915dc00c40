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

from ivr.model.errors import InvalidMenu, LoadError, not_utf8_at
from ivr.model.menu import Location

__all__ = ["Element", "parse_xml", "MAX_DEPTH"]

#: The deepest nesting of elements read: an IVR document nests about 8 deep.
MAX_DEPTH = 100
#: The most elements read from one document: an IVR document holds hundreds, a large one some thousands.
#: An element costs about 400 bytes once read, so the tree stays under 80 MB whatever the file.
MAX_ELEMENTS = 200_000


class _TooDeep(Exception):
    def __init__(self, where: Location, message: str):
        super().__init__(str(where))
        self.where = where
        self.message = message


@dataclass(slots=True)
class Element:
    """An XML element with its attributes, children and place."""

    tag: str
    attrib: dict[str, str]
    location: Location
    children: list[Element] = field(default_factory=list)
    text: str = ""

    def iter(self, tag: str) -> Iterator[Element]:
        """This element and every element under it named ``tag``, in document order (no recursion: a
        document nested as deep as :data:`MAX_DEPTH` costs no Python stack)."""
        stack = [self]
        while stack:
            element = stack.pop()
            if element.tag == tag:
                yield element
            stack.extend(reversed(element.children))

    def find_all(self, tag: str) -> list[Element]:
        return [child for child in self.children if child.tag == tag]


class _Builder:
    """The parser's target: builds :class:`Element` s located where expat is when each starts."""

    def __init__(self, file: str):
        self.file = file
        self.parser: DefusedXMLParser | None = None
        self.stack: list[Element] = []
        self.counts: list[dict[str, int]] = [{}]
        #: the text of each open element, in the pieces expat hands over (joined once, at its end: adding
        #: each piece to a string would copy it again and again, quadratic in a long text)
        self.texts: list[list[str]] = []
        self.root: Element | None = None
        self.elements = 0
        self.bom = False  #: the data starts with a byte-order mark

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        assert self.parser is not None
        expat = self.parser.parser
        if len(self.stack) >= MAX_DEPTH:
            raise _TooDeep(_at(self.file, expat.CurrentLineNumber, expat.CurrentColumnNumber, self.bom),
                           f"elements nest deeper than {MAX_DEPTH} levels here, far more than an IVR document "
                           "does; flatten the document")
        self.elements += 1
        if self.elements > MAX_ELEMENTS:
            raise _TooDeep(_at(self.file, expat.CurrentLineNumber, expat.CurrentColumnNumber, self.bom),
                           f"more than {MAX_ELEMENTS:,} elements by here, far more than an IVR document holds; "
                           "split the document, or pass the right file")
        siblings = self.counts[-1]
        siblings[tag] = siblings.get(tag, 0) + 1
        parent = self.stack[-1].location.pointer if self.stack else ""
        name = tag.rsplit("}", 1)[-1]  # the path names elements without their namespace ({http://...}menu: menu)
        pointer = f"{parent}/{name}" if not self.stack else f"{parent}/{name}[{siblings[tag]}]"
        at = _at(self.file, expat.CurrentLineNumber, expat.CurrentColumnNumber, self.bom)
        element = Element(tag, attrib, Location(self.file, at.line, at.column, pointer))  # expat's dict is new each time
        if self.stack:
            self.stack[-1].children.append(element)
        else:
            self.root = element
        self.stack.append(element)
        self.counts.append({})
        self.texts.append([])

    def end(self, tag: str) -> Element:
        self.counts.pop()
        element = self.stack.pop()
        pieces = self.texts.pop()
        if pieces:
            element.text = "".join(pieces)
        return element

    def data(self, text: str) -> None:
        if self.texts:
            self.texts[-1].append(text)

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


def _at(file: str, line: int, column: int, bom: bool) -> Location:
    """Where expat is (``column`` from 0), as a column of characters from 1: expat counts a byte-order mark
    as a character of the first line, which no editor shows."""
    return Location(file, line, column + 1 - (1 if bom and line == 1 else 0))


def _where(file: str, parser: DefusedXMLParser) -> Location:
    expat = parser.parser
    return _at(file, expat.CurrentLineNumber, expat.CurrentColumnNumber, parser.target.bom)


_DECLARED = re.compile(rb"\A(?:\xef\xbb\xbf)?<\?xml[^>]*?\bencoding\s*=\s*[\"']([^\"']*)")


def _utf8(data: bytes) -> bool:
    """Whether expat reads ``data`` as UTF-8: it declares that encoding, or none (XML 1.0, 4.3.3)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 (4.3.3: a byte-order mark says so)
        return False
    declared = _DECLARED.match(data[:200])
    return declared is None or declared[1].lower().replace(b"_", b"-") in (b"utf-8", b"utf8")


def parse_xml(data: bytes, file: str) -> Element:
    """The located tree of ``data`` (the bytes of ``file``); :class:`InvalidMenu` says why it cannot be read."""
    builder = _Builder(file)
    builder.bom = data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"))
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
        where = _at(file, line, column, builder.bom)
        if reason == "invalid token" and _utf8(data) and where == not_utf8_at(file, data):
            # expat stops at the first byte that is not UTF-8, the encoding of XML that declares no other
            raise InvalidMenu([LoadError(where, "the file is not UTF-8 text, the encoding of XML that declares no "
                                                "other; save it as UTF-8, or declare its encoding "
                                                "(<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>)")]) from None
        raise InvalidMenu([LoadError(where, f"not well-formed XML ({reason}); {hint}")]) from None
    except (EntitiesForbidden, DTDForbidden) as exc:
        raise InvalidMenu([LoadError(_where(file, parser), f"entity declarations are refused ({exc.name!r}): they can "
                                     "expand a small file into gigabytes; remove the <!ENTITY> declaration and "
                                     "write the text itself")]) from None
    except ExternalReferenceForbidden:
        raise InvalidMenu([LoadError(_where(file, parser), "external entities are refused: they read other files "
                                     "or URLs; remove the reference and put the content in the file")]) from None
    except _TooDeep as deep:
        raise InvalidMenu([LoadError(deep.where, deep.message)]) from None
    except DefusedXmlException as exc:
        raise InvalidMenu([LoadError(_where(file, parser), f"refused: {exc}; remove it")]) from None
    except (ValueError, LookupError):  # after defusedxml's refusals, which are ValueErrors too
        # the encoding the declaration names: pyexpat reads UTF-8, UTF-16 and the single-byte encodings Python
        # has a codec for; any other is a ValueError ("multi-byte encodings are not supported"), an unknown
        # name a LookupError (CPython Modules/pyexpat.c, PyUnknownEncodingHandler)
        declared = _DECLARED.match(data[:200])
        if declared is None or _utf8(data):  # no encoding to blame: not ours to hide
            raise
        name = declared[1].decode("ascii", "replace")
        raise InvalidMenu([LoadError(Location(file, 1, 1), f"the encoding the file declares, {name!r}, is not one "
                                     "ivr reads (UTF-8, UTF-16, or a single-byte encoding such as ISO-8859-1); "
                                     "save the file as UTF-8, and declare encoding=\"UTF-8\" or none")]) from None
    if not isinstance(root, Element):
        raise InvalidMenu([LoadError(Location(file, 1, 1), "no XML element in the file")])
    return root

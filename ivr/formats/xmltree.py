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
import sys
import xml.etree.ElementTree as ET
from array import array
from collections.abc import Callable, Iterator

from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import DefusedXMLParser

from ivr.formats.limits import MAX_DEPTH, MAX_ITEMS, MAX_TEXT, too_long, too_many
from ivr.model.errors import InvalidMenu, LoadError, not_utf8_at
from ivr.model.menu import Location

__all__ = ["Element", "parse_xml", "MAX_DEPTH"]

#: The most elements read from one document: an IVR document holds hundreds, a large one some thousands.
#: An element costs about 400 bytes once read, so the tree stays under 80 MB whatever the file. Elements and
#: attributes together are also held to :data:`~ivr.formats.limits.MAX_ITEMS`, the count every reader keeps.
MAX_ELEMENTS = 200_000

class _Refused(Exception):
    """The document goes past one of the limits (:data:`MAX_ELEMENTS`, :mod:`ivr.formats.limits`) at ``where``."""

    def __init__(self, where: Location, message: str):
        super().__init__(str(where))
        self.where = where
        self.message = message


#: The children of every element that has none, and the attributes of every element that has none: one list and
#: one dict shared, never changed (a leaf's own empty list and dict cost 120 bytes, a third of an element).
NO_CHILDREN: list[Element] = []
NO_ATTRIBUTES: dict[str, str] = {}


class _Places:
    """Where the elements of one document stand, kept for the document as machine integers (40 bytes an element)
    rather than as a :class:`Location` and an element path per element: a place is made when it is asked for,
    and most are never asked for. It holds no element, so a tree holds no cycle and is freed as soon as it is
    dropped (the cyclic collector is paused while files are read)."""

    __slots__ = ("file", "lines", "columns", "parents", "nths", "names")

    def __init__(self, file: str):
        self.file = file
        self.lines, self.columns = array("q"), array("q")
        #: the index of each element's parent (-1: the root), its number among the siblings of its name
        self.parents, self.nths = array("q"), array("q")
        #: each element's name without its namespace ({http://...}menu: menu)
        self.names: list[str] = []

    def add(self, line: int, column: int, parent: int, nth: int, name: str) -> int:
        self.lines.append(line)
        self.columns.append(column)
        self.parents.append(parent)
        self.nths.append(nth)
        self.names.append(name)
        return len(self.names) - 1

    def pointer(self, index: int) -> str:
        """The element path of element ``index`` (``/include/menu[2]/entry[3]``: siblings of a name counted from 1,
        the root without a number)."""
        parts = []
        while index >= 0:
            parent = self.parents[index]
            parts.append(f"/{self.names[index]}" if parent < 0 else f"/{self.names[index]}[{self.nths[index]}]")
            index = parent
        return "".join(reversed(parts))

    def location(self, index: int) -> Location:
        return Location(self.file, self.lines[index], self.columns[index], self.pointer(index))


class Element:
    """An XML element with its attributes, children and place (``location``, made when first asked for)."""

    __slots__ = ("tag", "attrib", "children", "text", "_places", "_index", "_location")

    def __init__(self, tag: str, attrib: dict[str, str], location: Location | None = None,
                 children: list[Element] | None = None, text: str = "", places: _Places | None = None,
                 index: int = 0):
        self.tag = tag
        self.attrib = attrib
        self.children = NO_CHILDREN if children is None else children
        self.text = text
        self._places = places
        self._index = index
        self._location = location

    @property
    def location(self) -> Location:
        """Where the element starts, made when first asked for and kept (every step and edge made from the
        element shares it)."""
        if self._location is None and self._places is not None:
            self._location = self._places.location(self._index)
        return self._location  # type: ignore[return-value]

    @property
    def order(self) -> int:
        """The element's place in document order (of the starts of elements: a parent before its children)."""
        return self._index

    def __repr__(self) -> str:
        return f"Element({self.tag!r}, {self.attrib!r}, {self.location!r}, <{len(self.children)} children>)"

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

    def __init__(self, file: str, on_end: Callable[[Element, list[Element]], bool] | None = None):
        self.file = file
        self.on_end = on_end
        self.parser: DefusedXMLParser | None = None
        self.stack: list[Element] = []
        self.counts: list[dict[str, int]] = [{}]
        #: the text of each open element, in the pieces expat hands over (joined once, at its end: adding
        #: each piece to a string would copy it again and again, quadratic in a long text)
        self.texts: list[list[str]] = []
        self.root: Element | None = None
        #: the length of each open element's text so far, against MAX_TEXT
        self.lengths: list[int] = []
        self.elements = 0
        #: elements and attributes read, against MAX_ITEMS
        self.items = 0
        self.bom = False  #: the data starts with a byte-order mark
        self.places = _Places(file)
        #: tag -> its name without a namespace, interned: one string per name, not one per element
        self._names: dict[str, str] = {}

    def _name(self, tag: str) -> str:
        name = self._names.get(tag)
        if name is None:
            name = self._names[tag] = sys.intern(tag.rsplit("}", 1)[-1])
        return name

    def _here(self) -> Location:
        assert self.parser is not None
        expat = self.parser.parser
        return _at(self.file, expat.CurrentLineNumber, expat.CurrentColumnNumber, self.bom)

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        assert self.parser is not None
        expat = self.parser.parser
        if len(self.stack) >= MAX_DEPTH:
            raise _Refused(self._here(), f"elements nest deeper than {MAX_DEPTH} levels here, far more than an IVR "
                                         "document does; flatten the document")
        self.elements += 1
        if self.elements > MAX_ELEMENTS:
            raise _Refused(self._here(), f"more than {MAX_ELEMENTS:,} elements by here, far more than an IVR "
                                         "document holds; split the document, or pass the right file")
        self.items += 1 + len(attrib)
        if self.items > MAX_ITEMS:
            raise _Refused(self._here(), too_many("elements and attributes", MAX_ITEMS))
        # attribute names are only looked up, never shown or walked: the values are what is bounded
        if len(tag) > MAX_TEXT or attrib and max(map(len, attrib.values())) > MAX_TEXT:
            longest = max([len(tag), *map(len, attrib.values())])
            raise _Refused(self._here(), too_long(longest, "a name or an attribute value"))
        siblings = self.counts[-1]
        nth = siblings[tag] = siblings.get(tag, 0) + 1
        line, column = expat.CurrentLineNumber, expat.CurrentColumnNumber + 1
        if self.bom and line == 1:
            column -= 1
        stack = self.stack
        index = self.places.add(line, column, stack[-1]._index if stack else -1, nth, self._name(tag))
        # expat's dict is new each time; an empty one is the one shared
        element = Element(tag, attrib or NO_ATTRIBUTES, None, None, "", self.places, index)
        if stack:
            parent = stack[-1]
            if parent.children is NO_CHILDREN:
                parent.children = [element]
            else:
                parent.children.append(element)
        else:
            self.root = element
        self.stack.append(element)
        self.counts.append({})
        self.texts.append([])
        self.lengths.append(0)

    def end(self, tag: str) -> Element:
        self.counts.pop()
        element = self.stack.pop()
        pieces = self.texts.pop()
        self.lengths.pop()
        if pieces:
            element.text = "".join(pieces)
        if self.on_end is not None and self.on_end(element, self.stack) and self.stack:
            self.stack[-1].children.pop()  # taken by the reader: the last child its parent has so far
        return element

    def data(self, text: str) -> None:
        if self.texts:
            self.lengths[-1] += len(text)
            if self.lengths[-1] > MAX_TEXT:
                raise _Refused(self.stack[-1].location, too_long(None, "the text of this element is"))
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


#: How a document in UTF-16 begins (XML 1.0, Appendix F): a byte-order mark, or, with none, ``<?`` in two bytes each.
_UTF16 = {b"\xff\xfe": "utf-16", b"\xfe\xff": "utf-16", b"<\x00": "utf-16-le", b"\x00<": "utf-16-be"}


def _declaration(data: bytes) -> re.Match[bytes] | None:
    """The XML declaration at the head of ``data``, read as ASCII whether the file is in UTF-8 or in UTF-16."""
    head = data[:400]
    utf16 = _UTF16.get(head[:2])
    if utf16:
        head = head.decode(utf16, "replace").encode("ascii", "replace")
    return _DECLARED.match(head)


def _utf8(data: bytes) -> bool:
    """Whether expat reads ``data`` as UTF-8: it declares that encoding, or none (XML 1.0, 4.3.3)."""
    if data[:2] in _UTF16:  # UTF-16 (4.3.3 and Appendix F: a byte-order mark, or '<' in two bytes, says so)
        return False
    declared = _declaration(data)
    return declared is None or declared[1].lower().replace(b"_", b"-") in (b"utf-8", b"utf8")


def parse_xml(data: bytes, file: str, on_end: Callable[[Element, list[Element]], bool] | None = None) -> Element:
    """The located tree of ``data`` (the bytes of ``file``); :class:`InvalidMenu` says why it cannot be read.

    ``on_end(element, ancestors)``, when given, is called as each element ends, complete (its children, text and
    place), with the elements it is inside, outermost first; when it returns True the element is taken out of
    the tree (its parent's children), so a reader that builds its model as elements end keeps only what the
    model needs, not the whole document beside it.
    """
    builder = _Builder(file, on_end)
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
    except _Refused as refused:
        raise InvalidMenu([LoadError(refused.where, refused.message)]) from None
    except DefusedXmlException as exc:
        raise InvalidMenu([LoadError(_where(file, parser), f"refused: {exc}; remove it")]) from None
    except (ValueError, LookupError):  # after defusedxml's refusals, which are ValueErrors too
        # the encoding the declaration names: pyexpat reads UTF-8, UTF-16 and the single-byte encodings Python
        # has a codec for; any other is a ValueError ("multi-byte encodings are not supported"), an unknown
        # name a LookupError (CPython Modules/pyexpat.c, PyUnknownEncodingHandler)
        declared = _declaration(data)  # written in UTF-16, with or without a byte-order mark (the fuzzer's finds)
        if declared is None or _utf8(data):  # no encoding to blame: not ours to hide
            raise
        name = declared[1].decode("ascii", "replace")
        raise InvalidMenu([LoadError(Location(file, 1, 1), f"the encoding the file declares, {name!r}, is not one "
                                     "ivr reads (UTF-8, UTF-16, or a single-byte encoding such as ISO-8859-1); "
                                     "save the file as UTF-8, and declare encoding=\"UTF-8\" or none")]) from None
    if not isinstance(root, Element):
        raise InvalidMenu([LoadError(Location(file, 1, 1), "no XML element in the file")])
    return root

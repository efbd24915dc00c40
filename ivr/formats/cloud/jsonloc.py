"""Read JSON keeping where every value stands: line, column and JSON Pointer.

The stdlib :mod:`json` gives values but no positions, and the one PyPI package
that maps a document to positions (``json-source-map``, last released 2022)
walks the text a character at a time and needs a second parse for the values.
This scanner reads values and positions in one pass, with the stdlib's C
string scanner (:func:`json.decoder.scanstring`) and regular expressions for
the rest, and keeps only the offset of each key and value: a line and column
are computed when a location is asked for (most values are never reported).

Relaxations, all off unless asked for, serve JSON written inside other
files: ``bare_refs`` reads an HCL reference written without quotes
(``var.flow_sid``, ``data.x.y[0].sid``) as the text ``${var.flow_sid}``, as
Terraform's ``jsonencode({...})`` would see it, allows a comma before a
closing bracket, and reads HCL's object syntax (``Version = "2019-10-30"``,
attributes separated by line breaks). A document that is not JSON raises :class:`JSONSyntaxError`
with the position and the stdlib's own words.
"""

from __future__ import annotations

import bisect
import json
import math
import re
from array import array
from json.decoder import scanstring  # type: ignore[attr-defined]
from sys import intern
from typing import Any

from ivr.formats.limits import MAX_DEPTH, MAX_ITEMS, MAX_NUMBER, MAX_TEXT, too_long, too_many
from ivr.model.menu import Location

__all__ = ["Source", "JObject", "JArray", "JSONSyntaxError", "read_json", "pointer_part", "empty_object"]

_WS = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?")
_REF = re.compile(r"[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*|\[\d+\]|\[\"[^\"\n]*\"\])*")
_CONSTANTS = {"true": True, "false": False, "null": None}


_SURROGATE = re.compile("[\ud800-\udfff]")


def _string(text: str, quote: int) -> tuple[str, int]:
    """The string whose opening quote is at ``quote``, and the offset after it. A ``\\u`` escape of one half
    of a UTF-16 surrogate pair without the other (``"\\ud800"``) is refused: it is no character, and no
    output could be written with it (the stdlib's scanner lets it through; a pair it joins)."""
    found, end = scanstring(text, quote + 1)
    lone = _SURROGATE.search(found)
    if lone:
        raise JSONSyntaxError(f"the escape \\u{ord(lone.group()):04x} is one half of a UTF-16 surrogate pair "
                              "without the other: it is no character", quote)
    return found, end


_HCL_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


def _hcl_string(text: str, quote: int) -> tuple[str, int]:
    """An HCL quoted template whose opening quote is at ``quote`` (Terraform, "String Templates"): an
    interpolation ``${ ... }`` may hold quoted strings of its own (``"${var.urls["help"]}/x"``), kept as
    written; the string ends at the first unescaped quote outside every interpolation."""
    out: list[str] = []
    index, depth, length = quote + 1, 0, len(text)
    while index < length:
        char = text[index]
        if depth == 0:
            if char == '"':
                return "".join(out), index + 1
            if char == "\\" and index + 1 < length:
                out.append(_HCL_ESCAPES.get(text[index + 1], "\\" + text[index + 1]))
                index += 2
                continue
            if char == "\n":
                break
            if text.startswith("${", index):
                depth = 1
                out.append("${")
                index += 2
                continue
            out.append(char)
            index += 1
            continue
        if char == '"':  # a string inside the interpolation: to its end, braces in it not counted
            end = index + 1
            while end < length and text[end] != '"':
                end += 2 if text[end] == "\\" else 1
            out.append(text[index:end + 1])
            index = end + 1
            continue
        depth += {"{": 1, "}": -1}.get(char, 0)
        out.append(char)
        index += 1
    raise JSONSyntaxError("this string is never closed: a '\"' is missing", quote)


class JSONSyntaxError(ValueError):
    """Text that is not JSON: ``offset`` into the text and what is wrong there."""

    def __init__(self, message: str, offset: int):
        super().__init__(message)
        self.message = message
        self.offset = offset


class JSONLimitError(JSONSyntaxError):
    """JSON that goes past one of the reader's limits (:mod:`ivr.formats.limits`: nesting, a number's length, a
    string's length, the number of values) at ``offset``."""


def pointer_part(key: str | int) -> str:
    """One reference token of a JSON Pointer (RFC 6901): ``~`` and ``/`` escaped."""
    return str(key).replace("~", "~0").replace("/", "~1")


class Source:
    """One JSON document: where its text stands in a file, to turn offsets into locations.

    ``fixed`` is the line and column of every value when the document is itself a
    string inside another (Amazon Connect's ``{"Content": "<json>"}``): positions
    inside it are known only by pointer. ``origin`` is the line of the file where the
    text's first line stands, and the columns its lines are indented by, when the
    text is the file's lines as written but for a constant indentation (a YAML
    block scalar, a Terraform heredoc): every position is then one of the file.
    """

    __slots__ = ("file", "text", "fixed", "origin", "_lines")

    def __init__(self, file: str, text: str, fixed: tuple[int, int] | None = None,
                 origin: tuple[int, int] = (1, 0)):
        self.file = file
        self.text = text
        self.fixed = fixed
        self.origin = origin
        self._lines: array[int] | None = None

    def line_column(self, offset: int) -> tuple[int, int]:
        if self.fixed is not None:
            return self.fixed
        if self._lines is None:
            self._lines = array("q", [0])  # 8 bytes a line, where a list of ints costs 40
            self._lines.extend(m.end() for m in re.finditer("\n", self.text))
        index = bisect.bisect_right(self._lines, offset) - 1
        return index + self.origin[0], offset - self._lines[index] + 1 + self.origin[1]

    def pos(self, offset: int, pointer: str) -> Location:
        line, column = self.line_column(offset)
        return Location(self.file, line, column, pointer)


#: An object of more keys than this finds a key's place through an index made when first asked; a smaller one by
#: going through its keys (a flow's objects hold a handful).
_SCANNED = 16


class JObject(dict[str, Any]):
    """A JSON object that knows its pointer and the offset of each key and value.

    The offsets are machine integers in the order of the keys (an ``array``: 8 bytes a key, where a dict of
    tuples cost about 150), the value's found again from its key's when asked.
    """

    __slots__ = ("source", "pointer", "offset", "offsets", "_index")
    source: Source
    pointer: str
    offset: int
    #: the offset of each key, in the order of the keys
    offsets: array[int]
    #: key -> its position among the keys, for a large object (made when first needed)
    _index: dict[str, int] | None

    def position(self, key: str) -> int | None:
        """Where ``key`` stands among the keys (None: absent)."""
        if len(self) <= _SCANNED:
            for position, each in enumerate(self):
                if each == key:
                    return position
            return None
        index = self._index
        if index is None or len(index) != len(self):
            index = self._index = {each: position for position, each in enumerate(self)}
        return index.get(key)

    def here(self) -> Location:
        return self.source.pos(self.offset, self.pointer)

    def at(self, key: str) -> Location:
        """Where the value of ``key`` stands (the object itself when the key is absent)."""
        position = self.position(key)
        if position is None:
            return self.here()
        return self.source.pos(_value_offset(self.source.text, self.offsets[position]),
                               f"{self.pointer}/{pointer_part(key)}")

    def key_at(self, key: str) -> Location:
        position = self.position(key)
        if position is None:
            return self.here()
        return self.source.pos(self.offsets[position], f"{self.pointer}/{pointer_part(key)}")


def _value_offset(text: str, key_at: int) -> int:
    """The offset of the value whose key starts at ``key_at`` (the text was read: it is JSON there)."""
    plain = _KEY.match(text, key_at)
    if plain:
        return plain.end()
    _, index = scanstring(text, key_at + 1)
    index = _WS.match(text, index).end() + 1  # type: ignore[union-attr]  # the ':'
    return _WS.match(text, index).end()  # type: ignore[union-attr]


class JArray(list[Any]):
    """A JSON array that knows its pointer and the offset of each item."""

    __slots__ = ("source", "pointer", "offset", "offsets")
    source: Source
    pointer: str
    offset: int
    #: the offset of each item
    offsets: array[int]

    def here(self) -> Location:
        return self.source.pos(self.offset, self.pointer)

    def at(self, index: int) -> Location:
        return self.source.pos(self.offsets[index], f"{self.pointer}/{index}")


def empty_object(parent: JObject, key: str) -> JObject:
    """An empty object standing for ``parent[key]`` where the document leaves it out."""
    result = JObject()
    result.source, result.offset, result.offsets, result._index = parent.source, parent.offset, array("q"), None
    result.pointer = f"{parent.pointer}/{pointer_part(key)}"
    return result


_KEY = re.compile(r'"([^"\\\x00-\x1f]*)"[ \t\n\r]*:[ \t\n\r]*')
_STRING = re.compile(r'"([^"\\\x00-\x1f]*)"')
_NEXT_IN_OBJECT = re.compile(r"[ \t\n\r]*(?:(,)[ \t\n\r]*|\})")
_NEXT_IN_ARRAY = re.compile(r"[ \t\n\r]*(?:(,)[ \t\n\r]*|\])")
#: HCL (``bare_refs``): an attribute name written bare, with ``=`` or ``:``; a line break between attributes
#: (a comment may end the line), and the white space after it
_HCL_KEY = re.compile(r"([A-Za-z_][\w-]*)[ \t]*[=:](?!=)[ \t\n\r]*")
_HCL_BREAK = re.compile(r"[ \t]*(?:(?:#|//)[^\n]*)?\r?\n[ \t\n\r]*")


class _Scanner:
    """Recursive descent with regular expressions for the common cases (keys and strings without
    escapes, separators) and the stdlib's scanners for the rest."""

    __slots__ = ("text", "source", "bare_refs", "depth", "items")

    def __init__(self, source: Source, bare_refs: bool):
        self.text = source.text
        self.source = source
        self.bare_refs = bare_refs
        self.depth = 0
        #: values and keys read, against MAX_ITEMS
        self.items = 0

    def skip(self, index: int) -> int:
        return _WS.match(self.text, index).end()  # type: ignore[union-attr]

    def string(self, index: int) -> tuple[str, int]:
        """The string whose opening quote is at ``index``, and the offset after it."""
        text = self.text
        plain = _STRING.match(text, index)
        if plain:
            found, end = plain.group(1), plain.end()
        elif self.bare_refs:
            try:
                found, end = _string(text, index)
            except (JSONSyntaxError, ValueError):
                found, end = _hcl_string(text, index)
        else:
            found, end = _string(text, index)
        if self.bare_refs and found.count("${") > found.count("}"):
            found, end = _hcl_string(text, index)  # an interpolation that holds a quote: HCL, not JSON
        if len(found) > MAX_TEXT:
            raise JSONLimitError(too_long(len(found), "a string"), index)
        return found, end

    def value(self, index: int, pointer: str) -> tuple[object, int]:
        text = self.text
        if index >= len(text):
            raise JSONSyntaxError("the text ends where a value should be", index)
        self.items += 1
        if self.items > MAX_ITEMS:
            raise JSONLimitError(too_many("values and keys", MAX_ITEMS), index)
        char = text[index]
        if char == '"':
            return self.string(index)
        if char in "{[":
            if self.depth >= MAX_DEPTH:
                raise JSONLimitError(f"the document nests deeper than {MAX_DEPTH} levels, far more than any flow "
                                      "does; flatten it", index)
            self.depth += 1
            try:
                return self.object(index, pointer) if char == "{" else self.array(index, pointer)
            finally:
                self.depth -= 1
        match = _NUMBER.match(text, index)
        if match:
            number = match.group()
            if len(number) > MAX_NUMBER:
                raise JSONLimitError(f"a number of {len(number):,} characters; no flow needs more than "
                                      f"{MAX_NUMBER}: write it shorter", index)
            value = float(number) if any(c in number for c in ".eE") else int(number)
            if value in (math.inf, -math.inf):
                raise JSONLimitError(f"the number {number} is too large for any flow: write it shorter", index)
            return value, match.end()
        for word, constant in _CONSTANTS.items():
            if text.startswith(word, index):
                return constant, index + len(word)
        if self.bare_refs:
            ref = _REF.match(text, index)
            if ref:
                return "${" + ref.group() + "}", ref.end()
        raise JSONSyntaxError("expecting a value", index)

    def object(self, start: int, pointer: str) -> tuple[JObject, int]:
        text = self.text
        result = JObject()
        result.source, result.pointer, result.offset, result._index = self.source, pointer, start, None
        offsets = result.offsets = array("q")
        index = self.skip(start + 1)
        if text.startswith("}", index):
            return result, index + 1
        key_match = _KEY.match
        next_match = _NEXT_IN_OBJECT.match
        value = self.value
        while True:
            key_at = index
            plain = key_match(text, index)
            if plain:
                # a key is interned: the same few names stand in every object of a flow, one string each
                key, index = intern(plain.group(1)), plain.end()
                if len(key) > MAX_TEXT:
                    raise JSONLimitError(too_long(len(key), "a key"), key_at)
            else:
                hcl = _HCL_KEY.match(text, index) if self.bare_refs else None
                if hcl:  # HCL's object syntax: Version = "2019-10-30"
                    key, index = intern(hcl.group(1)), hcl.end()
                else:
                    if not text.startswith('"', index):
                        if self.bare_refs and text.startswith("}", index):
                            return result, index + 1
                        raise JSONSyntaxError("expecting a property name in double quotes", index)
                    key, index = self.string(index)
                    index = self.skip(index)
                    if not (text.startswith(":", index) or (self.bare_refs and text.startswith("=", index))):
                        raise JSONSyntaxError("expecting ':' after a property name", index)
                    index = self.skip(index + 1)
            self.items += 1  # the key; its value counts itself
            if index < len(text) and text[index] in "{[":
                found, index = value(index, f"{pointer}/{pointer_part(key)}")
            else:
                found, index = value(index, pointer)
            if key in result:  # written twice: the last value, at the last place, as json.loads keeps it
                offsets[result.position(key)] = key_at  # type: ignore[index]
            else:
                offsets.append(key_at)
                if result._index is not None:  # made for an earlier duplicate of a large object: kept up
                    result._index[key] = len(offsets) - 1
            result[key] = found
            after = next_match(text, index)
            if after is None and self.bare_refs:
                # HCL separates an object's attributes by line breaks as well as by commas
                line_break = _HCL_BREAK.match(text, index)
                if line_break:
                    index = line_break.end()
                    if text.startswith("}", index):
                        return result, index + 1
                    continue
            if after is None:
                raise JSONSyntaxError("expecting ',' or '}' after a property", self.skip(index))
            index = after.end()
            if after.group(1) is None:
                return result, index

    def array(self, start: int, pointer: str) -> tuple[JArray, int]:
        text = self.text
        result = JArray()
        result.source, result.pointer, result.offset = self.source, pointer, start
        offsets = result.offsets = array("q")
        index = self.skip(start + 1)
        if text.startswith("]", index):
            return result, index + 1
        next_match = _NEXT_IN_ARRAY.match
        while True:
            offsets.append(index)
            if index < len(text) and text[index] in "{[":
                item, index = self.value(index, f"{pointer}/{len(result)}")
            else:
                item, index = self.value(index, pointer)
            result.append(item)
            after = next_match(text, index)
            if after is None:
                raise JSONSyntaxError("expecting ',' or ']' after an item", self.skip(index))
            index = after.end()
            if after.group(1) is None:
                return result, index
            if self.bare_refs and text.startswith("]", index):
                return result, index + 1


def read_json(source: Source, start: int = 0, *, bare_refs: bool = False, whole: bool = True) -> tuple[object, int]:
    """The value at ``start`` of ``source``'s text, and the offset just after it.

    ``whole``: nothing but white space may follow the value. Errors in plain JSON
    are reported in the stdlib's words at the stdlib's position.
    """
    scanner = _Scanner(source, bare_refs)
    try:
        index = scanner.skip(start)
        value, end = scanner.value(index, "")
        if whole:
            rest = scanner.skip(end)
            if rest < len(source.text):
                raise JSONSyntaxError("extra text after the JSON document", rest)
        return value, end
    except json.JSONDecodeError as exc:  # from scanstring: a bad string
        raise JSONSyntaxError(exc.msg, exc.pos) from None
    except JSONSyntaxError as exc:
        if not bare_refs and start == 0 and not isinstance(exc, JSONLimitError):
            try:
                json.loads(source.text)
            except json.JSONDecodeError as stdlib:
                raise JSONSyntaxError(stdlib.msg, stdlib.pos) from None
            except (ValueError, RecursionError):  # the stdlib's own limits: ours is the message
                pass
        raise
    except RecursionError:
        raise JSONSyntaxError("the document nests deeper than any flow does", start) from None

"""VoiceXML written as a server page: JSP, ASP or PHP template code blanked out, the document around it read.

A VoiceXML browser never sees such a file as stored: it fetches the page the server renders
(VoiceXML 2.0, 1.5.1: documents are fetched by URI, whatever makes them), and the template
code is gone from it, replaced by what it writes. A stored page whose template code sits in an
attribute (``xml:base="http://<%= request.getServerName() %>/"``) or between elements is
not well-formed XML; ivr reads it with that code replaced by spaces, so that every line and
column of the document stays where it is written. What the code writes when the page is served
is not known (a value, an element, or none): the reading says so in a located note, and the
conditional parts of a page (``<?php if (...): ?> <prompt>... <?php else: ?> ...``) are all read,
one after the other.

Template code recognised, from each language's own definition:

- JSP 2.x (JSR 245, JSP.1.5 and JSP.1.10, also ASP's ``<% %>``): comments ``<%-- ... --%>``,
  directives ``<%@ ... %>``, declarations ``<%! ... %>``, expressions ``<%= ... %>`` and
  scriptlets ``<% ... %>``, each ended by the first ``%>`` (JSP.1.6: a literal ``%>`` inside is
  written ``%\\>``);
- PHP (PHP manual, "PHP tags", "Comments", "Strings"): ``<?php ... ?>`` and ``<?= ... ?>``, ended by
  the first ``?>`` outside a quoted string or a ``/* */`` comment (a one-line ``//`` or ``#``
  comment ends at ``?>`` too); a block left open runs to the end of the file.

Only a stored file that is not well-formed XML is read so: in a well-formed one, ``<?php ?>`` is
a processing instruction that XML skips anyway, and ``<%`` can only stand in CDATA or a comment.
"""

from __future__ import annotations

import re

__all__ = ["Template", "blank_template"]

_JSP_COMMENT = re.compile(rb"<%--.*?(?:--%>|\Z)", re.S)
_JSP = re.compile(rb"<%.*?(?:%>|\Z)", re.S)
_PHP_OPEN = re.compile(rb"<\?(?:php(?=\s)|=)", re.I)
#: every byte a space but the line ends, so that lines and columns stay where they are written
_BLANK = bytes(b if b in (0x0A, 0x0D) else 0x20 for b in range(256))


class Template:
    """Where template code was blanked, and in which language."""

    def __init__(self, language: str, spans: list[tuple[int, int]]):
        self.language = language
        #: (start, end) byte offsets of each piece of template code, in order
        self.spans = spans


#: PHP code up to its closing tag: anything but a quote, a comment or ``?>`` (atomic: linear on any input)
_PHP_CODE = re.compile(rb"""(?:[^'"/#?]++|'(?:[^'\\]|\\.)*+'|"(?:[^"\\]|\\.)*+"|/\*.*?\*/|(?://|\#)(?:[^\n\r?]|\?(?!>))*+"""
                       rb"""|/(?![/*])|\?(?!>))*+""", re.S)


def _php_end(data: bytes, start: int) -> int:
    """The offset just past the ``?>`` that ends the PHP block opened at ``start``; the file's end when none does
    (an unclosed block, string or comment runs to the end)."""
    end = _PHP_CODE.match(data, start).end()  # type: ignore[union-attr]  # matches the empty string at worst
    return end + 2 if data.startswith(b"?>", end) else len(data)


def _spans(data: bytes) -> tuple[str, list[tuple[int, int]]] | None:
    if b"<%" in data:
        spans: list[tuple[int, int]] = []
        i = 0
        while True:
            found = data.find(b"<%", i)
            if found < 0:
                break
            match = (_JSP_COMMENT if data.startswith(b"<%--", found) else _JSP).match(data, found)
            assert match is not None  # both patterns match up to the end at worst
            spans.append((found, match.end()))
            i = match.end()
        return "JSP/ASP", spans
    match = _PHP_OPEN.search(data)
    if match is None:
        return None
    spans = []
    while match is not None:
        end = _php_end(data, match.end())
        spans.append((match.start(), end))
        match = _PHP_OPEN.search(data, end)
    return "PHP", spans


def blank_template(data: bytes) -> tuple[bytes, Template] | None:
    """``data`` with its template code replaced by spaces (line ends kept), or None when it holds none."""
    found = _spans(data)
    if found is None:
        return None
    language, spans = found
    out = bytearray(data)
    for start, end in spans:
        out[start:end] = data[start:end].translate(_BLANK)
    return bytes(out), Template(language, spans)


def line_column(data: bytes, offset: int) -> tuple[int, int]:
    """The line and column (from 1) of byte ``offset`` in ``data``."""
    line = data.count(b"\n", 0, offset) + 1
    return line, offset - (data.rfind(b"\n", 0, offset) + 1) + 1

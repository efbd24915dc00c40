"""Ids and text in a diagram: SVG ids, DOT names, and text escaped for HTML-like labels and escStrings."""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Iterable

import graphviz

from ivr.graph.build import DISCONNECT

__all__ = ["PROMPT_CHARS", "NAME_CHARS", "TEXT_CHARS", "TOOLTIP_CHARS", "svg_id", "edge_id", "clean", "html_text",
           "plain_text", "plain_lines", "shorten", "clip", "percent", "pen_width", "DotNames"]

#: Characters of a prompt shown in its node.
PROMPT_CHARS = 60
# Longer text is shortened before it reaches Graphviz: ``dot`` refuses a DOT file where 16,384 bytes
# come in a row without a backslash or quote (in a quoted string) or an angle bracket (in an HTML-like
# label) -- "syntax error ... longer than 16384?" -- and no one reads that much in a drawing anyway.
#: Characters of a node id, a menu's name or an intent shown in a label.
NAME_CHARS = 100
#: Characters of an edge's label, a transfer's queue or number, shown in the drawing.
TEXT_CHARS = 200
#: Characters of each line of a tooltip (the kind and id, the prompt, each finding): even with each
#: character written as 5 bytes (UTF-8, or an entity) a line stays far below dot's 16,384.
TOOLTIP_CHARS = 2000
#: Characters of an SVG id; one that would be longer ends in a hash of the whole node id instead.
_SVG_ID_CHARS = 200

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")
_PLAIN_ID = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_ID_SAFE = re.compile(r"[^A-Za-z0-9_-]")
_EDGE_ID_SAFE = re.compile(r"[^A-Za-z0-9_]")


def _bounded(escaped: str, node_id: str) -> str:
    """``escaped`` when it has at most 200 characters, else 201: its start, ``_`` and 16 hex digits of the
    SHA-256 of ``node_id`` (a length no escaped id within the bound has, so the two never meet)."""
    if len(escaped) <= _SVG_ID_CHARS:
        return escaped
    digest = hashlib.sha256(node_id.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return f"{escaped[:_SVG_ID_CHARS - 16]}_{digest}"


def svg_id(node_id: str) -> str:
    """The SVG ``id`` of a menu node: ``node-`` and the id, every character but
    ``A-Z a-z 0-9 _ -`` written as ``.hex.`` (so ``Köszönjük`` is ``node-K.f6.sz.f6.nj.fc.k``).

    Different node ids give different SVG ids: always while the escaped id has at most 200 characters;
    a longer one is cut to 201, ending in ``_`` and 16 hex digits of the whole id's SHA-256.
    """
    return "node-" + _bounded(_ID_SAFE.sub(lambda m: f".{ord(m.group()):x}.", node_id), node_id)


def edge_id(source: str, target: str) -> str:
    """The SVG ``id`` of the edge from ``source`` to ``target``: ``edge-``, the two ids joined by ``-``,
    every character but ``A-Z a-z 0-9 _`` (``-`` too) written as ``.hex.``, each bounded as in
    :func:`svg_id`. Different edges, different ids."""
    def escape(node_id: str) -> str:
        return _bounded(_EDGE_ID_SAFE.sub(lambda m: f".{ord(m.group()):x}.", node_id), node_id)

    return f"edge-{escape(source)}-{escape(target)}"


def clean(text: str) -> str:
    """Text without the control characters XML cannot carry, nor the lone surrogates no UTF-8 file can (a file
    name's byte that is not UTF-8, ``os.fsdecode(b"\\xff")``: shown as that byte, ``\\xff``, as messages show it)."""
    return _CONTROL.sub(_replaced, text)


def _replaced(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else "\ufffd"


def html_text(text: str) -> str:
    """``text`` for an HTML-like label: HTML-escaped, and backslashes doubled, since Graphviz
    still reads its escapes (``\\N``: the node's name) in the text of HTML-like labels."""
    return html.escape(clean(text), quote=True).replace("\\", "\\\\")


def plain_text(text: str) -> str:
    """``text`` for a Graphviz escString (a plain label or tooltip): backslashes literal, no line breaks, and
    ``&`` as ``&amp;``, so that text holding an entity is shown as written (``Tom &amp; Jerry``, not ``Tom &
    Jerry``). dot reads entities in these strings: labels and tooltips go through ``htmlEntityUTF8``
    (lib/common/labels.c ``make_label``, lib/common/emit.c ``preprocessTooltip``), and before that decoding
    (Graphviz 2.43) the SVG writer kept an ``&`` that starts an entity as it stood (``xml_string``)."""
    return clean(" ".join(text.split())).replace("\\", "\\\\").replace("&", "&amp;")


def plain_lines(lines: Iterable[str]) -> str:
    """Several lines for a plain label, as Graphviz's own escape sequences, never read as HTML."""
    return graphviz.nohtml("\\n".join(plain_text(line) for line in lines))


def shorten(text: str, limit: int = PROMPT_CHARS) -> str:
    """At most ``limit`` characters of ``text``, ending in "…" when cut, after a whole word where one ends near."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space >= limit - 16:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-–—") + "…"


def clip(text: str, limit: int) -> str:
    """``text`` as it is when it has at most ``limit`` characters, else shortened to ``limit`` (:func:`shorten`)."""
    return text if len(text) <= limit else shorten(text, limit)


def percent(flow: float) -> str:
    if 0 < flow < 0.0005:
        return "<0.1%"
    return f"{flow * 100:.1f}%"


def pen_width(flow: float) -> float:
    return round(1.0 + 7.0 * min(flow, 1.0), 2)


class DotNames:
    """DOT names: a node's id when it is a plain DOT identifier of at most :data:`NAME_CHARS` characters,
    else ``node N`` (no menu id has a space)."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}

    def __call__(self, node_id: str) -> str:
        name = self.names.get(node_id)
        if name is None:
            if node_id == DISCONNECT:
                name = "system disconnect"
            elif len(node_id) <= NAME_CHARS and _PLAIN_ID.match(node_id):
                name = node_id
            else:
                name = f"node {len(self.names) + 1}"
            self.names[node_id] = name
        return name

"""Ids and text in a diagram: SVG ids, DOT names, and text escaped for HTML-like labels and escStrings."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

import graphviz

from ivr.graph.build import DISCONNECT

__all__ = ["PROMPT_CHARS", "svg_id", "edge_id", "clean", "html_text", "plain_text", "plain_lines", "shorten",
           "percent", "pen_width", "DotNames"]

#: Characters of a prompt shown in its node.
PROMPT_CHARS = 60

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_PLAIN_ID = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_ID_SAFE = re.compile(r"[^A-Za-z0-9_-]")
_EDGE_ID_SAFE = re.compile(r"[^A-Za-z0-9_]")


def svg_id(node_id: str) -> str:
    """The SVG ``id`` of a menu node: ``node-`` and the id, every character but
    ``A-Z a-z 0-9 _ -`` written as ``.hex.`` (so ``Köszönjük`` is ``node-K.f6.sz.f6.nj.fc.k``).

    Different node ids always give different SVG ids.
    """
    return "node-" + _ID_SAFE.sub(lambda m: f".{ord(m.group()):x}.", node_id)


def edge_id(source: str, target: str) -> str:
    """The SVG ``id`` of the edge from ``source`` to ``target``: ``edge-``, the two ids joined by ``-``,
    every character but ``A-Z a-z 0-9 _`` (``-`` too) written as ``.hex.``. Different edges, different ids."""
    def escape(node_id: str) -> str:
        return _EDGE_ID_SAFE.sub(lambda m: f".{ord(m.group()):x}.", node_id)

    return f"edge-{escape(source)}-{escape(target)}"


def clean(text: str) -> str:
    """Text without the control characters XML cannot carry."""
    return _CONTROL.sub("\ufffd", text)


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


def percent(flow: float) -> str:
    if 0 < flow < 0.0005:
        return "<0.1%"
    return f"{flow * 100:.1f}%"


def pen_width(flow: float) -> float:
    return round(1.0 + 7.0 * min(flow, 1.0), 2)


class DotNames:
    """DOT names: a node's id when it is a plain DOT identifier, else ``node N`` (no menu id has a space)."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}

    def __call__(self, node_id: str) -> str:
        name = self.names.get(node_id)
        if name is None:
            if node_id == DISCONNECT:
                name = "system disconnect"
            elif _PLAIN_ID.match(node_id):
                name = node_id
            else:
                name = f"node {len(self.names) + 1}"
            self.names[node_id] = name
        return name

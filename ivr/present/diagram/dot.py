"""DOT written in time linear in the text: the graphviz package's Digraph, with quoting of our own.

The graphviz package (0.20, 0.21) quotes every name and attribute value with regular
expressions that backtrack over runs of backslashes (``(?:\\\\{2})*\\\\?"`` tried at each
backslash of a run): a prompt of 40,000 backslashes, four times as many in its tooltip, took
207 s to quote. :class:`Digraph` quotes the same way, character for character, in one pass;
everything else (subgraphs, the source, piping through ``dot``) is the package's own.

What the package's ``quote`` does (graphviz/quoting.py), kept here:

* an HTML-like string (``<...>``, not marked ``nohtml``) is written as it is;
* an identifier (``[a-zA-Z_][a-zA-Z0-9_]*``) or a numeral, other than a DOT keyword, as it is;
* anything else between double quotes, where a ``"`` gets a backslash unless an odd number of
  backslashes stands before it already (it is escaped).
"""

from __future__ import annotations

import re
from typing import Any

import graphviz

__all__ = ["Digraph", "quote", "quote_edge"]

# the package's own patterns for these two (graphviz/quoting.py), which match in linear time
_HTML_STRING = re.compile(r"<.*>$", re.DOTALL)
_ID = re.compile(r"([a-zA-Z_][a-zA-Z0-9_]*|-?(\.[0-9]+|[0-9]+(\.[0-9]*)?))$")
_KEYWORDS = frozenset({"node", "edge", "graph", "digraph", "subgraph", "strict"})


def _escape_quotes(text: str) -> str:
    """A backslash before each ``"`` that an even number of backslashes (none included) stands before."""
    if '"' not in text:
        return text
    pieces = text.split('"')
    out = []
    for piece in pieces[:-1]:
        run = len(piece) - len(piece.rstrip("\\"))
        out.append(piece if run % 2 else piece + "\\")
    out.append(pieces[-1])
    return '"'.join(out)


def quote(identifier: str) -> str:
    """``identifier`` as a DOT ID: what ``graphviz.quoting.quote`` returns, in linear time."""
    if _HTML_STRING.match(identifier) and not isinstance(identifier, graphviz.quoting.NoHtml):
        return identifier
    if not _ID.match(identifier) or identifier.lower() in _KEYWORDS:
        return f'"{_escape_quotes(identifier)}"'
    return identifier


def quote_edge(identifier: str) -> str:
    """An edge's end (``node[:port[:compass]]``), as ``graphviz.quoting.quote_edge`` writes it."""
    node, _, rest = identifier.partition(":")
    parts = [quote(node)]
    if rest:
        port, _, compass = rest.partition(":")
        parts.append(quote(port))
        if compass:
            parts.append(compass)
    return ":".join(parts)


def _items(mapping: Any) -> Any:
    """A mapping's items; a plain dict's sorted, as the package does (graphviz/_tools.mapping_items)."""
    items = iter(mapping.items())
    return iter(sorted(items)) if type(mapping) is dict else items


def a_list(label: str | None = None, kwargs: Any = None, attributes: Any = None) -> str:
    """``key=value`` pairs, as ``graphviz.quoting.a_list`` writes them."""
    result = [f"label={quote(label)}"] if label is not None else []
    if kwargs:
        result += [f"{quote(k)}={quote(v)}" for k, v in _items(kwargs) if v is not None]
    if attributes:
        items = _items(attributes) if hasattr(attributes, "items") else attributes
        result += [f"{quote(k)}={quote(v)}" for k, v in items if v is not None]
    return " ".join(result)


def attr_list(label: str | None = None, kwargs: Any = None, attributes: Any = None) -> str:
    """`` [key=value ...]``, or nothing, as ``graphviz.quoting.attr_list`` writes it."""
    content = a_list(label, kwargs=kwargs, attributes=attributes)
    return f" [{content}]" if content else ""


class Digraph(graphviz.Digraph):
    """graphviz's Digraph, whose names and attributes are quoted by this module (subgraphs too)."""

    _quote = staticmethod(quote)
    _quote_edge = staticmethod(quote_edge)
    _a_list = staticmethod(a_list)
    _attr_list = staticmethod(attr_list)

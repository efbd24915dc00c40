"""Markdown to HTML for the report: the rules' documentation, with markdown-it-py (CommonMark).

Raw HTML in the Markdown is not passed through (``html: False``, escaped as
text) and links keep markdown-it's URL checks, so a page can only get the
elements Markdown itself makes. Headings are moved down under the report's
own (``## What it does`` becomes an ``<h4>``).
"""

from __future__ import annotations

from functools import cache
from typing import Any

__all__ = ["to_html"]


@cache
def _parser() -> Any:
    from markdown_it import MarkdownIt  # imported only when a report is written

    return MarkdownIt("commonmark", {"html": False}).enable("table")


def to_html(text: str, shift: int = 2) -> str:
    """``text`` (Markdown) as HTML, headings ``shift`` levels lower (at most ``<h6>``)."""
    parser = _parser()
    tokens = parser.parse(text)
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(6, int(token.tag[1]) + shift)}"
    return str(parser.renderer.render(tokens, parser.options, {}))

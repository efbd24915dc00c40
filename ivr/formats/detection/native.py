"""How ivr's own YAML reader (:mod:`ivr.formats.native.reader`) recognises a menu: by elimination."""

from __future__ import annotations

__all__ = ["detect"]


def detect(data: bytes, name: str) -> bool:
    """Anything that is not markup: YAML is the fallback, so that its own error messages explain a bad file."""
    return not data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")

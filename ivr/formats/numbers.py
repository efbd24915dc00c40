"""Numbers written in platform files, read with bounds.

A file may write any number of digits: Python refuses to turn more than 4,300 into an
``int`` (``ValueError``), an ``int`` past 1e308 into a ``float`` (``OverflowError``),
and a float may be infinite. Readers convert through these helpers, which give None for
what is not a plain number of sane size; what is out of range for the model is then
refused, located, by :mod:`ivr.formats.checks`.
"""

from __future__ import annotations

import math

from ivr.formats.limits import MAX_DIGITS

__all__ = ["MAX_DIGITS", "whole", "seconds"]


def whole(value: object) -> int | None:
    """``value`` as a whole number when it is one (an ``int``, or digits of at most :data:`MAX_DIGITS`)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if abs(value) < 10**MAX_DIGITS else None
    if isinstance(value, str) and value.isdigit() and value.isascii() and len(value) <= MAX_DIGITS:
        return int(value)
    return None


def seconds(value: object) -> float | None:
    """``value`` as a finite number (of seconds, milliseconds, ...): a number, or digits; None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return float(value) if abs(value) < 10**MAX_DIGITS else math.inf
    if isinstance(value, float):
        return value if math.isfinite(value) else math.inf
    if isinstance(value, str) and value.isdigit() and value.isascii():
        return float(value) if len(value) <= MAX_DIGITS else math.inf
    return None

"""The limits every reader holds a file to, in one place, and the words that refuse a file past one.

A file is read only up to the size ``ivr --max-file-size`` allows (64 MiB by default,
:mod:`ivr.formats.sources`). Inside it, every reader also stops, with a located error, at

- :data:`MAX_DEPTH` levels of nesting (XML elements, JSON and YAML collections): a menu or
  flow nests about 8 deep, and the readers' walks stay far from Python's stack limit;
- :data:`MAX_NUMBER` characters in a JSON number and :data:`MAX_DIGITS` digits in a whole
  number written as text (a count, a priority, a length), so that no conversion meets Python's
  4,300-digit limit or overflows a float;
- :data:`MAX_TEXT` characters in one text (an XML attribute value, an element's text or a name, a
  JSON string or key, a YAML scalar): the largest text a flow file holds is a whole Amazon
  Connect flow written as one string, at most 256,000 characters (``Content`` of the
  CreateContactFlow API), and a spoken prompt is at most a few thousand (Amazon Polly speaks
  6,000 characters at once, Twilio's ``<Say>`` 4,096 with its basic voices: Twilio error 13521);
- :data:`MAX_ITEMS` values in one file (JSON values and keys, YAML scalars and collections, keys
  included, XML elements and attributes, dialplan lines). A flow holds far fewer (Twilio Studio
  publishes at most 2,000 widgets in a flow); the largest menu the benchmarks read, 64 MiB of
  ``benchmarks/generate.py`` YAML, holds about 4 million. Each value costs the reader a few hundred
  bytes, so the count bounds its memory where the size of the file does not: 64 MiB of ``{}, ``
  is 16 million mappings.

Asterisk lines are bounded as Asterisk bounds them (:data:`ASTERISK_LINE`), and a dialplan counts
its lines against :data:`MAX_ITEMS`.
"""

from __future__ import annotations

__all__ = ["MAX_DEPTH", "MAX_NUMBER", "MAX_DIGITS", "MAX_TEXT", "MAX_ITEMS", "ASTERISK_LINE", "too_long",
           "too_many"]

#: The deepest nesting read (a menu or flow nests about 8 deep).
MAX_DEPTH = 100
#: The longest number read in JSON, in characters (a flow's longest is a phone number or an id).
MAX_NUMBER = 100
#: The most digits of a whole number written as text (a priority, a count, a length: none needs 18).
MAX_DIGITS = 18
#: The longest text read in one value, in characters (see the module's documentation).
MAX_TEXT = 1_000_000
#: The most values read in one file (see the module's documentation).
MAX_ITEMS = 5_000_000
#: The longest line Asterisk reads, in bytes without its line break: ``main/config.c``
#: (``config_text_file_load``) reads each line with ``fgets`` into ``char buf[8192]`` and skips a line
#: that fills it, 8,191 bytes with its line break ("Line %d too long, skipping").
ASTERISK_LINE = 8189


def too_long(length: int | None, what: str = "a text") -> str:
    """Why a text of ``length`` characters (None: not known yet, but too many) is refused, and what to do."""
    size = f"of {length:,} characters, more than" if length is not None else "longer than"
    return (f"{what} {size} the {MAX_TEXT:,} characters ivr reads in one value (a spoken prompt is at most a few "
            "thousand); shorten it")


def too_many(what: str, most: int) -> str:
    """Why a file of more than ``most`` (:data:`MAX_ITEMS`) ``what`` is refused, and what to do."""
    return (f"more than {most:,} {what} in one file, the most ivr reads, far more than an IVR flow holds (Twilio "
            "Studio publishes at most 2,000 widgets in one); split it into several files")

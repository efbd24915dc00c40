"""A Genesys Cloud Architect flow in Archy YAML, located, templating placeholders and all.

Archy files are read with ivr's located YAML reader
(:func:`ivr.formats.native.yamlfile.read_yaml`): every key and value keeps its
line and column, and mapping keys stay the text written (a bare ``yes:`` or
``no:`` under a decision's outputs is a string, not YAML 1.1's boolean).

Files deployed through templating (Terraform ``templatefile``, CX as Code,
Handlebars) hold placeholders, ``{{name}}`` or ``<name>``, that are opaque
values but may make the YAML invalid as written (``tts: {{ivr_failure}}`` is a
YAML flow mapping with a mapping for a key; ``{{prefix}}-Lambda:`` likewise).
When the file does not parse as it is, each placeholder is replaced by a token
of the same length (``__ivr_failure__``), so lines and columns still match the
file, and read again; values give the placeholder back as written, and the
import summary says it was done. A file is never refused for its placeholders.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ivr.formats.flow import FlowError
from ivr.formats.native.yamlfile import LocatedDict, read_yaml
from ivr.model.errors import InvalidMenu
from ivr.model.menu import Location

__all__ = ["ArchyDocument", "parse_document", "FLOW_TYPES"]

#: Archy's top-level keys for flows a caller goes through.
FLOW_TYPES = ("inboundCall", "inqueueCall", "outboundCall", "secureCall")
_OTHER_TYPES = ("inboundEmail", "inboundChat", "inboundShortMessage", "commonModule", "workflow", "bot",
                "digitalBot", "voicemail", "inQueueEmail", "inQueueShortMessage", "voiceSurvey")
_CURLY = re.compile(r"\{\{[^{}\n]*\}\}")
_ANGLE = re.compile(r"<[A-Za-z_][\w.-]*>")


@dataclass(slots=True)
class ArchyDocument:
    file: str
    #: ``inboundCall``, ``inqueueCall``, ...
    kind: str
    flow: LocatedDict
    #: token -> placeholder as written, for the placeholders substituted to read the file
    placeholders: dict[str, str] = field(default_factory=dict)

    def text(self, value: str) -> str:
        """``value`` with the placeholders that were substituted written back."""
        if self.placeholders:
            for token, original in self.placeholders.items():
                value = value.replace(token, original)
        return value


def _token(match: re.Match[str]) -> str:
    inner = re.sub(r"\W", "_", match.group()[2:-2] if match.group().startswith("{{") else match.group()[1:-1])
    edge = "__" if match.group().startswith("{{") else "_"
    return f"{edge}{inner}{edge}"


def _substitute(text: str, pattern: re.Pattern[str], found: dict[str, str]) -> str:
    def replace(match: re.Match[str]) -> str:
        token = _token(match)
        found[token] = match.group()
        return token
    return pattern.sub(replace, text)


def _load(raw: bytes, file: str) -> tuple[object, dict[str, str]]:
    try:
        return read_yaml(raw, file)[0], {}
    except InvalidMenu as first:
        error = first
    text = raw.decode("utf-8", "replace")
    found: dict[str, str] = {}
    for pattern in (_CURLY, _ANGLE):
        text = _substitute(text, pattern, found)
        if not found:
            continue
        try:
            return read_yaml(text.encode("utf-8"), file)[0], found
        except InvalidMenu as again:
            error = again
    location = error.errors[0].location
    raise FlowError(Location(file, location.line, location.column, None), error.errors[0].message)


def parse_document(raw: bytes, file: str) -> ArchyDocument:
    """Read an Archy flow, or :class:`FlowError` saying where and why it cannot be read."""
    data, placeholders = _load(raw, file)
    if not isinstance(data, LocatedDict) or not data:
        raise FlowError(Location(file, 1, 1, ""), "this is not an Archy flow: it is not a YAML mapping with a flow "
                        "type at the top (inboundCall:, inqueueCall:); export it with 'archy export'")
    kind = next((k for k in FLOW_TYPES if k in data), None)
    if kind is None:
        other = next((k for k in _OTHER_TYPES if k in data), None)
        first = next(iter(data))
        at = data.key_location(file, other or first)
        why = (f"it is an Archy {other} flow, which no caller goes through" if other
               else f"its top key is {first!r}, not a flow type (inboundCall, inqueueCall)")
        raise FlowError(Location(file, at.line, at.column, f"/{other or first}"), f"this is not a call flow: {why}; "
                        "ivr checks inboundCall and inqueueCall flows")
    flow = data[kind]
    if not isinstance(flow, LocatedDict):
        at = data.value_location(file, kind)
        raise FlowError(Location(file, at.line, at.column, f"/{kind}"), f"{kind} must be a mapping with the flow's "
                        "name, menus and tasks")
    return ArchyDocument(file, kind, flow, placeholders)

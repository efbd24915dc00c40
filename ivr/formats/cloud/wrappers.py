"""Find the JSON flow document in a file: plain JSON, or wrapped in Terraform or JavaScript.

Flows are kept in repositories as the platform exports them, but also inside
the code that deploys them:

* Terraform HCL, ``definition = jsonencode({...})`` (Twilio's provider) or
  ``content = jsonencode({...})`` (AWS's): the object is read as JSON with
  HCL's bare references (``var.flow_sid``) taken as ``${var.flow_sid}``;
* a JavaScript module, ``const flowDefinition = {...}``: read when the object
  is written as JSON (quoted keys, no expressions), the way exports pasted into
  code are.

Anything else that is not JSON is refused with a message that names the
wrapper found and says what to export instead.
"""

from __future__ import annotations

import re

from ivr.formats.cloud.jsonloc import JSONSyntaxError, Source, read_json
from ivr.formats.flow import FlowError
from ivr.model.errors import not_utf8_at
from ivr.model.menu import Location

__all__ = ["read_document", "decode"]

_JSONENCODE = re.compile(r"\bjsonencode\s*\(\s*(?=\{)")
_JS_ASSIGN = re.compile(r"\b(?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=\s*(?=\{)|\bmodule\.exports\s*=\s*(?=\{)")
_TEMPLATEFILE = re.compile(r"\btemplatefile\s*\(")


def decode(raw: bytes, file: str) -> str:
    """The text of a file, or :class:`FlowError` when it is not UTF-8."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        at = not_utf8_at(file, raw)
        raise FlowError(Location(file, at.line, at.column), "the file is not UTF-8 text; "
                        "export the flow again, or convert the file to UTF-8") from None


_FIX = "fix the JSON there (an editor with a JSON mode shows the spot), or export the flow again"


def _syntax(source: Source, exc: JSONSyntaxError, what: str, hint: str = _FIX) -> FlowError:
    line, column = source.line_column(exc.offset)
    return FlowError(Location(source.file, line, column, None), f"{what}: {exc.message}; {hint}")


def read_document(text: str, file: str, platform: str) -> tuple[object, str | None]:
    """The flow document in ``text`` and the wrapper it was found in (None: plain JSON).

    ``platform`` names the flows expected, for messages (``Twilio Studio``).
    """
    source = Source(file, text)
    start = re.match(r"\s*", text).end()  # type: ignore[union-attr]
    if text.startswith(("{", "["), start):
        try:
            return read_json(source)[0], None
        except JSONSyntaxError as exc:
            raise _syntax(source, exc, "not valid JSON") from None
    wrapped = _JSONENCODE.search(text)
    if wrapped:
        try:
            return read_json(source, wrapped.end(), bare_refs=True, whole=False)[0], "Terraform jsonencode()"
        except JSONSyntaxError as exc:
            raise _syntax(source, exc, "the Terraform jsonencode({...}) here is not written as JSON that ivr can "
                                       "read (HCL expressions other than references)") from None
    assigned = _JS_ASSIGN.search(text)
    if assigned:
        try:
            return read_json(source, assigned.end(), whole=False)[0], "JavaScript module"
        except JSONSyntaxError as exc:
            raise _syntax(source, exc, "the JavaScript object here is not written as JSON (quoted keys, no "
                                       "expressions)", f"export the {platform} flow as JSON and check that file") from None
    if _TEMPLATEFILE.search(text):
        hint = "check the template file that templatefile() names instead"
    else:
        hint = f"pass the {platform} flow exported as JSON"
    first = text[start:start + 20].split("\n")[0]
    line, column = source.line_column(start)
    raise FlowError(Location(file, line, column), f"this is not a {platform} flow: it is not JSON (it starts with "
                    f"{first!r}) and holds no jsonencode({{...}}) or JavaScript object; {hint}")

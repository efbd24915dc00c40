"""Variables a VoiceXML document uses that nothing declares (the undeclared-variable rule).

VoiceXML 2.0, 5.1.1: "It is an error to make an assignment to a variable that has not been explicitly
declared" and a reference to an undeclared variable throws ``error.semantic``; 5.3.2 (``<assign>``), 5.3.3
(``<clear namelist>``), 5.3.8 (``<submit namelist>``), 5.3.9 (``<exit namelist>``), 5.3.10
(``<return namelist>``) and 2.1's ``<data namelist>`` say so of each. Variables are declared by ``<var>``
(5.3.1), by form items (their ``name``: 2.1.2), by ``<data name>`` and ``<foreach item>`` (2.1), and by
ECMAScript in ``<script>`` (5.3.12).

Only what can be said for sure is judged: a plain name (no ``.``, no ``$``, not one the interpreter
defines) that no ``<var>``, form item, ``<data>`` or ``<foreach>`` of the document or of its application
root declares, and that no ``<script>`` of either names at all (a script may declare it). A document with a
script fetched from elsewhere (``src``), or naming an application root that is not given, is not judged:
what they declare is not known. Scopes are not followed (a name declared in another dialog counts as
declared), so what is said is always so.
"""

from __future__ import annotations

import re

from ivr.formats.vxml.document import Document, local
from ivr.model.location import Location

__all__ = ["undeclared"]

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_SCRIPT_NAME = re.compile(r"(?<![\w$.])([A-Za-z_$][\w$]*)")
_ITEMS = frozenset({"field", "block", "record", "transfer", "subdialog", "object", "initial"})
#: names the interpreter or ECMAScript defines (VoiceXML 2.0, 5.1.2 and 5.1.4; ECMA-262 15.1)
_DEFINED = frozenset({"session", "application", "document", "dialog", "undefined", "null", "true", "false", "NaN",
                      "Infinity", "this", "Math", "Date", "String", "Number", "Array", "Object", "Boolean",
                      "RegExp", "Function", "parseInt", "parseFloat", "isNaN", "isFinite", "escape", "unescape"})


def _declared(doc: Document) -> tuple[set[str], str, bool]:
    """The names ``doc`` declares, its scripts' text, and whether a script of it is fetched from elsewhere."""
    names: set[str] = set()
    scripts: list[str] = []
    opaque = False
    stack = [doc.root]
    while stack:
        element = stack.pop()
        kind = local(element.tag)
        attrib = element.attrib
        if kind in ("var", "data") or kind in _ITEMS:
            if attrib.get("name"):
                names.add(attrib["name"].strip())
        elif kind == "foreach":
            names.update(attrib.get(a, "").strip() for a in ("item", "array"))
        elif kind == "script":
            opaque = opaque or bool(attrib.get("src") or attrib.get("srcexpr"))
            scripts.append(element.text or "")
        stack.extend(element.children)
    return names, "\n".join(scripts), opaque


def _uses(doc: Document) -> list[tuple[str, Location, str]]:
    """Every plain name ``doc`` uses where VoiceXML needs a declared variable: (name, where, how), in order."""
    found: list[tuple[str, Location, str]] = []
    stack = [doc.root]
    while stack:
        element = stack.pop()
        kind = local(element.tag)
        attrib = element.attrib
        if kind in ("submit", "exit", "return", "clear", "data", "subdialog") and attrib.get("namelist"):
            found.extend((n, element.location, f"<{kind} namelist>") for n in attrib["namelist"].split())
        elif kind == "assign" and attrib.get("name"):
            found.append((attrib["name"].strip(), element.location, "<assign name>"))
        elif kind == "value" and attrib.get("expr"):
            found.append((attrib["expr"].strip(), element.location, "<value expr>"))
        stack.extend(reversed(element.children))
    return sorted(found, key=lambda use: (use[1].line or 0, use[1].column or 0))


def undeclared(doc: Document, root: Document | None) -> list[tuple[Location, str]]:
    """The names ``doc`` uses that nothing declares, each said once, where it is first used (see the module).
    ``root``: its application root, given; the caller does not ask when one is named but not given."""
    names, scripts, opaque = _declared(doc)
    if root is not None:
        more, text, hidden = _declared(root)
        names |= more
        scripts += "\n" + text
        opaque = opaque or hidden
    if opaque:
        return []
    # every name a script writes outside a property access, found once (a search per name was quadratic)
    in_scripts = set(_SCRIPT_NAME.findall(scripts))
    # each name said once, where it is first used; the names first used in one element said together
    first: dict[str, tuple[Location, str]] = {}
    for name, where, how in _uses(doc):
        if not _NAME.match(name) or name in _DEFINED or name.startswith("_") or name in names or name in first:
            continue
        if name in in_scripts:
            continue  # a script may declare it
        first[name] = (where, how)
    by_place: dict[tuple[int | None, int | None], list[str]] = {}
    places: dict[tuple[int | None, int | None], tuple[Location, str]] = {}
    for name, (where, how) in first.items():
        key = (where.line, where.column)
        by_place.setdefault(key, []).append(name)
        places[key] = (where, how)
    out = []
    for key, found in by_place.items():
        where, how = places[key]
        shown = ", ".join(f"'{n}'" for n in found[:6]) + (f" and {len(found) - 6} more" if len(found) > 6 else "")
        one = len(found) == 1
        out.append((where, f"{shown} in {how} {'is' if one else 'are'} declared nowhere (no <var>, form item or "
                           "script of this document or its application root declares "
                           f"{'it' if one else 'them'}): VoiceXML throws error.semantic when it runs (VoiceXML "
                           "2.0, 5.1.1), so what it does is never done, and with no handler the platform's default "
                           f"one exits; declare {'it' if one else 'each'} with <var name=\"{found[0]}\"/>"
                           f"{'' if one else ' and so on'}"))
    return sorted(out, key=lambda said_: (said_[0].line or 0, said_[0].column or 0))

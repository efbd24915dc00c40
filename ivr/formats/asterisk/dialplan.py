"""Parse Asterisk ``extensions.conf`` dialplans: contexts, extensions and priorities, every one located.

The parser knows syntax only; what a context means to a caller is :mod:`ivr.formats.asterisk.menus`.
It reads every spelling people write: ``exten =>``, ``exten =``, ``same =>``, ``same=>``,
upper case keywords, ``n`` priorities, labels ``n(label)``, ``;`` comments with ``\\;`` escapes,
``;-- block --;`` comments, ``include =>``, ``#include`` (relative to the including file),
``[ctx](+)`` additions, ``[tmpl](!)`` templates and ``[ctx](tmpl)`` contexts built on them.

A line it cannot read is a located error for that line alone; the rest of the context is read.
"""

from __future__ import annotations

import glob
import os
import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ivr.model.errors import LoadError
from ivr.model.menu import Location

__all__ = ["Priority", "Extension", "Context", "Dialplan", "parse_files", "parse_text", "split_args"]

#: Statements inside a context that the parser accepts and the analysis has no use for.
_IGNORED = frozenset({"switch", "ignorepat", "lswitch", "eswitch"})
_STATEMENT = re.compile(r"\s*([A-Za-z_][\w-]*)\s*(=>|=)\s*(.*)$")
_HEADER = re.compile(r"\s*\[([^\]]+)\]\s*(?:\(([^)]*)\))?\s*$")
_PRIORITY = re.compile(r"(\d+|n|hint)(?:\+(\d+))?(?:\(([^)]*)\))?$", re.IGNORECASE)
_AEL = re.compile(r"^[ \t]*(?:abstract[ \t]+)?(?:context|macro|globals)\b[^=\n]*\{", re.IGNORECASE | re.MULTILINE)
_HEADER_LINE = re.compile(r"^[ \t]*\[", re.MULTILINE)
_APP = re.compile(r"\s*([A-Za-z_][\w]*)\s*(?:\((.*)\)\s*$|,(.*)$|$)", re.DOTALL)


@dataclass(slots=True)
class Priority:
    """One step of an extension: ``exten => name,number(label),App(args)``."""

    exten: str
    number: int
    label: str | None
    app: str
    args: str
    location: Location
    #: the line as written after the ``=>`` (for messages and external hand-offs)
    text: str


@dataclass(slots=True)
class Extension:
    name: str
    location: Location
    #: priorities in the order they run (sorted by number)
    priorities: list[Priority] = field(default_factory=list)

    def index(self, target: str) -> int | None:
        """The position of priority ``target``: a number, or a label (``label+N`` too)."""
        base, _, plus = target.partition("+")
        offset = int(plus) if plus.isdigit() else 0
        for i, priority in enumerate(self.priorities):
            if (priority.label == base) or (base.isdigit() and priority.number == int(base)):
                j = i + offset
                return j if j < len(self.priorities) else None
        return None


@dataclass(slots=True)
class Context:
    name: str
    location: Location
    #: the comment on the header line (FreePBX writes the IVR's name there: ``[ivr-3] ; Main``)
    comment: str = ""
    template: bool = False
    extensions: dict[str, Extension] = field(default_factory=dict)
    includes: list[tuple[str, Location]] = field(default_factory=list)


@dataclass(slots=True)
class Dialplan:
    contexts: dict[str, Context] = field(default_factory=dict)
    #: every file read, the first given first
    files: list[str] = field(default_factory=list)
    errors: list[LoadError] = field(default_factory=list)
    warnings: list[LoadError] = field(default_factory=list)
    lines: int = 0


def split_args(text: str) -> list[str]:
    """Split application arguments at top-level commas (not inside ``()``, ``[]``, ``{}`` or quotes)."""
    parts: list[str] = []
    depth = 0
    quoted = False
    start = 0
    for i, char in enumerate(text):
        if char == '"':
            quoted = not quoted
        elif quoted:
            continue
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth = max(0, depth - 1)
        elif char == "," and depth == 0:
            parts.append(text[start:i].strip())
            start = i + 1
    parts.append(text[start:].strip())
    return parts


def _strip_comment(line: str, in_block: bool) -> tuple[str, str, bool]:
    """The code of a line, its ``;`` comment, and whether a ``;-- --;`` block comment is still open.

    ``\\;`` is a semicolon in the code. Jumps from one ``;`` to the next (``str.find``) rather than
    looking at each character: most lines have none.
    """
    code: list[str] = []
    i = 0
    while i < len(line):
        if in_block:
            end = line.find("--;", i)
            if end < 0:
                return "".join(code), "", True
            i, in_block = end + 3, False
            continue
        semicolon = line.find(";", i)
        if semicolon < 0:
            code.append(line[i:])
            break
        if semicolon > i and line[semicolon - 1] == "\\":
            code.append(line[i:semicolon - 1] + ";")
            i = semicolon + 1
            continue
        code.append(line[i:semicolon])
        if not line.startswith(";--", semicolon):
            return "".join(code), line[semicolon + 1:].strip(), False
        in_block, i = True, semicolon + 3
    return "".join(code), "", in_block


class _Parser:
    def __init__(self, plan: Dialplan, read: Callable[[str], str], allowed: set[str] | None):
        self.plan = plan
        self.read = read
        self.allowed = allowed
        self.context: Context | None = None
        self.last: Extension | None = None
        #: the number of the context's last priority line, taken or not: what 'n' counts on from
        self.last_number: int | None = None

    def error(self, file: str, line: int, column: int, message: str) -> None:
        self.plan.errors.append(LoadError(Location(file, line, column), message))

    def warn(self, file: str, line: int, column: int, message: str) -> None:
        self.plan.warnings.append(LoadError(Location(file, line, column), message))

    def parse(self, text: str, file: str) -> None:
        self.plan.files.append(file)
        ael = _AEL.search(text)
        header = _HEADER_LINE.search(text)
        if ael and (header is None or header.start() > ael.start()):
            line = text.count("\n", 0, ael.start()) + 1
            self.plan.lines += text.count("\n") + 1
            self.error(file, line, 1, "this is AEL (Asterisk Extension Language, extensions.ael), which ivr does "
                       "not read; convert it to extensions.conf syntax ('aelparse -w' dumps it as "
                       "extensions.conf.aeldump) and check that file")
            return
        in_block = False
        for number, raw in enumerate(text.splitlines(), 1):
            self.plan.lines += 1
            code, comment, in_block = _strip_comment(raw, in_block)
            if not code.strip():
                continue
            column = len(code) - len(code.lstrip()) + 1
            stripped = code.strip()
            if stripped.startswith("#"):
                self.directive(stripped, file, number, column)
            elif stripped.startswith("["):
                self.header(stripped, comment, file, number, column)
            else:
                self.statement(stripped, file, number, column)

    def directive(self, text: str, file: str, line: int, column: int) -> None:
        word, _, rest = text.partition(" ")
        if word.lower() not in ("#include", "#tryinclude"):
            self.warn(file, line, column, f"'{word}' is not read (ivr reads #include only); the lines it would "
                      "add are not analysed")
            return
        name = rest.strip().strip('"<>')
        path = name if os.path.isabs(name) else os.path.join(os.path.dirname(file), name)
        found = sorted(glob.glob(path)) if any(c in path for c in "*?[") else [path]
        found = [f for f in found if self.allowed is None or os.path.normpath(f) in self.allowed]
        if not found or not all(os.path.isfile(f) for f in found):
            if word.lower() == "#include":
                self.warn(file, line, column, f"#include '{name}' not found next to {os.path.basename(file)}; the "
                          "contexts it defines are hand-offs that cannot be followed (pass that file too)")
            return
        for included in found:
            if os.path.normpath(included) in {os.path.normpath(f) for f in self.plan.files}:
                continue
            try:
                self.parse(self.read(included), included)
            except OSError as exc:
                self.warn(file, line, column, f"#include '{name}' cannot be read: {exc.strerror}")

    def header(self, text: str, comment: str, file: str, line: int, column: int) -> None:
        match = _HEADER.match(text)
        if not match:
            self.error(file, line, column, f"cannot read the context header '{text}'; write [name], [name](+), "
                       "[name](!) or [name](template)")
            self.context = None
            return
        name, flags = match.group(1).strip(), [f.strip() for f in (match.group(2) or "").split(",") if f.strip()]
        context = self.plan.contexts.get(name)
        if context is None:
            context = Context(name, Location(file, line, column), comment)
            self.plan.contexts[name] = context
        context.template = context.template or "!" in flags
        for template in (f for f in flags if f not in ("!", "+")):
            base = self.plan.contexts.get(template)
            if base is None:
                self.error(file, line, column, f"context '{name}' is built on template '{template}', which is not "
                           "defined above it; define the template first")
                continue
            for ext_name, ext in base.extensions.items():
                context.extensions.setdefault(ext_name, Extension(ext.name, ext.location, list(ext.priorities)))
            context.includes.extend(base.includes)
        self.context, self.last, self.last_number = context, None, None

    def statement(self, text: str, file: str, line: int, column: int) -> None:
        match = _STATEMENT.match(text)
        if not match:
            self.error(file, line, column, f"cannot read '{text}'; dialplan lines look like "
                       "'exten => 100,1,Answer()' or 'same => n,Playback(hello)'")
            return
        keyword, value = match.group(1).lower(), match.group(3)
        if self.context is None:
            self.error(file, line, column, f"'{keyword}' outside any context; start a context with [name] above it")
            return
        if self.context.name.lower() in ("general", "globals"):
            return
        if value.startswith(">"):
            self.error(file, line, column, f"'{match.group(2)} >' has a space inside the arrow; write '=>'")
            return
        value_column = column + match.start(3)
        if keyword == "include":
            self.context.includes.append((value.strip(), Location(file, line, value_column)))
        elif keyword in ("exten", "same"):
            self.priority(keyword, value, file, line, column, value_column)
        elif keyword not in _IGNORED:
            self.warn(file, line, column, f"'{keyword}' is not a dialplan statement; ivr reads exten, same and "
                      "include (the line is left out)")

    def priority(self, keyword: str, value: str, file: str, line: int, column: int, value_column: int) -> None:
        assert self.context is not None
        location = Location(file, line, column)
        if keyword == "same":
            if self.last is None:
                self.error(file, line, column, "'same' with no 'exten' before it in this context; "
                           "write 'exten => NAME,1,...' first")
                return
            name, rest = self.last.name, value
        else:
            name, _, rest = value.partition(",")
            name = name.strip().partition("/")[0]  # exten => 100/callerid,... : the caller id filter is not ours
            if not name:
                self.error(file, line, value_column, "extension with no name; write 'exten => NAME,PRIORITY,App()'")
                return
        prio, comma, app_text = rest.partition(",")
        prio = prio.strip()
        if not comma or not prio:
            where = value_column if rest.strip() else column
            self.error(file, line, where, f"'{keyword}' with no priority and application; write "
                       f"'{keyword} => {'' if keyword == 'same' else name + ','}n,App(arguments)'")
            return
        pmatch = _PRIORITY.match(prio)
        if not pmatch:
            self.error(file, line, value_column, f"cannot read the priority '{prio}'; write a number, 'n', "
                       "or 'n(label)'")
            return
        if pmatch.group(1).lower() == "hint":
            return
        extension = self.context.extensions.get(name)
        if extension is None:
            extension = Extension(name, location)
            self.context.extensions[name] = extension
        self.last = extension
        # 'n' is one more than the priority of the line before in this context, whichever extension
        # it was for and whether or not Asterisk took it (pbx/pbx_config.c, pbx_load_config: lastpri,
        # reset at each context, set before ast_add_extension2); a repeated block adds nothing
        if pmatch.group(1).lower() == "n":
            number = (self.last_number if self.last_number is not None else 0) + 1
        else:
            number = int(pmatch.group(1))
        number += int(pmatch.group(2) or 0)
        self.last_number = number
        amatch = _APP.match(app_text)
        if not amatch:
            self.error(file, line, value_column, f"cannot read the application '{app_text.strip()}'; write "
                       "App(arguments)")
            return
        args = amatch.group(2) if amatch.group(2) is not None else (amatch.group(3) or "")
        # priorities are kept in order: a binary search finds the place (and a priority written twice)
        place = bisect.bisect_left(extension.priorities, number, key=_number)
        if place < len(extension.priorities) and extension.priorities[place].number == number:
            self.warn(file, line, column, f"priority {number} of extension '{name}' is written twice; "
                      "Asterisk keeps the first one")
            return
        step = Priority(name, number, pmatch.group(3), amatch.group(1), args.strip(), location, rest.strip())
        extension.priorities.insert(place, step)


def _number(priority: Priority) -> int:
    return priority.number


def parse_text(text: str, file: str, plan: Dialplan | None = None) -> Dialplan:
    """Parse one file's text (``#include`` read from disk next to ``file``, when it exists)."""
    plan = plan or Dialplan()
    _Parser(plan, _read, None).parse(text, file)
    return plan


def _read(path: str) -> str:
    with open(path, "rb") as handle:
        data = handle.read()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def parse_files(files: list[str], read: Callable[[str], str] = _read, *,
                texts: dict[str, str] | None = None) -> Dialplan:
    """Parse several files as one dialplan. ``#include`` reads only files given, or found next to the including one.

    ``texts`` gives the content of files already read (``REV:PATH`` sources); others are read with ``read``.
    """
    plan = Dialplan()
    parser = _Parser(plan, read, None)
    given = {os.path.normpath(f) for f in files}
    for file in files:
        if os.path.normpath(file) in {os.path.normpath(f) for f in plan.files}:
            continue  # already pulled in by an #include
        text = texts[file] if texts and file in texts else read(file)
        parser.allowed = None if not texts else given
        parser.context, parser.last, parser.last_number = None, None, None
        parser.parse(text, file)
    return plan

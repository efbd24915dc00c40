"""Parse Asterisk ``extensions.conf`` dialplans: contexts, extensions and priorities, every one located.

The parser knows syntax only; what a context means to a caller is :mod:`ivr.formats.asterisk.walker`.
It reads every spelling people write: ``exten =>``, ``exten =``, ``same =>``, ``same=>``,
upper case keywords, ``n`` priorities, labels ``n(label)``, ``;`` comments with ``\\;`` escapes,
``;-- block --;`` comments, ``include =>``, ``#include`` (relative to the including file),
``[ctx](+)`` additions, ``[tmpl](!)`` templates and ``[ctx](tmpl)`` contexts built on them.

A line it cannot read is a located error for that line alone; the rest of the context is read.

``#include`` and ``#tryinclude`` are read as Asterisk reads them, within a fence. Asterisk takes
an absolute path as it is and a relative one relative to its configuration directory, expands
globs, and nests includes at most 10 deep (``main/config.c``: ``config_text_file_load`` joins a
relative name to ``ast_config_AST_CONFIG_DIR``; ``max_include_level`` defaults to 10). For ivr the
folder of the file given stands for that directory, and it is also the fence: an included file is
read only when its real path (symbolic links resolved) lies inside that folder, is a regular file,
and holds dialplan lines. Anything else (an absolute path or ``..`` out of the folder, a link out of
it, ``/proc``, a device, a file that is not a dialplan, any include of standard input) is not read
(a ``REV:PATH`` source reads its includes from the same revision, in the same fence): a located note
says so, and the
contexts it would define stay hand-offs that cannot be followed. No message quotes the text of an
included file (the user did not name it): its lines are located, never echoed. A pull request that
adds ``#include /etc/passwd`` or ``#include ../../.git-credentials`` to a dialplan thus gets a note
in its review, never a byte of the file.
"""

from __future__ import annotations

import glob
import os
import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from sys import intern

from ivr.formats.limits import ASTERISK_LINE, MAX_ITEMS, too_many
from ivr.formats.numbers import whole
from ivr.formats.sources import is_git_source, read_bytes, read_file
from ivr.model.errors import InvalidMenu, LoadError
from ivr.model.menu import Location

__all__ = ["Priority", "Extension", "Context", "Dialplan", "Skipped", "parse_files", "parse_text", "split_args",
           "decode"]

#: Statements inside a context that the parser accepts and the analysis has no use for.
_IGNORED = frozenset({"switch", "ignorepat", "lswitch", "eswitch"})
_STATEMENT = re.compile(r"\s*([A-Za-z_][\w-]*)\s*(=>|=)\s*(.*)$")
_HEADER = re.compile(r"\s*\[([^\]]+)\]\s*(?:\(([^)]*)\))?\s*$")
_AEL = re.compile(r"^[ \t]*(?:abstract[ \t]+)?(?:context|macro|globals)\b[^=\n]*\{", re.IGNORECASE | re.MULTILINE)
_HEADER_LINE = re.compile(r"^[ \t]*\[", re.MULTILINE)
_APP_NAME = re.compile(r"[A-Za-z_]\w*$")
#: A line only a dialplan holds: an included file without one is not read (it may be anything).
_DIALPLAN_LINE = re.compile(r"^[ \t]*(?:exten|same|include)[ \t]*=>?", re.IGNORECASE | re.MULTILINE)
#: The most digits of a priority: Asterisk keeps it in a C int (``struct ast_exten.priority``).
_PRIORITY_DIGITS = 10
#: Asterisk's default ``max_include_level`` (main/config.c).
MAX_INCLUDE_DEPTH = 10
#: What a message says in place of text it does not quote (a line of a file the user did not name).
_UNQUOTED = " (ivr quotes no text of a file it was not given: pass that file to see the line quoted)"


@dataclass(slots=True)
class Priority:
    """One step of an extension: ``exten => name,number(label),App(args)``."""

    exten: str
    number: int
    label: str | None
    app: str
    args: str
    location: Location


@dataclass(slots=True)
class Extension:
    name: str
    location: Location
    #: priorities in the order they run (sorted by number)
    priorities: list[Priority] = field(default_factory=list)

    def index(self, target: str) -> int | None:
        """The position of priority ``target``: a number, or a label (``label+N`` too)."""
        base, _, plus = target.partition("+")
        offset = whole(plus) or 0
        number = whole(base)
        for i, priority in enumerate(self.priorities):
            if (priority.label == base) or (number is not None and priority.number == number):
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


@dataclass(frozen=True, slots=True)
class Skipped:
    """A line Asterisk cannot read: pbx_config (or the configuration parser before it) warns, skips it and loads
    the rest (pbx/pbx_config.c, pbx_load_config; main/config.c, process_text_line)."""

    location: Location
    #: what is wrong with it
    why: str
    #: how to write it
    fix: str
    #: the context it stands in, and the extension it is for when the line names one
    context: str | None
    extension: str | None = None


@dataclass(slots=True)
class Dialplan:
    contexts: dict[str, Context] = field(default_factory=dict)
    #: every file read, the first given first
    files: list[str] = field(default_factory=list)
    errors: list[LoadError] = field(default_factory=list)
    warnings: list[LoadError] = field(default_factory=list)
    lines: int = 0
    #: lines Asterisk skips when it loads the dialplan (the rest is read)
    skipped: list[Skipped] = field(default_factory=list)
    #: the warnings of includes not read for pointing out of the folder, with the real path each names
    #: (a file that is also given on the command line is read from there: its warning is dropped then)
    outside: list[tuple[LoadError, str]] = field(default_factory=list)
    #: how many ``#include``s were not read (not found, outside the folder, ...): an extension a Goto names that no
    #: context read defines may be in one of them
    unread_includes: int = 0


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


def _strip_comment(line: str, in_block: int) -> tuple[str, str, int]:
    """The code of a line, its ``;`` comment, and how many ``;-- --;`` block comments are still open.

    As main/config.c (config_text_file_load) reads them: ``\\;`` is a semicolon in the code; ``;--`` opens a
    block comment unless a fourth ``-`` follows (``;----`` is a line comment: ``comment_p[3] != '-'``); block
    comments nest (MAX_NESTED_COMMENTS) and each ``--;`` closes one. Jumps from one ``;`` to the next
    (``str.find``) rather than looking at each character: most lines have none.
    """
    code: list[str] = []
    i = 0
    while i < len(line):
        semicolon = line.find(";", i)
        if semicolon < 0:
            if not in_block:
                code.append(line[i:])
            break
        if semicolon > i and line[semicolon - 1] == "\\":
            if not in_block:
                code.append(line[i:semicolon - 1] + ";")
            i = semicolon + 1
            continue
        opens = line.startswith(";--", semicolon) and not line.startswith(";---", semicolon)
        if opens:
            if not in_block:
                code.append(line[i:semicolon])
            in_block, i = min(in_block + 1, _MAX_NESTED_COMMENTS), semicolon + 3
            continue
        if in_block:
            if semicolon >= i + 2 and line.startswith("--", semicolon - 2):
                in_block -= 1
            i = semicolon + 1
            continue
        code.append(line[i:semicolon])
        return "".join(code), line[semicolon + 1:].strip(), 0
    return "".join(code), "", in_block


#: main/config.c: block comments nest this deep at most
_MAX_NESTED_COMMENTS = 128


class _Parser:
    def __init__(self, plan: Dialplan, read: Callable[[str], str], root: str | None):
        self.plan = plan
        self.read = read
        #: the real path of the folder #include may read in (None: nothing is read from disk)
        self.root = root
        #: that folder as the file given names it (included files are named from it, in messages too)
        self.base = ""
        #: the real paths of the files read (``REV:PATH`` as it is)
        self.seen: set[str] = set()
        #: the git revision the file given is read from (its includes are read from there too), or None
        self.revision: str | None = None
        #: the files being read, by how deep each is included (0: a file the user gave)
        self.depth: dict[str, int] = {}
        self.context: Context | None = None
        self.last_name: str | None = None  # the extension of the line before, read or not (what same => is for)
        #: the number of the context's last priority line, taken or not: what 'n' counts on from
        self.last_number: int | None = None
        #: whether the file being read was named by the user (its text may be quoted)
        self.named = True

    def q(self, text: str, instead: str = "this line") -> str:
        """``'text'`` quoted from a file the user named; ``instead`` for a file only included."""
        return f"'{text}'" if self.named else instead

    def _said(self, message: str) -> str:
        return message if self.named else message + _UNQUOTED

    def error(self, file: str, line: int, column: int, message: str) -> None:
        self.plan.errors.append(LoadError(Location(file, line, column), self._said(message)))

    def warn(self, file: str, line: int, column: int, message: str) -> None:
        self.plan.warnings.append(LoadError(Location(file, line, column), self._said(message)))

    def skip(self, file: str, line: int, column: int, why: str, fix: str, extension: str | None = None) -> None:
        """A line Asterisk skips with a warning, loading the rest: kept for the ``skipped-line`` rule."""
        context = self.context.name if self.context else None
        self.plan.skipped.append(Skipped(Location(file, line, column), self._said(why), fix, context, extension))

    def parse(self, text: str, file: str, depth: int = 0) -> None:
        self.plan.files.append(file)
        self.seen.add(file if is_git_source(file) else os.path.realpath(file))
        if depth == 0:
            self.revision = None
            if is_git_source(file):
                self.revision, _, file_path = file.partition(":")
                self.base = os.path.dirname(file_path)
            else:
                self.base = os.path.dirname(file)
        self.depth[file] = depth
        named = self.named
        self.named = depth == 0
        try:
            self._parse(text, file)
        finally:
            self.named = named

    def _parse(self, text: str, file: str) -> None:
        ael = _AEL.search(text)
        header = _HEADER_LINE.search(text)
        if ael and (header is None or header.start() > ael.start()):
            line = text.count("\n", 0, ael.start()) + 1
            self.plan.lines += text.count("\n") + 1
            self.error(file, line, 1, "this is AEL (Asterisk Extension Language, extensions.ael), not "
                       "extensions.conf syntax; read it with --from ael (or name the file *.ael)")
            return
        in_block = 0
        for number, raw in enumerate(text.splitlines(), 1):
            self.plan.lines += 1
            if self.plan.lines > MAX_ITEMS:
                self.error(file, number, 1, too_many("lines", MAX_ITEMS))
                return
            if len(raw) > ASTERISK_LINE // 4 and self.too_long(raw, file, number):
                continue
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

    def too_long(self, raw: str, file: str, line: int) -> bool:
        """Whether Asterisk skips this line for its length (:data:`~ivr.formats.limits.ASTERISK_LINE`); if so,
        a note says so."""
        size = len(raw.encode("utf-8", "surrogateescape"))
        if size <= ASTERISK_LINE:
            return False
        self.warn(file, line, 1, f"this line is {size:,} bytes long; Asterisk skips a line of more than "
                  f"{ASTERISK_LINE:,} bytes ('Line {line} too long, skipping': main/config.c reads each line into "
                  "8,192 bytes), so ivr leaves it out too; shorten it")
        return True

    def directive(self, text: str, file: str, line: int, column: int) -> None:
        word, _, rest = text.partition(" ")
        if word.lower() not in ("#include", "#tryinclude"):
            self.warn(file, line, column, f"{self.q(word, 'this directive')} is not read (ivr reads #include "
                      "only); the lines it would add are not analysed")
            return
        name = rest.strip().strip('"<>')
        shown = self.q(name, "on this line")
        trying = word.lower() == "#tryinclude"
        if "\0" in name:  # no file is named so (the system refuses the name): nothing to read
            self.plan.unread_includes += 1
            self.warn(file, line, column, f"#include {shown} names a file with a NUL character, which no file name "
                      "holds; it is not read")
            return
        depth = self.depth.get(file, 0) + 1
        if depth > MAX_INCLUDE_DEPTH:
            self.plan.unread_includes += 1
            self.warn(file, line, column, f"#include {shown} is nested more than {MAX_INCLUDE_DEPTH} deep, "
                      "where Asterisk stops (max_include_level); it is not read")
            return
        if self.revision is not None:
            self.include_from_git(name, shown, trying, file, line, column, depth)
            return
        if self.root is None:
            self.plan.unread_includes += 1
            self.warn(file, line, column, f"#include {shown} is not read: {os.path.basename(file)} is standard "
                      "input, not a file on disk, so ivr reads no other file for it; pass the included file too "
                      "(or name the file with --stdin-filename)")
            return
        found, outside = _resolve(name, self.base, self.root)
        if outside:
            self.plan.unread_includes += 1
            self.warn(file, line, column, f"#include {shown} is outside the folder of the file given "
                      f"({self.base or '.'}); ivr reads included files only inside it (no absolute path or '..' "
                      "out of it, no symbolic link out of it): pass that file on the command line to read it")
            target = name if os.path.isabs(name) else os.path.join(self.base, name)
            self.plan.outside.append((self.plan.warnings[-1], os.path.realpath(target)))
            return
        if not found:
            if not trying:
                self.plan.unread_includes += 1
                self.warn(file, line, column, f"#include {shown} not found next to {os.path.basename(file)}; the "
                          "contexts it defines are hand-offs that cannot be followed (pass that file too)")
            return
        for included in found:
            if os.path.realpath(included) in self.seen:
                continue
            try:
                text = self.read(included)
            except InvalidMenu as bad:
                self.plan.unread_includes += 1
                self.warn(file, line, column, f"#include {shown} is not read: {bad.errors[0].message}")
                continue
            self.included(text, included, depth, shown, (file, line, column))

    def included(self, text: str, source: str, depth: int, shown: str, where: tuple[str, int, int]) -> None:
        """Read an included file's text, if it is a dialplan at all (else a note at the ``#include``)."""
        if not _DIALPLAN_LINE.search(text):
            self.warn(*where, f"#include {shown}: {os.path.basename(source.partition(':')[2] or source)} holds "
                      "no dialplan line (exten =>, same =>, include =>), so ivr does not read it")
            return
        context, last = self.context, self.last_name
        self.parse(text, source, depth)
        # Asterisk goes on where the include stood: the context open before it is open after it
        self.context, self.last_name = context, last

    def include_from_git(self, name: str, shown: str, trying: bool, file: str, line: int, column: int,
                         depth: int) -> None:
        """``#include`` in a file read from a git revision: the file of the same revision, in the same fence
        (git reads nothing outside the repository, and a link is read as its target's name, not followed)."""
        revision, folder = self.revision, self.base
        dot = "./" if folder.startswith("./") else ""
        path = os.path.normpath(os.path.join(folder, name)) if not os.path.isabs(name) else ""
        if not path or path == ".." or path.startswith("../"):
            self.plan.unread_includes += 1
            self.warn(file, line, column, f"#include {shown} is outside the folder of the file given "
                      f"({revision}:{folder or '.'}); ivr reads included files only inside it (no absolute path or "
                      "'..' out of it): pass that file on the command line to read it")
            return
        if any(c in name for c in "*?["):
            self.plan.unread_includes += 1
            self.warn(file, line, column, f"#include {shown} is a pattern, which ivr does not expand in a git "
                      "revision; pass the files it names")
            return
        source = f"{revision}:{dot}{path}"
        if source in self.seen:
            return
        try:
            text = self.read(source)
        except InvalidMenu:
            if not trying:
                self.plan.unread_includes += 1
                self.warn(file, line, column, f"#include {shown} not found in {revision}; the contexts it defines "
                          "are hand-offs that cannot be followed (pass that file too)")
            return
        self.included(text, source, depth, shown, (file, line, column))

    def header(self, text: str, comment: str, file: str, line: int, column: int) -> None:
        match = _HEADER.match(text)
        if not match:
            self.error(file, line, column, f"cannot read the context header {self.q(text, 'on this line')}; write [name], [name](+), "
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
                self.error(file, line, column, f"context {self.q(name, 'here')} is built on template {self.q(template, 'a template')}, "
                           "which is not defined above it; define the template first")
                continue
            for ext_name, ext in base.extensions.items():
                context.extensions.setdefault(ext_name, Extension(ext.name, ext.location, list(ext.priorities)))
            context.includes.extend(base.includes)
        self.context, self.last_name, self.last_number = context, None, None

    def statement(self, text: str, file: str, line: int, column: int) -> None:
        match = _STATEMENT.match(text)
        if not match:
            if self.context is None:
                self.error(file, line, column, f"cannot read {self.q(text)}; dialplan lines look like "
                           "'exten => 100,1,Answer()' or 'same => n,Playback(hello)'")
            else:  # main/config.c (process_text_line): "No '=' (equal sign) in line", and the line is skipped
                self.skip(file, line, column, f"{self.q(text)} is not a dialplan line (no 'keyword => value')",
                          "write 'exten => 100,1,Answer()' or 'same => n,Playback(hello)', or make it a ; comment")
            return
        keyword, value = match.group(1).lower(), match.group(3)
        if self.context is None:
            self.error(file, line, column, f"{self.q(keyword, 'a statement')} outside any context; start a context with [name] above it")
            return
        if self.context.name.lower() in ("general", "globals"):
            return
        if value.startswith(">"):
            # main/config.c reads '=' and a value starting '>': no priority pbx_config can read, so it skips the line
            self.skip(file, line, column, f"'{match.group(2)} >' has a space inside the arrow", "write '=>'",
                      self.last_name if keyword == "same" else None)
            return
        value_column = column + match.start(3)
        if keyword == "include":
            self.context.includes.append((value.strip(), Location(file, line, value_column)))
        elif keyword in ("exten", "same"):
            self.priority(keyword, value, file, line, column, value_column)
        elif keyword not in _IGNORED:
            # pbx/pbx_config.c: "Unknown directive ... IGNORING"
            self.skip(file, line, column, f"{self.q(keyword, 'this keyword')} is not a dialplan statement",
                      "write exten, same, include, switch or ignorepat, or make the line a ; comment")

    def number(self, text: str, extension: Extension | None) -> tuple[int | None, str | None, str]:
        """The priority ``text`` stands for, its label, or None and why Asterisk cannot read it.

        As pbx/pbx_config.c (pbx_load_config) reads it: ``(label)`` cut off (no closing ``)``: the line is
        skipped); ``+N`` cut off and added (``atoi``); then ``n``/``next`` (the context's line before plus one;
        none: skipped), ``s``/``same`` (that line's own priority), a number (``sscanf %d``), or a label that
        an earlier line of this extension carries (``ast_findlabel_extension2``: FreePBX's
        ``process+101(failed)``), else the line is skipped ("Invalid priority/label"); below 1 as well.
        Only ``+`` is read: ``label-1`` is a label of that name.
        """
        label = None
        base, paren, after = text.partition("(")
        if paren:
            label, closed, _ = after.partition(")")
            if not closed:
                return None, None, "the label has no closing ')'"
        base, plus, offset_text = base.partition("+")
        offset = _atoi(offset_text) if plus else 0
        if base in ("n", "next", "s", "same"):
            if self.last_number is None:
                return None, label, f"'{base}' on the first line of a context, where no priority comes before it"
            number = self.last_number + (1 if base in ("n", "next") else 0)
        elif _LEADING_INT.match(base):
            number = _atoi(base)
        else:
            found = next((p.number for p in (extension.priorities if extension else []) if p.label == base), None)
            if found is None:
                return None, label, (f"no priority of this extension above it has the label '{base}'" if self.named
                                     else "no priority of this extension above it has that label")
            number = found
        if number < 1:
            return None, label, "a priority is 1 or more"
        return number + offset, label, ""

    def priority(self, keyword: str, value: str, file: str, line: int, column: int, value_column: int) -> None:
        assert self.context is not None
        location = Location(file, line, column)
        if keyword == "same":
            if self.last_name is None:
                self.skip(file, line, column, "'same' with no 'exten' before it in this context",
                          "write 'exten => NAME,1,...' first")
                return
            name, rest = self.last_name, value
        else:
            name, _, rest = value.partition(",")
            name = name.strip().partition("/")[0]  # exten => 100/callerid,... : the caller id filter is not ours
            # pbx_config keeps the extension for 'same' before it reads the priority: a line skipped still names it
            self.last_name = name or None
            if not name:
                # Asterisk loads an extension named '' (FreePBX writes one for a feature code left blank): no call
                # can dial it
                self.warn(file, line, value_column, "extension with no name, which no call can reach; write "
                          "'exten => NAME,PRIORITY,App()' (the line is left out)")
                return
        prio, comma, app_text = rest.partition(",")
        prio = prio.strip()
        if not comma or not prio:
            where = value_column if rest.strip() else column
            self.skip(file, line, where, f"'{keyword}' with no priority and application",
                      f"write '{keyword} => {'' if keyword == 'same' or not self.named else name + ','}n,App(arguments)'",
                      name)
            return
        if prio.lower() == "hint":
            return
        if len(prio) > _PRIORITY_DIGITS and any(len(d) > _PRIORITY_DIGITS for d in _DIGITS.findall(prio)):
            self.error(file, line, value_column, f"the priority has more than {_PRIORITY_DIGITS} digits; Asterisk "
                       "numbers priorities with a C int (up to 2,147,483,647): write a smaller number, or 'n'")
            return
        extension = self.context.extensions.get(name)
        number, label, why = self.number(prio, extension)
        if number is None:
            self.skip(file, line, value_column, f"Asterisk cannot read the priority {self.q(prio, 'here')}: {why}",
                      "write a number, 'n', 'n(label)' or 'label+N' after a priority with that label", name)
            return
        if number > 2**31 - 1:
            self.error(file, line, value_column, f"the priority has more than {_PRIORITY_DIGITS} digits; Asterisk "
                       "numbers priorities with a C int (up to 2,147,483,647): write a smaller number, or 'n'")
            return
        if extension is None:
            extension = Extension(name, location)
            self.context.extensions[name] = extension
        self.last_number = number
        app, args = _application(app_text)
        if app is None:
            # Asterisk loads it, finds no such application when a call gets there, and hangs up (main/pbx.c,
            # pbx_extension_helper): as if the priority were missing, which a gap in the numbering makes it here
            self.skip(file, line, value_column, f"no application Asterisk can run: {self.q(app_text.strip(), 'none')}",
                      "write App(arguments)", name)
            return
        # priorities are kept in order: a binary search finds the place (and a priority written twice); most come
        # in order, after the last
        priorities = extension.priorities
        place = len(priorities) if not priorities or priorities[-1].number < number else bisect.bisect_left(
            priorities, number, key=_number)
        if place < len(extension.priorities) and extension.priorities[place].number == number:
            self.warn(file, line, column, f"priority {number} of extension {self.q(name, 'here')} is written twice; "
                      "Asterisk keeps the first one")
            return
        # the extension's and the application's names are interned: the same few stand on every line, one string
        # each (a large dialplan's memory is mostly its lines)
        step = Priority(extension.name, number, label and intern(label), intern(app), args, location)
        extension.priorities.insert(place, step)


def _number(priority: Priority) -> int:
    return priority.number


_DIGITS = re.compile(r"\d+")
_LEADING_INT = re.compile(r"\s*[+-]?\d+")


def _atoi(text: str) -> int:
    """C's ``atoi``: the number the text starts with, else 0."""
    match = _LEADING_INT.match(text)
    return int(match.group()) if match else 0


def _application(text: str) -> tuple[str | None, str]:
    """The application and its arguments, as pbx/pbx_config.c (pbx_load_config) splits them: the name before the
    first ``(``, the arguments up to the last ``)`` (none: to the end, which Asterisk loads with a warning); text
    after the last ``)`` is dropped (``Return()#exec ...``). Without ``(``, the older ``App,arguments`` is read.
    None when no application name is written."""
    first = text.find("(")
    if first < 0:
        name, _, args = text.partition(",")
    else:
        name, args = text[:first], text[first + 1:]
        last = args.rfind(")")
        args = args[:last] if last >= 0 else args
    name = name.strip()
    if not _APP_NAME.match(name):
        return None, ""
    return name, args.strip()


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _resolve(name: str, base: str, root: str) -> tuple[list[str], bool]:
    """The files ``#include name`` reads, named from ``base`` (the folder ``root`` as the file given names it),
    each inside ``root`` once links are resolved; and whether it points out of it.

    The fence is checked before anything is globbed or opened: a pattern whose folder lies outside
    ``root`` lists nothing there, and each file a glob finds is fenced again (``sub*/../../x``, a link).
    """
    pattern = name if os.path.isabs(name) else os.path.join(base, name)
    magic = next((i for i, c in enumerate(pattern) if c in "*?["), None)
    folder = os.path.dirname(pattern if magic is None else pattern[:magic])
    if not _inside(os.path.realpath(folder), root):
        return [], True
    candidates = sorted(glob.glob(pattern)) if magic is not None else [pattern]
    found: list[str] = []
    outside = False
    for candidate in candidates:
        real = os.path.realpath(candidate)
        if not _inside(real, root):
            outside = True
        elif os.path.isfile(real):
            found.append(os.path.normpath(candidate))
    return found, outside and not found


def _root_of(file: str) -> str | None:
    """The folder ``#include`` may read in for ``file``: its own, when it is a file on disk."""
    if is_git_source(file) or not os.path.isfile(file):
        return None
    return os.path.realpath(os.path.dirname(os.path.abspath(file)))


def parse_text(text: str, file: str, plan: Dialplan | None = None) -> Dialplan:
    """Parse one file's text (``#include`` read from disk inside the folder of ``file``, when it is a file)."""
    plan = plan or Dialplan()
    _Parser(plan, _read, _root_of(file)).parse(text, file)
    return plan


#: The UTF-8 byte-order mark.
_BOM = b"\xef\xbb\xbf"


def decode(data: bytes) -> str:
    """The text of a configuration file as Asterisk reads it: a UTF-8 byte-order mark at the start of the file
    skipped (main/config.c, ``config_text_file_load``: "If there is a UTF-8 BOM, skip over it", on line 1 of
    every file it parses, an ``#include`` d one too), then UTF-8, or Latin-1 where the bytes are not UTF-8
    (Asterisk reads bytes: a comment or a prompt name in Latin-1 is no reason to refuse the file)."""
    data = data.removeprefix(_BOM)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _read(path: str) -> str:
    return decode(read_bytes(path) if is_git_source(path) else read_file(path))


def parse_files(files: list[str], read: Callable[[str], str] = _read) -> Dialplan:
    """Parse several files as one dialplan, each with its ``#include`` s (read as :func:`parse_text` reads
    them); a file given and also included is read once."""
    plan = Dialplan()
    parser = _Parser(plan, read, None)
    for file in files:
        if os.path.realpath(file) in parser.seen:
            continue  # already pulled in by an #include
        parser.root = _root_of(file)
        parser.context, parser.last_name, parser.last_number = None, None, None
        parser.parse(read(file), file)
    return plan

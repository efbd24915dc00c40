"""Read ``extensions.ael`` files: parse, compile into a dialplan, and link as the Asterisk reader does.

``#include "file"`` is read as ``ael.flex`` reads it (an absolute path as it is, a relative one
relative to the configuration directory, globs expanded), within the same fence as the dialplan
reader's ``#include`` (:mod:`ivr.formats.asterisk.dialplan`): the folder of the file given stands for
the configuration directory, and only a regular file whose real path lies inside it is read; any
other include gets a located note and what it would define stays a hand-off that cannot be followed.
No message quotes an included file's text.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import cast

from ivr.formats.ael.compiler import compile_tree
from ivr.formats.ael.syntax import AelFragment, AelSyntaxError, parse
from ivr.formats.api import Imported, Note
from ivr.formats.asterisk.dialplan import Dialplan, _resolve, _root_of
from ivr.formats.asterisk.reader import link_as
from ivr.formats.detection.ael import detect
from ivr.formats.sources import is_git_source, read_bytes, read_file
from ivr.model.errors import InvalidMenu, LoadError
from ivr.model.menu import Duplicate, Location, Menu

__all__ = ["NAME", "TITLE", "detect", "read", "link"]

NAME = "ael"
TITLE = "Asterisk Extension Language (extensions.ael)"


def _text(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


class _Includes:
    """Reads ``#include`` d files inside the fence, noting what it does not read."""

    def __init__(self, given: str):
        self.given = given
        self.revision: str | None = None
        self.base = ""
        self.root: str | None = None
        if is_git_source(given):
            self.revision, _, path = given.partition(":")
            self.base = os.path.dirname(path)
        else:
            self.base = os.path.dirname(given)
            self.root = _root_of(given)
        self.notes: list[tuple[Location, str]] = []
        self.seen: set[str] = set()

    def __call__(self, name: str, including: str, where: Location, depth: int) -> list[tuple[str, str]]:
        shown = f"'{name}'" if including == self.given else "on this line"
        if "\0" in name:
            self.notes.append((where, f"#include {shown} names a file with a NUL character; it is not read"))
            return []
        if self.revision is not None:
            path = os.path.normpath(os.path.join(self.base, name)) if not os.path.isabs(name) else ""
            if not path or path == ".." or path.startswith("../") or any(c in name for c in "*?["):
                self.notes.append((where, f"#include {shown} is outside the folder of the file given or a pattern; "
                                          "ivr reads included files only inside it: pass that file to read it"))
                return []
            source = f"{self.revision}:{path}"
            try:
                return [(source, _text(read_bytes(source)))] if source not in self.seen else []
            except InvalidMenu:
                self.notes.append((where, f"#include {shown} not found in {self.revision}; what it defines is "
                                          "a hand-off that cannot be followed (pass that file too)"))
                return []
        if self.root is None:
            self.notes.append((where, f"#include {shown} is not read: the file given is not a file on disk; "
                                      "pass the included file too"))
            return []
        found, outside = _resolve(name, self.base, self.root)
        if outside or (not found and os.path.isabs(name)):
            self.notes.append((where, f"#include {shown} is outside the folder of the file given ({self.base or '.'}); "
                                      "ivr reads included files only inside it (no absolute path or '..' out of it, "
                                      "no symbolic link out of it): what it defines is a hand-off that cannot be "
                                      "followed; pass that file on the command line to read it"))
            return []
        if not found:  # ael.flex: "Glob Expansion of pattern ... failed: No matches!" (a warning)
            self.notes.append((where, f"#include {shown} not found next to the file given; what it defines is a "
                                      "hand-off that cannot be followed (pass that file too)"))
            return []
        out = []
        for file in found:
            real = os.path.realpath(file)
            if real in self.seen:
                continue
            self.seen.add(real)
            try:
                out.append((file, _text(read_file(file))))
            except InvalidMenu as bad:
                self.notes.append((where, f"#include {shown} is not read: {bad.errors[0].message}"))
        return out


#: What a message says in place of text it does not quote (a line of a file the user did not name).
_UNQUOTED = " (ivr quotes no text of a file it was not given: pass that file to see the line quoted)"


def _unquoted(location: Location, message: str, given: str, refusal: bool) -> str:
    """``message``, or for a place in an included file a message that quotes none of its text."""
    if location.file == given:
        return message
    if refusal:
        return "Asterisk refuses the AEL here: a syntax error or a check Asterisk stops on" + _UNQUOTED
    return "a line Asterisk reads with a warning (not as written)" + _UNQUOTED


def read(data: bytes, name: str) -> Imported:
    includes = _Includes(name)
    plan = Dialplan()
    text = _text(data)
    try:
        tree, where = parse(text, name, includes)
        duplicates = compile_tree(tree, where, plan)
    except AelFragment as part:
        # a file of extensions or statements outside any context: Asterisk reads it only where another file
        # #includes it (pbx_ael loads extensions.ael alone), so it is read there, when that file is given too
        plan.files, plan.lines = [name], text.count("\n") + 1
        imported = Imported(name, NAME, counts={"lines": plan.lines, "contexts": 0},
                            notes=[Note(part.location, f"this file holds AEL {part.what} outside any context: a part "
                                                       "that Asterisk reads only where another file #includes it "
                                                       "(inside a context or an extension); give that file to read "
                                                       "it there")])
        imported.resources["dialplan"] = plan
        imported.resources["fragment"] = True
        return imported
    except AelSyntaxError as bad:
        raise InvalidMenu([LoadError(bad.location, _unquoted(bad.location, bad.message, name, True))]) from None
    except RecursionError:
        raise InvalidMenu([LoadError(Location(name, 1, 1), "the statements are nested too deeply to read; "
                                                           "nest fewer blocks")]) from None
    plan.files = list(dict.fromkeys(where.files))
    plan.lines = where.lines
    plan.warnings[:0] = [LoadError(location, message) for location, message in where.notes + includes.notes]
    plan.unread_includes = len(includes.notes)  # each note is an #include not read
    plan.warnings = [LoadError(w.location, _unquoted(w.location, w.message, name, False)) for w in plan.warnings]
    imported = Imported(name, NAME, counts={"lines": plan.lines, "contexts": len(plan.contexts)},
                        notes=[Note(w.location, w.message) for w in plan.warnings])
    imported.resources["dialplan"] = plan
    imported.resources["duplicates"] = duplicates
    return imported


def _duplicate_options(menus: list[Menu], parts: Sequence[Imported]) -> None:
    """An extension written twice in a menu's context is a key given to two options (rule duplicate-key):
    Asterisk registers the first and refuses the second ("Unable to register extension")."""
    found = [d for part in parts for d in cast(list[tuple[str, str, Location, Location]],
                                                part.resources.get("duplicates", []))]
    for menu in menus:
        if menu.routing:
            # no menu carries them: each is an extension of a context written twice (pbx_ael registers the first)
            menu.duplicates.extend(Duplicate(name, ("contexts", context), first, second)
                                   for context, name, first, second in found)
            continue
        for node_id, node in menu.nodes.items():
            if node.type != "menu":
                continue
            for context, name, first, second in found:
                if node_id.split(",", 1)[0] == context and name in node.options:
                    menu.duplicates.append(Duplicate(name, ("nodes", node_id, "options"), first, second))


def link(parts: Sequence[Imported]) -> list[Menu]:
    fragments = [part for part in parts if part.resources.get("fragment")]
    whole = [part for part in parts if not part.resources.get("fragment")]
    if fragments and not whole:  # parts only: nothing Asterisk would load (the note says where they belong)
        raise InvalidMenu([LoadError(note.location, note.message) for part in fragments for note in part.notes])
    included = {os.path.realpath(f) for part in whole for f in cast(Dialplan, part.resources["dialplan"]).files}
    for part in fragments:
        if os.path.realpath(part.source) in included:  # read where its includer #includes it: no more to say
            part.notes = [note for note in part.notes if "outside any context" not in note.message]
    menus = link_as(whole, NAME)
    _duplicate_options(menus, whole)
    return menus

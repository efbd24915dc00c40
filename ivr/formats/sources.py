"""Where a menu comes from (stage 1, input): a file, or ``REV:PATH`` read from git.

``ivr diff origin/main:menus/bank.yaml menus/bank.yaml`` compares a menu with
its version on another branch without checking it out. ``load_source(arg)``
reads either kind of argument and builds the menu with
:func:`ivr.formats.native.loader.load_menu_bytes`, so that locations name the revision too
(``origin/main:menus/bank.yaml:12:5``).

An existing file always wins: a file name may hold a colon. Otherwise the
argument is split at its first colon and handed to git as it is, so PATH
means what it means to ``git show REV:PATH``: relative to the top of the
repository, wherever in it ivr runs (``REV:./PATH`` is relative to the current
folder). Git runs without a shell, with the argument as one list item.
"""

from __future__ import annotations

import os
import subprocess

from ivr.model.errors import InvalidMenu, LoadError
from ivr.formats.native.loader import load_menu, load_menu_bytes
from ivr.model.menu import Location, Menu

__all__ = ["load_source", "read_source", "read_bytes", "is_git_source"]


def is_git_source(arg: str) -> bool:
    """True when ``arg`` names a file in a git revision rather than a file on disk."""
    return ":" in arg and not os.path.exists(arg) and arg.index(":") > 0


def _fail(arg: str, message: str) -> InvalidMenu:
    return InvalidMenu([LoadError(Location(arg, 1, 1), message)])


def _git(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], capture_output=True, check=False)


def _git_message(result: subprocess.CompletedProcess) -> str:
    text = result.stderr.decode("utf-8", "replace").strip().splitlines()
    last = text[-1] if text else f"git exited with status {result.returncode}"
    return last.removeprefix("fatal: ").rstrip(".")


def read_source(arg: str) -> bytes:
    """The bytes of ``REV:PATH`` in git; :class:`InvalidMenu` says why they cannot be read."""
    revision, _, path = arg.partition(":")
    if not path:
        raise _fail(arg, f"no file after the colon; write REV:PATH, for example {revision}:menus/bank.yaml")
    try:
        kind = _git("cat-file", "-t", arg)
    except FileNotFoundError:
        raise _fail(arg, "this is not a file, and reading it as REV:PATH from git needs the 'git' program, "
                         "which is not installed (or not on PATH)") from None
    if kind.returncode != 0:
        reason = _git_message(kind)
        if "not a git repository" in reason:
            hint = "run ivr in the repository, or pass a file"
        elif "does not exist" in reason:
            hint = ("PATH is relative to the top of the repository (REV:./PATH: to the current folder); "
                    f"'git ls-tree -r --name-only {revision}' lists the files")
        else:
            hint = "name a branch, tag or commit that exists (git branch -a, git log)"
        raise _fail(arg, f"no such file, and git cannot read it as REV:PATH: {reason}; {hint}")
    found = kind.stdout.decode("ascii", "replace").strip()
    if found != "blob":
        raise _fail(arg, f"this is a {'folder' if found == 'tree' else found} in git, not a file; "
                         "name a menu file in it")
    content = _git("cat-file", "blob", arg)
    if content.returncode != 0:
        raise _fail(arg, f"git cannot read it: {_git_message(content)}")
    return content.stdout


def read_bytes(arg: str) -> bytes:
    """The bytes of a file, or of ``REV:PATH`` in git; :class:`InvalidMenu` says why they cannot be read."""
    if is_git_source(arg):
        return read_source(arg)
    try:
        with open(arg, "rb") as handle:
            return handle.read()
    except IsADirectoryError:
        raise _fail(arg, "this is a folder; pass a menu file or use ivr check FOLDER") from None
    except OSError as exc:
        raise _fail(arg, f"cannot read the file: {exc.strerror}") from None


def load_source(arg: str) -> Menu:
    """The menu of a file, or of ``REV:PATH`` in git; :class:`InvalidMenu` with every reason it cannot load."""
    if is_git_source(arg):
        return load_menu_bytes(read_source(arg), arg)
    return load_menu(arg)

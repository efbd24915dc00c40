"""Where a menu comes from (stage 1, input): a file, or ``REV:PATH`` read from git.

``ivr diff origin/main:menus/bank.yaml menus/bank.yaml`` compares a menu with
its version on another branch without checking it out. ``read_bytes(arg)``
reads either kind of argument; the menu built from them is located with the
argument as its file name, so that locations name the revision too
(``origin/main:menus/bank.yaml:12:5``).

An existing file always wins: a file name may hold a colon. Otherwise the
argument is split at its first colon and handed to git as it is, so PATH
means what it means to ``git show REV:PATH``: relative to the top of the
repository, wherever in it ivr runs (``REV:./PATH`` is relative to the current
folder). Git runs without a shell, with the argument as one list item.
"""

from __future__ import annotations

import os
import stat
from typing import TYPE_CHECKING

from ivr.model.errors import InvalidMenu, LoadError
from ivr.model.menu import Location

if TYPE_CHECKING:
    import subprocess

__all__ = ["read_source", "read_bytes", "read_file", "is_git_source", "MAX_BYTES", "max_bytes", "set_max_bytes",
           "FoundFile", "inside", "markup_head"]

#: The largest source read by default, in bytes. Real flow exports are a few hundred KB (Amazon
#: Connect caps a flow at 256,000 characters); a 100,000-node YAML menu is about 30 MB.
MAX_BYTES = 64 * 1024 * 1024
_limit = MAX_BYTES


def max_bytes() -> int:
    """The largest source read now: :data:`MAX_BYTES`, or what the command line set."""
    return _limit


def set_max_bytes(limit: int) -> None:
    """Set the largest source read, for the whole process (``ivr --max-file-size``)."""
    global _limit
    if limit < 1:
        raise ValueError(f"the largest file must be at least 1 byte, not {limit}")
    _limit = limit


class FoundFile(str):
    """A file found in a folder the user gave (not named itself): read only while its real path lies in
    that folder, so that a symbolic link placed in a repository cannot make ivr read, and quote, a file
    elsewhere on the machine (``menus/x.yaml -> ~/.git-credentials``)."""

    folder: str

    def __new__(cls, path: str, folder: str) -> FoundFile:
        found = super().__new__(cls, path)
        found.folder = folder
        return found


def inside(path: str, folder: str) -> bool:
    """Whether ``path`` lies in ``folder`` once symbolic links and ``..`` are resolved."""
    real, root = os.path.realpath(path), os.path.realpath(folder)
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


def is_git_source(arg: str) -> bool:
    """True when ``arg`` names a file in a git revision rather than a file on disk."""
    return ":" in arg and not os.path.exists(arg) and arg.index(":") > 0


def _fail(arg: str, message: str) -> InvalidMenu:
    return InvalidMenu([LoadError(Location(arg, 1, 1), message)])


def _git(command: str, *args: str) -> subprocess.CompletedProcess:
    import subprocess  # here, not at the top: only a REV:PATH source runs git (start-up)

    # --end-of-options: an argument that starts with '-' is a revision, never an option of git's
    return subprocess.run(["git", command, *args[:-1], "--end-of-options", args[-1]], capture_output=True,
                          check=False)


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


def read_bytes(arg: str, limit: int | None = None) -> bytes:
    """The bytes of a file, or of ``REV:PATH`` in git; :class:`InvalidMenu` says why they cannot be read.

    Only regular files are read (a FIFO would block forever, a device never end), and at most
    ``limit`` bytes of them: a larger source is refused after reading one byte more.
    """
    limit = _limit if limit is None else limit
    if isinstance(arg, FoundFile) and not inside(arg, arg.folder):
        raise _fail(arg, f"a symbolic link to a file outside {arg.folder}, the folder given; ivr reads only the "
                         "files inside a folder it is given: pass the file itself to read it")
    data = read_source(arg) if is_git_source(arg) else _read_file(arg, limit)
    if len(data) > limit:
        raise _fail(arg, f"the file is larger than {limit:,} bytes, the most ivr reads; a menu or flow "
                         "export is far smaller: pass the right file (or raise the limit with "
                         "ivr --max-file-size)")
    return data


def read_file(path: str | os.PathLike, limit: int | None = None) -> bytes:
    """The bytes of the file at ``path``, as :func:`read_bytes` reads a file."""
    limit = _limit if limit is None else limit
    file = os.fspath(path)
    data = _read_file(file, limit)
    if len(data) > limit:
        raise _fail(file, f"the file is larger than {limit:,} bytes, the most ivr reads; a menu or flow "
                          "export is far smaller: pass the right file (or raise the limit with "
                          "ivr --max-file-size)")
    return data


def _read_file(file: str, limit: int) -> bytes:
    try:
        mode = os.stat(file).st_mode
        if stat.S_ISDIR(mode):
            raise _fail(file, "this is a folder; pass a menu file or use ivr check FOLDER")
        if not stat.S_ISREG(mode):
            raise _fail(file, f"this is {_kind_of(mode)}, not a file; pass a menu file")
        with open(file, "rb") as handle:
            return handle.read(limit + 1)
    except OSError as exc:
        raise _fail(file, f"cannot read the file: {(exc.strerror or str(exc)).lower()}") from None


def _kind_of(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def markup_head(data: bytes, size: int = 200_000) -> bytes:
    """What an XML reader's ``detect`` looks at: a UTF-16 file (which XML marks with a byte-order mark, XML 1.0
    4.3.3) as the UTF-8 of its first ``size`` bytes, any other file as it is; expat reads both."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data[: size & ~1].decode("utf-16", "replace").encode("utf-8")
    return data

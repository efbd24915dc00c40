"""Which version of a menu was read: its content's SHA-256 and, in a git repository, the commit.

A report says what it reviewed: the hash names the exact bytes (whatever the
repository), the commit where they come from. For ``REV:PATH`` the commit is
REV's; for a file in a work tree it is ``HEAD``, marked modified when the file
differs from it (or is not committed). Outside a repository, or without git,
there is no commit, never an error.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from dataclasses import dataclass

from ivr.formats.sources import is_git_source, read_bytes
from ivr.model.errors import InvalidMenu

__all__ = ["Provenance", "provenance"]


@dataclass(frozen=True, slots=True)
class Provenance:
    """The version of a source: the SHA-256 of its bytes, and the git commit it comes from, if any."""

    sha256: str | None
    commit: str | None = None
    modified: bool = False  # the file differs from the commit, or is not in it


def _git(folder: str | None, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", *args], cwd=folder or None, capture_output=True, check=False, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.decode("utf-8", "replace").strip() if done.returncode == 0 else None


def provenance(source: str) -> Provenance:
    """The :class:`Provenance` of ``source`` (a file, or ``REV:PATH``); a source that cannot be read
    again has no hash."""
    try:
        sha = hashlib.sha256(read_bytes(source)).hexdigest()
    except InvalidMenu:
        sha = None
    if is_git_source(source):
        revision = source.partition(":")[0]
        return Provenance(sha, _git(None, "rev-parse", "--verify", "--end-of-options", f"{revision}^{{commit}}"))
    folder = os.path.dirname(os.path.abspath(source))
    commit = _git(folder, "rev-parse", "--verify", "HEAD")
    if commit is None:
        return Provenance(sha)
    name = os.path.basename(source)
    status = _git(folder, "status", "--porcelain", "--", name)
    return Provenance(sha, commit, modified=bool(status))

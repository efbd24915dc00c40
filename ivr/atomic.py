"""Writing a file all at once: readers see the old file or the new one, never half of one.

The one atomic write of the package: the output files of the commands
(:mod:`ivr.present` re-exports it) and the cache of compiled validators
(:mod:`ivr.fastschema`). It sits in the lowest layer of the import contract,
below everything that writes.
"""

from __future__ import annotations

import os
import time

from collections.abc import Iterable

__all__ = ["write_atomic", "write_atomic_bytes", "remove_leftovers"]

#: Temporary files are hidden (``ivr check FOLDER`` skips them) and named after their target,
#: so that the next write of the same file removes one left behind by a killed run.
_TEMP_SUFFIX = ".ivr-tmp"
#: A temporary file this old is left over, not being written by another run.
_STALE_SECONDS = 600


def write_atomic(path: str | os.PathLike, text: str, *, sweep: bool = True) -> None:
    """Write ``text`` (UTF-8) to ``path`` through a temporary file in the same folder, then rename.

    ``sweep=False``: the leftovers of killed runs were removed already (:func:`remove_leftovers`).
    """
    write_atomic_bytes(path, text.encode("utf-8"), sweep=sweep)


def write_atomic_bytes(path: str | os.PathLike, data: bytes, *, sweep: bool = True) -> None:
    """Write ``data`` to ``path`` like :func:`write_atomic`; raises ``OSError`` when it cannot be.

    The file gets the permissions of any newly created file (0666 less the
    umask), not the owner-only ones of the temporary file.
    """
    import tempfile  # here, not at the top: tempfile (random, shutil, ...) only when something is written (start-up)

    target = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(target))
    prefix = f".{os.path.basename(target)}."
    if sweep:
        _remove_stale(folder, prefix)
    fd, temp = tempfile.mkstemp(dir=folder, prefix=prefix, suffix=_TEMP_SUFFIX)
    try:
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temp, target)
    except BaseException:
        os.unlink(temp)
        raise


def remove_leftovers(paths: Iterable[str | os.PathLike]) -> None:
    """Remove the temporary files that killed runs left behind for any of ``paths``, listing each
    folder once: before writing many files into one folder (then with ``sweep=False``), since a
    listing of the folder for each of N files made writing them quadratic (5,000 IVRs imported
    into one folder: 40 s)."""
    targets: dict[str, set[str]] = {}
    for path in paths:
        target = os.path.abspath(os.fspath(path))
        targets.setdefault(os.path.dirname(target), set()).add(os.path.basename(target))
    now = time.time()
    for folder, names in targets.items():
        try:
            found = [name for name in os.listdir(folder) if name.startswith(".") and name.endswith(_TEMP_SUFFIX)]
        except OSError:
            continue  # a folder that cannot be listed: the writes say why
        for leftover in found:
            # .NAME.RANDOM.ivr-tmp (mkstemp's random part has no dot)
            if leftover[1:-len(_TEMP_SUFFIX)].rpartition(".")[0] in names:
                _remove_if_stale(os.path.join(folder, leftover), now)


def _remove_stale(folder: str, prefix: str) -> None:
    import glob

    now = time.time()
    for leftover in glob.glob(os.path.join(glob.escape(folder), glob.escape(prefix) + "*" + _TEMP_SUFFIX)):
        _remove_if_stale(leftover, now)


def _remove_if_stale(leftover: str, now: float) -> None:
    try:
        if now - os.lstat(leftover).st_mtime > _STALE_SECONDS:
            os.unlink(leftover)
    except OSError:
        pass  # gone already, or not ours to remove


def _umask() -> int:
    mask = os.umask(0o022)  # reading the umask means setting it: put it straight back
    os.umask(mask)
    return mask

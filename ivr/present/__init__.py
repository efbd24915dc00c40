"""Presentation (stage 4): findings as text or JSON, and safe writing of output files."""

from __future__ import annotations

import glob
import os
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from ivr.model.findings import Severity

if TYPE_CHECKING:
    from ivr.pipeline import FileResult

__all__ = ["summary", "relative_path", "write_atomic", "write_atomic_bytes", "remove_leftovers"]


def summary(results: Sequence[FileResult]) -> dict:
    """Counts over all files: findings by severity, files that could not be read, and the
    prompt languages the courtesy rules could not check (no word list)."""
    counts = Counter(f.severity for r in results for f in r.findings)
    audio = sum(r.audio_prompts for r in results)
    return {
        "files": len(results),
        "findings": sum(counts.values()),
        **{s.value: counts[s] for s in sorted(Severity, key=lambda s: -s.rank)},
        "invalid_files": sum(1 for r in results if r.errors),
        "baselined": sum(r.baselined for r in results),
        "unchecked_languages": sorted({code for r in results for code in r.unchecked_languages}),
        # prompts that are recordings without words (only where there are some: YAML menus have none)
        **({"audio_prompts": audio} if audio else {}),
    }


def relative_path(file: str) -> str:
    """``file`` relative to the working folder when it is inside it, else absolute.

    Code-scanning tools (SARIF, GitHub annotations) resolve paths against the
    checkout, which is where ``ivr check`` runs in CI.
    """
    absolute = os.path.abspath(file)
    relative = os.path.relpath(absolute)
    return absolute if relative == os.pardir or relative.startswith(os.pardir + os.sep) else relative


def write_atomic(path: str | os.PathLike, text: str, *, sweep: bool = True) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder, then rename.

    Readers see the old file or the new one, never half of one. ``sweep=False``: the
    leftovers of killed runs were removed already (:func:`remove_leftovers`).
    """
    write_atomic_bytes(path, text.encode("utf-8"), sweep=sweep)


def write_atomic_bytes(path: str | os.PathLike, data: bytes, *, sweep: bool = True) -> None:
    """Write ``data`` to ``path`` like :func:`write_atomic` (for images).

    The file gets the permissions of any newly created file (0666 less the
    umask), not the owner-only ones of the temporary file.
    """
    target = os.fspath(path)
    if sweep:
        _remove_stale(os.path.dirname(os.path.abspath(target)), f".{os.path.basename(target)}.")
    _write(target, data)


def remove_leftovers(paths: Iterable[str | os.PathLike]) -> None:
    """Remove the temporary files that killed runs left behind for any of ``paths``, looking in each
    folder once: before writing many files into one folder (then with ``sweep=False``), since a
    listing of the folder for each of N files made writing them quadratic (5,000 IVRs imported
    into one folder: 40 s)."""
    targets: dict[str, set[str]] = {}
    for path in paths:
        target = os.path.abspath(os.fspath(path))
        targets.setdefault(os.path.dirname(target), set()).add(os.path.basename(target))
    for folder, names in targets.items():
        for leftover in _leftovers(folder):
            # .NAME.RANDOM.ivr-tmp (mkstemp's random part has no dot)
            if leftover[1:-len(_TEMP_SUFFIX)].rpartition(".")[0] in names:
                _remove_if_stale(os.path.join(folder, leftover))


def _write(target: str, data: bytes) -> None:
    folder = os.path.dirname(os.path.abspath(target))
    fd, temp = tempfile.mkstemp(dir=folder, prefix=f".{os.path.basename(target)}.", suffix=_TEMP_SUFFIX)
    try:
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temp, target)
    except BaseException:
        os.unlink(temp)
        raise


#: Temporary files are hidden (``ivr check FOLDER`` skips them) and named after their target,
#: so that the next write of the same file removes one left behind by a killed run.
_TEMP_SUFFIX = ".ivr-tmp"
#: A temporary file this old is left over, not being written by another run.
_STALE_SECONDS = 600


def _remove_stale(folder: str, prefix: str) -> None:
    for leftover in glob.glob(os.path.join(glob.escape(folder), glob.escape(prefix) + "*" + _TEMP_SUFFIX)):
        _remove_if_stale(leftover)


def _leftovers(folder: str) -> list[str]:
    """The names of the temporary files in ``folder``, of any target."""
    try:
        return [name for name in os.listdir(folder) if name.startswith(".") and name.endswith(_TEMP_SUFFIX)]
    except OSError:
        return []


def _remove_if_stale(leftover: str) -> None:
    try:
        if time.time() - os.lstat(leftover).st_mtime > _STALE_SECONDS:
            os.unlink(leftover)
    except OSError:
        pass  # gone already, or not ours to remove


def _umask() -> int:
    mask = os.umask(0o022)  # reading the umask means setting it: put it straight back
    os.umask(mask)
    return mask

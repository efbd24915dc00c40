"""Turning a diagram into the bytes of a file: DOT as it is, images through Graphviz's ``dot`` program."""

from __future__ import annotations

import subprocess

import graphviz

__all__ = ["FORMATS", "DotNotFound", "DotFailed", "render"]

#: Output formats by file extension.
FORMATS = {".svg": "svg", ".png": "png", ".pdf": "pdf", ".dot": "dot"}


class DotNotFound(RuntimeError):
    """Graphviz's ``dot`` program is not installed (or not on PATH)."""


class DotFailed(RuntimeError):
    """``dot`` ran and failed; the message holds what it said."""


def render(dot: graphviz.Digraph, fmt: str) -> bytes:
    """The bytes of the diagram in ``fmt`` (``dot``, ``svg``, ``png`` or ``pdf``).

    Raises :class:`DotNotFound` when an image is asked for and ``dot`` is not
    installed, :class:`DotFailed` when it fails.
    """
    if fmt == "dot":
        return dot.source.encode("utf-8")
    try:
        # the whole source as the process's input (subprocess.run's communicate): Digraph.pipe
        # writes it line by line and, when dot exits before reading it all, raised BrokenPipeError
        # and left the process unwaited for
        return graphviz.pipe(dot.engine, fmt, dot.source.encode("utf-8"), quiet=True)
    except graphviz.ExecutableNotFound as exc:
        raise DotNotFound(str(exc)) from exc
    except (graphviz.CalledProcessError, subprocess.CalledProcessError) as exc:
        said = (exc.stderr or b"").decode("utf-8", "replace").strip()
        raise DotFailed(said or str(exc)) from exc

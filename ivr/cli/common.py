"""What every command shares: exit codes, safe writing, the configuration and the shared options.

Only ``ivr.cli`` knows exit codes and terminals. This module stays light: the
simulator, Graphviz and the report's charts are imported by the commands that
use them, not here.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import click

from ivr.cli import CONTEXT  # the group's settings, shared by every command
from ivr.config import Config, discover, load_config
from ivr.model.errors import InvalidConfig
from ivr.model.menu import Location
from ivr.model.words import did_you_mean
from ivr.present import remove_leftovers
from ivr.present import write_atomic as _write_text
from ivr.present import write_atomic_bytes as _write_bytes
from ivr.present.text import error_line
from ivr.simulation.callers import Callers

__all__ = ["EXIT_OK", "EXIT_FOUND", "EXIT_BAD_INPUT", "CONTEXT", "CannotWrite", "BadInputFile", "BadConfig",
           "write_atomic", "write_atomic_bytes", "make_folder", "menu_files", "read_config", "rule_ids", "config_options",
           "write_atomic_all", "caller_options", "use_color", "say_error", "say_errors", "error_lines",
           "say_load_errors", "start_of", "say_no_menu_files", "Source", "from_option", "FRACTION", "MENU_SUFFIXES",
           "dash_is_stdout"]

EXIT_OK, EXIT_FOUND, EXIT_BAD_INPUT = 0, 1, 2

MENU_SUFFIXES = (".yaml", ".yml")

FRACTION = click.FloatRange(0.0, 1.0)

F = TypeVar("F", bound=Callable[..., Any])


class CannotWrite(click.ClickException):
    """An output file or folder that cannot be written: ``PATH: error: cannot write ...; how to fix it``, as
    every located error is said, exit status 2 (not a usage message: the option was used right)."""

    exit_code = EXIT_BAD_INPUT

    def __init__(self, path: str | os.PathLike, message: str):
        super().__init__(error_line(os.fspath(path), message))

    def show(self, file: Any = None) -> None:
        click.echo(self.message, err=True)


def _reason(exc: OSError) -> str:
    reason = exc.strerror or str(exc)
    return reason[:1].lower() + reason[1:]


def _writing(write: Callable[[Any, Any], None], path: str | os.PathLike, content: Any) -> None:
    if os.path.isfile(path) and not os.access(path, os.W_OK):  # replaced by a rename, it would be written all the same
        raise CannotWrite(path, "cannot write the file: it is read-only; make it writable, or give another -o")
    try:
        write(path, content)
    except OSError as exc:
        raise CannotWrite(path, f"cannot write the file: {_reason(exc)}; check that its folder exists and is "
                                "writable, or give another -o") from None


def write_atomic(path: str | os.PathLike, text: str) -> None:
    """Write ``text`` to ``path`` all at once (a temporary file, then a rename); exit 2 when it cannot be."""
    _writing(_write_text, path, text)


def write_atomic_bytes(path: str | os.PathLike, data: bytes) -> None:
    """Write ``data`` to ``path`` all at once; exit 2 when it cannot be."""
    _writing(_write_bytes, path, data)


def write_atomic_all(files: Mapping[str | os.PathLike, str]) -> None:
    """Write each text to its path as :func:`write_atomic` does, in the order given, looking for the
    leftovers of killed runs once per folder rather than once per file; exit 2 at one that cannot be."""
    try:
        remove_leftovers(files)
    except OSError:
        pass  # a folder that cannot be listed: the writes say why
    for path, text in files.items():
        _writing(lambda target, content: _write_text(target, content, sweep=False), path, text)


def dash_is_stdout(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """``-o -`` writes to standard output, as a missing ``-o`` does (the usual meaning of ``-``; it made a file
    or a folder named ``-`` before)."""
    return None if value == "-" else value


def make_folder(folder: Path) -> None:
    """``folder`` made (with the folders it is in) and writable, or :class:`CannotWrite` saying why not."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CannotWrite(folder, f"cannot create the folder: {_reason(exc)}; check that the folder it is in is "
                                  "writable, or give another -o") from None
    if not os.access(folder, os.W_OK):
        raise CannotWrite(folder, "cannot write in this folder: it is read-only; make it writable, or give "
                                  "another -o")


#: Suffixes of files that may hold a platform's flows (JSON, or JSON inside Terraform or JavaScript).
FLOW_SUFFIXES = (".json", ".tf", ".js", ".xml", ".vxml", ".conf", ".ael")


def _is_flow(path: str, folder: str) -> bool:
    """Whether a reader other than ivr's YAML recognises the file (from its first 200 kB)."""
    from ivr.formats.registry import DEFAULT, detect
    from ivr.formats.sources import inside

    if not os.path.isfile(path):  # a FIFO would block the open; a device never end
        return False
    if not inside(path, folder):  # a link out of the folder: listed, to be refused by name when it is read
        return True
    try:
        with open(path, "rb") as handle:
            head = handle.read(200_000)
    except OSError:
        return False
    return detect(head, path, to_refuse=False) not in (None, DEFAULT)


def menu_files(paths: Iterable[str]) -> tuple[list[str], list[str]]:
    """The menu files named by ``paths``: files as given; below a folder, every *.yaml/*.yml and every
    *.json, *.tf, *.js, *.xml, *.vxml, *.conf and *.ael whose content a platform reader recognises (a Twilio
    Studio or Amazon Connect flow, FreeSWITCH menus, ...; other files in the folder are left alone).

    Returns (files, folders that hold no menu file). Hidden folders and files
    are skipped (``.ivr.yaml`` is a configuration, not a menu).
    """
    from ivr.formats.sources import FoundFile

    files: list[str] = []
    empty: list[str] = []
    for path in paths:
        if not os.path.isdir(path):
            files.append(path)
            continue
        found = []
        for folder, subfolders, names in os.walk(path):
            subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
            # a file found is fenced in the folder given: a link out of it is refused when read, never read
            found.extend(FoundFile(os.path.join(folder, n), path) for n in sorted(names)
                         if not n.startswith(".") and (n.endswith(MENU_SUFFIXES) or
                                                       n.endswith(FLOW_SUFFIXES) and _is_flow(os.path.join(folder, n),
                                                                                              path)))
        if found:
            files.extend(found)
        else:
            empty.append(path)
    return list(dict.fromkeys(files)), empty


class Source(click.Path):
    """A file or folder that exists, or ``REV:PATH`` read from git (checked when it is read).

    Whether it can be read is left to the reading, which says so as a located error (exit 2)
    rather than as a usage message.
    """

    name = "source"

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("readable", False)
        super().__init__(**kwargs)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from ivr.formats.sources import is_git_source

        if isinstance(value, str) and is_git_source(value):
            return value
        return super().convert(value, param, ctx)


def say_error(location: object, message: str, severity: str = "error") -> None:
    """Print one message about a place on standard error, as every command does: ``file:line:col: error:
    message`` (``location`` a Location, or a file or folder name when there is no better place)."""
    click.echo(error_line(location, message, severity), err=True)


def start_of(file: str) -> Location:
    """The start of ``file`` (1:1): where a message about a whole file points, when nothing better is known."""
    return Location(file, 1, 1)


def error_lines(errors: Iterable[Any]) -> str:
    """Located errors (each with ``location`` and ``message``: load errors), one ``file:line:col: error:
    message`` a line."""
    return "\n".join(error_line(e.location, e.message) for e in errors)


def say_no_menu_files(folders: Iterable[str]) -> None:
    """Say of each folder that it holds no menu file (``FOLDER: error: ...``)."""
    for folder in folders:
        say_error(folder, "no menu files (*.yaml, *.yml, or flow files a platform reader recognises) in this "
                          "folder; pass a menu file or a folder that holds some")


def say_errors(errors: Iterable[Any]) -> None:
    """Print located errors on standard error, as ``ivr check`` prints load errors."""
    text = error_lines(errors)
    if text:
        click.echo(text, err=True)


class BadInputFile(click.ClickException):
    """A file given to a command that cannot be used (a baseline): its errors as ``file:line:col: ...``,
    exit status 2."""

    exit_code = EXIT_BAD_INPUT

    def show(self, file: Any = None) -> None:
        click.echo(self.message, err=True)


class BadConfig(BadInputFile):
    """A configuration file that cannot be used: its errors as ``file:line:col: ...``, exit status 2."""


def read_config(path: str | None = None, isolated: bool = False) -> Config:
    """The configuration: ``path`` when given, none with ``isolated``, else the one found from here upwards."""
    if isolated:
        return Config()
    try:
        return load_config(path) if path else discover(".")
    except InvalidConfig as exc:
        raise BadConfig(error_lines(exc.errors)) from None


def rule_ids(ctx: click.Context, param: click.Parameter, value: str | None) -> tuple[str, ...] | None:
    """``--select``/``--ignore``: comma-separated rule ids, each one known."""
    if value is None:
        return None
    from ivr.rules.registry import REGISTRY

    ids = tuple(v.strip() for v in value.split(",") if v.strip())
    for rule_id in ids:
        if rule_id not in REGISTRY and not (rule_id == "all" and param.name == "select"):
            raise click.BadParameter(f"unknown rule '{rule_id}'{did_you_mean(rule_id, REGISTRY)}; "
                                     "'ivr rules' lists them all")
    return ids


def _source_format(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    from ivr.formats.registry import READERS  # here, not at the top: only when --from is given

    if value not in READERS:
        raise click.BadParameter(f"unknown format '{value}'{did_you_mean(value, list(READERS))}; "
                                 f"the formats are: {', '.join(READERS)}")
    return value


def from_option(function: F) -> F:
    """``--from FORMAT``: read the menus in this format instead of detecting it from their content."""
    return click.option("--from", "source_format", metavar="FORMAT", default=None, callback=_source_format,
                        help="Read the menu files in this format (yaml, freeswitch) instead of detecting it "
                             "from their content.")(function)


def config_options(function: F) -> F:
    """``--config FILE`` and ``--isolated``, for every command that runs the rules."""
    function = click.option("--isolated", is_flag=True,
                            help="Use no configuration file: every rule with its defaults.")(function)
    return click.option("--config", "config_file", type=click.Path(exists=True, dir_okay=False),
                        help="Read the configuration from this file instead of searching for .ivr.yaml, "
                             "pyproject.toml [tool.ivr] or setup.cfg [ivr] from here upwards.")(function)


def use_color(option: bool | None) -> bool:
    """``--color/--no-color``; else never with NO_COLOR set, always with FORCE_COLOR set (not empty: CI
    logs that show colour but are no terminal), else only on a terminal. NO_COLOR wins over FORCE_COLOR,
    as in CPython."""
    if option is not None:
        return option
    if "NO_COLOR" in os.environ:
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty()


_DEFAULT_CALLERS = Callers()


def caller_options(prefix: str = "", patience: float = _DEFAULT_CALLERS.patience,
                   patience_note: str = "") -> Callable[[F], F]:
    """The simulator's options (calls, seed and the caller model), shared by every command that simulates."""

    def say(text: str) -> str:
        return prefix + text if prefix else text[0].upper() + text[1:]

    options = [
        click.option("--calls", type=click.IntRange(min=1), default=100_000, show_default=True,
                     help=say("Monte Carlo: calls to simulate, split between intents by share.")),
        click.option("--seed", type=int, default=0, show_default=True,
                     help=say("Monte Carlo: random seed (same seed, same answer).")),
        click.option("--accuracy", type=FRACTION, default=_DEFAULT_CALLERS.accuracy, show_default=True,
                     help=say("chance that a caller presses the option on the fastest way to their goal.")),
        click.option("--speech-accuracy", type=FRACTION, default=_DEFAULT_CALLERS.speech_accuracy,
                     show_default=True,
                     help=say("the same where callers can only speak (input_modes: [speech]); an assumption: "
                              "measure yours.")),
        click.option("--no-input", "no_input", type=FRACTION, default=_DEFAULT_CALLERS.no_input,
                     show_default=True, help=say("chance that a caller presses nothing at a menu or input.")),
        click.option("--patience", type=click.FloatRange(min=0), default=patience, show_default=True,
                     help=say("seconds before a caller presses the human option or hangs up; "
                              f"0 = unlimited.{patience_note}")),
        click.option("--words-per-minute", type=click.FloatRange(min=0, min_open=True), default=None,
                     help=say("speaking rate for prompts without a duration [default: per language].")),
    ]

    def decorate(function: F) -> F:
        for option in reversed(options):
            function = option(function)
        return function

    return decorate


def say_load_errors(errors: Mapping[str, Iterable[object]]) -> None:
    """Print every reason each source could not be read, source after source."""
    for found in errors.values():
        say_errors(found)


#: The longest part of a file name made from a menu's name, before its suffix: file systems refuse names over
#: 255 bytes (the long fuzz profile wrote one of 1,000 characters, and the refusal was an unlocated OSError).
MOST_NAME = 100


def cut_name(safe: str, whole: str) -> str:
    """``safe`` (a name made safe for a file name) cut to :data:`MOST_NAME`, with a digest of ``whole`` so that
    two long names stay two files."""
    if len(safe) <= MOST_NAME:
        return safe
    import hashlib  # noqa: PLC0415 (only a long name needs it)

    return f"{safe[:MOST_NAME - 9]}-{hashlib.sha256(whole.encode('utf-8', 'surrogatepass')).hexdigest()[:8]}"

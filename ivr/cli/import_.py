"""``ivr import``: write menus read from a platform's files in ivr's own YAML, so that a team can move to it."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import click

from ivr.cli.common import (CONTEXT, EXIT_BAD_INPUT, EXIT_OK, dash_is_stdout, from_option, make_folder, say_error,
                            say_load_errors, start_of, write_atomic, write_atomic_all, cut_name)
from ivr.model.words import printable, printable_name

__all__ = ["import_command", "run_import"]

_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")


def _file_name(name: str) -> str:
    return cut_name(_UNSAFE.sub("-", name).strip("-.") or "menu", name) + ".yaml"


def run_import(sources: tuple[str, ...], output: str | None, source_format: str | None) -> int:
    """Read ``sources`` as one IVR (or several), say what was read and skipped, write each IVR's YAML."""
    from ivr import pipeline
    from ivr.formats.native.writer import NotExpressible, menu_yaml

    reading = pipeline.read(list(sources), source_format)
    for imported in reading.imports.values():
        click.echo("\n".join(imported.summary()), err=True)
    if reading.errors:
        say_load_errors(reading.errors)
        return EXIT_BAD_INPUT
    if not reading.menus:
        for source in sources:
            say_error(start_of(source), "no menu in this file (a phrase file alone has none); give the menu files too")
        return EXIT_BAD_INPUT
    try:
        texts = {menu.name: menu_yaml(menu) for menu in reading.menus}
    except NotExpressible as exc:
        say_error(exc.location, f"ivr's YAML cannot say this: {exc.message}")
        return EXIT_BAD_INPUT
    one_file = output is not None and output.endswith((".yaml", ".yml"))
    if len(texts) > 1 and (output is None or one_file):
        names = printable(", ".join(texts))
        click.echo(f"ivr import: these files hold {len(texts)} IVRs ({names}); give -o a folder to write "
                   "one YAML file each", err=True)
        return EXIT_BAD_INPUT
    if output is None:
        click.echo(next(iter(texts.values())), nl=False)
    elif one_file:
        make_folder(Path(output).parent)
        write_atomic(output, next(iter(texts.values())))
        click.echo(f"wrote {printable_name(output)}", err=True)
    else:
        folder = Path(output)
        make_folder(folder)
        paths = {folder / _file_name(name): text for name, text in texts.items()}
        write_atomic_all(paths)
        for path in paths:
            click.echo(f"wrote {printable_name(str(path))}", err=True)
    return EXIT_OK


@click.command("import", context_settings=CONTEXT)
@click.argument("sources", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(readable=False), callback=dash_is_stdout,
              help="A .yaml file for one IVR, or a folder for one file per IVR (default, or -o -: standard output).")
@from_option
def import_command(sources: tuple[str, ...], output: str | None, source_format: str | None) -> None:
    """Write menus from a platform's files (FreeSWITCH XML, ...) in ivr's YAML.

    SOURCES are the files of one IVR, or REV:PATH read from git: menus may
    call menus in other files, and phrase files resolve prompts. What was
    read, and what was not used and why, is said on standard error. Checking
    the written YAML gives the same findings as checking the sources.
    Exit status: 0 written, 2 a source cannot be read or a menu cannot be
    said in YAML (then nothing is written).

    \b
    Examples:
      ivr import ivr_menus/demo_ivr.xml -o menus/demo_ivr.yaml
      ivr import ivr_menus/*.xml lang/en/demo/demo-ivr.xml -o menus/
    """
    sys.exit(run_import(sources, output, source_format))

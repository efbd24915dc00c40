"""``ivr tests``: write test scripts for live IVR testers from a menu, and say what they cover."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import click

from ivr.cli.common import (CONTEXT, EXIT_BAD_INPUT, EXIT_OK, FRACTION, Source, from_option, make_folder,
                            say_error, say_load_errors, start_of, write_atomic_all, cut_name)
from ivr.model.words import printable_name
from ivr.simulation.callers import Callers

__all__ = ["tests_command", "run_tests", "FORMAT_NAMES"]

#: ``--format`` choices (ivr.present.testscripts.FORMATS, named here so that help needs no import of it).
FORMAT_NAMES = ("bespoken", "ivr-tester", "csv")


def run_tests(file: str, output: str | None, fmt: str, callers: Callers, source_format: str | None = None) -> int:
    """``ivr tests``: print the coverage report; with ``output``, write the suite there. Return the exit status."""
    from ivr import pipeline
    from ivr.formats.sources import is_git_source
    from ivr.present import relative_path
    from ivr.present.testscripts import suite_files
    from ivr.testgen import build_suite

    reading = pipeline.read([file], source_format)
    if reading.errors:
        say_load_errors(reading.errors)
        return EXIT_BAD_INPUT
    if not reading.menus:
        say_error(start_of(file), "no menu in this file (a phrase file alone has none); give the menu file")
        return EXIT_BAD_INPUT
    base = Path(file.partition(":")[2] if is_git_source(file) else file).stem
    source = file if is_git_source(file) else relative_path(file)
    files: dict[str, str] = {}
    for menu in reading.menus:  # a platform's file may hold several IVRs: a suite each
        graph = pipeline.analyse(menu, lint_rules=False).graph
        stem = base if len(reading.menus) == 1 else f"{base}-{_file_part(menu.name)}"
        written = suite_files(graph, build_suite(graph, callers), fmt, stem, source)
        click.echo(written[f"{stem}.coverage.txt"], nl=False)
        files.update(written)
    if output is None:
        return EXIT_OK
    folder = Path(output)
    make_folder(folder)
    for name in files:
        make_folder((folder / name).parent)
    write_atomic_all({folder / name: text for name, text in files.items()})
    click.echo(f"Wrote {len(files)} file{'s' if len(files) > 1 else ''} to {printable_name(output)}")
    return EXIT_OK


def _file_part(name: str) -> str:
    """An IVR's name as part of a file name."""
    return cut_name(re.sub(r"[^\w.-]+", "-", name).strip("-.") or "menu", name)


_DEFAULT = Callers()


@click.command("tests", context_settings=CONTEXT)
@click.argument("file", type=Source(exists=True, dir_okay=False))
@click.option("-o", "--output", type=click.Path(file_okay=False, readable=False), default=None,
              help="The folder to write the tests to (made if missing; each file written atomically). "
                   "Without it, only the coverage report is printed.")
@click.option("--format", "fmt", type=click.Choice(FORMAT_NAMES), default="bespoken", show_default=True,
              help="bespoken: Bespoken e2e YAML, a file per language; ivr-tester: IVR Tester scenarios, "
                   "a JSON file per test; csv: steps for test-management tools, a file per language.")
@click.option("--accuracy", type=FRACTION, default=_DEFAULT.accuracy, show_default=True,
              help="Caller model for each intent's likeliest call: chance of the right option.")
@click.option("--speech-accuracy", type=FRACTION, default=_DEFAULT.speech_accuracy, show_default=True,
              help="Caller model for each intent's likeliest call: the same where callers can only speak.")
@click.option("--no-input", "no_input", type=FRACTION, default=_DEFAULT.no_input, show_default=True,
              help="Caller model for each intent's likeliest call: chance of pressing nothing.")
@click.option("--words-per-minute", type=click.FloatRange(min=0, min_open=True), default=None,
              help="Speaking rate for prompts without a duration, for how long testers wait "
                   "[default: per language].")
@from_option
def tests_command(file: str, output: str | None, fmt: str, accuracy: float, speech_accuracy: float, no_input: float,
                  words_per_minute: float | None, source_format: str | None) -> None:
    """Write tests to run against the live IVR, and report their coverage.

    FILE is a menu file in any format ivr reads (see --from), or REV:PATH to
    read one from git.

    The tests: the likeliest call of each intent (in the simulation's caller
    model); calls that take every option and goto no earlier test took;
    at every menu and input, no input and a wrong key until the retries run
    out, checking where the caller ends up. Each step expects a distinctive
    phrase of the prompt and finishes on its last clause; a menu in several
    languages gets a suite per language. The report gives the coverage of
    options, gotos, nodes and error ways, what is not covered and why, and
    the branch cases the tests assume. The same menu gives the same files,
    byte for byte. Exit status: 0 done, 2 bad input or usage.

    \b
    Examples:
      ivr tests menus/bank.yaml                          the coverage report only
      ivr tests menus/bank.yaml -o live-tests             Bespoken tests
      ivr tests menus/bank.yaml -o live-tests --format ivr-tester
      ivr tests menus/bank.yaml -o live-tests --format csv
    """
    callers = Callers(accuracy, no_input, _DEFAULT.patience, words_per_minute, speech_accuracy)
    sys.exit(run_tests(file, output, fmt, callers, source_format))

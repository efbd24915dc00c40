"""``ivr report``: a self-contained HTML page per menu, and an index over several."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ivr.cli.common import (CONTEXT, EXIT_BAD_INPUT, EXIT_OK, Source, caller_options, config_options, from_option,
                            make_folder, menu_files, read_config, say_load_errors, say_no_menu_files, write_atomic)
from ivr.cli.staffing import say_warnings, staffing_options
from ivr.config import Config
from ivr.model.words import printable_name
from ivr.simulation.callers import Callers

if TYPE_CHECKING:
    from ivr.pipeline.staffing import WhatIf

__all__ = ["report_command", "run_report"]


def _report_folders(files: list[str]) -> list[str]:
    """A folder name per menu file: its stem, with its parent folder's name where stems repeat."""
    stems = [Path(f).stem for f in files]
    names = [f"{Path(f).parent.name}-{stem}" if stems.count(stem) > 1 and Path(f).parent.name else stem
             for f, stem in zip(files, stems)]
    seen: dict[str, int] = {}
    unique = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        unique.append(name if seen[name] == 1 else f"{name}-{seen[name]}")
    return unique


def run_report(paths: Iterable[str], output: str, callers: Callers, calls: int, seed: int,
               config: Config | None = None, source_format: str | None = None,
               staffing: WhatIf | None = None) -> int:
    """``ivr report``: a self-contained HTML page per menu (and an index over several); return the exit status.

    A source that cannot be read is said on stderr and shown as such on the index, and the menus that
    can be read are reported all the same: exit status 2 then. Nothing is written when a folder holds
    no menu or the diagrams cannot be drawn (no Graphviz).
    """
    from datetime import datetime, timezone

    from ivr.present.charts import outcome_chart, time_chart  # matplotlib: only when reporting

    from ivr import pipeline
    from ivr.pipeline.staffing import Staffings, WhatIf
    from ivr.formats.provenance import provenance
    from ivr.present import diagram as diagram_output
    from ivr.present import json as json_output
    from ivr.present import report as report_output
    from ivr.present import simulation as simulation_output
    from ivr.present import hold_report
    from ivr.present.hold import hold_dict

    files, empty = menu_files(paths)
    say_no_menu_files(empty)
    if empty:
        return EXIT_BAD_INPUT
    reading = pipeline.read(files, source_format)
    if reading.errors:
        say_load_errors(reading.errors)
    made = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    config = config or Config()
    pages = []
    holds = {}
    staffings = Staffings(staffing or WhatIf())
    for menu, folder in zip(reading.menus, _report_folders([m.file for m in reading.menus])):
        simulating = pipeline.Simulating(callers, "auto", calls, seed, flows=True, staffing=staffings.of(menu))
        analysis = pipeline.analyse(menu, config.settings_for(pipeline.settings_path(menu.file)).rules, simulating)
        graph, findings, simulation = analysis.graph, analysis.findings, analysis.simulation
        assert simulation is not None
        dot = diagram_output.diagram(graph, findings, flows=simulation.edge_flows(),  # one run for both
                                     goals=diagram_output.goal_rates(graph, simulation))
        try:
            svg = diagram_output.render(dot, "svg").decode("utf-8")
        except diagram_output.DotNotFound:
            click.echo("ivr report: the diagrams need Graphviz's 'dot' program, which is not installed "
                       "(or not on PATH); install it (Debian/Ubuntu: apt-get install graphviz)", err=True)
            return EXIT_BAD_INPUT
        except diagram_output.DotFailed as exc:  # nothing is written yet
            from ivr.cli.render import say_dot_failed

            say_dot_failed(menu, exc, dot, graph)
            return EXIT_BAD_INPUT
        hold_html = hold_report.not_modelled_section()
        if analysis.hold is not None:
            hold = holds[menu.file] = analysis.hold
            say_warnings(hold)
            hold_html = hold_report.hold_section(hold, hold_report.wait_chart(hold))
        pages.append(report_output.MenuReport(menu.name, menu.file, folder, findings, simulation, svg,
                                              [outcome_chart(simulation), time_chart(simulation)], hold_html,
                                              start=graph.graph["start"], provenance=provenance(menu.file),
                                              made=made))
    unreadable = [report_output.Unreadable(source, errors, provenance(source))
                  for source, errors in reading.errors.items()]
    # every folder made and writable before the first file is written: a folder that cannot be leaves nothing
    if pages or len(unreadable) > 1:
        make_folder(Path(output))
    for page in pages:
        make_folder(Path(output) / page.folder)
    for page in pages:
        folder = Path(output) / page.folder
        write_atomic(folder / report_output.DIAGRAM_FILE, page.diagram_svg)
        write_atomic(folder / "index.html", report_output.menu_page(page))
        write_atomic(folder / "findings.json",
                     json_output.format_results([pipeline.FileResult(page.file, page.findings, [], page.name)])
                     + "\n")
        extra = {page.file: hold_dict(holds[page.file])} if page.file in holds else None
        write_atomic(folder / "simulation.json",
                     simulation_output.format_json({page.file: page.simulation}, extra) + "\n")
        click.echo(f"{printable_name(page.file)}: {printable_name(str(folder / 'index.html'))}")
    if len(pages) + len(unreadable) > 1:
        write_atomic(Path(output) / "index.html", report_output.index_page(pages, unreadable, made))
        click.echo(f"all menus: {printable_name(str(Path(output) / 'index.html'))}")
    return EXIT_BAD_INPUT if unreadable else EXIT_OK


@click.command("report", context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True, type=Source(exists=True))
@click.option("-o", "--output", type=click.Path(file_okay=False, readable=False), default="reports",
              show_default=True, help="The folder to write the reports to.")
@caller_options()
@config_options
@from_option
@staffing_options()
def report_command(paths: tuple[str, ...], output: str, calls: int, seed: int, accuracy: float,
                   speech_accuracy: float, no_input: float,
                   patience: float, words_per_minute: float | None, config_file: str | None,
                   isolated: bool, source_format: str | None, staffing: WhatIf) -> None:
    """Write a report per menu that opens in any browser, offline.

    PATHS are menu files, folders (searched for *.yaml and *.yml files, and for
    the flow files a platform reader recognises), or REV:PATH read from git.
    For each menu, OUTPUT/<menu>/index.html holds a summary, the annotated
    diagram, the findings with the rules' documentation, the simulated
    callers per intent and charts of them (with the queues' staffing, the
    wait per queue too); findings.json and simulation.json sit next to it,
    with diagram.svg to open the diagram full size. With several menus,
    OUTPUT/index.html lists them all, and those that cannot be read. Exit
    status: 0 written; 2 a menu that cannot be read (the others are still
    reported), or bad usage.

    \b
    Examples:
      ivr report menus/
      ivr report menus/bank.yaml -o build/reports
      ivr report menus/ --patience 0          (exact simulation)
    """
    callers = Callers(accuracy, no_input, patience, words_per_minute, speech_accuracy)
    sys.exit(run_report(paths, output, callers, calls, seed, read_config(config_file, isolated), source_format,
                        staffing))

"""``ivr render``: draw a menu as a diagram, with its findings and, asked, simulated flows."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any
from pathlib import Path

import click

from ivr.cli.common import (CONTEXT, EXIT_BAD_INPUT, EXIT_OK, Source, caller_options, config_options, from_option,
                            read_config, say_error, say_load_errors, start_of, write_atomic_bytes)
from ivr.config import Config
from ivr.simulation.callers import Callers

__all__ = ["render_command", "run_render"]


def run_render(files: Sequence[str], output: str, *, clusters: bool = False, focus: str | None = None, depth: int = 2,
               callers: Callers | None = None, calls: int = 100_000, seed: int = 0,
               config: Config | None = None, source_format: str | None = None, legend: bool = True,
               dpi: float | None = None, width: float | None = None) -> int:
    """``ivr render``: draw a menu with its findings (and, given ``callers``, simulated flows) to ``output``.

    ``files`` are read together: one menu file, or the flows of an estate that hand off to
    each other (drawn a frame per flow). The format comes from ``output``'s extension
    (checked by the caller). ``dpi`` sets the resolution of a PNG (dots per inch, Graphviz's 96 by
    default); ``width`` scales the drawing down to at most that many inches wide (for a slide),
    whatever the format.
    """
    from ivr import pipeline
    from ivr.model.words import did_you_mean, printable, printable_name
    from ivr.present import diagram as diagram_output

    fmt = diagram_output.FORMATS[Path(output).suffix.lower()]
    file = files[0]
    analysed = pipeline.analyse_all(list(files), config, fmt=source_format)
    if analysed.errors:
        say_load_errors(analysed.errors)
        return EXIT_BAD_INPUT
    if len(analysed.analyses) != 1:
        names = ", ".join(f"'{a.menu.name}'" for a in analysed.analyses) or "none"
        count = f"{len(analysed.analyses)} IVRs ({names}), not one; give the files of one IVR"
        if len(files) == 1:
            say_error(start_of(file), f"this file holds {count}")
        else:
            click.echo(printable(f"ivr render: these files form {count}"), err=True)
        return EXIT_BAD_INPUT
    analysis = analysed.analyses[0]
    graph = analysis.graph
    if focus is not None and focus not in graph and diagram_output.flow_named(graph, focus) is None:
        what = "node or flow" if diagram_output.flow_groups(graph) else "node"
        click.echo(printable(f"ivr render: no {what} '{focus}' in {printable_name(file)}"
                             f"{did_you_mean(focus, graph)}"), err=True)
        return EXIT_BAD_INPUT
    flows = goals = None
    if callers is not None:  # "auto" always applies: exact with unlimited patience, else Monte Carlo
        simulating = pipeline.Simulating(callers, "auto", calls, seed, flows=True)
        simulation = pipeline.simulate(analysis, simulating).simulation
        assert simulation is not None  # pipeline.simulate always sets it
        goals = diagram_output.goal_rates(graph, simulation)
        flows = simulation.edge_flows()  # the same run as the goal rates
    dot = diagram_output.diagram(graph, analysis.findings, flows=flows, goals=goals, clusters=clusters,
                                 focus=focus, depth=depth, legend=legend)
    if dpi is not None:
        dot.attr(dpi=f"{dpi:g}")
    if width is not None:
        dot.attr(size=f"{width:g},1000")  # at most this wide (height unbounded): dot scales down, never up
    try:
        data = diagram_output.render(dot, fmt)
    except diagram_output.DotNotFound:
        click.echo(f"ivr render: drawing .{fmt} needs Graphviz's 'dot' program, which is not installed "
                   "(or not on PATH); install it (Debian/Ubuntu: apt-get install graphviz), "
                   "or write a .dot file, which needs no Graphviz", err=True)
        return EXIT_BAD_INPUT
    except diagram_output.DotFailed as exc:
        say_dot_failed(analysis.menu, exc, dot, graph)
        return EXIT_BAD_INPUT
    write_atomic_bytes(output, data)  # one that cannot be written: a located error, exit 2
    return EXIT_OK


def say_dot_failed(menu: Any, failure: Exception, dot: Any, graph: Any) -> None:
    """Graphviz's ``dot`` refused the drawing of ``menu``: said at the node whose statement it names (the
    line of the DOT source it gives, whose ``id`` is the node's), else at the menu, with the first line of
    what dot said (it quotes the menu: escaped and shortened as every quote is)."""
    import re

    from ivr.present.diagram.text import svg_id

    said = str(failure).strip().splitlines()
    reason = said[0].removeprefix("Error: ").removeprefix("<stdin>: ") if said else "no reason given"
    where, what = menu.location or start_of(menu.file), "this menu"
    line = re.search(r"\bline (\d+)\b", reason)
    statements = dot.source.splitlines()
    if line and 1 <= int(line[1]) <= len(statements):
        drawn = re.search(r'\bid="?(node-[\w.-]+)', statements[int(line[1]) - 1])
        node_id = next((n for n in graph if drawn and svg_id(n) == drawn[1]), None)
        if node_id is not None and graph.nodes[node_id].get("location") is not None:
            where, what = graph.nodes[node_id]["location"], f"node '{node_id}'"
            reason = reason.replace(line[0], "the node's statement", 1)
    say_error(where, f"Graphviz's 'dot' cannot draw {what} ({reason}); write a .dot file instead, which needs no "
                     "Graphviz, or shorten its text")


def _diagram_file(ctx: click.Context, param: click.Parameter, value: str) -> str:
    from ivr.present.diagram import FORMATS

    suffix = Path(value).suffix.lower()
    if suffix not in FORMATS:
        known = ", ".join(FORMATS)
        raise click.BadParameter(f"'{value}' does not end in a known extension ({known}): it names the format")
    return value


_SIMULATION_OPTIONS = ("calls", "seed", "accuracy", "speech_accuracy", "no_input", "patience", "words_per_minute")


@click.command("render", context_settings=CONTEXT)
@click.argument("files", nargs=-1, required=True, type=Source(exists=True, dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, readable=False),
              callback=_diagram_file,
              help="The file to write (atomically); its extension names the format: .svg, .png, .pdf need "
                   "Graphviz's dot program, .dot does not.")
@click.option("--clusters", is_flag=True, help="Frame each sub-menu: a menu and the nodes only it leads to.")
@click.option("--focus", metavar="NODE", help="Draw only the nodes around NODE (see --depth), or only the flow "
              "NODE names in an IVR made of several flows (its file name, or the flow name of its node ids).")
@click.option("--depth", type=click.IntRange(min=0), default=None,
              help="With --focus: draw the nodes NODE leads to, and those leading to it, "
                   "in at most this many steps.  [default: 2]")
@click.option("--legend/--no-legend", default=True, show_default=True,
              help="Explain the shapes, colours and edges in a few lines under the title.")
@click.option("--dpi", type=click.FloatRange(min=10, max=1200), default=None,
              help="Resolution of a PNG, in dots per inch (Graphviz draws 96): 192 or more for slides.")
@click.option("--width", "width", type=click.FloatRange(min=1), default=None, metavar="INCHES",
              help="Scale the drawing down to at most this many inches wide (a slide is 13.3).")
@click.option("--simulate", "simulated", is_flag=True,
              help="Simulate callers: edge width and % show the share of calls passing each way, "
                   "goal nodes how many of their intent's callers get there.")
@caller_options("With --simulate: ", patience=0.0,
                patience_note=" 0 makes the flows exact (other values: Monte Carlo).")
@config_options
@from_option
@click.pass_context
def render_command(ctx: click.Context, files: tuple[str, ...], output: str, clusters: bool, focus: str | None,
                   depth: int | None, legend: bool, dpi: float | None, width: float | None, simulated: bool,
                   calls: int, seed: int, accuracy: float, speech_accuracy: float, no_input: float, patience: float,
                   words_per_minute: float | None, config_file: str | None, isolated: bool,
                   source_format: str | None) -> None:
    """Draw a menu as a diagram, with its findings; several files: the IVR their flows form.

    FILE is a menu file, or REV:PATH read from git (as for ivr diff).
    Nodes are shaped and coloured by type; nodes with findings have a border
    in their worst severity's colour (error red, warning orange, info blue)
    and list the rules; menus from which no person can be reached are shaded;
    each inescapable loop is framed in red; a dead end has a red dashed edge
    to the system disconnect; nodes the start cannot reach come after the
    rest. Option edges show key and label, no-input, wrong-key and
    retries-out edges are dashed grey. With --simulate, goals are filled by
    the share of their callers resolved (red under 50%, green from 90%). A
    compact legend under the title explains what the drawing shows. Exit status: 0 drawn, 2 bad input or usage, or no
    Graphviz to draw an image with.

    \b
    Examples:
      ivr render menus/bank.yaml -o reports/bank.svg
      ivr render menus/bank.yaml -o reports/bank.png --simulate
      ivr render menus/telecom.yaml -o reports/telecom.pdf --clusters
      ivr render menus/telecom.yaml -o reports/billing.svg --focus billing --depth 1
      ivr render menus/bank.yaml -o reports/bank.dot      (no Graphviz needed)
      ivr render contact_flows/*.json -o estate.svg        (a frame per flow)
      ivr render contact_flows/*.json -o billing.svg --focus billing
      ivr render menus/bank.yaml -o slide.png --dpi 200 --width 13 --no-legend
    """
    if depth is not None and focus is None:
        raise click.UsageError("--depth applies only with --focus NODE")
    if not simulated:
        given = [name for name in _SIMULATION_OPTIONS
                 if ctx.get_parameter_source(name) is not click.core.ParameterSource.DEFAULT]
        if given:
            flags = ", ".join("--" + name.replace("_", "-") for name in given)
            raise click.UsageError(f"{flags} applies only with --simulate")
    callers = Callers(accuracy, no_input, patience, words_per_minute, speech_accuracy) if simulated else None
    sys.exit(run_render(files, output, clusters=clusters, focus=focus, depth=2 if depth is None else depth,
                        callers=callers, calls=calls, seed=seed, config=read_config(config_file, isolated),
                        source_format=source_format, legend=legend, dpi=dpi, width=width))

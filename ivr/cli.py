"""The ``ivr`` command line (stage 5). Only this module knows exit codes and terminals.

Exit status: 0 nothing at or above ``--fail-on`` was found; 1 something was;
2 bad input (a menu file that cannot be read) or bad usage.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path

import click

from ivr import __version__
from ivr.config import Config, discover, load_config
from ivr.compare.diff import Thresholds, compare, regressions
from ivr.model.errors import InvalidConfig, InvalidMenu
from ivr.graph.build import build_graph
from ivr.rules.runner import FileResult, check_file, lint
from ivr.formats.native.loader import load_menu
from ivr.present import github as github_output
from ivr.present import json as json_output
from ivr.present import junit as junit_output
from ivr.present import sarif as sarif_output
from ivr.present import text as text_output
from ivr.present import diagram as diagram_output
from ivr.present import simulation as simulation_output
from ivr.present import report as report_output
from ivr.present import diff as diff_output
from ivr.present import write_atomic as _write_text
from ivr.present import write_atomic_bytes as _write_bytes
from ivr.rules.api import documentation, summary
from ivr.rules.registry import REGISTRY
from ivr.simulation import METHODS, Callers, SimulationError, simulate
from ivr.simulation.flows import edge_flows
from ivr.formats.reading import load_source
from ivr.formats.native.validate import schema
from ivr.model.words import did_you_mean

EXIT_OK, EXIT_FOUND, EXIT_BAD_INPUT = 0, 1, 2


class CannotWrite(click.ClickException):
    """An output file or folder that cannot be written: a clear message, exit status 2."""

    exit_code = EXIT_BAD_INPUT


def _writing(write, path, content) -> None:
    try:
        write(path, content)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise CannotWrite(f"cannot write {path}: {reason}; check that its folder exists and is writable") from None


def write_atomic(path, text: str) -> None:
    _writing(_write_text, path, text)


def write_atomic_bytes(path, data: bytes) -> None:
    _writing(_write_bytes, path, data)


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CannotWrite(f"cannot create the folder {folder}: {exc.strerror or exc}") from None


MENU_SUFFIXES = (".yaml", ".yml")

#: ``ivr check``'s formats besides text: each module's ``format_results(results)`` writes the whole report.
CHECK_FORMATS = {"json": json_output, "sarif": sarif_output, "junit": junit_output, "github": github_output}

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def menu_files(paths: Iterable[str]) -> tuple[list[str], list[str]]:
    """The menu files named by ``paths``: files as given, every *.yaml/*.yml below a folder.

    Returns (files, folders that hold no menu file). Hidden folders and files
    are skipped (``.ivr.yaml`` is a configuration, not a menu).
    """
    files: list[str] = []
    empty: list[str] = []
    for path in paths:
        if not os.path.isdir(path):
            files.append(path)
            continue
        found = []
        for folder, subfolders, names in os.walk(path):
            subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
            found.extend(os.path.join(folder, n) for n in sorted(names)
                         if n.endswith(MENU_SUFFIXES) and not n.startswith("."))
        if found:
            files.extend(found)
        else:
            empty.append(path)
    return list(dict.fromkeys(files)), empty


class BadConfig(click.ClickException):
    """A configuration file that cannot be used: its errors as ``file:line:col: ...``, exit status 2."""

    exit_code = EXIT_BAD_INPUT

    def show(self, file=None) -> None:
        click.echo(self.message, err=True)


def read_config(path: str | None = None, isolated: bool = False) -> Config:
    """The configuration: ``path`` when given, none with ``isolated``, else the one found from here upwards."""
    if isolated:
        return Config()
    try:
        return load_config(path) if path else discover(".")
    except InvalidConfig as exc:
        raise BadConfig("\n".join(str(e) for e in exc.errors)) from None


def _rule_ids(ctx: click.Context, param: click.Parameter, value: str | None) -> tuple[str, ...] | None:
    """``--select``/``--ignore``: comma-separated rule ids, each one known."""
    if value is None:
        return None
    ids = tuple(v.strip() for v in value.split(",") if v.strip())
    for rule_id in ids:
        if rule_id not in REGISTRY and not (rule_id == "all" and param.name == "select"):
            raise click.BadParameter(f"unknown rule '{rule_id}'{did_you_mean(rule_id, REGISTRY)}; "
                                     "'ivr rules' lists them all")
    return ids


def config_options(function):
    """``--config FILE`` and ``--isolated``, for every command that runs the rules."""
    function = click.option("--isolated", is_flag=True,
                            help="Use no configuration file: every rule with its defaults.")(function)
    return click.option("--config", "config_file", type=click.Path(exists=True, dir_okay=False),
                        help="Read the configuration from this file instead of searching for .ivr.yaml, "
                             "pyproject.toml [tool.ivr] or setup.cfg [ivr] from here upwards.")(function)


def _use_color(option: bool | None) -> bool:
    if option is not None:
        return option
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


def run_check(paths: Iterable[str], fmt: str, fail_on: str | None, color: bool, output: str | None,
              config: Config | None = None) -> int:
    """``ivr check``: report on every menu file; return the exit status.

    ``config`` says which rules run and how (default: every rule as shipped);
    ``fail_on``, when given, overrides its ``fail-on``.
    """
    config = (config or Config()).with_options(fail_on=fail_on)
    files, empty = menu_files(paths)
    if empty:
        for folder in empty:
            click.echo(f"{folder}: no menu files (*.yaml, *.yml) in this folder; pass a menu file "
                       "or a folder that holds some", err=True)
        return EXIT_BAD_INPUT
    settings = {f: config.settings_for(f) for f in files}
    results: list[FileResult] = [check_file(f, settings[f].rules) for f in files]
    if fmt in CHECK_FORMATS:
        report = CHECK_FORMATS[fmt].format_results(results)
    else:
        errors = text_output.format_errors(results)
        if errors:
            click.echo(errors, err=True)
        body = text_output.format_findings(results, color and output is None)
        tail = text_output.format_summary(results, color and output is None)
        report = f"{body}\n{tail}" if body else tail
    if output:
        write_atomic(output, report + "\n")
    else:
        click.echo(report, color=color)
    if any(r.errors for r in results):
        return EXIT_BAD_INPUT
    found = any(settings[r.file].fails(f.severity) for r in results for f in r.findings)
    return EXIT_FOUND if found else EXIT_OK


def _load_all(files: Iterable[str]) -> list | None:
    """Every file's menu; ``None`` after saying each error of every file that does not load."""
    menus, bad = [], False
    for file in files:
        try:
            menus.append(load_menu(file))
        except InvalidMenu as exc:
            click.echo("\n".join(str(e) for e in exc.errors), err=True)
            bad = True
    return None if bad else menus


def run_simulate(files: Iterable[str], callers: Callers, method: str, calls: int, seed: int, fmt: str,
                 output: str | None, progress: bool | None = None) -> int:
    """``ivr simulate``: simulate callers through each menu; return the exit status."""
    menus = _load_all(files)
    if menus is None:
        return EXIT_BAD_INPUT
    results = {}
    if progress is None:  # a bar on a terminal, for runs long enough to want one
        progress = sys.stderr.isatty() and calls >= 200_000
    show_progress = progress and not (method == "exact" or (method == "auto" and callers.unlimited_patience))
    for menu in menus:
        graph = build_graph(menu)
        try:
            if show_progress:
                with click.progressbar(length=calls, label=f"Simulating {menu.file}", file=sys.stderr) as bar:
                    results[menu.file] = simulate(graph, callers, method, calls, seed, bar.update)
            else:
                results[menu.file] = simulate(graph, callers, method, calls, seed)
        except SimulationError as exc:
            click.echo(f"ivr simulate: {exc}", err=True)
            return EXIT_BAD_INPUT
    if fmt == "json":
        report = simulation_output.format_json(results)
    else:
        report = "\n\n".join(simulation_output.format_table(m.name, m.file, results[m.file]) for m in menus)
    if output:
        write_atomic(output, report + "\n")
    else:
        click.echo(report)
    return EXIT_OK


def run_render(file: str, output: str, *, clusters: bool = False, focus: str | None = None, depth: int = 2,
               callers: Callers | None = None, calls: int = 100_000, seed: int = 0,
               config: Config | None = None) -> int:
    """``ivr render``: draw a menu with its findings (and, given ``callers``, simulated flows) to ``output``.

    The format comes from ``output``'s extension (checked by the caller).
    """
    fmt = diagram_output.FORMATS[Path(output).suffix.lower()]
    menus = _load_all([file])
    if menus is None:
        return EXIT_BAD_INPUT
    graph = build_graph(menus[0])
    if focus is not None and focus not in graph:
        click.echo(f"ivr render: no node '{focus}' in {file}{did_you_mean(focus, graph)}", err=True)
        return EXIT_BAD_INPUT
    flows = goals = None
    if callers is not None:  # "auto" always applies: exact with unlimited patience, else Monte Carlo
        goals = diagram_output.goal_rates(graph, simulate(graph, callers, "auto", calls, seed))
        flows = edge_flows(graph, callers, calls, seed)
    findings = lint(graph, (config or Config()).settings_for(file).rules)
    dot = diagram_output.diagram(graph, findings, flows=flows, goals=goals, clusters=clusters, focus=focus,
                                 depth=depth)
    try:
        data = diagram_output.render(dot, fmt)
    except diagram_output.DotNotFound:
        click.echo(f"ivr render: drawing .{fmt} needs Graphviz's 'dot' program, which is not installed "
                   "(or not on PATH); install it (Debian/Ubuntu: apt-get install graphviz), "
                   "or write a .dot file, which needs no Graphviz", err=True)
        return EXIT_BAD_INPUT
    except diagram_output.DotFailed as exc:
        click.echo(f"ivr render: Graphviz's 'dot' failed to draw {output}: {exc}", err=True)
        return EXIT_BAD_INPUT
    try:
        write_atomic_bytes(output, data)
    except OSError as exc:
        click.echo(f"ivr render: cannot write {output}: {exc.strerror or exc}", err=True)
        return EXIT_BAD_INPUT
    return EXIT_OK


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
               config: Config | None = None) -> int:
    """``ivr report``: a self-contained HTML page per menu (and an index over several); return the exit status.

    Nothing is written unless every menu loads and every diagram can be drawn.
    """
    from ivr.present.charts import outcome_chart, time_chart  # matplotlib: only when reporting

    files, empty = menu_files(paths)
    for folder in empty:
        click.echo(f"{folder}: no menu files (*.yaml, *.yml) in this folder", err=True)
    menus = _load_all(files)
    if menus is None or empty:
        return EXIT_BAD_INPUT
    pages = []
    for menu, folder in zip(menus, _report_folders([m.file for m in menus])):
        graph = build_graph(menu)
        findings = lint(graph, (config or Config()).settings_for(menu.file).rules)
        simulation = simulate(graph, callers, "auto", calls, seed)
        dot = diagram_output.diagram(graph, findings, flows=edge_flows(graph, callers, calls, seed),
                                     goals=diagram_output.goal_rates(graph, simulation))
        try:
            svg = diagram_output.render(dot, "svg").decode("utf-8")
        except diagram_output.DotNotFound:
            click.echo("ivr report: the diagrams need Graphviz's 'dot' program, which is not installed "
                       "(or not on PATH); install it (Debian/Ubuntu: apt-get install graphviz)", err=True)
            return EXIT_BAD_INPUT
        pages.append(report_output.MenuReport(menu.name, menu.file, folder, findings, simulation, svg,
                                              [outcome_chart(simulation), time_chart(simulation)]))
    for page in pages:
        folder = Path(output) / page.folder
        _make_folder(folder)
        write_atomic(folder / "index.html", report_output.menu_page(page))
        write_atomic(folder / "findings.json",
                     json_output.format_results([FileResult(page.file, page.findings, [], page.name)]) + "\n")
        write_atomic(folder / "simulation.json", simulation_output.format_json({page.file: page.simulation}) + "\n")
        click.echo(f"{page.file}: {folder / 'index.html'}")
    if len(pages) > 1:
        write_atomic(Path(output) / "index.html", report_output.index_page(pages))
        click.echo(f"all menus: {Path(output) / 'index.html'}")
    return EXIT_OK


def run_diff(old: str, new: str, fmt: str, output: str | None, fail_on_regression: bool, thresholds: Thresholds,
             callers: Callers, calls: int, seed: int, config: Config | None = None) -> int:
    """``ivr diff``: compare two versions of a menu; return the exit status.

    OLD and NEW are files, or REV:PATH read from git. Exit 1 only with
    ``fail_on_regression`` and a regression; nothing is written when either
    side does not load.
    """
    menus, bad = [], False
    for source in (old, new):
        try:
            menus.append(load_source(source))
        except InvalidMenu as exc:
            click.echo("\n".join(str(e) for e in exc.errors), err=True)
            bad = True
    if bad:
        return EXIT_BAD_INPUT
    # both sides get the rules that apply to NEW (an old side read from git matches no override)
    settings = (config or Config()).settings_for(new if os.path.isfile(new) else None)
    diff = compare(menus[0], menus[1], callers, calls, seed, settings.rules)
    found = regressions(diff, thresholds)
    formats = {"text": diff_output.format_text, "json": diff_output.format_json,
               "markdown": diff_output.format_markdown}
    report = formats[fmt](diff, found)
    if output:
        write_atomic(output, report + "\n")
    else:
        click.echo(report)
    return EXIT_FOUND if fail_on_regression and found else EXIT_OK


def run_rules(rule_id: str | None) -> int:
    """``ivr rules [ID]``: list the rules, or print one rule's documentation."""
    if rule_id is None:
        width = max(map(len, REGISTRY))
        for rid, rule in REGISTRY.items():
            click.echo(f"{rid:<{width}}  {rule.SEVERITY.value:<7}  {summary(rule)}")
        return EXIT_OK
    rule = REGISTRY.get(rule_id)
    if rule is None:
        click.echo(f"unknown rule '{rule_id}'{did_you_mean(rule_id, REGISTRY)}; "
                   "'ivr rules' lists them all", err=True)
        return EXIT_BAD_INPUT
    click.echo(f"{rule_id} ({rule.SEVERITY.value})\n")
    click.echo(documentation(rule))
    return EXIT_OK


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", prog_name="ivr")
def cli() -> None:
    """Analyze IVR phone menus before they go live.

    \b
    Examples:
      ivr check menus/                 check every menu under menus/
      ivr check bank.yaml --format json
      ivr simulate bank.yaml           simulate callers through a menu
      ivr render bank.yaml -o bank.svg draw a menu with its findings
      ivr diff origin/main:menus/bank.yaml menus/bank.yaml
                                       what a change does to callers
      ivr rules                        list the rules
      ivr rules dead-end               explain one rule
      ivr config                       show the configuration in effect
    """


@cli.command(context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--format", "fmt", type=click.Choice(["text", *CHECK_FORMATS]), default="text", show_default=True,
              help="text: one finding a line, then a summary; json: for machines; sarif: SARIF 2.1.0 for "
                   "GitHub code scanning; junit: JUnit XML for CI test reports; github: GitHub Actions "
                   "annotations.")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]), default=None,
              help="Exit 1 when a finding of this severity or worse is found.  [default: the configuration's "
                   "fail-on, else error]")
@click.option("--select", callback=_rule_ids, metavar="IDS",
              help="Run only these rules (comma-separated ids, or all), instead of the configuration's select.")
@click.option("--ignore", callback=_rule_ids, metavar="IDS",
              help="Do not run these rules (comma-separated ids), on top of the configuration's ignore.")
@config_options
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="Write the report to this file (atomically) instead of standard output.")
@click.option("--color/--no-color", default=None,
              help="Colour the text output. Default: only on a terminal, never with NO_COLOR set.")
def check(paths: tuple[str, ...], fmt: str, fail_on: str | None, select, ignore, config_file, isolated,
          output: str | None, color: bool | None) -> None:
    """Check menu files for what hurts callers.

    PATHS are menu files, or folders searched for *.yaml and *.yml files.

    Which rules run, their severity and options, and --fail-on come from the
    configuration (.ivr.yaml, pyproject.toml [tool.ivr] or setup.cfg [ivr],
    searched from here upwards; 'ivr config' shows it); options given here
    win over it.

    Exit status: 0 nothing at or above --fail-on was found, 1 something was,
    2 a file could not be read as a menu (the message says where and why), a
    bad configuration, or the command was misused.

    \b
    Examples:
      ivr check menus/
      ivr check menus/bank.yaml --fail-on warning
      ivr check menus/ --format json -o reports/findings.json
      ivr check menus/ --format sarif -o ivr.sarif
      ivr check menus/ --format github     (in a GitHub Actions step)
    """
    config = read_config(config_file, isolated).with_options(select=select, ignore=ignore or ())
    sys.exit(run_check(paths, fmt, fail_on, _use_color(color), output, config))


_DEFAULT_CALLERS = Callers()
_FRACTION = click.FloatRange(0.0, 1.0)


def caller_options(prefix: str = "", patience: float = _DEFAULT_CALLERS.patience, patience_note: str = ""):
    """The simulator's options (calls, seed and the caller model), shared by every command that simulates."""

    def say(text: str) -> str:
        return prefix + text if prefix else text[0].upper() + text[1:]

    options = [
        click.option("--calls", type=click.IntRange(min=1), default=100_000, show_default=True,
                     help=say("Monte Carlo: calls to simulate, split between intents by share.")),
        click.option("--seed", type=int, default=0, show_default=True,
                     help=say("Monte Carlo: random seed (same seed, same answer).")),
        click.option("--accuracy", type=_FRACTION, default=_DEFAULT_CALLERS.accuracy, show_default=True,
                     help=say("chance that a caller presses the option on the fastest way to their goal.")),
        click.option("--no-input", "no_input", type=_FRACTION, default=_DEFAULT_CALLERS.no_input,
                     show_default=True, help=say("chance that a caller presses nothing at a menu or input.")),
        click.option("--patience", type=click.FloatRange(min=0), default=patience, show_default=True,
                     help=say("seconds before a caller presses the human option or hangs up; "
                              f"0 = unlimited.{patience_note}")),
        click.option("--words-per-minute", type=click.FloatRange(min=0, min_open=True), default=None,
                     help=say("speaking rate for prompts without a duration [default: per language].")),
    ]

    def decorate(function):
        for option in reversed(options):
            function = option(function)
        return function

    return decorate


@cli.command("simulate", context_settings=CONTEXT)
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@caller_options()
@click.option("--method", type=click.Choice(METHODS), default="auto", show_default=True,
              help="exact: solve the Markov chain (needs --patience 0); montecarlo: sample calls; "
                   "auto: exact where it applies.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="Write the result to this file (atomically) instead of standard output.")
@click.option("--progress/--no-progress", default=None,
              help="Show a progress bar on standard error. Default: on a terminal, from 200,000 calls.")
def simulate_command(files, calls, seed, accuracy, no_input, patience, words_per_minute, method, fmt, output,
                     progress):
    """Simulate callers with intents through menus.

    For each intent of each menu (or, without intents, callers who want a
    person): the share of callers who get what they called for, reach a
    person, give up or are cut off, the mean and 90th-percentile time to that
    outcome, and the menus heard. Exit status: 0 done, 2 bad input or usage.

    \b
    Examples:
      ivr simulate menus/bank.yaml
      ivr simulate menus/bank.yaml --calls 1000000 --seed 7 --format json
      ivr simulate menus/bank.yaml --patience 0 --method exact
      ivr simulate menus/bank.yaml --accuracy 0.8 --no-input 0.1
    """
    callers = Callers(accuracy, no_input, patience, words_per_minute)
    sys.exit(run_simulate(files, callers, method, calls, seed, fmt, output, progress))


def _diagram_file(ctx: click.Context, param: click.Parameter, value: str) -> str:
    suffix = Path(value).suffix.lower()
    if suffix not in diagram_output.FORMATS:
        known = ", ".join(diagram_output.FORMATS)
        raise click.BadParameter(f"'{value}' does not end in a known extension ({known}): it names the format")
    return value


_SIMULATION_OPTIONS = ("calls", "seed", "accuracy", "no_input", "patience", "words_per_minute")


@cli.command("render", context_settings=CONTEXT)
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, writable=True),
              callback=_diagram_file,
              help="The file to write (atomically); its extension names the format: .svg, .png, .pdf need "
                   "Graphviz's dot program, .dot does not.")
@click.option("--clusters", is_flag=True, help="Frame each sub-menu: a menu and the nodes only it leads to.")
@click.option("--focus", metavar="NODE", help="Draw only the nodes around NODE (see --depth).")
@click.option("--depth", type=click.IntRange(min=0), default=None,
              help="With --focus: draw the nodes NODE leads to, and those leading to it, "
                   "in at most this many steps.  [default: 2]")
@click.option("--simulate", "simulated", is_flag=True,
              help="Simulate callers: edge width and % show the share of calls passing each way, "
                   "goal nodes how many of their intent's callers get there.")
@caller_options("With --simulate: ", patience=0.0,
                patience_note=" 0 makes the flows exact (other values: Monte Carlo).")
@config_options
@click.pass_context
def render_command(ctx, file, output, clusters, focus, depth, simulated, calls, seed, accuracy, no_input, patience,
                   words_per_minute, config_file, isolated):
    """Draw a menu as a diagram, with its findings.

    Nodes are shaped and coloured by type; nodes with findings have a border
    in their worst severity's colour (error red, warning orange, info blue)
    and list the rules; menus from which no person can be reached are shaded;
    each inescapable loop is framed in red. Option edges show key and label,
    no-input, wrong-key and retries-out edges are dashed grey. A legend
    explains it all. Exit status: 0 drawn, 2 bad input or usage, or no
    Graphviz to draw an image with.

    \b
    Examples:
      ivr render menus/bank.yaml -o reports/bank.svg
      ivr render menus/bank.yaml -o reports/bank.png --simulate
      ivr render menus/telecom.yaml -o reports/telecom.pdf --clusters
      ivr render menus/telecom.yaml -o reports/billing.svg --focus billing --depth 1
      ivr render menus/bank.yaml -o reports/bank.dot      (no Graphviz needed)
    """
    if depth is not None and focus is None:
        raise click.UsageError("--depth applies only with --focus NODE")
    if not simulated:
        given = [name for name in _SIMULATION_OPTIONS
                 if ctx.get_parameter_source(name) is not click.core.ParameterSource.DEFAULT]
        if given:
            flags = ", ".join("--" + name.replace("_", "-") for name in given)
            raise click.UsageError(f"{flags} applies only with --simulate")
    callers = Callers(accuracy, no_input, patience, words_per_minute) if simulated else None
    sys.exit(run_render(file, output, clusters=clusters, focus=focus, depth=2 if depth is None else depth,
                        callers=callers, calls=calls, seed=seed, config=read_config(config_file, isolated)))


@cli.command("report", context_settings=CONTEXT)
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("-o", "--output", type=click.Path(file_okay=False, writable=True), default="reports",
              show_default=True, help="The folder to write the reports to.")
@caller_options()
@config_options
def report_command(paths, output, calls, seed, accuracy, no_input, patience, words_per_minute, config_file, isolated):
    """Write a report per menu that opens in any browser, offline.

    PATHS are menu files, or folders searched for *.yaml and *.yml files.
    For each menu, OUTPUT/<menu>/index.html holds a summary, the annotated
    diagram, the findings with the rules' documentation, the simulated
    callers per intent and charts of them; findings.json and simulation.json
    sit next to it. With several menus, OUTPUT/index.html lists them all.
    Exit status: 0 written, 2 bad input or usage (then nothing is written).

    \b
    Examples:
      ivr report menus/
      ivr report menus/bank.yaml -o build/reports
      ivr report menus/ --patience 0          (exact simulation)
    """
    callers = Callers(accuracy, no_input, patience, words_per_minute)
    sys.exit(run_report(paths, output, callers, calls, seed, read_config(config_file, isolated)))


_DEFAULT_THRESHOLDS = Thresholds()


@cli.command("diff", context_settings=CONTEXT)
@click.argument("old")
@click.argument("new")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text",
              show_default=True, help="text: for people; json: for machines; markdown: a pull-request comment.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
              help="Write the comparison to this file (atomically) instead of standard output.")
@click.option("--fail-on-regression", is_flag=True,
              help="Exit 1 when the change makes callers worse off (see the --max options).")
@click.option("--max-resolved-drop", type=_FRACTION, default=_DEFAULT_THRESHOLDS.resolved_drop, show_default=True,
              help="Regression: an intent's resolved rate drops by more than this (0.01 = 1 point).")
@click.option("--max-human-drop", type=_FRACTION, default=_DEFAULT_THRESHOLDS.human_drop, show_default=True,
              help="Regression: the reached-a-person rate of an intent served by a transfer drops by more than this.")
@click.option("--max-time-increase", type=click.FloatRange(min=0), default=_DEFAULT_THRESHOLDS.time_increase,
              show_default=True, help="Regression: an intent's mean time grows by more than this many seconds.")
@caller_options()
@config_options
def diff_command(old, new, fmt, output, fail_on_regression, max_resolved_drop, max_human_drop, max_time_increase,
                 calls, seed, accuracy, no_input, patience, words_per_minute, config_file, isolated):
    """Compare two versions of a menu: what changed, and what it does to callers.

    OLD and NEW are menu files, or REV:PATH read from git (PATH from the top
    of the repository, as git show takes it; an existing file of that name
    wins). Shows the nodes added, removed and changed; the findings
    introduced and fixed (matched by rule and node, not by line); and per
    intent the change in resolved rate, reached-a-person rate and mean time,
    simulated with the same callers, calls and seed on both sides, worst
    regression first.

    A regression is an intent whose resolved rate drops by more than
    --max-resolved-drop, whose reached-a-person rate drops by more than
    --max-human-drop (intents with a transfer among their goals only), whose
    mean time grows by more than --max-time-increase, or that resolved
    callers and is gone; or a new finding of severity error. A Monte Carlo rate drop counts
    only when it is also beyond 4 standard errors (the luck of the draw);
    --patience 0 simulates exactly.

    Exit status: 0 compared (whatever changed), 1 with --fail-on-regression
    and a regression, 2 bad input or usage (then nothing is written).

    \b
    Examples:
      ivr diff menus/telecom-before-review.yaml menus/telecom.yaml
      ivr diff origin/main:menus/bank.yaml menus/bank.yaml --fail-on-regression
      ivr diff HEAD~1:menus/bank.yaml menus/bank.yaml --format markdown -o comment.md
      ivr diff old.yaml new.yaml --patience 0 --max-time-increase 10 --max-resolved-drop 0.02
    """
    callers = Callers(accuracy, no_input, patience, words_per_minute)
    thresholds = Thresholds(max_resolved_drop, max_human_drop, max_time_increase)
    sys.exit(run_diff(old, new, fmt, output, fail_on_regression, thresholds, callers, calls, seed,
                      read_config(config_file, isolated)))


@cli.command(context_settings=CONTEXT)
@click.argument("rule_id", required=False)
def rules(rule_id: str | None) -> None:
    """List the rules, or explain the rule RULE_ID.

    \b
    Examples:
      ivr rules
      ivr rules no-path-to-human
    """
    sys.exit(run_rules(rule_id))


def run_config(config: Config, path: str | None, fmt: str) -> int:
    """``ivr config``: print the configuration in effect (for ``path``, with its overrides applied)."""
    import json

    import yaml

    effective = config.effective(path)
    if fmt == "json":
        click.echo(json.dumps(effective, indent=2, ensure_ascii=False))
    else:
        source = effective["config"] or "none found: the defaults"
        click.echo(f"# configuration: {source}" + (f"\n# for: {path}" if path else ""))
        click.echo(yaml.safe_dump(effective, sort_keys=False, allow_unicode=True, default_flow_style=None), nl=False)
    return EXIT_OK


@cli.command("config", context_settings=CONTEXT)
@click.argument("path", required=False, type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["yaml", "json"]), default="yaml", show_default=True)
@click.option("--fail-on", type=click.Choice(["error", "warning", "info", "never"]), default=None,
              help="As for ivr check: show the result of giving it.")
@click.option("--select", callback=_rule_ids, metavar="IDS", help="As for ivr check.")
@click.option("--ignore", callback=_rule_ids, metavar="IDS", help="As for ivr check.")
@config_options
def config_command(path, fmt, fail_on, select, ignore, config_file, isolated) -> None:
    """Print the configuration in effect: the file it comes from, fail-on, every rule
    that runs with its severity and options, the rules left out, and the overrides.

    With PATH (a menu file), the settings for that file, overrides applied.
    Exit status: 0, or 2 for a bad configuration (the message says where).

    \b
    Examples:
      ivr config
      ivr config menus/legacy/old.yaml
      ivr config --format json --select dead-end,slow-goal
    """
    config = read_config(config_file, isolated).with_options(select=select, ignore=ignore or (), fail_on=fail_on)
    sys.exit(run_config(config, path, fmt))


@cli.command("schema", context_settings=CONTEXT)
def schema_command() -> None:
    """Print the JSON Schema of the menu format, for editors.

    \b
    Example (VS Code with the YAML extension):
      ivr schema > ivr-menu.schema.json
      # then, first line of a menu file:
      # yaml-language-server: $schema=ivr-menu.schema.json
    """
    import json

    click.echo(json.dumps(schema(), indent=2, ensure_ascii=False))


def main() -> None:
    cli(prog_name="ivr")


__all__ = ["cli", "main", "run_check", "run_simulate", "run_render", "run_report", "run_diff", "run_rules",
           "run_config", "menu_files"]

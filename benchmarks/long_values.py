"""Are render, report, import and tests linear in the length of prompts and ids? Target: 40k / 10k <= 8.

Writes two menus alike but for the length of their values, ``--short`` (default 10,000) and
``--long`` (default 40,000) characters: ``--nodes`` menus in a row whose ids and prompts are
that long (a prompt of words, then one of backslashes and quotes, which the graphviz package
quoted in quadratic time), option labels, a branch condition, a queue name and the menu's
name as long. Then runs each command on both, in one process (``click``'s test runner, so
that start-up is paid once), alternating, ``--runs`` times after a first run to warm up, and
prints the median times and their ratio: about 4 when the work grows with the length of the
values, about 16 when it grows with its square. PASS when the ratio is at most 8 (between the
two). The load average is printed beside: compare runs made on a quiet machine.

    .venv/bin/python benchmarks/long_values.py [--short 10000] [--long 40000] [--nodes 10] [--runs 3]

The exit status is always 0: read the PASS/FAIL lines.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time

import yaml
from click.testing import CliRunner

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
if ROOT not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, ROOT)

from ivr.cli import cli  # noqa: E402

LIMIT = 8.0
COMMANDS = ("check", "render", "report", "import", "tests")


def menu(length: int, nodes: int) -> str:
    """The menu's YAML: ``nodes`` menus in a row, every id, prompt, label and name ``length`` characters long."""
    def node_id(i: int) -> str:
        return f"n{i}_" + "x" * (length - len(f"n{i}_"))

    words = ("Welcome to the line, " * (length // 21 + 1))[:length]
    slashes = ("\\" * (length // 2) + '"' + "\\" * length)[:length]
    built: dict = {}
    for i in range(nodes):
        built[node_id(i)] = {"type": "menu", "prompt": words if i % 2 == 0 else slashes, "options": {
            "1": {"label": "L" * length, "goto": node_id(i + 1) if i + 1 < nodes else "route"},
            "0": {"label": "an agent", "goto": "agents"}}}
    built["route"] = {"type": "branch", "branches": [{"when": "c" * length, "goto": "agents"}], "otherwise": "bye"}
    built["bye"] = {"type": "hangup", "prompt": "Thank you for calling, goodbye."}
    built["agents"] = {"type": "transfer", "queue": "q" * length, "prompt": "Thank you, connecting you now."}
    document = {"ivr": "N" * length, "start": node_id(0), "nodes": built}
    return yaml.safe_dump(document, allow_unicode=True, width=10**9, sort_keys=False)


def arguments(command: str, path: str, out: str) -> list[str]:
    if command == "check":
        return ["check", path, "-q"]
    if command == "render":
        return ["render", path, "-o", os.path.join(out, "menu.svg")]
    if command == "report":
        return ["report", path, "-o", os.path.join(out, "report")]
    if command == "import":
        return ["import", path, "-o", os.path.join(out, "imported.yaml")]
    return ["tests", path, "-o", os.path.join(out, "tests")]


def timed(runner: CliRunner, args: list[str]) -> float:
    started = time.perf_counter()
    result = runner.invoke(cli, args, catch_exceptions=False)
    elapsed = time.perf_counter() - started
    if result.exit_code not in (0, 1):  # 1: check found something
        raise SystemExit(f"ivr {' '.join(args[:1])} failed ({result.exit_code}):\n{result.output[-2000:]}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--short", type=int, default=10_000)
    parser.add_argument("--long", type=int, default=40_000)
    parser.add_argument("--nodes", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--commands", default=",".join(COMMANDS))
    args = parser.parse_args()
    lengths = (args.short, args.long)
    runner = CliRunner()
    print(f"values of {args.short:,} and {args.long:,} characters, {args.nodes} menus in a row; median of "
          f"{args.runs} runs, alternating, after one to warm up (load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())})")
    with tempfile.TemporaryDirectory() as folder:
        paths = {}
        for length in lengths:
            paths[length] = os.path.join(folder, f"values-{length}.yaml")
            with open(paths[length], "w", encoding="utf-8") as handle:
                handle.write(menu(length, args.nodes))
        for command in args.commands.split(","):
            times: dict[int, list[float]] = {length: [] for length in lengths}
            for run in range(args.runs + 1):
                for length in lengths:
                    out = os.path.join(folder, f"out-{command}-{length}-{run}")
                    os.makedirs(out)
                    elapsed = timed(runner, arguments(command, paths[length], out))
                    if run:
                        times[length].append(elapsed)
            short, long = (statistics.median(times[length]) for length in lengths)
            ratio = long / short
            verdict = "PASS" if ratio <= LIMIT else "FAIL"
            print(f"  {command:<7} {args.short // 1000}k: {short:6.2f} s   {args.long // 1000}k: {long:6.2f} s   "
                  f"ratio {ratio:5.1f} (linear ~{args.long / args.short:.0f}, quadratic "
                  f"~{(args.long / args.short) ** 2:.0f})   {verdict}")
    print(f"  (load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())})")


if __name__ == "__main__":
    main()

"""How long ``ivr check`` takes on one small menu as a whole process, next to yamllint on the same file.

Runs ``ivr check menus/bank.yaml`` and ``yamllint menus/bank.yaml`` (both from
this Python's ``bin`` folder: ``scripts/setup --test`` installs yamllint)
``--runs`` times each, alternating, and prints the median wall time and the
median CPU time (user + system, of the process and its children) of each, and
their ratios. Target: ``ivr check`` within 2x of yamllint. What dominates both
is start-up: the interpreter and the imports. ``ivr check`` imports only what
checking needs (not the simulator, numpy, scipy, matplotlib, Graphviz,
sarif-om or jsonschema; see tests/test_startup.py); this measures what that
buys. The exit status is always 0: read the PASS/FAIL line.

    .venv/bin/python benchmarks/startup.py [--runs 10] [--menu menus/bank.yaml]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.dirname(sys.executable)
TARGET = 2.0


def timed(command: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one run of ``command`` as a whole process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_utime + usage.ru_stime


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=10, help="runs of each command (default 10)")
    parser.add_argument("--menu", default="menus/bank.yaml", help="the menu file, from the top of the repository")
    args = parser.parse_args(argv)
    commands = {"ivr check": [os.path.join(BIN, "ivr"), "check", args.menu],
                "yamllint": [os.path.join(BIN, "yamllint"), args.menu]}
    for name, command in commands.items():
        if not os.path.exists(command[0]):
            print(f"{command[0]} is missing: run scripts/setup --test")
            return 0
        subprocess.run(command, cwd=ROOT, capture_output=True)  # warm the file cache and .pyc files
    results: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(max(args.runs, 1)):
        for name, command in commands.items():
            results[name].append(timed(command))
    print(f"start-up: {args.menu} as whole processes, median of {max(args.runs, 1)} runs each, alternating")
    medians = {}
    for name, runs in results.items():
        wall = statistics.median(w for w, _ in runs)
        cpu = statistics.median(c for _, c in runs)
        medians[name] = (wall, cpu)
        print(f"  {name:<10} wall {wall:6.3f} s   CPU {cpu:6.3f} s")
    wall_ratio = medians["ivr check"][0] / medians["yamllint"][0]
    cpu_ratio = medians["ivr check"][1] / medians["yamllint"][1]
    verdict = "PASS" if wall_ratio <= TARGET else "FAIL"
    print(f"  ratio      wall {wall_ratio:6.2f}x   CPU {cpu_ratio:6.2f}x   (target: wall <= {TARGET:g}x)  {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

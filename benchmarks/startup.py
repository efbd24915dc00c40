"""Start-up: ``ivr check`` on one small menu and ``ivr --version``, as whole processes, next to honest anchors.

Two targets, each the median over interleaved pairs of the ratio of CPU time
(user + system of the child process, from ``os.wait4``):

* ``ivr check menus/bank.yaml`` / ``yamllint menus/bank.yaml``: <= 1.5x
  (both parse one YAML file and check it; both are mostly start-up);
* ``ivr --version`` / ``python -c pass``: <= 3x (the interpreter alone, with
  the same ``site``: what any command costs before it does anything).

Each pair runs both commands one after the other, the order alternating from
pair to pair, so that a change in the machine's load hits both sides of a
ratio alike; the machine is shared, so its load average is printed beside the
figures. CPU time rather than wall time: waiting for a core that another
process holds is not start-up. Both ``ivr`` and ``yamllint`` come from this
Python's ``bin`` folder (``scripts/setup --test`` installs yamllint); one
warm-up run of each fills the file cache, the ``.pyc`` files and ivr's cache of
compiled validators (``~/.cache/ivr``) first. The exit status is always 0: read
the PASS/FAIL lines.

    .venv/bin/python benchmarks/startup.py [--pairs 21] [--menu menus/bank.yaml]

What each command imports is pinned by tests/cli/test_startup.py (no networkx,
numpy or platform reader where they are not needed); ``python -X importtime``
shows where the rest goes.
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


def cpu_time(command: list[str]) -> tuple[float, float, int]:
    """(CPU seconds, wall seconds, exit status) of one run of ``command`` as a whole process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_utime + usage.ru_stime, wall, process.returncode


def compare(name: str, measured: list[str], anchor: list[str], anchor_name: str, target: float,
            pairs: int) -> bool:
    """Run ``pairs`` interleaved pairs; print the medians, the median ratio and the verdict."""
    for command in (measured, anchor):
        cpu, _, status = cpu_time(command)  # warm-up
        if status not in (0, 1):
            print(f"  {' '.join(command)} failed (exit status {status}): nothing measured")
            return False
    ours: list[float] = []
    theirs: list[float] = []
    walls: list[tuple[float, float]] = []
    load_before = os.getloadavg()[0]
    for index in range(pairs):
        first_ours = index % 2 == 0
        runs = {}
        for which in ((True, False) if first_ours else (False, True)):
            runs[which] = cpu_time(measured if which else anchor)
        ours.append(runs[True][0])
        theirs.append(runs[False][0])
        walls.append((runs[True][1], runs[False][1]))
    load_after = os.getloadavg()[0]
    ratios = [a / b for a, b in zip(ours, theirs)]
    ratio = statistics.median(ratios)
    quartiles = statistics.quantiles(ratios, n=4) if len(ratios) > 1 else [ratio, ratio, ratio]
    verdict = "PASS" if ratio <= target else "FAIL"
    width = max(len(name), len(anchor_name))
    print(f"{name} / {anchor_name}: {pairs} interleaved pairs; CPU time (user + system) of each process")
    print(f"  {name:<{width}}  CPU median {statistics.median(ours) * 1000:6.1f} ms   "
          f"wall median {statistics.median(w for w, _ in walls) * 1000:6.1f} ms")
    print(f"  {anchor_name:<{width}}  CPU median {statistics.median(theirs) * 1000:6.1f} ms   "
          f"wall median {statistics.median(w for _, w in walls) * 1000:6.1f} ms")
    print(f"  ratio of CPU time, median of the pairs {ratio:5.2f}x (quartiles {quartiles[0]:.2f}-{quartiles[2]:.2f})"
          f"   target <= {target:g}x   {verdict}")
    print(f"  machine load (1-minute average, {os.cpu_count()} cores): {load_before:.2f} before, "
          f"{load_after:.2f} after")
    return ratio <= target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", type=int, default=21, help="interleaved pairs per target (default 21, at least 15)")
    parser.add_argument("--menu", default="menus/bank.yaml", help="the menu file, from the top of the repository")
    parser.add_argument("--ivr", default=os.path.join(BIN, "ivr"),
                        help="the ivr program to time (default: this Python's; another build, to compare)")
    args = parser.parse_args(argv)
    pairs = max(args.pairs, 15)
    ivr, yamllint = args.ivr, os.path.join(BIN, "yamllint")
    for program in (ivr, yamllint):
        if not os.path.exists(program):
            print(f"{program} is missing: run scripts/setup --test")
            return 0
    print(f"start-up of whole processes ({sys.executable})")
    check = compare(f"ivr check {args.menu}", [ivr, "check", args.menu], [yamllint, args.menu],
                    f"yamllint {args.menu}", 1.5, pairs)
    version = compare("ivr --version", [ivr, "--version"], [sys.executable, "-c", "pass"], "python -c pass", 3.0,
                      pairs)
    print(f"start-up: {'PASS' if check and version else 'FAIL'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Peak memory of `ivr simulate --patience 0` (the exact solver) against `retries`.

Issue 15: memory grew with the square of `retries` (818 MB at 10,000; a segfault at 30,000):
the chain had a state per try and the sparse LU filled in between them. Tries are now
folded into one state per menu for the exact solver, and `retries` is at most 100.

Each figure is the peak RSS of a whole `ivr simulate` process (ru_maxrss of the child), the
median of --repeat runs:

* the one-menu loop of the issue, with `retries` from 1 to 100: flat means the largest and
  the smallest differ by under 5%;
* the 10,000-node benchmark menu (benchmarks/generate.py) with every `retries` set to 3 and
  to 100: under 1 GiB.

    .venv/bin/python benchmarks/retries_memory.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate_menu  # noqa: E402

IVR = str(Path(sys.executable).parent / "ivr")
LOOP = """ivr: t
start: main
nodes:
  main:
    type: menu
    prompt: Welcome. Press 1 to repeat, 0 for an agent.
    options: {{"1": {{label: Repeat, goto: main}}, "0": {{label: Agent, goto: agents}}}}
    retries: {retries}
  agents: {{type: transfer, queue: q}}
"""


def peak_mib(path: str) -> float:
    """Peak RSS in MiB of one `ivr simulate --patience 0 PATH` process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    subprocess.run([IVR, "simulate", path, "--patience", "0", "--method", "exact"], check=True,
                   stdout=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss of children is the largest child so far: run each measurement in a fresh helper
    return max(after, before) / 1024


def measured(path: str, repeat: int) -> float:
    """The median peak over ``repeat`` fresh helper processes (each runs ivr once)."""
    peaks = []
    for _ in range(repeat):
        out = subprocess.run([sys.executable, __file__, "--one", path], check=True, capture_output=True, text=True)
        peaks.append(float(out.stdout))
    return statistics.median(peaks)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(peak_mib(args.one))
        return 0
    ok = True
    with tempfile.TemporaryDirectory() as folder:
        print("one-menu loop of issue 15, peak RSS (MiB, median of %d):" % args.repeat)
        peaks = {}
        for retries in (1, 3, 10, 30, 100):
            path = os.path.join(folder, f"loop-{retries}.yaml")
            Path(path).write_text(LOOP.format(retries=retries))
            peaks[retries] = measured(path, args.repeat)
            print(f"  retries {retries:>3}: {peaks[retries]:7.1f}")
        spread = max(peaks.values()) / min(peaks.values()) - 1
        flat = spread < 0.05
        ok &= flat
        print(f"  largest / smallest - 1 = {spread:.1%} (flat: < 5%) {'PASS' if flat else 'FAIL'}")
        print("10,000-node benchmark menu, peak RSS (MiB):")
        text = generate_menu(10_000, seed=0)
        for retries in (3, 100):
            path = os.path.join(folder, f"menu-{retries}.yaml")
            Path(path).write_text(re.sub(r"retries: \d+", f"retries: {retries}", text))
            peak = measured(path, max(1, args.repeat // 2))
            under = peak < 1024
            ok &= under
            print(f"  every retries {retries:>3}: {peak:7.1f} (< 1024) {'PASS' if under else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

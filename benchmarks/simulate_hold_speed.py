"""What hold time adds to the whole ``ivr simulate`` command, as a ratio measured in the same process.

Baseline: ``ivr simulate menu.yaml -o out.txt`` on the 1,000-node synthetic menu
(benchmarks/generate.py), the command's own code path (``run_simulate``): read the
menu, build the graph, simulate (Monte Carlo, 100,000 calls, default callers; and
exact, ``--patience 0``), format, write.

With hold time: the same command with ``--staffing staffing.yaml`` of 20 queues (the
20 busiest of the menu, by the simulation's own shares; 14 Erlang A and 6 Erlang C
queues, each staffed with the fewest agents for 80/20 at its share) at 3,000 calls
per hour: the simulation also records which queue each
call joins (Monte Carlo) or solves the absorption per queue (exact), the queues are
solved, hold times are sampled for the calls that reach a queue (Monte Carlo), and
the output gains the queue and hold tables. Target: under 10% more than the baseline.
Timings alternate baseline and staffed runs, best of N each.

    .venv/bin/python benchmarks/simulate_hold_speed.py [--seed 0] [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from generate import generate_menu  # noqa: E402

from ivr.cli.simulate import run_simulate  # noqa: E402
from ivr.pipeline.staffing import WhatIf  # noqa: E402
from ivr.simulation import Callers  # noqa: E402


def busiest_staffing(path: str, calls_per_hour: float, seed: int) -> str:
    """A staffing file for the menu's 20 busiest queues, each with the fewest agents for 80/20."""
    from ivr.formats.native.loader import load_menu
    from ivr.graph.build import build_graph
    from ivr.formats.native.staffing import parse_service_level
    from ivr.queues.staff import fewest_agents
    from ivr.simulation import simulate
    from ivr.simulation.hold import queue_shares

    shares = queue_shares(simulate(build_graph(load_menu(path)), Callers(patience=0), "exact", queues=True))
    busiest = sorted(shares, key=shares.get, reverse=True)[:20]
    rng = random.Random(seed)
    lines = [f"calls_per_hour: {calls_per_hour:g}", "service_level: 80/20", "queues:"]
    for i, queue in enumerate(busiest):
        handling = rng.choice([120, 180, 240, 300, 420, 600])
        patience = rng.choice([30, 60, 120, 300]) if i % 10 < 7 else None
        calls = max(calls_per_hour * shares[queue], 1e-6)
        agents, _ = fewest_agents(calls, handling, patience, parse_service_level("80/20"))
        lines.append(f"  {queue}: {{agents: {max(agents, 1)}, handling_time: {handling}, "
                     f"patience: {'none' if patience is None else patience}}}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=5, help="best of N for each timing")
    args = parser.parse_args(argv)
    worst = 0.0
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "menu-1000.yaml")
        text = generate_menu(1000, args.seed)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
        names = sorted(set(re.findall(r"queue: *([\w-]+)", text)))
        written = busiest_staffing(path, 3_000, args.seed)
        staffing = os.path.join(folder, "staffing.yaml")
        with open(staffing, "w", encoding="utf-8") as handle:
            handle.write(written)
        out = os.path.join(folder, "out.txt")
        print(f"1,000-node menu, {len(names)} queue names, 20 staffed at 3,000 calls per hour; "
              f"best of {args.repeat}")
        for label, callers in (("Monte Carlo, 100,000 calls", Callers()), ("exact", Callers(patience=0))):
            def plain() -> None:
                assert run_simulate([path], callers, "auto", 100_000, args.seed, "text", out) == 0

            def staffed() -> None:
                assert run_simulate([path], callers, "auto", 100_000, args.seed, "text", out,
                                    staffing=WhatIf(file=staffing)) == 0

            plain()  # warm up: imports, the schema's validator
            staffed()
            times: dict[str, list[float]] = {"plain": [], "staffed": []}
            for _ in range(args.repeat):
                for name, function in (("plain", plain), ("staffed", staffed)):
                    start = time.perf_counter()
                    function()
                    times[name].append(time.perf_counter() - start)
            base, more = min(times["plain"]), min(times["staffed"])
            added = more / base - 1
            worst = max(worst, added)
            print(f"  {label}: ivr simulate {base:.3f} s; with --staffing (20 queues) {more:.3f} s: +{added:.1%}")
    print(f"hold time adds {worst:.1%} to ivr simulate (target < 10%): {'PASS' if worst < 0.10 else 'FAIL'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

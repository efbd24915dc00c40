"""What the queue model adds to ``ivr simulate``, as a ratio measured in the same process.

Baseline: what ``ivr simulate menu.yaml`` does for the 1,000-node synthetic menu
(benchmarks/generate.py) with its defaults: load the menu, build the graph,
simulate 100,000 calls by Monte Carlo (default callers, patience 180 s).

Added: reading a staffing file of 20 queues and solving them
(``ivr.queues.figures.queue_figures``: per queue the Erlang A or C chain, P(wait),
P(abandon), the service level at 20 s, and the exact p90 of the answered wait and
of the hold, each p90 found by root-finding), given each queue's share of calls.
Target: the added time is under 10% of the baseline.

Two centres are measured: a mid-sized one (3,000 calls per hour, 3-40 agents per
queue) and a large one (60,000 calls per hour, up to ~1,000 agents per queue),
each with 14 queues whose callers hang up (Erlang A) and 6 whose callers do not
(Erlang C), staffed near the fewest agents for 80/20 so that queues are busy.

    .venv/bin/python benchmarks/queue_speed.py [--seed 0] [--repeat 5]
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

from ivr.formats.native.loader import load_menu  # noqa: E402
from ivr.graph.build import build_graph  # noqa: E402
from ivr.queues.figures import queue_figures  # noqa: E402
from ivr.formats.native.staffing import parse_service_level, read_staffing  # noqa: E402
from ivr.queues.staff import fewest_agents  # noqa: E402
from ivr.simulation import Callers, simulate  # noqa: E402


def simulate_menu(path: str, seed: int) -> None:
    """What ``ivr simulate PATH`` computes, with its defaults."""
    simulate(build_graph(load_menu(path)), Callers(), "auto", 100_000, seed)


def staffing_text(queues: list[str], calls_per_hour: float, seed: int) -> tuple[str, dict[str, float]]:
    """A staffing file for ``queues`` and each queue's share of the calls (they add up to 0.9)."""
    rng = random.Random(seed)
    weights = [rng.uniform(0.2, 1.0) for _ in queues]
    shares = {q: 0.9 * w / sum(weights) for q, w in zip(queues, weights)}
    target = parse_service_level("80/20")
    lines = [f"calls_per_hour: {calls_per_hour:g}", "service_level: 80/20", "queues:"]
    for i, queue in enumerate(queues):
        handling = rng.choice([120, 180, 240, 300, 420, 600])
        patience = rng.choice([30, 60, 120, 300]) if i < 14 else None
        needed, _ = fewest_agents(calls_per_hour * shares[queue], handling, patience, target)
        load = calls_per_hour * shares[queue] * handling / 3600
        agents = needed - rng.randint(0, 2)
        agents = max(agents, int(load) + 1) if patience is None else max(agents, 1)
        written = "none" if patience is None else patience
        lines.append(f"  {queue}: {{agents: {agents}, handling_time: {handling}, patience: {written}}}")
    return "\n".join(lines) + "\n", shares


def best(function, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=5, help="best of N for each timing")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "menu-1000.yaml")
        text = generate_menu(1000, args.seed)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
        names = sorted(set(re.findall(r"queue: *([\w-]+)", text)))
        queues = random.Random(args.seed).sample(names, 20) if len(names) >= 20 else names
        baseline = best(lambda: simulate_menu(path, args.seed), args.repeat)
        print(f"ivr simulate, 1,000-node menu, 100,000 calls (load, graph, Monte Carlo): {baseline:.3f} s "
              f"(best of {args.repeat}); {len(names)} queue names in the menu, {len(queues)} staffed")
        worst = 0.0
        for centre, calls in (("mid-sized centre", 3_000), ("large centre", 60_000)):
            written, shares = staffing_text(queues, calls, args.seed)
            raw = written.encode()
            staffing = read_staffing(raw, "staffing.yaml")
            agents = [q.agents for q in staffing.queues.values()]
            solve_only = best(lambda: queue_figures(shares, staffing), args.repeat * 4)
            with_file = best(lambda: queue_figures(shares, read_staffing(raw, "staffing.yaml")), args.repeat * 4)
            line = queue_figures(shares, staffing)
            ratio = with_file / baseline
            worst = max(worst, ratio)
            levels = [f.service_level for f in line.queues.values()]
            print(f"  {centre}: {calls:,} calls per hour, {min(agents)}-{max(agents)} agents per queue, "
                  f"service level at 20 s {min(levels):.1%}-{max(levels):.1%}")
            print(f"    solve 20 queues: {solve_only * 1000:.1f} ms; read the staffing file and solve: "
                  f"{with_file * 1000:.1f} ms = {ratio:.2%} of ivr simulate")
        print(f"queue solve adds {worst:.2%} to ivr simulate (target < 10%): {'PASS' if worst < 0.10 else 'FAIL'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

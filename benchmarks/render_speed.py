"""How long ``ivr render`` takes to draw a 1,000-node menu as SVG (target: within 30 s).

Generates the synthetic menu (benchmarks/generate.py), then times what
``ivr render menu.yaml -o menu.svg`` does, by stage: loading and linting,
building the DOT, and Graphviz's ``dot`` laying it out and drawing the SVG.
It does the same with ``--clusters`` and with ``--simulate``, and prints
PASS/FAIL for each against the target, best of ``--repeat`` runs. Not a
timed test: the time depends on the machine (and on what else runs on it).

    .venv/bin/python benchmarks/render_speed.py [--nodes 1000] [--seed 0] [--target 30] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from generate import generate_menu  # noqa: E402

from ivr.graph.build import build_graph  # noqa: E402
from ivr.rules.runner import lint  # noqa: E402
from ivr.formats.native.loader import load_menu  # noqa: E402
from ivr.present.diagram import diagram, goal_rates, render  # noqa: E402
from ivr.simulation import Callers, simulate  # noqa: E402
from ivr.simulation.flows import edge_flows  # noqa: E402


def run(path: str, clusters: bool = False, simulated: bool = False) -> dict[str, float]:
    times = {}
    start = time.perf_counter()
    graph = build_graph(load_menu(path))
    findings = lint(graph)
    times["load + lint"] = time.perf_counter() - start
    flows = goals = None
    if simulated:
        start = time.perf_counter()
        callers = Callers(patience=0)
        goals = goal_rates(graph, simulate(graph, callers))
        flows = edge_flows(graph, callers)
        times["simulate + flows"] = time.perf_counter() - start
    start = time.perf_counter()
    dot = diagram(graph, findings, flows=flows, goals=goals, clusters=clusters)
    times["build DOT"] = time.perf_counter() - start
    start = time.perf_counter()
    svg = render(dot, "svg")
    times["dot -Tsvg"] = time.perf_counter() - start
    times["svg bytes"] = len(svg)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--nodes", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--target", type=float, default=30.0, help="seconds (default 30)")
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs (default 3)")
    args = parser.parse_args(argv)
    if shutil.which("dot") is None:
        print("Graphviz's dot program is not installed: apt-get install graphviz")
        return 2
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, f"menu-{args.nodes}.yaml")
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(generate_menu(args.nodes, args.seed))
        graph = build_graph(load_menu(path))
        print(f"ivr render of a {args.nodes:,}-node synthetic menu ({graph.number_of_edges():,} edges) to SVG, "
              f"target {args.target:g} s, best of {max(args.repeat, 1)}")
        for label, options in (("plain", {}), ("--clusters", {"clusters": True}),
                               ("--simulate", {"simulated": True})):
            runs = [run(path, **options) for _ in range(max(args.repeat, 1))]
            times = min(runs, key=lambda t: sum(v for k, v in t.items() if k != "svg bytes"))
            total = sum(v for k, v in times.items() if k != "svg bytes")
            parts = ", ".join(f"{k} {v:.2f} s" for k, v in times.items() if k != "svg bytes")
            verdict = "PASS" if total <= args.target else "FAIL"
            print(f"  {label:<11} {total:6.2f} s  ({parts}; {times['svg bytes'] / 1e6:.1f} MB)  {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""How long ``ivr render`` takes to draw a 1,000-node menu as SVG (target: within 30 s).

Generates the synthetic menu (benchmarks/generate.py), then times what
``ivr render menu.yaml -o menu.svg`` does, by stage: loading and linting,
building the DOT, and Graphviz's ``dot`` laying it out and drawing the SVG.
It does the same with ``--clusters`` and with ``--simulate``, and prints
PASS/FAIL for each against the target, best of ``--repeat`` runs. Not a
timed test: the time depends on the machine (and on what else runs on it).

Then the simulation a diagram needs (``render --simulate``, ``report``), on
``menus/bank.yaml`` (8 intents) and on the synthetic menu (no intents: one
implied), exact (``--patience 0``, render's default) and Monte Carlo
(``--patience 180``, report's default, 100,000 calls): one run giving both the
goal rates and the edge flows (``simulate(..., flows=True)``, what ivr does
now) against the two runs ivr made before (``simulate()``, then the edge flows
again with the chains compiled again and the full call count per intent),
with the speed-up.

    .venv/bin/python benchmarks/render_speed.py [--nodes 1000] [--seed 0] [--target 30] [--repeat 3]
    .venv/bin/python benchmarks/render_speed.py --simulation-only --repeat 5   # the second table only
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

from collections import defaultdict  # noqa: E402

import numpy as np  # noqa: E402

from ivr.graph.build import build_graph  # noqa: E402
from ivr.rules.runner import lint  # noqa: E402
from ivr.formats.native.loader import load_menu  # noqa: E402
from ivr.present.diagram import diagram, goal_rates, render  # noqa: E402
from ivr.simulation import Callers, intents_of, simulate  # noqa: E402
from ivr.simulation import exact, montecarlo  # noqa: E402
from ivr.simulation.chain import compile_chains  # noqa: E402

BANK = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "menus", "bank.yaml")


def run(path: str, clusters: bool = False, simulated: bool = False) -> dict[str, float]:
    times = {}
    start = time.perf_counter()
    graph = build_graph(load_menu(path))
    findings = lint(graph)
    times["load + lint"] = time.perf_counter() - start
    flows = goals = None
    if simulated:
        start = time.perf_counter()
        simulation = simulate(graph, Callers(patience=0), flows=True)  # one run for both, as ivr render does
        goals, flows = goal_rates(graph, simulation), simulation.edge_flows()
        times["simulate + flows"] = time.perf_counter() - start
    start = time.perf_counter()
    dot = diagram(graph, findings, flows=flows, goals=goals, clusters=clusters)
    times["build DOT"] = time.perf_counter() - start
    start = time.perf_counter()
    svg = render(dot, "svg")
    times["dot -Tsvg"] = time.perf_counter() - start
    times["svg bytes"] = len(svg)
    return times


def two_runs(graph, callers: Callers, calls: int = 100_000, seed: int = 0) -> tuple[object, dict]:
    """What ivr did before one run gave both: ``simulate()``, then the edge flows as ``flows.edge_flows``
    computed them (chains compiled again; exact visits, or ``calls`` Monte Carlo calls for every intent)."""
    simulation = simulate(graph, callers, "auto", calls, seed)
    intents, _ = intents_of(graph)
    total = sum(i.share for i in intents.values())
    chains = compile_chains(graph, [[g.target for g in i.goals] for i in intents.values()], callers)
    rng = np.random.default_rng(seed)
    flows: dict = defaultdict(float)
    for intent, chain in zip(intents.values(), chains):
        if chain.size == 0:
            continue
        if callers.unlimited_patience:
            passes = np.repeat(exact.visits(chain), np.diff(chain.indptr)) * chain.probability
        else:
            taken = np.zeros(len(chain.target))
            montecarlo.run(chain, calls, rng, callers.patience, taken=taken)
            passes = taken / calls
        sources = np.repeat(np.arange(chain.size), np.diff(chain.indptr))
        for j in np.flatnonzero(passes > 0):
            flows[chain.states[sources[j]][0], chain.arrival[j]] += intent.share / total * float(passes[j])
    return simulation, dict(flows)


def one_run(graph, callers: Callers, calls: int = 100_000, seed: int = 0) -> tuple[object, dict]:
    simulation = simulate(graph, callers, "auto", calls, seed, flows=True)
    return simulation, simulation.edge_flows()


def best(function, repeat: int, *args) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function(*args)
        times.append(time.perf_counter() - start)
    return min(times)


def compare_simulations(menus: list[tuple[str, str]], repeat: int) -> None:
    print(f"simulation for a diagram: goal rates and edge flows, best of {repeat}")
    print(f"  {'menu':<22} {'callers':<30} {'two runs (before)':>18} {'one run (now)':>14} {'speed-up':>9}")
    for label, path in menus:
        graph = build_graph(load_menu(path))
        for words, callers in (("exact (--patience 0)", Callers(patience=0)),
                               ("Monte Carlo (--patience 180)", Callers(patience=180))):
            before = best(two_runs, repeat, graph, callers)
            now = best(one_run, repeat, graph, callers)
            print(f"  {label:<22} {words:<30} {before:16.3f} s {now:12.3f} s {before / now:8.1f}x")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--nodes", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--target", type=float, default=30.0, help="seconds (default 30)")
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs (default 3)")
    parser.add_argument("--simulation-only", action="store_true",
                        help="skip the drawings (Graphviz): time only the simulation a diagram needs")
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
        variants = () if args.simulation_only else (("plain", {}), ("--clusters", {"clusters": True}),
                                                     ("--simulate", {"simulated": True}))
        for label, options in variants:
            runs = [run(path, **options) for _ in range(max(args.repeat, 1))]
            times = min(runs, key=lambda t: sum(v for k, v in t.items() if k != "svg bytes"))
            total = sum(v for k, v in times.items() if k != "svg bytes")
            parts = ", ".join(f"{k} {v:.2f} s" for k, v in times.items() if k != "svg bytes")
            verdict = "PASS" if total <= args.target else "FAIL"
            print(f"  {label:<11} {total:6.2f} s  ({parts}; {times['svg bytes'] / 1e6:.1f} MB)  {verdict}")
        compare_simulations([("menus/bank.yaml", BANK), (f"synthetic {args.nodes:,} nodes", path)],
                            max(args.repeat, 1))
    return 0


if __name__ == "__main__":
    sys.exit(main())

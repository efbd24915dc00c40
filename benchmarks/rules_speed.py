"""How fast are the rules on large menus, and do they grow linearly? (issue 25, item 2)

For synthetic menus made by ``benchmarks/generate.py`` (default 10,000 and
100,000 nodes) it prints each rule's CPU time (median of ``--repeat`` runs),
the growth exponent of each rule and of the total from the smallest to the
largest size (``log(t_large / t_small) / log(n_large / n_small)``; 1.0 is
linear, target <= 1.1), and the total at the largest size against the target
(<= 2 s of CPU at 100,000 nodes).

Anchor: ``build_graph`` of the same menu, built once per run in this process
(the graph the rules then read). Each run builds a fresh graph, so the
analyses that several rules share (``once_per_graph``) are worked out in every
run, charged to the first rule that asks for them, in the registry's order
(the linter's). The collector is paused while timing, as ``ivr`` does.
Times are CPU seconds of this process (``time.process_time``); the machine's
load average is printed beside them. The exit status is always 0: read the
PASS/FAIL lines.

Time is not work: ``tests/rules/test_rules_linear.py`` counts each rule's
work (lines of Python run) at n and 8n nodes and holds it linear. The times'
exponents here are higher for the rules that pay a shared analysis (a search
of the whole graph, Dijkstra, the index): a plain breadth-first search takes
about 15 times as long on 10 times the nodes on this machine, its dicts and
sets no longer fitting in the processor's caches.

    .venv/bin/python benchmarks/rules_speed.py                 # 10k and 100k nodes, 3 runs, about 2 minutes
    .venv/bin/python benchmarks/rules_speed.py --repeat 5
    .venv/bin/python benchmarks/rules_speed.py --sizes 1000 10000
"""

from __future__ import annotations

import argparse
import gc
import math
import os
import statistics
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
if ROOT not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, ROOT)
if HERE not in sys.path:
    sys.path.insert(0, HERE)

TOTAL_TARGET_SECONDS = 2.0
TOTAL_TARGET_NODES = 100_000
GROWTH_TARGET = 1.1
#: below this many seconds at the smallest size a rule's exponent is noise, not growth
NOISE_FLOOR = 0.002


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _run_once(menu) -> tuple[float, dict[str, float]]:
    """(seconds to build the graph, seconds of each rule), CPU time, collector paused."""
    from ivr.graph.build import build_graph
    from ivr.rules.registry import REGISTRY, default_settings

    settings = default_settings()
    gc.collect()
    gc.disable()
    try:
        start = time.process_time()
        graph = build_graph(menu)
        built = time.process_time() - start
        times: dict[str, float] = {}
        for rule_id, rule in REGISTRY.items():
            start = time.process_time()
            for _ in rule.check(graph, settings[rule_id].options):
                pass
            times[rule_id] = time.process_time() - start
    finally:
        gc.enable()
    del graph
    gc.collect()
    return built, times


def measure(path: str, repeat: int) -> tuple[float, dict[str, float]]:
    """Medians over ``repeat`` runs of the anchor and of each rule on the menu at ``path``."""
    from ivr.formats.native.loader import load_menu

    gc.disable()
    try:
        menu = load_menu(path)
    finally:
        gc.enable()
    anchors: list[float] = []
    runs: dict[str, list[float]] = {}
    for _ in range(repeat):
        built, times = _run_once(menu)
        anchors.append(built)
        for rule_id, seconds in times.items():
            runs.setdefault(rule_id, []).append(seconds)
    return statistics.median(anchors), {rule_id: statistics.median(v) for rule_id, v in runs.items()}


def _exponent(small: float, large: float, ratio: float) -> float | None:
    if small <= 0 or large <= 0:
        return None
    return math.log(large / small) / math.log(ratio)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3, help="runs per size; medians are printed (default 3)")
    parser.add_argument("--dir", help="where to write the generated menus (default: a temporary folder)")
    args = parser.parse_args(argv)
    sizes = sorted(set(args.sizes))

    from generate import generate_menu

    print(f"rules_speed: per-rule CPU seconds, median of {args.repeat} runs; python {sys.version.split()[0]}; "
          f"{os.cpu_count()} cores; load average {_load()}")
    print("anchor: build_graph of the same menu, built once per run in this process; shared analyses are "
          "charged to the first rule that asks (registry order)")
    results: dict[int, tuple[float, dict[str, float]]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.dir or scratch
        for size in sizes:
            path = os.path.join(folder, f"menu-{size}.yaml")
            if not os.path.exists(path):
                with open(path, "w", encoding="utf-8") as handle:
                    handle.write(generate_menu(size))
            results[size] = measure(path, args.repeat)
            anchor, times = results[size]
            print(f"  {size:>7,} nodes: rules {sum(times.values()):.3f} s, build_graph {anchor:.3f} s "
                  f"(load average {_load()})")

    small, large = sizes[0], sizes[-1]
    ratio = large / small
    rules = list(results[small][1])
    header = "".join(f"{f'{size:,}':>10}" for size in sizes)
    print(f"\n{'rule':<26}{header}   exponent {small:,} -> {large:,}")
    worst: list[tuple[str, float]] = []
    for rule_id in rules:
        cells = "".join(f"{results[size][1][rule_id]:>10.4f}" for size in sizes)
        a, b = results[small][1][rule_id], results[large][1][rule_id]
        exponent = _exponent(a, b, ratio)
        if exponent is None or a < NOISE_FLOOR:
            note = "   (too fast to judge)" if a < NOISE_FLOOR else ""
            shown = "-" if exponent is None else f"{exponent:.2f}"
        else:
            note = "" if exponent <= GROWTH_TARGET else "   FAIL: grows faster than linear"
            shown = f"{exponent:.2f}"
            if exponent > GROWTH_TARGET:
                worst.append((rule_id, exponent))
        print(f"{rule_id:<26}{cells}   {shown:>6}{note}")
    totals = {size: sum(results[size][1].values()) for size in sizes}
    anchors = {size: results[size][0] for size in sizes}
    print(f"{'total':<26}" + "".join(f"{totals[size]:>10.4f}" for size in sizes)
          + f"   {_exponent(totals[small], totals[large], ratio):>6.2f}")
    print(f"{'anchor: build_graph':<26}" + "".join(f"{anchors[size]:>10.4f}" for size in sizes)
          + f"   {_exponent(anchors[small], anchors[large], ratio):>6.2f}")
    print(f"{'rules / build_graph':<26}" + "".join(f"{totals[size] / anchors[size]:>9.2f}x" for size in sizes))
    print()
    total_exponent = _exponent(totals[small], totals[large], ratio) or 0.0
    print(f"{'PASS' if total_exponent <= GROWTH_TARGET else 'FAIL'}: total grows with exponent "
          f"{total_exponent:.2f} (target <= {GROWTH_TARGET})")
    print(f"{'PASS' if not worst else 'FAIL'}: every rule's exponent <= {GROWTH_TARGET} "
          f"(of those taking >= {NOISE_FLOOR * 1000:.0f} ms at {small:,})"
          + ("" if not worst else ": " + ", ".join(f"{r} {e:.2f}" for r, e in worst)))
    if TOTAL_TARGET_NODES in totals:
        total = totals[TOTAL_TARGET_NODES]
        print(f"{'PASS' if total <= TOTAL_TARGET_SECONDS else 'FAIL'}: every rule at {TOTAL_TARGET_NODES:,} nodes "
              f"in {total:.2f} s of CPU (target <= {TOTAL_TARGET_SECONDS} s; {total / anchors[TOTAL_TARGET_NODES]:.2f}x "
              f"building the graph)")
    print(f"load average after: {_load()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""How calls flow through a menu: the expected passes per call over each edge.

For diagrams: an edge's flow is the number of times an average call takes
it (a share of calls where nobody comes back; more than 1 where callers go
round). Intents are weighted by their share. With unlimited patience the
flows are exact (from the expected visits of each state); otherwise they are
counted over Monte Carlo calls.
"""

from __future__ import annotations

from collections import defaultdict

import networkx as nx
import numpy as np

from ivr.simulation import Callers, intents_of
from ivr.simulation import exact, montecarlo
from ivr.simulation.chain import compile_chains

__all__ = ["edge_flows"]


def edge_flows(
    graph: nx.DiGraph, callers: Callers = Callers(patience=0), calls: int = 100_000, seed: int = 0
) -> dict[tuple[str, str], float]:
    """``{(u, v): expected passes per call}`` for every edge some call takes."""
    intents, _ = intents_of(graph)
    total = sum(i.share for i in intents.values())
    chains = compile_chains(graph, [[g.target for g in i.goals] for i in intents.values()], callers,
                            fold=callers.unlimited_patience)
    rng = np.random.default_rng(seed)
    flows: dict[tuple[str, str], float] = defaultdict(float)
    for intent, chain in zip(intents.values(), chains):
        weight = intent.share / total
        if chain.size == 0:
            continue
        if callers.unlimited_patience:
            per_state = exact.visits(chain)
            passes = np.repeat(per_state, np.diff(chain.indptr)) * chain.probability
            for state, node_id, per_visit in chain.replays:  # folded tries: the replays of a menu
                flows[node_id, node_id] += weight * float(per_state[state]) * per_visit
        else:
            taken = np.zeros(len(chain.target))
            montecarlo.run(chain, calls, rng, callers.patience, taken=taken)
            passes = taken / calls
        sources = np.repeat(np.arange(chain.size), np.diff(chain.indptr))
        for j in np.flatnonzero(passes > 0):
            source_node = chain.states[sources[j]][0]
            flows[source_node, chain.arrival[j]] += weight * float(passes[j])
    return dict(flows)

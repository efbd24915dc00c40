"""How calls flow through a menu: the expected passes per call over each edge.

For diagrams: an edge's flow is the number of times an average call takes
it (a share of calls where nobody comes back; more than 1 where callers go
round). Intents are weighted by their share. With unlimited patience the
flows are exact (from the expected visits of each state); otherwise they are
counted over the Monte Carlo calls.

The flows come from :func:`ivr.simulation.simulate` with ``flows=True``, which
gives the figures of the same run too: ask it directly when both are wanted.
"""

from __future__ import annotations

import networkx as nx

from ivr.simulation.callers import Callers
from ivr.simulation.simulator import Flows, simulate

__all__ = ["edge_flows"]


def edge_flows(graph: nx.DiGraph, callers: Callers = Callers(patience=0), calls: int = 100_000,
               seed: int = 0) -> Flows:
    """``{(u, v): expected passes per call}`` for every edge some call takes (one simulation, calls split
    between intents by share)."""
    return simulate(graph, callers, "auto", calls, seed, flows=True).edge_flows()

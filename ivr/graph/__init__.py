"""Stage 2, the graph: a menu as a directed graph (:class:`ivr.graph.digraph.DiGraph`, networkx's interface
without networkx), and what can be read off it
(reachability, timing, menu levels, the way to a person, the prompts callers hear)."""

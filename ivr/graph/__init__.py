"""Stage 2, the graph: a menu as a networkx.DiGraph, and what can be read off it
(reachability, timing, menu levels, the way to a person, the prompts callers hear)."""

"""Folded tries: the exact solver's chain has as many states whatever ``retries`` is, and gives
the same answers as the chain with a state per try."""

from __future__ import annotations

import numpy as np
import pytest

from ivr.formats.native.loader import load_menu_bytes
from ivr.graph.build import build_graph
from ivr.simulation import Callers, intents_of
from ivr.simulation import exact
from ivr.simulation.chain import compile_chains

from tests.conftest import ROOT

EXAMPLES = sorted((ROOT / "menus").glob("*.yaml"))

LOOP = """
ivr: t
start: main
intents:
  agent: {goal: agents}
  card: {goal: card}
nodes:
  main:
    type: menu
    prompt: Welcome. Press 1 to repeat, 2 for cards, 0 for an agent.
    options: {"1": {label: Repeat, goto: main}, "2": {goto: pin}, "0": {label: Agent, goto: agents}}
    retries: RETRIES
    no_match: sorry
    on_fail: agents
  sorry: {type: message, prompt: Sorry., goto: main}
  pin:
    type: input
    prompt: Enter your PIN.
    retries: RETRIES
    no_input: pin
    goto: card
  card: {type: hangup, prompt: Thank you.}
  agents: {type: transfer, queue: q}
"""


def chains(graph, callers, fold):
    intents, _ = intents_of(graph)
    return compile_chains(graph, [[g.target for g in i.goals] for i in intents.values()], callers, fold=fold)


def answers(graph, callers, fold):
    return [exact.solve(chain) for chain in chains(graph, callers, fold)]


def menu(retries: int):
    text = LOOP.replace("RETRIES", str(retries))
    return build_graph(load_menu_bytes(text.encode(), "loop.yaml"))


@pytest.mark.parametrize("retries", [0, 1, 2, 3, 7, 100])
@pytest.mark.parametrize("callers", [Callers(patience=0), Callers(accuracy=0.6, no_input=0.3, patience=0)])
def test_folded_tries_give_the_answers_of_a_state_per_try(retries, callers):
    graph = menu(retries)
    for (p_fold, t_fold, m_fold), (p, t, m) in zip(answers(graph, callers, True), answers(graph, callers, False)):
        np.testing.assert_allclose(p_fold, p, rtol=1e-9, atol=1e-12)
        assert t_fold == pytest.approx(t, rel=1e-9)
        assert m_fold == pytest.approx(m, rel=1e-9)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_folding_changes_no_figure_of_the_example_menus(path):
    graph = build_graph(load_menu_bytes(path.read_bytes(), str(path)))
    callers = Callers(accuracy=0.7, no_input=0.2, patience=0)
    for (p_fold, t_fold, m_fold), (p, t, m) in zip(answers(graph, callers, True), answers(graph, callers, False)):
        np.testing.assert_allclose(p_fold, p, rtol=1e-9, atol=1e-12)
        assert t_fold == pytest.approx(t, rel=1e-9)
        assert m_fold == pytest.approx(m, rel=1e-9)


def test_a_folded_chain_does_not_grow_with_retries():
    sizes = {retries: [c.size for c in chains(menu(retries), Callers(patience=0), True)] for retries in (1, 3, 100)}
    assert sizes[1] == sizes[3] == sizes[100]
    unfolded = [c.size for c in chains(menu(100), Callers(patience=0), False)]
    assert all(u > f for u, f in zip(unfolded, sizes[100]))


def test_folded_flows_count_the_replays_of_a_state_per_try():
    from ivr.simulation.flows import edge_flows

    graph = menu(5)
    callers = Callers(accuracy=0.6, no_input=0.3, patience=0)
    flows = edge_flows(graph, callers)
    # the same flows from the chain with a state per try: each transition's passes by edge
    expected: dict[tuple[str, str], float] = {}
    intents, _ = intents_of(graph)
    total = sum(i.share for i in intents.values())
    for intent, chain in zip(intents.values(), chains(graph, callers, False)):
        per_state = exact.visits(chain)
        passes = np.repeat(per_state, np.diff(chain.indptr)) * chain.probability
        sources = np.repeat(np.arange(chain.size), np.diff(chain.indptr))
        for j in np.flatnonzero(passes > 0):
            key = (chain.states[sources[j]][0], chain.arrival[j])
            expected[key] = expected.get(key, 0.0) + intent.share / total * float(passes[j])
    assert flows.keys() == expected.keys()
    for key, value in expected.items():
        assert flows[key] == pytest.approx(value, rel=1e-9), key


FALLBACK = """
ivr: t
start: main
nodes:
  main:
    type: menu
    prompt: Press 0 for an agent.
    options: {"0": {goto: agents}}
    retries: 3
  agents: {type: transfer, queue: q}
"""


def fallback_menu(**fields):
    from ivr.formats.native.loader import load_menu_bytes as load

    menu = load(FALLBACK.encode(), "f.yaml")
    for name, value in fields.items():
        setattr(menu.nodes["main"], name, value)
    return build_graph(menu)


@pytest.mark.parametrize(("fields", "disconnected"), [
    ({}, 0.2 ** 3),  # our YAML: silence replays the menu, the third ends the call
    ({"when_no_input": "disconnect"}, 0.2),  # a platform that hangs up on the first silence
    ({"when_failed": "replay"}, 0.0),  # one that starts the menu over when the tries run out
])
def test_the_simulation_follows_the_failure_behaviour_the_reader_set(fields, disconnected):
    from ivr.model.menu import Fallback
    from ivr.simulation import simulate

    graph = fallback_menu(**{k: Fallback(v) for k, v in fields.items()})
    callers = Callers(accuracy=1.0, no_input=0.2, patience=0)
    exact_run = simulate(graph, callers, "exact")
    assert exact_run.overall.disconnected == pytest.approx(disconnected, abs=1e-12)
    assert exact_run.overall.reached_human == pytest.approx(1 - disconnected, abs=1e-12)
    sampled = simulate(graph, Callers(accuracy=1.0, no_input=0.2, patience=10_000), "montecarlo", 20_000, 1)
    assert sampled.overall.disconnected == pytest.approx(disconnected, abs=0.015)

"""Real FreeSWITCH files (../shared/corpus/freeswitch, see its SOURCES.md): each read, or refused with a reason.

The corpus sits next to the repository, not in it (its files keep their upstream licences);
without it these tests are skipped, saying so.
"""

from __future__ import annotations

import pytest

from ivr.formats.native.loader import load_menu_bytes
from ivr.formats.native.writer import menu_yaml
from ivr.formats.reading import read_all
from ivr.graph.build import build_graph
from ivr.rules.runner import lint

from tests.conftest import SHARED_CORPUS, needs_corpus

CORPUS = SHARED_CORPUS / "freeswitch"
pytestmark = needs_corpus

DEMO = "signalwire__freeswitch__demo_ivr.xml"
NEW_DEMO = "signalwire__freeswitch__new_demo_ivr.xml"
CONF = "signalwire__freeswitch__ivr.conf.xml"
PHRASES = "signalwire__freeswitch__demo-ivr.xml"
BROKEN = "signalwire__freeswitch__ivr.conf.2008-04-04.xml"

#: file -> (IVRs, menus, options, transfers, findings as (rule, node, line, severity))
PINNED = {
    DEMO: (1, 2, 9, 6, [
        ("missing-repeat-option", "demo_ivr_submenu", 35, "info"),
        ("no-human-option", "demo_ivr_submenu", 35, "warning"),  # only * back to the top
        ("too-many-options", "demo_ivr", 4, "info"),  # 1-6 besides the repeat on 9
        ("unresolved-handoff", "demo_ivr/exit", 4, "info"),
        ("unresolved-handoff", "demo_ivr_submenu/exit", 35, "info"),
    ]),
    CONF: (1, 2, 8, 5, [
        ("missing-repeat-option", "demo_ivr_submenu", 24, "info"),
        ("no-human-option", "demo_ivr_submenu", 24, "warning"),
        ("unresolved-handoff", "demo_ivr/exit", 5, "info"),
        ("unresolved-handoff", "demo_ivr_submenu/exit", 24, "info"),
    ]),
    NEW_DEMO: (1, 4, 11, 0, [
        # no transfer anywhere: the only way on is '5000 XML default' (an application named 5000: a hand-off
        # ivr cannot follow, and broken upstream, where 'transfer 5000 XML default' was meant)
        ("no-path-to-human", "new_demo_ivr", 3, "info"),
        ("unresolved-handoff", "cluecon_ivr_submenu/exit", 55, "info"),
        ("unresolved-handoff", "freeswitch_ivr_submenu/exit", 27, "info"),
        ("unresolved-handoff", "freeswitch_solutions_ivr_submenu/exit", 41, "info"),
        ("unresolved-handoff", "new_demo_ivr/4", 22, "info"),
        ("unresolved-handoff", "new_demo_ivr/exit", 3, "info"),
    ]),
}


def _read(*names):
    return read_all([str(CORPUS / name) for name in names])


def test_every_corpus_file_is_pinned_or_known():
    assert {p.name for p in CORPUS.glob("*.xml")} == {*PINNED, PHRASES, BROKEN}


@pytest.mark.parametrize("name", PINNED)
def test_corpus_menus_read_as_pinned(name):
    reading = _read(name)
    assert reading.errors == {}
    ivrs, menus, options, transfers, findings = PINNED[name]
    assert len(reading.menus) == ivrs
    (menu,) = reading.menus
    menu_nodes = [n for n in menu.nodes.values() if n.type == "menu"]
    assert (len(menu_nodes), sum(len(n.options) for n in menu_nodes)) == (menus, options)
    assert sum(n.type == "transfer" for n in menu.nodes.values()) == transfers
    found = sorted((f.rule, f.node, f.location.line, f.severity.value) for f in lint(build_graph(menu)))
    assert found == findings
    assert all(f.location.file == str(CORPUS / name) for f in lint(build_graph(menu)))


def test_the_phrase_file_gives_words_or_recordings_to_the_demo_menu():
    assert _read(PHRASES).imports[str(CORPUS / PHRASES)].counts == {"phrases": 5, "menus": 0}
    (menu,) = _read(DEMO, PHRASES).menus
    prompt = menu.nodes["demo_ivr"].prompt
    # the stock phrases only play recordings: still audio, now naming them
    assert prompt.audio_only and "ivr/ivr-welcome_to_freeswitch.wav" in prompt.audio


def test_the_broken_file_is_refused_where_upstream_broke_it():
    (error,) = _read(BROKEN).errors[str(CORPUS / BROKEN)]
    assert (error.location.line, error.location.column) == (7, 56)  # greet-short="..."" : a quote too many
    assert error.message.startswith("not well-formed XML (invalid token); look for a stray quote")


@pytest.mark.parametrize("name", PINNED)
def test_importing_a_corpus_menu_to_yaml_keeps_its_findings(name, tmp_path):
    (menu,) = _read(name).menus
    imported = load_menu_bytes(menu_yaml(menu).encode("utf-8"), str(tmp_path / "imported.yaml"))
    def about(m):
        return sorted((f.rule, f.node, f.severity.value) for f in lint(build_graph(m)))
    assert about(imported) == about(menu)

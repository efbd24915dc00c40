"""Every passing reader fixture and every shared-corpus file has a golden dump of what ivr understood of it
(tests/golden.py); a reader change that changes understanding fails here until the dumps are written again."""

from __future__ import annotations

import pytest

from tests.conftest import SHARED_CORPUS, needs_corpus
from tests.golden import CORPUS_DUMPS, FIXTURES, ROOT, corpus_cases, dump, fixture_cases, guard_errors

_HOW = "write the dumps again with `.venv/bin/python tests/golden.py --update` and read their diff"


def _compare(source, kept, monkeypatch):
    monkeypatch.chdir(ROOT)
    assert kept.exists(), f"{source.name} has no golden dump ({kept.relative_to(ROOT)}); {_HOW}"
    text = kept.read_text(encoding="utf-8")
    assert not guard_errors(text, source), f"{kept.relative_to(ROOT)}: {guard_errors(text, source)}; {_HOW}"
    assert dump(source) == text, f"ivr now understands {source.name} differently from its golden dump; {_HOW}"


@pytest.mark.parametrize(("source", "kept"), fixture_cases(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_a_reader_fixture_reads_as_its_golden_dump_says(source, kept, monkeypatch):
    _compare(source, kept, monkeypatch)


@needs_corpus
@pytest.mark.parametrize(("source", "kept"), corpus_cases(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_a_corpus_file_reads_as_its_golden_dump_says(source, kept, monkeypatch):
    _compare(source, kept, monkeypatch)


def test_no_dump_is_left_without_its_source():
    kept = set(FIXTURES.glob("*/golden/*.txt")) | set(CORPUS_DUMPS.glob("*/*.txt"))
    made = {k for _, k in fixture_cases()} | ({k for _, k in corpus_cases()} if SHARED_CORPUS.is_dir() else kept)
    assert kept <= made, f"dumps whose source is gone: {sorted(str(p) for p in kept - made)}; {_HOW}"


def test_the_hash_guard_catches_a_hand_edit_and_a_changed_source(tmp_path, monkeypatch):
    source, kept = fixture_cases()[0]
    text = kept.read_text(encoding="utf-8")
    assert guard_errors(text, source) == []
    edited = text.replace("\n", "\n  hand-written line\n", 1)
    assert guard_errors(edited, source) == ["the dump was edited by hand (its body no longer matches its sha256)"]
    changed = tmp_path / source.name
    changed.write_bytes(source.read_bytes() + b"\n")
    assert guard_errors(text, changed) == [f"{source.name} changed since its dump was made"]

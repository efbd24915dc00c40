"""The README's example sessions (```console blocks) show what ivr prints today.

A block starts with ``$ ivr ARGS``; the lines after it are the output, where a
line ``...`` stands for any number of lines left out. Run from the top of the
repository, as the README's readers do.
"""

from __future__ import annotations

import re
import shlex

import pytest
from click.testing import CliRunner

from ivr.cli import cli

from tests.conftest import ROOT

BLOCK = re.compile(r"```console\n\$ ivr (?P<args>[^\n]+)\n(?P<output>.*?)```", re.S)


def sessions():
    return [(m["args"], m["output"]) for m in BLOCK.finditer((ROOT / "README.md").read_text(encoding="utf-8"))]


def matches(shown: list[str], actual: list[str]) -> bool:
    """Whether ``shown`` is ``actual`` with runs of lines replaced by ``...``."""
    pattern = "\n".join(".*?" if line == "..." else re.escape(line) for line in shown)
    pattern = pattern.replace("\n.*?\n", "(?:\n.*?)?\n")
    return re.fullmatch(pattern, "\n".join(actual), re.S) is not None


def test_the_readme_has_example_sessions():
    assert len(sessions()) >= 3


@pytest.mark.parametrize("args, shown", sessions(), ids=[a for a, _ in sessions()])
def test_readme_session_is_what_ivr_prints(args, shown, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(cli, shlex.split(args), catch_exceptions=False)
    assert matches(shown.splitlines(), result.output.splitlines()), result.output


def test_matches_needs_the_lines_shown():
    assert matches(["a", "...", "d"], ["a", "b", "c", "d"])
    assert matches(["a", "...", "d"], ["a", "d"])
    assert not matches(["a", "...", "d"], ["a", "b", "c"])
    assert not matches(["a", "b"], ["a", "b", "c"])

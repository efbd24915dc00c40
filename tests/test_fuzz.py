"""Property-based fuzzing (hypothesis): menus generated, then mutated at the structure and the
text level, run in-process through every command and output format.

Whatever the input: the exit status is 0, 1 or 2; no exception escapes; every error line is
located (``file:line:col: ...``, ``file:line: ...`` or ``file#/pointer: ...``); every output
parses in its format. The quick profile runs in the test suite (CI); a long run is

    HYPOTHESIS_PROFILE=long .venv/bin/python -m pytest tests/test_fuzz.py

(10,000 examples per test; see the README's Development section for the figures).
"""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ivr.cli import cli

pytestmark = pytest.mark.slow

settings.register_profile("quick", max_examples=40, deadline=None, derandomize=True,  # the same examples every run
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
settings.register_profile("long", max_examples=10_000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "quick"))

NODE_TYPES = ["message", "menu", "input", "branch", "transfer", "voicemail", "hangup"]
IDS = st.sampled_from(["main", "billing", "agents", "bye", "pin", "hours", "promo", "x"])
TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30)
ODD = st.one_of(
    st.none(), st.booleans(), st.integers(-10**12, 10**12), st.floats(allow_nan=True, allow_infinity=True),
    TEXT, st.lists(st.integers(0, 9), max_size=3), st.dictionaries(st.sampled_from(["a", "goto", "1"]),
                                                                    st.integers(0, 3), max_size=2),
)


@st.composite
def menus(draw) -> dict:
    """A menu that is mostly well-formed: the nodes of every type, options, failures, intents."""
    ids = draw(st.lists(IDS, min_size=1, max_size=6, unique=True))
    nodes = {}
    for node_id in ids:
        kind = draw(st.sampled_from(NODE_TYPES))
        node: dict = {"type": kind, "prompt": draw(TEXT) or "Hello."}
        if kind == "menu":
            keys = draw(st.lists(st.sampled_from(list("0123456789*#")), min_size=0, max_size=4, unique=True))
            node["options"] = {k: {"label": draw(TEXT) or "x", "goto": draw(st.sampled_from(ids))} for k in keys}
            if draw(st.booleans()):
                node["retries"] = draw(st.integers(0, 5))
            for handler in ("no_input", "no_match", "on_fail"):
                if draw(st.booleans()):
                    node[handler] = draw(st.sampled_from(ids))
        elif kind in ("message", "input"):
            node["goto"] = draw(st.sampled_from(ids))
        elif kind == "branch":
            node["branches"] = [{"when": "open", "goto": draw(st.sampled_from(ids)),
                                 "p": draw(st.floats(0, 1))}]
            node["otherwise"] = draw(st.sampled_from(ids))
        elif kind == "transfer":
            node["queue"] = "q"
        nodes[node_id] = node
    menu = {"ivr": draw(TEXT) or "Fuzz", "start": draw(st.sampled_from(ids)), "nodes": nodes}
    if draw(st.booleans()):
        menu["intents"] = {"want": {"goal": draw(st.sampled_from(ids)), "share": draw(st.floats(0.1, 3))}}
    return menu


@st.composite
def mutated(draw) -> bytes:
    """A generated menu, then one mutation: a field's value replaced by anything, a field removed
    or added, the text truncated, bytes flipped or inserted."""
    menu = draw(menus())
    how = draw(st.sampled_from(["none", "value", "remove", "add", "truncate", "bytes", "insert"]))
    if how in ("value", "remove", "add"):
        node = menu["nodes"][draw(st.sampled_from(sorted(menu["nodes"])))]
        field = draw(st.sampled_from(sorted(node) + ["timeout", "duration", "share", "goto", "ignore"]))
        if how == "value":
            node[field] = draw(ODD)
        elif how == "remove":
            node.pop(field, None)
        else:
            menu[draw(st.sampled_from(["ivr", "start", "nodes", "intents", "language", "extra"]))] = draw(ODD)
    text = yaml.safe_dump(menu, allow_unicode=True, sort_keys=False).encode("utf-8")
    if how == "truncate":
        text = text[: draw(st.integers(0, len(text)))]
    elif how == "bytes" and text:
        data = bytearray(text)
        for _ in range(draw(st.integers(1, 4))):
            data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
        text = bytes(data)
    elif how == "insert":
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.binary(min_size=1, max_size=8)) + text[at:]
    return text


def located(line: str, path: str) -> bool:
    return re.match(re.escape(path) + r"(:\d+:\d+|:\d+|#/\S*): ", line) is not None


def check_run(result, path: str) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 1, 2), result.output
    for line in result.stderr.splitlines():
        if line.startswith(path):
            assert located(line, path), line
    assert all(ch == "\n" or ch >= " " for ch in result.stdout), "a control character reached the output"


def runner_in(tmp_path, data: bytes) -> tuple[CliRunner, str]:
    path = tmp_path / "fuzz.yaml"
    path.write_bytes(data)
    return CliRunner(), str(path)


@given(data=mutated())
def test_check_in_every_format(tmp_path_factory, data):
    tmp_path = tmp_path_factory.mktemp("fuzz")
    runner, path = runner_in(tmp_path, data)
    for fmt in ("text", "json", "sarif", "junit", "github"):
        result = runner.invoke(cli, ["check", path, "--format", fmt, "--isolated"])
        check_run(result, path)
        if fmt in ("json", "sarif"):
            json.loads(result.stdout)
        elif fmt == "junit":
            ET.fromstring(result.stdout)
        elif fmt == "github":
            lines = result.stdout.splitlines()
            assert all(line.startswith("::") for line in lines[:-1]), lines
        if result.exit_code == 2 and fmt == "text":
            assert result.stderr.strip(), "exit 2 without a word"


@given(data=mutated())
def test_simulate_both_methods(tmp_path_factory, data):
    tmp_path = tmp_path_factory.mktemp("fuzz")
    runner, path = runner_in(tmp_path, data)
    for extra in (["--patience", "0"], ["--calls", "500"]):
        result = runner.invoke(cli, ["simulate", path, "--format", "json", *extra])
        check_run(result, path)
        if result.exit_code == 0:
            json.loads(result.stdout)


@given(data=mutated())
@settings(max_examples=min(settings().max_examples, 200))
def test_render_and_diff(tmp_path_factory, data):
    tmp_path = tmp_path_factory.mktemp("fuzz")
    runner, path = runner_in(tmp_path, data)
    result = runner.invoke(cli, ["render", path, "-o", str(tmp_path / "m.dot"), "--isolated"])
    check_run(result, path)
    assert (tmp_path / "m.dot").exists() == (result.exit_code == 0)
    result = runner.invoke(cli, ["diff", path, path, "--format", "json", "--calls", "300", "--isolated"])
    check_run(result, path)
    if result.exit_code == 0:
        json.loads(result.stdout)


@given(data=mutated())
@settings(max_examples=min(settings().max_examples, 8))
def test_report(tmp_path_factory, data):
    tmp_path = tmp_path_factory.mktemp("fuzz")
    runner, path = runner_in(tmp_path, data)
    result = runner.invoke(cli, ["report", path, "-o", str(tmp_path / "r"), "--calls", "300", "--isolated"])
    check_run(result, path)
    if result.exit_code == 0:
        json.loads((tmp_path / "r" / "fuzz" / "findings.json").read_text())

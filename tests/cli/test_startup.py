"""Start-up: each command imports only what it needs (benchmarks/startup.py measures what that buys), and the
menu schema's validator is compiled once per machine."""

from __future__ import annotations

import ast
import json
import marshal
import subprocess
import sys

import fastjsonschema
import pytest

from ivr import fastschema
from ivr.formats.native.validate import schema

from tests.conftest import ROOT

#: Third-party libraries no start-up needs: the simulator's (numpy, scipy), drawing's (Graphviz, networkx's
#: shortest paths, matplotlib's charts), the report's (markdown-it), SARIF's, and jsonschema (only to explain
#: an invalid file).
LIBRARIES = ("networkx", "numpy", "scipy", "matplotlib", "graphviz", "sarif_om", "jsonschema", "markdown_it")
#: ivr's own heavy stages: the simulator, the queues, drawing, comparing.
STAGES = ("ivr.simulation.simulator", "ivr.simulation.chain", "ivr.simulation.hold", "ivr.present.diagram",
          "ivr.present.charts", "ivr.compare", "ivr.queues.erlang", "ivr.formats.native.staffing",
          "ivr.pipeline.staffing")
#: The platform readers (and what only they use): detection looks at bytes with ivr.formats.detection and
#: imports the reader of a format when a source in it is read.
READERS = ("ivr.formats.asterisk", "ivr.formats.vxml", "ivr.formats.freeswitch", "ivr.formats.freeswitch_link",
           "ivr.formats.twilio", "ivr.formats.connect", "ivr.formats.archy", "ivr.formats.cloud",
           "ivr.formats.flow", "ivr.formats.xmltree", "defusedxml")
#: The standard library that only ivr imports, and only when it is needed: git sources (subprocess), a TOML or
#: INI configuration, package data through importlib.resources, hashing, suggestions (difflib). Should a
#: dependency start importing one of them, drop it from here (python -X importtime says who imports what).
STANDARD = ("subprocess", "tomllib", "configparser", "importlib.resources", "hashlib", "difflib")

#: What each command must not import; the commands run as ``ivr`` does, in a fresh process.
MUST_NOT_IMPORT = {
    ("--version",): LIBRARIES + STAGES + READERS + ("ivr.config", "ivr.formats", "ivr.rules", "ivr.graph", "yaml"),
    ("rules",): LIBRARIES + STAGES + READERS,
    ("rules", "dead-end"): LIBRARIES + STAGES + READERS,
    # checking builds the menu's graph with networkx (the house's graph library, which itself imports hashlib and
    # importlib.resources): all else stays out
    ("check", "menus/bank.yaml", "--no-color"): tuple(x for x in LIBRARIES if x != "networkx") + STAGES + READERS
    + tuple(x for x in STANDARD if x not in ("hashlib", "importlib.resources")),
}

PROBE = """
import sys
from ivr.cli import main

sys.argv = ["ivr", *sys.argv[1:]]
status = None
try:
    main()
except SystemExit as stop:
    status = stop.code
loaded = sorted(sys.modules)
print(repr((status, loaded)), file=sys.stderr)
"""


def _run_as_ivr(args, tmp_path) -> tuple[int, list[str], str]:
    """(exit status, every module loaded, standard output) of ``ivr ARGS`` in a fresh process."""
    env = {"IVR_CACHE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    run = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, cwd=ROOT, env=env,
                         check=True)
    status, loaded = ast.literal_eval(run.stderr.splitlines()[-1])
    return status, loaded, run.stdout


def _within(loaded: list[str], packages: tuple[str, ...]) -> list[str]:
    return sorted(m for m in loaded if any(m == p or m.startswith(p + ".") for p in packages))


@pytest.mark.parametrize("args", MUST_NOT_IMPORT, ids=" ".join)
def test_a_command_imports_only_what_it_needs(args, tmp_path):
    if args[0] == "check":
        _run_as_ivr(args, tmp_path)  # the first check compiles the validator into the cache; measure the next
    status, loaded, output = _run_as_ivr(args, tmp_path)
    assert status in (0, None), output
    assert _within(loaded, MUST_NOT_IMPORT[args]) == []
    assert "ivr" in loaded and "click" in loaded  # the probe sees what was imported


def test_checking_a_platform_file_imports_its_reader_and_no_other(tmp_path):
    flow = "tests/fixtures/formats/twilio/pass-menu.json"
    status, loaded, output = _run_as_ivr(("check", flow, "--no-color"), tmp_path)
    shared = ("ivr.formats.twilio", "ivr.formats.cloud", "ivr.formats.flow")  # the flow description is shared
    assert all(module in loaded for module in shared)
    others = tuple(r for r in READERS if r not in shared)
    assert _within(loaded, others + ("numpy",)) == []


def test_an_invalid_menu_is_explained_with_jsonschema_in_a_fresh_process(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("ivr: x\nstart: a\nnodes:\n  a: {type: message, prompt: Hi., gotoo: a}\n")
    env = {"IVR_CACHE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    code = "import sys; from ivr.cli.check import run_check; run_check([sys.argv[1]], 'text', None, False, None); " \
           "print('jsonschema' in sys.modules)"
    run = subprocess.run([sys.executable, "-c", code, str(bad)], capture_output=True, text=True, cwd=ROOT, env=env)
    assert "unknown field 'gotoo'" in run.stderr
    assert run.stdout.splitlines()[-1] == "True"


def test_the_validator_is_compiled_once_then_read_from_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("IVR_CACHE_DIR", str(tmp_path))
    first = fastschema.validator(schema())
    (cached,) = tmp_path.glob("validator-*.marshal")
    monkeypatch.setattr(fastschema.fastjsonschema, "compile_to_code", lambda *a: pytest.fail("compiled again"))
    again = fastschema.validator(schema())
    menu = {"ivr": 1, "start": "a", "nodes": {"a": {"type": "hangup"}}}
    for validate in (first, again):
        with pytest.raises(fastjsonschema.JsonSchemaValueException):
            validate(menu)
        validate({**menu, "ivr": "x"})
    assert cached.stat().st_size > 0
    assert [p.name for p in tmp_path.iterdir()] == [cached.name]  # written whole (ivr.atomic), nothing left over


def test_a_broken_or_unwritable_cache_is_ignored(tmp_path, monkeypatch):
    monkeypatch.setenv("IVR_CACHE_DIR", str(tmp_path))
    fastschema.validator(schema())
    (cached,) = tmp_path.glob("validator-*.marshal")
    cached.write_bytes(b"not marshal data")
    fastschema.validator(schema())({"ivr": "x", "start": "a", "nodes": {"a": {"type": "hangup"}}})
    # a validator made for another key that landed in the same file (same CRC) is not used
    lenient = compile("def validate(data):\n    return data\n", "<other>", "exec")
    cached.write_bytes(marshal.dumps((b"another schema", lenient)))
    with pytest.raises(fastjsonschema.JsonSchemaValueException):
        fastschema.validator(schema())({"ivr": 1, "start": "a", "nodes": {"a": {"type": "hangup"}}})
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("IVR_CACHE_DIR", str(blocker / "cache"))  # a folder under a file: cannot be made
    assert fastschema.validator(schema())
    monkeypatch.setenv("IVR_CACHE_DIR", "")
    assert fastschema.cache_folder() is None
    assert fastschema.validator(schema())


def test_the_configuration_schema_uses_the_cache_too(tmp_path, monkeypatch):
    from ivr.config import config_schema

    monkeypatch.setenv("IVR_CACHE_DIR", str(tmp_path))
    fastschema.validator(config_schema())
    assert len(list(tmp_path.glob("validator-*.marshal"))) == 1
    assert json.dumps(config_schema())  # plain data, as the cache key needs

"""Start-up: ivr check imports only what checking needs, and compiles the menu schema's validator once."""

from __future__ import annotations

import json
import subprocess
import sys

import fastjsonschema
import pytest

from ivr import fastschema
from ivr.formats.native.validate import schema

from conftest import ROOT

HEAVY = ("scipy", "matplotlib", "numpy", "graphviz", "sarif_om", "jsonschema", "ivr.simulation.simulator",
         "ivr.simulation.chain", "ivr.present.diagram", "ivr.present.charts", "ivr.compare.diff",
         "ivr.queues.erlang", "ivr.formats.native.staffing", "ivr.pipeline.staffing", "ivr.simulation.hold")

CHECK = f"""
import sys
from click.testing import CliRunner
from ivr.cli import cli
result = CliRunner().invoke(cli, ["check", sys.argv[1], "--no-color"])
print(result.exit_code)
print(result.output.splitlines()[-1])
print(sorted(m for m in {HEAVY!r} if m in sys.modules))
"""


def _check_in_a_fresh_process(menu: str, tmp_path) -> list[str]:
    env = {"IVR_CACHE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    run = subprocess.run([sys.executable, "-c", CHECK, menu], capture_output=True, text=True, cwd=ROOT, env=env,
                         check=True)
    return run.stdout.splitlines()


def test_check_of_a_small_menu_imports_nothing_heavy(tmp_path):
    code, summary, loaded = _check_in_a_fresh_process("menus/bank.yaml", tmp_path)
    assert (code, summary) == ("0", "No problems found in 1 file.")
    assert loaded == "[]"


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


def test_a_broken_or_unwritable_cache_is_ignored(tmp_path, monkeypatch):
    monkeypatch.setenv("IVR_CACHE_DIR", str(tmp_path))
    fastschema.validator(schema())
    (cached,) = tmp_path.glob("validator-*.marshal")
    cached.write_bytes(b"not marshal data")
    fastschema.validator(schema())({"ivr": "x", "start": "a", "nodes": {"a": {"type": "hangup"}}})
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

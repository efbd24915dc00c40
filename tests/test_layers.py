"""The stages of the pipeline are an import contract (setup.cfg [importlinter]), checked here."""

from __future__ import annotations

import configparser
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(folder: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=folder, env=env, capture_output=True,
                          text=True, check=False)


def test_ivr_keeps_the_import_contract():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 1 kept, 0 broken." in result.stdout


def _layers() -> list[str]:
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg")
    return [name.strip() for line in config["importlinter:contract:stages"]["layers"].split("\n")
            for name in line.split("|") if name.strip()]


def test_every_module_at_the_top_of_the_package_is_under_the_contract():
    # a helper module left out of the layers could import any stage (fastschema.py and gcpause.py once were)
    top = {f"ivr.{path.stem}" for path in (ROOT / "ivr").glob("*.py")} | \
          {f"ivr.{path.parent.name}" for path in (ROOT / "ivr").glob("*/__init__.py")}
    assert top - {"ivr.__init__", "ivr.__main__"} == set(_layers())


def test_the_contract_refuses_an_import_from_a_later_stage(tmp_path):
    # a package laid out like ivr, whose model imports the CLI and whose atomic write imports the model:
    # the contract must break on both
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg")
    for layer in _layers():
        package = tmp_path / Path(*layer.split("."))
        package.mkdir(parents=True, exist_ok=True)
        (package / "__init__.py").write_text("")
    (tmp_path / "ivr" / "__init__.py").write_text("")
    (tmp_path / "ivr" / "model" / "menu.py").write_text("import ivr.cli\n")
    (tmp_path / "ivr" / "atomic" / "__init__.py").write_text("import ivr.model.menu\n")
    sections = {name: dict(config[name]) for name in config.sections() if name.startswith("importlinter")}
    out = configparser.ConfigParser()
    out.read_dict(sections)
    with open(tmp_path / "setup.cfg", "w") as handle:
        out.write(handle)
    result = lint_imports(tmp_path, env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 1, result.stdout + result.stderr
    assert "ivr.model.menu -> ivr.cli" in result.stdout
    assert "ivr.atomic -> ivr.model.menu" in result.stdout
    assert "BROKEN" in result.stdout


MYPY = Path(sys.executable).parent / "mypy"


@pytest.mark.slow
def test_the_model_readers_and_rules_type_check():
    # the files checked are named in setup.cfg [mypy]: the Reader and Rule protocols and the model
    result = subprocess.run([str(MYPY), "--config-file", str(ROOT / "setup.cfg"), "--cache-dir",
                             str(ROOT / ".mypy_cache")], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("Success: no issues found")


@pytest.mark.slow
def test_type_checking_catches_a_reader_that_breaks_the_protocol(tmp_path):
    bad = tmp_path / "bad_reader.py"
    bad.write_text(
        "from ivr.formats.api import Reader\n"
        "class Broken:\n"
        "    NAME = 'broken'\n"
        "reader: Reader = Broken()\n"
    )
    result = subprocess.run([str(MYPY), "--ignore-missing-imports", "--cache-dir", str(tmp_path / "cache"),
                             str(bad)], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 1, result.stdout
    assert "Incompatible types in assignment" in result.stdout


def test_every_rule_check_is_annotated_so_that_mypy_reads_its_body():
    # mypy skips the body of a function with no annotations: an unannotated check would not be type-checked
    from ivr.rules.registry import REGISTRY

    for rule_id, rule in REGISTRY.items():
        annotations = rule.check.__annotations__
        assert {"graph", "options", "return"} <= set(annotations), f"{rule_id}: check(graph, options) lacks annotations"


def test_tests_mirror_the_package():
    """Issue 21, item 8: each folder of tests/ (but data) is a stage of ivr, and no test module lies loose in
    tests/ that belongs to one stage (those kept at the top span the project: see the README's layout)."""
    data = {"fixtures", "golden", "data", "editor", "__pycache__"}
    folders = {p.name for p in (ROOT / "tests").iterdir() if p.is_dir() and p.name not in data}
    stages = {p.parent.name for p in (ROOT / "ivr").glob("*/__init__.py")}
    assert folders and folders <= stages, f"tests/ folders that are no stage of ivr: {sorted(folders - stages)}"
    spanning = {"test_fuzz", "test_hostile", "test_layers", "test_import_cycles", "test_lock", "test_readme",
                "test_editor", "test_menus", "test_field_survey"}
    loose = {p.stem for p in (ROOT / "tests").glob("test_*.py")} - spanning
    assert not loose, f"put these in the tests/ folder of the stage they test: {sorted(loose)}"

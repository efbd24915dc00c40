"""`ivr tests` under the fuzzer of tests/test_fuzz.py: generated menus, mutated or not.

Whatever the input: exit 0 or 2, no exception, located errors (test_fuzz's check_run); when the
menu loads, every file reads back in its format, and every test's keys lead where the test says.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
import yaml
from hypothesis import given

from ivr.cli import cli
from ivr.formats.native.loader import load_menu
from ivr.graph.build import build_graph
from ivr.testgen import build_suite

from tests.test_fuzz import check_run, menus, mutated, runner_in
from tests.testgen.test_testgen import check_paths_against_menu
from tests.testgen.test_testscripts import bespoken_tests, ivr_tester_scenario

pytestmark = pytest.mark.slow


def run_all_formats(tmp_path, data: bytes) -> None:
    runner, path = runner_in(tmp_path, data)
    for fmt in ("bespoken", "ivr-tester", "csv"):
        out = tmp_path / fmt
        result = runner.invoke(cli, ["tests", path, "-o", str(out), "--format", fmt])
        check_run(result, path)
        assert result.exit_code in (0, 2)
        if result.exit_code != 0:
            assert result.stderr.strip(), "exit 2 without a word"
            continue
        for file in sorted(out.rglob("*")):
            if file.suffix == ".yml":
                bespoken_tests(file.read_text(encoding="utf-8"))
            elif file.suffix == ".json":
                ivr_tester_scenario(file.read_text(encoding="utf-8"))
            elif file.suffix == ".csv":
                list(csv.reader(io.StringIO(file.read_text(encoding="utf-8"), newline="")))
    if result.exit_code == 0:
        menu = load_menu(path)
        check_paths_against_menu(menu, build_suite(build_graph(menu)))


@given(data=mutated())
def test_tests_on_mutated_menus(tmp_path_factory, data):
    run_all_formats(tmp_path_factory.mktemp("fuzz"), data)


@given(menu=menus())
def test_tests_on_generated_menus(tmp_path_factory, menu):
    data = yaml.safe_dump(menu, allow_unicode=True, sort_keys=False).encode("utf-8")
    run_all_formats(tmp_path_factory.mktemp("fuzz"), data)

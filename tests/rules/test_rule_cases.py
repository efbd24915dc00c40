"""Rule test cases as data: ``tests/fixtures/rules/<rule-id>/cases.yaml``, one harness for every rule.

A case file names cases for its rule, each a source in any format ivr reads and every finding
``ivr check`` must report on it, of any rule (or ``pass``: none at all)::

    rule: dead-end
    cases:
      a-message-that-leads-nowhere:       # the case's name: lower-case words joined by '-'
        description: why the case is here   # optional
        format: freeswitch                  # the reader (default yaml): any of ivr's formats
        source: |                           # the file, inline; line 1 is the block's first line
          ...
        file: fail.yaml                     # or a file beside cases.yaml (one other tests read too)
        options: {max: 4}                   # the rule's options (and severity), as in .ivr.yaml's rules:
        select: [dead-end]                  # the rules that run, as in .ivr.yaml (default: every rule)
        expect:
          - {line: 19, column: 3, message: "message 'promo' has no way forward"}
          - {line: 4, rule: no-human-option, severity: error, message: [fragment, another], without: [goto]}
      every-node-leads-on:
        source: |
          ...
        expect: pass

An expected finding is matched on its line, its rule (default: the file's rule) and, when given,
its column; its message must hold every fragment of ``message`` and none of ``without``; its
severity is checked when given. Several findings on one line of one rule pair up in order: the
expected as written, the found by column. A source used twice (say, with other options) is a
YAML anchor (``source: &menu |``) and an alias (``source: *menu``).

Every rule has a case file with a case that expects the rule's finding and one that expects
``pass``; every other file in the folder is a case's ``file``. The case files are checked
against ``cases.schema.json`` (with the rule's own options schema from the configuration's), and
an error is located as ``file:line:col``.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from ivr.config import Config
from ivr.config.schema import config_schema
from ivr.formats.registry import READERS
from ivr.model.findings import Severity
from ivr.pipeline import check_file
from ivr.rules.registry import REGISTRY

from tests.conftest import FIXTURES, ROOT

RULE_FIXTURES = FIXTURES / "rules"
SCHEMA = RULE_FIXTURES / "cases.schema.json"
#: The file name a source written inline gets, by format (its reader is named, never guessed).
SUFFIX = {"yaml": ".yaml", "freeswitch": ".xml", "asterisk": ".conf", "vxml": ".vxml", "twilio": ".json",
          "connect": ".json", "archy": ".yaml", "ael": ".ael"}


class _UniqueKeyLoader(yaml.SafeLoader):
    """Safe YAML that refuses a key given twice (two cases of one name would hide one of them)."""

    def construct_mapping(self, node, deep=False):
        seen: dict[Any, yaml.Mark] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"{key!r} is given twice (first on line {seen[key].line + 1})", key_node.start_mark)
            seen[key] = key_node.start_mark
        return super().construct_mapping(node, deep)


def _schema_for(rule_id: str) -> dict:
    """The case-file schema with this rule's id, options and the rule ids a finding may name."""
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    schema["properties"]["rule"] = {"const": rule_id}
    schema["definitions"]["rule"] = {"enum": list(REGISTRY)}
    if rule_id in REGISTRY:
        schema["definitions"]["options"] = copy.deepcopy(config_schema()["properties"]["rules"]["properties"][rule_id])
    return schema


def _node_at(root: yaml.Node, path, name: str | None = None) -> yaml.Node:
    """The YAML node a JSON path points at, as deep as the document goes: a scalar itself, a mapping or
    list by the key that holds it, and the key ``name`` of a mapping when one is given."""
    node, key = root, None
    for part in path:
        if isinstance(node, yaml.MappingNode):
            key, node = next(((k, v) for k, v in node.value if k.value == str(part)), (key, node))
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            key, node = None, node.value[part]
    if name is not None and isinstance(node, yaml.MappingNode):
        return next((k for k, _ in node.value if k.value == name), node)
    return key if key is not None and isinstance(node, yaml.CollectionNode) else node


def _explained(error: jsonschema.ValidationError) -> list[jsonschema.ValidationError]:
    """The errors of the ``oneOf`` branch that went deepest (an expect list, not ``pass``), not 'not valid'."""
    if not error.context:
        return [error]
    branches: dict[Any, list[jsonschema.ValidationError]] = {}
    for inner in error.context:
        branches.setdefault(inner.relative_schema_path[0], []).append(inner)
    chosen = max(branches.values(), key=lambda errors: max(len(e.absolute_path) for e in errors))
    return [e for inner in chosen for e in _explained(inner)]


@dataclass
class CaseFile:
    rule: str
    path: Path
    data: Any = None
    errors: tuple[str, ...] = ()

    @property
    def cases(self) -> dict[str, dict]:
        return self.data["cases"] if not self.errors else {}


def load(rule_id: str, folder: Path = RULE_FIXTURES) -> CaseFile:
    """A rule's case file, read and checked against the schema; its errors located as ``file:line:col``."""
    path = folder / rule_id / "cases.yaml"
    where = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    if not path.is_file():
        return CaseFile(rule_id, path, errors=(f"{where}: missing: every rule has a case file",))
    text = path.read_text(encoding="utf-8")
    try:
        data = yaml.load(text, Loader=_UniqueKeyLoader)
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as bad:
        mark = getattr(bad, "problem_mark", None)
        at = f":{mark.line + 1}:{mark.column + 1}" if mark else ""
        return CaseFile(rule_id, path, errors=(f"{where}{at}: {getattr(bad, 'problem', None) or bad}",))
    validator = jsonschema.Draft7Validator(_schema_for(rule_id))
    errors = []
    found = [e for error in validator.iter_errors(data) for e in _explained(error)]
    for error in sorted(found, key=lambda e: list(map(str, e.absolute_path))):
        name = error.instance if "propertyNames" in error.schema_path else None
        mark = _node_at(root, error.absolute_path, name).start_mark
        pointer = "/".join(map(str, error.absolute_path))
        errors.append(f"{where}:{mark.line + 1}:{mark.column + 1}: {pointer or 'the file'}: {error.message}")
    for name, case in (data["cases"].items() if not errors else ()):
        if "file" in case and not (path.parent / case["file"]).is_file():
            mark = _node_at(root, ["cases", name, "file"]).start_mark
            errors.append(f"{where}:{mark.line + 1}:{mark.column + 1}: no file {case['file']!r} beside the case file")
    return CaseFile(rule_id, path, data, tuple(errors))


FOLDERS = sorted(p.name for p in RULE_FIXTURES.iterdir() if p.is_dir())
CASE_FILES = {rule_id: load(rule_id) for rule_id in sorted(set(REGISTRY) | set(FOLDERS))}
CASES = [(rule_id, name) for rule_id, loaded in CASE_FILES.items() for name in loaded.cases]


# --- the case files -------------------------------------------------------------------------------------


def test_no_fixture_folder_without_a_rule():
    assert set(FOLDERS) == set(REGISTRY)


def test_the_schema_knows_every_reader_and_severity():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["definitions"]["case"]["properties"]["format"]["enum"] == list(SUFFIX)
    assert set(SUFFIX) == set(READERS)
    assert schema["definitions"]["finding"]["properties"]["severity"]["enum"] == [s.value for s in Severity]


@pytest.mark.parametrize("rule_id", CASE_FILES)
def test_case_file_is_valid(rule_id):
    assert CASE_FILES[rule_id].errors == ()


@pytest.mark.parametrize("rule_id", REGISTRY)
def test_rule_has_a_failing_and_a_passing_case(rule_id):
    cases = CASE_FILES[rule_id].cases.values()
    assert any(c["expect"] != "pass" and any(f.get("rule", rule_id) == rule_id for f in c["expect"]) for c in cases), \
        f"no case of {rule_id} expects a finding of {rule_id}"
    assert any(c["expect"] == "pass" for c in cases), f"no case of {rule_id} expects no finding"


@pytest.mark.parametrize("rule_id", FOLDERS)
def test_every_file_beside_a_case_file_is_a_case(rule_id):
    folder = RULE_FIXTURES / rule_id
    used = {c["file"] for c in CASE_FILES[rule_id].cases.values() if "file" in c}
    assert {p.name for p in folder.iterdir()} - {"cases.yaml"} == used
    for name in used:  # the expectations live in cases.yaml only
        assert "# expect:" not in (folder / name).read_text(encoding="utf-8"), f"{rule_id}/{name}"


def test_a_broken_case_file_is_refused_where_it_is_wrong(tmp_path):
    (tmp_path / "dead-end").mkdir()
    written = tmp_path / "dead-end" / "cases.yaml"
    written.write_text(
        "rule: dead-end\ncases:\n  fine:\n    source: |\n      ivr: x\n    expect: pass\n"
        "  Bad_Name:\n    file: fail.yaml\n    options: {colour: red}\n"
        "    expect:\n      - {line: 0, rule: dead-ends, message: x}\n"
        "  typo:\n    expect: past\n", encoding="utf-8")
    errors = [e.removeprefix(str(written)) for e in load("dead-end", tmp_path).errors]
    assert [e.split(" (")[0].split(" is not one of")[0] for e in errors] == [
        ":7:3: cases: 'Bad_Name' does not match '^[a-z0-9]+(-[a-z0-9]+)*$'",
        ":11:16: cases/Bad_Name/expect/0/line: 0 is less than the minimum of 1",
        ":11:25: cases/Bad_Name/expect/0/rule: 'dead-ends'",
        ":9:5: cases/Bad_Name/options: Additional properties are not allowed",
        ":12:3: cases/typo: 'source' is a required property",
        ":13:13: cases/typo/expect: 'pass' was expected",
    ]
    written.write_text("rule: dead-end\ncases:\n  a:\n    file: gone.yaml\n    expect: pass\n"
                                       "  a:\n    file: gone.yaml\n    expect: pass\n", encoding="utf-8")
    assert load("dead-end", tmp_path).errors == (f"{written}:6:3: 'a' is given twice (first on line 3)",)
    written.write_text("rule: dead-end\ncases:\n  a:\n    file: gone.yaml\n    expect: pass\n",
                                       encoding="utf-8")
    assert load("dead-end", tmp_path).errors == (f"{written}:4:11: no file 'gone.yaml' beside the case file",)


# --- the cases ------------------------------------------------------------------------------------------


def _shown(finding) -> str:
    column = f", column: {finding.location.column}" if finding.location.column else ""
    return (f"{{line: {finding.location.line}{column}, rule: {finding.rule}, severity: {finding.severity.value}, "
            f"message: {json.dumps(finding.message, ensure_ascii=False)}}}")


def _mismatches(rule_id: str, expected: list[dict], findings) -> list[str]:
    """What differs between the expected findings and those found ([] when they agree)."""
    groups: dict[tuple[int, str], tuple[list, list]] = {}
    for item in expected:
        groups.setdefault((item["line"], item.get("rule", rule_id)), ([], []))[0].append(item)
    for finding in sorted(findings, key=lambda f: (f.location.line, f.location.column or 0)):
        groups.setdefault((finding.location.line, finding.rule), ([], []))[1].append(finding)
    problems = []
    for (line, rule), (wanted, found) in sorted(groups.items()):
        if len(wanted) != len(found):
            problems.append(f"line {line}, {rule}: {len(wanted)} expected, {len(found)} found")
            continue
        for item, finding in zip(wanted, found):
            fragments = [item["message"]] if isinstance(item["message"], str) else item["message"]
            wrong = [f"lacks {f!r}" for f in fragments if f not in finding.message]
            wrong += [f"holds {f!r}" for f in item.get("without", ()) if f in finding.message]
            if "column" in item and item["column"] != finding.location.column:
                wrong.append(f"is at column {finding.location.column}, not {item['column']}")
            if "severity" in item and item["severity"] != finding.severity.value:
                wrong.append(f"is {finding.severity.value}, not {item['severity']}")
            if wrong:
                problems.append(f"line {line}, {rule}: the finding {'; '.join(wrong)}")
    return problems


@pytest.mark.parametrize("rule_id, name", CASES, ids=[f"{rule_id}/{name}" for rule_id, name in CASES])
def test_case(rule_id, name, tmp_path):
    loaded = CASE_FILES[rule_id]
    case = loaded.cases[name]
    fmt = case.get("format", "yaml")
    if "file" in case:
        path = loaded.path.parent / case["file"]
    else:
        path = tmp_path / f"{name}{SUFFIX[fmt]}"
        path.write_text(case["source"], encoding="utf-8")
    config = Config(select=tuple(case.get("select", ())) or None, rules={rule_id: case.get("options", {})})
    settings = config.settings_for(None).rules
    result = check_file(path, settings, fmt)
    assert [f"{e.location}: {e.message}" for e in result.errors] == [], "the source cannot be read"
    expected = [] if case["expect"] == "pass" else case["expect"]
    problems = _mismatches(rule_id, expected, result.findings)
    assert not problems, "\n".join([f"{loaded.path.name} of {rule_id}, case {name}:", *problems,
                                    "found (as an expect list):", *(f"  - {_shown(f)}" for f in result.findings)])


def test_the_harness_names_each_difference():
    findings = check_file(RULE_FIXTURES / "dead-end" / "fail.yaml").findings  # lines 19, 22, 26, 28
    expected = [{"line": 19, "column": 4, "message": "message 'promo'"},
                {"line": 22, "severity": "warning", "message": ["input 'account'", "no way back"]},
                {"line": 26, "message": "branch 'hours'", "without": ["nowhere"]},
                {"line": 27, "message": "menu 'help'"},
                {"line": 28, "rule": "no-path-to-human", "message": "x"}]
    assert _mismatches("dead-end", expected, findings) == [
        "line 19, dead-end: the finding is at column 3, not 4",
        "line 22, dead-end: the finding lacks 'no way back'; is error, not warning",
        "line 26, dead-end: the finding holds 'nowhere'",
        "line 27, dead-end: 1 expected, 0 found",
        "line 28, dead-end: 0 expected, 1 found",
        "line 28, no-path-to-human: 1 expected, 0 found",
    ]
    assert _mismatches("dead-end", [{"line": f.location.line, "message": f.message} for f in findings], findings) == []

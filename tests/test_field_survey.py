"""The field survey (benchmarks/field): its json files follow the schema, and survey.py's figures are right.

No real file of the survey is used here: a tiny hand-made survey (a dialplan written for this test)."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from ivr.rules.registry import REGISTRY

ROOT = Path(__file__).resolve().parent.parent
FIELD = ROOT / "benchmarks" / "field"
SCHEMA = json.loads((FIELD / "field.schema.json").read_text(encoding="utf-8"))
SURVEYS = sorted(p for p in FIELD.glob("*.json") if p.name != "field.schema.json")


def _survey_module():
    spec = importlib.util.spec_from_file_location("field_survey", FIELD / "survey.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["field_survey"] = module
    spec.loader.exec_module(module)
    return module


survey = _survey_module()

DIALPLAN = b"""[from-pstn]
exten => s,1,Answer()
 same => n,Background(welcome)
 same => n,WaitExten(5)
exten => 1,1,Dial(SIP/100)
exten => 2,1,Voicemail(100@default)
"""


def _entry(sha: str, hand: list[dict], judged: list[dict], status: str = "read") -> dict[str, Any]:
    return {"repository": "someone/dialplans", "commit": "0" * 40, "path": "conf/extensions.conf",
            "licence": "none stated", "sha256": sha, "kind": "hand-written",
            "hand": {"counts": {"menus": 1, "options": 2, "transfers": 1, "handoffs": 1}, "findings": hand},
            "ivr": {"status": status, "findings": judged}}


def _hand(rule: str, context: str, line: int, certain: bool = True, end: int | None = None) -> dict:
    out = {"rule": rule, "context": context, "line": line, "why": "test", "certain": certain}
    if end is not None:
        out["end_line"] = end
    return out


def _judged(rule: str, line: int, node: str | None, verdict: str, severity: str = "warning") -> dict:
    return {"rule": rule, "severity": severity, "line": line, "node": node, "message": "m",
            "judged": verdict, "reason": "test"}


def _found(rule: str, line: int | None, node: str | None, severity: str = "warning", file: str = "") -> dict:
    return {"rule": rule, "severity": severity, "line": line, "node": node, "message": "m", "file": file}


@pytest.mark.parametrize("path", SURVEYS, ids=[p.name for p in SURVEYS])
def test_survey_json_follows_the_schema(path: Path) -> None:
    jsonschema.Draft7Validator.check_schema(SCHEMA)
    data = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(SCHEMA).validate(data)
    assert data["format"] == path.stem
    for entry in data["files"]:  # every warning and error is judged, each with its reason
        assert all(f["judged"] in ("true", "false", "debatable") and f["reason"] for f in entry["ivr"]["findings"])


def test_the_schema_rejects_an_unjudged_finding() -> None:
    bad: dict[str, Any] = {"format": "asterisk", "ivr_commit": "x",
           "files": [_entry("a" * 64, [], [_judged("dead-end", 3, "c,s,1", "true")])]}
    jsonschema.Draft7Validator(SCHEMA).validate(bad)
    del bad["files"][0]["ivr"]["findings"][0]["judged"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft7Validator(SCHEMA).validate(bad)


def test_recall_matches_rule_and_context_or_line_range() -> None:
    hand = _hand("disconnect-on-error", "ivr-1", 10, end=14)
    assert survey.recalled(hand, [_found("disconnect-on-error", 99, "ivr-1,s,5")])  # same context
    assert survey.recalled(hand, [_found("disconnect-on-error", 14, "other,s,1")])  # line in range
    assert not survey.recalled(hand, [_found("disconnect-on-error", 15, "other,s,1")])  # line after the range
    assert not survey.recalled(hand, [_found("dead-end", 12, "ivr-1,s,5")])  # another rule
    assert not survey.recalled(_hand("dead-end", "ivr-1", 10), [_found("dead-end", 11, None)])  # no end_line: line only
    # a line of another file (a companion) does not count for a finding of the surveyed file
    assert not survey.recalled(hand, [_found("disconnect-on-error", 12, None, file="other.conf")], "extensions.conf")
    assert survey.recalled(hand, [_found("disconnect-on-error", 12, None, file="extensions.conf")], "extensions.conf")


def test_figures_from_a_tiny_survey() -> None:
    entries = [
        _entry("a" * 64,
               [_hand("disconnect-on-error", "menu", 4), _hand("unknown-target", "menu", 9),
                _hand("no-path-to-human", "menu", 1, certain=False)],
               [_judged("disconnect-on-error", 4, "menu,s,3", "true"),
                _judged("dead-end", 7, "menu,s,9", "false"),
                _judged("dead-end", 7, "menu,s,9", "debatable")]),
        _entry("b" * 64, [_hand("dead-end", "x", 2)], [_judged("load-error", 2, None, "false", "error")], "refused"),
        _entry("c" * 64, [_hand("dead-end", "x", 2)], []),
    ]
    data = {"format": "asterisk", "ivr_commit": "x", "files": entries}
    results = [
        {"status": "read", "findings": [
            _found("disconnect-on-error", 4, "menu,s,3"),  # recalls the first hand finding; judged true
            _found("dead-end", 7, "menu,s,9"), _found("dead-end", 7, "menu,s,9"),  # false, then debatable
            _found("unreachable-node", 20, "menu,9,1"),  # a warning nobody judged
            _found("missing-greeting", 2, "menu,s,2", "info")]},  # infos are not judged
        {"status": "refused", "findings": [_found("load-error", 2, None, "error")]},
        None,  # missing
    ]
    fig = survey.figures(data, results)
    assert (fig.files, fig.read, fig.refused, fig.crashed, fig.missing) == (3, 1, 1, 0, 1)
    # certain hand findings of files run: 2 (first file; the uncertain one does not count) + 1 (refused: not recalled)
    assert (fig.certain, fig.recalled) == (3, 1)
    assert fig.recall == pytest.approx(1 / 3)
    assert dict(fig.judged) == {"true": 1, "false": 2, "debatable": 1}
    assert fig.unjudged == 1
    assert fig.share_true == pytest.approx(1 / 4)
    table = survey.table([fig])
    assert "33% (1/3)" in table and "25% (1/4)" in table
    assert fig.rows == [
        "someone/dialplans:conf/extensions.conf: read, recalled 1/2, judged true 1, false 1, debatable 1, unjudged 1",
        "someone/dialplans:conf/extensions.conf: refused, recalled 0/1, judged true 0, false 1, debatable 0, unjudged 0",
        "someone/dialplans:conf/extensions.conf: missing"]


def test_recorded_figures_use_the_judged_run() -> None:
    entry = _entry("a" * 64, [_hand("missing-greeting", "menu", 2)], [_judged("dead-end", 7, "menu,s,9", "true")])
    entry["ivr"]["info"] = [{"rule": "missing-greeting", "line": 2, "node": "menu,s,2"}]
    data = {"format": "asterisk", "ivr_commit": "x", "files": [entry]}
    fig = survey.figures(data, survey.recorded_results(data))
    assert (fig.recalled, fig.certain, fig.judged["true"], fig.unjudged) == (1, 1, 1, 0)


def test_crash_and_refusal_are_told_apart() -> None:
    crashed = survey.parse_output(1, "", "Traceback (most recent call last):\n  ...\nKeyError: 'x'\n")
    assert crashed["status"] == "crashed" and crashed["message"] == "KeyError: 'x'"
    assert survey.parse_output(0, "not json", "")["status"] == "crashed"
    assert survey.parse_output(-9, "", "")["status"] == "crashed"
    refused = survey.parse_output(2, json.dumps({"findings": [], "errors": [
        {"file": "/tmp/x/extensions.conf", "line": 3, "column": 1, "message": "bad"}]}), "")
    assert refused["status"] == "refused" and refused["message"] == "extensions.conf:3: bad"
    assert refused["findings"] == [{"rule": "load-error", "severity": "error", "file": "extensions.conf",
                                    "line": 3, "node": None, "message": "bad"}]


def test_survey_runs_ivr_on_files_found_by_sha256_or_repository_path(tmp_path: Path) -> None:
    sha = hashlib.sha256(DIALPLAN).hexdigest()
    hand = [_hand("disconnect-on-error", "from-pstn", 4), _hand("dead-end", "from-pstn", 5)]
    judged = [_judged("disconnect-on-error", 4, "from-pstn,s,2", "true"),
              _judged("disconnect-on-error", 4, "from-pstn,s,2", "false")]
    data = {"format": "asterisk", "ivr_commit": "x", "files": [_entry(sha, hand, judged)]}
    by_path = tmp_path / "by-path"
    (by_path / "someone+dialplans" / "repo" / "conf").mkdir(parents=True)
    (by_path / "someone+dialplans" / "repo" / "conf" / "extensions.conf").write_bytes(DIALPLAN)
    by_sha = tmp_path / "by-sha"
    by_sha.mkdir()
    (by_sha / f"{sha}.conf").write_bytes(DIALPLAN)
    wrong = tmp_path / "wrong"
    wrong.mkdir()
    (wrong / sha).write_bytes(DIALPLAN + b"; changed\n")
    ivr = survey.default_ivr()
    for folder in (by_path, by_sha):
        result = survey.check_entry(data["files"][0], folder, ivr)
        assert result is not None and result["status"] == "read", result
        fig = survey.figures(data, [result])
        # ivr says no input and a wrong key hang up (line 4); it reports no dead end
        assert (fig.read, fig.certain, fig.recalled) == (1, 2, 1)
        assert dict(fig.judged) == {"true": 1, "false": 1}
    assert survey.check_entry(data["files"][0], wrong, ivr) is None  # another SHA-256: missing


def test_main_prints_the_table_of_the_recorded_surveys(capsys: pytest.CaptureFixture[str]) -> None:
    assert survey.main(["--recorded"]) == 0
    out = capsys.readouterr().out
    for path in SURVEYS:
        assert f"| {path.stem}" in out


def test_every_survey_file_is_listed_once() -> None:
    for path in SURVEYS:
        data = json.loads(path.read_text(encoding="utf-8"))
        keys = [(f["repository"], f["path"]) for f in data["files"]]
        assert len(keys) == len(set(keys))
        assert len({f["sha256"] for f in data["files"]}) == len(keys)


def test_precision_counts_each_rule_s_judged_warnings_and_errors() -> None:
    one = _entry("a" * 64, [], [_judged("dead-end", 7, "m,s,9", "true"), _judged("dead-end", 8, "m,s,10", "false"),
                                _judged("unknown-target", 3, None, "debatable", "error")])
    two = _entry("b" * 64, [], [_judged("dead-end", 2, "n,s,1", "true")])
    surveys = [{"format": "asterisk", "ivr_commit": "x", "files": [one]},
               {"format": "ael", "ivr_commit": "x", "files": [two]}]
    assert survey.precision(surveys) == {"dead-end": (2, 1, 0), "unknown-target": (0, 0, 1)}
    table = survey.precision_table(surveys).splitlines()
    assert table[1].split() == ["dead-end", "3", "2", "1", "0", "67%"]
    block = survey.readme_block(surveys)
    assert "2 files of the field surveys: ael, asterisk" in block
    assert "| `dead-end` | 3 | 2 | 1 | 0 | 67% |" in block


def test_what_ivr_rules_says_of_precision_is_in_step_with_the_surveys() -> None:
    """``ivr/rules/measured.py`` and the README's table are written from the surveys' judgements
    (``survey.py --write-precision``): re-judging a survey without writing them fails here."""
    surveys = [json.loads(path.read_text(encoding="utf-8")) for path in SURVEYS]
    assert survey.MEASURED_MODULE.read_text(encoding="utf-8") == survey.precision_module(surveys), (
        "run: .venv/bin/python benchmarks/field/survey.py --write-precision")
    readme = survey.README.read_text(encoding="utf-8")
    assert survey.with_readme_block(readme, survey.readme_block(surveys)) == readme, (
        "run: .venv/bin/python benchmarks/field/survey.py --write-precision")
    from ivr.rules.measured import MEASURED

    assert set(MEASURED) - {survey.LOAD_ERROR} <= set(REGISTRY)  # ivr gave them: its own rules

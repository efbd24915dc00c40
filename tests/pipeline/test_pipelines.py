"""The pre-commit hook and the README's pipeline examples do what they say."""

from __future__ import annotations

import configparser
import json
import re
import shlex
import shutil

import jsonschema
import yaml
from click.testing import CliRunner

from ivr.cli import cli

from tests.conftest import FIXTURES, ROOT
from tests.present.test_output_formats import SARIF_SCHEMA

README = (ROOT / "README.md").read_text(encoding="utf-8")
CLEAN = [str(FIXTURES / "rules" / rule / "pass.yaml") for rule in ("dead-end", "unknown-target")]


def hooks() -> list[dict]:
    return yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())


def console_scripts() -> dict[str, str]:
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg")
    lines = config["options.entry_points"]["console_scripts"].strip().splitlines()
    return dict(tuple(part.strip() for part in line.split("=")) for line in lines)


def readme_yaml(marker: str) -> dict:
    """The README's YAML block that holds ``marker``."""
    (block,) = [b for b in re.findall(r"```yaml\n(.*?)```", README, re.S) if marker in b]
    return yaml.safe_load(block)


def test_hook_runs_the_declared_console_script():
    (hook,) = hooks()
    assert hook["id"] == "ivr-check"
    assert hook["language"] == "python" and hook["types"] == ["yaml"]
    # one process for every staged file: one start-up and one total, not a partial total per batch
    assert hook["require_serial"] is True
    script, command = shlex.split(hook["entry"])
    assert console_scripts()[script] == "ivr.cli:main" and command == "check"


def test_hook_as_pre_commit_runs_it():
    """pre-commit runs the entry, then the user's args, then the staged files."""
    (hook,) = hooks()
    argv = shlex.split(hook["entry"])[1:]
    assert CliRunner().invoke(cli, [*argv, *CLEAN]).exit_code == 0
    failing = str(FIXTURES / "rules" / "dead-end" / "fail.yaml")
    assert CliRunner().invoke(cli, [*argv, "--fail-on", "warning", *CLEAN, failing]).exit_code == 1
    # a YAML file that is not a menu stops the commit: hence `files:` in the README's example
    result = CliRunner().invoke(cli, [*argv, *CLEAN, str(ROOT / ".pre-commit-hooks.yaml")])
    assert result.exit_code == 2


def test_readme_pre_commit_example():
    config = readme_yaml("repos:")
    (repo,) = config["repos"]
    (hook,) = repo["hooks"]
    assert hook["id"] in {h["id"] for h in hooks()}
    files = re.compile(hook["files"])
    assert files.search("menus/bank.yaml") and not files.search(".github/workflows/menus.yml")
    assert CliRunner().invoke(cli, ["check", *hook["args"], *CLEAN]).exit_code == 0


def test_readme_github_workflow(tmp_path, monkeypatch):
    workflow = readme_yaml("upload-sarif")
    assert workflow["permissions"]["security-events"] == "write"
    steps = workflow["jobs"]["ivr"]["steps"]
    setup = next(s for s in steps if s.get("uses", "").startswith("actions/setup-python@"))
    assert setup["with"]["python-version"] == "3.11"
    check = next(s for s in steps if s.get("id") == "check")
    upload = next(s for s in steps if s.get("uses") == "github/codeql-action/upload-sarif@v3")
    final = steps[-1]
    assert check["continue-on-error"] is True
    assert final["if"] == "steps.check.outcome == 'failure'"

    # run the two ivr steps as the runner would, in a checkout holding the example menus
    shutil.copytree(ROOT / "menus", tmp_path / "menus")
    monkeypatch.chdir(tmp_path)
    program, *argv = shlex.split(check["run"])
    assert program == "ivr"
    first = CliRunner().invoke(cli, argv)
    assert first.exit_code == 1  # the "before review" menu has errors: the last step will run
    sarif_file = tmp_path / upload["with"]["sarif_file"]
    log = json.loads(sarif_file.read_text())
    jsonschema.Draft7Validator(SARIF_SCHEMA).validate(log)
    assert log["runs"][0]["results"]
    program, *argv = shlex.split(final["run"])
    second = CliRunner().invoke(cli, argv)
    assert second.exit_code == 1 and second.stdout.startswith("::")


def test_readme_gitlab_ci_writes_the_code_quality_report(tmp_path, monkeypatch):
    job = readme_yaml("codequality")["ivr"]
    report = job["artifacts"]["reports"]["codequality"]
    assert job["artifacts"]["when"] == "always"
    (command,) = [line for line in job["script"] if line.startswith("ivr ")]
    program, *argv = shlex.split(command)
    assert argv[argv.index("-o") + 1] == report

    shutil.copytree(ROOT / "menus", tmp_path / "menus")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, argv)
    assert result.exit_code == 1 and result.stdout == ""  # the "before review" menu has errors
    assert result.stderr.startswith("Found ")  # the log still says what was found
    issues = json.loads((tmp_path / report).read_text())
    assert issues and {i["location"]["path"] for i in issues} == {"menus/telecom-before-review.yaml"}

"""Configuration (search order, settings, overrides, bad files) and suppressions in menu files."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from ivr.cli import cli
from ivr.config import Config, find_config, load_config
from ivr.model.errors import InvalidConfig
from ivr.model.findings import Severity
from ivr.pipeline import check_file
from ivr.rules.registry import REGISTRY

from tests.conftest import FIXTURES

RULES = FIXTURES / "rules"
# a menu with one error (dead-end) and one warning (unreachable-node)
MENU = """\
ivr: Config test
start: welcome
nodes:
  welcome:
    type: message
    prompt: Welcome to Acme.
    goto: main
  main:
    type: menu
    prompt: Press 1 for our hours, 2 to hear this again, 0 for an agent.
    options:
      "1": {goto: hours}
      "2": {goto: main}
      "0": {goto: agents}
    on_fail: agents
  hours:
    type: message
    prompt: We are open from nine to five.
  old_promo:
    type: message
    prompt: Ask us about savings.
    goto: main
  agents:
    type: transfer
    queue: general
    prompt: Sorry to keep you waiting; an agent will answer in about two minutes.
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture
def run(tmp_path, monkeypatch):
    """Run ivr in tmp_path (where the configuration is searched from)."""
    monkeypatch.chdir(tmp_path)

    def invoke(*args):
        return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)

    return invoke


def rules_found(result_output: str) -> list[str]:
    return [line.split(": ")[2] for line in result_output.splitlines() if ": " in line and line.count(":") >= 4]


# -- where the configuration comes from -------------------------------------------------------------

def test_no_configuration_means_every_rule_with_its_defaults(tmp_path):
    assert find_config(tmp_path) is None
    settings = Config().settings_for("menu.yaml")
    assert list(settings.rules) == list(REGISTRY)
    assert settings.fail_on == "error"
    assert settings.rules["slow-goal"].options == {"max_seconds": 120}


def test_in_one_folder_ivr_yaml_wins_over_pyproject_over_setup_cfg(tmp_path):
    write(tmp_path, "setup.cfg", "[ivr]\nfail-on = info\n")
    assert find_config(tmp_path) == tmp_path / "setup.cfg"
    write(tmp_path, "pyproject.toml", '[tool.ivr]\nfail-on = "never"\n')
    assert find_config(tmp_path) == tmp_path / "pyproject.toml"
    write(tmp_path, ".ivr.yaml", "fail-on: warning\n")
    assert find_config(tmp_path) == tmp_path / ".ivr.yaml"
    assert load_config(find_config(tmp_path)).settings_for(None).fail_on == "warning"


def test_files_without_an_ivr_section_are_no_configuration(tmp_path):
    write(tmp_path, "pyproject.toml", '[project]\nname = "x"\n\n[tool.ruff]\nline-length = 100\n')
    write(tmp_path, "setup.cfg", "[metadata]\nname = x\n")
    assert find_config(tmp_path) is None
    write(tmp_path, "setup.cfg", "[metadata]\nname = x\n\n[ivr]\nfail-on = never\n")
    assert find_config(tmp_path) == tmp_path / "setup.cfg"


def test_the_nearest_folder_wins(tmp_path):
    write(tmp_path, ".ivr.yaml", "fail-on: warning\n")
    inner = tmp_path / "team" / "menus"
    inner.mkdir(parents=True)
    assert find_config(inner) == tmp_path / ".ivr.yaml"
    write(tmp_path / "team", "pyproject.toml", '[tool.ivr]\nfail-on = "never"\n')
    assert find_config(inner) == tmp_path / "team" / "pyproject.toml"


def test_the_three_formats_say_the_same(tmp_path):
    yaml_file = write(tmp_path / "a", ".ivr.yaml", """\
        ignore: [unreachable-node]
        fail-on: warning
        rules:
          slow-goal: {max_seconds: 90, severity: error}
        """)
    toml_file = write(tmp_path / "b", "pyproject.toml", """\
        [tool.ivr]
        ignore = ["unreachable-node"]
        fail-on = "warning"

        [tool.ivr.rules.slow-goal]
        max_seconds = 90
        severity = "error"
        """)
    ini_file = write(tmp_path / "c", "setup.cfg", """\
        [ivr]
        ignore = unreachable-node
        fail-on = warning
        rules =
            slow-goal: {max_seconds: 90, severity: error}
        """)
    effective = [load_config(f).effective() for f in (yaml_file, toml_file, ini_file)]
    for e in effective:
        e.pop("config")
    assert effective[0] == effective[1] == effective[2]
    assert effective[0]["rules"]["slow-goal"] == {"severity": "error", "max_seconds": 90}
    assert effective[0]["ignored"] == ["unreachable-node"]
    assert effective[0]["fail-on"] == "warning"


@pytest.mark.parametrize("text", ["", "\n", "# nothing set yet\n"])
def test_an_empty_ivr_yaml_means_the_defaults(tmp_path, text):
    config = load_config(write(tmp_path, ".ivr.yaml", text))
    assert config.effective()["rules"] == Config().effective()["rules"]


# -- what the settings do ----------------------------------------------------------------------------

def test_select_ignore_severity_and_options(tmp_path):
    menu = write(tmp_path, "menu.yaml", MENU)
    config = write(tmp_path, ".ivr.yaml", """\
        select: [dead-end, unreachable-node, slow-goal]
        ignore: [unreachable-node]
        rules:
          dead-end: {severity: info}
        """)
    settings = load_config(config).settings_for(menu)
    assert list(settings.rules) == ["dead-end", "slow-goal"]
    findings = check_file(menu, settings.rules).findings
    assert [(f.rule, f.severity) for f in findings] == [("dead-end", Severity.INFO)]


def test_a_configured_severity_holds_where_the_rule_escalates(tmp_path):
    # no-path-to-human raises the start menu to error; a configured severity wins over that
    path = RULES / "no-path-to-human" / "fail.yaml"
    default = {f.severity for f in check_file(path).findings if f.rule == "no-path-to-human"}
    assert Severity.ERROR in default
    config = Config(rules={"no-path-to-human": {"severity": "info"}})
    configured = {f.severity for f in check_file(path, config.settings_for(path).rules).findings
                  if f.rule == "no-path-to-human"}
    assert configured == {Severity.INFO}


def test_overrides_apply_by_path_relative_to_the_configuration(tmp_path):
    write(tmp_path, "menus/new.yaml", MENU)
    legacy = write(tmp_path, "menus/legacy/old.yaml", MENU)
    config = load_config(write(tmp_path, ".ivr.yaml", """\
        fail-on: warning
        overrides:
          - files: ["menus/legacy/*.yaml"]
            ignore: [dead-end]
            fail-on: error
            rules:
              slow-goal: {max_seconds: 30}
        """))
    new = config.settings_for(tmp_path / "menus/new.yaml")
    old = config.settings_for(legacy)
    assert "dead-end" in new.rules and new.fail_on == "warning"
    assert "dead-end" not in old.rules and old.fail_on == "error"
    assert old.rules["slow-goal"].options == {"max_seconds": 30}
    assert new.rules["slow-goal"].options == {"max_seconds": 120}


def test_check_follows_the_configuration_and_options_win(run, tmp_path):
    write(tmp_path, "menu.yaml", MENU)
    result = run("check", "menu.yaml")
    assert result.exit_code == 1
    assert rules_found(result.output) == ["dead-end", "unreachable-node"]

    write(tmp_path, ".ivr.yaml", "ignore: [dead-end]\nfail-on: warning\n")
    result = run("check", "menu.yaml")
    assert (result.exit_code, rules_found(result.output)) == (1, ["unreachable-node"])
    assert run("check", "menu.yaml", "--fail-on", "error").exit_code == 0
    result = run("check", "menu.yaml", "--select", "dead-end")
    assert (result.exit_code, rules_found(result.output)) == (1, ["dead-end"])
    result = run("check", "menu.yaml", "--ignore", "unreachable-node")
    assert (result.exit_code, rules_found(result.output)) == (0, [])
    result = run("check", "menu.yaml", "--isolated")
    assert (result.exit_code, rules_found(result.output)) == (1, ["dead-end", "unreachable-node"])


def test_fail_on_info(run, tmp_path):
    write(tmp_path, "menu.yaml", MENU)
    write(tmp_path, ".ivr.yaml", "rules:\n  dead-end: {severity: info}\n  unreachable-node: {severity: info}\n")
    assert run("check", "menu.yaml").exit_code == 0
    assert run("check", "menu.yaml", "--fail-on", "info").exit_code == 1


def test_config_option_names_the_file(run, tmp_path):
    write(tmp_path, "menu.yaml", MENU)
    write(tmp_path, ".ivr.yaml", "ignore: [dead-end, unreachable-node]\n")
    other = write(tmp_path, "strict.yaml", "fail-on: warning\n")
    assert run("check", "menu.yaml").exit_code == 0
    assert run("check", "menu.yaml", "--config", other).exit_code == 1


def test_unknown_rule_on_the_command_line_is_a_usage_error(run, tmp_path):
    write(tmp_path, "menu.yaml", MENU)
    result = run("check", "menu.yaml", "--select", "dead-ends")
    assert result.exit_code == 2
    assert "unknown rule 'dead-ends' (did you mean 'dead-end'?)" in result.output


def test_ivr_config_prints_the_effective_configuration(run, tmp_path):
    write(tmp_path, "menus/legacy/old.yaml", MENU)
    write(tmp_path, ".ivr.yaml", """\
        ignore: [unreachable-node]
        rules:
          slow-goal: {max_seconds: 90}
        overrides:
          - files: ["menus/legacy/*"]
            fail-on: never
        """)
    result = run("config")
    assert result.exit_code == 0
    printed = yaml.safe_load(result.output)
    assert printed["config"] == ".ivr.yaml"
    assert printed["fail-on"] == "error"
    assert printed["rules"]["slow-goal"] == {"severity": "warning", "max_seconds": 90}
    assert printed["ignored"] == ["unreachable-node"]
    assert printed["overrides"] == [{"files": ["menus/legacy/*"], "fail-on": "never"}]

    result = run("config", "menus/legacy/old.yaml", "--format", "json")
    printed = json.loads(result.output)
    assert printed["fail-on"] == "never" and printed["overrides"] == []

    printed = json.loads(run("config", "--format", "json", "--fail-on", "info", "--select", "dead-end").output)
    assert (printed["fail-on"], list(printed["rules"])) == ("info", ["dead-end"])
    printed = json.loads(run("config", "--format", "json", "--isolated").output)
    assert printed["config"] is None and printed["ignored"] == []


# -- bad configuration files: a located message with a fix, exit status 2 -----------------------------

@pytest.mark.parametrize(
    "name, text, message",
    [
        (".ivr.yaml", "rules:\n  dead-ends: {severity: info}\n",
         ".ivr.yaml:2:3: error: unknown rule 'dead-ends' (did you mean 'dead-end'?)"),
        (".ivr.yaml", "rules:\n  slow-goal:\n    max_second: 60\n",
         ".ivr.yaml:3:5: error: unknown option 'max_second' of rule 'slow-goal' (did you mean 'max_seconds'?); "
         "its options are: max_seconds, and 'severity'"),
        (".ivr.yaml", "rules:\n  dead-end: {max: 3}\n",
         ".ivr.yaml:2:14: error: unknown option 'max' of rule 'dead-end'; it has no options, and 'severity'"),
        (".ivr.yaml", "fail_on: warning\n", ".ivr.yaml:1:1: error: unknown setting 'fail_on' (did you mean 'fail-on'?)"),
        (".ivr.yaml", "fail-on: warnings\n", ".ivr.yaml:1:10: error: fail-on must be one of never, error, warning, info, "
                                              "not 'warnings' (did you mean 'warning'?)"),
        (".ivr.yaml", "ignore: [dead-end, slow-goals]\n",
         ".ivr.yaml:1:20: error: unknown rule 'slow-goals' in ignore (did you mean 'slow-goal'?)"),
        (".ivr.yaml", "ignore: dead-end\n", ".ivr.yaml:1:9: error: ignore must be a list such as [dead-end, slow-goal]"),
        (".ivr.yaml", "rules:\n  slow-goal: {max_seconds: soon}\n",
         ".ivr.yaml:2:28: error: rules.slow-goal.max_seconds must be a number, not 'soon'"),
        (".ivr.yaml", "rules:\n  slow-goal: {severity: fatal}\n",
         ".ivr.yaml:2:25: error: rules.slow-goal.severity must be one of info, warning, error, not 'fatal'"),
        (".ivr.yaml", "overrides:\n  - ignore: [dead-end]\n", ".ivr.yaml:2:5: error: override 1 has no 'files'"),
        (".ivr.yaml", "fail-on: [warning\n", ".ivr.yaml:2:1: error: "),
        (".ivr.yaml", "- dead-end\n", ".ivr.yaml:1:1: error: the configuration must be a mapping"),
        (".ivr.yaml", "fail-on: warning\nfail-on: error\n", ".ivr.yaml:2:1: error: 'fail-on' is set twice (first at line 1)"),
        ("pyproject.toml", '[project]\nname = "x"\n\n[tool.ivr]\nfail-on = "warning"\n\n[tool.ivr.rules.slowgoal]\n'
                           "max_seconds = 60\n",
         "pyproject.toml:7:17: error: unknown rule 'slowgoal' (did you mean 'slow-goal'?)"),
        ("pyproject.toml", "[tool.ivr]\nfail-on = warning\n", "pyproject.toml:2:11: error: not valid TOML: "),
        ("setup.cfg", "[metadata]\nname = x\n\n[ivr]\nignore = dead-end, unreachable\n",
         "setup.cfg:5:1: error: unknown rule 'unreachable' in ignore (did you mean 'unreachable-node'?)"),
        ("setup.cfg", "[ivr]\nrules = {slow-goal: {max_seconds: 60}\n", "setup.cfg:2:1: error: the value of 'rules' "),
    ],
)
def test_bad_configuration_files(run, tmp_path, name, text, message):
    write(tmp_path, "menu.yaml", MENU)
    write(tmp_path, name, text)
    for command in (["check", "menu.yaml"], ["config"], ["render", "menu.yaml", "-o", "menu.dot"]):
        result = run(*command)
        assert result.exit_code == 2, command
        assert result.output.startswith(message), result.output
        assert "Traceback" not in result.output
    assert not (tmp_path / "menu.dot").exists()


def test_bad_configuration_raises_every_error(tmp_path):
    path = write(tmp_path, ".ivr.yaml", "fail-on: soon\nrules:\n  dead-ends: {}\n  slow-goal: {max: 1}\n")
    with pytest.raises(InvalidConfig) as caught:
        load_config(path)
    assert [(e.location.line, e.location.column) for e in caught.value.errors] == [(1, 10), (3, 3), (4, 15)]


def test_the_config_schema_knows_every_rule_and_option():
    from ivr.config import config_schema

    rules = config_schema()["properties"]["rules"]["properties"]
    assert set(rules) == set(REGISTRY)
    for rule_id, rule in REGISTRY.items():
        assert set(rules[rule_id]["properties"]) == {"severity", *rule.OPTIONS}


# -- suppressions in menu files ---------------------------------------------------------------------

SUPPRESSED = MENU.replace(
    "    prompt: We are open from nine to five.\n",
    "    prompt: We are open from nine to five.\n    ignore:\n      dead-end: the platform returns to main itself\n",
).replace("ivr: Config test\n", "ivr: Config test\nignore:\n  unreachable-node: kept for the spring campaign\n")


def test_a_suppression_accepts_the_finding_with_its_reason(tmp_path):
    path = write(tmp_path, "menu.yaml", MENU)
    assert [f.rule for f in check_file(path).findings] == ["dead-end", "unreachable-node"]
    path = write(tmp_path, "menu.yaml", SUPPRESSED)
    assert check_file(path).findings == []


def test_suppressions_of_rules_that_do_not_run_are_not_unused(tmp_path):
    path = write(tmp_path, "menu.yaml", SUPPRESSED)
    settings = Config(ignore=("dead-end",)).settings_for(path)
    assert check_file(path, settings.rules).findings == []
    settings = Config(ignore=("unused-suppression",)).settings_for(path)
    assert check_file(path, settings.rules).findings == []


def test_a_node_suppression_does_not_reach_other_nodes(tmp_path):
    text = SUPPRESSED.replace("ignore:\n  unreachable-node: kept for the spring campaign\n", "")
    text = text.replace("      dead-end: the platform", "      unreachable-node: wrong node\n      dead-end: the platform")
    findings = check_file(write(tmp_path, "menu.yaml", text)).findings
    assert [(f.rule, f.node) for f in findings] == [("unused-suppression", "hours"),
                                                     ("unreachable-node", "old_promo")]


def test_a_suppression_must_be_rule_ids_and_text(tmp_path):
    path = write(tmp_path, "menu.yaml", MENU.replace("    goto: main\n  agents", "    goto: main\n    ignore: [dead-end]\n  agents"))
    result = CliRunner().invoke(cli, ["check", str(path)])
    assert result.exit_code == 2
    assert "'ignore' of node 'old_promo' must be a mapping, not a list" in result.output


def test_suppressions_carry_their_place_and_reason(tmp_path):
    from ivr.formats.native.loader import load_menu

    menu = load_menu(write(tmp_path, "menu.yaml", SUPPRESSED))
    suppression = menu.nodes["hours"].ignore["dead-end"]
    assert (suppression.reason, suppression.location.line, suppression.location.column) == (
        "the platform returns to main itself", 22, 7)
    assert menu.ignore["unreachable-node"].location.line == 3


def test_a_folder_scan_skips_the_configuration_file(run, tmp_path):
    write(tmp_path, "menus/menu.yaml", MENU)
    write(tmp_path, ".ivr.yaml", "ignore: [dead-end]\n")
    result = run("check", ".")
    assert (result.exit_code, rules_found(result.output)) == (0, ["unreachable-node"])
    assert result.output.splitlines()[-1] == "Found 1 warning in 1 file."

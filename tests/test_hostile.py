"""Hostile and absurd input (issue 15): every error located, nothing raw echoed, nothing read forever."""

from __future__ import annotations

import os
import subprocess
import time
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner

from ivr.cli import cli
from ivr.formats import sources
from ivr.formats.sources import read_bytes
from ivr.model.errors import InvalidMenu
from ivr.model.words import MAX_MESSAGE, printable
from ivr.present import write_atomic


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def write(tmp_path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


@pytest.mark.parametrize(("prompt", "column"), [(b'"x\x1by"', 31), (b"x\x1by", 30), ("\"\u00e9x\x1by\"".encode(), 32)])
def test_a_control_character_is_located_where_it_stands(tmp_path, prompt, column):
    path = write(tmp_path, "c.yaml", b"ivr: t\nstart: a\nnodes:\n  a: {type: hangup, prompt: " + prompt + b"}\n")
    result = run("check", path)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{path}:4:{column}: error: invalid YAML: the control character U+001B cannot be written as it is; remove it, "
        "or write it as the escape \\x1b inside a double-quoted string"]


def test_menu_text_with_line_breaks_cannot_forge_a_finding_line(tmp_path):
    path = write(tmp_path, "c.yaml", b'ivr: t\nstart: "a\\nb.yaml:1:1: error: forged\\x1b[31m"\nnodes:\n  a: {type: hangup}\n')
    result = run("check", path, "--no-color")
    lines = result.output.splitlines()
    assert len(lines) == 2 and lines[0].startswith(f"{path}:2:8: error: unknown-target: ")
    assert "'a\\nb.yaml:1:1: error: forged\\x1b[31m'" in lines[0] and "\x1b" not in result.output


def test_junit_stays_well_formed_with_a_nul_in_the_menu(tmp_path):
    path = write(tmp_path, "c.yaml", b'ivr: t\nstart: a\nnodes: {a: {type: "\\0"}}\n')
    result = run("check", path, "--format", "junit")
    assert result.exit_code == 2
    error = ET.fromstring(result.output).find(".//error")
    assert "unknown node type '\\x00'" in error.text


def test_long_values_are_shortened_in_messages():
    message = printable("start names unknown node '" + "x" * 300_000 + "'; set it to the id of the first node")
    assert len(message) < 200
    assert "(300,000 characters)" in message
    assert len(printable("y" * 10_000)) < MAX_MESSAGE + 40


def test_utf16_without_a_bom_is_named(tmp_path):
    path = write(tmp_path, "u.yaml", "ivr: t\nstart: a\n".encode("utf-16-le"))
    result = run("check", path)
    assert result.exit_code == 2
    assert f"{path}:1:1: error: UTF-16 without a byte-order mark is not supported; save the file as UTF-8" in result.stderr


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "p.yaml"
    os.mkfifo(fifo)
    with pytest.raises(InvalidMenu) as caught:
        read_bytes(str(fifo))
    assert str(caught.value) == f"{fifo}:1:1: this is a named pipe (FIFO), not a file; pass a menu file"


def test_a_device_is_refused_without_reading_it():
    with pytest.raises(InvalidMenu, match="this is a device, not a file"):
        read_bytes("/dev/zero")


def test_a_source_over_the_limit_is_refused_after_reading_one_byte_more(tmp_path, monkeypatch):
    path = write(tmp_path, "big.yaml", b"#" * 1001)
    assert read_bytes(path, limit=1001) == b"#" * 1001
    with pytest.raises(InvalidMenu, match="larger than 1,000 bytes, the most ivr reads"):
        read_bytes(path, limit=1000)
    reads = []
    real_open = open

    class Counting:
        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def read(self, size=-1):
            reads.append(size)
            return self.handle.read(size)

    monkeypatch.setattr(sources, "open", lambda *a, **k: Counting(real_open(*a, **k)), raising=False)
    with pytest.raises(InvalidMenu):
        read_bytes(path, limit=10)
    assert reads == [11]


def test_a_revision_that_looks_like_an_option_never_reaches_git_as_one(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    calls = []
    real_run = subprocess.run  # ivr.formats.sources imports subprocess when it runs git

    def spy(argv, **kwargs):
        calls.append(argv)
        return real_run(argv, **kwargs)

    monkeypatch.setattr(subprocess, "run", spy)
    result = run("diff", "--", "--exec-path=/tmp:menu.yaml", "-p:menu.yaml")
    assert result.exit_code == 2
    assert calls, "git was not asked"
    for argv in calls:
        assert argv[-2] == "--end-of-options" and argv[-1].startswith("-")


def test_a_write_removes_a_temporary_file_left_by_a_killed_run(tmp_path):
    target = tmp_path / "report.json"
    stale = tmp_path / ".report.json.abc123.ivr-tmp"
    fresh = tmp_path / ".report.json.def456.ivr-tmp"
    stale.write_text("half")
    fresh.write_text("being written")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    write_atomic(target, "{}")
    assert target.read_text() == "{}"
    assert not stale.exists() and fresh.exists()  # a recent one may belong to a run still writing
    assert sorted(p.name for p in tmp_path.iterdir()) == [".report.json.def456.ivr-tmp", "report.json"]


def test_writing_many_files_removes_the_leftovers_of_those_files_only(tmp_path):
    # one listing of the folder for them all (one per file made writing N files quadratic)
    from ivr.cli.common import write_atomic_all  # noqa: PLC0415

    old = time.time() - 3600
    names = {"a.yaml": ".a.yaml.x1y2.ivr-tmp", "a.yaml.bak": ".a.yaml.bak.q9.ivr-tmp", "b.yaml": ".b.yaml.z3.ivr-tmp"}
    for leftover in names.values():
        (tmp_path / leftover).write_text("half")
        os.utime(tmp_path / leftover, (old, old))
    (tmp_path / ".b.yaml.fresh1.ivr-tmp").write_text("being written")
    write_atomic_all({tmp_path / "a.yaml": "A", tmp_path / "b.yaml": "B"})
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".a.yaml.bak.q9.ivr-tmp", ".b.yaml.fresh1.ivr-tmp", "a.yaml", "b.yaml"]  # not a.yaml.bak's, not a fresh one
    assert (tmp_path / "a.yaml").read_text() == "A" and (tmp_path / "b.yaml").read_text() == "B"


NUMBERS = """ivr: t
start: main
intents:
  agent: {goal: agents, share: SHARE}
nodes:
  main:
    type: menu
    prompt: Press 0 for an agent.
    duration: DURATION
    options: {"0": {goto: pick}}
  pick: {type: branch, branches: [{when: open, goto: agents, p: P}], otherwise: agents}
  agents: {type: transfer, queue: q}
"""


@pytest.mark.parametrize(("field", "value", "where", "expected"), [
    ("SHARE", ".nan", "4:32", "'.nan' is not a finite number"),
    ("SHARE", ".inf", "4:32", "'.inf' is not a finite number"),
    ("P", ".NaN", "11:65", "'.NaN' is not a finite number"),
    ("DURATION", "-.inf", "9:15", "'-.inf' is not a finite number"),
    ("DURATION", "1.0e+308", "9:15", "'duration' of node 'main' must be at most 3600, not 1e+308"),
    ("SHARE", "1e308", "4:32", "must be a number, not text ('1e308'); YAML 1.1 reads a number with an exponent as "
                              "text unless it has a dot and a signed exponent"),
    ("SHARE", "1.0e+300", "4:32", "'share' of intent 'agent' must be at most 1000000"),
])
@pytest.mark.parametrize("command", [["check"], ["simulate"], ["simulate", "--patience", "0"], ["report", "-o", "R"],
                                     ["render", "-o", "x.dot", "--simulate"], ["diff", "OLD"]])
def test_every_number_is_finite_and_sane_or_a_located_error(tmp_path, monkeypatch, field, value, where, expected,
                                                            command):
    monkeypatch.chdir(tmp_path)
    values = {"SHARE": "1", "DURATION": "4", "P": "0.5", field: value}
    text = NUMBERS
    for name, given in values.items():
        text = text.replace(name, given)
    path = write(tmp_path, "n.yaml", text.encode())
    args = [arg if arg != "OLD" else path for arg in command]
    args = [args[0], path, *args[1:]] if args[0] != "diff" else ["diff", path, path]
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert f"{path}:{where}: " in result.stderr and expected in result.stderr, result.stderr
    assert not (tmp_path / "R").exists() and not (tmp_path / "x.dot").exists()


def test_retries_past_the_limit_are_a_located_error(tmp_path):
    path = write(tmp_path, "r.yaml", NUMBERS.replace("SHARE", "1").replace("DURATION", "4").replace("P", "0.5")
                 .replace("    duration: 4\n", "    duration: 4\n    retries: 100000\n").encode())
    result = run("simulate", path, "--patience", "0")
    assert result.exit_code == 2
    assert f"{path}:10:14: error: 'retries' of node 'main' must be at most 100, not 100000" in result.stderr


def test_a_loop_left_only_with_a_negligible_probability_is_a_trap_not_a_singular_solve(tmp_path):
    # found by the fuzz tests: 1 - 5e-19 rounds to 1, so the branch's row made (I - Q) singular
    path = write(tmp_path, "loop.yaml", b"ivr: Fuzz\nstart: billing\nnodes:\n  main: {type: transfer, queue: q}\n"
                 b"  billing:\n    type: branch\n    branches: [{when: open, goto: main, p: 4.961061269643722e-19}]\n"
                 b"    otherwise: billing\n")
    for method in (["--patience", "0"], ["--calls", "1000"]):
        result = run("simulate", path, "--format", "json", *method)
        assert result.exit_code == 0, result.output
        assert '"abandoned": 1.0' in result.stdout


def test_a_folder_scan_reads_platform_files_and_never_waits_on_a_fifo(tmp_path):
    (tmp_path / "menu.xml").write_text(
        '<include>\n  <menu name="main" greet-long="say:Press 0 for an agent." max-failures="3">\n'
        '    <entry action="menu-exec-app" digits="0" param="transfer 1000 XML default"/>\n  </menu>\n'
        '</include>\n')
    (tmp_path / "pom.xml").write_text("<project/>\n")  # XML that is no menu: left alone
    os.mkfifo(tmp_path / "pipe.xml")  # opening it would wait for a writer forever
    result = run("check", str(tmp_path), "--isolated")
    assert result.exit_code in (0, 1), result.output
    assert "in 1 file" in result.output
    os.mkfifo(tmp_path / "pipe.yaml")  # a menu's name: named, refused, not read
    result = run("check", str(tmp_path), "--isolated")
    assert result.exit_code == 2
    assert f"{tmp_path / 'pipe.yaml'}:1:1: error: this is a named pipe (FIFO), not a file" in result.stderr


def test_the_file_size_limit_is_configurable(tmp_path, monkeypatch):
    path = write(tmp_path, "m.yaml", b"ivr: t\nstart: a\nnodes:\n  a: {type: hangup, prompt: Goodbye.}\n" + b"#" * 2000)
    result = run("--max-file-size", "1k", "check", path)
    assert result.exit_code == 2
    assert f"{path}:1:1: error: the file is larger than 1,024 bytes, the most ivr reads" in result.stderr
    assert run("check", path, "--fail-on", "never").exit_code == 0  # the next run starts from the default again
    monkeypatch.setenv("IVR_MAX_FILE_SIZE", "1500")
    assert "larger than 1,500 bytes" in run("simulate", path).stderr
    monkeypatch.delenv("IVR_MAX_FILE_SIZE")
    bad = run("--max-file-size", "lots", "check", path)
    assert bad.exit_code == 2 and "'lots' is not a size" in bad.stderr


def test_an_unreadable_file_is_a_located_error_not_a_usage_message(tmp_path, monkeypatch):
    path = write(tmp_path, "m.yaml", b"ivr: t\nstart: a\nnodes:\n  a: {type: hangup}\n")
    # as root nothing is unreadable: make the permission check and the read fail as for a user
    monkeypatch.setattr(os, "access", lambda *args, **kwargs: False)
    real_open = open

    def denied(file, *args, **kwargs):
        if str(file) == path:
            raise PermissionError(13, "Permission denied")
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(sources, "open", denied, raising=False)
    result = run("check", path)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{path}:1:1: error: cannot read the file: permission denied")

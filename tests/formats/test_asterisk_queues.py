"""FreePBX queues with no static members (issue 22): queues_additional.conf beside the dialplan given says which
queues the IVR reaches have none, in the import summary; read only inside the dialplan's folder."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from ivr.cli import cli
from ivr.formats.asterisk import queues
from ivr.formats.sources import MAX_BYTES, set_max_bytes

QUEUES = Path(__file__).parents[1] / "fixtures" / "formats" / "asterisk" / "queues"


def _import(path: Path, tmp_path: Path) -> str:
    result = CliRunner().invoke(cli, ["import", str(path), "-o", str(tmp_path / "out.yaml")])
    assert result.exit_code == 0, result.output
    return result.output


def test_a_queue_the_ivr_reaches_with_no_static_member_is_said_in_the_import_summary(tmp_path):
    output = _import(QUEUES / "extensions_additional.conf", tmp_path)
    assert "queue 401 has no static member in queues_additional.conf" in output
    assert "queue 400" not in output  # two member= lines
    assert "queue 402" not in output  # no Queue() runs for it: ext-queues does not define it (unknown-target)


def test_members_counts_member_lines_per_queue_section_and_leaves_general_out():
    assert queues.members(str(QUEUES / "queues_additional.conf")) == {"400": 2, "401": 0, "402": 0}


def test_a_goto_to_a_queue_ext_queues_does_not_define_is_still_an_unknown_target():
    result = CliRunner().invoke(cli, ["check", str(QUEUES / "extensions_additional.conf")])
    assert "unknown-target: option 3 of menu 'ivr-1 (Main)' goes to 'ext-queues,402,1'" in result.output


def test_without_the_file_beside_nothing_is_said(tmp_path):
    lone = tmp_path / "alone"
    lone.mkdir()
    shutil.copy(QUEUES / "extensions_additional.conf", lone)
    assert "static member" not in _import(lone / "extensions_additional.conf", tmp_path)


def test_a_link_out_of_the_folder_is_not_read(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.copy(QUEUES / "queues_additional.conf", outside)
    folder = tmp_path / "pbx"
    folder.mkdir()
    shutil.copy(QUEUES / "extensions_additional.conf", folder)
    (folder / "queues_additional.conf").symlink_to(outside / "queues_additional.conf")
    assert queues.beside(str(folder / "extensions_additional.conf")) is None
    assert "static member" not in _import(folder / "extensions_additional.conf", tmp_path)
    # inside the folder, a link is followed as any file there is
    (folder / "queues_additional.conf").unlink()
    (folder / "real.conf").write_bytes((QUEUES / "queues_additional.conf").read_bytes())
    (folder / "queues_additional.conf").symlink_to(folder / "real.conf")
    assert "queue 401 has no static member" in _import(folder / "extensions_additional.conf", tmp_path)


def test_a_dialplan_from_standard_input_reads_no_file_beside():
    assert queues.beside("-") is None
    assert queues.beside("HEAD:extensions_additional.conf") is None


def test_a_device_a_folder_or_a_file_too_large_by_that_name_is_not_read(tmp_path):
    folder = tmp_path / "pbx"
    folder.mkdir()
    shutil.copy(QUEUES / "extensions_additional.conf", folder)
    dialplan = str(folder / "extensions_additional.conf")
    (folder / "queues_additional.conf").symlink_to("/dev/zero")
    assert queues.beside(dialplan) is None
    (folder / "queues_additional.conf").unlink()
    (folder / "queues_additional.conf").mkdir()
    assert queues.beside(dialplan) is None
    (folder / "queues_additional.conf").rmdir()
    padding = b"; FreePBX's comment\n" * 3000  # larger than the dialplan, which is read
    (folder / "queues_additional.conf").write_bytes((QUEUES / "queues_additional.conf").read_bytes() + padding)
    try:
        result = CliRunner().invoke(cli, ["--max-file-size", "20000", "import",
                                          str(folder / "extensions_additional.conf"), "-o", str(tmp_path / "out.yaml")])
    finally:
        set_max_bytes(MAX_BYTES)  # the option sets it for the whole process: later tests read at the default
    assert result.exit_code == 0, result.output
    output = result.output
    assert "queues_additional.conf beside it is not read (" in output and "static member in" not in output

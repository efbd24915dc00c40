"""Every reader: registered, in the README, proven by fixtures that must read and must be refused.

A failing fixture says on its first line where and why it is refused:
``expect-error: LINE:COLUMN: words of the message`` (in a comment of its format).
Passing fixtures must read without an error.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import subprocess
import sys

import pytest

import ivr.formats
from ivr.formats.native.reader import detect as yaml_detect
from ivr.formats.reading import UnknownFormat, read_all
from ivr.formats.registry import READERS, detect
from ivr.model.menu import Location

from tests.conftest import FIXTURES, ROOT

FORMAT_FIXTURES = FIXTURES / "formats"
EXPECT = re.compile(r"expect-error:\s*(\d+):(\d+):\s*(.+?)\s*(-->)?$")
#: Modules of ivr/formats that are not readers: the protocol, the registry, shared machinery, helpers.
MACHINERY = {"api", "registry", "reading", "sources", "provenance", "checks", "xmltree", "freeswitch_link", "freeswitch_dialplan",
             "native",
             "cloud", "flow", "semantics", "numbers", "detection", "limits"}


def test_every_reader_module_is_registered():
    modules = {importlib.import_module(f"ivr.formats.{m.name}") for m in pkgutil.iter_modules(ivr.formats.__path__)
               if m.name not in MACHINERY}
    assert modules <= set(READERS.values())
    for name, reader in READERS.items():
        assert reader.NAME == name and reader.TITLE


def test_detection_is_each_readers_own_and_imports_no_reader():
    # the registry detects with the small modules of ivr.formats.detection; each reader's detect is the same function
    from ivr.formats.registry import _CATALOGUE

    for name, (module, recognises) in _CATALOGUE.items():
        assert READERS[name].detect is recognises, f"the {name} reader's detect is not the registry's"
        assert recognises.__module__.startswith("ivr.formats.detection."), module
    code = ("import sys; from ivr.formats.registry import READERS, detect; "
            "print(detect(b'ivr: x', 'a.yaml'), detect(b'<vxml>', 'a.vxml'), 'yaml' in READERS, len(READERS)); "
            "print(sorted(m for m in sys.modules if m.startswith('ivr.formats.') and "
            "m.split('.')[2] not in ('api', 'registry', 'detection', 'sources')))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert run.stdout.splitlines() == [f"yaml vxml True {len(_CATALOGUE)}", "[]"]


@pytest.mark.parametrize("name", READERS)
def test_reader_has_fixtures_and_readme_entry(name):
    folder = FORMAT_FIXTURES / name
    assert list(folder.glob("pass*")), f"no passing fixture for the {name} reader"
    assert list(folder.glob("fail*")), f"no failing fixture for the {name} reader"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"`--from {name}`" in readme, f"the README does not say how to read {name} files"


def _fixtures(kind):
    return sorted(p for name in READERS for p in (FORMAT_FIXTURES / name).glob(f"{kind}*"))


@pytest.mark.parametrize("path", _fixtures("pass"), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_passing_fixtures_read_in_their_format(path):
    reading = read_all([str(path)])
    assert reading.errors == {}
    assert detect(path.read_bytes(), str(path)) == path.parent.name
    assert reading.imports[str(path)].format == path.parent.name


@pytest.mark.parametrize("path", _fixtures("fail"), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_failing_fixtures_are_refused_where_and_why_they_say(path):
    match = EXPECT.search(path.read_text(encoding="utf-8").splitlines()[0])
    assert match, f"{path} does not say on its first line where it is refused"
    reading = read_all([str(path)])
    assert reading.menus == []
    (first, *_) = reading.errors[str(path)]
    assert (first.location.line, first.location.column) == (int(match[1]), int(match[2]))
    assert match[3] in first.message
    assert "Traceback" not in first.message


def test_a_format_can_be_forced_and_an_unknown_one_is_named(tmp_path):
    yaml_file = FORMAT_FIXTURES / "yaml" / "pass.yaml"
    forced = read_all([str(yaml_file)], fmt="freeswitch")
    (error,) = forced.errors[str(yaml_file)]
    assert "not well-formed XML" in error.message
    with pytest.raises(UnknownFormat, match="did you mean 'freeswitch'"):
        read_all([str(yaml_file)], fmt="freeswich")


def test_markup_in_no_known_format_is_refused_with_the_formats_named(tmp_path):
    path = tmp_path / "other.xml"
    path.write_text("<html><body/></html>\n")
    (error,) = read_all([str(path)]).errors[str(path)]
    assert error.location == Location(str(path), 1, 1)
    assert "--from" in error.message and "freeswitch" in error.message


def test_yaml_is_the_fallback_and_never_claims_markup():
    assert yaml_detect(b"ivr: x\n", "m.yaml")
    assert not yaml_detect(b"\xef\xbb\xbf  <include/>", "m.xml")


def test_one_source_failing_does_not_stop_the_others():
    good, bad = FORMAT_FIXTURES / "yaml" / "pass.yaml", FORMAT_FIXTURES / "freeswitch" / "fail-malformed.xml"
    reading = read_all([str(bad), str(good)])
    assert [m.name for m in reading.menus] == ["Every node leads on"]
    assert list(reading.errors) == [str(bad)]


@pytest.mark.parametrize(
    "location, text",
    [
        (Location("m.yaml", 3, 5), "m.yaml:3:5"),
        (Location("m.xml", 7), "m.xml:7"),
        (Location("flow.json", pointer="/Actions/3/Parameters"), "flow.json#/Actions/3/Parameters"),
        (Location("m.xml", 7, 2, "/include/menu[1]"), "m.xml:7:2"),
        (Location("m.json"), "m.json"),
    ],
)
def test_locations_print_what_they_know(location, text):
    assert str(location) == text


def test_locations_without_lines_sort_with_located_ones():
    places = [Location("a", 3, 1), Location("a", pointer="/b"), Location("a", 1), Location("a", 1, 2)]
    assert sorted(places, key=lambda p: p.order) == [places[1], places[2], places[3], places[0]]


def test_the_import_summary_says_what_was_read_and_what_was_not_used():
    path = str(FORMAT_FIXTURES / "freeswitch" / "pass-menus.xml")
    lines = read_all([path]).imports[path].summary()
    assert lines[0] == f"{path}: read as freeswitch: 12 entries, 2 menus"
    assert any("max-failures 3 and max-timeouts 2 are counted together" in line for line in lines[1:])

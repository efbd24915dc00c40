"""The lock files: every dependency setup.cfg names is pinned within its range, with hashes, and
the environment the tests run in is the one the lock (or `scripts/setup --latest`) installed."""

from __future__ import annotations

import configparser
import re
import sys
from importlib import metadata
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
LOCKS = {"ivr": ROOT / "requirements" / "ivr.lock", "test": ROOT / "requirements" / "test.lock"}


def declared(extra: bool) -> list[Requirement]:
    """The requirements setup.cfg declares: install_requires, and the test extra with ``extra``."""
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg")
    lines = config["options"]["install_requires"].split("\n")
    if extra:
        lines += config["options.extras_require"]["test"].split("\n")
    lines += [line for line in (ROOT / "requirements" / "build.in").read_text().splitlines()
              if not line.startswith("#")]
    return [Requirement(line) for line in lines if line.strip()]


def pins(lock: Path, here_only: bool = False) -> dict[str, tuple[str, list[str]]]:
    """``{name: (version, hashes)}`` of a lock file.

    A universal lock may pin a package twice, under markers for different Pythons or platforms:
    with ``here_only`` only the pins whose marker holds here are kept, otherwise the first.
    """
    found: dict[str, tuple[str, list[str]]] = {}
    for entry in re.split(r"\n(?=\S)", lock.read_text()):
        match = re.match(r"([A-Za-z0-9_.\-]+)==([^\s;]+)(?: ; ([^\\\n]+))?", entry)
        if not match or (here_only and match[3] and not Marker(match[3]).evaluate()):
            continue
        found.setdefault(canonicalize_name(match[1]),
                         (match[2], re.findall(r"--hash=sha256:([0-9a-f]{64})", entry)))
    return found


@pytest.mark.parametrize("name", LOCKS)
def test_every_declared_requirement_is_pinned_within_its_range_with_hashes(name):
    locked = pins(LOCKS[name])
    assert locked, f"{LOCKS[name]} pins nothing"
    for requirement in declared(extra=name == "test"):
        key = canonicalize_name(requirement.name)
        assert key in locked, f"{requirement} is not in {LOCKS[name].name}: run scripts/lock"
        version, _ = pins(LOCKS[name], here_only=True)[key]
        assert requirement.specifier.contains(version, prereleases=True), (
            f"{LOCKS[name].name} pins {requirement.name}=={version}, outside {requirement}: run scripts/lock")
    for package, (version, hashes) in locked.items():
        assert hashes, f"{package}=={version} has no hash in {LOCKS[name].name}"


def test_both_locks_agree_on_what_they_share():
    runtime, test = pins(LOCKS["ivr"], here_only=True), pins(LOCKS["test"], here_only=True)
    assert {k: v[0] for k, v in runtime.items()} == {k: test[k][0] for k in runtime}


def test_the_environment_is_the_one_scripts_setup_installed():
    marker = Path(sys.prefix) / "ivr-installed-from"
    if not marker.exists():
        pytest.fail(f"{marker} is missing: install with scripts/setup --test (it records what it installed from)")
    source = marker.read_text().strip()
    if source == "latest":  # scripts/setup --latest: the newest releases, within setup.cfg's ranges
        for requirement in declared(extra=True):
            installed = metadata.version(requirement.name)
            assert requirement.specifier.contains(installed, prereleases=True), f"{requirement}: {installed}"
        return
    for package, (version, _) in pins(ROOT / source, here_only=True).items():
        installed = metadata.version(package)
        assert installed == version, f"{package} {installed} is installed, {source} pins {version}: run scripts/setup"

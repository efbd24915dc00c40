from __future__ import annotations

import subprocess
import textwrap
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).parent.parent
#: Real IVR definitions from public projects (see its SOURCES.md), laid beside the checkout by the
#: workspace and by CI; the corpus tests pin what ivr reads from them.
SHARED_CORPUS = ROOT.parent / "shared" / "corpus"
_NO_CORPUS = (f"the real IVR files of the shared corpus are not beside this checkout ({SHARED_CORPUS}); "
              "the tests that pin what ivr reads from them need it there")
#: For a test that reads the shared corpus: skipped, saying why, where it is absent.
needs_corpus = pytest.mark.skipif(not SHARED_CORPUS.is_dir(), reason=_NO_CORPUS)


def corpus_file(kind: str, name: str) -> Path:
    """The corpus file ``SHARED_CORPUS/kind/name``; the test is skipped, saying why, where the corpus is absent."""
    if not SHARED_CORPUS.is_dir():
        pytest.skip(_NO_CORPUS)
    return SHARED_CORPUS / kind / name


def git(*args: str, cwd: str | Path) -> str:
    """Run git in ``cwd`` as a test author (no user configuration needed); its output. Fails the test on an error."""
    return subprocess.run(["git", "-c", "user.name=ivr", "-c", "user.email=ivr@example.com", *args], cwd=cwd,
                          check=True, capture_output=True, text=True).stdout


@pytest.fixture
def write_menu(tmp_path):
    """Write YAML text (dedented) to a file in tmp_path; return its path as a string."""

    def write(text: str | bytes, name: str = "menu.yaml") -> str:
        path = tmp_path / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return str(path)

    return write


@pytest.fixture(autouse=True, scope="session")
def validator_cache(tmp_path_factory):
    """Compiled schema validators go to a folder of the test run, never to the user's ~/.cache."""
    import os

    folder = tmp_path_factory.mktemp("ivr-cache")
    before = os.environ.get("IVR_CACHE_DIR")
    os.environ["IVR_CACHE_DIR"] = str(folder)
    yield folder
    if before is None:
        del os.environ["IVR_CACHE_DIR"]
    else:
        os.environ["IVR_CACHE_DIR"] = before


@pytest.fixture(autouse=True)
def plain_environment(monkeypatch):
    """Tests see ivr as on a developer's machine, even when the suite itself runs in GitHub Actions
    (which would make ``github`` the default format of ivr check) or with FORCE_COLOR set."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)


#: Tests that fail today for a bug not fixed yet, one per line: ``node id  # the bug``. Each is expected to fail
#: (strict: a test that passes once its bug is fixed fails until its line is removed), so that the suite says
#: exactly which known bugs remain; the issue notes name the same list.
KNOWN_FAILURES = Path(__file__).parent / "known_failures.txt"


def pytest_collection_modifyitems(config, items):
    known: dict[str, str] = {}
    for line in KNOWN_FAILURES.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            node, _, bug = line.partition("  # ")
            known[node.strip()] = bug.strip()
    for item in items:
        if item.nodeid in known:
            item.add_marker(pytest.mark.xfail(reason=known[item.nodeid], strict=True))

"""The README's editor set-up, checked with the language server editors run: yaml-language-server.

A repository is laid out as the README's is (menus in ``menus/``, the schema
written by ``ivr schema`` at the top), ``yaml-language-server --stdio`` is
started (installed into ``.node/`` by ``scripts/setup --test``, at the version
locked in ``tests/editor/``) and spoken to over LSP as an editor does. Both
ways the README gives to attach the schema are checked, each as the README
writes it: the modeline, and ``yaml.schemas`` in ``.vscode/settings.json``.
"""

from __future__ import annotations

import json
import os
import queue
import re
import subprocess
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from ivr.cli import cli
from ivr.formats.native.loader import load_menu
from ivr.formats.native.validate import schema
from ivr.model.errors import InvalidMenu

from tests.conftest import ROOT

pytestmark = pytest.mark.slow

SERVER = ROOT / ".node" / "node_modules" / ".bin" / "yaml-language-server"
WAIT = 10.0  # seconds for any one message of the server
README = (ROOT / "README.md").read_text(encoding="utf-8")
MENUS = sorted((ROOT / "menus").glob("*.yaml"))
# the clean example menus (the "before review" one writes a key twice, which YAML forbids)
GOOD = [menu.name for menu in MENUS if menu.name != "telecom-before-review.yaml"]
# no 'start', and an unknown node type
BROKEN = """\
ivr: Acme Bank customer line
nodes:
  welcome:
    type: message
    prompt: Thank you for calling Acme Bank.
    goto: main
  main:
    type: manu
    prompt: For your balance, press 1.
    options:
      "1": {label: Balance, goto: welcome}
"""


class LanguageServer:
    """yaml-language-server over stdin/stdout: JSON-RPC messages, each after a Content-Length header."""

    def __init__(self, workspace: Path, settings: dict, log: Path):
        assert SERVER.exists(), f"{SERVER} is missing: run scripts/setup --test"
        self.settings = settings  # the editor's settings, by section, for workspace/configuration
        self.log = log.open("w+b")  # what the server writes on stderr, shown when a wait fails
        try:
            self.process = subprocess.Popen([SERVER, "--stdio"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                            stderr=self.log, cwd=workspace)
        except OSError:
            self.log.close()
            raise
        self.inbox: queue.Queue = queue.Queue()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        self.last_id = 0
        self.opened: dict[Path, tuple[str, list]] = {}

    def start(self, workspace: Path) -> None:
        root = workspace.as_uri()
        self.request("initialize", {
            "processId": os.getpid(), "rootUri": root, "workspaceFolders": [{"uri": root, "name": workspace.name}],
            "capabilities": {"workspace": {"configuration": True, "workspaceFolders": True},
                             "textDocument": {"hover": {"contentFormat": ["markdown"]}, "publishDiagnostics": {}}}})
        # The server asks for its settings after each of these; it has them before any file is opened.
        self.notify("initialized", {})
        self.wait_for(self._settings_asked, "request for its settings")
        self.notify("workspace/didChangeConfiguration", {"settings": self.settings})
        self.wait_for(self._settings_asked, "request for its settings")

    @staticmethod
    def _settings_asked(message: dict) -> bool:
        return (message.get("method") == "workspace/configuration"
                and {"section": "yaml"} in message["params"]["items"])

    def _read(self) -> None:
        try:
            while True:
                length = None
                while (line := self.process.stdout.readline()).strip():
                    name, _, value = line.decode("ascii").partition(":")
                    if name.strip().lower() == "content-length":
                        length = int(value)
                if not line or length is None:
                    return
                self.inbox.put(json.loads(self.process.stdout.read(length)))
        finally:
            self.inbox.put(None)

    def send(self, message: dict) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        self.process.stdin.flush()

    def notify(self, method: str, params) -> None:
        self.send({"method": method, "params": params})

    def request(self, method: str, params):
        self.last_id += 1
        number = self.last_id
        self.send({"id": number, "method": method, "params": params})
        answer = self.wait_for(lambda m: m.get("id") == number and "method" not in m, f"answer to {method}")
        assert "error" not in answer, f"{method} failed: {answer['error']}"
        return answer["result"]

    def wait_for(self, wanted, what: str) -> dict:
        """The next message that is ``wanted``, answering the server's requests meanwhile."""
        deadline = time.monotonic() + WAIT
        while True:
            try:
                message = self.inbox.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                pytest.fail(f"yaml-language-server sent no {what} within {WAIT:g} s{self._stderr()}")
            if message is None:
                pytest.fail(f"yaml-language-server stopped before the {what}{self._stderr()}")
            if "method" in message and "id" in message:  # a request of the server's
                self.send({"id": message["id"], "result": self._answer(message)})
            if wanted(message):
                return message

    def _answer(self, request: dict):
        if request["method"] == "workspace/configuration":
            return [self.settings.get(item["section"]) for item in request["params"]["items"]]
        return None

    def _stderr(self) -> str:
        self.log.seek(0)
        text = self.log.read().decode("utf-8", "replace").strip()
        return f"; it wrote:\n{text[-2000:]}" if text else ""

    def open(self, path: Path) -> tuple[str, list[dict]]:
        """Open ``path`` as an editor does; its URI and the diagnostics the server publishes for it."""
        if path not in self.opened:
            uri = path.as_uri()
            self.notify("textDocument/didOpen", {"textDocument": {
                "uri": uri, "languageId": "yaml", "version": 1, "text": path.read_text(encoding="utf-8")}})
            published = self.wait_for(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                                      and m["params"]["uri"] == uri, f"diagnostics for {path.name}")
            self.opened[path] = uri, published["params"]["diagnostics"]
        return self.opened[path]

    def hover(self, uri: str, line: int, character: int) -> str:
        result = self.request("textDocument/hover", {"textDocument": {"uri": uri},
                                                     "position": {"line": line, "character": character}})
        return result["contents"]["value"] if result else ""

    def close(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=WAIT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.reader.join(WAIT)
        self.process.stdin.close()
        self.process.stdout.close()
        self.log.close()


def readme_modeline() -> str:
    modelines = re.findall(r"^# yaml-language-server: \$schema=\S+$", README, re.M)
    assert len(modelines) == 1, f"the README should show one modeline, not {modelines}"
    return modelines[0]


def readme_settings() -> dict:
    blocks = [b for b in re.findall(r"```json\n(.*?)```", README, re.S) if '"yaml.schemas"' in b]
    assert len(blocks) == 1, f"the README should show one settings.json with yaml.schemas, not {len(blocks)}"
    return json.loads(blocks[0])


def readme_schema_file() -> str:
    names = set(re.findall(r"ivr schema > (\S+)", README))
    assert len(names) == 1, f"the README writes the schema to {names or 'nowhere'}"
    return names.pop()


@pytest.fixture(scope="module", params=["modeline", "settings.json"])
def editor(request, tmp_path_factory):
    """The README's layout in a fresh folder, and the language server working on it as the README says."""
    workspace = tmp_path_factory.mktemp(request.param) / "repo"
    (workspace / "menus").mkdir(parents=True)
    (workspace / readme_schema_file()).write_text(CliRunner().invoke(cli, ["schema"]).output, encoding="utf-8")
    settings = {"yaml": {"validate": True, "hover": True, "schemaStore": {"enable": False}}}  # offline
    header = ""
    if request.param == "modeline":
        header = readme_modeline() + "\n"
    else:
        (workspace / ".vscode").mkdir()
        (workspace / ".vscode" / "settings.json").write_text(json.dumps(readme_settings()), encoding="utf-8")
        for key, value in readme_settings().items():  # as VS Code hands "yaml.schemas" to the server
            section, _, name = key.partition(".")
            settings.setdefault(section, {})[name] = value
    for menu in MENUS:
        (workspace / "menus" / menu.name).write_text(header + menu.read_text(encoding="utf-8"), encoding="utf-8")
    (workspace / "menus" / "broken.yaml").write_text(header + BROKEN, encoding="utf-8")
    server = LanguageServer(workspace, settings, workspace.parent / "server.log")
    try:
        server.start(workspace)
        yield server, workspace / "menus"
    finally:
        server.close()


@pytest.mark.parametrize("menu", GOOD)
def test_a_good_menu_gets_no_diagnostics(editor, menu):
    server, menus = editor
    assert server.open(menus / menu)[1] == []


def test_a_broken_menu_gets_diagnostics_where_ivr_reports_its_errors(editor):
    server, menus = editor
    _, diagnostics = server.open(menus / "broken.yaml")
    lines = (menus / "broken.yaml").read_text(encoding="utf-8").splitlines()
    found = sorted((d["range"]["start"]["line"], d["message"]) for d in diagnostics)
    assert found == [(lines.index("ivr: Acme Bank customer line"), 'Missing property "start".'),
                     (lines.index("    type: manu"), 'Value is not accepted. Valid values: "message", "menu", '
                                                    '"input", "branch", "transfer", "voicemail", "hangup", "external".')]
    with pytest.raises(InvalidMenu) as invalid:
        load_menu(menus / "broken.yaml")
    ivr_says = [(e.location.line, e.location.column) for e in invalid.value.errors]
    assert ivr_says == sorted((d["range"]["start"]["line"] + 1, d["range"]["start"]["character"] + 1)
                              for d in diagnostics)


@pytest.mark.parametrize("node_type", ["menu", "transfer"])
def test_hovering_type_explains_the_node_type(editor, node_type):
    server, menus = editor
    uri, _ = server.open(menus / "bank.yaml")
    lines = (menus / "bank.yaml").read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines) if text.strip() == f"type: {node_type}")
    defs = schema()["definitions"]
    field = defs["node"]["properties"]["type"]
    shown = server.hover(uri, line, lines[line].index("type") + 1)
    assert shown.startswith(f"#### {field['title']}\n\n{field['description']}\n\nAllowed Values:\n\n"
                            f"* `{node_type}`: {defs[node_type]['description']}\n"), shown

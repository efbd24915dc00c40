"""Golden dumps: what a reader understood of a file, written out so that a reviewer reads it.

Beside every passing reader fixture (``tests/fixtures/formats/<reader>/golden/<fixture>.txt``) and
for every file of the shared corpus (``tests/golden/corpus/<kind>/<file>.txt``, kept in this
repository) lies a dump of the menus ``ivr`` read from it: every node with its type, words,
recordings, keys and branches with their conditions, tries and what happens on no input, a
wrong key and after the last try, hand-offs as written, and where each is written; then the
import summary (what was read, skipped and approximated), or the refusal with its places.

``tests/formats/test_golden.py`` compares each file's dump with the one kept. A change to a reader that
changes what it understands fails there until the dumps are written again with

    .venv/bin/python tests/golden.py --update

and the reviewer reads that diff. Each dump ends with the SHA-256 of the source it was made from
and of its own body (the hash guard): a fixture changed without its dump, or a dump edited by
hand, fails too.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "formats"
CORPUS = ROOT.parent / "shared" / "corpus"
CORPUS_DUMPS = ROOT / "tests" / "golden" / "corpus"
VERSION = "ivr golden dump v1"


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


class _Places:
    """Locations written relative to the source: ``12:5`` in it, ``sub/menu.conf:2:1`` in a file beside."""

    def __init__(self, source: Path):
        self.source = str(source)
        self.folder = source.parent

    def __call__(self, location) -> str:
        if location is None:
            return "?"
        file = location.file
        if file == self.source:
            name = ""
        else:
            try:
                name = Path(os.path.relpath(file, self.folder)).as_posix() + ":"
            except ValueError:
                name = file + ":"
        where = name + ":".join(str(p) for p in (location.line, location.column) if p is not None)
        if location.pointer:
            where += f"#{location.pointer}"
        return where.rstrip(":") or "?"


def _ref(ref, at) -> str:
    return "-" if ref is None else f"{ref.target}  @{at(ref.location)}"


def _node_lines(node, at) -> Iterator[str]:
    head = f"  {node.id}  [{node.type}]"
    if node.label:
        head += f"  {_quote(node.label)}"
    if node.invented:
        head += "  (made by the reader: never the subject of a finding)"
    yield head + f"  @{at(node.location)}"
    if node.prompt is not None:
        words = ", ".join(f"{lang or '-'}: {_quote(text)}" for lang, text in sorted(node.prompt.texts.items()))
        audio = f"  audio {_quote(node.prompt.audio)}" if node.prompt.audio else ""
        barge = "" if node.interruptible else "  (keys lost while it plays)"
        yield f"    says {words or '(no words)'}{audio}{barge}  @{at(node.prompt.location)}"
    if node.target_text is not None:
        yield f"    hands off to {_quote(node.target_text)}" + (f" (outcome: {node.outcome})" if node.outcome else "")
    for name in ("description", "duration", "timeout", "queue", "number", "hold", "fails_silently", "changes", "mailbox", "min_digits", "max_digits"):
        value = getattr(node, name)
        if value is not None:
            yield f"    {name} {_quote(value) if isinstance(value, str) else value}"
    if node.input_modes is not None:
        yield f"    input {', '.join(node.input_modes)}"
    if node.goto is not None:
        yield f"    then -> {_ref(node.goto, at)}"
    for option in node.options.values():
        label = f" {_quote(option.label)}" if option.label else ""
        yield f"    key {option.key}{label} -> {_ref(option.goto, at)}"
    for branch in node.branches:
        chance = f" (p {branch.p:g})" if branch.p is not None else ""
        never = f"  (never: {_quote(branch.never)})" if branch.never is not None else ""
        yield f"    when {_quote(branch.when)}{chance} -> {_ref(branch.goto, at)}{never}"
    if node.otherwise is not None:
        yield f"    otherwise -> {_ref(node.otherwise, at)}"
    if node.retries is not None:
        counted = "" if node.counts_tries else " (runs in a row: no tries counted)"
        counted += "" if node.counts_wrong_keys else " (a key not listed uses no try)"
        yield (f"    tries {node.retries}{counted}; no input -> {_ref(node.no_input, at) if node.no_input else node.when_no_input}"
               f"; wrong key -> {_ref(node.no_match, at) if node.no_match else node.when_no_match}"
               f"; after the last -> {_ref(node.on_fail, at) if node.on_fail else node.when_failed}")
    if node.if_failed is not None:
        when = f" ({', '.join(node.failed_when)})" if node.failed_when else ""
        yield f"    if the transfer fails{when} -> {_ref(node.if_failed, at)}"
    for rule, suppression in sorted(node.ignore.items()):
        yield f"    ignores {rule}: {_quote(suppression.reason or '')}"


def dump(source: Path, fmt: str | None = None) -> str:
    """The dump of ``source``: what ``ivr`` reads from it, hash guard included (run from the top of the checkout)."""
    from ivr.formats.reading import read_all

    source = Path(os.path.relpath(source, ROOT))  # read from the top of the checkout: places are the same everywhere
    at = _Places(source)
    reading = read_all([str(source)], fmt)
    lines = [f"{VERSION}: what ivr understood of {source.name}"]
    for menu in reading.menus:
        lines.append(f"menu {_quote(menu.name)}  [{menu.format}, {menu.language}]  start -> {_ref(menu.start, at)}")
        if menu.files:
            lines.append("  files " + ", ".join(_quote(os.path.relpath(f, at.folder)) for f in menu.files))
        if menu.part_of:
            lines.append(f"  part of other flows: {menu.part_of}")
        for node in menu.nodes.values():
            lines.extend(_node_lines(node, at))
        for unread in menu.unread:
            lines.append(f"  line skipped by the platform @{at(unread.location)}: {unread.message}")
        for intent in menu.intents.values():
            goals = ", ".join(g.target for g in intent.goals)
            lines.append(f"  intent {_quote(intent.name)} share {intent.share:g} -> {goals}  @{at(intent.location)}")
    for imported in reading.imports.values():
        lines.append("read " + imported.summary()[0].split(": read ", 1)[-1])
        lines.extend(f"  note @{at(n.location)}: {n.message}" for n in imported.notes)
    for errors in reading.errors.values():
        lines.extend(f"refused @{at(e.location)}: {e.message}" for e in errors)
    body = "\n".join(lines) + "\n"
    source_hash = hashlib.sha256(source.read_bytes()).hexdigest()
    body_hash = hashlib.sha256(body.encode("utf-8")).hexdigest()
    return body + f"source sha256 {source_hash}\nbody sha256 {body_hash}\n"


def guard_errors(text: str, source: Path) -> list[str]:
    """What is wrong with a kept dump's hash guard: edited by hand, or made from another version of its source."""
    *body, source_line, body_line = text.splitlines(keepends=True)
    errors = []
    if body_line.strip() != "body sha256 " + hashlib.sha256("".join(body).encode("utf-8")).hexdigest():
        errors.append("the dump was edited by hand (its body no longer matches its sha256)")
    if source_line.strip() != "source sha256 " + hashlib.sha256(source.read_bytes()).hexdigest():
        errors.append(f"{source.name} changed since its dump was made")
    return errors


def fixture_cases() -> list[tuple[Path, Path]]:
    """(source, dump) for every passing reader fixture."""
    return [(path, path.parent / "golden" / (path.name + ".txt"))
            for path in sorted(FIXTURES.glob("*/pass*")) if path.is_file()]


def corpus_cases() -> list[tuple[Path, Path]]:
    """(source, dump) for every file of the shared corpus (none where it is absent)."""
    if not CORPUS.is_dir():
        return []
    return [(path, CORPUS_DUMPS / path.parent.name / (path.name + ".txt"))
            for path in sorted(CORPUS.glob("*/*")) if path.is_file()]


def main(argv: list[str]) -> int:
    if argv != ["--update"]:
        print("usage: python tests/golden.py --update   (write every golden dump again)", file=sys.stderr)
        return 2
    os.chdir(ROOT)
    cases = fixture_cases() + corpus_cases()
    stale = {p for p in FIXTURES.glob("*/golden/*.txt")} | set(CORPUS_DUMPS.glob("*/*.txt"))
    for source, kept in cases:
        kept.parent.mkdir(parents=True, exist_ok=True)
        text = dump(source)
        if not kept.exists() or kept.read_text(encoding="utf-8") != text:
            kept.write_text(text, encoding="utf-8")
            print(f"wrote {kept.relative_to(ROOT)}")
        stale.discard(kept)
    for path in sorted(stale):
        path.unlink()
        print(f"removed {path.relative_to(ROOT)} (its source is gone)")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main(sys.argv[1:]))

"""Re-run ``ivr`` over the field survey's real files and print, per format, how it does.

The survey (``benchmarks/field/<format>.json``, shape: ``field.schema.json``) lists real
files from public repositories, each read by hand first: what a careful reviewer reports
(the *hand findings*, some of them *certain*) and every warning and error ``ivr`` gave,
judged true / false / debatable. The files themselves are not in this repository (most
have no licence that allows copying them). Fetch them again into a folder ``DIR``::

    # for each file of the json: its repository, commit and path
    git clone https://github.com/OWNER/NAME DIR/OWNER+NAME/repo
    git -C DIR/OWNER+NAME/repo checkout COMMIT
    # or, without a work tree: git -C ... show COMMIT:PATH > DIR/SHA256

then::

    .venv/bin/python benchmarks/field/survey.py DIR [benchmarks/field/asterisk.json ...]
    .venv/bin/python benchmarks/field/survey.py --recorded     # the figures of the judged run, no files needed
    (--files: one line per file; --misses: the certain hand findings not recalled)
    .venv/bin/python benchmarks/field/survey.py --precision        # per rule: judged, true, false, debatable
    .venv/bin/python benchmarks/field/survey.py --write-precision  # after re-judging: ivr/rules/measured.py and
                                                                   # the README's table, what `ivr rules` says

A file is looked for in ``DIR`` as ``DIR/<sha256>`` (any extension after it is
allowed: ``DIR/<sha256>.conf``), ``DIR/OWNER+NAME/repo/PATH``, ``DIR/OWNER+NAME/PATH``
or ``DIR/OWNER/NAME/PATH``, and used only when its SHA-256 is the one recorded (else it
counts as missing). Each file is copied alone (with its ``companions``, the includes it
needs) into a fresh temporary folder under its own base name, then checked with
``ivr check --isolated --fail-on never --format json``, each within a time limit.

Printed per format:

* files read, refused (``ivr`` said where and why it could not read it, exit 2),
  crashed (a traceback, an exit status other than 0/1/2, output that is not JSON, or
  the time limit), missing (not found in ``DIR``);
* recall of the certain hand findings: a certain hand finding is *recalled* when
  ``ivr`` gives, for the same file, a finding (any severity) of the same rule whose
  node lies in the same context (the part of ``ivr``'s node id before the first
  comma: ``ivr-3`` of ``ivr-3,s,5``) or whose line lies within the hand finding's
  ``line``..``end_line`` (just ``line`` when it has no ``end_line``) of the same file
  (the surveyed file, or the companion its ``file`` names). A refused run
  recalls from every finding ``ivr`` printed: its located errors (rule
  ``load-error``, where the reader expected the platform itself to reject the
  file) and the findings on the files of the run it did read (a surveyed file
  checked with a broken companion: the user sees both); a crashed file recalls none. Hand findings whose rule ``ivr`` does not
  have yet (``proposed``) count too: the recall says what a reviewer would miss;
* the share of warnings and errors judged true: each warning and error of the run
  (and each located error of a refusal, as rule ``load-error``) is matched to a judged
  one of the json by (rule, line, node), each judged one used once; share true =
  judged true / matched. Those that match none are counted as *unjudged* (a new
  behaviour of ``ivr``: judge them and update the json).

The exit status is 0 (a survey measures; it does not fail a build).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
#: What `ivr rules` says of each rule's precision on real files (``--write-precision``).
MEASURED_MODULE = HERE.parent.parent / "ivr" / "rules" / "measured.py"
README = HERE.parent.parent / "README.md"
JUDGED = ("true", "false", "debatable")
TIME_LIMIT = 300.0


# ---------------------------------------------------------------- finding the files

def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def candidates(entry: dict[str, Any], folder: Path, path: str | None = None) -> list[Path]:
    """Where a file of the survey may be in ``folder``: by its SHA-256, or by repository and path."""
    owner, name = entry["repository"].split("/", 1)
    rel = path or entry["path"]
    found = [folder / f"{owner}+{name}" / "repo" / rel, folder / f"{owner}+{name}" / rel,
             folder / owner / name / rel]
    if path is None:
        found = [folder / entry["sha256"], *sorted(folder.glob(entry["sha256"] + ".*")), *found]
    return found


def locate(entry: dict[str, Any], folder: Path) -> Path | None:
    """The file of ``entry`` in ``folder`` whose SHA-256 is the recorded one, else None."""
    for path in candidates(entry, folder):
        if path.is_file() and sha256_of(path) == entry["sha256"]:
            return path
    return None


def companions(entry: dict[str, Any], folder: Path) -> list[Path] | None:
    """The includes ``entry`` is checked with (same repository), or None when one is missing."""
    found = []
    for rel in entry.get("companions", []):
        path = next((p for p in candidates(entry, folder, rel) if p.is_file()), None)
        if path is None:
            return None
        found.append(path)
    return found


# ---------------------------------------------------------------- running ivr

def default_ivr() -> list[str]:
    script = Path(sys.executable).parent / "ivr"
    return [str(script)] if script.exists() else [sys.executable, "-c", "from ivr.cli import main; main()"]


def parse_output(exit_code: int, stdout: str, stderr: str) -> dict[str, Any]:
    """``ivr check --format json``'s output -> {status, message, exit, findings} (every severity)."""
    if "Traceback (most recent call last)" in stderr or exit_code not in (0, 1, 2):
        tail = [line for line in stderr.strip().splitlines() if line.strip()]
        return {"status": "crashed", "exit": exit_code, "findings": [],
                "message": tail[-1] if tail else f"exit status {exit_code}"}
    try:
        out = json.loads(stdout)
        raw_findings, raw_errors = out["findings"], out["errors"]
    except (ValueError, KeyError, TypeError):
        return {"status": "crashed", "exit": exit_code, "findings": [],
                "message": "output is not ivr's JSON: " + (stderr.strip() or stdout.strip())[:300]}
    findings = [{"rule": f["rule"], "severity": f["severity"], "file": Path(f.get("file") or "").name,
                 "line": f.get("line"), "node": f.get("node"), "message": f["message"]} for f in raw_findings]
    findings += [{"rule": "load-error", "severity": "error", "file": Path(e.get("file") or "").name,
                  "line": e.get("line"), "node": None, "message": e["message"]} for e in raw_errors]
    if raw_errors:
        first = raw_errors[0]
        return {"status": "refused", "exit": exit_code, "findings": findings,
                "message": f"{Path(first.get('file', '?')).name}:{first.get('line')}: {first['message']}"}
    return {"status": "read", "exit": exit_code, "findings": findings}


def run_ivr(paths: list[Path], names: list[str], ivr: list[str], limit: float = TIME_LIMIT) -> dict[str, Any]:
    """Check ``paths`` together, each copied under its name in ``names`` into a fresh folder."""
    with tempfile.TemporaryDirectory(prefix="ivr-field-") as tmp:
        given = []
        for path, name in zip(paths, names):
            target = Path(tmp) / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
            given.append(str(target))
        try:
            done = subprocess.run([*ivr, "check", "--isolated", "--fail-on", "never", "--format", "json", *given],
                                  capture_output=True, text=True, timeout=limit, cwd=tmp)
        except subprocess.TimeoutExpired:
            return {"status": "crashed", "exit": -1, "findings": [], "message": f"no answer within {limit:.0f} s"}
    return parse_output(done.returncode, done.stdout, done.stderr)


def check_entry(entry: dict[str, Any], folder: Path, ivr: list[str]) -> dict[str, Any] | None:
    """Run ivr on one survey file found in ``folder``; None when it (or a companion) is missing."""
    main = locate(entry, folder)
    extra = companions(entry, folder)
    if main is None or extra is None:
        return None
    names = [Path(entry["path"]).name, *(Path(rel).name for rel in entry.get("companions", []))]
    return run_ivr([main, *extra], names, ivr)


# ---------------------------------------------------------------- the figures

def context_of(node: str | None) -> str | None:
    return node.split(",", 1)[0] if node else None


def recalled(hand: dict[str, Any], findings: list[dict[str, Any]], name: str = "") -> bool:
    """Whether ivr's ``findings`` (of one file) report the hand finding (see the module's docstring).
    ``name`` is the base name of the surveyed file: the file a hand finding's line is in, unless it
    says another (``file``, one of the companions)."""
    first = hand["line"]
    last = hand.get("end_line", first)
    where = hand.get("file", name)
    for f in findings:
        if f["rule"] != hand["rule"]:
            continue
        if context_of(f.get("node")) == hand["context"]:
            return True
        in_file = not f.get("file") or not where or f["file"] == where
        if in_file and f.get("line") is not None and first <= f["line"] <= last:
            return True
    return False


def _key(f: dict[str, Any]) -> tuple[str, Any, Any]:
    return (f["rule"], f.get("line"), f.get("node"))


@dataclass
class Figures:
    format: str
    files: int = 0
    read: int = 0
    refused: int = 0
    crashed: int = 0
    missing: int = 0
    certain: int = 0
    recalled: int = 0
    judged: Counter[str] = field(default_factory=Counter)
    unjudged: int = 0
    misses: list[str] = field(default_factory=list)
    rows: list[str] = field(default_factory=list)  # one line per file, for --files

    @property
    def recall(self) -> float | None:
        return self.recalled / self.certain if self.certain else None

    @property
    def share_true(self) -> float | None:
        matched = sum(self.judged.values())
        return self.judged["true"] / matched if matched else None


def figures(survey: dict[str, Any], results: Sequence[dict[str, Any] | None]) -> Figures:
    """The figures of one format's survey, given ivr's result for each of its files (None: missing)."""
    fig = Figures(survey["format"])
    for entry, result in zip(survey["files"], results, strict=True):
        fig.files += 1
        if result is None:
            fig.missing += 1
            fig.rows.append(f"{entry['repository']}:{entry['path']}: missing")
            continue
        before_recalled, before_certain, before_unjudged = fig.recalled, fig.certain, fig.unjudged
        file_verdicts: Counter[str] = Counter()
        setattr(fig, result["status"], getattr(fig, result["status"]) + 1)
        fresh = result["findings"] if result["status"] in ("read", "refused") else []
        for hand in entry["hand"]["findings"]:
            if not hand["certain"]:
                continue
            fig.certain += 1
            if recalled(hand, fresh, Path(entry["path"]).name):
                fig.recalled += 1
            else:
                fig.misses.append(f"{entry['repository']}:{entry['path']}:{hand['line']} {hand['rule']}")
        pool: dict[tuple[str, Any, Any], list[str]] = {}
        for judged in entry["ivr"]["findings"]:
            pool.setdefault(_key(judged), []).append(judged["judged"])
        for f in result["findings"]:
            if f["severity"] not in ("error", "warning"):
                continue
            verdicts_left = pool.get(_key(f))
            if verdicts_left:
                verdict = verdicts_left.pop(0)
                fig.judged[verdict] += 1
                file_verdicts[verdict] += 1
            else:
                fig.unjudged += 1
        fig.rows.append(f"{entry['repository']}:{entry['path']}: {result['status']}, recalled "
                        f"{fig.recalled - before_recalled}/{fig.certain - before_certain}, judged true "
                        f"{file_verdicts['true']}, false {file_verdicts['false']}, debatable "
                        f"{file_verdicts['debatable']}, unjudged {fig.unjudged - before_unjudged}")
    return fig


def recorded_results(survey: dict[str, Any]) -> list[dict[str, Any]]:
    """The judged run itself, as results (for --recorded): its warnings, errors and infos."""
    out = []
    for entry in survey["files"]:
        rec = entry["ivr"]
        findings = [dict(f) for f in rec["findings"]]
        findings += [{**f, "severity": "info", "message": ""} for f in rec.get("info", [])]
        out.append({"status": rec["status"], "findings": findings})
    return out


#: A refusal's located error, judged as the surveys judge warnings (not a rule of ``ivr rules``).
LOAD_ERROR = "load-error"


def precision(surveys: Sequence[dict[str, Any]]) -> dict[str, tuple[int, int, int]]:
    """Per rule, its warnings and errors judged in the recorded runs of ``surveys``: (true, false, debatable).

    What ``ivr rules ID`` and the README say of each rule ("right in 47 of 50 ..."): the judgements of the
    run recorded in each json, so the figure moves only when a survey is re-judged."""
    counts: dict[str, Counter[str]] = {}
    for one in surveys:
        for entry in one["files"]:
            for judged in entry["ivr"]["findings"]:
                counts.setdefault(judged["rule"], Counter())[judged["judged"]] += 1
    return {rule: (c["true"], c["false"], c["debatable"]) for rule, c in sorted(counts.items())}


def precision_module(surveys: Sequence[dict[str, Any]]) -> str:
    """The text of ``ivr/rules/measured.py``: :func:`precision` as data the package carries."""
    measured = precision(surveys)
    files = sum(len(one["files"]) for one in surveys)
    formats = ", ".join(sorted(one["format"] for one in surveys))
    lines = ['"""How often each rule\'s warnings and errors were right on real files: the field surveys\' judgements.',
             "",
             "Generated by ``benchmarks/field/survey.py --write-precision`` from ``benchmarks/field/*.json``; do",
             "not edit (tests/test_field_survey.py fails when this is out of step with the surveys). Each survey",
             "holds real files from public repositories, read by hand first, and every warning and error ``ivr``",
             'gave on them judged true, false or debatable (``benchmarks/README.md``, "Field survey")."""',
             "",
             "from __future__ import annotations",
             "",
             '__all__ = ["MEASURED", "SURVEYED_FILES", "SURVEYED_FORMATS"]',
             "",
             f"SURVEYED_FILES = {files}",
             f"SURVEYED_FORMATS = {json.dumps(formats)}",
             "#: rule id -> (judged true, judged false, judged debatable); " + json.dumps(LOAD_ERROR)
             + ": the located errors of refusals",
             "MEASURED: dict[str, tuple[int, int, int]] = {"]
    lines += [f"    {json.dumps(rule)}: {figures!r}," for rule, figures in measured.items()]
    lines += ["}", ""]
    return "\n".join(lines)


README_START = "<!-- measured: written by benchmarks/field/survey.py --write-precision; do not edit -->"
README_END = "<!-- /measured -->"


def readme_block(surveys: Sequence[dict[str, Any]]) -> str:
    """The README's table of each rule's precision on real files, between its two markers."""
    files = sum(len(one["files"]) for one in surveys)
    formats = ", ".join(sorted(one["format"] for one in surveys))
    lines = [README_START, "",
             f"Measured on real files ({files} files of the field surveys: {formats}; `benchmarks/README.md`): "
             "of each rule's warnings and errors on them, how many a careful reviewer judged right. Infos are "
             "not judged; a rule no surveyed file set off is not listed. `load-error` counts the located errors "
             "of files `ivr` refused to read.", "",
             "| rule | judged | right | false | debatable | share right |", "|---|---|---|---|---|---|"]
    for rule, (true, false, debatable) in precision(surveys).items():
        judged = true + false + debatable
        lines.append(f"| `{rule}` | {judged} | {true} | {false} | {debatable} | {_pct(true / judged)} |")
    return "\n".join(lines + ["", README_END])


def with_readme_block(readme: str, block: str) -> str:
    """``readme`` with its measured block replaced by ``block``."""
    start, end = readme.index(README_START), readme.index(README_END) + len(README_END)
    return readme[:start] + block + readme[end:]


def precision_table(surveys: Sequence[dict[str, Any]]) -> str:
    """Per rule: judged, true, false, debatable, share true (``--precision``)."""
    rows = [("rule", "judged", "true", "false", "debatable", "right")]
    for rule, (true, false, debatable) in precision(surveys).items():
        judged = true + false + debatable
        rows.append((rule, str(judged), str(true), str(false), str(debatable), _pct(true / judged)))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows)


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.0f}%"


def table(all_figures: list[Figures]) -> str:
    head = ("format", "files", "read", "refused", "crashed", "missing", "recall (certain)",
            "true / judged", "debatable", "false", "unjudged")
    rows = [head]
    for f in all_figures:
        matched = sum(f.judged.values())
        rows.append((f.format, str(f.files), str(f.read), str(f.refused), str(f.crashed), str(f.missing),
                     f"{_pct(f.recall)} ({f.recalled}/{f.certain})",
                     f"{_pct(f.share_true)} ({f.judged['true']}/{matched})",
                     str(f.judged["debatable"]), str(f.judged["false"]), str(f.unjudged)))
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |" for r in rows]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dir", nargs="?", type=Path, help="the folder holding the fetched files")
    parser.add_argument("surveys", nargs="*", type=Path, help="survey json files (default: benchmarks/field/*.json)")
    parser.add_argument("--recorded", action="store_true", help="no files: the figures of the run recorded in the json")
    parser.add_argument("--ivr", help="the ivr command (default: the ivr beside this Python)")
    parser.add_argument("--misses", action="store_true", help="list the certain hand findings not recalled")
    parser.add_argument("--files", action="store_true", help="one line per file: status, recall, verdicts")
    parser.add_argument("--precision", action="store_true",
                        help="no files: per rule, its judged warnings and errors and the share right")
    parser.add_argument("--write-precision", action="store_true",
                        help="no files: write ivr/rules/measured.py (what `ivr rules` says of each rule) from the json")
    args = parser.parse_args(argv)
    recorded_only = args.recorded or args.precision or args.write_precision
    if args.dir is None and not recorded_only:
        parser.error("give DIR, or --recorded")
    if args.dir is not None and args.dir.suffix == ".json":  # survey.py --recorded x.json
        args.surveys.insert(0, args.dir)
        args.dir = None
    paths = args.surveys or sorted(p for p in HERE.glob("*.json") if p.name != "field.schema.json")
    if args.precision or args.write_precision:
        if args.write_precision and args.surveys:
            parser.error("--write-precision measures every survey: give no json")
        surveys = [json.loads(path.read_text(encoding="utf-8")) for path in paths]
        if args.write_precision:
            MEASURED_MODULE.write_text(precision_module(surveys), encoding="utf-8")
            readme = README.read_text(encoding="utf-8")
            README.write_text(with_readme_block(readme, readme_block(surveys)), encoding="utf-8")
            print(f"wrote {MEASURED_MODULE.relative_to(HERE.parent.parent)} and the README's measured block",
                  file=sys.stderr)
        else:
            print(precision_table(surveys))
        return 0
    ivr = args.ivr.split() if args.ivr else default_ivr()
    results = []
    for path in paths:
        survey = json.loads(path.read_text(encoding="utf-8"))
        got: list[dict[str, Any] | None]
        if args.recorded:
            got = list(recorded_results(survey))
        else:
            got = []
            for entry in survey["files"]:
                result = check_entry(entry, args.dir, ivr)
                state = "missing" if result is None else result["status"]
                print(f"{survey['format']}: {entry['repository']}:{entry['path']}: {state}", file=sys.stderr)
                got.append(result)
        results.append(figures(survey, got))
    print(table(results))
    if args.files:
        for f in results:
            for row in f.rows:
                print(f"{f.format}: {row}")
    if args.misses:
        for f in results:
            for miss in f.misses:
                print(f"{f.format}: missed {miss}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

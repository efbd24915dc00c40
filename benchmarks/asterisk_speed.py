"""How long does reading a 10,000-line Asterisk dialplan take (target: under 2 s), and checking one of 5,000 contexts?

Generates a FreePBX-shaped dialplan (inbound routes, IVR contexts with retry counters,
queues, submenus, voicemail, plus outbound routes and macros that are skipped) of about
``--lines`` lines, then times, best of ``--repeat``: parsing (:mod:`ivr.formats.asterisk.dialplan`)
and the analysis into call flows (:mod:`ivr.formats.asterisk.entries`), and the whole of
reading as ``ivr`` does it (:func:`ivr.formats.reading.read_all`: detect, parse, analyse,
map onto the model, check the model's invariants). The target is judged on the whole.
Prints the figures and PASS/FAIL; the exit status is always 0.

Then ``ivr check`` as a whole process on dialplans of ``--contexts`` menu contexts (issue 20:
one reachable set per context made this quadratic; 5,000 contexts took 111 s and 3.9 GB, then
a MemoryError): a ring (each menu leads to the next, the last to the first: one IVR) and as
many separate menus (one IVR each), with the same shapes at a tenth of the size as the anchor.
Medians of ``--runs`` runs, alternating; wall time, peak RSS (``ru_maxrss`` of the child),
CPU time (user and system, of the process), the growth from a tenth of the size (linear:
about 10x; quadratic: about 100x), the load average beside. Target: under 5 s and 300 MB at
5,000 contexts, judged on CPU time, which is what the wall time is on a quiet machine (the
wall time is printed too: on a loaded one it is a multiple of it).

    .venv/bin/python benchmarks/asterisk_speed.py [--lines 10000] [--repeat 5] [--contexts 5000] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
if ROOT not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, ROOT)

from ivr.formats.asterisk.dialplan import parse_files  # noqa: E402
from ivr.formats.asterisk.entries import read_flows  # noqa: E402
from ivr.formats.reading import read_all  # noqa: E402

TARGET_SECONDS = 2.0
CONTEXTS_SECONDS, CONTEXTS_MB = 5.0, 300


def _ivr(n: int, menus: int) -> list[str]:
    # main menus (even n) lead to a submenu (the next odd n), whose option 2 goes back
    sub = f"ivr-{n + 1 if n % 2 == 0 and n + 1 < menus else max(n - 1, 0)}"
    route = [
        f"[ext-did-{n:04d}]",
        f"exten => 55512{n:05d},1,Set(__FROM_DID=${{EXTEN}})",
        f"exten => 55512{n:05d},n,Gosub(app-blacklist-check,s,1())",
        f"exten => 55512{n:05d},n(dest-ext),Goto(ivr-{n},s,1)",
        "",
    ] if n % 2 == 0 else [f"[from-internal-{n}]", f"exten => {7000 + n},1,Goto(ivr-{n},s,1)", "", "", ""]
    return route + [
        f"[ivr-{n}] ; Menu {n}",
        f"include => ivr-{n}-custom",
        "exten => s,1,Set(TIMEOUT_LOOPCOUNT=0)",
        "exten => s,n,Set(INVALID_LOOPCOUNT=0)",
        '''exten => s,n,GotoIf($["${CDR(disposition)}" = "ANSWERED"]?skip)''',
        "exten => s,n,Answer",
        f"exten => s,n(skip),Set(IVR_MSG=custom/menu-{n})",
        "exten => s,n(start),Set(TIMEOUT(digit)=3)",
        '''exten => s,n,ExecIf($["${IVR_MSG}" != ""]?Background(${IVR_MSG}))''',
        "exten => s,n,WaitExten(10,)",
        f"exten => 1,1(ivrsel-1),Goto(ext-queues,{400 + n},1)",
        f"exten => 2,1(ivrsel-2),Goto({sub},s,1)",
        f"exten => 3,1(ivrsel-3),Goto(ext-local,vmu{300 + n},1)",
        f"exten => 4,1(ivrsel-4),Goto(hours-{n},s,1)",
        "exten => i,1,Set(INVALID_LOOPCOUNT=$[${INVALID_LOOPCOUNT}+1])",
        "exten => i,n,GotoIf($[${INVALID_LOOPCOUNT} > 3]?final)",
        "exten => i,n,Set(IVR_MSG=no-valid-responce-pls-try-again)",
        "exten => i,n,Goto(s,start)",
        "exten => i,n(final),Playback(no-valid-responce-transfering)",
        "exten => i,n,Goto(app-blackhole,hangup,1)",
        "exten => t,1,Set(TIMEOUT_LOOPCOUNT=$[${TIMEOUT_LOOPCOUNT}+1])",
        "exten => t,n,GotoIf($[${TIMEOUT_LOOPCOUNT} > 3]?final)",
        "exten => t,n,Goto(s,start)",
        f"exten => t,n(final),Goto(ext-queues,{400 + n},1)",
        "",
        f"[hours-{n}]",
        f"exten => s,1,GotoIfTime(08:00-18:00,mon-fri,*,*?open,1)",
        " same => n,Playback(closed)",
        " same => n,Hangup()",
        f"exten => open,1,Queue({400 + n},t,,,60)",
        f" same => n,VoiceMail({300 + n},u)",
        "",
        f"[outrt-{n}] ; Outbound {n}",
        "exten => _9NXXNXXXXXX,1,Macro(user-callerid,LIMIT,EXTERNAL,)",
        "exten => _9NXXNXXXXXX,n,Macro(dialout-trunk,1,${EXTEN:1},,off)",
        "",
    ]


def generate(lines: int) -> str:
    """A dialplan of at least ``lines`` lines (whole blocks of about 41 lines)."""
    block = len(_ivr(0, 1))
    menus = max(1, -(-lines // block))
    out: list[str] = []
    for n in range(menus):
        out.extend(_ivr(n, menus))
    return "\n".join(out) + "\n"


def contexts(count: int, ring: bool) -> str:
    """``count`` menu contexts; in a ring each leads to the next (key 1) and the last to the first."""
    out: list[str] = []
    for n in range(count):
        out += [f"[menu-{n}]", f"exten => s,1,Background(custom/menu-{n})", " same => n,WaitExten(5)",
                *([f"exten => 1,1,Goto(menu-{(n + 1) % count},s,1)"] if ring else []),
                f"exten => 2,1,Queue({400 + n % 50})", "exten => 9,1,Hangup()", ""]
    return "\n".join(out) + "\n"


def _check(path: str) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak RSS in MB) of ``ivr check PATH --format json`` as a whole process."""
    command = [os.path.join(os.path.dirname(sys.executable), "ivr"), "check", path, "--format", "json"]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    stderr = process.stderr.read() if process.stderr else b""
    if os.waitstatus_to_exitcode(status) not in (0, 1):  # 1: findings; 2 would be an error
        raise SystemExit(f"ivr check {path} failed:\n{stderr.decode(errors='replace')}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def check_contexts(count: int, runs: int) -> None:
    anchor = max(1, count // 10)
    parent = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nivr check on dialplans of menu contexts, whole processes, median of {runs} runs, alternating "
          f"(load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}; this process {parent:.0f} MB)")
    with tempfile.TemporaryDirectory() as folder:
        paths = {}
        for shape in ("ring", "separate"):
            for size in (anchor, count):
                paths[shape, size] = os.path.join(folder, f"{shape}-{size}.conf")
                with open(paths[shape, size], "w", encoding="utf-8") as handle:
                    handle.write(contexts(size, shape == "ring"))
        results: dict[tuple[str, int], list[tuple[float, float, float]]] = {key: [] for key in paths}
        for _ in range(max(runs, 1)):
            for key, path in paths.items():
                results[key].append(_check(path))
    for shape in ("ring", "separate"):
        (small_wall, small_cpu, _), (big_wall, big_cpu, big_mb) = (
            tuple(statistics.median(run[i] for run in results[shape, size]) for i in range(3))
            for size in (anchor, count))
        verdict = "PASS" if big_cpu < CONTEXTS_SECONDS and big_mb < CONTEXTS_MB else "FAIL"
        print(f"  {shape:<8} {count} contexts: CPU {big_cpu:.2f} s (wall {big_wall:.2f} s), {big_mb:.0f} MB peak; "
              f"{anchor} contexts: CPU {small_cpu:.2f} s; growth {big_cpu / small_cpu:.1f}x for {count // anchor}x "
              f"the contexts   {verdict} (target < {CONTEXTS_SECONDS:g} s and < {CONTEXTS_MB} MB)")
    print(f"  (load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--contexts", type=int, default=5_000, help="0: leave out the whole-process check")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if args.contexts:
        check_contexts(args.contexts, args.runs)  # first, while this process is small
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "extensions_additional.conf")
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(generate(args.lines))
        best_parse = best_flows = best_total = float("inf")
        for _ in range(args.repeat):
            started = time.perf_counter()
            plan = parse_files([path])
            parsed = time.perf_counter()
            result = read_flows(plan)
            done = time.perf_counter()
            reading = read_all([path])
            whole = time.perf_counter()
            best_parse, best_flows = min(best_parse, parsed - started), min(best_flows, done - started)
            best_total = min(best_total, whole - done)
        assert not reading.errors, reading.errors
    steps = sum(len(flow.steps) for flow in result.flows)
    print(f"dialplan: {plan.lines} lines, {len(plan.contexts)} contexts; {len(result.flows)} IVRs, "
          f"{steps} steps (flows share steps); skipped {len(result.summary.skipped)} contexts")
    nodes = sum(len(menu.nodes) for menu in reading.menus)
    print(f"parse {best_parse:.3f} s, parse + analysis {best_flows:.3f} s, read_all (into {len(reading.menus)} "
          f"menus, {nodes} nodes) {best_total:.3f} s (best of {args.repeat})")
    verdict = "PASS" if best_total < TARGET_SECONDS else "FAIL"
    print(f"{verdict}: reading a {plan.lines}-line dialplan takes {best_total:.2f} s (target < {TARGET_SECONDS:.0f} s)")


if __name__ == "__main__":
    main()

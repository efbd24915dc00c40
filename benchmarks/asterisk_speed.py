"""How long does reading a 10,000-line Asterisk dialplan take? Target: under 2 s.

Generates a FreePBX-shaped dialplan (inbound routes, IVR contexts with retry counters,
queues, submenus, voicemail, plus outbound routes and macros that are skipped) of about
``--lines`` lines, then times, best of ``--repeat``: parsing (:mod:`ivr.formats.asterisk.dialplan`)
and the analysis into call flows (:mod:`ivr.formats.asterisk.entries`), and the whole of
reading as ``ivr`` does it (:func:`ivr.formats.reading.read_all`: detect, parse, analyse,
map onto the model, check the model's invariants). The target is judged on the whole.
Prints the figures and PASS/FAIL; the exit status is always 0.

    .venv/bin/python benchmarks/asterisk_speed.py [--lines 10000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
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
          f"{steps} steps (flows share steps); skipped {sum(map(len, result.summary.skipped.values()))} contexts")
    nodes = sum(len(menu.nodes) for menu in reading.menus)
    print(f"parse {best_parse:.3f} s, parse + analysis {best_flows:.3f} s, read_all (into {len(reading.menus)} "
          f"menus, {nodes} nodes) {best_total:.3f} s (best of {args.repeat})")
    verdict = "PASS" if best_total < TARGET_SECONDS else "FAIL"
    print(f"{verdict}: reading a {plan.lines}-line dialplan takes {best_total:.2f} s (target < {TARGET_SECONDS:.0f} s)")


if __name__ == "__main__":
    main()

"""Peak memory of every reader on large files: at most 20 x the file's size + 100 MB (issue 20).

For each reader, files of growing size are generated (a menu repeated, each copy leading to the next, so
that every part is reached and analysed), and each is read as every command reads it (`pipeline.read`:
detect, parse, link, check the model; `--check`: all of `ivr check FILE --format json`) in a fresh process.
Its peak resident memory is the figure, median of --runs runs: the child's own high-water mark (VmHWM of
/proc/self/status, which exec starts afresh) as it ends, cross-checked with ru_maxrss of the finished child
(os.wait4; with --check, ivr check, that is the figure). Each file is generated in a process of its own:
Linux starts a forked child's ru_maxrss at its parent's resident size, so a parent that had built a 64 MiB
menu itself would lend every later child its few hundred MB.

The anchor is the file's own size: the target is 20 x size + 100 MB, and the line says how much of it was
used. A reader may refuse a file for one of its limits (the XML readers read at most 200,000 elements,
every reader 5,000,000 values: exit 2 on the line): that is a refusal, located, and its memory is judged
the same; --no-limits lifts those two counts in the reading child, to show how memory grows past them.
Machine load is printed beside. Exit status 0 always; PASS/FAIL per line.

    .venv/bin/python benchmarks/reader_memory.py            # 1, 8 and 64 MiB per reader, 3 runs
    .venv/bin/python benchmarks/reader_memory.py --quick    # 1 and 4 MiB, 1 run (about a minute)
    .venv/bin/python benchmarks/reader_memory.py --sizes 1,4,16,64 --runs 1 [--only vxml] [--no-limits]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)

from asterisk_speed import generate as asterisk_dialplan  # noqa: E402
from generate import generate_menu  # noqa: E402

MIB = 1024 * 1024
IVR = os.path.join(os.path.dirname(sys.executable), "ivr")


def _repeat(size: int, head: str, part, tail: str, sep: str = "") -> str:
    """``head``, then ``part(i)`` for i = 0, 1, ... until the text is ``size`` bytes or more, then ``tail``."""
    pieces, total, i = [head], len(head) + len(tail), 0
    while total < size:
        piece = part(i) + sep
        pieces.append(piece)
        total += len(piece)
        i += 1
    if sep and pieces[-1].endswith(sep):
        pieces[-1] = pieces[-1][: -len(sep)]
    pieces.append(tail)
    return "".join(pieces)


def yaml_menu(size: int) -> str:
    nodes = max(8, size // 300)  # about 300 bytes a node
    return generate_menu(nodes)


def freeswitch(size: int) -> str:
    def menu(i: int) -> str:
        return (f'<menu name="m{i}" greet-long="say:Menu {i}. For the next menu press 1, for an agent press 0." '
                f'timeout="5000" max-failures="3" max-timeouts="3">\n'
                f'  <entry action="menu-sub" digits="1" param="m{i + 1}"/>\n'
                f'  <entry action="menu-exec-app" digits="0" param="transfer 1000 XML default"/>\n</menu>\n')
    return _repeat(size, "<include>\n", menu, "<menu name=\"mlast\" greet-long=\"say:Bye\"/></include>\n")


def vxml(size: int) -> str:
    def menu(i: int) -> str:
        return (f'<menu id="m{i}"><prompt>Menu {i}. For the next menu press 1, for an agent press 0.</prompt>'
                f'<choice dtmf="1" next="#m{i + 1}"/><choice dtmf="0" next="#agent"/></menu>\n')
    return _repeat(size, '<?xml version="1.0"?>\n<vxml version="2.1">\n', menu,
                   '<menu id="mlast"><prompt>Bye</prompt><choice dtmf="0" next="#agent"/></menu>\n'
                   '<form id="agent"><transfer name="t" dest="tel:+15550100"/></form>\n</vxml>\n')


def twilio(size: int) -> str:
    def state(i: int) -> str:
        return json.dumps({"name": f"g{i}", "type": "gather-input-on-call",
                           "properties": {"say": f"Menu {i}. Press 1 for the next menu.", "timeout": 5,
                                          "number_of_digits": 1},
                           "transitions": [{"event": "keypress", "next": f"g{i + 1}"}, {"event": "speech"},
                                           {"event": "timeout", "next": f"g{i}"}]})
    head = ('{"description": "big", "initial_state": "Trigger", "flags": {"allow_concurrent_calls": true}, '
            '"states": [{"name": "Trigger", "type": "trigger", "properties": {}, "transitions": '
            '[{"event": "incomingCall", "next": "g0"}]},\n')
    return _repeat(size, head, state, ',\n{"name": "glast", "type": "say-play", "properties": {"say": "Bye"}, '
                   '"transitions": [{"event": "audioComplete"}]}]}\n', ",\n")


def connect(size: int) -> str:
    def action(i: int) -> str:
        return json.dumps({"Identifier": f"a{i}", "Type": "GetParticipantInput",
                           "Parameters": {"Text": f"Menu {i}. Press 1 for the next menu.", "StoreInput": "False",
                                          "InputTimeLimitSeconds": "5"},
                           "Transitions": {"NextAction": f"a{i + 1}",
                                           "Conditions": [{"NextAction": f"a{i + 1}",
                                                           "Condition": {"Operator": "Equals", "Operands": ["1"]}}],
                                           "Errors": [{"NextAction": f"a{i}", "ErrorType": "InputTimeLimitExceeded"},
                                                      {"NextAction": f"a{i}", "ErrorType": "NoMatchingCondition"}]}})
    return _repeat(size, '{"Version": "2019-10-30", "StartAction": "a0", "Actions": [\n', action,
                   ',\n{"Identifier": "alast", "Type": "DisconnectParticipant", "Parameters": {}, '
                   '"Transitions": {}}]}\n', ",\n")


def archy(size: int) -> str:
    def menu(i: int) -> str:  # Archy's menus are a flat list, each jumping to the next
        return (f"    - menu:\n        name: Menu {i}\n        refId: m{i}\n        audio:\n"
                f"          tts: Menu {i}. Press 1 for the next menu.\n        choices:\n"
                f"          - menuJumpToMenu:\n              name: Next\n              dtmf: digit_1\n"
                f"              targetMenuRef: ./menus/menu[m{i + 1}]\n")
    head = ("inboundCall:\n  name: Big\n  defaultLanguage: en-us\n  startUpRef: ./menus/menu[m0]\n"
            "  initialGreeting:\n    tts: Hello\n  menus:\n")
    return _repeat(size, head, menu, "    - menu:\n        name: Last\n        refId: mlast\n        audio:\n"
                   "          tts: Bye\n        choices:\n          - menuDisconnect:\n              name: Bye\n"
                   "              dtmf: digit_9\n")


def asterisk(size: int) -> str:
    return asterisk_dialplan(max(100, size // 37))  # about 37 bytes a line (// 30 made 80 MiB of 64)


GENERATORS = {"yaml": (yaml_menu, "yaml"), "freeswitch": (freeswitch, "xml"), "vxml": (vxml, "vxml"),
              "asterisk": (asterisk, "conf"), "twilio": (twilio, "json"), "connect": (connect, "json"),
              "archy": (archy, "yaml")}


#: The reading stage alone, as every command runs it (pipeline.read: detect, read, link, check the model).
_READ = ("import sys, importlib; from ivr.formats import sources; from ivr import pipeline; "
         "sources.set_max_bytes(70 << 20); "
         "[setattr(m, n, 10**12) for m in map(importlib.import_module, sys.argv[3:]) "
         "for n in ('MAX_ITEMS', 'MAX_ELEMENTS') if hasattr(m, n)]; "
         "r = pipeline.read([sys.argv[1]], sys.argv[2]); "
         "print(next(l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM:'))); "
         "sys.exit(2 if r.errors else 0)")


#: The modules that hold a count limit (--no-limits lifts them in the child, to see how memory grows past them).
_COUNTED = ["ivr.formats.xmltree", "ivr.formats.cloud.jsonloc", "ivr.formats.native.yamlfile",
            "ivr.formats.asterisk.dialplan"]


def peak_rss(path: str, fmt: str, whole: bool, lifted: bool = False) -> tuple[int, float, int]:
    """(peak resident bytes, seconds, exit status) of reading ``path`` (``whole``: all of `ivr check`;
    ``lifted``: with the count limits lifted) in a fresh process."""
    start = time.perf_counter()
    command = ([IVR, "--max-file-size", "70M", "check", path, "--from", fmt, "--format", "json", "--fail-on", "never"]
               if whole else [sys.executable, "-c", _READ, path, fmt, *(_COUNTED if lifted else [])])
    with open(os.devnull, "wb") as null, tempfile.TemporaryFile() as out:
        child = subprocess.Popen(command, stdout=null if whole else out, stderr=null, cwd=ROOT)
        _, status, usage = os.wait4(child.pid, 0)
        out.seek(0)
        written = out.read().split()
    maxrss = usage.ru_maxrss * 1024
    peak = int(written[-1]) * 1024 if written else maxrss  # VmHWM in kB
    if abs(peak - maxrss) > 0.05 * peak:
        print(f"  (VmHWM {peak / 1e6:.0f} MB, ru_maxrss {maxrss / 1e6:.0f} MB)", flush=True)
    return peak, time.perf_counter() - start, os.waitstatus_to_exitcode(status)


def _generate(name: str, size: int, path: str) -> None:
    """Write the ``name`` file of about ``size`` bytes at ``path``, in a process of its own (see the docstring)."""
    subprocess.run([sys.executable, os.path.abspath(__file__), "--generate", name, str(size), path], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1 and 4 MiB, one run each")
    parser.add_argument("--runs", type=int, default=None)
    parser.add_argument("--only", help="one reader")
    parser.add_argument("--sizes", help="sizes in MiB, comma-separated (default 1,8,64; --quick 1,4)")
    parser.add_argument("--no-limits", action="store_true",
                        help="lift the count limits (limits.MAX_ITEMS, xmltree.MAX_ELEMENTS) in the reading child: a "
                             "diagnostic of how memory grows where a limit would refuse the file")
    parser.add_argument("--generate", nargs=3, metavar=("READER", "BYTES", "PATH"), help=argparse.SUPPRESS)
    parser.add_argument("--check", action="store_true", help="measure all of ivr check (rules, findings, output), "
                                                             "not the reading alone")
    args = parser.parse_args()
    if args.generate:
        name, size, path = args.generate
        with open(path, "w", encoding="utf-8") as out:
            out.write(GENERATORS[name][0](int(size)))
        return
    sizes = [float(s) for s in args.sizes.split(",")] if args.sizes else [1, 4] if args.quick else [1, 8, 64]
    runs = args.runs or (1 if args.quick else 3)
    print("measuring " + ("all of ivr check" if args.check else "the reading (pipeline.read) in a fresh process")
          + (", the count limits lifted" if args.no_limits else ""))
    print(f"machine load (1, 5, 15 min): {', '.join(f'{x:.2f}' for x in os.getloadavg())}; {os.cpu_count()} cores")
    print(f"{'reader':<11} {'file':>8} {'peak':>9} {'target':>9} {'used':>6} {'seconds':>8} {'exit':>4}  verdict")
    with tempfile.TemporaryDirectory() as folder:
        for name, (make, suffix) in GENERATORS.items():
            if args.only and name != args.only:
                continue
            for mib in sizes:
                path = os.path.join(folder, f"big-{name}-{mib}.{suffix}")
                _generate(name, int(mib * MIB), path)
                size = os.path.getsize(path)
                measured = [peak_rss(path, name, args.check, args.no_limits) for _ in range(runs)]
                peak = statistics.median(m[0] for m in measured)
                seconds = statistics.median(m[1] for m in measured)
                target = 20 * size + 100 * 1000 * 1000
                verdict = "PASS" if peak <= target else "FAIL"
                print(f"{name:<11} {size / MIB:>6.1f}Mi {peak / 1e6:>7.0f}MB {target / 1e6:>7.0f}MB "
                      f"{peak / target:>5.0%} {seconds:>8.1f} {measured[0][2]:>4}  {verdict}", flush=True)
                os.unlink(path)
    with open("/proc/self/status") as status:
        print("this process: " + ", ".join(" ".join(line.split()) for line in status if line.startswith(("VmHWM", "VmRSS"))))
    print(f"machine load after: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()

"""How fast is reading an estate of cloud contact-centre flows? Target (issue 23): 200 flows of 100 blocks in under 2 s.

Writes ``--flows`` Amazon Connect flows of ``--blocks`` actions each (the
export's layout: indented JSON, UUID identifiers, ``{"Content": ...}`` wrapper
on every other flow; each flow a menu, messages, Lambda calls, attribute
updates, a queue transfer, and a ``TransferToFlow`` to the next flow by ARN)
to a temporary folder, then times reading them all as one estate with
``ivr.formats.reading.read_all`` (what ``ivr check`` runs before the rules):
the located JSON, the flow semantics, linking the hand-offs across files into
one menu, and the model checks, best of ``--repeat`` runs. With ``--check`` it also times ``ivr check`` on the
folder as a whole process (reading, graph, every rule), for reference.

    .venv/bin/python benchmarks/estate_speed.py                # 200 x 100, best of 3
    .venv/bin/python benchmarks/estate_speed.py --flows 50 --blocks 400
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
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
if ROOT not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, ROOT)

from ivr.formats.reading import read_all  # noqa: E402

ARN = "arn:aws:connect:eu-west-1:123456789012:instance/11111111-2222-3333-4444-555555555555/contact-flow/{}"


def _ids(count: int, seed: int) -> list[str]:
    return [str(uuid.UUID(int=(seed << 64) + i)) for i in range(count)]


def make_flow(index: int, blocks: int, next_flow: str | None) -> dict:
    """A flow of ``blocks`` actions: menu, then chains of message -> Lambda -> attributes, a queue or a hand-off."""
    ids = _ids(blocks, index + 1)
    actions = []
    menu, bye, queue = ids[0], ids[1], ids[2]
    chains = [ids[i:i + 3] for i in range(3, blocks - 2, 3)]
    keys = [str(k) for k in range(1, min(9, len(chains)) + 1)]
    actions.append({"Identifier": menu, "Type": "GetParticipantInput",
                    "Parameters": {"Text": f"Flow {index}. " + " ".join(f"For topic {k} press {k}." for k in keys),
                                   "StoreInput": "False", "InputTimeLimitSeconds": "5"},
                    "Transitions": {"NextAction": bye,
                                    "Conditions": [{"NextAction": chains[i][0], "Condition": {
                                        "Operator": "Equals", "Operands": [k]}} for i, k in enumerate(keys)],
                                    "Errors": [{"NextAction": menu, "ErrorType": "InputTimeLimitExceeded"},
                                               {"NextAction": menu, "ErrorType": "NoMatchingCondition"},
                                               {"NextAction": bye, "ErrorType": "NoMatchingError"}]}})
    actions.append({"Identifier": bye, "Type": "DisconnectParticipant", "Parameters": {}, "Transitions": {}})
    actions.append({"Identifier": queue, "Type": "TransferContactToQueue",
                    "Transitions": {"Errors": [{"NextAction": bye, "ErrorType": "QueueAtCapacity"}]}})
    for number, (message, lam, attrs) in enumerate(chains):
        following = chains[number + 1][0] if number + 1 < len(chains) else queue
        actions.append({"Identifier": message, "Type": "MessageParticipant",
                        "Parameters": {"Text": f"This is step {number} of flow {index}, thanks for waiting."},
                        "Transitions": {"NextAction": lam}})
        actions.append({"Identifier": lam, "Type": "InvokeLambdaFunction",
                        "Parameters": {"LambdaFunctionARN": f"arn:aws:lambda:eu-west-1:1:function:f{number}",
                                       "InvocationTimeLimitSeconds": "3"},
                        "Transitions": {"NextAction": attrs,
                                        "Errors": [{"NextAction": bye, "ErrorType": "NoMatchingError"}]}})
        actions.append({"Identifier": attrs, "Type": "UpdateContactAttributes",
                        "Parameters": {"Attributes": {"step": str(number)}},
                        "Transitions": {"NextAction": following,
                                        "Errors": [{"NextAction": following, "ErrorType": "NoMatchingError"}]}})
    if next_flow is not None:
        handoff = ids[-1]
        actions[-1]["Transitions"]["NextAction"] = handoff
        actions.append({"Identifier": handoff, "Type": "TransferToFlow",
                        "Parameters": {"ContactFlowId": ARN.format(next_flow)},
                        "Transitions": {"NextAction": bye, "Errors": [{"NextAction": bye,
                                                                       "ErrorType": "NoMatchingError"}]}})
    while len(actions) < blocks:
        filler = ids[len(actions)] if len(actions) < len(ids) else str(uuid.uuid4())
        actions.insert(3, {"Identifier": filler, "Type": "UpdateContactTextToSpeechVoice",
                           "Parameters": {"TextToSpeechVoice": "Joanna"}, "Transitions": {"NextAction": menu}})
    return {"Version": "2019-10-30", "StartAction": menu, "Actions": actions[:blocks]}


def write_estate(folder: str, flows: int, blocks: int) -> list[str]:
    flow_ids = _ids(flows, 0)
    paths = []
    for index in range(flows):
        body = make_flow(index, blocks, flow_ids[index + 1] if index + 1 < flows else None)
        if index % 2:
            document = {"Name": f"flow-{index}", "Id": flow_ids[index], "Arn": ARN.format(flow_ids[index]),
                        "Type": "CONTACT_FLOW", "Content": json.dumps(body)}
        else:
            document = body
        path = os.path.join(folder, f"{flow_ids[index]}.json")
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(document, handle, indent=2)
        paths.append(path)
    return paths


def read_estate(paths: list[str]) -> tuple[int, int]:
    """What ``ivr check`` does before the rules: every flow read, linked into IVRs, model checks run."""
    reading = read_all(paths)
    if reading.errors:
        raise SystemExit(f"the generated flows do not read: {next(iter(reading.errors.values()))[0]}")
    return len(reading.menus), sum(len(m.nodes) for m in reading.menus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--flows", type=int, default=200)
    parser.add_argument("--blocks", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--check", action="store_true", help="also time 'ivr check' on the folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        paths = write_estate(folder, args.flows, args.blocks)
        size = sum(os.path.getsize(p) for p in paths)
        times, floors = [], []
        for _ in range(args.repeat):  # interleaved: the anchor and ivr under the same load
            started = time.perf_counter()
            for path in paths:  # the anchor: the stdlib's parse of the same files, the floor of any reading
                with open(path, "rb") as handle:
                    document = json.loads(handle.read())
                if isinstance(document.get("Content"), str):  # the flow inside its wrapper, as ivr reads it
                    json.loads(document["Content"])
            floors.append(time.perf_counter() - started)
            started = time.perf_counter()
            estates, steps = read_estate(paths)
            times.append(time.perf_counter() - started)
        median, floor = statistics.median(times), statistics.median(floors)
        print(f"{args.flows} flows x {args.blocks} blocks ({size / 1e6:.1f} MB): read and linked in {median:.2f} s "
              f"(median of {args.repeat}); {estates} IVR(s), {steps} nodes; json.loads of the same files "
              f"{floor:.3f} s: {median / floor:.0f}x the parse floor; load {os.getloadavg()[0]:.2f}")
        print(f"{'PASS' if median < 2 else 'FAIL'}: under 2 s")
        if args.check:
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "ivr", "check", folder, "--fail-on", "never", "-o", os.devnull],
                           check=False, capture_output=True)
            print(f"ivr check {args.flows} flows as a whole process: {time.perf_counter() - started:.2f} s")


if __name__ == "__main__":
    main()

"""Amazon Connect's legacy console export (``modules`` with ``branches``) as a :class:`Flow`.

Before the flow language, the flow designer exported ``{"modules": [{id, type,
parameters: [{name, value}], branches: [{condition, transition}]}], "start"}``.
The block types map onto the flow language's (see :mod:`.actions`):

* ``PlayPrompt`` says ``Text`` (or plays a prompt: audio) and goes on at ``Success``;
* ``GetUserInput`` is a menu: ``Evaluate`` branches are its options (keys, or a
  Lex bot's intents when ``BotName`` is set: speech or keys), ``Timeout`` no input,
  ``NoMatch`` no match; ``Error`` is the block's own error (noted, left out);
* ``SetQueue`` sets the queue that a ``Transfer`` (``target: Queue``) it leads
  to puts the caller in: a person; what follows ``AtCapacity``/``Error`` of a
  transfer is not analysed, but said when it hangs up in silence; while the
  caller waits the customer queue flow plays (its ``hold``: see :mod:`.actions`),
  the one a ``SetEventHook`` of type ``CustomerQueue`` leading there names;
* a ``Transfer`` to a phone number (``target: PhoneNumber``) calls it: no queue;
* ``Disconnect`` hangs up; ``InvokeExternalResource``, ``CheckHoursOfOperation``,
  ``CheckAttribute`` and other blocks with ``Evaluate``/``Success``/``Error``
  branches are branches on their outcome; ``Set*`` blocks pass the caller on;
* a ``Transfer`` to a flow (``target: Flow``) hands off to the flow named.
"""

from __future__ import annotations

from ivr.formats.cloud.jsonloc import JArray, JObject
from ivr.formats.connect.semantics import CONNECT, RESUMES, RUN_INSIDE
from ivr.formats.flow import (FLOW_END, Edge, Flow, FlowError, Step, collapse_passes, drop_failure_paths,
                              ends_unsaid, silent_failure)
from ivr.model.menu import Location

__all__ = ["legacy_flow"]


def _params(module: JObject) -> dict[str, object]:
    found: dict[str, object] = {}
    parameters = module.get("parameters")
    if isinstance(parameters, list):
        for item in parameters:
            if isinstance(item, dict) and isinstance(item.get("name"), str):
                found[item["name"]] = item.get("resourceName") or item.get("value")
    return found


#: How a legacy block names an attribute it reads at run time ("useDynamic": a parameter with a namespace), in the
#: flow language's words (admin guide, connect-attrib-list.html: $.External for a Lambda's result, $.Attributes for
#: user-defined attributes)
_NAMESPACES = {"External": "$.External.", "User Defined": "$.Attributes.", "System": "$."}


def _param_as_written(module: JObject, name: str) -> str | None:
    """Parameter ``name`` of ``module``: its resource's name, its value, or the attribute it is read from at run
    time (a value with a namespace), as the flow language writes that attribute."""
    parameters = module.get("parameters")
    for item in parameters if isinstance(parameters, list) else []:
        if isinstance(item, dict) and item.get("name") == name:
            value = item.get("resourceName") or item.get("value")
            if value is None or value == "":
                return None
            namespace = item.get("namespace")
            if isinstance(namespace, str) and not item.get("resourceName"):
                return f"{_NAMESPACES.get(namespace, f'$.{namespace}.')}{value}"
            return str(value)
    return None


def _branches(module: JObject) -> list[tuple[str, str | None, Edge]]:
    """(condition, value, edge) of each branch with a transition."""
    found = []
    branches = module.get("branches")
    if isinstance(branches, JArray):
        for index, branch in enumerate(branches):
            if isinstance(branch, JObject) and isinstance(branch.get("transition"), str):
                value = branch.get("conditionValue")
                found.append((str(branch.get("condition", "")), str(value) if value is not None else None,
                              Edge(branch["transition"], branches.at(index))))
    return found


def legacy_flow(data: JObject, file: str, name: str | None, kind: str | None = None) -> Flow:
    """The flow of a legacy export, or :class:`FlowError` when it has no modules or start; ``kind``: its flow type
    as the API names it (CUSTOMER_QUEUE), read as the flow language's are (:mod:`.actions`)."""
    modules = data.get("modules")
    if not isinstance(modules, JArray):
        raise FlowError(data.at("modules"), "'modules' must be a list of blocks")
    by_id = {m["id"]: m for m in modules if isinstance(m, JObject) and isinstance(m.get("id"), str)}
    start = data.get("start")
    if not isinstance(start, str) or start not in by_id:
        raise FlowError(data.at("start"), f"start {start!r} names no module; set it to the id of the first block")
    metadata = data.get("metadata")
    title = metadata.get("name") if isinstance(metadata, dict) and isinstance(metadata.get("name"), str) else None
    flow_name = name or title or file.rsplit("/", 1)[-1].split(".", 1)[0]
    flow = Flow(flow_name, file, Edge(start, data.at("start")), {}, CONNECT, Location(file, 1, 1, ""),
                kind=kind or "legacy")
    if kind in RUN_INSIDE:
        flow.part_of = RUN_INSIDE[kind]
    flow.agent_ends_it = kind in ("CUSTOMER_QUEUE", "CUSTOMER_HOLD")
    flow.aliases |= {flow_name, file.rsplit("/", 1)[-1].split(".", 1)[0]}
    flow.summary.notes.append("read the legacy console export (modules with branches) by the flow language's rules")
    queues, holds = _queues_and_holds(by_id)
    failing: dict[str, tuple[str, list[tuple[str, Edge]], Edge | None]] = {}
    for module in by_id.values():
        flow.summary.read += 1
        flow.add(_step(flow, module, queues, holds, failing))
        flow.summary.used += 1
    for sid, (when, ways, success) in failing.items():
        # a function's failure is judged only where its success goes on (a last lookup before a hangup may be meant)
        if success is None or ends_unsaid(flow, success.target) is None:
            flow.steps[sid].fails_silently = silent_failure(flow, when, ways)
    collapse_passes(flow)
    drop_failure_paths(flow)
    return flow


def _end(flow: Flow, module: JObject) -> Edge:
    sid = f"{module['id']}/end"
    if sid not in flow.steps:
        flow.add(Step(sid, "hangup", module.here(), FLOW_END,
                      label=f"end of the contact after {module.get('type', 'a block')}"))
    return Edge(sid, module.here())


def _wait(flow: Flow, step: Step, goto: Edge) -> None:
    """An input block with no option whose silence and keys lead to the same place offers no choice: it plays its
    prompt, waits for keys or its time limit (a recording, a stream the caller speaks into) and goes on. An
    input that takes any keys, not a menu (as :mod:`.actions` reads ``GetParticipantInput``)."""
    step.kind, step.goto = "input", goto
    step.no_input = Edge(goto.target, goto.location, "Timeout (as any keys)")
    step.no_match = Edge(goto.target, goto.location, "any keys")
    flow.summary.notes.append(f"{step.label} (line {step.location.line}) has no option, and silence and any key "
                              "lead to the same place: read as an input that takes any keys, not a menu")


#: The legacy blocks that run a function: their ``Error`` branch is taken when it fails or times out (admin guide,
#: invoke-lambda-function-block.html, "Invoke AWS Lambda function": Success and Error).
_FUNCTIONS = frozenset({"InvokeExternalResource", "InvokeLambdaFunction"})


def _reach(by_id: dict[str, JObject], ident: str) -> set[str]:
    """The blocks a call can go through from block ``ident`` on (by any branch)."""
    seen: set[str] = set()
    todo = [ident]
    while todo:
        current = todo.pop()
        if current in seen or current not in by_id:
            continue
        seen.add(current)
        todo.extend(edge.target for _, _, edge in _branches(by_id[current]))
    return seen


def _queues_and_holds(by_id: dict[str, JObject]) -> tuple[dict[str, str], dict[str, str]]:
    """For each Transfer to a queue: the queues the SetQueue blocks that lead to it set (a queue, or an agent's
    queue: "Set working queue" takes either, admin guide, set-working-queue.html), and the customer queue flow a
    SetEventHook block of type CustomerQueue that leads to it names ("Set customer queue flow", admin guide,
    set-customer-queue-flow.html), as :mod:`.actions` reads UpdateContactTargetQueue and UpdateContactEventHooks."""
    setters = [(ident, module) for ident, module in by_id.items() if module.get("type") in ("SetQueue", "SetEventHook")]
    reach = {ident: _reach(by_id, ident) for ident, _ in setters}
    queues: dict[str, str] = {}
    holds: dict[str, str] = {}
    for ident, module in by_id.items():
        if module.get("type") != "Transfer" or module.get("target") not in (None, "Queue"):
            continue
        set_queues, hooks = set(), set()
        for setter, set_by in setters:
            if ident not in reach[setter]:
                continue
            if set_by.get("type") == "SetQueue":
                agent = _param_as_written(set_by, "Agent")
                set_queues.add(f"the queue of agent {agent}" if agent else
                               _param_as_written(set_by, "Queue") or "(queue set at run time)")
            elif _params(set_by).get("Type") == "CustomerQueue" and _param_as_written(set_by, "ContactFlowId"):
                hooks.add(str(_param_as_written(set_by, "ContactFlowId")))
        if set_queues:
            queues[ident] = " or ".join(sorted(set_queues))
        if len(hooks) == 1:
            holds[ident] = hooks.pop()
    return queues, holds


def _step(flow: Flow, module: JObject, queues: dict[str, str], holds: dict[str, str],
          failing: dict[str, tuple[str, list[tuple[str, Edge]], Edge | None]]) -> Step:
    """The step of ``module``; ``failing`` gets the failure ways of a transfer or a function (with its success),
    whose silence is judged once every step is made (Step.fails_silently)."""
    kind, params, branches = str(module.get("type")), _params(module), _branches(module)
    step = Step(module["id"], "pass", module.here(), kind, label=f"{kind} {module['id'][:8]}")
    by_condition = {condition: edge for condition, _, edge in branches}
    text = params.get("Text")
    if isinstance(text, str):
        step.label = f"{kind}: {' '.join(text.split())[:40]}"  # no quotes: a message quoting it nests none
    if kind == "PlayPrompt":
        step.kind, step.goto = "message", by_condition.get("Success") or _end(flow, module)
        step.text = text if isinstance(text, str) else None
        step.audio = [] if step.text else [str(params.get("AudioPrompt") or params.get("PromptId") or "prompt")]
    elif kind == "GetUserInput":
        step.kind, step.text = "menu", text if isinstance(text, str) else None
        # a Lex bot takes keys as well as speech ("Amazon Lex bots support both spoken utterances and keypad input
        # when used in a contact flow": admin guide, get-customer-input.html, Configuration tips)
        step.input_modes = ("speech", "dtmf") if params.get("BotName") else ("dtmf",)
        for condition, value, edge in branches:
            if condition == "Evaluate" and value is not None:
                step.options.append(Edge(edge.target, edge.location, value, value if params.get("BotName") else None))
        step.no_match = by_condition.get("NoMatch") or _end(flow, module)
        step.no_input = by_condition.get("Timeout") or step.no_match
        if "Error" in by_condition:
            flow.summary.skip(f"{step.label} Error", "the block's own error, not the caller's: left out of the "
                              "analysis", by_condition["Error"].location)
        if not step.options and step.no_match.target == step.no_input.target:
            _wait(flow, step, step.no_match)
    elif kind == "Disconnect":
        step.kind = "hangup"
    elif kind == "Resume" and flow.kind in RESUMES:
        # Resume, the legacy End flow / Resume: in a customer queue flow the caller stays in the queue, in a whisper
        # or hold flow the call goes on to the agent (semantics.RESUMES): the person, made by the reader
        step.kind, step.invented = "transfer", True
        step.queue = "(the queue the caller waits in)" if flow.kind == "CUSTOMER_QUEUE" else \
            "(the agent the call is connected to)"
        step.label = f"Resume: {RESUMES[str(flow.kind)]} ({str(flow.kind).lower().replace('_', ' ')} flow)"
    elif kind == "Transfer" and module.get("target") == "Flow":
        # Transfer to flow: its one branch, Error, is taken when the contact cannot be transferred to the flow
        # (admin guide, transfer-to-flow.html): the hand-off's failure path, as TransferToFlow's in .actions
        step.kind, step.flow_ref = "handoff", _param_as_written(module, "ContactFlowId") or ""
        step.target_text = f"Transfer to flow {step.flow_ref}"
        if "Error" in by_condition:
            step.on_fail = by_condition["Error"]
            flow.failure_targets.add(step.on_fail.target)
            flow.summary.skip(f"{step.label} Error", "what happens after a failed hand-off is not analysed",
                              step.on_fail.location)
    elif kind == "Transfer":
        step.kind = "transfer"
        # Transfer to phone number ("target": "PhoneNumber") calls a number, typed in or read from an attribute
        # (admin guide, transfer-to-phone-number.html): no queue, so no customer queue flow plays
        number = _param_as_written(module, "PhoneNumber")
        if module.get("target") == "PhoneNumber" or number:
            step.number = number or "(number set at run time)"
        else:
            step.queue = queues.get(module["id"]) or str(params.get("Queue") or "(queue set in another flow)")
            step.hold_ref = holds.get(module["id"])
            step.hold = f"the customer queue flow {step.hold_ref} (set by SetEventHook)" if step.hold_ref else \
                "the customer queue flow (Connect's 'Default customer queue' flow, unless one was set)"
        for condition, _, edge in branches:
            flow.failure_targets.add(edge.target)
            flow.summary.skip(f"{step.label} {condition}", "what happens after a failed transfer is not analysed: "
                              "the caller is counted as reaching a person", edge.location)
        # AtCapacity: the queue is full; Error: the transfer failed (admin guide, transfer-to-queue.html,
        # transfer-to-phone-number.html): what callers hear then, if the way says nothing before the hangup
        failing[step.id] = ("when the transfer fails", [(c, e) for c, _, e in branches if c != "Success"], None)
    elif kind.startswith("Set") and "Success" in by_condition:
        step.goto = by_condition["Success"]  # a setting passes the caller on; its error is not analysed
        if "Error" in by_condition and by_condition["Error"].target != step.goto.target:
            flow.failure_targets.add(by_condition["Error"].target)
            flow.summary.skip(f"{step.label} Error", "an error of a setting block: the platform failing, not "
                              "analysed", by_condition["Error"].location)
    elif any(c not in ("Success", "Error") for c in by_condition) or (
            "Error" in by_condition and by_condition["Error"].target != getattr(by_condition.get("Success"),
                                                                                 "target", None)):
        step.kind = "branch"
        step.branches = [Edge(edge.target, edge.location, f"{kind} {value if value is not None else condition}")
                         for condition, value, edge in branches]
        if kind in _FUNCTIONS and "Error" in by_condition:
            failing[step.id] = ("when the function fails", [("Error", by_condition["Error"])],
                                by_condition.get("Success"))
    else:
        step.goto = by_condition.get("Success") or _end(flow, module)
    return step

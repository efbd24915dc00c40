"""What each Amazon Connect action means to a caller: a flow-language document as a :class:`Flow`.

Connect's rules, from the flow language reference:

* ``Transitions.NextAction`` is the success path, ``Conditions`` the branches
  of actions that test something, ``Errors`` the error paths by ``ErrorType``;
  an action with no transition for what happened ends the contact (a hangup
  step at the action);
* ``GetParticipantInput`` plays a prompt and waits for keys: its DTMF
  ``Conditions`` are options, ``InputTimeLimitExceeded`` the no-input path,
  ``NoMatchingCondition`` the no-match path (with no ``Conditions``, where both
  lead to the same place, the block offers no choice: an input that takes any
  keys or its time limit and goes on); it counts no retries (a menu
  whose timeout leads back to itself plays again as long as the caller stays:
  :data:`CONNECT`). ``NoMatchingError`` is the block's own
  error, not the caller's: it is noted and left out. With
  ``StoreInput`` the keys are stored and the flow goes on down the success path
  whatever happened, a timeout included, as the value ``Timeout``: a ``Compare``
  on ``$.StoredCustomerInput`` right after it is read with the input as one
  menu (its ``Timeout`` condition, else its no-match path, is where silence goes);
* ``MessageParticipant`` says ``Text``/``SSML`` or plays a prompt (audio);
* ``TransferContactToQueue`` puts the caller in a queue (a person), the one set
  earlier by ``UpdateContactTargetQueue`` (maybe in another flow). While the
  caller waits, Connect runs the customer queue flow: the one an
  ``UpdateContactEventHooks`` block set with its ``CustomerQueue`` hook, else the
  instance's "Default customer queue" flow, which loops "Thank you for calling.
  Your call is very important to us..." (admin guide, "Set customer queue flow"
  block, set-customer-queue-flow.html, and "Sample queue configurations flow",
  sample-queue-configurations.html): the transfer's ``hold``, whose words ivr
  does not read;
  ``TransferParticipantToThirdParty`` to a number; both are ends for ivr;
* ``DisconnectParticipant`` hangs up; ``TransferToFlow`` hands off to another
  flow by id or ARN (and to its errors when that fails);
* ``InvokeFlowModule`` hands the call to a flow module, which comes back to
  its ``NextAction`` (its Return), followed into the module when it is given;
* ``InvokeLambdaFunction``, ``InvokeExternalResource``,
  ``CheckHoursOfOperation``, ``CheckMetricData`` (agents available),
  ``Compare`` and ``Loop`` branch on what they find, each outcome a branch;
* ``UpdateContact*``, ``UpdateFlow*`` and logging/recording settings pass the
  caller on; their errors are the platform failing, not analysed (noted, and
  what only those errors reach is left out); other blocks whose errors lead
  elsewhere branch on succeeding.
"""

from __future__ import annotations

import json
import re

from ivr.formats.cloud.deploy import MODULE
from ivr.formats.cloud.jsonloc import JObject, empty_object
from ivr.formats.connect.document import ConnectDocument
from ivr.formats.connect.legacy import legacy_flow
from ivr.formats.connect.semantics import CONNECT, RESUMES as _RESUMES, RUN_INSIDE as _RUN_INSIDE
from ivr.formats.flow import (FLOW_END, Edge, Flow, FlowError, Step, collapse_passes, drop_failure_paths,
                              ends_unsaid, silent_failure)
from ivr.formats.numbers import seconds, whole
from ivr.model.menu import Location

__all__ = ["to_flow"]

_BRANCHING = frozenset({"InvokeLambdaFunction", "InvokeExternalResource", "InvokeFlowModule", "CheckHoursOfOperation",
                        "CheckMetricData", "Compare", "Loop", "CheckVoiceId", "CheckContactAttributes",
                        "DistributeByPercentage", "CheckStaffing", "CheckQueueStatus"})
#: The flow control actions that branch (API reference, flow-control-actions.html), and the designer's checks that
#: work the same way: no side effects, no failure of their own a caller meets.
_FLOW_CONTROL = frozenset({"CheckHoursOfOperation", "CheckMetricData", "CheckOutboundCallStatus", "CheckVoiceId",
                           "Compare", "DistributeByPercentage", "Loop", "CheckContactAttributes", "CheckStaffing",
                           "CheckQueueStatus"})
#: Every action type of the flow language (API reference: participant-actions.html, contact-actions.html,
#: flow-control-actions.html, interactions.html), and those the flow designer still exports
#: (TransferParticipantToThirdParty, InvokeExternalResource). Another type is none Connect imports: an
#: ``external`` step with a note, never passed through as if it did nothing.
_KNOWN = frozenset({
    "ConnectParticipantWithLexBot", "DisconnectParticipant", "GetParticipantInput", "MessageParticipant",
    "MessageParticipantIteratively", "ShowView",
    "CompleteOutboundCall", "CreateCase", "CreateTask", "CreateWisdomSession", "DequeueContactAndTransferToQueue",
    "EndFlowModuleExecution", "GetCase", "InvokeFlowModule", "TagContact", "TransferContactToAgent",
    "TransferContactToQueue", "UnTagContact", "UpdateCase", "ResumeContact",
    "CheckHoursOfOperation", "CheckMetricData", "CheckOutboundCallStatus", "CheckVoiceId", "Compare",
    "DistributeByPercentage", "EndFlowExecution", "GetMetricData", "Loop", "StartVoiceIdStream", "TransferToFlow",
    "AssociateContactToCustomerProfile", "CreateCallbackContact", "CreateCustomerProfile", "InvokeLambdaFunction",
    "GetCustomerProfile", "GetCustomerProfileObject", "GetCalculatedAttributesForCustomerProfile",
    "UpdateCustomerProfile",
    "TransferParticipantToThirdParty", "InvokeExternalResource", "CheckContactAttributes", "CheckStaffing",
    "CheckQueueStatus"})
#: Blocks that set something and pass the caller on (the issue's UpdateContact* and the like).
#: Names of the designer's blocks and of older exports written as if they were action types, and the action type
#: of the flow language that does what the name says (API reference, flow-language-actions.html).
_MEANT = {"PlayPrompt": "MessageParticipant", "GetDigits": "GetParticipantInput", "GetUserInput":
          "GetParticipantInput (or export the flow again)", "GetCustomerInput": "GetParticipantInput",
          "TransferToQueue": "TransferContactToQueue", "Disconnect": "DisconnectParticipant",
          "CheckAttribute": "Compare", "CheckContactAttribute": "Compare",
          "SetVoice": "UpdateContactTextToSpeechVoice", "InvokeLambda": "InvokeLambdaFunction",
          "ConnectParticipant": "TransferContactToQueue or TransferParticipantToThirdParty",
          "TransferToPhoneNumber": "TransferParticipantToThirdParty", "EndFlow": "EndFlowExecution",
          "Start": "StartAction (the flow's first action, not an action of its own)"}
_SETTING = re.compile(r"^(?:UpdateContact|UpdateFlow|UpdateRoutingPriority|SetContact|Set[A-Z])")
#: The actions that run a function: their errors are the function failing.
_FUNCTIONS = frozenset({"InvokeLambdaFunction", "InvokeExternalResource"})
_ENDS = {"DisconnectParticipant": "hangup", "EndFlowExecution": "external", "EndFlowModuleExecution": "external"}
_STORED = "$.StoredCustomerInput"
def _short(text: str, size: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1] + "…"


def _params(action: JObject) -> JObject:
    params = action.get("Parameters")
    return params if isinstance(params, JObject) else empty_object(action, "Parameters")


def _transitions(action: JObject) -> JObject:
    value = action.get("Transitions")
    return value if isinstance(value, JObject) else empty_object(action, "Transitions")


#: The flow designer's names of the blocks (admin guide, contact-block-definitions.html), by action type.
_BLOCKS = {"MessageParticipant": "Play prompt", "GetParticipantInput": "Get customer input",
           "ConnectParticipantWithLexBot": "Get customer input", "DisconnectParticipant": "Disconnect",
           "TransferContactToQueue": "Transfer to queue", "TransferToFlow": "Transfer to flow",
           "TransferParticipantToThirdParty": "Transfer to phone number", "UpdateContactTargetQueue":
           "Set working queue", "CheckHoursOfOperation": "Check hours of operation", "Compare":
           "Check contact attributes", "InvokeLambdaFunction": "AWS Lambda function", "UpdateContactAttributes":
           "Set contact attributes", "MessageParticipantIteratively": "Loop prompts", "EndFlowExecution":
           "End flow / Resume", "InvokeFlowModule": "Invoke module", "EndFlowModuleExecution": "Return",
           "CheckStaffing": "Check staffing", "CheckQueueStatus": "Check queue status", "DistributeByPercentage":
           "Distribute by percentage", "ShowView": "Show view", "UpdateContactEventHooks": "Set event flow",
           "UpdateFlowLoggingBehavior": "Set logging behavior", "UpdateContactRecordingBehavior":
           "Set recording and analytics behavior", "UpdateContactTextToSpeechVoice": "Set voice",
           "TagContact": "Contact tags", "CreateTask": "Create task", "GetMetricData": "Get queue metrics",
           "Loop": "Loop"}
#: An identifier the designer made (a UUID), not a name the author gave the block
_GENERATED = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)


def _label(action: JObject) -> str:
    """How the designer shows the block: its name (the author's, where the identifier is one), else what it says
    or names; never in quotes, so that a message quoting it does not nest them (issue 24)."""
    params = _params(action)
    block = _BLOCKS.get(action["Type"], action["Type"])
    if str(params.get("StoreInput", "")).lower() == "true":
        block = "Store customer input"
    ident = action["Identifier"]
    if not _GENERATED.match(ident):
        return f"{block}: {_short(ident)}"
    text = next((params[k] for k in ("Text", "SSML", "ComparisonValue", "ContactFlowId", "QueueId",
                                     "LambdaFunctionARN", "ThirdPartyPhoneNumber") if isinstance(params.get(k), str)),
                None)
    return f"{block}: {_short(text)}" if text else f"{block} {ident[:8]}"


class _Reader:
    def __init__(self, document: ConnectDocument):
        self.document = document
        name = document.name or document.file.rsplit("/", 1)[-1].split(".", 1)[0]
        self.flow = Flow(name, document.file, Edge(document.start, document.start_pos), {}, CONNECT,
                         Location(document.file, 1, 1, ""), kind=document.kind)
        if document.kind in _RUN_INSIDE:
            self.flow.part_of = _RUN_INSIDE[document.kind]
        # a customer queue flow runs while the caller waits, "before being joined with an agent", and a customer
        # hold flow while the agent holds them (admin guide, create-contact-flow.html, "Choose a flow type"): the
        # agent answering ends it wherever it is, so prompts played again and again are the wait, not a trap
        self.flow.agent_ends_it = document.kind in ("CUSTOMER_QUEUE", "CUSTOMER_HOLD")
        #: step id -> (when its failure ways are taken, the ways, its success way or None): a transfer's or a
        #: function's, whose silence is judged once every step is made (Step.fails_silently)
        self.failing: dict[str, tuple[str, list[tuple[str, Edge]], Edge | None]] = {}
        if document.kind == MODULE:
            # "Flow modules are reusable sections of a flow" (admin guide, contact-flow-modules.html), run by a flow's
            # InvokeFlowModule (API reference, flow-language-actions-invoke-flow-module.html); its Return block exits
            # the module "Then continue running the flow in which the module is referenced" (admin guide,
            # return-module.html): callers are in a flow around it, which decides whether they reach a person
            self.flow.part_of = "a flow module, which runs inside the flows that invoke it"
        self.flow.aliases |= {name, document.file.rsplit("/", 1)[-1].split(".", 1)[0], *document.names}
        self.flow.summary.notes.extend(document.notes)
        self.absorbed: set[str] = set()

    def end(self, action: JObject, why: str) -> Edge:
        sid = f"{action['Identifier']}/end"
        if sid not in self.flow.steps:
            self.flow.add(Step(sid, "hangup", action.here(), FLOW_END,
                               label=f"end of the contact after {_label(action)} ({why})"))
        return Edge(sid, action.here())

    def next_edge(self, action: JObject, *, when: str | None = None) -> Edge:
        transitions = _transitions(action)
        target = transitions.get("NextAction")
        if isinstance(target, str) and target:
            return Edge(target, transitions.at("NextAction"), when)
        edge = self.end(action, "no next action")
        return Edge(edge.target, edge.location, when)

    def errors(self, action: JObject) -> list[tuple[str, Edge]]:
        found = []
        errors = _transitions(action).get("Errors")
        if isinstance(errors, list):
            for index, error in enumerate(errors):
                if isinstance(error, JObject) and isinstance(error.get("NextAction"), str):
                    found.append((str(error.get("ErrorType", "error")),
                                  Edge(error["NextAction"], errors.at(index))))  # type: ignore[attr-defined]
        return found

    def conditions(self, action: JObject) -> list[tuple[str, list[str], Edge]]:
        found = []
        conditions = _transitions(action).get("Conditions")
        if isinstance(conditions, list):
            for index, item in enumerate(conditions):
                if not isinstance(item, JObject) or not isinstance(item.get("NextAction"), str):
                    continue
                written_condition = item.get("Condition")
                condition: dict[str, object] = written_condition if isinstance(written_condition, dict) else {}
                written = condition.get("Operands", [])
                operands = [str(o) for o in (written if isinstance(written, list) else [written])]
                found.append((str(condition.get("Operator", "Equals")), operands,
                              Edge(item["NextAction"], conditions.at(index))))  # type: ignore[attr-defined]
        return found

    def error_edge(self, action: JObject, *types: str) -> Edge | None:
        for error_type, edge in self.errors(action):
            if not types or error_type in types:
                return edge
        return None

    def read(self) -> Flow:
        for action in self.document.actions.values():
            self.flow.summary.read += 1
            if action["Identifier"] in self.absorbed:
                self.flow.summary.used += 1
                continue
            self.flow.add(self.map(action))
            self.flow.summary.used += 1
        for sid, (when, ways, success) in self.failing.items():
            # a function's failure is judged only where its success goes on (a last lookup before a hangup may be
            # meant); a transfer's always: the caller expected a person
            if success is None or ends_unsaid(self.flow, success.target) is None:
                self.flow.steps[sid].fails_silently = silent_failure(self.flow, when, ways)
        collapse_passes(self.flow)
        drop_failure_paths(self.flow)
        return self.flow

    def map(self, action: JObject) -> Step:
        kind = action["Type"]
        params = _params(action)
        step = Step(action["Identifier"], "external", action.here(), kind, label=_label(action))
        if kind == "GetParticipantInput":
            self.input(action, step)
        elif kind == "MessageParticipant":
            step.kind = "message"
            self.prompt(action, step)
            step.goto = self.next_edge(action)
        elif kind == "EndFlowExecution" and self.flow.kind in _RESUMES:
            self.resume(step)
        elif kind == "EndFlowExecution" and self.flow.kind == "CONTACT_FLOW":
            # admin guide, end-flow-resume.html: "if you place the End flow / Resume block in an inbound flow or
            # disconnect flow, it functions identically to the Disconnect block, and terminates the contact"
            step.kind = "hangup"
        elif kind in _ENDS:
            step.kind = _ENDS[kind]
            step.target_text = kind if step.kind == "external" else None
            if kind == "EndFlowModuleExecution":
                # Return: "exit the flow module ... Then continue running the flow in which the module is
                # referenced" (admin guide, return-module.html): the end of a module, back to the flow that invoked
                # it when that flow is given (a hand-off not followed when the module is read alone)
                step.platform_type = FLOW_END
                step.target_text = "EndFlowModuleExecution (back to the flow that invoked the module)"
        elif kind == "TransferContactToQueue":
            step.kind = "transfer"
            step.queue = str(params.get("QueueId") or self.queue_set_before(action["Identifier"])
                             or "(queue set in another flow)")
            step.hold, step.hold_ref = self.customer_queue_flow(action["Identifier"])
            self.note_failures(action, step)
        elif kind == "TransferParticipantToThirdParty":
            step.kind = "transfer"
            step.number = str(params.get("ThirdPartyPhoneNumber") or "(number set at run time)")
            self.note_failures(action, step)
        elif kind == "TransferToFlow":
            step.kind = "handoff"
            step.flow_ref = str(params.get("ContactFlowId") or "")
            step.target_text = f"TransferToFlow {step.flow_ref}"
            step.on_fail = self.error_edge(action)
            if step.on_fail is not None:
                self.flow.failure_targets.add(step.on_fail.target)
        elif kind == "InvokeFlowModule" and not self.conditions(action):
            self.module(action, step)
        elif kind == "ConnectParticipantWithLexBot":
            self.lex(action, step)
        elif kind not in _KNOWN and not _SETTING.match(kind):
            # Connect validates every action against the flow language when a flow is created or updated
            # (CreateContactFlow / UpdateContactFlowContent: InvalidContactFlowException), so it never runs such a
            # flow: refused as Connect refuses it, with the action type meant where the name says it
            meant = _MEANT.get(kind)
            raise FlowError(action.at("Type"), f"{kind!r} is not an action type of Amazon Connect's flow language, "
                            "so Connect refuses this flow (InvalidContactFlowException)" +
                            (f"; use {meant}" if meant else "; see the action types of the flow language "
                             "(API reference: flow-language-actions.html)"))
        elif kind in _BRANCHING or self.conditions(action):
            self.branch(action, step)
        else:
            self.passing(action, step)
        return step

    def module(self, action: JObject, step: Step) -> None:
        """Invoke module runs a flow module, "reusable sections of a flow" (admin guide, contact-flow-modules.html),
        which plays, asks and routes as a flow does; its Return continues this flow at the block's Success
        (``NextAction``); its Error branch is taken when the module cannot run (API reference,
        flow-language-actions-invoke-flow-module.html: "NoMatchingError if no other Error matches"). So it is a
        hand-off to the module, followed into it when the module is given (by ID, ARN or name), else one ivr cannot
        follow, which callers come back from: not a system call with an outcome (a module with custom branches,
        ``Conditions``, stays a branch on them)."""
        step.kind = "handoff"
        step.flow_ref = str(_params(action).get("FlowModuleId") or "")
        step.target_text = f"InvokeFlowModule {step.flow_ref}"
        next_action = _transitions(action).get("NextAction")
        step.goto = self.next_edge(action) if isinstance(next_action, str) and next_action else None
        step.on_fail = self.error_edge(action)
        if step.on_fail is not None and (step.goto is None or step.on_fail.target != step.goto.target):
            self.flow.failure_targets.add(step.on_fail.target)

    def resume(self, step: Step) -> None:
        """End flow / Resume in a flow that runs while the call goes to a person: the person, made by the reader
        (the flow does not name the queue or the agent)."""
        kind = str(self.flow.kind)
        step.kind, step.invented = "transfer", True
        step.queue = "(the queue the caller waits in)" if kind == "CUSTOMER_QUEUE" else \
            "(the agent the call is connected to)"
        step.label = f"EndFlowExecution: {_RESUMES[kind]} ({kind.lower().replace('_', ' ')} flow)"

    def prompt(self, action: JObject, step: Step) -> None:
        params = _params(action)
        for key in ("Text", "SSML"):
            if isinstance(params.get(key), str):
                step.text, step.prompt_location = params[key], params.at(key)
                return
        for key in ("PromptId", "Media"):
            if key in params:
                step.audio = [json.dumps(params[key]) if not isinstance(params[key], str) else params[key]]
                step.prompt_location = params.at(key)
                return

    def input(self, action: JObject, step: Step) -> None:
        params = _params(action)
        self.prompt(action, step)
        step.input_modes = ("dtmf",)
        self.note_own_error(action)
        limit = params.get("InputTimeLimitSeconds")
        timeout = seconds(limit)
        step.timeout = timeout if timeout is not None else 5.0
        if str(params.get("StoreInput", "False")).lower() == "true":
            self.stored_input(action, step)
            return
        step.kind = "menu"
        for operator, operands, edge in self.conditions(action):
            for key in operands:
                step.options.append(Edge(edge.target, edge.location, key))
        step.no_input = self.error_edge(action, "InputTimeLimitExceeded") or self.end(action, "timeout not handled")
        step.no_match = self.error_edge(action, "NoMatchingCondition") or self.end(action, "no match not handled")
        if not step.options:
            # no condition: the block plays its prompt and waits for a key or its time limit (a recording, a
            # stream the caller speaks into, "press any key"), offering no choice: any key goes down
            # NoMatchingCondition (API reference, participant-actions-getparticipantinput.html), silence down
            # InputTimeLimitExceeded
            same = step.no_input.target == step.no_match.target
            step.kind, step.goto = "input", step.no_match
            step.no_input = Edge(step.no_input.target, step.no_input.location,
                                 "Timeout (as any keys)" if same else "Timeout")
            step.no_match = Edge(step.goto.target, step.goto.location, "any keys")
            self.flow.summary.notes.append(f"{_label(action)} (line {step.location.line}) has no option: read as an "
                                           "input that takes any key, not a menu" +
                                           (" (silence leads to the same place)" if same else ""))

    def note_own_error(self, action: JObject) -> None:
        edge = self.error_edge(action, "NoMatchingError")
        if edge is not None:
            self.flow.summary.skip(f"{_label(action)} NoMatchingError", "the block's own error, not the caller's: "
                                   "left out of the analysis", edge.location)
            self.flow.error_targets.add(edge.target)  # what only it reaches is left out too, not unreachable

    def stored_input(self, action: JObject, step: Step) -> None:
        """Keys stored for a later Compare: silence goes down the success path as the value ``Timeout``."""
        maximum = _params(action).get("InputValidation")
        if isinstance(maximum, dict) and isinstance(maximum.get("CustomValidation"), dict):
            length = maximum["CustomValidation"].get("MaximumLength")
            step.max_digits = whole(length) if whole(length) is not None else whole(str(length))
        success = self.next_edge(action)
        compare = self.document.actions.get(success.target)
        if compare is not None and compare["Type"] == "Compare" and \
                _params(compare).get("ComparisonValue") == _STORED and self.only_from(compare, action):
            options = [(op, operands, edge) for op, operands, edge in self.conditions(compare)]
            if all(op == "Equals" for op, _, _ in options):
                self.absorbed.add(compare["Identifier"])
                step.kind = "menu"
                otherwise = self.error_edge(compare, "NoMatchingCondition") or self.end(compare, "no match not handled")
                timeout = None
                for _, operands, edge in options:
                    for value in operands:
                        if value == "Timeout":
                            timeout = Edge(edge.target, edge.location, "Timeout")
                        else:
                            step.options.append(Edge(edge.target, edge.location, value))
                step.no_match = otherwise
                step.no_input = timeout or Edge(otherwise.target, otherwise.location,
                                                "Timeout (no condition: no match)")
                return
        step.kind = "input"
        step.goto = success
        step.no_input = Edge(success.target, success.location, "Timeout (stored as the input)")
        step.no_match = Edge(success.target, success.location, "any keys (stored as the input)")  # none are refused

    def only_from(self, target: JObject, source: JObject) -> bool:
        ident = target["Identifier"]
        for action in self.document.actions.values():
            if action is source:
                continue
            transitions = _transitions(action)
            targets = [transitions.get("NextAction")] + [e.target for _, _, e in self.conditions(action)] + \
                [e.target for _, e in self.errors(action)]
            if ident in targets:
                return False
        return bool(self.document.start != ident)

    def lex(self, action: JObject, step: Step) -> None:
        """A bot's intents branch like a menu's keys, by speech; a bot takes keys as well, Lex V2 and Amazon Lex
        (classic, ``LexBot``) alike: "Amazon Lex bots support both spoken utterances and keypad input when used in a
        contact flow" (admin guide, get-customer-input.html, Configuration tips; its "Configurable fields for DTMF
        input" are the bot's ``x-amz-lex:dtmf:*`` session attributes), and "DTMF support - Callers can provide
        information via speech or DTMF interchangeably" (Lex V2 developer guide, contact-center.html). Which keys
        mean which intent is the bot's, not the flow's."""
        self.prompt(action, step)
        step.kind = "menu"
        step.input_modes = ("speech", "dtmf")
        self.note_own_error(action)
        for _, operands, edge in self.conditions(action):
            for intent in operands:
                step.options.append(Edge(edge.target, edge.location, intent, intent))
        step.no_match = self.error_edge(action, "NoMatchingCondition") or self.end(action, "no intent matched")
        step.no_input = step.no_match

    def branch(self, action: JObject, step: Step) -> None:
        """Conditions are the outcomes; an action with Conditions has no success path of its own.

        The flow language gives such actions results matched by their ``Conditions`` and ``Errors``, and no
        ``NextAction`` outcome (CheckHoursOfOperation: "There must be a Condition provided for Equals True and a
        Condition for Equals False, and no other conditions"; errors "NoMatchingError - if no other Error
        matches"); the flow designer writes ``NextAction`` as a copy of an error's target. Flow control actions
        "don't have any side effects ... These actions generally work in every circumstance" (API reference,
        flow-control-actions.html): their ``NoMatchingError`` is the platform failing, left out as a block's own
        error is (:meth:`note_own_error`), not a path a caller takes.
        """
        step.kind = "branch"
        kind = action["Type"]
        if kind in _FLOW_CONTROL:
            for error_type, edge in self.errors(action):
                if error_type != "NoMatchingCondition":
                    self.flow.summary.skip(f"{_label(action)} {error_type}", "an error of a flow control action (the "
                                           "platform failing, not the caller): left out of the analysis",
                                           edge.location)
                    self.flow.error_targets.add(edge.target)
        subject = _params(action).get("ComparisonValue") or action["Type"]
        if action["Type"] == "Loop":
            subject = f"Loop {_params(action).get('LoopCount', '?')} times"
        for operator, operands, edge in self.conditions(action):
            step.branches.append(Edge(edge.target, edge.location, f"{subject} {operator} {' '.join(operands)}"))
        errors = [(t, e) for t, e in self.errors(action) if kind not in _FLOW_CONTROL or t == "NoMatchingCondition"]
        for error_type, edge in errors:
            if error_type == "NoMatchingCondition":
                step.otherwise = edge
        next_action = _transitions(action).get("NextAction")
        if self.conditions(action) and step.otherwise is None and isinstance(next_action, str) and next_action and \
                next_action not in {e.target for _, e in self.errors(action)} | {e.target for e in step.branches}:
            step.otherwise = self.next_edge(action)  # no NoMatchingCondition written: the designer's default
        # the success path of an action without Conditions (a Lambda's), unless it repeats a way already taken
        if not self.conditions(action) and next_action:
            success = self.next_edge(action, when=f"{subject} succeeds")
            if success.target not in {e.target for e in step.edges()}:
                step.branches.append(success)
        if kind in _FUNCTIONS and not self.conditions(action) and next_action:
            # InvokeLambdaFunction: NoMatchingError when the function fails or times out (API reference,
            # flow-language-actions-invoke-lambda-function.html)
            self.failing[action["Identifier"]] = ("when the function fails",
                                                  [(t, e) for t, e in errors if t != "NoMatchingCondition"],
                                                  self.next_edge(action))
        # errors, where they lead somewhere no other outcome does
        for error_type, edge in errors:
            if error_type != "NoMatchingCondition" and edge.target not in {e.target for e in step.edges()}:
                step.branches.append(Edge(edge.target, edge.location, f"{subject} fails ({error_type})"))
        if subject == "$.Channel":
            self.voice_only(action, step)
        if not step.branches and step.otherwise is None:
            step.otherwise = self.end(action, "no transition")

    def voice_only(self, action: JObject, step: Step) -> None:
        """A branch on the contact's channel (``$.Channel``: VOICE, CHAT, TASK, EMAIL; admin guide,
        connect-attrib-list.html, system attributes): a phone call takes the VOICE condition, else the
        NoMatchingCondition; the other channels' ways are left out, said as such."""
        voice = [e for e in step.branches if (e.when or "").startswith("$.Channel Equals ")
                 and "VOICE" in (e.when or "").split(" ", 2)[-1].split()]
        taken = voice[0] if voice else step.otherwise
        for edge in [*step.branches, step.otherwise]:
            if edge is not None and edge is not taken and (taken is None or edge.target != taken.target):
                self.flow.summary.skip(f"{_label(action)} {edge.when or 'no match'}",
                                       "a way for contacts on another channel than voice: left out of the analysis",
                                       edge.location)
                self.flow.channel_targets.add(edge.target)
        step.branches = []
        step.otherwise = Edge(taken.target, taken.location, "$.Channel VOICE") if taken is not None else None

    def passing(self, action: JObject, step: Step) -> None:
        success = self.next_edge(action)
        failures = [(t, e) for t, e in self.errors(action) if e.target != success.target]
        if not failures or _SETTING.match(action["Type"]):
            # a setting passes the caller on; its errors are the platform failing, not analysed
            step.kind = "pass"
            step.goto = success
            for error_type, edge in failures:
                self.flow.failure_targets.add(edge.target)
                self.flow.summary.skip(f"{_label(action)} {error_type}", "an error of a setting block: the "
                                       "platform failing, not analysed", edge.location)
            return
        step.kind = "branch"
        step.branches.append(Edge(success.target, success.location, f"{action['Type']} succeeds"))
        for error_type, edge in failures:
            step.branches.append(Edge(edge.target, edge.location, f"{action['Type']} fails ({error_type})"))

    def note_failures(self, action: JObject, step: Step) -> None:
        """A transfer's errors (TransferContactToQueue: QueueAtCapacity, NoMatchingError; TransferParticipantToThirdParty:
        CallFailed, ConnectionTimeLimitExceeded, NoMatchingError: API reference, flow-language-actions-transfer-
        contact-to-queue.html, flow-language-actions-transfer-participant-to-third-party.html) are the transfer's
        failure way (Step.on_fail, Node.if_failed; ``failed_when`` the error types), analysed as the caller meets
        them; errors to different blocks: a branch on the error. A way that says nothing before the call ends is
        the transfer failing silently (Step.fails_silently, judged once every step is made)."""
        errors = self.errors(action)
        self.failing[action["Identifier"]] = ("when the transfer fails", errors, None)
        if not errors:
            return
        step.failed_when = tuple(error_type for error_type, _ in errors)
        if len({edge.target for _, edge in errors}) == 1:
            step.on_fail = Edge(errors[0][1].target, errors[0][1].location)
            return
        sid = f"{action['Identifier']}/failed"
        self.flow.add(Step(sid, "branch", step.location, "transfer-failed", invented=True,
                           description=f"{_label(action)} fails: the error decides the way",
                           branches=[Edge(edge.target, edge.location, error_type) for error_type, edge in errors]))
        step.on_fail = Edge(sid, step.location)

    def queue_set_before(self, ident: str) -> str | None:
        """The queues that UpdateContactTargetQueue actions leading here set (None: set in another flow)."""
        queues = set()
        for action in self.document.actions.values():
            if action["Type"] == "UpdateContactTargetQueue" and ident in self.reach(action["Identifier"]):
                queues.add(str(_params(action).get("QueueId", "?")))
        return " or ".join(sorted(queues)) or None

    def customer_queue_flow(self, ident: str) -> tuple[str, str | None]:
        """What Connect plays while the caller waits after the transfer ``ident``: the customer queue flow, and the
        reference to it when one ``UpdateContactEventHooks`` block that reaches the transfer names it (its
        ``CustomerQueue`` hook: "the flow to invoke when a customer is transferred to a queue", admin guide,
        set-customer-queue-flow.html), for the estate to read its first words when that flow is given too."""
        hooks: dict[str, str] = {}
        for action in self.document.actions.values():
            if action["Type"] == "UpdateContactEventHooks":
                hook = _params(action).get("EventHooks")
                flow = hook.get("CustomerQueue") if isinstance(hook, dict) else None
                if isinstance(flow, str) and flow and ident in self.reach(action["Identifier"]):
                    hooks[_short(flow.rsplit("/", 1)[-1], 20)] = flow
        if hooks:
            named = f"the customer queue flow {' or '.join(sorted(hooks))} (set by UpdateContactEventHooks)"
            return named, next(iter(hooks.values())) if len(hooks) == 1 else None
        return "the customer queue flow (Connect's 'Default customer queue' flow, unless an earlier flow set " \
               "another)", None

    def reach(self, ident: str) -> set[str]:
        seen: set[str] = set()
        todo = [ident]
        while todo:
            current = todo.pop()
            if current in seen or current not in self.document.actions:
                continue
            seen.add(current)
            action = self.document.actions[current]
            target = _transitions(action).get("NextAction")
            todo.extend([target] if isinstance(target, str) else [])
            todo.extend(e.target for _, e in self.errors(action))
            todo.extend(e.target for _, _, e in self.conditions(action))
        return seen


def to_flow(document: ConnectDocument) -> Flow:
    if document.legacy is not None:
        return legacy_flow(document.legacy, document.file, document.name, document.kind)
    return _Reader(document).read()

"""What each Twilio Studio widget means to a caller: a Studio document as a :class:`Flow`.

Studio's rules, from its widget reference:

* a call enters at the trigger's ``incomingCall`` transition (a subflow at
  ``incomingParent``); states reached only from ``incomingMessage`` or
  ``incomingConversationMessage`` are the SMS side of a mixed flow, left out
  and counted in the summary;
* a transition with no ``next`` ends the execution, and with it the call: it
  becomes a hangup step located at the transition;
* ``gather-input-on-call`` waits for keys and/or speech; it has no retry
  counter of its own: its ``timeout`` transition is the no-input path, and a
  gather whose timeout leads back to itself repeats until Studio stops an
  execution whose widget ran 10 times in a row (:data:`STUDIO`; said in the
  summary). A gather that is not a menu takes any keys: a
  wrong entry goes where a right one does (the split after it decides).
  When the keys go straight to a ``split-based-on`` that tests that gather's
  ``Digits`` with ``equal_to`` / ``matches_any_of`` digits, the two are one
  menu (options from the conditions, ``noMatch`` the no-match path); otherwise
  the gather is an input and the split a branch;
* ``connect-call-to``, ``enqueue-call`` and ``send-to-flex`` put the caller
  through to a person, whatever the number or workflow (also a dynamic one);
  while a caller waits in an ``enqueue-call``/``send-to-flex`` queue Twilio plays
  default hold music, or the TwiML its wait URL returns (``wait_url``, ``waitUrl``:
  the transfer's ``hold``, whose words ivr does not read; "Send to Flex widget"
  and error 81028, "Invalid wait URL in Studio widget", in Twilio's docs);
  ``record-voicemail`` takes a message;
* ``run-function``, ``make-http-request``, ``capture-payments`` and other
  widgets whose work ivr cannot see branch on their outcome (``success``,
  ``fail``, ...), each event a branch, the code named as the target text;
  with no transition connected they are an ``external`` end;
* ``run-subflow`` hands the call to another flow (``flow_sid``);
* ``set-variables``, ``call-recording``, ``fork-stream`` and an SMS sent during
  a call pass the caller on unchanged.
"""

from __future__ import annotations

import json
import re

from ivr.formats.cloud.jsonloc import JObject
from ivr.formats.flow import (FLOW_END, AfterLast, Edge, Flow, FlowError, Semantics, Step, collapse_passes,
                              drop_failure_paths)
from ivr.formats.numbers import seconds, whole
from ivr.formats.twilio.document import State, StudioDocument, Transition
from ivr.model.menu import Fallback, Location

__all__ = ["STUDIO", "to_flow"]

#: Twilio Studio (widget library, "Gather Input On Call"; Studio FAQ, "What limits exist in Studio?"): the widget
#: listens once and takes the transition of what happened (keypress, speech, timeout): one try; a transition left
#: unconnected ends the execution, and with it the call. A flow that leads back to the same widget runs it again,
#: and "if the same widget runs 10 times in a row during an Execution, that Execution will stop".
STUDIO = Semantics("Twilio Studio", tries=1, no_input=Fallback.DISCONNECT, no_match=Fallback.DISCONNECT,
                   after_last=AfterLast.OWN_WAY, repeats=10)

_PASS = {"set-variables": "next", "call-recording": "success", "fork-stream": "next", "send-message": "sent",
         "add-twiml-redirect": "return"}
_OUTCOME = frozenset({"run-function", "make-http-request", "capture-payments", "send-to-auto-pilot",
                      "connect-virtual-agent", "make-outgoing-call-v2", "send-to-conversational-intelligence"})
_SMS_ONLY = frozenset({"send-and-wait-for-reply"})
#: HTTP methods that ask for nothing to change (RFC 9110 9.2.1, safe methods)
_SAFE = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
_SMS_EVENTS = ("incomingMessage", "incomingConversationMessage")
_DIGITS = re.compile(r"^[0-9*#]$")
#: what the widget's properties name as the code or service it runs
_TARGET_PROPERTIES = ("url", "function_sid", "flow_sid", "payment_connector", "autopilot_assistant_sid", "to")


def _outbound_call(document: StudioDocument, initial) -> tuple[Transition | None, str | None]:
    """A flow started by the REST API (the trigger's ``incomingRequest``) that places a call with Make Outgoing
    Call (``make-outgoing-call-v2``: "answered", "busy", "noAnswer", "failed"; Twilio docs, widget-library/
    make-outgoing-call): the call begins at the first such widget's ``answered`` transition, and the widget's
    name; (None, None) when the request places no call."""
    request = initial.on("incomingRequest")
    if request is None or not request.next:
        return None, None
    order, seen = [request.next], set()
    while order:  # breadth first: the first call placed
        name = order.pop(0)
        if name in seen or name not in document.states:
            continue
        seen.add(name)
        state = document.states[name]
        if state.type == "make-outgoing-call-v2":
            answered = state.on("answered")
            return (answered, state.name) if answered is not None and answered.next else (None, None)
        order.extend(t.next for t in state.transitions if t.next)
    return None, None


def _reach(document: StudioDocument, starts: list[str]) -> set[str]:
    seen: set[str] = set()
    todo = [s for s in starts if s in document.states]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        todo.extend(t.next for t in document.states[name].transitions if t.next and t.next in document.states)
    return seen


def to_flow(document: StudioDocument) -> Flow:
    """The flow a caller goes through, or :class:`FlowError` when the flow takes no calls."""
    initial = document.states[document.initial]
    entry: Transition | None = None
    outbound: str | None = None
    if initial.type == "trigger":
        entry = next((t for t in (initial.on("incomingCall"), initial.on("incomingParent")) if t and t.next), None)
        if entry is None:
            entry, outbound = _outbound_call(document, initial)
        if entry is None:
            raise FlowError(initial.pos, f"the trigger {initial.name!r} connects no incomingCall (nor "
                            "incomingParent for a subflow): this flow takes no calls, and ivr checks voice flows; "
                            "connect incomingCall to the first widget of the call")
        start = Edge(entry.next or "", entry.pos)
    else:
        start = Edge(initial.name, document.initial_pos)
    voice = _reach(document, [start.target])
    sms = _reach(document, [t.next for e in _SMS_EVENTS if (t := initial.on(e)) and t.next]) - voice
    request = initial.on("incomingRequest") if outbound else None
    placing = _reach(document, [request.next]) - voice if request is not None and request.next else set()
    name = document.description or next(iter(sorted(document.names)), None) or _stem(document.file)
    flow = Flow(name, document.file, start, {}, STUDIO, Location(document.file, 1, 1, ""), kind="studio")
    flow.aliases |= {name, _stem(document.file), *document.names}
    if document.wrapper:
        flow.summary.notes.append(f"read the flow definition out of a {document.wrapper} wrapper")
    if outbound:
        flow.summary.notes.append(f"an outbound call: the REST API trigger (incomingRequest) places it with "
                                  f"make-outgoing-call-v2 {outbound!r}; checked from its 'answered' transition, "
                                  "what the person called hears")
    absorbed = _absorbed_splits(document)
    known = _known_digits(document, start.target)
    for state in document.states.values():
        if state.type == "trigger":
            continue
        flow.summary.read += 1
        if state.name in sms:
            flow.summary.skip(state.name, f"{state.type} is on the SMS side of the flow (reached from a message, "
                              "not a call): left out of the voice analysis", state.pos)
            continue
        if state.name in placing:
            flow.summary.skip(state.name, f"{state.type} runs before the outbound call is answered (the REST "
                              "request's side): not what the person called hears", state.pos)
            continue
        if state.type in _SMS_ONLY:
            flow.summary.skip(state.name, f"{state.type} is an SMS widget: left out of the voice analysis", state.pos)
            continue
        if state.name in absorbed:
            flow.summary.used += 1
            continue
        _map(flow, document, state, absorbed, known)
        flow.summary.used += 1
    collapse_passes(flow)
    drop_failure_paths(flow)
    return flow


def _seconds(value: object) -> float | None:
    return seconds(value)


def _stem(file: str) -> str:
    base = file.rsplit("/", 1)[-1]
    return base.split(".", 1)[0] or base


def _end(flow: Flow, state: State, transition: Transition) -> Edge:
    sid = f"{state.name}/{transition.event}"
    if sid not in flow.steps:
        flow.add(Step(sid, "hangup", transition.pos, FLOW_END, label=f"end of the call after {state.name} "
                      f"({transition.event}, not connected)"))
    return Edge(sid, transition.pos)


def _edge(flow: Flow, state: State, event: str, *, when: str | None = None) -> Edge | None:
    transition = state.on(event)
    if transition is None:
        return None
    if transition.next is None:
        edge = _end(flow, state, transition)
        return Edge(edge.target, edge.location, when)
    return Edge(transition.next, transition.pos, when)


def _text(state: State, key: str) -> str | None:
    value = state.properties.get(key)
    return value if isinstance(value, str) and value.strip() else None


def _say(state: State, step: Step) -> None:
    """What a widget says (``say``) or plays (``play``, a recording whose words are unknown)."""
    step.text, play = _text(state, "say"), _text(state, "play")
    step.audio = [play] if play else []
    step.prompt_location = state.properties.at("say" if step.text else "play")


def _menu_split(document: StudioDocument, gather: State) -> State | None:
    """The split that reads ``gather``'s keys right after it, when the two are one menu."""
    keys = gather.on("keypress")
    if keys is None or keys.next is None or keys.next not in document.states:
        return None
    split = document.states[keys.next]
    if split.type != "split-based-on":
        return None
    wanted = f"widgets.{gather.name}.Digits"
    matches = [t for t in split.transitions if t.event == "match"]
    if not matches:
        return None
    for transition in matches:
        for condition in transition.conditions:
            argument = _argument(split, condition)
            if wanted not in argument.replace(" ", "") or "|" in argument:
                return None
            if not _option_keys(condition):
                return None
    return split


def _argument(split: State, condition: JObject) -> str:
    arguments = condition.get("arguments")
    if isinstance(arguments, list) and arguments and isinstance(arguments[0], str):
        return arguments[0]
    return _text(split, "input") or ""


def _option_keys(condition: JObject) -> list[str]:
    value = str(condition.get("value", ""))
    if condition.get("type") == "equal_to":
        keys = [value.strip()]
    elif condition.get("type") == "matches_any_of":
        keys = [v.strip() for v in value.split(",")]
    else:
        return []
    return keys if all(_DIGITS.match(k) for k in keys) else []


def _absorbed_splits(document: StudioDocument) -> dict[str, str]:
    """Splits that become part of their gather's menu (split name -> gather name).

    A split that other widgets also lead to stays a branch of its own.
    """
    into: dict[str, int] = {}
    for state in document.states.values():
        for transition in state.transitions:
            if transition.next:
                into[transition.next] = into.get(transition.next, 0) + 1
    absorbed: dict[str, str] = {}
    for state in document.states.values():
        if state.type == "gather-input-on-call":
            split = _menu_split(document, state)
            speech = state.on("speech")
            own = 1 + (1 if speech and speech.next == (split.name if split else None) else 0)
            if split is None or into.get(split.name, 0) != own:
                continue
            if speech is not None and speech.next and speech.next != split.name:
                # what the caller says goes to a split of its own: one menu only when that split offers the
                # same choices as the keys (a mirror); else keys and speech go their own ways, both followed
                mirror = _mirror(document, state, split)
                if mirror is None or into.get(mirror.name, 0) != 1:
                    continue
                absorbed[mirror.name] = state.name
            absorbed[split.name] = state.name
    return absorbed


def _pairs(split: State) -> set[tuple[str, str | None]] | None:
    """A split's choices as (key, where it leads), or None when a condition is not a key's."""
    pairs: set[tuple[str, str | None]] = set()
    for transition in split.transitions:
        if transition.event == "match":
            for condition in transition.conditions:
                keys = _option_keys(condition)
                if not keys:
                    return None
                pairs |= {(key, transition.next) for key in keys}
    return pairs


def _mirror(document: StudioDocument, gather: State, split: State) -> State | None:
    """The split that reads ``gather``'s speech (``SpeechResult``) when it offers no choice the keys' ``split``
    does not, each to the same place, and sends what matches none where the keys' does: the caller may say the
    key instead of pressing it, one menu."""
    speech = gather.on("speech")
    other = document.states.get(speech.next) if speech is not None and speech.next else None
    if other is None or other.type != "split-based-on":
        return None
    wanted = f"widgets.{gather.name}.SpeechResult"
    if any(wanted not in _argument(other, c).replace(" ", "") for t in other.transitions if t.event == "match"
           for c in t.conditions):
        return None
    said, pressed = _pairs(other), _pairs(split)
    spoken_else, pressed_else = other.on("noMatch"), split.on("noMatch")
    same_else = (spoken_else.next if spoken_else else None) == (pressed_else.next if pressed_else else None)
    if said is None or pressed is None or not said <= pressed or not same_else:
        return None
    return other


#: Studio Flow Context (https://www.twilio.com/docs/glossary/what-is-studio-flow-context): "four data types ...
#: Flow, Trigger, Widgets, and Contact" (``flow.variables.x``, ``trigger.call.From``, ``widgets.ask.Digits``,
#: ``contact.channel.address``); a Liquid variable outside them names nothing, and Liquid renders it empty
_CONTEXT = frozenset({"flow", "trigger", "widgets", "contact"})
_LONE_VARIABLE = re.compile(r"^\{\{\s*([A-Za-z_][\w-]*)((?:\.[\w-]+)*)\s*\}\}$")
_LITERAL_TESTS = frozenset({"equal_to", "matches_any_of", "contains", "starts_with", "ends_with"})


def _literal(value: object) -> str | None:
    """A condition's value when it is a literal: not Liquid, which Studio renders first."""
    return value if isinstance(value, str) and "{{" not in value and "{%" not in value else None


def _never(document: StudioDocument, split: State, condition: JObject,
           known: dict[str, Known]) -> str | None:
    """Why a split's ``condition`` can never hold, as Studio's documentation says, or None."""
    return _finish_key_never(document, split, condition) or _nothing_named(split, condition) \
        or _known_never(split, condition, known.get(split.name))


def _nothing_named(split: State, condition: JObject) -> str | None:
    """A literal test of a lone Liquid variable outside Studio's context (``{{Digits}}``): it renders empty."""
    match = _LONE_VARIABLE.match(_argument(split, condition).strip())
    value = _literal(condition.get("value"))
    if match is None or match.group(1) in _CONTEXT or not value or condition.get("type") not in _LITERAL_TESTS:
        return None
    if condition.get("type") == "matches_any_of" and not all(v.strip() for v in value.split(",")):
        return None
    name = match.group(1) + match.group(2)
    return (f"'{{{{{name}}}}}' names no variable of Studio's flow context (flow, trigger, widgets, contact): Liquid "
            f"renders it empty; test {{{{widgets.<gather>.Digits}}}} or the variable meant")


#: What a call knows of a gather's Digits at a widget: the values it can hold there, and what set them
Known = dict[str, tuple[frozenset[str], frozenset[str]]]


def _known_never(split: State, condition: JObject, known: Known | None) -> str | None:
    """A test of a gather's ``Digits`` that no value it can hold on any way here passes (a split before matched
    another value; nothing was pressed)."""
    match = _WIDGET_DIGITS.match(_argument(split, condition).strip())
    value = _literal(condition.get("value"))
    if not known or match is None or value is None:
        return None
    variable = f"widgets.{match.group(1)}.Digits"
    if variable not in known:
        return None
    values, by = known[variable]
    kind = condition.get("type")
    wanted = [value] if kind == "equal_to" else value.split(",") if kind == "matches_any_of" else None
    # as written and without spaces around it: whether Studio trims them is not documented, so neither is assumed
    if wanted is None or any(w in values or w.strip() in values for w in wanted):
        return None
    if any(ch not in "0123456789*#" for w in wanted for ch in w.strip()):
        return None  # no key gives it at all: unsatisfiable-condition says so itself (Digits compared with text)
    said = " or ".join(repr(v) if v else "empty" for v in sorted(values))
    return (f"on every way here {{{{{variable}}}}} is {said} ({'; '.join(sorted(by))}), so this test cannot hold; "
            "test the answer meant (another gather's Digits?)")


#: The most values :func:`_known_digits` keeps known at one widget (a flow tests a handful of answers again), and
#: the most values one may hold: what is left out is only a test not judged, and the data flow stays linear in the
#: widgets on a hostile file
_FACTS = 32
_VALUES = 8


def _known_digits(document: StudioDocument, start: str) -> dict[str, Known]:
    """For each widget a call reaches: the gathers' ``Digits`` whose values every way to it has fixed, with what
    fixed them. A split's case that matched ``equal_to`` a literal fixes that value; a gather left by 'speech' or
    'timeout' leaves its Digits empty (Digits are sent only when the caller pressed keys: TwiML <Gather>,
    https://www.twilio.com/docs/voice/twiml/gather#action; Liquid renders an unset value empty); a gather left by
    'keypress' makes them unknown again. A forward data flow to its fixed point: where ways meet, the values of
    each are joined, and a Digits unknown on one way is unknown; a case that cannot hold on what is known is no
    way on (each widget's facts only lose Digits or gain values, so a case pruned may open later, never close)."""
    facts: dict[str, Known] = {}
    if start not in document.states:
        return facts
    facts[start] = {}
    todo = [start]
    while todo:
        name = todo.pop()
        state = document.states[name]
        here = facts[name]
        for transition in state.transitions:
            target = transition.next
            if not target or target not in document.states:
                continue
            out = dict(here)
            if state.type == "gather-input-on-call":
                mine = f"widgets.{state.name}.Digits"
                out.pop(mine, None)
                if transition.event in ("speech", "timeout") and len(out) < _FACTS:
                    out[mine] = (frozenset({""}), frozenset({f"nothing pressed at {state.name!r}"}))
            elif state.type == "split-based-on" and transition.event == "match" and \
                    any(_known_never(state, c, here) for c in transition.conditions):
                continue  # a case that cannot hold on what is known here: no call takes it (yet)
            elif state.type == "split-based-on" and transition.event == "match" and len(transition.conditions) == 1:
                condition = transition.conditions[0]
                match = _WIDGET_DIGITS.match(_argument(state, condition).strip())
                value = _literal(condition.get("value"))
                if match and value is not None and condition.get("type") == "equal_to" and len(out) < _FACTS:
                    out[f"widgets.{match.group(1)}.Digits"] = (frozenset({value}),
                                                               frozenset({f"split {state.name!r} matched it"}))
            if target not in facts:
                facts[target] = out
                todo.append(target)
                continue
            before = facts[target]
            met: Known = {}
            for key, (values, by) in before.items():
                if key in out:
                    joined = values | out[key][0]
                    if len(joined) <= _VALUES:
                        met[key] = (joined, by | out[key][1])
            if met != before:
                facts[target] = met
                todo.append(target)
    return facts


_WIDGET_DIGITS = re.compile(r"^\{\{\s*widgets\.([\w-]+)\.Digits\s*\}\}$")


def _finish_key_never(document: StudioDocument, split: State, condition: JObject) -> str | None:
    """Why ``condition`` can never hold when it looks for a gather's finish key in that gather's ``Digits``, or None.

    Gather Input On Call (https://www.twilio.com/docs/studio/widget-library/gather-input-call): the key of "Stop
    gathering on keypress" (``finish_on_key``) "is a control key, meaning that its value is not submitted with the
    rest of the gathered digits": ``Digits`` never holds it. Judged only where the gather writes its finish key
    (a single key) and the value is a literal (no Liquid, which Studio renders first).
    """
    match = _WIDGET_DIGITS.match(_argument(split, condition).strip())
    gather = document.states.get(match.group(1)) if match else None
    if gather is None or gather.type != "gather-input-on-call":
        return None
    key = gather.properties.get("finish_on_key")
    value = condition.get("value")
    if not isinstance(key, str) or len(key) != 1 or key not in "0123456789*#" or not isinstance(value, str) \
            or "{{" in value or "{%" in value:
        return None
    kind = condition.get("type")
    if kind in ("equal_to", "contains", "starts_with", "ends_with") and key in value:
        pass
    elif kind == "matches_any_of" and value.strip() and all(key in v for v in value.split(",")):
        pass
    else:
        return None
    return (f"'{key}' is the finish key of {gather.name!r} (finish_on_key): it ends the caller's input and is never "
            f"part of its Digits; test another key, or set no finish key")


def condition_text(split: State, condition: JObject) -> str:
    """A split condition as ivr writes it: ``{{widgets.ask.Digits}} equal_to "1"``."""
    return f"{_argument(split, condition)} {condition.get('type', '?')} {json.dumps(str(condition.get('value', '')))}"


def _map(flow: Flow, document: StudioDocument, state: State, absorbed: dict[str, str],
         known: dict[str, Known]) -> None:
    kind = state.type
    step = Step(state.name, "external", state.pos, kind, label=None)
    if kind == "gather-input-on-call":
        _gather(flow, document, state, step, absorbed)
    elif kind == "split-based-on":
        step.kind = "branch"
        for transition in state.transitions:
            if transition.event == "match":
                when = " and ".join(condition_text(state, c) for c in transition.conditions) or "match"
                target = transition.next or _end(flow, state, transition).target
                never = next((n for c in transition.conditions if (n := _never(document, state, c, known))), None)
                step.branches.append(Edge(target, transition.pos, when, never=never))
        step.otherwise = _edge(flow, state, "noMatch")
        if any(t.next for t in state.transitions if t.event == "match") and not _tests_an_answer(document, state):
            step.fails_silently = _fails_silently(document, state)
    elif kind == "say-play":
        step.kind = "message"
        _say(state, step)
        step.goto = _edge(flow, state, "audioComplete")
    elif kind in ("connect-call-to", "enqueue-call", "send-to-flex"):
        step.kind = "transfer"
        if kind == "connect-call-to":
            step.number = _text(state, "to") or "(number set at run time)"
        else:
            step.queue = _text(state, "queue_name") or _text(state, "workflow") or _text(state, "workflow_sid") \
                or "(workflow set at deploy time)"
            wait = _text(state, "wait_url") or _text(state, "waitUrl")
            step.hold = f"the TwiML of its wait URL {wait}" if wait else None
        step.fails_silently = _fails_silently(document, state)
        _note_failures(flow, state, _failure_way(flow, state, step))
    elif kind == "record-voicemail":
        step.kind = "voicemail"
        step.mailbox = state.name
        _note_after(flow, state)
    elif kind == "run-subflow":
        step.kind = "handoff"
        step.flow_ref = _text(state, "flow_sid")
        step.target_text = f"run-subflow {step.flow_ref or '(no flow_sid)'}"
        step.goto = _edge(flow, state, "completed")
        step.on_fail = _edge(flow, state, "failed")
        if step.on_fail is not None:
            flow.failure_targets.add(step.on_fail.target)
    elif kind in _PASS and _splits(state):
        # a widget that passes the caller on, but whose other outcome is connected elsewhere (Send Message
        # 'failed', Call Recording 'failed', Add TwiML Redirect 'fail'...): a branch on that outcome, each way
        # followed (never a way dropped)
        step.target_text = state.type
        step.kind = "branch"
        for transition in state.transitions:
            edge = _edge(flow, state, transition.event, when=f"{state.type} ends with {transition.event}")
            if edge is not None and transition.event != "hangup":
                step.branches.append(edge)
    elif kind in _PASS:
        step.kind = "pass"
        step.goto = _edge(flow, state, _PASS[kind]) or _first(flow, state)
    else:
        _outcome(flow, document, state, step)
    flow.add(step)


def _splits(state: State) -> bool:
    """Whether a widget that passes the caller on (:data:`_PASS`) has another outcome connected elsewhere than its
    main one."""
    main = state.on(_PASS[state.type])
    onwards = main.next if main is not None else None
    return any(t.next and t.event != _PASS[state.type] and t.next != onwards for t in state.transitions)


def _first(flow: Flow, state: State) -> Edge | None:
    return _edge(flow, state, state.transitions[0].event) if state.transitions else None


def _outcome(flow: Flow, document: StudioDocument, state: State, step: Step) -> None:
    target = next((v for k in _TARGET_PROPERTIES if isinstance(v := state.properties.get(k), str) and v), None)
    step.target_text = f"{state.type} {target}" if target else state.type
    method = state.properties.get("method")
    if state.type == "make-http-request" and isinstance(method, str) and method.strip().upper() not in _SAFE:
        # HTTP Request widget (https://www.twilio.com/docs/studio/widget-library/http-request): its Request Method;
        # a method that is not safe (RFC 9110 9.2.1) asks the server to change something
        step.changes = f"{method.strip().upper()} {target}" if target else method.strip().upper()
    if state.type not in _OUTCOME:
        flow.summary.notes.append(f"{state.name}: widget type {state.type!r} is not one ivr knows; read as a "
                                  "hand-off it cannot follow")
    if not any(t.next for t in state.transitions):
        return  # nothing connected: the call ends there, in code ivr cannot see
    step.kind = "branch"
    for transition in state.transitions:
        if transition.event == "hangup":
            continue
        edge = _edge(flow, state, transition.event, when=f"{state.type} ends with {transition.event}")
        if edge is not None:
            step.branches.append(edge)
    step.fails_silently = _fails_silently(document, state)


#: Where the call goes on once the person or the mailbox is done with it (Connect Call To: "Call Completed",
#: "Caller Hung Up"; Enqueue Call / Send to Flex: "Call Complete"; Record Voicemail: "Recording Complete", "No
#: Audio", "Caller Hung Up": Studio widget library). The caller reached them: what follows is not analysed.
_AFTER = {"connect-call-to": ("callCompleted", "hangup"), "enqueue-call": ("callComplete",),
          "send-to-flex": ("callComplete",), "record-voicemail": ("recordingComplete", "noAudio", "hangup")}


def _note_after(flow: Flow, state: State) -> None:
    for transition in state.transitions:
        if transition.next and transition.event in _AFTER.get(state.type, ()):
            flow.after_targets.add(transition.next)
            flow.summary.skip(f"{state.name} {transition.event}", "where the call goes on once the person or the "
                              "mailbox is done with it: not analysed", transition.pos)


#: The transitions a transfer takes when it fails, from Studio's widget library:
#: Connect Call To (https://www.twilio.com/docs/studio/widget-library/connect-call): "Connected Call Ended"
#: ('callCompleted') is taken when "the connected caller ended the call, the timeout ended the call before the call
#: was connected, or the call failed": a number that does not answer or is busy goes there too (the flow can tell
#: by {{widgets.X.DialCallStatus}});
#: Send to Flex (https://www.twilio.com/docs/studio/widget-library/send-flex): "Failed to Create Task"
#: ('failedToEnqueue', "if enqueuing of the call fails") and "Call Failed" ('callFailure');
#: Enqueue Call (https://www.twilio.com/docs/studio/widget-library/enqueue-call): 'failedToEnqueue', 'callFailure'.
#: Run Function (https://www.twilio.com/docs/studio/widget-library/run-function) and HTTP Request
#: (https://www.twilio.com/docs/studio/widget-library/http-request): 'success' and 'fail' / 'failed', taken when the
#: code or the web service fails or answers an error (Studio gives each request 10 seconds: Studio FAQ).
_FAILED = {"connect-call-to": ("callCompleted",), "send-to-flex": ("failedToEnqueue", "callFailure"),
           "enqueue-call": ("failedToEnqueue", "callFailure"), "run-function": ("fail",),
           "make-http-request": ("failed",), "split-based-on": ("noMatch",)}
_WHEN_FAILED = {"connect-call-to": "when the number does not answer, is busy or the call fails",
                "send-to-flex": "when the call cannot be queued or the call fails",
                "enqueue-call": "when the call cannot be queued or the call fails",
                "run-function": "when the function fails", "make-http-request": "when the web request fails",
                "split-based-on": "when none of its cases holds"}
#: Widgets that say nothing to the caller and play nothing: a way that goes through only these and then ends
#: leaves the caller in silence (an SMS sent, TwiML, a subflow, anything unknown may say something: not these)
_SAYS_NOTHING = frozenset({"split-based-on", "set-variables", "run-function", "make-http-request",
                           "call-recording", "fork-stream"})


#: The most widgets :func:`_ends_unsaid` looks through from one failure (real ones go through one or two: an alert,
#: a log); past it the way is not judged, so that a file of many chained functions is read in linear time
_UNSAID_WALK = 64


_WIDGET_VALUE = re.compile(r"widgets\.([\w-]+)\.")
#: Widgets whose values are what the caller said or pressed: a gather, and the bots that talk with the caller
#: (Autopilot, Dialogflow), which speak their own last words
_ANSWERED_BY = frozenset({"gather-input-on-call", "send-to-auto-pilot", "connect-virtual-agent"})


def _tests_an_answer(document: StudioDocument, split: State) -> bool:
    """Whether a split tests what a caller answered (a gather's Digits or SpeechResult, a bot's outcome): its
    'noMatch' is then the caller's answer that no case takes (disconnect-on-error's, or the bot's), not data that
    matched no case (Split Based On: 'No Condition Matches',
    https://www.twilio.com/docs/studio/widget-library/split-based-on)."""
    texts = [_argument(split, c) for t in split.transitions for c in t.conditions] + [_text(split, "input") or ""]
    return any((state := document.states.get(m.group(1))) is not None and state.type in _ANSWERED_BY
               for text in texts for m in _WIDGET_VALUE.finditer(text))


def _ends_unsaid(document: StudioDocument, start: str) -> list[str] | None:
    """The widgets a way from ``start`` goes through when every way on from there ends the call with nothing said
    (only widgets of :data:`_SAYS_NOTHING`, their transitions unconnected or leading to more such), in order; None
    when some way reaches a widget that may speak, transfer or hand the call on, or goes through more than
    :data:`_UNSAID_WALK` widgets."""
    seen: list[str] = []
    known: set[str] = set()
    todo = [start]
    while todo:
        name = todo.pop()
        if name in known:
            continue
        state = document.states.get(name)
        if state is None or state.type not in _SAYS_NOTHING or len(seen) == _UNSAID_WALK:
            return None
        seen.append(name)
        known.add(name)
        todo.extend(t.next for t in state.transitions if t.next)
    return seen


def _fails_silently(document: StudioDocument, state: State) -> str | None:
    """How a failed transfer of ``state`` ends the call with nothing said (Node.fails_silently), or None."""
    fates: dict[tuple[str, ...], list[str]] = {}  # () for not connected, else the silent widgets gone through
    for event in _FAILED.get(state.type, ()):
        transition = state.on(event)
        through: list[str] | None = [] if transition is None or transition.next is None \
            else _ends_unsaid(document, transition.next)
        if through is not None:
            fates.setdefault(tuple(through), []).append(f"'{event}'")
    if not fates:
        return None
    said = []
    for path, events in fates.items():
        which = " and ".join(events)
        if not path:
            said.append(f"{which} {'is' if len(events) == 1 else 'are'} not connected")
            continue
        named = ", ".join(f"{document.states[n].type} '{n}'" for n in path[:3])
        more = f" and {len(path) - 3} more" if len(path) > 3 else ""
        said.append(f"{which} {'leads' if len(events) == 1 else 'lead'} only to {named}{more}, which "
                    f"{'says' if len(path) == 1 else 'say'} nothing to the caller before the call ends")
    return f"{_WHEN_FAILED[state.type]}, the call ends with nothing said: {'; '.join(said)}"


def _failure_way(flow: Flow, state: State, step: Step) -> frozenset[str]:
    """The way a Send to Flex or Enqueue Call takes when it reaches no one (Step.on_fail, the transfer's failure
    way), when its 'failedToEnqueue' or 'callFailure' is connected (:data:`_FAILED`); both, to different steps: a
    branch on the event. The events it takes; none for Connect Call To, whose 'callCompleted' is also taken after
    a call that was answered."""
    if state.type not in ("send-to-flex", "enqueue-call"):
        return frozenset()
    if not any(t.next for t in state.transitions if t.event in _FAILED[state.type]):
        return frozenset()  # nothing connected: the call ends there (fails_silently says so)
    ways = [(event, edge) for event in _FAILED[state.type] if (edge := _edge(flow, state, event)) is not None]
    step.failed_when = tuple(event for event, _ in ways)
    if len({edge.target for _, edge in ways}) == 1:
        step.on_fail = Edge(ways[0][1].target, ways[0][1].location)
    else:
        sid = f"{state.name}/failed"
        flow.add(Step(sid, "branch", state.pos, "transfer-failed", invented=True,
                      description=f"{state.name} fails: the event decides the way",
                      branches=[Edge(edge.target, edge.location, event) for event, edge in ways]))
        step.on_fail = Edge(sid, state.pos)
    return frozenset(step.failed_when)


def _note_failures(flow: Flow, state: State, followed: frozenset[str] = frozenset()) -> None:
    _note_after(flow, state)
    for transition in state.transitions:
        if transition.event in followed:
            continue  # the transfer's failure way (_failure_way): analysed
        if transition.next and transition.event in ("failedToEnqueue", "callFailure", "noAnswer", "busy", "failed"):
            flow.failure_targets.add(transition.next)
            flow.summary.skip(f"{state.name} {transition.event}", "what happens after a failed transfer is not "
                              "analysed: the caller is counted as reaching a person", transition.pos)


def _wrong_keys_end(flow: Flow, document: StudioDocument, gather: State) -> Edge | None:
    """Where a wrong key ends the call: the gather's keys go straight to a split that tests only this gather's
    Digits, and that split's 'noMatch' ("No Condition Matches": Split Based On widget) is not connected, so a key
    no case takes ends the execution there; None otherwise (a wrong entry goes where keys go, the split decides)."""
    keys = gather.on("keypress")
    split = document.states.get(keys.next) if keys is not None and keys.next else None
    if split is None or split.type != "split-based-on":
        return None
    conditions = [c for t in split.transitions if t.event == "match" for c in t.conditions]
    mine = f"widgets.{gather.name}.Digits"
    if not conditions or any(_argument(split, c).replace(" ", "") != f"{{{{{mine}}}}}" for c in conditions):
        return None
    wrong = split.on("noMatch")
    if wrong is not None and wrong.next:
        return None
    return _edge(flow, split, "noMatch") if wrong is not None else None


def _gather(flow: Flow, document: StudioDocument, state: State, step: Step, absorbed: dict[str, str]) -> None:
    _say(state, step)
    timeout = state.properties.get("timeout")
    step.timeout = _seconds(timeout)
    speech = state.on("speech")
    # "The input type used by the Gather Input on Call widget is determined by the transitions you connect": with
    # 'User Said Something' (speech) unconnected it collects DTMF only, and a caller who speaks gives no input (its
    # timeout), not a hangup (Twilio support, "Speech Recognition Caveats in the Gather Input on Call Widget",
    # https://support.twilio.com/hc/en-us/articles/41011121788443)
    step.input_modes = ("dtmf", "speech") if speech is not None and speech.next else ("dtmf",)
    digits = state.properties.get("number_of_digits")
    if whole(digits) is not None:
        step.max_digits = whole(digits)
    step.no_input = _edge(flow, state, "timeout")
    if step.no_input is not None and step.no_input.target == state.name:
        flow.summary.notes.append(f"{state.name}: the gather loops to itself on timeout with no counter (Studio "
                                  "stops an execution whose widget runs 10 times in a row)")
    keypress = state.on("keypress")
    split = document.states[keypress.next] if keypress is not None and keypress.next in absorbed else None
    if split is not None and speech is not None and speech.next in absorbed and speech.next != split.name:
        flow.summary.notes.append(f"{state.name}: what the caller says is read by {speech.next!r}, which offers the "
                                  f"same choices as the keys ({split.name!r}): one menu, by keys or speech")
    if split is None:
        step.kind = "input"
        keys = _edge(flow, state, "keypress")
        spoken = _edge(flow, state, "speech") if speech is not None and speech.next else None
        if keys is not None and spoken is not None and keys.target != spoken.target:
            # Gather Input On Call has a way out for each of what the caller did ("User Pressed Keys", "User Said
            # Something", "No Input": Studio widget library): keys and speech go on their own ways, both followed
            # (the speech side was dropped before, and all it reached reported unreachable)
            answer = f"{state.name}/answer"
            flow.add(Step(answer, "branch", state.pos, state.type, label=f"{state.name}: keys or speech",
                          branches=[Edge(keys.target, keys.location, "the caller pressed keys"),
                                    Edge(spoken.target, spoken.location, "the caller spoke")]))
            step.goto = Edge(answer, state.pos)
            step.no_match = keys  # a wrong entry of keys goes where keys go (the split after it decides)
        else:
            step.goto = keys or spoken or _edge(flow, state, "speech")
            step.no_match = step.goto
        step.no_match = _wrong_keys_end(flow, document, state) or step.no_match
        return
    step.kind = "menu"
    for transition in split.transitions:
        if transition.event != "match":
            continue
        target = transition.next or _end(flow, split, transition).target
        for condition in transition.conditions:
            label = condition.get("friendly_name") if isinstance(condition.get("friendly_name"), str) else None
            for key in _option_keys(condition):
                step.options.append(Edge(target, condition.at("value"), key, label))
    step.no_match = _edge(flow, split, "noMatch")

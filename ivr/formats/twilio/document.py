"""A Twilio Studio flow document: its states, each with its transitions, located.

The current schema (Studio's "Export to JSON", the REST API's ``definition``
and Terraform's ``twilio_studio_flow``; the REST API's flow resource holds it as
``definition``, next to the flow's ``sid``) is ``{"states": [...],
"initial_state": NAME}``; each state is ``{name, type, transitions: [{event,
next, conditions}], properties}``. The legacy export of the first Studio
release (states with a ``sid``, transitions pointing at sids, types such as
``Gather`` and ``SayPlay``, no ``initial_state``) is refused with a message that
names it: Studio exports any flow in the current schema today.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ivr.formats.cloud.jsonloc import JArray, JObject, empty_object
from ivr.formats.cloud.deploy import Found, Unread
from ivr.formats.cloud.wrappers import decode, read_documents, read_each
from ivr.formats.flow import FlowError
from ivr.model.menu import Location

__all__ = ["State", "Transition", "StudioDocument", "parse_document", "parse_documents"]

#: Types of the legacy export (PascalCase); the current schema writes kebab-case.
_LEGACY_TYPES = frozenset({"Gather", "Branch", "SayPlay", "Webhook", "Trigger", "Dial", "Record", "SendMessage",
                           "Enqueue", "Function", "SetVariables"})


@dataclass(frozen=True, slots=True)
class Transition:
    event: str
    #: the state it goes to; None: not connected (the execution, and so the call, ends)
    next: str | None
    pos: Location
    conditions: tuple[JObject, ...] = ()


@dataclass(slots=True)
class State:
    name: str
    type: str
    pos: Location
    properties: JObject
    transitions: list[Transition] = field(default_factory=list)

    def on(self, event: str) -> Transition | None:
        return next((t for t in self.transitions if t.event == event), None)


@dataclass(slots=True)
class StudioDocument:
    file: str
    states: dict[str, State]
    initial: str
    initial_pos: Location
    description: str | None
    #: ``Terraform jsonencode()``, ``JavaScript module`` or None (plain JSON)
    wrapper: str | None
    #: Terraform resource name and friendly_name, when the file gives them
    names: set[str] = field(default_factory=set)
    #: where the resource that declares it is (a Terraform file of several flows); None: the file
    location: Location | None = None


def _fail(pos: Location, message: str) -> FlowError:
    return FlowError(pos, message)


def _is_legacy(states: list[object]) -> bool:
    first = next((s for s in states if isinstance(s, dict)), None)
    return first is not None and ("sid" in first or str(first.get("type")) in _LEGACY_TYPES)


def parse_document(raw: bytes, file: str) -> StudioDocument:
    """Read a Studio flow (the first a file declares), or :class:`FlowError` saying where and why it cannot be
    read."""
    documents, _ = parse_documents(raw, file)
    return documents[0]


def parse_documents(raw: bytes, file: str) -> tuple[list[StudioDocument], list[Unread]]:
    """Every Studio flow of a file (one, or each ``twilio_studio_flows_v2`` of a Terraform file) and the resources
    whose flow cannot be read; :class:`FlowError` when none can be, at the first reason."""
    text = decode(raw, file)
    found = read_documents(text, file, "Twilio Studio")
    return read_each(found, lambda each: _document(each, text, file))


def _document(found: Found, text: str, file: str) -> StudioDocument:
    data, wrapper = found.data, found.wrapper
    top = Location(file, 1, 1, "")
    names: set[str] = set()
    if isinstance(data, JArray) and len(data) == 1 and isinstance(data[0], JObject):
        data = data[0]  # the Twilio CLI's -o json: a list of the resources fetched
    if isinstance(data, JObject) and isinstance(data.get("definition"), JObject):
        # the REST API's flow resource: {"sid": "FW...", "friendly_name": ..., "definition": {...}}
        names = {str(data[k]) for k in ("sid", "friendly_name", "unique_name") if isinstance(data.get(k), str)}
        data, wrapper = data["definition"], "REST API flow resource"
    if not isinstance(data, JObject) or "states" not in data:
        raise _fail(data.here() if isinstance(data, (JObject, JArray)) else top,
                    "this is not a Twilio Studio flow: it has no 'states' list; export the flow from the Studio "
                    "console (Flow > Export to JSON) or the REST API's definition")
    states = data["states"]
    if not isinstance(states, JArray):
        raise _fail(data.at("states"), "'states' must be a list of widgets")
    if "initial_state" not in data or _is_legacy(states):
        raise _fail(data.key_at("states"), "this is the legacy Twilio Studio export (states with sids, types such "
                    "as Gather and SayPlay, no initial_state), which ivr does not read; open the flow in the "
                    "Studio console and export it again (Export to JSON writes the current schema)")
    document = StudioDocument(file, {}, str(data["initial_state"]), data.at("initial_state"),
                              data.get("description") if isinstance(data.get("description"), str) else None,
                              wrapper)
    for index, item in enumerate(states):
        document_state = _state(item, states.at(index))
        if document_state.name in document.states:
            raise _fail(document_state.pos, f"two widgets are named {document_state.name!r}; Studio names each "
                        "widget once: rename one")
        document.states[document_state.name] = document_state
    if document.initial not in document.states:
        raise _fail(document.initial_pos, f"initial_state {document.initial!r} names no widget in 'states'")
    document.names |= names
    if found.name is not None:  # a resource of a Terraform file: its names, as other flows refer to it
        document.names |= found.names | {f"twilio_studio_flow.{found.name}"}
        document.location = found.location
    elif wrapper == "Terraform jsonencode()":
        document.names |= _terraform_names(text)
    return document


def _state(item: object, pos: Location) -> State:
    if not isinstance(item, JObject):
        raise _fail(pos, "a widget must be an object with name, type, transitions and properties")
    for key in ("name", "type"):
        if not isinstance(item.get(key), str) or not item[key]:
            raise _fail(item.at(key), f"this widget has no {key!r}; every widget needs a name and a type")
    properties = item.get("properties") or empty_object(item, "properties")
    if not isinstance(properties, JObject):
        raise _fail(item.at("properties"), "'properties' must be an object")
    state = State(item["name"], item["type"], item.at("name"), properties)
    transitions = item.get("transitions", [])
    if not isinstance(transitions, JArray):
        raise _fail(item.at("transitions"), "'transitions' must be a list of {event, next}")
    for index, transition in enumerate(transitions):
        if not isinstance(transition, JObject) or not isinstance(transition.get("event"), str):
            raise _fail(transitions.at(index), "a transition must be an object with an 'event'")
        target = transition.get("next")
        conditions = transition.get("conditions", [])
        state.transitions.append(Transition(
            transition["event"], target if isinstance(target, str) and target else None,
            transition.at("next") if "next" in transition else transitions.at(index),
            tuple(c for c in conditions if isinstance(c, JObject)) if isinstance(conditions, list) else ()))
    return state


def _terraform_names(text: str) -> set[str]:
    names: set[str] = set()
    for match in re.finditer(r'resource\s+"twilio_studio_flow(?:s_v2)?"\s+"([^"]+)"', text):
        names.add(f"twilio_studio_flow.{match.group(1)}")
        friendly = re.compile(r'friendly_name\s*=\s*"([^"]+)"').search(text, match.end())
        if friendly:
            names.add(friendly.group(1))
    return names

"""An Amazon Connect flow document (flow language), located, out of whatever wraps it.

The flow language is ``{"Version", "StartAction", "Actions": [{Identifier,
Type, Parameters, Transitions: {NextAction, Conditions, Errors}}]}``. The API
(``DescribeContactFlow``), the CLI and Terraform's ``aws_connect_contact_flow``
return it as a string: ``{"Content": "<json>"}``, sometimes inside
``{"ContactFlow": {...}}``; then positions inside the flow are a pointer into the
inner document, with the line and column of the string that holds it. Flows
deployed as code are read too, every one a file declares: CloudFormation
``AWS::Connect::ContactFlow``, Terraform ``aws_connect_contact_flow``, CDK
``CfnContactFlow`` (see :mod:`ivr.formats.cloud.wrappers` and :mod:`ivr.formats.cloud.deploy`).

The console's legacy export (``modules`` with ``branches``, from before the flow
language) is kept as it is for :mod:`.legacy` to read.
"""

from __future__ import annotations

import re

from dataclasses import dataclass, field

from ivr.formats.cloud.jsonloc import JArray, JObject, JSONSyntaxError, Source, read_json
from ivr.formats.cloud.deploy import MODULE, Found, Unread
from ivr.formats.cloud.wrappers import decode, read_documents, read_each
from ivr.formats.flow import FlowError
from ivr.model.menu import Location

__all__ = ["ConnectDocument", "parse_document", "parse_documents"]


@dataclass(slots=True)
class ConnectDocument:
    file: str
    start: str
    start_pos: Location
    #: Identifier -> the action object
    actions: dict[str, JObject]
    #: names, ids and ARNs the wrapper gives the flow
    names: set[str] = field(default_factory=set)
    name: str | None = None
    kind: str | None = None
    notes: list[str] = field(default_factory=list)
    #: the legacy console export (``modules``), read by :mod:`ivr.formats.connect.legacy`
    legacy: JObject | None = None
    #: where the resource that declares it is (a deployment file of several flows); None: the file
    location: Location | None = None


def _unwrap(data: JObject, file: str, notes: list[str]) -> tuple[JObject, dict[str, object]]:
    outer: dict[str, object] = {}
    if isinstance(data.get("ContactFlow"), JObject):
        outer.update({k: v for k, v in data.items() if k != "ContactFlow"})
        data = data["ContactFlow"]
    elif isinstance(data.get("ContactFlowModule"), JObject):
        # aws connect describe-contact-flow-module: {"ContactFlowModule": {"Content", "Name", ...}} (API reference,
        # API_DescribeContactFlowModule.html): a module, which has no flow type
        outer.update({k: v for k, v in data.items() if k != "ContactFlowModule"})
        data = data["ContactFlowModule"]
        outer["Type"] = MODULE
    if "Content" not in data:
        return data, outer
    outer.update({k: v for k, v in data.items() if k != "Content"})
    content = data["Content"]
    if isinstance(content, JObject):
        return content, outer
    if not isinstance(content, str):
        raise FlowError(data.at("Content"), "'Content' must hold the flow as a JSON string (as the API returns it)")
    at = data.at("Content")
    inner = Source(file, content, fixed=(at.line or 1, at.column or 1))
    try:
        value, _ = read_json(inner)
    except JSONSyntaxError as exc:
        raise FlowError(at, f"the flow inside 'Content' is not valid JSON: {exc.message} (at character "
                        f"{exc.offset + 1} of the string); export the flow again") from None
    if not isinstance(value, JObject):
        raise FlowError(at, "the flow inside 'Content' must be a JSON object with Actions")
    notes.append("read the flow out of its {\"Content\": \"...\"} wrapper: positions inside it are pointers into "
                 "the inner document, at the line of the string")
    return value, outer


def parse_document(raw: bytes, file: str) -> ConnectDocument:
    """Read a Connect flow (the first a file declares), or :class:`FlowError` saying where and why it cannot be
    read."""
    documents, _ = parse_documents(raw, file)
    return documents[0]


def parse_documents(raw: bytes, file: str) -> tuple[list[ConnectDocument], list[Unread]]:
    """Every Connect flow of a file (one, or each a deployment file declares) and the resources that declare a
    flow that cannot be read; :class:`FlowError` when no flow can be read, at the first reason."""
    found = read_documents(decode(raw, file), file, "Amazon Connect")
    return read_each(found, lambda each: _document(each, file))


#: The flow types as the API names them (CreateContactFlow ``Type``; CloudFormation AWS::Connect::ContactFlow
#: ``Type``; Terraform aws_connect_contact_flow ``type``), and as the flow designer's export writes them in
#: ``Metadata.type`` (``contactFlow``, ``customerQueue``, ...).
FLOW_TYPES = ("CONTACT_FLOW", "CUSTOMER_QUEUE", "CUSTOMER_HOLD", "CUSTOMER_WHISPER", "AGENT_HOLD", "AGENT_WHISPER",
              "OUTBOUND_WHISPER", "AGENT_TRANSFER", "QUEUE_TRANSFER", "CAMPAIGN")


def flow_type(written: str) -> str:
    """A flow type as the API names it: ``customerQueue`` and ``CUSTOMER_QUEUE`` are ``CUSTOMER_QUEUE``; a type
    that is neither stays as written."""
    name = re.sub(r"(?<=[a-z])(?=[A-Z])", "_", written.strip()).upper()
    return name if name in FLOW_TYPES else written


def _document(found: Found, file: str) -> ConnectDocument:
    data, wrapper = found.data, found.wrapper
    notes = [f"read the flow out of a {wrapper} wrapper"] if wrapper else []
    notes += found.notes
    if not isinstance(data, JObject):
        raise FlowError(Location(file, 1, 1, ""), "this is not an Amazon Connect flow: it is not a JSON object; export "
                        "the flow (flow designer: Save > Export flow, or aws connect describe-contact-flow)")
    flow, outer = _unwrap(data, file, notes)
    if "modules" in flow and "Actions" not in flow:
        written = outer.get("Name")
        name = written if isinstance(written, str) else None
        document = ConnectDocument(file, "", flow.here(), {}, name=name or found.name, notes=notes,
                                   legacy=flow, location=found.location)
        # the legacy export writes its type at the top ("type": "customerQueue") and in its metadata
        metadata = flow.get("metadata")
        exported = flow.get("type") if isinstance(flow.get("type"), str) else \
            metadata.get("type") if isinstance(metadata, JObject) else None
        document.kind = (flow_type(found.kind) if found.kind else None) or \
            (flow_type(exported) if isinstance(exported, str) else None)
        _not_the_agent_s(document)
        return document
    actions = flow.get("Actions")
    if not isinstance(actions, JArray):
        raise FlowError(flow.at("Actions") if "Actions" in flow else flow.here(),
                        "this is not an Amazon Connect flow: it has no 'Actions' list; export the flow in the flow "
                        "language (flow designer: Export flow, or aws connect describe-contact-flow)")
    document = ConnectDocument(file, "", flow.at("StartAction"), {}, notes=notes, location=found.location)
    for index, action in enumerate(actions):
        if not isinstance(action, JObject) or not isinstance(action.get("Identifier"), str):
            raise FlowError(actions.at(index), "an action must be an object with an 'Identifier' and a 'Type'")
        if not isinstance(action.get("Type"), str):
            raise FlowError(action.at("Type"), f"action {action['Identifier']!r} has no 'Type'")
        document.actions[action["Identifier"]] = action
    start = flow.get("StartAction")
    if not isinstance(start, str) or start not in document.actions:
        raise FlowError(document.start_pos, f"StartAction {start!r} names no action in 'Actions'; set it to the "
                        "Identifier of the first action")
    document.start = start
    for key in ("Name", "Id", "Arn", "ContactFlowId", "ContactFlowArn"):
        if isinstance(outer.get(key), str):
            document.names.add(str(outer[key]))
    document.name = outer.get("Name") if isinstance(outer.get("Name"), str) else None  # type: ignore[assignment]
    metadata = flow.get("Metadata")
    exported = metadata.get("type") if isinstance(metadata, JObject) else None
    written = outer.get("Type") if isinstance(outer.get("Type"), str) else exported
    document.kind = flow_type(written) if isinstance(written, str) else None
    # a flow a deployment file declares: named by its resource, known also by its Name and references
    document.name = found.name or document.name
    document.names |= found.names
    document.kind = (flow_type(found.kind) if found.kind else None) or document.kind
    _no_phone_menu(document)
    return document


#: What a caller on the phone hears or answers (the participant actions that speak or listen).
_HEARD = frozenset({"MessageParticipant", "MessageParticipantIteratively", "GetParticipantInput",
                    "ConnectParticipantWithLexBot"})
#: Flow types that run for the agent, never for the caller (admin guide, create-contact-flow.html: "Agent whisper
#: flow ... what the agent experiences", "Agent hold flow ... what the agent experiences when on hold").
_AGENT_SIDE = ("AGENT_WHISPER", "AGENT_HOLD")


def _not_the_agent_s(document: ConnectDocument) -> None:
    """An agent's whisper or hold flow is refused, saying whose it is (in either export form)."""
    if document.kind in _AGENT_SIDE:
        raise FlowError(document.location or document.start_pos, f"this is an {document.kind.lower().replace('_', ' ')} "
                        "flow: it plays to the agent, never to the caller; ivr checks the flows callers hear (inbound, "
                        "customer queue, whisper and transfer flows)")


def _no_phone_menu(document: ConnectDocument) -> None:
    """A flow no caller on the phone meets is refused, saying whose it is: an agent's whisper or hold flow, or a
    flow of views only (ShowView "is only supported on the chat channel" and routes step-by-step guides to
    agents in the agent workspace: API reference, participant-actions-showview.html)."""
    _not_the_agent_s(document)
    kinds = [action["Type"] for action in document.actions.values()]
    if "ShowView" in kinds and not _HEARD.intersection(kinds):
        view = next(a for a in document.actions.values() if a["Type"] == "ShowView")
        raise FlowError(view.here(), "this flow shows views and says nothing to a caller: ShowView runs only on the "
                        "chat channel (a step-by-step guide in the agent workspace), so no phone call is a flow of "
                        "views; ivr checks the flows callers hear")

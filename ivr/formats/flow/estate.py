"""Flows that hand off to each other, seen as one IVR: which flows form an estate, and where each hand-off goes.

For every reader whose flows hand off by name (a ``handoff`` step with a ``flow_ref``).
Contact centres split an IVR into flows: a routing flow hands the call to a
billing flow, which hands it to the flow that queues for agents. A hand-off
step (Connect ``TransferToFlow``, Archy ``transferToFlow``, Twilio
``run-subflow``) names its target by name, id or ARN, often through deployment
variables. :func:`link` matches each hand-off against the flows given, by every
name a flow is known by (its name, file name, id, ARN, the last part of its ARN)
and every name a reference may mean:

* an ARN or a path: its last part (``.../contact-flow/9f8e...`` -> ``9f8e...``);
* a Terraform reference: the key or the last name in it
  (``${var.contact_flows_map["billing"]}`` -> ``billing``,
  ``${aws_connect_contact_flow.billing.arn}`` -> ``billing``);
* a CloudFormation reference, as the template reader writes it: the resource's logical id
  (``${Billing.ContactFlowArn}``, from ``!GetAtt Billing.ContactFlowArn`` in ``Fn::Sub``, -> ``Billing``);
* a Connect flow attribute: its name (``$.FlowAttributes.billing_flow`` -> ``billing_flow``).

The flow a transfer's wait plays (its ``hold_ref``: Connect's customer queue flow, named by
the ``CustomerQueue`` event hook) is matched the same way; when it is given, its first words
are the transfer's ``hold_says`` (:func:`first_words`).

A hand-off that matches no flow given stays a hand-off the analysis cannot
follow. Flows that no other flow hands off to are the entries: each entry and
every flow it reaches form one IVR.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ivr.formats.flow.flow import Flow
from ivr.model.menu import Location

__all__ = ["Estate", "link", "ref_names", "flow_names"]

_KEYED = re.compile(r'\[\s*"([^"]+)"\s*\]')
_IDENT = re.compile(r"[A-Za-z_][\w-]*")
_GENERIC = frozenset({"arn", "id", "sid", "name", "var", "local", "data", "value", "flow_sid", "contact_flow_id",
                      # the attributes of AWS::Connect::ContactFlow / ContactFlowModule (Fn::GetAtt)
                      "contactflowarn", "contactflowmodulearn"})


def _variants(text: str) -> set[str]:
    text = text.strip()
    names = {text, text.lower()}
    return {n for n in names if n}


def ref_names(reference: str) -> set[str]:
    """Every name the hand-off ``reference`` may mean."""
    names = _variants(reference)
    text = reference.strip()
    keyed = _KEYED.findall(text)
    if keyed:
        names |= {v for k in keyed for v in _variants(k)}
    elif text.startswith("${") or text.startswith("$."):
        parts = [p for p in _IDENT.findall(text) if p.lower() not in _GENERIC and p not in ("FlowAttributes",
                                                                                           "Attributes")]
        if parts:
            names |= _variants(parts[-1])
    if "/" in text or ":" in text:
        last = re.split(r"[/:]", text.rstrip("/"))[-1]
        names |= _variants(last)
    return names


def flow_names(flow: Flow) -> set[str]:
    """Every name ``flow`` is known by."""
    names: set[str] = set()
    for alias in flow.aliases | {flow.name}:
        names |= _variants(alias)
        if "/" in alias or ":" in alias:
            names |= _variants(re.split(r"[/:]", alias.rstrip("/"))[-1])
    return names


@dataclass(slots=True)
class Estate:
    """One IVR made of flows: the entry first, then every flow it hands off to (directly or not)."""

    flows: list[Flow]
    #: (index of the flow, step id) -> index of the flow its hand-off goes to
    handoffs: dict[tuple[int, str], int] = field(default_factory=dict)

    @property
    def entry(self) -> Flow:
        return self.flows[0]


#: How many prompts of a wait's flow are its first words (the flow may loop on them for as long as callers wait).
_FIRST_WORDS = 8


def first_words(flow: Flow) -> list[tuple[str, str, Location]]:
    """What callers hear first in ``flow``: the prompts from its start on, through messages and steps with one way
    on, up to the first step that asks, branches, or ends (its prompt included), each step once."""
    said: list[tuple[str, str, Location]] = []
    seen: set[str] = set()
    current = flow.steps.get(flow.start.target)
    while current is not None and current.id not in seen and len(said) < _FIRST_WORDS:
        seen.add(current.id)
        if current.text:
            said.append((flow.language, current.text, current.prompt_location or current.location))
        ways = [e for e in current.edges() if e is not None]
        if current.kind not in ("message", "pass", "branch") or len({e.target for e in ways}) != 1:
            break
        current = flow.steps.get(ways[0].target)
    return said


def _read_holds(flows: list[Flow], by_name: dict[str, int]) -> None:
    """The first words of each wait's flow that is given too (a transfer's ``hold_ref``): its ``hold_says``."""
    for flow in flows:
        for step in flow.steps.values():
            if step.kind != "transfer" or not step.hold_ref:
                continue
            found = next((by_name[n] for n in sorted(ref_names(step.hold_ref)) if n in by_name), None)
            if found is not None and flows[found] is not flow:
                step.hold_says = first_words(flows[found])


def link(flows: list[Flow]) -> list[Estate]:
    """The estates that ``flows`` form, in the order the entries were given."""
    by_name: dict[str, int] = {}
    for index, flow in enumerate(flows):
        for name in flow_names(flow):
            by_name.setdefault(name, index)
    _read_holds(flows, by_name)
    targets: dict[tuple[int, str], int] = {}
    for index, flow in enumerate(flows):
        for step in flow.steps.values():
            if step.kind == "handoff" and step.flow_ref:
                found = next((by_name[n] for n in sorted(ref_names(step.flow_ref)) if n in by_name), None)
                if found is not None:
                    targets[(index, step.id)] = found
    handed_to = {target for (source, _), target in targets.items() if target != source}
    # each flow's hand-offs, in the order found: every estate is walked over these, not over all hand-offs
    out_of: list[list[tuple[str, int]]] = [[] for _ in flows]
    for (source, sid), target in targets.items():
        out_of[source].append((sid, target))
    estates: list[Estate] = []
    placed: set[int] = set()
    order = [i for i in range(len(flows)) if i not in handed_to] + [i for i in range(len(flows)) if i in handed_to]
    for entry in order:
        if entry in placed:
            continue
        position = {entry: 0}  # flow index -> its place in the estate, in the order reached (breadth first)
        members = [entry]
        for current in members:  # grows as flows are reached
            for _, target in out_of[current]:
                if target not in position:
                    position[target] = len(members)
                    members.append(target)
        placed.update(members)
        estate = Estate([flows[i] for i in members])
        for source in sorted(members):  # the hand-offs in the order found, as before
            for sid, target in out_of[source]:
                estate.handoffs[(position[source], sid)] = position[target]
        estates.append(estate)
    return estates

"""Flows onto ivr's model: one :class:`~ivr.model.menu.Menu` per flow, or per estate of flows that hand off.

The one mapping of every flow reader. Every step becomes a node located where the source
writes it, its kind the node type. In an estate of several flows, node ids are prefixed with
their flow's name (``billing::menu``) and a hand-off to a flow given becomes the way into
that flow's start (a Studio subflow, which returns when it ends, goes back to its caller); a
hand-off to a flow not given stays an ``external`` node with the reference as written. How
a menu or input fails is what its platform's :class:`~ivr.formats.semantics.Semantics`
says, applied by :func:`~ivr.formats.semantics.settle`.
"""

from __future__ import annotations

import re

from ivr.formats.flow.estate import Estate
from ivr.formats.flow.flow import Flow
from ivr.formats.semantics import settle
from ivr.formats.flow.step import FLOW_END, Edge, Step
from ivr.model.menu import PROMPTED_TYPES, Branch, Menu, Node, Option, Prompt, Ref

__all__ = ["to_menu", "estate_menu"]


#: A value filled in at run time, as the platforms and deployment templates write it: Terraform's ``${...}``
#: (templatefile), Liquid's ``{{...}}`` and ``{%...%}`` (Twilio Studio), Connect's ``$.Attributes.x`` paths.
_PLACEHOLDERS = re.compile(r"\$\{[^{}]*\}|\{\{.*?\}\}|\{%.*?%\}|\$\.[\w.\[\]'\"-]+", re.S)
#: A word a caller would hear.
_WORDS = re.compile(r"[^\W_]", re.U)

class _Mapper:
    def __init__(self, estate: Estate, fmt: str):
        self.estate = estate
        self.fmt = fmt
        self.several = len(estate.flows) > 1
        self.language = estate.entry.language
        self.nodes: dict[str, Node] = {}
        #: flow index -> (caller's flow index, where the caller goes on): a hand-off that goes on after the flow
        #: handed to ends (Studio's run-subflow) returns there
        self.returns: dict[int, tuple[int, str]] = {}
        #: (flow index, step id) -> the node a way into it arrives at (see :meth:`target`)
        self._arrives: dict[tuple[int, str], str] = {}
        callers: dict[int, list[tuple[int, Step]]] = {}
        for (source, sid), target in estate.handoffs.items():
            callers.setdefault(target, []).append((source, estate.flows[source].steps[sid]))
        for target, calls in callers.items():
            if len(calls) == 1 and calls[0][1].goto is not None:
                self.returns[target] = (calls[0][0], calls[0][1].goto.target)

    def node_id(self, index: int, step_id: str) -> str:
        return f"{self.estate.flows[index].name}::{step_id}" if self.several else step_id

    def _onwards(self, key: tuple[int, str]) -> tuple[int, str] | None:
        """Where a way into ``key`` (flow index, step id) goes on at once: the end of a subflow returns to its
        caller, a resolved hand-off goes to its flow's start; None when it arrives at ``key`` itself."""
        index, step_id = key
        if index in self.returns:
            step = self.estate.flows[index].steps.get(step_id)
            if step is not None and step.platform_type == FLOW_END:  # the subflow ends: back to its caller
                return self.returns[index]
        if key in self.estate.handoffs:
            into = self.estate.handoffs[key]
            return into, self.estate.flows[into].start.target
        return None

    def target(self, index: int, step_id: str) -> str:
        """The node a way into ``step_id`` of flow ``index`` arrives at: a resolved hand-off's target flow start.

        Followed without recursion, and each step once for the whole estate: a chain of flows that only
        hand off to the next made this quadratic, and deep enough a RecursionError. A chain that comes
        back on itself arrives at the first step it repeats.
        """
        key = (index, step_id)
        path: list[tuple[int, str]] = []
        on_path: set[tuple[int, str]] = set()
        while key not in self._arrives:
            if key in on_path:  # a loop: each step on it arrives at itself, the steps before at this one
                loop = path[path.index(key):]
                for member in loop:
                    self._arrives[member] = self.node_id(*member)
                path = path[:len(path) - len(loop)]
                break
            onwards = self._onwards(key)
            if onwards is None:
                self._arrives[key] = self.node_id(*key)
                break
            path.append(key)
            on_path.add(key)
            key = onwards
        for member in path:
            self._arrives[member] = self._arrives[key]
        return self._arrives[key]

    def ref(self, index: int, edge: Edge | None) -> Ref | None:
        return None if edge is None else self.to(index, edge)

    def to(self, index: int, edge: Edge) -> Ref:
        return Ref(self.target(index, edge.target), edge.location, edge.hint)

    def map(self) -> Menu:
        for index, flow in enumerate(self.estate.flows):
            for step in flow.steps.values():
                if index in self.returns and step.platform_type == FLOW_END:
                    continue  # a subflow's end returns to its caller
                if step.kind == "handoff" and (index, step.id) in self.estate.handoffs:
                    continue  # into the flow given: its start stands for it (see target)
                node = self.node(index, flow, step)
                self.nodes[node.id] = node
        entry = self.estate.entry
        files = tuple(dict.fromkeys(f for flow in self.estate.flows for f in (flow.files or [flow.file])))
        return Menu(name=entry.name, file=entry.file, start=Ref(self.target(0, entry.start.target),
                                                                  entry.start.location),
                    nodes=self.nodes, language=self.language, location=entry.location or entry.start.location,
                    format=self.fmt, files=files if len(files) > 1 else (), part_of=entry.part_of,
                    agent_ends_it=entry.agent_ends_it,
                    routing=all(flow.routing for flow in self.estate.flows))

    def node(self, index: int, flow: Flow, step: Step) -> Node:
        """The node of one step. A hand-off to a flow not given is an ``external`` node; what a failed
        hand-off does is not analysed. A transfer's ``on_fail`` is its failure way (Node.if_failed)."""
        kind = "external" if step.kind == "handoff" else step.kind
        goto, otherwise = step.goto, step.otherwise
        if kind == "message" and not step.text and not step.audio and goto is not None:
            # a step that says nothing and goes on (a subdialog call, an empty prompt): a system step
            kind, goto, otherwise = "branch", None, goto
        label = step.label
        if self.several and label:
            label = f"{label} ({flow.name})"
        node = Node(id=self.node_id(index, step.id), type=kind, location=step.location, label=label,
                    format=self.fmt, description=step.description, timeout=step.timeout,
                    input_modes=step.input_modes, interruptible=step.interruptible, min_digits=step.min_digits,
                    max_digits=step.max_digits, queue=step.queue, number=step.number, mailbox=step.mailbox,
                    hold=step.hold if kind == "transfer" else None,
                    hold_says=tuple(Prompt({"" if language == self.language else language: text}, at)
                                    for language, text, at in step.hold_says) if kind == "transfer" else (),
                    fails_silently=step.fails_silently if kind in ("transfer", "branch") else None,
                    changes=step.changes, invented=step.invented)
        if kind == "external":
            node.target_text = step.target_text or step.platform_type
            node.outcome = step.outcome if step.kind == "external" else None  # a flow not given: unknown
            if step.kind == "handoff":
                node.target_text = f"{node.target_text} (a flow not given)"
        if step.text or step.audio:
            # words in the menu's language are keyed "" (see Prompt); a flow of an estate may speak another
            text, audio = step.text, list(step.audio)
            if text and not _WORDS.search(_PLACEHOLDERS.sub("", text)):
                audio, text = [text.strip(), *audio], None  # set at run time: its words are not in the file
            texts = {"" if flow.language == self.language else flow.language: text} if text else {}
            node.prompt = Prompt(texts, step.prompt_location or step.location, audio=", ".join(audio) or None)
        if kind in ("message", "input") or (step.kind == "handoff" and goto is not None):
            node.goto = self.ref(index, goto)  # a hand-off not followed that comes back: the call goes on there
        for edge in step.options:
            if edge.when is not None and edge.when not in node.options:
                node.options[edge.when] = Option(edge.when, self.to(index, edge), edge.at or edge.location,
                                                 edge.label)
        node.branches = [Branch(edge.when or "", self.to(index, edge), edge.at or edge.location, never=edge.never)
                         for edge in step.branches]
        node.otherwise = self.ref(index, otherwise)
        if kind == "transfer" and step.on_fail is not None:  # the way a transfer takes when it reaches no person
            node.if_failed, node.failed_when = self.ref(index, step.on_fail), step.failed_when
        if kind in PROMPTED_TYPES:
            node.no_input = self.ref(index, step.no_input)
            node.no_match = self.ref(index, step.no_match)
            node.on_fail = self.ref(index, step.on_fail)
            settle(node, step.semantics or flow.semantics, step.tries)
        return node


def estate_menu(estate: Estate, fmt: str) -> Menu:
    """The menu of an estate: every flow's nodes, hand-offs between the flows followed."""
    return _Mapper(estate, fmt).map()


def to_menu(flow: Flow, fmt: str) -> Menu:
    """The menu of one flow, its nodes in the order the flow holds its steps."""
    return estate_menu(Estate([flow]), fmt)

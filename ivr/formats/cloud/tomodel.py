"""Flow descriptions onto ivr's model: one :class:`~ivr.model.menu.Menu` per flow or per estate of flows.

Every step becomes a node located where the document writes it (line and
column where the file has lines, the JSON Pointer always). In an estate of
several flows, node ids are prefixed with their flow's name (``billing::menu``)
and a hand-off to a flow given becomes the way into that flow's start; a
hand-off to a flow not given stays an ``external`` node with the reference as
written. What each platform does when a caller fails at a menu is the
reader's statement, set here from the step (``when_*`` and ``retries``).
"""

from __future__ import annotations

from ivr.formats.api import Imported, Note
from ivr.formats.cloud.estate import Estate
from ivr.formats.cloud.flow import Edge, Flow, FlowError, Pos, Step
from ivr.model.errors import InvalidMenu, LoadError
from ivr.model.menu import Branch, Fallback, Location, Menu, Node, Option, Prompt, Ref

__all__ = ["location", "refused", "imported", "estate_menu"]

_FALLBACK = {"replay": Fallback.REPLAY, "disconnect": Fallback.DISCONNECT}


def location(pos: Pos) -> Location:
    return Location(pos.file, pos.line, pos.column, pos.pointer)


def refused(error: FlowError) -> InvalidMenu:
    return InvalidMenu([LoadError(location(error.pos), error.message)])


def imported(flow: Flow, source: str, fmt: str) -> Imported:
    """What reading one flow document gave: its flow (``resources["flow"]``) and the import summary.

    The menus are made by :func:`ivr.formats.cloud.reader.link_flows`, once the flows given together are
    known: a flow alone would be mapped only to be mapped again with its hand-offs followed.
    """
    result = Imported(source, fmt)
    result.resources["flow"] = flow
    result.count("flows")
    result.count("blocks", flow.summary.read)
    result.count("mapped", flow.summary.mapped)
    result.count("left out or not analysed", len(flow.summary.skipped))
    for what, why, pos in flow.summary.skipped:
        result.notes.append(Note(location(pos), f"{what}: {why}"))
    for note in flow.summary.notes:
        result.notes.append(Note(location(flow.pos), note))
    return result


class _Mapper:
    def __init__(self, estate: Estate, fmt: str):
        self.estate = estate
        self.fmt = fmt
        self.several = len(estate.flows) > 1
        self.nodes: dict[str, Node] = {}
        #: flow index -> (caller's flow index, where the caller goes on): Studio subflows return when they end
        self.returns: dict[int, tuple[int, str]] = {}
        #: (flow index, step id) -> the node a way into it arrives at (see :meth:`target`)
        self._arrives: dict[tuple[int, str], str] = {}
        callers: dict[int, list[tuple[int, Step]]] = {}
        for (source, sid), target in estate.handoffs.items():
            callers.setdefault(target, []).append((source, estate.flows[source].steps[sid]))
        for target, calls in callers.items():
            if len(calls) == 1 and calls[0][1].platform_type == "run-subflow" and calls[0][1].goto is not None:
                self.returns[target] = (calls[0][0], calls[0][1].goto.target)

    def node_id(self, index: int, step_id: str) -> str:
        return f"{self.estate.flows[index].name}::{step_id}" if self.several else step_id

    def _onwards(self, key: tuple[int, str]) -> tuple[int, str] | None:
        """Where a way into ``key`` (flow index, step id) goes on at once: the end of a subflow returns to its
        caller, a resolved hand-off goes to its flow's start; None when it arrives at ``key`` itself."""
        index, step_id = key
        if index in self.returns:
            step = self.estate.flows[index].steps.get(step_id)
            if step is not None and step.platform_type == "end":  # the subflow ends: back to its caller
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
        return Ref(self.target(index, edge.target), location(edge.pos))

    def map(self) -> Menu:
        for index, flow in enumerate(self.estate.flows):
            for step in flow.steps.values():
                if index in self.returns and step.platform_type == "end":
                    continue  # a subflow's end returns to its caller
                if step.kind == "handoff":
                    self.handoff(index, flow, step)
                    continue
                node = self.node(index, flow, step)
                self.nodes[node.id] = node
        entry = self.estate.entry
        files = tuple(dict.fromkeys(f.file for f in self.estate.flows))
        return Menu(name=entry.name, file=entry.file, start=Ref(self.target(0, entry.start.target),
                                                                  location(entry.start.pos)),
                    nodes=self.nodes, language=entry.language, location=location(entry.pos), format=self.fmt,
                    files=files if len(files) > 1 else ())

    def handoff(self, index: int, flow: Flow, step: Step) -> None:
        """A hand-off: into the flow given (its start stands for it: see :meth:`target`), else an ``external``
        node. What a failed hand-off does is not analysed, as for a failed transfer."""
        if (index, step.id) not in self.estate.handoffs:
            node = self.node(index, flow, step)
            self.nodes[node.id] = node

    def node(self, index: int, flow: Flow, step: Step) -> Node:
        kind = "external" if step.kind == "handoff" else step.kind
        label = step.label
        if self.several and label:
            label = f"{label} ({flow.name})"
        node = Node(id=self.node_id(index, step.id), type=kind, location=location(step.pos), label=label,
                    format=self.fmt, timeout=step.timeout, input_modes=step.input_modes,
                    min_digits=step.min_digits, max_digits=step.max_digits, queue=step.queue, number=step.number,
                    mailbox=step.mailbox)
        if kind == "external":
            node.target_text = step.target_text or step.platform_type
            if step.kind == "handoff":
                node.target_text = f"{node.target_text} (a flow not given)"
        if step.prompt is not None or step.audio is not None:
            texts = {flow.language: step.prompt} if step.prompt else {}
            node.prompt = Prompt(texts, location(step.prompt_pos or step.pos), audio=step.audio)
        if kind in ("message", "input"):
            node.goto = self.ref(index, step.goto)
        for edge in step.options:
            if edge.when is not None and edge.when not in node.options:
                node.options[edge.when] = Option(edge.when, self.to(index, edge), location(edge.pos), edge.label)
        node.branches = [Branch(edge.when or "", self.to(index, edge), location(edge.pos)) for edge in step.branches]
        node.otherwise = self.ref(index, step.otherwise)
        if kind in ("menu", "input"):
            node.no_input = self.ref(index, step.no_input)
            node.no_match = self.ref(index, step.no_match)
            node.on_fail = self.ref(index, step.on_fail)
            node.retries = step.retries if step.retries is not None else 1
            node.when_no_input = _FALLBACK[step.when_no_input or "replay"]
            node.when_no_match = _FALLBACK[step.when_no_match or "replay"]
            node.when_failed = _FALLBACK[step.when_failed or "disconnect"]
        return node


def estate_menu(estate: Estate, fmt: str) -> Menu:
    """The menu of an estate: every flow's nodes, hand-offs between them followed."""
    return _Mapper(estate, fmt).map()

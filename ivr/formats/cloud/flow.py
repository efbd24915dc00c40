"""A cloud contact-centre flow as its platform means it, before it becomes ivr's model.

The Twilio Studio, Amazon Connect and Genesys Archy readers each turn their
document into a :class:`Flow`: steps with the platform's meaning already
decided (a gather and the split that reads it are one menu, a Lambda call is a
branch on its outcome, a transfer to another flow is a hand-off by name), every
step and edge with the place in the file where it is written (:class:`Pos`:
line and column where the file has lines, a JSON Pointer always). The mapping
onto ivr's model, and the linking of hand-offs between the flows of an estate,
is one step further and the same for all three.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ivr.model.words import printable_name

__all__ = ["Pos", "Edge", "Step", "Flow", "Summary", "FlowError", "STEP_KINDS", "NO_COUNTER"]

#: What a step is to a caller. ``handoff`` goes to another flow (``flow_ref``), ``external`` to
#: something the analysis cannot follow (``target_text``).
#: Attempts counted at a menu whose platform counts none (the most ivr's model takes).
NO_COUNTER = 100

STEP_KINDS = ("message", "menu", "input", "branch", "transfer", "voicemail", "hangup", "external", "handoff")


@dataclass(frozen=True, slots=True)
class Pos:
    """A place in a source document: line and column (None where unknown) and a pointer (``/Actions/3``)."""

    file: str
    line: int | None
    column: int | None
    pointer: str | None = None

    def __str__(self) -> str:
        if self.line is None:
            text = f"{self.file}#{self.pointer or ''}"
        elif self.column is None:
            text = f"{self.file}:{self.line}"
        else:
            text = f"{self.file}:{self.line}:{self.column}"
        return printable_name(text)  # as Location prints: no file name forges a line


class FlowError(Exception):
    """A document that cannot be read as a flow: where, and what is wrong and how to fix it."""

    def __init__(self, pos: Pos, message: str):
        super().__init__(f"{pos}: {message}")
        self.pos = pos
        self.message = message


@dataclass(frozen=True, slots=True)
class Edge:
    """A way from one step to another (``target`` a step id), written at ``pos``."""

    target: str
    pos: Pos
    #: the key pressed (options) or the condition as written (branches)
    when: str | None = None
    label: str | None = None


@dataclass(slots=True)
class Step:
    """One step of a flow. Fields that a kind does not use stay empty."""

    id: str
    kind: str
    pos: Pos
    #: the platform's name for what this step is (``gather-input-on-call``, ``GetParticipantInput``)
    platform_type: str
    label: str | None = None
    prompt: str | None = None
    #: a recording whose words are unknown (file name, ARN, prompt name)
    audio: str | None = None
    prompt_pos: Pos | None = None
    goto: Edge | None = None
    options: list[Edge] = field(default_factory=list)
    branches: list[Edge] = field(default_factory=list)
    otherwise: Edge | None = None
    no_input: Edge | None = None
    no_match: Edge | None = None
    on_fail: Edge | None = None
    #: what the platform does when no_input / no_match / on_fail name nothing: "replay", "disconnect"
    when_no_input: str | None = None
    when_no_match: str | None = None
    when_failed: str | None = None
    retries: int | None = None
    timeout: float | None = None
    input_modes: tuple[str, ...] | None = None
    min_digits: int | None = None
    max_digits: int | None = None
    queue: str | None = None
    number: str | None = None
    mailbox: str | None = None
    #: external and hand-off steps: what the document writes (a function name, an ARN, a URL)
    target_text: str | None = None
    #: hand-off steps: the flow handed to, by name, id or ARN as written
    flow_ref: str | None = None

    def edges(self) -> list[Edge]:
        found = [self.goto, *self.options, *self.branches, self.otherwise, self.no_input, self.no_match,
                 self.on_fail]
        return [edge for edge in found if edge is not None]


@dataclass(slots=True)
class Summary:
    """What reading a document did: blocks read, mapped, and left out with the reason for each."""

    read: int = 0
    mapped: int = 0
    #: (what was left out, why, where)
    skipped: list[tuple[str, str, Pos]] = field(default_factory=list)
    #: things the reader did that a user should know (placeholders substituted, a legacy export read)
    notes: list[str] = field(default_factory=list)

    def skip(self, what: str, why: str, pos: Pos) -> None:
        self.skipped.append((what, why, pos))


@dataclass(slots=True)
class Flow:
    """One flow document: its steps, where a call starts, and the names other flows may use for it."""

    name: str
    file: str
    platform: str
    start: Edge
    steps: dict[str, Step]
    pos: Pos
    #: names, ids and ARNs by which other flows may hand off to this one
    aliases: set[str] = field(default_factory=set)
    language: str = "en"
    #: ``inboundCall``, ``inqueueCall``, ``CONTACT_FLOW``, ... as the document says
    kind: str | None = None
    summary: Summary = field(default_factory=Summary)
    #: steps where a failed transfer or hand-off goes: what follows is not analysed
    failure_targets: set[str] = field(default_factory=set)

    def add(self, step: Step) -> Step:
        self.steps[step.id] = step
        return step

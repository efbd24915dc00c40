"""One call flow as a platform reader understood it: its steps, where calls start, how its menus fail.

Every platform reader that does not build the model directly (Asterisk, VoiceXML, Twilio
Studio, Amazon Connect, Genesys Architect) describes what it read as a :class:`Flow`;
:mod:`ivr.formats.flow.tomodel` maps flows onto :class:`ivr.model.menu.Menu`, the same way
for all of them. Keeping this layer apart lets each reader be tested on what it understood,
whatever the model makes of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ivr.formats.semantics import Semantics
from ivr.formats.flow.step import Edge, Step
from ivr.model.menu import Location
from ivr.model.words import printable_name

__all__ = ["Flow", "Summary", "Skipped", "FlowError"]


class FlowError(Exception):
    """A document that cannot be read as a flow: where, and what is wrong and how to fix it."""

    def __init__(self, location: Location, message: str):
        super().__init__(f"{location}: {message}")
        self.location = location
        self.message = message


@dataclass(frozen=True, slots=True)
class Skipped:
    """Something read and left out of the flow: what, why, and where (None: no one place)."""

    what: str
    why: str
    location: Location | None = None


@dataclass(slots=True)
class Summary:
    """What reading a source did: units read (blocks, contexts, dialogs), used, left out with the reason for each."""

    read: int = 0
    used: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    #: things the reader did that a user should know (placeholders substituted, a legacy export read)
    notes: list[str] = field(default_factory=list)
    #: hand-offs that could not be followed, as written
    external: list[str] = field(default_factory=list)

    def skip(self, what: str, why: str, location: Location | None = None) -> None:
        self.skipped.append(Skipped(what, why, location))

    def by_reason(self) -> dict[str, list[str]]:
        """Reason -> what was left out for it, in the order found."""
        found: dict[str, list[str]] = {}
        for item in self.skipped:
            found.setdefault(item.why, []).append(item.what)
        return found


@dataclass(slots=True)
class Flow:
    """One IVR or flow document: where calls start, every step, and how its platform's menus fail."""

    name: str
    file: str
    start: Edge
    steps: dict[str, Step]
    #: how the platform's menus and inputs fail, as its reader declares it
    semantics: Semantics
    #: where the flow is defined (None: where it starts)
    location: Location | None = None
    #: every file its steps come from, the main file first (empty: ``file`` alone)
    files: list[str] = field(default_factory=list)
    description: str | None = None
    #: names, ids and ARNs by which other flows may hand off to this one
    aliases: set[str] = field(default_factory=set)
    #: the language of its prompts
    language: str = "en"
    #: ``inboundCall``, ``inqueueCall``, ``CONTACT_FLOW``, ... as the document says
    kind: str | None = None
    #: None: calls enter at its start; else what it is a part of, which its platform runs inside other flows not
    #: given (a Connect flow module: "a flow module ... runs inside the flows that invoke it"), in words for
    #: messages; see Menu.part_of
    part_of: str | None = None
    #: True where the platform ends the flow, wherever it is, when an agent takes the call (a Connect customer queue
    #: or hold flow): a loop in it is the caller's wait, not a trap; see Menu.agent_ends_it
    agent_ends_it: bool = False
    summary: Summary = field(default_factory=Summary)
    #: steps where a failed transfer or hand-off goes: what follows is not analysed
    failure_targets: set[str] = field(default_factory=set)
    #: steps where a block's own error goes (the platform failing, not the caller: Connect's NoMatchingError):
    #: what only they reach is left out too, said as such, never reported unreachable (issue 24 item 2)
    error_targets: set[str] = field(default_factory=set)
    #: steps only contacts on another channel than voice reach (a chat's branch of Connect's ``$.Channel``):
    #: what only they reach is left out, said as such (ivr checks phone calls)
    channel_targets: set[str] = field(default_factory=set)
    #: steps where the call goes on once a person or a mailbox is done with it (Twilio Studio's Connect Call To
    #: 'callCompleted', Record Voicemail 'recordingComplete'): the caller got there, what only they reach is left
    #: out, said as such
    after_targets: set[str] = field(default_factory=set)
    #: a dialplan's routing with no caller menu in it (Menu.routing)
    routing: bool = False

    def __post_init__(self) -> None:
        # a name taken from a file name may hold what no output can carry (a byte that is not UTF-8, kept by
        # surrogateescape, raised UnicodeEncodeError writing a diagram or a report: the long fuzz's find) or what
        # a terminal obeys (ESC, CR): written as escapes once here, every output shows it as messages do
        self.name = printable_name(self.name)

    def add(self, step: Step) -> Step:
        self.steps[step.id] = step
        return step

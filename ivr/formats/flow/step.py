"""One step of a call flow as a platform reader understood it, and the ways out of it.

A step follows the platform closely (a dialplan priority, a VoiceXML element, a Studio widget,
a Connect action, an Architect menu or action) with its meaning already decided: its kind is
the model's node type, or ``handoff`` (to another flow, by name, id or ARN: linked across the
flows given, see :mod:`ivr.formats.flow.estate`), or ``pass`` (passes the caller on unchanged:
dropped by :func:`ivr.formats.flow.passes.collapse_passes`). Every step and edge is located
(:class:`~ivr.model.menu.Location`: line and column where the file has them, a pointer for
structured documents).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from ivr.formats.semantics import Semantics, Tries
from ivr.model.menu import Location

__all__ = ["STEP_KINDS", "FLOW_END", "Edge", "Step"]

#: What a step is to a caller: the model's node types, then ``handoff`` (another flow: ``flow_ref``) and
#: ``pass`` (nothing the caller notices: a variable set, a log line).
STEP_KINDS = ("message", "menu", "input", "branch", "transfer", "voicemail", "hangup", "external", "handoff", "pass")
#: The ``platform_type`` of a step where the flow's run ends (a transition left unconnected): a flow run as a
#: subflow returns to its caller from there.
FLOW_END = "end"


@dataclass(frozen=True, slots=True)
class Edge:
    """A way from one step to another (``target``, a step id), named at ``location``."""

    target: str
    location: Location
    #: the key pressed (options), the condition as written (branches)
    when: str | None = None
    label: str | None = None
    #: where the option or case itself is written, when not where its target is named (None: ``location``)
    at: Location | None = None
    #: what was meant, as the reader knows the platform, when ``target`` names no step (:attr:`Ref.hint`)
    hint: str | None = None
    #: why this case (a branch's) can never hold, as the reader knows the platform (:attr:`Branch.never`)
    never: str | None = None


@dataclass(slots=True)
class Step:
    """One step of a flow; the fields a kind does not use stay empty."""

    id: str
    kind: str
    location: Location
    #: the platform's name for what the step is (``gather-input-on-call``, ``GetParticipantInput``, :data:`FLOW_END`)
    platform_type: str | None = None
    #: how messages name the step when its id is not for people (``ivr-3,s,9``, a UUID)
    label: str | None = None
    description: str | None = None
    #: words spoken by text-to-speech, when known
    text: str | None = None
    #: recordings played, in order, as written (``custom/welcome``, ``${IVR_MSG}``, an ARN)
    audio: list[str] = field(default_factory=list)
    #: where the prompt is written (None: at the step)
    prompt_location: Location | None = None
    #: False: keys pressed while the prompt plays are lost (Asterisk Playback, VoiceXML bargein="false")
    interruptible: bool = True
    goto: Edge | None = None
    options: list[Edge] = field(default_factory=list)
    branches: list[Edge] = field(default_factory=list)
    otherwise: Edge | None = None
    no_input: Edge | None = None
    no_match: Edge | None = None
    #: a menu or input: where the caller goes when the tries run out; a ``transfer``: where the call goes when the
    #: transfer reaches no person (Node.if_failed)
    on_fail: Edge | None = None
    #: ``transfer`` steps with ``on_fail``: the outcomes that take it, as the platform names them (Node.failed_when)
    failed_when: tuple[str, ...] = ()
    #: tries the source itself counts (a FreePBX counter, a VoiceXML ``count``); None: the platform's
    tries: Tries | None = None
    #: how this step fails, where it differs from its flow's platform (an application of its own); None: the flow's
    semantics: Semantics | None = None
    timeout: float | None = None
    input_modes: tuple[str, ...] | None = None
    min_digits: int | None = None
    max_digits: int | None = None
    queue: str | None = None
    number: str | None = None
    #: ``transfer`` steps: what plays during the wait that the file does not hold (Node.hold)
    hold: str | None = None
    #: ``transfer`` steps: the flow that plays during the wait, by name, id or ARN as written, where the reader knows
    #: which one (Connect's ``CustomerQueue`` event hook); when that flow is given too, :func:`~.estate.link` reads
    #: its first words into ``hold_says``
    hold_ref: str | None = None
    #: ``transfer`` steps: the first words of the flow that plays during the wait, when it is given: (language,
    #: text, where) each (Node.hold_says)
    hold_says: list[tuple[str, str, Location]] = field(default_factory=list)
    #: ``transfer`` and ``branch`` steps: how its failure (a transfer's, a function's) ends the call with nothing said
    #: (Node.fails_silently)
    fails_silently: str | None = None
    #: what the step changes outside the call (Node.changes)
    changes: str | None = None
    mailbox: str | None = None
    #: ``external`` and ``handoff`` steps: the hand-off exactly as the source writes it
    target_text: str | None = None
    #: ``handoff`` steps: the flow handed to, by name, id or ARN as written
    flow_ref: str | None = None
    #: ``external`` steps: what callers meet there (ivr.model.menu.OUTCOMES); None: unknown
    outcome: str | None = None
    #: made by the reader for what the platform does, not written by the author (Node.invented)
    invented: bool = False

    def edges(self) -> list[Edge]:
        """Every way out of the step."""
        found = [self.goto, *self.options, *self.branches, self.otherwise, self.no_input, self.no_match,
                 self.on_fail]
        return [edge for edge in found if edge is not None]

"""The menu model: what the loader builds from a menu file, every piece located.

Stage 1 of the pipeline (file -> model -> graph -> analyses -> presentation -> CLI).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from enum import StrEnum

from ivr.model.location import Location

if TYPE_CHECKING:
    from ivr.model.staffing import Staffing

__all__ = [
    "Location",
    "Ref",
    "Prompt",
    "Option",
    "Branch",
    "Node",
    "Intent",
    "Duplicate",
    "Unread",
    "NeverRuns",
    "Uncaught",
    "Undeclared",
    "Suppression",
    "Menu",
    "NODE_TYPES",
    "PROMPTED_TYPES",
    "Fallback",
    "display",
]

#: Every node type of format version 1, then ``external`` (a hand-off that platform readers produce).
NODE_TYPES = ("message", "menu", "input", "branch", "transfer", "voicemail", "hangup", "external")
#: Node types where a caller acts and can fail (no input, wrong key).
PROMPTED_TYPES = frozenset({"menu", "input"})


@dataclass(frozen=True, slots=True)
class Ref:
    """A reference to a node by id, where it is written."""

    target: str
    location: Location
    #: What the source most likely meant when ``target`` names nothing, as its reader knows the platform (a
    #: FreeSWITCH ``menu-sub`` given a dialplan command: "did you mean menu-exec-app?"); None: guess by the ids.
    hint: str | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Prompt:
    """What a node says: one text per language code, or a recording whose words are unknown.

    An audio-only prompt (``texts`` empty, ``audio`` the file name, ARN or
    unresolved ``phrase:``) has no words to read and no known duration: the
    courtesy and length rules leave it unchecked and the summary counts it.
    """

    texts: dict[str, str]
    location: Location
    audio: str | None = None

    @property
    def audio_only(self) -> bool:
        return not self.texts and self.audio is not None


@dataclass(frozen=True, slots=True)
class Option:
    key: str
    goto: Ref
    location: Location
    label: str | None = None


@dataclass(frozen=True, slots=True)
class Branch:
    when: str
    goto: Ref
    location: Location
    #: probability that this case holds (None: share the rest evenly)
    p: float | None = None
    #: why the case can never hold, as the reader knows the platform's semantics (a VoiceXML boolean field compared
    #: with the text 'true'); None: not known (unsatisfiable-condition reads ``when`` itself)
    never: str | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Suppression:
    """``ignore: {rule: reason}`` on a node or a file: findings of ``rule`` there are accepted, for ``reason``."""

    rule: str
    reason: str | None
    location: Location


class Fallback(StrEnum):
    """What the platform does at a menu or input when the source names no target for a failure."""

    REPLAY = "replay"  # the node plays again (counts towards retries)
    DISCONNECT = "disconnect"  # the system ends the call


#: What callers meet where the IVR hands the call on, as each reader decides it from its platform (issue 24): a
#: person (a number, an agent or a queue, inside the files or not) is a ``transfer`` node; a mailbox a ``voicemail``;
#: another flow that is given is followed into; what is left is an ``external`` node, whose ``outcome`` is one of
#: these: ``system`` (a service, a function or a machine that ends the call for callers, with no person: a fax
#: receiver, a function whose result nothing follows) or ``unknown`` (a flow, a script or a context not given: it
#: may or may not reach a person). Only ``unknown`` is "cannot tell" for the rules.
OUTCOMES = ("system", "unknown")


@dataclass(slots=True)
class Node:
    """One node of a menu. Fields that a type does not use stay empty.

    The failure behaviour of a menu or input is explicit, set by the reader
    from its platform's rules: ``retries`` attempts, and for each of
    ``no_input``, ``no_match`` and ``on_fail`` left None what happens instead
    (``when_no_input``, ``when_no_match``, ``when_failed``). The graph follows
    these and knows no platform's defaults.
    """

    id: str
    type: str
    location: Location
    #: what to call the node in messages when its id is not meant for people (a UUID); None: the id
    label: str | None = None
    #: for ``external`` nodes: the hand-off as the source writes it (``transfer 9196 XML default``)
    target_text: str | None = None
    #: a node its reader made to stand for what the platform does (Architect's in-queue loop, "an agent
    #: answers"), not one the flow's author wrote: never the subject of a finding (it may be named in one)
    invented: bool = False
    #: for ``external`` nodes: what callers meet there, as the reader knows it from the platform (OUTCOMES); None:
    #: ``unknown``, a flow, script or context not given, of which ivr cannot tell whether it reaches a person
    outcome: str | None = None
    #: the source format the node was read from (``yaml``, ``freeswitch``): fix advice speaks it
    format: str = "yaml"
    prompt: Prompt | None = None
    #: seconds the prompt takes, when the file gives it (else it is estimated)
    duration: float | None = None
    description: str | None = None
    goto: Ref | None = None
    options: dict[str, Option] = field(default_factory=dict)
    timeout: float | None = None
    #: how the caller may answer a menu or input: "dtmf" (touch-tone keys), "speech"; None = keys only
    input_modes: tuple[str, ...] | None = None
    #: False: keys pressed while the prompt plays are not heard (Asterisk Playback, VoiceXML bargein="false")
    interruptible: bool = True
    retries: int | None = None
    #: False where the platform asks once and each failure takes its own way (Twilio Studio, Amazon Connect):
    #: ``retries`` is then only how often the platform runs the node in a row before it ends the call (Studio's
    #: 10), a limit nobody designed, not tries the menu counts and promises the caller
    counts_tries: bool = True
    #: False where a key the menu does not list uses up no try: the platform takes every key as the answer and
    #: the source's own test sends the others on (Asterisk Read(): its attempts are for silence only); ``no_match``
    #: is then that way on, not a failed try
    counts_wrong_keys: bool = True
    no_input: Ref | None = None
    no_match: Ref | None = None
    on_fail: Ref | None = None
    when_no_input: Fallback | None = None
    when_no_match: Fallback | None = None
    when_failed: Fallback | None = None
    branches: list[Branch] = field(default_factory=list)
    otherwise: Ref | None = None
    min_digits: int | None = None
    max_digits: int | None = None
    queue: str | None = None
    number: str | None = None
    #: ``transfer`` nodes: what plays while callers wait in the queue, where the platform plays something this
    #: file does not hold (Connect's customer queue flow, a Twilio ``wait_url``): ivr cannot read its words; None:
    #: callers hear only the prompts leading to the transfer (and music)
    hold: str | None = None
    #: ``transfer`` nodes with a ``hold``: the first words it plays, when the flow that plays them was given with
    #: this one (a Connect customer queue flow named by the event hook that set it): what callers hear as the wait
    #: begins; empty: not known
    hold_says: tuple[Prompt, ...] = ()
    #: ``transfer`` and ``branch`` nodes: how the node's failure (a transfer that fails, a function or web request
    #: that fails) ends the call with nothing said, as the reader knows the platform (Twilio Studio: a Send to Flex
    #: whose 'failedToEnqueue', a Run Function whose 'fail' is not connected); None: not known, or the flow says or
    #: does something then (the rules transfer-failure-hangup and silent-hangup report it)
    fails_silently: str | None = None
    #: ``transfer`` nodes: where the call goes when the transfer does not reach a person (the line is busy, nobody
    #: answers, the network or the queue refuses the call), as the source writes it: the graph makes it an edge of
    #: its own (``Via.TRANSFER_FAILED``), dashed in diagrams. A transfer still counts as reaching a person (its
    #: success) for the rules that look for one; the failure way is followed for reachability, dead ends and
    #: transfer-failure-hangup. None: the source gives no such way (the platform's default, when it ends the call
    #: with nothing said, is ``fails_silently``). The simulation counts every transfer as put through.
    if_failed: Ref | None = None
    #: ``transfer`` nodes with ``if_failed``: the outcomes that take that way, as the platform names them
    #: (VoiceXML's ``busy``, ``noanswer``, ``error.connection``); empty: any failure
    failed_when: tuple[str, ...] = ()
    #: what the node changes outside the call, as its reader knows the platform: a web request of a method that is
    #: not safe (RFC 9110 9.2.1: POST, PUT, PATCH, DELETE; "POST https://.../record-referral"), a VoiceXML <submit>
    #: by post; None: nothing, or nothing the file shows (a function's code, a data action)
    changes: str | None = None
    mailbox: str | None = None
    #: rule id -> suppression of its findings on this node
    ignore: dict[str, Suppression] = field(default_factory=dict)
    #: Where each field given in the file is written (field name -> location).
    fields: dict[str, Location] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """The node as messages name it: its label, else its id."""
        return self.label or self.id

    @property
    def handed_to(self) -> str:
        """An ``external`` node's outcome class (OUTCOMES); ``unknown`` when its reader could not tell."""
        return self.outcome or "unknown"


def display(node: Node | None, node_id: str) -> str:
    """How messages name the node ``node_id`` (its label, or the id for nodes not defined)."""
    return node.name if node is not None else node_id


@dataclass(frozen=True, slots=True)
class Intent:
    """A reason people call: its relative share of calls and the nodes where it is served."""

    name: str
    goals: tuple[Ref, ...]
    location: Location
    share: float = 1.0
    description: str | None = None


@dataclass(frozen=True, slots=True)
class Duplicate:
    """A key written twice in one mapping; the first one is kept.

    ``path`` names the mapping that holds the key, as keys from the top of the
    document (``("nodes",)`` for a node defined twice,
    ``("nodes", "main", "options")`` for two options on one key).
    """

    key: str
    path: tuple[str | int, ...]
    first: Location
    second: Location


@dataclass(frozen=True, slots=True)
class Unread:
    """A line of the source that the platform itself cannot read: it skips it, with a warning, and loads the rest
    (Asterisk's pbx_config). ``message`` says why, and what a caller then gets."""

    location: Location
    message: str


@dataclass(frozen=True, slots=True)
class NeverRuns:
    """Content of the source that no call ever runs, though the platform loads it (VoiceXML after a <goto>):
    ``message`` says what and why (the dead-code rule reports it)."""

    location: Location
    message: str


@dataclass(frozen=True, slots=True)
class Uncaught:
    """A place where the platform may throw an event that no handler in scope catches, so that its default handler
    ends the call (a VoiceXML fetch with no error.badfetch handler): ``message`` says what and why (the
    unhandled-badfetch rule reports it)."""

    location: Location
    message: str


@dataclass(frozen=True, slots=True)
class Undeclared:
    """A variable the source uses that nothing declares, where the platform then throws an error (VoiceXML's
    error.semantic): ``message`` says which and why (the undeclared-variable rule reports it)."""

    location: Location
    message: str


@dataclass(slots=True)
class Menu:
    """A whole IVR: its start is in ``file``; its nodes may be defined in other files too (``files``)."""

    name: str
    file: str
    start: Ref
    nodes: dict[str, Node]
    language: str = "en"
    location: Location | None = None
    intents: dict[str, Intent] = field(default_factory=dict)
    duplicates: list[Duplicate] = field(default_factory=list)
    #: lines of the source that the platform skips when it loads it (the ``skipped-line`` rule reports them)
    unread: list[Unread] = field(default_factory=list)
    #: content that no call runs (see NeverRuns)
    never_runs: list[NeverRuns] = field(default_factory=list)
    #: events the platform may throw that nothing catches (see Uncaught)
    uncaught: list[Uncaught] = field(default_factory=list)
    #: variables used that nothing declares (see Undeclared)
    undeclared: list[Undeclared] = field(default_factory=list)
    #: rule id -> suppression of its findings anywhere in the file
    ignore: dict[str, Suppression] = field(default_factory=dict)
    #: every file the menu's nodes come from, the main file first (``()``: ``file`` alone)
    files: tuple[str, ...] = ()
    #: the source format (a reader's NAME)
    format: str = "yaml"
    #: a dialplan's routing with no caller menu in it (Asterisk contexts that dial, queue and jump, but play no
    #: prompt that waits for a key): only the rules of how it is written run on it (ivr.rules.registry.ROUTING)
    routing: bool = False
    #: the staffing of the menu's queues (our YAML's ``queues:`` section, read by the reader:
    #: :func:`ivr.formats.native.staffing.staffing_section`); None when the menu gives none
    staffing: Staffing | None = None
    #: None: calls enter at its start (a caller's first contact, or a flow other flows hand calls to whole); else
    #: the words saying what it is a part of, which its platform runs inside other flows (an Amazon Connect flow
    #: module, run by Invoke module and returning to it): whether the call reaches a person then depends on the
    #: flows that run it, which the rules cannot see (no-path-to-human says so as an info)
    part_of: str | None = None
    #: True where the platform ends the flow, wherever the caller is in it, when an agent takes the call (an Amazon
    #: Connect customer queue flow: what callers hear while they wait in a queue): a loop there is the wait itself,
    #: which inescapable-loop does not report
    agent_ends_it: bool = False

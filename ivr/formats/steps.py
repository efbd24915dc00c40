"""What a platform reader found, before it becomes the model: steps of a call flow, each located.

The Asterisk and VoiceXML readers first describe a flow in these terms, which follow the
platform closely (a step is one dialplan priority or one VoiceXML element), and one mapping
turns them into :class:`ivr.model.menu.Menu`. Keeping this layer apart lets each reader be
tested on what it understood, whatever the model makes of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ivr.model.menu import Branch, Location, Option, Ref

__all__ = ["STEP_KINDS", "Step", "Choice", "Case", "Flow", "Summary", "reachable", "components", "retarget"]

#: The kinds of step; they are the model's node types.
STEP_KINDS = ("message", "menu", "input", "branch", "transfer", "voicemail", "hangup", "external")
#: Failure behaviours a platform has when the source names no target.
REPLAY, DISCONNECT = "replay", "disconnect"


#: An option of a menu step (a key, or an Asterisk pattern such as ``_7XXX``): the model's own Option.
Choice = Option
#: One way out of a branch step (``when`` says in words when it is taken): the model's own Branch.
Case = Branch


@dataclass(slots=True)
class Step:
    """One step of a call flow; the fields a kind does not use stay empty."""

    id: str
    kind: str
    location: Location
    #: how messages name the step when its id is a platform position (``ivr-3,s,9``)
    label: str | None = None
    #: recordings played, in order (file names as written: ``custom/welcome``, ``${IVR_MSG}``)
    audio: list[str] = field(default_factory=list)
    #: words spoken by text-to-speech (VoiceXML), when known
    text: str | None = None
    #: False: keys pressed while the prompt plays are lost (Asterisk Playback, VoiceXML bargein="false")
    interruptible: bool = True
    next: Ref | None = None
    options: list[Choice] = field(default_factory=list)
    timeout: float | None = None
    #: attempts the caller gets before ``on_fail``; None: the platform counts none
    retries: int | None = None
    no_input: Ref | None = None
    no_match: Ref | None = None
    on_fail: Ref | None = None
    #: what happens when no target is named: "replay", "disconnect", or None (does not happen)
    when_no_input: str | None = None
    when_no_match: str | None = None
    when_failed: str | None = None
    cases: list[Case] = field(default_factory=list)
    otherwise: Ref | None = None
    min_digits: int | None = None
    max_digits: int | None = None
    queue: str | None = None
    number: str | None = None
    mailbox: str | None = None
    #: for ``external`` steps: the hand-off exactly as the source writes it
    target_text: str | None = None
    description: str | None = None


@dataclass(slots=True)
class Summary:
    """What an import read, used and left out, for the import summary."""

    #: units read: contexts (Asterisk), dialogs (VoiceXML)
    read: int = 0
    used: int = 0
    #: reason -> names left out for it
    skipped: dict[str, list[str]] = field(default_factory=dict)
    #: hand-offs that could not be followed, as written
    external: list[str] = field(default_factory=list)

    def skip(self, reason: str, name: str) -> None:
        self.skipped.setdefault(reason, []).append(name)


@dataclass(slots=True)
class Flow:
    """One IVR: where calls start and every step they can reach."""

    name: str
    file: str
    start: Ref
    steps: dict[str, Step]
    files: list[str] = field(default_factory=list)
    description: str | None = None


def _refs(step: Step) -> list[Ref]:
    refs = [step.next, step.no_input, step.no_match, step.on_fail, step.otherwise,
            *(c.goto for c in step.options), *(c.goto for c in step.cases)]
    return [r for r in refs if r is not None]


def reachable(steps: dict[str, Step], start: str) -> dict[str, Step]:
    """The steps a call that starts at ``start`` can reach, in the order found."""
    found: dict[str, Step] = {}
    stack = [start]
    while stack:
        sid = stack.pop()
        if sid in found or sid not in steps:
            continue
        step = found[sid] = steps[sid]
        stack.extend(r.target for r in reversed(_refs(step)))
    return found


def components(steps: dict[str, Step], starts: list[str]) -> tuple[dict[str, int], list[set[int]]]:
    """The strongly connected components of the steps reachable from ``starts``, found in one pass
    (Tarjan's algorithm, without recursion), so that what each start reaches can be judged for all
    starts at once rather than walked again from each.

    Returns each step's component and, per component, the other components it leads to directly.
    Components are numbered in the order they are completed: every way out of a component goes to
    one with a lower number, so counting up visits a component after all those it leads to.
    """
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    component: dict[str, int] = {}
    after: list[set[int]] = []
    open_steps: list[str] = []
    is_open: set[str] = set()

    def targets(sid: str) -> list[str]:
        return [r.target for r in _refs(steps[sid]) if r.target in steps]

    def enter(sid: str) -> None:
        order[sid] = low[sid] = len(order)
        open_steps.append(sid)
        is_open.add(sid)

    for root in starts:
        if root in order or root not in steps:
            continue
        enter(root)
        work = [(root, iter(targets(root)))]
        while work:
            sid, ways = work[-1]
            for target in ways:
                if target not in order:
                    enter(target)
                    work.append((target, iter(targets(target))))
                    break
                if target in is_open:
                    low[sid] = min(low[sid], order[target])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[sid])
                if low[sid] == order[sid]:
                    number = len(after)
                    members: list[str] = []
                    while not members or members[-1] != sid:
                        member = open_steps.pop()
                        is_open.discard(member)
                        component[member] = number
                        members.append(member)
                    after.append({component[t] for m in members for t in targets(m)} - {number})
    return component, after


def retarget(steps: dict[str, Step], same: dict[str, str]) -> None:
    """Point every reference to an id in ``same`` at the step it stands for (followed to the end)."""
    for sid in same:
        seen = {sid}
        while same[sid] in same and same[sid] not in seen:
            seen.add(same[sid])
            same[sid] = same[same[sid]]

    def move(ref: Ref | None) -> Ref | None:
        return Ref(same[ref.target], ref.location) if ref is not None and ref.target in same else ref

    for step in steps.values():
        step.next, step.no_input, step.no_match = move(step.next), move(step.no_input), move(step.no_match)
        step.on_fail, step.otherwise = move(step.on_fail), move(step.otherwise)
        step.options = [replace(c, goto=move(c.goto)) for c in step.options]  # type: ignore[arg-type]
        step.cases = [replace(c, goto=move(c.goto)) for c in step.cases]  # type: ignore[arg-type]

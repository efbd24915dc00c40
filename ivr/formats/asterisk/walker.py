"""Walk a parsed dialplan as a caller would, into steps (:mod:`ivr.formats.flow`).

A step is made at each priority that changes what the caller hears or can do; ``Set``,
``NoOp``, ``Answer`` and the like are passed over, and ``Goto``, ``Macro``, ``Gosub`` and
``Return`` are followed rather than shown. Step ids are the dialplan positions
(``ivr-3,s,9``), with the caller's position after ``@`` inside a subroutine.

A context is a menu where a prompt is followed by ``WaitExten()`` (or a ``Background()``
that ends the extension, where Asterisk waits for the response timeout): its keypad
extensions are the options; a wrong key goes to ``i``, then ``e``, else the call ends; a
timeout goes on at the next priority, then ``t``, then ``e``, else the call ends.
FreePBX's ``INVALID_LOOPCOUNT``/``TIMEOUT_LOOPCOUNT`` counters become the step's tries:
``GotoIf($[${INVALID_LOOPCOUNT} > 3]?final)`` gives the caller four tries, then ``final``.

:class:`Walker` finds the priorities that matter and :func:`build_step` says what each one is
to a caller (a prompt or menu, a ``Read()``, a branch, a person, voicemail, a hangup, a hand-off).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from ivr.formats.asterisk import apps
from ivr.formats.asterisk.dialplan import Context, Dialplan, Extension, Priority, split_args
from ivr.formats.flow import UNLIMITED, AfterLast, Edge, Semantics, Step
from ivr.formats.numbers import MAX_DIGITS, whole
from ivr.model.errors import LoadError
from ivr.model.keys import matches_key
from ivr.model.menu import Fallback, Location

__all__ = ["ASTERISK", "READ", "SPEECH", "Walker", "Frame", "build_step"]

#: Asterisk's menus (docs.asterisk.org, Dialplan Applications: Background, WaitExten; "Special Dialplan
#: Extensions"): after the prompt the caller's keys go to the matching extension, a key no extension matches to
#: ``i``, silence past the response timeout to ``t`` (``e`` catches either); with neither, Asterisk hangs up.
#: Nothing counts the caller's tries unless the dialplan does (FreePBX's INVALID_LOOPCOUNT/TIMEOUT_LOOPCOUNT,
#: read as the step's tries): a menu whose ``i`` and ``t`` lead back to it asks again without end.
ASTERISK = Semantics("Asterisk", tries=UNLIMITED, no_input=Fallback.DISCONNECT, no_match=Fallback.DISCONNECT,
                     after_last=AfterLast.DISCONNECT)
#: ``Read(variable,prompt,maxdigits,options,attempts,timeout)`` (docs.asterisk.org, Dialplan Applications: Read):
#: "if greater than 1, that many attempts will be made in the event no data is entered"; then READSTATUS is
#: TIMEOUT and the dialplan goes on at the next priority, as it does with whatever digits were entered (Read
#: checks none). The walker names the next priority as the step's ``no_match`` and ``on_fail``.
READ = Semantics("Asterisk Read()", tries=1, no_input=Fallback.REPLAY, no_match=Fallback.REPLAY,
                 after_last=AfterLast.DISCONNECT, wrong_keys_count=False)
#: What a speech application does with a caller (apps/app_speech_utils.c, speech_background; asterisk-unimrcp,
#: doc/API.md: MRCPRecog, SynthAndRecog): it listens once, then the dialplan goes on at the next priority whatever
#: was said, nothing or words no test takes included; only the dialplan's own tests of the result choose a way: one
#: try, each failure its own way (OWN_WAY, as Twilio's and Connect's blocks), none counted by the platform.
SPEECH = Semantics("Asterisk speech recognition", tries=1, no_input=Fallback.DISCONNECT, no_match=Fallback.DISCONNECT,
                   after_last=AfterLast.OWN_WAY, wrong_keys_count=False)

#: The id a ``Goto()`` with no target leads to: no step has it (unknown-target reports it; the call ends there).
EMPTY_GOTO = "Goto()"
#: FreePBX's counters of failures: INVALID_LOOPCOUNT and TIMEOUT_LOOPCOUNT (ivr-N), LOOPCOUNT (older modules):
#: ``count > N ? final`` or ``count < N ? retry : final``
_COUNTER = re.compile(r"\$\[\s*\$\{(?:INVALID_|TIMEOUT_)?LOOPCOUNT\}\s*([<>]=?)\s*(\d+)\s*\]")
_SUB_ARGS = re.compile(r"^([^(]*)\((.*)\)$", re.DOTALL)
#: The extensions AEL's switch dispatches to (pbx_ael: ``sw_N_value``, the ``sw_N_`` of a value no case takes)
_AEL_SWITCH = re.compile(r"^_?sw_\d+_")
_MAX_DEPTH = 8


@dataclass(frozen=True, slots=True)
class Frame:
    """Where a ``Macro``/``Gosub`` returns to."""

    context: str
    extension: str
    index: int
    parent: Frame | None
    macro: bool

    def tag(self) -> str:
        return f"@{self.context},{self.extension},{self.index}" + (self.parent.tag() if self.parent else "")

    def depth(self) -> int:
        return 1 + (self.parent.depth() if self.parent else 0)


class Walker:
    """Makes steps on demand: :meth:`at` gives the id of what runs from a position, building it once."""

    def __init__(self, plan: Dialplan):
        self.plan = plan
        self.steps: dict[str, Step] = {}
        self.errors: list[LoadError] = []
        #: what is read but worth a note: a jump to a priority that does not exist
        self.warnings: list[LoadError] = []
        #: hand-offs that cannot be followed, as written -> where
        self.unfollowed: dict[str, Location] = {}
        #: Gosub/Macro calls into contexts not given, assumed to return -> where
        self.calls: dict[str, Location] = {}
        #: menus whose wrong keys and timeouts run out to different places: (menu, wrong keys', silence's)
        self.split_ends: list[tuple[str, Edge, Edge]] = []
        #: Dial()/Queue() followed by more priorities, which only a failed transfer reaches (not walked): step id -> what
        self.failed_transfers: dict[str, str] = {}
        #: a target no step has -> the Goto() lines that jump to it (unknown-target is located at the Goto)
        self.landings: dict[str, set[Location]] = {}
        #: step id -> the contexts a call passes through on the way to it (Goto, Gosub, an include), for the summary
        self.through: dict[str, set[str]] = {}
        self._todo: list[tuple[str, str, str, int, Frame | None]] = []

    # -- positions -------------------------------------------------------------------------------
    def extension(self, context: str, name: str) -> tuple[str, Extension] | None:
        """The extension ``name`` of ``context`` or of a context it includes (depth first, as Asterisk)."""
        ctx = self.plan.contexts.get(context)
        if ctx is not None and name in ctx.extensions:  # most lookups: no include to search
            return context, ctx.extensions[name]
        for current, ctx in self._searched(context):
            if name in ctx.extensions:
                return current, ctx.extensions[name]
        return None

    def pattern(self, context: str, name: str) -> tuple[str, str] | None:
        """The pattern extension (``_XXXXXXX``) of ``context`` or of a context it includes that matches the extension
        ``name`` a call is sent to, the first found as :meth:`extension` searches (main/pbx.c matches a number
        against the patterns when no extension has its exact name)."""
        for current, ctx in self._searched(context):
            for ext_name in ctx.extensions:
                if ext_name.startswith("_") and ext_name != name and matches_key(ext_name.replace("-", ""), name):
                    return current, ext_name
        return None

    def _searched(self, context: str) -> Iterator[tuple[str, Context]]:
        """``context`` and the contexts it includes, in the order Asterisk searches them (depth first, each once),
        with their definitions; names no context has are passed over."""
        seen: set[str] = set()
        stack = [context]
        while stack:
            current = stack.pop(0)
            if current in seen or current not in self.plan.contexts:
                continue
            seen.add(current)
            ctx = self.plan.contexts[current]
            yield current, ctx
            stack[0:0] = [inc for inc, _ in ctx.includes]

    def canonical(self, context: str) -> str:
        """The context a call in ``context`` behaves as: one with no extension of its own that includes exactly one
        other (the sample's [default], which only includes demo) is that one, whose steps it shares."""
        seen = {context}
        while True:
            ctx = self.plan.contexts.get(context)
            if ctx is None or ctx.extensions or len(ctx.includes) != 1 or ctx.includes[0][0] in seen:
                return context
            context = ctx.includes[0][0]
            seen.add(context)

    def ref(self, context: str, extension: str, index: int, frame: Frame | None, location: Location, *,
            follows: bool = False) -> Edge:
        return Edge(self.at(context, extension, index, frame, follows=follows), location)

    def at(self, context: str, extension: str, index: int, frame: Frame | None, *, follows: bool = False) -> str:
        """The id of the step that runs from priority ``index`` of ``context,extension``; ``follows``: the call
        comes on from the priority before it (not by a jump), so a gap in the numbering ends it there."""
        through: set[str] = set()
        sid = self._at(context, extension, index, frame, follows, through)
        through.discard(sid.partition(",")[0])  # the step's own context is in its id
        if through:
            self.through.setdefault(sid, set()).update(through)
        return sid

    def _at(self, context: str, extension: str, index: int, frame: Frame | None, follows: bool,
            through: set[str]) -> str:
        seen: set[tuple[str, str, int, Frame | None]] = set()
        where: Priority | None = None
        while True:
            if (context, extension, index, frame) in seen:
                return self._end(f"{context},{extension},loop", where, "hangup", "Goto loop with no caller action; "
                                 "Asterisk spins until the call is dropped")
            seen.add((context, extension, index, frame))
            context = self.canonical(context)
            found = self.extension(context, extension)
            if found is None:
                instead = self._missing(context, extension, where)
                if isinstance(instead, str):
                    return instead
                context, extension, index = instead
                continue
            owner, ext = found
            through.add(owner)
            if follows and 0 < index < len(ext.priorities) and not runs_on(ext, index):
                # main/pbx.c (__ast_pbx_run): after a priority Asterisk runs the one numbered next; where there is
                # none (a line skipped, FreePBX's label+101 lines) the call falls through and is hung up
                before = ext.priorities[index - 1]
                return self._end(f"{owner},{extension},{before.number + 1}", before, "hangup",
                                 f"extension '{extension}' of '{owner}' has no priority {before.number + 1} after "
                                 f"priority {before.number}: Asterisk hangs up (autofallthrough)")
            follows = False
            if index >= len(ext.priorities):
                if frame is not None and frame.macro:
                    context, extension, index, frame = frame.context, frame.extension, frame.index, frame.parent
                    follows = True
                    continue
                last = ext.priorities[-1] if ext.priorities else None
                return self._end(f"{owner},{extension},end", last or where, "hangup",
                                 f"extension '{extension}' of '{owner}' ends here: Asterisk hangs up")
            where = ext.priorities[index]
            app = where.app.lower()
            if app == "goto":
                # a target without a context is in the call's context, which an included one's line does not change
                # (main/pbx.c: the channel keeps its context when an extension matches through an include)
                target = apps.goto_target(where.args, context, extension)
                if target is None:
                    # main/pbx.c (pbx_parseable_goto): "Goto requires an argument": the application fails and
                    # Asterisk hangs up. FreePBX writes Goto() for a destination left unset. A way to an id no
                    # step has: unknown-target reports it, and the call ends there
                    return EMPTY_GOTO
                jump = self.resolve(target, where, frame)
                if isinstance(jump, str):
                    if jump not in self.steps:  # a target no step has: where the Goto that names it is written
                        self.landings.setdefault(jump, set()).add(where.location)
                    return jump
                context, extension, index = jump
                continue
            if app in ("return", "macroexit"):
                if frame is None:
                    return self._end(f"{owner},{extension},{where.number}", where, "hangup",
                                     "Return() with no Gosub to return to: the call ends")
                context, extension, index, frame = frame.context, frame.extension, frame.index, frame.parent
                follows = True
                continue
            if app in ("gosub", "macro"):
                call = self._call(where, context, extension, index, frame)
                if isinstance(call, str):
                    return call
                if call is not None:
                    context, extension, index, frame = call
                    continue
                index, follows = index + 1, True
                continue
            if self.is_noise(where):
                index, follows = index + 1, True
                continue
            break
        # a step of an included context runs in the including one (its options, i, t, relative jumps): one each
        sid = f"{owner},{extension},{where.number}" + ("" if owner == context else f"|{context}") + (
            frame.tag() if frame else "")
        if sid not in self.steps:
            self.steps[sid] = Step(sid, "hangup", where.location)  # placeholder until built
            self._todo.append((sid, context, extension, index, frame))
        return sid

    def build(self) -> None:
        """Build every step asked for so far (and those they lead to)."""
        while self._todo:
            sid, context, extension, index, frame = self._todo.pop()
            found = self.extension(context, extension)
            assert found is not None
            self.steps[sid] = build_step(self, sid, context, found[1], index, frame)

    # -- helpers ---------------------------------------------------------------------------------
    @staticmethod
    def is_noise(priority: Priority) -> bool:
        app = priority.app.lower()
        if app == "execif":
            return apps.execif_prompt(priority.args) is None and not _execif_turns(priority)
        return app in apps.NOISE or not (app in apps.PROMPTS or app in apps.HANGUPS or app in apps.HANDOFFS
                                          or app in _MEANINGFUL)

    def end(self, sid: str, where: Location, description: str) -> str:
        """A hangup step at ``where`` (made once per id)."""
        if sid not in self.steps:
            self.steps[sid] = Step(sid, "hangup", where, description=description)
        return sid

    def _end(self, sid: str, where: Priority | None, kind: str, description: str, **fields: str | None) -> str:
        if sid not in self.steps:
            location = where.location if where else Location("<dialplan>", 1, 1)
            self.steps[sid] = Step(sid, kind, location, description=description, **fields)  # type: ignore[arg-type]
        return sid

    def _external(self, text: str, where: Priority | None, why: str) -> str:
        sid = "external:" + "_".join(text.replace("<", "(").replace(">", ")").split())  # ids: no < >, no spaces
        return self._end(sid, where, "external", why, target_text=text)

    def _missing(self, context: str, extension: str, where: Priority | None) -> str | tuple[str, str, int]:
        """Where a call sent to an extension that does not exist goes: a context given has its 'i', else its 'e',
        else the call ends (main/pbx.c, __ast_pbx_run: "sent to invalid extension"); in FreePBX's destination
        contexts the way goes to ``context,extension,1``, which no step has: unknown-target reports it. A context
        not given is a hand-off (or a standard FreePBX destination)."""
        if context in self.plan.contexts:
            pattern = self.pattern(context, extension)
            if pattern is not None:
                return pattern[0], pattern[1], 0
            for fallback in ("i", "e"):
                found = self.extension(context, fallback)
                if found is not None and found[1].priorities and found[1].priorities[0].number == 1:
                    return context, fallback, 0
            if context in apps.FREEPBX_DESTINATIONS:
                # a queue, ring group or extension FreePBX's own context does not define: a destination deleted
                # or never made (unknown-target reports it)
                return f"{context},{extension},1"
            if _AEL_SWITCH.match(extension) or self.plan.unread_includes:
                # AEL's switch with no case for the value (pbx_ael's Goto(sw_N_${value},10)): a value computed when
                # the call runs, which no case takes; Asterisk hangs up there. (With an #include not read, the
                # extension may be defined there: not called unknown, read as before.)
                return self._end(f"{context},{extension},missing", where, "hangup",
                                 f"context '{context}' has no extension '{extension}' (nor 'i' or 'e'): Asterisk "
                                 "hangs up")
            # an extension written out that the context does not define (a typo: UTP-04 for UTP-O4): Asterisk hangs
            # up there (main/pbx.c, __ast_pbx_run: "sent to invalid extension"); a way to an id no step has, which
            # unknown-target reports
            return f"{context},{extension},1"
        known = apps.freepbx_destination(context, extension)
        text = f"{context},{extension},1"
        if known is None:
            if where is not None:
                self.unfollowed.setdefault(text, where.location)
            return self._external(text, where, f"context '{context}' is not in the files given")
        kind, detail = known
        fields = {"number": detail} if kind == "transfer" else {"mailbox": detail} if kind == "voicemail" else {}
        return self._end(f"{context},{extension}", where, kind, detail, **fields)

    def resolve(self, target: apps.Target, where: Priority, frame: Frame | None) -> tuple[str, str, int] | str:
        context, extension, priority = target
        text = ",".join(target)
        if any(apps.is_dynamic(part) for part in target):
            self.unfollowed.setdefault(text, where.location)
            return self._external(text, where, "the target is computed when the call runs; ivr cannot follow it")
        found = self.extension(context, extension)
        if found is None:
            return self._missing(context, extension, where)
        index = found[1].index(priority)
        if index is None and priority == "macro-hangupcall":
            # FreePBX's inbound routes write GotoIf(...reversecharge...?macro-hangupcall), a label no route has:
            # the jump fails and Asterisk hangs up, which is what FreePBX means by it (refuse the call)
            return self._end(f"{context},{extension},macro-hangupcall", where, "hangup",
                             "Goto(macro-hangupcall): no such label, so Asterisk hangs up (FreePBX's way to refuse "
                             "the call)")
        if index is None:
            # no such label: Goto fails and Asterisk hangs up; no such priority: the call falls through and is hung
            # up (main/pbx.c). A way to an id no step has: unknown-target reports it
            return f"{context},{extension},{priority}"
        return context, extension, index

    def _call(self, where: Priority, owner: str, extension: str, index: int,
              frame: Frame | None) -> tuple[str, str, int, Frame] | str | None:
        """Follow ``Gosub``/``Macro`` into a context given; a known FreePBX person macro is a transfer."""
        parts = split_args(where.args)
        macro = where.app.lower() == "macro"
        if macro:
            name = parts[0]
            if name == "vm":  # FreePBX's macro-vm: the caller leaves a message (VoiceMail), never a person
                return self._end(f"{owner},{extension},{where.number}", where, "voicemail",
                                 f"FreePBX macro vm: voicemail of {parts[1] if len(parts) > 1 else 'the extension'}",
                                 mailbox=parts[1] if len(parts) > 1 and parts[1] else None)
            if name in ("exten-vm", "dial", "dial-one", "dial-confirm"):
                number = parts[2] if name == "exten-vm" and len(parts) > 2 else ",".join(parts[1:])
                return self._end(f"{owner},{extension},{where.number}", where, "transfer",
                                 f"FreePBX macro {name}: rings extension {number}", number=number)
            target: apps.Target = (f"macro-{name}", "s", "1")
        else:
            last = parts[-1]
            match = _SUB_ARGS.match(last)
            parts[-1] = match.group(1) if match else last
            found = apps.goto_target(",".join(parts), owner, extension)
            if found is None:
                return None
            target = found
        if target[0] in apps.FREEPBX_RETURNS:
            return None  # a FreePBX helper that sets variables, records or checks, and returns: the call goes on
        if apps.is_dynamic(",".join(target)) or target[0] not in self.plan.contexts:
            self.calls.setdefault(f"{where.app}({where.args})", where.location)
            return None  # assumed to return: FreePBX calls many such helpers
        if frame is not None and frame.depth() >= _MAX_DEPTH:
            return None
        found_ext = self.extension(target[0], target[1])
        position = found_ext[1].index(target[2]) if found_ext else None
        if found_ext is None or position is None:
            return None
        return found_ext[0], target[1], position, Frame(owner, extension, index + 1, frame, macro)

    # -- menus -----------------------------------------------------------------------------------
    def options(self, context: str, frame: Frame | None) -> list[Edge]:
        """The keypad extensions a caller can dial in ``context`` (its own, then included ones)."""
        choices: dict[str, Edge] = {}
        seen: set[str] = set()
        stack = [context]
        while stack:
            current = stack.pop(0)
            ctx: Context | None = self.plan.contexts.get(current)
            if current in seen or ctx is None:
                continue
            seen.add(current)
            for name, ext in ctx.extensions.items():
                if (name in choices or name in apps.SPECIAL_EXTENSIONS or not apps.KEYPAD_EXTENSION.match(name)
                        or not ext.priorities or ext.priorities[0].number != 1):
                    continue
                if current != context and not apps.keypad_can_dial(name):
                    # an included context's extension no keypad can dial (the sample's stdexten subroutine and its
                    # _stde[x]te[n]-., reached by Goto(stdexten-${DIALSTATUS},1)) is no option of the menu; in the
                    # menu's own context such a pattern is a typo unmatchable-option reports
                    continue
                # the call stays in the menu's context when a key matches an included extension (main/pbx.c)
                choices[name] = Edge(self.at(context, name, 0, None), ext.location, name)
            stack.extend(inc for inc, _ in ctx.includes)
        return list(choices.values())

    def _jump(self, text: str, context: str, extension: str, where: Priority) -> Edge:
        """Where a ``GotoIf`` target as written leads."""
        target = apps.goto_target(text, context, extension)
        if target is None:
            return Edge(EMPTY_GOTO, where.location)
        jump = self.resolve(target, where, None)
        return Edge(jump if isinstance(jump, str) else self.at(*jump, None), where.location)

    def failure(self, context: str, name: str) -> tuple[Edge | None, int | None, Edge | None]:
        """Where a wrong key (``i``) or a timeout (``t``) goes: (retry, retries, final) for FreePBX counters,
        else (first step, None, None); (None, None, None) when ``context`` has no such extension."""
        found = self.extension(context, name)
        if found is None or not found[1].priorities or found[1].priorities[0].number != 1:
            return None, None, None  # main/pbx.c looks for priority 1 of 'i', 't', 'e': without it there is none
        owner, ext = found
        for i, priority in enumerate(ext.priorities):
            match = _COUNTER.search(priority.args) if priority.app.lower() == "gotoif" else None
            if match is None:
                continue
            count = whole(match.group(2))  # past 18 digits: more than the model takes, refused where it stands
            operator = match.group(1)
            # the counter goes up before the test: 'count > N' gives up at the N+1th failure, 'count < N' at the Nth
            tries = (count if count is not None else 10**MAX_DIGITS) + (1 if operator in (">", "<=") else 0)
            parts = apps.split_condition(priority.args)
            final = None
            retry = self.ref(owner, name, i + 1, None, ext.location, follows=True)
            if parts is not None:
                gives_up, goes_on = (parts[1], parts[2]) if operator.startswith(">") else (parts[2], parts[1])
                if gives_up:
                    final = self._jump(gives_up, owner, name, priority)
                if goes_on:
                    retry = self._jump(goes_on, owner, name, priority)
            return retry, tries, final
        return self.ref(owner, name, 0, None, ext.location), None, None


_MEANINGFUL = frozenset({*apps.SPEECH, "waitexten", "read", "gotoif", "gotoiftime", "dial", "queue", *apps.VOICEMAIL, "execif",
                         "goto", "gosub", "macro", "return", "macroexit"})


# -- one priority as a step, for each priority that matters to a caller ------------------------------------

_READ_TEST = re.compile(r'^\$\[\s*"?\$\{(\w+)\}"?\s*=\s*"?([0-9*#]+)"?\s*\]$')
#: A test that ``Read()`` got no digits: ``$[${LEN(${v})} = 0]``, ``$["${v}" = ""]``, ``$[${ISNULL(${v})}]`` or
#: ``$["${READSTATUS}" = "TIMEOUT"]``. apps/app_read.c (read_exec): when no digits come before the last attempt's
#: timeout it sets the variable to the empty string and READSTATUS to TIMEOUT, then goes on at the next priority
#: (docs.asterisk.org, Dialplan Applications: Read), so such a test right after it is the way silence takes.
_EMPTY_TEST = re.compile(
    r'^\$\[\s*(?:\$\{LEN\(\$\{(?P<len>\w+)\}\)\}\s*=\s*0'
    r'|"\$\{(?P<quoted>\w+)\}"\s*=\s*""'
    r'|\$\{ISNULL\(\$\{(?P<null>\w+)\}\)\}'
    r'|"?\$\{(?P<status>READSTATUS)\}"?\s*=\s*"?TIMEOUT"?)\s*\]$')
#: Applications that change nothing a caller hears or where the call goes (logging, comments): a test of what
#: ``Read()`` got may follow them and still be the next thing that matters.
_QUIET = frozenset({"noop", "verbose", "log", "dumpchan"})


def _silence_test(ext: Extension, index: int, variable: str) -> tuple[int, Priority] | None:
    """The ``GotoIf`` after ``Read(variable)`` at ``index`` (past quiet priorities) that tests it got no digits,
    with its index; None when the next priority that matters is no such test."""
    j = index + 1
    while runs_on(ext, j) and ext.priorities[j].app.lower() in _QUIET:
        j += 1
    if not runs_on(ext, j) or ext.priorities[j].app.lower() != "gotoif":
        return None
    parts = apps.split_condition(ext.priorities[j].args)
    match = _EMPTY_TEST.match(parts[0]) if parts else None
    if parts is None or match is None or not parts[1]:
        return None
    tested = match.group("len") or match.group("quoted") or match.group("null")
    if tested != variable and match.group("status") is None:
        return None
    return j, ext.priorities[j]
_RESPONSE = re.compile(r"TIMEOUT\(response\)\s*=\s*(\d+(?:\.\d+)?)", re.IGNORECASE)
_IVR_MSG = re.compile(r"^IVR_MSG=(.*)$")
#: Seconds Asterisk waits for a key when nothing sets TIMEOUT(response).
_RESPONSE_TIMEOUT = 10.0


def _seconds(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _prompt(priority: Priority, ext: Extension, index: int) -> tuple[list[str], bool] | None:
    """The recordings a prompt application plays and whether keys interrupt it; None if it is no prompt."""
    app, args = priority.app.lower(), priority.args
    if app == "execif":
        found = apps.execif_prompt(args)
        if found is None:
            return None
        app, args = found
        if args.strip() == "${IVR_MSG}":  # FreePBX: the greeting set earlier in the extension; empty = none
            for earlier in reversed(ext.priorities[:index]):
                match = _IVR_MSG.match(earlier.args) if earlier.app.lower() == "set" else None
                if match:
                    args = match.group(1).strip()
                    break
    if app not in apps.PROMPTS:
        return None
    first = split_args(args)[0] if args else ""
    files = [f for f in first.split("&") if f] if app in ("background", "playback", "controlplayback") else [
        f"{app}({args})"]
    return files, app == "background"


def _case(when: str, goto: Edge, location: Location) -> Edge:
    """A way out of a branch, written at ``location``, to where ``goto`` leads."""
    return Edge(goto.target, goto.location, when, at=location)


def _way(edge: Edge) -> Edge:
    return Edge(edge.target, edge.location)


def _next(walker: Walker, context: str, ext: Extension, index: int, frame: Frame | None) -> Edge:
    """Where the call goes on after priority ``index - 1`` (a gap in the numbering ends it)."""
    location = ext.priorities[min(index, len(ext.priorities) - 1)].location
    return walker.ref(context, ext.name, index, frame, location, follows=True)


def runs_on(ext: Extension, index: int) -> bool:
    """Whether priority ``index`` runs after the one before it: it exists and is numbered next (main/pbx.c)."""
    return index < len(ext.priorities) and (
        index == 0 or ext.priorities[index].number == ext.priorities[index - 1].number + 1)


def build_step(walker: Walker, sid: str, context: str, ext: Extension, index: int, frame: Frame | None) -> Step:
    """The step at priority ``index`` of ``ext`` (which the walker found to matter)."""
    priority = ext.priorities[index]
    app = priority.app.lower()
    location = priority.location
    prompt = _prompt(priority, ext, index)
    if prompt is not None or app == "waitexten":
        return _prompt_or_menu(walker, sid, context, ext, index, frame)
    if app == "read":
        return _read(walker, sid, context, ext, index, frame)
    if app in apps.SPEECH:
        return _speech(walker, sid, context, ext, index, frame)
    if app in ("gotoif", "gotoiftime"):
        return _branch(walker, sid, context, ext, index, frame)
    if app == "execif":
        return _execif(walker, sid, context, ext, index, frame)
    if app in ("dial", "queue"):
        # app_dial.c / app_queue.c: when nobody answers (DIALSTATUS, QUEUESTATUS) the dialplan goes on at the next
        # priority. As every reader does (flow.passes.drop_failure_paths), ivr counts the caller as put through to a
        # person and leaves out what only a failed transfer reaches: the next priorities are not walked, and the
        # import summary says so (Walker.failed_transfers)
        args = split_args(priority.args)
        if app == "dial" and _enters_remote_dialplan(args[0]):
            return Step(sid, "external", location, target_text=f"{priority.app}({priority.args})",
                        description=f"{priority.app}() hands the call to another system's dialplan, which ivr "
                                    "does not follow")
        if runs_on(ext, index + 1):
            walker.failed_transfers[sid] = f"{priority.app}() at {context},{ext.name},{priority.number}"
        # app_queue.c: while callers wait, the queue plays what queues.conf sets for it (announce-holdtime,
        # announce-position, periodic-announce; Queue()'s own announceoverride is played to the agent): a file
        # this dialplan does not hold, so ivr cannot tell whether the wait is explained (the transfer's hold)
        hold = "queues.conf's announcement for the queue (announce-holdtime, periodic-announce)" \
            if app == "queue" else None
        return Step(sid, "transfer", location, queue=args[0] if app == "queue" else None,
                    number=args[0] if app == "dial" else None, description=f"{priority.app}({priority.args})",
                    hold=hold)
    if app in apps.VOICEMAIL:
        # never a person: the caller leaves a message (VoiceMail), or is in the mailbox owner's menu (VoiceMailMain)
        return Step(sid, "voicemail", location, mailbox=split_args(priority.args)[0] or None,
                    description=None if app == "voicemail" else f"{priority.app}({priority.args}): no person answers")
    if app in apps.HANGUPS:
        return Step(sid, "hangup", location, description=f"{priority.app}()")
    return Step(sid, "external", location, target_text=f"{priority.app}({priority.args})",
                description=f"{priority.app}() hands the call to something ivr does not follow")


#: An IAX2 dial string naming the start extension of a context on the far side: ``IAX2/[user[:secret]@]peer[:port]/
#: s[@context]`` (docs.asterisk.org, "IAX2 Channel Driver": the dial string's ``exten@context`` is run by the remote
#: Asterisk's dialplan). ``s`` is the extension a dialplan starts at when no number is dialled (docs.asterisk.org,
#: "Special Dialplan Extensions"): the call enters the far system's menu or auto-attendant, not a person's phone.
_REMOTE_START = re.compile(r"^IAX2/[^/&]+/s(?:@[^/&@]+)?(?:/[^&]*)?$", re.IGNORECASE)


def _enters_remote_dialplan(devices: str) -> bool:
    """Whether every device ``Dial()`` rings is the start of another system's dialplan (:data:`_REMOTE_START`)."""
    parts = [d.strip() for d in devices.split("&")]
    return bool(parts) and all(_REMOTE_START.match(d) for d in parts)


def _prompt_or_menu(walker: Walker, sid: str, context: str, ext: Extension, index: int,
                    frame: Frame | None) -> Step:
    audio: list[str] = []
    interruptible = False
    j = index
    response = _RESPONSE_TIMEOUT
    for earlier in ext.priorities[:index]:
        match = _RESPONSE.search(earlier.args) if earlier.app.lower() == "set" else None
        if match:
            response = float(match.group(1))
    own = _prompt(ext.priorities[index], ext, index)
    text: str | None = None
    if own is not None:
        audio, interruptible = list(own[0]), own[1]
        if ext.priorities[index].app.lower() == "mrcpsynth":
            # MRCPSynth(prompt[,options]): "a prompt specified as a plain text, an SSML content, or by means of a file
            # or URI reference" (asterisk-unimrcp, doc/API.md): words are the text spoken, a single word a file
            spoken = _unquoted(split_args(ext.priorities[index].args)[0])
            if " " in spoken or "<" in spoken:
                text, audio = spoken, []
            else:
                audio = [spoken] if spoken else []
    j = index + (own is not None)
    while j < len(ext.priorities) and (j == index or runs_on(ext, j)):
        priority = ext.priorities[j]
        if _prompt(priority, ext, j) is not None:
            # another prompt follows before the wait: this one is a message on the way to it (keys pressed
            # during a Background still count, but the menu is where the caller is asked)
            return Step(sid, "message", ext.priorities[index].location, audio=audio, text=text,
                        interruptible=interruptible,
                        goto=_next(walker, context, ext, j, frame))
        if not walker.is_noise(priority):
            break
        j += 1
    ends = not (j < len(ext.priorities) and (j == index or runs_on(ext, j)))
    waits = not ends and ext.priorities[j].app.lower() == "waitexten"
    location = ext.priorities[index].location
    if not waits and not (ends and interruptible):
        return Step(sid, "message", location, audio=audio, text=text, interruptible=interruptible,
                    goto=_next(walker, context, ext, j, frame))
    timeout = response
    if waits:
        timeout = _seconds(split_args(ext.priorities[j].args)[0]) or response if ext.priorities[j].args else response
    ctx = walker.plan.contexts[context]
    step = Step(sid, "menu", location, label=f"{context} ({ctx.comment})" if ctx.comment else context,
                audio=audio, text=text, interruptible=interruptible or not audio, timeout=timeout or _RESPONSE_TIMEOUT,
                options=walker.options(context, frame))
    # Asterisk waits for as many digits as the longest option needs (the digit timeout ends shorter ones)
    keys = [o.when or "" for o in step.options]
    step.max_digits = max((len(re.findall(r"\[[^\]]*\]|[^.!]", k[1:])) if k.startswith("_") else len(k) for k in keys),
                          default=None)
    after_wait = j + 1
    if waits and runs_on(ext, after_wait):
        step.no_input = _next(walker, context, ext, after_wait, frame)
        timeout_retries = None
        timeout_final = None
    else:
        step.no_input, timeout_retries, timeout_final = walker.failure(context, "t")
        if step.no_input is None:
            step.no_input, timeout_retries, timeout_final = walker.failure(context, "e")
    _wrong_keys(walker, step, context, ext.priorities[j].location if waits else location, timeout_retries,
                timeout_final)
    return step


def _wrong_keys(walker: Walker, step: Step, context: str, wait: Location, timeout_retries: int | None,
                timeout_final: Edge | None) -> None:
    """A menu's wrong keys go to ``i``, else ``e``; its tries and last way out from FreePBX's counters."""
    step.no_match, retries, final = walker.failure(context, "i")
    if step.no_match is None:
        step.no_match, retries, final = walker.failure(context, "e")
    step.tries = retries or timeout_retries
    step.on_fail = final or timeout_final
    if final is not None and timeout_final is not None and final.target != timeout_final.target:
        walker.split_ends.append((step.label or step.id, final, timeout_final))  # judged once every step is built
    # without i, t or e Asterisk hangs up: a hangup node of its own says so where the menu waits
    if step.no_input is None:
        step.no_input = Edge(walker.end(f"{context},t,missing", wait, "no t or e extension: a caller who presses "
                                       "nothing is hung up on"), wait)
    if step.no_match is None:
        step.no_match = Edge(walker.end(f"{context},i,missing", wait, "no i or e extension: a wrong key hangs up"),
                            wait)


def _dials_what_was_read(ext: Extension, index: int, variable: str) -> bool:
    """Whether, after the ``Read()`` at ``index``, the extension goes to the extension the caller keyed in:
    ``Goto(${DIGITS}${IVREXT},1)`` in the same context, as FreePBX 15+ writes its IVRs with direct dial."""
    for later in ext.priorities[index + 1:]:
        if later.app.lower() != "goto":
            continue
        parts = [p.strip() for p in split_args(later.args)]
        if len(parts) == 2 and f"${{{variable}}}" in parts[0] and parts[1] == "1":
            return True
    return False


def _direct_dial(walker: Walker, sid: str, context: str, ext: Extension, index: int, frame: Frame | None,
                 prompt: list[str], timeout: float | None) -> Step:
    """FreePBX 15+ IVRs with direct dial (the ivr module's "Read/While" form): ``Read(IVREXT,${IVR_MSG},1,,0,3)``
    inside ``While(NODEFOUND = 0)`` reads one key at a time, appends it to DIGITS while no extension of the context
    matches (func_dialplan: DIALPLAN_EXISTS), and ``Goto(${DIGITS}${IVREXT},1)`` once one does: the keys are the
    context's keypad extensions, as after ``WaitExten()``. A READSTATUS of TIMEOUT goes to ``t`` with nothing
    keyed in and to ``i`` with a partial number (apps/app_read.c sets READSTATUS; the ``GotoIf`` tests are
    FreePBX's); a local extension keyed in goes to ``from-did-direct-ivr`` (a person), which is no menu option."""
    priority = ext.priorities[index]
    ctx = walker.plan.contexts[context]
    step = Step(sid, "menu", priority.location, label=f"{context} ({ctx.comment})" if ctx.comment else context,
                audio=prompt, interruptible=True, timeout=timeout or _RESPONSE_TIMEOUT,
                options=walker.options(context, frame),
                description=f"Read({priority.args}) then the extension keyed in (FreePBX direct dial)")
    keys = [o.when or "" for o in step.options]
    step.max_digits = max((len(re.findall(r"\[[^\]]*\]|[^.!]", k[1:])) if k.startswith("_") else len(k) for k in keys),
                          default=None)
    step.no_input, timeout_retries, timeout_final = walker.failure(context, "t")
    if step.no_input is None:
        step.no_input, timeout_retries, timeout_final = walker.failure(context, "e")
    _wrong_keys(walker, step, context, priority.location, timeout_retries, timeout_final)
    return step


def _read(walker: Walker, sid: str, context: str, ext: Extension, index: int, frame: Frame | None) -> Step:
    """``Read(var,prompt,maxdigits,...)``; followed by ``GotoIf`` tests of ``${var}`` it is a menu, and so it is when
    the extension then goes to the extension keyed in (FreePBX's direct dial)."""
    priority = ext.priorities[index]
    args = split_args(priority.args) + ["", "", "", "", "", ""]
    variable, prompt = args[0], [f for f in args[1].split("&") if f]
    if args[1].strip() == "${IVR_MSG}":  # FreePBX: the greeting set earlier in the extension; empty = none
        prompt = []
        for earlier in reversed(ext.priorities[:index]):
            match = _IVR_MSG.match(earlier.args) if earlier.app.lower() == "set" else None
            if match:
                prompt = [f for f in match.group(1).strip().split("&") if f]
                break
    if _dials_what_was_read(ext, index, variable):
        return _direct_dial(walker, sid, context, ext, index, frame, prompt, _seconds(args[5]) if args[5] else None)
    max_digits = whole(args[2])
    timeout = _seconds(args[5]) if args[5] else None
    choices: list[Edge] = []
    j = index + 1
    empty: Edge | None = None  # where a caller who keyed nothing in goes, when the dialplan tests for it
    test_of_silence = _silence_test(ext, index, variable)
    if test_of_silence is not None:
        at, test = test_of_silence
        _, when_empty, otherwise = apps.split_condition(test.args) or ("", "", "")
        target = apps.goto_target(when_empty, context, ext.name)
        assert target is not None
        jump = walker.resolve(target, test, frame)
        empty = Edge(jump if isinstance(jump, str) else walker.at(*jump, frame), test.location)
        j = at + 1
        if otherwise:  # digits were keyed in: the test's other label
            target = apps.goto_target(otherwise, context, ext.name)
            assert target is not None
            jump = walker.resolve(target, test, frame)
            rest = Edge(jump if isinstance(jump, str) else walker.at(*jump, frame), test.location)
            return _read_step(sid, priority, context, prompt, timeout, max_digits, whole(args[4]) or 1, rest,
                              empty, [], variable)
    while runs_on(ext, j) and ext.priorities[j].app.lower() == "gotoif":
        test = ext.priorities[j]
        parts = apps.split_condition(test.args)
        match = _READ_TEST.match(parts[0]) if parts else None
        if parts is None or match is None or match.group(1) != variable or not parts[1]:
            break
        target = apps.goto_target(parts[1], context, ext.name)
        assert target is not None
        jump = walker.resolve(target, test, frame)
        choices.append(Edge(jump if isinstance(jump, str) else walker.at(*jump, frame), test.location, match.group(2)))
        j += 1
    rest = _next(walker, context, ext, j, frame)
    return _read_step(sid, priority, context, prompt, timeout, max_digits, whole(args[4]) or 1, rest, empty,
                      choices, variable)


def _read_step(sid: str, priority: Priority, context: str, prompt: list[str], timeout: float | None,
               max_digits: int | None, attempts: int, rest: Edge, empty: Edge | None, choices: list[Edge],
               variable: str) -> Step:
    """The step of a ``Read()``: an input, or a menu when ``GotoIf`` tests of its variable choose the way on.
    READ: silence asks again while attempts are left, then the dialplan goes on (to ``empty`` when it tests that
    nothing was keyed in, else to ``rest``, as it does with any digits)."""
    # the attempts are the step's tries: silence on the last one takes on_fail (where the dialplan tests for it, its
    # own way); Read() rejects no digits, so silence is the only failure that uses up attempts
    on_fail = empty if empty is not None else rest
    silence = rest if attempts == 1 and empty is None else None
    if not choices:
        return Step(sid, "input", priority.location, audio=prompt, goto=rest, timeout=timeout, label=context,
                    max_digits=max_digits, min_digits=1 if max_digits else None, no_input=silence, no_match=rest,
                    on_fail=on_fail, tries=attempts, semantics=READ)
    return Step(sid, "menu", priority.location, audio=prompt, options=choices, timeout=timeout, label=context,
                no_input=silence, no_match=rest, on_fail=on_fail, tries=attempts, semantics=READ,
                description=f"Read({priority.args}) then a choice on ${{{variable}}}")


# -- speech recognition: SpeechBackground, MRCPRecog, SynthAndRecog ----------------------------------------------

#: What a speech application's result is read through: res_speech's ``SPEECH_TEXT(0)`` (the best result's text;
#: ``SPEECH_TEXT()`` is the same), UniMRCP's ``RECOG_INSTANCE(...)``, ``RECOG_INPUT(...)`` and ``RECOG_RESULT``.
_RESULT = r"(?:SPEECH_TEXT\(\s*0?\s*\)|RECOG_INSTANCE\([^)]*\)|RECOG_INPUT\([^)]*\)|RECOG_RESULT)"
_RESULT_VALUE = re.compile(r"^\$\{" + _RESULT + r"\}$")
#: ``"${SUBJECT}" = "word"`` (either side quoted or not; ``==`` as well), inside one ``$[...]``
_EQUALS = re.compile(r'\$\[\s*"?\$\{(?P<subject>[^}]+)\}"?\s*==?\s*"?(?P<word>[^"\]\s|&]+)"?\s*\]')
#: A test that nothing was recognised: ``"${SPEECH_TEXT(0)}" = ""``, ``${SPEECH(results)} = 0``,
#: ``${SPEECH(spoke)} = 0`` (the caller said nothing), ``${LEN(${SPEECH_TEXT(0)})} = 0``, ``${ISNULL(...)}``,
#: and UniMRCP's ``RECOG_COMPLETION_CAUSE`` of ``002`` (no input) or ``001`` (no match).
_NOTHING = re.compile(
    r'^\$\[\s*(?:"\$\{(?P<quoted>[^}]+)\}"\s*==?\s*""'
    r'|"?\$\{SPEECH\((?P<count>results|spoke)\)\}"?\s*==?\s*"?0"?'
    r'|\$\{LEN\(\$\{(?P<len>[^}]+)\}\)\}\s*==?\s*0'
    r'|\$\{ISNULL\(\$\{(?P<null>[^}]+)\}\)\}'
    r'|"?\$\{RECOG_COMPLETION_CAUSE\}"?\s*==?\s*"?(?P<cause>00[12])"?)\s*\]$')
#: ``Set(NAME=${SPEECH_TEXT(0)})``: the result kept in a variable the tests read
_KEEP = re.compile(r"^\s*(\w+)\s*=\s*(\$\{[^}]*\})\s*$")
#: Applications between a speech application and its tests that change nothing a caller hears or where the call
#: goes (a log line, a variable set, the speech object's tear-down).
_BETWEEN = frozenset({*_QUIET, "set", "speechdestroy", "speechdeactivategrammar", "speechunloadgrammar"})


def _speech_options(text: str) -> dict[str, str]:
    """UniMRCP's options: ``name=value`` pairs joined by ``&`` (asterisk-unimrcp, doc/API.md)."""
    found: dict[str, str] = {}
    for part in text.split("&"):
        name, equals, value = part.partition("=")
        if equals:
            found[name.strip().lower()] = value.strip()
    return found


def _unquoted(text: str) -> str:
    text = text.strip()
    return text[1:-1] if len(text) > 1 and text[0] == text[-1] == '"' else text


def _keys_too(app: str, grammar: str, options: dict[str, str]) -> bool:
    """Whether the caller may answer by keys as well as by voice. SpeechBackground: always (apps/app_speech_utils.c,
    speech_background: keys pressed make the result, its text the digits, its grammar "dtmf"). UniMRCP: by default
    keys go to the MRCP server, which matches them against the grammar, and ``i=`` returns a key to the dialplan
    (doc/API.md, option i): keys are told unusable only where every grammar is one of the server's built-in speech
    grammars (``builtin:speech/...``, ``builtin:grammar/...``), none of them ``builtin:dtmf/...``, and no ``i=``."""
    if app == "speechbackground":
        return True
    if options.get("i", "none").lower() != "none":
        return True
    parts = [p.strip().lower() for p in re.split(r"[$,;]", grammar) if p.strip()]
    return not parts or not all(p.startswith(("builtin:speech", "builtin:grammar")) for p in parts)


def _speech(walker: Walker, sid: str, context: str, ext: Extension, index: int, frame: Frame | None) -> Step:
    """A speech application: a menu where ``GotoIf`` tests of its result choose the way on (each word tested an
    option), an input where nothing tests it. It listens once and goes on at the next priority (:data:`SPEECH`):
    what no test takes goes on after the tests (a word said that no test names, or nothing), and a test that
    nothing was recognised (``SPEECH(results)``, an empty text, RECOG_COMPLETION_CAUSE 002) is where silence goes,
    and UniMRCP's RECOG_COMPLETION_CAUSE 001 (no match) where words no grammar rule takes go."""
    priority = ext.priorities[index]
    app = priority.app.lower()
    args = split_args(priority.args) + ["", "", ""]
    text: str | None = None
    audio: list[str] = []
    timeout: float | None = None
    interruptible = True
    if app == "speechbackground":
        # SpeechBackground(sound_file,timeout,options): the files play while the engine listens; speech or a key
        # stops them; the timeout (seconds) starts when they end
        audio = [f for f in (_unquoted(part) for part in _unquoted(args[0]).split("&")) if f]
        seconds = _seconds(args[1].strip()) if args[1].strip() else None
        timeout = seconds if seconds else None
        grammar, options = "", {}
    else:
        # MRCPRecog(grammar,options): f= a file to play, b=0 no barge-in, nit= the no-input timeout, t= the
        # recognition timeout (milliseconds); SynthAndRecog(prompt,grammar,options): the prompt is spoken text,
        # SSML, or a file or URI
        grammar_at = 0 if app == "mrcprecog" else 1
        grammar, options = _unquoted(args[grammar_at]), _speech_options(args[grammar_at + 1])
        if app == "mrcprecog":
            audio = [options["f"]] if options.get("f") else []
        else:
            prompt = _unquoted(args[0])
            if prompt and (" " in prompt or "<" in prompt):
                text = prompt
            elif prompt:
                audio = [prompt]
        milliseconds = _seconds(options.get("nit") or options.get("t") or "")
        timeout = milliseconds / 1000 if milliseconds else None
        interruptible = options.get("b", "1").strip() != "0"
    modes = ("speech", "dtmf") if _keys_too(app, grammar, options) else ("speech",)
    subjects: set[str] = set()  # the variables that hold the result: the function itself, or a copy
    choices: list[Edge] = []
    silence: Edge | None = None
    unmatched: Edge | None = None
    rest: Edge | None = None
    j = index + 1
    landed = -1  # the index a test's other label jumped to (numbered after a gap, maybe)
    while runs_on(ext, j) or (j == landed and j < len(ext.priorities)):
        later = ext.priorities[j]
        later_app = later.app.lower()
        if later_app == "set":
            kept = _KEEP.match(later.args)
            if kept and _RESULT_VALUE.match(kept.group(2)):
                subjects.add(kept.group(1))
            j += 1
            continue
        if later_app in _BETWEEN:
            j += 1
            continue
        if later_app != "gotoif":
            break
        parts = apps.split_condition(later.args)
        if parts is None or not parts[1]:
            break
        condition, yes, no = parts
        nothing = _NOTHING.match(condition)
        words = _words_tested(condition, subjects)
        if nothing is not None:
            tested = nothing.group("quoted") or nothing.group("len") or nothing.group("null")
            if tested is not None and not _is_result(tested, subjects):
                break
            if nothing.group("cause") == "001":  # UniMRCP's no-match: words no grammar rule takes
                if unmatched is not None:
                    break
                unmatched = _jump_in(walker, yes, context, ext.name, later, frame)
            elif silence is not None:
                break
            else:
                silence = _jump_in(walker, yes, context, ext.name, later, frame)
        elif words:
            target = _jump_in(walker, yes, context, ext.name, later, frame)
            for word in words:
                # the first test of a word takes it (Asterisk runs the tests in turn)
                if all(c.when != word for c in choices):
                    choices.append(Edge(target.target, later.location, word, word, at=later.location))
        else:
            break
        j += 1
        if no:  # the test's other label: whatever it did not take goes there
            on = _further_on(ext, context, no, j)
            if on is not None:  # later in the extension (AEL's if: ?then:after), where more tests may follow
                j = landed = on
                continue
            rest = _jump_in(walker, no, context, ext.name, later, frame)
            break
    if rest is None and j == landed:
        rest = walker.ref(context, ext.name, j, frame, ext.priorities[j].location)
    elif rest is None:
        rest = _next(walker, context, ext, j, frame)
    no_input = silence if silence is not None else rest
    no_match = unmatched if unmatched is not None else rest
    what = f"{priority.app}({priority.args})"
    step = Step(sid, "menu" if choices else "input", priority.location, label=context, audio=audio, text=text,
                interruptible=interruptible, timeout=timeout, input_modes=modes, no_input=no_input, no_match=no_match,
                semantics=SPEECH,
                description=(f"{what} then a choice on what the caller said" if choices else
                             f"{what}: what the caller says is not tested here"))
    if choices:
        step.options = choices
    else:
        step.goto = rest
    return step


def _further_on(ext: Extension, context: str, label: str, at: int) -> int | None:
    """The index of the priority a ``GotoIf`` label names when it is in the same extension at ``at`` or after it
    (the scan goes on there); None for any other target."""
    target = apps.goto_target(label, context, ext.name)
    if target is None or target[:2] != (context, ext.name) or apps.is_dynamic(target[2]):
        return None
    index = ext.index(target[2])
    return index if index is not None and index >= at else None


def _is_result(subject: str, subjects: set[str]) -> bool:
    return subject in subjects or _RESULT_VALUE.match("${" + subject + "}") is not None


def _words_tested(condition: str, subjects: set[str]) -> list[str]:
    """The words a condition takes when it only tests the result for them: one ``$[${result} = "word"]``, or
    several joined by ``|`` or ``||`` (either holds); [] for any other condition."""
    found = list(_EQUALS.finditer(condition))
    if not found or not all(_is_result(m.group("subject"), subjects) for m in found):
        return []
    left = _EQUALS.sub("", condition)
    if len(found) == 1:
        if left.strip():
            return []
    elif left.replace("$[", "").replace("]", "").replace("|", "").strip():
        return []
    return [m.group("word") for m in found]


def _jump_in(walker: Walker, text: str, context: str, extension: str, where: Priority, frame: Frame | None) -> Edge:
    """Where a ``GotoIf`` target as written leads, inside the subroutine the call is in (``frame``)."""
    target = apps.goto_target(text, context, extension)
    if target is None:
        return Edge(EMPTY_GOTO, where.location)
    jump = walker.resolve(target, where, frame)
    return Edge(jump if isinstance(jump, str) else walker.at(*jump, frame), where.location)


def _branch(walker: Walker, sid: str, context: str, ext: Extension, index: int, frame: Frame | None) -> Step:
    priority = ext.priorities[index]
    parts = apps.split_condition(priority.args)
    location = priority.location
    if parts is None:
        # main/pbx.c (pbx_builtin_gotoif): with no '?' there is no branch to take, and the call goes on
        walker.warnings.append(LoadError(location, f"{priority.app}({priority.args}) has no '?', so Asterisk takes no "
                                         f"branch and goes on; write {priority.app}(condition?label_if_true:"
                                         "label_if_false)"))
        return Step(sid, "message", location, goto=_next(walker, context, ext, index + 1, frame))
    condition, yes, no = parts
    cases: list[Edge] = []
    names = (("the time matches " + condition, yes), ("otherwise", no)) if priority.app.lower() == "gotoiftime" \
        else ((condition, yes), (f"not {condition}", no))
    for when, label in names:
        if label:
            target = apps.goto_target(label, context, ext.name)
            assert target is not None
            jump = walker.resolve(target, priority, frame)
            goto = Edge(jump if isinstance(jump, str) else walker.at(*jump, frame), location)
        else:
            goto = _next(walker, context, ext, index + 1, frame)
        cases.append(_case(when, goto, location))
    return Step(sid, "branch", location, branches=cases[:1], otherwise=_way(cases[1]),
                description=f"{priority.app}({priority.args})")


def _execif_turns(priority: Priority) -> bool:
    """Whether an ``ExecIf`` runs something that changes where the call goes: a hangup or a jump."""
    found = apps.execif_apps(priority.args)
    return found is not None and any(run is not None and (run[0] in apps.HANGUPS or run[0] == "goto")
                                     for run in found[1:])


def _execif(walker: Walker, sid: str, context: str, ext: Extension, index: int, frame: Frame | None) -> Step:
    """``ExecIf(cond?App1(args):App2(args))`` that hangs up or jumps: a branch (apps/app_exec.c, execif_exec runs
    App1 when the condition holds, else App2; a Goto run so moves the call, a Hangup ends it)."""
    priority = ext.priorities[index]
    location = priority.location
    found = apps.execif_apps(priority.args)
    assert found is not None
    condition, yes, no = found
    ways: list[Edge] = []
    for when, run, tag in ((condition, yes, "true"), (f"not {condition}", no, "false")):
        if run is not None and run[0] in apps.HANGUPS:
            goto = Edge(walker.end(f"{sid}#{tag}", location, f"{priority.app}({priority.args})"), location)
        elif run is not None and run[0] == "goto":
            target = apps.goto_target(run[1], context, ext.name)
            if target is None:
                goto = Edge(EMPTY_GOTO, location)
            else:
                jump = walker.resolve(target, priority, frame)
                goto = Edge(jump if isinstance(jump, str) else walker.at(*jump, frame), location)
        else:
            goto = _next(walker, context, ext, index + 1, frame)
        ways.append(_case(when, goto, location))
    return Step(sid, "branch", location, branches=ways[:1], otherwise=_way(ways[1]),
                description=f"{priority.app}({priority.args})")

"""Walk a parsed dialplan as a caller would, into steps (:mod:`ivr.formats.steps`).

A step is made at each priority that changes what the caller hears or can do; ``Set``,
``NoOp``, ``Answer`` and the like are passed over, and ``Goto``, ``Macro``, ``Gosub`` and
``Return`` are followed rather than shown. Step ids are the dialplan positions
(``ivr-3,s,9``), with the caller's position after ``@`` inside a subroutine.

A context is a menu where a prompt is followed by ``WaitExten()`` (or a ``Background()``
that ends the extension, where Asterisk waits for the response timeout): its keypad
extensions are the options; a wrong key goes to ``i``, then ``e``, else the call ends; a
timeout goes on at the next priority, then ``t``, then ``e``, else the call ends.
FreePBX's ``INVALID_LOOPCOUNT``/``TIMEOUT_LOOPCOUNT`` counters become retries:
``GotoIf($[${INVALID_LOOPCOUNT} > 3]?final)`` gives the caller four tries, then ``final``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ivr.formats.asterisk import apps
from ivr.formats.asterisk.dialplan import Context, Dialplan, Extension, Priority, split_args
from ivr.formats.numbers import MAX_DIGITS, whole
from ivr.formats.steps import Choice, Step
from ivr.model.errors import LoadError
from ivr.model.menu import Location, Ref

__all__ = ["Walker", "Frame"]

_COUNTER = re.compile(r"\$\[\s*\$\{(INVALID|TIMEOUT)_LOOPCOUNT\}\s*(>=?)\s*(\d+)\s*\]")
_SUB_ARGS = re.compile(r"^([^(]*)\((.*)\)$", re.DOTALL)
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
        self.split_ends: list[tuple[str, Ref, Ref]] = []
        self._todo: list[tuple[str, str, str, int, Frame | None]] = []

    # -- positions -------------------------------------------------------------------------------
    def extension(self, context: str, name: str) -> tuple[str, Extension] | None:
        """The extension ``name`` of ``context`` or of a context it includes (depth first, as Asterisk)."""
        seen: set[str] = set()
        stack = [context]
        while stack:
            current = stack.pop(0)
            if current in seen or current not in self.plan.contexts:
                continue
            seen.add(current)
            ctx = self.plan.contexts[current]
            if name in ctx.extensions:
                return current, ctx.extensions[name]
            stack[0:0] = [inc for inc, _ in ctx.includes]
        return None

    def ref(self, context: str, extension: str, index: int, frame: Frame | None, location: Location) -> Ref:
        return Ref(self.at(context, extension, index, frame), location)

    def at(self, context: str, extension: str, index: int, frame: Frame | None) -> str:
        """The id of the step that runs from priority ``index`` of ``context,extension``."""
        seen: set[tuple[str, str, int, Frame | None]] = set()
        where: Priority | None = None
        while True:
            if (context, extension, index, frame) in seen:
                return self._end(f"{context},{extension},loop", where, "hangup", "Goto loop with no caller action; "
                                 "Asterisk spins until the call is dropped")
            seen.add((context, extension, index, frame))
            found = self.extension(context, extension)
            if found is None:
                return self._missing(context, extension, where)
            owner, ext = found
            if index >= len(ext.priorities):
                if frame is not None and frame.macro:
                    context, extension, index, frame = frame.context, frame.extension, frame.index, frame.parent
                    continue
                last = ext.priorities[-1] if ext.priorities else None
                return self._end(f"{owner},{extension},end", last or where, "hangup",
                                 f"extension '{extension}' of '{owner}' ends here: Asterisk hangs up")
            where = ext.priorities[index]
            app = where.app.lower()
            if app == "goto":
                target = apps.goto_target(where.args, owner, extension)
                if target is None:
                    self.errors.append(LoadError(where.location, "Goto() with no target; write "
                                                 "Goto(context,extension,priority) or Goto(label)"))
                    return self._end(f"{owner},{extension},{where.number}", where, "hangup",
                                     "empty Goto(): the call ends")
                jump = self.resolve(target, where, frame)
                if isinstance(jump, str):
                    return jump
                context, extension, index = jump
                continue
            if app in ("return", "macroexit"):
                if frame is None:
                    return self._end(f"{owner},{extension},{where.number}", where, "hangup",
                                     "Return() with no Gosub to return to: the call ends")
                context, extension, index, frame = frame.context, frame.extension, frame.index, frame.parent
                continue
            if app in ("gosub", "macro"):
                call = self._call(where, owner, extension, index, frame)
                if isinstance(call, str):
                    return call
                if call is not None:
                    context, extension, index, frame = call
                    continue
                index += 1
                continue
            if self.is_noise(where):
                index += 1
                continue
            break
        sid = f"{owner},{extension},{where.number}" + (frame.tag() if frame else "")
        if sid not in self.steps:
            self.steps[sid] = Step(sid, "hangup", where.location)  # placeholder until built
            self._todo.append((sid, owner, extension, index, frame))
        return sid

    def build(self) -> None:
        """Build every step asked for so far (and those they lead to)."""
        from ivr.formats.asterisk.steps import build_step  # noqa: PLC0415 (the two modules call each other)

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
            return apps.execif_prompt(priority.args) is None
        return app in apps.NOISE or not (app in apps.PROMPTS or app in apps.HANGUPS or app in apps.HANDOFFS
                                          or app in _MEANINGFUL)

    def end(self, sid: str, where: Location, description: str) -> str:
        """A hangup step at ``where`` (made once per id)."""
        if sid not in self.steps:
            self.steps[sid] = Step(sid, "hangup", where, description=description)
        return sid

    def _end(self, sid: str, where: Priority | None, kind: str, description: str, **fields: str) -> str:
        if sid not in self.steps:
            location = where.location if where else Location("<dialplan>", 1, 1)
            self.steps[sid] = Step(sid, kind, location, description=description, **fields)  # type: ignore[arg-type]
        return sid

    def _external(self, text: str, where: Priority | None, why: str) -> str:
        sid = "external:" + "_".join(text.replace("<", "(").replace(">", ")").split())  # ids: no < >, no spaces
        return self._end(sid, where, "external", why, target_text=text)

    def _missing(self, context: str, extension: str, where: Priority | None) -> str:
        if context in self.plan.contexts:
            return self._end(f"{context},{extension},missing", where, "hangup",
                             f"context '{context}' has no extension '{extension}': Asterisk hangs up")
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
        if index is None:
            self.warnings.append(LoadError(where.location, f"'{where.app}({where.args})': extension '{extension}' "
                                           f"of '{context}' has no priority or label '{priority}', so Asterisk "
                                           "hangs up here; use one it has"))
            return self._end(f"{context},{extension},{priority}", where, "hangup",
                             f"priority '{priority}' does not exist: Asterisk hangs up")
        return context, extension, index

    def _call(self, where: Priority, owner: str, extension: str, index: int,
              frame: Frame | None) -> tuple[str, str, int, Frame] | str | None:
        """Follow ``Gosub``/``Macro`` into a context given; a known FreePBX person macro is a transfer."""
        parts = split_args(where.args)
        macro = where.app.lower() == "macro"
        if macro:
            name = parts[0]
            if name in ("exten-vm", "vm", "dial", "dial-one", "dial-confirm"):
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
    def options(self, context: str, frame: Frame | None) -> list[Choice]:
        """The keypad extensions a caller can dial in ``context`` (its own, then included ones)."""
        choices: dict[str, Choice] = {}
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
                goto = self.ref(current, name, 0, None, ext.location)
                choices[name] = Choice(name, goto, ext.location)
            stack.extend(inc for inc, _ in ctx.includes)
        return list(choices.values())

    def failure(self, context: str, name: str) -> tuple[Ref | None, int | None, Ref | None]:
        """Where a wrong key (``i``) or a timeout (``t``) goes: (retry, retries, final) for FreePBX counters,
        else (first step, None, None); (None, None, None) when ``context`` has no such extension."""
        found = self.extension(context, name)
        if found is None:
            return None, None, None
        owner, ext = found
        for i, priority in enumerate(ext.priorities):
            match = _COUNTER.search(priority.args) if priority.app.lower() == "gotoif" else None
            if match is None:
                continue
            count = whole(match.group(3))  # past 18 digits: more than the model takes, refused where it stands
            tries = (count if count is not None else 10**MAX_DIGITS) + (1 if match.group(2) == ">" else 0)
            parts = apps.split_condition(priority.args)
            final = None
            if parts is not None and parts[1]:
                target = apps.goto_target(parts[1], owner, name)
                if target is not None:
                    jump = self.resolve(target, priority, None)
                    final = Ref(jump if isinstance(jump, str) else self.at(*jump, None), priority.location)
            return self.ref(owner, name, i + 1, None, ext.location), tries, final
        return self.ref(owner, name, 0, None, ext.location), None, None


_MEANINGFUL = frozenset({"waitexten", "read", "gotoif", "gotoiftime", "dial", "queue", "voicemail", "execif",
                         "goto", "gosub", "macro", "return", "macroexit"})

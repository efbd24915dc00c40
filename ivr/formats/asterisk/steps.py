"""One dialplan priority as a step: prompts and menus, branches, people, voicemail, hangups, hand-offs.

Called by :class:`ivr.formats.asterisk.menus.Walker` for each priority that matters to a caller.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ivr.formats.asterisk import apps
from ivr.formats.asterisk.dialplan import Extension, Priority, split_args
from ivr.formats.numbers import whole
from ivr.formats.steps import DISCONNECT, Case, Choice, Step
from ivr.model.errors import LoadError
from ivr.model.menu import Ref

if TYPE_CHECKING:
    from ivr.formats.asterisk.menus import Frame, Walker

__all__ = ["build_step"]

_READ_TEST = re.compile(r'^\$\[\s*"?\$\{(\w+)\}"?\s*=\s*"?([0-9*#]+)"?\s*\]$')
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


def _next(walker: Walker, context: str, ext: Extension, index: int, frame: Frame | None) -> Ref:
    location = ext.priorities[min(index, len(ext.priorities) - 1)].location
    return walker.ref(context, ext.name, index, frame, location)


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
    if app in ("gotoif", "gotoiftime"):
        return _branch(walker, sid, context, ext, index, frame)
    if app in ("dial", "queue"):
        args = split_args(priority.args)
        person = Step(sid + "#answered" if index + 1 < len(ext.priorities) else sid, "transfer", location,
                      queue=args[0] if app == "queue" else None, number=args[0] if app == "dial" else None,
                      description=f"{priority.app}({priority.args})")
        if index + 1 >= len(ext.priorities):
            return person
        walker.steps[person.id] = person
        when = ("the queue times out, is full or has no agents (QUEUESTATUS)" if app == "queue"
                else "nobody answers, busy or unavailable (DIALSTATUS)")
        return Step(sid, "branch", location, description=f"{priority.app}: a person, unless {when}",
                    cases=[Case("answered", Ref(person.id, location), location),
                           Case(when, _next(walker, context, ext, index + 1, frame), location)])
    if app == "voicemail":
        return Step(sid, "voicemail", location, mailbox=split_args(priority.args)[0])
    if app in apps.HANGUPS:
        return Step(sid, "hangup", location, description=f"{priority.app}()")
    return Step(sid, "external", location, target_text=f"{priority.app}({priority.args})",
                description=f"{priority.app}() hands the call to something ivr does not follow")


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
    if own is not None:
        audio, interruptible = list(own[0]), own[1]
    j = index + (own is not None)
    while j < len(ext.priorities):
        priority = ext.priorities[j]
        if _prompt(priority, ext, j) is not None:
            # another prompt follows before the wait: this one is a message on the way to it (keys pressed
            # during a Background still count, but the menu is where the caller is asked)
            return Step(sid, "message", ext.priorities[index].location, audio=audio, interruptible=interruptible,
                        next=_next(walker, context, ext, j, frame))
        if not walker.is_noise(priority):
            break
        j += 1
    ends = j >= len(ext.priorities)
    waits = not ends and ext.priorities[j].app.lower() == "waitexten"
    location = ext.priorities[index].location
    if not waits and not (ends and interruptible):
        return Step(sid, "message", location, audio=audio, interruptible=interruptible,
                    next=_next(walker, context, ext, j, frame))
    timeout = response
    if waits:
        timeout = _seconds(split_args(ext.priorities[j].args)[0]) or response if ext.priorities[j].args else response
    ctx = walker.plan.contexts[context]
    step = Step(sid, "menu", location, label=f"{context} ({ctx.comment})" if ctx.comment else context,
                audio=audio, interruptible=interruptible or not audio, timeout=timeout or _RESPONSE_TIMEOUT,
                options=walker.options(context, frame))
    # Asterisk waits for as many digits as the longest option needs (the digit timeout ends shorter ones)
    step.max_digits = max((len(re.findall(r"\[[^\]]*\]|[^.!]", o.key[1:])) if o.key.startswith("_") else len(o.key)
                           for o in step.options), default=None)
    after_wait = j + 1
    if waits and after_wait < len(ext.priorities):
        step.no_input = _next(walker, context, ext, after_wait, frame)
        timeout_retries = None
        timeout_final = None
    else:
        step.no_input, timeout_retries, timeout_final = walker.failure(context, "t")
        if step.no_input is None:
            step.no_input, timeout_retries, timeout_final = walker.failure(context, "e")
    step.no_match, retries, final = walker.failure(context, "i")
    if step.no_match is None:
        step.no_match, retries, final = walker.failure(context, "e")
    step.retries = retries or timeout_retries
    step.on_fail = final or timeout_final
    if final is not None and timeout_final is not None and final.target != timeout_final.target:
        walker.split_ends.append((step.label or sid, final, timeout_final))  # judged once every step is built
    # without i, t or e Asterisk hangs up: a hangup node of its own says so where the menu waits
    wait = ext.priorities[j].location if waits else location
    if step.no_input is None:
        step.no_input = Ref(walker.end(f"{context},t,missing", wait, "no t or e extension: a caller who presses "
                                       "nothing is hung up on"), wait)
    if step.no_match is None:
        step.no_match = Ref(walker.end(f"{context},i,missing", wait, "no i or e extension: a wrong key hangs up"),
                            wait)
    if step.retries is not None and step.on_fail is None:
        step.when_failed = DISCONNECT
    return step


def _read(walker: Walker, sid: str, context: str, ext: Extension, index: int, frame: Frame | None) -> Step:
    """``Read(var,prompt,maxdigits,...)``; followed by ``GotoIf`` tests of ``${var}`` it is a menu."""
    priority = ext.priorities[index]
    args = split_args(priority.args) + ["", "", "", "", "", ""]
    variable, prompt = args[0], [f for f in args[1].split("&") if f]
    max_digits = whole(args[2])
    timeout = _seconds(args[5]) if args[5] else None
    choices: list[Choice] = []
    j = index + 1
    while j < len(ext.priorities) and ext.priorities[j].app.lower() == "gotoif":
        test = ext.priorities[j]
        parts = apps.split_condition(test.args)
        match = _READ_TEST.match(parts[0]) if parts else None
        if parts is None or match is None or match.group(1) != variable or not parts[1]:
            break
        target = apps.goto_target(parts[1], context, ext.name)
        assert target is not None
        jump = walker.resolve(target, test, frame)
        goto = Ref(jump if isinstance(jump, str) else walker.at(*jump, frame), test.location)
        choices.append(Choice(match.group(2), goto, test.location))
        j += 1
    rest = _next(walker, context, ext, j, frame)
    if not choices:
        return Step(sid, "input", priority.location, audio=prompt, next=rest, timeout=timeout, label=context,
                    max_digits=max_digits, min_digits=1 if max_digits else None)
    return Step(sid, "menu", priority.location, audio=prompt, options=choices, timeout=timeout, label=context,
                no_input=rest, no_match=rest, description=f"Read({priority.args}) then a choice on ${{{variable}}}")


def _branch(walker: Walker, sid: str, context: str, ext: Extension, index: int, frame: Frame | None) -> Step:
    priority = ext.priorities[index]
    parts = apps.split_condition(priority.args)
    location = priority.location
    if parts is None:
        walker.errors.append(LoadError(location, f"{priority.app}({priority.args}) has no '?'; write "
                                       f"{priority.app}(condition?label_if_true:label_if_false)"))
        return Step(sid, "message", location, next=_next(walker, context, ext, index + 1, frame))
    condition, yes, no = parts
    cases: list[Case] = []
    names = (("the time matches " + condition, yes), ("otherwise", no)) if priority.app.lower() == "gotoiftime" \
        else ((condition, yes), (f"not {condition}", no))
    for when, label in names:
        if label:
            target = apps.goto_target(label, context, ext.name)
            assert target is not None
            jump = walker.resolve(target, priority, frame)
            goto = Ref(jump if isinstance(jump, str) else walker.at(*jump, frame), location)
        else:
            goto = _next(walker, context, ext, index + 1, frame)
        cases.append(Case(when, goto, location))
    return Step(sid, "branch", location, cases=cases[:1], otherwise=cases[1].goto,
                description=f"{priority.app}({priority.args})")

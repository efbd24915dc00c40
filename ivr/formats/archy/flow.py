"""What an Archy flow means to a caller: menus, choices and tasks as a :class:`Flow`.

Architect's rules, from the Archy and Architect documentation:

* the call starts at ``startUpRef`` (``/inboundCall/menus/menu[refId]`` or
  ``./tasks/task[refId]``), after ``initialGreeting``;
* a menu plays its audio and waits ``menuSelectionTimeout`` for a choice
  (``dtmf: digit_N``); with no choice, or a key no choice has, it plays again,
  up to ``repeatCount`` plays in all (``settingsMenu``, overridden per menu
  unless ``noValue``), then the call takes ``defaultChildMenuRef`` when the
  menu names one, else disconnects (:data:`ARCHITECT`);
* choices: ``menuTransferToAcd`` (a queue: a person), ``menuSubMenu`` (a menu
  written inside), ``menuJumpToMenu``, ``menuJumpToTask``, ``menuTask`` (a task
  written inside), ``menuRepeatMenu``, ``menuDisconnect``,
  ``menuTransferToFlow`` and the transfers to voicemail, a number, a user or a
  group;
* a task runs its actions in order; an action's ``outputs`` (``yes``/``no``,
  ``success``/``failure``/``timeout``, ``found``/``notFound``, a switch's
  cases) run their own actions and then carry on with the next action; a task
  that runs out of actions disconnects;
* ``transferToAcd`` ends the flow when the caller is in the queue and falls
  through to its ``failure`` output, then the next action, when it fails: the
  transfer's failure way (``if_failed``), analysed, after its Failed Transfer
  Audio; a menu choice's transfer that fails repeats the menu;
  ``transferToFlow`` hands off to another flow (``targetFlow``);
* an ``inqueueCall`` flow runs ``startUpTaskActions`` while the caller waits
  in a queue and loops back to the first action until an agent answers.

Values are ``lit:`` (a literal), ``exp:`` (an expression, kept as written) or
``noValue``; ``{{placeholders}}`` are kept as written.
"""

from __future__ import annotations

import math
import re
from itertools import islice
from typing import Any

from ivr.formats.archy.document import ArchyDocument
from ivr.formats.cloud.jsonloc import pointer_part
from ivr.formats.flow import (AfterLast, Edge, Flow, FlowError, Semantics, Step, collapse_passes, drop_failure_paths,
                              drop_unreached, reachable)
from ivr.formats.native.yamlfile import LocatedDict, LocatedList
from ivr.formats.numbers import seconds, whole
from ivr.model.menu import Fallback, Location

__all__ = ["ARCHITECT", "to_flow"]

#: Genesys Cloud Architect menus (Genesys Cloud Resource Center, "Configure default menu settings",
#: help.mypurecloud.com/articles/configure-default-menu-settings/, ``settingsMenu`` in Archy): "Menu repeat
#: count" is the number of times the menu prompt plays, default 3; after that many plays Architect passes
#: control to the menu's default menu choice (``defaultChildMenuRef``), if any, else the call is disconnected.
#: With no choice, or a key no choice has, the menu plays again. So ``repeatCount`` is the tries, not 1 + it.
ARCHITECT = Semantics("Genesys Architect", tries=3, no_input=Fallback.REPLAY, no_match=Fallback.REPLAY,
                      after_last=AfterLast.DISCONNECT)
#: "Menu selection timeout" (same page): the seconds Architect waits for a choice before it plays the menu
#: again, default 10.
MENU_SELECTION_TIMEOUT = 10.0

_REF = re.compile(r"^(?:/\w+|\.)/(menus/menu|tasks/task)\[(.+)\]$")
_PERSON = {"transferToAcd": "queue", "transferToUser": "queue", "transferToGroup": "queue",
           "transferToNumber": "number", "transferToExternal": "number", "menuTransferToAcd": "queue",
           "menuTransferToUser": "queue", "menuTransferToGroup": "queue", "menuTransferToNumber": "number"}
_FLOW = ("transferToFlow", "transferToFlowSecure", "menuTransferToFlow", "menuTransferToFlowSecure")
_VOICEMAIL = ("transferToVoicemail", "menuTransferToVoicemail")
_DIGIT = {"star": "*", "pound": "#", "hash": "#"}


#: An audio expression that is silence only: ToAudioBlank(n), alone or appended to itself.
_ONLY_SILENCE = re.compile(r"\s*(?:Append\s*\(\s*)?(?:ToAudioBlank\s*\(\s*\d+\s*\)\s*,?\s*)+\)?\s*")

#: A templating placeholder as flow files hold them: ``{{name}}`` (Terraform templatefile, archy --optionsFile),
#: ``${name}``, or the token ivr put in a placeholder's place to read YAML it made invalid (``__name__``).
_PLACEHOLDER = re.compile(r"\{\{.*?\}\}|\$\{.*?\}|\A__\w+__\Z")


def value_text(document: ArchyDocument, value: object) -> str | None:
    """An Archy value as text: ``lit:`` its literal (a name inside it), ``exp:`` the expression."""
    if isinstance(value, dict):
        if value.get("noValue") is True:
            return None
        for key in ("lit", "exp", "tts", "prompt", "name", "audio"):
            if key in value:
                return value_text(document, value[key])
        return None
    if value is None:
        return None
    return document.text(str(value))


class _Reader:
    def __init__(self, document: ArchyDocument):
        self.document = document
        self.file = document.file
        root = document.flow
        name = value_text(document, root.get("name")) or document.file.rsplit("/", 1)[-1].split(".", 1)[0]
        self.flow = Flow(name, document.file, Edge("", self.pos(root, f"/{document.kind}")), {}, ARCHITECT,
                         self.pos(root, f"/{document.kind}"), kind=document.kind)
        self.flow.aliases |= {name}
        #: steps made before knowing a call gets there: ends of tasks, actions after a transfer
        self.ends: set[str] = set()
        self.fallthrough: set[str] = set()
        language = root.get("defaultLanguage")
        self.flow.language = str(language).split("-")[0] if isinstance(language, str) else "en"
        written = value_text(document, language) if isinstance(language, str) else None
        if written is not None and _PLACEHOLDER.search(written):
            # a flow published through Terraform (genesyscloud_flow substitutions) or `archy publish --optionsFile`
            # gets its language filled in then: ivr cannot know which, so no word list judges its prompts
            # ("und", BCP 47's undetermined language; the summary names it among the languages not checked)
            self.flow.language = "und"
            self.flow.summary.notes.append(f"defaultLanguage {written} is filled in when the flow is published "
                                           "(templating): the prompts' language is not known, so their words "
                                           "are not judged")
        settings = root.get("settingsMenu")
        #: the flow's repeatCount and menuSelectionTimeout (None: Architect's own, see ARCHITECT)
        self.repeat = self.repeat_count(settings) if isinstance(settings, dict) else None
        self.timeout = self.duration(settings.get("menuSelectionTimeout")) if isinstance(settings, dict) else None
        if document.placeholders:
            shown = ", ".join(sorted(set(document.placeholders.values())))
            self.flow.summary.notes.append(f"templating placeholders ({shown}) make the YAML invalid as written: "
                                           "read with a neutral token of the same length in their place")

    def pos(self, mapping: LocatedDict | LocatedList, pointer: str, key: str | int | None = None) -> Location:
        positions: Any = getattr(mapping, "positions", {})
        if isinstance(key, str) and isinstance(mapping, LocatedDict) and key in positions:
            line, column, _, _ = mapping.position(key)
            return Location(self.file, line, column, f"{pointer}/{pointer_part(key)}")
        if key is not None and isinstance(mapping, LocatedList) and isinstance(key, int):
            line, column = mapping.position(key)
            return Location(self.file, line, column, f"{pointer}/{key}")
        return Location(self.file, getattr(mapping, "line", None), getattr(mapping, "column", None), pointer)

    def repeat_count(self, settings: dict[str, Any]) -> int | None:
        count = value_text(self.document, settings.get("repeatCount"))
        return whole(count)

    @staticmethod
    def duration(value: object) -> float | None:
        """An Archy duration literal in seconds: ``lit: {seconds: 5}`` (or ``ms``, ``minutes``), or a bare
        number of seconds; None for ``noValue``, an expression, or anything else."""
        if isinstance(value, dict) and "lit" in value:
            value = value["lit"]
        if isinstance(value, dict):
            total, found = 0.0, False
            for unit, factor in (("hours", 3600.0), ("minutes", 60.0), ("seconds", 1.0), ("ms", 0.001)):
                amount = seconds(value.get(unit)) if unit in value else None
                if amount is not None and math.isfinite(amount):
                    total, found = total + amount * factor, True
            return total if found else None
        amount = seconds(value)
        return amount if amount is not None and math.isfinite(amount) else None

    @staticmethod
    def ref_id(ref: str) -> str | None:
        match = _REF.match(ref.strip())
        return f"{match.group(1).rsplit('/', 1)[1]}[{match.group(2)}]" if match else None

    def end(self, pos: Location, why: str) -> Edge:
        sid = f"end:{pos.pointer}"
        self.ends.add(sid)
        if sid not in self.flow.steps:
            self.flow.add(Step(sid, "hangup", pos, "disconnect", label=f"disconnect ({why})"))
        return Edge(sid, pos)

    def ref_edge(self, value: object, pos: Location) -> Edge:
        ref = value_text(self.document, value) or ""
        target = self.ref_id(ref)
        if target is None:
            raise FlowError(pos, f"reference {ref!r} is not a menu or task reference; write "
                            "/inboundCall/menus/menu[refId] or ./tasks/task[refId]")
        return Edge(target, pos)

    # --- the flow ---------------------------------------------------------------------------------------

    def read(self) -> Flow:
        root, kind = self.document.flow, self.document.kind
        base = f"/{kind}"
        for index, item in self.items(root, "menus", base):
            self.menu(item[0], item[1], item[2])
        for index, (task, pointer, at) in self.items(root, "tasks", base):
            self.task(task, pointer, at)
        if kind == "inqueueCall":
            self.inqueue(root, base)
        else:
            if "startUpRef" not in root:
                raise FlowError(self.pos(root, base), f"{kind} has no startUpRef; name the menu or task a call "
                                "starts at, e.g. startUpRef: /inboundCall/menus/menu[Main Menu_10]")
            self.flow.start = self.ref_edge(root["startUpRef"], self.pos(root, base, "startUpRef"))
        greeting = root.get("initialGreeting")
        if greeting is not None:
            at = self.pos(root, base, "initialGreeting")
            step = Step("initialGreeting", "message", at, "initialGreeting", label="initial greeting",
                        goto=self.flow.start)
            self.prompt(step, greeting, at)
            self.flow.add(step)
            self.flow.start = Edge(step.id, at)
        # what only a failed transfer's next actions lead to (a task they jump to) runs only then too: found before
        # the jumps (pass steps) are collapsed
        fallthrough = set(reachable(self.flow.steps, sorted(self.fallthrough)))
        collapse_passes(self.flow)
        drop_unreached(self.flow, fallthrough - self.ends, "runs only after a failed transfer, which is not analysed")
        drop_unreached(self.flow, self.ends)  # the reader's own ends: left out unsaid
        drop_failure_paths(self.flow)
        return self.flow

    def items(self, mapping: LocatedDict, key: str, base: str) -> list[tuple[int, tuple[LocatedDict, str, Location]]]:
        listing = mapping.get(key)
        if not isinstance(listing, LocatedList):
            return []
        found = []
        singular = key[:-1]
        for index, item in enumerate(listing):
            pointer = f"{base}/{key}/{index}"
            if isinstance(item, LocatedDict) and isinstance(item.get(singular), LocatedDict):
                found.append((index, (item[singular], f"{pointer}/{singular}", self.pos(listing, f"{base}/{key}",
                                                                                          index))))
        return found

    def prompt(self, step: Step, audio: object, at: Location) -> None:
        if isinstance(audio, dict) and "tts" in audio:
            step.text = value_text(self.document, audio["tts"])
        elif isinstance(audio, dict) and "exp" in audio:
            text = value_text(self.document, audio["exp"]) or ""
            spoken = re.findall(r'ToAudioTTS\("((?:[^"\\]|\\.)*)"\)', text)
            if spoken:
                step.text = " ".join(spoken)
            elif _ONLY_SILENCE.fullmatch(text):
                # ToAudioBlank(ms) is silence of that many milliseconds (Architect expression help, "ToAudioBlank"):
                # no recording, no words; the step plays nothing a caller hears (it was read as a file name)
                step.audio = []
            else:
                step.audio = [text] if text else []
        elif audio is not None:
            written = value_text(self.document, audio)
            step.audio = [written] if written else []
        step.prompt_location = at

    def menu(self, menu: LocatedDict, pointer: str, at: Location, sid: str | None = None) -> str:
        ref = value_text(self.document, menu.get("refId"))
        sid = sid or (f"menu[{ref}]" if ref else f"menu:{pointer}")
        name = value_text(self.document, menu.get("name"))
        step = self.flow.add(Step(sid, "menu", at, "menu", label=name))
        self.flow.summary.read += 1
        self.flow.summary.used += 1
        if "audio" in menu:
            self.prompt(step, menu["audio"], self.pos(menu, pointer, "audio"))
        settings = menu.get("settingsMenu")
        repeat = self.repeat_count(settings) if isinstance(settings, dict) else None
        repeat = repeat if repeat is not None else self.repeat
        step.tries = max(repeat, 1) if repeat is not None else None  # plays in all; a menu plays at least once
        step.input_modes = ("dtmf", "speech")
        timeout = self.duration(settings.get("menuSelectionTimeout")) if isinstance(settings, dict) else None
        step.timeout = timeout if timeout is not None else self.timeout if self.timeout is not None \
            else MENU_SELECTION_TIMEOUT
        choices = menu.get("choices")
        own: dict[str, str] = {}
        if isinstance(choices, LocatedList):
            for index, choice in enumerate(choices):
                if isinstance(choice, LocatedDict) and choice:
                    target = self.choice(step, choice, f"{pointer}/choices/{index}",
                                         self.pos(choices, f"{pointer}/choices", index))
                    body = choice[next(iter(choice))]
                    ref = value_text(self.document, body.get("refId")) if isinstance(body, dict) else None
                    if target is not None and ref:
                        own[f"{next(iter(choice))}[{ref}]"] = target
        default = menu.get("defaultChildMenuRef")
        if default is not None and value_text(self.document, default):
            at = self.pos(menu, pointer, "defaultChildMenuRef")
            written = (value_text(self.document, default) or "").strip()
            # Architect: a menu's default choice ("the choice taken when tries run out") may be one of the
            # menu's own choices, written relative to the menu as ./choices/<choiceType>[<refId>]
            # (archy YAML, e.g. defaultChildMenuRef: "./choices/menuDisconnect[Disconnect_11]").
            if written.startswith("./choices/"):
                target = own.get(written[len("./choices/"):])
                if target is None:
                    raise FlowError(at, f"reference {written!r} names no choice of this menu; write "
                                    "./choices/<choice type>[<refId of one of its choices>]")
                step.on_fail = Edge(target, at)
            else:
                step.on_fail = self.ref_edge(default, at)
        return sid

    def choice(self, menu: Step, choice: LocatedDict, pointer: str, at: Location) -> str | None:
        """Reads one choice into ``menu``'s options; the step it leads to (None when left out)."""
        kind = next(iter(choice))
        body = choice[kind] if isinstance(choice[kind], LocatedDict) else LocatedDict()
        here = f"{pointer}/{pointer_part(kind)}"
        self.flow.summary.read += 1
        name = value_text(self.document, body.get("name")) if isinstance(body, dict) else None
        digit = value_text(self.document, body.get("dtmf")) if isinstance(body, dict) else None
        key = None
        if digit and digit.startswith("digit_"):
            key = _DIGIT.get(digit[6:], digit[6:])
        sid = f"choice:{here}"
        if kind == "menuRepeatMenu":
            target = menu.id
        elif kind == "menuJumpToMenu":
            target = self.ref_edge(body.get("targetMenuRef"), at).target
        elif kind == "menuJumpToTask":
            target = self.ref_edge(body.get("targetTaskRef"), at).target
        elif kind == "menuSubMenu" and isinstance(body.get("menu"), LocatedDict):
            target = self.menu(body["menu"], f"{here}/menu", at)
        elif kind == "menuTask" and isinstance(body.get("task"), LocatedDict):
            target = self.task(body["task"], f"{here}/task", at, sid=sid)
        elif kind == "menuDisconnect":
            target = self.flow.add(Step(sid, "hangup", at, kind, label=name)).id
        else:
            # "If the Transfer to ACD action fails within a menu (not a task sequence) ... Architect repeats the
            # current menu" (Genesys Cloud Resource Center, "Transfer to ACD action")
            step = self.terminal(kind, body, here, at, sid, after=Edge(menu.id, at) if kind in _PERSON else None)
            if step is None:
                self.flow.summary.skip(f"choice {kind}", "not a choice ivr knows: left out", at)
                return None
            target = step.id
        self.flow.summary.used += 1
        if key is None:
            # a choice callers select by voice only ("speechRecTerms": the words, per language, that select it; a
            # menu listens for keys and speech): an option keyed by its first word, as a bot's intent is
            term = self.speech_term(body)
            if term is None:
                self.flow.summary.skip(f"choice {name or kind}", "it has neither a dtmf key nor speech terms: "
                                       "callers cannot select it", at)
                return target
            key = term
        menu.options.append(Edge(target, at, key, name))
        return target

    def speech_term(self, body: LocatedDict) -> str | None:
        """The first word of a choice's ``speechRecTerms`` in the flow's language (else any), or None."""
        terms = body.get("speechRecTerms")
        if not isinstance(terms, dict):
            return None
        languages = sorted(terms, key=lambda code: str(code).split("-")[0] != self.flow.language)
        for code in languages:
            entry = terms[code]
            words = entry.get("terms") if isinstance(entry, dict) else None
            if isinstance(words, list):
                for word in words:
                    if isinstance(word, bool):
                        # a bare yes/no: a word in Archy's YAML 1.2, a boolean in the YAML 1.1 ivr reads values with;
                        # its spelling (yes, Yes, on) is lost, the word is the likely one
                        word = "yes" if word else "no"
                    text = value_text(self.document, word) if isinstance(word, dict) else word
                    if isinstance(text, (str, int, float)) and str(text).strip():
                        return str(text).strip()
        return None

    def terminal(self, kind: str, body: dict[str, Any], pointer: str, at: Location, sid: str,
                 after: Edge | None) -> Step | None:
        """Steps for transfers (to a person, voicemail, another flow); None for any other kind."""
        if kind in _PERSON:
            step = self.flow.add(Step(sid, "transfer", at, kind, label=value_text(self.document, body.get("name"))))
            target = value_text(self.document, body.get("targetQueue") or body.get("targetUser")
                                or body.get("targetGroup") or body.get("targetNumber") or body.get("destination"))
            if _PERSON[kind] == "queue":
                step.queue = target or "(queue set at run time)"
            else:
                step.number = target or "(number set at run time)"
            # the in-queue flow that plays while the caller waits (Architect's "Transfer to ACD action": In-Queue
            # Flow); without an override, the queue's own, which the file does not name
            in_queue = value_text(self.document, body.get("overrideInQueueFlow")) if _PERSON[kind] == "queue" else None
            step.hold = f"the in-queue flow '{in_queue}'" if in_queue else None
            if "preTransferAudio" in body:  # what callers hear before the transfer, in a menu choice or an action
                at_audio = self.pos(body, pointer, "preTransferAudio") if isinstance(body, LocatedDict) else at
                self.prompt(step, body["preTransferAudio"], at_audio)
            # Genesys Cloud Resource Center, "Transfer to ACD action" (and the transfers to a user, a group, a number):
            # when the transfer fails the flow runs the Failure output's actions, then carries on with the next
            # action; when it succeeds the flow ends. That way is the transfer's failure way (Step.on_fail,
            # Node.if_failed), analysed; a menu choice's transfer repeats its menu (``after``, made by the caller)
            way = self.outputs_edge(body, pointer, "failure", after) or after
            if way is not None:
                step.on_fail, step.failed_when = self.failed_audio(sid, body, pointer, at, way), ("failure",)
            elif isinstance(body.get("outputs"), dict) and "failure" in body["outputs"]:
                self.flow.summary.skip(f"{kind} failure output", "what happens after a failed transfer is not "
                                       "analysed: the caller is counted as reaching a person", at)
            return step
        if kind in _VOICEMAIL:
            step = self.flow.add(Step(sid, "voicemail", at, kind, label=value_text(self.document, body.get("name"))))
            step.mailbox = value_text(self.document, body.get("destination")) or "voicemail"
            return step
        if kind in _FLOW:
            step = self.flow.add(Step(sid, "handoff", at, kind, label=value_text(self.document, body.get("name"))))
            step.flow_ref = value_text(self.document, body.get("targetFlow")) or ""
            step.target_text = f"{kind} {step.flow_ref}"
            step.on_fail = self.outputs_edge(body, pointer, "failure", after)
            if step.on_fail is not None:
                self.flow.failure_targets.add(step.on_fail.target)
            return step
        return None

    def failed_audio(self, sid: str, body: dict[str, Any], pointer: str, at: Location, way: Edge) -> Edge:
        """Where a failed transfer goes, after what it plays: the action's Failed Transfer Audio
        (``failureTransferAudio``: words or a recording, then the way; "Optional" in the Resource Center's
        "Transfer to ACD action", so without one, or with ``ToAudioBlank`` silence, nothing is played)."""
        if "failureTransferAudio" not in body:
            return way
        audio_sid = f"{sid}/failed audio"
        step = self.flow.add(Step(audio_sid, "message", at, "failureTransferAudio", goto=way,
                                  label="failed transfer audio"))
        where = self.pos(body, pointer, "failureTransferAudio") if isinstance(body, LocatedDict) else at
        self.prompt(step, body["failureTransferAudio"], where)
        if not step.text and not step.audio:  # silence: nothing a caller hears, straight on
            del self.flow.steps[audio_sid]
            return way
        return Edge(audio_sid, at)

    def outputs_edge(self, body: dict[str, Any], pointer: str, output: str, after: Edge | None) -> Edge | None:
        outputs = body.get("outputs")
        if isinstance(outputs, LocatedDict) and isinstance(outputs.get(output), LocatedDict):
            actions = outputs[output].get("actions")
            at = self.pos(outputs, f"{pointer}/outputs", output)
            if isinstance(actions, LocatedList):
                return self.actions(actions, f"{pointer}/outputs/{pointer_part(output)}/actions", after, at)
        return after

    # --- tasks ------------------------------------------------------------------------------------------

    def task(self, task: LocatedDict, pointer: str, at: Location, sid: str | None = None) -> str:
        ref = value_text(self.document, task.get("refId"))
        sid = sid or (f"task[{ref}]" if ref else f"task:{pointer}")
        actions = task.get("actions")
        end = self.end(at, f"end of task {value_text(self.document, task.get('name')) or ref or ''}".strip())
        first = self.actions(actions, f"{pointer}/actions", end, at) if isinstance(actions, LocatedList) else end
        self.flow.add(Step(sid, "pass", at, "task", goto=first))
        return sid

    def actions(self, actions: LocatedList, pointer: str, after: Edge | None, at: Location) -> Edge:
        """Steps for a list of actions run in order; the edge into the first (``after`` when empty)."""
        following = after or self.end(at, "end of actions")
        prefix = f"action:{pointer}/"
        #: the steps made for the actions after the one at hand, and the first of them after a transfer: what
        #: follows a transfer runs only when the transfer fails (kept as a count: a list of transfers is linear)
        made: list[str] = []
        after_transfer = 0
        for index in range(len(actions) - 1, -1, -1):
            action = actions[index]
            if not isinstance(action, LocatedDict) or not action:
                continue
            here = f"{pointer}/{index}"
            count = len(self.flow.steps)
            next_action = following
            following = self.action(action, here, self.pos(actions, pointer, index), following)
            step = self.flow.steps.get(following.target)
            if step is not None and step.kind in ("transfer", "voicemail"):
                after_transfer = len(made)
                self.fallthrough.add(next_action.target)  # what follows (a jump's target too) runs only then
            made.extend(sid for sid in islice(reversed(self.flow.steps), len(self.flow.steps) - count)
                        if sid.startswith(prefix))
        self.fallthrough.update(made[:after_transfer])
        return following

    def action(self, action: LocatedDict, pointer: str, at: Location, after: Edge) -> Edge:
        kind = next(iter(action))
        body = action[kind] if isinstance(action[kind], LocatedDict) else LocatedDict()
        here = f"{pointer}/{pointer_part(kind)}"
        sid = f"action:{here}"
        label = value_text(self.document, body.get("name")) if isinstance(body, dict) else None
        self.flow.summary.read += 1
        self.flow.summary.used += 1
        if kind == "disconnect":
            self.flow.add(Step(sid, "hangup", at, kind, label=label))
        elif kind == "playAudio":
            step = self.flow.add(Step(sid, "message", at, kind, label=label, goto=after))
            self.prompt(step, body.get("audio"), self.pos(body, here, "audio"))
        elif kind in ("jumpToMenu", "jumpToTask"):
            key = "targetMenuRef" if kind == "jumpToMenu" else "targetTaskRef"
            return self.ref_edge(body.get(key), self.pos(body, here, key))
        elif self.terminal(kind, body, here, at, sid, after) is not None:
            pass
        elif kind == "decision":
            step = self.flow.add(Step(sid, "branch", at, kind, label=label))
            condition = value_text(self.document, body.get("condition")) or "condition"
            step.branches.append(Edge((self.outputs_edge(body, here, "yes", after) or after).target, at,
                                      f"{condition} is true"))
            step.otherwise = self.outputs_edge(body, here, "no", after) or after
        elif kind == "switch":
            self.switch(body, here, at, sid, label, after)
        elif kind == "collectInput":
            self.collect(body, here, at, sid, label, after)
        elif isinstance(body.get("outputs"), LocatedDict):
            step = self.flow.add(Step(sid, "branch", at, kind, label=label))
            step.target_text = kind
            for output in body["outputs"]:
                edge = self.outputs_edge(body, here, str(output), after) or after
                step.branches.append(Edge(edge.target, self.pos(body["outputs"], f"{here}/outputs", output),
                                          f"{kind} {output}"))
            step.otherwise = after
        else:
            self.flow.add(Step(sid, "pass", at, kind, label=label, goto=after))
        return Edge(sid, at)

    def collect(self, body: LocatedDict, pointer: str, at: Location, sid: str, label: str | None, after: Edge) -> None:
        """Collect Input: plays its input audio once and waits for digits (Genesys Cloud Resource Center, "Collect
        Input action": No Entry Timeout, default 5 s; a range of digits, a terminating character, "the opposite of
        the two causes the action to take a failure path"). Digits go down its success output, no entry or a wrong
        entry down its failure output: the caller's own mistakes, with no try of its own after them; each output
        then runs on to the next action."""
        step = self.flow.add(Step(sid, "input", at, "collectInput", label=label))
        self.prompt(step, body.get("inputAudio"), self.pos(body, pointer, "inputAudio"))
        step.input_modes = ("dtmf",)
        timeout = self.duration(body.get("noEntryTimeout"))
        step.timeout = timeout if timeout is not None else 5.0
        step.goto = self.outputs_edge(body, pointer, "success", after) or after
        failure = self.outputs_edge(body, pointer, "failure", after) or after
        outputs = body.get("outputs")
        where = self.pos(outputs, f"{pointer}/outputs", "failure") \
            if isinstance(outputs, LocatedDict) and "failure" in outputs else at  # where its failure is written
        step.no_input = Edge(failure.target, where, "no entry (failure)")
        step.no_match = Edge(failure.target, where, "a wrong entry (failure)")
        step.tries = 1  # it plays once: a failure is not asked again

    def switch(self, body: LocatedDict, pointer: str, at: Location, sid: str, label: str | None, after: Edge) -> None:
        step = self.flow.add(Step(sid, "branch", at, "switch", label=label))
        # as archy exports it, the cases and the default sit under the evaluation mode:
        # evaluate: {firstTrue: {cases: [{case: {value, actions}}], default: {actions}}}
        evaluate = body.get("evaluate")
        mode = next(iter(evaluate), None) if isinstance(evaluate, LocatedDict) else None
        default: Edge | None = None
        if isinstance(evaluate, LocatedDict) and mode is not None and isinstance(evaluate[mode], LocatedDict):
            body, pointer = evaluate[mode], f"{pointer}/evaluate/{pointer_part(mode)}"
            written = body.get("default")
            if isinstance(written, LocatedDict) and isinstance(written.get("actions"), LocatedList):
                default = self.actions(written["actions"], f"{pointer}/default/actions", after,
                                       self.pos(body, pointer, "default"))
        cases = body.get("cases")
        if isinstance(cases, LocatedList):
            for index, item in enumerate(cases):
                case = item.get("case") if isinstance(item, LocatedDict) else None
                if not isinstance(case, LocatedDict):
                    continue
                here = f"{pointer}/cases/{index}/case"
                when = value_text(self.document, case.get("value")) or f"case {index + 1}"
                actions = case.get("actions")
                target = self.actions(actions, f"{here}/actions", after, at) if isinstance(actions, LocatedList) \
                    else after
                step.branches.append(Edge(target.target, self.pos(cases, f"{pointer}/cases", index), when))
        step.otherwise = default or self.outputs_edge(body, pointer, "default", after) or after

    def inqueue(self, root: LocatedDict, base: str) -> None:
        """The in-queue loop: the start-up actions again and again until an agent answers."""
        actions = root.get("startUpTaskActions")
        at = self.pos(root, base, "startUpTaskActions")
        answer = self.flow.add(Step("agentAnswers", "transfer", at, "inqueue", label="an agent answers",
                                    queue="(the queue the call waits in)", invented=True))
        loop = self.flow.add(Step("inQueueLoop", "branch", at, "inqueue", label="in-queue loop", invented=True))
        first = self.actions(actions, f"{base}/startUpTaskActions", Edge(loop.id, at), at) \
            if isinstance(actions, LocatedList) else Edge(loop.id, at)
        loop.branches.append(Edge(answer.id, at, "an agent answers"))
        loop.otherwise = first
        self.flow.start = first


def to_flow(document: ArchyDocument) -> Flow:
    return _Reader(document).read()

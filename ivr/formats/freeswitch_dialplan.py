"""FreeSWITCH dialplan XML (mod_dialplan_xml): the extensions that route a call into ``ivr`` menus and on.

A dialplan file holds ``<context name>`` s of ``<extension name [continue]>`` s, each a list of
``<condition field expression [break]>`` s holding ``<action application data>`` s and
``<anti-action>`` s. Semantics, from FreeSWITCH's documentation ("XML Dialplan",
developer.signalwire.com) and source (src/mod/dialplans/mod_dialplan_xml/mod_dialplan_xml.c,
``dialplan_hunt`` and ``parse_exten``):

- A call entering a context with a destination number is tested against the extensions in
  order. In an extension, each condition either matches (its actions are queued) or not (its
  anti-actions are queued, and ``break="on-false"``, the default, stops the extension). The
  first extension whose conditions all match ends the hunt, unless it says
  ``continue="true"``. Then the queued actions run in order; when they run out, the call is
  hung up.
- ``ivr NAME`` runs a menu; when the menu exits, the next action runs. ``transfer DEST [XML
  [CONTEXT]]`` hunts again with a new destination (in the same context when none is named).
  ``bridge`` connects the caller to a phone or gateway (a person), ``callcenter`` / ``fifo``
  to a queue, ``voicemail`` leaves a message, ``hangup`` ends the call, ``playback`` plays a
  recording; ``answer``, ``sleep``, ``set`` and the like change nothing a caller chooses.

What ivr does with it: a condition on ``destination_number`` is decided by the number; a time
condition (``wday``, ``hour``, ...) or one on another field becomes a branch (``when``: the
condition as written); a ``transfer`` to a literal number in a given context is followed; any
other application, or a transfer ivr cannot follow, is an ``external`` node with its text.
An IVR starts at each extension that runs ``ivr`` (the extensions hunted before it, usually
``continue="true"`` housekeeping, are not followed: the import summary says so).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ivr.formats.api import Imported, Note
from ivr.model.menu import Branch, Location, Node, Prompt, Ref

if TYPE_CHECKING:
    from ivr.formats.xmltree import Element

__all__ = ["Action", "Condition", "Extension", "Dialplan", "read_contexts", "Builder"]

#: Applications that change nothing a caller hears or chooses (mod_dptools): no node.
PASS = {"answer", "pre_answer", "ring_ready", "sleep", "set", "export", "unset", "log", "info", "hash", "limit",
        "db", "event", "record_session", "set_zombie_exec", "bind_meta_app", "unbind_meta_app", "unloop",
        "set_global", "set_profile_var", "set_user", "push", "multiset", "displace_session", "stop_record_session",
        "start_dtmf", "stop_dtmf", "enable_heartbeat", "sched_hangup", "sched_transfer", "privacy", "presence",
        "ring_group_stats", "cidlookup", "lcr", "acknowledge_call", "endless_playback_stop"}
#: Time attributes of a condition (mod_dialplan_xml: switch_xml_std_datetime_check).
TIMES = ("year", "yday", "mon", "mday", "week", "mweek", "wday", "hour", "minute", "minute-of-day", "time-of-day",
         "date-time", "tod")
_NUMBER = {"destination_number", "${destination_number}"}
_LITERAL = re.compile(r"[0-9*#+]{1,32}\Z")
#: Transfers followed one inside another at most (each a hunt through a context): past it, a hand-off.
MAX_HUNTS = 50
#: Conditions and extensions one call goes through, one inside another, at most (see Builder._conditions).
MAX_STEPS = 150


@dataclass
class Action:
    app: str
    data: str
    location: Location


@dataclass
class Condition:
    location: Location
    tested: str | None  # the condition's field="..." (a channel variable, destination_number)
    expression: str | None
    times: dict[str, str]
    on_false_breaks: bool
    actions: list[Action] = field(default_factory=list)
    anti: list[Action] = field(default_factory=list)

    def when(self) -> str:
        """The condition as written, for a branch's ``when``."""
        if self.times:
            return " ".join(f'{k}="{v}"' for k, v in self.times.items())
        return f"{self.tested} =~ {self.expression}"


@dataclass
class Extension:
    name: str
    context: str
    location: Location
    conditions: list[Condition]
    cont: bool = False

    def runs(self, app: str) -> list[Action]:
        return [a for c in self.conditions for a in c.actions if a.app == app]


@dataclass
class Dialplan:
    """The contexts of the dialplan files given, by name, their extensions in order."""

    contexts: dict[str, list[Extension]] = field(default_factory=dict)


def read_contexts(root: Element, imported: Imported) -> dict[str, list[Extension]]:
    """The ``<context>`` s under ``root`` with their extensions, counted."""
    contexts: dict[str, list[Extension]] = {}
    loose = [e for e in root.children if e.tag == "extension"] if root.tag == "include" else []
    if loose:
        # a snippet of extensions (conf/dialplan/public/*.xml): FreeSWITCH pastes it into the context whose file
        # includes it (X-PRE-PROCESS include in public.xml, default.xml): the vanilla layout names the folder
        # after that context
        folder = os.path.basename(os.path.dirname(os.path.abspath(root.location.file)))
        name = folder if folder in ("public", "default", "features", "skinny-patterns") else "public"
        imported.notes.append(Note(root.location, f"extensions outside a <context>: read as context '{name}', "
                                                  "where the vanilla configuration includes a file of this folder"))
        _extensions(name, loose, contexts, imported)
    for context in root.iter("context"):
        _extensions(context.attrib.get("name", "").strip() or "default", context.find_all("extension"), contexts,
                    imported)
    return contexts


def _extensions(name: str, elements: list[Element], contexts: dict[str, list[Extension]],
                imported: Imported) -> None:
    extensions = contexts.setdefault(name, [])
    for index, element in enumerate(elements, start=1):
        conditions = [_condition(c) for c in element.find_all("condition")]
        extensions.append(Extension(element.attrib.get("name", "").strip() or f"extension{index}", name,
                                    element.location, conditions,
                                    element.attrib.get("continue", "").strip().lower() == "true"))
        imported.count("extensions")


def _condition(element: Element) -> Condition:
    attrib = element.attrib
    field_ = attrib.get("field")
    expression = attrib.get("expression")
    if element.find_all("regex"):  # several regexes joined by regex="all|any|xor": decided at run time
        field_, expression = field_ or "regex", " ".join(r.attrib.get("expression", "") for r in
                                                         element.find_all("regex"))
    times = {k: attrib[k] for k in TIMES if k in attrib}
    breaks = attrib.get("break", "on-false").strip().lower() in ("on-false", "")
    condition = Condition(element.location, field_, expression, times, breaks)
    for child in element.children:
        if child.tag in ("action", "anti-action"):
            action = Action(child.attrib.get("application", "").strip(), child.attrib.get("data", "").strip(),
                            child.location)
            (condition.actions if child.tag == "action" else condition.anti).append(action)
    return condition


class Builder:
    """Builds the nodes a call goes through in the dialplan, from one extension or a hunt for a number.

    ``enter_menu(name, after)`` is given by the linker: the id of menu ``name``'s first node in
    this IVR, its exit leading to ``after`` (the next action).
    """

    def __init__(self, dialplan: Dialplan, fmt: str, nodes: dict[str, Node], notes: list[Note], enter_menu,
                 menus: frozenset[str] = frozenset()):
        self.dialplan = dialplan
        #: the names of the menus given (an ivr of another menu is a hand-off)
        self.menus = menus
        self.fmt = fmt
        self.nodes = nodes
        self.notes = notes
        self.enter_menu = enter_menu
        self._hunts: dict[tuple[str, str], str] = {}
        self._looped: set[tuple[str, str]] = set()
        self.depth = 0
        self.steps = 0
        self._housekeeping: set[Location] = set()

    # -- entry points --------------------------------------------------------------------------------------------

    def extension(self, extension: Extension) -> str:
        """The first node of a call that matched ``extension`` (its number conditions taken as met)."""
        return self._conditions(extension, 0, None, lambda: self._end(extension.location))

    def hunt(self, context: str, number: str, where: Location) -> str | None:
        """The first node of a call hunting ``number`` in ``context``; None when no extension there matches."""
        key = (context, number)
        if key in self._hunts:
            self._looped.add(key)
            return self._hunts[key]
        # a transfer that comes back here (a loop through the dialplan) leads to this hunt's own node, kept
        # only when something loops back to it
        node_id = f"{context}/{number}"
        self._hunts[key] = node_id
        self.depth += 1
        try:
            first = self._from(self.dialplan.contexts.get(context, []), 0, number, where) \
                if self.depth <= MAX_HUNTS else self._too_deep(context, number, where)
        finally:
            self.depth -= 1
        if first is None or key not in self._looped:
            del self._hunts[key]
            if first is not None:
                self._hunts[key] = first
            return first
        self.nodes[node_id] = Node(id=node_id, type="branch", location=where, format=self.fmt,
                                   description=f"the dialplan hunts {number} in context '{context}'",
                                   otherwise=Ref(first, where))
        return node_id

    def _too_deep(self, context: str, number: str, where: Location) -> str:
        node_id = f"{context}/{number}"
        self.nodes[node_id] = Node(id=node_id, type="external", location=where, format=self.fmt,
                                   target_text=f"transfer {number} XML {context} (more than {MAX_HUNTS} transfers "
                                               "deep: ivr follows no further)")
        return node_id

    # -- hunting ------------------------------------------------------------------------------------------------

    def _from(self, extensions: list[Extension], index: int, number: str, where: Location) -> str | None:
        for i in range(index, len(extensions)):
            extension = extensions[i]
            if not self._may_match(extension, number):
                continue
            return self._conditions(extension, 0, number, lambda i=i: self._from(extensions, i + 1, number, where)
                                    or self._end(where))
        return None

    def _may_match(self, extension: Extension, number: str) -> bool:
        """False when a number condition that breaks on false cannot match ``number``, or for housekeeping."""
        if extension.cont and not any(c.tested in _NUMBER for c in extension.conditions):
            # hunted for every number and going on after it (the vanilla "unloop", "set_domain", ...): state of the
            # channel, not a way a caller takes; followed, each would split every call into ways nobody chooses
            if extension.location not in self._housekeeping:
                self._housekeeping.add(extension.location)
                self.notes.append(Note(extension.location, f"extension '{extension.name}' tests no "
                                                           "destination_number and continues: ivr does not follow "
                                                           "it (housekeeping run for every call)"))
            return False
        for condition in extension.conditions:
            if condition.tested in _NUMBER and condition.expression is not None and condition.on_false_breaks:
                decided = _decide(condition, number)
                if decided is False and not condition.anti:
                    return False
        return True

    def _conditions(self, extension: Extension, index: int, number: str | None, after_extension) -> str:
        """Nodes for the conditions of ``extension`` from ``index`` on; ``after_extension()`` continues the hunt."""
        if self.steps >= MAX_STEPS:  # each step is a few frames of Python's stack: bounded, never a RecursionError
            node_id = f"{self._place(extension, number)}/further"
            self.nodes.setdefault(node_id, Node(
                id=node_id, type="external", location=extension.location, format=self.fmt,
                target_text=f"the rest of the dialplan from extension '{extension.name}' (more than {MAX_STEPS} "
                            "conditions and extensions in one call: ivr follows no further)"))
            return node_id
        self.steps += 1
        try:
            return self._condition(extension, index, number, after_extension)
        finally:
            self.steps -= 1

    def _condition(self, extension: Extension, index: int, number: str | None, after_extension) -> str:
        if index == len(extension.conditions):
            return self._end(extension.location) if not extension.cont else after_extension()
        condition = extension.conditions[index]
        decided = True if number is None and condition.tested in _NUMBER else _decide(condition, number)

        def then() -> str:
            return self._actions(condition.actions, extension, number,
                                 lambda: self._conditions(extension, index + 1, number, after_extension))

        def otherwise() -> str:
            rest = after_extension if condition.on_false_breaks else \
                (lambda: self._conditions(extension, index + 1, number, after_extension))
            return self._actions(condition.anti, extension, number, rest)

        if decided is True:
            return then()
        if decided is False:
            return otherwise()
        node_id = f"{self._place(extension, number)}/if{index + 1}"
        if node_id not in self.nodes:
            node = Node(id=node_id, type="branch", location=condition.location, format=self.fmt,
                        description=f"condition {condition.when()}")
            self.nodes[node_id] = node
            node.branches = [Branch(condition.when(), Ref(then(), condition.location), condition.location)]
            node.otherwise = Ref(otherwise(), condition.location)
        return node_id

    @staticmethod
    def _place(extension: Extension, number: str | None) -> str:
        """The start of the ids of an extension's nodes: the number hunted is part of it, since what the extension
        does (the hunt it goes on with, ``$1`` in its data) depends on it; none for the extension an IVR starts at."""
        hunted = "" if number is None else f"[{number}]"
        return f"{extension.context}/{extension.name}{hunted}"

    # -- actions ------------------------------------------------------------------------------------------------

    def _actions(self, actions: list[Action], extension: Extension, number: str | None, rest) -> str:
        """The first node of ``actions``, each leading to the next, ``rest()`` after the last. What follows an
        action that ends the list for ivr (a bridge, a queue, voicemail, a transfer, a hang-up, a hand-off) runs
        only when that fails, which is not analysed (as in every reader): it is left out, and said."""
        steps = [a for a in actions if a.app.lower() not in PASS]
        # an ivr whose menu is in none of the files given is a hand-off: what follows it is not analysed either
        cut = next((i for i, a in enumerate(steps) if a.app.lower() not in ("ivr", "playback") or (
            a.app.lower() == "ivr" and a.data.split()[:1] and a.data.split()[0] not in self.menus)), None)
        if cut is None:
            following = rest()
        else:
            if cut + 1 < len(steps):
                self.notes.append(Note(steps[cut + 1].location, f"'{steps[cut + 1].app}' and what follows run only "
                                                                f"when '{steps[cut].app}' fails, which ivr does not "
                                                                "analyse"))
            steps, following = steps[:cut + 1], ""
        for action in reversed(steps):
            following = self._node(action, extension, number, following)
        return following

    def _node(self, action: Action, extension: Extension, number: str | None, after: str) -> str:
        """The node ``action`` is (or leads to, for ``ivr`` and a transfer followed), going on to ``after``."""
        app, data = action.app.lower(), _substitute(action.data, extension, number)
        words = data.split()
        if app == "ivr" and words:
            return self.enter_menu(words[0], after, action.location)
        if app == "transfer" and words:
            first = self._transfer(words, extension, action.location)
            if first is not None:
                return first
        node_id = f"{self._place(extension, number)}/{action.app}@{action.location.line}"
        if node_id in self.nodes:
            return node_id
        node = Node(id=node_id, type="external", location=action.location, format=self.fmt,
                    description=f"{action.app} {data}".strip())
        self.nodes[node_id] = node
        if app == "playback" and words:
            node.type, node.prompt = "message", Prompt({}, action.location, audio=data)
            node.goto = Ref(after, action.location)
        elif app == "bridge" and words:
            node.type, node.number = "transfer", data
        elif app in ("callcenter", "fifo") and words:
            node.type, node.queue = "transfer", words[0]
        elif app == "voicemail" and words:
            node.type, node.mailbox = "voicemail", words[-1]
        elif app == "hangup":
            node.type = "hangup"
        else:
            node.target_text = f"{action.app} {data}".strip() or "(nothing)"
        return node_id

    def _transfer(self, words: list[str], extension: Extension, where: Location) -> str | None:
        """mod_dptools ``transfer``: ``DEST [DIALPLAN [CONTEXT]]``, the same context when none is named; the first
        node of the hunt, or None when ivr cannot follow it."""
        number = words[0]
        dialplan = words[1] if len(words) > 1 else "XML"
        context = words[2] if len(words) > 2 else extension.context
        if dialplan.upper() != "XML" or not _LITERAL.match(number) or context not in self.dialplan.contexts:
            return None
        first = self.hunt(context, number, where)
        if first is None:
            self.notes.append(Note(where, f"no extension of context '{context}' in the files given matches "
                                          f"{number}: the transfer is a hand-off ivr cannot follow"))
        return first

    def _end(self, where: Location) -> str:
        """The hang-up FreeSWITCH performs when a call's dialplan actions run out."""
        node_id = "dialplan/end"
        if node_id not in self.nodes:
            self.nodes[node_id] = Node(id=node_id, type="hangup", location=where, format=self.fmt,
                                       description="the dialplan's actions ran out: FreeSWITCH hangs up")
        return node_id


def _decide(condition: Condition, number: str | None) -> bool | None:
    """True or False when the condition is decided by the dialled number alone, None when it is not."""
    if condition.times or condition.tested is None and condition.expression is None:
        return None if condition.times else True
    if condition.tested not in _NUMBER or number is None or condition.expression is None:
        return None
    try:
        return re.search(condition.expression, number) is not None
    except re.error:
        return None


def _substitute(data: str, extension: Extension, number: str | None) -> str:
    """``$1``..``$9`` in an action's data: the groups of the extension's last destination_number condition that
    matched the number hunted (mod_dialplan_xml, switch_perform_substitution); unchanged when none is known."""
    if number is None or "$" not in data:
        return data
    groups: tuple[str | None, ...] = ()
    for condition in extension.conditions:
        if condition.tested in _NUMBER and condition.expression is not None:
            try:
                found = re.search(condition.expression, number)
            except re.error:
                found = None
            if found is not None:
                groups = found.groups()
    return re.sub(r"\$([1-9])", lambda m: (groups[int(m.group(1)) - 1] or "") if int(m.group(1)) <= len(groups)
                  else m.group(0), data)

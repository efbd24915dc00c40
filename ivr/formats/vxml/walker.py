"""Walk VoiceXML 2.x dialogs into call-flow steps (:mod:`ivr.formats.flow`), as the interpreter would.

- ``<menu>``: a menu step; ``<choice dtmf next>`` are its options (``<menu dtmf="true">``
  numbers the first nine choices without ``dtmf`` 1-9), ``<link dtmf next>`` in the menu or
  the document adds options.
- ``<form>``: its items in order (the form interpretation algorithm visits the next unfilled
  item): ``<block>`` content, ``<field>`` (data entry: an ``input`` step, whatever its
  ``type``, ``boolean`` and ``digits`` included), ``<record>``, ``<transfer>`` (a person; its
  failure way, 2.3.7: a bridged transfer goes on with its ``<filled>`` and the next items when
  busy or unanswered, and an ``error.connection`` handler in scope catches one that cannot be
  made), ``<subdialog>``, ``<object>``; ``<filled>`` after a field. After the last item the form,
  and with it the document, ends: the call ends.
- Executable content: prompts become message steps; ``<if>/<elseif>/<else>`` a branch;
  ``<goto next|nextitem>`` and ``<submit next>`` jump (to ``#id`` here, to another document
  when it is given, else an ``external`` step); ``expr``/``expritem`` are decided when the
  call runs: ``external``; ``<disconnect/>`` and ``<exit/>`` end the call; ``<reprompt/>``
  visits the item again; ``<clear>`` makes the form visit the cleared item again;
  ``<throw>`` runs the handler in scope. ``<data>`` (2.1, section 5), like ``<var>``,
  ``<assign>``, ``<script>`` and ``<log>``, goes on to the next element; with a handler of
  ``error.badfetch`` in scope, a failed fetch is a way to it (a branch). What follows a
  jump in the same content never runs (the ``dead-code`` rule reports it).
- ``<subdialog src>`` in the documents given is walked into from the first item that calls
  it; its ``<return/>`` comes back into that item's ``<filled>`` (2.0, 2.3.4). Later calls
  of the same dialog, and one ivr cannot follow (``srcexpr``, a document not given), are
  taken as returning at once.
- A document with no dialog is an application root: its ``<catch>`` and ``<link>`` apply
  to the leaf documents that name it in ``application=`` (2.0, 1.5.2).
- Failures: ``<noinput>``, ``<nomatch>`` and ``<catch>`` in the item, its form, or the
  document. Without one the platform's default handler applies, as VoiceXML 2.0 section
  5.2.5 (kept in 2.1) defines it: ``noinput`` and ``nomatch`` reprompt, with no limit on
  attempts. Handlers with ``count`` give the caller that many tries before the last one.

:class:`Builder` follows targets and executable content; :func:`build_dialog` makes the steps
of one ``<menu>`` or ``<form>``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import replace

from ivr.formats.flow import UNLIMITED, AfterLast, Edge, Flow, Semantics, Step, components, reachable, retarget
from ivr.formats.vxml.document import Document, form_items, handlers, item_names, local, seconds, text_of, with_text
from ivr.formats.xmltree import Element
from ivr.model.errors import LoadError
from ivr.model.menu import Fallback, Location

__all__ = ["VOICEXML", "Builder", "read_flows", "build_dialog"]

#: VoiceXML 2.0 (kept in 2.1), 5.2.5 "Default catch handlers": an interpreter's own ``noinput`` and ``nomatch``
#: handlers reprompt, with no limit on attempts; 5.2.2/5.2.4: handlers with ``count`` are chosen by how many times
#: the event was thrown, the one with the highest count up to it (the walker reads the lowest count of a last
#: handler as the step's tries, that handler as its ``on_fail``). Without one, an interpreter never gives up.
VOICEXML = Semantics("VoiceXML", tries=UNLIMITED, no_input=Fallback.REPLAY, no_match=Fallback.REPLAY,
                     after_last=AfterLast.REPLAY)

_PROMPTS = frozenset({"prompt", "audio", "value", "break", "enumerate", "say-as", "emphasis", "p", "s"})
_NOISE = frozenset({"log", "var", "assign", "script", "property", "grammar", "catch", "noinput", "nomatch",
                    "error", "help", "link", "metadata", "meta", "cancel"})
_ITEMS = frozenset({"block", "field", "record", "transfer", "subdialog", "object", "initial"})
#: Executable content that leaves the content it is in (VoiceXML 2.0, 5.3): what follows it never runs.
_JUMPS = frozenset({"goto", "submit", "exit", "disconnect", "return", "throw"})
Then = Callable[[], Edge]
#: How many runs of executable content may be built one inside another before the next is built later, from
#: :meth:`Builder.build` (a few Python frames each: a block of thousands of <if> in a row, or handlers that throw to
#: each other, stays far from Python's stack limit). No real document comes near: their ids are as before.
_DEEPEST = 50


class Builder:
    """Steps for the dialogs of some documents; the first document's ids are the dialog ids."""

    def __init__(self, documents: list[Document], every: list[Document] | None = None):
        self.documents = {d.name: d for d in (every or documents)}
        self.main = documents[0]
        self.steps: dict[str, Step] = {}
        self.errors: list[LoadError] = []
        self.external: list[str] = []
        self.used: dict[str, set[str]] = {d.name: set() for d in (every or documents)}
        self._todo: list[tuple[Document, str]] = []
        #: ids that stand for another step (a <block> that only jumps): resolved when all is built
        self.alias: dict[str, str] = {}
        #: document name -> the names of the documents it leads to (``next``, ``src``)
        self.links: dict[str, set[str]] = {}
        self._counter = 0
        self._handlers: dict[tuple[int, str], list[tuple[int, Element]]] = {}
        #: runs of executable content being built, one inside another
        self._depth = 0
        #: ids made to stand for a step not built yet (never a step's id: they hold < >), and the step each
        #: stands for once built: resolved with the aliases when all is built, kept apart from them till then
        self._stand_ins: dict[str, str] = {}
        #: old id -> new id of the steps renamed (see rename)
        self._moved: dict[str, str] = {}
        #: runs left to build later (see _DEEPEST): the id that stands for each, how to build it, and the
        #: handlers being run where it was left
        self._later: list[tuple[str, Then, dict[int, str]]] = []
        #: handler element (its id()) -> the id standing for the start of its content, while that is built:
        #: a handler that throws its own event again (directly or through others) goes back to its start
        self._throwing: dict[int, str] = {}
        #: form (its id()) -> its dialog id, found once per form
        self._form_ids: dict[int, str | None] = {}
        #: content that never runs (after a <goto>, <exit>...): where, and why (the dead-code rule reports it)
        self.dead: list[tuple[Location, str]] = []
        self._dead_seen: set[tuple[str, int | None, int | None]] = set()
        #: document name -> the ids of the form items after each form's first (roots of a flow: an item no call
        #: reaches is in it, for unreachable-node)
        self.items: dict[str, list[str]] = {}
        #: file -> the fetches in it that no error.badfetch handler in scope catches: where, and what (see fetch)
        self.unhandled: dict[str, list[tuple[Location, str]]] = {}
        self._fetch_seen: set[tuple[str, int | None, int | None]] = set()
        #: document name -> the names <assign> sets in it and its scripts' text (see setters)
        self._setters: dict[str, tuple[set[str], str]] = {}
        #: the steps a <return/> goes back to (in the document of the subdialog's caller)
        self.return_targets: set[str] = set()
        #: dialog id -> where its <return/> goes: the item after the first <subdialog> that calls it
        self.returns: dict[str, Edge] = {}
        #: the <return/>s built: the id standing for each, the base it was built under, where it is written
        self._returning: list[tuple[str, str, Location]] = []

    def tops(self, doc: Document) -> list[Element]:
        """The document's own scope, then its application root's when that document is given (VoiceXML 2.0
        1.5.2 and 5.3.12: an application root's <catch>, <link> and variables apply to its leaf documents)."""
        root = doc.root.attrib.get("application", "").strip().partition("#")[0]
        app = self.documents.get(os.path.basename(root)) if root else None
        return [doc.root] if app is None or app is doc else [doc.root, app.root]

    # -- targets ---------------------------------------------------------------------------------
    def _prefix(self, doc: Document) -> str:
        return "" if doc is self.main else f"{doc.name}#"

    def dialog(self, doc: Document, dialog_id: str, location: Location) -> Edge:
        sid = self._prefix(doc) + dialog_id
        if dialog_id in doc.dialogs and dialog_id not in self.used[doc.name]:
            self.used[doc.name].add(dialog_id)
            self._todo.append((doc, dialog_id))
        return Edge(sid, location)

    def uri(self, doc: Document, uri: str, location: Location) -> Edge:
        """Where ``next="#id"``, ``next="other.vxml#id"`` or ``next="other.vxml"`` leads."""
        path, _, fragment = uri.strip().partition("#")
        target = doc if not path else self.documents.get(os.path.basename(path))
        if target is None:
            return self.hand_off(uri.strip(), location, "a document not given; pass it too to follow it")
        if target is not doc:
            self.links.setdefault(doc.name, set()).add(target.name)
        if fragment and fragment not in target.dialogs:  # the unknown-target rule reports it, with a did-you-mean
            return Edge(self._prefix(target) + fragment, location)
        if not target.dialogs:  # an application root: nothing a caller hears (VoiceXML 2.0, 1.5.2)
            self.errors.append(LoadError(location, f"'{uri.strip()}' leads to a document with no <menu> or <form> "
                                                   "(an application root); lead to a dialog of a leaf document"))
            return self.end(f"{self._prefix(target)}empty", location, "a document with no dialog: error.badfetch")
        return self.dialog(target, fragment or next(iter(target.dialogs)), location)

    def hand_off(self, text: str, location: Location, why: str) -> Edge:
        # ids hold no < > (the graph keeps them) nor spaces (ivr's YAML): <data src="x"> is data_src="x"
        sid = "external:" + "_".join(text.strip("<>").rstrip("/").replace("<", "(").replace(">", ")").split())
        if sid not in self.steps:
            self.steps[sid] = Step(sid, "external", location, target_text=text, description=why)
            self.external.append(text)
        return Edge(sid, location)

    def end(self, sid: str, location: Location, why: str) -> Edge:
        if sid not in self.steps:
            self.steps[sid] = Step(sid, "hangup", location, description=why)
        return Edge(sid, location)

    def build(self) -> None:
        while self._todo or self._later:
            if self._todo:
                doc, dialog_id = self._todo.pop()
                build_dialog(self, doc, dialog_id)
                continue
            sid, build, throwing = self._later.pop()
            saved, self._throwing = self._throwing, throwing
            try:
                self._stand_ins[sid] = build().target
            finally:
                self._throwing = saved
        for sid, base, where in self._returning:
            back = self._return_of(base)
            if back is not None:
                self.return_targets.add(back.target)
            self._stand_ins[sid] = back.target if back is not None else self.hand_off(
                "<return/>", where, "returns to the dialog that called this subdialog").target
        self._returning.clear()
        self.alias.update({sid: self._moved.get(target, target) for sid, target in self._stand_ins.items()})
        self.return_targets = {self._final_id(t) for t in self.return_targets}
        for sid in self.alias:
            self.steps.pop(sid, None)
        retarget(self.steps, self.alias)

    # -- executable content ----------------------------------------------------------------------
    def new_id(self, base: str) -> str:
        self._counter += 1
        return f"{base}/{self._counter}"

    def content(self, doc: Document, elements: list[Element], then: Then, base: str,
                scopes: list[Element], item: Then | None = None, start: int = 0) -> Edge:
        """The steps of executable content (``elements`` from ``start``), then ``then`` when it ends without jumping.

        Built now, or, inside :data:`_DEEPEST` runs being built, later: an id stands for it until then.
        """
        if self._depth >= _DEEPEST and start < len(elements):
            sid = self._stand_in("later")
            self._later.append((sid, lambda: self.content(doc, elements, then, base, scopes, item, start),
                                dict(self._throwing)))
            return Edge(sid, elements[start].location)
        self._depth += 1
        try:
            return self._content(doc, elements, then, base, scopes, item, start)
        finally:
            self._depth -= 1

    def _content(self, doc: Document, elements: list[Element], then: Then, base: str,
                 scopes: list[Element], item: Then | None, start: int) -> Edge:
        audio: list[str] = []
        words: list[str] = []
        first: Element | None = None
        interruptible = True
        for i in range(start, len(elements)):
            element = elements[i]
            name = local(element.tag)
            if name in _PROMPTS or name == "#text":
                first = first or element
                words.append(text_of(element))
                audio.extend(a.attrib.get("src") or a.attrib["expr"] for a in _audio(element)
                             if a.attrib.get("src") or a.attrib.get("expr"))
                if name == "value" and element.attrib.get("expr"):  # words computed when the call runs
                    audio.append(f"value {element.attrib['expr']}")
                interruptible = interruptible and element.attrib.get("bargein", "true") != "false"
                continue
            if name in _NOISE:
                continue
            control = self._control(doc, element, self._rest(doc, elements, i + 1, then, base, scopes, item),
                                    base, scopes, item)
            if control is None:
                continue
            if name in _JUMPS:
                self._never_runs(name, elements[i + 1:])
            return self._message(base, first, words, audio, interruptible, control)
        return self._message(base, first, words, audio, interruptible, then()) if first else then()

    def _never_runs(self, jump: str, after: list[Element]) -> None:
        """VoiceXML 2.0, 5.3: <goto>, <submit>, <exit>, <disconnect>, <return> and <throw> leave the executable
        content they are in: what follows them in it never runs (dead-code)."""
        first = next((e for e in after if local(e.tag) != "#text" or text_of(e).strip()), None)
        if first is None:
            return
        key = (first.location.file, first.location.line, first.location.column)
        if key in self._dead_seen:  # the same content built again (a handler run from several places)
            return
        self._dead_seen.add(key)
        what = "text" if local(first.tag) == "#text" else f"<{local(first.tag)}>"
        more = len([e for e in after if local(e.tag) != "#text" or text_of(e).strip()]) - 1
        also = f" (and {more} more element{'s' if more > 1 else ''})" if more else ""
        self.dead.append((first.location, f"{what}{also} after <{jump}> never runs: <{jump}> leaves the content "
                                          f"it is in; move it before the <{jump}>, or remove it"))

    def _rest(self, doc: Document, elements: list[Element], start: int, then: Then, base: str,
              scopes: list[Element], item: Then | None) -> Then:
        return lambda: self.content(doc, elements, then, base, scopes, item, start)

    def _message(self, base: str, first: Element | None, words: list[str], audio: list[str],
                 interruptible: bool, then: Edge | None) -> Edge:
        if first is None:
            assert then is not None
            return then
        sid = self.new_id(base)
        text = " ".join(w for w in words if w) or None
        self.steps[sid] = Step(sid, "message", first.location, text=text, audio=audio, interruptible=interruptible,
                               goto=then)
        return Edge(sid, first.location)

    def _control(self, doc: Document, element: Element, rest: Then, base: str, scopes: list[Element],
                 item: Then | None) -> Edge | None:
        name, attrib, where = local(element.tag), element.attrib, element.location
        if name in ("goto", "submit"):
            if name == "submit":
                self.fetch(doc, element, scopes)
                if _posts(element):
                    # VoiceXML 2.0, 5.3.8: <submit method="post"> sends its namelist to the server (the default
                    # is get): a step that asks the server to change something, then the document it returns
                    sid = self.new_id(base)
                    self.steps[sid] = Step(sid, "branch", where, description=_described(element),
                                           changes=_changes(element),
                                           otherwise=self._jump(doc, element, base, scopes, item))
                    return Edge(sid, where)
            return self._jump(doc, element, base, scopes, item)
        if name == "disconnect":
            return self.end(self.new_id(base), where, "<disconnect/>: the call ends")
        if name == "exit":
            return self.end(self.new_id(base), where, "<exit/>: the interpreter exits and the call ends")
        if name == "return":
            # where it goes is known once every dialog is built (the subdialog may be built before its caller)
            sid = self._stand_in("return")
            self._returning.append((sid, base, where))
            return Edge(sid, where)
        if name == "reprompt":
            return item() if item is not None else rest()
        if name == "clear":
            # VoiceXML 2.0, 5.3.3: <clear> resets variables, form items among them; a cleared form item is
            # visited again by the form interpretation algorithm, a cleared variable only loses its value
            form = next((s for s in scopes if local(s.tag) == "form"), None)
            items = set(item_names(form)) if form is not None else set()
            names = [n for n in attrib.get("namelist", "").split() if n in items]
            if names and item is not None:
                return self.item_ref(doc, scopes, names[0], where, then=rest)
            return None
        if name == "throw":
            return self.throw(doc, attrib.get("event", ""), scopes, base, where, item)
        if name == "data":
            # VoiceXML 2.1, 5: <data> is executable content: the fetched document goes into a variable and the
            # next element runs; a fetch that fails throws error.badfetch (2.0, 5.2.6) to the nearest handler, or
            # the platform's default one, which exits. A handler written in scope is a way the call can take.
            if not self.fetch(doc, element, scopes):
                return None
            sid = self.new_id(base)
            src = attrib.get("src") or attrib.get("srcexpr", "")
            self.steps[sid] = Step(sid, "branch", where, description=f"<data src=\"{src}\">: the fetch returns, or "
                                                                     "fails (error.badfetch)",
                                   changes=_changes(element) if _posts(element) else None,
                                   branches=[Edge(rest().target, where, "the fetch returns")],
                                   otherwise=self.throw(doc, "error.badfetch", scopes, base, where, item))
            return Edge(sid, where)
        if name == "transfer":
            return self.transfer(element, base)
        if name == "if":
            return self.branch(doc, element, rest, base, scopes, item)
        return None

    def _jump(self, doc: Document, element: Element, base: str, scopes: list[Element], item: Then | None) -> Edge:
        """Where a ``<goto>`` or ``<submit>`` sends the call: the document or item it names, a hand-off when it is
        computed at run time, or what one that names nothing does."""
        attrib, where = element.attrib, element.location
        if attrib.get("next"):
            return self.uri(doc, attrib["next"], where)
        if attrib.get("nextitem") and item is not None:
            return self.item_ref(doc, scopes, attrib["nextitem"], where)
        written = attrib.get("expr") or attrib.get("expritem") or attrib.get("nextitem") or ""
        if not written:
            return self.no_target(doc, element, base, scopes, item)
        return self.hand_off(written, where, "computed when the call runs; ivr cannot follow it")

    def no_target(self, doc: Document, element: Element, base: str, scopes: list[Element],
                  item: Then | None) -> Edge:
        """A ``<goto>`` or ``<submit>`` that names no target: VoiceXML 2.0, 5.3.7 ("exactly one of next, expr,
        nextitem or expritem must be specified; otherwise, an error.badfetch event is thrown") and 5.3.8 (next or
        expr). The document loads; the call that gets here throws error.badfetch to the handler in scope, or to the
        platform's default one, which exits (5.2.5). With no handler, the way leads to an id no step has, so that
        unknown-target reports it (with what was likely meant: attribute names are case-sensitive)."""
        name, attrib, where = local(element.tag), element.attrib, element.location
        if any(self.handlers(scope, "error.badfetch") for scope in scopes):
            return self.throw(doc, "error.badfetch", scopes, base, where, item)
        valid = ("next", "expr", "nextitem", "expritem") if name == "goto" else ("next", "expr")
        near = [(k, v) for k, v in attrib.items() if k.lower() in valid]
        if near:
            written, value = near[0]
            meant = next(v for v in valid if v == written.lower())
            target = "_".join(f"{written}={value}".split())
            hint = (f" (<{name}> names none of {', '.join(valid)}: attribute names are case-sensitive, did you mean "
                    f"{meant}=?)")
        else:
            target, hint = f"{name}-with-no-target", f" (<{name}> names none of {', '.join(valid)})"
        hint += (": the interpreter throws error.badfetch, and with no handler for it the call ends (VoiceXML 2.0, "
                 f"{'5.3.7' if name == 'goto' else '5.3.8'}, 5.2.5)")
        # a step of its own at the element, so that the way to the unknown id (and its hint) is said there, even
        # when the content holds nothing else (a block that only jumps is otherwise taken as its target)
        sid = self.new_id(base)
        self.steps[sid] = Step(sid, "branch", where, otherwise=Edge(target, where, hint=hint),
                               description=f"<{name}> with no target: error.badfetch")
        return Edge(sid, where)

    def fetch(self, doc: Document, element: Element, scopes: list[Element]) -> bool:
        """Whether an ``error.badfetch`` handler in ``scopes`` catches a failed fetch of ``element``; when none does,
        the fetch is noted for unhandled-badfetch.

        VoiceXML 2.0, 5.2.6: a fetch that fails (``<data>``, 2.1 section 5; ``<submit>``, 2.0 5.3.8) throws
        error.badfetch to the nearest handler: the item's, the form's, the document's, the application root's
        (5.2.4); with none, the platform's default handler for an error exits (5.2.5), and the call ends with
        nothing said. Those two ask a web service, which fails when the call runs; a ``<goto>``, ``<choice>`` or
        ``<subdialog>`` to a document served beside this one fails only when the application is broken, which a
        test call shows: not noted. Nor is a fetch of a document that names an application root that is not
        given: its handlers are not known."""
        if any(self.handlers(scope, "error.badfetch") for scope in scopes):
            return True
        if doc.root.attrib.get("application", "").strip() and len(self.tops(doc)) == 1:
            return False
        where = element.location
        key = (where.file, where.line, where.column)
        if key not in self._fetch_seen:
            self._fetch_seen.add(key)
            named = next(((k, element.attrib[k]) for k in ("src", "srcexpr", "next", "expr") if element.attrib.get(k)),
                         None)
            shown = "" if named is None else f' {named[0]}="{" ".join(named[1].split())}"'
            self.unhandled.setdefault(doc.file, []).append((where, f"<{local(element.tag)}{shown}>"))
        return False

    def _final_id(self, sid: str) -> str:
        """The step ``sid`` stands for once every alias is followed."""
        seen = {sid}
        while sid in self.alias and self.alias[sid] not in seen:
            sid = self.alias[sid]
            seen.add(sid)
        return sid

    def _never(self, doc: Document, cond: str, scopes: list[Element]) -> str | None:
        """:func:`never_holds`, with what sets variables in ``doc`` found once per document."""
        if "true" not in cond and "false" not in cond:
            return None
        set_by = self._setters.get(doc.name)
        if set_by is None:
            set_by = self._setters[doc.name] = setters(doc)
        return never_holds(cond, scopes, set_by)

    def _return_of(self, base: str) -> Edge | None:
        """Where a <return/> built under ``base`` (a dialog's id, an item's, a step's) goes: back into the
        subdialog that called that dialog first."""
        for dialog, back in self.returns.items():
            if base == dialog or base.startswith((dialog + ".", dialog + "/")):
                return back
        return None

    def item_ref(self, doc: Document, scopes: list[Element], name: str, where: Location,
                 then: Then | None = None) -> Edge:
        """A form item by name (``nextitem``, ``<clear namelist>``), in the innermost form in scope."""
        form = next((s for s in scopes if local(s.tag) == "form"), None)
        dialog_id = None if form is None else self._form_id(doc, form)
        if form is None or dialog_id is None:
            if name in doc.dialogs:  # OPAL's samples write nextitem="MainMenu" for a dialog
                return self.dialog(doc, name, where)
            self.errors.append(LoadError(where, f"no form item '{name}' here; name an item of this form"))
            return then() if then else self.end(f"missing:{name}", where, "no such item: error.badfetch")
        start = self.dialog(doc, dialog_id, where)
        names = item_names(form)
        if name not in names:
            if name in doc.dialogs:
                return self.dialog(doc, name, where)
            self.errors.append(LoadError(where, f"form '{dialog_id}' has no item '{name}'; its items are: "
                                                f"{', '.join(names)}"))
            return start
        return start if names.index(name) == 0 else Edge(f"{start.target}.{name}", where)

    def throw(self, doc: Document, event: str, scopes: list[Element], base: str, where: Location,
              item: Then | None) -> Edge:
        for scope in scopes:
            found = self.handlers(scope, event)
            if found:
                return self._handle(doc, found[0][1], event, scopes, base, where, item)
        if event in ("noinput", "nomatch") and item is not None:
            return item()
        return self.end(f"{base}/{event or 'event'}", where, f"event '{event}' with no handler: the platform's "
                                                              "default handler exits, and the call ends")

    def _handle(self, doc: Document, handler: Element, event: str, scopes: list[Element], base: str,
                where: Location, item: Then | None) -> Edge:
        """The steps of ``handler`` run for a ``<throw>``. Thrown again while its content is built (by itself, or
        by a handler it throws to), the event goes back to the start of that content: a loop in the flow."""
        key = id(handler)
        if key in self._throwing:
            return Edge(self._throwing[key], where)
        again = self._throwing[key] = self._stand_in("again")
        try:
            start = self.content(doc, with_text(handler), item or (lambda: self.end(
                f"{base}/caught", where, "the handler ends")), base, scopes, item)
        finally:
            del self._throwing[key]
        if start.target == again:  # handlers that do nothing but throw to each other
            sid = self.new_id(base)
            self.steps[sid] = Step(sid, "branch", handler.location, otherwise=Edge(again, handler.location),
                                   description=f"<throw event=\"{event}\"> in handlers that only throw to each "
                                               "other: a loop the interpreter spins in")
            start = Edge(sid, start.location)
        self._stand_ins[again] = start.target
        return start

    def _form_id(self, doc: Document, form: Element) -> str | None:
        """The dialog id of ``form``, found once per form (an item of a form of thousands asks for it)."""
        key = id(form)
        if key not in self._form_ids:
            self._form_ids[key] = next((d for d, e in doc.dialogs.items() if e is form), None)
        return self._form_ids[key]

    def rename(self, old: str, new: str) -> None:
        """Give step ``old`` the id ``new`` (a block's first step takes the block's id); what stands for it follows."""
        step = self.steps[new] = self.steps.pop(old)
        step.id = new
        self._moved[old] = new

    def _stand_in(self, kind: str) -> str:
        sid = f"<{kind} {len(self._stand_ins)}>"
        self._stand_ins[sid] = sid  # until what it stands for is built
        return sid

    def transfer(self, element: Element, base: str) -> Edge:
        dest = element.attrib.get("dest") or element.attrib.get("destexpr") or ""
        sid = self.new_id(base)
        self.steps[sid] = Step(sid, "transfer", element.location, number=dest, text=text_of(element) or None,
                               description=f"<transfer {dest}>")
        return Edge(sid, element.location)

    def branch(self, doc: Document, element: Element, rest: Then, base: str, scopes: list[Element],
               item: Then | None) -> Edge:
        sid = self.new_id(base)
        self.steps[sid] = Step(sid, "branch", element.location)  # placeholder: loops may lead here
        cases: list[Edge] = []
        condition: str | None = element.attrib.get("cond", "true")
        body: list[Element] = []
        where = element.location
        otherwise: Edge | None = None
        parts: list[tuple[str | None, Location, list[Element]]] = []
        for child in element.children:
            if local(child.tag) in ("elseif", "else"):
                parts.append((condition, where, body))
                condition = child.attrib.get("cond", "true") if local(child.tag) == "elseif" else None
                body, where = [], child.location
            else:
                body.append(child)
        parts.append((condition, where, body))
        cache: list[Edge] = []

        def after() -> Edge:
            if not cache:
                cache.append(rest())
            return cache[0]

        for cond, where, body in parts:
            goto = self.content(doc, body, after, sid, scopes, item)
            if cond is None:
                otherwise = goto
            else:
                cases.append(Edge(goto.target, goto.location, cond, at=where, never=self._never(doc, cond, scopes)))
        self.steps[sid] = Step(sid, "branch", element.location, branches=cases, otherwise=otherwise or after(),
                               description=f"<if cond=\"{element.attrib.get('cond', '')}\">")
        return Edge(sid, element.location)

    # -- failures --------------------------------------------------------------------------------
    def handlers(self, scope: Element, event: str) -> list[tuple[int, Element]]:
        """:func:`handlers`, once per scope and event: the document's own handlers are asked for by every
        dialog, and a walk over all its children each time was quadratic in the number of dialogs."""
        if len(scope.children) <= 32:  # a few children are gone through (a cache entry per item cost more)
            return handlers(scope, event)
        key = (id(scope), event)
        found = self._handlers.get(key)
        if found is None:
            found = self._handlers[key] = handlers(scope, event)
        return found

    def failures(self, doc: Document, step: Step, scopes: list[Element], base: str) -> None:
        """Set how ``step`` (a menu or input) fails, from the handlers in scope or the platform's defaults."""
        finals: list[tuple[int, Edge]] = []
        for event, field in (("noinput", "no_input"), ("nomatch", "no_match")):
            found = next((h for h in (self.handlers(s, event) for s in scopes) if h), [])
            again = lambda: Edge(step.id, step.location)  # noqa: E731
            if not found:
                continue  # the interpreter's own handler: VOICEXML
            first = self.content(doc, with_text(found[0][1]), again, base, scopes, again)
            if first.target != step.id:  # a handler that only reprompts is the interpreter's own
                setattr(step, field, first)
            if len(found) > 1:
                count, last = found[-1]
                finals.append((count, self.content(doc, with_text(last), again, base, scopes, again)))
        if finals:
            count, final = min(finals, key=lambda item: item[0])
            step.tries, step.on_fail = count, final


def _audio(element: Element) -> list[Element]:
    found = [element] if local(element.tag) == "audio" else []
    for child in element.children:
        found.extend(_audio(child))
    return found


def _built(documents: list[Document], every: list[Document] | None = None) -> tuple[Builder, list[Edge]]:
    """A builder with every dialog of every document built; the first document's ids are plain. ``every``: the
    documents given, application roots (no dialog) included, whose scopes apply to the leaves that name them."""
    builder = Builder(documents, every)
    starts = [builder.dialog(doc, next(iter(doc.dialogs)), doc.root.location) for doc in documents]
    for doc in documents:
        for dialog_id, element in doc.dialogs.items():
            builder.dialog(doc, dialog_id, element.location)
    builder.build()
    return builder, [Edge(builder.alias.get(s.target, s.target), s.location) for s in starts]


def _reached_by_another(steps: dict[str, Step], documents: list[Document], starts: list[Edge]) -> list[bool]:
    """Per document: whether the first dialog of another document given leads to a step of it (an id
    ``document.vxml#...``). Judged on the components of the steps (:func:`components`), once for all the
    documents: walking from each start made a folder of documents quadratic."""
    component, after = components(steps, [start.target for start in starts])
    # per component, up to two of the documents whose start reaches it: enough to know one is not a given one
    reachers: list[set[int]] = [set() for _ in after]
    for k, start in enumerate(starts):
        if start.target in component:
            reachers[component[start.target]].add(k)
    for number in range(len(after) - 1, -1, -1):  # every component before those it leads to
        for other in after[number]:
            if len(reachers[other]) < 2:
                reachers[other] = set(list(reachers[other] | reachers[number])[:2])
    by_document: dict[str, set[int]] = {}
    for sid, number in component.items():
        if sid.startswith(("external:", "missing:")):
            continue
        name = _document_of(sid) or documents[0].name  # the first document's ids are plain
        into = by_document.setdefault(name, set())
        if len(into) < 2:
            by_document[name] = set(list(into | reachers[number])[:2])
    return [bool(by_document.get(doc.name, set()) - {k}) for k, doc in enumerate(documents)]


def _document_of(sid: str) -> str:
    """The document a step id belongs to: its prefix (``other.vxml#...``), or '' for the first document's."""
    return sid.split("#", 1)[0] if "#" in sid and not sid.startswith("external:") else ""


def _without_returns(steps: dict[str, Step], returns: set[str]) -> dict[str, Step]:
    """``steps`` without the ways a subdialog's ``<return/>`` goes back into another document: a document that
    calls a subdialog of another is not reached by it (both given as separate files, the caller was taken as
    part of its subdialog's IVR and lost)."""
    if not returns:
        return steps

    def keep(step_doc: str, edge: Edge | None) -> bool:
        return edge is None or edge.target not in returns or _document_of(edge.target) == step_doc

    out: dict[str, Step] = {}
    for sid, step in steps.items():
        home = _document_of(sid)
        edges = [step.goto, step.no_input, step.no_match, step.on_fail, step.otherwise, *step.options, *step.branches]
        if all(keep(home, e) for e in edges):
            out[sid] = step
            continue
        def kept(edge: Edge | None) -> Edge | None:
            return edge if keep(home, edge) else None

        out[sid] = replace(step, goto=kept(step.goto), no_input=kept(step.no_input), no_match=kept(step.no_match),
                           on_fail=kept(step.on_fail), otherwise=kept(step.otherwise),
                           options=[e for e in step.options if keep(home, e)],
                           branches=[e for e in step.branches if keep(home, e)])
    return out


def _linked(builder: Builder, doc: Document) -> set[str]:
    """The names of the documents ``doc`` leads to, directly or not, itself included."""
    found = {doc.name}
    todo = [doc.name]
    while todo:
        for name in builder.links.get(todo.pop(), ()):
            if name not in found:
                found.add(name)
                todo.append(name)
    return found


def read_flows(documents: list[Document], every: list[Document] | None = None) -> tuple[list[Flow], Builder]:
    """One flow per document given that no other document given leads to, from its first dialog.

    Every dialog of that document is in its flow, reached or not: one no caller can reach is
    worth a finding. Dialogs of other documents it leads to are in it when reached (their ids
    are ``document.vxml#id``). The builder returned has built every document, for its errors
    and hand-offs.

    Each flow is built with its document first (its ids plain) and the documents it leads to,
    directly or not, in the order given; not with every document given, which made a folder of
    separate documents quadratic.
    """
    everything, starts = _built(documents, every)
    # a lone document: no other leads to it (the components of its steps, all at once, were 3 bytes a byte of
    # input at the reading's peak, for nothing)
    reached = _reached_by_another(_without_returns(everything.steps, everything.return_targets), documents,
                                  starts) if len(documents) > 1 else [False]
    flows: list[Flow] = []
    covered: set[str] = set()
    # the documents no other leads to, then any document no IVR holds yet (documents that lead to each other,
    # none given alone: the first given of them starts their IVR)
    order = [k for k in range(len(documents)) if not reached[k]] + [k for k in range(len(documents)) if reached[k]]
    for k in order:
        doc = documents[k]
        if reached[k] and doc.file in covered:
            continue  # another document given leads here: part of its IVR
        linked = _linked(everything, doc)
        given = [doc, *(d for d in documents if d is not doc and d.name in linked)]
        builder, (start, *_) = (everything, starts) if given == documents else _built(given, every)
        # one walk from the start and every dialog of the document (a walk per dialog was quadratic)
        steps = reachable(builder.steps, [start.target, *(builder.alias.get(d, d) for d in doc.dialogs),
                                          *(builder.alias.get(i, i) for i in builder.items.get(doc.name, ()))])
        in_steps = {s.location.file for s in steps.values()}
        files = [d.file for d in documents if d.file in in_steps]
        covered.update(files)
        flows.append(Flow(os.path.splitext(doc.name)[0], doc.file, start, steps, VOICEXML, files=files))
    return flows, everything


# -- one dialog as steps: a <menu> and its choices, a <form> and its items in order ---------------------------

_PROMPTED = ("prompt", "audio")


def _prompt(builder: Builder, element: Element) -> tuple[str | None, list[str], bool]:
    """What an item says before it listens: the words, the recordings, and whether keys interrupt it."""
    words: list[str] = []
    audio: list[str] = []
    interruptible = True
    for child in element.children:
        if local(child.tag) in _PROMPTED:
            words.append(text_of(child))
            prefix = child.tag[:-len(local(child.tag))]
            audio.extend(a.attrib.get("src") or a.attrib["expr"] for a in child.iter(prefix + "audio")
                         if a.attrib.get("src") or a.attrib.get("expr"))
            # words computed when the call runs (a question passed in by <param>): said, though unknown here
            audio.extend(f"value {v.attrib['expr']}" for v in child.iter(prefix + "value") if v.attrib.get("expr"))
            interruptible = interruptible and child.attrib.get("bargein", "true") != "false"
    return " ".join(w for w in words if w) or None, audio, interruptible


def _input_modes(doc: Document, item: Element, options: list[Element]) -> tuple[str, ...] | None:
    """How a caller may answer a field, as the interpreter decides it; None: keys and speech (the default).

    VoiceXML 2.0: the ``inputmodes`` property (6.3.6) limits the modes; a field with a ``type`` has the
    platform's built-in grammars for both (2.3.1, Appendix P); otherwise only its grammars listen, and a
    ``<grammar>`` without ``mode`` is a voice grammar (SRGS 1.0, 4.6: mode defaults to voice), as an
    ``<option>`` without ``dtmf`` is spoken (2.3.1.3)."""
    written = doc.property(item, "inputmodes")
    if written is not None:
        modes = tuple(m for m in ("dtmf", "speech") if (m if m == "dtmf" else "voice") in written.split())
        return modes or None
    if item.attrib.get("type"):
        return None
    grammars = [c for c in item.children if local(c.tag) == "grammar"]
    if not grammars and not options and not [c for c in item.children if local(c.tag) == "option"]:
        return None  # grammars in scope elsewhere (the form's, the document's): not judged
    dtmf = bool(options) or any(g.attrib.get("mode") == "dtmf" or g.attrib.get("src", "").startswith("builtin:dtmf")
                                for g in grammars)
    return None if dtmf else ("speech",)


def build_dialog(builder: Builder, doc: Document, dialog_id: str) -> None:
    element = doc.dialogs[dialog_id]
    sid = builder._prefix(doc) + dialog_id
    if local(element.tag) == "menu":
        _menu(builder, doc, element, sid)
    else:
        _form(builder, doc, element, sid)


def _choice(key: str, goto: Edge, location: Location, label: str | None = None) -> Edge:
    """An option written at ``location``, to where ``goto`` leads."""
    return Edge(goto.target, goto.location, key, label, at=location)


def _bargein(doc: Document, scope: Element, interruptible: bool) -> bool:
    return interruptible and (doc.property(scope, "bargein") or "true") != "false"


def _links(builder: Builder, doc: Document, scopes: list[Element]) -> list[Edge]:
    found = []
    for scope in scopes:
        for child in doc.children_of(scope, "link"):
            if child.attrib.get("dtmf"):
                target = builder.uri(doc, child.attrib["next"], child.location) if child.attrib.get("next") else \
                    builder.hand_off(child.attrib.get("expr") or child.attrib.get("event", "<link>"), child.location,
                                     "computed or thrown when the call runs")
                found.append(_choice(child.attrib["dtmf"], target, child.location, "link"))
    return found


def _menu(builder: Builder, doc: Document, menu: Element, sid: str) -> None:
    text, audio, interruptible = _prompt(builder, menu)
    step = Step(sid, "menu", menu.location, label=None, text=text, audio=audio,
                interruptible=_bargein(doc, menu, interruptible),
                timeout=seconds(doc.property(menu, "timeout")))
    builder.steps[sid] = step
    numbered = menu.attrib.get("dtmf") == "true"
    count = 0
    for choice in menu.children:
        if local(choice.tag) != "choice":
            continue
        count += 1
        key = choice.attrib.get("dtmf") or (str(count) if numbered and count <= 9 else None)
        label = text_of(choice) or None
        if key is None:
            continue  # a spoken choice only: no key reaches it
        if choice.attrib.get("next"):
            goto = builder.uri(doc, choice.attrib["next"], choice.location)
        elif choice.attrib.get("event"):
            goto = builder.throw(doc, choice.attrib["event"], [menu, *builder.tops(doc)], sid, choice.location,
                                 None)
        else:
            goto = builder.hand_off(choice.attrib.get("expr", "<choice>"), choice.location,
                                    "computed when the call runs; ivr cannot follow it")
        step.options.append(_choice(key, goto, choice.location, label))
    keys = {c.when for c in step.options}
    step.options.extend(c for c in _links(builder, doc, [menu, *builder.tops(doc)]) if c.when not in keys)
    builder.failures(doc, step, [menu, *builder.tops(doc)], sid)


def _form(builder: Builder, doc: Document, form: Element, sid: str) -> None:
    named = form_items(form)
    items = [item for _, item in named]
    filled = [c for c in form.children if local(c.tag) == "filled"]
    skipped = [never_selected(item) is not None for item in items]
    ids = [sid if k == 0 and not skipped[0] else f"{sid}.{name}" for k, (name, _) in enumerate(named)]
    if not items:
        builder.steps[sid] = Step(sid, "hangup", form.location, description="an empty <form>: the document ends")
        return
    scopes = [form, *builder.tops(doc)]
    # every item is a root of the flow (one no call reaches is reported), but those after a bridged transfer: a
    # caller reaches them when the transfer ends (VoiceXML 2.0, 2.3.7: with bridge, the interpreter waits for the
    # transfer to end, fills its variable with the outcome and goes on), the transfer's failure way
    # (_transfer_fails), and only so
    rooted = builder.items.setdefault(doc.name, [])
    for k, item in enumerate(items):
        if ids[k] != sid:
            rooted.append(ids[k])
        if local(item.tag) == "transfer" and _bridged(item):
            break

    def after(k: int) -> Then:
        def then() -> Edge:
            # the next item the form interpretation algorithm can select: one it never selects is passed over
            k2 = next((j for j in range(k, len(items)) if not skipped[j]), len(items))
            if k2 < len(items):
                return Edge(ids[k2], items[k2].location)
            return builder.end(f"{sid}/end", form.location, "the form's last item is done: the document ends, "
                                                            "and the call with it")
        return then

    if skipped[0]:  # the dialog starts at the first item that can be selected
        builder.alias[sid] = after(0)().target

    # the form's <filled> runs after its last field or record (once the items that ask are all filled)
    last_input = max((k for k, item in enumerate(items) if local(item.tag) in ("field", "record")), default=-1)
    # the items never selected last: a subdialog is walked into from the first item built that calls it
    for k in sorted(range(len(items)), key=lambda j: skipped[j]):
        _item(builder, doc, items[k], ids[k], after(k + 1), scopes, filled if k >= last_input else [])


#: One term of a condition: a variable compared with the text 'true' or 'false' (either side), == or ===.
_TEXT_BOOLEAN = re.compile(r"""^\s*(?:(?P<a>[A-Za-z_$][\w$]*)\s*===?\s*(?P<q>['"])(?P<t>true|false)(?P=q)"""
                           r"""|(?P<q2>['"])(?P<t2>true|false)(?P=q2)\s*===?\s*(?P<b>[A-Za-z_$][\w$]*))\s*$""")


def never_holds(cond: str, scopes: list[Element], set_by: tuple[set[str], str]) -> str | None:
    """Why ``cond`` can never hold, or None when it may (or ivr cannot tell).

    VoiceXML 2.0, Appendix P: a ``type="boolean"`` field holds ECMAScript ``true`` or ``false``, and in
    ECMAScript (ECMA-262, 11.9.3) ``true == 'true'`` is false (the text converts to NaN), as is any boolean
    compared with a text by ``===``. A condition that is such a comparison, or a conjunction (``&&``) holding
    one, never holds. Judged only for a boolean field of the form in scope that no ``<assign>`` or
    ``<script>`` of the document sets (which could store a text in it): ``set_by``, from :func:`setters`."""
    if "||" in cond or "(" in cond:
        return None
    form = next((s for s in scopes if local(s.tag) == "form"), None)
    if form is None:
        return None
    booleans = {c.attrib.get("name") for c in form.children
                if local(c.tag) == "field" and c.attrib.get("type", "").split("?")[0].strip() == "boolean"}
    for term in cond.split("&&"):
        match = _TEXT_BOOLEAN.match(term)
        if match is None:
            continue
        name, text = (match["a"], match["t"]) if match["a"] else (match["b"], match["t2"])
        if name in booleans and not _set_elsewhere(name, set_by):
            return (f"'{name}' is a boolean field, which holds true or false, never the text '{text}' (VoiceXML "
                    f"2.0, Appendix P; in ECMAScript {text} == '{text}' is false); compare with {text}, without quotes")
    return None


def _set_elsewhere(name: str, set_by: tuple[set[str], str]) -> bool:
    names, _ = set_by
    return name in names or "*" in names


#: a name a script assigns (``name = ...``, not ``==``; not a property: ``a.name = ...``)
_ASSIGNED = re.compile(r"(?<![\w$.])([A-Za-z_$][\w$]*)\s*=(?!=)")


def setters(doc: Document) -> tuple[set[str], str]:
    """The names ``<assign>`` or a ``<script>`` sets in ``doc`` (``*``: a script fetched from elsewhere may set
    any), and the text of its ``<script>`` elements."""
    names: set[str] = set()
    scripts: list[str] = []
    stack = [doc.root]
    while stack:
        element = stack.pop()
        kind = local(element.tag)
        if kind == "assign" and element.attrib.get("name"):
            names.add(element.attrib["name"])
        elif kind == "script":
            if element.attrib.get("src") or element.attrib.get("srcexpr"):
                names.add("*")  # a script fetched when the call runs may set any variable
            scripts.append(element.text or "")
        stack.extend(element.children)
    text = "\n".join(scripts)
    names.update(_ASSIGNED.findall(text))  # found once per document: a search per condition was quadratic
    return names, text


def _bridged(transfer: Element) -> bool:
    """Whether the interpreter waits for ``transfer`` to end and goes on (VoiceXML 2.0, 2.3.7: ``bridge="true"``;
    2.1, 2.3.7: ``type="bridge"`` or ``"consultation"``); a blind transfer (the default) leaves the call."""
    return transfer.attrib.get("bridge", "").strip() == "true" or transfer.attrib.get("type", "").strip() in (
        "bridge", "consultation")


#: The outcomes of a bridged transfer that reach no person, as its form item variable holds them (VoiceXML 2.0,
#: 2.3.7, the transfer outcomes: "busy" the callee was busy, "noanswer" no answer within connecttimeout,
#: "network_busy" the network refused the call; the others, near_end_disconnect, far_end_disconnect,
#: network_disconnect, maxtime_disconnect (2.1), say how a call that was put through ended, and "unknown" that the
#: platform cannot tell).
_FAILED_OUTCOMES = ("busy", "noanswer", "network_busy")
#: An outcome written as a text in a condition (``xfer == 'busy'``).
_OUTCOME_TESTED = re.compile(r"""['"](busy|noanswer|network_busy|unknown)['"]""")
#: An event a transfer that cannot be made throws (VoiceXML 2.0, 2.3.7: error.connection.noauthorization,
#: .baddestination, .noroute, .noresource, .protocol.nnn): the handlers of one catch them all.
_CONNECTION_ERROR = "error.connection.noroute"


def _transfer_fails(builder: Builder, doc: Document, item: Element, step: Step, after: Then | None,
                    tested: list[Element], scopes: list[Element], again: Then) -> None:
    """Set the way ``step`` (a ``<transfer>``) takes when it reaches no person (Step.on_fail), if any.

    VoiceXML 2.0, 2.3.7 (and 2.1, 2.3.7): with a bridged transfer (``after``: see :func:`_bridged`) the
    interpreter waits for the transfer to end, fills the item's variable with the outcome (busy, noanswer,
    network_busy, ...), runs its ``<filled>`` and goes on with the form: the way a busy line or no answer takes
    (a call that was put through comes back there too, once the person hangs up). A transfer that cannot be made
    throws ``error.connection.*`` (blind or bridged) to the nearest handler: a way when one is written in scope
    (the platform's default handler exits; with a blind transfer, these events are the only failure the document
    sees, the call having left it otherwise). ``connection.disconnect.transfer``, thrown once a blind transfer has
    put the caller through, is the success: no caller is left to hear its handler."""
    ways: list[Edge] = []
    outcomes: list[str] = []
    if after is not None:
        said = set(_OUTCOME_TESTED.findall(" ".join(_conditions(tested))))
        failed = [o for o in (*_FAILED_OUTCOMES, "unknown") if o in said] or list(_FAILED_OUTCOMES)
        on = after()
        ways.append(Edge(on.target, item.location, ", ".join(failed)))
        outcomes.extend(failed)
    if any(builder.handlers(scope, _CONNECTION_ERROR) for scope in scopes):
        caught = builder.throw(doc, _CONNECTION_ERROR, scopes, step.id, item.location, again)
        ways.append(Edge(caught.target, item.location, "error.connection"))
        outcomes.append("error.connection")
    if not ways:
        return
    step.failed_when = tuple(outcomes)
    if len(ways) == 1:
        step.on_fail = Edge(ways[0].target, ways[0].location)
        return
    sid = builder.new_id(step.id)  # both: the outcome decides which
    builder.steps[sid] = Step(sid, "branch", item.location, branches=ways, invented=True,
                              description="the transfer fails: the outcome decides the way (VoiceXML 2.0, 2.3.7)")
    step.on_fail = Edge(sid, item.location)


def _conditions(elements: list[Element]) -> list[str]:
    """The ``cond`` of ``elements`` and of every element under them (no recursion)."""
    found: list[str] = []
    stack = list(elements)
    while stack:
        element = stack.pop()
        if "cond" in element.attrib:
            found.append(element.attrib["cond"])
        stack.extend(element.children)
    return found


def never_selected(item: Element) -> str | None:
    """Why the form interpretation algorithm never selects ``item`` on its own, or None when it may.

    VoiceXML 2.0, 2.1.6.2.1 (the select phase) and Appendix C: the first item whose guard condition holds is
    selected: its form item variable undefined and its ``cond`` true. 2.3 ("expr: the initial value of the form
    item variable ... If initialized to a value, then the form item will not be visited unless the form item
    variable is cleared"): an ``expr`` other than ``undefined`` fills it at once. Only a ``cond`` written as the
    literal ``false`` is judged; one computed when the call runs may hold. ``<goto nextitem>`` and ``<clear>``
    still lead to the item (the walker follows them)."""
    cond = item.attrib.get("cond")
    if cond is not None and cond.strip() == "false":
        return 'cond="false"'
    expr = item.attrib.get("expr")
    if expr is not None and expr.strip() not in ("", "undefined"):
        return f'expr="{expr}" fills its variable'
    return None


def _item(builder: Builder, doc: Document, item: Element, sid: str, then: Then, scopes: list[Element],
          form_filled: list[Element]) -> None:
    kind = local(item.tag)
    scope = [item, *scopes]
    again = lambda: Edge(sid, item.location)  # noqa: E731

    def done() -> Edge:
        own = [c for c in item.children if local(c.tag) == "filled"]
        chain = [*(own[0].children if own else []), *(form_filled[0].children if form_filled else [])]
        return builder.content(doc, chain, then, sid, scope, again) if chain else then()

    if kind == "block":
        start = builder.content(doc, with_text(item), then, sid, scope, again)
        if start.target in builder.steps and start.target.startswith(sid + "/") and start.target not in (
                builder.alias.values()):
            builder.rename(start.target, sid)  # the block's first step takes its id
        elif start.target != sid:
            builder.alias[sid] = start.target
        else:  # a block that only jumps back to its own dialog: a loop the system spins in
            builder.steps[sid] = Step(sid, "branch", item.location, otherwise=start,
                                      description="a <block> that only goes back to its own dialog")
        return
    if kind == "transfer":
        text, audio, _ = _prompt(builder, item)
        dest = item.attrib.get("dest") or item.attrib.get("destexpr") or ""
        step = builder.steps[sid] = Step(sid, "transfer", item.location, text=text or text_of(item) or None,
                                         audio=audio, number=dest, description=f"<transfer {dest}>")
        own = [c for c in item.children if local(c.tag) == "filled"]
        tested = [*(own[0].children if own else []), *(form_filled[0].children if form_filled else [])]
        _transfer_fails(builder, doc, item, step, done if _bridged(item) else None, tested, scope, again)
        return
    if kind == "subdialog":
        # VoiceXML 2.0, 2.3.4: the subdialog runs, its <return/> comes back into this item's <filled>, and the
        # form goes on. A subdialog in the documents given is walked into, its <return/> leading back here (to
        # the first item that calls it); one ivr cannot follow (computed, a document not given) is taken as
        # returning at once, so what follows it is still analysed.
        src = item.attrib.get("src") or ""
        back = done()
        target = builder.uri(doc, src, item.location) if src else None
        if target is not None and not target.target.startswith("external:") and target.target not in builder.returns:
            builder.returns[target.target] = back
            builder.steps[sid] = Step(sid, "message", item.location, goto=target,
                                      description=f"<subdialog src=\"{src}\">: runs, then returns here")
            return
        if target is not None and not target.target.startswith("external:"):
            # called again from another item: its <return/> goes back to the first caller, so this call is taken
            # as running it and returning at once (walking into it again would loop back to the first caller)
            builder.steps[sid] = Step(sid, "message", item.location, goto=back,
                                      description=f"<subdialog src=\"{src}\">: called before (walked into from "
                                                  "its first caller), taken as returning at once")
            return
        written = src or item.attrib.get("srcexpr") or ""
        builder.steps[sid] = Step(sid, "message", item.location, goto=back,
                                  description=f"<subdialog src=\"{written}\">: a dialog ivr cannot follow, taken "
                                              "as returning at once")
        return
    if kind == "object":
        builder.steps[sid] = Step(sid, "message", item.location, goto=builder.hand_off(
            f"<object {item.attrib.get('classid', '')}>", item.location, "platform code"))
        return
    text, audio, interruptible = _prompt(builder, item)
    if kind == "record":
        builder.steps[sid] = Step(sid, "message", item.location, text=text, audio=audio,
                                  description="<record>: the caller leaves a recording", goto=done())
        return
    options = [c for c in item.children if local(c.tag) == "option" and c.attrib.get("dtmf")]
    field_type = item.attrib.get("type", "")
    step = Step(sid, "input", item.location, text=text, audio=audio, interruptible=interruptible,
                timeout=seconds(doc.property(item, "timeout")), description=f"<field type=\"{field_type}\">"
                if field_type else "<field>")
    if field_type == "boolean":
        step.min_digits = step.max_digits = 1
    step.input_modes = _input_modes(doc, item, options)
    builder.steps[sid] = step
    step.goto = done()
    if options:
        step.description = f"<field> with options {', '.join(o.attrib['dtmf'] for o in options)}"
    builder.failures(doc, step, scope, sid)


def _posts(element: Element) -> bool:
    """Whether a ``<submit>`` or ``<data>`` sends by post (VoiceXML 2.0, 5.3.8; 2.1, 5: ``method``, get by
    default): a request that is not safe (RFC 9110 9.2.1) asks the server to change something."""
    return element.attrib.get("method", "").strip().lower() == "post"


def _changes(element: Element) -> str:
    """What a ``<submit>`` or ``<data>`` by post changes, as written: ``POST`` and its target."""
    target = next((element.attrib[k] for k in ("next", "src", "expr", "srcexpr") if element.attrib.get(k)), "")
    return f"POST {' '.join(target.split())}".strip()


def _described(element: Element) -> str:
    return f"<{local(element.tag)} method=\"post\">: {_changes(element)}"


"""A VoiceXML ``<menu>`` or ``<form>`` as steps: the menu and its choices, the form's items in order.

Called by :class:`ivr.formats.vxml.flow.Builder` for each dialog a caller can reach.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ivr.formats.steps import Choice, Step
from ivr.formats.vxml.document import Document, form_items, local, seconds, text_of, with_text
from ivr.formats.xmltree import Element
from ivr.model.menu import Ref

if TYPE_CHECKING:
    from ivr.formats.vxml.flow import Builder, Then

__all__ = ["build_dialog"]

_PROMPTED = ("prompt", "audio")


def _prompt(builder: Builder, element: Element) -> tuple[str | None, list[str], bool]:
    """What an item says before it listens: the words, the recordings, and whether keys interrupt it."""
    words: list[str] = []
    audio: list[str] = []
    interruptible = True
    for child in element.children:
        if local(child.tag) in _PROMPTED:
            words.append(text_of(child))
            audio.extend(a.attrib["src"] for a in child.iter(child.tag[:-len(local(child.tag))] + "audio")
                         if a.attrib.get("src"))
            interruptible = interruptible and child.attrib.get("bargein", "true") != "false"
    return " ".join(w for w in words if w) or None, audio, interruptible


def build_dialog(builder: Builder, doc: Document, dialog_id: str) -> None:
    element = doc.dialogs[dialog_id]
    sid = builder._prefix(doc) + dialog_id
    if local(element.tag) == "menu":
        _menu(builder, doc, element, sid)
    else:
        _form(builder, doc, element, sid)


def _bargein(doc: Document, scope: Element, interruptible: bool) -> bool:
    return interruptible and (doc.property(scope, "bargein") or "true") != "false"


def _links(builder: Builder, doc: Document, scopes: list[Element]) -> list[Choice]:
    found = []
    for scope in scopes:
        for child in doc.children_of(scope, "link"):
            if child.attrib.get("dtmf"):
                target = builder.uri(doc, child.attrib["next"], child.location) if child.attrib.get("next") else \
                    builder.hand_off(child.attrib.get("expr") or child.attrib.get("event", "<link>"), child.location,
                                     "computed or thrown when the call runs")
                found.append(Choice(child.attrib["dtmf"], target, child.location, "link"))
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
            goto = builder.throw(doc, choice.attrib["event"], [menu, doc.root], sid, choice.location, None)
        else:
            goto = builder.hand_off(choice.attrib.get("expr", "<choice>"), choice.location,
                                    "computed when the call runs; ivr cannot follow it")
        step.options.append(Choice(key, goto, choice.location, label))
    keys = {c.key for c in step.options}
    step.options.extend(c for c in _links(builder, doc, [menu, doc.root]) if c.key not in keys)
    builder.failures(doc, step, [menu, doc.root], sid)


def _form(builder: Builder, doc: Document, form: Element, sid: str) -> None:
    named = form_items(form)
    items = [item for _, item in named]
    filled = [c for c in form.children if local(c.tag) == "filled"]
    ids = [sid if k == 0 else f"{sid}.{name}" for k, (name, _) in enumerate(named)]
    if not items:
        builder.steps[sid] = Step(sid, "hangup", form.location, description="an empty <form>: the document ends")
        return
    scopes = [form, doc.root]

    def after(k: int) -> Then:
        def then() -> Ref:
            if k < len(items):
                return Ref(ids[k], items[k].location)
            return builder.end(f"{sid}/end", form.location, "the form's last item is done: the document ends, "
                                                            "and the call with it")
        return then

    for k, item in enumerate(items):
        last_input = all(local(i.tag) not in ("field", "record") for i in items[k + 1:])
        _item(builder, doc, item, ids[k], after(k + 1), scopes, filled if last_input else [])


def _item(builder: Builder, doc: Document, item: Element, sid: str, then: Then, scopes: list[Element],
          form_filled: list[Element]) -> None:
    kind = local(item.tag)
    scope = [item, *scopes]
    again = lambda: Ref(sid, item.location)  # noqa: E731

    def done() -> Ref:
        own = [c for c in item.children if local(c.tag) == "filled"]
        chain = [*(own[0].children if own else []), *(form_filled[0].children if form_filled else [])]
        return builder.content(doc, chain, then, sid, scope, again) if chain else then()

    if kind == "block":
        start = builder.content(doc, with_text(item), then, sid, scope, again)
        if start.target in builder.steps and start.target.startswith(sid + "/") and start.target not in (
                builder.alias.values()):
            builder.steps[sid] = builder.steps.pop(start.target)  # the block's first step takes its id
            builder.steps[sid].id = sid
        elif start.target != sid:
            builder.alias[sid] = start.target
        else:  # a block that only jumps back to its own dialog: a loop the system spins in
            builder.steps[sid] = Step(sid, "branch", item.location, otherwise=start,
                                      description="a <block> that only goes back to its own dialog")
        return
    if kind == "transfer":
        text, audio, _ = _prompt(builder, item)
        dest = item.attrib.get("dest") or item.attrib.get("destexpr") or ""
        builder.steps[sid] = Step(sid, "transfer", item.location, text=text or text_of(item) or None, audio=audio,
                                  number=dest, description=f"<transfer {dest}>")
        return
    if kind == "subdialog":
        src = item.attrib.get("src") or item.attrib.get("srcexpr") or ""
        target = builder.uri(doc, src, item.location) if item.attrib.get("src") else builder.hand_off(
            src, item.location, "computed when the call runs")
        builder.steps[sid] = Step(sid, "message", item.location, next=target,
                                  description=f"<subdialog src=\"{src}\"> (its return is not followed)")
        return
    if kind == "object":
        builder.steps[sid] = Step(sid, "message", item.location, next=builder.hand_off(
            f"<object {item.attrib.get('classid', '')}>", item.location, "platform code"))
        return
    text, audio, interruptible = _prompt(builder, item)
    if kind == "record":
        builder.steps[sid] = Step(sid, "message", item.location, text=text, audio=audio,
                                  description="<record>: the caller leaves a recording", next=done())
        return
    options = [c for c in item.children if local(c.tag) == "option" and c.attrib.get("dtmf")]
    field_type = item.attrib.get("type", "")
    step = Step(sid, "input", item.location, text=text, audio=audio, interruptible=interruptible,
                timeout=seconds(doc.property(item, "timeout")), description=f"<field type=\"{field_type}\">"
                if field_type else "<field>")
    if field_type == "boolean":
        step.min_digits = step.max_digits = 1
    builder.steps[sid] = step
    step.next = done()
    if options:
        step.description = f"<field> with options {', '.join(o.attrib['dtmf'] for o in options)}"
    builder.failures(doc, step, scope, sid)

"""Call-flow steps (:mod:`ivr.formats.steps`) as the model: one node per step, every failure said explicitly.

Shared by the Asterisk and VoiceXML readers. A step's kind is its node type; its words
and recordings become one prompt (a recording without words is an audio-only prompt);
options, branch cases, hand-offs and people carry over as they are. What a platform does
when a menu names no target is the step's ``when_*``; a platform that counts no tries
(Asterisk without FreePBX's counters, VoiceXML's default handlers) gets :data:`UNCOUNTED`
tries, so that only its handlers are ever taken, and ``on_fail`` back to itself: it never
gives up on the caller (and ivr's YAML can say so).
"""

from __future__ import annotations

from dataclasses import replace

from ivr.formats.steps import Flow, Step
from ivr.model.menu import PROMPTED_TYPES, Branch, Fallback, Menu, Node, Option, Prompt, Ref

__all__ = ["UNCOUNTED", "to_menu"]

#: Tries for a menu whose platform counts none: the most the model allows.
UNCOUNTED = 100


def _prompt(step: Step) -> Prompt | None:
    if not step.text and not step.audio:
        return None
    texts = {"": step.text} if step.text else {}
    return Prompt(texts, step.location, audio=", ".join(step.audio) or None)


def _node(step: Step, fmt: str) -> Node:
    if step.kind == "message" and not step.text and not step.audio and step.next is not None:
        # a step that says nothing and goes on (a subdialog call, a computed <value>): a system step
        step = replace(step, kind="branch", otherwise=step.next, next=None)
    node = Node(id=step.id, type=step.kind, location=step.location, label=step.label, format=fmt,
                target_text=step.target_text, prompt=_prompt(step), description=step.description,
                goto=step.next, timeout=step.timeout, queue=step.queue, number=step.number, mailbox=step.mailbox,
                min_digits=step.min_digits, max_digits=step.max_digits, otherwise=step.otherwise,
                interruptible=step.interruptible)
    for choice in step.options:
        node.options.setdefault(choice.key, Option(choice.key, choice.goto, choice.location, choice.label))
    node.branches = [Branch(case.when, case.goto, case.location) for case in step.cases]
    if step.kind in PROMPTED_TYPES:
        node.no_input, node.no_match, node.on_fail = step.no_input, step.no_match, step.on_fail
        node.when_no_input = Fallback(step.when_no_input or Fallback.REPLAY)
        node.when_no_match = Fallback(step.when_no_match or Fallback.REPLAY)
        node.when_failed = Fallback(step.when_failed or Fallback.DISCONNECT)
        if step.retries is None:
            # the platform counts no tries: only the handlers are taken, and it never gives up
            node.retries = UNCOUNTED
            node.on_fail = node.on_fail or Ref(step.id, step.location)
        else:
            node.retries = step.retries
    return node


def to_menu(flow: Flow, fmt: str, language: str = "en") -> Menu:
    """The menu of one flow, its nodes in the order the flow found them."""
    nodes = {sid: _node(step, fmt) for sid, step in flow.steps.items()}
    return Menu(name=flow.name, file=flow.file, start=flow.start, nodes=nodes, language=language,
                location=flow.start.location, format=fmt, files=tuple(flow.files or [flow.file]))

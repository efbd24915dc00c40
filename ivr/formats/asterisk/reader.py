"""The Asterisk / FreePBX dialplan reader: ``extensions*.conf`` files into menus.

``read`` parses one file (and what it ``#include``s next to it); ``link`` joins every
dialplan file given into one dialplan, as Asterisk loads them, and finds its IVRs
(:mod:`ivr.formats.asterisk.entries`): FreePBX's ``extensions_additional.conf`` and
``extensions_custom.conf`` given together are one IVR, entered by its inbound routes.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import cast

from ivr.formats.api import Imported, Note
from ivr.formats.asterisk.dialplan import Dialplan, decode, parse_text
from ivr.formats.asterisk import queues
from ivr.formats.asterisk.entries import read_flows
from ivr.formats.detection.asterisk import detect, settings_only
from ivr.formats.flow import Flow, to_menu
from ivr.model.errors import InvalidMenu, LoadError
from ivr.model.menu import Location, Menu, Unread

__all__ = ["NAME", "TITLE", "detect", "read", "link", "link_as"]

NAME = "asterisk"
TITLE = "Asterisk / FreePBX dialplans (extensions.conf)"


def read(data: bytes, name: str) -> Imported:
    if settings_only(data):
        # an Asterisk configuration file of another module (pjsip.conf, sip.conf, queues.conf, ...): its
        # sections hold settings, and Asterisk's pbx_config reads no dialplan from it
        text = decode(data)
        line = next((n for n, row in enumerate(text.splitlines(), 1) if row.strip().startswith("[")), 1)
        raise InvalidMenu([LoadError(Location(name, line, 1), "no dialplan in this file: its sections hold "
                                     "settings (as pjsip.conf, sip.conf or queues.conf do), not 'exten =>' lines; "
                                     "give ivr the dialplan (extensions.conf, extensions_additional.conf)")])
    plan = parse_text(decode(data), name)
    if plan.errors:
        raise InvalidMenu(plan.errors)
    imported = Imported(name, NAME, counts={"lines": plan.lines, "contexts": len(plan.contexts)},
                        notes=[Note(w.location, w.message) for w in plan.warnings])
    imported.resources["dialplan"] = plan
    return imported


def _merge(parts: Sequence[Imported]) -> Dialplan:
    """One dialplan from every file given: contexts of the same name add up, as Asterisk merges them."""
    merged = Dialplan()
    for part in parts:
        plan = part.resources["dialplan"]
        assert isinstance(plan, Dialplan)
        merged.files.extend(f for f in plan.files if f not in merged.files)
        merged.lines += plan.lines
        merged.skipped.extend(plan.skipped)
        merged.unread_includes += plan.unread_includes
        for name, context in plan.contexts.items():
            into = merged.contexts.get(name)
            if into is None:
                merged.contexts[name] = context
                continue
            for ext_name, extension in context.extensions.items():
                into.extensions.setdefault(ext_name, extension)
            into.includes.extend(context.includes)
    return merged


def _merged_warnings(parts: Sequence[Imported]) -> list[LoadError]:
    """The parser's warnings, already noted by ``read``."""
    return [w for part in parts for w in cast(Dialplan, part.resources["dialplan"]).warnings]


def _drop_notes_of_includes_given(parts: Sequence[Imported]) -> None:
    """An include left unread for pointing out of its file's folder is no loss when that file is given too."""
    given = {os.path.realpath(part.source) for part in parts}
    for part in parts:
        plan = cast(Dialplan, part.resources["dialplan"])
        read_elsewhere = {(w.location, w.message) for w, target in plan.outside if target in given}
        if read_elsewhere:
            part.notes = [n for n in part.notes if (n.location, n.message) not in read_elsewhere]


def link(parts: Sequence[Imported]) -> list[Menu]:
    return link_as(parts, NAME)


def link_as(parts: Sequence[Imported], fmt: str) -> list[Menu]:
    """:func:`link` for the dialplans of a format compiled into one (AEL), its menus named as that format's."""
    if not parts:
        return []
    _drop_notes_of_includes_given(parts)
    plan = _merge(parts)
    result = read_flows(plan)
    if result.errors:
        raise InvalidMenu(result.errors)
    # an entry kept only for the way it runs into a target no step has (a Goto typo) is no caller menu either
    routing = not result.menus_in_subroutines and not any(
        step.kind in ("menu", "input") for flow in result.flows for step in flow.steps.values())
    if routing:
        # no context plays a prompt and waits for a key: Asterisk still loads and runs the dialplan (it dials,
        # queues, jumps), so its routing is read, for the rules of how a dialplan is written (registry.ROUTING)
        result = read_flows(plan, routing=True)
        if result.errors:
            raise InvalidMenu(result.errors)
    first = parts[0]
    summary = result.summary
    first.counts.update({"contexts read": summary.read, "contexts used": summary.used,
                         "contexts skipped": len(summary.skipped),
                         "IVRs": 0 if routing else len(result.flows), "hand-offs not followed": len(summary.external)})
    if result.unread:
        first.counts["lines Asterisk skips"] = len(result.unread)
    where = Location(first.source, 1, 1)
    if routing and result.flows:
        first.notes.append(Note(where, "no IVR menu in this dialplan (no context plays a prompt and waits for a key: "
                                       "Background() then WaitExten(), or Read()): its routing is read, and only the "
                                       "rules of how a dialplan is written run on it (a target that does not exist, "
                                       "an extension written twice, a line Asterisk skips, a condition that never "
                                       "holds, a hand-off not followed), not those of what callers at a menu hear"))
    noted = set(_merged_warnings(parts))  # once, not once per warning
    first.notes.extend(Note(w.location, w.message) for w in result.warnings if w not in noted)
    # the parsed dialplans are let go of here, once the flows are walked and before the menus are made: the
    # reading keeps each part till the end, and a large dialplan's lines are as large as its menus
    for part in parts:
        part.resources.pop("dialplan", None)
    for reason, names in summary.by_reason().items():
        shown = ", ".join(names[:8]) + (f" and {len(names) - 8} more" if len(names) > 8 else "")
        first.notes.append(Note(where, f"skipped {len(names)} context{'s' if len(names) > 1 else ''} "
                                       f"({reason}): {shown}"))
    if result.failed_transfers:
        shown = ", ".join(result.failed_transfers[:8]) + (
            f" and {len(result.failed_transfers) - 8} more" if len(result.failed_transfers) > 8 else "")
        first.notes.append(Note(where, f"what happens after a failed transfer is not analysed (the caller is counted "
                                       f"as reaching a person; the priorities after it are left out): {shown}"))
    _queues_without_members(parts, result.flows, first, where)
    if not result.flows and result.menus_in_subroutines:
        listed = ", ".join(f"'{name}'" for name in result.menus_in_subroutines[:4])
        more = f" and {len(result.menus_in_subroutines) - 4} more" if len(result.menus_in_subroutines) > 4 else ""
        raise InvalidMenu([LoadError(where, f"no IVR is entered in this dialplan: its menus are in macros or "
                                            f"subroutines ({listed}{more}), which only a Macro() or Gosub() of "
                                            "another context enters; give ivr the dialplan that calls them too; "
                                            f"{summary.read} contexts read")])
    if not result.flows:
        raise InvalidMenu([LoadError(where, "no IVR menu in this dialplan: no context plays a prompt and waits "
                                            "for a key (Background() then WaitExten(), or Read()); "
                                            f"{summary.read} contexts read")])
    menus = [to_menu(flow, fmt) for flow in result.flows]
    # each line Asterisk skips is told once: in the first IVR that runs through its context, else the first IVR
    runs: dict[str, Menu] = {}
    for menu in menus:
        for node_id in menu.nodes:
            runs.setdefault(node_id.split(",", 1)[0], menu)
    for error, context in result.unread:
        runs.get(context or "", menus[0]).unread.append(Unread(error.location, error.message))
    return menus


def _queues_without_members(parts: Sequence[Imported], flows: Sequence[Flow], first: Imported,
                            where: Location) -> None:
    """Say which queues the IVR reaches have no static member in FreePBX's queues_additional.conf beside a
    dialplan given (:mod:`ivr.formats.asterisk.queues`)."""
    found = next((path for path in (queues.beside(part.source) for part in parts) if path), None)
    if found is None:
        return
    counts = queues.members(found)
    if isinstance(counts, str):
        first.notes.append(Note(where, f"{queues.COMPANION} beside it is not read ({counts}): which queues have "
                                       "static members is not said"))
        return
    reached: list[str] = []
    for flow in flows:
        for step in flow.steps.values():
            if step.kind != "transfer":
                continue
            # Queue(400,...) in ext-queues, or FreePBX's destination ext-queues,400 when that context is not given
            name = step.queue or (step.number.split(" ", 1)[1] if step.number and step.number.startswith(
                "ext-queues ") else None)
            if name and name not in reached:
                reached.append(name)
    empty = [name for name in reached if counts.get(name) == 0]
    if empty:
        shown = ", ".join(empty[:8]) + (f" and {len(empty) - 8} more" if len(empty) > 8 else "")
        first.notes.append(Note(where, f"queue{'s' if len(empty) > 1 else ''} {shown} "
                                       f"{'have' if len(empty) > 1 else 'has'} no static member in "
                                       f"{queues.COMPANION}: callers there reach a person only while agents are "
                                       "logged in (AddQueueMember, FreePBX's dynamic agents); check that some "
                                       "will be"))

"""Load a menu file into the located model (stage 1 of the pipeline).

``load_menu(path)`` reads, validates and builds a :class:`~ivr.model.menu.Menu`, or
raises :class:`~ivr.model.errors.InvalidMenu` with every problem found. Duplicate
keys are not fatal: they travel in ``Menu.duplicates`` to the
``duplicate-key`` rule, so that a designer sees every problem in one run.
"""

from __future__ import annotations

import os
from typing import cast

from ivr.formats.checks import model_errors
from ivr.model.errors import InvalidMenu, LoadError
from ivr.gcpause import collector_paused
from ivr.model.menu import (PROMPTED_TYPES, Branch, Fallback, Intent, Location, Menu, Node, Option, Prompt, Ref,
                            Suppression)
from ivr.model.staffing import Staffing
from ivr.formats.native.validate import validation_errors
from ivr.formats.native.yamlfile import LocatedDict, read_yaml
from ivr.formats.semantics import AfterLast, Semantics, settle
from ivr.formats.sources import read_file

__all__ = ["IVR_YAML", "load_menu", "load_menu_bytes", "build_menu_bytes"]

#: ivr's own format (schema/menu-v1.json, ``retries``, ``no_input``, ``no_match``, ``on_fail``): 3 tries unless
#: ``retries`` says otherwise; silence or a wrong key with no target replays the node; after the last try with no
#: ``on_fail`` the system hangs up.
IVR_YAML = Semantics("ivr's YAML", tries=3, no_input=Fallback.REPLAY, no_match=Fallback.REPLAY,
                     after_last=AfterLast.DISCONNECT)


def load_menu(path: str | os.PathLike) -> Menu:
    """Read the menu file at ``path``."""
    file = os.fspath(path)
    return load_menu_bytes(read_file(file), file)


def load_menu_bytes(raw: bytes, file: str) -> Menu:
    """Build a menu from the bytes of a file named ``file`` (used in messages), checked as every reader's are.

    The shared model checks (:mod:`ivr.formats.checks`) run here for callers that load one
    YAML file directly; :func:`ivr.formats.reading.read_all` runs them once for every format.
    """
    menu = build_menu_bytes(raw, file)
    errors = model_errors(menu)
    if errors:
        raise InvalidMenu(errors)
    return menu


def build_menu_bytes(raw: bytes, file: str) -> Menu:
    """The menu of the bytes of a YAML file named ``file``, validated against the schema only.

    The cyclic garbage collector is paused meanwhile (a fifth of the time of a
    100,000-node menu went to full collections finding nothing).
    """
    with collector_paused():
        data, duplicates = read_yaml(raw, file)
        errors = validation_errors(data, file)
        if errors:
            raise InvalidMenu(errors)
        menu = _build_menu(cast(LocatedDict, data), file)  # the schema holds: a mapping
    menu.duplicates = duplicates
    return menu


def _required_ref(holder: LocatedDict, key: str, file: str) -> Ref:
    """A reference the schema requires (validated before the model is built)."""
    return Ref(holder[key], holder.value_location(file, key))


def _ref(holder: LocatedDict, key: str, file: str) -> Ref | None:
    target = holder.get(key)
    if target is None:
        return None
    return Ref(target, holder.value_location(file, key))


def _prompt(holder: LocatedDict, file: str) -> Prompt | None:
    text = holder.get("prompt")
    if text is None:
        return None
    location = holder.value_location(file, "prompt")
    if not isinstance(text, dict):
        return Prompt({"": text}, location)
    texts = dict(text)
    return Prompt(texts, location, audio=texts.pop("audio", None))


def _suppressions(holder: LocatedDict, file: str) -> dict[str, Suppression]:
    ignore = holder.get("ignore")
    if not ignore:
        return {}
    return {rule: Suppression(rule, (reason or "").strip() or None, ignore.key_location(file, rule))
            for rule, reason in ignore.items()}


def _build_node(node_id: str, data: LocatedDict, location: Location, file: str) -> Node:
    node = Node(
        id=node_id,
        type=data["type"],
        location=location,
        prompt=_prompt(data, file),
        duration=data.get("duration"),
        description=data.get("description"),
        goto=_ref(data, "goto", file),
        timeout=data.get("timeout"),
        input_modes=tuple(data["input_modes"]) if "input_modes" in data else None,
        interruptible=data.get("interruptible", True),
        no_input=_ref(data, "no_input", file),
        no_match=_ref(data, "no_match", file),
        on_fail=_ref(data, "on_fail", file),
        otherwise=_ref(data, "otherwise", file),
        min_digits=data.get("min_digits"),
        max_digits=data.get("max_digits"),
        queue=data.get("queue"),
        number=data.get("number"),
        hold=data.get("hold"),
        fails_silently=data.get("fails_silently"),
        if_failed=_ref(data, "if_failed", file),
        failed_when=tuple(data.get("failed_when") or ()),
        changes=data.get("changes"),
        mailbox=data.get("mailbox"),
        target_text=data.get("target_text"),
        outcome=data.get("outcome"),
        ignore=_suppressions(data, file),
        fields={key: data.key_location(file, key) for key in data.positions},
    )
    if node.type in PROMPTED_TYPES:
        settle(node, IVR_YAML, data.get("retries"))
        node.counts_tries = data.get("counts_tries", True) is not False
        node.counts_wrong_keys = data.get("counts_wrong_keys", True) is not False
    options = data.get("options")
    if options:
        node.options = {
            key: Option(key, _required_ref(option, "goto", file), options.key_location(file, key), option.get("label"))
            for key, option in options.items()
        }
    branches = data.get("branches")
    if branches:
        node.branches = [
            Branch(branch["when"], _required_ref(branch, "goto", file), branches.item_location(file, index), branch.get("p"),
                   branch.get("never"))
            for index, branch in enumerate(branches)
        ]
    return node


def _build_menu(data: LocatedDict, file: str) -> Menu:
    nodes_data: LocatedDict = data["nodes"]
    nodes = {
        node_id: _build_node(node_id, node_data, nodes_data.key_location(file, node_id), file)
        for node_id, node_data in nodes_data.items()
    }
    intents_data: LocatedDict = data.get("intents") or LocatedDict()
    intents = {name: _build_intent(name, intent, intents_data, file) for name, intent in intents_data.items()}
    return Menu(
        name=data["ivr"],
        file=file,
        start=_required_ref(data, "start", file),
        nodes=nodes,
        language=data.get("language", "en"),
        location=Location(file, data.line, data.column),
        intents=intents,
        ignore=_suppressions(data, file),
        staffing=_staffing(data.get("queues"), file),
        part_of=data.get("part_of"),
        agent_ends_it=data.get("agent_ends_it", False) is True,
    )


def _staffing(section: object, file: str) -> Staffing | None:
    """The staffing of the menu's ``queues:`` section; its located errors are the menu's."""
    if section is None:
        return None
    from ivr.formats.native.staffing import InvalidStaffing, staffing_section  # only for a menu that has one

    try:
        return staffing_section(section, file)
    except InvalidStaffing as bad:
        raise InvalidMenu(bad.errors) from None


def _build_intent(name: str, data: LocatedDict, holder: LocatedDict, file: str) -> Intent:
    goal = data["goal"]
    goals: tuple[Ref, ...]
    if isinstance(goal, str):
        goals = (Ref(goal, data.value_location(file, "goal")),)
    else:
        goals = tuple(Ref(target, goal.item_location(file, i)) for i, target in enumerate(goal))
    return Intent(name, goals, holder.key_location(file, name), data.get("share", 1.0), data.get("description"))

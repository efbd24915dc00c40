"""Load a menu file into the located model (stage 1 of the pipeline).

``load_menu(path)`` reads, validates and builds a :class:`~ivr.model.menu.Menu`, or
raises :class:`~ivr.model.errors.InvalidMenu` with every problem found. Duplicate
keys are not fatal: they travel in ``Menu.duplicates`` to the
``duplicate-key`` rule, so that a designer sees every problem in one run.
"""

from __future__ import annotations

import os

from ivr.model.errors import InvalidMenu, LoadError
from ivr.gcpause import collector_paused
from ivr.model.menu import Branch, Intent, Location, Menu, Node, Option, Prompt, Ref, Suppression
from ivr.formats.native.validate import validation_errors
from ivr.formats.native.yamlfile import LocatedDict, read_yaml
from ivr.formats.sources import read_file

__all__ = ["load_menu", "load_menu_bytes"]


def load_menu(path: str | os.PathLike) -> Menu:
    """Read the menu file at ``path``."""
    file = os.fspath(path)
    return load_menu_bytes(read_file(file), file)


def load_menu_bytes(raw: bytes, file: str) -> Menu:
    """Build a menu from the bytes of a file named ``file`` (used in messages).

    The cyclic garbage collector is paused meanwhile (a fifth of the time of a
    100,000-node menu went to full collections finding nothing).
    """
    with collector_paused():
        data, duplicates = read_yaml(raw, file)
        errors = validation_errors(data, file)
        if errors:
            raise InvalidMenu(errors)
        menu = _build_menu(data, file)
    errors = [e for node in menu.nodes.values() for e in (_branch_probability_error(node), _digits_error(node)) if e]
    if errors:
        raise InvalidMenu(errors)
    menu.duplicates = duplicates
    return menu


def _digits_error(node: Node) -> LoadError | None:
    """An input's ``min_digits`` may not exceed its ``max_digits``: no entry could be valid (no schema can say it)."""
    if node.min_digits is None or node.max_digits is None or node.min_digits <= node.max_digits:
        return None
    return LoadError(node.fields["min_digits"],
                     f"'min_digits' of node '{node.id}' is {node.min_digits}, more than its 'max_digits' "
                     f"{node.max_digits}: no entry can be valid; make min_digits at most max_digits")


def _branch_probability_error(node: Node) -> LoadError | None:
    """Branch probabilities must leave room for the cases without one (a rule no schema can say)."""
    given = [b.p for b in node.branches if b.p is not None]
    if not given:
        return None
    total = sum(given)
    rest = len(node.branches) - len(given) + (node.otherwise is not None)
    where = node.fields["branches"]
    if total > 1 + 1e-9:
        return LoadError(where, f"the branch probabilities of node '{node.id}' add up to {total:g} (> 1); "
                                "make them add up to 1 at most")
    if rest == 0 and total < 1 - 1e-9:
        return LoadError(where, f"the branch probabilities of node '{node.id}' add up to {total:g} and there is "
                                "no otherwise; make them add up to 1, or add 'otherwise'")
    return None


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
    return Prompt(dict(text) if isinstance(text, dict) else {"": text}, location)


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
        retries=data.get("retries", 3),
        no_input=_ref(data, "no_input", file),
        no_match=_ref(data, "no_match", file),
        on_fail=_ref(data, "on_fail", file),
        otherwise=_ref(data, "otherwise", file),
        min_digits=data.get("min_digits"),
        max_digits=data.get("max_digits"),
        queue=data.get("queue"),
        number=data.get("number"),
        mailbox=data.get("mailbox"),
        ignore=_suppressions(data, file),
        fields={key: Location(file, pos[0], pos[1]) for key, pos in data.positions.items()},
    )
    options = data.get("options")
    if options:
        node.options = {
            key: Option(key, _ref(option, "goto", file), options.key_location(file, key), option.get("label"))
            for key, option in options.items()
        }
    branches = data.get("branches")
    if branches:
        node.branches = [
            Branch(branch["when"], _ref(branch, "goto", file), branches.item_location(file, index), branch.get("p"))
            for index, branch in enumerate(branches)
        ]
    return node


def _build_menu(data: LocatedDict, file: str) -> Menu:
    nodes_data: LocatedDict = data["nodes"]
    nodes = {
        node_id: _build_node(node_id, node_data, nodes_data.key_location(file, node_id), file)
        for node_id, node_data in nodes_data.items()
    }
    intents_data = data.get("intents") or {}
    intents = {name: _build_intent(name, intent, intents_data, file) for name, intent in intents_data.items()}
    return Menu(
        name=data["ivr"],
        file=file,
        start=_ref(data, "start", file),
        nodes=nodes,
        language=data.get("language", "en"),
        location=Location(file, data.line, data.column),
        intents=intents,
        ignore=_suppressions(data, file),
    )


def _build_intent(name: str, data: LocatedDict, holder: LocatedDict, file: str) -> Intent:
    goal = data["goal"]
    if isinstance(goal, str):
        goals = (Ref(goal, data.value_location(file, "goal")),)
    else:
        goals = tuple(Ref(target, goal.item_location(file, i)) for i, target in enumerate(goal))
    return Intent(name, goals, holder.key_location(file, name), data.get("share", 1.0), data.get("description"))

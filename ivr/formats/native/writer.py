"""Write menus in ivr's own YAML (``ivr import``): a team can move a platform's menus to our format.

:func:`menu_yaml` is deterministic (nodes in the model's order, fields in the schema's
order), so an import can be committed and diffed. What the model holds and the format
cannot say is refused with :class:`NotExpressible` rather than written differently:
checking the written file gives the same findings as checking the source (two entries on
one key are the exception: the format keeps the first, as the platforms do, so
``duplicate-key`` has nothing left to report).
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from ivr.model.menu import PROMPTED_TYPES, Fallback, Location, Menu, Node, Prompt, Ref
from ivr.model.words import printable_name

__all__ = ["menu_yaml", "NotExpressible", "yaml_id"]

_PLAIN_KEY = re.compile(r"[0-9*#]\Z")
_DIALLED = re.compile(r"[0-9*#]+\Z")


class NotExpressible(ValueError):
    """The menu says something ivr's YAML cannot (a platform behaviour without a field), at ``location``:
    the node's or the option's place in the source."""

    def __init__(self, location: Location, message: str):
        super().__init__(f"{location}: {message}")
        self.location = location
        self.message = message


def _prompt(prompt: Prompt, language: str) -> Any:
    texts = {code or language: text for code, text in prompt.texts.items()}
    if prompt.audio is not None:
        return {**texts, "audio": prompt.audio}
    if list(prompt.texts) == [""]:
        return prompt.texts[""]
    return texts


def _key(key: str, location: Location) -> str:
    """Option keys as the format writes them: one key, a /regex/, or several digits as a /regex/."""
    if _PLAIN_KEY.match(key) or (len(key) > 2 and key.startswith("/") and key.endswith("/")):
        return key
    if _DIALLED.match(key):
        return "/^" + re.escape(key) + "$/"
    if len(key) > 1 and key.startswith("_"):  # an Asterisk pattern: the same strings as a /regex/
        return "/^" + _asterisk_regex(key[1:]) + "$/"
    raise NotExpressible(location, f"option key {key!r} is neither a phone key, digits, nor a /regular "
                                   "expression/, which are the keys of ivr's YAML; change the key in the source")


_ASTERISK = {"X": "[0-9]", "Z": "[1-9]", "N": "[2-9]", ".": ".+", "!": ".*"}


def _asterisk_regex(pattern: str) -> str:
    parts = re.findall(r"\[[^\]]*\]|.", pattern)
    return "".join(p if p.startswith("[") and len(p) > 1 else _ASTERISK.get(p.upper(), re.escape(p)) for p in parts)


def yaml_id(name: str) -> str:
    """``name`` as a node id of ivr's YAML, which holds no white space, ``<`` or ``>`` (schema/menu-v1.json,
    ``propertyNames``): those left out, each run of white space a ``_`` (``menu[Main Menu_10]`` is
    ``menu[Main_Menu_10]``); the validator suggests the same name."""
    return "_".join(name.replace("<", "").replace(">", "").split()) or "main"


def _yaml_ids(menu: Menu) -> dict[str, str]:
    """Each node id of ``menu`` as the YAML writes it: as it is where the format allows it, else :func:`yaml_id`,
    numbered where that name is taken (``_2``, ``_3``...)."""
    taken = {node_id for node_id in menu.nodes if yaml_id(node_id) == node_id}
    ids = {}
    for node_id in menu.nodes:
        written = yaml_id(node_id)
        if written != node_id:
            base, number = written, 1
            while written in taken:
                number += 1
                written = f"{base}_{number}"
            taken.add(written)
        ids[node_id] = written
    return ids


class _Ids:
    """Targets as the YAML writes them (see :func:`_yaml_ids`); a target that is no node stays as it is."""

    def __init__(self, ids: dict[str, str]):
        self.ids = ids

    def __call__(self, target: str) -> str:
        return self.ids.get(target, target)

    def ref(self, ref: Ref | None) -> str | None:
        return self(ref.target) if ref is not None else None


def _node(node: Node, language: str, ids: _Ids) -> dict[str, Any]:
    data: dict[str, Any] = {"type": node.type}
    if node.prompt is None and node.type == "message":
        raise NotExpressible(node.location, f"message '{node.name}' says nothing, and every message in ivr's YAML "
                                            "has a prompt; give it one in the source first")
    if node.prompt is not None:
        data["prompt"] = _prompt(node.prompt, language)
    elif node.type in PROMPTED_TYPES:
        data["prompt"] = None  # the source plays nothing here (silent-menu says so): written as it is
    scalars = {"duration": node.duration, "description": node.description, "goto": ids.ref(node.goto),
               "target_text": node.target_text, "outcome": node.outcome}
    data.update({k: v for k, v in scalars.items() if v is not None})
    if node.options:
        data["options"] = {_key(key, o.location): {**({"label": o.label} if o.label else {}),
                                                   "goto": ids(o.goto.target)} for key, o in node.options.items()}
    if node.type in PROMPTED_TYPES:
        if node.when_no_input is not Fallback.REPLAY and node.no_input is None:
            raise NotExpressible(node.location, f"{node.type} '{node.id}': silence does not replay it, and there is "
                                                "no no_input target")
        if node.when_no_match is not Fallback.REPLAY and node.no_match is None:
            raise NotExpressible(node.location, f"{node.type} '{node.id}': a wrong key does not replay it, and "
                                                "there is no no_match target")
        if node.when_failed is not Fallback.DISCONNECT and node.on_fail is None:
            raise NotExpressible(node.location, f"{node.type} '{node.id}': running out of retries does not "
                                                "disconnect, and there is no on_fail target")
        extra = {"input_modes": list(node.input_modes) if node.input_modes is not None else None,
                 "interruptible": False if not node.interruptible else None,
                 "timeout": node.timeout, "max_digits": node.max_digits if node.type == "menu" else None,
                 "retries": node.retries, "counts_tries": False if not node.counts_tries else None,
                 "counts_wrong_keys": False if not node.counts_wrong_keys else None,
                 "no_input": ids.ref(node.no_input), "no_match": ids.ref(node.no_match),
                 "on_fail": ids.ref(node.on_fail)}
        data.update({k: v for k, v in extra.items() if v is not None})
    if node.branches:
        data["branches"] = [{"when": b.when, "goto": ids(b.goto.target), **({"p": b.p} if b.p is not None else {}),
                             **({"never": b.never} if b.never is not None else {})} for b in node.branches]
    more = {"otherwise": ids.ref(node.otherwise), "min_digits": node.min_digits,
            "max_digits": node.max_digits if node.type == "input" else None,
            "queue": node.queue, "number": node.number, "hold": node.hold,
            "fails_silently": node.fails_silently, "changes": node.changes, "if_failed": ids.ref(node.if_failed),
            "failed_when": list(node.failed_when) if node.failed_when else None, "mailbox": node.mailbox}
    data.update({k: v for k, v in more.items() if v is not None})
    if node.ignore:
        data["ignore"] = {rule: s.reason for rule, s in node.ignore.items()}
    return data


def menu_yaml(menu: Menu) -> str:
    """The YAML text of ``menu``, with a header naming where it came from."""
    if not menu.nodes:  # ivr's YAML needs a node (the schema refuses "nodes: {}"): the import would not read back
        raise NotExpressible(menu.start.location, f"'{menu.name}' has no step at all (its start names "
                                                  f"'{menu.start.target}', which the source does not define); ivr's "
                                                  "YAML needs at least one node: fix the source first")
    if menu.routing:  # checked with the routing rules only, which a YAML menu would not be: it would not read back
        raise NotExpressible(menu.start.location, f"'{menu.name}' is a dialplan's routing with no caller menu in it; "
                                                  "ivr's YAML describes IVR menus: check the dialplan itself (ivr "
                                                  "check reads its routing)")
    ids = _Ids(_yaml_ids(menu))
    document: dict[str, Any] = {"ivr": menu.name, "start": ids(menu.start.target)}
    if menu.language != "en":
        document["language"] = menu.language
    if menu.part_of:
        document["part_of"] = menu.part_of
    if menu.agent_ends_it:
        document["agent_ends_it"] = True
    document["nodes"] = {ids(node_id): _node(node, menu.language, ids) for node_id, node in menu.nodes.items()}
    if menu.intents:
        document["intents"] = {
            name: {"share": i.share, "goal": [ids(g.target) for g in i.goals],
                   **({"description": i.description} if i.description else {})}
            for name, i in menu.intents.items()}
    if menu.ignore:
        document["ignore"] = {rule: s.reason for rule, s in menu.ignore.items()}
    files = printable_name(", ".join(menu.files or (menu.file,)))  # a newline in a name must not end the comment
    renamed = sum(1 for node_id, written in ids.ids.items() if node_id != written)
    kept = ("node ids keep the source's names" if not renamed else
            f"node ids keep the source's names, but {renamed} without white space, < or >, which ids here cannot hold")
    header = f"# Imported by ivr import from {files} ({menu.format}); {kept}.\n"
    return header + yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)

"""Model invariants checked once for every reader, after linking: what the graph and rules rely on.

- Node ids are non-empty and safe: no ``<`` or ``>`` (the graph's synthetic
  ``<disconnect>`` node can then never collide with a real id) and no control characters;
  each node is filed under its own id.
- Every reference names a target; one naming no node is left to the ``unknown-target``
  rule, which reports it where it is written (a reader turns what it cannot follow into
  ``external`` nodes instead).
- Menus and inputs say how they fail: ``retries`` and what a missing ``no_input``,
  ``no_match`` and ``on_fail`` means (a reader's duty, see :mod:`ivr.formats.api`).
- The menu's language is a language code (BCP 47, as the YAML schema says): rules pick their word
  lists by it, and ``ivr import`` writes it.
- Numbers are finite and in range; branch probabilities leave room for the cases without one;
  an input's ``min_digits`` is at most its ``max_digits``.

Each problem is a :class:`~ivr.model.errors.LoadError` at the place it is written.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator

from ivr.model.errors import LoadError
from ivr.model.menu import PROMPTED_TYPES, Location, Menu, Node, Ref

__all__ = ["model_errors", "branch_probability_error", "SAFE_ID", "MAX_RETRIES"]

#: The most failed attempts a menu or input may allow (as the YAML schema says; the simulation's states grow with it).
MAX_RETRIES = 100
#: The longest a prompt may play and a caller may be waited for, in seconds (as the YAML schema says).
MAX_DURATION, MAX_TIMEOUT = 3600, 600
#: The most digits a caller may be asked to enter at once (Asterisk's Read() stops at 255).
MAX_ENTRY_DIGITS = 255
#: What a node id may be, whatever the format: not empty, no < > (kept for synthetic nodes), no control characters.
SAFE_ID = re.compile(r"[^<>\x00-\x1f\x7f]+\Z")
#: A language code (BCP 47's form, as schema/menu-v1.json's "language" has it).
LANGUAGE = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*\Z")


def model_errors(menu: Menu) -> list[LoadError]:
    """Every way ``menu`` breaks the model's invariants, located; ``[]`` when it holds."""
    errors: list[LoadError] = []
    if not LANGUAGE.match(menu.language):
        errors.append(LoadError(menu.location or Location(menu.file, 1, 1),
                                f"the language of {menu.name!r}, {menu.language!r}, is not a language code; write "
                                "one in the source, such as en, de or en-GB (BCP 47)"))
    for key, node in menu.nodes.items():
        errors.extend(_node_errors(key, node))
    for intent in menu.intents.values():
        if not _finite(intent.share) or intent.share < 0:
            errors.append(LoadError(intent.location, f"the share of intent '{intent.name}' is {intent.share}; "
                                                     "give a finite number of 0 or more"))
    return errors


def _node_errors(key: str, node: Node) -> Iterator[LoadError]:
    where = node.location
    if not SAFE_ID.match(node.id):
        yield LoadError(where, f"node id {node.id!r} is empty or holds <, > or control characters (any other "
                               "character is allowed); rename it without them")
    if key != node.id:
        yield LoadError(where, f"node '{node.id}' is filed as '{key}'; this is a bug in the reader of "
                               f"{node.format} files, please report it")
    for ref in _refs(node):
        if not ref.target:
            yield LoadError(ref.location, f"a reference of node '{node.name}' names no node; "
                                          "give the id of the node it leads to")
    if node.type in PROMPTED_TYPES and None in (node.retries, node.when_no_input, node.when_no_match,
                                                node.when_failed):
        yield LoadError(where, f"{node.type} '{node.name}' does not say how it fails (retries, no input, "
                               f"wrong key); this is a bug in the reader of {node.format} files, please report it")
    for name, most in (("duration", MAX_DURATION), ("timeout", MAX_TIMEOUT)):
        value = getattr(node, name)
        if value is not None and (not _finite(value) or not 0 <= value <= most):
            yield LoadError(node.fields.get(name, where), f"the {name} of node '{node.name}' is {_size(value, ' s')}; "
                                                          f"give seconds from 0 to {most}")
    if node.retries is not None and not 0 <= node.retries <= MAX_RETRIES:
        yield LoadError(node.fields.get("retries", where), f"the retries of {node.type} '{node.name}' are "
                                                           f"{node.retries}; give 0 to {MAX_RETRIES} (platforms "
                                                           "allow a handful)")
    for branch in node.branches:
        if branch.p is not None and (not _finite(branch.p) or not 0 <= branch.p <= 1):
            yield LoadError(branch.location, f"a branch probability of node '{node.name}' is {branch.p}; "
                                             "give a number from 0 to 1")
    error = branch_probability_error(node)
    if error is not None:
        yield error
    for name in ("min_digits", "max_digits"):
        value = getattr(node, name)
        if value is not None and not 0 <= value <= MAX_ENTRY_DIGITS:
            yield LoadError(node.fields.get(name, where), f"'{name}' of node '{node.name}' is "
                                                          f"{_size(value)}; give 0 to {MAX_ENTRY_DIGITS} (Asterisk's "
                                                          "Read() takes at most 255 digits)")
    if node.min_digits is not None and node.max_digits is not None and node.min_digits > node.max_digits:
        yield LoadError(node.fields.get("min_digits", where),
                        f"'min_digits' of node '{node.name}' is {node.min_digits}, more than its 'max_digits' "
                        f"{node.max_digits}: no entry can be valid; make min_digits at most max_digits")


def _refs(node: Node) -> Iterator[Ref]:
    for ref in (node.goto, node.no_input, node.no_match, node.on_fail, node.otherwise, node.if_failed):
        if ref is not None:
            yield ref
    for option in node.options.values():
        yield option.goto
    for branch in node.branches:
        yield branch.goto


def _size(value: float, unit: str = "") -> str:
    """A number for a message: as it is (with ``unit``) when it is of sane size, else how large it is."""
    if not _finite(value) or abs(value) >= 1e15:
        return "larger than any platform allows" if value > 0 else "far below zero"
    return f"{value:g}{unit}"


def _finite(value: float) -> bool:
    return isinstance(value, (int, float)) and math.isfinite(value)


def branch_probability_error(node: Node) -> LoadError | None:
    """Branch probabilities must leave room for the cases without one (a rule no schema can say)."""
    given = [b.p for b in node.branches if b.p is not None]
    if not given or not all(_finite(p) for p in given):
        return None
    total = sum(given)
    rest = len(node.branches) - len(given) + (node.otherwise is not None)
    where = node.fields.get("branches", node.location)
    if total > 1 + 1e-9:
        return LoadError(where, f"the branch probabilities of node '{node.name}' add up to {total:g} (> 1); "
                                "make them add up to 1 at most")
    if rest == 0 and total < 1 - 1e-9:
        return LoadError(where, f"the branch probabilities of node '{node.name}' add up to {total:g} and there is "
                                "no otherwise; make them add up to 1, or add 'otherwise'")
    return None

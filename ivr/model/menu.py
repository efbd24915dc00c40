"""The menu model: what the loader builds from a menu file, every piece located.

Stage 1 of the pipeline (file -> model -> graph -> analyses -> presentation -> CLI).
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "Location",
    "Ref",
    "Prompt",
    "Option",
    "Branch",
    "Node",
    "Intent",
    "Duplicate",
    "Suppression",
    "Menu",
    "NODE_TYPES",
    "PROMPTED_TYPES",
]

#: Every node type of format version 1.
NODE_TYPES = ("message", "menu", "input", "branch", "transfer", "voicemail", "hangup")
#: Node types where a caller acts and can fail (no input, wrong key).
PROMPTED_TYPES = frozenset({"menu", "input"})


@dataclass(frozen=True, slots=True)
class Location:
    """A place in a menu file; line and column count from 1."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class Ref:
    """A reference to a node by id, where it is written."""

    target: str
    location: Location


@dataclass(frozen=True, slots=True)
class Prompt:
    """What a node says: one text per language code."""

    texts: dict[str, str]
    location: Location


@dataclass(frozen=True, slots=True)
class Option:
    key: str
    goto: Ref
    location: Location
    label: str | None = None


@dataclass(frozen=True, slots=True)
class Branch:
    when: str
    goto: Ref
    location: Location
    #: probability that this case holds (None: share the rest evenly)
    p: float | None = None


@dataclass(frozen=True, slots=True)
class Suppression:
    """``ignore: {rule: reason}`` on a node or a file: findings of ``rule`` there are accepted, for ``reason``."""

    rule: str
    reason: str | None
    location: Location


@dataclass(slots=True)
class Node:
    """One node of a menu. Fields that a type does not use stay empty."""

    id: str
    type: str
    location: Location
    prompt: Prompt | None = None
    #: seconds the prompt takes, when the file gives it (else it is estimated)
    duration: float | None = None
    description: str | None = None
    goto: Ref | None = None
    options: dict[str, Option] = field(default_factory=dict)
    timeout: float | None = None
    #: how the caller may answer a menu or input: "dtmf" (touch-tone keys), "speech"; None = keys only
    input_modes: tuple[str, ...] | None = None
    retries: int = 3
    no_input: Ref | None = None
    no_match: Ref | None = None
    on_fail: Ref | None = None
    branches: list[Branch] = field(default_factory=list)
    otherwise: Ref | None = None
    min_digits: int | None = None
    max_digits: int | None = None
    queue: str | None = None
    number: str | None = None
    mailbox: str | None = None
    #: rule id -> suppression of its findings on this node
    ignore: dict[str, Suppression] = field(default_factory=dict)
    #: Where each field given in the file is written (field name -> location).
    fields: dict[str, Location] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Intent:
    """A reason people call: its relative share of calls and the nodes where it is served."""

    name: str
    goals: tuple[Ref, ...]
    location: Location
    share: float = 1.0
    description: str | None = None


@dataclass(frozen=True, slots=True)
class Duplicate:
    """A key written twice in one mapping; the first one is kept.

    ``path`` names the mapping that holds the key, as keys from the top of the
    document (``("nodes",)`` for a node defined twice,
    ``("nodes", "main", "options")`` for two options on one key).
    """

    key: str
    path: tuple[str | int, ...]
    first: Location
    second: Location


@dataclass(slots=True)
class Menu:
    """A whole IVR as declared in one file."""

    name: str
    file: str
    start: Ref
    nodes: dict[str, Node]
    language: str = "en"
    location: Location | None = None
    intents: dict[str, Intent] = field(default_factory=dict)
    duplicates: list[Duplicate] = field(default_factory=list)
    #: rule id -> suppression of its findings anywhere in the file
    ignore: dict[str, Suppression] = field(default_factory=dict)

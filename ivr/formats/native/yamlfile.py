"""Read YAML safely, keeping the line and column of every key and value.

PyYAML's safe loading (its C parser where installed), with the data built
straight from the parser's events rather than through PyYAML's node tree (a
node and two marks per value: most of the memory of a large file), and with
three changes:

* mapping keys are kept as the text written (``1`` and ``"1"`` are the same
  key, ``no`` stays ``"no"`` instead of becoming ``False``);
* a key written twice is recorded as a :class:`~ivr.model.menu.Duplicate` and the
  first one is kept, where PyYAML would silently keep the last;
* documents that would hurt the machine (nesting deeper than any menu needs,
  aliases that expand exponentially, an alias inside the value it names) are
  refused as their events arrive, before anything is built from them.

Values are otherwise those of ``yaml.load(text, Loader=yaml.SafeLoader)``:
scalars are resolved and constructed by PyYAML's safe resolver and
constructors, an alias (``*name``) shares the object of its anchor
(``&name``), and merge keys (``<<: *base``, ``<<: [*a, *b]``) fill in the keys
a mapping does not write.

Merge keys follow the YAML 1.1 merge-key specification
(https://yaml.org/type/merge.html), whichever PyYAML release is installed
(releases differ here: 6.0.4 lets a mapping merged into another bring back keys
that its own keys had overridden):

* a key the mapping writes wins over every merged key;
* in ``<<: [*a, *b]`` a key of ``a`` wins over the same key of ``b``;
* a merged mapping is merged as it reads, its own merges already applied
  (``b: &b {<<: *a, x: 2}`` then ``c: {<<: *b}`` gives ``c`` the ``x: 2`` of ``b``);
* ``<<`` written twice in one mapping counts as one ``<<`` with a list, in the
  order written, so the first wins, as for any key written twice.

Nesting deeper than :data:`MAX_DEPTH` is refused with the same message and
position whatever libyaml is underneath (libyaml 0.2.5 and later stop at a
depth of their own, 1000, further on in the text).
"""

from __future__ import annotations

import math
from sys import intern
from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.constructor import ConstructorError
from yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from ivr.formats.limits import MAX_DEPTH, MAX_ITEMS, MAX_TEXT, too_long, too_many
from ivr.formats.native.located import LocatedDict, LocatedList, duplicates_of, pack, unpack
from ivr.formats.native.yamltext import control_character, decode, error_from_mark, yaml_error
from ivr.model.errors import InvalidMenu, LoadError
from ivr.model.menu import Duplicate, Location

__all__ = ["LocatedDict", "LocatedList", "Tagged", "read_yaml", "MAX_DEPTH"]

#: Aliases may repeat this many values more than the file writes (see :meth:`_Builder._alias`).
_ALIAS_ALLOWANCE = 100_000
#: Aliases may repeat this many characters more than the file holds: few values can be long ones.
ALIAS_TEXT_ALLOWANCE = 1_000_000
_STR_TAG = "tag:yaml.org,2002:str"
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: First characters of the plain scalars that the safe resolver may read as something other than
#: text (it has no wildcard or path resolvers): every other plain scalar, and every quoted one, is text.
_RESOLVABLE_FIRST = frozenset(_Loader.yaml_implicit_resolvers)


class Tagged(str):
    """A scalar written with a local tag (``!Ref Name``), read as data when :func:`read_yaml` is asked to keep
    local tags: its text, and the tag in ``tag``."""

    __slots__ = ("tag",)
    tag: str


def _local(tag: str) -> bool:
    """A local tag (``!Sub``), as CloudFormation's short forms are written; not ``!`` nor ``!!type``."""
    return len(tag) > 1 and tag.startswith("!") and not tag.startswith("!!")


#: What a mapping expects after the key ``<<``: mappings to merge.
_MERGE = object()
#: What a mapping expects after a key it already has: a value to read and drop.
_DROP = object()
#: A scalar value not constructed yet (an anchored key's, or one not in the cache).
_UNBUILT = object()


class _Open:
    """A mapping or list between its start and end events."""

    __slots__ = ("data", "positions", "is_map", "key", "merges", "anchor", "size_before", "start", "text_before")

    def __init__(self, data: LocatedDict | LocatedList, is_map: bool, size_before: int, start: int,
                 text_before: int):
        #: a mapping or a list, as ``is_map`` says (Any: the builder handles both through one open frame)
        self.data: Any = data
        self.positions: Any = data.positions
        self.is_map = is_map
        #: In a mapping: None while a key comes next; then ``(key, line, column)`` of the key whose
        #: value comes next, or _MERGE after ``<<``, or _DROP after a duplicate key.
        self.key: tuple[str, int, int] | object | None = None
        #: ``(value, line, column)`` of each value given to ``<<``, in order.
        self.merges: list[tuple[object, int, int]] = []
        self.anchor: _Anchor | None = None
        #: Values read before this one, aliases expanded: its expanded size is counted from there.
        self.size_before = size_before
        #: Where its text starts (a character index), and the characters aliases repeated before it.
        self.start = start
        self.text_before = text_before


class _Anchor:
    """What ``&name`` names: its event, its value, and its size with every alias in it expanded, in
    values and in characters of text.

    The sizes are None while the anchored mapping or list is still open.
    """

    __slots__ = ("event", "value", "size", "text")

    def __init__(self, event, value: object, size: int | None, text: int | None):
        self.event = event
        self.value = value
        self.size = size
        self.text = text


class _Builder:
    """Builds the one document of a loader's event stream (see :func:`read_yaml`)."""

    def __init__(self, loader, file: str, length: int):
        self.loader = loader
        self.file = file
        #: Characters in the file: aliases may repeat this many, plus ALIAS_TEXT_ALLOWANCE.
        self.length = length
        self.anchors: dict[str, _Anchor] = {}
        #: (mapping, key, first (line, col), second (line, col)) for each key written twice
        self.duplicates: list[tuple[LocatedDict, str, tuple[int, int], tuple[int, int]]] = []
        #: Scalars and collections read (an alias is not a new value).
        self.values = 0
        #: Values repeated by the aliases read so far, each alias counted at its expanded size.
        self.aliased = 0
        #: Characters of text repeated by the aliases read so far, counted the same way.
        self.aliased_text = 0
        #: Constructed scalars that are not text, by (tag, text): numbers, booleans, dates... are
        #: immutable, so one object can stand for every scalar written the same way.
        self.constructed: dict[tuple[str, str], object] = {}
        #: None: a local tag is refused as PyYAML refuses it; else id of each mapping or list -> its local tag
        #: (a scalar with one is read as :class:`Tagged`)
        self.tags: dict[int, str] | None = None

    def document(self) -> object:
        """Read the stream's one document and return its data."""
        get_event = self.loader.get_event
        get_event()  # the stream start
        if get_event().__class__ is StreamEndEvent:
            raise InvalidMenu([LoadError(Location(self.file, 1, 1),
                                         "the file holds no YAML document; a menu needs 'ivr', 'start' and 'nodes'")])
        stack: list[_Open] = []
        top: _Open | None = None  # the innermost open collection, stack[-1]
        root = None
        while True:  # each node event gives a value and its position, put in the innermost open collection
            event = get_event()
            kind = event.__class__
            opened = None
            if kind is ScalarEvent:
                self.values += 1
                if self.values > MAX_ITEMS or len(event.value) > MAX_TEXT:
                    self._refuse(event)
                if top is not None and top.key is None and top.is_map:
                    self._key(top, event)
                    if event.anchor is not None:
                        self._define(event, _UNBUILT, 1, len(event.value))
                    continue
                value = event.value
                if event.tag is not None or (event.implicit[0] and value[:1] in _RESOLVABLE_FIRST):
                    value = self._scalar(event)
                if event.anchor is not None:
                    self._define(event, value, 1, len(event.value))
                mark = event.start_mark
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                opened = self._open(event, top, len(stack))
                value = opened.data
                mark = event.start_mark
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                assert top is not None  # an end event closes the open mapping or list
                self._close(top, event.end_mark.index)
                stack.pop()
                top = stack[-1] if stack else None
                continue
            elif kind is AliasEvent:
                anchor = self._alias(event)
                if top is not None and top.key is None and top.is_map:
                    if anchor.event.__class__ is not ScalarEvent:
                        raise ConstructorError(None, None, "a key must be plain text, not a list or mapping",
                                               anchor.event.start_mark)
                    self._key(top, anchor.event)
                    continue
                if anchor.value is _UNBUILT:
                    anchor.value = self._scalar(anchor.event)
                value = anchor.value
                mark = anchor.event.start_mark
            else:  # the document's end: its root is complete
                break

            line, column = mark.line + 1, mark.column + 1
            if top is None:
                root = value
            elif not top.is_map:
                top.data.append(value)
                top.positions.append(pack(line, column))
            else:
                key = top.key
                top.key = None
                if key.__class__ is tuple:
                    text, key_line, key_column = key
                    top.data[text] = value
                    top.positions[text] = pack(key_line, key_column, line, column)
                elif key is _MERGE:
                    top.merges.append((value, line, column))
            if opened is not None:
                stack.append(opened)
                top = opened

        event = get_event()
        if event.__class__ is not StreamEndEvent:
            raise ComposerError("expected a single document in the stream", None,
                                "but found another document", event.start_mark)
        return root

    def _key(self, mapping: _Open, event: ScalarEvent) -> None:
        """Take the scalar of ``event`` as the next key of ``mapping``: its text as written.

        Its tag only matters to tell a merge key ``<<`` from a key written ``"<<"``.
        """
        text = event.value
        tag = event.tag
        if text == "<<" or tag is not None:
            if tag is None or tag == "!":
                tag = self.loader.resolve(yaml.ScalarNode, text, event.implicit)
            if tag == _MERGE_TAG:
                mapping.key = _MERGE
                return
        mark = event.start_mark
        line, column = mark.line + 1, mark.column + 1
        if text in mapping.positions:
            first_line, first_column, _, _ = unpack(mapping.positions[text], 4)
            self.duplicates.append((mapping.data, text, (first_line, first_column), (line, column)))
            mapping.key = _DROP
        else:
            # interned: the same few keys stand in every mapping of a file, one string each
            mapping.key = (intern(text), line, column)

    def _scalar(self, event: ScalarEvent) -> object:
        """The value of a scalar that may not be text, resolved and constructed as SafeLoader does."""
        text = event.value
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.loader.resolve(yaml.ScalarNode, text, event.implicit)
        if tag == _STR_TAG:
            return text
        if self.tags is not None and _local(tag):
            tagged = Tagged(text)
            tagged.tag = tag
            return tagged
        value = self.constructed.get((tag, text), _UNBUILT)
        if value is not _UNBUILT:
            return value
        node = yaml.ScalarNode(tag, text, event.start_mark, event.end_mark, event.style)
        try:
            value = self.loader.construct_document(node)
        except (ValueError, LookupError, AttributeError):
            # PyYAML's constructors trust the text to fit the tag: `!!int x`, `!!bool x`, 2001-13-01
            short = tag.replace("tag:yaml.org,2002:", "!!")
            raise ConstructorError(None, None, f"cannot read {text!r} as {short}", event.start_mark) from None
        if value.__class__ is float and not math.isfinite(value):
            mark = event.start_mark
            raise InvalidMenu([LoadError(
                Location(self.file, mark.line + 1, mark.column + 1),
                f"'{text}' is not a finite number; every number here must be finite: write a number such as "
                "0.5 or 30 (or quote it if it is text)")])
        self.constructed[(tag, text)] = value
        return value

    def _open(self, event: MappingStartEvent | SequenceStartEvent, top: _Open | None, depth: int) -> _Open:
        """A new mapping or list for ``event``, checked for depth, place and tag."""
        mark = event.start_mark
        if depth >= MAX_DEPTH:
            raise InvalidMenu([LoadError(
                Location(self.file, mark.line + 1, mark.column + 1),
                f"nesting deeper than {MAX_DEPTH} levels; a menu needs far fewer: flatten this structure",
            )])
        if top is not None and top.key is None and top.is_map:
            raise ConstructorError(None, None, "a key must be plain text, not a list or mapping", mark)
        is_map = event.__class__ is MappingStartEvent
        local = self.tags is not None and event.tag is not None and _local(event.tag)
        if event.tag is not None and not local:
            self._check_tag(event, is_map)
        data = LocatedDict() if is_map else LocatedList()
        if local:
            self.tags[id(data)] = event.tag  # type: ignore[index]
        data.line, data.column = mark.line + 1, mark.column + 1
        data.positions = {} if is_map else []
        opened = _Open(data, is_map, self.values + self.aliased, mark.index, self.aliased_text)
        self.values += 1
        if self.values > MAX_ITEMS:
            self._refuse(event)
        if event.anchor is not None:
            opened.anchor = self._define(event, data, None, None)
        return opened

    def _refuse(self, event) -> None:
        """Refuse the file at ``event``: one value too many, or a scalar too long (:mod:`ivr.formats.limits`)."""
        mark = event.start_mark
        if self.values > MAX_ITEMS:
            message = too_many("values (keys included)", MAX_ITEMS)
        else:
            message = too_long(len(event.value))
        raise InvalidMenu([LoadError(Location(self.file, mark.line + 1, mark.column + 1), message)])

    def _check_tag(self, event: MappingStartEvent | SequenceStartEvent, is_map: bool) -> None:
        """Refuse a tag that would not make a mapping a LocatedDict, or a list a LocatedList.

        PyYAML's constructor judges the tag on an empty node of the same kind, so that a scalar
        tag (``!!str {...}``) or an unknown one (``!custom [...]``) fails with its own message;
        the collections it would build but a menu has no use for (``!!set``, ``!!omap``,
        ``!!pairs``) are refused after it.
        """
        tag = event.tag
        if tag == "!" or tag == (_MAP_TAG if is_map else _SEQ_TAG):
            return
        node_class = yaml.MappingNode if is_map else yaml.SequenceNode
        self.loader.construct_document(node_class(tag, [], event.start_mark, event.end_mark))
        raise ConstructorError(None, None, f"the tag {tag!r} is not supported here; write a plain "
                                           f"{'mapping' if is_map else 'list'}", event.start_mark)

    def _close(self, closed: _Open, end: int) -> None:
        """Finish ``closed`` at its end event (``end``: the character index after it): apply its merge
        keys, size its anchor."""
        if closed.merges:
            self._merge(closed)
        if closed.anchor is not None:
            closed.anchor.size = self.values + self.aliased - closed.size_before
            closed.anchor.text = end - closed.start + self.aliased_text - closed.text_before

    def _merge(self, mapping: _Open) -> None:
        """Fill in the keys that ``<<`` gives and ``mapping`` does not write, as PyYAML does.

        The mappings are taken in the order written: ``<<: *a`` then ``<<: *b`` as
        ``<<: [*a, *b]``, where ``a`` wins over ``b`` (see the module's documentation). Merged
        keys keep their own positions and are never duplicates.
        """
        sources: list[LocatedDict] = []
        for value, line, column in mapping.merges:
            if isinstance(value, LocatedDict):
                sources.append(value)
            elif isinstance(value, LocatedList):
                for item, packed in zip(value, value.positions):
                    item_line, item_column = unpack(packed, 2)
                    if not isinstance(item, LocatedDict):
                        raise ConstructorError(
                            None, None, f"expected a mapping for merging, but found {_kind(item)}",
                            _mark(item_line, item_column))
                sources.extend(value)
            else:
                raise ConstructorError(
                    None, None, f"expected a mapping or list of mappings for merging, but found {_kind(value)}",
                    _mark(line, column))
        data, positions = mapping.data, mapping.positions
        for source in sources:
            for key, value in source.items():
                if key not in data:
                    data[key] = value
                    positions[key] = source.positions[key]

    def _define(self, event, value: object, size: int | None, text: int | None) -> _Anchor:
        """Record the anchor of ``event`` (``&name``)."""
        name = event.anchor
        if name in self.anchors:
            raise ComposerError("found duplicate anchor; first occurrence", self.anchors[name].event.start_mark,
                                "second occurrence", event.start_mark)
        anchor = self.anchors[name] = _Anchor(event, value, size, text)
        return anchor

    def _alias(self, event: AliasEvent) -> _Anchor:
        """The anchor that ``event`` (``*name``) repeats, if the file can afford the repeat.

        Each alias counts at the full size of what it repeats, aliases inside included; once
        that expansion passes twice the values written plus an allowance, the file is refused
        (a "billion laughs" document grows exponentially with each level of aliases). The same
        holds for the characters of text repeated, against the file's own length: one long
        value aliased a few thousand times is few values but would be hundreds of megabytes
        for every command that handles the text (a check's word searches, an import's output).
        """
        anchor = self.anchors.get(event.anchor)
        if anchor is None:
            raise ComposerError(None, None, "found undefined alias", event.start_mark)
        if anchor.size is None:
            mark = event.start_mark
            raise InvalidMenu([LoadError(
                Location(self.file, mark.line + 1, mark.column + 1),
                f"invalid YAML: the alias *{event.anchor} is inside the value it repeats, which would then "
                "contain itself; alias only a value that is complete",
            )])
        self.aliased += anchor.size
        if self.aliased > self.values + _ALIAS_ALLOWANCE:
            raise InvalidMenu([LoadError(
                Location(self.file, 1, 1),
                f"aliases expand this file to {self.values + self.aliased:,} values from {self.values:,}; "
                "use fewer nested aliases (*name)",
            )])
        assert anchor.text is not None  # set with the size
        self.aliased_text += anchor.text
        if self.aliased_text > self.length + ALIAS_TEXT_ALLOWANCE:
            mark = event.start_mark
            raise InvalidMenu([LoadError(
                Location(self.file, mark.line + 1, mark.column + 1),
                f"with this *{event.anchor} ({anchor.text:,} characters), aliases repeat {self.aliased_text:,} "
                f"characters of text; ivr expands aliases to at most the file's length ({self.length:,}) plus "
                f"{ALIAS_TEXT_ALLOWANCE:,}: write a long prompt once, in one node the others lead to, or alias "
                "shorter values",
            )])
        return anchor


def _kind(value: object) -> str:
    """PyYAML's word for the node ``value`` was built from."""
    if isinstance(value, dict):
        return "mapping"
    return "sequence" if isinstance(value, list) else "scalar"


def _mark(line: int, column: int) -> yaml.Mark:
    """A PyYAML mark for a 1-based position."""
    return yaml.Mark("<file>", 0, line - 1, column - 1, None, None)


def read_yaml(raw: bytes, file: str, tags: dict[int, str] | None = None) -> tuple[object, list[Duplicate]]:
    """Parse one YAML document from ``raw``; return its data and the duplicate keys.

    Mappings come back as :class:`LocatedDict`, sequences as :class:`LocatedList`.
    Raises :class:`~ivr.model.errors.InvalidMenu` for anything that is not one sound
    YAML document. ``tags`` (a dict to fill): local tags (``!Sub``, ``!Ref``: CloudFormation's short
    forms) are kept as data, never run: a tagged scalar as :class:`Tagged`, a tagged mapping or list
    recorded in ``tags`` by its ``id``; without it they are refused as PyYAML refuses them.
    """
    text = decode(raw, file)
    try:
        data, builder = _build(_Loader, text, file, tags)
    except yaml.MarkedYAMLError as exc:
        if "maximum nesting depth" in str(exc.problem):
            raise _too_deep(text, file, exc.problem_mark, tags) from None
        raise InvalidMenu([yaml_error(file, exc, raw)]) from None
    except yaml.reader.ReaderError as exc:
        raise InvalidMenu([control_character(file, text, exc)]) from None
    except yaml.YAMLError as exc:
        raise InvalidMenu([LoadError(Location(file, 1, 1), f"invalid YAML: {exc}")]) from None
    return data, duplicates_of(data, builder.duplicates, file) if builder.duplicates else []


def _build(loader_class, text: str, file: str, tags: dict[int, str] | None = None) -> tuple[object, _Builder]:
    """The document of ``text`` read with ``loader_class``, and the builder that read it."""
    loader = loader_class(text)
    builder = _Builder(loader, file, len(text))
    builder.tags = tags
    try:
        return builder.document(), builder
    finally:
        loader.dispose()


def _too_deep(text: str, file: str, mark, tags: dict[int, str] | None = None) -> InvalidMenu:
    """Our refusal of a document that libyaml refused for its own depth limit.

    libyaml (0.2.5 and later) stops at 1000 levels while it scans ahead, before the builder
    sees the events of level :data:`MAX_DEPTH`. The pure-Python parser has no limit of its own
    and scans ahead at most 1024 characters, so reading again with it finds where the nesting
    passes ours, in time and memory bounded by that.
    """
    try:
        _build(yaml.SafeLoader, text, file, None if tags is None else {})
    except InvalidMenu as refused:
        return refused
    except yaml.YAMLError:
        pass
    return InvalidMenu([error_from_mark(
        file, mark, f"nesting deeper than {MAX_DEPTH} levels; a menu needs far fewer: flatten this structure")])

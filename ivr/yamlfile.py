"""Read YAML safely, keeping the line and column of every key and value.

PyYAML's safe loading (its C parser where installed) with three changes:

* mapping keys are kept as the text written (``1`` and ``"1"`` are the same
  key, ``no`` stays ``"no"`` instead of becoming ``False``);
* a key written twice is recorded as a :class:`~ivr.model.Duplicate` and the
  first one is kept, where PyYAML would silently keep the last;
* documents that would hurt the parser or the machine (nesting too deep for
  libyaml's recursive composer, aliases that expand exponentially) are refused
  before they are built.
"""

from __future__ import annotations

import re

import yaml

from ivr.errors import InvalidMenu, LoadError
from ivr.model import Duplicate, Location

__all__ = ["LocatedDict", "LocatedList", "read_yaml", "MAX_DEPTH"]

#: Deepest nesting accepted. A menu needs about 7; libyaml's composer crashes
#: the interpreter somewhere past 10,000.
MAX_DEPTH = 100
_MERGE_TAG = "tag:yaml.org,2002:merge"
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class LocatedDict(dict):
    """A mapping that knows where it and each of its keys and values stand.

    ``positions[key]`` is ``(key_line, key_column, value_line, value_column)``.
    """

    __slots__ = ("line", "column", "positions")

    def key_location(self, file: str, key: str) -> Location:
        line, column, _, _ = self.positions[key]
        return Location(file, line, column)

    def value_location(self, file: str, key: str) -> Location:
        _, _, line, column = self.positions[key]
        return Location(file, line, column)


class LocatedList(list):
    """A sequence that knows where it and each of its items stand."""

    __slots__ = ("line", "column", "positions")

    def item_location(self, file: str, index: int) -> Location:
        line, column = self.positions[index]
        return Location(file, line, column)


class _Loader(_BaseLoader):
    def __init__(self, stream):
        super().__init__(stream)
        #: (mapping, key, first (line, col), second (line, col)) for each key written twice
        self.duplicates: list[tuple[LocatedDict, str, tuple[int, int], tuple[int, int]]] = []


def _key_text(loader: _Loader, key_node: yaml.Node) -> str:
    if not isinstance(key_node, yaml.ScalarNode):
        raise yaml.constructor.ConstructorError(
            None, None, "a key must be plain text, not a list or mapping", key_node.start_mark
        )
    return key_node.value


def _construct_map(loader: _Loader, node: yaml.MappingNode):
    data = LocatedDict()
    data.line = node.start_mark.line + 1
    data.column = node.start_mark.column + 1
    positions = data.positions = {}
    yield data
    explicit = [pair for pair in node.value if pair[0].tag != _MERGE_TAG]
    if len(explicit) != len(node.value):
        loader.flatten_mapping(node)  # merged pairs first, then the explicit ones
        merged = node.value[: len(node.value) - len(explicit)]
    else:
        merged = ()
    construct = loader.construct_object
    for key_node, value_node in explicit:
        key = _key_text(loader, key_node)
        km, vm = key_node.start_mark, value_node.start_mark
        if key in positions:
            loader.duplicates.append((data, key, positions[key][:2], (km.line + 1, km.column + 1)))
            continue
        data[key] = construct(value_node)
        positions[key] = (km.line + 1, km.column + 1, vm.line + 1, vm.column + 1)
    for key_node, value_node in merged:  # `<<: *base`: explicit keys win, later merges lose
        key = _key_text(loader, key_node)
        if key not in positions:
            data[key] = construct(value_node)
            km, vm = key_node.start_mark, value_node.start_mark
            positions[key] = (km.line + 1, km.column + 1, vm.line + 1, vm.column + 1)


def _construct_seq(loader: _Loader, node: yaml.SequenceNode):
    data = LocatedList()
    data.line = node.start_mark.line + 1
    data.column = node.start_mark.column + 1
    yield data
    data.extend(loader.construct_object(child) for child in node.value)
    data.positions = [(c.start_mark.line + 1, c.start_mark.column + 1) for c in node.value]


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)

_BLOCK_PREFIX = re.compile(rb"^[ \t?-]*", re.M)
_FLOW = re.compile(rb"[\[\]{}]")


def _may_nest_deeper(raw: bytes, limit: int) -> bool:
    """Cheap upper bound on nesting: block indentation plus open flow brackets.

    Brackets inside quoted text only make the bound looser; a file that passes
    is certainly no deeper than ``limit``.
    """
    block = max((len(m) for m in _BLOCK_PREFIX.findall(raw)), default=0)
    flow = depth = 0
    for m in _FLOW.finditer(raw):
        depth = depth + 1 if m.group() in (b"[", b"{") else max(depth - 1, 0)
        flow = max(flow, depth)
    return block + flow > limit


def _nesting_error(raw: bytes, file: str, limit: int) -> LoadError | None:
    """The exact nesting check, from parser events (no recursion involved)."""
    depth = 0
    for event in yaml.parse(raw, Loader=_BaseLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > limit:
                m = event.start_mark
                return LoadError(
                    Location(file, m.line + 1, m.column + 1),
                    f"nesting deeper than {limit} levels; a menu needs far fewer: "
                    "flatten this structure",
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return None


def _expanded_size(root: yaml.Node) -> tuple[int, int]:
    """(distinct nodes, nodes after expanding every alias), without recursion."""
    sizes: dict[int, int] = {}
    stack = [(root, False)]
    while stack:
        node, done = stack.pop()
        if id(node) in sizes:
            continue
        if isinstance(node, yaml.ScalarNode):
            sizes[id(node)] = 1
            continue
        children = (
            [v for pair in node.value for v in pair]
            if isinstance(node, yaml.MappingNode)
            else node.value
        )
        if done:
            sizes[id(node)] = 1 + sum(sizes[id(c)] for c in children)
        else:
            stack.append((node, True))
            stack.extend((c, False) for c in children if id(c) not in sizes)
    return len(sizes), sizes[id(root)]


def _error_from_mark(file: str, mark, message: str) -> LoadError:
    if mark is None:
        return LoadError(Location(file, 1, 1), message)
    return LoadError(Location(file, mark.line + 1, mark.column + 1), message)


def _yaml_error(file: str, exc: yaml.MarkedYAMLError, raw: bytes) -> LoadError:
    problem = exc.problem or exc.context or "not valid YAML"
    mark = exc.problem_mark or exc.context_mark
    hint = "fix the YAML syntax"
    line = raw.splitlines()[mark.line] if mark is not None and mark.line < raw.count(b"\n") + 1 else b""
    stripped = line.lstrip(b" -")
    if stripped.startswith((b"*", b"&", b"!", b"%", b"@", b"`")):
        hint = "quote the value or key, for example \"*\": {...}"
    elif "alias" in problem:
        hint = "define the anchor (&name) before using it, or quote a literal '*'"
    elif "tab" in problem:
        hint = "indent with spaces, not tabs"
    elif "mapping values are not allowed" in problem:
        hint = "quote text that contains ': ', or fix the indentation"
    return _error_from_mark(file, mark, f"invalid YAML: {problem}; {hint}")


def _decode(raw: bytes, file: str) -> str:
    if not raw.strip():
        raise InvalidMenu([LoadError(Location(file, 1, 1),
                                     "the file is empty; a menu needs 'ivr', 'start' and 'nodes'")])
    if b"\0" in raw and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InvalidMenu([LoadError(Location(file, 1, 1),
                                     "this is a binary file, not YAML text; pass a .yaml menu file")])
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            pass
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
    line = before.count(b"\n") + 1
    column = len(before) - (before.rfind(b"\n") + 1) + 1
    raise InvalidMenu([LoadError(Location(file, line, column),
                                 "the file is not UTF-8 text; save it as UTF-8")])


def read_yaml(raw: bytes, file: str) -> tuple[object, list[Duplicate]]:
    """Parse one YAML document from ``raw``; return its data and the duplicate keys.

    Mappings come back as :class:`LocatedDict`, sequences as :class:`LocatedList`.
    Raises :class:`~ivr.errors.InvalidMenu` for anything that is not one sound
    YAML document.
    """
    text = _decode(raw, file)
    if _may_nest_deeper(raw, MAX_DEPTH):
        try:
            error = _nesting_error(raw, file, MAX_DEPTH)
        except yaml.MarkedYAMLError as exc:
            raise InvalidMenu([_yaml_error(file, exc, raw)]) from None
        if error:
            raise InvalidMenu([error])
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            raise InvalidMenu([LoadError(Location(file, 1, 1),
                                         "the file holds no YAML document; a menu needs 'ivr', 'start' and 'nodes'")])
        if b"*" in raw and b"&" in raw:
            distinct, expanded = _expanded_size(root)
            if expanded > 2 * distinct + 100_000:
                raise InvalidMenu([LoadError(
                    Location(file, 1, 1),
                    f"aliases expand this file to {expanded:,} values from {distinct:,}; "
                    "use fewer nested aliases (*name)",
                )])
        data = loader.construct_document(root)
    except yaml.MarkedYAMLError as exc:
        raise InvalidMenu([_yaml_error(file, exc, raw)]) from None
    except yaml.YAMLError as exc:
        raise InvalidMenu([LoadError(Location(file, 1, 1), f"invalid YAML: {exc}")]) from None
    except RecursionError:
        raise InvalidMenu([LoadError(Location(file, 1, 1),
                                     "the YAML nests too deeply to read; flatten it")]) from None
    finally:
        loader.dispose()
    return data, _duplicates(data, loader.duplicates, file) if loader.duplicates else []


def _duplicates(data: object, recorded: list, file: str) -> list[Duplicate]:
    """The recorded duplicate keys, each with the path of the mapping that holds it."""
    paths: dict[int, tuple] = {}
    stack: list[tuple[object, tuple]] = [(data, ())]
    while stack:
        item, path = stack.pop()
        if id(item) in paths:
            continue
        paths[id(item)] = path
        children = item.items() if isinstance(item, dict) else enumerate(item)
        stack.extend((v, path + (k,)) for k, v in children if isinstance(v, (dict, list)))
    found = [
        Duplicate(key, paths[id(mapping)], Location(file, *first), Location(file, *second))
        for mapping, key, first, second in recorded
    ]
    found.sort(key=lambda d: (d.second.line, d.second.column))
    return found

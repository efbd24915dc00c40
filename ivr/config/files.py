"""Reading a configuration file (YAML, TOML or INI) into plain data, with a way to locate a setting in it.

Each reader returns ``(data, locate)``: ``locate(path, value=False)`` gives the
:class:`~ivr.model.menu.Location` of the setting at ``path`` (a tuple of keys and
indices), of its value with ``value=True``, so that errors point into the file.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import yaml

from ivr.formats.native.yamlfile import LocatedDict, LocatedList, read_yaml
from ivr.model.errors import InvalidConfig, InvalidMenu, LoadError, not_utf8_at
from ivr.model.menu import Location

__all__ = ["Locate", "read_yaml_config", "read_toml", "read_ini"]

#: ``locate(path, value=False) -> Location`` of a setting (or its value) in the file
Locate = Callable[..., Location]

_LIST_KEYS = ("select", "ignore")  # comma-separated text in setup.cfg


def read_yaml_config(raw: bytes, file: str) -> tuple[Any, Locate]:
    if not re.sub(rb"(?m)^\s*#.*$", b"", raw).strip():  # empty, or only comments: the defaults
        return {}, lambda path, value=False: Location(file, 1, 1)
    try:
        data, duplicates = read_yaml(raw, file)
    except InvalidMenu as exc:
        raise InvalidConfig(exc.errors) from None
    if duplicates:
        d = duplicates[0]
        raise InvalidConfig([LoadError(d.second, f"'{d.key}' is set twice (first at line {d.first.line}); "
                                                 "keep one")])
    if data is None:
        data = LocatedDict()

    def locate(path: tuple, value: bool = False) -> Location:
        holder, current = None, data
        for step in path:
            holder = current
            try:
                current = current[step]
            except (KeyError, IndexError, TypeError):
                break
        last = path[-1] if path else None
        if isinstance(holder, LocatedDict) and last in holder.positions:
            return holder.value_location(file, last) if value else holder.key_location(file, last)
        if isinstance(holder, LocatedList) and isinstance(last, int) and last < len(holder.positions):
            return holder.item_location(file, last)
        if isinstance(current, (LocatedDict, LocatedList)):
            return Location(file, current.line, current.column)
        return Location(file, 1, 1)

    return data, locate


def _line_locator(text: str, file: str, section: str) -> Locate:
    """Locate a setting in a TOML or INI file by its key's line within the section (neither parser keeps lines)."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.strip().startswith(section)), 0)

    def locate(path: tuple, value: bool = False) -> Location:
        line_no = start
        for step in path:
            if isinstance(step, int):
                continue
            pattern = re.compile(rf"""(^|[\s{{,."'\[])["']?{re.escape(str(step))}["']?\s*[=:\]]""")
            for number in range(line_no, len(lines)):
                match = pattern.search(lines[number])
                if match:
                    line_no = number
                    break
        column = 1
        if path and not isinstance(path[-1], int):
            found = lines[line_no].find(str(path[-1])) if line_no < len(lines) else -1
            column = found + 1 if found >= 0 else 1
        return Location(file, line_no + 1, column)

    return locate


def _decode(raw: bytes, file: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidConfig([LoadError(not_utf8_at(file, raw), "not UTF-8 text; save it as UTF-8")]) from None


def read_toml(raw: bytes, file: str) -> tuple[Any, Locate]:
    import tomllib  # here, not at the top: only a pyproject.toml holding [tool.ivr] is parsed (start-up)

    text = _decode(raw, file)
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"at line (\d+), column (\d+)", str(exc))
        where = Location(file, int(match[1]), int(match[2])) if match else Location(file, 1, 1)
        raise InvalidConfig([LoadError(where, f"not valid TOML: {str(exc).split(' (at line')[0]}")]) from None
    data = document.get("tool", {}).get("ivr", {})
    return data, _line_locator(text, file, "[tool.ivr")


def read_ini(raw: bytes, file: str) -> tuple[Any, Locate]:
    import configparser  # here, not at the top: only a setup.cfg holding [ivr] is parsed (start-up)

    text = _decode(raw, file)
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(text, file)
    except configparser.Error as exc:
        line = getattr(exc, "lineno", 1) or 1
        raise InvalidConfig([LoadError(Location(file, line, 1), f"not a valid setup.cfg: {exc.message}")]) from None
    locate = _line_locator(text, file, "[ivr]")
    data: dict[str, Any] = {}
    for key, value in parser["ivr"].items() if parser.has_section("ivr") else ():
        if key in _LIST_KEYS:
            data[key] = [v for v in re.split(r"[\s,]+", value) if v]
            continue
        try:  # other values are YAML: numbers, words, {rule: {option: value}} or an indented block
            data[key] = yaml.safe_load(value)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem", None) or "cannot be read"
            raise InvalidConfig([LoadError(locate((key,)), f"the value of '{key}' {mark}; "
                                                          "write it as YAML, e.g. {too-many-options: {max: 4}}")]) from None
    return data, locate

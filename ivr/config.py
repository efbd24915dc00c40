"""Configuration: which rules run, how severe they are, their options, and when ``ivr check`` fails.

Found from the working folder upwards: the first folder that holds a
configuration wins, and in that folder ``.ivr.yaml`` wins over ``[tool.ivr]``
in ``pyproject.toml``, which wins over ``[ivr]`` in ``setup.cfg`` (a
``pyproject.toml`` or ``setup.cfg`` without an ivr section is no
configuration). Settings, the same in all three files::

    select: [all]                 # rule ids, or "all" (the default)
    ignore: [missing-thanks]      # rule ids taken out of the selection
    fail-on: warning              # error (default), warning, info or never
    rules:                        # per rule: severity and options
      too-many-options: {max: 4, severity: error}
    overrides:                    # for some files: the same settings again
      - files: ["menus/legacy/*.yaml"]
        ignore: [deep-human]

``files`` patterns are matched against a menu's path relative to the folder of
the configuration file, with :mod:`fnmatch` (``*`` also matches ``/``).
Overrides apply in order: ``select`` and ``fail-on`` replace, ``ignore`` adds,
``rules`` merge option by option. The structure is checked with a JSON Schema
made from the rule catalogue, so an unknown rule or option is an error naming
the nearest known one.
"""

from __future__ import annotations

import configparser
import fnmatch
import os
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

import jsonschema
import yaml

from ivr.model.errors import InvalidConfig, InvalidMenu, LoadError
from ivr.model.findings import Severity
from ivr.model.menu import Location
from ivr.rules.api import RuleSetting
from ivr.rules.registry import REGISTRY
from ivr.model.words import did_you_mean
from ivr.formats.native.yamlfile import LocatedDict, LocatedList, read_yaml

__all__ = [
    "CONFIG_FILES",
    "FAIL_ON",
    "Config",
    "Override",
    "Settings",
    "find_config",
    "load_config",
    "discover",
    "config_schema",
]

#: Configuration files, in order of precedence within one folder.
CONFIG_FILES = (".ivr.yaml", "pyproject.toml", "setup.cfg")
#: Values of ``fail-on``, most demanding last.
FAIL_ON = ("never", "error", "warning", "info")
_SEVERITIES = [s.value for s in Severity]
_LIST_KEYS = ("select", "ignore")  # comma-separated text in setup.cfg


@dataclass(frozen=True, slots=True)
class Settings:
    """What applies to one menu file: the rules that run (id -> setting) and the ``fail-on`` level."""

    rules: dict[str, RuleSetting]
    fail_on: str = "error"

    def fails(self, severity: Severity) -> bool:
        """Whether a finding of ``severity`` makes ``ivr check`` exit 1."""
        return self.fail_on != "never" and severity.rank >= Severity(self.fail_on).rank


@dataclass(frozen=True, slots=True)
class Override:
    """Settings for the files matching ``files``."""

    files: tuple[str, ...]
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    rules: Mapping[str, Mapping[str, object]] = field(default_factory=dict)
    fail_on: str | None = None


@dataclass(frozen=True, slots=True)
class Config:
    """A configuration as read (or the defaults when ``source`` is None)."""

    source: str | None = None
    root: str = "."
    select: tuple[str, ...] | None = None  # None: every rule
    ignore: tuple[str, ...] = ()
    rules: Mapping[str, Mapping[str, object]] = field(default_factory=dict)
    fail_on: str | None = None
    overrides: tuple[Override, ...] = ()

    def with_options(self, select: Iterable[str] | None = None, ignore: Iterable[str] = (),
                     fail_on: str | None = None) -> Config:
        """This configuration with command-line options on top: they win over the file."""
        chosen = set(select or ())

        def kept(ignored: tuple[str, ...]) -> tuple[str, ...]:  # a rule selected here is not ignored by the file
            return tuple(i for i in ignored if i not in chosen)

        return replace(
            self,
            select=tuple(select) if select is not None else self.select,
            ignore=kept(self.ignore) + tuple(ignore),
            fail_on=fail_on or self.fail_on,
            overrides=tuple(replace(o, select=None if select is not None else o.select, ignore=kept(o.ignore),
                                    fail_on=None if fail_on else o.fail_on) for o in self.overrides),
        )

    def settings_for(self, path: str | os.PathLike | None = None) -> Settings:
        """The settings for the menu at ``path``: the top-level ones, then every override that matches."""
        select, ignore, rules, fail_on = self.select, set(self.ignore), _merge({}, self.rules), self.fail_on
        for override in self._overrides_for(path):
            select = override.select if override.select is not None else select
            ignore |= set(override.ignore)
            rules = _merge(rules, override.rules)
            fail_on = override.fail_on or fail_on
        chosen = REGISTRY if select is None or "all" in select else {r: REGISTRY[r] for r in select}
        settings = {}
        for rule_id, rule in chosen.items():
            if rule_id in ignore:
                continue
            given = dict(rules.get(rule_id, {}))
            fixed = "severity" in given
            severity = Severity(given.pop("severity", rule.SEVERITY))
            settings[rule_id] = RuleSetting(severity, {**rule.OPTIONS, **given}, fixed)
        return Settings(settings, fail_on or "error")

    def _overrides_for(self, path) -> list[Override]:
        if path is None or not self.overrides:
            return []
        try:
            relative = Path(os.path.abspath(path)).relative_to(os.path.abspath(self.root)).as_posix()
        except ValueError:  # outside the configuration's folder (or read from git)
            return []
        return [o for o in self.overrides if any(fnmatch.fnmatch(relative, p) for p in o.files)]

    def effective(self, path: str | os.PathLike | None = None) -> dict:
        """The settings that apply, as plain data (what ``ivr config`` prints)."""
        settings = self.settings_for(path)
        return {
            "config": self.source,
            "fail-on": settings.fail_on,
            "rules": {rule_id: {"severity": s.severity.value, **s.options} for rule_id, s in settings.rules.items()},
            "ignored": sorted(set(REGISTRY) - set(settings.rules)),
            "overrides": [
                {"files": list(o.files), **({"select": list(o.select)} if o.select is not None else {}),
                 **({"ignore": list(o.ignore)} if o.ignore else {}),
                 **({"rules": {k: dict(v) for k, v in o.rules.items()}} if o.rules else {}),
                 **({"fail-on": o.fail_on} if o.fail_on else {})}
                for o in self.overrides
            ] if path is None else [],
        }


def _merge(base: Mapping[str, Mapping], more: Mapping[str, Mapping]) -> dict[str, dict]:
    merged = {k: dict(v) for k, v in base.items()}
    for rule_id, options in more.items():
        merged.setdefault(rule_id, {}).update(options)
    return merged


def find_config(start: str | os.PathLike = ".") -> Path | None:
    """The configuration file that applies in ``start``: searched from there upwards."""
    folder = Path(start).resolve()
    for candidate in (folder, *folder.parents):
        for name in CONFIG_FILES:
            path = candidate / name
            if path.is_file() and _holds_config(path):
                return path
    return None


def _holds_config(path: Path) -> bool:
    if path.name == ".ivr.yaml":
        return True
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    header = r"^\s*\[tool\.ivr[\].]" if path.name == "pyproject.toml" else r"^\s*\[ivr\]"
    return re.search(header, text, re.MULTILINE) is not None


def discover(start: str | os.PathLike = ".") -> Config:
    """The configuration found from ``start`` upwards, or the defaults."""
    path = find_config(start)
    if path is None:
        return Config()
    here = Path.cwd()
    return load_config(path.relative_to(here) if path.is_relative_to(here) else path)


def load_config(path: str | os.PathLike) -> Config:
    """Read, check and build the configuration in ``path``; raises :class:`InvalidConfig`."""
    path = Path(path)
    file = os.fspath(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InvalidConfig([LoadError(Location(file, 1, 1), f"cannot read the configuration: {exc.strerror}")]) from None
    if path.name == "pyproject.toml":
        data, locate = _read_toml(raw, file)
    elif path.name == "setup.cfg" or path.suffix == ".cfg":
        data, locate = _read_ini(raw, file)
    else:
        data, locate = _read_yaml(raw, file)
    errors = [_explain(e, locate) for e in _validator().iter_errors(data)]
    if errors:
        unique = {(e.location, e.message): e for e in errors}
        raise InvalidConfig(sorted(unique.values(), key=lambda e: (e.location.line, e.location.column, e.message)))
    return _build(data, file, str(path.parent))


# Reading the three kinds of file into plain data, with a way to locate a path inside them.

def _read_yaml(raw: bytes, file: str):
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


def _line_locator(text: str, file: str, section: str):
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
    except UnicodeDecodeError as exc:
        raise InvalidConfig([LoadError(Location(file, 1, 1), f"not UTF-8 text (byte {exc.start}); save it as UTF-8")]) from None


def _read_toml(raw: bytes, file: str):
    text = _decode(raw, file)
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"at line (\d+), column (\d+)", str(exc))
        where = Location(file, int(match[1]), int(match[2])) if match else Location(file, 1, 1)
        raise InvalidConfig([LoadError(where, f"not valid TOML: {str(exc).split(' (at line')[0]}")]) from None
    data = document.get("tool", {}).get("ivr", {})
    return data, _line_locator(text, file, "[tool.ivr")


def _read_ini(raw: bytes, file: str):
    text = _decode(raw, file)
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(text, file)
    except configparser.Error as exc:
        line = getattr(exc, "lineno", 1) or 1
        raise InvalidConfig([LoadError(Location(file, line, 1), f"not a valid setup.cfg: {exc.message}")]) from None
    locate = _line_locator(text, file, "[ivr]")
    data = {}
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


# The structure: a JSON Schema made from the rule catalogue.

def config_schema() -> dict:
    """The JSON Schema of a configuration, with every rule and option known to this version."""
    rule_ids = list(REGISTRY)
    rules = {
        rule_id: {
            "type": "object",
            "additionalProperties": False,
            "properties": {"severity": {"enum": _SEVERITIES},
                           **{name: _option_schema(default) for name, default in rule.OPTIONS.items()}},
        }
        for rule_id, rule in REGISTRY.items()
    }
    settings = {
        "select": {"type": "array", "items": {"enum": ["all", *rule_ids]}},
        "ignore": {"type": "array", "items": {"enum": rule_ids}},
        "fail-on": {"enum": list(FAIL_ON)},
        "rules": {"type": "object", "additionalProperties": False, "properties": rules},
    }
    override = {
        "type": "object",
        "additionalProperties": False,
        "required": ["files"],
        "properties": {"files": {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1}},
                       **settings},
    }
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "ivr configuration",
        "type": "object",
        "additionalProperties": False,
        "properties": {**settings, "overrides": {"type": "array", "items": override}},
    }


def _option_schema(default: object) -> dict:
    if isinstance(default, bool):
        return {"type": "boolean"}
    if isinstance(default, (int, float)):
        return {"type": "number", "minimum": 0}
    if isinstance(default, str):
        return {"type": "string"}
    return {"type": "array"}


@cache
def _validator() -> jsonschema.Draft7Validator:
    return jsonschema.Draft7Validator(config_schema())


_TYPE_WORDS = {"object": "a mapping", "array": "a list", "number": "a number", "string": "text",
               "boolean": "true or false"}


def _name(path: tuple) -> str:
    return ".".join(str(p) for p in path) or "the configuration"


def _explain(error: jsonschema.ValidationError, locate) -> LoadError:
    path = tuple(error.absolute_path)
    kind, instance = error.validator, error.instance
    if kind == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        extra = sorted(str(k) for k in instance if k not in allowed)[0]
        where = path + (extra,)
        if len(path) >= 1 and path[-1] == "rules":
            return LoadError(locate(where), f"unknown rule '{extra}'{did_you_mean(extra, allowed)}; "
                                            "'ivr rules' lists them all")
        if len(path) >= 2 and path[-2] == "rules":
            options = [a for a in allowed if a != "severity"]
            known = f"its options are: {', '.join(options)}" if options else "it has no options"
            return LoadError(locate(where), f"unknown option '{extra}' of rule '{path[-1]}'"
                                            f"{did_you_mean(extra, allowed)}; {known}, and 'severity'")
        return LoadError(locate(where), f"unknown setting '{extra}'{did_you_mean(extra, allowed)}; "
                                        f"the settings are: {', '.join(allowed)}")
    if kind == "enum":
        choices = [str(c) for c in error.validator_value]
        if len(path) >= 2 and path[-2] in ("select", "ignore"):
            return LoadError(locate(path, value=True), f"unknown rule '{instance}' in {path[-2]}"
                                           f"{did_you_mean(str(instance), choices)}; 'ivr rules' lists them all")
        return LoadError(locate(path, value=True), f"{_name(path)} must be one of {', '.join(choices)}, not "
                                       f"'{instance}'{did_you_mean(str(instance), choices)}")
    if kind == "type":
        words = _TYPE_WORDS.get(error.validator_value, error.validator_value)
        hint = " such as [dead-end, slow-goal]" if path and path[-1] in ("select", "ignore", "files") else ""
        return LoadError(locate(path, value=True), f"{_name(path)} must be {words}{hint}, not {instance!r}")
    if kind == "required":
        return LoadError(locate(path), f"override {path[-1] + 1 if path else ''} has no 'files'; "
                                       "add 'files: [<pattern>, ...]' naming the menus it applies to")
    if kind == "minimum":
        return LoadError(locate(path, value=True), f"{_name(path)} must be at least {error.validator_value}, not {instance}")
    if kind in ("minItems", "minLength"):
        return LoadError(locate(path, value=True), f"{_name(path)} is empty; give it a value or remove it")
    return LoadError(locate(path), f"{_name(path)}: {error.message}")


def _build(data: Mapping, source: str, root: str) -> Config:
    def rules_of(block: Mapping) -> dict[str, dict]:
        return {rule_id: dict(options or {}) for rule_id, options in (block.get("rules") or {}).items()}

    def select_of(block: Mapping):
        return tuple(block["select"]) if "select" in block else None

    overrides = tuple(
        Override(tuple(o["files"]), select_of(o), tuple(o.get("ignore", ())), rules_of(o), o.get("fail-on"))
        for o in data.get("overrides") or ()
    )
    return Config(
        source=source,
        root=root,
        select=select_of(data),
        ignore=tuple(data.get("ignore", ())),
        rules=rules_of(data),
        fail_on=data.get("fail-on"),
        overrides=overrides,
    )

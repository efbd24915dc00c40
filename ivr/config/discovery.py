"""Finding the configuration (from a folder upwards) and loading one file into a :class:`Config`."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

from ivr.config.files import read_ini, read_toml, read_yaml_config
from ivr.config.schema import check
from ivr.config.settings import Config, Override
from ivr.formats.sources import inside
from ivr.model.errors import InvalidConfig, LoadError
from ivr.model.menu import Location

__all__ = ["CONFIG_FILES", "find_config", "discover", "load_config"]

#: Configuration files, in order of precedence within one folder.
CONFIG_FILES = (".ivr.yaml", "pyproject.toml", "setup.cfg")


def find_config(start: str | os.PathLike = ".") -> Path | None:
    """The configuration file that applies in ``start``: searched from there upwards."""
    folder = Path(start).resolve()
    for candidate in (folder, *folder.parents):
        for name in CONFIG_FILES:
            path = candidate / name
            if path.is_file() and not inside(str(path), str(candidate)):
                # found, not named: a link placed in a repository must not make ivr read (and quote) a file
                # elsewhere on the machine
                raise InvalidConfig([LoadError(Location(str(path), 1, 1), "a symbolic link to a file outside its "
                                               "folder; ivr reads no configuration it finds through such a link: "
                                               "put the file itself there, or name it with --config")])
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
        data, locate = read_toml(raw, file)
    elif path.name == "setup.cfg" or path.suffix == ".cfg":
        data, locate = read_ini(raw, file)
    else:
        data, locate = read_yaml_config(raw, file)
    check(data, locate)
    return _build(data, file, str(path.parent))


def _build(data: Mapping, source: str, root: str) -> Config:
    def rules_of(block: Mapping) -> dict[str, dict]:
        return {rule_id: dict(options or {}) for rule_id, options in (block.get("rules") or {}).items()}

    def select_of(block: Mapping) -> tuple[str, ...] | None:
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
        sarif_category=data.get("sarif-category"),
    )

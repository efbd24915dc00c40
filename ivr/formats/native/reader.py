"""Our own YAML format as a reader: one menu per file, nothing to link."""

from __future__ import annotations

from collections.abc import Sequence

from ivr.formats.api import Imported
from ivr.formats.detection.native import detect
from ivr.formats.native.loader import build_menu_bytes
from ivr.model.menu import Menu

__all__ = ["NAME", "TITLE", "detect", "read", "link"]

NAME = "yaml"
TITLE = "ivr's own YAML"


def read(data: bytes, name: str) -> Imported:
    menu = build_menu_bytes(data, name)
    imported = Imported(name, NAME, [menu])
    imported.count("nodes", len(menu.nodes))
    return imported


def link(parts: Sequence[Imported]) -> list[Menu]:
    """Each file is a whole IVR: its menu as read."""
    return [menu for part in parts for menu in part.menus]

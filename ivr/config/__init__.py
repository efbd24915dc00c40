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

The package: :mod:`~ivr.config.settings` (what applies to a file: the
configuration, its overrides, the settings they give), :mod:`~ivr.config.discovery`
(finding and loading the file), :mod:`~ivr.config.files` (reading YAML, TOML and
INI into plain data with a way to locate a setting) and :mod:`~ivr.config.schema`
(the structure, checked against the rule catalogue, and its errors in words).
"""

from __future__ import annotations

from ivr.config.discovery import CONFIG_FILES, discover, find_config, load_config
from ivr.config.schema import config_schema
from ivr.config.settings import FAIL_ON, Config, Override, Settings

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

"""What a configuration says for one menu file: the rules that run, their severity and options, fail-on.

:class:`Config` is a configuration as read; :meth:`Config.settings_for` applies its
overrides in order (``select`` and ``fail-on`` replace, ``ignore`` adds, ``rules``
merge option by option) and :meth:`Config.with_options` puts command-line options on top.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from ivr.model.findings import Severity, fails
from ivr.rules.api import RuleSetting
from ivr.rules.registry import REGISTRY

__all__ = ["FAIL_ON", "Settings", "Override", "Config"]

#: Values of ``fail-on``, most demanding last.
FAIL_ON = ("never", "error", "warning", "info")


@dataclass(frozen=True, slots=True)
class Settings:
    """What applies to one menu file: the rules that run (id -> setting) and the ``fail-on`` level."""

    rules: dict[str, RuleSetting]
    fail_on: str = "error"

    def fails(self, severity: Severity) -> bool:
        """Whether a finding of ``severity`` makes ``ivr check`` exit 1."""
        return fails(severity, self.fail_on)


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
    #: ``sarif-category``: SARIF's automationDetails.id for ``ivr check --format sarif`` (the option wins)
    sarif_category: str | None = None

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

    def _overrides_for(self, path: str | os.PathLike | None) -> list[Override]:
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
            **({"sarif-category": self.sarif_category} if self.sarif_category else {}),
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


def _merge(base: Mapping[str, Mapping[str, object]],
           more: Mapping[str, Mapping[str, object]]) -> dict[str, dict[str, object]]:
    merged = {k: dict(v) for k, v in base.items()}
    for rule_id, options in more.items():
        merged.setdefault(rule_id, {}).update(options)
    return merged

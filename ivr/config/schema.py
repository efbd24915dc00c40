"""The structure of a configuration: a JSON Schema made from the rule catalogue, and its errors in words.

A valid configuration takes the fast path (fastjsonschema, compiled once); only an
invalid one is validated again with jsonschema, which reports every error with
its path, so that each is explained and located.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any, Callable

from ivr.config.settings import FAIL_ON
from ivr.model.errors import InvalidConfig, LoadError
from ivr.model.findings import Severity
from ivr.model.words import did_you_mean
from ivr.rules.registry import REGISTRY

if TYPE_CHECKING:
    import jsonschema

    from ivr.config.files import Locate

__all__ = ["config_schema", "check"]

_SEVERITIES = [s.value for s in Severity]


#: What a SARIF category may be: parts of letters, digits, '.', '_', '-', joined by '/' (ivr/menus, azuredevops/ivr).
SARIF_CATEGORY = r"^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*/?$"


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
        "properties": {**settings, "overrides": {"type": "array", "items": override},
                       # SARIF's automationDetails.id (GitHub's category) for ivr check --format sarif; top level only
                       "sarif-category": {"type": "string", "pattern": SARIF_CATEGORY}},
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
def _fast_validator() -> Callable[[Any], Any]:
    from ivr.fastschema import validator

    return validator(config_schema())


@cache
def _validator() -> jsonschema.Draft7Validator:
    import jsonschema

    return jsonschema.Draft7Validator(config_schema())


def check(data: Any, locate: Locate) -> None:
    """Raise :class:`InvalidConfig` with every structural error in ``data``, each located and explained."""
    import fastjsonschema

    try:
        _fast_validator()(data)
        return
    except fastjsonschema.JsonSchemaException as fast_error:
        errors = [_explain(e, locate) for e in _validator().iter_errors(data)]
        if not errors:  # the two validators disagree: still never accept the configuration
            errors = [LoadError(locate(()), f"invalid configuration: {fast_error.message}")]
    if errors:
        unique = {(e.location, e.message): e for e in errors}
        raise InvalidConfig(sorted(unique.values(), key=lambda e: (e.location.line, e.location.column, e.message)))


_TYPE_WORDS = {"object": "a mapping", "array": "a list", "number": "a number", "string": "text",
               "boolean": "true or false"}


def _name(path: tuple[Any, ...]) -> str:
    return ".".join(str(p) for p in path) or "the configuration"


def _explain(error: jsonschema.ValidationError, locate: Locate) -> LoadError:
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

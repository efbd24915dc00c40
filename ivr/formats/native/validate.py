"""Check menu data against the shipped JSON Schema and say what is wrong in the designer's words.

The schema (``ivr/schema/menu-v1.json``) is the only statement of the format:
editors use it for completion, and this module validates with it, so the two
cannot drift. Valid files take the fast path (fastjsonschema, compiled once);
an invalid file is validated again with jsonschema, which reports every error
with its path, and each error is turned into a located message with a fix.
"""

from __future__ import annotations

import json
import os
from functools import cache
from typing import TYPE_CHECKING

import fastjsonschema

from ivr.model.errors import LoadError
from ivr.model.menu import Location
from ivr.model.words import describe_path as _where, did_you_mean, type_word
from ivr.formats.native.yamlfile import LocatedDict, LocatedList

if TYPE_CHECKING:
    import jsonschema

__all__ = ["SCHEMA_RESOURCE", "schema", "validation_errors"]

SCHEMA_RESOURCE = "menu-v1.json"

_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "object": "a mapping",
    "array": "a list",
    "boolean": "true or false",
    "null": "empty",
}


@cache
def schema() -> dict:
    """The JSON Schema of the menu format, as shipped in the package."""
    # read beside this module (package data), not through importlib.resources, whose import costs more than
    # the read on every ivr check (start-up)
    with open(os.path.join(os.path.dirname(__file__), "schema", SCHEMA_RESOURCE), encoding="utf-8") as handle:
        return json.load(handle)


@cache
def _fast_validator():
    from ivr.fastschema import validator  # compiled once per machine, not once per process

    return validator(schema())


@cache
def _full_validator() -> jsonschema.Draft7Validator:
    import jsonschema  # only to explain an invalid file: valid ones never load it

    return jsonschema.Draft7Validator(schema())


def validation_errors(data: object, file: str) -> list[LoadError]:
    """Every way ``data`` breaks the menu schema, located and explained; ``[]`` when valid."""
    try:
        _fast_validator()(data)
        return []
    except fastjsonschema.JsonSchemaValueException as fast_error:
        errors = [_explain(e, data, file) for e in _full_validator().iter_errors(data)]
        if not errors:  # the two validators disagree: still never accept the file
            errors = [LoadError(Location(file, 1, 1), f"invalid menu: {fast_error.message}")]
    unique = {(e.location, e.message): e for e in errors}
    return sorted(unique.values(), key=lambda e: (e.location.line, e.location.column, e.message))


def _locate(data, path: tuple, file: str, key: str | None = None) -> Location:
    """Location of the value at ``path``; of ``key`` inside it when given."""
    holder, last = None, None
    current = data
    for step in path:
        holder, last = current, step
        try:
            current = current[step]
        except (KeyError, IndexError, TypeError):
            break
    if key is not None and isinstance(current, LocatedDict) and key in current.positions:
        return current.key_location(file, key)
    if isinstance(holder, LocatedDict) and last in holder.positions:
        return holder.value_location(file, last)
    if isinstance(holder, LocatedList) and isinstance(last, int) and last < len(holder.positions):
        return holder.item_location(file, last)
    if isinstance(current, (LocatedDict, LocatedList)):
        return Location(file, current.line, current.column)
    return Location(file, 1, 1)


def _field_owner(field: str) -> list[str]:
    """Node types that accept ``field``."""
    defs = schema()["definitions"]
    return [t for t in defs["node"]["properties"]["type"]["enum"] if field in defs[t]["properties"]]


def _explain(error: jsonschema.ValidationError, data, file: str) -> LoadError:
    path = tuple(error.absolute_path)
    kind = error.validator
    instance = error.instance
    if kind == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        extra = sorted(k for k in instance if k not in allowed)
        field = extra[0]
        location = _locate(data, path, file, key=field)
        owners = _field_owner(field) if len(path) == 2 and path[0] == "nodes" else []
        node_type = instance.get("type") if isinstance(instance, dict) else None
        if owners and node_type:
            message = (f"field '{field}' does not apply to {_where(path)} of type '{node_type}'; "
                       f"it belongs to {', '.join(owners)} nodes: remove it or change the type")
        else:
            message = (f"unknown field '{field}' in {_where(path)}{did_you_mean(field, allowed)}; "
                       f"the fields here are: {', '.join(a for a in allowed if a != 'type')}")
        if len(extra) > 1:
            message += f" (also unknown: {', '.join(repr(e) for e in extra[1:])})"
        if " " in field or instance.get(field) is None:
            message += "; inside { } a comma ends the value: put text with commas in quotes"
        return LoadError(location, message)
    if kind == "required":
        missing = [r for r in error.validator_value if r not in instance]
        hint = {
            "ivr": "add 'ivr: <display name>'",
            "start": "add 'start: <id of the first node>'",
            "nodes": "add 'nodes:' with the nodes of the menu",
            "type": "add 'type:' (one of " + ", ".join(schema()["definitions"]["node"]["properties"]["type"]["enum"]) + ")",
            "prompt": "add the 'prompt' the caller hears",
            "goto": "add 'goto: <node id>'",
            "when": "add 'when: <condition in words>'",
        }.get(missing[0], f"add '{missing[0]}'")
        return LoadError(_locate(data, path, file),
                         f"{_where(path)} has no '{missing[0]}'; {hint}")
    if kind == "type":
        expected = error.validator_value
        expected = [expected] if isinstance(expected, str) else expected
        words = " or ".join(_TYPE_WORDS[t] for t in expected)
        if not path:
            return LoadError(_locate(data, path, file),
                             f"a menu file must be a mapping with 'ivr', 'start' and 'nodes', not {type_word(instance)}")
        hint = ""
        if "string" in expected and isinstance(instance, (int, float)) and not isinstance(instance, bool):
            hint = f"; quote it: '{instance}'"
        elif ("number" in expected or "integer" in expected) and isinstance(instance, str) and _looks_numeric(instance):
            hint = ("; YAML 1.1 reads a number with an exponent as text unless it has a dot and a signed "
                    "exponent: write 1.0e+3, or plain digits")
        elif path[-1] == "prompt" or (len(path) > 1 and path[-2] == "prompt"):
            hint = "; write the text, or a mapping such as {en: ..., de: ...}"
        shown = f" ({instance!r})" if isinstance(instance, (str, int, float)) else ""
        return LoadError(_locate(data, path, file),
                         f"{_where(path)} must be {words}, not {type_word(instance)}{shown}{hint}")
    if kind == "enum" and path and path[-1] == "type":
        choices = error.validator_value
        return LoadError(_locate(data, path, file),
                         f"unknown node type '{instance}' in {_where(path[:-1])}{did_you_mean(str(instance), choices)}; "
                         f"use one of: {', '.join(choices)}")
    if kind == "pattern" and "propertyNames" in error.schema_path:
        # a bad key: the path names the mapping, the instance is the key
        return LoadError(_locate(data, path, file, key=instance),
                         _pattern_message(path + (instance,), instance, is_key=True))
    if kind == "pattern":
        return LoadError(_locate(data, path, file), _pattern_message(path, instance))
    if kind in ("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum"):
        bound = error.validator_value
        relation = {"minimum": "at least", "exclusiveMinimum": "more than",
                    "maximum": "at most", "exclusiveMaximum": "less than"}[kind]
        return LoadError(_locate(data, path, file), f"{_where(path)} must be {relation} {bound}, not {instance}")
    if kind in ("minProperties", "minLength"):
        return LoadError(_locate(data, path, file), f"{_where(path)} is empty; give it a value or remove it")
    if kind == "anyOf" and path and path[-1] == "goal" and instance == []:
        return LoadError(_locate(data, path, file),
                         f"{_where(path)} is an empty list; name the node where these callers are served "
                         "(goal: agents), or several in a list (goal: [agents, voicemail])")
    if kind == "anyOf" and path and path[-1] == "goal":
        return LoadError(_locate(data, path, file),
                         f"{_where(path)} must be a node id or a list of node ids, not {type_word(instance)}")
    if kind == "const":
        return LoadError(_locate(data, path, file),
                         f"{_where(path)} must be {error.validator_value!r}; this ivr reads format version 1")
    return LoadError(_locate(data, path, file), f"{_where(path)}: {error.message}")


def _looks_numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _pattern_message(path: tuple, value, is_key: bool = False) -> str:
    parent = path[:-1]
    if is_key and len(parent) == 3 and parent[2] == "options":
        return (f"option key '{value}' of node '{parent[1]}' is not a phone key; "
                "use one of 0-9, * or # (quoted: \"*\", \"#\")")
    if is_key and parent == ("nodes",):
        from ivr.formats.native.writer import yaml_id  # only for this message

        fixed = yaml_id(str(value))
        return (f"node id '{value}' must not contain spaces, < or > (any other character is allowed); "
                f"rename it, for example to '{fixed}'")
    if is_key or (path and path[-1] == "language"):
        where = f" (in {_where(parent)})" if is_key else ""
        return f"'{value}' is not a language code{where}; use a BCP 47 code such as en, de or en-GB"
    return f"{_where(path)} has the wrong form: '{value}'"

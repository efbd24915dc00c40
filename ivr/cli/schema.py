"""``ivr schema``: print the JSON Schema of the menu format, for editors."""

from __future__ import annotations

import click

from ivr.cli.common import CONTEXT

__all__ = ["schema_command"]


@click.command("schema", context_settings=CONTEXT)
def schema_command() -> None:
    """Print the JSON Schema of the menu format, for editors.

    \b
    Example (yaml-language-server, as in VS Code's YAML extension), at the
    top of a repository whose menus are in menus/:
      ivr schema > ivr-menu.schema.json
      # then in .vscode/settings.json:
      #   {"yaml.schemas": {"ivr-menu.schema.json": "menus/**/*.yaml"}}
      # or as the first line of a menu (the path is relative to the menu):
      # yaml-language-server: $schema=../ivr-menu.schema.json
    """
    import json

    from ivr.formats.native.validate import schema

    click.echo(json.dumps(schema(), indent=2, ensure_ascii=False))

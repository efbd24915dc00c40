"""``ivr schema``: print the JSON Schema of the menu format, for editors."""

from __future__ import annotations

import click

from ivr.cli.common import CONTEXT

__all__ = ["schema_command"]


@click.command("schema", context_settings=CONTEXT)
def schema_command() -> None:
    """Print the JSON Schema of the menu format, for editors.

    \b
    Example (VS Code with the YAML extension):
      ivr schema > ivr-menu.schema.json
      # then, first line of a menu file:
      # yaml-language-server: $schema=ivr-menu.schema.json
    """
    import json

    from ivr.formats.native.validate import schema

    click.echo(json.dumps(schema(), indent=2, ensure_ascii=False))

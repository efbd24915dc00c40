"""``ivr rules``: list the rules, or explain one."""

from __future__ import annotations

import sys

import click

from ivr.cli.common import CONTEXT, EXIT_BAD_INPUT, EXIT_OK

__all__ = ["rules", "run_rules"]


def run_rules(rule_id: str | None) -> int:
    """``ivr rules [ID]``: list the rules, or print one rule's documentation."""
    from ivr.model.words import did_you_mean
    from ivr.rules.api import documentation, measured_column, measured_words, summary
    from ivr.rules.registry import REGISTRY

    if rule_id is None:
        width = max(map(len, REGISTRY))
        right = {rid: measured_column(rid) for rid in REGISTRY}
        places = max(map(len, right.values()))
        for rid, rule in REGISTRY.items():  # right: of its warnings and errors judged on real files, how many right
            click.echo(f"{rid:<{width}}  {rule.SEVERITY.value:<7}  {right[rid]:>{places}}  {summary(rule)}")
        return EXIT_OK
    rule = REGISTRY.get(rule_id)
    if rule is None:
        click.echo(f"unknown rule '{rule_id}'{did_you_mean(rule_id, REGISTRY)}; "
                   "'ivr rules' lists them all", err=True)
        return EXIT_BAD_INPUT
    click.echo(f"{rule_id} ({rule.SEVERITY.value})\n")
    click.echo(documentation(rule))
    click.echo("\n" + measured_words(rule_id, rule.SEVERITY.value))
    return EXIT_OK


@click.command(context_settings=CONTEXT)
@click.argument("rule_id", required=False)
def rules(rule_id: str | None) -> None:
    """List the rules, or explain the rule RULE_ID.

    \b
    Examples:
      ivr rules
      ivr rules no-path-to-human
    """
    sys.exit(run_rules(rule_id))

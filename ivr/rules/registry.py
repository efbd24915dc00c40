"""The rule catalogue: every rule module, one explicit registry (a rule is a module + a line here)."""

from __future__ import annotations

from ivr.rules import (
    closed_without_fallback,
    dead_code,
    dead_end,
    deep_human,
    destructive_default,
    disconnect_on_error,
    duplicate_key,
    inescapable_loop,
    long_prompt,
    missing_greeting,
    missing_repeat_option,
    missing_thanks,
    no_human_option,
    no_input_fallback,
    no_path_to_human,
    nonstandard_key,
    prompt_option_mismatch,
    question_then_hangup,
    retry_elsewhere,
    skipped_line,
    silent_hangup,
    silent_menu,
    slow_answer,
    slow_goal,
    slow_human,
    timeout_too_short,
    too_deep,
    too_many_options,
    transfer_failure_hangup,
    transfer_then_hangup,
    unexplained_suppression,
    unexplained_wait,
    undeclared_variable,
    unhandled_badfetch,
    uninterruptible_options,
    unknown_target,
    unmatchable_option,
    unresolved_handoff,
    unreachable_goal,
    unreachable_node,
    unsatisfiable_condition,
    unused_suppression,
    wrong_widget,
)
from ivr.rules.api import Rule, RuleSetting

__all__ = ["REGISTRY", "ROUTING", "default_settings"]

REGISTRY: dict[str, Rule] = {
    rule.ID: rule
    for rule in (
        unknown_target,
        duplicate_key,
        skipped_line,
        dead_end,
        silent_menu,
        dead_code,
        unhandled_badfetch,
        undeclared_variable,
        inescapable_loop,
        no_path_to_human,
        unreachable_node,
        disconnect_on_error,
        unreachable_goal,
        unmatchable_option,
        unresolved_handoff,
        slow_goal,
        no_human_option,
        deep_human,
        slow_human,
        slow_answer,
        too_many_options,
        too_deep,
        long_prompt,
        nonstandard_key,
        missing_repeat_option,
        no_input_fallback,
        timeout_too_short,
        closed_without_fallback,
        missing_greeting,
        unexplained_wait,
        missing_thanks,
        transfer_then_hangup,
        transfer_failure_hangup,
        silent_hangup,
        question_then_hangup,
        prompt_option_mismatch,
        retry_elsewhere,
        destructive_default,
        uninterruptible_options,
        unexplained_suppression,
        unused_suppression,
        wrong_widget,
        unsatisfiable_condition,
    )
}


#: The rules that run on a dialplan's routing with no caller menu in it (Menu.routing): how it is written, which
#: holds whoever the call is (a target that does not exist, a key or extension given twice, a line the platform
#: skips, a condition that never holds, a hand-off not followed, what no call runs). Rules of what a caller at a menu
#: hears and can choose (a person, a greeting, tries, thanks) are not among them: such a dialplan routes outbound
#: and internal calls as well, where they would be false alarms.
ROUTING = frozenset({
    unknown_target.ID, duplicate_key.ID, skipped_line.ID, unsatisfiable_condition.ID, unresolved_handoff.ID,
    dead_code.ID, undeclared_variable.ID, unexplained_suppression.ID, unused_suppression.ID,
})


def default_settings() -> dict[str, RuleSetting]:
    """Every rule with its own severity and default options."""
    return {rule_id: RuleSetting(rule.SEVERITY, dict(rule.OPTIONS)) for rule_id, rule in REGISTRY.items()}
